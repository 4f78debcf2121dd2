package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"pulse/ingest/synth"
	"pulse/queries"
)

const benchArgs = "[--scale N] [--keep DIR] [--rounds 3] [--runs 20] [--clients 16] [--load-for 10s] [--cpuprofile FILE]"

// benchZone is the made-up agency's time zone.
const benchZone = "Europe/Berlin"

// bench is one run of `pulse bench`: a made-up agency in dir, measured step by step.
type bench struct {
	scale   int
	dir     string // the data directory: pulse.duckdb, exports/, limit/
	rounds  int    // rounds of the ingest and report steps, each pulse then its limit
	runs    int    // runs per query and page
	clients int    // concurrent clients of the load step
	loadFor time.Duration
	exe     string // the pulse binary the start and load steps spawn
	steps   []benchStep
	now     time.Time
	loc     *time.Location
	out     io.Writer

	accounts []synth.AgencyAccount
	db       *queries.DB
}

// benchRow is one line of the table. Step orders the lines: 1 ingest, 2 queries,
// 3 load, 4 report, 5 start.
type benchRow struct {
	step    int
	what    string
	pulse   string // pulse's figure
	limit   string // the same work done the fastest way known, where there is one
	ratio   string // pulse against the limit (how many times the limit's time)
	target  string
	verdict string // pass, miss, or empty where there is no target
}

// benchStep is one measuring step. The steps run in this order because the first two
// need the database open in this process, and the report and server steps hand it to
// child processes (closeDB).
type benchStep func(b *bench, ctx context.Context) ([]benchRow, error)

func benchSteps() []benchStep {
	return []benchStep{(*bench).ingestStep, (*bench).queryStep, (*bench).reportStep, (*bench).serverSteps}
}

// benchStepNames name benchSteps for --steps.
var benchStepNames = []string{"ingest", "queries", "report", "server"}

// pickSteps reads --steps: a comma-separated list of step names. Ingest always runs,
// because every other step measures the data it loads.
func pickSteps(list string) ([]benchStep, error) {
	want := map[string]bool{"ingest": true}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(benchStepNames, name) {
			return nil, usagef("--steps %q: expected step names from %s", list, strings.Join(benchStepNames, ","))
		}
		want[name] = true
	}
	var out []benchStep
	for i, step := range benchSteps() {
		if want[benchStepNames[i]] {
			out = append(out, step)
		}
	}
	return out, nil
}

func (a *App) cmdBench(ctx context.Context, args []string) error {
	fs := a.flags("bench", benchArgs)
	scale := fs.Int("scale", 200, "how many client accounts the made-up agency has")
	keep := fs.String("keep", "", "keep the agency's exports and database in this new or empty directory")
	rounds := fs.Int("rounds", 3, "rounds of the ingest and report steps (each runs pulse, then its limit, on fresh data); the table gives the medians")
	runs := fs.Int("runs", 20, "runs per query and page (at least 20 for the targets)")
	clients := fs.Int("clients", 16, "concurrent clients on the overview page")
	stepList := fs.String("steps", strings.Join(benchStepNames, ","), "which steps to run (ingest always runs; the others measure its data)")
	loadFor := fs.Duration("load-for", 10*time.Second, "how long the load step runs")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the bench process (ingest, queries, report limit), or with --child of that work, to this file, for go tool pprof")
	child := fs.String("child", "", "(used by bench itself) only do one measured piece of work in this process: "+childNames())
	cells := fs.Int("cells", 0, "(used by bench itself) how many cells --child xlsx-limit writes")
	month := fs.String("month", "", "(used by bench itself) the month --child report writes")
	out := fs.String("out", "", "(used by bench itself) the file --child writes")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("bench takes no arguments, only its options")
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if *child != "" {
		return runChild(ctx, a.stdout, *child, childArgs{cells: *cells, out: *out, data: a.cfg.DataDir, month: *month})
	}
	if *scale < 1 || *rounds < 1 || *runs < 1 || *clients < 1 || *loadFor <= 0 {
		return usagef("--scale, --rounds, --runs and --clients must be at least 1 and --load-for positive")
	}
	steps, err := pickSteps(*stepList)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the pulse binary to start as a server: %w", err)
	}
	loc, err := time.LoadLocation(benchZone)
	if err != nil {
		return err
	}
	b := &bench{steps: steps, scale: *scale, rounds: *rounds, runs: *runs, clients: *clients, loadFor: *loadFor, exe: exe, now: a.now(), loc: loc, out: a.stderr}
	if b.dir, err = benchDir(*keep); err != nil {
		return err
	}
	if *keep == "" {
		defer os.RemoveAll(b.dir)
	}
	defer b.closeDB()
	rows, err := b.run(ctx)
	if err != nil {
		return err
	}
	b.print(a.stdout, rows)
	if *keep != "" {
		fmt.Fprintf(a.stdout, "\nThe agency's exports and database are in %s (pulse serve --data %s).\n", b.dir, b.dir)
	}
	return nil
}

// benchDir is --keep (which must be new or empty) or a fresh temporary directory.
func benchDir(keep string) (string, error) {
	if keep == "" {
		return os.MkdirTemp("", "pulse-bench-")
	}
	if entries, err := os.ReadDir(keep); err == nil && len(entries) > 0 {
		return "", usagef("--keep %s: the directory must be new or empty", keep)
	}
	if err := os.MkdirAll(keep, 0o755); err != nil {
		return "", fmt.Errorf("--keep: %w", err)
	}
	return filepath.Abs(keep)
}

func (b *bench) run(ctx context.Context) ([]benchRow, error) {
	start := time.Now()
	b.logf("making up an agency of %d accounts (%d months each, exports every %d months)…", b.scale, synth.AgencyMonths, synth.AgencyExportMonths)
	var err error
	yesterday := b.now.In(b.loc).AddDate(0, 0, -1)
	if b.accounts, err = synth.Agency(b.scale, yesterday, b.loc); err != nil {
		return nil, err
	}
	if b.db, err = queries.Open(ctx, filepath.Join(b.dir, "pulse.duckdb")); err != nil {
		return nil, err
	}
	for k, v := range map[string]string{queries.SettingName: "Agency (bench)", queries.SettingTimeZone: benchZone} {
		if err := b.db.SetSetting(ctx, k, v); err != nil {
			return nil, err
		}
	}
	var rows []benchRow
	for _, step := range b.steps {
		r, err := step(b, ctx)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r...)
	}
	slices.SortStableFunc(rows, func(x, y benchRow) int { return x.step - y.step })
	b.logf("done in %s", time.Since(start).Round(time.Second))
	return rows, nil
}

// closeDB hands the database file on: a child pulse (serve, or the report) can open
// it only once this process has let go of it.
func (b *bench) closeDB() error {
	if b.db == nil {
		return nil
	}
	err := b.db.Close()
	b.db = nil
	return err
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.out, "bench: "+format+"\n", args...)
}

var stepNames = map[int]string{1: "1 ingest", 2: "2 queries", 3: "3 load", 4: "4 report", 5: "5 start"}

func (b *bench) print(w io.Writer, rows []benchRow) {
	fmt.Fprintf(w, "pulse bench --scale %d: %d accounts, %s, %d CPUs, %s\n", b.scale, b.scale, runtime.GOOS+"/"+runtime.GOARCH,
		runtime.NumCPU(), b.now.Format("2006-01-02 15:04"))
	fmt.Fprintln(w, "The targets are set for --scale 200. Ratio = pulse's time / the limit's time for the same work.")
	fmt.Fprintf(w, "Steps 1 and 4 run %d rounds, each pulse and then its limit; their figures are the medians, their peak memory the highest.\n", b.rounds)
	fmt.Fprintln(w, "Step 2 serves pages uncached (its ratio is what HTTP and rendering add); steps 3 and 5 run `pulse serve` as shipped,")
	fmt.Fprintln(w, "which keeps the overview's analytics until the next upload or note.")
	fmt.Fprintln(w, "Memory: resident memory of the process doing the work, from /proc/PID/status: VmRSS (now) and VmHWM (peak).")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tMEASURE\tPULSE\tLIMIT\tRATIO\tTARGET\tRESULT")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", stepNames[r.step], r.what, dash(r.pulse), dash(r.limit), dash(r.ratio), dash(r.target), dash(r.verdict))
	}
	tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// verdict is "pass" when ok, else "miss".
func verdict(ok bool) string {
	if ok {
		return "pass"
	}
	return "miss"
}

// ms renders a duration in milliseconds.
func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) + " ms" }

// ratioText renders a/b as "1.23x".
func ratioText(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	return strconv.FormatFloat(a/b, 'f', 2, 64) + "x"
}

// rate renders a count per second with thousands separators.
func rate(n float64, unit string) string { return thousands(int64(math.Round(n))) + " " + unit }

func thousands(v int64) string {
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[0] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// mb renders bytes as megabytes.
func mb(bytes int64) string { return strconv.FormatFloat(float64(bytes)/(1<<20), 'f', 1, 64) + " MB" }

// percentile is the nearest-rank p-th percentile (0 < p <= 100) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(i, 0)]
}

// procStatus reads a "VmRSS"-style field (in kB) of a process's /proc status, in bytes.
func procStatus(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read memory of process %d: %w", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if name, v, ok := strings.Cut(line, ":"); ok && name == field {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no " + field + " in /proc status")
}

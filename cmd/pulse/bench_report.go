package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"pulse/analytics"
	"pulse/analytics/report"
	"pulse/queries"
)

// benchMonth is the month step 4 reports: the last whole month of the agency.
func (b *bench) benchMonth() string {
	today := analytics.DayOf(b.now.In(b.loc))
	return analytics.Day(today.Year(), today.Month(), 1).AddDate(0, -1, 0).Format("2006-01")
}

// reportStep measures step 4: one month's report of the whole agency, written by a
// child `pulse bench --child report` (so its time and peak memory are its own),
// against the limit: excelize's StreamWriter writing as many cells with no queries,
// in a child too. Each of b.rounds rounds runs the report and then the limit; the
// table gives the median times and the highest peak.
func (b *bench) reportStep(ctx context.Context) ([]benchRow, error) {
	if err := b.closeDB(); err != nil { // the child opens it itself
		return nil, err
	}
	month := b.benchMonth()
	dir := filepath.Join(b.dir, "limit")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var took, limTook []time.Duration
	var peak, limPeak int64
	cells := 0
	for round := range b.rounds {
		b.logf("report round %d of %d: %s's workbook, then excelize's StreamWriter writing as many cells…", round+1, b.rounds, month)
		t, hwm, n, err := b.measureChild(ctx, "report", "--data", b.dir, "--month", month, "--out", filepath.Join(dir, "report.xlsx"))
		if err != nil {
			return nil, err
		}
		took, peak, cells = append(took, t), max(peak, hwm), n
		t, hwm, _, err = b.measureChild(ctx, "xlsx-limit", "--cells", strconv.Itoa(cells), "--out", filepath.Join(dir, "stream-writer.xlsx"))
		if err != nil {
			return nil, err
		}
		limTook, limPeak = append(limTook, t), max(limPeak, hwm)
	}
	t, lim := percentile(took, 50), percentile(limTook, 50)
	r := float64(t) / float64(lim)
	return []benchRow{{step: 4, what: fmt.Sprintf("report %s, %s cells (limit: StreamWriter, same cells, no queries): time / peak RSS (child VmHWM)",
		month, thousands(int64(cells))),
		pulse: ms(t) + " / " + mb(peak), limit: ms(lim) + " / " + mb(limPeak), ratio: ratioText(float64(t), float64(lim)),
		target:  "≤ 3 s, ≤ 300 MB, ≤ 1.5x",
		verdict: verdict(t <= 3*time.Second && peak <= 300<<20 && r <= 1.5)}}, nil
}

// childArgs are what a --child piece of work is told.
type childArgs struct {
	cells int    // xlsx-limit: how many cells
	out   string // the file to write
	data  string // report: the data directory
	month string // report: YYYY-MM
}

// childWork is the work `pulse bench --child NAME` does in a fresh process, so that
// its time and peak memory are its own. Each returns how many cells it wrote.
var childWork = map[string]func(context.Context, childArgs) (int, error){
	"xlsx-limit": streamCells,
	"report":     writeReport,
}

// writeReport writes the month's report of the data directory to args.out, as
// `pulse report --month` does (without recording a run).
func writeReport(ctx context.Context, args childArgs) (int, error) {
	db, err := queries.Open(ctx, filepath.Join(args.data, "pulse.duckdb"))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	p, err := analytics.LoadPractice(ctx, db, benchZone)
	if err != nil {
		return 0, err
	}
	req, err := report.MonthRequest(args.month, nil)
	if err != nil {
		return 0, err
	}
	f, err := os.Create(args.out)
	if err != nil {
		return 0, err
	}
	cells, err := report.Write(ctx, analytics.New(db, p), req, time.Now(), f)
	if err != nil {
		f.Close()
		return 0, err
	}
	return cells, f.Close()
}

func childNames() string {
	names := make([]string, 0, len(childWork))
	for n := range childWork {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// runChild does the named work and prints the nanoseconds it took, the process's
// peak resident memory (VmHWM, bytes) and the cells written: "<ns> <bytes> <cells>".
func runChild(ctx context.Context, w io.Writer, name string, args childArgs) error {
	work, ok := childWork[name]
	if !ok {
		return usagef("--child %q: expected one of %s", name, childNames())
	}
	if args.out == "" {
		return usagef("--child needs --out FILE")
	}
	t0 := time.Now()
	cells, err := work(ctx, args)
	if err != nil {
		return err
	}
	ns := time.Since(t0).Nanoseconds()
	hwm, err := procStatus(os.Getpid(), "VmHWM")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, ns, hwm, cells)
	return nil
}

// measureChild runs `pulse bench --child NAME args...` and returns the time the
// work took, the child's peak resident memory (its own VmHWM: a forked child's
// getrusage ru_maxrss can carry the parent's size) and the cells it wrote.
func (b *bench) measureChild(ctx context.Context, name string, args ...string) (time.Duration, int64, int, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, b.exe, append([]string{"bench", "--child", name}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return 0, 0, 0, fmt.Errorf("bench --child %s failed (%v): %s", name, err, stderr.String())
	}
	var ns, hwm int64
	var cells int
	if _, err := fmt.Sscan(stdout.String(), &ns, &hwm, &cells); err != nil {
		return 0, 0, 0, fmt.Errorf("bench --child %s said %q: %w", name, stdout.String(), err)
	}
	return time.Duration(ns), hwm, cells, nil
}

// streamCells writes args.cells cells (rows of 20: a text and numbers, as a
// report's post table) with excelize's StreamWriter to args.out: the report's limit.
func streamCells(_ context.Context, args childArgs) (int, error) {
	const cols = 20
	n := args.cells
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return 0, err
	}
	row := make([]any, cols)
	for r := 0; r*cols < n; r++ {
		width := min(cols, n-r*cols)
		row[0] = "Five grounding techniques for anxious moments #" + strconv.Itoa(r)
		for c := 1; c < width; c++ {
			if c%4 == 0 {
				row[c] = float64(r%97) / 97
			} else {
				row[c] = r*c + 17
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := sw.SetRow(cell, row[:width]); err != nil {
			return 0, err
		}
	}
	if err := sw.Flush(); err != nil {
		return 0, err
	}
	return n, f.SaveAs(args.out)
}

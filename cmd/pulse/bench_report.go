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
	"pulse/queries"
)

// reportCells estimates how many cells one month's report of the agency holds: a
// row of 20 cells per post published in the month and a row of 8 per account and
// day. It stands in until `pulse report` (issue 5) can say how many it wrote.
func (b *bench) reportCells(ctx context.Context) (int, analytics.Period, error) {
	today := analytics.DayOf(b.now.In(b.loc))
	first := analytics.Day(today.Year(), today.Month(), 1)
	month := analytics.Period{From: first.AddDate(0, -1, 0), To: first.AddDate(0, 0, -1)}
	p, err := analytics.LoadPractice(ctx, b.db, benchZone)
	if err != nil {
		return 0, month, err
	}
	posts, err := analytics.New(b.db, p).Posts(ctx, month, queries.Filter{})
	if err != nil {
		return 0, month, err
	}
	return len(posts)*20 + len(b.accounts)*month.Days()*8, month, nil
}

// reportLimitStep measures the limit of step 4: excelize's StreamWriter writing the
// cells of one month's report with no queries, in a child process so that its peak
// memory is its own. The report half (issue 5) measures `--child report` the same
// way and compares: time and peak against the limit's.
func (b *bench) reportLimitStep(ctx context.Context) ([]benchRow, error) {
	cells, month, err := b.reportCells(ctx)
	if err != nil {
		return nil, err
	}
	if err := b.closeDB(); err != nil { // a `--child report` opens it itself
		return nil, err
	}
	b.logf("report limit: excelize's StreamWriter writing %s cells…", thousands(int64(cells)))
	out := filepath.Join(b.dir, "limit", "stream-writer.xlsx")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	secs, peak, err := b.measureChild(ctx, "xlsx-limit", "--cells", strconv.Itoa(cells), "--out", out)
	if err != nil {
		return nil, err
	}
	return []benchRow{{step: 4, what: fmt.Sprintf("report %s (limit: StreamWriter, %s cells, no queries): time / peak RSS (child VmHWM)",
		month.From.Format("2006-01"), thousands(int64(cells))),
		pulse: "not in this branch (issue 5)", limit: ms(secs) + " / " + mb(peak),
		target: "≤ 3 s, ≤ 300 MB, ≤ 1.5x"}}, nil
}

// childArgs are what a --child piece of work is told.
type childArgs struct {
	cells int    // xlsx-limit: how many cells
	out   string // the file to write
}

// childWork is the work `pulse bench --child NAME` does in a fresh process, so that
// its time and peak memory are its own. (The report step of issue 5 adds "report":
// write one month's report to args.out.)
var childWork = map[string]func(childArgs) error{
	"xlsx-limit": streamCells,
}

func childNames() string {
	names := make([]string, 0, len(childWork))
	for n := range childWork {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// runChild does the named work and prints the nanoseconds it took and the process's
// peak resident memory (VmHWM, bytes): "<ns> <bytes>".
func runChild(w io.Writer, name string, args childArgs) error {
	work, ok := childWork[name]
	if !ok {
		return usagef("--child %q: expected one of %s", name, childNames())
	}
	if args.out == "" {
		return usagef("--child needs --out FILE")
	}
	t0 := time.Now()
	if err := work(args); err != nil {
		return err
	}
	ns := time.Since(t0).Nanoseconds()
	hwm, err := procStatus(os.Getpid(), "VmHWM")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, ns, hwm)
	return nil
}

// measureChild runs `pulse bench --child NAME args...` and returns the time the
// work took and the child's peak resident memory (its own VmHWM: a forked child's
// getrusage ru_maxrss can carry the parent's size).
func (b *bench) measureChild(ctx context.Context, name string, args ...string) (time.Duration, int64, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, b.exe, append([]string{"bench", "--child", name}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("bench --child %s failed (%v): %s", name, err, stderr.String())
	}
	var ns, hwm int64
	if _, err := fmt.Sscan(stdout.String(), &ns, &hwm); err != nil {
		return 0, 0, fmt.Errorf("bench --child %s said %q: %w", name, stdout.String(), err)
	}
	return time.Duration(ns), hwm, nil
}

// streamCells writes args.cells cells (rows of 20: a text and numbers, as a
// report's post table) with excelize's StreamWriter to args.out: the report's limit.
func streamCells(args childArgs) error {
	const cols = 20
	n := args.cells
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
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
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(args.out)
}

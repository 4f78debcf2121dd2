package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
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
// memory is its own.
func (b *bench) reportLimitStep(ctx context.Context) ([]benchRow, error) {
	cells, month, err := b.reportCells(ctx)
	if err != nil {
		return nil, err
	}
	b.logf("report limit: excelize's StreamWriter writing %s cells…", thousands(int64(cells)))
	secs, peak, err := b.streamCells(ctx, cells)
	if err != nil {
		return nil, err
	}
	return []benchRow{{step: 4, what: fmt.Sprintf("report %s (limit: StreamWriter, %s cells, no queries): time / peak RSS (ru_maxrss)",
		month.From.Format("2006-01"), thousands(int64(cells))),
		pulse: "not in this branch (issue 5)", limit: ms(secs) + " / " + mb(peak),
		target: "≤ 3 s, ≤ 300 MB, ≤ 1.5x"}}, nil
}

// streamCells runs `pulse bench --xlsx-cells N` and returns the time the child took
// to write the workbook and the child's peak resident memory.
func (b *bench) streamCells(ctx context.Context, cells int) (time.Duration, int64, error) {
	out := filepath.Join(b.dir, "limit", "stream-writer.xlsx")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return 0, 0, err
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, b.exe, "bench", "--xlsx-cells", strconv.Itoa(cells), "--xlsx-out", out)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("the StreamWriter limit failed (%v): %s", err, stderr.String())
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(stdout.String()), 10, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("the StreamWriter limit said %q: %w", stdout.String(), err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, fmt.Errorf("no resource usage for the StreamWriter limit")
	}
	return time.Duration(ns), ru.Maxrss << 10, nil // Linux reports ru_maxrss in kB
}

// streamCellsChild is the child's side: write n cells (rows of 20: a text and
// numbers, as a report's post table) with excelize's StreamWriter to path, and print
// the nanoseconds it took.
func streamCellsChild(w io.Writer, n int, path string) error {
	if path == "" {
		return usagef("--xlsx-cells needs --xlsx-out FILE")
	}
	const cols = 20
	t0 := time.Now()
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
	if err := f.SaveAs(path); err != nil {
		return err
	}
	fmt.Fprintln(w, time.Since(t0).Nanoseconds())
	return nil
}

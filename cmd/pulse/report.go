package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"pulse/analytics"
	"pulse/analytics/report"
)

const reportArgs = "[--month YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD] [--platform P]... [--out FILE]"

// reportsDir is where reports go inside the data directory.
func (c Config) reportsDir() string { return filepath.Join(c.DataDir, "reports") }

// reports is the report service of db, in the data directory's reports folder.
func (a *App) reports(an *analytics.Analyzer, logger *slog.Logger) *report.Service {
	return report.NewService(an, a.cfg.reportsDir(), a.now, logger)
}

func (a *App) cmdReport(ctx context.Context, args []string) error {
	fs := a.flags("report", reportArgs)
	month := fs.String("month", "", "the calendar month to report, YYYY-MM (default: last month)")
	from := fs.String("from", "", "first day of a range, YYYY-MM-DD (with --to)")
	to := fs.String("to", "", "last day of a range, YYYY-MM-DD (with --from)")
	out := fs.String("out", "", "where to write the workbook (default: reports/pulse-YYYY-MM.xlsx in the data directory)")
	var platforms listFlag
	fs.Var(&platforms, "platform", "only this platform, like instagram (repeatable)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("report takes no arguments, only options: %s", reportArgs)
	}
	if *month != "" && (*from != "" || *to != "") {
		return usagef("give either --month or --from and --to, not both")
	}
	if (*from == "") != (*to == "") {
		return usagef("a range needs both --from and --to")
	}

	db, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	practice, err := a.practice(ctx, db)
	if err != nil {
		return err
	}
	var req report.Request
	switch {
	case *from != "":
		req, err = report.RangeRequest(*from, *to, platforms)
	case *month != "":
		req, err = report.MonthRequest(*month, platforms)
	default:
		last := report.MonthOf(a.now().In(practice.Location).AddDate(0, -1, 0))
		req, err = report.MonthRequest(last.Month, platforms)
	}
	if err != nil {
		return usageError{err.Error()}
	}
	an := analytics.New(db, practice)
	run, err := a.reports(an, nil).Write(ctx, req, report.TriggerCommand, *out)
	if errors.Is(err, report.ErrInvalid) {
		return usageError{err.Error()}
	}
	if err != nil {
		return fmt.Errorf("report of %s: %w", req.Title(), err)
	}
	fmt.Fprintf(a.stdout, "Wrote the report of %s (%s) to %s\n", req.Title(), req.PlatformsText(), run.File)
	return nil
}

// scheduleOf reads the practice's report schedule.
func scheduleOf(p analytics.Practice) (report.Schedule, error) {
	s, err := report.ParseSchedule(p.ReportSchedule)
	if err != nil {
		return s, fmt.Errorf("%w; change it with `pulse settings --report-schedule \"0 7 1 * *\"`", err)
	}
	return s, nil
}

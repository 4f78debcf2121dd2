package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Report run statuses.
const (
	RunRunning = "running"
	RunOK      = "ok"
	RunFailed  = "failed"
)

// ReportRun is one run of the report writer.
type ReportRun struct {
	ID         int64
	Trigger    string    // schedule, command or page
	Month      string    // YYYY-MM when the report is one calendar month, else ""
	From, To   time.Time // the days covered, 00:00 UTC
	Platforms  []string  // the platform filter; empty for all
	File       string    // the workbook's path
	StartedAt  time.Time // UTC
	FinishedAt time.Time // UTC; zero while running
	Status     string    // RunRunning, RunOK or RunFailed
	Error      string
}

// StartReportRun records that a run began and returns its id.
func (db *DB) StartReportRun(ctx context.Context, r ReportRun) (int64, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx, sqlText("StartReportRun"), r.Trigger, r.Month, r.From, r.To,
		strings.Join(r.Platforms, ","), r.File, r.StartedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record report run: %w", err)
	}
	return id, nil
}

// FinishReportRun records how run id ended; errText is empty on success.
func (db *DB) FinishReportRun(ctx context.Context, id int64, finished time.Time, status, errText string) error {
	if _, err := db.sql.ExecContext(ctx, sqlText("FinishReportRun"), id, finished.UTC(), status, errText); err != nil {
		return fmt.Errorf("record end of report run %d: %w", id, err)
	}
	return nil
}

// AbandonReportRuns marks runs left "running" by an earlier process as failed.
func (db *DB) AbandonReportRuns(ctx context.Context, now time.Time) error {
	if _, err := db.sql.ExecContext(ctx, sqlText("AbandonReportRuns"), now.UTC()); err != nil {
		return fmt.Errorf("close unfinished report runs: %w", err)
	}
	return nil
}

// ReportRuns lists every run, newest first.
func (db *DB) ReportRuns(ctx context.Context) ([]ReportRun, error) {
	rows, err := db.sql.QueryContext(ctx, sqlText("ReportRuns"))
	if err != nil {
		return nil, fmt.Errorf("list report runs: %w", err)
	}
	defer rows.Close()
	var out []ReportRun
	for rows.Next() {
		var r ReportRun
		var platforms string
		var finished sql.NullTime
		if err := rows.Scan(&r.ID, &r.Trigger, &r.Month, &r.From, &r.To, &platforms, &r.File, &r.StartedAt,
			&finished, &r.Status, &r.Error); err != nil {
			return nil, fmt.Errorf("read report run: %w", err)
		}
		if platforms != "" {
			r.Platforms = strings.Split(platforms, ",")
		}
		r.FinishedAt = finished.Time
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list report runs: %w", err)
	}
	return out, nil
}

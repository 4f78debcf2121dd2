package report

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sync"
	"time"

	"pulse/analytics"
	"pulse/queries"
)

// Who asked for a run.
const (
	TriggerSchedule = "schedule"
	TriggerCommand  = "command"
	TriggerPage     = "page"
)

// ErrNoSuchReport means a requested file is not a report in the folder.
var ErrNoSuchReport = errors.New("there is no such report")

// Service writes reports into one folder (reports/ in the data directory) and
// records every run in the database.
type Service struct {
	an     *analytics.Analyzer
	dir    string
	now    func() time.Time
	logger *slog.Logger
	mu     sync.Mutex // one workbook at a time: the schedule and the page may ask together
}

// NewService keeps reports in dir; now is the clock (tests pass a fake one).
func NewService(an *analytics.Analyzer, dir string, now func() time.Time, logger *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{an: an, dir: dir, now: now, logger: logger}
}

// Dir is the reports folder.
func (s *Service) Dir() string { return s.dir }

// Location is the practice's time zone, in which months and the schedule run.
func (s *Service) Location() *time.Location { return s.an.Practice.Location }

// Run is one recorded run of the writer.
type Run = queries.ReportRun

// Write writes the report of req and records the run. out is the workbook's path;
// "" means req.FileName() in the reports folder. The workbook goes to a temporary
// file beside out and is renamed into place only when complete, so a failed run
// leaves no partial file; the failure is recorded with its error.
func (s *Service) Write(ctx context.Context, req Request, trigger, out string) (Run, error) {
	if err := s.an.CheckFilter(ctx, req.filter()); err != nil {
		return Run{}, invalidf("%s", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if out == "" {
		out = filepath.Join(s.dir, req.FileName())
	}
	run := Run{Trigger: trigger, Month: req.Month, From: req.Period.From, To: req.Period.To,
		Platforms: req.Platforms, File: out, StartedAt: s.now().UTC(), Status: queries.RunRunning}
	id, err := s.an.DB.StartReportRun(ctx, run)
	if err != nil {
		return run, err
	}
	run.ID = id
	werr := s.writeFile(ctx, req, out)
	// A report is a rare peak in a long-running server: hand its memory back to the
	// system now rather than whenever the runtime gets round to it.
	debug.FreeOSMemory()
	run.FinishedAt, run.Status = s.now().UTC(), queries.RunOK
	if werr != nil {
		run.Status, run.Error = queries.RunFailed, werr.Error()
		s.logger.Error("report failed", "covers", req.Title(), "file", out, "err", werr)
	} else {
		s.logger.Info("report written", "covers", req.Title(), "file", out, "trigger", trigger)
	}
	// Record the end even when ctx was cancelled mid-run.
	if err := s.an.DB.FinishReportRun(context.WithoutCancel(ctx), id, run.FinishedAt, run.Status, run.Error); err != nil {
		return run, errors.Join(werr, err)
	}
	return run, werr
}

func (s *Service) writeFile(ctx context.Context, req Request, out string) (err error) {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("create the folder for %s: %w", out, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".pulse-report-*.tmp")
	if err != nil {
		return fmt.Errorf("create a temporary file beside %s: %w", out, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := Write(ctx, s.an, req, s.now(), tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("put the report in place at %s: %w", out, err)
	}
	return nil
}

// Runs lists every run, newest first.
func (s *Service) Runs(ctx context.Context) ([]Run, error) { return s.an.DB.ReportRuns(ctx) }

// Downloadable says whether a run's workbook can be fetched through File: it ended
// well, it lives in the reports folder, and it is still there.
func (s *Service) Downloadable(r Run) bool {
	if r.Status != queries.RunOK || filepath.Dir(r.File) != filepath.Clean(s.dir) || !fileName.MatchString(filepath.Base(r.File)) {
		return false
	}
	_, err := os.Stat(r.File)
	return err == nil
}

var fileName = regexp.MustCompile(`^pulse-[0-9a-z_-]+\.xlsx$`)

// File is the path of the report called name in the reports folder. Only names pulse
// gives its reports are accepted, so no request can reach another file.
func (s *Service) File(name string) (string, error) {
	if !fileName.MatchString(name) {
		return "", fmt.Errorf("%q: %w", name, ErrNoSuchReport)
	}
	p := filepath.Join(s.dir, name)
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		return "", fmt.Errorf("%q: %w", name, ErrNoSuchReport)
	}
	return p, nil
}

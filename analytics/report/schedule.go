package report

import (
	"context"
	"path/filepath"
	"time"

	"github.com/robfig/cron/v3"

	"pulse/queries"
)

// maxCatchUp bounds how many missed months one start writes: a year of records.
const maxCatchUp = 12

// Schedule is when the monthly report is written.
type Schedule struct {
	Spec  string
	sched cron.Schedule
}

// ParseSchedule reads a standard five-field cron expression ("0 7 1 * *": 07:00 on
// the 1st), evaluated in the practice's time zone.
func ParseSchedule(spec string) (Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return Schedule{}, invalidf("report schedule %q: expected a cron expression like \"0 7 1 * *\" (minute hour day month weekday): %s", spec, err)
	}
	return Schedule{Spec: spec, sched: s}, nil
}

// Next is the first time the schedule fires after t, in t's location.
func (s Schedule) Next(t time.Time) time.Time { return s.sched.Next(t) }

// firesFor is when the schedule writes the report of month m (any day of it): its
// first firing at or after the first moment of the next month, in loc.
func (s Schedule) firesFor(m time.Time, loc *time.Location) time.Time {
	next := time.Date(m.Year(), m.Month()+1, 1, 0, 0, 0, 0, loc)
	return s.sched.Next(next.Add(-time.Second))
}

// Due lists the months whose report the schedule should have written by now and
// has not: every month after the last one written, whose firing time has passed
// (at most a year back). With no report written yet, only the latest such month is
// due: a practice that starts pulse mid-month gets last month's report, not its
// whole history.
func (s *Service) Due(ctx context.Context, sch Schedule) ([]Request, error) {
	loc := s.Location()
	now := s.now().In(loc)
	runs, err := s.Runs(ctx)
	if err != nil {
		return nil, err
	}
	written := map[string]bool{}
	var last time.Time
	for _, r := range runs {
		if r.Status != queries.RunOK || r.Month == "" || len(r.Platforms) > 0 ||
			filepath.Base(r.File) != "pulse-"+r.Month+".xlsx" || filepath.Dir(r.File) != filepath.Clean(s.dir) {
			continue
		}
		written[r.Month] = true
		if m, err := time.Parse("2006-01", r.Month); err == nil && m.After(last) {
			last = m
		}
	}
	// Candidates run from the oldest month that may still be due to last month.
	latest := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	first := latest.AddDate(0, -(maxCatchUp - 1), 0)
	if !last.IsZero() && last.AddDate(0, 1, 0).After(first) {
		first = last.AddDate(0, 1, 0)
	}
	var due []Request
	for m := first; !m.After(latest); m = m.AddDate(0, 1, 0) {
		if written[m.Format("2006-01")] || sch.firesFor(m, loc).After(now) {
			continue
		}
		due = append(due, MonthOf(m))
	}
	if last.IsZero() && len(due) > 1 {
		due = due[len(due)-1:]
	}
	return due, nil
}

// CatchUp writes every due month, oldest first. A failed month is recorded and
// tried again at the next firing or start.
func (s *Service) CatchUp(ctx context.Context, sch Schedule) error {
	due, err := s.Due(ctx, sch)
	if err != nil {
		return err
	}
	for _, req := range due {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// Write records and logs its own failures; one bad month must not stop the rest.
		_, _ = s.Write(ctx, req, TriggerSchedule, "")
	}
	return nil
}

// Sleeper waits for d or until ctx ends; tests pass one that moves a fake clock.
type Sleeper func(ctx context.Context, d time.Duration) error

// Sleep is the real Sleeper.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// maxNap bounds one wait: timers do not count time a laptop spends asleep, so the
// schedule looks at the clock again at least hourly.
const maxNap = time.Hour

// RunSchedule writes the due months now (catching up what was missed while pulse was
// not running), then at each firing of sch, until ctx ends. A nil sleep is Sleep.
func (s *Service) RunSchedule(ctx context.Context, sch Schedule, sleep Sleeper) error {
	if sleep == nil {
		sleep = Sleep
	}
	if err := s.an.DB.AbandonReportRuns(ctx, s.now()); err != nil {
		return err
	}
	s.logger.Info("report schedule", "cron", sch.Spec, "time_zone", s.Location().String(),
		"next", sch.Next(s.now().In(s.Location())).Format(time.RFC3339))
	for {
		if err := s.CatchUp(ctx, sch); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			s.logger.Error("report schedule", "err", err)
		}
		now := s.now().In(s.Location())
		wait := min(sch.Next(now).Sub(now), maxNap)
		if err := sleep(ctx, wait); err != nil {
			return nil
		}
	}
}

// NextRun says when the schedule next writes, and which month.
func (s *Service) NextRun(sch Schedule) (time.Time, Request) {
	next := sch.Next(s.now().In(s.Location()))
	return next, MonthOf(time.Date(next.Year(), next.Month()-1, 1, 0, 0, 0, 0, time.UTC))
}

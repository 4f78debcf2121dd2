package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

// clock is a fake clock the schedule's sleeper moves forward.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func berlin(t *testing.T, s string) time.Time {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/Berlin")
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// scheduled lists the months the schedule wrote, with when (Berlin time), oldest first.
func scheduled(t *testing.T, svc *Service) []string {
	t.Helper()
	runs, err := svc.Runs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	var out []string
	for i := len(runs) - 1; i >= 0; i-- {
		r := runs[i]
		if r.Trigger != TriggerSchedule {
			continue
		}
		out = append(out, r.Month+" at "+r.StartedAt.In(loc).Format("2006-01-02 15:04")+" "+r.Status)
	}
	return out
}

func TestScheduleRunsMonthlyAndNeverTwice(t *testing.T) {
	an, _ := fixture(t)
	sch, err := ParseSchedule("0 7 1 * *")
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{berlin(t, "2025-04-21 10:00")}
	dir := t.TempDir()
	svc := NewService(an, dir, clk.now, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var naps []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error {
		naps = append(naps, d)
		clk.t = clk.t.Add(d)
		if clk.t.After(berlin(t, "2025-06-02 00:00")) {
			cancel()
			return ctx.Err()
		}
		return nil
	}
	if err := svc.RunSchedule(ctx, sch, sleep); err != nil {
		t.Fatal(err)
	}
	// At the start, last month (March) is written at once; April at 07:00 on 1 May,
	// May at 07:00 on 1 June, in Berlin time. Every other wake-up writes nothing.
	want := []string{"2025-03 at 2025-04-21 10:00 ok", "2025-04 at 2025-05-01 07:00 ok", "2025-05 at 2025-06-01 07:00 ok"}
	if got := scheduled(t, svc); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("scheduled runs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, d := range naps {
		if d <= 0 || d > time.Hour {
			t.Errorf("slept %v: naps are at most an hour", d)
		}
	}
	for _, m := range []string{"2025-03", "2025-04", "2025-05"} {
		if _, err := os.Stat(filepath.Join(dir, "pulse-"+m+".xlsx")); err != nil {
			t.Error(err)
		}
	}
	// A restart the same day writes nothing again.
	clk.t = berlin(t, "2025-06-01 08:00")
	if due, err := NewService(an, dir, clk.now, nil).Due(context.Background(), sch); err != nil || len(due) != 0 {
		t.Errorf("due after a restart: %v %v", due, err)
	}
}

func TestScheduleCatchesUpMissedMonths(t *testing.T) {
	an, _ := fixture(t)
	sch, _ := ParseSchedule("0 7 1 * *")
	dir := t.TempDir()
	clk := &clock{berlin(t, "2024-12-01 07:00")}
	svc := NewService(an, dir, clk.now, nil)
	ctx := context.Background()
	// November 2024 was written on schedule; then pulse was not running until 21 April.
	if err := svc.CatchUp(ctx, sch); err != nil {
		t.Fatal(err)
	}
	clk.t = berlin(t, "2025-04-21 10:00")
	due, err := svc.Due(ctx, sch)
	if err != nil {
		t.Fatal(err)
	}
	var months []string
	for _, r := range due {
		months = append(months, r.Month)
	}
	if strings.Join(months, " ") != "2024-12 2025-01 2025-02 2025-03" {
		t.Fatalf("due %v, want December to March", months)
	}
	if err := svc.CatchUp(ctx, sch); err != nil {
		t.Fatal(err)
	}
	want := "2024-11 at 2024-12-01 07:00 ok|2024-12 at 2025-04-21 10:00 ok|2025-01 at 2025-04-21 10:00 ok|" +
		"2025-02 at 2025-04-21 10:00 ok|2025-03 at 2025-04-21 10:00 ok"
	if got := strings.Join(scheduled(t, svc), "|"); got != want {
		t.Errorf("runs %s\nwant %s", got, want)
	}
	// Starting again writes nothing twice.
	if err := NewService(an, dir, clk.now, nil).CatchUp(ctx, sch); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(scheduled(t, svc), "|"); got != want {
		t.Errorf("after a second start: %s", got)
	}
}

func TestScheduleDueTimes(t *testing.T) {
	an, _ := fixture(t)
	ctx := context.Background()
	for _, c := range []struct {
		spec, now string
		want      string // due months
	}{
		{"0 7 1 * *", "2025-05-01 06:59", "2025-03"}, // April's report is not due before 07:00 on 1 May
		{"0 7 1 * *", "2025-05-01 07:00", "2025-04"},
		{"30 6 2 * *", "2025-05-02 06:29", "2025-03"},
		{"30 6 2 * *", "2025-05-02 06:30", "2025-04"},
		{"0 9 * * 1", "2025-05-05 09:00", "2025-04"}, // the first Monday after the month
		{"0 9 * * 1", "2025-05-04 23:00", "2025-03"},
	} {
		sch, err := ParseSchedule(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		svc := NewService(an, t.TempDir(), func() time.Time { return berlin(t, c.now) }, nil)
		due, err := svc.Due(ctx, sch)
		if err != nil {
			t.Fatal(err)
		}
		var months []string
		for _, r := range due {
			months = append(months, r.Month)
		}
		if strings.Join(months, " ") != c.want {
			t.Errorf("%s at %s: due %v, want %s", c.spec, c.now, months, c.want)
		}
	}
	for _, bad := range []string{"", "every month", "0 7 32 * *", "0 25 1 * *", "* * * *"} {
		if _, err := ParseSchedule(bad); err == nil || !strings.Contains(err.Error(), "expected a cron expression") {
			t.Errorf("ParseSchedule(%q): %v", bad, err)
		}
	}
}

func TestScheduleRecordsFailuresAndRetries(t *testing.T) {
	an, db := fixture(t)
	sch, _ := ParseSchedule("0 7 1 * *")
	ctx := context.Background()
	// The reports folder cannot be created: a file is in its way.
	blocked := filepath.Join(t.TempDir(), "reports")
	if err := os.WriteFile(blocked, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	clk := &clock{berlin(t, "2025-04-21 10:00")}
	svc := NewService(an, blocked, clk.now, nil)
	if err := svc.CatchUp(ctx, sch); err != nil {
		t.Fatal(err)
	}
	runs, _ := svc.Runs(ctx)
	if len(runs) != 1 || runs[0].Status != queries.RunFailed || !strings.Contains(runs[0].Error, "create the folder") {
		t.Fatalf("runs %+v", runs)
	}
	// Once the folder can be made, the next start writes the month.
	os.Remove(blocked)
	if err := svc.CatchUp(ctx, sch); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(scheduled(t, svc), "|"); got != "2025-03 at 2025-04-21 10:00 failed|2025-03 at 2025-04-21 10:00 ok" {
		t.Errorf("runs %s", got)
	}
	// A run cut off by a stop is closed as failed at the next start.
	id, err := db.StartReportRun(ctx, queries.ReportRun{Trigger: TriggerSchedule, Month: "2025-02", From: day("2025-02-01"),
		To: day("2025-02-28"), File: "x", StartedAt: clk.t})
	if err != nil {
		t.Fatal(err)
	}
	stop := func(context.Context, time.Duration) error { return context.Canceled }
	if err := svc.RunSchedule(ctx, sch, stop); err != nil {
		t.Fatal(err)
	}
	runs, _ = svc.Runs(ctx)
	for _, r := range runs {
		if r.ID == id && (r.Status != queries.RunFailed || !strings.Contains(r.Error, "pulse stopped")) {
			t.Errorf("unfinished run left as %+v", r)
		}
	}
}

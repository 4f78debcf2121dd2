package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pulse/analytics/report"
)

// TestReportCommand writes reports as a user would, from a tiny pulse CSV practice:
// one Threads post on 14 April 2025 and daily reach of 700 + 300.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	files := t.TempDir()
	posts := filepath.Join(files, "posts.csv")
	daily := filepath.Join(files, "daily.csv")
	os.WriteFile(posts, []byte("platform,account,post_id,published_at,content_type,caption,permalink,views,reach,likes,comments,shares,saves\n"+
		"threads,pulse.demo,p1,2025-04-14 18:30,image,=1+1,https://www.threads.net/@pulse.demo/post/p1,1000,800,40,5,3,2\n"), 0o644)
	os.WriteFile(daily, []byte("date,metric,value,platform,account\n2025-04-14,reach,700,threads,pulse.demo\n2025-04-15,reach,300,threads,pulse.demo\n"), 0o644)
	if _, errOut, code := run(t, dir, "ingest", posts, daily); code != 0 {
		t.Fatalf("ingest: exit %d %s", code, errOut)
	}
	if _, errOut, code := run(t, dir, "settings", "--name", "Praxis Süd", "--tz", "Europe/Berlin"); code != 0 {
		t.Fatalf("settings: %s", errOut)
	}

	for _, c := range []struct {
		args         []string
		code         int
		stdout, file string
		stderr       string
	}{
		{[]string{"--month", "2025-04"}, 0, "Wrote the report of April 2025 (All platforms) to " + filepath.Join(dir, "reports", "pulse-2025-04.xlsx"), "reports/pulse-2025-04.xlsx", ""},
		{[]string{"--from", "2025-04-14", "--to", "2025-04-20", "--platform", "threads"}, 0, "Wrote the report of 14 Apr 2025 – 20 Apr 2025 (Threads)", "reports/pulse-2025-04-14_2025-04-20-threads.xlsx", ""},
		{[]string{"--month", "2025-04", "--out", filepath.Join(files, "april.xlsx")}, 0, "april.xlsx", "", ""},
		{[]string{"--month", "2025-13"}, 2, "", "", `month "2025-13": expected YYYY-MM, like 2026-10`},
		{[]string{"--month", "2025-04", "--from", "2025-04-01"}, 2, "", "", "either --month or --from and --to"},
		{[]string{"--from", "2025-04-01"}, 2, "", "", "a range needs both --from and --to"},
		{[]string{"--month", "2025-04", "--platform", "myspace"}, 2, "", "", `no account of platform "myspace" is known (known accounts: threads:pulse.demo)`},
		{[]string{"april"}, 2, "", "", "report takes no arguments"},
	} {
		out, errOut, code := run(t, dir, append([]string{"report"}, c.args...)...)
		if code != c.code || !strings.Contains(out, c.stdout) || !strings.Contains(errOut, c.stderr) {
			t.Errorf("report %v: exit %d\nstdout %q\nstderr %q", c.args, code, out, errOut)
		}
		if c.file != "" {
			if _, err := os.Stat(filepath.Join(dir, c.file)); err != nil {
				t.Error(err)
			}
		}
	}
	f, err := excelize.OpenFile(filepath.Join(files, "april.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]string{"A1": "Praxis Süd's social media report", "B18": "1000", "B24": "1"} {
		if v, _ := f.GetCellValue(report.SheetSummary, cell, excelize.Options{RawCellValue: true}); v != want {
			t.Errorf("Summary!%s = %q, want %q", cell, v, want)
		}
	}
	// The caption "=1+1" stays text in both post sheets.
	for _, ref := range [][2]string{{report.SheetTop, "F4"}, {report.SheetPosts, "E4"}} {
		v, _ := f.GetCellValue(ref[0], ref[1])
		formula, _ := f.GetCellFormula(ref[0], ref[1])
		typ, _ := f.GetCellType(ref[0], ref[1])
		if v != "=1+1" || formula != "" || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
			t.Errorf("%s!%s: %q formula %q type %v", ref[0], ref[1], v, formula, typ)
		}
	}
	// Every run is recorded, the refused ones are not.
	db := openForTest(t, dir)
	runs, err := db.ReportRuns(t.Context())
	if err != nil || len(runs) != 3 {
		t.Fatalf("%d runs recorded: %v", len(runs), err)
	}
	if r := runs[2]; r.Trigger != "command" || r.Month != "2025-04" || r.Status != "ok" || r.FinishedAt.Before(r.StartedAt) {
		t.Errorf("first run %+v", r)
	}
}

func TestSettingsReportSchedule(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := run(t, dir, "settings", "--report-schedule", "monthly"); code != 2 || !strings.Contains(errOut, "expected a cron expression") {
		t.Fatalf("bad schedule: exit %d %q", code, errOut)
	}
	out, _, code := run(t, dir, "settings", "--tz", "Europe/Berlin")
	if code != 0 || !strings.Contains(out, "reports:    0 7 1 * * (cron, Europe/Berlin), into "+filepath.Join(dir, "reports")) {
		t.Fatalf("default schedule: %s", out)
	}
	out, _, code = run(t, dir, "settings", "--report-schedule", "30 6 2 * *")
	if code != 0 || !strings.Contains(out, "reports:    30 6 2 * * (cron") {
		t.Fatalf("set schedule: exit %d %s", code, out)
	}
}

package dashboard

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pulse/analytics/report"
)

func TestReportsPage(t *testing.T) {
	s, _, _, _ := fixture(t, 1<<20)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	c := client(t)
	page := func(path string) string {
		t.Helper()
		res, err := c.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
		}
		return string(b)
	}
	body := page("/reports")
	// "Today" is 2 April 2025 in Berlin: the form offers March, the schedule next
	// writes on 1 May at 07:00, covering April.
	for _, want := range []string{`name="month" value="2025-03"`, "No report written yet",
		"Next scheduled report: 1 May 2025 07:00 (Europe/Berlin), covering April 2025", `<a href="/reports" aria-current="page">Reports</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("reports page lacks %q", want)
		}
	}
	token := csrfField.FindStringSubmatch(body)[1]
	post := func(form url.Values) *http.Response {
		t.Helper()
		res, err := c.PostForm(ts.URL+"/reports", form)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	// Without the form token: refused, nothing written.
	res := post(url.Values{"month": {"2025-03"}})
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("write without token: %d", res.StatusCode)
	}
	if entries, _ := os.ReadDir(s.cfg.Reports.Dir()); len(entries) != 0 {
		t.Errorf("written without a token: %v", entries)
	}

	// Bad requests get a plain 400 and write nothing.
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"month": {"2025-3"}}, `month &#34;2025-3&#34;: expected YYYY-MM, like 2026-10`},
		{url.Values{"month": {"2025-03' OR 1=1 --"}}, "expected YYYY-MM"},
		{url.Values{"range": {"days"}, "from": {"2025-03-10"}, "to": {"2025-03-01"}}, "the range ends (2025-03-01) before it starts (2025-03-10)"},
		{url.Values{"range": {"days"}, "from": {"yesterday"}, "to": {"2025-03-01"}}, `from &#34;yesterday&#34;: expected a date`},
		{url.Values{"month": {"2025-03"}, "platform": {"myspace"}}, `no account of platform &#34;myspace&#34;`},
		{url.Values{"month": {strings.Repeat("9", 5000)}}, "A field of the form is too long"},
	} {
		c.form.Set("csrf", token)
		res := post(c.form)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), c.want) {
			t.Errorf("%v: %d, want 400 with %q in %.300s", c.form, res.StatusCode, c.want, b)
		}
	}
	if entries, _ := os.ReadDir(s.cfg.Reports.Dir()); len(entries) != 0 {
		t.Errorf("bad requests wrote %v", entries)
	}

	// March, written now: the list shows it and it downloads as the workbook.
	res = post(url.Values{"csrf": {token}, "month": {"2025-03"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/reports?run=1" {
		t.Fatalf("write: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	body = page("/reports?run=1")
	for _, want := range []string{`Wrote the report of March 2025: <a href="/reports/pulse-2025-03.xlsx">pulse-2025-03.xlsx</a>`,
		`<tr class="highlight"><td>March 2025</td><td>All platforms</td><td>2 Apr 2025 12:00</td>`, "<td>from this page</td>", "<td>written</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("after writing, the page lacks %q", want)
		}
	}
	res, err := c.Get(ts.URL + "/reports/pulse-2025-03.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), `attachment; filename="pulse-2025-03.xlsx"`) {
		t.Fatalf("download: %d %v", res.StatusCode, res.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue(report.SheetSummary, "B18", excelize.Options{RawCellValue: true}); v != "100" {
		t.Errorf("downloaded report's March reach is %q, want 100", v) // 40 + 55 + 5
	}
	f.Close()

	// A range for Instagram only.
	res = post(url.Values{"csrf": {token}, "range": {"days"}, "from": {"2025-03-24"}, "to": {"2025-03-30"}, "platform": {"instagram"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("range: %d", res.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(s.cfg.Reports.Dir(), "pulse-2025-03-24_2025-03-30-instagram.xlsx")); err != nil {
		t.Error(err)
	}
	if body = page("/reports?run=2"); !strings.Contains(body, "<td>24 Mar 2025 – 30 Mar 2025</td><td>Instagram</td>") {
		t.Error("the range report is not listed")
	}

	// Only report files come out of the reports folder.
	os.WriteFile(filepath.Join(filepath.Dir(s.cfg.Reports.Dir()), "secret.xlsx"), []byte("x"), 0o644)
	for _, p := range []string{"/reports/..%2Fsecret.xlsx", "/reports/../secret.xlsx", "/reports/pulse-2024-01.xlsx",
		"/reports/pulse.duckdb", "/reports/%2e%2e", "/reports/pulse-2025-03.xlsx%00"} {
		if code, _, body := get(t, ts, p); code != http.StatusNotFound || !strings.Contains(body, "There is no such page") {
			t.Errorf("GET %s: %d", p, code)
		}
	}
}

// TestSharedReports: a link made with --allow-reports downloads the whole months of
// its scope, made for its platforms and reading nothing outside its days.
func TestSharedReports(t *testing.T) {
	s, an, _, _ := fixture(t, 1<<20)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx := t.Context()
	now := s.cfg.Now() // 2 April 2025
	_, march, err := CreateShare(ctx, an, ShareSpec{Label: "Anna", From: day("2025-03-01"), To: day("2025-03-31"),
		Platforms: []string{"instagram"}, AllowReports: true}, now)
	if err != nil {
		t.Fatal(err)
	}
	_, rolling, _ := CreateShare(ctx, an, ShareSpec{Label: "Ben", LastDays: 90, AllowReports: true}, now)
	_, plain, _ := CreateShare(ctx, an, ShareSpec{Label: "Cleo", From: day("2025-03-01"), To: day("2025-03-31")}, now)

	code, _, body := get(t, ts, "/s/"+march+"/reports")
	if code != 200 || !strings.Contains(body, `<li><a href="/s/`+march+`/reports/pulse-2025-03.xlsx" download>March 2025</a></li></ul>`) ||
		!strings.Contains(body, `<a href="/s/`+march+`/reports" aria-current="page">Reports</a>`) || strings.Contains(body, `href="/reports"`) {
		t.Fatalf("shared reports page: %d\n%s", code, body)
	}
	// The last 90 days before 2 April are 2 January – 1 April: February and March are whole.
	if _, _, body := get(t, ts, "/s/"+rolling+"/reports"); !strings.Contains(body, ">March 2025</a></li><li><a href=\"/s/"+rolling+"/reports/pulse-2025-02.xlsx\" download>February 2025</a></li></ul>") {
		t.Errorf("rolling link's months:\n%s", body)
	}
	res, err := http.Get(ts.URL + "/s/" + march + "/reports/pulse-2025-03.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != xlsxType || res.Header.Get("Cache-Control") != "no-store" ||
		res.Header.Get("Content-Disposition") != `attachment; filename="pulse-2025-03-instagram.xlsx"` {
		t.Fatalf("shared download: %d %v", res.StatusCode, res.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]string{
		"A2":  "March 2025 · Instagram",
		"B12": "not shown: outside the days shared", // February
		"B13": "not shown: outside the days shared", // March 2024
		"B18": "100",                                // reach 40 + 55 + 5
		"C18": "",                                   // no comparison with February
		"F18": "",
	} {
		if v, _ := f.GetCellValue(report.SheetSummary, cell, excelize.Options{RawCellValue: true}); v != want {
			t.Errorf("shared report Summary!%s = %q, want %q", cell, v, want)
		}
	}
	if note, _ := f.GetCellValue(report.SheetBestTimes, "A1"); strings.Contains(note, "over the year") {
		t.Errorf("shared best times read beyond the scope: %q", note)
	}
	// Nothing written to the owner's reports folder, nothing recorded as a run.
	if entries, _ := os.ReadDir(s.cfg.Reports.Dir()); len(entries) != 0 {
		t.Errorf("a shared download left %v", entries)
	}
	for _, c := range []struct{ path, want string }{
		{"/s/" + march + "/reports/pulse-2025-02.xlsx", "There is no such page"}, // outside the scope
		{"/s/" + march + "/reports/pulse-2025-04.xlsx", "There is no such page"},
		{"/s/" + march + "/reports/pulse-2025-03-facebook.xlsx", "There is no such page"},
		{"/s/" + march + "/reports/..%2F..%2Fpulse.duckdb", "There is no such page"},
		{"/s/" + rolling + "/reports/pulse-2025-01.xlsx", "There is no such page"}, // January is not whole
		{"/s/" + plain + "/reports", "There is no such page"},                      // made without --allow-reports
		{"/s/" + plain + "/reports/pulse-2025-03.xlsx", "There is no such page"},
	} {
		if code, _, body := get(t, ts, c.path); code != http.StatusNotFound || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: %d %.200s", c.path, code, body)
		}
	}
	if _, _, body := get(t, ts, "/s/"+plain+"/"); strings.Contains(body, "/reports") {
		t.Error("a link without reports offers them")
	}
}

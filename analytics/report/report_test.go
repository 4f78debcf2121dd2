package report

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pulse/analytics"
	"pulse/queries"
)

func n(v int64) *int64 { return &v }

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

const formulaCaption = `=HYPERLINK("http://x","y")`

// fixture is a practice in Berlin with March 2025 small enough to check by hand:
//
//	Instagram posts, all in March (Berlin times):
//	  a  Tue 25 Mar 18:00  reel      reach 200  10+2+3+5 = 20 interactions  ER 0.1
//	  b  Thu 27 Mar 09:00  image     reach  50   5 likes  =  5              ER 0.1 (under min reach 100)
//	  c  Mon  3 Mar 13:00  carousel  reach 400  24+4+2+2 = 32               ER 0.08
//	Facebook post e, 10 Mar, date only (00:00 UTC), link, reach 150, 3+1+2 = 6, ER 0.04,
//	  permalink javascript:alert(1) (never a link)
//	February: Instagram post d, reach 100, 5 likes (ER 0.05); daily reach 80 on 15 Feb.
//	March 2024: daily reach 25 on 5 Mar.
//
//	March 2025: reach 40 + 60 (Instagram, 1 and 2 Mar) + 10 (Facebook, 1 Mar) = 110;
//	views 100 (Instagram, 1 Mar); interactions 20+5+32+6 = 63; posts 4;
//	ER 63 / (200+50+400+150) = 0.07875; Instagram followers 1000 on 28 Feb, +15 -5 on
//	10 Mar, 1010 on 31 Mar: net 10.
func fixture(t *testing.T) (*analytics.Analyzer, *queries.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := queries.Open(ctx, filepath.Join(t.TempDir(), "pulse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ig := queries.Account{Platform: "instagram", Handle: "praxis.nord"}
	fb := queries.Account{Platform: "facebook", Handle: "praxisnord"}
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return v
	}
	b := &queries.Batch{
		Posts: []queries.Post{
			{Account: ig, PostID: "a", PublishedAt: at("2025-03-25T17:00:00Z"), ContentType: "reel", Caption: formulaCaption,
				Permalink: "https://www.instagram.com/p/a/", Metrics: queries.Metrics{Reach: n(200), Views: n(300), Likes: n(10), Comments: n(2), Shares: n(3), Saves: n(5)}},
			{Account: ig, PostID: "b", PublishedAt: at("2025-03-27T08:00:00Z"), ContentType: "image", Caption: "+1 for sleep",
				Permalink: "https://www.instagram.com/p/b/", Metrics: queries.Metrics{Reach: n(50), Likes: n(5)}},
			{Account: ig, PostID: "c", PublishedAt: at("2025-03-03T12:00:00Z"), ContentType: "carousel", Caption: "@mention\tand a tab",
				Permalink: "https://www.instagram.com/p/c/", Metrics: queries.Metrics{Reach: n(400), Likes: n(24), Comments: n(4), Shares: n(2), Saves: n(2)}},
			{Account: ig, PostID: "d", PublishedAt: at("2025-02-10T12:00:00Z"), ContentType: "image", Caption: "February",
				Permalink: "https://www.instagram.com/p/d/", Metrics: queries.Metrics{Reach: n(100), Likes: n(5)}},
			{Account: fb, PostID: "e", PublishedAt: at("2025-03-10T00:00:00Z"), ContentType: "link", Caption: "-minus first",
				Permalink: "javascript:alert(1)", Metrics: queries.Metrics{Reach: n(150), Likes: n(3), Comments: n(1), Shares: n(2)}},
		},
		Daily: []queries.Daily{
			{Account: ig, Day: day("2025-03-01"), Metric: queries.MetricReach, Value: 40},
			{Account: ig, Day: day("2025-03-02"), Metric: queries.MetricReach, Value: 60},
			{Account: ig, Day: day("2025-03-01"), Metric: queries.MetricViews, Value: 100},
			{Account: fb, Day: day("2025-03-01"), Metric: queries.MetricReach, Value: 10},
			{Account: ig, Day: day("2025-02-15"), Metric: queries.MetricReach, Value: 80},
			{Account: ig, Day: day("2024-03-05"), Metric: queries.MetricReach, Value: 25},
			{Account: ig, Day: day("2025-02-28"), Metric: queries.MetricFollowersTotal, Value: 1000},
			{Account: ig, Day: day("2025-03-10"), Metric: queries.MetricNewFollowers, Value: 15},
			{Account: ig, Day: day("2025-03-10"), Metric: queries.MetricUnfollows, Value: 5},
			{Account: ig, Day: day("2025-03-31"), Metric: queries.MetricFollowersTotal, Value: 1010},
		},
	}
	if err := db.LoadBatch(ctx, &queries.Import{FileName: "=cmd|' /C calc'!A0.csv", SHA256: "f", Format: "test", Platform: "instagram",
		Account: "instagram:praxis.nord", AsOf: day("2025-04-01")}, b, queries.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddNote(ctx, day("2025-03-10"), "@newsletter went out", time.Now()); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	return analytics.New(db, analytics.Practice{Name: "Praxis Nord", TimeZone: "Europe/Berlin", Location: loc, MinReach: 100,
		ReportSchedule: analytics.DefaultReportSchedule}), db
}

// generated is the fixture's clock: 2 April 2025, 09:30 in Berlin.
var generated = time.Date(2025, 4, 2, 7, 30, 0, 0, time.UTC)

func writeMarch(t *testing.T, an *analytics.Analyzer, platforms ...string) (*excelize.File, string) {
	t.Helper()
	req, err := MonthRequest("2025-03", platforms)
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(an, t.TempDir(), func() time.Time { return generated }, nil)
	run, err := svc.Write(context.Background(), req, TriggerCommand, "")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(run.File)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, run.File
}

// cell is one cell as read back: its raw value, its type and its number format.
type got struct {
	raw    string
	typ    excelize.CellType
	format string
}

func read(t *testing.T, f *excelize.File, sheet, ref string) got {
	t.Helper()
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	g := got{raw: raw, typ: typ}
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case st.CustomNumFmt != nil:
		g.format = *st.CustomNumFmt
	case st.NumFmt != 0:
		g.format = strconv.Itoa(st.NumFmt)
	}
	return g
}

// want checks a cell: text is an inline or shared string, numbers are numbers (with
// a format), blank is empty.
type want struct {
	ref    string
	value  string // raw: numbers as stored, dates as Excel serial numbers
	kind   string // "text", "count", "rate", "change", "date", "datetime", "blank", "decimal"
	format string
}

var formats = map[string]string{"count": "3", "rate": "10", "change": "+0.0%;-0.0%;0.0%", "date": "yyyy-mm-dd",
	"datetime": "yyyy-mm-dd hh:mm", "text": "49", "decimal": "0.0"}

func check(t *testing.T, f *excelize.File, sheet string, cells []want) {
	t.Helper()
	for _, w := range cells {
		g := read(t, f, sheet, w.ref)
		if w.kind == "blank" {
			if g.raw != "" {
				t.Errorf("%s!%s = %q, want blank", sheet, w.ref, g.raw)
			}
			continue
		}
		if !sameValue(g.raw, w.value) {
			t.Errorf("%s!%s = %q, want %q", sheet, w.ref, g.raw, w.value)
		}
		isText := g.typ == excelize.CellTypeInlineString || g.typ == excelize.CellTypeSharedString
		if (w.kind == "text") != isText {
			t.Errorf("%s!%s: cell type %v, want %s", sheet, w.ref, g.typ, w.kind)
		}
		if w.kind != "text" && g.format != formats[w.kind] {
			t.Errorf("%s!%s: number format %q, want %q (%s)", sheet, w.ref, g.format, formats[w.kind], w.kind)
		}
		if formula, _ := f.GetCellFormula(sheet, w.ref); formula != "" {
			t.Errorf("%s!%s holds the formula %q", sheet, w.ref, formula)
		}
	}
}

// sameValue compares as text, or as numbers to 1e-12 where both are numbers: a
// difference of rates like 0.07875 - 0.05 is not exactly 0.02875 in binary.
func sameValue(got, want string) bool {
	if got == want {
		return true
	}
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	return err1 == nil && err2 == nil && math.Abs(g-w) <= 1e-12*math.Max(1, math.Abs(w))
}

// serial is the Excel serial number of a wall-clock time, as the cells store it.
func serial(s string) string {
	v, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		v = day(s)
	}
	d := v.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC))
	return strconv.FormatFloat(d.Hours()/24, 'f', -1, 64)
}

func TestWorkbookSheetsAndSummary(t *testing.T) {
	an, _ := fixture(t)
	f, _ := writeMarch(t, an)
	if got := f.GetSheetList(); !slices.Equal(got, Sheets) {
		t.Fatalf("sheets %q, want %q", got, Sheets)
	}
	check(t, f, SheetSummary, []want{
		{"A1", "Praxis Nord's social media report", "text", ""},
		{"A2", "March 2025 · All platforms", "text", ""},
		{"B5", "Praxis Nord", "text", ""},
		{"B6", serial("2025-03-01"), "date", ""},
		{"B7", serial("2025-03-31"), "date", ""},
		{"B8", "31", "count", ""},
		{"B10", "Europe/Berlin", "text", ""},
		{"B11", serial("2025-04-02 09:30"), "datetime", ""},
		{"B12", "1 Feb 2025 – 28 Feb 2025", "text", ""},
		{"B13", "1 Mar 2024 – 31 Mar 2024", "text", ""},
		{"B14", "100", "count", ""},
	})
	// The key figures: header on row 17, then the KPIs in analytics' order.
	s, err := an.SummaryAgainst(context.Background(), analytics.Period{From: day("2025-03-01"), To: day("2025-03-31")},
		analytics.Period{From: day("2025-02-01"), To: day("2025-02-28")}, analytics.Period{From: day("2024-03-01"), To: day("2024-03-31")}, analytics.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range s.KPIs {
		if g := read(t, f, SheetSummary, fmt.Sprintf("A%d", 18+i)); g.raw != k.Label {
			t.Errorf("KPI row %d is %q, want %q", 18+i, g.raw, k.Label)
		}
	}
	check(t, f, SheetSummary, []want{
		{"A17", "Figure", "text", ""}, {"B17", "This period", "text", ""}, {"I17", "What was counted", "text", ""},
		// Reach 110 against 80 (+30, +37.5%) and a year earlier 25 (+85, +340%).
		{"A18", "Reach", "text", ""}, {"B18", "110", "count", ""}, {"C18", "80", "count", ""}, {"D18", "30", "count", ""},
		{"E18", "0.375", "change", ""}, {"F18", "25", "count", ""}, {"G18", "85", "count", ""}, {"H18", "3.4", "change", ""},
		{"I18", "sum of daily reach", "text", ""},
		// Views 100; none reported before.
		{"B19", "100", "count", ""}, {"C19", "", "blank", ""}, {"D19", "", "blank", ""}, {"E19", "", "blank", ""},
		// Interactions 63 against 5: +58, +1160%; a year earlier no post reported any.
		{"B20", "63", "count", ""}, {"C20", "5", "count", ""}, {"D20", "58", "count", ""}, {"E20", "11.6", "change", ""}, {"F20", "", "blank", ""},
		// ER 63/800 = 0.07875 against 5/100: +0.02875 (a difference of rates), +57.5%.
		{"B21", "0.07875", "rate", ""}, {"C21", "0.05", "rate", ""}, {"D21", "0.02875", "rate", ""}, {"E21", "0.575", "change", ""},
		// Followers 1010 at the end against 1000 at the end of February.
		{"B22", "1010", "count", ""}, {"C22", "1000", "count", ""}, {"D22", "10", "count", ""}, {"E22", "0.01", "change", ""},
		// Net new followers 10; February's is unknown (no total before it).
		{"B23", "10", "count", ""}, {"C23", "", "blank", ""},
		// Posts 4 against 1 and 0.
		{"B24", "4", "count", ""}, {"C24", "1", "count", ""}, {"D24", "3", "count", ""}, {"E24", "3", "change", ""},
		{"F24", "0", "count", ""}, {"G24", "4", "count", ""}, {"H24", "", "blank", ""},
	})
	// Followers by platform and the freshness table follow.
	check(t, f, SheetSummary, []want{
		{"A30", "Followers by platform", "text", ""},
		{"A31", "Platform", "text", ""},
		{"A32", "Facebook", "text", ""}, {"B32", "", "blank", ""},
		{"A33", "Instagram", "text", ""}, {"B33", "1000", "count", ""}, {"C33", "1010", "count", ""}, {"D33", "10", "count", ""},
		{"E33", "0.01", "rate", ""}, {"F33", "15", "count", ""}, {"G33", "5", "count", ""},
		{"A34", "All platforms", "text", ""}, {"C34", "1010", "count", ""},
		{"A36", "Data freshness", "text", ""},
		{"A38", "Facebook", "text", ""}, {"B38", serial("2025-03-31"), "date", ""},
		{"C38", "up to date", "text", ""},
		{"A39", "Instagram", "text", ""}, {"B39", serial("2025-03-31"), "date", ""},
	})
}

func TestWorkbookDailySheets(t *testing.T) {
	an, _ := fixture(t)
	f, path := writeMarch(t, an)
	rows, err := f.GetRows(SheetReach)
	if err != nil {
		t.Fatal(err)
	}
	// A note, a blank row, the header, then 31 days of Facebook and 31 of Instagram.
	if len(rows) != 3+62 {
		t.Fatalf("%s has %d rows, want 65", SheetReach, len(rows))
	}
	check(t, f, SheetReach, []want{
		{"A3", "Date", "text", ""}, {"B3", "Platform", "text", ""}, {"C3", "Reach", "text", ""}, {"D3", "Views", "text", ""},
		{"A4", serial("2025-03-01"), "date", ""}, {"B4", "Facebook", "text", ""}, {"C4", "10", "count", ""}, {"D4", "", "blank", ""},
		{"A5", serial("2025-03-02"), "date", ""}, {"C5", "", "blank", ""},
		{"A34", serial("2025-03-31"), "date", ""}, {"B34", "Facebook", "text", ""},
		{"A35", serial("2025-03-01"), "date", ""}, {"B35", "Instagram", "text", ""}, {"C35", "40", "count", ""}, {"D35", "100", "count", ""},
		{"C36", "60", "count", ""}, {"D36", "", "blank", ""},
	})
	check(t, f, SheetFollowers, []want{
		{"A3", "Date", "text", ""}, {"C3", "Followers", "text", ""}, {"D3", "Gained", "text", ""}, {"E3", "Lost", "text", ""},
		// Only Instagram reports followers: 1000 until the change of 10 March.
		{"A4", serial("2025-03-01"), "date", ""}, {"B4", "Instagram", "text", ""}, {"C4", "1000", "count", ""}, {"D4", "", "blank", ""},
		{"C12", "1000", "count", ""},
		{"A13", serial("2025-03-10"), "date", ""}, {"C13", "1010", "count", ""}, {"D13", "15", "count", ""}, {"E13", "5", "count", ""},
		{"A34", serial("2025-03-31"), "date", ""}, {"C34", "1010", "count", ""},
		{"A35", "", "blank", ""},
	})
	for _, sheet := range []string{SheetReach, SheetFollowers, SheetTop, SheetPosts} {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 3 {
			t.Errorf("%s: header not frozen: %+v", sheet, panes)
		}
	}
	// Native charts: reach (Facebook, Instagram), views (Instagram), followers (Instagram).
	charts := chartSeries(t, path)
	if want := []int{2, 1, 1}; !slices.Equal(charts, want) {
		t.Errorf("chart series %v, want %v", charts, want)
	}
}

// chartSeries counts the series of each chart part in the workbook, in order.
func chartSeries(t *testing.T, path string) []int {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var out []int
	for i := 1; ; i++ {
		r, err := z.Open(fmt.Sprintf("xl/charts/chart%d.xml", i))
		if err != nil {
			return out
		}
		b := new(strings.Builder)
		buf := make([]byte, 4096)
		for {
			k, err := r.Read(buf)
			b.Write(buf[:k])
			if err != nil {
				break
			}
		}
		r.Close()
		out = append(out, strings.Count(b.String(), "<ser>"))
	}
}

func TestWorkbookPosts(t *testing.T) {
	an, _ := fixture(t)
	f, _ := writeMarch(t, an)
	// Top content: a (ER 10%), c (8%), e (4%); b is under the minimum reach.
	check(t, f, SheetTop, []want{
		{"A4", "1", "count", ""}, {"B4", serial("2025-03-25 18:00"), "datetime", ""}, {"C4", "Instagram", "text", ""},
		{"D4", "praxis.nord", "text", ""}, {"E4", "reel", "text", ""}, {"F4", formulaCaption, "text", ""},
		{"G4", "200", "count", ""}, {"H4", "300", "count", ""}, {"I4", "20", "count", ""}, {"J4", "0.1", "rate", ""},
		{"K4", "ER by reach", "text", ""}, {"L4", "Open post", "text", ""},
		{"A5", "2", "count", ""}, {"F5", "@mention\tand a tab", "text", ""}, {"J5", "0.08", "rate", ""},
		{"A6", "3", "count", ""}, {"B6", serial("2025-03-10"), "date", ""}, {"C6", "Facebook", "text", ""},
		{"F6", "-minus first", "text", ""}, {"J6", "0.04", "rate", ""}, {"L6", "javascript:alert(1)", "text", ""},
		{"A7", "", "blank", ""},
	})
	if ok, url, err := f.GetCellHyperLink(SheetTop, "L4"); err != nil || !ok || url != "https://www.instagram.com/p/a/" {
		t.Errorf("L4 link: %v %q %v", ok, url, err)
	}
	if ok, _, _ := f.GetCellHyperLink(SheetTop, "L6"); ok {
		t.Error("a javascript: permalink became a link")
	}
	// All posts, by publish time: c, e, a, b.
	check(t, f, SheetPosts, []want{
		{"A3", "Published", "text", ""}, {"T3", "Post ID", "text", ""},
		{"A4", serial("2025-03-03 13:00"), "datetime", ""}, {"E4", "@mention\tand a tab", "text", ""}, {"T4", "c", "text", ""},
		{"A5", serial("2025-03-10"), "date", ""}, {"B5", "Facebook", "text", ""}, {"E5", "-minus first", "text", ""},
		{"F5", "", "blank", ""}, {"G5", "150", "count", ""}, {"H5", "3", "count", ""}, {"I5", "1", "count", ""}, {"J5", "2", "count", ""},
		{"K5", "", "blank", ""}, {"O5", "6", "count", ""}, {"P5", "0.04", "rate", ""}, {"Q5", "ER by reach", "text", ""},
		{"R5", serial("2025-04-01"), "date", ""}, {"S5", "javascript:alert(1)", "text", ""},
		{"A6", serial("2025-03-25 18:00"), "datetime", ""}, {"E6", formulaCaption, "text", ""}, {"F6", "300", "count", ""},
		{"S6", "https://www.instagram.com/p/a/", "text", ""},
		{"A7", serial("2025-03-27 09:00"), "datetime", ""}, {"E7", "+1 for sleep", "text", ""}, {"G7", "50", "count", ""},
		{"A8", "", "blank", ""},
	})
	tables, err := f.GetTables(SheetPosts)
	if err != nil || len(tables) != 1 || tables[0].Range != "A3:T7" {
		t.Errorf("All posts table (autofilter): %+v %v", tables, err)
	}
	if w, _ := f.GetColWidth(SheetPosts, "E"); w < 20 {
		t.Errorf("caption column is %.1f wide, want it sized to its text", w)
	}
}

func TestWorkbookOtherSheets(t *testing.T) {
	an, _ := fixture(t)
	f, _ := writeMarch(t, an)
	// Content types, most posts first, then by name: all have one post.
	check(t, f, SheetContentTypes, []want{
		{"A4", "carousel", "text", ""}, {"B4", "1", "count", ""}, {"C4", "0.08", "rate", ""}, {"D4", "32", "count", ""},
		{"E4", "400", "count", ""}, {"F4", "0.5", "rate", ""},
		{"A5", "image", "text", ""}, {"A6", "link", "text", ""}, {"A7", "reel", "text", ""}, {"F7", "0.25", "rate", ""},
		// Cadence: 1 Facebook post, 3 Instagram posts (3 / 31 × 7 per week), all 4.
		{"A9", "Posting cadence", "text", ""},
		{"A11", "Facebook", "text", ""}, {"B11", "1", "count", ""}, {"D11", "", "blank", ""},
		{"A12", "Instagram", "text", ""}, {"B12", "3", "count", ""}, {"C12", strconv.FormatFloat(3.0/31*7, 'f', -1, 64), "decimal", ""},
		{"D12", "22", "count", ""}, {"E12", serial("2025-03-03"), "date", ""}, {"F12", serial("2025-03-25"), "date", ""},
		{"A13", "All platforms", "text", ""}, {"B13", "4", "count", ""},
	})
	// Best times are read over the year to 31 March, so February's post d (Monday
	// 13:00) joins c there. Two posts are still too few for a median: the ER grid is
	// blank and the count grid shows Monday 13:00 (2), Tuesday 18:00 and Thursday 09:00.
	check(t, f, SheetBestTimes, []want{
		{"A3", "Day", "text", ""}, {"B3", "00:00", "text", ""}, {"Y3", "23:00", "text", ""},
		{"A4", "Monday", "text", ""}, {"O4", "", "blank", ""},
		{"A12", "Best slot: No slot has enough posts yet.", "text", ""},
		{"A14", "Posts with an engagement rate per slot", "text", ""},
		{"O16", "2", "count", ""}, {"T17", "1", "count", ""}, {"K19", "1", "count", ""}, {"B16", "", "blank", ""},
	})
	if note, _ := f.GetCellValue(SheetBestTimes, "A1"); !strings.Contains(note, "(Europe/Berlin), over the year to the period's end (1 Apr 2024 – 31 Mar 2025)") {
		t.Errorf("best times note: %q", note)
	}
	cf, err := f.GetConditionalFormats(SheetBestTimes)
	if err != nil || len(cf["B4:Y10"]) != 1 || cf["B4:Y10"][0].Type != "3_color_scale" {
		t.Errorf("best times colour scale: %+v %v", cf, err)
	}
	// Campaigns & notes: the awareness dates overlapping March 2025, then the note.
	cal := analytics.AwarenessIn(analytics.Period{From: day("2025-03-01"), To: day("2025-03-31")})
	rows, _ := f.GetRows(SheetCampaigns)
	if len(rows) != 3+len(cal)+1 {
		t.Fatalf("%s: %d rows, want %d", SheetCampaigns, len(rows), 3+len(cal)+1)
	}
	for i, e := range cal {
		check(t, f, SheetCampaigns, []want{{fmt.Sprintf("A%d", 4+i), "Awareness", "text", ""},
			{fmt.Sprintf("D%d", 4+i), e.Title, "text", ""}, {fmt.Sprintf("B%d", 4+i), serial(e.From.Format(time.DateOnly)), "date", ""}})
	}
	last := 4 + len(cal)
	check(t, f, SheetCampaigns, []want{
		{fmt.Sprintf("A%d", last), "Note", "text", ""}, {fmt.Sprintf("B%d", last), serial("2025-03-10"), "date", ""},
		{fmt.Sprintf("D%d", last), "@newsletter went out", "text", ""},
	})
	// Definitions: every one of analytics', verbatim, then blanks and the time zone.
	keys := definitionOrder()
	if len(keys) != len(analytics.Definitions) {
		t.Fatalf("%d definitions ordered, analytics has %d", len(keys), len(analytics.Definitions))
	}
	for i, k := range keys {
		check(t, f, SheetDefinitions, []want{{fmt.Sprintf("B%d", 4+i), analytics.Definitions[k], "text", ""}})
	}
	check(t, f, SheetDefinitions, []want{
		{fmt.Sprintf("A%d", 4+len(keys)), "blank cells", "text", ""},
		{"D1", "Sources: the export files behind the figures", "text", ""},
		{"D3", "Account", "text", ""},
		{"D4", "instagram:praxis.nord", "text", ""}, {"E4", "test", "text", ""}, {"F4", "1", "count", ""},
		{"G4", serial("2025-04-01"), "date", ""}, {"D5", "", "blank", ""},
	})
}

func TestPlatformFilter(t *testing.T) {
	an, _ := fixture(t)
	f, path := writeMarch(t, an, "Facebook")
	if filepath.Base(path) != "pulse-2025-03-facebook.xlsx" {
		t.Errorf("file %s", path)
	}
	check(t, f, SheetSummary, []want{
		{"A2", "March 2025 · Facebook", "text", ""},
		{"B18", "10", "count", ""}, // Facebook's reach only
		{"B24", "1", "count", ""},  // one post
	})
	if rows, _ := f.GetRows(SheetPosts); len(rows) != 4 {
		t.Errorf("All posts: %d rows, want the note, a blank, the header and post e", len(rows))
	}
	// The Sources list keeps only the filter's platforms.
	check(t, f, SheetDefinitions, []want{{"D4", "", "blank", ""}})

	req, err := MonthRequest("2025-03", []string{"myspace"})
	if err != nil {
		t.Fatal(err) // the form is fine; the platform is unknown to the database
	}
	svc := NewService(an, t.TempDir(), time.Now, nil)
	if _, err := svc.Write(context.Background(), req, TriggerCommand, ""); err == nil || !strings.Contains(err.Error(), `no account of platform "myspace"`) {
		t.Errorf("unknown platform: %v", err)
	}
	if runs, _ := svc.Runs(context.Background()); len(runs) != 1 {
		t.Errorf("a refused request was recorded: %+v", runs)
	}
}

func TestRequests(t *testing.T) {
	for _, c := range []struct {
		month, from, to string
		platforms       []string
		file, title     string
		err             string
	}{
		{month: "2026-10", file: "pulse-2026-10.xlsx", title: "October 2026"},
		{month: "2026-02", platforms: []string{"X", "facebook", "x"}, file: "pulse-2026-02-facebook-x.xlsx", title: "February 2026"},
		{from: "2026-10-01", to: "2026-10-15", file: "pulse-2026-10-01_2026-10-15.xlsx", title: "1 Oct 2026 – 15 Oct 2026"},
		{from: "2026-10-01", to: "2026-10-31", file: "pulse-2026-10.xlsx", title: "October 2026"},
		{month: "2026-13", err: `month "2026-13": expected YYYY-MM`},
		{month: "26-1", err: `month "26-1": expected YYYY-MM`},
		{month: "2026-10'; DROP TABLE posts; --", err: "expected YYYY-MM"},
		{from: "2026-10-05", to: "2026-10-01", err: "ends (2026-10-01) before it starts"},
		{from: "2026-10-32", to: "2026-11-01", err: `from "2026-10-32"`},
		{from: "1900-01-01", to: "2026-01-01", err: "a report covers at most 3660"},
		{month: "2026-10", platforms: []string{"instagram:handle"}, err: "expected a platform name"},
	} {
		var req Request
		var err error
		if c.month != "" {
			req, err = MonthRequest(c.month, c.platforms)
		} else {
			req, err = RangeRequest(c.from, c.to, c.platforms)
		}
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || !errors.Is(err, ErrInvalid) {
				t.Errorf("%+v: error %v, want %q", c, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%+v: %v", c, err)
			continue
		}
		if req.FileName() != c.file || req.Title() != c.title {
			t.Errorf("%+v: file %q title %q", c, req.FileName(), req.Title())
		}
	}
}

// TestJoinedSpans: the periods a report reads posts for become the fewest spans of
// days covering them: a month's report reads one.
func TestJoinedSpans(t *testing.T) {
	p := func(from, to string) analytics.Period { return analytics.Period{From: day(from), To: day(to)} }
	for _, c := range []struct {
		name string
		in   []analytics.Period
		want []analytics.Period
	}{
		{"a month's report: the month, the month before, the same month a year earlier, the year, a campaign",
			[]analytics.Period{p("2026-10-01", "2026-10-31"), p("2025-11-01", "2026-10-31"), p("2026-09-01", "2026-09-30"),
				p("2025-10-01", "2025-10-31"), p("2026-08-15", "2026-10-17")},
			[]analytics.Period{p("2025-10-01", "2026-10-31")}},
		{"one day apart is one span", []analytics.Period{p("2026-03-01", "2026-03-10"), p("2026-03-11", "2026-03-20")},
			[]analytics.Period{p("2026-03-01", "2026-03-20")}},
		{"a day between is two", []analytics.Period{p("2026-03-12", "2026-03-20"), p("2026-03-01", "2026-03-10")},
			[]analytics.Period{p("2026-03-01", "2026-03-10"), p("2026-03-12", "2026-03-20")}},
		{"inside another", []analytics.Period{p("2026-01-01", "2026-12-31"), p("2026-03-01", "2026-03-10")},
			[]analytics.Period{p("2026-01-01", "2026-12-31")}},
	} {
		if got := joined(c.in); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestFailedRunLeavesNoFile(t *testing.T) {
	an, _ := fixture(t)
	dir := t.TempDir()
	svc := NewService(an, dir, func() time.Time { return generated }, nil)
	req, _ := MonthRequest("2025-03", nil)
	// The target is a folder, so the rename must fail after the workbook was written.
	target := filepath.Join(dir, "pulse-2025-03.xlsx")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	run, err := svc.Write(context.Background(), req, TriggerPage, "")
	if err == nil {
		t.Fatal("writing over a folder succeeded")
	}
	if run.Status != queries.RunFailed || !strings.Contains(run.Error, "put the report in place") {
		t.Errorf("run %+v", run)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	runs, _ := svc.Runs(context.Background())
	if len(runs) != 1 || runs[0].Status != queries.RunFailed || runs[0].Error != run.Error || runs[0].FinishedAt.IsZero() {
		t.Errorf("recorded %+v", runs)
	}
	if svc.Downloadable(runs[0]) {
		t.Error("a failed run is downloadable")
	}
	for _, name := range []string{"../pulse.duckdb", "pulse-2025-03.xlsx", "x.xlsx", "pulse-2025-04.xlsx", ""} {
		if _, err := svc.File(name); err == nil {
			t.Errorf("File(%q) succeeded", name)
		}
	}
}

// TestLibreOfficeOpensIt converts the report to PDF headlessly, as a person checking
// the printed pages would: a workbook LibreOffice cannot read does not convert.
func TestLibreOfficeOpensIt(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice is missing: install Debian's libreoffice-calc (apt-get install libreoffice-calc), as .ci/run does")
	}
	an, _ := fixture(t)
	_, path := writeMarch(t, an)
	out := t.TempDir()
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+t.TempDir(),
		"--convert-to", "pdf", "--outdir", out, path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf, err := os.ReadFile(filepath.Join(out, "pulse-2025-03.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(pdf), "%PDF-") || len(pdf) < 10000 {
		t.Errorf("not a PDF of the report: %d bytes", len(pdf))
	}
}

// TestWriteCountsItsCells: the count Write returns (the benchmark's measure) is the
// number of cells that hold a value when read back.
func TestWriteCountsItsCells(t *testing.T) {
	an, _ := fixture(t)
	req, _ := MonthRequest("2025-03", nil)
	var buf bytes.Buffer
	cells, err := Write(context.Background(), an, req, generated, &buf)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for _, v := range r {
				if v != "" {
					n++
				}
			}
		}
	}
	if cells != n || n < 300 {
		t.Errorf("Write says %d cells, the workbook has %d", cells, n)
	}
}

package ingest

import (
	"bytes"
	"math/rand"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pulse/queries"
)

func liDay(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// liSums totals each daily metric and counts its days.
func liSums(ds []queries.Daily) (map[string]float64, map[string]int) {
	sums, counts := map[string]float64{}, map[string]int{}
	for _, d := range ds {
		sums[d.Metric] += d.Value
		counts[d.Metric]++
	}
	return sums, counts
}

func liDailyValue(t *testing.T, ds []queries.Daily, d time.Time, metric string) float64 {
	t.Helper()
	for _, x := range ds {
		if x.Day.Equal(d) && x.Metric == metric {
			return x.Value
		}
	}
	t.Fatalf("no %s on %s", metric, d.Format("2006-01-02"))
	return 0
}

// TestLinkedInRealSamples: each real file, with counts and totals taken from the
// BIFF records by an independent reader (and the competitor file, which repeats the
// month's new followers, reactions, comments and posts: 54, 56, 7, 12).
func TestLinkedInRealSamples(t *testing.T) {
	acct := queries.Account{Platform: "linkedin", Handle: "cee-facility-management"}
	tests := []struct {
		file     string
		format   string
		skipped  bool
		rowsRead int
		posts    int
		counts   map[string]int
		sums     map[string]float64
		notes    int
	}{
		{file: "cee-facility-management_content_1777555091040.xls", format: "linkedin-content", rowsRead: 30 + 12, posts: 12,
			counts: map[string]int{"views": 30, "reach": 30, "clicks": 30, "likes": 30, "comments": 30, "shares": 30, "interactions": 30},
			sums:   map[string]float64{"views": 7691, "reach": 5102, "clicks": 221, "likes": 56, "comments": 7, "shares": 0, "interactions": 63},
			notes:  2},
		{file: "cee-facility-management_followers_1777555120439.xls", format: "linkedin-followers", rowsRead: 30,
			counts: map[string]int{"new_followers": 30}, sums: map[string]float64{"new_followers": 54}, notes: 1},
		{file: "cee-facility-management_visitors_1777555105564.xls", format: "linkedin-visitors", rowsRead: 30,
			counts: map[string]int{"page_views": 30, "unique_visitors": 30}, sums: map[string]float64{"page_views": 16, "unique_visitors": 10}},
		{file: "CEE facility management_competitor_analytics_1777555155666.xlsx", format: "linkedin-competitors", skipped: true,
			rowsRead: 1, counts: map[string]int{}, sums: map[string]float64{}, notes: 1},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			p := parseForTest(t, linkedinSamples+tc.file, ctxAt(t, "Europe/Budapest", "2026-05-01"))
			if p.Format != tc.format || p.Platform != "linkedin" || p.Skipped != tc.skipped || p.RowsRead != tc.rowsRead ||
				len(p.Posts) != tc.posts || len(p.Rejects) != 0 || len(p.Notes) != tc.notes {
				t.Fatalf("got %s skipped=%v rows=%d posts=%d rejects=%v notes=%q", p.Format, p.Skipped, p.RowsRead, len(p.Posts), p.Rejects, p.Notes)
			}
			sums, counts := liSums(p.Daily)
			if !reflect.DeepEqual(counts, tc.counts) || !reflect.DeepEqual(sums, tc.sums) {
				t.Errorf("days %v sums %v, want %v %v", counts, sums, tc.counts, tc.sums)
			}
			if !p.AsOf.IsZero() {
				t.Errorf("AsOf %v with --as-of given", p.AsOf)
			}
			for _, d := range p.Daily {
				if d.Account != acct || d.Day.Before(liDay("2026-03-30")) || d.Day.After(liDay("2026-04-28")) || d.Day.Location() != time.UTC {
					t.Fatalf("daily row %+v", d)
				}
			}
			if !tc.skipped && !reflect.DeepEqual(p.Accounts, []queries.Account{acct}) {
				t.Errorf("accounts %v", p.Accounts)
			}
		})
	}

	ctx := ctxAt(t, "Europe/Budapest", "2026-05-01")
	p := parseForTest(t, linkedinSamples+tests[0].file, ctx)
	for metric, want := range map[string]float64{"views": 1262, "reach": 833, "clicks": 27, "likes": 6, "comments": 0, "shares": 0, "interactions": 6} {
		if got := liDailyValue(t, p.Daily, liDay("2026-04-18"), metric); got != want {
			t.Errorf("2026-04-18 %s = %v, want %v", metric, got, want)
		}
	}
	if got := liDailyValue(t, p.Daily, liDay("2026-04-24"), "interactions"); got != 6 { // 2 reactions + 4 comments
		t.Errorf("2026-04-24 interactions = %v", got)
	}
	hotel := p.Posts[5]
	want := queries.Post{
		Account: acct, PostID: "urn:li:activity:7450082189804937217", PublishedAt: liDay("2026-04-15"),
		ContentType: "other", RawType: "Organic", Permalink: "https://www.linkedin.com/feed/update/urn:li:activity:7450082189804937217",
		Metrics: queries.Metrics{Views: ptr[int64](6621), Clicks: ptr[int64](196), Likes: ptr[int64](34), Comments: ptr[int64](2), Shares: ptr[int64](2)},
	}
	if !strings.HasPrefix(hotel.Caption, "Hotel housekeeping standards guests notice\n\nHotel guests do not read your housekeeping SOP.") ||
		!strings.HasSuffix(hotel.Caption, "#GuestExperience #CEEFacilityManagement") {
		t.Errorf("caption %q", hotel.Caption)
	}
	hotel.Caption = ""
	if !reflect.DeepEqual(hotel, want) {
		t.Errorf("post:\n got %+v\nwant %+v", hotel, want)
	}
	// The caption that crosses a record boundary of the shared-string table.
	energy := p.Posts[7]
	if !strings.Contains(energy.Caption, "Here is what we see working across our managed properties:\n\nLED lighting") ||
		strings.ContainsRune(energy.Caption, 0) || !strings.HasPrefix(energy.Caption, "Energy costs and FM solutions") {
		t.Errorf("caption across the CONTINUE record: %q", shorten(energy.Caption, 300))
	}
	var sumViews, sumLikes, sumShares int64
	for _, po := range p.Posts {
		sumViews += *po.Metrics.Views
		sumLikes += *po.Metrics.Likes
		sumShares += *po.Metrics.Shares
		if po.Metrics.Follows != nil || po.Metrics.VideoViews != nil || po.Metrics.Reach != nil {
			t.Errorf("%s: unreported metrics read as %+v", po.PostID, po.Metrics)
		}
	}
	if sumViews != 7648 || sumLikes != 52 || sumShares != 3 {
		t.Errorf("post totals: views %d likes %d shares %d", sumViews, sumLikes, sumShares)
	}
	if first, last := p.Posts[0], p.Posts[11]; first.PostID != "urn:li:activity:7453344261539815425" || !first.PublishedAt.Equal(liDay("2026-04-24")) ||
		last.PostID != "urn:li:activity:7445037914427666432" || !last.PublishedAt.Equal(liDay("2026-04-01")) {
		t.Errorf("first/last post %s %v, %s %v", first.PostID, first.PublishedAt, last.PostID, last.PublishedAt)
	}
}

// TestLinkedInAsOfFromFileName: without --as-of, the day LinkedIn made the file.
func TestLinkedInAsOfFromFileName(t *testing.T) {
	ctx := ctxAt(t, "Europe/Budapest", "2026-05-20")
	ctx.AsOfGiven = false
	for _, name := range linkedinXLS {
		p := parseForTest(t, linkedinSamples+name, ctx)
		if !p.AsOf.Equal(liDay("2026-04-30")) { // 1777555091040 ms is 2026-04-30 13:18:11 UTC
			t.Errorf("%s: AsOf %v", name, p.AsOf)
		}
	}
}

// TestLinkedInXLSXResaves: the .xlsx re-saves, with text dates and with date cells
// in four date formats, parse exactly as the original .xls files.
func TestLinkedInXLSXResaves(t *testing.T) {
	ctx := ctxAt(t, "Europe/Budapest", "2026-05-20")
	ctx.AsOfGiven = false
	for _, name := range linkedinXLS {
		want := parseForTest(t, linkedinSamples+name, ctx)
		x := strings.TrimSuffix(name, ".xls") + ".xlsx"
		for _, path := range []string{"../testdata/linkedin/" + x, "../testdata/linkedin/date-cells/" + x} {
			got := parseForTest(t, path, ctx)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s parses differently from %s", path, name)
			}
		}
	}
}

func TestLinkedInFileNames(t *testing.T) {
	raw, err := os.ReadFile(linkedinSamples + linkedinXLS[1])
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxAt(t, "UTC", "2026-05-20")
	ctx.AsOfGiven = false
	for name, want := range map[string]string{
		"cee-facility-management_followers_1777555120439.xls":     "cee-facility-management",
		"cee-facility-management_followers_1777555120439 (1).xls": "cee-facility-management",
		"downloads/acme_corp_followers_1777555120439.XLS":         "acme_corp",
		"followers.xls":                    "",
		"cee_followers_17775551204.xls":    "",
		"cee_visitors_1777555120439.xls.1": "",
	} {
		p := parseBytesForTest(t, name, raw, ctx)
		for _, d := range p.Daily {
			if d.Account.Handle != want {
				t.Fatalf("%s: handle %q, want %q", name, d.Account.Handle, want)
			}
		}
		if asOf := p.AsOf; (want == "") != asOf.IsZero() || want != "" && !asOf.Equal(liDay("2026-04-30")) {
			t.Errorf("%s: AsOf %v", name, asOf)
		}
		if (want == "") != (len(p.Accounts) == 0) {
			t.Errorf("%s: accounts %v", name, p.Accounts)
		}
	}
}

func TestLinkedInPostIDsAndTypes(t *testing.T) {
	for link, want := range map[string]string{
		"https://www.linkedin.com/feed/update/urn:li:activity:7453344261539815425":       "urn:li:activity:7453344261539815425",
		"https://www.linkedin.com/feed/update/urn:li:ugcPost:7453344261539815425/":       "urn:li:ugcPost:7453344261539815425",
		"https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7453344261539815425":    "urn:li:share:7453344261539815425",
		"https://www.linkedin.com/posts/acme_facility-activity-7453344261539815425-AbCd": "urn:li:activity:7453344261539815425",
		"https://www.linkedin.com/company/acme/":                                         "",
		"":                                                                               "",
	} {
		if got := liPostID(link); got != want {
			t.Errorf("liPostID(%q) = %q, want %q", link, got, want)
		}
	}
	for raw, want := range map[string]string{
		"Image": "image", "Video": "video", "Article": "link", "Link": "link", "Document": "carousel", "Carousel": "carousel",
		"Text": "text", " text ": "text", "Poll": "other", "": "other", "Something new": "other",
	} {
		if got := liContentTypeOf(raw); got != want {
			t.Errorf("liContentTypeOf(%q) = %q, want %q", raw, got, want)
		}
	}
}

// liBook writes an .xlsx with the given sheets of text cells.
func liBook(t *testing.T, sheets map[string][][]string, order ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLinkedInContentRows: every value of a small content export, with the older
// "Shares (total)" name, content types, video views, and rows that cannot be read.
func TestLinkedInContentRows(t *testing.T) {
	raw := liBook(t, map[string][][]string{
		"Metrics": {
			{"Aggregated engagement metrics ..."},
			{"Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)", "Unique impressions (organic)",
				"Clicks (total)", "Reactions (total)", "Comments (total)", "Shares (total)", "Engagement rate (total)"},
			{"12/31/2025", "90", "10", "100", "60", "5", "4", "2", "1", "0.07"},
			{"01/01/2026", "7", "0", "7", "5", "0", "", "0", "0", "0"},
			{"13/01/2026", "1", "0", "1", "1", "0", "0", "0", "0", "0"},
			{"01/03/2026", "1", "0", "12x", "1", "0", "0", "0", "0", "0"},
		},
		"All posts": {
			{"Engagement metrics for individual posts. ..."},
			{"Post title", "Post link", "Post type", "Posted by", "Created date", "Impressions", "Views", "Clicks",
				"Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type"},
			{"A video", "https://www.linkedin.com/feed/update/urn:li:ugcPost:7400000000000000001", "Sponsored", "Ann", "12/30/2025",
				"500", "120", "9", "8", "1", "0", "2", "0.1", "Video"},
			{"Views, no type", "https://www.linkedin.com/posts/acme_x-activity-7400000000000000002-Ab1c", "Organic", "Ann", "12/31/2025",
				"50", "15", "1", "2", "0", "0", "", "0.1", ""},
			{"A picture &amp; words", "https://www.linkedin.com/feed/update/urn:li:activity:7400000000000000003", "Organic", "Ann", "",
				"40", "", "0", "1", "0", "1", "0", "0.1", "Image"},
			{"No link", "https://www.linkedin.com/company/acme/", "Organic", "Ann", "01/01/2026", "1", "", "0", "0", "0", "0", "0", "0", "Text"},
		},
	}, "Metrics", "All posts")
	ctx := ctxAt(t, "UTC", "2026-02-01")
	ctx.AsOfGiven = false
	p := parseBytesForTest(t, "acme_content_1767225600000.xlsx", raw, ctx)
	acct := queries.Account{Platform: "linkedin", Handle: "acme"}
	if p.Format != "linkedin-content" || !p.AsOf.Equal(liDay("2026-01-01")) || p.RowsRead != 8 {
		t.Fatalf("format %s asOf %v rows %d", p.Format, p.AsOf, p.RowsRead)
	}
	d := func(date, metric string, v float64) queries.Daily {
		return queries.Daily{Account: acct, Day: liDay(date), Metric: metric, Value: v}
	}
	wantDaily := []queries.Daily{
		d("2025-12-31", "views", 100), d("2025-12-31", "reach", 60), d("2025-12-31", "clicks", 5), d("2025-12-31", "likes", 4),
		d("2025-12-31", "comments", 2), d("2025-12-31", "shares", 1), d("2025-12-31", "interactions", 7),
		// No reactions reported: no likes and no interactions that day.
		d("2026-01-01", "views", 7), d("2026-01-01", "reach", 5), d("2026-01-01", "clicks", 0),
		d("2026-01-01", "comments", 0), d("2026-01-01", "shares", 0),
	}
	if !reflect.DeepEqual(p.Daily, wantDaily) {
		t.Errorf("daily:\n got %v\nwant %v", p.Daily, wantDaily)
	}
	wantPosts := []queries.Post{
		{Account: acct, PostID: "urn:li:ugcPost:7400000000000000001", PublishedAt: liDay("2025-12-30"), ContentType: "video",
			RawType: "Sponsored / Video", Caption: "A video", Permalink: "https://www.linkedin.com/feed/update/urn:li:ugcPost:7400000000000000001",
			Metrics: queries.Metrics{Views: ptr[int64](500), Clicks: ptr[int64](9), Likes: ptr[int64](8), Comments: ptr[int64](1),
				Shares: ptr[int64](0), Follows: ptr[int64](2), VideoViews: ptr[int64](120)}},
		{Account: acct, PostID: "urn:li:activity:7400000000000000002", PublishedAt: liDay("2025-12-31"), ContentType: "video",
			RawType: "Organic", Caption: "Views, no type", Permalink: "https://www.linkedin.com/posts/acme_x-activity-7400000000000000002-Ab1c",
			Metrics: queries.Metrics{Views: ptr[int64](50), Clicks: ptr[int64](1), Likes: ptr[int64](2), Comments: ptr[int64](0),
				Shares: ptr[int64](0), VideoViews: ptr[int64](15)}},
		{Account: acct, PostID: "urn:li:activity:7400000000000000003", ContentType: "image",
			RawType: "Organic / Image", Caption: "A picture & words", Permalink: "https://www.linkedin.com/feed/update/urn:li:activity:7400000000000000003",
			Metrics: queries.Metrics{Views: ptr[int64](40), Clicks: ptr[int64](0), Likes: ptr[int64](1), Comments: ptr[int64](0),
				Shares: ptr[int64](1), Follows: ptr[int64](0)}},
	}
	if !reflect.DeepEqual(p.Posts, wantPosts) {
		t.Errorf("posts:\n got %+v\nwant %+v", p.Posts, wantPosts)
	}
	wantRejects := []*RowError{
		{File: "acme_content_1767225600000.xlsx [Metrics]", Line: 5, Column: 1, Field: "Date", Value: "13/01/2026", Expected: liDateWhat},
		{File: "acme_content_1767225600000.xlsx [Metrics]", Line: 6, Column: 4, Field: "Impressions (total)", Value: "12x", Expected: "a whole number (like 1234)"},
		{File: "acme_content_1767225600000.xlsx [All posts]", Line: 6, Column: 2, Field: "Post link", Value: "https://www.linkedin.com/company/acme/",
			Expected: "a LinkedIn post link like https://www.linkedin.com/feed/update/urn:li:activity:7453344261539815425"},
	}
	if !reflect.DeepEqual(p.Rejects, wantRejects) {
		t.Errorf("rejects:\n got %v\nwant %v", p.Rejects, wantRejects)
	}
	if got := p.Rejects[0].Error(); got != `acme_content_1767225600000.xlsx [Metrics]: line 5, column 1 (Date): "13/01/2026" is not a date like 04/24/2026 (MM/DD/YYYY)` {
		t.Errorf("message %q", got)
	}
}

// TestLinkedInDetect: only LinkedIn's own sheets are claimed.
func TestLinkedInDetect(t *testing.T) {
	for _, tc := range []struct {
		sheets map[string][][]string
		order  []string
		want   string
	}{
		{map[string][][]string{"Metrics": {{"Date", "Views"}}}, []string{"Metrics"}, ""},
		{map[string][][]string{"New followers": {{"Date", "Total followers", "Organic followers"}}}, []string{"New followers"}, "linkedin-followers"},
		{map[string][][]string{"Visitor metrics": {{"Date", "Total page views (total)"}}}, []string{"Visitor metrics"}, "linkedin-visitors"},
		{map[string][][]string{"x": {{"a"}}, "All posts": {{"note"}, {"Post link", "Created date"}}}, []string{"x", "All posts"}, "linkedin-content"},
	} {
		f, err := newFile("book.xlsx", liBook(t, tc.sheets, tc.order...))
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, fm := range linkedinFormats() {
			if fm.Detect(f) {
				got = fm.ID
				break
			}
		}
		if got != tc.want {
			t.Errorf("%v: detected %q, want %q", tc.order, got, tc.want)
		}
	}
}

// TestLiFindURN: the scan finds what the regular expression finds, on links and on
// random text made of the pattern's pieces.
func TestLiFindURN(t *testing.T) {
	re := regexp.MustCompile(`urn:li:([A-Za-z]+):(\d+)`)
	pieces := []string{"urn:li:", "urn:", "li:", "activity", "ugcPost", "A", "z", ":", "7453344261539815425", "0", "9", "-", "/", "%3A", "é", "urn:li:activity:", " "}
	inputs := []string{"", "https://www.linkedin.com/feed/update/urn:li:activity:7453344261539815425", "urn:li:activity:", "urn:li::123",
		"urn:li:urn:li:share:12", "xurn:li:a:1b", "urn:li:a1:2 urn:li:b:3"}
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for n := rng.Intn(7); n >= 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	found := 0
	for _, s := range inputs {
		if got, want := liFindURN(s), re.FindString(s); got != want {
			t.Fatalf("liFindURN(%q) = %q, the pattern finds %q", s, got, want)
		} else if got != "" {
			found++
		}
	}
	if found < 1000 {
		t.Fatalf("only %d inputs hold a URN", found)
	}
}

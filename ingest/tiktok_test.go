package ingest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

const tiktokSamples = sharedExports + "tiktok-1/"

var ttNoAccount = queries.Account{Platform: "tiktok"}

func ttDaily(date, metric string, v float64) queries.Daily {
	return queries.Daily{Account: ttNoAccount, Day: liDay(date), Metric: metric, Value: v}
}

// TestTikTokRealSamples: each real file, with counts and totals taken by Python's
// csv module ("undefined" is not reported), exported on 2026-06-30 (the video ids
// of Content.csv carry their upload time: 2026-06-13 and 2026-05-18).
func TestTikTokRealSamples(t *testing.T) {
	tests := []struct {
		file     string
		format   string
		skipped  bool
		rowsRead int
		counts   map[string]int
		sums     map[string]float64
		first    string
		last     string
	}{
		{"Overview.csv", "tiktok-overview", false, 119,
			map[string]int{"video_views": 119, "profile_visits": 119, "likes": 119, "comments": 119, "shares": 119},
			map[string]float64{"video_views": 9326, "profile_visits": 356, "likes": 385, "comments": 20, "shares": 19},
			"2026-03-02", "2026-06-28"},
		{"FollowerHistory.csv", "tiktok-follower-history", false, 365,
			map[string]int{"followers_total": 88, "net_followers": 365},
			map[string]float64{"followers_total": 3620, "net_followers": 49},
			"2025-06-30", "2026-06-29"},
		{"Viewers.csv", "tiktok-viewers", false, 365,
			map[string]int{"viewers": 88, "new_viewers": 365},
			map[string]float64{"viewers": 7410, "new_viewers": 6032},
			"2025-06-30", "2026-06-29"},
		{"FollowerActivity.csv", "tiktok-follower-activity", true, 0, map[string]int{}, map[string]float64{}, "", ""},
		{"FollowerGender.csv", "tiktok-follower-gender", true, 0, map[string]int{}, map[string]float64{}, "", ""},
		{"FollowerTopTerritories.csv", "tiktok-follower-territories", true, 0, map[string]int{}, map[string]float64{}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			p := parseForTest(t, tiktokSamples+tc.file, ctxAt(t, "Asia/Jakarta", "2026-06-30"))
			if p.Format != tc.format || p.Platform != "tiktok" || p.Skipped != tc.skipped || p.RowsRead != tc.rowsRead ||
				len(p.Posts) != 0 || len(p.Rejects) != 0 || len(p.Accounts) != 0 || !p.AsOf.IsZero() {
				t.Fatalf("got %s skipped=%v rows=%d posts=%d rejects=%v accounts=%v asOf=%v", p.Format, p.Skipped, p.RowsRead,
					len(p.Posts), p.Rejects, p.Accounts, p.AsOf)
			}
			sums, counts := liSums(p.Daily)
			if !reflect.DeepEqual(counts, tc.counts) || !reflect.DeepEqual(sums, tc.sums) {
				t.Errorf("days %v sums %v, want %v %v", counts, sums, tc.counts, tc.sums)
			}
			if tc.skipped {
				if len(p.Notes) != 1 {
					t.Errorf("notes %q", p.Notes)
				}
				return
			}
			if first, last := p.Daily[0].Day, p.Daily[len(p.Daily)-1].Day; !first.Equal(liDay(tc.first)) || !last.Equal(liDay(tc.last)) {
				t.Errorf("days %v to %v, want %s to %s", first, last, tc.first, tc.last)
			}
			for i, d := range p.Daily {
				if d.Account != ttNoAccount || i > 0 && d.Day.Before(p.Daily[i-1].Day) {
					t.Fatalf("daily row %d: %+v", i, d)
				}
			}
		})
	}

	ctx := ctxAt(t, "Asia/Jakarta", "2026-06-30")
	ov := parseForTest(t, tiktokSamples+"Overview.csv", ctx)
	for metric, want := range map[string]float64{"video_views": 181, "profile_visits": 3, "likes": 9, "comments": 0, "shares": 0} {
		if got := liDailyValue(t, ov.Daily, liDay("2026-06-24"), metric); got != want {
			t.Errorf("June 24 %s = %v, want %v", metric, got, want)
		}
	}
	fh := parseForTest(t, tiktokSamples+"FollowerHistory.csv", ctx)
	for _, c := range []struct {
		date, metric string
		want         float64
	}{
		{"2025-12-31", "net_followers", 0}, {"2026-01-01", "net_followers", 0}, // the year turns inside the file
		{"2026-04-03", "followers_total", 15}, {"2026-04-04", "followers_total", 16}, {"2026-04-04", "net_followers", 1},
		{"2026-06-29", "followers_total", 64},
	} {
		if got := liDailyValue(t, fh.Daily, liDay(c.date), c.metric); got != c.want {
			t.Errorf("%s %s = %v, want %v", c.date, c.metric, got, c.want)
		}
	}
	if !reflect.DeepEqual(fh.Notes, []string{
		"TikTok's dates have no year: read as 2025-06-30 to 2026-06-29, the last day on or before 2026-06-30",
		`"Followers" is not reported on 277 day(s) (empty or "undefined"); those days have no followers_total`,
	}) {
		t.Errorf("notes %q", fh.Notes)
	}
	vw := parseForTest(t, tiktokSamples+"Viewers.csv", ctx)
	if v, n := liDailyValue(t, vw.Daily, liDay("2026-06-29"), "viewers"), liDailyValue(t, vw.Daily, liDay("2026-06-29"), "new_viewers"); v != 70 || n != 54 {
		t.Errorf("June 29 viewers %v new %v", v, n)
	}
}

func TestTikTokRealContent(t *testing.T) {
	ctx := ctxAt(t, "Asia/Jakarta", "2026-06-30")
	p := parseForTest(t, tiktokSamples+"Content.csv", ctx)
	acct := queries.Account{Platform: "tiktok", Handle: "sobat.ti"}
	if p.Format != "tiktok-content" || p.RowsRead != 5 || len(p.Rejects) != 0 || !p.AsOf.IsZero() ||
		!reflect.DeepEqual(p.Accounts, []queries.Account{acct}) {
		t.Fatalf("got %s rows=%d rejects=%v asOf=%v accounts=%v", p.Format, p.RowsRead, p.Rejects, p.AsOf, p.Accounts)
	}
	type want struct {
		id, posted, caption        string
		likes, comments, shares, v int64
	}
	for i, w := range []want{
		{"7650921463263792402", "2026-06-13", "tenang aja sobatti ready 24/7", 200, 0, 4, 3566},
		{"7623987384367025426", "2026-04-02", "Buat kalian yang masih bingung skill IT", 52, 8, 4, 1884},
		{"7642275818948807944", "2026-05-21", "aman yaa kita udah jago kontrol kok guys🤗", 68, 2, 5, 1845},
		{"7631109188441165064", "2026-04-21", "jangan sampai kelewatan promo spesial", 33, 7, 2, 1270},
		{"7641266735575747848", "2026-05-18", "guys minsob mau ngucapin makasih banyak", 16, 3, 1, 506},
	} {
		po := p.Posts[i]
		d := liDay(w.posted)
		published := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, ctx.Loc).UTC() // 17:00 UTC the day before
		m := queries.Metrics{Views: ptr(w.v), Likes: ptr(w.likes), Comments: ptr(w.comments), Shares: ptr(w.shares)}
		if po.Account != acct || po.PostID != w.id || !po.PublishedAt.Equal(published) || po.PublishedAt.Location() != time.UTC ||
			po.ContentType != "video" || po.RawType != "video" || po.Permalink != "https://www.tiktok.com/@sobat.ti/video/"+w.id ||
			!strings.HasPrefix(po.Caption, w.caption) || !reflect.DeepEqual(po.Metrics, m) {
			t.Errorf("post %d: %+v", i, po)
		}
	}
	if c := p.Posts[0].Caption; c != "tenang aja sobatti ready 24/7 buat bantu tugas, tubes maupun project kalian loh, langsung dm saja🤗#openjoki #teknikinformatika #polines #informaticsengineering" {
		t.Errorf("caption %q", c)
	}

	// Without --as-of the export day in "Time" is the day the totals were true.
	ctx.AsOfGiven = false
	ctx.AsOf = liDay("2026-07-15")
	if p := parseForTest(t, tiktokSamples+"Content.csv", ctx); !p.AsOf.Equal(liDay("2026-06-30")) {
		t.Errorf("AsOf %v", p.AsOf)
	}
}

// TestTikTokGreekFollowerHistory: a Greek file crossing New Year, "undefined", BOM,
// no final newline, a count with a thousands separator.
func TestTikTokGreekFollowerHistory(t *testing.T) {
	p := parseForTest(t, "../testdata/tiktok/FollowerHistory-el.csv", ctxAt(t, "Europe/Athens", "2026-01-03"))
	want := []queries.Daily{
		ttDaily("2025-12-30", "net_followers", 0),
		ttDaily("2025-12-31", "followers_total", 1208), ttDaily("2025-12-31", "net_followers", -2),
		ttDaily("2026-01-01", "followers_total", 1215), ttDaily("2026-01-01", "net_followers", 7),
		ttDaily("2026-01-02", "followers_total", 1230), ttDaily("2026-01-02", "net_followers", 15),
	}
	if p.Format != "tiktok-follower-history" || p.RowsRead != 4 || len(p.Rejects) != 0 || !reflect.DeepEqual(p.Daily, want) {
		t.Errorf("got %s rows=%d rejects=%v\n%v", p.Format, p.RowsRead, p.Rejects, p.Daily)
	}
	if !reflect.DeepEqual(p.Notes, []string{
		"TikTok's dates have no year: read as 2025-12-30 to 2026-01-02, the last day on or before 2026-01-03",
		`"Followers" is not reported on 1 day(s) (empty or "undefined"); those days have no followers_total`,
	}) {
		t.Errorf("notes %q", p.Notes)
	}
}

// TestTikTokOverviewLanguages: the same overview in nine app languages (Dutch
// without BOM, German with CRLF), from 31 December to 25 February.
func TestTikTokOverviewLanguages(t *testing.T) {
	want := []queries.Daily{
		ttDaily("2025-12-31", "video_views", 100), ttDaily("2025-12-31", "profile_visits", 2), ttDaily("2025-12-31", "likes", 10),
		ttDaily("2025-12-31", "comments", 1), ttDaily("2025-12-31", "shares", 0),
		ttDaily("2026-01-01", "video_views", 1777), ttDaily("2026-01-01", "profile_visits", 5), ttDaily("2026-01-01", "likes", 30),
		ttDaily("2026-01-01", "comments", 4), ttDaily("2026-01-01", "shares", 2),
		// likes "undefined" and comments empty: not reported.
		ttDaily("2026-02-25", "video_views", 1234), ttDaily("2026-02-25", "profile_visits", 9), ttDaily("2026-02-25", "shares", 3),
	}
	for _, lang := range []string{"en", "es", "fr", "de", "it", "pt", "nl", "el", "id"} {
		t.Run(lang, func(t *testing.T) {
			p := parseForTest(t, "../testdata/tiktok/Overview-"+lang+".csv", ctxAt(t, "UTC", "2026-03-01"))
			if p.Format != "tiktok-overview" || p.RowsRead != 3 || len(p.Rejects) != 0 || !reflect.DeepEqual(p.Daily, want) {
				t.Errorf("got %s rows=%d rejects=%v\n%v", p.Format, p.RowsRead, p.Rejects, p.Daily)
			}
			if len(p.Notes) != 3 {
				t.Errorf("notes %q", p.Notes)
			}
		})
	}
}

func TestTikTokBadDate(t *testing.T) {
	path := "../testdata/tiktok/Overview-bad-date.csv"
	p := parseForTest(t, path, ctxAt(t, "UTC", "2026-03-05"))
	want := []*RowError{{File: path, Line: 3, Column: 1, Field: "Date", Value: "31 Febtember", Expected: `a day and month like "March 2"`}}
	if !reflect.DeepEqual(p.Rejects, want) {
		t.Fatalf("rejects %v", p.Rejects)
	}
	if got := p.Rejects[0].Error(); got != path+`: line 3, column 1 (Date): "31 Febtember" is not a day and month like "March 2"` {
		t.Errorf("message %q", got)
	}
	if p.RowsRead != 3 || len(p.Daily) != 10 || !p.Daily[0].Day.Equal(liDay("2026-03-01")) || !p.Daily[9].Day.Equal(liDay("2026-03-03")) {
		t.Errorf("rows %d daily %v", p.RowsRead, p.Daily)
	}
}

// TestTikTokContentFixture: German dates, Post time in the year before the export
// day, a photo post, a link with a query string, quotes, an emoji, a line break and
// an HTML entity in a caption, "undefined" and empty counts.
func TestTikTokContentFixture(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2026-01-05")
	p := parseForTest(t, "../testdata/tiktok/Content-de.csv", ctx)
	acct := queries.Account{Platform: "tiktok", Handle: "praxis.muster"}
	want := []queries.Post{
		{Account: acct, PostID: "7590000000000000001", PublishedAt: time.Date(2025, 12, 29, 23, 0, 0, 0, time.UTC),
			ContentType: "video", RawType: "video", Caption: "Silvester in der Praxis 🎆 \"Prost\"\nund & los",
			Permalink: "https://www.tiktok.com/@praxis.muster/video/7590000000000000001",
			Metrics:   queries.Metrics{Views: ptr[int64](45210), Likes: ptr[int64](1204), Comments: ptr[int64](33), Shares: ptr[int64](12)}},
		{Account: acct, PostID: "7590000000000000002", PublishedAt: time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC),
			ContentType: "carousel", RawType: "photo", Caption: "Neujahr: drei Bilder",
			Permalink: "https://www.tiktok.com/@praxis.muster/photo/7590000000000000002",
			Metrics:   queries.Metrics{Views: ptr[int64](310), Comments: ptr[int64](0), Shares: ptr[int64](0)}},
		{Account: acct, PostID: "7590000000000000003", PublishedAt: time.Date(2026, 1, 1, 23, 0, 0, 0, time.UTC),
			ContentType: "video", RawType: "video", Caption: "Heute",
			Permalink: "https://www.tiktok.com/@praxis.muster/video/7590000000000000003?is_from_webapp=1",
			Metrics:   queries.Metrics{Likes: ptr[int64](5), Comments: ptr[int64](1), Shares: ptr[int64](0)}},
	}
	if p.RowsRead != 3 || len(p.Rejects) != 0 || !p.AsOf.IsZero() || !reflect.DeepEqual(p.Accounts, []queries.Account{acct}) {
		t.Fatalf("rows %d rejects %v asOf %v accounts %v", p.RowsRead, p.Rejects, p.AsOf, p.Accounts)
	}
	if !reflect.DeepEqual(p.Posts, want) {
		t.Errorf("posts:\n got %+v\nwant %+v", p.Posts, want)
	}
	ctx.AsOfGiven = false
	if p := parseForTest(t, "../testdata/tiktok/Content-de.csv", ctx); !p.AsOf.Equal(liDay("2026-01-02")) {
		t.Errorf("AsOf %v", p.AsOf)
	}
}

func TestTikTokContentBadRows(t *testing.T) {
	csv := "\ufeff" + `"Time","Video title","Video link","Post time","Total likes","Total comments","Total shares","Total views"
"June 30","a","https://www.tiktok.com/@x/video/1","Junly 3","1","1","1","1"
"June 30","b","https://www.tiktok.com/@x/live","June 3","1","1","1","1"
"June 30","c","https://www.tiktok.com/@x/video/2","June 3","1","1","lots","1"`
	p := parseBytesForTest(t, "Content.csv", []byte(csv), ctxAt(t, "UTC", "2026-07-01"))
	want := []*RowError{
		{File: "Content.csv", Line: 2, Column: 4, Field: "Post time", Value: "Junly 3", Expected: ttDateWhat},
		{File: "Content.csv", Line: 3, Column: 3, Field: "Video link", Value: "https://www.tiktok.com/@x/live",
			Expected: "a TikTok video link like https://www.tiktok.com/@handle/video/7650921463263792402"},
		{File: "Content.csv", Line: 4, Column: 7, Field: "Total shares", Value: "lots", Expected: "a whole number (like 1234)"},
	}
	if len(p.Posts) != 0 || !reflect.DeepEqual(p.Rejects, want) {
		t.Errorf("posts %v rejects %v", p.Posts, p.Rejects)
	}
}

// TestTikTokMonthNames: every month in eight app languages, written by hand here
// (not taken from the table under test), as TikTok writes them and in other cases
// and without accents.
func TestTikTokMonthNames(t *testing.T) {
	langs := []struct {
		lang   string
		months []string
		date   func(day, month string) string
	}{
		{"en", strings.Fields("January February March April May June July August September October November December"),
			func(d, m string) string { return m + " " + d }},
		{"es", strings.Fields("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"),
			func(d, m string) string { return d + " de " + m }},
		{"fr", strings.Fields("janvier février mars avril mai juin juillet août septembre octobre novembre décembre"),
			func(d, m string) string { return d + " " + m }},
		{"de", strings.Fields("Januar Februar März April Mai Juni Juli August September Oktober November Dezember"),
			func(d, m string) string { return d + ". " + m }},
		{"it", strings.Fields("gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"),
			func(d, m string) string { return d + " " + m }},
		{"pt", strings.Fields("janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"),
			func(d, m string) string { return d + " de " + m }},
		{"nl", strings.Fields("januari februari maart april mei juni juli augustus september oktober november december"),
			func(d, m string) string { return d + " " + m }},
		{"el", strings.Fields("Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου Σεπτεμβρίου Οκτωβρίου Νοεμβρίου Δεκεμβρίου"),
			func(d, m string) string { return d + " " + m }},
	}
	for _, l := range langs {
		for i, m := range l.months {
			for _, form := range []string{m, strings.ToUpper(m), strings.ToLower(m)} {
				s := l.date("25", form)
				got, ok := ttParseDayMonth(s)
				if !ok || got != (ttDayMonth{time.Month(i + 1), 25}) {
					t.Errorf("%s: %q read as %v %v", l.lang, s, got, ok)
				}
			}
		}
	}
	for s, want := range map[string]ttDayMonth{
		"March 2": {3, 2}, "2 March": {3, 2}, "Mar 2": {3, 2}, "march 2nd": {3, 2}, "  March   2 ": {3, 2},
		"1er mars": {3, 1}, "2 marco": {3, 2}, "2 de marco": {3, 2}, "2. Maerz": {}, "2. Marz": {3, 2}, "2 mrt": {3, 2},
		"25 φεβρουαριου": {2, 25}, "25 ΦΕΒΡΟΥΑΡΊΟΥ": {2, 25}, "2 Μαΐου": {5, 2}, "2 Μαιου": {5, 2}, "2 Μάιος": {5, 2},
		"25 Φεβ": {2, 25}, "2 Maret": {3, 2}, "2 marca": {3, 2}, "2 марта": {3, 2}, "2 Mart": {3, 2}, "2 Mayıs": {5, 2},
		"2 d’abril": {4, 2}, "2 d'abril": {4, 2}, "3月2日": {3, 2}, "3월 2일": {3, 2}, "29 February": {2, 29},
		"": {}, "March": {}, "2": {}, "32 March": {}, "February 30": {}, "Smarch 2": {}, "March 2, 2025": {},
		"2/3": {}, "13月2日": {}, "2 3 March": {}, "undefined": {},
	} {
		got, ok := ttParseDayMonth(s)
		if ok != (want != ttDayMonth{}) || got != want {
			t.Errorf("%q read as %v %v, want %v", s, got, ok, want)
		}
	}
	if len(ttAmbiguous) != 0 {
		t.Errorf("month names that mean different months: %v", ttAmbiguous)
	}
}

func TestTikTokYears(t *testing.T) {
	dm := func(s string) ttDayMonth {
		d, ok := ttParseDayMonth(s)
		if !ok {
			t.Fatalf("%q", s)
		}
		return d
	}
	for _, tc := range []struct {
		dates []string
		asOf  string
		want  []string // "" for a date its year does not have
	}{
		{[]string{"30 December", "31 December", "1 January", "2 January"}, "2026-01-03", []string{"2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"}},
		{[]string{"December 31"}, "2026-01-03", []string{"2025-12-31"}},
		{[]string{"January 3"}, "2026-01-03", []string{"2026-01-03"}},
		{[]string{"January 4"}, "2026-01-03", []string{"2025-01-04"}},
		{[]string{"January 1", "January 1"}, "2026-01-03", []string{"2026-01-01", "2026-01-01"}},
		{[]string{"June 1", "January 1", "June 1", "January 1"}, "2026-02-01", []string{"2024-06-01", "2025-01-01", "2025-06-01", "2026-01-01"}},
		{[]string{"February 29"}, "2026-03-01", []string{"2024-02-29"}},
		{[]string{"February 28", "February 29", "March 1"}, "2026-03-05", []string{"2026-02-28", "", "2026-03-01"}},
		{nil, "2026-03-05", nil},
	} {
		var dms []ttDayMonth
		for _, s := range tc.dates {
			dms = append(dms, dm(s))
		}
		days, _ := ttChronological(dms, liDay(tc.asOf))
		var got []string
		for _, d := range days {
			if d.IsZero() {
				got = append(got, "")
			} else {
				got = append(got, d.Format("2006-01-02"))
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%v as of %s: %v, want %v", tc.dates, tc.asOf, got, tc.want)
		}
	}
}

// TestTikTokDetect: the two-column audience files are claimed only as they are.
func TestTikTokDetect(t *testing.T) {
	for text, want := range map[string]string{
		"\ufeff\"Gender\",\"Distribution\"":                                "tiktok-follower-gender",
		"\"Gender\",\"Distribution\",\"Age\"":                              "",
		"\"Top territories\",\"Distribution\"\n\"ID\",\"0.9\"":             "tiktok-follower-territories",
		"\"Date\",\"Hour\",\"Active followers\"\n\"June 1\",\"3\",\"12\"":  "tiktok-follower-activity",
		"\"Date\",\"Total Viewers\",\"New Viewers\",\"Returning Viewers\"": "tiktok-viewers",
		"\"Date\",\"Followers\"":                                           "",
	} {
		f, err := newFile("x.csv", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, fm := range tiktokFormats() {
			if fm.Detect(f) {
				got = fm.ID
				break
			}
		}
		if got != want {
			t.Errorf("%q: detected %q, want %q", text, got, want)
		}
	}
	p := parseBytesForTest(t, "FollowerActivity.csv", []byte("\"Date\",\"Hour\",\"Active followers\"\n\"June 1\",\"3\",\"12\""), ctxAt(t, "UTC", "2026-07-01"))
	if !p.Skipped || p.RowsRead != 1 || len(p.Daily) != 0 || len(p.Notes) != 1 {
		t.Errorf("activity: %+v", p)
	}
}

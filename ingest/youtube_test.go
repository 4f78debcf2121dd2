package ingest

import (
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

// The real YouTube Studio export. Counts taken with Python's csv module: Table
// data.csv has 274 records after the header, the first of them the Total row, so 273
// videos; Chart data.csv 15 records and Totals.csv 3, all dated by year (2024, 2025,
// 2026).
func TestYouTubeRealSamples(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	n := ptr[int64]
	yt := queries.Account{Platform: "youtube"}

	p := parseForTest(t, sharedExports+"youtube-1/Table data.csv", ctx)
	if p.Format != "youtube-table" || p.Platform != "youtube" || p.Skipped || p.RowsRead != 274 || len(p.Posts) != 273 || len(p.Rejects) != 0 || len(p.Daily) != 0 {
		t.Fatalf("table data: format %q platform %q skipped %v rows %d posts %d rejects %v daily %d",
			p.Format, p.Platform, p.Skipped, p.RowsRead, len(p.Posts), p.Rejects, len(p.Daily))
	}
	if want := []string{"the Total row (line 2) was skipped"}; strings.Join(p.Notes, "|") != strings.Join(want, "|") {
		t.Errorf("notes %q", p.Notes)
	}
	ids := map[string]bool{}
	negative, undated := 0, 0
	for _, po := range p.Posts {
		ids[po.PostID] = true
		if po.Account != yt || po.ContentType != "video" || po.Permalink != "https://www.youtube.com/watch?v="+po.PostID ||
			po.Metrics.Views == nil || po.Metrics.WatchTimeSec == nil {
			t.Fatalf("post %s", fmtPost(po))
		}
		if po.Metrics.Follows != nil && *po.Metrics.Follows < 0 {
			negative++
		}
		if po.PublishedAt.IsZero() {
			undated++
		}
	}
	if len(ids) != 273 || negative != 2 || undated != 1 {
		t.Errorf("%d distinct ids, %d with negative subscribers, %d undated; want 273, 2, 1", len(ids), negative, undated)
	}
	for _, want := range []queries.Post{
		{
			Account: yt, PostID: "UObM30FGdSs", PublishedAt: utcAt(2025, 2, 15, 0, 0), ContentType: "video",
			Caption:   "The 12 Tribes origins and historical significance!  #history #biblicalexploration #history",
			Permalink: "https://www.youtube.com/watch?v=UObM30FGdSs",
			Metrics:   queries.Metrics{Views: n(115217), WatchTimeSec: ptr(5884956.0), Follows: n(1446)},
		},
		{
			Account: yt, PostID: "WpEsJWK1Awo", PublishedAt: utcAt(2025, 3, 30, 0, 0), ContentType: "video",
			Caption:   "Part 11: The Prophecy revealed: Full Breakdown of the 12 Tribes of Israel @AIBIBLEGOSPELS",
			Permalink: "https://www.youtube.com/watch?v=WpEsJWK1Awo",
			Metrics:   queries.Metrics{Views: n(59920), WatchTimeSec: ptr(1993457.16), Follows: n(362)}, // 553.7381 h
		},
		{
			Account: yt, PostID: "qUNz7fKwtMo", PublishedAt: utcAt(2025, 9, 13, 0, 0), ContentType: "video",
			Caption:   "What Happened to Black Nobility? @AIBIBLEGOSPELS",
			Permalink: "https://www.youtube.com/watch?v=qUNz7fKwtMo",
			Metrics:   queries.Metrics{Views: n(325), WatchTimeSec: ptr(23061.6), Follows: n(-1)},
		},
		{
			// Written " -grZ-uQ2U7w" (YouTube's guard against a spreadsheet formula), no
			// publish time, no Subscribers value.
			Account: yt, PostID: "-grZ-uQ2U7w", ContentType: "video", Caption: "Kingdom Prosperity AD",
			Permalink: "https://www.youtube.com/watch?v=-grZ-uQ2U7w",
			Metrics:   queries.Metrics{Views: n(5), WatchTimeSec: ptr(298.8), Follows: n(0)},
		},
		{
			Account: yt, PostID: "2jY6JD1f3Ak", PublishedAt: utcAt(2026, 3, 14, 0, 0), ContentType: "video",
			Caption:   "AI Voice of the Gospel | Who Are the 12 Tribes of Israel? | Ancient Truths Uncovered",
			Permalink: "https://www.youtube.com/watch?v=2jY6JD1f3Ak",
			Metrics:   queries.Metrics{Views: n(159), WatchTimeSec: ptr(904.68)},
		},
	} {
		if got := findPost(t, p, want.PostID); fmtPost(got) != fmtPost(want) {
			t.Errorf("post %s:\n got %s\nwant %s", want.PostID, fmtPost(got), fmtPost(want))
		}
	}

	for _, tc := range []struct{ file, format, note string }{
		{"Chart data.csv", "youtube-chart", "YouTube chart data is per video and date, which pulse does not store: it keeps each video's totals (Table data.csv) and the channel's days (Totals.csv); this one is aggregated by year"},
		{"Totals.csv", "youtube-totals", "YouTube Studio Totals.csv is aggregated by year: choose daily in YouTube Studio to load it"},
	} {
		p := parseForTest(t, sharedExports+"youtube-1/"+tc.file, ctx)
		rows := map[string]int{"Chart data.csv": 15, "Totals.csv": 3}[tc.file]
		if p.Format != tc.format || !p.Skipped || p.RowsRead != rows || len(p.Posts)+len(p.Daily)+len(p.Rejects) != 0 ||
			len(p.Notes) != 1 || p.Notes[0] != tc.note {
			t.Errorf("%s: format %q skipped %v rows %d posts %d daily %d rejects %d notes %q",
				tc.file, p.Format, p.Skipped, p.RowsRead, len(p.Posts), len(p.Daily), len(p.Rejects), p.Notes)
		}
	}
}

func TestYouTubeFixtures(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	n := ptr[int64]
	const dir = "../testdata/youtube/"
	yt := queries.Account{Platform: "youtube"}
	day := func(m time.Month, d int, metric string, v float64) queries.Daily {
		return queries.Daily{Account: yt, Day: utcAt(2025, m, d, 0, 0), Metric: metric, Value: v}
	}
	cases := []struct {
		file string
		want Parsed
	}{
		{
			file: "Table data.csv",
			want: Parsed{
				Format: "youtube-table", Platform: "youtube", RowsRead: 5,
				Notes: []string{"the Total row (line 2) was skipped"},
				Batch: queries.Batch{Posts: []queries.Post{
					{
						Account: yt, PostID: "abcDEF12345", PublishedAt: utcAt(2025, 1, 8, 0, 0), ContentType: "video",
						Caption: `Tacos, tortillas & "salsa"`, Permalink: "https://www.youtube.com/watch?v=abcDEF12345",
						Metrics: queries.Metrics{Views: n(1234), Likes: n(40), Comments: n(5), Shares: n(3),
							WatchTimeSec: ptr(36900.0), Follows: n(5)},
					},
					{
						// A leading space, no publish time, negative Subscribers, empty
						// Likes/Comments/Shares (not reported).
						Account: yt, PostID: "-xyZ_987654", ContentType: "video", Caption: "Kingdom AD",
						Permalink: "https://www.youtube.com/watch?v=-xyZ_987654",
						Metrics:   queries.Metrics{Views: n(5), WatchTimeSec: ptr(298.8), Follows: n(-2)},
					},
					{
						Account: yt, PostID: "mnoPQR24680", PublishedAt: utcAt(2025, 12, 31, 0, 0), ContentType: "video",
						Caption: "Later", Permalink: "https://www.youtube.com/watch?v=mnoPQR24680",
						Metrics: queries.Metrics{Views: n(1001), Likes: n(3), Comments: n(1), Shares: n(0),
							WatchTimeSec: ptr(1800.0), Follows: n(0)},
					},
				}},
				Rejects: []*RowError{{File: dir + "Table data.csv", Line: 5, Column: 5, Field: "Views", Value: "12.5",
					Expected: "a whole number (like 1234)"}},
			},
		},
		{
			file: "Totals.csv",
			want: Parsed{
				Format: "youtube-totals", Platform: "youtube", RowsRead: 3,
				Batch: queries.Batch{Daily: []queries.Daily{
					day(1, 8, "views", 120), day(1, 8, "watch_time_sec", 12600), day(1, 8, "net_followers", -1),
					day(1, 8, "new_followers", 2), day(1, 8, "unfollows", 3), day(1, 8, "likes", 10),
					// "Jan 9, 2025"; Likes empty: no row.
					day(1, 9, "views", 200), day(1, 9, "watch_time_sec", 15300), day(1, 9, "net_followers", 4),
					day(1, 9, "new_followers", 5), day(1, 9, "unfollows", 1),
				}},
				Rejects: []*RowError{{File: dir + "Totals.csv", Line: 4, Column: 1, Field: "Date", Value: "2025-13-01",
					Expected: `a date like "Jan 8, 2025" or 2025-01-08`}},
			},
		},
		{
			file: "Chart data.csv",
			want: Parsed{
				Format: "youtube-chart", Platform: "youtube", RowsRead: 2, Skipped: true,
				Notes: []string{"YouTube chart data is per video and date, which pulse does not store: it keeps each video's totals (Table data.csv) and the channel's days (Totals.csv)"},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			checkWholeParse(t, parseForTest(t, dir+tc.file, ctx), &tc.want)
		})
	}
}

// Totals.csv grouped by month is recognised (by its name, as "Date,Views" says
// nothing else) and skipped.
func TestYouTubeTotalsByMonth(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	p := parseBytesForTest(t, "export/Totals.csv", []byte("Date,Views\nJan 2025,10\nFeb 2025,12\n"), ctx)
	if p.Format != "youtube-totals" || !p.Skipped || len(p.Daily) != 0 || len(p.Notes) != 1 ||
		p.Notes[0] != "YouTube Studio Totals.csv is aggregated by month: choose daily in YouTube Studio to load it" {
		t.Fatalf("monthly totals: %+v", p)
	}
}

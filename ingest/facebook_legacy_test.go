package ingest

import (
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

const legacyFixtures = "../testdata/facebook-legacy/"

// Counts taken with Python's csv module: data rows after the header, less the
// description row.
func TestFacebookLegacyRealSamples(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	const vic = "Visualization Studio VIC"
	tests := []struct {
		path   string
		format string
		name   string
		rows   int
		posts  int
		daily  int
		dupes  string // the dupe note, "" when the header repeats nothing
	}{
		{"facebook-legacy-1/Facebook Insights Data Export - Midwest Taiwanese Biotechnology Association - MTBA - 2018-07-25.csv",
			"facebook-legacy-page", "Facebook Insights page export (legacy): Midwest Taiwanese Biotechnology Association - MTBA",
			// 116 days; the loaded columns have 116 (reach, impressions, total likes),
			// 84 (new likes), 4 (unlikes), 111 (engaged users), 105 (consumptions) and
			// 108 (logged-in page views) values: 760.
			116, 0, 760, "the header repeats Daily Logged-in Page Views, Weekly Logged-in Page Views, Daily Total Check-Ins,"},
		{"facebook-legacy-2/Facebook Insights Data Export (Post Level) - Visualization Studio VIC - 2014-08-24 - 2015-02-19.csv",
			"facebook-legacy-posts", "Facebook Insights post export (legacy): " + vic, 98, 98, 0,
			"the header repeats Lifetime Organic views to 95%, Lifetime Paid views to 95%, Lifetime Organic Video Views, Lifetime Paid Video Views; the first of each was used"},
		{"facebook-legacy-2/Facebook Insights Data Export (Post Level) - Visualization Studio VIC - 2015-08-19 - 2016-02-15.csv",
			"facebook-legacy-posts", "Facebook Insights post export (legacy): " + vic, 170, 170, 0,
			"the header repeats Lifetime Organic views to 95%, Lifetime Paid views to 95%, Lifetime Organic Video Views, Lifetime Paid Video Views; the first of each was used"},
		{"facebook-legacy-2/Facebook Insights Data Export (Video Posts) - Visualization Studio VIC - 2014-08-24 - 2015-02-19.csv",
			"facebook-legacy-videos", "Facebook Insights video export (legacy): " + vic, 22, 22, 0, ""},
		{"facebook-legacy-2/Facebook Insights Data Export (Video Posts) - Visualization Studio VIC - 2015-08-19 - 2016-02-15.csv",
			"facebook-legacy-videos", "Facebook Insights video export (legacy): " + vic, 21, 21, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			p := parseForTest(t, sharedExports+tc.path, ctx)
			if p.Format != tc.format || p.Platform != "facebook" || p.Name != tc.name {
				t.Errorf("format, platform, name = %q, %q, %q", p.Format, p.Platform, p.Name)
			}
			if p.RowsRead != tc.rows || len(p.Posts) != tc.posts || len(p.Daily) != tc.daily || len(p.Accounts) != 1 {
				t.Errorf("rows, posts, daily, accounts = %d, %d, %d, %d; want %d, %d, %d, 1",
					p.RowsRead, len(p.Posts), len(p.Daily), len(p.Accounts), tc.rows, tc.posts, tc.daily)
			}
			if len(p.Rejects) > 0 {
				t.Errorf("%d rejects, first: %v", len(p.Rejects), p.Rejects[0])
			}
			if tc.dupes == "" && len(p.Notes) > 0 || tc.dupes != "" && (len(p.Notes) != 1 || !strings.HasPrefix(p.Notes[0], tc.dupes)) {
				t.Errorf("notes %q", p.Notes)
			}
			for _, po := range p.Posts {
				if po.PostID == "" || strings.Contains(po.PostID, "_") || po.PublishedAt.IsZero() || po.Account != p.Accounts[0] {
					t.Errorf("post %+v", po)
				}
			}
		})
	}
}

func TestFacebookLegacyRealValues(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	mtba := queries.Account{Platform: "facebook", Handle: "Midwest Taiwanese Biotechnology Association - MTBA",
		DisplayName: "Midwest Taiwanese Biotechnology Association - MTBA"}
	p := parseForTest(t, sharedExports+"facebook-legacy-1/Facebook Insights Data Export - Midwest Taiwanese Biotechnology Association - MTBA - 2018-07-25.csv", ctx)
	metaEqual(t, "page account", p.Accounts, []queries.Account{mtba})
	d := metaDay("2018-04-01")
	metaEqual(t, "first day", p.Daily[:8], []queries.Daily{
		{Account: mtba, Day: d, Metric: queries.MetricReach, Value: 920},
		{Account: mtba, Day: d, Metric: queries.MetricViews, Value: 1574},
		{Account: mtba, Day: d, Metric: queries.MetricNewFollowers, Value: 21},
		{Account: mtba, Day: d, Metric: queries.MetricUnfollows, Value: 1},
		{Account: mtba, Day: d, Metric: queries.MetricFollowersTotal, Value: 69},
		{Account: mtba, Day: d, Metric: queries.MetricInteractions, Value: 197},
		{Account: mtba, Day: d, Metric: queries.MetricClicks, Value: 239},
		{Account: mtba, Day: d, Metric: queries.MetricPageViews, Value: 29}, // not the repeated column's 18
	})
	perMetric := map[string]int{}
	for _, dd := range p.Daily {
		perMetric[dd.Metric]++
	}
	metaEqual(t, "values per metric", perMetric, map[string]int{
		queries.MetricReach: 116, queries.MetricViews: 116, queries.MetricFollowersTotal: 116, queries.MetricNewFollowers: 84,
		queries.MetricUnfollows: 4, queries.MetricInteractions: 111, queries.MetricClicks: 105, queries.MetricPageViews: 108,
	})
	if last := p.Daily[len(p.Daily)-1].Day; !last.Equal(metaDay("2018-07-25")) {
		t.Errorf("last day %v", last)
	}

	vic := queries.Account{Platform: "facebook", Handle: "Visualization Studio VIC", ExternalID: "518995791497187", DisplayName: "Visualization Studio VIC"}
	p = parseForTest(t, sharedExports+"facebook-legacy-2/Facebook Insights Data Export (Post Level) - Visualization Studio VIC - 2015-08-19 - 2016-02-15.csv", ctx)
	first := p.Posts[0]
	if !strings.HasPrefix(first.Caption, "Our Information Visualization students participated and won the Stockholm Digita") {
		t.Errorf("caption %q", first.Caption)
	}
	first.Caption = ""
	metaEqual(t, "first post", first, queries.Post{
		Account: vic, PostID: "1110323039031123",
		PublishedAt: metaUTC("2016-02-13 23:40:16"), // 02/14/2016 12:40:16 AM CET
		ContentType: "image", RawType: "Photo",
		Permalink: "https://www.facebook.com/VisualizationStudio/posts/1110323039031123",
		Metrics:   queries.Metrics{Views: metaInt(537), Reach: metaInt(301), Likes: metaInt(10), Clicks: metaInt(32)},
	})
	for _, po := range p.Posts {
		if po.PostID == "1021259777937450" && !po.PublishedAt.Equal(metaUTC("2015-08-19 01:51:26")) { // 03:51:26 AM CEST
			t.Errorf("summer time: %v", po.PublishedAt)
		}
	}
	// HTML entities in captions are decoded.
	for _, po := range p.Posts {
		if strings.Contains(po.Caption, "&quot;") || strings.Contains(po.Caption, "&amp;") {
			t.Errorf("entity left in %q", po.Caption)
		}
	}

	p = parseForTest(t, sharedExports+"facebook-legacy-2/Facebook Insights Data Export (Video Posts) - Visualization Studio VIC - 2014-08-24 - 2015-02-19.csv", ctx)
	first = p.Posts[0]
	first.Caption = ""
	metaEqual(t, "first video", first, queries.Post{
		Account: vic, PostID: "880619595334803",
		PublishedAt: metaUTC("2014-12-11 13:27:02"),
		ContentType: "video", RawType: "Video",
		Permalink: "https://www.facebook.com/VisualizationStudio/videos/880619595334803/",
		Metrics: queries.Metrics{Views: metaInt(1776), Reach: metaInt(696), Likes: metaInt(10), Comments: metaInt(1), Shares: metaInt(2),
			VideoViews: metaInt(252)},
	})
}

func TestFacebookLegacyFixturePage(t *testing.T) {
	path := legacyFixtures + "Facebook Insights Data Export - Tiny Page - Berlin - 2019-07-31.csv"
	p := parseForTest(t, path, ctxAt(t, "Europe/Berlin", "2025-04-15"))
	page := queries.Account{Platform: "facebook", Handle: "Tiny Page - Berlin", DisplayName: "Tiny Page - Berlin"}
	metaEqual(t, "header", []any{p.Format, p.Platform, p.Name, p.RowsRead, p.Skipped, p.AsOf, p.Accounts, p.Posts},
		[]any{"facebook-legacy-page", "facebook", "Facebook Insights page export (legacy): Tiny Page - Berlin", 4, false,
			time.Time{}, []queries.Account{page}, []queries.Post(nil)})
	metaEqual(t, "notes", p.Notes, []string{"the header repeats Daily Logged-in Page Views; the first of each was used"})
	d1, d2, d4 := metaDay("2019-01-15"), metaDay("2019-07-01"), metaDay("2019-07-03")
	metaEqual(t, "days", p.Daily, []queries.Daily{
		{Account: page, Day: d1, Metric: queries.MetricReach, Value: 300},
		{Account: page, Day: d1, Metric: queries.MetricViews, Value: 450}, // "450.0"
		{Account: page, Day: d1, Metric: queries.MetricNewFollowers, Value: 5},
		// Daily Unlikes empty: not reported.
		{Account: page, Day: d1, Metric: queries.MetricFollowersTotal, Value: 1234}, // "1,234"
		{Account: page, Day: d1, Metric: queries.MetricInteractions, Value: 12},
		{Account: page, Day: d1, Metric: queries.MetricClicks, Value: 9},
		{Account: page, Day: d1, Metric: queries.MetricPageViews, Value: 7}, // the first of the two columns
		{Account: page, Day: d2, Metric: queries.MetricReach, Value: 310},
		{Account: page, Day: d2, Metric: queries.MetricViews, Value: 460},
		{Account: page, Day: d2, Metric: queries.MetricNewFollowers, Value: 6},
		{Account: page, Day: d2, Metric: queries.MetricUnfollows, Value: 1},
		{Account: page, Day: d2, Metric: queries.MetricFollowersTotal, Value: 1240},
		// Engaged users "-" and consumptions "undefined": not reported.
		{Account: page, Day: d2, Metric: queries.MetricPageViews, Value: 8},
		// 2019-07-03 has 3 of 11 fields.
		{Account: page, Day: d4, Metric: queries.MetricNewFollowers, Value: 2},
		{Account: page, Day: d4, Metric: queries.MetricFollowersTotal, Value: 1242},
	})
	metaEqual(t, "rejects", p.Rejects, []*RowError{
		{File: path, Line: 5, Column: 3, Field: "Daily New Likes", Value: "x", Expected: "a number (like 12.5)"},
	})

	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	ctx.AsOfGiven = false
	if p := parseForTest(t, path, ctx); !p.AsOf.Equal(metaDay("2019-07-31")) {
		t.Errorf("AsOf from the name: %v", p.AsOf)
	}
}

func TestFacebookLegacyFixturePosts(t *testing.T) {
	path := legacyFixtures + "Facebook Insights Data Export (Post Level) - Tiny Page - Berlin - 2019-01-01 - 2019-07-31.csv"
	p := parseForTest(t, path, ctxAt(t, "Europe/Berlin", "2025-04-15"))
	page := queries.Account{Platform: "facebook", Handle: "Tiny Page - Berlin", ExternalID: "111", DisplayName: "Tiny Page - Berlin"}
	metaEqual(t, "header", []any{p.Format, p.Platform, p.Name, p.RowsRead, p.Skipped, p.AsOf, p.Accounts, p.Daily},
		[]any{"facebook-legacy-posts", "facebook", "Facebook Insights post export (legacy): Tiny Page - Berlin", 5, false,
			time.Time{}, []queries.Account{page}, []queries.Daily(nil)})
	metaEqual(t, "notes", p.Notes, []string{"the header repeats Lifetime Organic Video Views; the first of each was used"})
	metaEqual(t, "posts", p.Posts, []queries.Post{{
		Account: page, PostID: "201",
		PublishedAt: metaUTC("2019-01-15 22:45:22"), // 11:45:22 PM CET
		ContentType: "image", RawType: "Photo",
		Caption:   "Q&A tonight\n\"Bring questions\"",
		Permalink: "https://www.facebook.com/TinyPage/posts/201",
		// Likes from "Stories" (45), not "Talking About This" (40); share empty.
		Metrics: queries.Metrics{Views: metaInt(2000), Reach: metaInt(1234), Likes: metaInt(45), Comments: metaInt(3), Clicks: metaInt(30)},
	}, {
		Account: page, PostID: "202",
		PublishedAt: metaUTC("2019-06-30 22:05:00"), // 12:05:00 AM CEST on 1 July
		ContentType: "video", RawType: "Video", Caption: "Summer",
		Permalink: "https://www.facebook.com/TinyPage/videos/202/",
		Metrics:   queries.Metrics{Views: metaInt(500), Reach: metaInt(300), Likes: metaInt(9), Comments: metaInt(1), Clicks: metaInt(12)},
	}, {
		Account: page, PostID: "204",
		PublishedAt: metaUTC("2019-07-03 07:00:00"),
		ContentType: "link", RawType: "Link", Caption: "Short",
		Permalink: "https://www.facebook.com/TinyPage/posts/204",
		Metrics:   queries.Metrics{Reach: metaInt(10)},
	}, {
		// An id without the page prefix stays as it is.
		Account: page, PostID: "205",
		PublishedAt: metaUTC("2019-07-04 10:00:00"),
		ContentType: "video", RawType: "SharedVideo",
		Permalink: "https://www.facebook.com/TinyPage/posts/205",
		Metrics:   queries.Metrics{Views: metaInt(2), Reach: metaInt(1)},
	}})
	// Row 201 spans lines 3-4, so 203 starts on line 6.
	metaEqual(t, "rejects", p.Rejects, []*RowError{
		{File: path, Line: 6, Column: 6, Field: "Lifetime Post Total Reach", Value: "abc", Expected: "a whole number (like 1234)"},
	})
}

func TestFacebookLegacyFixtureVideos(t *testing.T) {
	path := legacyFixtures + "Facebook Insights Data Export (Video Posts) - Tiny Page - Berlin - 2019-01-01 - 2019-07-31.csv"
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	ctx.AsOfGiven = false
	p := parseForTest(t, path, ctx)
	page := queries.Account{Platform: "facebook", Handle: "Tiny Page - Berlin", ExternalID: "111", DisplayName: "Tiny Page - Berlin"}
	metaEqual(t, "header", []any{p.Format, p.Platform, p.Name, p.RowsRead, p.Skipped, p.AsOf, p.Accounts, p.Notes, len(p.Rejects)},
		[]any{"facebook-legacy-videos", "facebook", "Facebook Insights video export (legacy): Tiny Page - Berlin", 1, false,
			metaDay("2019-07-31"), []queries.Account{page}, []string(nil), 0})
	metaEqual(t, "posts", p.Posts, []queries.Post{{
		Account: page, PostID: "202",
		PublishedAt: metaUTC("2019-06-30 22:05:00"),
		ContentType: "video", RawType: "Video", Caption: "Summer",
		Permalink: "https://www.facebook.com/TinyPage/videos/202/",
		// Likes and comments from "Talking About This", the only ones this file has.
		Metrics: queries.Metrics{Views: metaInt(500), Reach: metaInt(300), Likes: metaInt(9), Comments: metaInt(1), VideoViews: metaInt(120)},
	}})
}

// A renamed file names no Page: its rows are left for --account.
func TestFacebookLegacyRenamed(t *testing.T) {
	raw := []byte("\ufeffPost ID,Permalink,Post Message,Type,Posted,Lifetime Post Total Reach\n" +
		",,,,,Lifetime: The total number of people your Page post was served to. (Unique Users)\n" +
		"9_1,https://www.facebook.com/x/posts/1,Hi,Status,01/02/2019 10:00:00 AM,5\n")
	p := parseBytesForTest(t, "posts.csv", raw, ctxAt(t, "UTC", "2025-04-15"))
	metaEqual(t, "renamed", []any{p.Format, p.Accounts, p.Posts[0].Account, p.Posts[0].PostID, p.RowsRead, p.Notes},
		[]any{"facebook-legacy-posts", []queries.Account(nil), queries.Account{Platform: "facebook", ExternalID: "9"}, "1", 1,
			[]string{"the file name is not the one Facebook gave it, so it does not say which Page this is"}})
}

func TestFacebookLegacyFileName(t *testing.T) {
	for name, want := range map[string][2]string{
		"Facebook Insights Data Export - Midwest Taiwanese Biotechnology Association - MTBA - 2018-07-25.csv":      {"Midwest Taiwanese Biotechnology Association - MTBA", "2018-07-25"},
		"Facebook Insights Data Export (Post Level) - Visualization Studio VIC - 2014-08-24 - 2015-02-19.csv":      {"Visualization Studio VIC", "2015-02-19"},
		"Facebook Insights Data Export (Video Posts) - Visualization Studio VIC - 2015-08-19 - 2016-02-15 (1).csv": {"Visualization Studio VIC", "2016-02-15"},
		"facebook insights data export - A - 2019-01-01.CSV":                                                       {"A", "2019-01-01"},
	} {
		page, d, ok := legacyFileName(name)
		if !ok || page != want[0] || d.Format("2006-01-02") != want[1] {
			t.Errorf("%s: %q %v %v", name, page, d, ok)
		}
	}
	if _, _, ok := legacyFileName("export.csv"); ok {
		t.Error("export.csv")
	}
}

package ingest

import (
	"os"
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

func TestPulseCSVFixtures(t *testing.T) {
	// The practice is in Berlin: "2025-04-14 18:30" is CEST (UTC+2), "2025-01-10" CET.
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	n := ptr[int64]
	const dir = "../testdata/pulsecsv/"
	threads := queries.Account{Platform: "threads", Handle: "pulse.demo"}
	bluesky := queries.Account{Platform: "bluesky", Handle: "pulse.bsky.social"}
	mastodon := queries.Account{Platform: "mastodon", Handle: "pulse@mastodon.social"}
	pinterest := queries.Account{Platform: "pinterest", Handle: "pulse"}
	day := func(a queries.Account, metric string, v float64) queries.Daily {
		return queries.Daily{Account: a, Day: utcAt(2025, 4, 14, 0, 0), Metric: metric, Value: v}
	}
	metricList := "views, reach, new_followers, unfollows, net_followers, followers_total, profile_visits, link_clicks, " +
		"clicks, interactions, engagements, likes, comments, shares, saves, video_views, watch_time_sec, posts_published, " +
		"page_views, unique_visitors, viewers, new_viewers"
	cases := []struct {
		file string
		want Parsed
	}{
		{
			file: "posts.csv",
			want: Parsed{
				Format: "pulse-posts", Platform: "bluesky,mastodon,pinterest,threads", RowsRead: 8,
				Batch: queries.Batch{
					Accounts: []queries.Account{threads, bluesky, mastodon, pinterest},
					Posts: []queries.Post{
						{
							// "@" dropped, local time to UTC, "1,234", entity decoded,
							// two-line caption, negative follows.
							Account: threads, PostID: "C5xYz", PublishedAt: utcAt(2025, 4, 14, 16, 30), ContentType: "image",
							Caption: "Spring menu & hours\nsecond line", Permalink: "https://www.threads.net/@pulse.demo/post/C5xYz",
							Metrics: queries.Metrics{Views: n(1234), Reach: n(900), Likes: n(56), Comments: n(7), Shares: n(3),
								Saves: n(2), Clicks: n(11), Follows: n(-1), ProfileVisits: n(4)},
						},
						{
							// Platform and content type in capitals; "-" and empty are nil.
							Account: bluesky, PostID: "3lmabc", PublishedAt: utcAt(2025, 4, 14, 16, 30), ContentType: "text",
							Caption: "Two words",
							Metrics: queries.Metrics{Views: n(410), Likes: n(12), Shares: n(2)},
						},
						{
							// No time, no content type (other), "5.0".
							Account: mastodon, PostID: "112233", ContentType: "other",
							Permalink: "https://mastodon.social/@pulse/112233",
							Metrics:   queries.Metrics{Views: n(5), VideoViews: n(20), WatchTimeSec: ptr(95.5), Follows: n(0)},
						},
						{
							// A date alone is 00:00 in the practice time zone.
							Account: pinterest, PostID: "P1", PublishedAt: utcAt(2025, 1, 9, 23, 0), ContentType: "video",
						},
					},
				},
				Rejects: []*RowError{
					{File: dir + "posts.csv", Line: 6, Column: 5, Field: "content_type", Value: "photo",
						Expected: "one of image, carousel, video, reel, story, text, link, other"},
					{File: dir + "posts.csv", Line: 7, Column: 4, Field: "published_at", Value: "14/04/2025 10:00",
						Expected: "a time like 2025-04-14T18:30:00+02:00 (RFC 3339) or 2025-04-14 18:30"},
					{File: dir + "posts.csv", Line: 8, Column: 1, Field: "platform", Value: "Thread s",
						Expected: "a platform: a lowercase word of a-z, 0-9, _ and - (like threads)"},
					{File: dir + "posts.csv", Line: 10, Column: 8, Field: "views", Value: "-3",
						Expected: "a whole number, 0 or more"},
				},
			},
		},
		{
			// Only the required columns, in another order and case, and a trailing
			// empty column.
			file: "posts-minimal.csv",
			want: Parsed{
				Format: "pulse-posts", Platform: "threads", RowsRead: 1,
				Batch: queries.Batch{
					Accounts: []queries.Account{{Platform: "threads", Handle: "pulse"}},
					Posts:    []queries.Post{{Account: queries.Account{Platform: "threads", Handle: "pulse"}, PostID: "abc", ContentType: "other"}},
				},
			},
		},
		{
			file: "daily.csv",
			want: Parsed{
				Format: "pulse-daily", Platform: "bluesky,threads", RowsRead: 9,
				Batch: queries.Batch{
					Accounts: []queries.Account{threads, bluesky},
					Daily: []queries.Daily{
						day(threads, "views", 1520),
						day(threads, "new_followers", 12), // "New_Followers", "@pulse.demo"
						day(bluesky, "followers_total", 1873),
						day(bluesky, "net_followers", -3),
						day(threads, "watch_time_sec", 95.5),
						// 2025-04-15 views is empty: not reported, no row.
					},
				},
				Rejects: []*RowError{
					{File: dir + "daily.csv", Line: 8, Column: 2, Field: "metric", Value: "impressions",
						Expected: "a metric: one of " + metricList},
					{File: dir + "daily.csv", Line: 9, Column: 1, Field: "date", Value: "2025-02-30",
						Expected: "a date like 2025-04-14 (YYYY-MM-DD)"},
					{File: dir + "daily.csv", Line: 10, Column: 3, Field: "value", Value: "ten",
						Expected: "a number (like 12.5)"},
				},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			checkWholeParse(t, parseForTest(t, dir+tc.file, ctx), &tc.want)
		})
	}
}

// Every queries.Metric* name is allowed, and no other.
func TestPulseCSVMetricNames(t *testing.T) {
	want := []string{queries.MetricViews, queries.MetricReach, queries.MetricNewFollowers, queries.MetricUnfollows,
		queries.MetricNetFollowers, queries.MetricFollowersTotal, queries.MetricProfileVisits, queries.MetricLinkClicks,
		queries.MetricClicks, queries.MetricInteractions, queries.MetricEngagements, queries.MetricLikes,
		queries.MetricComments, queries.MetricShares, queries.MetricSaves, queries.MetricVideoViews,
		queries.MetricWatchTimeSec, queries.MetricPostsPublished, queries.MetricPageViews, queries.MetricUniqueVisitors,
		queries.MetricViewers, queries.MetricNewViewers}
	if strings.Join(pulseMetrics, ",") != strings.Join(want, ",") {
		t.Errorf("pulse CSV metrics %v, want %v", pulseMetrics, want)
	}
	// The list in the documentation is the same.
	src, err := os.ReadFile("pulsecsv.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Join(strings.Fields(strings.ReplaceAll(string(src), "//", "")), " ")
	if !strings.Contains(doc, "metric: one of "+strings.Join(want, ", ")+" (any case)") {
		t.Error("the metric list in pulsecsv.go's documentation differs from queries.Metric*")
	}
}

// Headers that are not a pulse CSV, or a broken one.
func TestPulseCSVHeaders(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	for _, tc := range []struct {
		name, text string
		detected   string // format ID, "" for none of the pulse CSV kinds
		err        string // part of the Parse error, "" for none
	}{
		{"unknown-column.csv", "", "pulse-posts", `column 4, "viewz", is not a column of a pulse CSV of posts; the columns are: ` + strings.Join(pulsePostColumns, ",")},
		{"repeated.csv", "platform,account,post_id,views,Views\nthreads,a,1,2,3\n", "pulse-posts", "the header repeats Views"},
		{"daily-extra.csv", "platform,account,date,metric,value,note\nthreads,a,2025-04-14,views,1,x\n", "pulse-daily", `"note", is not a column of a pulse CSV of daily metrics`},
		{"daily-missing.csv", "platform,account,date,metric\nthreads,a,2025-04-14,views\n", "", ""},
		{"no-id.csv", "platform,account,views\nthreads,a,1\n", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := []byte(tc.text)
			if tc.text == "" {
				var err error
				if raw, err = os.ReadFile("../testdata/pulsecsv/" + tc.name); err != nil {
					t.Fatal(err)
				}
			}
			f, err := newFile(tc.name, raw)
			if err != nil {
				t.Fatal(err)
			}
			var fm *format
			for _, x := range pulseCSVFormats() {
				if x.Detect(f) {
					fm = &x
					break
				}
			}
			if tc.detected == "" {
				if fm != nil {
					t.Fatalf("detected as %s", fm.ID)
				}
				return
			}
			if fm == nil || fm.ID != tc.detected {
				t.Fatalf("detected as %v, want %s", fm, tc.detected)
			}
			_, err = fm.Parse(f, ctx)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			}
		})
	}
}

// A time without an offset is in the practice time zone; one with an offset keeps it.
func TestPulseCSVTimeZone(t *testing.T) {
	raw := []byte("platform,account,post_id,published_at\nthreads,a,1,2025-07-01 12:00\nthreads,a,2,2025-07-01T12:00:00-04:00\n")
	p := parseBytesForTest(t, "mine.csv", raw, ctxAt(t, "America/New_York", "2025-07-02"))
	if len(p.Posts) != 2 || !p.Posts[0].PublishedAt.Equal(utcAt(2025, 7, 1, 16, 0)) || !p.Posts[1].PublishedAt.Equal(utcAt(2025, 7, 1, 16, 0)) ||
		p.Posts[0].PublishedAt.Location() != time.UTC || p.Posts[1].PublishedAt.Location() != time.UTC {
		t.Fatalf("posts: %+v", p.Posts)
	}
}

// The X, YouTube and pulse CSV formats claim their own real samples and no other
// platform's: every file under the shared exports is offered to each of them.
func TestXYouTubePulseDetectOnlyTheirOwn(t *testing.T) {
	dirs, err := os.ReadDir(sharedExports)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // file -> the format that must claim it
		"x-legacy-1/tweet_activity_metrics_rOpenSci_20190601_20190701_en.csv":          "x-tweets",
		"x-legacy-1/tweet_activity_metrics_rOpenSci_20211101_20211201_en.csv":          "x-tweets",
		"x-daily-1/daily_tweet_activity_metrics_LisaDeBruine_20210101_20210201_en.csv": "x-daily",
		"x-premium-1/account_analytics_content_2024-11-21_2025-02-19.csv":              "x-premium-content",
		"x-premium-1/account_overview_analytics.csv":                                   "x-premium-overview",
		"youtube-1/Table data.csv":                                                     "youtube-table",
		"youtube-1/Chart data.csv":                                                     "youtube-chart",
		"youtube-1/Totals.csv":                                                         "youtube-totals",
	}
	mine := append(append(xFormats(), youtubeFormats()...), pulseCSVFormats()...)
	seen := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		files, err := os.ReadDir(sharedExports + d.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range files {
			name := d.Name() + "/" + e.Name()
			raw, err := os.ReadFile(sharedExports + name)
			if err != nil {
				t.Fatal(err)
			}
			f, err := newFile(name, raw)
			if err != nil {
				continue // a spreadsheet another format reads
			}
			var claimed []string
			for _, fm := range mine {
				if fm.Detect(f) {
					claimed = append(claimed, fm.ID)
				}
			}
			if w := want[name]; strings.Join(claimed, ",") != w {
				t.Errorf("%s: claimed by %q, want %q", name, claimed, w)
			}
			seen++
		}
	}
	if seen < 40 {
		t.Errorf("only %d files looked at", seen)
	}
}

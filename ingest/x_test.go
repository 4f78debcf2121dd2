package ingest

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

// The tests of x.go, youtube.go and pulsecsv.go compare whole results: every post,
// every daily value, every reject. Posts and days are rendered to text with every
// field (pointers dereferenced, times with their zone) and compared as text, so that
// a difference shows the value, not an address.

func fmtOptInt(p *int64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func fmtOptFloat(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "zero"
	}
	return t.Format(time.RFC3339Nano) + " " + t.Location().String()
}

func fmtPost(p queries.Post) string {
	m := p.Metrics
	return fmt.Sprintf("%+v id=%q published=%s type=%q raw=%q caption=%q link=%q labels=%q "+
		"views=%s reach=%s likes=%s comments=%s shares=%s saves=%s clicks=%s video_views=%s watch=%s follows=%s profile_visits=%s",
		p.Account, p.PostID, fmtTime(p.PublishedAt), p.ContentType, p.RawType, p.Caption, p.Permalink, p.Labels,
		fmtOptInt(m.Views), fmtOptInt(m.Reach), fmtOptInt(m.Likes), fmtOptInt(m.Comments), fmtOptInt(m.Shares),
		fmtOptInt(m.Saves), fmtOptInt(m.Clicks), fmtOptInt(m.VideoViews), fmtOptFloat(m.WatchTimeSec),
		fmtOptInt(m.Follows), fmtOptInt(m.ProfileVisits))
}

func fmtDaily(d queries.Daily) string {
	return fmt.Sprintf("%+v %s %s=%v", d.Account, fmtTime(d.Day), d.Metric, d.Value)
}

func fmtReject(e *RowError) string { return fmt.Sprintf("%+v", *e) }

func compareLists[T any](t *testing.T, what string, got, want []T, show func(T) string) {
	t.Helper()
	for i := 0; i < len(got) || i < len(want); i++ {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = show(got[i])
		}
		if i < len(want) {
			w = show(want[i])
		}
		if g != w {
			t.Errorf("%s %d:\n got %s\nwant %s", what, i, g, w)
		}
	}
}

// checkWholeParse compares everything a parser returned with what a test expects.
func checkWholeParse(t *testing.T, got, want *Parsed) {
	t.Helper()
	if got.Format != want.Format || got.Platform != want.Platform || got.RowsRead != want.RowsRead || got.Skipped != want.Skipped {
		t.Errorf("format/platform/rows/skipped: got %q %q %d %v, want %q %q %d %v",
			got.Format, got.Platform, got.RowsRead, got.Skipped, want.Format, want.Platform, want.RowsRead, want.Skipped)
	}
	if fmtTime(got.AsOf) != fmtTime(want.AsOf) {
		t.Errorf("as of %s, want %s", fmtTime(got.AsOf), fmtTime(want.AsOf))
	}
	compareLists(t, "note", got.Notes, want.Notes, func(s string) string { return s })
	compareLists(t, "account", got.Accounts, want.Accounts, func(a queries.Account) string { return fmt.Sprintf("%+v", a) })
	compareLists(t, "post", got.Posts, want.Posts, fmtPost)
	compareLists(t, "daily", got.Daily, want.Daily, fmtDaily)
	compareLists(t, "reject", got.Rejects, want.Rejects, fmtReject)
}

func utcAt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, time.UTC)
}

// withoutAsOf is ctx as for an import without --as-of.
func withoutAsOf(ctx *parseContext) *parseContext {
	c := *ctx
	c.AsOfGiven = false
	return &c
}

// The real samples. The expected counts were taken independently of pulse with
// Python's csv module: the number of records after the header (all fields quoted
// or not, multi-line captions counted once), and for daily files that number times
// the metric columns present and not "-" (python: sum over rows and mapped columns
// of cell not in ("", "-")).
func TestXRealSamples(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	cases := []struct {
		path        string
		format      string
		rows, posts int
		daily, days int
		handle      string
		asOf        time.Time // when --as-of is not given
	}{
		{"x-legacy-1/tweet_activity_metrics_rOpenSci_20190601_20190701_en.csv", "x-tweets", 24, 24, 0, 0, "rOpenSci", utcAt(2019, 7, 1, 0, 0)},
		{"x-legacy-1/tweet_activity_metrics_rOpenSci_20211101_20211201_en.csv", "x-tweets", 33, 33, 0, 0, "rOpenSci", utcAt(2021, 12, 1, 0, 0)},
		// 31 days x 9 metrics (Tweets published, impressions, engagements, retweets,
		// replies, likes, user profile clicks, url clicks, follows); no "video views".
		{"x-daily-1/daily_tweet_activity_metrics_LisaDeBruine_20210101_20210201_en.csv", "x-daily", 31, 0, 279, 31, "LisaDeBruine", time.Time{}},
		{"x-premium-1/account_analytics_content_2024-11-21_2025-02-19.csv", "x-premium-content", 141, 141, 0, 0, "Wormhole_BR", utcAt(2025, 2, 19, 0, 0)},
		// 50 days x 11 metrics (all columns but Shares and Media views).
		{"x-premium-1/account_overview_analytics.csv", "x-premium-overview", 50, 0, 550, 50, "", time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			p := parseForTest(t, sharedExports+tc.path, ctx)
			if p.Format != tc.format || p.Platform != "x" || p.Skipped {
				t.Errorf("format %q platform %q skipped %v", p.Format, p.Platform, p.Skipped)
			}
			if len(p.Rejects) > 0 {
				t.Errorf("%d rejects, first: %v", len(p.Rejects), p.Rejects[0])
			}
			if p.RowsRead != tc.rows || len(p.Posts) != tc.posts || len(p.Daily) != tc.daily {
				t.Errorf("rows %d posts %d daily %d, want %d %d %d", p.RowsRead, len(p.Posts), len(p.Daily), tc.rows, tc.posts, tc.daily)
			}
			if !p.AsOf.IsZero() {
				t.Errorf("as of %v with --as-of given, want zero", p.AsOf)
			}
			days := map[time.Time]bool{}
			for _, d := range p.Daily {
				days[d.Day] = true
				if d.Account != (queries.Account{Platform: "x", Handle: tc.handle}) {
					t.Fatalf("daily account %+v", d.Account)
				}
			}
			if len(days) != tc.days {
				t.Errorf("%d distinct days, want %d", len(days), tc.days)
			}
			ids := map[string]bool{}
			for _, po := range p.Posts {
				ids[po.PostID] = true
				if po.Account != (queries.Account{Platform: "x", Handle: tc.handle}) || po.PublishedAt.IsZero() ||
					!strings.HasSuffix(po.Permalink, "/status/"+po.PostID) || po.ContentType != "text" {
					t.Fatalf("post %s", fmtPost(po))
				}
			}
			if len(ids) != tc.posts {
				t.Errorf("%d distinct post ids, want %d", len(ids), tc.posts)
			}
			p2 := parseForTest(t, sharedExports+tc.path, withoutAsOf(ctx))
			if fmtTime(p2.AsOf) != fmtTime(tc.asOf) {
				t.Errorf("as of without --as-of: %s, want %s", fmtTime(p2.AsOf), fmtTime(tc.asOf))
			}
		})
	}
}

func findPost(t *testing.T, p *Parsed, id string) queries.Post {
	t.Helper()
	for _, po := range p.Posts {
		if po.PostID == id {
			return po
		}
	}
	t.Fatalf("no post %s", id)
	return queries.Post{}
}

func dailyValues(p *Parsed, day time.Time) map[string]float64 {
	out := map[string]float64{}
	for _, d := range p.Daily {
		if d.Day.Equal(day) {
			out[d.Metric] = d.Value
		}
	}
	return out
}

// Values read off the real files by eye (and with Python's csv module).
func TestXRealSampleValues(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	n := ptr[int64]

	p := parseForTest(t, sharedExports+"x-legacy-1/tweet_activity_metrics_rOpenSci_20190601_20190701_en.csv", ctx)
	got := findPost(t, p, "1144727173015621632")
	want := queries.Post{
		Account:     queries.Account{Platform: "x", Handle: "rOpenSci"},
		PostID:      "1144727173015621632",
		PublishedAt: utcAt(2019, 6, 28, 22, 0),
		ContentType: "text",
		RawType:     "tweet",
		Caption: "Want to keep up with @rOpenSci's work & learn what others are doing with our  #rstats tools? \n\n" +
			"Read and subscribe to our newsletter! 📰📬\n\nDigest of 📦 news, use cases, blog posts, events, curated by @sckottie 👌 every two weeks\n\n" +
			"https://t.co/DaTRESJBVg",
		Permalink: "https://twitter.com/rOpenSci/status/1144727173015621632",
		Metrics: queries.Metrics{Views: n(3948), Likes: n(13), Comments: n(0), Shares: n(3), Clicks: n(22),
			ProfileVisits: n(7), Follows: n(0)},
	}
	if fmtPost(got) != fmtPost(want) {
		t.Errorf("legacy post:\n got %s\nwant %s", fmtPost(got), fmtPost(want))
	}

	p = parseForTest(t, sharedExports+"x-legacy-1/tweet_activity_metrics_rOpenSci_20211101_20211201_en.csv", ctx)
	got = findPost(t, p, "1455480762111832069")
	if !got.PublishedAt.Equal(utcAt(2021, 11, 2, 10, 23)) || *got.Metrics.Views != 3834 || *got.Metrics.Likes != 6 ||
		*got.Metrics.Shares != 5 || *got.Metrics.Clicks != 4 || *got.Metrics.ProfileVisits != 3 || got.Metrics.VideoViews != nil || got.Metrics.Saves != nil {
		t.Errorf("legacy 2021 post: %s", fmtPost(got))
	}

	p = parseForTest(t, sharedExports+"x-daily-1/daily_tweet_activity_metrics_LisaDeBruine_20210101_20210201_en.csv", ctx)
	for day, want := range map[time.Time]map[string]float64{
		utcAt(2021, 1, 1, 0, 0): {"posts_published": 9, "views": 6703, "engagements": 262, "shares": 1, "comments": 7, "likes": 29,
			"profile_visits": 44, "link_clicks": 14, "new_followers": 0},
		utcAt(2021, 1, 31, 0, 0): {"posts_published": 0, "views": 1974, "engagements": 61, "shares": 0, "comments": 1, "likes": 10,
			"profile_visits": 6, "link_clicks": 12, "new_followers": 0},
	} {
		if got := dailyValues(p, day); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("x daily %s:\n got %v\nwant %v", day.Format("2006-01-02"), got, want)
		}
	}

	p = parseForTest(t, sharedExports+"x-premium-1/account_analytics_content_2024-11-21_2025-02-19.csv", ctx)
	got = findPost(t, p, "1891472667636797659")
	want = queries.Post{
		Account:     queries.Account{Platform: "x", Handle: "Wormhole_BR"},
		PostID:      "1891472667636797659",
		PublishedAt: utcAt(2025, 2, 17, 0, 0),
		ContentType: "text",
		RawType:     "post",
		Caption: "Quem é o Zé, nosso famoso @sincero_crypto ! Esse é outro gigante do cenário brasileiro que estará conosco na nossa " +
			"LIVE de lançamento dia 19/02 as 18:00 aqui no X! Fundador da ID Labs e pioneiro em AirDrops, tendo conquistado mais " +
			"de 200 nos últimos cinco anos e acumulado sete https://t.co/75JzBZLkNG",
		Permalink: "https://x.com/Wormhole_BR/status/1891472667636797659",
		Metrics: queries.Metrics{Views: n(197), Likes: n(10), Comments: n(1), Shares: n(0), Saves: n(0), Clicks: n(0),
			Follows: n(0), ProfileVisits: n(5)},
	}
	if fmtPost(got) != fmtPost(want) {
		t.Errorf("premium post:\n got %s\nwant %s", fmtPost(got), fmtPost(want))
	}
	if got := findPost(t, p, "1874078422043127856"); !got.PublishedAt.Equal(utcAt(2024, 12, 31, 0, 0)) || *got.Metrics.Shares != 1 || *got.Metrics.Comments != 9 {
		t.Errorf("oldest premium post: %s", fmtPost(got))
	}
	// An entity in a caption is decoded.
	if got := findPost(t, p, "1891564128784855141"); !strings.HasPrefix(got.Caption, "Faltam 2 dias") {
		t.Errorf("caption %q", got.Caption)
	}
	for _, po := range p.Posts {
		if strings.Contains(po.Caption, "&amp;") || strings.Contains(po.Caption, "&lt;") || strings.Contains(po.Caption, "&gt;") {
			t.Errorf("undecoded entity in %q", po.Caption)
		}
	}

	p = parseForTest(t, sharedExports+"x-premium-1/account_overview_analytics.csv", ctx)
	wantDay := map[string]float64{"views": 426, "likes": 18, "engagements": 49, "saves": 1, "shares": 2, "new_followers": 2,
		"unfollows": 0, "comments": 1, "profile_visits": 4, "posts_published": 2, "video_views": 0}
	if got := dailyValues(p, utcAt(2025, 2, 17, 0, 0)); fmt.Sprint(got) != fmt.Sprint(wantDay) {
		t.Errorf("overview 2025-02-17:\n got %v\nwant %v", got, wantDay)
	}
	if got := dailyValues(p, utcAt(2024, 12, 31, 0, 0)); got["views"] != 222 || got["new_followers"] != 25 || got["posts_published"] != 5 {
		t.Errorf("overview 2024-12-31: %v", got)
	}
	if want := `X's "Shares" column (posts sent by DM or copied as a link: 4 in all) is not stored; pulse counts reposts as shares`; len(p.Notes) != 1 || p.Notes[0] != want {
		t.Errorf("notes %q", p.Notes)
	}
}

func TestXFixtures(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	n := ptr[int64]
	const dir = "../testdata/x/"
	demo := queries.Account{Platform: "x", Handle: "pulse_demo"}
	day := func(y int, m time.Month, d int, metric string, v float64) queries.Daily {
		return queries.Daily{Account: demo, Day: utcAt(y, m, d, 0, 0), Metric: metric, Value: v}
	}
	premium := queries.Account{Platform: "x"} // the overview names no account
	pday := func(m time.Month, d int, metric string, v float64) queries.Daily {
		return queries.Daily{Account: premium, Day: utcAt(2026, m, d, 0, 0), Metric: metric, Value: v}
	}
	var zeroDay []queries.Daily
	for _, metric := range []string{"views", "likes", "engagements", "saves", "shares", "new_followers", "unfollows",
		"comments", "profile_visits", "posts_published", "video_views"} {
		zeroDay = append(zeroDay, pday(7, 13, metric, 0))
	}

	cases := []struct {
		file string
		want Parsed
		asOf time.Time // without --as-of
	}{
		{
			file: "tweet_activity_metrics_pulse_demo_20250301_20250401_en.csv",
			asOf: utcAt(2025, 4, 1, 0, 0),
			want: Parsed{
				Format: "x-tweets", Platform: "x", RowsRead: 4,
				Batch: queries.Batch{
					Accounts: []queries.Account{demo},
					Posts: []queries.Post{
						{
							Account: demo, PostID: "1900000000000000001", PublishedAt: utcAt(2025, 3, 3, 9, 15),
							ContentType: "text", RawType: "tweet", Caption: "Spring menu & new hours",
							Permalink: "https://twitter.com/pulse_demo/status/1900000000000000001",
							Metrics: queries.Metrics{Views: n(1234), Likes: n(17), Comments: n(2), Shares: n(3), Clicks: n(5),
								ProfileVisits: n(4), Follows: n(1)},
						},
						{
							// "-" is not reported (nil), "5.0" is 5, the caption keeps its lines.
							Account: demo, PostID: "1900000000000000002", PublishedAt: utcAt(2025, 3, 10, 18, 0),
							ContentType: "text", RawType: "tweet", Caption: "Line one\n\nLine \"two\" 🎉",
							Permalink: "https://twitter.com/pulse_demo/status/1900000000000000002",
							Metrics: queries.Metrics{Views: n(5), Likes: n(1), Comments: nil, Shares: n(0), Clicks: nil,
								ProfileVisits: n(0), Follows: n(0)},
						},
						{
							Account: demo, PostID: "1900000000000000004", PublishedAt: utcAt(2025, 3, 31, 23, 59),
							ContentType: "text", RawType: "tweet", Caption: "Last one",
							Permalink: "https://x.com/pulse_demo/status/1900000000000000004",
							Metrics: queries.Metrics{Views: n(98), Likes: n(2), Comments: n(0), Shares: n(1), Clicks: n(0),
								ProfileVisits: n(0), Follows: n(0)},
						},
					},
				},
				// The bad row starts on line 6 (its text runs on to line 7).
				Rejects: []*RowError{{File: dir + "tweet_activity_metrics_pulse_demo_20250301_20250401_en.csv",
					Line: 6, Column: 10, Field: "likes", Value: "12x", Expected: "a whole number (like 1234)"}},
			},
		},
		{
			// A very old file: "favorites" for likes; a link that names no account
			// takes the handle from the file name.
			file: "tweet_activity_metrics_oldie_20140101_20140201_en.csv",
			asOf: utcAt(2014, 2, 1, 0, 0),
			want: Parsed{
				Format: "x-tweets", Platform: "x", RowsRead: 2,
				Batch: queries.Batch{
					Accounts: []queries.Account{{Platform: "x", Handle: "oldie"}},
					Posts: []queries.Post{
						{
							Account: queries.Account{Platform: "x", Handle: "oldie"}, PostID: "420000000000000001",
							PublishedAt: utcAt(2014, 1, 5, 12, 0), ContentType: "text", RawType: "tweet", Caption: "Hello <world>",
							Permalink: "https://twitter.com/oldie/status/420000000000000001",
							Metrics: queries.Metrics{Views: n(100), Likes: n(2), Comments: n(0), Shares: n(1), Clicks: n(0),
								ProfileVisits: n(0), Follows: n(0)},
						},
						{
							Account: queries.Account{Platform: "x", Handle: "oldie"}, PostID: "420000000000000002",
							PublishedAt: utcAt(2014, 1, 6, 8, 30), ContentType: "text", RawType: "tweet", Caption: "No handle in this link",
							Permalink: "https://twitter.com/i/web/status/420000000000000002",
							Metrics: queries.Metrics{Views: n(7), Likes: n(0), Comments: n(0), Shares: n(0), Clicks: n(0),
								ProfileVisits: n(0), Follows: n(0)},
						},
					},
				},
			},
		},
		{
			file: "daily_tweet_activity_metrics_pulse_demo_20250301_20250305_en.csv",
			want: Parsed{
				Format: "x-daily", Platform: "x", RowsRead: 4,
				Batch: queries.Batch{
					Accounts: []queries.Account{demo},
					Daily: []queries.Daily{
						day(2025, 3, 1, "views", 1500), day(2025, 3, 1, "engagements", 40), day(2025, 3, 1, "likes", 10),
						day(2025, 3, 1, "comments", 2), day(2025, 3, 1, "shares", 1), day(2025, 3, 1, "link_clicks", 4),
						day(2025, 3, 1, "profile_visits", 3), day(2025, 3, 1, "new_followers", 1),
						day(2025, 3, 1, "posts_published", 2), day(2025, 3, 1, "video_views", 12),
						// "-" cells give no row at all.
						day(2025, 3, 2, "views", 800), day(2025, 3, 2, "likes", 5), day(2025, 3, 2, "comments", 0),
						day(2025, 3, 2, "shares", 0), day(2025, 3, 2, "link_clicks", 1), day(2025, 3, 2, "new_followers", 0),
						day(2025, 3, 2, "posts_published", 0),
						day(2025, 3, 4, "views", 1234), day(2025, 3, 4, "engagements", 9), day(2025, 3, 4, "likes", 3),
						day(2025, 3, 4, "comments", 1), day(2025, 3, 4, "shares", 0), day(2025, 3, 4, "link_clicks", 2),
						day(2025, 3, 4, "profile_visits", 0), day(2025, 3, 4, "new_followers", 0),
						day(2025, 3, 4, "posts_published", 1), day(2025, 3, 4, "video_views", 0),
					},
				},
				Rejects: []*RowError{{File: dir + "daily_tweet_activity_metrics_pulse_demo_20250301_20250305_en.csv",
					Line: 4, Column: 1, Field: "Date", Value: "2025/03/03", Expected: "a date like 2021-01-31"}},
			},
		},
		{
			file: "account_overview_analytics.csv",
			want: Parsed{
				Format: "x-premium-overview", Platform: "x", RowsRead: 3,
				Notes: []string{`X's "Shares" column (posts sent by DM or copied as a link: 2 in all) is not stored; pulse counts reposts as shares`},
				Batch: queries.Batch{
					Daily: append([]queries.Daily{
						pday(7, 14, "views", 1234), pday(7, 14, "likes", 20), pday(7, 14, "engagements", 45),
						pday(7, 14, "saves", 3), pday(7, 14, "shares", 6), pday(7, 14, "new_followers", 5),
						pday(7, 14, "unfollows", 1), pday(7, 14, "comments", 4), pday(7, 14, "profile_visits", 9),
						pday(7, 14, "posts_published", 1), pday(7, 14, "video_views", 1050),
					}, zeroDay...),
				},
				Rejects: []*RowError{{File: dir + "account_overview_analytics.csv",
					Line: 4, Column: 2, Field: "Impressions", Value: "12.5", Expected: "a whole number (like 1234)"}},
			},
		},
		{
			// The later X Premium style: "Post Link", "Shares", "URL Clicks", dates
			// like "Tue, Jul 14, 2026", "1,234", CRLF line ends.
			file: "account_analytics_content_2026-06-15_2026-07-14.csv",
			asOf: utcAt(2026, 7, 14, 0, 0),
			want: Parsed{
				Format: "x-premium-content", Platform: "x", RowsRead: 3,
				Notes: []string{`X's "Shares" column (posts sent by DM or copied as a link: 7 in all) is not stored; pulse counts reposts as shares`},
				Batch: queries.Batch{
					Accounts: []queries.Account{{Platform: "x", Handle: "Pulse_Demo"}},
					Posts: []queries.Post{
						{
							Account: queries.Account{Platform: "x", Handle: "Pulse_Demo"}, PostID: "2044000000000000001",
							PublishedAt: utcAt(2026, 7, 14, 0, 0), ContentType: "text", RawType: "post",
							Caption: "Big news & a thread 🧵\nPart two", Permalink: "https://x.com/Pulse_Demo/status/2044000000000000001",
							Metrics: queries.Metrics{Views: n(12345), Likes: n(1234), Comments: n(30), Shares: n(55), Saves: n(40),
								Clicks: n(9), Follows: n(12), ProfileVisits: n(80)},
						},
						{
							Account: queries.Account{Platform: "x", Handle: "Pulse_Demo"}, PostID: "2044000000000000002",
							PublishedAt: utcAt(2026, 7, 13, 0, 0), ContentType: "text", RawType: "post",
							Caption: "Plain text", Permalink: "https://x.com/Pulse_Demo/status/2044000000000000002",
							Metrics: queries.Metrics{Views: n(0), Likes: n(0), Comments: n(0), Shares: n(0), Saves: n(0),
								Clicks: n(0), Follows: n(0), ProfileVisits: n(0)},
						},
					},
				},
				// The first post's text spans lines 2-3, so the third post is on line 5.
				Rejects: []*RowError{{File: dir + "account_analytics_content_2026-06-15_2026-07-14.csv",
					Line: 5, Column: 2, Field: "Date", Value: "Tue, Jul 32, 2026", Expected: `a date like "Tue, Feb 18, 2025" or "Mon Feb 17 2025"`}},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			got := parseForTest(t, dir+tc.file, ctx)
			checkWholeParse(t, got, &tc.want)
			got = parseForTest(t, dir+tc.file, withoutAsOf(ctx))
			if fmtTime(got.AsOf) != fmtTime(tc.asOf) {
				t.Errorf("as of without --as-of: %s, want %s", fmtTime(got.AsOf), fmtTime(tc.asOf))
			}
		})
	}
}

// The X daily file names its account in the file name only; renamed, it names none,
// and its rows are left for the ingester to resolve.
func TestXDailyRenamed(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	raw, err := os.ReadFile("../testdata/x/daily_tweet_activity_metrics_pulse_demo_20250301_20250305_en.csv")
	if err != nil {
		t.Fatal(err)
	}
	p := parseBytesForTest(t, "x-daily.csv", raw, ctx)
	if p.Format != "x-daily" || len(p.Daily) != 27 || len(p.Accounts) != 0 || len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "does not name the account") {
		t.Fatalf("renamed daily file: format %q, %d daily, accounts %v, notes %q", p.Format, len(p.Daily), p.Accounts, p.Notes)
	}
	for _, d := range p.Daily {
		if d.Account != (queries.Account{Platform: "x"}) {
			t.Fatalf("account %+v", d.Account)
		}
	}
	// A browser's second copy keeps its account.
	p = parseBytesForTest(t, "daily_tweet_activity_metrics_pulse_demo_20250301_20250305_en (1).csv", raw, ctx)
	if len(p.Accounts) != 1 || p.Accounts[0].Handle != "pulse_demo" {
		t.Errorf("second copy: accounts %v", p.Accounts)
	}
}

func TestXLinkAndNames(t *testing.T) {
	for link, want := range map[string][2]string{
		"https://twitter.com/rOpenSci/status/1144727173015621632": {"rOpenSci", "1144727173015621632"},
		"https://x.com/Wormhole_BR/status/1891564128784855141":    {"Wormhole_BR", "1891564128784855141"},
		"http://mobile.twitter.com/a_b/statuses/12?s=20":          {"a_b", "12"},
		"https://twitter.com/i/web/status/42":                     {"", "42"},
		"https://example.com/a/status/1":                          {"", ""},
		"":                                                        {"", ""},
	} {
		if h, id := xFromLink(link); h != want[0] || id != want[1] {
			t.Errorf("xFromLink(%q) = %q, %q; want %q, %q", link, h, id, want[0], want[1])
		}
	}
	for name, want := range map[string]string{
		"daily_tweet_activity_metrics_LisaDeBruine_20210101_20210201_en.csv": "LisaDeBruine 2021-02-01",
		"tweet_activity_metrics_pulse_demo_20250301_20250401_en.csv":         "pulse_demo 2025-04-01",
		"tweet_activity_metrics_rOpenSci_20190601_20190701_en (2).csv":       "rOpenSci 2019-07-01",
		"tweet_activity_metrics.csv":                                         " 0001-01-01",
	} {
		h, end := xLegacyName(name)
		if got := h + " " + end.Format("2006-01-02"); got != want {
			t.Errorf("xLegacyName(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestXPostRejects: a row of either X per-post file whose id is not a number, or
// whose account neither its link nor the file name gives, is rejected with the line,
// column and what was expected; an id missing from its column is taken from the link,
// a link that names no account takes the file name's, and a post without a time is
// kept without one.
func TestXPostRejects(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	legacy := "Tweet id,Tweet permalink,Tweet text,time,impressions\n" +
		"11,https://twitter.com/pulse_demo/status/11,hello,2025-03-02 09:00 +0000,40\n" +
		"12a,https://twitter.com/pulse_demo/status/12,bad id,2025-03-03 09:00 +0000,41\n" +
		",https://twitter.com/i/web/status/42,id from the link,2025-03-04 09:00 +0000,42\n" +
		"13,https://twitter.com/pulse_demo/status/13,no time,,43\n"
	premium := "Post id,Date,Post text,Post Link,Impressions\n" +
		"7,\"Tue, Feb 18, 2025\",fine,https://x.com/praxis/status/7,70\n" +
		",\"Tue, Feb 18, 2025\",no account,https://x.com/i/web/status/8,80\n" +
		"x9,\"Tue, Feb 18, 2025\",bad id,https://x.com/praxis/status/9,90\n" +
		"10,,no date,https://x.com/praxis/status/10,100\n"
	tests := []struct {
		name, text string
		posts      string // "handle/id views published" of each post kept ("-": no time)
		rejects    []RowError
	}{
		{"tweet_activity_metrics_pulse_demo_20250301_20250401_en.csv", legacy, "pulse_demo/11 40 2025-03-02T09:00, pulse_demo/42 42 2025-03-04T09:00, pulse_demo/13 43 -",
			[]RowError{{Line: 3, Column: 1, Field: "Tweet id", Value: "12a", Expected: "a tweet id (digits)"}}},
		// No handle in the file name: the third row's link names no account.
		{"tweet_activity_metrics.csv", legacy, "pulse_demo/11 40 2025-03-02T09:00, pulse_demo/13 43 -",
			[]RowError{
				{Line: 3, Column: 1, Field: "Tweet id", Value: "12a", Expected: "a tweet id (digits)"},
				{Line: 4, Column: 2, Field: "Tweet permalink", Value: "https://twitter.com/i/web/status/42", Expected: "a link like https://twitter.com/<handle>/status/<id>"},
			}},
		{"account_analytics_content_2025-02-15_2025-03-14.csv", premium, "praxis/7 70 2025-02-18T00:00, praxis/10 100 -",
			[]RowError{
				{Line: 3, Column: 4, Field: "Post Link", Value: "https://x.com/i/web/status/8", Expected: "a link like https://x.com/<handle>/status/<id>"},
				{Line: 4, Column: 1, Field: "Post id", Value: "x9", Expected: "a post id (digits)"},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := parseBytesForTest(t, tc.name, []byte(tc.text), ctx)
			var posts []string
			for _, post := range p.Posts {
				at := "-"
				if !post.PublishedAt.IsZero() {
					at = post.PublishedAt.Format("2006-01-02T15:04")
				}
				posts = append(posts, fmt.Sprintf("%s/%s %d %s", post.Account.Handle, post.PostID, *post.Metrics.Views, at))
			}
			if got := strings.Join(posts, ", "); got != tc.posts {
				t.Errorf("posts %q, want %q", got, tc.posts)
			}
			var rejects []RowError
			for _, r := range p.Rejects {
				if r.File != tc.name {
					t.Errorf("reject names file %q, want %q", r.File, tc.name)
				}
				r := *r
				r.File = ""
				rejects = append(rejects, r)
			}
			if !reflect.DeepEqual(rejects, tc.rejects) {
				t.Errorf("rejects:\n%+v\nwant:\n%+v", rejects, tc.rejects)
			}
		})
	}
}

package ingest

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

const metaFixtures = "../testdata/meta/"

// metaParse detects and parses raw like ingest does, returning Parse's error instead
// of failing the test.
func metaParse(t *testing.T, name string, raw []byte, ctx *parseContext) (*Parsed, string, error) {
	t.Helper()
	f, err := newFile(name, raw)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, fm := range formats() {
		if fm.Detect(f) {
			p, err := fm.Parse(f, ctx)
			return p, fm.ID, err
		}
	}
	t.Fatalf("%s: no format recognised it; first lines: %q", name, f.Head)
	return nil, "", nil
}

func metaUTC(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

func metaDay(s string) time.Time { return metaUTC(s + " 00:00:00") }

func metaInt(v int64) *int64 { return ptr(v) }

func metaEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}

// The counts below were taken independently of pulse, with Python's csv module
// (data rows after the header; for the daily files, rows after line 3).
func TestMetaRealSamples(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	tests := []struct {
		path     string
		format   string
		platform string
		name     string
		rows     int
		posts    int
		daily    int
		accounts int
		skipped  bool
		note     string // a substring of some note, when there must be one
	}{
		{"meta-2/Jan-14-2025_Apr-14-2025_1396269028466733.csv", "meta-posts", "facebook", "Meta Business Suite post export: Facebook", 261, 261, 0, 1, false, ""},
		{"meta-2/Mar-18-2025_Apr-14-2025_1019826952924933.csv", "meta-posts", "instagram", "Meta Business Suite post export: Instagram", 78, 78, 0, 1, false, ""},
		{"meta-2/Mar-18-2025_Apr-14-2025_553302954456165.csv", "meta-posts", "facebook", "Meta Business Suite post export: Facebook", 48, 48, 0, 1, false, "the header repeats Views"},
		{"meta-instagram-1/content.csv", "meta-posts", "instagram", "Meta Business Suite post export: Instagram", 127, 127, 0, 2, false, ""},

		{"meta-2/Follows.csv", "meta-daily", "meta", "Meta daily file: Follows (Facebook or Instagram: the file does not say)", 105, 0, 105, 0, false, ""},
		{"meta-2/Interactions.csv", "meta-daily", "meta", "Meta daily file: Content interactions (Facebook or Instagram: the file does not say)", 105, 0, 105, 0, false, ""},
		{"meta-2/Interactions (1).csv", "meta-daily", "meta", "Meta daily file: Content interactions (Facebook or Instagram: the file does not say)", 105, 0, 105, 0, false, ""},
		{"meta-2/Reach.csv", "meta-daily", "facebook", "Meta daily file: Facebook reach", 105, 0, 105, 0, false, ""},
		{"meta-2/Views.csv", "meta-daily", "meta", "Meta daily file: Views (Facebook or Instagram: the file does not say)", 105, 0, 105, 0, false, ""},
		{"meta-2/Visits.csv", "meta-daily", "facebook", "Meta daily file: Facebook visits", 105, 0, 105, 0, false, ""},
		{"meta-2/Visits (1).csv", "meta-daily", "instagram", "Meta daily file: Instagram profile visits", 105, 0, 105, 0, false, ""},
		{"meta-instagram-1/Follows.csv", "meta-daily", "instagram", "Meta daily file: Instagram follows", 71, 0, 71, 0, false, ""},
		{"meta-instagram-1/Interactions.csv", "meta-daily", "meta", "Meta daily file: Content interactions (Facebook or Instagram: the file does not say)", 90, 0, 90, 0, false, ""},
		{"meta-instagram-1/Link clicks.csv", "meta-daily", "instagram", "Meta daily file: Instagram link clicks", 90, 0, 90, 0, false, ""},
		{"meta-instagram-1/Reach.csv", "meta-daily", "meta", "Meta daily file: Reach (Facebook or Instagram: the file does not say)", 90, 0, 90, 0, false, ""},
		{"meta-instagram-1/Views.csv", "meta-daily", "meta", "Meta daily file: Views (Facebook or Instagram: the file does not say)", 90, 0, 90, 0, false, ""},
		{"meta-instagram-1/Visits.csv", "meta-daily", "instagram", "Meta daily file: Instagram profile visits", 90, 0, 90, 0, false, ""},
		// 14 bytes: the BOM and "sep=,\n", nothing else (no title either).
		{"edge-cases/Reach.csv", "meta-daily", "meta", "Meta daily file: reach (empty)", 0, 0, 0, 0, false, "only the sep=, line"},

		// Sections: the followers total and three demographics.
		{"meta-instagram-1/Audience.csv", "meta-audience", "instagram", "Meta audience file: Instagram followers", 4, 0, 1, 0, false, "demographics sections not loaded"},
		// Sections: Age & gender, Top countries, Top cities.
		{"meta-2/Audience.csv", "meta-audience", "meta", "Meta audience file", 3, 0, 0, 0, true, "demographics only: nothing pulse uses"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			p := parseForTest(t, sharedExports+tc.path, ctx)
			if p.Format != tc.format || p.Platform != tc.platform || p.Name != tc.name {
				t.Errorf("format, platform, name = %q, %q, %q; want %q, %q, %q", p.Format, p.Platform, p.Name, tc.format, tc.platform, tc.name)
			}
			if p.RowsRead != tc.rows || len(p.Posts) != tc.posts || len(p.Daily) != tc.daily || len(p.Accounts) != tc.accounts {
				t.Errorf("rows, posts, daily, accounts = %d, %d, %d, %d; want %d, %d, %d, %d",
					p.RowsRead, len(p.Posts), len(p.Daily), len(p.Accounts), tc.rows, tc.posts, tc.daily, tc.accounts)
			}
			if len(p.Rejects) > 0 {
				t.Errorf("%d rejects, first: %v", len(p.Rejects), p.Rejects[0])
			}
			if p.Skipped != tc.skipped {
				t.Errorf("skipped = %v", p.Skipped)
			}
			if !p.AsOf.IsZero() {
				t.Errorf("AsOf = %v although --as-of was given", p.AsOf)
			}
			if tc.note != "" && !strings.Contains(strings.Join(p.Notes, "\n"), tc.note) {
				t.Errorf("notes %q lack %q", p.Notes, tc.note)
			}
			for _, po := range p.Posts {
				if po.PostID == "" || po.PublishedAt.IsZero() || po.Account.Handle == "" || po.ContentType == "other" {
					t.Errorf("incomplete post %+v", po)
				}
			}
		})
	}
}

func TestMetaRealDailyValues(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	tests := []struct {
		path        string
		metric      string
		first, last string
		sum         float64 // of every value, by Python
	}{
		{"meta-2/Follows.csv", queries.MetricNewFollowers, "2025-01-01", "2025-04-15", 66},
		{"meta-2/Interactions.csv", queries.MetricInteractions, "2025-01-01", "2025-04-15", 208},
		{"meta-2/Interactions (1).csv", queries.MetricInteractions, "2025-01-01", "2025-04-15", 749},
		{"meta-2/Reach.csv", queries.MetricReach, "2025-01-01", "2025-04-15", 10734},
		{"meta-2/Views.csv", queries.MetricViews, "2025-01-01", "2025-04-15", 29981},
		{"meta-2/Visits.csv", queries.MetricProfileVisits, "2025-01-01", "2025-04-15", 976},
		{"meta-2/Visits (1).csv", queries.MetricProfileVisits, "2025-01-01", "2025-04-15", 449},
		{"meta-instagram-1/Follows.csv", queries.MetricNewFollowers, "2025-12-24", "2026-03-16", 263},
		{"meta-instagram-1/Interactions.csv", queries.MetricInteractions, "2025-12-24", "2026-03-23", 14449},
		{"meta-instagram-1/Link clicks.csv", queries.MetricLinkClicks, "2025-12-24", "2026-03-23", 1},
		{"meta-instagram-1/Reach.csv", queries.MetricReach, "2025-12-24", "2026-03-23", 46793},
		{"meta-instagram-1/Views.csv", queries.MetricViews, "2025-12-24", "2026-03-23", 144394},
		{"meta-instagram-1/Visits.csv", queries.MetricProfileVisits, "2025-12-24", "2026-03-23", 3874},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			p := parseForTest(t, sharedExports+tc.path, ctx)
			sum := 0.0
			seen := map[time.Time]bool{}
			for _, d := range p.Daily {
				sum += d.Value
				if d.Metric != tc.metric || d.Account != (queries.Account{Platform: p.Platform}) {
					t.Fatalf("row %+v", d)
				}
				if seen[d.Day] {
					t.Errorf("day %v twice", d.Day)
				}
				seen[d.Day] = true
			}
			if sum != tc.sum {
				t.Errorf("sum = %v, want %v", sum, tc.sum)
			}
			if got := p.Daily[0].Day; !got.Equal(metaDay(tc.first)) {
				t.Errorf("first day %v", got)
			}
			if got := p.Daily[len(p.Daily)-1].Day; !got.Equal(metaDay(tc.last)) {
				t.Errorf("last day %v", got)
			}
		})
	}

	// meta-2 writes T01:00:00 until 2025-03-09 and T00:00:00 from 2025-03-10 (US
	// daylight saving time): the date part is the day either way.
	p := parseForTest(t, sharedExports+"meta-2/Reach.csv", ctx)
	metaEqual(t, "meta-2 Reach around the shift", p.Daily[67:69], []queries.Daily{
		{Account: queries.Account{Platform: "facebook"}, Day: metaDay("2025-03-09"), Metric: queries.MetricReach, Value: 114},
		{Account: queries.Account{Platform: "facebook"}, Day: metaDay("2025-03-10"), Metric: queries.MetricReach, Value: 177},
	})

	p = parseForTest(t, sharedExports+"meta-instagram-1/Audience.csv", ctx)
	metaEqual(t, "followers total", p.Daily, []queries.Daily{
		{Account: queries.Account{Platform: "instagram"}, Day: metaDay("2025-04-15"), Metric: queries.MetricFollowersTotal, Value: 1629},
	})
}

func TestMetaRealPostValues(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	oigetitFB := queries.Account{Platform: "facebook", Handle: "Oigetit Fake News Filter - South Africa",
		ExternalID: "100066300057039", DisplayName: "Oigetit Fake News Filter - South Africa"}
	korea := queries.Account{Platform: "instagram", Handle: "orthodox_korea", ExternalID: "17841472326972546", DisplayName: "Orthodox Korea Network"}

	find := func(p *Parsed, id string) queries.Post {
		t.Helper()
		for _, po := range p.Posts {
			if po.PostID == id {
				return po
			}
		}
		t.Fatalf("no post %s", id)
		return queries.Post{}
	}
	withoutCaption := func(po queries.Post) queries.Post { po.Caption = ""; return po }

	fb := parseForTest(t, sharedExports+"meta-2/Jan-14-2025_Apr-14-2025_1396269028466733.csv", ctx)
	metaEqual(t, "accounts", fb.Accounts, []queries.Account{oigetitFB})
	first := fb.Posts[0]
	metaEqual(t, "first FB post", withoutCaption(first), queries.Post{
		Account: oigetitFB, PostID: "939005954986064",
		PublishedAt: metaUTC("2025-02-16 04:14:00"), // 05:14 CET
		ContentType: "image", RawType: "Photos",
		Permalink: "https://www.facebook.com/OigetitSouthAfricaFacebook/posts/939005954986064",
		Metrics:   queries.Metrics{Views: metaInt(40), Reach: metaInt(15), Likes: metaInt(2), Comments: metaInt(1), Shares: metaInt(0), Clicks: metaInt(0)},
	})
	// Description is empty, so the caption is the Title, newlines and all.
	if !strings.HasPrefix(first.Caption, "Six years into South Africa’s 4IR journey!") ||
		!strings.Contains(first.Caption, "all.\n\nRead Full Article: https://oigetit.app.link/AHYufAG31Qb\n\n") {
		t.Errorf("caption %q", first.Caption)
	}
	// One of the rows with 27 of 31 fields: Seconds viewed and after are missing.
	short := find(fb, "917187207167939")
	metaEqual(t, "short row metrics", short.Metrics, queries.Metrics{Views: metaInt(20), Reach: metaInt(9), Likes: metaInt(0), Comments: metaInt(0), Shares: metaInt(0), Clicks: metaInt(0)})
	reel := find(fb, "940445654842094")
	metaEqual(t, "reel", []any{reel.ContentType, reel.RawType, reel.Permalink, *reel.Metrics.WatchTimeSec, reel.PublishedAt},
		[]any{"reel", "Reels", "https://www.facebook.com/reel/974194307586650/", 202.708, metaUTC("2025-02-18 06:52:00")})
	if link := find(fb, "932569958962997"); link.ContentType != "link" {
		t.Errorf("Links post: %q", link.ContentType)
	}

	ig := parseForTest(t, sharedExports+"meta-2/Mar-18-2025_Apr-14-2025_1019826952924933.csv", ctx)
	igFirst := ig.Posts[0]
	metaEqual(t, "first IG post", withoutCaption(igFirst), queries.Post{
		Account:     queries.Account{Platform: "instagram", Handle: "oigetit_sa", ExternalID: "17841446494080465", DisplayName: "Oigetit - South Africa"},
		PostID:      "18355151116178767",
		PublishedAt: metaUTC("2025-03-18 08:48:00"),
		ContentType: "reel", RawType: "IG reel",
		Permalink: "https://www.instagram.com/reel/DHWRIh_CLiR/",
		Metrics:   queries.Metrics{Views: metaInt(52), Reach: metaInt(37), Likes: metaInt(3), Shares: metaInt(0), Comments: metaInt(0), Saves: metaInt(0)},
	})
	if !strings.HasPrefix(igFirst.Caption, "Cape Town has become the latest city") || strings.Count(igFirst.Caption, "\n") != 6 {
		t.Errorf("caption %q", igFirst.Caption)
	}
	if f := find(ig, "17942915390987208").Metrics.Follows; f == nil || *f != 2 {
		t.Errorf("follows %v", f)
	}

	content := parseForTest(t, sharedExports+"meta-instagram-1/content.csv", ctx)
	observer := queries.Account{Platform: "instagram", Handle: "orthodoxobserver", ExternalID: "17841435036088337", DisplayName: "Orthodox Observer"}
	metaEqual(t, "content.csv accounts", content.Accounts, []queries.Account{korea, observer})
	metaEqual(t, "content.csv first", content.Posts[0], queries.Post{
		Account: korea, PostID: "17978919536823613",
		PublishedAt: metaUTC("2026-03-21 15:45:00"), // 16:45 CET: Berlin changes to summer time on 29 March 2026
		ContentType: "carousel", RawType: "IG carousel",
		Caption:   "한국 정교회 대교구 주간 소식 (3월 22일) | Weekly Bulletin of the Orthodox Metropolis of Korea (March 22)\n\n#정교회 #한국정교회 #한국정교회대교구 #orthodoxkorea #orthodoxy",
		Permalink: "https://www.instagram.com/p/DWKlef5mCuX/",
		Metrics:   queries.Metrics{Views: metaInt(1784), Reach: metaInt(685), Likes: metaInt(91), Shares: metaInt(2), Follows: metaInt(1), Comments: metaInt(0), Saves: metaInt(11)},
	})
	// The other account's post leaves Reach and Follows empty: not reported, not 0.
	metaEqual(t, "content.csv second", withoutCaption(content.Posts[1]), queries.Post{
		Account: observer, PostID: "17930334846214846",
		PublishedAt: metaUTC("2026-03-21 07:51:00"),
		ContentType: "image", RawType: "IG image",
		Permalink: "https://www.instagram.com/p/DWJu9L9jZ-Y/",
		Metrics:   queries.Metrics{Views: metaInt(15715), Likes: metaInt(515), Shares: metaInt(16), Comments: metaInt(1), Saves: metaInt(0)},
	})
	if got := find(content, "18096534550549498").PublishedAt; !got.Equal(metaUTC("2025-07-30 23:56:00")) { // 07/31/2025 01:56 CEST
		t.Errorf("summer time: %v", got)
	}

	// Every Views in this file is 0 while Reach is not: loaded as not reported.
	zero := parseForTest(t, sharedExports+"meta-2/Mar-18-2025_Apr-14-2025_553302954456165.csv", ctx)
	metaEqual(t, "553302954456165 first", withoutCaption(zero.Posts[0]), queries.Post{
		Account: oigetitFB, PostID: "960221266197866",
		PublishedAt: metaUTC("2025-03-18 11:59:00"),
		ContentType: "image", RawType: "Photos",
		Permalink: "https://www.facebook.com/OigetitSouthAfricaFacebook/posts/960221266197866",
		Metrics:   queries.Metrics{Reach: metaInt(37), Likes: metaInt(2), Comments: metaInt(0), Shares: metaInt(0), Clicks: metaInt(2), VideoViews: metaInt(0)},
	})
	metaEqual(t, "553302954456165 notes", zero.Notes, []string{
		"the header repeats Views; the first of each was used",
		"Views is 0 on every post although Reach is not: Meta did not report views in this export, so they were loaded as not reported",
	})
}

// The export day comes from the file name unless --as-of was given.
func TestMetaPostsAsOfFromFileName(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	ctx.AsOfGiven = false
	for path, want := range map[string]string{
		sharedExports + "meta-2/Jan-14-2025_Apr-14-2025_1396269028466733.csv": "2025-04-14",
		metaFixtures + "Mar-01-2025_Jul-15-2025_17841400000000001.csv":        "2025-07-15",
	} {
		if p := parseForTest(t, path, ctx); !p.AsOf.Equal(metaDay(want)) {
			t.Errorf("%s: AsOf = %v, want %s", path, p.AsOf, want)
		}
	}
	// content.csv has no dates in its name.
	if p := parseForTest(t, sharedExports+"meta-instagram-1/content.csv", ctx); !p.AsOf.IsZero() {
		t.Errorf("content.csv: AsOf = %v", p.AsOf)
	}
	// A second download of the same export.
	raw, err := os.ReadFile(metaFixtures + "Mar-01-2025_Jul-15-2025_17841400000000001.csv")
	if err != nil {
		t.Fatal(err)
	}
	if p := parseBytesForTest(t, "Mar-01-2025_Jul-15-2025_17841400000000001 (1).csv", raw, ctx); !p.AsOf.Equal(metaDay("2025-07-15")) {
		t.Errorf("copy: AsOf = %v", p.AsOf)
	}
}

func TestMetaFixtureInstagramPosts(t *testing.T) {
	path := metaFixtures + "Mar-01-2025_Jul-15-2025_17841400000000001.csv"
	p := parseForTest(t, path, ctxAt(t, "Europe/Berlin", "2025-04-15"))
	studioA := queries.Account{Platform: "instagram", Handle: "studio_a", ExternalID: "178410001", DisplayName: "Studio A"}
	studioB := queries.Account{Platform: "instagram", Handle: "studio_b", ExternalID: "178410002", DisplayName: "Studio B"}
	metaEqual(t, "header", []any{p.Format, p.Platform, p.Name, p.RowsRead, p.Notes, p.Skipped, p.AsOf, len(p.Daily)},
		[]any{"meta-posts", "instagram", "Meta Business Suite post export: Instagram", 4, []string(nil), false, time.Time{}, 0})
	metaEqual(t, "accounts", p.Accounts, []queries.Account{studioA, studioB})
	metaEqual(t, "posts", p.Posts, []queries.Post{{
		Account: studioA, PostID: "1001",
		PublishedAt: metaUTC("2025-01-15 08:30:00"), // 09:30 CET
		ContentType: "carousel", RawType: "IG carousel",
		Caption:   "Spring menu & prices\nline two\n\n#tag",
		Permalink: "https://www.instagram.com/p/AAA/",
		// Impressions "1,234", Reach "5.0", Saves "-", Likes "undefined", Comments empty.
		Metrics: queries.Metrics{Views: metaInt(1234), Reach: metaInt(5), Shares: metaInt(3), Follows: metaInt(0)},
	}, {
		Account: studioB, PostID: "1002",
		PublishedAt: metaUTC("2025-07-01 16:05:00"), // 18:05 CEST
		ContentType: "reel", RawType: "IG reel",
		Caption:   `Summer "quoted" post`,
		Permalink: "https://www.instagram.com/reel/BBB/",
		Metrics:   queries.Metrics{Views: metaInt(900), Reach: metaInt(450), Saves: metaInt(7), Likes: metaInt(88), Comments: metaInt(4), Shares: metaInt(2), Follows: metaInt(1)},
	}, {
		Account: studioA, PostID: "1004",
		PublishedAt: metaUTC("2025-03-31 22:30:00"), // 00:30 CEST on 1 April
		ContentType: "story", RawType: "IG story",
		Permalink: "https://www.instagram.com/stories/DDD/",
		Metrics:   queries.Metrics{Views: metaInt(20), Reach: metaInt(15), Likes: metaInt(2), Comments: metaInt(1), Shares: metaInt(0)},
	}})
	// The first row spans lines 2-5, so the bad row starts on line 7; Reach is column 11.
	metaEqual(t, "rejects", p.Rejects, []*RowError{
		{File: path, Line: 7, Column: 11, Field: "Reach", Value: "abc", Expected: "a whole number (like 1234)"},
	})
}

func TestMetaFixtureFacebookPosts(t *testing.T) {
	path := metaFixtures + "Jan-01-2025_Mar-31-2025_100000000000001.csv"
	p := parseForTest(t, path, ctxAt(t, "Europe/Berlin", "2025-04-15"))
	page := queries.Account{Platform: "facebook", Handle: "Café Corner & Bar", ExternalID: "100000000000001", DisplayName: "Café Corner & Bar"}
	metaEqual(t, "header", []any{p.Format, p.Platform, p.Name, p.RowsRead, p.Skipped, len(p.Rejects), p.Accounts},
		[]any{"meta-posts", "facebook", "Meta Business Suite post export: Facebook", 7, false, 0, []queries.Account{page}})
	metaEqual(t, "notes", p.Notes, []string{"the header repeats Views; the first of each was used"})
	zero := metaInt(0)
	metaEqual(t, "posts", p.Posts, []queries.Post{{
		Account: page, PostID: "2001",
		PublishedAt: metaUTC("2025-02-03 09:00:00"),
		ContentType: "image", RawType: "Photos",
		Caption: "Title only", // Description is empty
		Labels:  []string{"Promo", "Spring", "Sale"},
		// Views is the first "Views" column (100), not the second (999).
		Metrics: queries.Metrics{Views: metaInt(100), Reach: metaInt(80), Likes: metaInt(10), Comments: metaInt(2), Shares: metaInt(1), Clicks: metaInt(5)},
	}, {
		Account: page, PostID: "2002",
		PublishedAt: metaUTC("2025-06-10 19:15:00"),
		ContentType: "reel", RawType: "Reels",
		Caption: "Reel description\nsecond line", // Description wins over Title
		Metrics: queries.Metrics{Views: metaInt(2500), Reach: metaInt(1200), Likes: metaInt(40), Comments: metaInt(6), Shares: metaInt(3),
			Clicks: metaInt(25), WatchTimeSec: ptr(202.708), VideoViews: metaInt(44)},
	}, {
		// Only 11 of 18 fields: the rest are not reported.
		Account: page, PostID: "2003",
		PublishedAt: metaUTC("2025-03-01 07:00:00"),
		ContentType: "video", RawType: "Videos", Caption: "Short row",
		Metrics: queries.Metrics{Views: metaInt(70), Reach: metaInt(60)},
	}, {
		Account: page, PostID: "2004", PublishedAt: metaUTC("2025-03-02 07:00:00"),
		ContentType: "link", RawType: "Links", Caption: "A link",
		Metrics: queries.Metrics{Views: metaInt(1), Reach: metaInt(1), Likes: zero, Comments: zero, Shares: zero, Clicks: metaInt(1)},
	}, {
		Account: page, PostID: "2005", PublishedAt: metaUTC("2025-03-03 07:00:00"),
		ContentType: "text", RawType: "Text", Caption: "Words",
		Metrics: queries.Metrics{Views: metaInt(2), Reach: metaInt(2), Likes: zero, Comments: zero, Shares: zero, Clicks: zero},
	}, {
		Account: page, PostID: "2006", PublishedAt: metaUTC("2025-03-04 07:00:00"),
		ContentType: "text", RawType: "Status", Caption: "Status",
		Metrics: queries.Metrics{Views: metaInt(3), Reach: metaInt(3), Likes: zero, Comments: zero, Shares: zero, Clicks: zero},
	}, {
		Account: page, PostID: "2007", PublishedAt: metaUTC("2025-03-05 07:00:00"),
		ContentType: "other", RawType: "Albums", Caption: "An album",
		Metrics: queries.Metrics{Views: metaInt(4), Reach: metaInt(4), Likes: zero, Comments: zero, Shares: zero, Clicks: zero},
	}})
}

func TestMetaFixtureDaily(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	for _, name := range []string{"Reach.csv", "Views.csv", "Follows.csv", "Audience.csv"} {
		raw, err := os.ReadFile(metaFixtures + name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(raw), "\xff\xfes\x00e\x00p\x00=\x00,\x00\n\x00") {
			t.Errorf("%s is not UTF-16LE with a BOM starting sep=,", name)
		}
	}

	ig := queries.Account{Platform: "instagram"}
	path := metaFixtures + "Reach.csv"
	p := parseForTest(t, path, ctx)
	metaEqual(t, "Reach.csv", []any{p.Format, p.Platform, p.Name, p.RowsRead, p.Notes, p.Skipped, p.Accounts, p.Posts},
		[]any{"meta-daily", "instagram", "Meta daily file: Instagram reach", 6, []string(nil), false, []queries.Account(nil), []queries.Post(nil)})
	metaEqual(t, "Reach.csv days", p.Daily, []queries.Daily{
		{Account: ig, Day: metaDay("2025-03-29"), Metric: queries.MetricReach, Value: 1234}, // "1,234"
		{Account: ig, Day: metaDay("2025-03-30"), Metric: queries.MetricReach, Value: 5},    // "5.0", T01:00:00
		// 2025-03-31 "" and 2025-04-01 "-": not reported, no row.
		{Account: ig, Day: metaDay("2025-04-03"), Metric: queries.MetricReach, Value: 17},
	})
	metaEqual(t, "Reach.csv rejects", p.Rejects, []*RowError{
		{File: path, Line: 8, Column: 2, Field: "Primary", Value: "abc", Expected: "a number (like 12.5)"},
	})

	p = parseForTest(t, metaFixtures+"Views.csv", ctx)
	meta := queries.Account{Platform: "meta"}
	metaEqual(t, "Views.csv", []any{p.Format, p.Platform, p.Name, p.RowsRead, len(p.Rejects)},
		[]any{"meta-daily", "meta", "Meta daily file: Views (Facebook or Instagram: the file does not say)", 2, 0})
	metaEqual(t, "Views.csv days", p.Daily, []queries.Daily{
		{Account: meta, Day: metaDay("2025-01-01"), Metric: queries.MetricViews, Value: 16},
		{Account: meta, Day: metaDay("2025-01-02"), Metric: queries.MetricViews, Value: 35},
	})

	p = parseForTest(t, metaFixtures+"Follows.csv", ctx)
	metaEqual(t, "Follows.csv", []any{p.Format, p.Platform, p.Name, p.RowsRead, len(p.Rejects), p.Daily},
		[]any{"meta-daily", "instagram", "Meta daily file: Instagram follows", 0, 0, []queries.Daily(nil)})

	p = parseForTest(t, metaFixtures+"Audience.csv", ctx)
	metaEqual(t, "Audience.csv", []any{p.Format, p.Platform, p.Name, p.RowsRead, p.Skipped, p.Notes, len(p.Rejects)},
		[]any{"meta-audience", "facebook", "Meta audience file: Facebook followers", 2, false,
			[]string{"demographics sections not loaded: Age & gender"}, 0})
	metaEqual(t, "Audience.csv days", p.Daily, []queries.Daily{
		{Account: queries.Account{Platform: "facebook"}, Day: metaDay("2025-04-15"), Metric: queries.MetricFollowersTotal, Value: 2345},
	})
}

func metaUTF16(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s {
		if r > 0xFFFF {
			panic("test text outside the BMP")
		}
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func TestMetaBadInputs(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")

	// A daily file with a title pulse does not know is recognised, and says so.
	_, id, err := metaParse(t, "Unfollows.csv", metaUTF16("sep=,\n\"Facebook new likes\"\n\"Date\",\"Primary\"\n\"2025-01-01T00:00:00\",\"3\"\n"), ctx)
	if id != "meta-daily" || err == nil || !strings.Contains(err.Error(), `"Facebook new likes"`) {
		t.Errorf("unknown title: %s, %v", id, err)
	}

	// A post export re-saved by a spreadsheet with ';'.
	_, id, err = metaParse(t, "Jan-14-2025_Apr-14-2025_1.csv",
		[]byte("\ufeffPost ID;Page ID;Page name;Publish time;Post type;Views\n1;2;P;01/14/2025 10:00;Photos;5\n"), ctx)
	if id != "meta-posts" || !errors.Is(err, ErrSemicolon) {
		t.Errorf("semicolons: %s, %v", id, err)
	}

	// The follower count is no number.
	p, _, err := metaParse(t, "Audience.csv", metaUTF16("sep=,\n\"Instagram followers\"\n\"IG_ACCOUNT,FOLLOW,UNIQUE_USERS\"\n\"lots\"\n"), ctx)
	if err != nil {
		t.Fatal(err)
	}
	metaEqual(t, "audience reject", p.Rejects, []*RowError{
		{File: "Audience.csv", Line: 4, Column: 1, Field: "IG_ACCOUNT,FOLLOW,UNIQUE_USERS", Value: "lots", Expected: "a follower count (like 1629)"},
	})

	// A row without a post id cannot be stored.
	p, _, err = metaParse(t, "x.csv", []byte("Post ID,Account username,Publish time,Post type,Views\n,a,01/14/2025 10:00,IG image,5\n"), ctx)
	if err != nil {
		t.Fatal(err)
	}
	metaEqual(t, "no post id", p.Rejects, []*RowError{{File: "x.csv", Line: 2, Column: 1, Field: "Post ID", Expected: "a post ID"}})

	// A bad publish time.
	p, _, err = metaParse(t, "x.csv", []byte("Post ID,Account username,Publish time,Post type\n1,a,2025-01-14,IG image\n"), ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rejects) != 1 || p.Rejects[0].Column != 3 || p.Rejects[0].Value != "2025-01-14" {
		t.Errorf("bad time: %v", p.Rejects)
	}
}

// Views all 0 is only dropped when some post reached people; a file where nothing
// was seen keeps its zeros.
func TestMetaUnreportedViews(t *testing.T) {
	ctx := ctxAt(t, "Europe/Berlin", "2025-04-15")
	header := "Post ID,Page name,Publish time,Post type,Views,Reach\n"
	p := parseBytesForTest(t, "a.csv", []byte(header+"1,P,01/14/2025 10:00,Photos,0,0\n2,P,01/14/2025 11:00,Photos,0,\n"), ctx)
	if v := p.Posts[0].Metrics.Views; v == nil || *v != 0 || len(p.Notes) != 0 {
		t.Errorf("nothing reached: views %v, notes %q", v, p.Notes)
	}
	p = parseBytesForTest(t, "a.csv", []byte(header+"1,P,01/14/2025 10:00,Photos,0,3\n2,P,01/14/2025 11:00,Photos,1,3\n"), ctx)
	if v := p.Posts[0].Metrics.Views; v == nil || *v != 0 || len(p.Notes) != 0 {
		t.Errorf("some views: views %v, notes %q", v, p.Notes)
	}
}

func TestMetaContentTypesAndLabels(t *testing.T) {
	for raw, want := range map[string]string{
		"IG carousel": "carousel", "IG image": "image", "IG reel": "reel", "IG story": "story",
		"Photos": "image", "Reels": "reel", "Videos": "video", "Links": "link", "Text": "text", "Status": "text",
		"Photo": "image", "Video": "video", "SharedVideo": "video", "Link": "link",
		"": "other", "Live": "other",
	} {
		if got := metaContentType(raw); got != want {
			t.Errorf("metaContentType(%q) = %q, want %q", raw, got, want)
		}
	}
	metaEqual(t, "labels", splitLabels(" a, b |c,, "), []string{"a", "b", "c"})
	metaEqual(t, "no labels", splitLabels(""), []string(nil))
	metaEqual(t, "dash labels", splitLabels("-"), []string(nil))
}

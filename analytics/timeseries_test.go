package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"pulse/queries"
)

// kids is a second Instagram account of the practice: its figures add to PraxisNord's.
var kids = queries.Account{Platform: "instagram", Handle: "praxis.kids"}

// loadSeriesFixture stores the data of the series tests, around the period Thursday
// 27 March – Wednesday 2 April 2025: the end of ISO week 2025-W13 (Monday 24 March)
// and the start of W14 (Monday 31 March – Sunday 6 April, a week across two months).
// Berlin moves to summer time on Sunday 30 March.
func loadSeriesFixture(t *testing.T, db *queries.DB) {
	t.Helper()
	p := func(a queries.Account, id, at string, m queries.Metrics) queries.Post {
		return queries.Post{Account: a, PostID: id, ContentType: "image", PublishedAt: utc(at), Metrics: m}
	}
	load(t, db, "2025-04-05", queries.Batch{Posts: []queries.Post{
		// P0: Wednesday 26 March, W13 but before the period: left out.
		p(ig, "P0", "2025-03-26 10:00", queries.Metrics{Reach: i(1000), Likes: i(900)}),
		// W13: P1 10 / 100; P2 (the other Instagram account) 21:30 UTC on Sunday 30
		// March is 23:30 CEST, still W13: 5 + 5 = 10 / 50. P3 on X: 4 likes but no
		// reach or views, so no ER.
		p(ig, "P1", "2025-03-27 09:00", queries.Metrics{Reach: i(100), Likes: i(10)}),
		p(kids, "P2", "2025-03-30 21:30", queries.Metrics{Reach: i(50), Likes: i(5), Comments: i(5)}),
		p(xa, "P3", "2025-03-28 08:00", queries.Metrics{Likes: i(4)}),
		// W14: P4 22:30 UTC on Sunday 30 March is Monday 31 March 00:30 CEST: 6 + 4
		// = 10 / 200. P5: reach but no interactions reported, counted as a post but
		// not in the ER. P6 on X: a reported 0 likes over views 200, ER 0.
		p(ig, "P4", "2025-03-30 22:30", queries.Metrics{Reach: i(200), Likes: i(6), Saves: i(4)}),
		p(ig, "P5", "2025-04-01 12:00", queries.Metrics{Reach: i(300)}),
		p(xa, "P6", "2025-04-02 12:00", queries.Metrics{Views: i(200), Likes: i(0)}),
		// P7: 22:30 UTC on 2 April is 3 April 00:30 CEST: after the period.
		p(ig, "P7", "2025-04-02 22:30", queries.Metrics{Reach: i(100), Likes: i(100)}),
	}})
	load(t, db, "2025-04-05", queries.Batch{Daily: []queries.Daily{
		// Reach. PraxisNord 100, 110, -, 120, 130, -, 140 (and 999 on each side of
		// the period); praxis.kids 10 on the 27th, 20 on the 29th, 30 on 2 April;
		// X 50 on the 28th. No Instagram file at all for 1 April.
		daily(ig, "2025-03-26", queries.MetricReach, 999),
		daily(ig, "2025-03-27", queries.MetricReach, 100), daily(ig, "2025-03-28", queries.MetricReach, 110),
		daily(ig, "2025-03-30", queries.MetricReach, 120), daily(ig, "2025-03-31", queries.MetricReach, 130),
		daily(ig, "2025-04-02", queries.MetricReach, 140), daily(ig, "2025-04-03", queries.MetricReach, 999),
		daily(kids, "2025-03-27", queries.MetricReach, 10), daily(kids, "2025-03-29", queries.MetricReach, 20),
		daily(kids, "2025-04-02", queries.MetricReach, 30),
		daily(xa, "2025-03-28", queries.MetricReach, 50),
		// Views: X only, 400 on 31 March and a reported 0 on 1 April.
		daily(xa, "2025-03-31", queries.MetricViews, 400), daily(xa, "2025-04-01", queries.MetricViews, 0),
		// PraxisNord followers: 1000 on 25 March, +2 on the 26th (before the period),
		// +10 on the 27th, -3 on the 28th, no file on the 29th, its own total 1010 on
		// the 30th, +5 on the 31st, no file on 1 April, -1 on 2 April.
		daily(ig, "2025-03-25", queries.MetricFollowersTotal, 1000),
		daily(ig, "2025-03-26", queries.MetricNewFollowers, 2),
		daily(ig, "2025-03-27", queries.MetricNewFollowers, 10), daily(ig, "2025-03-28", queries.MetricUnfollows, 3),
		daily(ig, "2025-03-30", queries.MetricFollowersTotal, 1010),
		daily(ig, "2025-03-31", queries.MetricNewFollowers, 5), daily(ig, "2025-04-02", queries.MetricUnfollows, 1),
		// praxis.kids: first total 200 on the 29th; net only (+4) on the 31st; on 1
		// April +3 gained, which wins over the net 99 of the same day.
		daily(kids, "2025-03-29", queries.MetricFollowersTotal, 200),
		daily(kids, "2025-03-31", queries.MetricNetFollowers, 4),
		daily(kids, "2025-04-01", queries.MetricNewFollowers, 3), daily(kids, "2025-04-01", queries.MetricNetFollowers, 99),
		// X: -2 on the 28th, before any total; first total 300 on 1 April; -1 on 2 April.
		daily(xa, "2025-03-28", queries.MetricUnfollows, 2),
		daily(xa, "2025-04-01", queries.MetricFollowersTotal, 300), daily(xa, "2025-04-02", queries.MetricUnfollows, 1),
	}})
}

// seriesText renders a series as "platform v,v,-,v; platform ..." with - for nil.
func seriesText(ps []PlatformSeries) string {
	var out []string
	for _, p := range ps {
		vs := make([]string, len(p.Values))
		for k, v := range p.Values {
			vs[k] = "-"
			if v != nil {
				vs[k] = fmt.Sprint(*v)
			}
		}
		out = append(out, p.Platform+" "+strings.Join(vs, ","))
	}
	return strings.Join(out, "; ")
}

func TestDailySeries(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	loadSeriesFixture(t, db)
	a := New(db, Practice{TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	week := period("2025-03-27", "2025-04-02")
	days := "2025-03-27,2025-03-28,2025-03-29,2025-03-30,2025-03-31,2025-04-01,2025-04-02"

	reach := func(f Filter) (DailySeries, error) { return a.DailySeries(ctx, week, f, queries.MetricReach) }
	views := func(f Filter) (DailySeries, error) { return a.DailySeries(ctx, week, f, queries.MetricViews) }
	followers := func(f Filter) (DailySeries, error) { return a.FollowerSeries(ctx, week, f) }
	gained := func(f Filter) (DailySeries, error) { g, _, err := a.GainedLostSeries(ctx, week, f); return g, err }
	lost := func(f Filter) (DailySeries, error) { _, l, err := a.GainedLostSeries(ctx, week, f); return l, err }
	onlyIG := Filter{Platforms: []string{"instagram"}}
	onlyNord := Filter{Accounts: []string{"instagram:praxisnord"}}

	for _, c := range []struct {
		name, metric string
		get          func(Filter) (DailySeries, error)
		f            Filter
		want         string
	}{
		// Instagram: 27th 100 + 10, 28th 110, 29th 20 (praxis.kids alone), 30th 120,
		// 31st 130, 1 April no file (nil), 2 April 140 + 30. The 999s are outside.
		{"reach", "reach", reach, Filter{}, "instagram 110,110,20,120,130,-,170; x -,50,-,-,-,-,-"},
		{"reach, X filtered out", "reach", reach, onlyIG, "instagram 110,110,20,120,130,-,170"},
		{"reach of one account", "reach", reach, onlyNord, "instagram 100,110,-,120,130,-,140"},
		// A reported 0 stays 0; Instagram reports no views and is not listed.
		{"views", "views", views, Filter{}, "x -,-,-,-,400,0,-"},
		{"views, X filtered out", "views", views, onlyIG, ""},
		// PraxisNord: 1000 + 2 + 10 = 1012; 1012 - 3 = 1009; 1009 carried over the
		// 29th; its own 1010 on the 30th; 1015; 1015 carried; 1014.
		// praxis.kids: unknown until 200 on the 29th; 200 carried; 204 (net); 207
		// (gained 3, the net 99 ignored); 207 carried.
		// Instagram: 1012, 1009, 1009 + 200 = 1209, 1210, 1219, 1222, 1221.
		// X: unknown until 300 on 1 April (the -2 before it does not count); 299.
		{"followers", "followers", followers, Filter{}, "instagram 1012,1009,1209,1210,1219,1222,1221; x -,-,-,-,-,300,299"},
		{"followers, X filtered out", "followers", followers, onlyIG, "instagram 1012,1009,1209,1210,1219,1222,1221"},
		{"followers of one account", "followers", followers, onlyNord, "instagram 1012,1009,1009,1010,1015,1015,1014"},
		// Gained: PraxisNord 10 and 5, praxis.kids 3; X gained nothing it reported.
		{"gained", "new_followers", gained, Filter{}, "instagram 10,-,-,-,5,3,-"},
		{"lost", "unfollows", lost, Filter{}, "instagram -,3,-,-,-,-,1; x -,2,-,-,-,-,1"},
		{"lost, X filtered out", "unfollows", lost, onlyIG, "instagram -,3,-,-,-,-,1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := c.get(c.f)
			if err != nil {
				t.Fatal(err)
			}
			if s.Metric != c.metric || strings.Join(s.Days, ",") != days || s.Platforms == nil {
				t.Errorf("metric %q, days %v, platforms %v", s.Metric, s.Days, s.Platforms)
			}
			if got := seriesText(s.Platforms); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

// TestFollowerSeriesAgreesWithFollowersOn holds the series to the definition the
// summary uses, day by day.
func TestFollowerSeriesAgreesWithFollowersOn(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	loadSeriesFixture(t, db)
	a := New(db, Practice{TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	p := period("2025-03-24", "2025-04-06")
	s, err := a.FollowerSeries(ctx, p, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for k, d := range s.Days {
		on, err := db.FollowersOn(ctx, day(d), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]*float64{}
		for _, ac := range on {
			v := want[ac.Platform]
			addTo(&v, ac.Total)
			want[ac.Platform] = v
		}
		for _, ps := range s.Platforms {
			checkF(t, ps.Platform+" "+d, ps.Values[k], want[ps.Platform])
		}
	}
	// Before the 25th no total is known: Instagram's first value is nil.
	if got := seriesText(s.Platforms); !strings.HasPrefix(got, "instagram -,1000,1002,1012,1009,1209,1210,1219,1222,1221,") {
		t.Errorf("followers %s", got)
	}
}

func TestERSeries(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	loadSeriesFixture(t, db)
	a := New(db, Practice{TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	week := period("2025-03-27", "2025-04-02")

	for _, c := range []struct {
		name  string
		f     Filter
		posts []int
		want  map[string][]*float64 // platforms in order, "all" last
		order string
	}{
		// W13 (from Thursday 27 March; P0 is before the period): P1, P2, P3.
		// Instagram (10 + 10) / (100 + 50) = 20/150; X has no post with a base: nil;
		// all 20/150. W14 (to Wednesday 2 April; P7 is after it): P4, P5, P6.
		// Instagram 10/200 (P5 has no interactions); X 0/200 = 0; all 10/400.
		{"all platforms", Filter{}, []int{3, 3}, map[string][]*float64{
			"instagram": {f(20.0 / 150), f(0.05)}, "x": {nil, f(0)}, "all": {f(20.0 / 150), f(0.025)},
		}, "instagram,x,all"},
		// Instagram alone: P1, P2 and P4, P5.
		{"X filtered out", Filter{Platforms: []string{"instagram"}}, []int{2, 2}, map[string][]*float64{
			"instagram": {f(20.0 / 150), f(0.05)}, "all": {f(20.0 / 150), f(0.05)},
		}, "instagram,all"},
		// X alone: P3 has no ER and P6 has 0; X is listed since W14 has a value.
		{"X only", Filter{Platforms: []string{"x"}}, []int{1, 1}, map[string][]*float64{
			"x": {nil, f(0)}, "all": {nil, f(0)},
		}, "x,all"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ws, err := a.ERSeries(ctx, week, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if ws.Metric != KeyEngagementRate || strings.Join(ws.Weeks, ",") != "2025-03-24,2025-03-31" ||
				fmt.Sprint(ws.Posts) != fmt.Sprint(c.posts) {
				t.Errorf("metric %q weeks %v posts %v", ws.Metric, ws.Weeks, ws.Posts)
			}
			var order []string
			for _, ps := range ws.Platforms {
				order = append(order, ps.Platform)
				for k, w := range c.want[ps.Platform] {
					checkF(t, fmt.Sprintf("%s week %d", ps.Platform, k), ps.Values[k], w)
				}
			}
			if strings.Join(order, ",") != c.order {
				t.Errorf("platforms %v, want %s", order, c.order)
			}
		})
	}
}

func TestWeeklyERWeeks(t *testing.T) {
	for _, c := range []struct {
		p     Period
		weeks string
	}{
		// One day, a Sunday: its week's Monday.
		{period("2025-03-30", "2025-03-30"), "2025-03-24"},
		// Sunday to Monday: two weeks.
		{period("2025-03-30", "2025-03-31"), "2025-03-24,2025-03-31"},
		// A whole ISO week across two months.
		{period("2025-03-31", "2025-04-06"), "2025-03-31"},
		// Wednesday 31 December 2025 to Monday 5 January 2026: W01 of 2026 starts on
		// Monday 29 December 2025.
		{period("2025-12-31", "2026-01-05"), "2025-12-29,2026-01-05"},
	} {
		ws := WeeklyER(nil, c.p)
		if got := strings.Join(ws.Weeks, ","); got != c.weeks {
			t.Errorf("%s: weeks %s, want %s", c.p, got, c.weeks)
		}
		if len(ws.Posts) != len(ws.Weeks) || len(ws.Platforms) != 1 || ws.Platforms[0].Platform != "all" ||
			len(ws.Platforms[0].Values) != len(ws.Weeks) {
			t.Errorf("%s: %+v", c.p, ws)
		}
	}
}

// TestTimeseriesJSON pins the document the dashboard reads, for 31 March – 2 April
// (Monday to Wednesday of W14).
func TestTimeseriesJSON(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	loadSeriesFixture(t, db)
	a := New(db, Practice{TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	ts, err := a.Timeseries(ctx, period("2025-03-31", "2025-04-02"), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(ts, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	// reach: Instagram 130, no file, 140 + 30 = 170. views: X 400, 0, none.
	// followers: Instagram 1015 + 204, 1015 + 207, 1014 + 207; X -, 300, 299.
	// gained: Instagram 5, 3 (praxis.kids), -. lost: Instagram and X -1 on 2 April.
	// ER of W14's part in the period (P4, P5, P6): Instagram 10/200, X 0/200, all
	// 10/400; 3 posts.
	want := `{
  "schema": "pulse.timeseries/1",
  "period": {
    "from": "2025-03-31",
    "to": "2025-04-02",
    "days": 3,
    "label": "2025-03-31 – 2025-04-02"
  },
  "filter": {
    "platforms": [],
    "accounts": []
  },
  "reach": {
    "metric": "reach",
    "days": [
      "2025-03-31",
      "2025-04-01",
      "2025-04-02"
    ],
    "platforms": [
      {
        "platform": "instagram",
        "values": [
          130,
          null,
          170
        ]
      }
    ]
  },
  "views": {
    "metric": "views",
    "days": [
      "2025-03-31",
      "2025-04-01",
      "2025-04-02"
    ],
    "platforms": [
      {
        "platform": "x",
        "values": [
          400,
          0,
          null
        ]
      }
    ]
  },
  "followers": {
    "metric": "followers",
    "days": [
      "2025-03-31",
      "2025-04-01",
      "2025-04-02"
    ],
    "platforms": [
      {
        "platform": "instagram",
        "values": [
          1219,
          1222,
          1221
        ]
      },
      {
        "platform": "x",
        "values": [
          null,
          300,
          299
        ]
      }
    ]
  },
  "gained": {
    "metric": "new_followers",
    "days": [
      "2025-03-31",
      "2025-04-01",
      "2025-04-02"
    ],
    "platforms": [
      {
        "platform": "instagram",
        "values": [
          5,
          3,
          null
        ]
      }
    ]
  },
  "lost": {
    "metric": "unfollows",
    "days": [
      "2025-03-31",
      "2025-04-01",
      "2025-04-02"
    ],
    "platforms": [
      {
        "platform": "instagram",
        "values": [
          null,
          null,
          1
        ]
      },
      {
        "platform": "x",
        "values": [
          null,
          null,
          1
        ]
      }
    ]
  },
  "engagement_rate": {
    "metric": "engagement_rate",
    "weeks": [
      "2025-03-31"
    ],
    "platforms": [
      {
        "platform": "instagram",
        "values": [
          0.05
        ]
      },
      {
        "platform": "x",
        "values": [
          0
        ]
      },
      {
        "platform": "all",
        "values": [
          0.025
        ]
      }
    ],
    "posts": [
      3
    ]
  }
}`
	if string(b) != want {
		t.Errorf("got\n%s", b)
	}
}

func TestTimeseriesUnknownFilter(t *testing.T) {
	db := openDB(t)
	loadSeriesFixture(t, db)
	a := New(db, Practice{TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	_, err := a.Timeseries(context.Background(), period("2025-03-31", "2025-04-02"), Filter{Platforms: []string{"tiktok"}})
	if err == nil || !strings.Contains(err.Error(), "instagram:praxis.kids") {
		t.Errorf("unknown platform: %v", err)
	}
}

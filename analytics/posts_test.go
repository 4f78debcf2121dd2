package analytics

import (
	"strings"
	"testing"
	"time"

	"pulse/queries"
)

func TestInteractionsNullVersusZero(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    queries.Metrics
		want *int64
	}{
		{"all four", queries.Metrics{Likes: i(10), Comments: i(2), Shares: i(3), Saves: i(5)}, i(20)},
		// Missing components count as 0 once one is reported.
		{"likes only", queries.Metrics{Likes: i(7)}, i(7)},
		// A reported 0 is a value: interactions are 0, not "not reported".
		{"reported zero", queries.Metrics{Comments: i(0)}, i(0)},
		// Nothing reported: not reported, not 0.
		{"none reported", queries.Metrics{Views: i(300), Reach: i(200)}, nil},
		// Clicks, profile visits and follows are their own figures.
		{"clicks are not interactions", queries.Metrics{Clicks: i(9), ProfileVisits: i(4), Follows: i(1)}, nil},
	} {
		got := Interactions(tc.m)
		if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPostER(t *testing.T) {
	for _, tc := range []struct {
		name  string
		m     queries.Metrics
		er    *float64
		basis string
	}{
		// 20 / 200: reach is reported, so it is the base even when views are too.
		{"by reach", queries.Metrics{Reach: i(200), Views: i(1000), Likes: i(20)}, f(0.1), "reach"},
		// 4 / 400 by views where no reach is reported.
		{"by views", queries.Metrics{Views: i(400), Likes: i(4), Comments: i(0)}, f(0.01), "views"},
		{"zero reach", queries.Metrics{Reach: i(0), Likes: i(3)}, nil, "reach"},
		{"no interactions", queries.Metrics{Reach: i(100)}, nil, "reach"},
		{"no base", queries.Metrics{Likes: i(3)}, nil, ""},
	} {
		er, basis := PostER(tc.m)
		checkF(t, tc.name, er, tc.er)
		if basis != tc.basis {
			t.Errorf("%s: basis %q, want %q", tc.name, basis, tc.basis)
		}
	}
}

// post builds a Post as NewPost would from a row of the database.
func post(id, platform, ctype string, at time.Time, m queries.Metrics) Post {
	loc, _ := time.LoadLocation("Europe/Berlin")
	l := at.In(loc)
	return NewPost(queries.PublishedPost{
		Platform: platform, Handle: "praxis", PostID: id, PublishedAt: at,
		LocalAt:     time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, time.UTC),
		TimeKnown:   true,
		ContentType: ctype, Metrics: m,
	})
}

func ids(ps []Post) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.PostID)
	}
	return strings.Join(out, ",")
}

func TestSetERIsARatioOfSums(t *testing.T) {
	at := utc("2025-03-26 08:00")
	posts := []Post{
		post("a", "instagram", "reel", at, queries.Metrics{Reach: i(200), Likes: i(20)}), // 20 / 200
		post("c", "instagram", "image", at, queries.Metrics{Reach: i(50), Likes: i(20)}), // 20 / 50
		post("d", "x", "text", at, queries.Metrics{Views: i(400), Likes: i(4)}),          // 4 / 400
		post("e", "x", "text", at, queries.Metrics{Views: i(300)}),                       // no interactions: left out
		post("f", "instagram", "image", at, queries.Metrics{Likes: i(7)}),                // no base: left out
	}
	// (20 + 20 + 4) / (200 + 50 + 400) = 44 / 650; the mean of the three ratios
	// would be (0.1 + 0.4 + 0.01) / 3 = 0.17.
	r := SetER(posts)
	checkF(t, "set ER", r.Value, f(44.0/650))
	if r.Posts != 3 || r.Basis != "mixed" || r.Label != LabelERMixed {
		t.Errorf("set ER %+v", r)
	}
	if r := SetER(posts[:2]); r.Label != LabelERByReach || !same(r.Value, f(40.0/250)) {
		t.Errorf("instagram only: %+v", r)
	}
	if r := SetER(posts[2:]); r.Label != LabelERByViews || !same(r.Value, f(0.01)) {
		t.Errorf("x only: %+v", r)
	}
	if r := SetER(posts[3:]); r.Value != nil || r.Posts != 0 || r.Label != "" {
		t.Errorf("nothing to divide: %+v", r)
	}
	checkF(t, "interactions", sumInteractions(posts), f(51)) // 20 + 20 + 4 + 7; e reports none
	checkF(t, "interactions of none", sumInteractions(posts[3:4]), nil)
}

func TestTopContentMinReachAndTies(t *testing.T) {
	day := utc("2025-03-24 09:00")
	h := func(n int) time.Time { return day.Add(time.Duration(n) * time.Hour) }
	posts := []Post{
		// 40 / 50 = 0.8 but a reach of 50 is under the minimum of 100.
		post("small", "instagram", "image", h(0), queries.Metrics{Reach: i(50), Likes: i(40)}),
		// 10 / 100 = 0.1, exactly the minimum: it counts.
		post("edge", "instagram", "image", h(1), queries.Metrics{Reach: i(100), Likes: i(10)}),
		// 20 / 200 = 0.1 too: the tie goes to more interactions (20 > 10).
		post("tie-more", "instagram", "reel", h(2), queries.Metrics{Reach: i(200), Likes: i(20)}),
		// 30 / 150 = 0.2 by views.
		post("views", "x", "text", h(3), queries.Metrics{Views: i(150), Likes: i(30)}),
		// Reach 99: one under the minimum.
		post("under", "instagram", "image", h(4), queries.Metrics{Reach: i(99), Likes: i(99)}),
		// 500 reach, no interactions reported: no ER, but it ranks by reach.
		post("silent", "instagram", "video", h(5), queries.Metrics{Reach: i(500)}),
	}
	top := Top(posts, 100, 0)
	if got := ids(top.ByER); got != "views,tie-more,edge" {
		t.Errorf("by ER: %s", got)
	}
	if top.ByER[0].Rank != 1 || top.ByER[2].Rank != 3 {
		t.Errorf("ranks: %d %d", top.ByER[0].Rank, top.ByER[2].Rank)
	}
	// Interactions: 99, 40, 30, 20, 10; "silent" reports none.
	if got := ids(top.ByInteractions); got != "under,small,views,tie-more,edge" {
		t.Errorf("by interactions: %s", got)
	}
	// Post reach: 500, 200, 150 (views), 100, 99, 50.
	if got := ids(top.ByReach); got != "silent,tie-more,views,edge,under,small" {
		t.Errorf("by reach: %s", got)
	}
	// With a minimum of 0 the small posts lead (99 / 99 = 1.0, 40 / 50 = 0.8); a
	// limit keeps the first ones.
	if got := ids(RankByER(posts, 0, 2)); got != "under,small" {
		t.Errorf("min 0, limit 2: %s", got)
	}
}

func TestContentTypesBestTimeAndCadence(t *testing.T) {
	// Mondays 09:00 Berlin (08:00 UTC in winter) and a Tuesday.
	posts := []Post{
		post("r1", "instagram", "reel", utc("2025-03-03 08:00"), queries.Metrics{Reach: i(100), Likes: i(10)}), // 0.10
		post("r2", "instagram", "reel", utc("2025-03-10 08:00"), queries.Metrics{Reach: i(100), Likes: i(30)}), // 0.30
		post("r3", "instagram", "Reel", utc("2025-03-17 08:30"), queries.Metrics{Reach: i(200), Likes: i(40)}), // 0.20
		post("i1", "instagram", "image", utc("2025-03-04 17:00"), queries.Metrics{Reach: i(300), Likes: i(3)}), // 0.01
		post("t1", "x", "text", utc("2025-03-04 17:10"), queries.Metrics{Views: i(300)}),                       // no ER
	}
	// A date-only post (its hour unknown) with an ER: it counts for its content type
	// but has no slot.
	dateOnly := post("d1", "tiktok", "video", utc("2025-03-02 23:00"), queries.Metrics{Views: i(100), Likes: i(50)})
	dateOnly.TimeKnown = false
	types := ContentTypes(posts)
	if len(types) != 3 {
		t.Fatalf("types: %+v", types)
	}
	// reel: 3 posts, median of 0.10, 0.20, 0.30 = 0.20; interactions 80; post reach
	// 400 of 100 + 100 + 200 + 300 + 300 = 1000.
	r := types[0]
	if r.ContentType != "reel" || r.Posts != 3 {
		t.Fatalf("first type %+v", r)
	}
	checkF(t, "reel median ER", r.MedianER, f(0.2))
	checkF(t, "reel interactions", r.Interactions, f(80))
	checkF(t, "reel reach share", r.ReachShare, f(0.4))
	// text: its one post reports no interactions and no ER.
	tx := types[2]
	if tx.ContentType != "text" || tx.MedianER != nil || tx.Interactions != nil || !same(tx.ReachShare, f(0.3)) {
		t.Errorf("text %+v", tx)
	}

	bt := BestTime(append(posts, dateOnly))
	// Monday 09h: three posts (r1, r2, r3 at 09:00, 09:00, 09:30), median 0.20.
	// Tuesday 18h: one post with an ER (i1): too few.
	if len(bt.Slots) != 2 {
		t.Fatalf("slots %+v", bt.Slots)
	}
	mon, tue := bt.Slots[0], bt.Slots[1]
	if mon.Weekday != 1 || mon.Day != "Monday" || mon.Hour != 9 || mon.Posts != 3 || mon.TooFew || !same(mon.MedianER, f(0.2)) {
		t.Errorf("monday %+v", mon)
	}
	if tue.Weekday != 2 || tue.Hour != 18 || tue.Posts != 1 || !tue.TooFew || tue.Note != LabelTooFewPosts {
		t.Errorf("tuesday %+v", tue)
	}
	if bt.Best == nil || bt.Best.Weekday != 1 || bt.Best.Hour != 9 {
		t.Errorf("best %+v", bt.Best)
	}

	// Cadence counts the posts it is given over the period's length: instagram's 4
	// posts over 14 days are 2 a week. Their days are 3, 4, 10 and 17 March: gaps of
	// 1, 6 and 7 days, the longest from 10 to 17 March.
	cs := Cadences(posts[:4], period("2025-03-03", "2025-03-16"))
	ig := cs[0]
	if ig.Platform != "instagram" || ig.Posts != 4 || ig.PostsPerWeek != 2 || ig.LongestGap == nil || *ig.LongestGap != 7 ||
		ig.GapFrom != "2025-03-10" || ig.GapTo != "2025-03-17" {
		t.Errorf("instagram cadence %+v", ig)
	}
	one := Cadences(posts[4:], period("2025-03-03", "2025-03-09"))
	if len(one) != 2 || one[0].Platform != "x" || one[0].LongestGap != nil || one[0].PostsPerWeek != 1 || one[1].Platform != "all" {
		t.Errorf("one post: %+v", one)
	}
}

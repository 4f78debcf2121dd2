package analytics

import (
	"context"
	"strings"
	"testing"

	"pulse/queries"
)

var (
	ig = queries.Account{Platform: "instagram", Handle: "PraxisNord"}
	xa = queries.Account{Platform: "x", Handle: "praxisnord"}
)

func daily(a queries.Account, d, metric string, v float64) queries.Daily {
	return queries.Daily{Account: a, Day: day(d), Metric: metric, Value: v}
}

// loadWeekFixture stores the data of the summary tests: the ISO week 2025-W13
// (Monday 24 to Sunday 30 March 2025, in which Berlin moves to summer time on the
// Sunday), the week before it, and nothing a year earlier.
func loadWeekFixture(t *testing.T, db *queries.DB) {
	t.Helper()
	p := func(a queries.Account, id, ctype, at string, m queries.Metrics) queries.Post {
		return queries.Post{Account: a, PostID: id, ContentType: ctype, PublishedAt: utc(at), Metrics: m}
	}
	load(t, db, "2025-04-01", queries.Batch{Posts: []queries.Post{
		// W13. A: Sunday 23 March 23:30 UTC is Monday 24 March 00:30 in Berlin (CET):
		// it belongs to W13, not to the week its UTC day is in.
		// Interactions 10 + 2 + 3 + 5 = 20, ER 20 / 200 = 0.10 by reach.
		p(ig, "A", "reel", "2025-03-23 23:30", queries.Metrics{Reach: i(200), Likes: i(10), Comments: i(2), Shares: i(3), Saves: i(5)}),
		// B: Sunday 30 March 22:30 UTC is Monday 31 March 00:30 CEST: next week. (With
		// a fixed UTC+1 it would be Sunday 23:30 and swamp the week.)
		p(ig, "B", "image", "2025-03-30 22:30", queries.Metrics{Reach: i(1000), Likes: i(500)}),
		// C: Sunday 30 March 21:30 UTC is 23:30 CEST: in W13. ER 20 / 50 = 0.40, but
		// a reach of 50 is under the minimum of 100 for top posts.
		p(ig, "C", "carousel", "2025-03-30 21:30", queries.Metrics{Reach: i(50), Likes: i(20)}),
		// D: Wednesday, X: no reach, views 400; interactions 4 + 0 = 4, ER 4 / 400 = 0.01 by views.
		p(xa, "D", "text", "2025-03-26 08:00", queries.Metrics{Views: i(400), Likes: i(4), Comments: i(0)}),
		// E: no interaction reported at all: interactions not reported, no ER.
		p(xa, "E", "text", "2025-03-27 08:00", queries.Metrics{Views: i(300)}),
		// F: 7 likes but neither reach nor views: interactions 7, no ER.
		p(ig, "F", "image", "2025-03-28 10:00", queries.Metrics{Likes: i(7)}),
		// Week before (W12). G: interactions 8 + 2 = 10 over reach 100.
		p(ig, "G", "image", "2025-03-20 12:00", queries.Metrics{Reach: i(100), Likes: i(8), Comments: i(2)}),
		// H: Sunday 23 March 22:30 UTC = 23:30 CET, still W12; a reported 0 likes.
		p(xa, "H", "text", "2025-03-23 22:30", queries.Metrics{Views: i(100), Likes: i(0)}),
	}})
	// An older snapshot of A with other numbers: the latest (1 April) wins.
	load(t, db, "2025-03-25", queries.Batch{Posts: []queries.Post{
		p(ig, "A", "reel", "2025-03-23 23:30", queries.Metrics{Reach: i(20), Likes: i(1)}),
	}})
	load(t, db, "2025-04-01", queries.Batch{Daily: []queries.Daily{
		// Instagram reach: W13 100 + 150 + 250 = 500 (no files for the other days);
		// W12 80 + 120 = 200.
		daily(ig, "2025-03-24", queries.MetricReach, 100), daily(ig, "2025-03-25", queries.MetricReach, 150),
		daily(ig, "2025-03-30", queries.MetricReach, 250),
		daily(ig, "2025-03-17", queries.MetricReach, 80), daily(ig, "2025-03-23", queries.MetricReach, 120),
		// X views in W13 only.
		daily(xa, "2025-03-26", queries.MetricViews, 1000),
		// Instagram followers: 1000 on 16 March; +10 -4 in W12; the platform's own
		// total of 23 March (1008) replaces the carried 1006; in W13 +20 -5 and no
		// files from 28 March: 1008 + 20 - 5 = 1023 carried to Sunday.
		daily(ig, "2025-03-16", queries.MetricFollowersTotal, 1000),
		daily(ig, "2025-03-18", queries.MetricNewFollowers, 10), daily(ig, "2025-03-19", queries.MetricUnfollows, 4),
		daily(ig, "2025-03-23", queries.MetricFollowersTotal, 1008),
		daily(ig, "2025-03-25", queries.MetricNewFollowers, 20), daily(ig, "2025-03-27", queries.MetricUnfollows, 5),
		// X followers: first known on 20 March (300), then 310 on 29 March, carried to
		// Sunday the 30th.
		daily(xa, "2025-03-20", queries.MetricFollowersTotal, 300),
		daily(xa, "2025-03-29", queries.MetricFollowersTotal, 310),
	}})
}

type kpiWant struct {
	value            *float64
	prev, yago       *float64 // the comparison values
	prevPct, yagoPct *float64
	basis            string
}

func TestSummaryOfADSTWeek(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	loadWeekFixture(t, db)
	a := New(db, Practice{Name: "Praxis Nord", TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	w13 := period("2025-03-24", "2025-03-30")
	s, err := a.Summary(ctx, w13, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Previous != period("2025-03-17", "2025-03-23") || s.YearAgo != period("2024-03-25", "2024-03-31") {
		t.Fatalf("comparison periods %s %s", s.Previous, s.YearAgo)
	}
	// Nothing is stored for March 2024: every year-ago comparison is n/a, except the
	// post count, which is a real 0 (a change of +5 but no percentage).
	for key, w := range map[string]kpiWant{
		// 500 against 200: +150 %.
		KeyReach: {value: f(500), prev: f(200), prevPct: f(150), basis: LabelDailyReach},
		// 1000 against nothing reported.
		KeyViews: {value: f(1000)},
		// 20 (A) + 20 (C) + 4 (D) + 7 (F) = 51 against 10 (G) + 0 (H) = 10: +410 %.
		KeyInteractions: {value: f(51), prev: f(10), prevPct: f(410)},
		// (20 + 20 + 4) / (200 + 50 + 400) = 44 / 650 against 10 / 200 = 0.05:
		// (44/650 - 0.05) / 0.05 = +35.38 %.
		KeyEngagementRate: {value: f(44.0 / 650), prev: f(0.05), prevPct: f((44.0/650 - 0.05) / 0.05 * 100), basis: LabelERMixed},
		// End of W13: 1023 + 310 = 1333; end of W12: 1008 + 300 = 1308; +25/1308.
		KeyFollowers: {value: f(1333), prev: f(1308), prevPct: f(25.0 / 1308 * 100)},
		// W13: instagram 1023 - 1008 = 15, X 310 - 300 = 10: 25. W12: instagram
		// 1008 - 1000 = 8; X had no total before W12 and no daily changes: 8.
		KeyNetFollowers: {value: f(25), prev: f(8), prevPct: f(212.5)},
		// A, C, D, E, F against G, H; a year ago 0 posts.
		KeyPosts:         {value: f(5), prev: f(2), prevPct: f(150), yago: f(0)},
		KeyProfileVisits: {},
	} {
		k := s.KPI(key)
		checkF(t, key, k.Value, w.value)
		checkF(t, key+" previous", k.Previous.Value, w.prev)
		checkF(t, key+" previous %", k.Previous.ChangePct, w.prevPct)
		checkF(t, key+" year ago", k.YearAgo.Value, w.yago)
		checkF(t, key+" year ago %", k.YearAgo.ChangePct, w.yagoPct)
		if w.basis != "" && k.Basis != w.basis {
			t.Errorf("%s basis %q, want %q", key, k.Basis, w.basis)
		}
		if k.Definition != Definitions[key] || k.Definition == "" {
			t.Errorf("%s has no definition", key)
		}
		if w.yagoPct == nil && k.YearAgo.PctText() != "n/a" {
			t.Errorf("%s year ago %% %q, want n/a", key, k.YearAgo.PctText())
		}
	}
	checkF(t, "posts change vs a year ago", s.KPI(KeyPosts).YearAgo.Change, f(5))

	// Top posts: A (0.10 over reach 200), then D (0.01 over views 400). C's 0.40
	// comes from a reach of 50, under the minimum; E and F have no ER; B is next week.
	if got := ids(s.TopPosts); got != "A,D" {
		t.Errorf("top posts %s", got)
	}
	topA := s.TopPosts[0]
	if topA.Rank != 1 || topA.ERLabel != LabelERByReach || *topA.Interactions != 20 || topA.MetricsAsOf != "2025-04-01" ||
		topA.PublishedLocal.Format("2006-01-02T15:04:05-07:00") != "2025-03-24T00:30:00+01:00" {
		t.Errorf("top post A %+v", topA)
	}

	// Followers per platform. Instagram: start 1008, end 1023, net 15 = +20 -5,
	// growth 15/1008. X: 300 → 310 with nothing gained or lost reported.
	// All: 1308 → 1333, net 25, growth 25/1308.
	want := []Followers{
		{Platform: "instagram", Followers: f(1023), Start: f(1008), Net: f(15), GrowthRate: f(15.0 / 1008), Gained: f(20), Lost: f(5)},
		{Platform: "x", Followers: f(310), Start: f(300), Net: f(10), GrowthRate: f(10.0 / 300)},
		{Platform: "all", Followers: f(1333), Start: f(1308), Net: f(25), GrowthRate: f(25.0 / 1308), Gained: f(20), Lost: f(5)},
	}
	checkFollowers(t, s.Followers, want)
}

func checkFollowers(t *testing.T, got, want []Followers) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("followers: %d platforms, want %d: %+v", len(got), len(want), got)
	}
	for k, w := range want {
		g := got[k]
		if g.Platform != w.Platform {
			t.Errorf("row %d is %s, want %s", k, g.Platform, w.Platform)
		}
		checkF(t, w.Platform+" followers", g.Followers, w.Followers)
		checkF(t, w.Platform+" start", g.Start, w.Start)
		checkF(t, w.Platform+" net", g.Net, w.Net)
		checkF(t, w.Platform+" growth", g.GrowthRate, w.GrowthRate)
		checkF(t, w.Platform+" gained", g.Gained, w.Gained)
		checkF(t, w.Platform+" lost", g.Lost, w.Lost)
	}
}

func TestSummaryFiltered(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	loadWeekFixture(t, db)
	a := New(db, Practice{TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	w13 := period("2025-03-24", "2025-03-30")

	f1, err := ParseFilter([]string{"X"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.Summary(ctx, w13, f1)
	if err != nil {
		t.Fatal(err)
	}
	// X alone: D and E; interactions 4 (E reports none); ER 4/400 by views; no
	// daily reach at all; followers 310 against 300.
	checkF(t, "posts", s.KPI(KeyPosts).Value, f(2))
	checkF(t, "interactions", s.KPI(KeyInteractions).Value, f(4))
	checkF(t, "ER", s.KPI(KeyEngagementRate).Value, f(0.01))
	checkF(t, "reach", s.KPI(KeyReach).Value, nil)
	checkF(t, "followers", s.KPI(KeyFollowers).Value, f(310))
	if s.KPI(KeyEngagementRate).Basis != LabelERByViews || s.KPI(KeyReach).Previous.PctText() != "n/a" {
		t.Errorf("x only: %+v", s.KPI(KeyEngagementRate))
	}
	if len(s.Followers) != 2 || s.Followers[0].Platform != "x" {
		t.Errorf("x only followers %+v", s.Followers)
	}

	f2, _ := ParseFilter(nil, []string{"instagram:@praxisnord"})
	s, err = a.Summary(ctx, w13, f2)
	if err != nil {
		t.Fatal(err)
	}
	// A, C, F: (20 + 20) / (200 + 50) by reach.
	checkF(t, "instagram posts", s.KPI(KeyPosts).Value, f(3))
	checkF(t, "instagram ER", s.KPI(KeyEngagementRate).Value, f(40.0/250))

	f3, _ := ParseFilter(nil, []string{"instagram:someoneelse"})
	if _, err := a.Summary(ctx, w13, f3); err == nil || !strings.Contains(err.Error(), "instagram:PraxisNord") {
		t.Errorf("unknown account: %v", err)
	}
	if _, err := ParseFilter(nil, []string{"praxisnord"}); err == nil {
		t.Error("an account without a platform was accepted")
	}
}

// TestFollowersWithoutTotals: an account that never reports a running total has no
// follower count, but its gains and losses still show, and its net is their sum.
func TestFollowersWithoutTotals(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	li := queries.Account{Platform: "linkedin", Handle: "praxis-nord"}
	load(t, db, "2025-04-01", queries.Batch{Daily: []queries.Daily{
		daily(li, "2025-03-24", queries.MetricNewFollowers, 6), daily(li, "2025-03-26", queries.MetricUnfollows, 1),
		daily(li, "2025-03-27", queries.MetricNewFollowers, 2),
	}})
	a := New(db, Practice{TimeZone: "UTC", Location: nil, MinReach: 100})
	got, err := a.Followers(ctx, period("2025-03-24", "2025-03-30"), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// Gained 6 + 2 = 8, lost 1, net 7; no total, no start, no growth rate.
	checkFollowers(t, got, []Followers{
		{Platform: "linkedin", Net: f(7), Gained: f(8), Lost: f(1)},
		{Platform: "all", Net: f(7), Gained: f(8), Lost: f(1)},
	})
}

func TestCampaignLift(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	loadWeekFixture(t, db)
	a := New(db, Practice{TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	l, err := a.CampaignLift(ctx, period("2025-03-24", "2025-03-30"), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// Baseline: the 56 days 27 January – 23 March, holding G and H.
	if l.Baseline.Period != period("2025-01-27", "2025-03-23") || l.Baseline.Posts != 2 || l.Window.Posts != 5 {
		t.Fatalf("sides %+v / %+v", l.Window, l.Baseline)
	}
	// Window: ER 44/650; post reach 200 + 50 + 400 + 300 = 950 over the 4 posts that
	// report one (F has none): 237.5 per post. Baseline: ER 10/200 = 0.05; post reach
	// 100 + 100 = 200 over 2: 100 per post, so +137.5 %.
	checkF(t, "window ER", l.Window.ER.Value, f(44.0/650))
	checkF(t, "window reach per post", l.Window.ReachPerPost, f(237.5))
	checkF(t, "baseline ER", l.Baseline.ER.Value, f(0.05))
	checkF(t, "ER change", l.ER.Change, f(44.0/650-0.05))
	checkF(t, "reach per post change %", l.ReachPerPost.ChangePct, f(137.5))
}

func TestRunExperimentFromDatabase(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	loadWeekFixture(t, db)
	a := New(db, Practice{TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	r, err := a.RunExperiment(ctx, period("2025-03-17", "2025-03-30"), Filter{}, Experiment{By: ByPlatform, A: "instagram", B: "x"})
	if err != nil {
		t.Fatal(err)
	}
	// Instagram posts A, C, F, G with ERs 0.10, 0.40, 0.10 (F has none): median 0.10.
	// X posts D, E, H with ERs 0.01 and 0 (E has none): median 0.005. Ranks of all
	// five: 0→1, 0.01→2, 0.10→3.5 (tie), 0.40→5: R1 = 12, U1 = 12 - 6 = 6 = n1·n2:
	// complete separation, but with a tie: normal approximation. μ = 3,
	// σ² = 3·2/12 · (6 - (2³ - 2)/(5·4)) = 0.5 · 5.7 = 2.85, z = (3 - 0.5)/√2.85 =
	// 1.48087, p = 0.13864: could be chance.
	if r.A.Posts != 4 || r.A.PostsWithER != 3 || r.B.Posts != 3 || r.B.PostsWithER != 2 {
		t.Fatalf("groups %+v %+v", r.A, r.B)
	}
	checkF(t, "median A", r.A.MedianER, f(0.1))
	checkF(t, "median B", r.B.MedianER, f(0.005))
	if r.Test.U1 != 6 || r.Test.Method != MethodNormal || r.Reading != LabelCouldBeChance {
		t.Errorf("test %+v %q", r.Test, r.Reading)
	}
	checkF(t, "p", r.Test.P, f(0.1386406338132186))
}

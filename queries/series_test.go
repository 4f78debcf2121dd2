package queries

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestFollowersDailyMatchesFollowersOn holds that the one-query series says, day by
// day and account by account, what FollowersOn says for that day, and so does
// FollowersOnDays for any days.
func TestFollowersDailyMatchesFollowersOn(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ig := Account{Platform: "instagram", Handle: "PraxisNord"}
	kids := Account{Platform: "instagram", Handle: "praxis.kids"}
	xa := Account{Platform: "x", Handle: "praxisnord"}
	d := func(a Account, s, metric string, v float64) Daily {
		return Daily{Account: a, Day: day(s), Metric: metric, Value: v}
	}
	b := &Batch{Daily: []Daily{
		// PraxisNord: 1000 on 1 March; +2 on 2 March (before the period); +10 on the
		// 3rd; -3 on the 4th; nothing on the 5th; its own total 1010 on the 6th.
		d(ig, "2025-03-01", MetricFollowersTotal, 1000), d(ig, "2025-03-02", MetricNewFollowers, 2),
		d(ig, "2025-03-03", MetricNewFollowers, 10), d(ig, "2025-03-04", MetricUnfollows, 3),
		d(ig, "2025-03-06", MetricFollowersTotal, 1010), d(ig, "2025-03-06", MetricNewFollowers, 7),
		// praxis.kids: net only on the 3rd (before its first total), total 50 on the
		// 4th, net +4 on the 5th; on the 6th gains 1 win over the net 99.
		d(kids, "2025-03-03", MetricNetFollowers, 8), d(kids, "2025-03-04", MetricFollowersTotal, 50),
		d(kids, "2025-03-05", MetricNetFollowers, 4),
		d(kids, "2025-03-06", MetricNewFollowers, 1), d(kids, "2025-03-06", MetricNetFollowers, 99),
		// X: changes only, never a total.
		d(xa, "2025-03-04", MetricNewFollowers, 5),
	}}
	if err := db.LoadBatch(ctx, &Import{FileName: "d", SHA256: "d", AsOf: day("2025-03-07")}, b, LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	from, to := day("2025-03-03"), day("2025-03-06")
	got, err := db.FollowersDaily(ctx, from, to, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range got {
		lines = append(lines, fmt.Sprintf("%s:%s %s %s %g", r.Platform, r.Handle, r.Day.Format(time.DateOnly), r.BaseDay.Format(time.DateOnly), r.Total))
	}
	// PraxisNord: 3rd 1000+2+10 = 1012, 4th 1009, 5th 1009 carried, 6th 1010 (its
	// own total; the gain of 7 that day is in it). praxis.kids from the 4th: 50, 54,
	// 55. X: no row.
	want := strings.Join([]string{
		"instagram:praxis.kids 2025-03-04 2025-03-04 50",
		"instagram:praxis.kids 2025-03-05 2025-03-04 54",
		"instagram:praxis.kids 2025-03-06 2025-03-04 55",
		"instagram:PraxisNord 2025-03-03 2025-03-01 1012",
		"instagram:PraxisNord 2025-03-04 2025-03-01 1009",
		"instagram:PraxisNord 2025-03-05 2025-03-01 1009",
		"instagram:PraxisNord 2025-03-06 2025-03-06 1010",
	}, "\n")
	if g := strings.Join(lines, "\n"); g != want {
		t.Errorf("got\n%s\nwant\n%s", g, want)
	}

	series := map[string]float64{}
	for _, r := range got {
		series[r.Handle+" "+r.Day.Format(time.DateOnly)] = r.Total
	}
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		on, err := db.FollowersOn(ctx, d, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range on {
			k := a.Handle + " " + d.Format(time.DateOnly)
			v, ok := series[k]
			if (a.Total != nil) != ok || (ok && *a.Total != v) {
				t.Errorf("%s: series %v (listed %v), FollowersOn %s", k, v, ok, fmtF(a.Total))
			}
		}
	}

	// FollowersOnDays says what FollowersOn says, for days in any order, repeated.
	days := []time.Time{day("2025-03-06"), day("2025-03-03"), day("2025-03-04"), day("2025-03-03")}
	many, err := db.FollowersOnDays(ctx, days, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var onDays []string
	for i, d := range days {
		on, err := db.FollowersOn(ctx, d, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		line := func(as []AccountFollowers) string {
			var parts []string
			for _, a := range as {
				base := "-"
				if a.BaseDay != nil {
					base = a.BaseDay.Format(time.DateOnly)
				}
				parts = append(parts, fmt.Sprintf("%s:%s %s %s", a.Platform, a.Handle, base, fmtF(a.Total)))
			}
			return d.Format(time.DateOnly) + " " + strings.Join(parts, ", ")
		}
		if g, w := line(many[i]), line(on); g != w {
			t.Errorf("FollowersOnDays %s, FollowersOn %s", g, w)
		}
		onDays = append(onDays, line(many[i]))
	}
	// By hand: the 6th as the series above; on the 3rd praxis.kids has no total yet
	// (its net +8 moves nothing) and PraxisNord is 1000+2+10; X never has a total.
	wantDays := strings.Join([]string{
		"2025-03-06 instagram:praxis.kids 2025-03-04 55, instagram:PraxisNord 2025-03-06 1010, x:praxisnord - nil",
		"2025-03-03 instagram:praxis.kids - nil, instagram:PraxisNord 2025-03-01 1012, x:praxisnord - nil",
		"2025-03-04 instagram:praxis.kids 2025-03-04 50, instagram:PraxisNord 2025-03-01 1009, x:praxisnord - nil",
		"2025-03-03 instagram:praxis.kids - nil, instagram:PraxisNord 2025-03-01 1012, x:praxisnord - nil",
	}, "\n")
	if g := strings.Join(onDays, "\n"); g != wantDays {
		t.Errorf("FollowersOnDays:\n%s\nwant\n%s", g, wantDays)
	}

	kidsOnly, err := db.FollowersDaily(ctx, from, to, Filter{Accounts: []string{"instagram:@Praxis.Kids"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(kidsOnly) != 3 || kidsOnly[0].Handle != "praxis.kids" {
		t.Errorf("filtered: %+v", kidsOnly)
	}
}

func TestDailyValuesSumsAccountsPerDay(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ig := Account{Platform: "instagram", Handle: "PraxisNord"}
	kids := Account{Platform: "instagram", Handle: "praxis.kids"}
	xa := Account{Platform: "x", Handle: "praxisnord"}
	b := &Batch{Daily: []Daily{
		{Account: ig, Day: day("2025-03-03"), Metric: MetricReach, Value: 100},
		{Account: kids, Day: day("2025-03-03"), Metric: MetricReach, Value: 20},
		{Account: kids, Day: day("2025-03-05"), Metric: MetricReach, Value: 0},
		{Account: xa, Day: day("2025-03-04"), Metric: MetricReach, Value: 7},
		{Account: xa, Day: day("2025-03-04"), Metric: MetricViews, Value: 70},
		{Account: ig, Day: day("2025-03-07"), Metric: MetricReach, Value: 999}, // after the range
	}}
	if err := db.LoadBatch(ctx, &Import{FileName: "r", SHA256: "r", AsOf: day("2025-03-08")}, b, LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    Filter
		want string
	}{
		// Instagram on the 3rd: 100 + 20 = 120; the reported 0 of the 5th is a row;
		// the 4th and 6th have none.
		{"all", Filter{}, "instagram 2025-03-03 120,instagram 2025-03-05 0,x 2025-03-04 7"},
		{"x only", Filter{Platforms: []string{"X"}}, "x 2025-03-04 7"},
		{"one account", Filter{Accounts: []string{"instagram:praxisnord"}}, "instagram 2025-03-03 100"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := db.DailyValues(ctx, MetricReach, day("2025-03-03"), day("2025-03-06"), c.f)
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, v := range got {
				parts = append(parts, fmt.Sprintf("%s %s %g", v.Platform, v.Day.Format(time.DateOnly), v.Value))
			}
			if g := strings.Join(parts, ","); g != c.want {
				t.Errorf("got %s, want %s", g, c.want)
			}
		})
	}
}

package queries

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func fmtF(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func fmtI(p *int64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

// TestPostsPublishedPlacesPostsOnLocalDays holds the period rule: a post counts on
// its publish day in the practice's time zone, across a DST change, with the
// metrics of its latest snapshot.
func TestPostsPublishedPlacesPostsOnLocalDays(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ig := Account{Platform: "instagram", Handle: "PraxisNord"}
	fb := Account{Platform: "facebook", Handle: "praxisnord"}
	utc := func(s string) time.Time {
		ts, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	first := &Batch{Posts: []Post{
		// Sunday 9 March 23:30 UTC is Monday 10 March 00:30 in Berlin (CET, UTC+1).
		{Account: ig, PostID: "mon-0030", PublishedAt: utc("2025-03-09 23:30"), ContentType: "reel",
			Labels: []string{"tips", "calm"}, Metrics: Metrics{Likes: n(5), Reach: n(100)}},
		// Sunday 9 March 22:30 UTC is Sunday 23:30 in Berlin: the week before.
		{Account: ig, PostID: "sun-2330", PublishedAt: utc("2025-03-09 22:30"), ContentType: "image"},
		// Summer time starts Sunday 30 March at 01:00 UTC. 22:30 UTC that day is
		// Monday 31 March 00:30 CEST (UTC+2); a fixed +1 would say Sunday 23:30.
		{Account: fb, PostID: "dst-mon", PublishedAt: utc("2025-03-30 22:30"), ContentType: "image"},
		// 21:30 UTC is Sunday 30 March 23:30 CEST: inside.
		{Account: fb, PostID: "dst-sun", PublishedAt: utc("2025-03-30 21:30"), ContentType: "text",
			Metrics: Metrics{Views: n(40), Comments: n(0)}},
		// A date-only export (stored at 00:00 UTC): it counts on 10 March in any
		// zone, even where 00:00 UTC is the evening before, and has no known hour.
		{Account: fb, PostID: "date-only", PublishedAt: utc("2025-03-10 00:00"), ContentType: "text"},
		// No publish time: cannot be placed in any period.
		{Account: fb, PostID: "undated", ContentType: "text"},
	}}
	if err := db.LoadBatch(ctx, &Import{FileName: "a", SHA256: "a", AsOf: day("2025-03-12")}, first, LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	// A later export of the first post: its snapshot of 20 March is the latest, and
	// it does not report reach, so reach is not reported (the latest snapshot wins).
	later := &Batch{Posts: []Post{{Account: ig, PostID: "mon-0030", ContentType: "reel", Metrics: Metrics{Likes: n(9)}}}}
	if err := db.LoadBatch(ctx, &Import{FileName: "b", SHA256: "b", AsOf: day("2025-03-20")}, later, LoadOptions{}); err != nil {
		t.Fatal(err)
	}

	render := func(ps []PublishedPost) string {
		var out []string
		for _, p := range ps {
			asOf := "nil"
			if p.AsOf != nil {
				asOf = p.AsOf.Format(time.DateOnly)
			}
			local := p.LocalAt.Format("2006-01-02 15:04 Mon")
			if !p.TimeKnown {
				local = p.LocalAt.Format("2006-01-02 Mon") + " (no time)"
			}
			out = append(out, fmt.Sprintf("%s:%s/%s local=%s as_of=%s likes=%s reach=%s views=%s comments=%s labels=%s",
				p.Platform, p.Handle, p.PostID, local, asOf,
				fmtI(p.Metrics.Likes), fmtI(p.Metrics.Reach), fmtI(p.Metrics.Views), fmtI(p.Metrics.Comments),
				strings.Join(p.Labels, "|")))
		}
		return strings.Join(out, "\n")
	}
	for _, tc := range []struct {
		name     string
		tz       string
		from, to string
		filter   Filter
		want     string
	}{
		{"berlin", "Europe/Berlin", "2025-03-10", "2025-03-30", Filter{}, "" +
			"instagram:PraxisNord/mon-0030 local=2025-03-10 00:30 Mon as_of=2025-03-20 likes=9 reach=nil views=nil comments=nil labels=tips|calm\n" +
			"facebook:praxisnord/date-only local=2025-03-10 Mon (no time) as_of=2025-03-12 likes=nil reach=nil views=nil comments=nil labels=\n" +
			"facebook:praxisnord/dst-sun local=2025-03-30 23:30 Sun as_of=2025-03-12 likes=nil reach=nil views=40 comments=0 labels="},
		{"utc days differ", "UTC", "2025-03-10", "2025-03-30", Filter{}, "" +
			"facebook:praxisnord/date-only local=2025-03-10 Mon (no time) as_of=2025-03-12 likes=nil reach=nil views=nil comments=nil labels=\n" +
			"facebook:praxisnord/dst-sun local=2025-03-30 21:30 Sun as_of=2025-03-12 likes=nil reach=nil views=40 comments=0 labels=\n" +
			"facebook:praxisnord/dst-mon local=2025-03-30 22:30 Sun as_of=2025-03-12 likes=nil reach=nil views=nil comments=nil labels="},
		// In New York 00:00 UTC on 10 March is 20:00 the evening before; the
		// date-only post still counts on 10 March. (Monday 00:30 Berlin is Sunday
		// 19:30 in New York, already on summer time since 9 March.)
		{"new york", "America/New_York", "2025-03-10", "2025-03-10", Filter{},
			"facebook:praxisnord/date-only local=2025-03-10 Mon (no time) as_of=2025-03-12 likes=nil reach=nil views=nil comments=nil labels="},
		{"new york sunday", "America/New_York", "2025-03-09", "2025-03-09", Filter{}, "" +
			"instagram:PraxisNord/sun-2330 local=2025-03-09 18:30 Sun as_of=2025-03-12 likes=nil reach=nil views=nil comments=nil labels=\n" +
			"instagram:PraxisNord/mon-0030 local=2025-03-09 19:30 Sun as_of=2025-03-20 likes=9 reach=nil views=nil comments=nil labels=tips|calm"},
		{"dst monday", "Europe/Berlin", "2025-03-31", "2025-03-31", Filter{},
			"facebook:praxisnord/dst-mon local=2025-03-31 00:30 Mon as_of=2025-03-12 likes=nil reach=nil views=nil comments=nil labels="},
		{"platform filter", "Europe/Berlin", "2025-03-01", "2025-03-31", Filter{Platforms: []string{"Facebook"}}, "" +
			"facebook:praxisnord/date-only local=2025-03-10 Mon (no time) as_of=2025-03-12 likes=nil reach=nil views=nil comments=nil labels=\n" +
			"facebook:praxisnord/dst-sun local=2025-03-30 23:30 Sun as_of=2025-03-12 likes=nil reach=nil views=40 comments=0 labels=\n" +
			"facebook:praxisnord/dst-mon local=2025-03-31 00:30 Mon as_of=2025-03-12 likes=nil reach=nil views=nil comments=nil labels="},
		{"account filter, any case", "Europe/Berlin", "2025-03-01", "2025-03-31", Filter{Accounts: []string{"instagram:@praxisNORD"}}, "" +
			"instagram:PraxisNord/sun-2330 local=2025-03-09 23:30 Sun as_of=2025-03-12 likes=nil reach=nil views=nil comments=nil labels=\n" +
			"instagram:PraxisNord/mon-0030 local=2025-03-10 00:30 Mon as_of=2025-03-20 likes=9 reach=nil views=nil comments=nil labels=tips|calm"},
		{"both filters must match", "Europe/Berlin", "2025-03-01", "2025-03-31",
			Filter{Platforms: []string{"facebook"}, Accounts: []string{"instagram:praxisnord"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PostsPublished(ctx, db, tc.tz, day(tc.from), day(tc.to), tc.filter, AsIs)
			if err != nil {
				t.Fatal(err)
			}
			if r := render(got); r != tc.want {
				t.Errorf("got\n%s\nwant\n%s", r, tc.want)
			}
			// PostFigures lists the same posts in the same order, with what the
			// engagement figures read (and the platform they are grouped by) and
			// nothing else.
			figs, err := PostFigures(ctx, db, tc.tz, day(tc.from), day(tc.to), tc.filter, AsIs)
			if err != nil {
				t.Fatal(err)
			}
			want := []PublishedPost{}
			for _, p := range got {
				m := p.Metrics
				want = append(want, PublishedPost{Platform: p.Platform, PublishedAt: p.PublishedAt, LocalAt: p.LocalAt, TimeKnown: p.TimeKnown,
					Metrics: Metrics{Views: m.Views, Reach: m.Reach, Likes: m.Likes, Comments: m.Comments, Shares: m.Shares, Saves: m.Saves}})
			}
			if !reflect.DeepEqual(figs, want) {
				t.Errorf("figures\n%+v\nwant\n%+v", figs, want)
			}
		})
	}
}

func TestDailySumsAndFollowers(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ig := Account{Platform: "instagram", Handle: "PraxisNord"}
	fb := Account{Platform: "facebook", Handle: "praxisnord"}
	li := Account{Platform: "linkedin", Handle: "praxis-nord"}
	d := func(a Account, s, metric string, v float64) Daily {
		return Daily{Account: a, Day: day(s), Metric: metric, Value: v}
	}
	b := &Batch{Daily: []Daily{
		d(ig, "2025-03-01", MetricReach, 40), d(ig, "2025-03-02", MetricReach, 55), d(ig, "2025-03-03", MetricReach, 10),
		d(fb, "2025-03-02", MetricReach, 7),
		// instagram: a total on 1 March, gains and losses after, no file on 4 March,
		// a new total on 5 March.
		d(ig, "2025-03-01", MetricFollowersTotal, 1000),
		d(ig, "2025-03-02", MetricNewFollowers, 10), d(ig, "2025-03-02", MetricUnfollows, 3),
		d(ig, "2025-03-03", MetricNewFollowers, 5),
		d(ig, "2025-03-05", MetricFollowersTotal, 1020),
		// facebook: a total, then only net changes.
		d(fb, "2025-03-01", MetricFollowersTotal, 50),
		d(fb, "2025-03-02", MetricNetFollowers, 4), d(fb, "2025-03-03", MetricNetFollowers, -1),
		// linkedin: gains, never a total.
		d(li, "2025-03-02", MetricNewFollowers, 2),
	}}
	if err := db.LoadBatch(ctx, &Import{FileName: "d", SHA256: "d", AsOf: day("2025-03-06")}, b, LoadOptions{}); err != nil {
		t.Fatal(err)
	}

	sums, err := db.DailySums(ctx, day("2025-03-02"), day("2025-03-03"), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sums {
		got = append(got, fmt.Sprintf("%s %s %g/%d", s.Platform, s.Metric, s.Total, s.Days))
	}
	// instagram reach 55 + 10 = 65 over 2 days; facebook 7 on 1 day.
	want := "facebook net_followers 3/2, facebook reach 7/1, instagram new_followers 15/2, instagram reach 65/2, " +
		"instagram unfollows 3/1, linkedin new_followers 2/1"
	if g := strings.Join(got, ", "); g != want {
		t.Errorf("daily sums\n got %s\nwant %s", g, want)
	}
	sums, err = db.DailySums(ctx, day("2025-03-02"), day("2025-03-03"), Filter{Accounts: []string{"facebook:PraxisNord"}})
	if err != nil || len(sums) != 2 || sums[1].Metric != MetricReach || sums[1].Total != 7 {
		t.Errorf("filtered daily sums: %+v %v", sums, err)
	}

	for _, tc := range []struct {
		day  string
		want string
	}{
		// Nothing known on or before 28 February.
		{"2025-02-28", "facebook:praxisnord nil, instagram:PraxisNord nil, linkedin:praxis-nord nil"},
		// 4 March has no file: instagram 1000 + (10 - 3) + 5 = 1012 carried from 1 March;
		// facebook 50 + 4 - 1 = 53.
		{"2025-03-04", "facebook:praxisnord 53 (from 2025-03-01), instagram:PraxisNord 1012 (from 2025-03-01), linkedin:praxis-nord nil"},
		// The new total of 5 March replaces the carried count.
		{"2025-03-05", "facebook:praxisnord 53 (from 2025-03-01), instagram:PraxisNord 1020 (from 2025-03-05), linkedin:praxis-nord nil"},
	} {
		fs, err := db.FollowersOn(ctx, day(tc.day), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			s := fmt.Sprintf("%s:%s %s", f.Platform, f.Handle, fmtF(f.Total))
			if f.BaseDay != nil {
				s += " (from " + f.BaseDay.Format(time.DateOnly) + ")"
			}
			got = append(got, s)
		}
		if g := strings.Join(got, ", "); g != tc.want {
			t.Errorf("followers on %s\n got %s\nwant %s", tc.day, g, tc.want)
		}
	}

	ch, err := db.FollowerChanges(ctx, day("2025-03-02"), day("2025-03-03"), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, c := range ch {
		got = append(got, fmt.Sprintf("%s gained=%s lost=%s net=%s", c.Platform, fmtF(c.Gained), fmtF(c.Lost), fmtF(c.Net)))
	}
	// instagram: gained 10 + 5, lost 3, net 7 + 5; facebook: only net 4 - 1;
	// linkedin: gained 2, no losses reported, net 2.
	want = "facebook gained=nil lost=nil net=3, instagram gained=15 lost=3 net=12, linkedin gained=2 lost=nil net=2"
	if g := strings.Join(got, ", "); g != want {
		t.Errorf("follower changes\n got %s\nwant %s", g, want)
	}
}

func TestNotes(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	at := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	a, err := db.AddNote(ctx, day("2025-05-12"), "Newsletter: anxiety series", at)
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.AddNote(ctx, day("2025-05-01"), "Practice closed", at)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == b.ID || a.ID == 0 {
		t.Fatalf("ids %d %d", a.ID, b.ID)
	}
	all, err := db.Notes(ctx, time.Time{}, time.Time{})
	if err != nil || len(all) != 2 || all[0].Text != "Practice closed" || !all[1].CreatedAt.Equal(at) {
		t.Fatalf("notes: %+v %v", all, err)
	}
	some, err := db.Notes(ctx, day("2025-05-02"), day("2025-05-31"))
	if err != nil || len(some) != 1 || some[0].ID != a.ID || !some[0].Day.Equal(day("2025-05-12")) {
		t.Fatalf("notes in May after the 1st: %+v %v", some, err)
	}
	if err := db.RemoveNote(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveNote(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("removing twice: %v", err)
	}
	all, _ = db.Notes(ctx, time.Time{}, time.Time{})
	if len(all) != 1 {
		t.Fatalf("after remove: %+v", all)
	}
}

// TestLatestFiguresFollowTheNewestSnapshot: the figures a list of posts shows are
// those of the post's newest snapshot, whatever order the exports arrive in: an older
// export adds history and changes nothing shown, one of the same day completes the
// shown figures, a newer one replaces them (a figure it does not report is then not
// reported), and within one load of several files the newest day wins for new and
// stored posts alike.
func TestLatestFiguresFollowTheNewestSnapshot(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ig := Account{Platform: "instagram", Handle: "praxis"}
	pub := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	post := func(id string, m Metrics) Post {
		return Post{Account: ig, PostID: id, PublishedAt: pub, ContentType: "image", Metrics: m}
	}
	file := func(name, asOf string, posts ...Post) FileLoad {
		return FileLoad{Import: &Import{FileName: name, SHA256: name, Format: "t", AsOf: day(asOf)}, Batch: &Batch{Posts: posts}}
	}
	shown := func() string {
		ps, err := PostsPublished(ctx, db, "UTC", day("2025-03-01"), day("2025-03-01"), Filter{}, AsIs)
		if err != nil {
			t.Fatal(err)
		}
		s := func(v *int64) string {
			if v == nil {
				return "nil"
			}
			return strconv.FormatInt(*v, 10)
		}
		var out []string
		for _, p := range ps {
			out = append(out, fmt.Sprintf("%s as_of=%s likes=%s reach=%s comments=%s", p.PostID, p.AsOf.Format(time.DateOnly),
				s(p.Metrics.Likes), s(p.Metrics.Reach), s(p.Metrics.Comments)))
		}
		return strings.Join(out, "; ")
	}
	for _, step := range []struct {
		name  string
		files []FileLoad
		want  string
	}{
		{"first export", []FileLoad{file("a", "2025-03-12", post("p1", Metrics{Likes: n(5), Reach: n(100)}))},
			"p1 as_of=2025-03-12 likes=5 reach=100 comments=nil"},
		{"an older export: history only", []FileLoad{file("b", "2025-03-05", post("p1", Metrics{Likes: n(3), Comments: n(1)}))},
			"p1 as_of=2025-03-12 likes=5 reach=100 comments=nil"},
		{"the same day: completes", []FileLoad{file("c", "2025-03-12", post("p1", Metrics{Comments: n(2)}))},
			"p1 as_of=2025-03-12 likes=5 reach=100 comments=2"},
		{"a newer export: replaces", []FileLoad{file("d", "2025-03-20", post("p1", Metrics{Likes: n(9)}))},
			"p1 as_of=2025-03-20 likes=9 reach=nil comments=nil"},
		{"one load, newest file first", []FileLoad{
			file("e", "2025-03-30", post("p1", Metrics{Likes: n(12)}), post("p2", Metrics{Likes: n(4)})),
			file("f", "2025-03-25", post("p1", Metrics{Likes: n(11)}), post("p2", Metrics{Likes: n(3), Reach: n(50)})),
		}, "p1 as_of=2025-03-30 likes=12 reach=nil comments=nil; p2 as_of=2025-03-30 likes=4 reach=nil comments=nil"},
	} {
		if err := db.LoadFiles(ctx, step.files, LoadOptions{}); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if got := shown(); got != step.want {
			t.Errorf("%s:\n got %s\nwant %s", step.name, got, step.want)
		}
	}
	// Every snapshot stays, for a post's history.
	var snaps int
	if err := db.sql.QueryRow("SELECT count(*) FROM post_snapshots").Scan(&snaps); err != nil || snaps != 7 {
		t.Errorf("snapshots kept: %d (%v), want 7", snaps, err)
	}
}

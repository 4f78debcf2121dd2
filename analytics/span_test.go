package analytics

import (
	"context"
	"reflect"
	"testing"
	"time"

	"pulse/queries"
)

// TestPostSpanCutsWhatPostsReads: the posts of a period cut from a wider span are
// those Posts reads for the period, in the same order, even where the span's order
// (by publish instant) puts a post of one day between posts of another. In New York
// (UTC-4 from 9 March 2025):
//
//	t2  9 Mar 12:00 UTC = 9 Mar 08:00
//	d1 10 Mar 00:00 UTC, a date-only export: 10 Mar, whatever the zone
//	t1 10 Mar 03:00 UTC = 9 Mar 23:00
//	t3 10 Mar 18:00 UTC = 10 Mar 14:00 (on X; the others on Instagram)
//
// so 9 March holds t2 and t1, around d1 of 10 March.
func TestPostSpanCutsWhatPostsReads(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	p := func(a queries.Account, id, at string, m queries.Metrics) queries.Post {
		return queries.Post{Account: a, PostID: id, ContentType: "image", PublishedAt: utc(at), Caption: id, Metrics: m}
	}
	load(t, db, "2025-03-12", queries.Batch{Posts: []queries.Post{
		p(ig, "t2", "2025-03-09 12:00", queries.Metrics{Reach: i(100), Likes: i(5)}),
		p(ig, "d1", "2025-03-10 00:00", queries.Metrics{Views: i(40), Likes: i(2)}),
		p(ig, "t1", "2025-03-10 03:00", queries.Metrics{Reach: i(300), Likes: i(30), Comments: i(3)}),
		p(xa, "t3", "2025-03-10 18:00", queries.Metrics{Likes: i(1)}),
	}})
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	a := New(db, Practice{TimeZone: "America/New_York", Location: loc, MinReach: 100})
	all, onlyIG := Filter{}, Filter{Platforms: []string{"instagram"}}
	span, err := a.PostSpan(ctx, period("2025-03-01", "2025-03-31"), all)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		p    Period
		want string
	}{
		{"9 March", period("2025-03-09", "2025-03-09"), "t2,t1"},
		{"10 March", period("2025-03-10", "2025-03-10"), "d1,t3"},
		{"both", period("2025-03-09", "2025-03-10"), "t2,d1,t1,t3"},
		{"the whole span", period("2025-03-01", "2025-03-31"), "t2,d1,t1,t3"},
		{"none", period("2025-03-11", "2025-03-31"), ""},
	} {
		read, err := a.Posts(ctx, tc.p, all)
		if err != nil {
			t.Fatal(err)
		}
		cut, ok := span.In(tc.p, all)
		if !ok {
			t.Fatalf("%s: not in the span", tc.name)
		}
		if ids(cut) != tc.want || ids(read) != tc.want {
			t.Errorf("%s: cut %q, read %q, want %q", tc.name, ids(cut), ids(read), tc.want)
		}
		if !reflect.DeepEqual(cut, read) {
			t.Errorf("%s: the cut posts differ from those read:\n%+v\n%+v", tc.name, cut, read)
		}
	}
	// Posts that lie together in the span are handed out as they are, not copied,
	// with no room after them for an append to spill into the span.
	if both, _ := span.In(period("2025-03-09", "2025-03-10"), all); &both[0] != &span.posts[0] {
		t.Errorf("9-10 March: a copy, not the span's posts")
	}
	local := func(day string) Post { return Post{PostID: day, PublishedLocal: utc(day + " 12:00")} }
	three := newSpan(period("2025-03-01", "2025-03-03"), all, []Post{local("2025-03-01"), local("2025-03-02"), local("2025-03-03")}, false)
	if second, _ := three.In(period("2025-03-02", "2025-03-02"), all); ids(second) != "2025-03-02" || &second[0] != &three.posts[1] || cap(second) != 1 {
		t.Errorf("2 March of three days: %q, capacity %d; want the span's own post, capacity 1", ids(second), cap(second))
	}
	for _, tc := range []struct {
		name string
		p    Period
		f    Filter
	}{
		{"starts before the span", period("2025-02-28", "2025-03-09"), all},
		{"ends after the span", period("2025-03-09", "2025-04-01"), all},
		{"another filter", period("2025-03-09", "2025-03-09"), onlyIG},
	} {
		if got, ok := span.In(tc.p, tc.f); ok {
			t.Errorf("%s: cut %q from a span that does not hold it", tc.name, ids(got))
		}
	}

	// A span of figures cuts what PostFigures reads: the same posts, their figures
	// only. It never stands in for whole posts.
	figs, err := a.FiguresSpan(ctx, period("2025-03-01", "2025-03-31"), all)
	if err != nil {
		t.Fatal(err)
	}
	nine := period("2025-03-09", "2025-03-09")
	read, err := a.PostFigures(ctx, nine, all)
	if err != nil {
		t.Fatal(err)
	}
	whole, _ := span.In(nine, all)
	if cut, _ := figs.In(nine, all); !reflect.DeepEqual(cut, read) || len(cut) != 2 || cut[1].Caption != "" ||
		!reflect.DeepEqual(cut[1].ER, whole[1].ER) || *cut[1].Interactions != 33 || cut[1].PublishedLocal.Hour() != 23 {
		t.Errorf("figures of 9 March: cut %+v, read %+v", cut, read)
	}
	if got, err := a.WithPosts(figs).Posts(ctx, nine, all); err != nil || !reflect.DeepEqual(got, whole) {
		t.Errorf("whole posts from a span of figures: %+v, %v", got, err)
	}

	// An Analyzer with the span reads nothing more for the periods it holds: with
	// the database closed, they still come; others, and other filters, fail.
	cut := a.WithPosts(span)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if got, err := cut.Posts(ctx, period("2025-03-09", "2025-03-09"), all); err != nil || ids(got) != "t2,t1" {
		t.Errorf("posts of 9 March from the span: %q, %v", ids(got), err)
	}
	if _, err := cut.Posts(ctx, period("2025-03-09", "2025-03-09"), onlyIG); err == nil {
		t.Error("posts of another filter did not read the (closed) database")
	}
	if _, err := cut.Posts(ctx, period("2025-04-01", "2025-04-30"), all); err == nil {
		t.Error("posts outside the span did not read the (closed) database")
	}
}

// TestSummaryLeavesUnreadComparisonsBlank: a comparison period listed as unread
// has blank comparisons, where read it would give a real 0 posts.
func TestSummaryLeavesUnreadComparisonsBlank(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	loadWeekFixture(t, db)
	a := New(db, Practice{TimeZone: "Europe/Berlin", Location: berlin(t), MinReach: 100})
	w13 := period("2025-03-24", "2025-03-30")
	s, err := a.SummaryAgainst(ctx, w13, w13.Previous(), w13.YearAgo(), Filter{}, w13.YearAgo())
	if err != nil {
		t.Fatal(err)
	}
	posts := s.KPI(KeyPosts)
	checkF(t, "posts", posts.Value, f(5))
	checkF(t, "posts in the week before", posts.Previous.Value, f(2))
	for _, k := range s.KPIs {
		if k.YearAgo != (Comparison{}) {
			t.Errorf("%s: a comparison with the unread year-ago week: %+v", k.Key, k.YearAgo)
		}
	}
	if s.YearAgo != w13.YearAgo() {
		t.Errorf("year-ago period %s, want %s", s.YearAgo, w13.YearAgo())
	}
}

// TestFollowersOnceADay: a summary asks for each day's followers once; the end of
// the week before is the day before the week starts. A day read beforehand is not
// asked at all.
func TestFollowersOnceADay(t *testing.T) {
	asked := map[string]int{}
	on := onceADay(func(_ context.Context, d time.Time, _ Filter) ([]queries.AccountFollowers, error) {
		asked[d.Format(time.DateOnly)]++
		return []queries.AccountFollowers{{Platform: "instagram", Handle: d.Format(time.DateOnly)}}, nil
	}, map[time.Time][]queries.AccountFollowers{day("2025-03-09"): {{Platform: "instagram", Handle: "2025-03-09"}}})
	for _, d := range []string{"2025-03-30", "2025-03-23", "2025-03-23", "2025-03-16", "2025-03-30", "2025-03-09"} {
		got, err := on(context.Background(), day(d), Filter{})
		if err != nil || len(got) != 1 || got[0].Handle != d {
			t.Fatalf("%s: %+v, %v", d, got, err)
		}
	}
	if want := map[string]int{"2025-03-30": 1, "2025-03-23": 1, "2025-03-16": 1}; !reflect.DeepEqual(asked, want) {
		t.Errorf("asked %v, want %v", asked, want)
	}
}

package queries

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func n(v int64) *int64 { return &v }

// dump renders the data tables as text, so a test can compare whole database states.
func dump(t *testing.T, db *DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT platform, handle, coalesce(external_id,'∅'), coalesce(display_name,'∅') FROM accounts ORDER BY ALL",
		"SELECT p.platform, post_id, coalesce(strftime(published_at, '%Y-%m-%d %H:%M'),'∅'), content_type, coalesce(caption,'∅'), coalesce(array_to_string(labels, '|'),'∅') FROM posts p ORDER BY ALL",
		"SELECT post_id, as_of::VARCHAR, coalesce(views::VARCHAR,'∅'), coalesce(reach::VARCHAR,'∅'), coalesce(likes::VARCHAR,'∅'), coalesce(saves::VARCHAR,'∅') FROM post_snapshots ORDER BY ALL",
		"SELECT day::VARCHAR, metric, value FROM daily_metrics ORDER BY ALL",
		"SELECT file_name, posts_new, posts_updated, days_new, days_updated FROM imports ORDER BY id",
	} {
		rows, err := db.sql.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if i > 0 {
					b.WriteString(" | ")
				}
				b.WriteString(v.String)
			}
			b.WriteString("\n")
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

func TestLoadBatchCountsAndReplaces(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ig := Account{Platform: "instagram", Handle: "PraxisNord", ExternalID: "178", DisplayName: "Praxis Nord"}
	first := &Batch{
		Posts: []Post{
			{Account: ig, PostID: "p1", PublishedAt: time.Date(2025, 3, 2, 22, 30, 0, 0, time.UTC), ContentType: "reel",
				Caption: "Line one\nline two", Labels: []string{"tips", "calm"}, Metrics: Metrics{Views: n(200), Reach: n(150), Likes: n(10)}},
			{Account: ig, PostID: "p2", ContentType: "image", Metrics: Metrics{Reach: n(0)}},
		},
		Daily: []Daily{
			{Account: ig, Day: day("2025-03-01"), Metric: MetricReach, Value: 40},
			{Account: ig, Day: day("2025-03-02"), Metric: MetricReach, Value: 55},
		},
	}
	imp := &Import{FileName: "a.csv", SHA256: "a", Format: "test", AsOf: day("2025-03-10")}
	if err := db.LoadBatch(ctx, imp, first, LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if imp.PostsNew != 2 || imp.PostsUpdated != 0 || imp.DaysNew != 2 || imp.DaysUpdated != 0 {
		t.Fatalf("first load counts: %+v", imp)
	}

	// A later export: p1 grew, saves now reported; 03-02 revised, 03-03 new; the
	// handle arrives in other letter case and is the same account.
	ig2 := Account{Platform: "instagram", Handle: "praxisnord"}
	second := &Batch{
		Posts: []Post{{Account: ig2, PostID: "p1", ContentType: "reel", Metrics: Metrics{Views: n(300), Reach: n(210), Saves: n(4)}}},
		Daily: []Daily{
			{Account: ig2, Day: day("2025-03-01"), Metric: MetricReach, Value: 40}, // unchanged
			{Account: ig2, Day: day("2025-03-02"), Metric: MetricReach, Value: 60}, // revised
			{Account: ig2, Day: day("2025-03-03"), Metric: MetricReach, Value: 7},
		},
	}
	imp2 := &Import{FileName: "b.csv", SHA256: "b", Format: "test", AsOf: day("2025-03-17")}
	if err := db.LoadBatch(ctx, imp2, second, LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if imp2.PostsNew != 0 || imp2.PostsUpdated != 1 || imp2.DaysNew != 1 || imp2.DaysUpdated != 1 {
		t.Fatalf("second load counts: %+v", imp2)
	}
	want := `instagram | PraxisNord | 178 | Praxis Nord
--
instagram | p1 | 2025-03-02 22:30 | reel | Line one
line two | tips|calm
instagram | p2 | ∅ | image | ∅ | ∅
--
p1 | 2025-03-10 | 200 | 150 | 10 | ∅
p1 | 2025-03-17 | 300 | 210 | ∅ | 4
p2 | 2025-03-10 | ∅ | 0 | ∅ | ∅
--
2025-03-01 | reach | 40
2025-03-02 | reach | 60
2025-03-03 | reach | 7
--
a.csv | 2 | 0 | 2 | 0
b.csv | 0 | 1 | 1 | 1
--
`
	if got := dump(t, db); got != want {
		t.Fatalf("database:\n%s\nwant:\n%s", got, want)
	}

	// A failing batch (an account without a handle) and a dry run change nothing.
	bad := &Batch{Posts: []Post{{Account: ig, PostID: "p9", ContentType: "text"}}, Daily: []Daily{{Account: Account{Platform: "x"}, Day: day("2025-03-04"), Metric: MetricViews, Value: 1}}}
	if err := db.LoadBatch(ctx, &Import{FileName: "bad.csv", SHA256: "c", Format: "test", AsOf: day("2025-03-18")}, bad, LoadOptions{}); err == nil {
		t.Fatal("a batch with a nameless account loaded")
	}
	dry := &Import{FileName: "dry.csv", SHA256: "d", Format: "test", AsOf: day("2025-03-18")}
	if err := db.LoadBatch(ctx, dry, &Batch{Posts: []Post{{Account: ig, PostID: "p9", ContentType: "text"}}}, LoadOptions{DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if dry.PostsNew != 1 {
		t.Fatalf("dry run counted %d new posts, want 1", dry.PostsNew)
	}
	if got := dump(t, db); got != want {
		t.Fatalf("after a failed load and a dry run:\n%s\nwant:\n%s", got, want)
	}
}

func TestSameSnapshotDayCompletesValues(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	fb := Account{Platform: "facebook", Handle: "Praxis"}
	posts := &Batch{Posts: []Post{{Account: fb, PostID: "v1", ContentType: "video", Metrics: Metrics{Reach: n(90), Likes: n(3)}}}}
	videos := &Batch{Posts: []Post{{Account: fb, PostID: "v1", ContentType: "other", Metrics: Metrics{VideoViews: n(70), Likes: n(5)}}}}
	for i, b := range []*Batch{posts, videos} {
		if err := db.LoadBatch(ctx, &Import{FileName: "f", SHA256: string(rune('a' + i)), Format: "t", AsOf: day("2025-01-01")}, b, LoadOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	var reach, likes, vv int64
	var ct string
	err := db.sql.QueryRow("SELECT reach, likes, video_views, content_type FROM post_snapshots JOIN posts USING (account_id, post_id)").Scan(&reach, &likes, &vv, &ct)
	if err != nil || reach != 90 || likes != 5 || vv != 70 || ct != "video" {
		t.Fatalf("merged snapshot: reach %d likes %d video views %d type %s (%v)", reach, likes, vv, ct, err)
	}
}

func TestRebuildReplacesEverythingOrNothing(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	x := Account{Platform: "x", Handle: "praxis"}
	imp := &Import{FileName: "x.csv", SHA256: "x", Format: "t", AsOf: day("2025-01-01")}
	if err := db.LoadBatch(ctx, imp, &Batch{Daily: []Daily{{Account: x, Day: day("2025-01-01"), Metric: MetricViews, Value: 5}}}, LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	before := dump(t, db)
	// A rebuild that fails half way leaves the data as it was.
	calls := 0
	err := db.Rebuild(ctx, func() (*Import, *Batch, error) {
		calls++
		if calls == 1 {
			return &Import{ID: imp.ID, FileName: "x.csv", SHA256: "x", Format: "t", AsOf: day("2025-01-01")},
				&Batch{Daily: []Daily{{Account: x, Day: day("2025-01-01"), Metric: MetricViews, Value: 6}}}, nil
		}
		return nil, nil, context.Canceled
	})
	if err == nil {
		t.Fatal("rebuild did not report the failure")
	}
	if got := dump(t, db); got != before {
		t.Fatalf("failed rebuild changed data:\n%s", got)
	}
	calls = 0
	err = db.Rebuild(ctx, func() (*Import, *Batch, error) {
		calls++
		if calls == 1 {
			return &Import{ID: imp.ID, FileName: "x.csv", SHA256: "x", Format: "t", AsOf: day("2025-01-01")},
				&Batch{Daily: []Daily{{Account: x, Day: day("2025-01-01"), Metric: MetricViews, Value: 6}}}, nil
		}
		return nil, nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "x | praxis | ∅ | ∅\n--\n--\n--\n2025-01-01 | views | 6\n--\nx.csv | 0 | 0 | 1 | 0\n--\n"
	if got := dump(t, db); got != want {
		t.Fatalf("after rebuild:\n%s\nwant:\n%s", got, want)
	}
}

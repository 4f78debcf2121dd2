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

// TestLoadFilesIsLoadingInTurn: files loaded in one transaction leave the database,
// and each import's counts, exactly as loading them one after another does, with
// files that overlap each other and the database.
func TestLoadFilesIsLoadingInTurn(t *testing.T) {
	ctx := context.Background()
	ig := Account{Platform: "instagram", Handle: "Praxis"}
	pub := time.Date(2025, 3, 2, 22, 30, 0, 0, time.UTC)
	base := func() (*Import, *Batch) {
		return &Import{FileName: "base.csv", SHA256: "base", Format: "t", AsOf: day("2025-03-05")}, &Batch{
			Posts: []Post{{Account: ig, PostID: "p1", PublishedAt: pub, ContentType: "reel", Caption: "c1", Metrics: Metrics{Views: n(100), Reach: n(80)}}},
			Daily: []Daily{
				{Account: ig, Day: day("2025-03-01"), Metric: MetricReach, Value: 40},
				{Account: ig, Day: day("2025-03-02"), Metric: MetricReach, Value: 50},
			},
		}
	}
	files := func() []FileLoad {
		return []FileLoad{
			{Import: &Import{FileName: "f1.csv", SHA256: "f1", Format: "t", AsOf: day("2025-03-10")}, Batch: &Batch{
				Posts: []Post{
					{Account: ig, PostID: "p1", ContentType: "other", Metrics: Metrics{Views: n(150), Likes: n(5)}},
					{Account: ig, PostID: "p2", ContentType: "image", Caption: "new", Metrics: Metrics{Reach: n(10)}},
				},
				Daily: []Daily{
					{Account: ig, Day: day("2025-03-02"), Metric: MetricReach, Value: 50}, // as stored: neither
					{Account: ig, Day: day("2025-03-03"), Metric: MetricReach, Value: 7},  // new day
					{Account: ig, Day: day("2025-03-03"), Metric: MetricViews, Value: 70},
				},
			}},
			// The same as-of day as f1: its snapshot values complete f1's.
			{Import: &Import{FileName: "f2.csv", SHA256: "f2", Format: "t", AsOf: day("2025-03-10")}, Batch: &Batch{
				Accounts: []Account{{Platform: "instagram", Handle: "praxis", ExternalID: "178"}},
				Posts: []Post{
					{Account: ig, PostID: "p1", ContentType: "video", Metrics: Metrics{VideoViews: n(90), Saves: n(2)}},
					{Account: ig, PostID: "p2", ContentType: "image", Metrics: Metrics{Reach: n(12)}},
				},
				Daily: []Daily{
					{Account: ig, Day: day("2025-03-03"), Metric: MetricReach, Value: 8}, // f1 said 7: updated
					{Account: ig, Day: day("2025-03-04"), Metric: MetricReach, Value: 1}, // new; the file's
					{Account: ig, Day: day("2025-03-04"), Metric: MetricReach, Value: 2}, // last row wins
				},
			}},
			{Import: &Import{FileName: "f3.csv", SHA256: "f3", Format: "t", AsOf: day("2025-03-17")}, Batch: &Batch{
				Posts: []Post{
					{Account: ig, PostID: "p3", ContentType: "carousel", Labels: []string{"tips"}, Metrics: Metrics{Views: n(9)}},
					{Account: ig, PostID: "p1", ContentType: "other", Caption: "c1 edited", Metrics: Metrics{Views: n(170)}},
				},
				Daily: []Daily{{Account: ig, Day: day("2025-03-01"), Metric: MetricReach, Value: 40}}, // as stored
			}},
		}
	}
	lineage := func(db *DB) string {
		var b strings.Builder
		for _, q := range []string{
			"SELECT post_id || ' ' || i.file_name FROM posts p JOIN imports i ON i.id = p.import_id ORDER BY 1",
			"SELECT post_id || ' ' || s.as_of || ' ' || i.file_name FROM post_snapshots s JOIN imports i ON i.id = s.import_id ORDER BY 1",
			"SELECT d.day || ' ' || metric || ' ' || i.file_name FROM daily_metrics d JOIN imports i ON i.id = d.import_id ORDER BY 1",
			"SELECT id || ' ' || file_name FROM imports ORDER BY id",
		} {
			rows, err := db.sql.QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				b.WriteString(s + "\n")
			}
			rows.Close()
		}
		return b.String()
	}

	inTurn, together := openTemp(t), openTemp(t)
	for _, db := range []*DB{inTurn, together} {
		imp, b := base()
		if err := db.LoadBatch(ctx, imp, b, LoadOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	one := files()
	for _, f := range one {
		if err := inTurn.LoadBatch(ctx, f.Import, f.Batch, LoadOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	all := files()
	if err := together.LoadFiles(ctx, all, LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	// By hand: f1 updates p1 and brings p2; 03-02 is as stored, 03-03 is new. f2 sees
	// p1 and p2 (from f1), changes 03-03 (7 -> 8) and brings 03-04. f3 brings p3,
	// updates p1, and 03-01 is as stored.
	want := [][4]int{{1, 1, 1, 0}, {0, 2, 1, 1}, {1, 1, 0, 0}}
	for i, f := range all {
		im := f.Import
		if got := [4]int{im.PostsNew, im.PostsUpdated, im.DaysNew, im.DaysUpdated}; got != want[i] || one[i].Import.ID != im.ID {
			t.Errorf("%s: posts new/updated, days new/updated %v (id %d), want %v (id %d as in turn)", im.FileName, got, im.ID, want[i], one[i].Import.ID)
		}
	}
	wantDump := `instagram | Praxis | 178 | ∅
--
instagram | p1 | 2025-03-02 22:30 | video | c1 edited | ∅
instagram | p2 | ∅ | image | new | ∅
instagram | p3 | ∅ | carousel | ∅ | tips
--
p1 | 2025-03-05 | 100 | 80 | ∅ | ∅
p1 | 2025-03-10 | 150 | ∅ | 5 | 2
p1 | 2025-03-17 | 170 | ∅ | ∅ | ∅
p2 | 2025-03-10 | ∅ | 12 | ∅ | ∅
p3 | 2025-03-17 | 9 | ∅ | ∅ | ∅
--
2025-03-01 | reach | 40
2025-03-02 | reach | 50
2025-03-03 | reach | 8
2025-03-03 | views | 70
2025-03-04 | reach | 2
--
base.csv | 1 | 0 | 2 | 0
f1.csv | 1 | 1 | 1 | 0
f2.csv | 0 | 2 | 1 | 1
f3.csv | 1 | 1 | 0 | 0
--
`
	if got := dump(t, together); got != wantDump {
		t.Errorf("together:\n%s\nwant:\n%s", got, wantDump)
	}
	if a, b := dump(t, inTurn), dump(t, together); a != b {
		t.Errorf("in turn:\n%s\ntogether:\n%s", a, b)
	}
	if a, b := lineage(inTurn), lineage(together); a != b {
		t.Errorf("which import gave each row, in turn:\n%s\ntogether:\n%s", a, b)
	}

	// One bad file fails the whole load, and nothing of it stays.
	before := dump(t, together)
	bad := files()
	bad[1].Batch.Daily = append(bad[1].Batch.Daily, Daily{Account: Account{Platform: "x"}, Day: day("2025-03-05"), Metric: MetricViews, Value: 1})
	for i := range bad {
		bad[i].Import.SHA256 += "-again"
	}
	if err := together.LoadFiles(ctx, bad, LoadOptions{}); err == nil || !strings.Contains(err.Error(), "f2.csv: an account of x has no handle") {
		t.Fatalf("a load with a nameless account: %v", err)
	}
	if got := dump(t, together); got != before {
		t.Fatalf("the failed load left:\n%s", got)
	}
}

// TestLoadFilesDaysFarApart: days decades apart (kept in maps, not arrays of every
// day between) merge and count as close days do.
func TestLoadFilesDaysFarApart(t *testing.T) {
	ctx := context.Background()
	ig := Account{Platform: "instagram", Handle: "praxis"}
	files := func() []FileLoad {
		return []FileLoad{
			{Import: &Import{FileName: "old.csv", SHA256: "old", Format: "t", AsOf: day("2025-03-05")}, Batch: &Batch{Daily: []Daily{
				{Account: ig, Day: day("1990-01-01"), Metric: MetricReach, Value: 1},
				{Account: ig, Day: day("2025-03-01"), Metric: MetricReach, Value: 2},
			}}},
			{Import: &Import{FileName: "new.csv", SHA256: "new", Format: "t", AsOf: day("2060-06-02")}, Batch: &Batch{Daily: []Daily{
				{Account: ig, Day: day("1990-01-01"), Metric: MetricReach, Value: 1}, // as before: neither
				{Account: ig, Day: day("2025-03-01"), Metric: MetricReach, Value: 3}, // changed: updated,
				{Account: ig, Day: day("2025-03-01"), Metric: MetricViews, Value: 9}, // once for the day
				{Account: ig, Day: day("2060-06-01"), Metric: MetricReach, Value: 4}, // new
			}}},
		}
	}
	inTurn, together := openTemp(t), openTemp(t)
	for _, f := range files() {
		if err := inTurn.LoadBatch(ctx, f.Import, f.Batch, LoadOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := together.LoadFiles(ctx, files(), LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	want := `instagram | praxis | ∅ | ∅
--
--
--
1990-01-01 | reach | 1
2025-03-01 | reach | 3
2025-03-01 | views | 9
2060-06-01 | reach | 4
--
old.csv | 0 | 0 | 2 | 0
new.csv | 0 | 0 | 1 | 1
--
`
	for name, db := range map[string]*DB{"in turn": inTurn, "together": together} {
		if got := dump(t, db); got != want {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got, want)
		}
	}
}

// A load reaches DuckDB as Arrow record batches of one row group each: a load of
// more rows than one batch holds must arrive whole, and labels (a list column)
// must survive inserts where no post has any and updates that add or keep them.
func TestLoadFilesInArrowBatches(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	acc := Account{Platform: "instagram", Handle: "praxisnord"}
	// 130,000 values, more than one batch of 122,880: 65,000 days from 1900-01-01,
	// two metrics a day, valued 0 to 129,999 in order.
	first := &Batch{Posts: []Post{
		{Account: acc, PostID: "a", ContentType: "image", Metrics: Metrics{Likes: n(1)}},
		{Account: acc, PostID: "b", ContentType: "reel"},
	}}
	start := day("1900-01-01")
	for i := range 65_000 {
		d := start.AddDate(0, 0, i)
		first.Daily = append(first.Daily,
			Daily{Account: acc, Day: d, Metric: MetricReach, Value: float64(2 * i)},
			Daily{Account: acc, Day: d, Metric: MetricViews, Value: float64(2*i + 1)})
	}
	if err := db.LoadBatch(ctx, &Import{FileName: "first", SHA256: "1", AsOf: day("2025-01-10")}, first, LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	// A later export: "a" gains labels, "b" gives none (it keeps NULL), "c" is new
	// with labels; one day's reach changes.
	second := &Batch{
		Posts: []Post{
			{Account: acc, PostID: "a", ContentType: "image", Labels: []string{"tips", "calm, kind"}, Metrics: Metrics{Likes: n(3)}},
			{Account: acc, PostID: "b", ContentType: "other"},
			{Account: acc, PostID: "c", ContentType: "text", Labels: []string{"new"}},
		},
		Daily: []Daily{{Account: acc, Day: start, Metric: MetricReach, Value: 7}},
	}
	if err := db.LoadBatch(ctx, &Import{FileName: "second", SHA256: "2", AsOf: day("2025-01-20")}, second, LoadOptions{}); err != nil {
		t.Fatal(err)
	}

	var count int
	var sum float64
	if err := db.sql.QueryRow("SELECT count(*), sum(value) FROM daily_metrics").Scan(&count, &sum); err != nil {
		t.Fatal(err)
	}
	// 0 + 1 + ... + 129,999 = 8,449,935,000, and 1900-01-01's reach went 0 -> 7.
	if count != 130_000 || sum != 8_449_935_007 {
		t.Errorf("daily values: %d summing to %.0f, want 130000 summing to 8449935007", count, sum)
	}
	var last float64
	if err := db.sql.QueryRow("SELECT value FROM daily_metrics WHERE day = ? AND metric = ?", start.AddDate(0, 0, 64_999), MetricViews).Scan(&last); err != nil {
		t.Fatal(err)
	}
	if last != 129_999 {
		t.Errorf("the last day's views = %v, want 129999", last)
	}
	got := dump(t, db)
	got = got[strings.Index(got, "--\n")+3:] // from posts on
	got = got[:strings.Index(got, "--\n")+3]
	want := "instagram | a | ∅ | image | ∅ | tips|calm, kind\n" +
		"instagram | b | ∅ | reel | ∅ | ∅\n" +
		"instagram | c | ∅ | text | ∅ | new\n--\n"
	if got != want {
		t.Errorf("posts:\n%s\nwant:\n%s", got, want)
	}
}

package queries

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExportParquetReadsBack exports a small fixture and reads every table back with
// DuckDB's read_parquet and hive partitioning, value by value.
func TestExportParquetReadsBack(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ig := Account{Platform: "instagram", Handle: "praxis.nord", ExternalID: "178"}
	x := Account{Platform: "x", Handle: "praxis_nord"}
	b := &Batch{
		Posts: []Post{
			{Account: ig, PostID: "p1", PublishedAt: time.Date(2025, 3, 31, 22, 30, 0, 0, time.UTC), ContentType: "reel",
				Caption: "Calm, now", Metrics: Metrics{Views: n(200), Reach: n(150), Likes: n(10)}},
			{Account: x, PostID: "t1", PublishedAt: time.Date(2025, 4, 2, 8, 0, 0, 0, time.UTC), ContentType: "text",
				Metrics: Metrics{Views: n(90)}},
			{Account: x, PostID: "t2", ContentType: "text", Metrics: Metrics{Likes: n(3)}},
		},
		Daily: []Daily{
			{Account: ig, Day: day("2025-03-31"), Metric: MetricReach, Value: 40},
			{Account: ig, Day: day("2025-04-01"), Metric: MetricReach, Value: 55.5},
			{Account: x, Day: day("2025-04-01"), Metric: MetricViews, Value: 12},
		},
	}
	if err := db.LoadBatch(ctx, &Import{FileName: "a.csv", SHA256: "a", Format: "test", AsOf: day("2025-04-05")}, b, LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "it's here") // a quote in the path must not matter
	if err := db.ExportParquet(ctx, dir); err != nil {
		t.Fatal(err)
	}

	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.Dir(filepath.ToSlash(rel)))
		}
		return nil
	})
	wantDirs := ".\ndaily_metrics/platform=instagram/month=2025-03\ndaily_metrics/platform=instagram/month=2025-04\n" +
		"daily_metrics/platform=x/month=2025-04\npost_snapshots/platform=instagram/month=2025-04\npost_snapshots/platform=x/month=2025-04\n" +
		"posts/platform=instagram/month=2025-03\nposts/platform=x/month=2025-04\nposts/platform=x/month=unknown"
	if got := strings.Join(files, "\n"); got != wantDirs {
		t.Errorf("layout:\n%s\nwant\n%s", got, wantDirs)
	}

	read := func(q string) string {
		rows, err := db.SQL().QueryContext(ctx, q, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return strings.Join(out, "\n")
	}
	for _, c := range []struct{ q, want string }{
		{`SELECT concat_ws('|', platform, month, handle, day, metric, value) FROM read_parquet($1 || '/daily_metrics/**/*.parquet', hive_partitioning = true) ORDER BY ALL`,
			"instagram|2025-03|praxis.nord|2025-03-31|reach|40.0\ninstagram|2025-04|praxis.nord|2025-04-01|reach|55.5\nx|2025-04|praxis_nord|2025-04-01|views|12.0"},
		{`SELECT concat_ws('|', platform, month, post_id, coalesce(strftime(published_at, '%Y-%m-%d %H:%M'), '-'), content_type, coalesce(caption, '-')) FROM read_parquet($1 || '/posts/**/*.parquet', hive_partitioning = true) ORDER BY ALL`,
			"instagram|2025-03|p1|2025-03-31 22:30|reel|Calm, now\nx|2025-04|t1|2025-04-02 08:00|text|-\nx|unknown|t2|-|text|-"},
		{`SELECT concat_ws('|', platform, month, post_id, as_of, coalesce(views::VARCHAR, '-'), coalesce(reach::VARCHAR, '-'), coalesce(likes::VARCHAR, '-')) FROM read_parquet($1 || '/post_snapshots/**/*.parquet', hive_partitioning = true) ORDER BY ALL`,
			"instagram|2025-04|p1|2025-04-05|200|150|10\nx|2025-04|t1|2025-04-05|90|-|-\nx|2025-04|t2|2025-04-05|-|-|3"},
		{`SELECT concat_ws('|', platform, handle, coalesce(external_id, '-')) FROM read_parquet($1 || '/accounts.parquet') ORDER BY ALL`,
			"instagram|praxis.nord|178\nx|praxis_nord|-"},
	} {
		if got := read(c.q); got != c.want {
			t.Errorf("%s\ngot:\n%s\nwant:\n%s", c.q, got, c.want)
		}
	}

	// A second export into the same, now full, directory is refused and changes nothing.
	err := db.ExportParquet(ctx, dir)
	if !errors.Is(err, ErrExportTarget) {
		t.Fatalf("export into a full directory: %v", err)
	}
	if got := read(`SELECT count(*)::VARCHAR FROM read_parquet($1 || '/daily_metrics/**/*.parquet')`); got != "3" {
		t.Errorf("after the refused export: %s rows", got)
	}
}

// TestLoadCSVTable: the bench's limit reads every row of a CSV with DuckDB's reader.
func TestLoadCSVTable(t *testing.T) {
	db := openTemp(t)
	p := filepath.Join(t.TempDir(), "rows.csv")
	os.WriteFile(p, []byte("Date,Primary\n2025-01-01,5\n2025-01-02,7\n2025-01-03,\"1,234\"\n"), 0o644)
	n, err := db.LoadCSVTable(context.Background(), p)
	if err != nil || n != 3 {
		t.Fatalf("rows %d, err %v", n, err)
	}
	if _, err := db.LoadCSVTable(context.Background(), p+".missing"); err == nil {
		t.Fatal("a missing file loaded")
	}
}

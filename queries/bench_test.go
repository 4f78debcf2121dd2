package queries_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"pulse/ingest"
	"pulse/ingest/synth"
	"pulse/queries"
)

// agencyDB loads a made-up agency of 10 accounts (3 years each, as `pulse bench`
// makes them) through the real ingest.
func agencyDB(b *testing.B) *queries.DB {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	db, err := queries.Open(ctx, filepath.Join(dir, "pulse.duckdb"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	accounts, err := synth.Agency(10, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	for _, acc := range accounts {
		for _, ex := range acc.Exports {
			var in []ingest.Input
			for _, f := range ex.Files {
				in = append(in, ingest.Input{Name: f.Name, Data: f.Data})
			}
			ing := ingest.New(db, ingest.Options{DataDir: dir, Location: time.UTC, AsOf: ex.AsOf, Account: acc.AccountFlag()})
			for _, r := range ing.Ingest(ctx, in) {
				if r.Failed() {
					b.Fatal(r.Lines())
				}
			}
		}
	}
	return db
}

// BenchmarkHotQueries times the statements behind the overview page over the last
// complete week of December 2025 (and its 8-week chart), reporting rows per call.
func BenchmarkHotQueries(b *testing.B) {
	db := agencyDB(b)
	ctx := context.Background()
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	from, to, chart := day("2025-12-22"), day("2025-12-28"), day("2025-11-03")
	all := queries.Filter{}
	for _, q := range []struct {
		name string
		fn   func() (int, error)
	}{
		{"PostsPublished", func() (int, error) {
			r, err := queries.PostsPublished(ctx, db, "UTC", from, to, all, queries.AsIs)
			return len(r), err
		}},
		{"DailySums", func() (int, error) { r, err := db.DailySums(ctx, from, to, all); return len(r), err }},
		{"FollowersOn", func() (int, error) { r, err := db.FollowersOn(ctx, to, all); return len(r), err }},
		{"FollowerChanges", func() (int, error) { r, err := db.FollowerChanges(ctx, from, to, all); return len(r), err }},
		{"DailyValues", func() (int, error) {
			r, err := db.DailyValues(ctx, queries.MetricReach, chart, to, all)
			return len(r), err
		}},
		{"FollowersDaily", func() (int, error) { r, err := db.FollowersDaily(ctx, chart, to, all); return len(r), err }},
	} {
		b.Run(q.name, func(b *testing.B) {
			rows := 0
			for b.Loop() {
				n, err := q.fn()
				if err != nil {
					b.Fatal(err)
				}
				rows = n
			}
			b.ReportMetric(float64(rows), "rows/op")
		})
	}
}

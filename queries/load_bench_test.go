package queries

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkLoadFiles times LoadFiles on 200 made-up files (100 daily files of 2,000
// values, 100 post files of 300 posts) into a fresh database, as one load: the
// database's share of an ingest run. It reports rows per second.
func BenchmarkLoadFiles(b *testing.B) {
	ctx := context.Background()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	metrics := []string{MetricViews, MetricReach, MetricNewFollowers, MetricProfileVisits}
	mk := func() ([]FileLoad, int) {
		var files []FileLoad
		rows := 0
		for f := range 200 {
			acc := Account{Platform: "instagram", Handle: fmt.Sprintf("client%03d", f%50)}
			b := &Batch{}
			if f%2 == 0 {
				for i := range 2000 {
					b.Daily = append(b.Daily, Daily{Account: acc, Day: start.AddDate(0, 0, f/50*500+i/4), Metric: metrics[i%4], Value: float64(i)})
				}
			} else {
				for i := range 300 {
					b.Posts = append(b.Posts, Post{Account: acc, PostID: fmt.Sprintf("%d-%d", f, i), PublishedAt: start.AddDate(0, 0, i),
						ContentType: "image", Caption: "A caption of some length about a therapy topic", Permalink: "https://example.org/p/" + fmt.Sprint(i),
						Metrics: Metrics{Views: ptr(int64(i)), Reach: ptr(int64(i)), Likes: ptr(int64(i % 7)), Comments: ptr(int64(1)), Shares: ptr(int64(0))}})
				}
			}
			rows += len(b.Daily) + len(b.Posts)
			files = append(files, FileLoad{Import: &Import{FileName: fmt.Sprint(f), SHA256: fmt.Sprint(f), Format: "bench", AsOf: start.AddDate(2, 0, 0)}, Batch: b})
		}
		return files, rows
	}
	var rows int
	for b.Loop() {
		b.StopTimer()
		db, err := Open(ctx, filepath.Join(b.TempDir(), "pulse.duckdb"))
		if err != nil {
			b.Fatal(err)
		}
		files, n := mk()
		rows += n
		b.StartTimer()
		if err := db.LoadFiles(ctx, files, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

func ptr[T any](v T) *T { return &v }

package report

import (
	"context"
	"time"

	"pulse/analytics"
)

// Read gathers everything req's workbook shows and writes no cell: the report's
// statements alone, for BenchmarkReads.
func Read(ctx context.Context, an *analytics.Analyzer, req Request, now time.Time) error {
	_, err := gather(ctx, an, req, now, func(*contents) error { return nil })
	return err
}

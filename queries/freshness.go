package queries

import (
	"context"
	"fmt"
	"time"
)

// PlatformFreshness is the newest day a platform has data for.
type PlatformFreshness struct {
	Platform string
	Newest   time.Time // the newest day with a daily value or a post snapshot
}

// Freshness gives, per platform, the newest day of data: the last day with a daily
// metric, or the newest post snapshot's day where that is later.
func (db *DB) Freshness(ctx context.Context) ([]PlatformFreshness, error) {
	rows, err := db.sql.QueryContext(ctx, sqlText("Freshness"))
	if err != nil {
		return nil, fmt.Errorf("newest data per platform: %w", err)
	}
	defer rows.Close()
	var out []PlatformFreshness
	for rows.Next() {
		var f PlatformFreshness
		if err := rows.Scan(&f.Platform, &f.Newest); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

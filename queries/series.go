package queries

import (
	"context"
	"fmt"
	"time"
)

// DailyValue is one daily metric on one day, summed over the accounts of a platform
// that reported it that day.
type DailyValue struct {
	Platform string
	Day      time.Time
	Value    float64
}

// DailyValues gives the daily metric (one of the Metric* names) per platform and day
// over the days from..to (inclusive), oldest first within each platform. A day on
// which no account of a platform reported the metric has no row.
func (db *DB) DailyValues(ctx context.Context, metric string, from, to time.Time, f Filter) ([]DailyValue, error) {
	platforms, accounts := f.args()
	rows, err := db.sql.QueryContext(ctx, sqlText("DailyValues"), metric, from, to, platforms, accounts)
	if err != nil {
		return nil, fmt.Errorf("daily %s %s to %s: %w", metric, from.Format(time.DateOnly), to.Format(time.DateOnly), err)
	}
	defer rows.Close()
	var out []DailyValue
	for rows.Next() {
		var v DailyValue
		if err := rows.Scan(&v.Platform, &v.Day, &v.Value); err != nil {
			return nil, fmt.Errorf("read daily %s: %w", metric, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("daily %s: %w", metric, err)
	}
	return out, nil
}

// DayFollowers is one account's followers at the end of one day.
type DayFollowers struct {
	Platform string
	Handle   string
	Day      time.Time
	BaseDay  time.Time // the day of the running total it was carried from
	Total    float64
}

// FollowersDaily gives every account's followers at the end of each day from..to
// (inclusive), by the rule of FollowersOn, in one query: ordered by platform,
// account, day. Days on which an account has no known total (none reported on or
// before them) have no row.
func (db *DB) FollowersDaily(ctx context.Context, from, to time.Time, f Filter) ([]DayFollowers, error) {
	platforms, accounts := f.args()
	rows, err := db.sql.QueryContext(ctx, sqlText("FollowersDaily"), from, to, platforms, accounts)
	if err != nil {
		return nil, fmt.Errorf("followers per day %s to %s: %w", from.Format(time.DateOnly), to.Format(time.DateOnly), err)
	}
	defer rows.Close()
	var out []DayFollowers
	for rows.Next() {
		var d DayFollowers
		if err := rows.Scan(&d.Platform, &d.Handle, &d.Day, &d.BaseDay, &d.Total); err != nil {
			return nil, fmt.Errorf("read followers per day: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("followers per day: %w", err)
	}
	return out, nil
}

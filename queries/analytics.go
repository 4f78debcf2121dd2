package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Filter narrows the analytics queries to some platforms and accounts. An empty
// list keeps everything; both lists must match when both are given.
type Filter struct {
	Platforms []string // platform names, like "instagram"
	Accounts  []string // "platform:handle"; the handle matches case-insensitively
}

// args gives the filter as the two list parameters the statements take: never nil,
// platforms lower-case and account keys as "platform:handle_key".
func (f Filter) args() (platforms, accounts []string) {
	platforms, accounts = []string{}, []string{}
	for _, p := range f.Platforms {
		platforms = append(platforms, strings.ToLower(strings.TrimSpace(p)))
	}
	for _, a := range f.Accounts {
		p, h, _ := strings.Cut(a, ":")
		h = strings.TrimPrefix(strings.TrimSpace(h), "@")
		accounts = append(accounts, strings.ToLower(strings.TrimSpace(p))+":"+strings.ToLower(h))
	}
	return platforms, accounts
}

// PublishedPost is a post with the metrics of its latest snapshot.
type PublishedPost struct {
	Platform    string
	Handle      string
	PostID      string
	PublishedAt time.Time // the UTC instant
	// LocalAt is the wall-clock time of publishing in the practice's time zone. Its
	// location is UTC only as a carrier: read its fields, not its instant.
	LocalAt time.Time
	// TimeKnown is false when the export gave only a date (the post sits at local
	// midnight): its day is known, its hour is not.
	TimeKnown   bool
	ContentType string
	Caption     string
	Permalink   string
	Labels      []string
	AsOf        *time.Time // the day of the snapshot used; nil when the post has none
	Metrics     Metrics
}

// PostsPublished lists the posts published on the days from..to (inclusive) as
// counted in the time zone tz (an IANA name), oldest first, each with its latest
// snapshot.
func (db *DB) PostsPublished(ctx context.Context, tz string, from, to time.Time, f Filter) ([]PublishedPost, error) {
	platforms, accounts := f.args()
	rows, err := db.sql.QueryContext(ctx, sqlText("PostsPublished"), tz, from, to, platforms, accounts)
	if err != nil {
		return nil, fmt.Errorf("list posts published %s to %s: %w", from.Format(time.DateOnly), to.Format(time.DateOnly), err)
	}
	defer rows.Close()
	var out []PublishedPost
	for rows.Next() {
		var p PublishedPost
		var labels string
		var asOf sql.NullTime
		var views, reach, likes, comments, shares, saves, clicks, videoViews, follows, visits sql.NullInt64
		var watch sql.NullFloat64
		if err := rows.Scan(&p.Platform, &p.Handle, &p.PostID, &p.PublishedAt, &p.LocalAt, &p.TimeKnown, &p.ContentType,
			&p.Caption, &p.Permalink, &labels, &asOf, &views, &reach, &likes, &comments, &shares, &saves,
			&clicks, &videoViews, &watch, &follows, &visits); err != nil {
			return nil, fmt.Errorf("read post: %w", err)
		}
		if labels != "" {
			p.Labels = strings.Split(labels, "\x1f")
		}
		if asOf.Valid {
			d := asOf.Time
			p.AsOf = &d
		}
		p.Metrics = Metrics{
			Views: nullInt(views), Reach: nullInt(reach), Likes: nullInt(likes), Comments: nullInt(comments),
			Shares: nullInt(shares), Saves: nullInt(saves), Clicks: nullInt(clicks), VideoViews: nullInt(videoViews),
			WatchTimeSec: nullFloat(watch), Follows: nullInt(follows), ProfileVisits: nullInt(visits),
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list posts: %w", err)
	}
	return out, nil
}

// DailySum is one daily metric summed over a range of days for one platform.
type DailySum struct {
	Platform string
	Metric   string  // one of the Metric* names
	Total    float64 // the sum over the reported days
	Days     int     // on how many distinct days it was reported
}

// DailySums sums every daily metric over the days from..to (inclusive) per platform.
// A metric no file reported for those days has no row.
func (db *DB) DailySums(ctx context.Context, from, to time.Time, f Filter) ([]DailySum, error) {
	platforms, accounts := f.args()
	rows, err := db.sql.QueryContext(ctx, sqlText("DailySums"), from, to, platforms, accounts)
	if err != nil {
		return nil, fmt.Errorf("sum daily metrics: %w", err)
	}
	defer rows.Close()
	var out []DailySum
	for rows.Next() {
		var s DailySum
		if err := rows.Scan(&s.Platform, &s.Metric, &s.Total, &s.Days); err != nil {
			return nil, fmt.Errorf("read daily sum: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sum daily metrics: %w", err)
	}
	return out, nil
}

// AccountFollowers is one account's follower count at the end of a day.
type AccountFollowers struct {
	Platform string
	Handle   string
	BaseDay  *time.Time // the day of the running total it was carried from
	Total    *float64   // nil: no running total known on or before the day
}

// FollowersOn gives every account's followers at the end of day: the last reported
// running total on or before it, moved by the daily gains and losses reported since.
func (db *DB) FollowersOn(ctx context.Context, day time.Time, f Filter) ([]AccountFollowers, error) {
	platforms, accounts := f.args()
	rows, err := db.sql.QueryContext(ctx, sqlText("FollowersOn"), day, platforms, accounts)
	if err != nil {
		return nil, fmt.Errorf("followers on %s: %w", day.Format(time.DateOnly), err)
	}
	defer rows.Close()
	var out []AccountFollowers
	for rows.Next() {
		var a AccountFollowers
		var base sql.NullTime
		var total sql.NullFloat64
		if err := rows.Scan(&a.Platform, &a.Handle, &base, &total); err != nil {
			return nil, fmt.Errorf("read followers: %w", err)
		}
		if base.Valid {
			d := base.Time
			a.BaseDay = &d
		}
		a.Total = nullFloat(total)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("followers on %s: %w", day.Format(time.DateOnly), err)
	}
	return out, nil
}

// FollowerChange is one account's reported follower changes over a range of days.
// nil means not reported on any of the days.
type FollowerChange struct {
	Platform string
	Handle   string
	Gained   *float64
	Lost     *float64
	Net      *float64
}

// FollowerChanges sums every account's reported daily follower changes over the days
// from..to (inclusive).
func (db *DB) FollowerChanges(ctx context.Context, from, to time.Time, f Filter) ([]FollowerChange, error) {
	platforms, accounts := f.args()
	rows, err := db.sql.QueryContext(ctx, sqlText("FollowerChanges"), from, to, platforms, accounts)
	if err != nil {
		return nil, fmt.Errorf("follower changes: %w", err)
	}
	defer rows.Close()
	var out []FollowerChange
	for rows.Next() {
		var c FollowerChange
		var gained, lost, net sql.NullFloat64
		if err := rows.Scan(&c.Platform, &c.Handle, &gained, &lost, &net); err != nil {
			return nil, fmt.Errorf("read follower changes: %w", err)
		}
		c.Gained, c.Lost, c.Net = nullFloat(gained), nullFloat(lost), nullFloat(net)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("follower changes: %w", err)
	}
	return out, nil
}

func nullInt(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	return &v.Int64
}

func nullFloat(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.Float64
}

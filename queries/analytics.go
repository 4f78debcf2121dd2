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
	Metrics     Metrics    // without VideoViews and WatchTimeSec, which no page or report shows
}

// AsIs keeps a post as PostsPublished and PostFigures read it.
func AsIs(p PublishedPost) PublishedPost { return p }

// PostsPublished lists the posts published on the days from..to (inclusive) as
// counted in the time zone tz (an IANA name), oldest first, each with its latest
// snapshot, made a T by as while they are read (AsIs keeps them as they are): a
// caller that derives its own posts from them does not hold an agency's posts twice.
func PostsPublished[T any](ctx context.Context, db *DB, tz string, from, to time.Time, f Filter, as func(PublishedPost) T) ([]T, error) {
	platforms, accounts := f.args()
	out, err := readPosts(ctx, db, sqlText("PostsPublished"), []any{tz, from, to, platforms, accounts}, 21, as, func(r *batchReader) PublishedPost {
		p := PublishedPost{
			Platform: r.name(0), Handle: r.name(1), PostID: r.str(2),
			PublishedAt: r.time(3), LocalAt: r.time(4), TimeKnown: r.bool(5),
			ContentType: r.name(6), Caption: r.str(7), Permalink: r.str(8),
			AsOf: r.datePtr(10),
			Metrics: Metrics{
				Views: r.intPtr(11), Reach: r.intPtr(12), Likes: r.intPtr(13), Comments: r.intPtr(14),
				Shares: r.intPtr(15), Saves: r.intPtr(16), Clicks: r.intPtr(17),
				Follows: r.intPtr(18), ProfileVisits: r.intPtr(19),
			},
		}
		if labels := r.str(9); labels != "" {
			p.Labels = strings.Split(labels, "\x1f")
		}
		return p
	})
	if err != nil {
		return nil, fmt.Errorf("list posts published %s to %s: %w", from.Format(time.DateOnly), to.Format(time.DateOnly), err)
	}
	return out, nil
}

// PostFigures lists the posts PostsPublished lists, in its order, with only what
// the engagement figures of a set of posts read: Platform, PublishedAt, LocalAt,
// TimeKnown and the metrics Views, Reach, Likes, Comments, Shares and Saves. Every
// other field is empty. It is for counting and rating posts, not for showing them.
func PostFigures[T any](ctx context.Context, db *DB, tz string, from, to time.Time, f Filter, as func(PublishedPost) T) ([]T, error) {
	platforms, accounts := f.args()
	out, err := readPosts(ctx, db, sqlText("PostFigures"), []any{tz, from, to, platforms, accounts}, 11, as, func(r *batchReader) PublishedPost {
		return PublishedPost{
			Platform:    r.name(0),
			PublishedAt: r.time(1), LocalAt: r.time(2), TimeKnown: r.bool(3),
			Metrics: Metrics{
				Views: r.intPtr(4), Reach: r.intPtr(5), Likes: r.intPtr(6), Comments: r.intPtr(7),
				Shares: r.intPtr(8), Saves: r.intPtr(9),
			},
		}
	})
	if err != nil {
		return nil, fmt.Errorf("figures of posts published %s to %s: %w", from.Format(time.DateOnly), to.Format(time.DateOnly), err)
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

// FollowersOnDays is FollowersOn for each of days, in one statement: the i-th list
// is what FollowersOn says for days[i]. A summary reads the followers at the ends
// of up to six days, and one statement reads each account's history once.
func (db *DB) FollowersOnDays(ctx context.Context, days []time.Time, f Filter) ([][]AccountFollowers, error) {
	platforms, accounts := f.args()
	rows, err := db.sql.QueryContext(ctx, sqlText("FollowersOnDays"), days, platforms, accounts)
	if err != nil {
		return nil, fmt.Errorf("followers on %d days: %w", len(days), err)
	}
	defer rows.Close()
	byDay := map[string][]AccountFollowers{}
	for rows.Next() {
		var a AccountFollowers
		var on time.Time
		var base sql.NullTime
		var total sql.NullFloat64
		if err := rows.Scan(&on, &a.Platform, &a.Handle, &base, &total); err != nil {
			return nil, fmt.Errorf("read followers: %w", err)
		}
		if base.Valid {
			d := base.Time
			a.BaseDay = &d
		}
		a.Total = nullFloat(total)
		k := on.Format(time.DateOnly)
		byDay[k] = append(byDay[k], a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("followers on %d days: %w", len(days), err)
	}
	out := make([][]AccountFollowers, len(days))
	for i, d := range days {
		out[i] = byDay[d.Format(time.DateOnly)]
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

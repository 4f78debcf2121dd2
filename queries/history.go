package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Snapshot is a post's lifetime totals as one export reported them.
type Snapshot struct {
	AsOf    time.Time
	Metrics Metrics
}

// PostHistory lists every snapshot of one post, oldest first: how its totals grew
// from export to export. An unknown post has none.
func (db *DB) PostHistory(ctx context.Context, platform, handle, postID string) ([]Snapshot, error) {
	rows, err := db.sql.QueryContext(ctx, sqlText("PostHistory"), platform, handle, postID)
	if err != nil {
		return nil, fmt.Errorf("history of post %s: %w", postID, err)
	}
	defer rows.Close()
	var out []Snapshot
	for rows.Next() {
		var s Snapshot
		var views, reach, likes, comments, shares, saves, clicks, videoViews, follows, visits sql.NullInt64
		var watch sql.NullFloat64
		if err := rows.Scan(&s.AsOf, &views, &reach, &likes, &comments, &shares, &saves, &clicks, &videoViews,
			&watch, &follows, &visits); err != nil {
			return nil, fmt.Errorf("read snapshot: %w", err)
		}
		s.Metrics = Metrics{Views: nullInt(views), Reach: nullInt(reach), Likes: nullInt(likes), Comments: nullInt(comments),
			Shares: nullInt(shares), Saves: nullInt(saves), Clicks: nullInt(clicks), VideoViews: nullInt(videoViews),
			WatchTimeSec: nullFloat(watch), Follows: nullInt(follows), ProfileVisits: nullInt(visits)}
		out = append(out, s)
	}
	return out, rows.Err()
}

// PostInfo is what a post says about itself, without metrics.
type PostInfo struct {
	Platform, Handle, PostID        string
	PublishedAt                     *time.Time // UTC
	ContentType, Caption, Permalink string
}

// FindPost looks up one post by platform, handle (case-insensitive) and id, or
// ErrNotFound.
func (db *DB) FindPost(ctx context.Context, platform, handle, postID string) (PostInfo, error) {
	var p PostInfo
	var pub sql.NullTime
	var caption, permalink sql.NullString
	err := db.sql.QueryRowContext(ctx, sqlText("FindPost"), platform, handle, postID).Scan(
		&p.Platform, &p.Handle, &p.PostID, &pub, &p.ContentType, &caption, &permalink)
	if err == sql.ErrNoRows {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("find post %s: %w", postID, err)
	}
	if pub.Valid {
		t := pub.Time.UTC()
		p.PublishedAt = &t
	}
	p.Caption, p.Permalink = caption.String, permalink.String
	return p, nil
}

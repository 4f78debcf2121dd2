package analytics

import (
	"context"
	"errors"
	"fmt"
	"time"

	"pulse/queries"
)

// HistoryPoint is one export's lifetime totals of a post, with the figures derived
// from them by the same definitions as everywhere else.
type HistoryPoint struct {
	AsOf         string          `json:"as_of"` // YYYY-MM-DD
	Metrics      queries.Metrics `json:"-"`
	Interactions *int64          `json:"interactions"`
	ER           *float64        `json:"er"`
	ERLabel      string          `json:"er_label"`
}

// PostHistory gives a post's totals export by export, oldest first: the archive shows
// how a post kept collecting reach after it was published.
func (a *Analyzer) PostHistory(ctx context.Context, platform, handle, postID string) ([]HistoryPoint, error) {
	snaps, err := a.DB.PostHistory(ctx, platform, handle, postID)
	if err != nil {
		return nil, err
	}
	out := make([]HistoryPoint, 0, len(snaps))
	for _, s := range snaps {
		er, basis := PostER(s.Metrics)
		out = append(out, HistoryPoint{AsOf: s.AsOf.Format(time.DateOnly), Metrics: s.Metrics,
			Interactions: Interactions(s.Metrics), ER: er, ERLabel: erLabel(basis)})
	}
	return out, nil
}

// ErrNoSuchPost: no post has that platform, account and id.
var ErrNoSuchPost = errors.New("there is no such post")

// FindPost looks a post up; ErrNoSuchPost when there is none.
func (a *Analyzer) FindPost(ctx context.Context, platform, handle, postID string) (queries.PostInfo, error) {
	p, err := a.DB.FindPost(ctx, platform, handle, postID)
	if errors.Is(err, queries.ErrNotFound) {
		return p, fmt.Errorf("%s:%s post %s: %w", platform, handle, postID, ErrNoSuchPost)
	}
	return p, err
}

package analytics

import (
	"context"
	"fmt"
)

// BaselineDays is the span before a campaign window its lift is measured against.
const BaselineDays = 56

// LiftSide is the posts of one span of a campaign lift.
type LiftSide struct {
	Period       Period   `json:"period"`
	Posts        int      `json:"posts"`
	ER           Rate     `json:"er"`
	PostReach    *float64 `json:"post_reach"`     // sum of post reach (reach, or views)
	ReachPerPost *float64 `json:"reach_per_post"` // PostReach / posts reporting it
}

// Lift is a campaign window's posts against those of the 8 weeks before it
// (Definitions[KeyCampaignLift]).
type Lift struct {
	Window       LiftSide   `json:"window"`
	Baseline     LiftSide   `json:"baseline"`
	ER           Comparison `json:"er"`             // window ER against baseline ER
	ReachPerPost Comparison `json:"reach_per_post"` // window against baseline
}

// CampaignLift compares the posts published in window with those of the 56 days
// before it.
func (a *Analyzer) CampaignLift(ctx context.Context, window Period, f Filter) (Lift, error) {
	if err := a.CheckFilter(ctx, f); err != nil {
		return Lift{}, err
	}
	base := Period{From: window.From.AddDate(0, 0, -BaselineDays), To: window.From.AddDate(0, 0, -1)}
	var sides [2]LiftSide
	for i, p := range []Period{window, base} {
		posts, err := a.PostFigures(ctx, p, f) // a side counts and rates its posts: their figures do
		if err != nil {
			return Lift{}, fmt.Errorf("campaign lift: %w", err)
		}
		sides[i] = liftSide(p, posts)
	}
	return CompareLift(sides[0], sides[1]), nil
}

func liftSide(p Period, posts []Post) LiftSide {
	s := LiftSide{Period: p, Posts: len(posts), ER: SetER(posts), PostReach: sumPostReach(posts)}
	n := 0
	for _, post := range posts {
		if post.PostReach() != nil {
			n++
		}
	}
	if n > 0 {
		s.ReachPerPost = fp(*s.PostReach / float64(n))
	}
	return s
}

// CompareLift sets a window side against its baseline.
func CompareLift(window, baseline LiftSide) Lift {
	return Lift{
		Window: window, Baseline: baseline,
		ER:           Compare(window.ER.Value, baseline.ER.Value),
		ReachPerPost: Compare(window.ReachPerPost, baseline.ReachPerPost),
	}
}

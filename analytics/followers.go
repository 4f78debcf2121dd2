package analytics

import (
	"context"
	"sort"
	"time"

	"pulse/queries"
)

// Followers is a platform's (or every platform's) follower figures for a period
// (Definitions[KeyFollowers], [KeyNetFollowers], [KeyGrowthRate], [KeyGained], [KeyLost]).
type Followers struct {
	Platform   string   `json:"platform"`    // "all" for every platform together
	Followers  *float64 `json:"followers"`   // at the end of the period's last day
	Start      *float64 `json:"start"`       // at the end of the day before the period
	Net        *float64 `json:"net"`         // net new followers in the period
	GrowthRate *float64 `json:"growth_rate"` // a fraction
	Gained     *float64 `json:"gained"`
	Lost       *float64 `json:"lost"`
}

// Followers gives the follower figures of the period per platform, then "all".
func (a *Analyzer) Followers(ctx context.Context, p Period, f Filter) ([]Followers, error) {
	return a.followers(ctx, p, f, a.DB.FollowersOn)
}

// followersOn gives every account's followers at the end of a day (DB.FollowersOn).
type followersOn func(ctx context.Context, day time.Time, f Filter) ([]queries.AccountFollowers, error)

// onceADay is on, asked once per day: a period's start is the day its previous
// period ends, and a summary reads both. The days in known are not asked at all.
func onceADay(on followersOn, known map[time.Time][]queries.AccountFollowers) followersOn {
	seen := map[time.Time][]queries.AccountFollowers{}
	for d, v := range known {
		seen[d] = v
	}
	return func(ctx context.Context, day time.Time, f Filter) ([]queries.AccountFollowers, error) {
		if v, ok := seen[day]; ok {
			return v, nil
		}
		v, err := on(ctx, day, f)
		if err == nil {
			seen[day] = v
		}
		return v, err
	}
}

// followersOnDays is every account's followers at the end of each of days, read in
// one statement (DB.FollowersOnDays), served as a followersOn; another day is asked
// of the database on its own, once.
func (a *Analyzer) followersOnDays(ctx context.Context, days []time.Time, f Filter) (followersOn, error) {
	got, err := a.DB.FollowersOnDays(ctx, days, f)
	if err != nil {
		return nil, err
	}
	known := make(map[time.Time][]queries.AccountFollowers, len(days))
	for i, d := range days {
		known[d] = got[i]
	}
	return onceADay(a.DB.FollowersOn, known), nil
}

func (a *Analyzer) followers(ctx context.Context, p Period, f Filter, on followersOn) ([]Followers, error) {
	changes, err := a.DB.FollowerChanges(ctx, p.From, p.To, f)
	if err != nil {
		return nil, err
	}
	return followersWith(ctx, p, f, on, changes)
}

// followersWith is followers, given the period's changes.
func followersWith(ctx context.Context, p Period, f Filter, on followersOn, changes []queries.FollowerChange) ([]Followers, error) {
	end, err := on(ctx, p.To, f)
	if err != nil {
		return nil, err
	}
	start, err := on(ctx, p.From.AddDate(0, 0, -1), f)
	if err != nil {
		return nil, err
	}
	return FollowerFigures(start, end, changes), nil
}

// FollowerFigures combines each account's followers at the start and end of a period
// and its reported changes in it into per-platform figures, then "all".
func FollowerFigures(start, end []queries.AccountFollowers, changes []queries.FollowerChange) []Followers {
	type acc struct {
		platform         string
		start, end       *float64
		gained, lost, ch *float64
	}
	accounts := map[string]*acc{}
	var order []string
	get := func(platform, handle string) *acc {
		k := platform + ":" + handle
		if a, ok := accounts[k]; ok {
			return a
		}
		a := &acc{platform: platform}
		accounts[k] = a
		order = append(order, k)
		return a
	}
	for _, s := range start {
		get(s.Platform, s.Handle).start = s.Total
	}
	for _, e := range end {
		get(e.Platform, e.Handle).end = e.Total
	}
	for _, c := range changes {
		a := get(c.Platform, c.Handle)
		a.gained, a.lost, a.ch = c.Gained, c.Lost, c.Net
	}

	type sums struct {
		Followers
		netOfKnownStart *float64
	}
	by := map[string]*sums{}
	var platforms []string
	all := &sums{Followers: Followers{Platform: "all"}}
	for _, k := range order {
		a := accounts[k]
		s, ok := by[a.platform]
		if !ok {
			s = &sums{Followers: Followers{Platform: a.platform}}
			by[a.platform] = s
			platforms = append(platforms, a.platform)
		}
		net := a.ch
		if a.start != nil && a.end != nil {
			net = fp(*a.end - *a.start)
		}
		for _, t := range []*sums{s, all} {
			addTo(&t.Followers.Followers, a.end)
			addTo(&t.Gained, a.gained)
			addTo(&t.Lost, a.lost)
			addTo(&t.Net, net)
			if a.start != nil {
				addTo(&t.Start, a.start)
				addTo(&t.netOfKnownStart, net)
			}
		}
	}
	sort.Strings(platforms)
	out := []Followers{}
	for _, p := range append(platforms, "all") {
		s := all
		if p != "all" {
			s = by[p]
		}
		s.GrowthRate = ratio(s.netOfKnownStart, s.Start)
		out = append(out, s.Followers)
	}
	return out
}

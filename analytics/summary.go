package analytics

import (
	"context"
	"fmt"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"pulse/queries"
)

// SummarySchema names the version of the summary JSON document. A change that
// removes or renames a field changes it; added fields do not.
const SummarySchema = "pulse.summary/1"

// TopPostsInSummary is how many top posts a summary lists.
const TopPostsInSummary = 5

// KPI is one headline figure of a period with its two comparisons.
type KPI struct {
	Key        string     `json:"key"`        // a Key* constant; its definition is Definitions[Key]
	Label      string     `json:"label"`      // "Reach"
	Basis      string     `json:"basis"`      // what was counted: "sum of daily reach", "ER by reach", …
	Unit       Unit       `json:"unit"`       // "count" or "ratio"
	Definition string     `json:"definition"` // Definitions[Key], verbatim
	Value      *float64   `json:"value"`      // nil: not reported
	Previous   Comparison `json:"previous"`
	YearAgo    Comparison `json:"year_ago"`
}

// Text renders the KPI's value.
func (k KPI) Text() string { return Text(k.Value, k.Unit) }

// figures are the raw figures of one period, from which its KPIs come.
type figures struct {
	posts     []Post
	daily     map[string]*float64 // metric -> sum over platforms; absent: not reported
	changes   []queries.FollowerChange
	followers []Followers // from changes and the followers at the period's ends
}

// figures reads the figures of period p but its followers, which come from the
// followers on its first and last days (read for all periods at once) and its
// changes. Only the period itself shows its posts (top posts); a comparison period
// counts and rates them, which their figures alone do (PostFigures).
func (a *Analyzer) figures(ctx context.Context, p Period, f Filter, comparison bool) (figures, error) {
	var fg figures
	var err error
	read := a.Posts
	if comparison {
		read = a.PostFigures
	}
	if fg.posts, err = read(ctx, p, f); err != nil {
		return fg, err
	}
	sums, err := a.DB.DailySums(ctx, p.From, p.To, f)
	if err != nil {
		return fg, err
	}
	fg.daily = map[string]*float64{}
	for _, s := range sums {
		v := fg.daily[s.Metric]
		addTo(&v, fp(s.Total))
		fg.daily[s.Metric] = v
	}
	if fg.changes, err = a.DB.FollowerChanges(ctx, p.From, p.To, f); err != nil {
		return fg, err
	}
	return fg, nil
}

func (fg figures) all() Followers {
	for _, f := range fg.followers {
		if f.Platform == "all" {
			return f
		}
	}
	return Followers{Platform: "all"}
}

// kpiSpec says how one KPI is read from a period's figures.
type kpiSpec struct {
	key, label string
	unit       Unit
	value      func(figures) *float64
	basis      func(figures) string
}

func dailySum(metric string) func(figures) *float64 {
	return func(fg figures) *float64 { return fg.daily[metric] }
}

func fixed(s string) func(figures) string { return func(figures) string { return s } }

// kpiSpecs lists the summary's KPIs in the order they are shown.
var kpiSpecs = []kpiSpec{
	{KeyReach, "Reach", UnitCount, dailySum(queries.MetricReach), fixed(LabelDailyReach)},
	{KeyViews, "Views", UnitCount, dailySum(queries.MetricViews), fixed("sum of daily views")},
	{KeyInteractions, "Interactions", UnitCount, func(fg figures) *float64 { return sumInteractions(fg.posts) },
		fixed("sum over posts published in the period")},
	{KeyEngagementRate, "Engagement rate", UnitRatio, func(fg figures) *float64 { return SetER(fg.posts).Value },
		func(fg figures) string { return SetER(fg.posts).Label }},
	{KeyFollowers, "Followers", UnitCount, func(fg figures) *float64 { return fg.all().Followers },
		fixed("at the end of the period, all platforms")},
	{KeyNetFollowers, "Net new followers", UnitCount, func(fg figures) *float64 { return fg.all().Net },
		fixed("end of period - start of period")},
	{KeyPosts, "Posts", UnitCount, func(fg figures) *float64 { return fp(float64(len(fg.posts))) },
		fixed("published in the period")},
	{KeyProfileVisits, "Profile visits", UnitCount, dailySum(queries.MetricProfileVisits), fixed("sum of daily profile visits")},
	{KeyClicks, "Clicks", UnitCount, dailySum(queries.MetricClicks), fixed("sum of daily clicks")},
	{KeyLinkClicks, "Link clicks", UnitCount, dailySum(queries.MetricLinkClicks), fixed("sum of daily link clicks")},
}

// kpis sets the figures of a period against those of its two comparisons; a nil
// comparison was not read and leaves its comparisons blank.
func kpis(cur figures, prev, yago *figures) []KPI {
	out := make([]KPI, 0, len(kpiSpecs))
	for _, s := range kpiSpecs {
		v := s.value(cur)
		k := KPI{Key: s.key, Label: s.label, Basis: s.basis(cur), Unit: s.unit, Definition: Definitions[s.key], Value: v}
		if prev != nil {
			k.Previous = Compare(v, s.value(*prev))
		}
		if yago != nil {
			k.YearAgo = Compare(v, s.value(*yago))
		}
		out = append(out, k)
	}
	return out
}

// PracticeInfo is the practice as documents name it.
type PracticeInfo struct {
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
	MinReach int    `json:"min_reach"`
}

// FilterInfo is the filter as documents show it.
type FilterInfo struct {
	Platforms []string `json:"platforms"`
	Accounts  []string `json:"accounts"`
}

// Summary is the overview of one period: its KPIs against the previous period and
// the same period a year earlier, its top posts and its followers per platform.
// Its JSON form is the document `pulse summary --json` prints and the dashboard's
// API serves.
type Summary struct {
	Schema      string            `json:"schema"`
	Practice    PracticeInfo      `json:"practice"`
	Period      Period            `json:"period"`
	Previous    Period            `json:"previous_period"`
	YearAgo     Period            `json:"year_ago_period"`
	Filter      FilterInfo        `json:"filter"`
	KPIs        []KPI             `json:"kpis"`
	TopPosts    []Post            `json:"top_posts"`
	Followers   []Followers       `json:"followers"`
	Definitions map[string]string `json:"definitions"`
}

// KPI returns the KPI with key, or a zero KPI.
func (s Summary) KPI(key string) KPI {
	for _, k := range s.KPIs {
		if k.Key == key {
			return k
		}
	}
	return KPI{Key: key}
}

// Summary computes the overview of period p against the period of the same length
// before it and the same days a year earlier.
func (a *Analyzer) Summary(ctx context.Context, p Period, f Filter) (Summary, error) {
	return a.SummaryAgainst(ctx, p, p.Previous(), p.YearAgo(), f)
}

// SummaryAgainst computes the overview of period p against the comparison periods
// given: a monthly report sets a month against the calendar month before it. A
// comparison period listed in unread is not read, and the comparisons with it are
// blank: a shared report reads nothing outside the days shared.
func (a *Analyzer) SummaryAgainst(ctx context.Context, p, previous, yearAgo Period, f Filter, unread ...Period) (Summary, error) {
	if err := a.CheckFilter(ctx, f); err != nil {
		return Summary{}, err
	}
	s := Summary{
		Schema:      SummarySchema,
		Practice:    PracticeInfo{Name: a.Practice.Name, TimeZone: a.Practice.TimeZone, MinReach: a.Practice.MinReach},
		Period:      p,
		Previous:    previous,
		YearAgo:     yearAgo,
		Filter:      FilterInfo{Platforms: nonNil(f.Platforms), Accounts: nonNil(f.Accounts)},
		Definitions: Definitions,
	}
	// The periods read, in order; one left unread is the zero Period.
	var read []Period
	for i, q := range []Period{s.Period, s.Previous, s.YearAgo} {
		if i > 0 && slices.ContainsFunc(unread, func(u Period) bool { return u.From.Equal(q.From) && u.To.Equal(q.To) }) {
			read = append(read, Period{})
			continue
		}
		read = append(read, q)
	}
	// The followers at each period's start and end are read together (the period's
	// start is the end of the period before). That statement and each period's
	// figures need no other's answer, so they run at once, each on its own
	// connection of the pool: one statement rarely keeps both of DuckDB's threads
	// busy, and taking one's rows into Go overlaps another's work in DuckDB.
	var days []time.Time
	for _, q := range read {
		if !q.From.IsZero() {
			days = append(days, q.To, q.From.AddDate(0, 0, -1))
		}
	}
	var on followersOn
	var fg [3]*figures
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		if on, err = a.followersOnDays(gctx, days, f); err != nil {
			return fmt.Errorf("followers: %w", err)
		}
		return nil
	})
	for i, q := range read {
		if q.From.IsZero() {
			continue
		}
		fg[i] = &figures{}
		g.Go(func() (err error) {
			if *fg[i], err = a.figures(gctx, q, f, i > 0); err != nil {
				return fmt.Errorf("figures of %s: %w", q, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return s, err
	}
	for i, q := range read {
		if fg[i] == nil {
			continue
		}
		var err error
		if fg[i].followers, err = followersWith(ctx, q, f, on, fg[i].changes); err != nil {
			return s, fmt.Errorf("followers of %s: %w", q, err)
		}
	}
	s.KPIs = kpis(*fg[0], fg[1], fg[2])
	s.TopPosts = nonNil(RankByER(fg[0].posts, a.Practice.MinReach, TopPostsInSummary))
	s.Followers = fg[0].followers
	return s, nil
}

package analytics

import (
	"context"
	"fmt"
	"sort"
	"time"

	"golang.org/x/sync/errgroup"

	"pulse/queries"
)

// TimeseriesSchema names the version of the timeseries JSON document. A change that
// removes or renames a field changes it; added fields do not.
const TimeseriesSchema = "pulse.timeseries/1"

// PlatformSeries is one platform's values, aligned with DailySeries.Days (or WeeklySeries.Weeks).
type PlatformSeries struct {
	Platform string     `json:"platform"`
	Values   []*float64 `json:"values"` // nil: not reported that day
}

// DailySeries is one metric per day per platform over a period.
type DailySeries struct {
	Metric    string           `json:"metric"`
	Days      []string         `json:"days"`      // YYYY-MM-DD, every day of the period, in order
	Platforms []PlatformSeries `json:"platforms"` // alphabetical; only platforms (kept by the filter) with at least one reported value
}

// WeeklySeries is a per-ISO-week figure.
type WeeklySeries struct {
	Metric    string           `json:"metric"`
	Weeks     []string         `json:"weeks"`     // the Monday of each ISO week overlapping the period, YYYY-MM-DD
	Platforms []PlatformSeries `json:"platforms"` // per platform, then one entry "all"
	Posts     []int            `json:"posts"`     // posts counted per week, all platforms
}

// Timeseries is the document of the dashboard's /api/v1/timeseries
// (Definitions[KeyTimeseries]).
type Timeseries struct {
	Schema    string       `json:"schema"` // TimeseriesSchema
	Period    Period       `json:"period"`
	Filter    FilterInfo   `json:"filter"`
	Reach     DailySeries  `json:"reach"`
	Views     DailySeries  `json:"views"`
	Followers DailySeries  `json:"followers"`
	Gained    DailySeries  `json:"gained"`
	Lost      DailySeries  `json:"lost"`
	ER        WeeklySeries `json:"engagement_rate"`
}

// Timeseries computes the charts of period p.
func (a *Analyzer) Timeseries(ctx context.Context, p Period, f Filter) (Timeseries, error) {
	ts := Timeseries{
		Schema: TimeseriesSchema,
		Period: p,
		Filter: FilterInfo{Platforms: nonNil(f.Platforms), Accounts: nonNil(f.Accounts)},
	}
	if err := a.CheckFilter(ctx, f); err != nil {
		return ts, err
	}
	// The six statements need no other's answer, so they run at once, each on its
	// own connection of the pool, as a summary's do: one statement rarely keeps both
	// of DuckDB's threads busy, and taking one's rows into Go overlaps another's
	// work. The slowest two (the followers' days, the weeks' posts) start first.
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { ts.Followers, err = a.FollowerSeries(gctx, p, f); return err })
	g.Go(func() (err error) { ts.ER, err = a.ERSeries(gctx, p, f); return err })
	g.Go(func() (err error) { ts.Reach, err = a.DailySeries(gctx, p, f, queries.MetricReach); return err })
	g.Go(func() (err error) { ts.Views, err = a.DailySeries(gctx, p, f, queries.MetricViews); return err })
	g.Go(func() (err error) { ts.Gained, err = a.DailySeries(gctx, p, f, queries.MetricNewFollowers); return err })
	g.Go(func() (err error) { ts.Lost, err = a.DailySeries(gctx, p, f, queries.MetricUnfollows); return err })
	return ts, g.Wait()
}

// DailySeries gives the daily metric (a queries.Metric* name) per platform and day:
// the sum over the platform's accounts that reported it that day; nil where none did.
func (a *Analyzer) DailySeries(ctx context.Context, p Period, f Filter, metric string) (DailySeries, error) {
	rows, err := a.DB.DailyValues(ctx, metric, p.From, p.To, f)
	if err != nil {
		return DailySeries{}, fmt.Errorf("%s per day of %s: %w", metric, p, err)
	}
	s := newSeries(metric, p)
	for _, r := range rows {
		s.add(r.Platform, r.Day, r.Value)
	}
	return s.series(), nil
}

// FollowerSeries gives the followers at the end of each day per platform
// (Definitions[KeyFollowers], the rule of FollowersOn), summed over the platform's
// accounts with a known figure that day; nil where none has one.
func (a *Analyzer) FollowerSeries(ctx context.Context, p Period, f Filter) (DailySeries, error) {
	rows, err := a.DB.FollowersDaily(ctx, p.From, p.To, f)
	if err != nil {
		return DailySeries{}, fmt.Errorf("followers per day of %s: %w", p, err)
	}
	s := newSeries(KeyFollowers, p)
	for _, r := range rows {
		s.add(r.Platform, r.Day, r.Total)
	}
	return s.series(), nil
}

// GainedLostSeries gives the reported new followers and unfollows per day and platform.
func (a *Analyzer) GainedLostSeries(ctx context.Context, p Period, f Filter) (gained, lost DailySeries, err error) {
	if gained, err = a.DailySeries(ctx, p, f, queries.MetricNewFollowers); err != nil {
		return gained, lost, err
	}
	lost, err = a.DailySeries(ctx, p, f, queries.MetricUnfollows)
	return gained, lost, err
}

// ERSeries gives the ER of the posts published in each ISO week of the period (see
// WeeklyER). A week's ER needs the posts' figures and platforms, not their words.
func (a *Analyzer) ERSeries(ctx context.Context, p Period, f Filter) (WeeklySeries, error) {
	posts, err := a.PostFigures(ctx, p, f)
	if err != nil {
		return WeeklySeries{}, fmt.Errorf("engagement rate per week of %s: %w", p, err)
	}
	return WeeklyER(posts, p), nil
}

// WeeklyER groups the posts published in period p by the ISO week of their publish
// day (practice time zone) and gives each week's ER as SetER does (a ratio of sums),
// per platform and then "all"; nil where no post of the week reports both parts or
// the bases sum to 0. The first and last weeks hold only the posts published inside
// the period. A platform is listed when it has an ER in at least one week; "all" always.
func WeeklyER(posts []Post, p Period) WeeklySeries {
	first := ISOWeek(p.From).From
	ws := WeeklySeries{Metric: KeyEngagementRate, Weeks: []string{}, Platforms: []PlatformSeries{}}
	for w := first; !w.After(p.To); w = w.AddDate(0, 0, 7) {
		ws.Weeks = append(ws.Weeks, w.Format(time.DateOnly))
	}
	n := len(ws.Weeks)
	ws.Posts = make([]int, n)
	all := make([][]Post, n)
	byPlatform := map[string][][]Post{}
	for _, post := range posts {
		d := post.Day()
		if !p.Contains(d) {
			continue
		}
		k := int(ISOWeek(d).From.Sub(first).Hours()) / (24 * 7)
		ws.Posts[k]++
		all[k] = append(all[k], post)
		if byPlatform[post.Platform] == nil {
			byPlatform[post.Platform] = make([][]Post, n)
		}
		byPlatform[post.Platform][k] = append(byPlatform[post.Platform][k], post)
	}
	rates := func(weeks [][]Post) ([]*float64, bool) {
		vs := make([]*float64, n)
		reported := false
		for k, ps := range weeks {
			if vs[k] = SetER(ps).Value; vs[k] != nil {
				reported = true
			}
		}
		return vs, reported
	}
	var names []string
	for name := range byPlatform {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if vs, ok := rates(byPlatform[name]); ok {
			ws.Platforms = append(ws.Platforms, PlatformSeries{Platform: name, Values: vs})
		}
	}
	vs, _ := rates(all)
	ws.Platforms = append(ws.Platforms, PlatformSeries{Platform: "all", Values: vs})
	return ws
}

// seriesBuilder sums values into a DailySeries, day by day and platform by platform.
type seriesBuilder struct {
	s     DailySeries
	from  time.Time
	by    map[string][]*float64
	names []string
}

func newSeries(metric string, p Period) *seriesBuilder {
	b := &seriesBuilder{s: DailySeries{Metric: metric, Days: []string{}, Platforms: []PlatformSeries{}}, from: p.From, by: map[string][]*float64{}}
	for d := p.From; !d.After(p.To); d = d.AddDate(0, 0, 1) {
		b.s.Days = append(b.s.Days, d.Format(time.DateOnly))
	}
	return b
}

// add adds v to the platform's value of day; days outside the period are ignored.
func (b *seriesBuilder) add(platform string, day time.Time, v float64) {
	k := int(DayOf(day).Sub(b.from).Hours()) / 24
	if k < 0 || k >= len(b.s.Days) {
		return
	}
	vs, ok := b.by[platform]
	if !ok {
		vs = make([]*float64, len(b.s.Days))
		b.by[platform] = vs
		b.names = append(b.names, platform)
	}
	addTo(&vs[k], &v)
}

func (b *seriesBuilder) series() DailySeries {
	sort.Strings(b.names)
	for _, name := range b.names {
		b.s.Platforms = append(b.s.Platforms, PlatformSeries{Platform: name, Values: b.by[name]})
	}
	return b.s
}

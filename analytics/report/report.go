// Package report writes the practice's XLSX report for a calendar month or any range
// of days, keeps the written workbooks in one folder with a record of every run, and
// runs the monthly schedule. The workbook is the practice's record: it must read
// well in Excel, LibreOffice and Google Sheets without pulse, so every figure comes
// with its definition and every blank says what it means.
package report

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"pulse/analytics"
	"pulse/queries"
)

// ErrInvalid marks a request that cannot be written as asked: a bad month, a range
// the wrong way round, an unknown platform. Its message says what was expected.
var ErrInvalid = errors.New("invalid report request")

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrInvalid)
}

// TopContentRows is how many posts the Top content sheet ranks.
const TopContentRows = 20

// maxRangeDays bounds a report's range: ten years is more than any export covers.
const maxRangeDays = 3660

// Request says what one report covers.
type Request struct {
	Period    analytics.Period
	Month     string   // "2026-10" when Period is exactly that calendar month, else ""
	Platforms []string // lower-case platform names; empty for all
	// Scope, when set (a share link's days), is all the report may read: comparisons
	// outside it stay blank, best times cover the period alone, and a campaign's lift
	// shows only when its window and the weeks before it lie inside.
	Scope *analytics.Period
}

// inScope tells whether the report may read the days of p.
func (r Request) inScope(p analytics.Period) bool {
	return r.Scope == nil || (!p.From.Before(r.Scope.From) && !p.To.After(r.Scope.To))
}

var monthRE = regexp.MustCompile(`^\d{4}-\d{2}$`)

// MonthRequest is the report of one calendar month, "YYYY-MM".
func MonthRequest(month string, platforms []string) (Request, error) {
	t, err := time.Parse("2006-01", month)
	if err != nil || !monthRE.MatchString(month) {
		return Request{}, invalidf("month %q: expected YYYY-MM, like 2026-10", month)
	}
	p := analytics.Period{From: t, To: t.AddDate(0, 1, -1)}
	return newRequest(p, platforms)
}

// RangeRequest is the report of the days from..to (YYYY-MM-DD, inclusive).
func RangeRequest(from, to string, platforms []string) (Request, error) {
	f, err := analytics.ParseDay(from)
	if err != nil {
		return Request{}, invalidf("from %q: expected a date like 2026-10-01", from)
	}
	t, err := analytics.ParseDay(to)
	if err != nil {
		return Request{}, invalidf("to %q: expected a date like 2026-10-31", to)
	}
	if t.Before(f) {
		return Request{}, invalidf("the range ends (%s) before it starts (%s)", to, from)
	}
	return newRequest(analytics.Period{From: f, To: t}, platforms)
}

// MonthOf is the calendar month containing day, as a Request over all platforms.
func MonthOf(day time.Time) Request {
	r, _ := MonthRequest(day.Format("2006-01"), nil)
	return r
}

func newRequest(p analytics.Period, platforms []string) (Request, error) {
	if p.Days() > maxRangeDays {
		return Request{}, invalidf("the range is %d days long; a report covers at most %d", p.Days(), maxRangeDays)
	}
	f, err := analytics.ParseFilter(platforms, nil)
	if err != nil {
		return Request{}, invalidf("%s", err)
	}
	slices.Sort(f.Platforms)
	r := Request{Period: p, Platforms: slices.Compact(f.Platforms)}
	if p.From.Day() == 1 && p.To.Equal(p.From.AddDate(0, 1, -1)) {
		r.Month = p.From.Format("2006-01")
	}
	return r, nil
}

// FileName is the workbook's name in the reports folder: pulse-2026-10.xlsx for a
// month, pulse-2026-10-01_2026-10-15.xlsx for a range, with the platforms appended
// when the report keeps only some.
func (r Request) FileName() string {
	name := "pulse-" + r.Month
	if r.Month == "" {
		name = "pulse-" + r.Period.From.Format(time.DateOnly) + "_" + r.Period.To.Format(time.DateOnly)
	}
	for _, p := range r.Platforms {
		name += "-" + p
	}
	return name + ".xlsx"
}

// Title names what the report covers: "October 2026" or "1 Oct 2026 – 15 Oct 2026".
func (r Request) Title() string {
	if r.Month != "" {
		return r.Period.From.Format("January 2006")
	}
	return r.Period.From.Format("2 Jan 2006") + " – " + r.Period.To.Format("2 Jan 2006")
}

// PlatformsText is the filter in words.
func (r Request) PlatformsText() string {
	if len(r.Platforms) == 0 {
		return "All platforms"
	}
	names := make([]string, len(r.Platforms))
	for i, p := range r.Platforms {
		names[i] = analytics.PlatformName(p)
	}
	return strings.Join(names, ", ")
}

// comparisons are the periods the report sets its figures against: for a month, the
// calendar month before and the same month a year earlier; for a range, the same
// number of days before it and the same days a year earlier.
func (r Request) comparisons() (previous, yearAgo analytics.Period) {
	p := r.Period
	if r.Month == "" {
		return p.Previous(), p.YearAgo()
	}
	prev := p.From.AddDate(0, -1, 0)
	year := p.From.AddDate(-1, 0, 0)
	return analytics.Period{From: prev, To: p.From.AddDate(0, 0, -1)}, analytics.Period{From: year, To: year.AddDate(0, 1, -1)}
}

func (r Request) filter() analytics.Filter {
	return analytics.Filter{Platforms: append([]string{}, r.Platforms...), Accounts: []string{}}
}

// contents is everything one workbook shows, gathered before a cell is written.
type contents struct {
	req       Request
	practice  analytics.Practice
	generated time.Time // in the practice's time zone
	summary   analytics.Summary
	fresh     []analytics.Freshness
	reach     analytics.DailySeries
	views     analytics.DailySeries
	followers analytics.DailySeries
	gained    analytics.DailySeries
	lost      analytics.DailySeries
	posts     []analytics.Post
	top       []analytics.Post
	types     []analytics.ContentType
	cadence   []analytics.Cadence
	best      analytics.BestTimes
	// prevHidden and yearAgoHidden: that comparison lies outside the request's scope.
	prevHidden, yearAgoHidden bool
	bestOver                  analytics.Period // the days best times are read over
	calendar                  []analytics.CalendarEntry
	lifts                     []*analytics.Lift // per calendar entry; nil for notes
	sources                   []source
}

// source is one account's exports of one format, as the Definitions sheet lists them.
type source struct {
	account, format string
	files           int
	newest          time.Time // the latest as-of day
}

// sources groups the import history by account and format: a year of weekly exports
// is one line, not fifty-two.
func sources(imports []queries.Import, platforms []string) []source {
	var out []source
	at := map[[2]string]int{}
	for _, im := range imports {
		if len(platforms) > 0 && !slices.Contains(platforms, im.Platform) {
			continue
		}
		k := [2]string{im.Account, im.Format}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, source{account: im.Account, format: im.Format})
		}
		out[i].files++
		if im.AsOf.After(out[i].newest) {
			out[i].newest = im.AsOf
		}
	}
	slices.SortFunc(out, func(a, b source) int {
		return strings.Compare(a.account+"\x00"+a.format, b.account+"\x00"+b.format)
	})
	return out
}

// gather asks analytics for every figure of the report. As soon as the period's own
// posts are read, and what is ranked and counted from them alone (c.posts, c.top,
// c.types, c.cadence), it hands c to early, on a goroutine of its own, while the
// other statements still run: the sheets of those posts are most of the workbook's
// cells, and writing them meanwhile keeps the second core busy. early may read
// only those fields, with c.req, c.practice and c.generated; gather returns when
// it is done.
func gather(ctx context.Context, an *analytics.Analyzer, req Request, now time.Time, early func(*contents) error) (*contents, error) {
	f := req.filter()
	if err := an.CheckFilter(ctx, f); err != nil {
		return nil, invalidf("%s", err)
	}
	p := req.Period
	c := &contents{req: req, practice: an.Practice, generated: now.In(an.Practice.Location)}
	var err error
	prev, yago := req.comparisons()
	c.prevHidden, c.yearAgoHidden = !req.inScope(prev), !req.inScope(yago)
	if c.calendar, err = an.Calendar(ctx, p); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	// One month rarely has three posts in any weekday-hour slot, so best times are
	// read over the year up to the period's end (or the period, when it is longer).
	c.bestOver = p
	if year := (analytics.Period{From: p.To.AddDate(-1, 0, 1), To: p.To}); year.From.Before(p.From) && req.inScope(year) {
		c.bestOver = year
	}
	// The days of each campaign lift: its window and the weeks before it.
	lifts := make([]*analytics.Period, len(c.calendar))
	for i, e := range c.calendar {
		if span := (analytics.Period{From: e.From.AddDate(0, 0, -analytics.BaselineDays), To: e.To}); e.Kind == analytics.KindAwareness && req.inScope(span) {
			lifts[i] = &span
		}
	}
	// The period's posts are read whole, once; every other period above only
	// counts and rates its posts, and reads their figures from one read of the days
	// they cover together (a month's report: the thirteen months from the same month
	// a year earlier), cut in Go, rather than from a query each. A comparison
	// outside the scope is not read at all.
	var need, unread []analytics.Period
	if c.bestOver != p {
		need = append(need, c.bestOver)
	}
	for _, cmp := range []struct {
		p      analytics.Period
		hidden bool
	}{{prev, c.prevHidden}, {yago, c.yearAgoHidden}} {
		if cmp.hidden {
			unread = append(unread, cmp.p)
		} else {
			need = append(need, cmp.p)
		}
	}
	for _, l := range lifts {
		if l != nil {
			need = append(need, *l)
		}
	}
	// The statements below that do not need each other's answers run at once, each
	// on its own connection of the pool (DuckDB serves many connections of one
	// database in one process): a report is mostly waiting on DuckDB, one statement
	// at a time rarely keeps both its threads busy, and taking one statement's rows
	// into Go overlaps another's work in DuckDB.
	var whole *analytics.PostSpan
	spans := make([]*analytics.PostSpan, len(joined(need)))
	var fresh []analytics.Freshness
	var imports []queries.Import
	var reads, series errgroup.Group
	reads.Go(func() (err error) {
		if whole, err = an.PostSpan(ctx, p, f); err != nil {
			return fmt.Errorf("posts: %w", err)
		}
		if c.posts, err = an.WithPosts(whole).Posts(ctx, p, f); err != nil {
			return fmt.Errorf("posts: %w", err)
		}
		c.top = analytics.RankByER(c.posts, an.Practice.MinReach, TopContentRows)
		c.types = analytics.ContentTypes(c.posts)
		c.cadence = analytics.Cadences(c.posts, p)
		return early(c)
	})
	for i, days := range joined(need) {
		reads.Go(func() (err error) {
			if spans[i], err = an.FiguresSpan(ctx, days, f); err != nil {
				return fmt.Errorf("posts of %s: %w", days, err)
			}
			return nil
		})
	}
	series.Go(func() (err error) {
		if fresh, err = an.Freshness(ctx, analytics.DayOf(c.generated)); err != nil {
			return fmt.Errorf("freshness: %w", err)
		}
		if c.reach, err = an.DailySeries(ctx, p, f, queries.MetricReach); err != nil {
			return err
		}
		c.views, err = an.DailySeries(ctx, p, f, queries.MetricViews)
		return err
	})
	series.Go(func() (err error) {
		if c.followers, err = an.FollowerSeries(ctx, p, f); err != nil {
			return err
		}
		if c.gained, c.lost, err = an.GainedLostSeries(ctx, p, f); err != nil {
			return err
		}
		imports, err = an.DB.Imports(ctx)
		return err
	})
	err = reads.Wait()
	if err == nil {
		err = c.fromPosts(ctx, an.WithPosts(append([]*analytics.PostSpan{whole}, spans...)...), f, prev, yago, unread, lifts)
	}
	if serr := series.Wait(); err == nil {
		err = serr
	}
	if err != nil {
		return nil, err
	}
	for _, fr := range fresh {
		if len(req.Platforms) == 0 || slices.Contains(req.Platforms, fr.Platform) {
			c.fresh = append(c.fresh, fr)
		}
	}
	c.sources = sources(imports, req.Platforms)
	return c, nil
}

// fromPosts gathers what the posts read into an (WithPosts) give besides the
// period's own posts: the summary, best times and the campaigns' lifts.
func (c *contents) fromPosts(ctx context.Context, an *analytics.Analyzer, f analytics.Filter, prev, yago analytics.Period,
	unread []analytics.Period, lifts []*analytics.Period) (err error) {
	p := c.req.Period
	if c.summary, err = an.SummaryAgainst(ctx, p, prev, yago, f, unread...); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	bestPosts, err := an.PostFigures(ctx, c.bestOver, f)
	if err != nil {
		return fmt.Errorf("posts of the year: %w", err)
	}
	c.best = analytics.BestTime(bestPosts)
	c.lifts = make([]*analytics.Lift, len(c.calendar))
	for i, e := range c.calendar {
		if lifts[i] == nil {
			continue
		}
		lift, err := an.CampaignLift(ctx, analytics.Period{From: e.From, To: e.To}, f)
		if err != nil {
			return fmt.Errorf("lift of %s: %w", e.Title, err)
		}
		c.lifts[i] = &lift
	}
	return nil
}

// joined is the least set of spans of days covering ps: periods that overlap or
// follow each other with no day between them are one span.
func joined(ps []analytics.Period) []analytics.Period {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b analytics.Period) int { return a.From.Compare(b.From) })
	var out []analytics.Period
	for _, p := range ps {
		if n := len(out); n > 0 && !p.From.After(out[n-1].To.AddDate(0, 0, 1)) {
			if p.To.After(out[n-1].To) {
				out[n-1].To = p.To
			}
			continue
		}
		out = append(out, p)
	}
	return out
}

package analytics

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"pulse/queries"
)

// Post is a published post with its latest metrics and the figures derived from them.
type Post struct {
	Rank           int       `json:"rank,omitempty"` // place in a ranking, from 1
	Platform       string    `json:"platform"`
	Handle         string    `json:"handle"`
	PostID         string    `json:"post_id"`
	PublishedAt    time.Time `json:"published_at"`    // UTC
	PublishedLocal time.Time `json:"published_local"` // the same instant in the practice's time zone
	TimeKnown      bool      `json:"time_known"`      // false: the export gave only the date (published_local is its midnight)
	ContentType    string    `json:"content_type"`
	Caption        string    `json:"caption"`
	Permalink      string    `json:"permalink"`
	Labels         []string  `json:"labels"`
	MetricsAsOf    string    `json:"metrics_as_of"` // YYYY-MM-DD of the snapshot used; "" when none

	Views         *int64 `json:"views"`
	Reach         *int64 `json:"reach"`
	Likes         *int64 `json:"likes"`
	Comments      *int64 `json:"comments"`
	Shares        *int64 `json:"shares"`
	Saves         *int64 `json:"saves"`
	Clicks        *int64 `json:"clicks"`
	ProfileVisits *int64 `json:"profile_visits"`
	Follows       *int64 `json:"follows"`

	Interactions *int64   `json:"interactions"` // see Definitions[KeyInteractions]
	ERBasis      string   `json:"er_basis"`     // "reach", "views", or "" when neither is reported
	ERLabel      string   `json:"er_label"`     // "ER by reach", "ER by views", or ""
	ER           *float64 `json:"er"`           // a fraction; see Definitions[KeyPostER]
}

// Day is the post's publish day in the practice's time zone.
func (p Post) Day() time.Time { return DayOf(p.PublishedLocal) }

// PostReach is the base of the post's ER: its reach, or its views where it has no
// reach (Definitions[KeyPostReach]).
func (p Post) PostReach() *int64 {
	if p.Reach != nil {
		return p.Reach
	}
	return p.Views
}

// Interactions adds a post's likes, comments, shares and saves. Missing components
// count as 0 only when at least one is reported; with none reported the result is
// nil (Definitions[KeyInteractions]).
func Interactions(m queries.Metrics) *int64 {
	var sum int64
	reported := false
	for _, v := range []*int64{m.Likes, m.Comments, m.Shares, m.Saves} {
		if v != nil {
			sum += *v
			reported = true
		}
	}
	if !reported {
		return nil
	}
	return &sum
}

// PostER is a post's engagement rate and its basis (Definitions[KeyPostER]).
func PostER(m queries.Metrics) (er *float64, basis string) {
	base := m.Reach
	basis = "reach"
	if base == nil {
		base, basis = m.Views, "views"
	}
	if base == nil {
		return nil, ""
	}
	in := Interactions(m)
	if in == nil || *base == 0 {
		return nil, basis
	}
	v := float64(*in) / float64(*base)
	return &v, basis
}

func erLabel(basis string) string {
	switch basis {
	case "reach":
		return LabelERByReach
	case "views":
		return LabelERByViews
	case "mixed":
		return LabelERMixed
	}
	return ""
}

// NewPost derives a Post from a row of the database.
func NewPost(r queries.PublishedPost) Post {
	m := r.Metrics
	local := r.LocalAt
	offset := int(local.Sub(r.PublishedAt.UTC()) / time.Second)
	p := Post{
		Platform: r.Platform, Handle: r.Handle, PostID: r.PostID,
		PublishedAt:    r.PublishedAt.UTC(),
		PublishedLocal: time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), local.Nanosecond(), time.FixedZone("", offset)),
		TimeKnown:      r.TimeKnown,
		ContentType:    r.ContentType, Caption: r.Caption, Permalink: r.Permalink, Labels: r.Labels,
		Views: m.Views, Reach: m.Reach, Likes: m.Likes, Comments: m.Comments, Shares: m.Shares, Saves: m.Saves,
		Clicks: m.Clicks, ProfileVisits: m.ProfileVisits, Follows: m.Follows,
		Interactions: Interactions(m),
	}
	if p.Labels == nil {
		p.Labels = []string{}
	}
	if r.AsOf != nil {
		p.MetricsAsOf = r.AsOf.Format(time.DateOnly)
	}
	p.ER, p.ERBasis = PostER(m)
	p.ERLabel = erLabel(p.ERBasis)
	return p
}

// Posts lists the posts published in the period (by their publish day in the
// practice's time zone), oldest first. An Analyzer made by WithPosts cuts them from
// a span of whole posts that holds the period, for the same filter, instead of
// asking the database.
func (a *Analyzer) Posts(ctx context.Context, p Period, f Filter) ([]Post, error) {
	for _, s := range a.spans {
		if posts, ok := s.In(p, f); ok && !s.figuresOnly {
			return posts, nil
		}
	}
	return queries.PostsPublished(ctx, a.DB, a.Practice.TimeZone, p.From, p.To, f, NewPost)
}

// PostFigures lists the posts Posts lists, with only what the engagement figures of
// a set of posts read: the platform, publish times, reach, views, interactions and
// ER, so SetER, sumInteractions, BestTime, WeeklyER and a lift's sides come out as
// from Posts. The handle, id, type, caption, link, labels and other metrics are
// empty: the posts are for counting and rating, never for showing. Reading them costs a
// fraction of reading whole posts. An Analyzer made by WithPosts cuts them from any
// span that holds the period, for the same filter.
func (a *Analyzer) PostFigures(ctx context.Context, p Period, f Filter) ([]Post, error) {
	for _, s := range a.spans {
		if posts, ok := s.In(p, f); ok {
			return posts, nil
		}
	}
	return queries.PostFigures(ctx, a.DB, a.Practice.TimeZone, p.From, p.To, f, NewPost)
}

// PostSpan is the posts of a span of days, read once, from which the posts of any
// period inside it are cut. A report touches a month, the month before it, the same
// month a year earlier, the year of best times and each campaign's weeks: one read
// of the days they cover does the work of eight overlapping ones.
type PostSpan struct {
	Period      Period
	Filter      Filter
	figuresOnly bool // read by PostFigures: serves PostFigures, never Posts
	posts       []Post
	days        []int32 // each post's publish day, as days since 1 January 1970
}

// PostSpan reads the whole posts of span once (Posts).
func (a *Analyzer) PostSpan(ctx context.Context, span Period, f Filter) (*PostSpan, error) {
	posts, err := a.Posts(ctx, span, f)
	if err != nil {
		return nil, err
	}
	return newSpan(span, f, posts, false), nil
}

// FiguresSpan reads the posts of span once with only their figures (PostFigures).
// It serves PostFigures, not Posts.
func (a *Analyzer) FiguresSpan(ctx context.Context, span Period, f Filter) (*PostSpan, error) {
	posts, err := a.PostFigures(ctx, span, f)
	if err != nil {
		return nil, err
	}
	return newSpan(span, f, posts, true), nil
}

func newSpan(span Period, f Filter, posts []Post, figuresOnly bool) *PostSpan {
	s := &PostSpan{Period: span, Filter: f, figuresOnly: figuresOnly, posts: posts, days: make([]int32, len(posts))}
	for i, p := range posts {
		s.days[i] = dayNumber(p.Day())
	}
	return s
}

// In is what the span's reading (Posts, or PostFigures) gives for period p and
// filter f, when p lies inside the span and f is the span's filter; ok is false
// otherwise. A post belongs to a period by its publish day in the practice's time
// zone, which is the day the reading counts it on, and its metrics are those of its
// latest snapshot whatever the period: the posts of p are those of the span on p's
// days, in the span's order.
//
// When those posts lie together in the span, as they do unless a date-only post
// sits among posts of another local day, the slice is the span's own (its capacity
// ends with it): read it, do not change it. A report's year of best times is 56,000
// posts; copying them took a tenth of the report.
func (s *PostSpan) In(p Period, f Filter) (posts []Post, ok bool) {
	if p.From.Before(s.Period.From) || p.To.After(s.Period.To) ||
		!slices.Equal(f.Platforms, s.Filter.Platforms) || !slices.Equal(f.Accounts, s.Filter.Accounts) {
		return nil, false
	}
	from, to := dayNumber(p.From), dayNumber(p.To)
	first, last, n := 0, -1, 0
	for i, d := range s.days {
		if d >= from && d <= to {
			if n == 0 {
				first = i
			}
			last = i
			n++
		}
	}
	if last-first+1 == n {
		return s.posts[first : last+1 : last+1], true
	}
	posts = make([]Post, 0, n)
	for i, d := range s.days {
		if d >= from && d <= to {
			posts = append(posts, s.posts[i])
		}
	}
	return posts, true
}

func dayNumber(day time.Time) int32 { return int32(day.Unix() / 86400) }

// WithPosts is a copy of a whose Posts and PostFigures cut the posts of any period
// inside one of spans from it, for the span's filter, rather than reading them
// again. The posts they give may be the span's own (In): its callers read them and
// never change them.
func (a *Analyzer) WithPosts(spans ...*PostSpan) *Analyzer {
	c := *a
	c.spans = append(slices.Clip(a.spans), spans...)
	return &c
}

// Rate is the engagement rate of a set of posts (Definitions[KeyEngagementRate]).
type Rate struct {
	Value        *float64 `json:"value"` // a fraction; nil when no post reports both parts or the bases sum to 0
	Basis        string   `json:"basis"` // "reach", "views", "mixed" or ""
	Label        string   `json:"label"` // "ER by reach", ...
	Posts        int      `json:"posts"` // the posts that went in
	Interactions float64  `json:"interactions"`
	Base         float64  `json:"base"` // the sum of their reach (or views)
}

// SetER is the ratio of sums over the posts reporting both interactions and an ER base.
func SetER(posts []Post) Rate {
	var r Rate
	reach, views := false, false
	for _, p := range posts {
		base := p.PostReach()
		if p.Interactions == nil || base == nil {
			continue
		}
		r.Posts++
		r.Interactions += float64(*p.Interactions)
		r.Base += float64(*base)
		if p.Reach != nil {
			reach = true
		} else {
			views = true
		}
	}
	switch {
	case reach && views:
		r.Basis = "mixed"
	case reach:
		r.Basis = "reach"
	case views:
		r.Basis = "views"
	}
	r.Label = erLabel(r.Basis)
	if r.Base > 0 {
		r.Value = fp(r.Interactions / r.Base)
	}
	return r
}

// sumInteractions adds the interactions of the posts reporting them; nil when none do.
func sumInteractions(posts []Post) *float64 {
	var s *float64
	for _, p := range posts {
		addTo(&s, toFloat(p.Interactions))
	}
	return s
}

// sumPostReach adds the post reach (reach, or views) of the posts reporting it.
func sumPostReach(posts []Post) *float64 {
	var s *float64
	for _, p := range posts {
		addTo(&s, toFloat(p.PostReach()))
	}
	return s
}

// TopContent ranks the posts of a period three ways (Definitions[KeyTopContent]).
type TopContent struct {
	MinReach       int    `json:"min_reach"`
	ByER           []Post `json:"by_er"`
	ByInteractions []Post `json:"by_interactions"`
	ByReach        []Post `json:"by_reach"`
}

// RankByER lists the posts whose post reach is at least minReach and that have an
// ER, best first; ties go to more interactions, then to the earlier post. limit <= 0
// keeps all.
func RankByER(posts []Post, minReach, limit int) []Post {
	return rankPosts(posts, limit, func(p *Post) bool {
		r := p.PostReach()
		return p.ER != nil && r != nil && *r >= int64(minReach)
	}, func(a, b *Post) bool {
		if *a.ER != *b.ER {
			return *a.ER > *b.ER
		}
		if ia, ib := val(a.Interactions), val(b.Interactions); ia != ib {
			return ia > ib
		}
		return earlier(a, b)
	})
}

// RankByInteractions lists the posts reporting interactions, most first.
func RankByInteractions(posts []Post, limit int) []Post {
	return rankBy(posts, limit, func(p *Post) *int64 { return p.Interactions })
}

// RankByReach lists the posts reporting a post reach (reach, or views), most first.
func RankByReach(posts []Post, limit int) []Post {
	return rankBy(posts, limit, (*Post).PostReach)
}

func rankBy(posts []Post, limit int, key func(*Post) *int64) []Post {
	return rankPosts(posts, limit, func(p *Post) bool { return key(p) != nil }, func(a, b *Post) bool {
		if ka, kb := *key(a), *key(b); ka != kb {
			return ka > kb
		}
		return earlier(a, b)
	})
}

// rankPosts is the posts that keep says, in the stable order of less, the first limit
// of them (all when limit <= 0) numbered from 1. A month of an agency holds
// thousands of posts: they are ranked by their place in posts, and only those kept
// are copied.
func rankPosts(posts []Post, limit int, keep func(*Post) bool, less func(a, b *Post) bool) []Post {
	var at []int
	for i := range posts {
		if keep(&posts[i]) {
			at = append(at, i)
		}
	}
	if at == nil {
		return nil
	}
	sort.SliceStable(at, func(i, j int) bool { return less(&posts[at[i]], &posts[at[j]]) })
	if limit > 0 && len(at) > limit {
		at = at[:limit]
	}
	out := make([]Post, len(at))
	for i, k := range at {
		out[i] = posts[k]
	}
	return cut(out, limit)
}

// Top ranks posts all three ways, keeping limit of each.
func Top(posts []Post, minReach, limit int) TopContent {
	return TopContent{
		MinReach:       minReach,
		ByER:           nonNil(RankByER(posts, minReach, limit)),
		ByInteractions: nonNil(RankByInteractions(posts, limit)),
		ByReach:        nonNil(RankByReach(posts, limit)),
	}
}

func val(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

func earlier(a, b *Post) bool {
	if !a.PublishedAt.Equal(b.PublishedAt) {
		return a.PublishedAt.Before(b.PublishedAt)
	}
	if a.Platform != b.Platform {
		return a.Platform < b.Platform
	}
	return a.PostID < b.PostID
}

// cut keeps the first limit posts (all when limit <= 0) and numbers them from 1.
func cut(ps []Post, limit int) []Post {
	if limit > 0 && len(ps) > limit {
		ps = ps[:limit]
	}
	for i := range ps {
		ps[i].Rank = i + 1
	}
	return ps
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ContentType is one content type's share of a period (Definitions[KeyContentTypes]).
type ContentType struct {
	ContentType  string   `json:"content_type"`
	Posts        int      `json:"posts"`
	MedianER     *float64 `json:"median_er"`    // over the posts with an ER
	Interactions *float64 `json:"interactions"` // nil when none of its posts reports any
	PostReach    *float64 `json:"post_reach"`   // sum of post reach (reach, or views)
	ReachShare   *float64 `json:"reach_share"`  // PostReach / the period's post reach, a fraction
}

// ContentTypes groups the posts by content type, most posts first.
func ContentTypes(posts []Post) []ContentType {
	groups := map[string][]Post{}
	for _, p := range posts {
		t := strings.ToLower(strings.TrimSpace(p.ContentType))
		if t == "" {
			t = "other"
		}
		groups[t] = append(groups[t], p)
	}
	total := sumPostReach(posts)
	out := []ContentType{}
	for t, ps := range groups {
		c := ContentType{ContentType: t, Posts: len(ps), MedianER: Median(ers(ps)), Interactions: sumInteractions(ps), PostReach: sumPostReach(ps)}
		c.ReachShare = ratio(c.PostReach, total)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Posts != out[j].Posts {
			return out[i].Posts > out[j].Posts
		}
		return out[i].ContentType < out[j].ContentType
	})
	return out
}

func ers(posts []Post) []float64 {
	var out []float64
	for _, p := range posts {
		if p.ER != nil {
			out = append(out, *p.ER)
		}
	}
	return out
}

// MinPostsPerSlot is how many posts with an ER a time slot needs to count.
const MinPostsPerSlot = 3

// Slot is one day of week and hour of publishing (Definitions[KeyBestTime]).
type Slot struct {
	Weekday  int      `json:"weekday"` // ISO: 1 = Monday … 7 = Sunday
	Day      string   `json:"day"`     // "Monday"
	Hour     int      `json:"hour"`    // 0-23, practice time zone
	Posts    int      `json:"posts"`   // posts with an ER in the slot
	MedianER *float64 `json:"median_er"`
	TooFew   bool     `json:"too_few"`
	Note     string   `json:"note"` // "too few posts" when TooFew
}

// BestTimes is the grid of slots that have posts, and the best of them.
type BestTimes struct {
	Slots []Slot `json:"slots"` // Monday 0h first
	Best  *Slot  `json:"best"`  // the highest median ER among slots with enough posts; nil when none has
}

// BestTime groups the posts with an ER by the weekday and hour they went out. Posts
// whose export gave only a date have no hour and are left out.
func BestTime(posts []Post) BestTimes {
	type key struct{ wd, hour int }
	groups := map[key][]float64{}
	for _, p := range posts {
		if p.ER == nil || !p.TimeKnown {
			continue
		}
		l := p.PublishedLocal
		k := key{isoWeekday(l.Weekday()), l.Hour()}
		groups[k] = append(groups[k], *p.ER)
	}
	bt := BestTimes{Slots: []Slot{}}
	for k, v := range groups {
		s := Slot{Weekday: k.wd, Day: time.Weekday(k.wd % 7).String(), Hour: k.hour, Posts: len(v), MedianER: Median(v)}
		if s.Posts < MinPostsPerSlot {
			s.TooFew, s.Note = true, LabelTooFewPosts
		}
		bt.Slots = append(bt.Slots, s)
	}
	sort.Slice(bt.Slots, func(i, j int) bool {
		a, b := bt.Slots[i], bt.Slots[j]
		if a.Weekday != b.Weekday {
			return a.Weekday < b.Weekday
		}
		return a.Hour < b.Hour
	})
	for i := range bt.Slots {
		s := bt.Slots[i]
		if !s.TooFew && (bt.Best == nil || *s.MedianER > *bt.Best.MedianER) {
			bt.Best = &s
		}
	}
	return bt
}

func isoWeekday(d time.Weekday) int { return (int(d)+6)%7 + 1 }

// Cadence is how often a platform posted in a period (Definitions[KeyCadence]).
type Cadence struct {
	Platform     string  `json:"platform"` // "all" for every platform together
	Posts        int     `json:"posts"`
	PostsPerWeek float64 `json:"posts_per_week"`
	LongestGap   *int    `json:"longest_gap_days"` // nil with fewer than 2 posts
	GapFrom      string  `json:"gap_from"`         // YYYY-MM-DD of the post before the gap
	GapTo        string  `json:"gap_to"`           // YYYY-MM-DD of the post after it
}

// Cadences gives the cadence per platform, then for all platforms together.
func Cadences(posts []Post, p Period) []Cadence {
	by := map[string][]Post{}
	var names []string
	for _, post := range posts {
		if _, ok := by[post.Platform]; !ok {
			names = append(names, post.Platform)
		}
		by[post.Platform] = append(by[post.Platform], post)
	}
	sort.Strings(names)
	out := []Cadence{}
	for _, n := range names {
		out = append(out, cadence(n, by[n], p))
	}
	return append(out, cadence("all", posts, p))
}

func cadence(name string, posts []Post, p Period) Cadence {
	c := Cadence{Platform: name, Posts: len(posts), PostsPerWeek: float64(len(posts)) / float64(p.Days()) * 7}
	days := make([]time.Time, len(posts))
	for i, post := range posts {
		days[i] = post.Day()
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Before(days[j]) })
	for i := 1; i < len(days); i++ {
		gap := int(days[i].Sub(days[i-1]).Hours() / 24)
		if c.LongestGap == nil || gap > *c.LongestGap {
			g := gap
			c.LongestGap = &g
			c.GapFrom, c.GapTo = days[i-1].Format(time.DateOnly), days[i].Format(time.DateOnly)
		}
	}
	return c
}

package dashboard

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pulse/analytics"
	"pulse/queries"
)

// chartPeriod widens short periods for charts: a week's trend needs the weeks
// before it to be read.
func chartPeriod(p analytics.Period) analytics.Period {
	const minDays = 56
	if p.Days() >= minDays {
		return p
	}
	return analytics.Period{From: p.To.AddDate(0, 0, -minDays+1), To: p.To}
}

func seriesOf(ps []analytics.PlatformSeries) []chartSeries {
	out := make([]chartSeries, 0, len(ps))
	for _, p := range ps {
		out = append(out, chartSeries{Name: analytics.PlatformName(p.Platform), Color: colorOf(p.Platform), Values: p.Values})
	}
	return out
}

type overviewData struct {
	Summary     analytics.Summary
	ChartFrom   time.Time
	Reach       map[string]any
	Views       map[string]any
	Followers   map[string]any
	ER          map[string]any
	HasDaily    bool
	HasPosts    bool
	HasFollower bool
}

func (s *Server) overview(c echo.Context) error {
	v, err := s.parseView(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	sum, err := cached(s, func() (analytics.Summary, error) { return s.an.Summary(ctx, v.Period, v.Filter) }, v.Period, v.Filter)
	if err != nil {
		return err
	}
	s.scopeSummary(c, &sum)
	cp := s.chartPeriod(c, v.Period)
	ts, err := cached(s, func() (analytics.Timeseries, error) { return s.an.Timeseries(ctx, cp, v.Filter) }, cp, v.Filter)
	if err != nil {
		return err
	}
	cal, err := cached(s, func() ([]analytics.CalendarEntry, error) { return s.an.Calendar(ctx, cp) }, cp)
	if err != nil {
		return err
	}
	m := calendarMarks(cal)
	d := overviewData{Summary: sum, ChartFrom: cp.From,
		HasDaily: len(ts.Reach.Platforms)+len(ts.Views.Platforms) > 0, HasFollower: len(ts.Followers.Platforms) > 0}
	for _, pl := range ts.ER.Platforms {
		for _, x := range pl.Values {
			if x != nil {
				d.HasPosts = true
			}
		}
	}
	d.Reach = lineOption(ts.Reach.Days, seriesOf(ts.Reach.Platforms), false, m, analytics.Definitions[analytics.KeyReach])
	d.Views = lineOption(ts.Views.Days, seriesOf(ts.Views.Platforms), false, m, analytics.Definitions[analytics.KeyViews])
	d.Followers = lineOption(ts.Followers.Days, seriesOf(ts.Followers.Platforms), false, m, analytics.Definitions[analytics.KeyFollowers])
	d.ER = lineOption(ts.ER.Weeks, seriesOf(ts.ER.Platforms), true, m, analytics.Definitions[analytics.KeyEngagementRate])
	return s.show(c, "overview", &page{Title: "Overview", Nav: "overview", View: v, Data: d})
}

type contentData struct {
	Posts      []analytics.Post
	Table      postsTable
	ExpHidden  []hiddenArg // what the experiment's form carries besides its own fields
	Types      []analytics.ContentType
	Best       analytics.BestTimes
	Heat       map[string]any
	Cadence    []analytics.Cadence
	ER         analytics.Rate
	Experiment *analytics.ExperimentResult
	ExpBy      string
	ExpA, ExpB string
	ExpError   string
	Groupings  []string
}

func (s *Server) content(c echo.Context) error {
	v, err := s.parseView(c)
	if err != nil {
		return err
	}
	ask, err := parseTableAsk(c.QueryParams())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	posts, err := s.an.Posts(ctx, v.Period, v.Filter)
	if err != nil {
		return err
	}
	d := contentData{Posts: posts, Types: analytics.ContentTypes(posts), Best: analytics.BestTime(posts),
		Cadence: analytics.Cadences(posts, v.Period), ER: analytics.SetER(posts),
		Groupings: []string{string(analytics.ByContentType), string(analytics.ByHashtag), string(analytics.ByLabel),
			string(analytics.ByHourBand), string(analytics.ByPlatform)}}
	d.Heat = heatOption(d.Best)
	if by := c.QueryParam("by"); by != "" {
		d.ExpBy, d.ExpA, d.ExpB = by, c.QueryParam("a"), c.QueryParam("b")
		res, err := s.an.RunExperiment(ctx, v.Period, v.Filter, analytics.Experiment{By: analytics.GroupBy(by), A: d.ExpA, B: d.ExpB})
		if err != nil {
			return badRequest("%v", err)
		}
		d.Experiment = &res
	}
	// The table's links keep the filters and the experiment; the experiment's form
	// keeps the filters and the table's search and order.
	state, _ := url.ParseQuery(v.Query())
	for _, k := range []string{"by", "a", "b"} {
		if x := c.QueryParam(k); x != "" && d.ExpBy != "" {
			state.Set(k, x)
		}
	}
	d.Table = buildPostsTable(posts, ask, s.base(c)+"/content", state, linkOf(c) == nil)
	for _, k := range []string{"preset", "from", "to", "platform", "account"} {
		for _, x := range state[k] {
			d.ExpHidden = append(d.ExpHidden, hiddenArg{k, x})
		}
	}
	if ask.Search != "" {
		d.ExpHidden = append(d.ExpHidden, hiddenArg{"q", ask.Search})
	}
	if !ask.isDefault() {
		d.ExpHidden = append(d.ExpHidden, hiddenArg{"sort", ask.Sort})
		if ask.Desc {
			d.ExpHidden = append(d.ExpHidden, hiddenArg{"dir", "desc"})
		}
	}
	return s.show(c, "content", &page{Title: "Content", Nav: "content", View: v, Data: d})
}

type historyData struct {
	Post    queries.PostInfo
	Local   string
	History []analytics.HistoryPoint
}

// postHistory shows one post's totals export by export: the archive's memory of how
// a post did over time.
func (s *Server) postHistory(c echo.Context) error {
	ctx := c.Request().Context()
	platform, handle, id := c.Param("platform"), c.Param("handle"), c.Param("id")
	for _, v := range []string{platform, handle, id} {
		if len(v) > maxParam {
			return badRequest("The address is too long")
		}
	}
	post, err := s.an.FindPost(ctx, platform, handle, id)
	if errors.Is(err, analytics.ErrNoSuchPost) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	hist, err := s.an.PostHistory(ctx, platform, handle, id)
	if err != nil {
		return err
	}
	d := historyData{Post: post, History: hist}
	if post.PublishedAt != nil {
		d.Local = post.PublishedAt.In(s.an.Practice.Location).Format("2 Jan 2006 15:04")
	}
	return s.show(c, "post", &page{Title: "Post", Nav: "content", Data: d})
}

type audienceData struct {
	Followers []analytics.Followers
	Series    map[string]any
	Gained    map[string]any
	HasSeries bool
	HasGained bool
}

func (s *Server) audience(c echo.Context) error {
	v, err := s.parseView(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	fol, err := s.an.Followers(ctx, v.Period, v.Filter)
	if err != nil {
		return err
	}
	cp := s.chartPeriod(c, v.Period)
	series, err := s.an.FollowerSeries(ctx, cp, v.Filter)
	if err != nil {
		return err
	}
	gained, lost, err := s.an.GainedLostSeries(ctx, cp, v.Filter)
	if err != nil {
		return err
	}
	var bars []chartSeries
	for _, g := range gained.Platforms {
		bars = append(bars, chartSeries{Name: analytics.PlatformName(g.Platform) + " gained", Color: colorOf(g.Platform), Values: g.Values})
	}
	for _, l := range lost.Platforms {
		neg := make([]*float64, len(l.Values))
		for i, x := range l.Values {
			if x != nil {
				n := -*x
				neg[i] = &n
			}
		}
		bars = append(bars, chartSeries{Name: analytics.PlatformName(l.Platform) + " lost", Color: "#b3261e", Values: neg})
	}
	d := audienceData{Followers: fol, HasSeries: len(series.Platforms) > 0, HasGained: len(bars) > 0,
		Series: lineOption(series.Days, seriesOf(series.Platforms), false, marks{}, ""),
		Gained: barOption(gained.Days, bars, true)}
	return s.show(c, "audience", &page{Title: "Audience", Nav: "audience", View: v, Data: d})
}

type liftRow struct {
	Entry analytics.CalendarEntry
	Lift  analytics.Lift
}

type campaignsData struct {
	Calendar []analytics.CalendarEntry
	Lifts    []liftRow
	Reach    map[string]any
	HasReach bool
	Today    string
}

func (s *Server) campaigns(c echo.Context) error {
	v, err := s.parseView(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cp := s.chartPeriod(c, v.Period)
	cal, err := s.an.Calendar(ctx, cp)
	if err != nil {
		return err
	}
	d := campaignsData{Calendar: cal, Today: s.cfg.Now().In(s.an.Practice.Location).Format(time.DateOnly)}
	for _, e := range cal {
		if e.Kind != analytics.KindAwareness || !s.liftInScope(c, e) {
			continue
		}
		lift, err := s.an.CampaignLift(ctx, analytics.Period{From: e.From, To: e.To}, v.Filter)
		if err != nil {
			return err
		}
		d.Lifts = append(d.Lifts, liftRow{Entry: e, Lift: lift})
	}
	reach, err := s.an.DailySeries(ctx, cp, v.Filter, "reach")
	if err != nil {
		return err
	}
	d.HasReach = len(reach.Platforms) > 0
	d.Reach = lineOption(reach.Days, seriesOf(reach.Platforms), false, calendarMarks(cal), analytics.Definitions[analytics.KeyReach])
	return s.show(c, "campaigns", &page{Title: "Campaigns", Nav: "campaigns", View: v, Data: d})
}

func (s *Server) addNote(c echo.Context) error {
	day, err := analytics.ParseDay(c.FormValue("day"))
	if err != nil {
		return badRequest("The note needs a date like 2025-05-01")
	}
	text := strings.TrimSpace(c.FormValue("text"))
	if text == "" || len(text) > 500 {
		return badRequest("The note needs a text of at most 500 characters")
	}
	if _, err := s.an.AddNote(c.Request().Context(), day, text, s.cfg.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/campaigns?"+backQuery(c))
}

func (s *Server) deleteNote(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return badRequest("There is no note %q", c.Param("id"))
	}
	if err := s.an.RemoveNote(c.Request().Context(), id); err != nil {
		if errors.Is(err, analytics.ErrNoSuchNote) {
			return ErrNotFound
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/campaigns?"+backQuery(c))
}

// backQuery keeps the filters a form was sent from (its hidden "back" field), but
// only as a query string: never a URL elsewhere.
func backQuery(c echo.Context) string {
	q := c.FormValue("back")
	if strings.ContainsAny(q, "/\\:") || len(q) > maxParam*4 {
		return ""
	}
	return q
}

type importsData struct {
	Results []UploadResult
	History []ImportRow
	MaxMB   int64
}

func (s *Server) imports(c echo.Context) error {
	hist, err := s.importer.History(c.Request().Context())
	if err != nil {
		return err
	}
	return s.show(c, "imports", &page{Title: "Imports", Nav: "imports", Data: importsData{History: hist, MaxMB: s.cfg.MaxUploadBytes >> 20}})
}

func (s *Server) upload(c echo.Context) error {
	form, err := c.MultipartForm()
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return err
		}
		if strings.Contains(err.Error(), "too large") {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return badRequest("The upload could not be read; choose the files again")
	}
	var files []Upload
	for _, fh := range form.File["files"] {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return err
		}
		files = append(files, Upload{Name: fh.Filename, Data: b})
	}
	if len(files) == 0 {
		return badRequest("Choose at least one export file to upload")
	}
	ctx := c.Request().Context()
	results := s.importer.Import(ctx, files)
	hist, err := s.importer.History(ctx)
	if err != nil {
		return err
	}
	return s.show(c, "imports", &page{Title: "Imports", Nav: "imports",
		Data: importsData{Results: results, History: hist, MaxMB: s.cfg.MaxUploadBytes >> 20}})
}

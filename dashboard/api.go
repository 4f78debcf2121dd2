package dashboard

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pulse/analytics"
)

// The JSON API (/api/v1/…) takes the same filters as the pages and returns the
// documents of the analytics package; README documents them.

func (s *Server) apiSummary(c echo.Context) error {
	v, err := s.parseView(c)
	if err != nil {
		return err
	}
	sum, err := s.an.Summary(c.Request().Context(), v.Period, v.Filter)
	if err != nil {
		return err
	}
	s.scopeSummary(c, &sum)
	return c.JSON(http.StatusOK, sum)
}

func (s *Server) apiTimeseries(c echo.Context) error {
	v, err := s.parseView(c)
	if err != nil {
		return err
	}
	ts, err := s.an.Timeseries(c.Request().Context(), v.Period, v.Filter)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ts)
}

// PostsDocument is /api/v1/posts: every post published in the period.
type PostsDocument struct {
	Schema string           `json:"schema"` // "pulse.posts/1"
	Period analytics.Period `json:"period"`
	Posts  []analytics.Post `json:"posts"`
}

func (s *Server) apiPosts(c echo.Context) error {
	v, err := s.parseView(c)
	if err != nil {
		return err
	}
	posts, err := s.an.Posts(c.Request().Context(), v.Period, v.Filter)
	if err != nil {
		return err
	}
	if posts == nil {
		posts = []analytics.Post{}
	}
	return c.JSON(http.StatusOK, PostsDocument{Schema: "pulse.posts/1", Period: v.Period, Posts: posts})
}

// cell neutralises text a spreadsheet would run as a formula: captions are user text.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func numCell(v any) string {
	switch x := v.(type) {
	case *int64:
		if x == nil {
			return ""
		}
		return strconv.FormatInt(*x, 10)
	case *float64:
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return cell(fmt.Sprint(v))
}

// downloadCSV serves each of the pages' tables as CSV, with the page's filters.
func (s *Server) downloadCSV(c echo.Context) error {
	v, err := s.parseView(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	var rows [][]string
	switch name := c.Param("table"); strings.TrimSuffix(name, ".csv") {
	case "posts":
		posts, err := s.an.Posts(ctx, v.Period, v.Filter)
		if err != nil {
			return err
		}
		rows = append(rows, []string{"platform", "account", "post_id", "published_local", "content_type", "caption", "permalink",
			"views", "reach", "likes", "comments", "shares", "saves", "clicks", "interactions", "er", "er_basis", "metrics_as_of"})
		for _, p := range posts {
			rows = append(rows, []string{cell(p.Platform), cell(p.Handle), cell(p.PostID), p.PublishedLocal.Format("2006-01-02 15:04"),
				cell(p.ContentType), cell(p.Caption), cell(p.Permalink), numCell(p.Views), numCell(p.Reach), numCell(p.Likes),
				numCell(p.Comments), numCell(p.Shares), numCell(p.Saves), numCell(p.Clicks), numCell(p.Interactions),
				numCell(p.ER), p.ERBasis, p.MetricsAsOf})
		}
	case "kpis":
		sum, err := s.an.Summary(ctx, v.Period, v.Filter)
		if err != nil {
			return err
		}
		rows = append(rows, []string{"kpi", "basis", "value", "previous", "change_vs_previous", "year_ago", "change_vs_year_ago"})
		for _, k := range sum.KPIs {
			rows = append(rows, []string{cell(k.Label), cell(k.Basis), numCell(k.Value), numCell(k.Previous.Value),
				numCell(k.Previous.Change), numCell(k.YearAgo.Value), numCell(k.YearAgo.Change)})
		}
	case "followers":
		fol, err := s.an.Followers(ctx, v.Period, v.Filter)
		if err != nil {
			return err
		}
		rows = append(rows, []string{"platform", "followers", "start", "net", "growth_rate", "gained", "lost"})
		for _, f := range fol {
			rows = append(rows, []string{cell(f.Platform), numCell(f.Followers), numCell(f.Start), numCell(f.Net),
				numCell(f.GrowthRate), numCell(f.Gained), numCell(f.Lost)})
		}
	case "content-types":
		posts, err := s.an.Posts(ctx, v.Period, v.Filter)
		if err != nil {
			return err
		}
		rows = append(rows, []string{"content_type", "posts", "median_er", "interactions", "post_reach", "reach_share"})
		for _, t := range analytics.ContentTypes(posts) {
			rows = append(rows, []string{cell(t.ContentType), numCell(t.Posts), numCell(t.MedianER), numCell(t.Interactions),
				numCell(t.PostReach), numCell(t.ReachShare)})
		}
	case "best-times":
		posts, err := s.an.Posts(ctx, v.Period, v.Filter)
		if err != nil {
			return err
		}
		rows = append(rows, []string{"day", "hour", "posts", "median_er", "note"})
		for _, sl := range analytics.BestTime(posts).Slots {
			rows = append(rows, []string{sl.Day, numCell(sl.Hour), numCell(sl.Posts), numCell(sl.MedianER), sl.Note})
		}
	case "cadence":
		posts, err := s.an.Posts(ctx, v.Period, v.Filter)
		if err != nil {
			return err
		}
		rows = append(rows, []string{"platform", "posts", "posts_per_week", "longest_gap_days", "gap_from", "gap_to"})
		for _, cd := range analytics.Cadences(posts, v.Period) {
			gap := ""
			if cd.LongestGap != nil {
				gap = strconv.Itoa(*cd.LongestGap)
			}
			rows = append(rows, []string{cell(cd.Platform), numCell(cd.Posts), numCell(cd.PostsPerWeek), gap, cd.GapFrom, cd.GapTo})
		}
	case "imports":
		hist, err := s.importer.History(ctx)
		if err != nil {
			return err
		}
		rows = append(rows, []string{"id", "imported_at", "file", "format", "account", "rows", "posts_new", "posts_updated",
			"days_new", "days_updated", "rejected"})
		for _, h := range hist {
			rows = append(rows, []string{strconv.FormatInt(h.ID, 10), h.When.Format(time.RFC3339), cell(h.File), cell(h.Format),
				cell(h.Account), numCell(h.Rows), numCell(h.PostsNew), numCell(h.PostsUpdated), numCell(h.DaysNew),
				numCell(h.DaysUpdated), numCell(h.Rejected)})
		}
	default:
		return ErrNotFound
	}
	name := strings.TrimSuffix(c.Param("table"), ".csv")
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="pulse-%s-%s-%s.csv"`, name,
		v.Period.From.Format(time.DateOnly), v.Period.To.Format(time.DateOnly)))
	c.Response().Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	w.WriteAll(rows)
	return w.Error()
}

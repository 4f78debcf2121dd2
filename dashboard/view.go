package dashboard

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pulse/analytics"
)

// preset is a named period people pick instead of typing dates.
type preset struct {
	Key, Label string
}

var presets = []preset{
	{"this-week", "This week"},
	{"last-week", "Last week"},
	{"last-4-weeks", "Last 4 weeks"},
	{"this-month", "This month"},
	{"last-month", "Last month"},
	{"last-90-days", "Last 90 days"},
	{"year-to-date", "Year to date"},
	{"custom", "Custom range"},
}

// view is what every page is filtered by, read from the URL so that any view can be
// bookmarked: ?preset=last-4-weeks&platform=instagram or ?from=…&to=….
type view struct {
	Preset    string
	Period    analytics.Period
	Filter    analytics.Filter
	Platforms []string // as asked, for the form
	Accounts  []string
}

// maxParam bounds any one query parameter: nothing legitimate is longer.
const maxParam = 200

func badRequest(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrBadRequest)
}

// periodOf turns a preset into days, relative to today in the practice's time zone.
func periodOf(key string, today time.Time) (analytics.Period, bool) {
	today = analytics.DayOf(today)
	week := analytics.ISOWeek(today)
	monthStart := analytics.Day(today.Year(), today.Month(), 1)
	switch key {
	case "this-week":
		return analytics.Period{From: week.From, To: today}, true
	case "last-week", "":
		return week.Previous(), true
	case "last-4-weeks":
		return analytics.Period{From: week.From.AddDate(0, 0, -28), To: week.From.AddDate(0, 0, -1)}, true
	case "this-month":
		return analytics.Period{From: monthStart, To: today}, true
	case "last-month":
		return analytics.Period{From: monthStart.AddDate(0, -1, 0), To: monthStart.AddDate(0, 0, -1)}, true
	case "last-90-days":
		return analytics.Period{From: today.AddDate(0, 0, -90), To: today.AddDate(0, 0, -1)}, true
	case "year-to-date":
		return analytics.Period{From: analytics.Day(today.Year(), 1, 1), To: today}, true
	}
	return analytics.Period{}, false
}

// maxDays bounds a custom range: ten years is more than any export covers.
const maxDays = 3660

// parseView reads the filters from the query string. Anything it cannot read is a
// 400 with words saying what was expected.
func (s *Server) parseView(c echo.Context) (view, error) {
	q := c.QueryParams()
	for k, vs := range q {
		for _, v := range vs {
			if len(v) > maxParam {
				return view{}, badRequest("The value of %q is too long", k)
			}
		}
	}
	v := view{Preset: q.Get("preset")}
	today := s.cfg.Now().In(s.an.Practice.Location)
	from, to := q.Get("from"), q.Get("to")
	asked := v.Preset != "" || from != "" || to != ""
	if v.Preset == "" && (from != "" || to != "") {
		v.Preset = "custom"
	}
	if v.Preset == "custom" {
		f, err1 := analytics.ParseDay(from)
		t, err2 := analytics.ParseDay(to)
		if err1 != nil || err2 != nil {
			return v, badRequest("A custom range needs from and to dates like 2025-04-14")
		}
		p, err := analytics.NewPeriod(f, t)
		if err != nil {
			return v, badRequest("%v", err)
		}
		if p.Days() > maxDays {
			return v, badRequest("A range can span at most 10 years")
		}
		v.Period = p
	} else {
		p, ok := periodOf(v.Preset, today)
		if !ok {
			return v, badRequest("Unknown period %q", v.Preset)
		}
		if v.Preset == "" {
			v.Preset = "last-week"
		}
		v.Period = p
	}
	v.Platforms, v.Accounts = nonEmpty(q["platform"]), nonEmpty(q["account"])
	f, err := analytics.ParseFilter(v.Platforms, v.Accounts)
	if err != nil {
		return v, badRequest("%s", strings.TrimPrefix(strings.TrimPrefix(err.Error(), "--platform "), "--account "))
	}
	if err := s.an.CheckFilter(c.Request().Context(), f); err != nil {
		return v, badRequest("%v", err)
	}
	v.Filter = f
	if l := linkOf(c); l != nil {
		if err := l.narrow(&v, asked, today); err != nil {
			return v, err
		}
	}
	return v, nil
}

func nonEmpty(in []string) []string {
	var out []string
	for _, s := range in {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// Query renders the view as a query string, for links between pages.
func (v view) Query() string {
	q := url.Values{}
	if v.Preset == "custom" {
		q.Set("from", v.Period.From.Format(time.DateOnly))
		q.Set("to", v.Period.To.Format(time.DateOnly))
	} else {
		q.Set("preset", v.Preset)
	}
	for _, p := range v.Platforms {
		q.Add("platform", p)
	}
	for _, a := range v.Accounts {
		q.Add("account", a)
	}
	return q.Encode()
}

// Has reports whether the filter asks for a platform (for the form's checkboxes).
func (v view) Has(platform string) bool {
	for _, p := range v.Platforms {
		if strings.EqualFold(p, platform) {
			return true
		}
	}
	return false
}

// HasAccount reports whether the filter asks for an account (for the form).
func (v view) HasAccount(key string) bool {
	for _, a := range v.Accounts {
		if strings.EqualFold(strings.TrimPrefix(a, "@"), key) {
			return true
		}
	}
	return false
}

// platformColors keeps each platform's colour the same on every chart.
var platformColors = map[string]string{
	"instagram": "#c13584",
	"facebook":  "#1877f2",
	"x":         "#4b5563",
	"linkedin":  "#0a66c2",
	"tiktok":    "#00a69c",
	"youtube":   "#e62117",
	"all":       "#2f6f6a",
}

func colorOf(platform string) string {
	if c, ok := platformColors[platform]; ok {
		return c
	}
	// Other platforms (from the pulse CSV) get a stable colour from their name.
	palette := []string{"#8e6c8a", "#b07b2c", "#4f7d4f", "#a0524d", "#5b6ea8"}
	h := 0
	for _, r := range platform {
		h = h*31 + int(r)
	}
	if h < 0 {
		h = -h
	}
	return palette[h%len(palette)]
}

// platformCSS gives each known platform's badge its chart colour, so the colours live
// in one place (platformColors) and platforms from the pulse CSV match their charts
// too. The CSP forbids inline styles, hence a stylesheet.
func (s *Server) platformCSS(c echo.Context) error {
	keys, err := s.an.AccountKeys(c.Request().Context())
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var b strings.Builder
	for _, k := range keys {
		p, _, _ := strings.Cut(k, ":")
		if seen[p] || !cssName.MatchString(p) || (linkOf(c) != nil && !linkOf(c).AllowsPlatform(p)) {
			continue
		}
		seen[p] = true
		fmt.Fprintf(&b, ".p-%s { background: %s; }\n", p, colorOf(p))
	}
	if linkOf(c) == nil { // under a link it stays no-store, as everything there
		c.Response().Header().Set("Cache-Control", "no-cache")
	}
	return c.Blob(http.StatusOK, "text/css; charset=utf-8", []byte(b.String()))
}

// cssName is what may stand in a class name unescaped.
var cssName = regexp.MustCompile(`^[a-z0-9_-]+$`)

package dashboard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"pulse/analytics"
)

// page is what every template gets.
type page struct {
	Title     string
	Nav       string // which navigation entry is current
	Practice  string
	View      view
	Presets   []preset
	Platforms []string // every known platform, for the filter form
	Accounts  []string // every known account, "platform:handle"
	Fresh     []analytics.Freshness
	CSRF      string
	Message   string
	Data      any
	Defs      map[string]string
	Base      string // "" for the owner; "/s/<token>" under a share link, which links stay within
	Link      *Link  // the share link the page is seen through; nil for the owner
	Bare      bool   // no navigation: sign-in, password and "no longer active" pages
	SignOut   bool   // the owner signed in and may sign out
}

var funcs = template.FuncMap{
	"count":  func(v any) string { return formatCount(v) },
	"pct":    func(v *float64) string { return formatPct(v) },
	"kpi":    func(k analytics.KPI) string { return k.Text() },
	"change": changeText,
	"changeClass": func(c analytics.Comparison) string {
		switch {
		case c.Change == nil || *c.Change == 0:
			return ""
		case *c.Change > 0:
			return "up"
		default:
			return "down"
		}
	},
	"platformName": analytics.PlatformName,
	"trigger": func(t string) string { // who asked for a report run, in words
		return map[string]string{"schedule": "on schedule", "page": "from this page", "command": "pulse report"}[t]
	},
	"pvalue": func(p *float64) string {
		if p == nil {
			return "n/a"
		}
		return fmt.Sprintf("%.3f", *p)
	},
	"color":    colorOf,
	"date":     func(t time.Time) string { return t.Format("2 Jan 2006") },
	"datetime": func(t time.Time) string { return t.Format("2 Jan 2006 15:04") },
	"excerpt":  excerpt,
	"option": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"safeURL": func(s string) template.URL {
		// Only the platforms' own https links become links; anything else stays text.
		if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
			return template.URL(s)
		}
		return ""
	},
}

func formatCount(v any) string {
	var f float64
	switch x := v.(type) {
	case *int64:
		if x == nil {
			return "n/a"
		}
		f = float64(*x)
	case *float64:
		if x == nil {
			return "n/a"
		}
		f = *x
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		return fmt.Sprint(v)
	}
	return analytics.Text(&f, analytics.UnitCount)
}

func formatPct(v *float64) string {
	if v == nil || math.IsNaN(*v) {
		return "n/a"
	}
	return analytics.Text(v, analytics.UnitRatio)
}

func changeText(c analytics.Comparison, u analytics.Unit) string {
	if c.Change == nil {
		return "n/a"
	}
	s := analytics.ChangeText(c.Change, u)
	if p := c.PctText(); p != "n/a" && u != analytics.UnitRatio {
		s += " (" + p + ")"
	}
	return s
}

// parseTemplates builds one template set per page: the layout plus the page.
func (s *Server) parseTemplates() error {
	s.templates = map[string]*template.Template{}
	pages, err := templateFiles.ReadDir("templates")
	if err != nil {
		return err
	}
	for _, p := range pages {
		name := strings.TrimSuffix(p.Name(), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/"+p.Name())
		if err != nil {
			return fmt.Errorf("template %s: %w", p.Name(), err)
		}
		s.templates[name] = t
	}
	return nil
}

func (s *Server) render(w io.Writer, name string, p *page) error {
	t, ok := s.templates[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	if p.Practice == "" {
		p.Practice = s.an.Practice.Name
	}
	if p.Defs == nil {
		p.Defs = analytics.Definitions
	}
	p.Presets = presets
	return t.Execute(w, p)
}

// show renders a page into the response, with the freshness warnings and the form
// token every page carries. Under a share link, only the link's platforms appear.
func (s *Server) show(c echo.Context, name string, p *page) error {
	return s.showStatus(c, http.StatusOK, name, p)
}

func (s *Server) showStatus(c echo.Context, status int, name string, p *page) error {
	ctx := c.Request().Context()
	p.Base, p.Link, p.CSRF = s.base(c), linkOf(c), csrfOf(c)
	p.SignOut = s.cfg.RequireLogin && p.Link == nil && !p.Bare
	if !p.Bare {
		today := s.cfg.Now().In(s.an.Practice.Location)
		fresh, err := cached(s, func() ([]analytics.Freshness, error) { return s.an.Freshness(ctx, today) }, today.Format(time.DateOnly))
		if err != nil {
			return err
		}
		for _, f := range fresh {
			if p.Link == nil || p.Link.AllowsPlatform(f.Platform) {
				p.Fresh = append(p.Fresh, f)
				p.Platforms = append(p.Platforms, f.Platform)
			}
		}
		keys, err := cached(s, func() ([]string, error) { return s.an.AccountKeys(ctx) }, "accounts")
		if err != nil {
			return err
		}
		for _, k := range keys {
			if pl, _, _ := strings.Cut(k, ":"); p.Link == nil || p.Link.AllowsPlatform(pl) {
				p.Accounts = append(p.Accounts, k)
			}
		}
	}
	var buf bytes.Buffer
	if err := s.render(&buf, name, p); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// csrfOf is the request's form token.
func csrfOf(c echo.Context) string {
	tok, _ := c.Get(middleware.DefaultCSRFConfig.ContextKey).(string)
	return tok
}

// Package dashboard serves pulse's web pages and JSON API: the therapist's weekly view
// of reach, followers and content, built on the analytics package. Templates, styles,
// scripts and the ECharts library are embedded, so the page loads nothing from any
// other host and works offline.
package dashboard

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"pulse/analytics"
	"pulse/analytics/report"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// The chart library, from the npm package pinned in package-lock.json (`npm ci`).
//
//go:embed node_modules/echarts/dist/echarts.min.js
var echartsJS []byte

// Error kinds handlers return; the central error handler maps them to status codes.
var (
	ErrBadRequest = errors.New("bad request")
	ErrNotFound   = errors.New("not found")
)

// Upload is one file sent through the Imports page.
type Upload struct {
	Name string
	Data []byte
}

// UploadResult is what became of one uploaded file, in the CLI's words.
type UploadResult struct {
	Name   string
	Failed bool
	Lines  []string
}

// ImportRow is one line of the import history.
type ImportRow struct {
	ID                                                 int64
	When                                               time.Time
	File, Format, Account                              string
	Rows, PostsNew, PostsUpdated, DaysNew, DaysUpdated int
	Rejected                                           int
}

// Importer loads uploads and lists the history. It lives outside this package (the
// ingest package, wired in cmd), so the dashboard depends on analytics only.
type Importer interface {
	Import(ctx context.Context, files []Upload) []UploadResult
	History(ctx context.Context) ([]ImportRow, error)
}

// Config is what the server needs to know.
type Config struct {
	MaxUploadBytes int64            // the largest upload accepted
	Now            func() time.Time // the clock; nil means time.Now
	Logger         *slog.Logger
	Reports        *report.Service  // writes and lists the XLSX reports
	ReportSchedule *report.Schedule // when serve writes them; nil: no schedule
	// RequireLogin makes the owner sign in (pulse passwd sets the password). Without
	// it the dashboard answers only requests addressed to this machine by name.
	RequireLogin  bool
	SecureCookies bool   // served over TLS: cookies are sent over TLS only
	PublicURL     string // how others reach this pulse, for share links; "": as asked
	// Cache keeps the overview's analytics between requests until the next POST
	// (see cache.go); pulse serve turns it on.
	Cache bool
}

// Server is the dashboard.
type Server struct {
	cfg       Config
	an        *analytics.Analyzer
	importer  Importer
	echo      *echo.Echo
	templates map[string]*template.Template
	sessions  sessions
	throttle  throttle
	saltMu    sync.Mutex
	salt      string
	cache     cache
}

// New builds the server and registers its routes.
func New(cfg Config, an *analytics.Analyzer, importer Importer) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxUploadBytes == 0 {
		cfg.MaxUploadBytes = 64 << 20
	}
	if cfg.Reports == nil {
		return nil, errors.New("dashboard: Config.Reports is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{cfg: cfg, an: an, importer: importer,
		sessions: sessions{m: map[string]session{}}, throttle: throttle{m: map[string]*rate.Limiter{}}}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = s.handleError
	s.echo = e
	s.routes()
	return s, nil
}

// Handler is the whole dashboard as an http.Handler (for httptest).
func (s *Server) Handler() http.Handler { return s.echo }

// Serve answers on l until ctx ends, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{Handler: s.echo, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shut)
	}
}

// routes registers every route the dashboard answers, in one place. Three groups:
// public (sign-in, static files), the owner's (everything else) and a share link's
// (read-only pages and their JSON under /s/<token>).
func (s *Server) routes() {
	e := s.echo
	e.Use(s.logRequests)
	e.Use(middleware.Recover())
	e.Use(securityHeaders)
	e.Use(s.localOnly)
	e.Use(s.clearCacheOnWrite)
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:csrf,header:X-CSRF-Token",
		CookieName:     "pulse_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteStrictMode,
		CookieSecure:   s.cfg.SecureCookies,
	}))

	e.GET("/login", s.loginPage)
	e.POST("/login", s.login)
	e.POST("/logout", s.logout)
	e.GET("/static/echarts.min.js", func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "public, max-age=86400")
		return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", echartsJS)
	})
	static, _ := fs.Sub(staticFiles, "static")
	e.StaticFS("/static", static)

	o := e.Group("", s.ownerOnly)
	o.GET("/", s.overview)
	o.GET("/content", s.content)
	o.GET("/audience", s.audience)
	o.GET("/posts/:platform/:handle/:id", s.postHistory)
	o.GET("/campaigns", s.campaigns)
	o.POST("/campaigns/notes", s.addNote)
	o.POST("/campaigns/notes/:id/delete", s.deleteNote)
	o.GET("/imports", s.imports)
	o.POST("/imports", s.upload, middleware.BodyLimit(fmt.Sprintf("%dB", s.cfg.MaxUploadBytes)))
	o.GET("/download/:table", s.downloadCSV)
	o.GET("/reports", s.reportsPage)
	o.POST("/reports", s.writeReport)
	o.GET("/reports/:file", s.downloadReport)
	o.GET("/sharing", s.sharing)
	o.POST("/sharing", s.createShare)
	o.POST("/sharing/:id/revoke", s.revokeShare)
	o.GET("/api/v1/summary", s.apiSummary)
	o.GET("/api/v1/timeseries", s.apiTimeseries)
	o.GET("/api/v1/posts", s.apiPosts)
	o.GET("/platforms.css", s.platformCSS)

	sh := e.Group("/s/:token", s.shareOnly)
	sh.GET("", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, s.base(c)+"/") })
	sh.GET("/", s.overview)
	sh.GET("/content", s.content)
	sh.GET("/audience", s.audience)
	sh.GET("/campaigns", s.campaigns)
	sh.POST("/unlock", s.unlock)
	sh.GET("/api/v1/summary", s.apiSummary)
	sh.GET("/api/v1/timeseries", s.apiTimeseries)
	sh.GET("/api/v1/posts", s.apiPosts)
	sh.GET("/platforms.css", s.platformCSS)
	sh.GET("/reports", s.sharedReports)
	sh.GET("/reports/:file", s.sharedReport)
}

// clearCacheOnWrite empties the analytics cache after every request that may change
// data (uploads, notes).
func (s *Server) clearCacheOnWrite(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if m := c.Request().Method; m == http.MethodGet || m == http.MethodHead {
			return next(c)
		}
		defer s.cache.clear()
		return next(c)
	}
}

// securityHeaders forbids every other origin, framing and content sniffing.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if strings.HasPrefix(c.Request().URL.Path, "/s/") {
			// A share link must not leak through Referer headers, search engines or caches.
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("X-Robots-Tag", "noindex")
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// handleError is the one place errors become responses: kinds map to status codes,
// people get plain words, and no internal detail reaches the browser.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, msg := http.StatusInternalServerError, "Something went wrong on pulse's side. The details are in pulse's log."
	var he *echo.HTTPError
	switch {
	case errors.Is(err, ErrBadRequest):
		status, msg = http.StatusBadRequest, errorText(err)
	case errors.Is(err, ErrLinkInactive):
		status, msg = http.StatusNotFound, "This link is no longer active. Ask the person who sent it for a new one."
	case errors.Is(err, ErrTooManyAttempts):
		status, msg = http.StatusTooManyRequests, "Too many wrong passwords from here. Wait a minute, then try again."
	case errors.Is(err, ErrNotFound):
		status, msg = http.StatusNotFound, "There is no such page."
	case errors.As(err, &he):
		status = he.Code
		switch he.Code {
		case http.StatusNotFound, http.StatusMethodNotAllowed:
			status, msg = http.StatusNotFound, "There is no such page."
		case http.StatusRequestEntityTooLarge:
			msg = fmt.Sprintf("The upload is too large: pulse takes at most %d MB at once. Upload fewer files at a time.", s.cfg.MaxUploadBytes>>20)
		case http.StatusForbidden, http.StatusBadRequest:
			if strings.Contains(fmt.Sprint(he.Message), "csrf") {
				status, msg = http.StatusForbidden, "This form has expired. Reload the page and try again."
			} else {
				msg = fmt.Sprint(he.Message)
			}
		default:
			msg = http.StatusText(he.Code)
		}
	}
	if status >= 500 {
		s.cfg.Logger.Error("request failed", "path", logPath(c), "err", err)
	}
	if isAPI(c.Request().URL.Path) {
		c.JSON(status, map[string]string{"error": msg})
		return
	}
	// Under /s/ without an active link, and to visitors who have not signed in, the
	// page shows nothing of the dashboard around the message.
	_, _, underShare := splitShare(c.Request().URL.Path)
	bare := (underShare && linkOf(c) == nil) || (!underShare && !s.ownerSignedIn(c)) || errors.Is(err, ErrTooManyAttempts)
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(status)
	s.render(c.Response(), "error", &page{Title: http.StatusText(status), Message: msg, Bare: bare, Base: s.base(c), Link: linkOf(c)})
}

// errorText is a bad request's message, without the kind.
func errorText(err error) string {
	return strings.TrimSuffix(err.Error(), ": "+ErrBadRequest.Error())
}

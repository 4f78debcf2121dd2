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
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"pulse/analytics"
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
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{cfg: cfg, an: an, importer: importer}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
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

// routes registers every route the dashboard answers, in one place.
func (s *Server) routes() {
	e := s.echo
	e.Use(middleware.Recover())
	e.Use(securityHeaders)
	e.Use(s.clearCacheOnWrite)
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:csrf,header:X-CSRF-Token",
		CookieName:     "pulse_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteStrictMode,
	}))

	e.GET("/", s.overview)
	e.GET("/content", s.content)
	e.GET("/audience", s.audience)
	e.GET("/posts/:platform/:handle/:id", s.postHistory)
	e.GET("/campaigns", s.campaigns)
	e.POST("/campaigns/notes", s.addNote)
	e.POST("/campaigns/notes/:id/delete", s.deleteNote)
	e.GET("/imports", s.imports)
	e.POST("/imports", s.upload, middleware.BodyLimit(fmt.Sprintf("%dB", s.cfg.MaxUploadBytes)))
	e.GET("/download/:table", s.downloadCSV)

	e.GET("/api/v1/summary", s.apiSummary)
	e.GET("/api/v1/timeseries", s.apiTimeseries)
	e.GET("/api/v1/posts", s.apiPosts)

	e.GET("/platforms.css", s.platformCSS)
	e.GET("/static/echarts.min.js", func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "public, max-age=86400")
		return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", echartsJS)
	})
	static, _ := fs.Sub(staticFiles, "static")
	e.StaticFS("/static", static)
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
		status, msg = http.StatusBadRequest, strings.TrimSuffix(err.Error(), ": "+ErrBadRequest.Error())
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
		s.cfg.Logger.Error("request failed", "path", c.Request().URL.Path, "err", err)
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		c.JSON(status, map[string]string{"error": msg})
		return
	}
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(status)
	s.render(c.Response(), "error", &page{Title: http.StatusText(status), Message: msg})
}

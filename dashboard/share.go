package dashboard

// Share links: /s/<token>/… shows the read-only pages within the scope the owner
// fixed when making the link, until it expires or is revoked.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"pulse/analytics"
	"pulse/queries"
)

// Link is a share link with the rules of its scope.
type Link struct {
	queries.Share
}

const (
	tokenBytes = 24 // 192 random bits
	// DefaultExpiryDays and MaxExpiryDays bound a link's life.
	DefaultExpiryDays = 30
	MaxExpiryDays     = 365
	// DefaultLastDays is the scope of a link made without one.
	DefaultLastDays = 90
	linkKey         = "pulse.link"
)

var tokenForm = regexp.MustCompile(`^[A-Za-z0-9_-]{32}$`)

func newToken() string {
	b := make([]byte, tokenBytes)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Period is the days the link shows, as of today (the practice's calendar day): a
// fixed range, or the last N days before today.
func (l Link) Period(today time.Time) analytics.Period {
	if l.LastDays > 0 {
		today = analytics.DayOf(today)
		return analytics.Period{From: today.AddDate(0, 0, -l.LastDays), To: today.AddDate(0, 0, -1)}
	}
	return analytics.Period{From: l.From, To: l.To}
}

// ScopeText says in words what the link shows.
func (l Link) ScopeText() string {
	days := fmt.Sprintf("%s – %s", l.From.Format("2 Jan 2006"), l.To.Format("2 Jan 2006"))
	if l.LastDays > 0 {
		days = fmt.Sprintf("the last %d days", l.LastDays)
	}
	platforms := "all platforms"
	if len(l.Platforms) > 0 {
		names := make([]string, len(l.Platforms))
		for i, p := range l.Platforms {
			names[i] = analytics.PlatformName(p)
		}
		platforms = strings.Join(names, ", ")
	}
	return days + ", " + platforms
}

// Status is "active", "expired" or "revoked" at now.
func (l Link) Status(now time.Time) string {
	switch {
	case !l.RevokedAt.IsZero():
		return "revoked"
	case !now.Before(l.ExpiresAt):
		return "expired"
	}
	return "active"
}

// AllowsMonth tells whether the link may show the report of the month holding day:
// only with --allow-reports, and only a month lying wholly inside the scope.
func (l Link) AllowsMonth(day, today time.Time) bool {
	if !l.AllowReports {
		return false
	}
	first := analytics.Day(day.Year(), day.Month(), 1)
	return within(analytics.Period{From: first, To: first.AddDate(0, 1, -1)}, l.Period(today))
}

// AllowsPlatform tells whether the scope includes platform.
func (l Link) AllowsPlatform(platform string) bool {
	if len(l.Platforms) == 0 {
		return true
	}
	for _, p := range l.Platforms {
		if strings.EqualFold(p, platform) {
			return true
		}
	}
	return false
}

func within(p, scope analytics.Period) bool {
	return !p.From.Before(scope.From) && !p.To.After(scope.To)
}

// linkOf is the share link a request came through, or nil for the owner.
func linkOf(c echo.Context) *Link {
	l, _ := c.Get(linkKey).(*Link)
	return l
}

// ShareSpec is what the owner chooses for a new link.
type ShareSpec struct {
	Label        string
	ExpiryDays   int       // 0: DefaultExpiryDays
	From, To     time.Time // a fixed range, or
	LastDays     int       // the last N days; neither: DefaultLastDays
	Platforms    []string  // none: every platform
	Password     string    // "": no password
	AllowReports bool
}

// CreateShare checks spec, stores the link and returns it with its token, which
// exists nowhere else: only its hash is stored. Mistakes are ErrBadRequest.
func CreateShare(ctx context.Context, an *analytics.Analyzer, spec ShareSpec, now time.Time) (Link, string, error) {
	label := strings.TrimSpace(spec.Label)
	if label == "" || len([]rune(label)) > 100 {
		return Link{}, "", badRequest("A link needs a label of 1 to 100 characters, saying who it is for")
	}
	days := spec.ExpiryDays
	if days == 0 {
		days = DefaultExpiryDays
	}
	if days < 1 || days > MaxExpiryDays {
		return Link{}, "", badRequest("A link expires after 1 to %d days", MaxExpiryDays)
	}
	sh := queries.Share{Label: label, LastDays: spec.LastDays, AllowReports: spec.AllowReports,
		CreatedAt: now.UTC(), ExpiresAt: now.UTC().Add(time.Duration(days) * 24 * time.Hour)}
	switch fixed := !spec.From.IsZero() || !spec.To.IsZero(); {
	case fixed && spec.LastDays != 0:
		return Link{}, "", badRequest("Choose either a fixed range (from and to) or the last N days, not both")
	case fixed:
		p, err := analytics.NewPeriod(spec.From, spec.To)
		if err != nil || spec.From.IsZero() || spec.To.IsZero() {
			return Link{}, "", badRequest("A fixed range needs both dates, the first not after the second")
		}
		if p.Days() > maxDays {
			return Link{}, "", badRequest("A range can span at most 10 years")
		}
		sh.From, sh.To = p.From, p.To
	case spec.LastDays == 0:
		sh.LastDays = DefaultLastDays
	case spec.LastDays < 1 || spec.LastDays > maxDays:
		return Link{}, "", badRequest("The last N days: N from 1 to %d", maxDays)
	}
	f, err := analytics.ParseFilter(spec.Platforms, nil)
	if err != nil {
		return Link{}, "", badRequest("%s", strings.TrimPrefix(err.Error(), "--platform "))
	}
	if err := an.CheckFilter(ctx, f); err != nil {
		return Link{}, "", badRequest("%v", err)
	}
	sh.Platforms = f.Platforms
	if spec.Password != "" {
		if sh.PasswordHash, err = HashPassword(spec.Password); err != nil {
			return Link{}, "", err
		}
	}
	token := newToken()
	sh.TokenHash = hashToken(token)
	if sh.ID, err = an.DB.CreateShare(ctx, sh); err != nil {
		return Link{}, "", err
	}
	return Link{sh}, token, nil
}

// ParseDays reads a span like "30d", "12w", "1y" or "30" as days.
func ParseDays(s string) (int, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	mult := 1
	switch {
	case strings.HasSuffix(s, "d"):
		s = strings.TrimSuffix(s, "d")
	case strings.HasSuffix(s, "w"):
		s, mult = strings.TrimSuffix(s, "w"), 7
	case strings.HasSuffix(s, "y"):
		s, mult = strings.TrimSuffix(s, "y"), 365
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 10000 {
		return 0, badRequest("%q is not a number of days like 30d, 12w or 1y", s)
	}
	return n * mult, nil
}

// lookupLink finds the active link of token. An unknown, expired or revoked token
// all give ErrLinkInactive, so the answer tells a guesser nothing.
func (s *Server) lookupLink(ctx context.Context, token string) (*Link, error) {
	if !tokenForm.MatchString(token) {
		return nil, ErrLinkInactive
	}
	want := hashToken(token)
	sh, err := s.an.DB.ShareByTokenHash(ctx, want)
	if errors.Is(err, queries.ErrNotFound) {
		return nil, ErrLinkInactive
	}
	if err != nil {
		return nil, err
	}
	l := &Link{sh}
	if subtle.ConstantTimeCompare([]byte(sh.TokenHash), []byte(want)) != 1 || l.Status(s.cfg.Now()) != "active" {
		return nil, ErrLinkInactive
	}
	return l, nil
}

// shareOnly admits a request under /s/<token> when the link is active (and, with a
// password, unlocked), records it in the audit log, and marks it as a link's request
// for the pages, which then keep to the scope.
func (s *Server) shareOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		l, err := s.lookupLink(c.Request().Context(), c.Param("token"))
		if err != nil {
			return err
		}
		c.Set(linkKey, l)
		if l.PasswordHash != "" && !s.unlocked(c, l) {
			if c.Path() == "/s/:token/unlock" {
				return next(c)
			}
			return s.showPassword(c, http.StatusUnauthorized, "")
		}
		if c.Request().Method == http.MethodGet && c.Path() != "/s/:token/platforms.css" {
			if err := s.audit(c, l); err != nil {
				return err
			}
		}
		return next(c)
	}
}

func (s *Server) unlocked(c echo.Context, l *Link) bool {
	ck, err := c.Cookie(linkCookie)
	return err == nil && s.sessions.valid(ck.Value, l.ID, s.cfg.Now())
}

func (s *Server) base(c echo.Context) string {
	if linkOf(c) == nil {
		return ""
	}
	return "/s/" + c.Param("token")
}

func (s *Server) showPassword(c echo.Context, status int, msg string) error {
	return s.showStatus(c, status, "password", &page{Title: "Password", Bare: true, Base: s.base(c), Message: msg, CSRF: csrfOf(c)})
}

// unlock takes a password link's password; the cookie it sets is sent to that link's
// path only.
func (s *Server) unlock(c echo.Context) error {
	l := linkOf(c)
	if l.PasswordHash == "" || s.unlocked(c, l) {
		return c.Redirect(http.StatusSeeOther, s.base(c)+"/")
	}
	now, key := s.cfg.Now(), fmt.Sprintf("link %d|%s", l.ID, clientIP(c))
	if s.throttle.blocked(key, now) {
		return ErrTooManyAttempts
	}
	if !passwordMatches(l.PasswordHash, c.FormValue("password")) {
		s.throttle.failed(key, now)
		return s.showPassword(c, http.StatusUnauthorized, "That password is not right.")
	}
	c.SetCookie(s.cookie(linkCookie, s.sessions.start(l.ID, now), s.base(c), int(sessionTTL.Seconds())))
	return c.Redirect(http.StatusSeeOther, s.base(c)+"/")
}

// audit records a view: when, which link, what (without the token), a salted hash
// of the client's address and its user agent.
func (s *Server) audit(c echo.Context, l *Link) error {
	ctx := c.Request().Context()
	salt, err := s.auditSalt(ctx)
	if err != nil {
		return err
	}
	_, path, _ := splitShare(c.Request().URL.Path)
	if q := c.Request().URL.RawQuery; q != "" {
		path += "?" + q
	}
	h := sha256.Sum256([]byte(salt + "|" + clientIP(c)))
	return s.an.DB.RecordShareView(ctx, queries.ShareView{ShareID: l.ID, At: s.cfg.Now(), Path: clip(path, 500),
		ClientHash: hex.EncodeToString(h[:8]), UserAgent: clip(c.Request().UserAgent(), 300)})
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// auditSalt is made once per database, so client hashes cannot be looked up in a
// table of all addresses, yet the same visitor keeps the same hash.
func (s *Server) auditSalt(ctx context.Context) (string, error) {
	s.saltMu.Lock()
	defer s.saltMu.Unlock()
	if s.salt != "" {
		return s.salt, nil
	}
	settings, err := s.an.DB.Settings(ctx)
	if err != nil {
		return "", err
	}
	salt := settings[queries.SettingAuditSalt]
	if salt == "" {
		salt = newID()
		if err := s.an.DB.SetSetting(ctx, queries.SettingAuditSalt, salt); err != nil {
			return "", err
		}
	}
	s.salt = salt
	return salt, nil
}

// narrow holds a link's view to its scope: no dates asked means the whole scope,
// and days or platforms outside it are refused.
func (l *Link) narrow(v *view, asked bool, today time.Time) error {
	scope := l.Period(today)
	if !asked {
		v.Preset, v.Period = "custom", scope
	} else if !within(v.Period, scope) {
		return badRequest("This link shows %s – %s only; pick days inside that range",
			scope.From.Format(time.DateOnly), scope.To.Format(time.DateOnly))
	}
	if len(l.Platforms) == 0 {
		return nil
	}
	outside := badRequest("This link shows %s only", strings.Join(l.Platforms, ", "))
	for _, p := range v.Filter.Platforms {
		if !l.AllowsPlatform(p) {
			return outside
		}
	}
	for _, a := range v.Filter.Accounts {
		if p, _, _ := strings.Cut(a, ":"); !l.AllowsPlatform(p) {
			return outside
		}
	}
	if len(v.Filter.Platforms) == 0 {
		v.Filter.Platforms = l.Platforms
	}
	return nil
}

// chartPeriod is the period a chart shows: widened for short periods (see the
// function chartPeriod), but under a link never beyond its scope.
func (s *Server) chartPeriod(c echo.Context, p analytics.Period) analytics.Period {
	cp := chartPeriod(p)
	if l := linkOf(c); l != nil {
		if scope := l.Period(s.today()); cp.From.Before(scope.From) {
			cp.From = scope.From
		}
	}
	return cp
}

// scopeSummary drops the comparisons a link's scope does not cover: their values
// are numbers from days outside it.
func (s *Server) scopeSummary(c echo.Context, sum *analytics.Summary) {
	l := linkOf(c)
	if l == nil {
		return
	}
	scope := l.Period(s.today())
	sum.KPIs = slices.Clone(sum.KPIs) // the summary may be the cache's: change a copy
	for i := range sum.KPIs {
		if !within(sum.Previous, scope) {
			sum.KPIs[i].Previous = analytics.Comparison{}
		}
		if !within(sum.YearAgo, scope) {
			sum.KPIs[i].YearAgo = analytics.Comparison{}
		}
	}
}

func (s *Server) today() time.Time { return analytics.DayOf(s.cfg.Now().In(s.an.Practice.Location)) }

// liftInScope tells whether a campaign window's lift may be shown: under a link, its
// window and the 8 weeks before it must lie inside the scope.
func (s *Server) liftInScope(c echo.Context, e analytics.CalendarEntry) bool {
	l := linkOf(c)
	if l == nil {
		return true
	}
	return within(analytics.Period{From: e.From.AddDate(0, 0, -analytics.BaselineDays), To: e.To}, l.Period(s.today()))
}

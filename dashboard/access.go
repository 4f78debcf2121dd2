package dashboard

// Who may see what: the owner (signed in, or anyone on loopback when no sign-in is
// required) sees everything; a share link's holder sees its scope only (share.go);
// nobody else sees anything but the sign-in page and the static files.

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/time/rate"

	"pulse/queries"
)

// Error kinds of access control.
var (
	ErrTooManyAttempts = errors.New("too many wrong passwords")
	ErrLinkInactive    = errors.New("link inactive")
)

const (
	ownerCookie  = "pulse_session"
	linkCookie   = "pulse_link"
	sessionTTL   = 12 * time.Hour
	passwordCost = 12 // bcrypt's work factor: about a quarter second per try
	// MinPasswordLen and MaxPasswordLen bound passwords: bcrypt reads 72 bytes at most.
	MinPasswordLen = 8
	MaxPasswordLen = 72
)

// CheckPassword says in words what is wrong with a new password, or nil.
func CheckPassword(pw string) error {
	if len(pw) < MinPasswordLen || len(pw) > MaxPasswordLen {
		return badRequest("A password needs %d to %d characters", MinPasswordLen, MaxPasswordLen)
	}
	return nil
}

// HashPassword checks and hashes a password for storing.
func HashPassword(pw string) (string, error) {
	if err := CheckPassword(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), passwordCost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

func passwordMatches(hash, pw string) bool {
	if hash == "" || len(pw) > MaxPasswordLen {
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// sessions are the signed-in owner's and the unlocked password links' cookies. They
// live in memory: a restart signs everybody out, and nothing on disk opens a door.
type sessions struct {
	mu sync.Mutex
	m  map[string]session // by SHA-256 of the cookie value
}

type session struct {
	link    int64 // 0: the owner; else the share link it unlocks
	expires time.Time
}

func newID() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics rather than return short)
	return hex.EncodeToString(b)
}

func sessionKey(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

func (ss *sessions) start(link int64, now time.Time) string {
	id := newID()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for k, s := range ss.m { // forget the expired ones, so the map stays small
		if !now.Before(s.expires) {
			delete(ss.m, k)
		}
	}
	ss.m[sessionKey(id)] = session{link: link, expires: now.Add(sessionTTL)}
	return id
}

func (ss *sessions) valid(id string, link int64, now time.Time) bool {
	if id == "" {
		return false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.m[sessionKey(id)]
	return ok && s.link == link && now.Before(s.expires)
}

func (ss *sessions) end(id string) {
	ss.mu.Lock()
	delete(ss.m, sessionKey(id))
	ss.mu.Unlock()
}

// throttle slows down guessing: each client (and password) gets a few tries at once,
// then one every failDelay.
type throttle struct {
	mu sync.Mutex
	m  map[string]*rate.Limiter
}

const (
	failBurst = 5
	failDelay = 12 * time.Second
)

func (t *throttle) limiter(key string) *rate.Limiter {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.m) > 10000 { // a flood of addresses: start over rather than grow without bound
		t.m = map[string]*rate.Limiter{}
	}
	l, ok := t.m[key]
	if !ok {
		l = rate.NewLimiter(rate.Every(failDelay), failBurst)
		t.m[key] = l
	}
	return l
}

func (t *throttle) blocked(key string, now time.Time) bool { return t.limiter(key).TokensAt(now) < 1 }
func (t *throttle) failed(key string, now time.Time)       { t.limiter(key).AllowN(now, 1) }

// clientIP is the connection's address. Forwarding headers are ignored: anyone can
// write them, and a throttle or an audit keyed on them would be worthless.
func clientIP(c echo.Context) string {
	host, _, err := net.SplitHostPort(c.Request().RemoteAddr)
	if err != nil {
		return c.Request().RemoteAddr
	}
	return host
}

func (s *Server) cookie(name, value, path string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.cfg.SecureCookies}
}

func (s *Server) ownerSignedIn(c echo.Context) bool {
	if !s.cfg.RequireLogin {
		return true
	}
	ck, err := c.Cookie(ownerCookie)
	return err == nil && s.sessions.valid(ck.Value, 0, s.cfg.Now())
}

// ownerOnly guards every page but the share links, the sign-in and the static files.
func (s *Server) ownerOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.ownerSignedIn(c) {
			return next(c)
		}
		if isAPI(c.Request().URL.Path) {
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "Sign in first."})
		}
		return s.showLogin(c, http.StatusUnauthorized, "", c.Request().URL.RequestURI())
	}
}

type loginData struct{ Next string }

func (s *Server) showLogin(c echo.Context, status int, msg, next string) error {
	p := &page{Title: "Sign in", Bare: true, Message: msg, Data: loginData{Next: safeNext(next)}, CSRF: csrfOf(c)}
	return s.showStatus(c, status, "login", p)
}

func (s *Server) loginPage(c echo.Context) error {
	if s.ownerSignedIn(c) {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	return s.showLogin(c, http.StatusOK, "", c.QueryParam("next"))
}

func (s *Server) login(c echo.Context) error {
	now, key := s.cfg.Now(), "owner|"+clientIP(c)
	if s.throttle.blocked(key, now) {
		return ErrTooManyAttempts
	}
	settings, err := s.an.DB.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	if !passwordMatches(settings[queries.SettingOwnerPassword], c.FormValue("password")) {
		s.throttle.failed(key, now)
		s.cfg.Logger.Warn("failed sign-in", "client", clientIP(c))
		return s.showLogin(c, http.StatusUnauthorized, "That password is not right.", c.FormValue("next"))
	}
	c.SetCookie(s.cookie(ownerCookie, s.sessions.start(0, now), "/", int(sessionTTL.Seconds())))
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next")))
}

func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(ownerCookie); err == nil {
		s.sessions.end(ck.Value)
	}
	c.SetCookie(s.cookie(ownerCookie, "", "/", -1))
	if !s.cfg.RequireLogin {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	return c.Redirect(http.StatusSeeOther, "/login")
}

// safeNext keeps a sign-in's destination on this site: a path, never another host.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") ||
		len(next) > maxParam*4 || strings.HasPrefix(next, "/s/") {
		return "/"
	}
	return next
}

// localOnly refuses requests addressed to another host name when nobody has to sign
// in: a web page cannot then reach the dashboard through DNS rebinding, and a reverse
// proxy in front of a loopback pulse is refused instead of silently opening it.
func (s *Server) localOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.cfg.RequireLogin || loopbackHost(c.Request().Host) {
			return next(c)
		}
		return badRequest("This pulse answers on this machine only (127.0.0.1 or localhost). " +
			"To reach it under another name, start it with --require-login")
	}
}

func loopbackHost(hostport string) bool {
	h, _, err := net.SplitHostPort(hostport)
	if err != nil {
		h = hostport
	}
	h = strings.Trim(h, "[]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// splitShare cuts "/s/<token>/rest" into token and "/rest".
func splitShare(path string) (token, rest string, ok bool) {
	after, ok := strings.CutPrefix(path, "/s/")
	if !ok {
		return "", path, false
	}
	token, rest, _ = strings.Cut(after, "/")
	return token, "/" + rest, true
}

// logPath is the path as logs may show it. A share link's token must never appear,
// so any path with "/s/" in it (or an encoded slash, which could hide one) is logged as
// the route it matched, like "/s/:token/content".
func logPath(c echo.Context) string {
	u := c.Request().URL
	if strings.Contains(strings.ToLower(u.Path), "/s/") || strings.Contains(u.RawPath, "%") {
		return c.Path()
	}
	return u.Path
}

func isAPI(path string) bool {
	_, rest, _ := splitShare(path)
	return strings.HasPrefix(rest, "/api/")
}

// logRequests writes one line per request, with the token of a share link redacted.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		s.cfg.Logger.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
			slog.String("method", c.Request().Method), slog.String("path", logPath(c)),
			slog.Int("status", c.Response().Status), slog.Duration("took", time.Since(start)))
		return nil
	}
}

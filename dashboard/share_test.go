package dashboard

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pulse/analytics"
	"pulse/analytics/report"
	"pulse/queries"
)

// clock is a fake "now" the tests move forward.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// syncBuffer is the server's log, captured.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

const (
	ownerPassword = "owner-secret-1"
	linkPassword  = "link-secret-1"
)

// shareWorld is the fixture's practice (plus a Facebook account outside every link's
// scope) behind a server that requires sign-in, with links of every kind.
type shareWorld struct {
	ts                       *httptest.Server
	srv                      *Server
	an                       *analytics.Analyzer
	db                       *queries.DB
	clock                    *clock
	log                      *syncBuffer
	valid, pw, expired, revd string // tokens
	garbage                  string
	validID                  int64
}

func newShareWorld(t *testing.T, requireLogin bool) *shareWorld {
	t.Helper()
	_, an, imp, db := fixture(t, 1<<20)
	ctx := context.Background()
	fb := queries.Account{Platform: "facebook", Handle: "praxisnord"}
	if err := db.LoadBatch(ctx, &queries.Import{FileName: "fb", SHA256: "fb", Format: "test", AsOf: day("2025-04-01")},
		&queries.Batch{Daily: []queries.Daily{{Account: fb, Day: day("2025-03-25"), Metric: queries.MetricReach, Value: 7000}}},
		queries.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	w := &shareWorld{an: an, db: db, clock: &clock{t: time.Date(2025, 4, 2, 10, 0, 0, 0, time.UTC)}, log: &syncBuffer{}}
	hash, err := HashPassword(ownerPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, queries.SettingOwnerPassword, hash); err != nil {
		t.Fatal(err)
	}
	w.srv, err = New(Config{MaxUploadBytes: 1 << 20, Now: w.clock.Now, RequireLogin: requireLogin,
		Logger: slog.New(slog.NewTextHandler(w.log, nil)), Reports: report.NewService(an, t.TempDir(), w.clock.Now, nil)}, an, imp)
	if err != nil {
		t.Fatal(err)
	}
	march := ShareSpec{Label: "Anna", From: day("2025-03-01"), To: day("2025-03-31"), Platforms: []string{"instagram"}}
	mk := func(spec ShareSpec, at time.Time) (Link, string) {
		l, tok, err := CreateShare(ctx, an, spec, at)
		if err != nil {
			t.Fatal(err)
		}
		return l, tok
	}
	var l Link
	l, w.valid = mk(march, w.clock.Now())
	w.validID = l.ID
	withPW := march
	withPW.Password = linkPassword
	_, w.pw = mk(withPW, w.clock.Now())
	short := march
	short.ExpiryDays = 1
	_, w.expired = mk(short, w.clock.Now().AddDate(0, 0, -2))
	l, w.revd = mk(march, w.clock.Now())
	if err := db.RevokeShare(ctx, l.ID, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	w.garbage = strings.Repeat("A", 32)
	w.ts = httptest.NewServer(w.srv.Handler())
	t.Cleanup(w.ts.Close)
	return w
}

// do sends one request with c's cookies and, for POSTs, c's form token.
func (w *shareWorld) do(t *testing.T, c *http.Client, method, path string, form url.Values) (int, http.Header, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, w.ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

// csrf is c's form token: the value of its CSRF cookie, got by any GET.
func (w *shareWorld) csrf(t *testing.T, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(w.ts.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "pulse_csrf" {
			return ck.Value
		}
	}
	w.do(t, c, "GET", "/static/app.css", nil)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "pulse_csrf" {
			return ck.Value
		}
	}
	t.Fatal("no CSRF cookie")
	return ""
}

func (w *shareWorld) post(t *testing.T, c *http.Client, path string, form url.Values) (int, http.Header, string) {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", w.csrf(t, c))
	return w.do(t, c, "POST", path, form)
}

func (w *shareWorld) signIn(t *testing.T) *http.Client {
	t.Helper()
	c := client(t)
	if code, _, body := w.post(t, c, "/login", url.Values{"password": {ownerPassword}}); code != http.StatusSeeOther {
		t.Fatalf("sign in: %d %.300s", code, body)
	}
	return c
}

func (w *shareWorld) unlock(t *testing.T, token string) *http.Client {
	t.Helper()
	c := client(t)
	if code, h, body := w.post(t, c, "/s/"+token+"/unlock", url.Values{"password": {linkPassword}}); code != http.StatusSeeOther ||
		h.Get("Location") != "/s/"+token+"/" {
		t.Fatalf("unlock: %d %v %.300s", code, h, body)
	}
	return c
}

// TestEveryRouteForEveryVisitor is the access table: each route, asked by each kind of
// visitor, against a real server that requires sign-in.
func TestEveryRouteForEveryVisitor(t *testing.T) {
	w := newShareWorld(t, true)
	type visitor struct {
		name  string
		c     *http.Client
		token string // the link it holds, for the /s/ routes
	}
	visitors := []visitor{
		{"owner", w.signIn(t), w.valid},
		{"nobody", client(t), w.valid},
		{"link", client(t), w.valid},
		{"pw-before", client(t), w.pw},
		{"pw-after", w.unlock(t, w.pw), w.pw},
		{"expired", client(t), w.expired},
		{"revoked", client(t), w.revd},
		{"garbage", client(t), w.garbage},
	}
	const (
		ok, redirect, bad, unauth, notFound = 200, 303, 400, 401, 404
	)
	// want lists the status for owner, nobody, link, pw-before, pw-after, expired, revoked, garbage.
	all := func(code int) []int { return []int{code, code, code, code, code, code, code, code} }
	ownerOnly := func(code int) []int { return []int{code, unauth, unauth, unauth, unauth, unauth, unauth, unauth} }
	shared := func(code int) []int { return []int{code, code, code, unauth, code, notFound, notFound, notFound} }
	routes := []struct {
		method, path string
		form         url.Values
		want         []int
	}{
		{"GET", "/", nil, ownerOnly(ok)},
		{"GET", "/content", nil, ownerOnly(ok)},
		{"GET", "/content?page=2&sort=reach&dir=desc&q=post", nil, ownerOnly(ok)},
		{"GET", "/content?page=0", nil, ownerOnly(bad)},
		{"GET", "/audience", nil, ownerOnly(ok)},
		{"GET", "/campaigns", nil, ownerOnly(ok)},
		{"GET", "/imports", nil, ownerOnly(ok)},
		{"GET", "/sharing", nil, ownerOnly(ok)},
		{"GET", "/reports", nil, ownerOnly(ok)},
		{"GET", "/reports/pulse-2025-03.xlsx", nil, ownerOnly(notFound)},
		{"POST", "/reports", url.Values{"month": {"2025-13"}}, ownerOnly(bad)},
		{"GET", "/download/posts", nil, ownerOnly(ok)},
		{"GET", "/posts/instagram/praxis.nord/a", nil, ownerOnly(ok)},
		{"GET", "/api/v1/summary", nil, ownerOnly(ok)},
		{"GET", "/api/v1/timeseries", nil, ownerOnly(ok)},
		{"GET", "/api/v1/posts", nil, ownerOnly(ok)},
		{"GET", "/platforms.css", nil, ownerOnly(ok)},
		{"GET", "/no/such/page", nil, ownerOnly(notFound)},
		{"POST", "/campaigns/notes", url.Values{"day": {"2025-03-26"}, "text": {"x"}}, ownerOnly(redirect)},
		{"POST", "/campaigns/notes/999/delete", nil, ownerOnly(notFound)},
		{"POST", "/imports", url.Values{}, ownerOnly(bad)},
		{"POST", "/sharing", url.Values{"label": {"Ben"}}, ownerOnly(ok)},
		{"POST", "/sharing/999/revoke", nil, ownerOnly(notFound)},
		{"GET", "/login", nil, []int{redirect, ok, ok, ok, ok, ok, ok, ok}},
		{"GET", "/static/app.css", nil, all(ok)},
		{"GET", "/static/echarts.min.js", nil, all(ok)},

		{"GET", "{s}", nil, shared(redirect)},
		{"GET", "{s}/", nil, shared(ok)},
		{"GET", "{s}/content", nil, shared(ok)},
		{"GET", "{s}/content?page=2&sort=reach&dir=desc&q=post", nil, shared(ok)},
		{"GET", "{s}/content?page=0", nil, shared(bad)},
		{"GET", "{s}/content?page=2&platform=facebook", nil, shared(bad)},
		{"GET", "{s}/audience", nil, shared(ok)},
		{"GET", "{s}/campaigns", nil, shared(ok)},
		{"GET", "{s}/api/v1/summary", nil, shared(ok)},
		{"GET", "{s}/api/v1/timeseries", nil, shared(ok)},
		{"GET", "{s}/api/v1/posts", nil, shared(ok)},
		{"GET", "{s}/platforms.css", nil, shared(ok)},
		{"GET", "{s}/imports", nil, shared(notFound)},
		{"GET", "{s}/sharing", nil, shared(notFound)},
		{"GET", "{s}/reports", nil, shared(notFound)}, // the link was made without --allow-reports
		{"GET", "{s}/reports/pulse-2025-03.xlsx", nil, shared(notFound)},
		{"GET", "{s}/settings", nil, shared(notFound)},
		{"GET", "{s}/download/posts", nil, shared(notFound)},
		{"GET", "{s}/posts/instagram/praxis.nord/a", nil, shared(notFound)},
		{"GET", "{s}/login", nil, shared(notFound)},
		{"POST", "{s}/campaigns/notes", url.Values{"day": {"2025-03-26"}, "text": {"x"}}, shared(notFound)},
		{"POST", "{s}/imports", url.Values{}, shared(notFound)},
		{"POST", "{s}/sharing", url.Values{"label": {"Ben"}}, shared(notFound)},
	}
	for _, r := range routes {
		for i, v := range visitors {
			path := strings.ReplaceAll(r.path, "{s}", "/s/"+v.token)
			var code int
			var h http.Header
			var body string
			if r.method == "POST" {
				form := url.Values{}
				for k, vs := range r.form {
					form[k] = vs
				}
				code, h, body = w.post(t, v.c, path, form)
			} else {
				code, h, body = w.do(t, v.c, "GET", path, nil)
			}
			if code != r.want[i] {
				t.Errorf("%s %s as %s: %d, want %d: %.200s", r.method, r.path, v.name, code, r.want[i], body)
			}
			if code >= 500 {
				t.Errorf("%s %s as %s: server error", r.method, r.path, v.name)
			}
			if strings.HasPrefix(path, "/s/") {
				if h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Robots-Tag") != "noindex" || h.Get("Cache-Control") != "no-store" {
					t.Errorf("%s %s as %s: headers %v", r.method, r.path, v.name, h)
				}
				if code == notFound && (v.name == "expired" || v.name == "revoked" || v.name == "garbage") &&
					!strings.Contains(body, "This link is no longer active") {
					t.Errorf("%s %s as %s: %.300s", r.method, r.path, v.name, body)
				}
			}
		}
	}
	// Nothing of a token reaches the log, which did record the requests.
	log := w.log.String()
	if !strings.Contains(log, "path=/s/:token/content") {
		t.Errorf("the log has no share requests:\n%.1000s", log)
	}
	for _, tok := range []string{w.valid, w.pw, w.expired, w.revd, w.garbage} {
		if strings.Contains(log, tok) || strings.Contains(log, tok[:12]) {
			t.Fatalf("a token is in the log")
		}
	}
}

// TestShareScopeCannotWiden: the link shows March 2025 on Instagram; the viewer may
// narrow that, never widen it, by parameters, the JSON API or the path.
func TestShareScopeCannotWiden(t *testing.T) {
	w := newShareWorld(t, true)
	c := client(t)
	s := "/s/" + w.valid
	var sum analytics.Summary
	code, _, body := w.do(t, c, "GET", s+"/api/v1/summary", nil)
	if err := json.Unmarshal([]byte(body), &sum); err != nil || code != 200 {
		t.Fatalf("summary: %d %s", code, body)
	}
	// The whole scope by default; February and a year ago lie outside: no comparison.
	// Reach: Instagram's 40 + 55 + 5 = 100; Facebook's 7000 is outside the scope.
	if sum.Period.From != day("2025-03-01") || sum.Period.To != day("2025-03-31") || *sum.KPI("reach").Value != 100 ||
		sum.KPI("reach").Previous.Value != nil || sum.KPI("reach").YearAgo.Value != nil {
		t.Fatalf("default summary: %+v %+v", sum.Period, sum.KPI("reach"))
	}
	// Narrowed to the week of 24 March: the week before lies inside, so it compares.
	_, _, body = w.do(t, c, "GET", s+"/api/v1/summary?from=2025-03-24&to=2025-03-30&platform=instagram", nil)
	json.Unmarshal([]byte(body), &sum)
	if *sum.KPI("reach").Value != 100 || sum.KPI("posts").Previous.Value == nil || *sum.KPI("posts").Previous.Value != 0 || sum.KPI("posts").YearAgo.Value != nil {
		t.Fatalf("narrowed summary: %+v", sum.KPI("posts"))
	}
	// Charts keep inside the scope too: the week's chart starts on 1 March, not 56 days back.
	if _, _, page := w.do(t, c, "GET", s+"/?from=2025-03-24&to=2025-03-30", nil); !strings.Contains(page, "Sum of daily reach since 1 Mar 2025") {
		t.Error("the overview chart is not held to the scope")
	}
	var tsDoc analytics.Timeseries
	_, _, body = w.do(t, c, "GET", s+"/api/v1/timeseries", nil)
	json.Unmarshal([]byte(body), &tsDoc)
	if len(tsDoc.Reach.Platforms) != 1 || tsDoc.Reach.Platforms[0].Platform != "instagram" {
		t.Fatalf("timeseries shows other platforms: %s", body)
	}

	widen := map[string]string{
		"/?from=2025-02-01&to=2025-03-31":                      "This link shows 2025-03-01 – 2025-03-31 only",
		"/content?from=2025-03-01&to=2025-04-01":               "This link shows 2025-03-01 – 2025-03-31 only",
		"/audience?preset=this-month":                          "only",
		"/campaigns?preset=year-to-date":                       "only",
		"/?platform=facebook":                                  "This link shows instagram only",
		"/content?platform=instagram&platform=facebook":        "This link shows instagram only",
		"/?account=facebook:praxisnord":                        "This link shows instagram only",
		"/api/v1/summary?from=2024-03-01&to=2025-03-31":        "only",
		"/api/v1/timeseries?from=2025-01-01&to=2025-03-31":     "only",
		"/api/v1/posts?platform=facebook":                      "instagram only",
		"/api/v1/posts?preset=last-90-days":                    "only",
		"/api/v1/summary?preset=last-week&platform=facebook":   "instagram only",
		"/api/v1/timeseries?account=facebook:praxisnord":       "instagram only",
		"/content?preset=custom&from=2025-03-01&to=2025-03-31": "",
	}
	for q, words := range widen {
		code, _, body := w.do(t, c, "GET", s+q, nil)
		if words == "" { // inside the scope, to show the table is not refusing everything
			if code != 200 {
				t.Errorf("%s: %d", q, code)
			}
			continue
		}
		if code != http.StatusBadRequest || !strings.Contains(body, words) {
			t.Errorf("%s: %d %.200s, want 400 with %q", q, code, body, words)
		}
	}
	// Path tricks reach nothing of the owner's.
	tricks := []string{s + "/../imports", s + "/..%2Fimports", s + "%2F..%2Fimports", s + "/%2e%2e/imports", s + "/s/" + w.pw + "/",
		s + "/s/" + w.valid + "/imports", "/s/" + w.valid + "%2F..%2F..%2Fsharing", s + "/api/v1/../../imports", s + "//imports",
		s + "/api/v1/summary/../../../sharing", "/s/%2e%2e/imports", "/s//imports", "/s/" + w.valid + "/static/../imports"}
	for _, p := range tricks {
		code, _, body := w.do(t, c, "GET", p, nil)
		if code == 200 || code >= 500 || strings.Contains(body, "History") || strings.Contains(body, "New link") {
			t.Errorf("GET %s: %d %.200s", p, code, body)
		}
	}

	// Pages under the link link only within it, and show nothing of the owner's.
	for _, p := range []string{"/", "/content", "/audience", "/campaigns"} {
		_, _, page := w.do(t, c, "GET", s+p+"?from=2025-03-01&to=2025-03-31", nil)
		for _, m := range regexp.MustCompile(`(?:href|action|src)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
			u := m[1]
			if u != "" && !strings.HasPrefix(u, s+"/") && !strings.HasPrefix(u, "/static/") && !strings.HasPrefix(u, "https://") {
				t.Errorf("%s links out of the link: %q", p, u)
			}
		}
		for _, owner := range []string{"Imports</a>", "Sharing", "Download", "Add note", "Remove", "Sign out", "Facebook", `name="referrer" content="same-origin"`} {
			if strings.Contains(page, owner) {
				t.Errorf("%s under a link shows %q", p, owner)
			}
		}
		if !strings.Contains(page, "A read-only view shared with you: 1 Mar 2025 – 31 Mar 2025, Instagram") {
			t.Errorf("%s: no note of the shared scope", p)
		}
	}
}

// TestHostileParametersArePlain400s: on every route a link or the owner reaches.
func TestHostileParametersArePlain400s(t *testing.T) {
	w := newShareWorld(t, true)
	owner := w.signIn(t)
	link := client(t)
	hostile := []url.Values{
		{"from": {"2025-03-01';DROP TABLE posts;--"}, "to": {"2025-03-31"}},
		{"platform": {"instagram' OR '1'='1"}},
		{"platform": {"<script>alert(1)</script>"}},
		{"account": {"instagram:x' UNION SELECT * FROM settings--"}},
		{"platform": {"myspace"}},
		{"from": {"99999-01-01"}, "to": {"99999-12-31"}},
		{"from": {"2025-02-30"}, "to": {"2025-03-31"}},
		{"from": {"2025-03-10"}, "to": {"2025-03-01"}},
		{"from": {"0000-00-00"}, "to": {"2025-03-31"}},
		{"preset": {strings.Repeat("x", 100000)}},
		{"platform": {strings.Repeat("instagram", 1000)}},
		{"preset": {"last-week\x00"}},
		{"from": {"-1"}, "to": {"1e308"}},
		{"from": {"2025-03-01"}},
	}
	ownerRoutes := []string{"/", "/content", "/audience", "/campaigns", "/api/v1/summary", "/api/v1/timeseries", "/api/v1/posts", "/download/posts"}
	shareRoutes := []string{"/", "/content", "/audience", "/campaigns", "/api/v1/summary", "/api/v1/timeseries", "/api/v1/posts"}
	check := func(c *http.Client, path string) {
		code, h, body := w.do(t, c, "GET", path, nil)
		if code != http.StatusBadRequest {
			t.Errorf("GET %.120s: %d, want 400: %.200s", path, code, body)
		}
		if strings.Contains(body, ".go:") || strings.Contains(body, "goroutine") || strings.Contains(strings.ToLower(body), "duckdb") || strings.Contains(body, "<script>alert") {
			t.Errorf("GET %.120s leaks or echoes: %.300s", path, body)
		}
		if strings.Contains(path, "/api/") && !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Errorf("GET %.120s: API error is not JSON", path)
		}
	}
	for _, v := range hostile {
		q := "?" + v.Encode()
		for _, r := range ownerRoutes {
			check(owner, r+q)
		}
		for _, r := range shareRoutes {
			check(link, "/s/"+w.valid+r+q)
		}
	}
}

// TestOwnerFormsNeedTheirToken: every form the owner (or a link's visitor) sends is
// refused without its CSRF token, and changes nothing.
func TestOwnerFormsNeedTheirToken(t *testing.T) {
	w := newShareWorld(t, true)
	owner := w.signIn(t)
	before, _ := w.db.Shares(context.Background())
	for _, p := range []string{"/login", "/logout", "/campaigns/notes", "/campaigns/notes/1/delete", "/imports", "/sharing",
		"/sharing/1/revoke", "/s/" + w.pw + "/unlock"} {
		code, _, body := w.do(t, owner, "POST", p, url.Values{"label": {"Eve"}, "password": {ownerPassword}, "day": {"2025-03-26"}, "text": {"x"}})
		if code != http.StatusForbidden || !strings.Contains(body, "This form has expired") {
			t.Errorf("POST %s without token: %d %.200s", p, code, body)
		}
	}
	after, _ := w.db.Shares(context.Background())
	if len(after) != len(before) || !after[0].RevokedAt.IsZero() != !before[0].RevokedAt.IsZero() {
		t.Error("a form without its token changed the links")
	}
	// The owner is still signed in: the tokenless sign-out did nothing.
	if code, _, _ := w.do(t, owner, "GET", "/sharing", nil); code != 200 {
		t.Errorf("after a tokenless sign-out: %d", code)
	}
}

func TestSignInSignOutAndSlowdown(t *testing.T) {
	w := newShareWorld(t, true)
	c := client(t)
	// The sign-in page keeps where the visitor wanted to go, but only on this site.
	if code, _, body := w.do(t, c, "GET", "/content?preset=last-week", nil); code != 401 || !strings.Contains(body, `name="next" value="/content?preset=last-week"`) {
		t.Fatalf("signed out: %d %.300s", code, body)
	}
	if code, _, body := w.do(t, c, "GET", "/api/v1/summary", nil); code != 401 || !strings.Contains(body, `"error"`) {
		t.Fatalf("signed out API: %d %s", code, body)
	}
	for i := 0; i < failBurst; i++ {
		if code, _, body := w.post(t, c, "/login", url.Values{"password": {"guess"}}); code != 401 || !strings.Contains(body, "That password is not right") {
			t.Fatalf("wrong password %d: %d", i, code)
		}
	}
	// Slowed down: even the right password waits now.
	if code, _, body := w.post(t, c, "/login", url.Values{"password": {ownerPassword}}); code != http.StatusTooManyRequests || !strings.Contains(body, "Wait a minute") {
		t.Fatalf("after %d wrong passwords: %d %.200s", failBurst, code, body)
	}
	w.clock.Add(failDelay)
	code, h, _ := w.post(t, c, "/login", url.Values{"password": {ownerPassword}, "next": {"//evil.example/x"}})
	if code != http.StatusSeeOther || h.Get("Location") != "/" {
		t.Fatalf("sign in: %d %v", code, h)
	}
	ck := findCookie(h, ownerCookie)
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Secure || ck.Path != "/" {
		t.Fatalf("session cookie: %+v", ck)
	}
	if code, _, page := w.do(t, c, "GET", "/", nil); code != 200 || !strings.Contains(page, "Sign out") || !strings.Contains(page, `href="/sharing"`) {
		t.Fatalf("signed in: %d", code)
	}
	if code, h, _ := w.post(t, c, "/logout", nil); code != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Fatalf("sign out: %d", code)
	}
	// The old session is gone on the server, not only in the browser.
	stale := client(t)
	u, _ := url.Parse(w.ts.URL)
	stale.Jar.SetCookies(u, []*http.Cookie{{Name: ownerCookie, Value: ck.Value}})
	if code, _, _ := w.do(t, stale, "GET", "/", nil); code != 401 {
		t.Fatalf("a signed-out session still works: %d", code)
	}
	// Sessions end on their own too.
	c = w.signIn(t)
	w.clock.Add(sessionTTL)
	if code, _, _ := w.do(t, c, "GET", "/", nil); code != 401 {
		t.Fatalf("an old session still works: %d", code)
	}
}

func findCookie(h http.Header, name string) *http.Cookie {
	for _, ck := range (&http.Response{Header: h}).Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

func TestSecureCookiesUnderTLS(t *testing.T) {
	_, an, imp, db := fixture(t, 1<<20)
	hash, _ := HashPassword(ownerPassword)
	db.SetSetting(context.Background(), queries.SettingOwnerPassword, hash)
	s, err := New(Config{RequireLogin: true, SecureCookies: true, Reports: report.NewService(an, t.TempDir(), nil, nil)}, an, imp)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(s.Handler())
	defer ts.Close()
	c := ts.Client()
	res, err := c.Get(ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	csrf := findCookie(res.Header, "pulse_csrf")
	req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader(url.Values{"password": {ownerPassword}, "csrf": {csrf.Value}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(csrf)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if ck := findCookie(res.Header, ownerCookie); res.StatusCode != 303 || ck == nil || !ck.Secure || !csrf.Secure {
		t.Fatalf("under TLS: %d %+v, csrf %+v", res.StatusCode, ck, csrf)
	}
}

func TestPasswordLink(t *testing.T) {
	w := newShareWorld(t, true)
	c := client(t)
	s := "/s/" + w.pw
	if code, _, body := w.do(t, c, "GET", s+"/content", nil); code != 401 || !strings.Contains(body, "This link needs a password") ||
		strings.Contains(body, "Content") || strings.Contains(body, "Instagram") || strings.Contains(body, "2025") {
		t.Fatalf("locked: %d %.300s", code, body)
	}
	for i := 0; i < failBurst; i++ {
		if code, _, _ := w.post(t, c, s+"/unlock", url.Values{"password": {"guess"}}); code != 401 {
			t.Fatalf("wrong password: %d", code)
		}
	}
	if code, _, body := w.post(t, c, s+"/unlock", url.Values{"password": {linkPassword}}); code != http.StatusTooManyRequests || strings.Contains(body, "Instagram") {
		t.Fatalf("not slowed down: %d", code)
	}
	w.clock.Add(failDelay)
	code, h, _ := w.post(t, c, s+"/unlock", url.Values{"password": {linkPassword}})
	ck := findCookie(h, linkCookie)
	if code != 303 || ck == nil || ck.Path != s || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode {
		t.Fatalf("unlock: %d %+v", code, ck)
	}
	if code, _, _ := w.do(t, c, "GET", s+"/content", nil); code != 200 {
		t.Fatalf("unlocked: %d", code)
	}
	// The cookie opens that link only: not another password link, not the owner's pages.
	_, other, err := CreateShare(context.Background(), w.an, ShareSpec{Label: "Other", LastDays: 30, Password: linkPassword}, w.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(w.ts.URL + "/s/" + other + "/")
	c.Jar.SetCookies(u, []*http.Cookie{{Name: linkCookie, Value: ck.Value, Path: "/s/" + other}})
	if code, _, _ := w.do(t, c, "GET", "/s/"+other+"/", nil); code != 401 {
		t.Fatalf("one link's cookie opened another: %d", code)
	}
	if code, _, _ := w.do(t, c, "GET", "/imports", nil); code != 401 {
		t.Fatalf("a link's cookie opened the owner's pages: %d", code)
	}
}

func TestExpiryAndRevokeStopALinkAtOnce(t *testing.T) {
	w := newShareWorld(t, true)
	c := client(t)
	s := "/s/" + w.valid + "/"
	if code, _, _ := w.do(t, c, "GET", s, nil); code != 200 {
		t.Fatalf("fresh link: %d", code)
	}
	w.clock.Add(DefaultExpiryDays*24*time.Hour - time.Second)
	if code, _, _ := w.do(t, c, "GET", s, nil); code != 200 {
		t.Fatalf("a second before expiry: %d", code)
	}
	w.clock.Add(time.Second)
	if code, _, body := w.do(t, c, "GET", s, nil); code != 404 || !strings.Contains(body, "This link is no longer active") || strings.Contains(body, "Overview") {
		t.Fatalf("expired: %d %.300s", code, body)
	}

	// Revoked through the Sharing page: the next request is refused.
	w2 := newShareWorld(t, true)
	owner := w2.signIn(t)
	if code, _, _ := w2.do(t, c, "GET", "/s/"+w2.valid+"/", nil); code != 200 {
		t.Fatal("fresh link")
	}
	if code, h, _ := w2.post(t, owner, "/sharing/"+itoa(w2.validID)+"/revoke", nil); code != 303 || h.Get("Location") != "/sharing" {
		t.Fatalf("revoke: %d", code)
	}
	if code, _, _ := w2.do(t, c, "GET", "/s/"+w2.valid+"/api/v1/summary", nil); code != 404 {
		t.Fatalf("revoked: %d", code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestSharingPage: the owner makes a link on the page, sees its URL once, the link
// works, and its views show up with the audit log.
func TestSharingPage(t *testing.T) {
	w := newShareWorld(t, true)
	owner := w.signIn(t)
	code, h, page := w.post(t, owner, "/sharing", url.Values{"label": {"Carla"}, "range": {"fixed"}, "from": {"2025-03-24"},
		"to": {"2025-03-30"}, "expires_days": {"7"}, "platform": {"instagram"}, "allow_reports": {"1"}})
	m := regexp.MustCompile(`<code id="new-link-url">` + regexp.QuoteMeta(w.ts.URL) + `/s/([A-Za-z0-9_-]{32})/</code>`).FindStringSubmatch(page)
	if code != 200 || m == nil || h.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d %v %.500s", code, m, page)
	}
	token := m[1]
	visitor := client(t)
	req, _ := http.NewRequest("GET", w.ts.URL+"/s/"+token+"/content?from=2025-03-25&to=2025-03-26", nil)
	req.Header.Set("User-Agent", "ConsultantBrowser/1.0")
	req.Header.Set("X-Forwarded-For", "203.0.113.9") // ignored: anyone can write it
	res, err := visitor.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("the new link: %v %v", err, res)
	}
	res.Body.Close()
	w.clock.Add(time.Hour)
	_, _, page = w.do(t, owner, "GET", "/sharing", nil)
	if strings.Contains(page, token) {
		t.Fatal("the Sharing page shows the token again")
	}
	row := regexp.MustCompile(`<tr data-link="5">(.*?)</tr>`).FindStringSubmatch(strings.ReplaceAll(page, "\n", " "))
	if row == nil {
		t.Fatalf("no row for the new link:\n%.2000s", page)
	}
	for _, want := range []string{"Carla", "24 Mar 2025 – 30 Mar 2025, Instagram", "<td>no</td>", "<td>allowed</td>",
		"<td>2 Apr 2025 10:00</td><td>9 Apr 2025 10:00</td>", `<td class="status">active</td><td>2 Apr 2025 10:00</td><td class="num">1</td>`} {
		if !strings.Contains(row[1], want) {
			t.Errorf("link row lacks %q: %s", want, row[1])
		}
	}
	salt, _ := w.srv.auditSalt(context.Background())
	sum := sha256.Sum256([]byte(salt + "|127.0.0.1"))
	wantLog := "<tr><td>2 Apr 2025 10:00</td><td>#5 Carla</td><td>/content?from=2025-03-25&amp;to=2025-03-26</td><td><code>" +
		hex.EncodeToString(sum[:8]) + "</code></td><td>ConsultantBrowser/1.0</td></tr>"
	if !strings.Contains(page, wantLog) {
		t.Errorf("audit log lacks %s", wantLog)
	}
	// Expired and revoked links say so.
	for _, st := range []string{`<td class="status">expired</td>`, `<td class="status">revoked</td>`} {
		if !strings.Contains(page, st) {
			t.Errorf("no %s", st)
		}
	}
	// A refused form says why, keeps the label, stores nothing.
	code, _, page = w.post(t, owner, "/sharing", url.Values{"label": {"Dora"}, "range": {"fixed"}, "from": {"2025-03-24"}, "to": {"2025-03-30"}, "expires_days": {"400"}})
	if code != 400 || !strings.Contains(page, "A link expires after 1 to 365 days") || !strings.Contains(page, `value="Dora"`) {
		t.Errorf("refused form: %d", code)
	}
	for form, words := range map[string]url.Values{
		"A fixed range needs from and to dates": {"label": {"D"}, "range": {"fixed"}, "from": {"2025-03-24"}},
		"no account of platform":                {"label": {"D"}, "platform": {"myspace"}},
		"needs a label":                         {"label": {"  "}},
		"A password needs 8 to 72 characters":   {"label": {"D"}, "password": {"short"}},
		"The last N days":                       {"label": {"D"}, "last_days": {"99999"}},
	} {
		if code, _, page := w.post(t, owner, "/sharing", words); code != 400 || !strings.Contains(page, form) {
			t.Errorf("form %v: %d, want %q", words, code, form)
		}
	}
	if list, _ := w.db.Shares(context.Background()); len(list) != 5 {
		t.Errorf("%d links stored, want 5", len(list))
	}
}

func TestLoopbackNeedsNoSignInButOnlyAnswersLocalNames(t *testing.T) {
	w := newShareWorld(t, false)
	c := client(t)
	if code, _, page := w.do(t, c, "GET", "/sharing", nil); code != 200 || strings.Contains(page, "Sign out") {
		t.Fatalf("loopback: %d", code)
	}
	for host, want := range map[string]int{"localhost:8080": 200, "[::1]:8080": 200, "127.0.0.1": 200, "attacker.example": 400, "10.0.0.5:8080": 400} {
		req, _ := http.NewRequest("GET", w.ts.URL+"/", nil)
		req.Host = host
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want || (want == 400 && !strings.Contains(string(b), "--require-login")) {
			t.Errorf("Host %s: %d, want %d", host, res.StatusCode, want)
		}
	}
	// Links work the same.
	if code, _, _ := w.do(t, c, "GET", "/s/"+w.valid+"/", nil); code != 200 {
		t.Errorf("link on loopback: %d", code)
	}
}

func TestLinkScopeRules(t *testing.T) {
	today := day("2025-04-02")
	fixed := Link{queries.Share{From: day("2025-01-15"), To: day("2025-03-31"), AllowReports: true}}
	rolling := Link{queries.Share{LastDays: 90, AllowReports: true}}
	if p := rolling.Period(today); p.From != day("2025-01-02") || p.To != day("2025-04-01") {
		t.Fatalf("rolling period: %v", p)
	}
	cases := []struct {
		l     Link
		month string
		want  bool
	}{
		{fixed, "2025-03-10", true},
		{fixed, "2025-02-01", true},
		{fixed, "2025-01-31", false}, // starts on the 15th
		{fixed, "2025-04-01", false},
		{rolling, "2025-03-01", true},
		{rolling, "2025-01-01", false}, // 1 January lies before 2 January
		{rolling, "2025-04-01", false}, // not over yet
		{Link{queries.Share{From: day("2025-01-01"), To: day("2025-03-31")}}, "2025-02-01", false}, // reports not allowed
	}
	for _, c := range cases {
		if got := c.l.AllowsMonth(day(c.month), today); got != c.want {
			t.Errorf("%+v AllowsMonth(%s) = %v", c.l.Share, c.month, got)
		}
	}
	for in, want := range map[string]int{"30d": 30, "12w": 84, "1y": 365, "45": 45, "0d": -1, "x": -1, "-3d": -1, "": -1} {
		got, err := ParseDays(in)
		if (want < 0) != (err != nil) || (want > 0 && got != want) {
			t.Errorf("ParseDays(%q) = %d, %v", in, got, err)
		}
	}
	if tokenForm.MatchString(newToken()) == false || newToken() == newToken() || len(newToken()) != 32 {
		t.Error("tokens: 32 URL-safe characters, never twice the same")
	}
}

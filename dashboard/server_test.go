package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"pulse/analytics"
	"pulse/analytics/report"
	"pulse/queries"
)

func n(v int64) *int64 { return &v }

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// recordingImporter stands in for the ingest wiring that lives in cmd: it keeps what
// was uploaded. (The real upload path is covered by cmd/pulse's browser test.)
type recordingImporter struct{ got []Upload }

func (r *recordingImporter) Import(_ context.Context, files []Upload) []UploadResult {
	r.got = append(r.got, files...)
	out := make([]UploadResult, len(files))
	for i, f := range files {
		out[i] = UploadResult{Name: f.Name, Lines: []string{f.Name + ": loaded", fmt.Sprintf("  %d bytes", len(f.Data))}}
	}
	return out
}

func (r *recordingImporter) History(context.Context) ([]ImportRow, error) {
	return []ImportRow{{ID: 1, When: time.Date(2025, 3, 31, 9, 0, 0, 0, time.UTC), File: "=cmd|' /C calc'!A0.csv", Format: "meta-posts"}}, nil
}

// fixture is a practice in Berlin with two Instagram posts and three days of reach
// in ISO week 2025-W13 (24–30 March 2025), small enough to check by hand:
//
//	reach: 40 + 55 + 5 = 100 (sum of daily reach)
//	post a: reach 200, likes 10 + comments 2 + shares 3 + saves 5 = 20 interactions, ER 10%
//	post b: reach 50 (under the minimum of 100), 5 likes, ER 10%, not ranked
//	set ER: (20 + 5) / (200 + 50) = 10%
func fixture(t *testing.T, maxUpload int64) (*Server, *analytics.Analyzer, *recordingImporter, *queries.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := queries.Open(ctx, filepath.Join(t.TempDir(), "pulse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ig := queries.Account{Platform: "instagram", Handle: "praxis.nord"}
	b := &queries.Batch{
		Posts: []queries.Post{
			{Account: ig, PostID: "a", PublishedAt: time.Date(2025, 3, 25, 17, 0, 0, 0, time.UTC), ContentType: "reel",
				Caption: "=HYPERLINK(\"http://x\",\"y\") breathing", Permalink: "https://www.instagram.com/p/a/",
				Metrics: queries.Metrics{Reach: n(200), Views: n(300), Likes: n(10), Comments: n(2), Shares: n(3), Saves: n(5)}},
			{Account: ig, PostID: "b", PublishedAt: time.Date(2025, 3, 27, 8, 0, 0, 0, time.UTC), ContentType: "image",
				Caption: "Sleep and mood", Permalink: "javascript:alert(1)", Metrics: queries.Metrics{Reach: n(50), Likes: n(5)}},
		},
		Daily: []queries.Daily{
			{Account: ig, Day: day("2025-03-24"), Metric: queries.MetricReach, Value: 40},
			{Account: ig, Day: day("2025-03-25"), Metric: queries.MetricReach, Value: 55},
			{Account: ig, Day: day("2025-03-30"), Metric: queries.MetricReach, Value: 5},
			{Account: ig, Day: day("2025-03-30"), Metric: queries.MetricFollowersTotal, Value: 1000},
		},
	}
	if err := db.LoadBatch(ctx, &queries.Import{FileName: "f", SHA256: "f", Format: "test", AsOf: day("2025-04-01")}, b, queries.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	an := analytics.New(db, analytics.Practice{Name: "Praxis Nord", TimeZone: "Europe/Berlin", Location: loc, MinReach: 100})
	imp := &recordingImporter{}
	// "Today" is Wednesday 2 April 2025: the last complete week is 2025-W13.
	now := func() time.Time { return time.Date(2025, 4, 2, 10, 0, 0, 0, time.UTC) }
	sch, err := report.ParseSchedule(analytics.DefaultReportSchedule)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{MaxUploadBytes: maxUpload, Now: now, Reports: report.NewService(an, t.TempDir(), now, nil), ReportSchedule: &sch}, an, imp)
	if err != nil {
		t.Fatal(err)
	}
	return s, an, imp, db
}

func get(t *testing.T, ts *httptest.Server, path string) (int, http.Header, string) {
	t.Helper()
	res, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

func TestEveryRouteAndFilter(t *testing.T) {
	s, _, _, _ := fixture(t, 1<<20)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	paths := []string{"/", "/content", "/audience", "/campaigns", "/imports", "/reports",
		"/api/v1/summary", "/api/v1/timeseries", "/api/v1/posts",
		"/download/posts", "/download/kpis", "/download/followers", "/download/content-types",
		"/download/best-times", "/download/cadence", "/download/imports"}
	filters := []string{"", "?preset=this-week", "?preset=last-week", "?preset=last-4-weeks", "?preset=this-month",
		"?preset=last-month", "?preset=last-90-days", "?preset=year-to-date", "?from=2025-03-24&to=2025-03-30",
		"?preset=last-week&platform=instagram", "?preset=last-week&account=instagram:praxis.nord",
		"?from=2025-03-01&to=2025-03-31&platform=instagram&account=instagram:@Praxis.Nord"}
	for _, p := range paths {
		for _, f := range filters {
			code, h, body := get(t, ts, p+f)
			if code != http.StatusOK {
				t.Errorf("GET %s%s: %d %s", p, f, code, body)
			}
			checkSecurityHeaders(t, p+f, h)
		}
	}
	if code, h, body := get(t, ts, "/platforms.css"); code != 200 || body != ".p-instagram { background: #c13584; }\n" || !strings.HasPrefix(h.Get("Content-Type"), "text/css") {
		t.Errorf("GET /platforms.css: %d %q", code, body)
	}
	for _, p := range []string{"/static/app.css", "/static/app.js", "/static/echarts.min.js"} {
		if code, h, body := get(t, ts, p); code != 200 || len(body) < 100 {
			t.Errorf("GET %s: %d, %d bytes", p, code, len(body))
		} else if h.Get("Content-Type") == "" {
			t.Errorf("GET %s: no content type", p)
		}
	}
}

var thirdParty = regexp.MustCompile(`https?://`)

func checkSecurityHeaders(t *testing.T, path string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || thirdParty.MatchString(csp) {
		t.Errorf("%s: CSP %q", path, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: no X-Content-Type-Options", path)
	}
}

func TestNumbersMatchAnalytics(t *testing.T) {
	s, an, _, _ := fixture(t, 1<<20)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	week := analytics.Period{From: day("2025-03-24"), To: day("2025-03-30")}
	want, err := an.Summary(context.Background(), week, analytics.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	_, _, got := get(t, ts, "/api/v1/summary") // default: the last complete week
	if strings.TrimSpace(got) != string(wantJSON) {
		t.Fatalf("summary API:\n%s\nanalytics:\n%s", got, wantJSON)
	}
	// Hand-checked figures, as the page shows them.
	_, _, page := get(t, ts, "/")
	for key, text := range map[string]string{"reach": "100", "engagement_rate": "10.00%", "posts": "2", "interactions": "25"} {
		re := regexp.MustCompile(`data-kpi="` + key + `"[^>]*>\s*<div class="label">[^<]*</div>\s*<div class="value">([^<]*)</div>`)
		m := re.FindStringSubmatch(page)
		if m == nil || m[1] != text || m[1] != want.KPI(key).Text() {
			t.Errorf("KPI %s shows %v, want %q (analytics: %q)", key, m, text, want.KPI(key).Text())
		}
	}
	// The top post table: only post a reaches the minimum of 100.
	if !strings.Contains(page, `href="https://www.instagram.com/p/a/"`) || strings.Contains(page, "Sleep and mood</a>") {
		t.Error("top posts: want post a linked and post b absent")
	}
	// A non-http permalink never becomes a link.
	_, _, content := get(t, ts, "/content?preset=last-week")
	if strings.Contains(content, "javascript:") {
		t.Error("a javascript: permalink became a link")
	}

	var posts PostsDocument
	_, _, body := get(t, ts, "/api/v1/posts?from=2025-03-24&to=2025-03-30&platform=instagram")
	if err := json.Unmarshal([]byte(body), &posts); err != nil {
		t.Fatal(err)
	}
	if len(posts.Posts) != 2 || posts.Posts[0].PostID != "a" || *posts.Posts[0].Interactions != 20 || *posts.Posts[0].ER != 0.1 {
		t.Fatalf("posts API: %s", body)
	}
	var tsDoc analytics.Timeseries
	_, _, body = get(t, ts, "/api/v1/timeseries?from=2025-03-24&to=2025-03-26")
	if err := json.Unmarshal([]byte(body), &tsDoc); err != nil {
		t.Fatal(err)
	}
	if got := tsDoc.Reach.Platforms; len(got) != 1 || *got[0].Values[0] != 40 || *got[0].Values[1] != 55 || got[0].Values[2] != nil {
		t.Fatalf("timeseries reach: %s", body)
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	s, _, _, _ := fixture(t, 1<<20)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	code, h, body := get(t, ts, "/download/posts?preset=last-week")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.Contains(h.Get("Content-Disposition"), "pulse-posts-2025-03-24-2025-03-30.csv") {
		t.Fatalf("download: %d %v", code, h)
	}
	if !strings.Contains(body, `"'=HYPERLINK(""http://x"",""y"") breathing"`) {
		t.Errorf("the caption formula was not neutralised:\n%s", body)
	}
	if _, _, body := get(t, ts, "/download/imports"); !strings.Contains(body, "'=cmd|") {
		t.Errorf("imports CSV: %s", body)
	}
}

func TestBadParametersArePlain400s(t *testing.T) {
	s, _, _, _ := fixture(t, 1<<20)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	cases := map[string]string{
		"?preset=forever":                            "Unknown period",
		"?from=2025-13-01&to=2025-12-31":             "from and to dates",
		"?from=2025-03-30&to=2025-03-01":             "",
		"?from=1900-01-01&to=2025-01-01":             "at most 10 years",
		"?platform=myspace":                          "myspace",
		"?platform=x%27%20OR%201%3D1--":              "or 1=1",
		"?account=instagram":                         "platform:handle",
		"?account=instagram:nobody":                  "not known",
		"?preset=" + strings.Repeat("a", 5000):       "too long",
		"?from=2025-03-01;DROP%20TABLE%20posts&to=x": "from and to dates",
	}
	for _, p := range []string{"/", "/content", "/audience", "/campaigns", "/api/v1/summary", "/api/v1/timeseries", "/api/v1/posts", "/download/posts"} {
		for q, words := range cases {
			code, _, body := get(t, ts, p+q)
			if code != http.StatusBadRequest || !strings.Contains(body, words) {
				t.Errorf("GET %s%s: %d, want 400 with %q: %.200s", p, q, code, words, body)
			}
			if strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
				t.Errorf("GET %s%s leaks internals: %.300s", p, q, body)
			}
		}
	}
	if code, _, body := get(t, ts, "/no/such/page"); code != 404 || !strings.Contains(body, "There is no such page") {
		t.Errorf("unknown page: %d %.200s", code, body)
	}
	if code, _, body := get(t, ts, "/content?preset=last-week&by=zodiac&a=x"); code != 400 || strings.Contains(body, ".go:") {
		t.Errorf("bad experiment: %d %.200s", code, body)
	}
}

func TestServerErrorsShowPlainWords(t *testing.T) {
	s, _, _, db := fixture(t, 1<<20)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	db.Close() // every query now fails inside
	code, _, body := get(t, ts, "/?preset=last-week")
	if code != 500 || !strings.Contains(body, "Something went wrong on pulse") || strings.Contains(body, "database") {
		t.Fatalf("internal error: %d %s", code, body)
	}
}

// client is a browser-like client: it keeps cookies, so the CSRF cookie travels.
func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func TestFormsNeedTheirToken(t *testing.T) {
	s, an, _, _ := fixture(t, 1<<20)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	c := client(t)

	// Without a token: refused, in plain words, nothing stored.
	res, err := c.PostForm(ts.URL+"/campaigns/notes", url.Values{"day": {"2025-03-26"}, "text": {"Started the sleep series"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(b), "This form has expired") {
		t.Fatalf("note without token: %d %.200s", res.StatusCode, b)
	}

	// With the page's token: stored, and shown.
	res, _ = c.Get(ts.URL + "/campaigns?preset=last-week")
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatal("the campaigns page has no form token")
	}
	res, err = c.PostForm(ts.URL+"/campaigns/notes", url.Values{"csrf": {m[1]}, "day": {"2025-03-26"}, "text": {"Started the sleep series"}, "back": {"preset=last-week"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/campaigns?preset=last-week" {
		t.Fatalf("note with token: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	cal, _ := an.Calendar(context.Background(), analytics.Period{From: day("2025-03-24"), To: day("2025-03-30")})
	var id int64
	for _, e := range cal {
		if e.Kind == analytics.KindNote && e.Title == "Started the sleep series" {
			id = e.NoteID
		}
	}
	if id == 0 {
		t.Fatalf("the note is not in the calendar: %+v", cal)
	}
	// Removing it: without the token refused, with it gone.
	res, _ = c.PostForm(fmt.Sprintf("%s/campaigns/notes/%d/delete", ts.URL, id), url.Values{})
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("delete without token: %d", res.StatusCode)
	}
	res, _ = c.PostForm(fmt.Sprintf("%s/campaigns/notes/%d/delete", ts.URL, id), url.Values{"csrf": {m[1]}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete with token: %d", res.StatusCode)
	}
	cal, _ = an.Calendar(context.Background(), analytics.Period{From: day("2025-03-24"), To: day("2025-03-30")})
	for _, e := range cal {
		if e.Kind == analytics.KindNote {
			t.Fatalf("the note is still there: %+v", e)
		}
	}
}

func upload(t *testing.T, c *http.Client, ts *httptest.Server, token string, files map[string][]byte) (int, string) {
	t.Helper()
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	if token != "" {
		mw.WriteField("csrf", token)
	}
	for name, data := range files {
		w, _ := mw.CreateFormFile("files", name)
		w.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/imports", strings.NewReader(body.String()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestUploads(t *testing.T) {
	s, _, imp, _ := fixture(t, 4096)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	c := client(t)
	res, _ := c.Get(ts.URL + "/imports")
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatal("the imports page has no form token")
	}
	if code, body := upload(t, c, ts, "", map[string][]byte{"a.csv": []byte("x")}); code != 403 || !strings.Contains(body, "expired") {
		t.Errorf("upload without token: %d", code)
	}
	code, body := upload(t, c, ts, m[1], map[string][]byte{"Reach.csv": []byte("sep=,"), "Views.csv": []byte("sep=,\n")})
	if code != 200 || len(imp.got) != 2 || !strings.Contains(body, "Reach.csv: loaded") || !strings.Contains(body, "Views.csv: loaded") {
		t.Errorf("upload: %d, %d files reached the importer\n%.500s", code, len(imp.got), body)
	}
	code, body = upload(t, c, ts, m[1], map[string][]byte{"big.csv": []byte(strings.Repeat("x", 5000))})
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "The upload is too large") {
		t.Errorf("oversized upload: %d %.300s", code, body)
	}
	if len(imp.got) != 2 {
		t.Errorf("the oversized upload reached the importer")
	}
}

func TestPostHistoryPage(t *testing.T) {
	s, _, _, db := fixture(t, 1<<20)
	ctx := context.Background()
	// A later export of post a: it kept collecting reach.
	later := &queries.Batch{Posts: []queries.Post{{Account: queries.Account{Platform: "instagram", Handle: "praxis.nord"}, PostID: "a",
		ContentType: "reel", Metrics: queries.Metrics{Reach: n(400), Likes: n(30), Comments: n(2), Shares: n(3), Saves: n(5)}}}}
	if err := db.LoadBatch(ctx, &queries.Import{FileName: "g", SHA256: "g", Format: "test", AsOf: day("2025-04-08")}, later, queries.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	_, _, content := get(t, ts, "/content?preset=last-week")
	if !strings.Contains(content, `href="/posts/instagram/praxis.nord/a"`) {
		t.Fatal("the content table does not link to the post's history")
	}
	code, _, body := get(t, ts, "/posts/instagram/Praxis.Nord/a")
	if code != 200 {
		t.Fatalf("history page: %d", code)
	}
	// 1 April: 20 interactions over reach 200 = 10%; 8 April: 40 over 400 = 10%.
	rows := regexp.MustCompile(`<tr><td>(2025-04-0\d)</td>(?:<td class="num"[^>]*>[^<]*</td>\s*){7}<td class="num">([^<]*)</td><td class="num"[^>]*>([^<]*)</td></tr>`).FindAllStringSubmatch(body, -1)
	if len(rows) != 2 || rows[0][1] != "2025-04-01" || rows[0][2] != "20" || rows[0][3] != "10.00%" ||
		rows[1][1] != "2025-04-08" || rows[1][2] != "40" || rows[1][3] != "10.00%" {
		t.Fatalf("history rows: %q", rows)
	}
	if code, _, _ := get(t, ts, "/posts/instagram/praxis.nord/nope"); code != 404 {
		t.Errorf("unknown post: %d", code)
	}
}

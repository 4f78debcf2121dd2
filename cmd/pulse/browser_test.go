package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"pulse/analytics"
	"pulse/analytics/report"
	"pulse/dashboard"
	"pulse/queries"
)

// chromium is Debian's browser, which .ci/run installs.
const chromium = "/usr/bin/chromium"

// screenshots is where the browser test leaves its pictures for people to look at.
const screenshots = "../../testdata/screenshots"

// demoNow is the fixed "today" of the browser test: the demo ends the day before.
var demoNow = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// startDemo makes the demo practice in a temp dir and serves it on a free port.
func startDemo(t *testing.T) (string, *App, *queries.DB) {
	t.Helper()
	dir := t.TempDir()
	a := &App{stdout: os.Stdout, stderr: os.Stderr, getenv: func(string) string { return "" }, now: func() time.Time { return demoNow },
		sleep: report.Sleep}
	a.cfg = Config{DataDir: dir, Addr: "127.0.0.1:0"}
	db, err := a.openDB(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := makeDemo(context.Background(), db, dir, demoNow); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- a.serve(ctx, db, func(u string) { ready <- u }) }()
	t.Cleanup(func() { cancel(); <-done; db.Close() })
	select {
	case u := <-ready:
		return u, a, db
	case err := <-done:
		t.Fatal(err)
	}
	return "", nil, nil
}

func browser(t *testing.T) (context.Context, *requestLog) {
	t.Helper()
	if _, err := exec.LookPath(chromium); err != nil {
		t.Fatalf("%s is missing: install Debian's chromium (apt-get install chromium), as .ci/run does", chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Headless,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	log := &requestLog{}
	if err := chromedp.Do(ctx); err != nil { // open the tab, so Listen sees its first requests
		t.Fatal(err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			log.add(&log.requests, e.Request.URL)
		case *runtime.EventExceptionThrown:
			log.add(&log.errors, e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				log.add(&log.errors, fmt.Sprint(e.Args))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx, log
}

type requestLog struct {
	mu       sync.Mutex
	requests []string
	errors   []string
}

func (l *requestLog) add(to *[]string, s string) {
	l.mu.Lock()
	*to = append(*to, s)
	l.mu.Unlock()
}

// TestDashboardInABrowser drives Debian's Chromium against a real server on the demo
// practice: charts render, a KPI matches analytics, a filter change reaches the URL
// and the numbers, an upload lands, and no request leaves 127.0.0.1.
func TestDashboardInABrowser(t *testing.T) {
	base, app, db := startDemo(t)
	ctx, log := browser(t)
	p, err := app.practice(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	an := analytics.New(db, p)

	// The overview: last complete week against the week before.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base),
		chromedp.WaitVisible(chromedp.CSS(`#chart-reach canvas`)),
		chromedp.WaitVisible(chromedp.CSS(`#chart-er canvas`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	reachText := text(t, ctx, `[data-kpi="reach"] .value`)
	canvases, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".chart canvas").length`))
	if err != nil {
		t.Fatal(err)
	}
	week := analytics.LastCompleteWeek(demoNow, mustLoc(t))
	sum, err := an.Summary(context.Background(), week, analytics.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := sum.KPI(analytics.KeyReach).Text(); reachText != want || want == "n/a" {
		t.Errorf("reach card shows %q, analytics says %q", reachText, want)
	}
	if canvases != 4 {
		t.Errorf("%d charts drawn on the overview, want 4", canvases)
	}
	shoot(t, ctx, "overview-desktop.png")

	// A filter change: the URL keeps it, and the numbers follow.
	// Pick "Last 4 weeks" as a person would: the select submits its form on change.
	err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#preset`), "last-4-weeks"),
		chromedp.Evaluate[chromedp.Void](`(function () { var p = document.getElementById("preset"); `+
			`if (p) { p.dispatchEvent(new Event("change")); } })()`))
	if err != nil {
		t.Fatal(err)
	}
	// The form submits itself; wait for the new page.
	var loc string
	for i := 0; i < 100; i++ {
		if loc, err = chromedp.Run(ctx, chromedp.Location()); err == nil && strings.Contains(loc, "last-4-weeks") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#chart-reach canvas`))); err != nil {
		t.Fatal(err)
	}
	reachText = text(t, ctx, `[data-kpi="reach"] .value`)
	if u, _ := url.Parse(loc); u.Query().Get("preset") != "last-4-weeks" {
		t.Errorf("after the filter change the URL is %s", loc)
	}
	four := analytics.Period{From: week.From.AddDate(0, 0, -21), To: week.To}
	sum4, err := an.Summary(context.Background(), four, analytics.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := sum4.KPI(analytics.KeyReach).Text(); reachText != want {
		t.Errorf("last 4 weeks: reach card shows %q, analytics says %q", reachText, want)
	}

	// The other pages render without errors.
	for _, path := range []string{"content?preset=last-90-days", "audience?preset=last-90-days", "campaigns?preset=year-to-date"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(`.chart canvas`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		shoot(t, ctx, strings.SplitN(path, "?", 2)[0]+"-desktop.png")
	}

	// The Content page's table of every post, 50 to a page: the count, the next page
	// and an order by reach, as a person clicks them.
	today := analytics.DayOf(demoNow.In(mustLoc(t)))
	ninety := analytics.Period{From: today.AddDate(0, 0, -90), To: today.AddDate(0, 0, -1)} // as the preset reads it
	posts, err := an.Posts(context.Background(), ninety, analytics.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) <= 100 {
		t.Fatalf("the demo has %d posts in 90 days: too few to page through", len(posts))
	}
	pages := (len(posts) + 49) / 50
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"content?preset=last-90-days"), chromedp.WaitVisible(chromedp.CSS(`#posts-table`))); err != nil {
		t.Fatal(err)
	}
	if got, want := text(t, ctx, `#posts-count`), fmt.Sprintf("Page 1 of %d · %d posts", pages, len(posts)); got != want {
		t.Errorf("the posts table says %q, want %q", got, want)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`nav.pager a[rel=next]`)), chromedp.WaitVisible(chromedp.CSS(`nav.pager a[rel=prev]`))); err != nil {
		t.Fatal(err)
	}
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	if u, _ := url.Parse(loc); u.Query().Get("page") != "2" || u.Query().Get("preset") != "last-90-days" || u.Fragment != "posts" {
		t.Errorf("the next page is %s", loc)
	}
	if got, want := text(t, ctx, `#posts-count`), fmt.Sprintf("Page 2 of %d · %d posts", pages, len(posts)); got != want {
		t.Errorf("page 2 says %q, want %q", got, want)
	}
	if got, want := text(t, ctx, `#posts-table tbody tr:first-child td.caption`), oneLine(posts[50].Caption, 80); got != want {
		t.Errorf("page 2 begins with %q, want the 51st post, %q", got, want)
	}
	shoot(t, ctx, "content-page2-desktop.png")
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#posts-table th:nth-child(6) a`)),
		chromedp.WaitVisible(chromedp.CSS(`#posts-table th[aria-sort="descending"]`)))
	if err != nil {
		t.Fatal(err)
	}
	var most float64
	for _, p := range posts {
		if p.Reach != nil && float64(*p.Reach) > most {
			most = float64(*p.Reach)
		}
	}
	// The click navigates: read once the new document has settled (a node read while
	// the old one is replaced is "No node with given id found").
	if got, want := settledText(t, ctx, `#posts-table tbody tr:first-child td:nth-child(6)`), analytics.Text(&most, analytics.UnitCount); got != want {
		t.Errorf("by reach, the first post has %q, want the most, %q", got, want)
	}
	if got := text(t, ctx, `#posts-count`); !strings.HasPrefix(got, "Page 1 of ") {
		t.Errorf("a new order starts at page 1: %q", got)
	}

	// An upload through the page lands.
	upload, _ := filepath.Abs(shared + "x-daily-1/daily_tweet_activity_metrics_LisaDeBruine_20210101_20210201_en.csv")
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"imports"),
		chromedp.SetUploadFiles(chromedp.CSS(`#files`), []string{upload}),
		chromedp.Click(chromedp.CSS(`.dropzone button`)),
		chromedp.WaitVisible(chromedp.CSS(`#upload-results`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	result := text(t, ctx, `#upload-results`)
	if !strings.Contains(result, "loaded") || !strings.Contains(result, "days 31 new") {
		t.Errorf("upload result: %q", result)
	}
	shoot(t, ctx, "imports-desktop.png")

	// Reports: the schedule wrote last month (October) when the server started; one
	// more, for September, is written through the form.
	for i := 0; ; i++ {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"reports"), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
			t.Fatal(err)
		}
		if list, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`))); strings.Contains(list, "October 2026\tAll platforms") {
			break
		} else if i == 100 {
			t.Fatalf("the schedule's October report is not listed:\n%s", list)
		}
		time.Sleep(100 * time.Millisecond)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`input[name=month]`), "2026-09"),
		chromedp.Click(chromedp.CSS(`.report-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#written`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if w := text(t, ctx, `#written`); w != "Wrote the report of September 2026: pulse-2026-09.xlsx." {
		t.Errorf("after writing: %q", w)
	}
	for _, m := range []string{"2026-09", "2026-10"} {
		if _, err := os.Stat(filepath.Join(app.cfg.reportsDir(), "pulse-"+m+".xlsx")); err != nil {
			t.Error(err)
		}
	}
	shoot(t, ctx, "reports-desktop.png")

	// A consultant's share link: the overview of its scope, charts drawn, no owner pages.
	link, token, err := dashboard.CreateShare(context.Background(), an, dashboard.ShareSpec{Label: "Consultant", LastDays: 90}, demoNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"s/"+token+"/"), chromedp.WaitVisible(chromedp.CSS(`#chart-reach canvas`))); err != nil {
		t.Fatal(err)
	}
	if nav := text(t, ctx, `nav.main`); strings.Contains(nav, "Imports") || strings.Contains(nav, "Sharing") {
		t.Errorf("the shared overview's navigation offers %q", nav)
	}
	if note := text(t, ctx, `.shared`); !strings.Contains(note, link.ScopeText()) {
		t.Errorf("the shared overview says %q", note)
	}
	shoot(t, ctx, "shared-overview-desktop.png")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"sharing"), chromedp.WaitVisible(chromedp.CSS(`#audit-table`))); err != nil {
		t.Fatal(err)
	}
	shoot(t, ctx, "sharing-desktop.png")

	// The phone: 390 px wide.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base),
		chromedp.WaitVisible(chromedp.CSS(`#chart-reach canvas`))); err != nil {
		t.Fatal(err)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil || overflow {
		t.Error("the overview is wider than a 390 px phone screen")
	}
	shoot(t, ctx, "overview-phone.png")

	log.mu.Lock()
	defer log.mu.Unlock()
	for _, r := range log.requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Hostname() != "127.0.0.1") {
			t.Errorf("the page asked another host: %s", r)
		}
	}
	if len(log.requests) < 10 {
		t.Errorf("only %d requests were seen: is the request log working?", len(log.requests))
	}
	for _, e := range log.errors {
		t.Errorf("browser console error: %s", e)
	}
}

func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshots, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// settledText is text for a page that may still be replacing its document: it tries
// again for up to 5 seconds while the node goes stale under it.
func settledText(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var s string
		if s, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css))); err == nil {
			return strings.TrimSpace(s)
		}
	}
	t.Fatalf("%s: %v", css, err)
	return ""
}

func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("%s: %v", css, err)
	}
	return strings.TrimSpace(s)
}

func mustLoc(t *testing.T) *time.Location {
	l, err := time.LoadLocation(demoZone)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// oneLine is a caption as the posts table shows it: on one line, cut to n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

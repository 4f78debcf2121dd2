package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"pulse/analytics"
	"pulse/analytics/report"
	"pulse/dashboard"
	"pulse/queries"
)

// timedInTurn runs each of fns once unmeasured, then n rounds in which each runs
// once, in turn, and returns each one's n times. Taking turns spreads a burst of
// other work on the machine over all of them, a run or two each, rather than over
// consecutive runs of one, whose p95 it would become; and a pair of a page and its
// analytics are slowed alike, so their ratio holds.
func timedInTurn(n int, fns ...func() error) ([][]time.Duration, error) {
	ds := make([][]time.Duration, len(fns))
	for round := range n + 1 {
		for i, fn := range fns {
			t0 := time.Now()
			if err := fn(); err != nil {
				return nil, err
			}
			if round > 0 {
				ds[i] = append(ds[i], time.Since(t0))
			}
		}
	}
	return ds, nil
}

// queryStep times every query the analytics make, raw, in turn, and then each page:
// the analytics calls its handler makes, against the same page through HTTP (a real
// listener in this process), run alternately; their ratio is what the dashboard adds.
func (b *bench) queryStep(ctx context.Context) ([]benchRow, error) {
	b.logf("timing queries and pages, %d runs each…", b.runs)
	p, err := analytics.LoadPractice(ctx, b.db, benchZone)
	if err != nil {
		return nil, err
	}
	an := analytics.New(b.db, p)
	db, tz, all := b.db, p.TimeZone, queries.Filter{}
	week := analytics.LastCompleteWeek(b.now, b.loc)
	chart := analytics.Period{From: week.To.AddDate(0, 0, -55), To: week.To}
	today := analytics.DayOf(b.now.In(b.loc))
	posts, err := queries.PostsPublished(ctx, db, tz, chart.From, chart.To, all, queries.AsIs)
	if err != nil || len(posts) == 0 {
		return nil, fmt.Errorf("the agency has no posts to time (%v)", err)
	}
	post := posts[len(posts)/2]
	// The ends of the summary's week, the week before and the same week a year ago,
	// and the days before their starts.
	var summaryDays []time.Time
	for _, q := range []analytics.Period{week, week.Previous(), week.YearAgo()} {
		summaryDays = append(summaryDays, q.To, q.From.AddDate(0, 0, -1))
	}

	stmts := []struct {
		name string
		fn   func() error
	}{
		{"PostsPublished, 1 week", func() error {
			_, err := queries.PostsPublished(ctx, db, tz, week.From, week.To, all, queries.AsIs)
			return err
		}},
		{"PostsPublished, 8 weeks", func() error {
			_, err := queries.PostsPublished(ctx, db, tz, chart.From, chart.To, all, queries.AsIs)
			return err
		}},
		{"PostFigures, 8 weeks", func() error {
			_, err := queries.PostFigures(ctx, db, tz, chart.From, chart.To, all, queries.AsIs)
			return err
		}},
		{"DailySums, 1 week", func() error { _, err := db.DailySums(ctx, week.From, week.To, all); return err }},
		{"FollowersOn", func() error { _, err := db.FollowersOn(ctx, week.To, all); return err }},
		{"FollowersOnDays, a summary's 6 days", func() error { _, err := db.FollowersOnDays(ctx, summaryDays, all); return err }},
		{"FollowerChanges, 1 week", func() error { _, err := db.FollowerChanges(ctx, week.From, week.To, all); return err }},
		{"DailyValues reach, 8 weeks", func() error {
			_, err := db.DailyValues(ctx, queries.MetricReach, chart.From, chart.To, all)
			return err
		}},
		{"FollowersDaily, 8 weeks", func() error { _, err := db.FollowersDaily(ctx, chart.From, chart.To, all); return err }},
		{"Freshness", func() error { _, err := db.Freshness(ctx); return err }},
		{"Accounts", func() error { _, err := db.Accounts(ctx); return err }},
		{"Notes, 8 weeks", func() error { _, err := db.Notes(ctx, chart.From, chart.To); return err }},
		{"Settings", func() error { _, err := db.Settings(ctx); return err }},
		{"FindPost", func() error { _, err := db.FindPost(ctx, post.Platform, post.Handle, post.PostID); return err }},
		{"PostHistory", func() error { _, err := db.PostHistory(ctx, post.Platform, post.Handle, post.PostID); return err }},
	}
	fns := make([]func() error, len(stmts))
	for i, q := range stmts {
		fns[i] = func() error {
			if err := q.fn(); err != nil {
				return fmt.Errorf("%s: %w", q.name, err)
			}
			return nil
		}
	}
	times, err := timedInTurn(b.runs, fns...)
	if err != nil {
		return nil, err
	}
	var rows []benchRow
	for i, q := range stmts {
		ds := times[i]
		p95 := percentile(ds, 95)
		rows = append(rows, benchRow{step: 2, what: "SQL " + q.name + " p50 / p95", pulse: ms(percentile(ds, 50)) + " / " + ms(p95),
			target: "p95 ≤ 50 ms", verdict: verdict(p95 <= 50*time.Millisecond)})
	}

	now := func() time.Time { return b.now }
	srv, err := dashboard.New(dashboard.Config{Now: now, Reports: report.NewService(an, filepath.Join(b.dir, "reports"), now, nil)}, an, nil)
	if err != nil {
		return nil, err
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	page := func() error { // what every page adds: freshness and the account list
		if _, err := an.Freshness(ctx, today); err != nil {
			return err
		}
		_, err := an.AccountKeys(ctx)
		return err
	}
	for _, pg := range []struct {
		path string
		raw  func() error
	}{
		{"/", func() error {
			if _, err := an.Summary(ctx, week, all); err != nil {
				return err
			}
			if _, err := an.Timeseries(ctx, chart, all); err != nil {
				return err
			}
			if _, err := an.Calendar(ctx, chart); err != nil {
				return err
			}
			return page()
		}},
		{"/content", func() error {
			ps, err := an.Posts(ctx, week, all)
			if err != nil {
				return err
			}
			analytics.ContentTypes(ps)
			analytics.BestTime(ps)
			analytics.Cadences(ps, week)
			analytics.SetER(ps)
			return page()
		}},
		{"/audience", func() error {
			if _, err := an.Followers(ctx, week, all); err != nil {
				return err
			}
			if _, err := an.FollowerSeries(ctx, chart, all); err != nil {
				return err
			}
			if _, _, err := an.GainedLostSeries(ctx, chart, all); err != nil {
				return err
			}
			return page()
		}},
		{"/campaigns", func() error {
			cal, err := an.Calendar(ctx, chart)
			if err != nil {
				return err
			}
			for _, e := range cal {
				if e.Kind == analytics.KindAwareness {
					if _, err := an.CampaignLift(ctx, analytics.Period{From: e.From, To: e.To}, all); err != nil {
						return err
					}
				}
			}
			if _, err := an.DailySeries(ctx, chart, all, "reach"); err != nil {
				return err
			}
			return page()
		}},
		{"/api/v1/summary", func() error { _, err := an.Summary(ctx, week, all); return err }},
		{"/api/v1/timeseries", func() error { _, err := an.Timeseries(ctx, week, all); return err }},
		{"/api/v1/posts", func() error { _, err := an.Posts(ctx, week, all); return err }},
	} {
		ds, err := timedInTurn(b.runs, pg.raw, func() error { return get(hs.Client(), hs.URL+pg.path) })
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", pg.path, err)
		}
		raw, web := ds[0], ds[1]
		r50, w50 := percentile(raw, 50), percentile(web, 50)
		rows = append(rows, benchRow{step: 2, what: "page " + pg.path + " p50 / p95 (limit: its analytics)",
			pulse: ms(w50) + " / " + ms(percentile(web, 95)), limit: ms(r50) + " / " + ms(percentile(raw, 95)),
			ratio: ratioText(float64(w50), float64(r50)), target: "≤ 1.3x", verdict: verdict(float64(w50) <= 1.3*float64(r50))})
	}
	return rows, nil
}

// get fetches url and fails unless it answers 200; the body is read to the end.
func get(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}

// server is a child `pulse serve` on the bench's data.
type server struct {
	cmd    *exec.Cmd
	url    string
	stderr bytes.Buffer
	done   chan error
}

// startServer spawns `pulse serve` on a free port and waits for its first answer,
// returning the time from process start to that answer.
func (b *bench) startServer(ctx context.Context) (*server, time.Duration, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, 0, err
	}
	addr := l.Addr().String()
	l.Close()
	s := &server{url: "http://" + addr + "/", done: make(chan error, 1)}
	s.cmd = exec.Command(b.exe, "serve", "--data", b.dir, "--addr", addr)
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, &s.stderr
	client := &http.Client{Timeout: 5 * time.Second}
	t0 := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("start %s serve: %w", b.exe, err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	for {
		if get(client, s.url) == nil {
			return s, time.Since(t0), nil
		}
		select {
		case err := <-s.done:
			return nil, 0, fmt.Errorf("pulse serve ended before answering (%v): %s", err, s.stderr.String())
		case <-ctx.Done():
			s.stop()
			return nil, 0, ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
		if time.Since(t0) > time.Minute {
			s.stop()
			return nil, 0, errors.New("pulse serve did not answer within a minute")
		}
	}
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// serverSteps hand the database to a child `pulse serve` (this process closes it):
// step 5 starts it three times (the median counts) and reads the idle server's
// memory; step 3 puts the overview page under concurrent clients.
//
// The idle memory is the first start's, once it has settled: that start always
// catches up on last month's report (the agency is new), as a server started after
// the first of a month does, and the report's work is over before it counts. Read
// one second after the third start's first answer, as it was until the eleventh
// round, it depended on whether the earlier starts, stopped at their first answer,
// had got the report written: 158 or 190 MB for the same build.
func (b *bench) serverSteps(ctx context.Context) ([]benchRow, error) {
	if err := b.closeDB(); err != nil {
		return nil, err
	}
	b.logf("starting pulse serve 3 times…")
	var starts []time.Duration
	var s *server
	var idle int64
	for i := range 3 {
		srv, d, err := b.startServer(ctx)
		if err != nil {
			return nil, err
		}
		starts = append(starts, d)
		if i == 0 {
			if idle, err = settledRSS(ctx, srv.cmd.Process.Pid); err != nil {
				srv.stop()
				return nil, err
			}
		}
		if i < 2 {
			srv.stop()
		} else {
			s = srv
		}
	}
	defer s.stop()
	start := percentile(starts, 50)
	rows := []benchRow{
		{step: 5, what: "process start to first answer, median of 3", pulse: ms(start), target: "< 1.5 s", verdict: verdict(start < 1500*time.Millisecond)},
		{step: 5, what: "idle server RSS (VmRSS)", pulse: mb(idle), target: "≤ 200 MB", verdict: verdict(idle <= 200<<20)},
	}

	b.logf("overview under %d clients for %s…", b.clients, b.loadFor)
	lats, errs, elapsed := load(s.url, b.clients, b.loadFor)
	rss, err := procStatus(s.cmd.Process.Pid, "VmRSS")
	if err != nil {
		return nil, err
	}
	hwm, err := procStatus(s.cmd.Process.Pid, "VmHWM")
	if err != nil {
		return nil, err
	}
	rps := float64(len(lats)) / elapsed.Seconds()
	p95 := percentile(lats, 95)
	clients := strconv.Itoa(b.clients)
	rows = append(rows,
		benchRow{step: 3, what: "overview, " + clients + " clients: requests/s", pulse: rate(rps, "req/s"), target: "≥ 200 req/s", verdict: verdict(rps >= 200)},
		benchRow{step: 3, what: "overview, " + clients + " clients: p50 / p95", pulse: ms(percentile(lats, 50)) + " / " + ms(p95),
			target: "p95 ≤ 100 ms", verdict: verdict(p95 <= 100*time.Millisecond)},
		benchRow{step: 3, what: "overview, " + clients + " clients: errors", pulse: strconv.Itoa(errs) + " of " + strconv.Itoa(len(lats)+errs),
			target: "0", verdict: verdict(errs == 0)},
		benchRow{step: 3, what: "server RSS after load / peak (VmRSS / VmHWM)", pulse: mb(rss) + " / " + mb(hwm)},
	)
	return rows, nil
}

// settledRSS waits until process pid has used no CPU for a second (its start's work,
// a catch-up report among it, is done), at most a minute, and returns its VmRSS.
func settledRSS(ctx context.Context, pid int) (int64, error) {
	const quiet = time.Second
	last, since := int64(-1), time.Now()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		cpu, err := procCPUTicks(pid)
		if err != nil {
			return 0, err
		}
		if cpu != last {
			last, since = cpu, time.Now()
		} else if time.Since(since) >= quiet {
			return procStatus(pid, "VmRSS")
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return 0, fmt.Errorf("pulse serve (process %d) did not settle within a minute", pid)
}

// procCPUTicks is the user and system CPU time process pid has used, in clock ticks
// (/proc/PID/stat fields 14 and 15; the command name before them is in parentheses
// and may hold spaces).
func procCPUTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read CPU time of process %d: %w", pid, err)
	}
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 13 {
		return 0, fmt.Errorf("read CPU time of process %d: unexpected /proc stat %q", pid, b)
	}
	// After the name: state is field 3, so utime (14) and stime (15) are f[11], f[12].
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("read CPU time of process %d: %w", pid, err)
	}
	return utime + stime, nil
}

// load has clients fetch url in a loop for d and returns the successful requests'
// times, the number of failures and the time it took.
func load(url string, clients int, d time.Duration) ([]time.Duration, int, time.Duration) {
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var mu sync.Mutex
	var all []time.Duration
	errs := 0
	t0 := time.Now()
	deadline := t0.Add(d)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for time.Now().Before(deadline) {
				s := time.Now()
				if err := get(c, url); err != nil {
					bad++
					continue
				}
				mine = append(mine, time.Since(s))
			}
			mu.Lock()
			all, errs = append(all, mine...), errs+bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)
	slices.Sort(all)
	return all, errs, elapsed
}

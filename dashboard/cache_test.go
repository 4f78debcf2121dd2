package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestCacheKeepsUntilAWrite: with Config.Cache, a result is computed once per key
// and computed again after any POST; without it, every time.
func TestCacheKeepsUntilAWrite(t *testing.T) {
	s, _, _, _ := fixture(t, 1<<20)
	calls := 0
	count := func() (int, error) { calls++; return calls, nil }
	for _, c := range []struct {
		cache bool
		post  bool
		key   string
		want  int // the value cached returns
	}{
		{false, false, "a", 1}, {false, false, "a", 2}, // off: always computed
		{true, false, "a", 3}, {true, false, "a", 3}, {true, false, "b", 4}, {true, false, "a", 3},
		{true, true, "a", 5}, {true, false, "b", 6}, // a POST empties it
	} {
		s.cfg.Cache = c.cache
		if c.post {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/campaigns/notes", strings.NewReader(""))
			req.Host = "127.0.0.1" // without sign-in, pulse answers only loopback names
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != http.StatusForbidden { // no CSRF token: refused, and still a write attempt
				t.Fatalf("POST without token: %d", rec.Code)
			}
		}
		if got, _ := cached(s, count, c.key); got != c.want {
			t.Fatalf("%+v: got %d", c, got)
		}
	}
}

// TestCacheComputesOnceForConcurrentRequests: requests that miss the same key while
// it is being computed wait for that computation instead of each running their own,
// and all get its result.
func TestCacheComputesOnceForConcurrentRequests(t *testing.T) {
	s, _, _, _ := fixture(t, 1<<20)
	s.cfg.Cache = true
	var calls atomic.Int32
	release := make(chan struct{})
	slow := func() (int, error) { <-release; return int(calls.Add(1)), nil }
	const n = 8
	got := make(chan int, n)
	for range n {
		go func() { v, _ := cached(s, slow, "k"); got <- v }()
	}
	time.Sleep(100 * time.Millisecond) // let every request reach the cache
	close(release)
	for range n {
		if v := <-got; v != 1 {
			t.Errorf("a request got %d, want the one computation's 1", v)
		}
	}
	if c := calls.Load(); c != 1 {
		t.Errorf("computed %d times, want 1", c)
	}
}

// TestCacheDropsWhatAWriteOvertook: a result computed while a write emptied the cache
// may hold the data as it was before the write; it is returned to its request but
// not kept, so the next request computes again.
func TestCacheDropsWhatAWriteOvertook(t *testing.T) {
	s, _, _, _ := fixture(t, 1<<20)
	s.cfg.Cache = true
	calls := 0
	overtaken := func() (int, error) { calls++; s.cache.clear(); return calls, nil }
	if v, _ := cached(s, overtaken, "k"); v != 1 {
		t.Fatalf("first: %d", v)
	}
	count := func() (int, error) { calls++; return calls, nil }
	for i, want := range []int{2, 2} { // computed again, then kept
		if v, _ := cached(s, count, "k"); v != want {
			t.Errorf("request %d: got %d, want %d", i+2, v, want)
		}
	}
}

// TestCacheOutlivesACancelledRequest: when the request whose computation others wait
// for goes away, its cancelled computation is not their answer: each computes for
// itself.
func TestCacheOutlivesACancelledRequest(t *testing.T) {
	s, _, _, _ := fixture(t, 1<<20)
	s.cfg.Cache = true
	release := make(chan struct{})
	gone := func() (int, error) { <-release; return 0, fmt.Errorf("posts: %w", context.Canceled) }
	first := make(chan error, 1)
	go func() { _, err := cached(s, gone, "k"); first <- err }()
	time.Sleep(50 * time.Millisecond) // the first request is computing
	second := make(chan int, 1)
	go func() {
		v, err := cached(s, func() (int, error) { return 7, nil }, "k")
		if err != nil {
			t.Error(err)
		}
		second <- v
	}()
	time.Sleep(50 * time.Millisecond) // the second waits for the first's computation
	close(release)
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Errorf("first request: %v, want its cancellation", err)
	}
	if v := <-second; v != 7 {
		t.Errorf("second request: got %d, want its own 7", v)
	}
}

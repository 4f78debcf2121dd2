package dashboard

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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

package dashboard

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"
)

// cache keeps analytics results between requests. While `pulse serve` runs it holds
// DuckDB's write lock, so the data changes only through this server's own POSTs
// (uploads, notes), and every POST empties the cache. Cached values are shared by
// concurrent requests and must be read, never changed.
type cache struct {
	mu sync.Mutex
	m  map[string]any
	// gen counts the clears. A result is kept only if no clear came while it was
	// computed: one begun before a write may have read the data as it was.
	gen uint64
	// calls lets concurrent requests for the same key wait for one computation
	// rather than each asking DuckDB the same: after an upload every open page of
	// the dashboard asks again at once.
	calls singleflight.Group
}

// cacheLimit bounds the entries; a full cache starts over.
const cacheLimit = 512

func (c *cache) clear() {
	c.mu.Lock()
	c.m = nil
	c.gen++
	c.mu.Unlock()
}

// cached returns fn's result for the key parts, computing it once while the data
// stays the same. Errors are not kept. Without Config.Cache it always calls fn.
func cached[T any](s *Server, fn func() (T, error), parts ...any) (T, error) {
	if !s.cfg.Cache {
		return fn()
	}
	key := fmt.Sprintf("%T%v", *new(T), parts)
	c := &s.cache
	c.mu.Lock()
	v, ok := c.m[key]
	gen := c.gen
	c.mu.Unlock()
	if ok {
		return v.(T), nil
	}
	v, err, shared := c.calls.Do(strconv.FormatUint(gen, 10)+" "+key, func() (any, error) {
		r, err := fn()
		if err != nil {
			return r, err
		}
		c.mu.Lock()
		if c.gen == gen {
			if c.m == nil || len(c.m) >= cacheLimit {
				c.m = map[string]any{}
			}
			c.m[key] = r
		}
		c.mu.Unlock()
		return r, nil
	})
	if err != nil && shared && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		// The request whose computation this one waited for went away, and took
		// the computation with it; this request is still here.
		return fn()
	}
	return v.(T), err
}

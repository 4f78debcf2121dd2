package dashboard

import (
	"fmt"
	"sync"
)

// cache keeps analytics results between requests. While `pulse serve` runs it holds
// DuckDB's write lock, so the data changes only through this server's own POSTs
// (uploads, notes), and every POST empties the cache. Cached values are shared by
// concurrent requests and must be read, never changed.
type cache struct {
	mu sync.Mutex
	m  map[string]any
}

// cacheLimit bounds the entries; a full cache starts over.
const cacheLimit = 512

func (c *cache) clear() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// cached returns fn's result for the key parts, computing it once while the data
// stays the same. Errors are not kept. Without Config.Cache it always calls fn.
func cached[T any](s *Server, fn func() (T, error), parts ...any) (T, error) {
	if !s.cfg.Cache {
		return fn()
	}
	key := fmt.Sprintf("%T%v", *new(T), parts)
	s.cache.mu.Lock()
	v, ok := s.cache.m[key]
	s.cache.mu.Unlock()
	if ok {
		return v.(T), nil
	}
	r, err := fn()
	if err != nil {
		return r, err
	}
	s.cache.mu.Lock()
	if s.cache.m == nil || len(s.cache.m) >= cacheLimit {
		s.cache.m = map[string]any{}
	}
	s.cache.m[key] = r
	s.cache.mu.Unlock()
	return r, nil
}

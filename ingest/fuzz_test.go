package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzIngest feeds arbitrary bytes to format detection and parsing, seeded with every
// real sample and fixture: any input must give a result or a clean error, never a
// panic. detectAndParse is the unprotected path (the ingester adds a recover).
func FuzzIngest(f *testing.F) {
	for _, pattern := range []string{sharedExports + "*/*", "../testdata/*/*"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err == nil && len(b) < 1<<20 {
				f.Add(filepath.Base(p), b)
			}
		}
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		ctx := &parseContext{Loc: loc, AsOf: time.Date(2025, 4, 15, 0, 0, 0, 0, time.UTC)}
		p, _, err := detectAndParse(Input{Name: name, Data: data}, ctx)
		if err == nil && p == nil {
			t.Fatal("no result and no error")
		}
	})
}

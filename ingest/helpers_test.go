package ingest

import (
	"os"
	"testing"
	"time"
)

// sharedExports is where the platforms' real sample files live (see ../shared/README.md).
const sharedExports = "../../shared/exports/"

// parseForTest detects and parses one file the way ingest does, and fails the test
// when no format claims it.
func parseForTest(t *testing.T, path string, ctx *parseContext) *Parsed {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseBytesForTest(t, path, raw, ctx)
}

func parseBytesForTest(t *testing.T, name string, raw []byte, ctx *parseContext) *Parsed {
	t.Helper()
	f, err := newFile(name, raw)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, fm := range formats() {
		if fm.Detect(f) {
			p, err := fm.Parse(f, ctx)
			if err != nil {
				t.Fatalf("%s (%s): %v", name, fm.ID, err)
			}
			if p.Format == "" {
				p.Format = fm.ID
			}
			return p
		}
	}
	t.Fatalf("%s: no format recognised it; first lines: %q", name, f.Head)
	return nil
}

// ctxAt is a parse context in loc with the export day given as YYYY-MM-DD.
func ctxAt(t *testing.T, loc string, asOf string) *parseContext {
	t.Helper()
	l, err := time.LoadLocation(loc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := time.Parse("2006-01-02", asOf)
	if err != nil {
		t.Fatal(err)
	}
	return &parseContext{Loc: l, AsOf: d, AsOfGiven: true}
}

func ptr[T any](v T) *T { return &v }

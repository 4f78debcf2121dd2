package analytics

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"pulse/queries"
)

// openDB opens a real, empty pulse database in a temporary directory.
func openDB(t *testing.T) *queries.DB {
	t.Helper()
	db, err := queries.Open(context.Background(), filepath.Join(t.TempDir(), "pulse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var loads int

// load stores a batch as one import whose post totals are true as of asOf.
func load(t *testing.T, db *queries.DB, asOf string, b queries.Batch) {
	t.Helper()
	loads++
	imp := &queries.Import{FileName: fmt.Sprintf("f%d", loads), SHA256: fmt.Sprintf("%s-%d", t.Name(), loads), AsOf: day(asOf)}
	if err := db.LoadBatch(context.Background(), imp, &b, queries.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
}

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func day(s string) time.Time {
	d, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

func utc(s string) time.Time {
	ts, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return ts
}

func period(from, to string) Period { return Period{From: day(from), To: day(to)} }

func i(v int64) *int64     { return &v }
func f(v float64) *float64 { return &v }

// same reports whether got is want: both nil, or equal to 1e-9.
func same(got, want *float64) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	return math.Abs(*got-*want) <= 1e-9*math.Max(1, math.Abs(*want))
}

func show(v *float64) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprint(*v)
}

func checkF(t *testing.T, what string, got, want *float64) {
	t.Helper()
	if !same(got, want) {
		t.Errorf("%s = %s, want %s", what, show(got), show(want))
	}
}

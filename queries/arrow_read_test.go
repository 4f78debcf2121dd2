package queries

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestReadPostsAcrossBatches reads more rows than one Arrow batch holds (DuckDB
// hands over 2,048 at a time), with NULLs in every nullable column, and checks each
// value after the read, when DuckDB's memory for the batches is gone: text must
// have been copied out of it.
func TestReadPostsAcrossBatches(t *testing.T) {
	db := openTemp(t)
	const rows = 5000
	got, err := readPosts(context.Background(), db, `
		SELECT 'platform-' || (i % 3)::VARCHAR,
		       'caption of post ' || i::VARCHAR,
		       TIMESTAMP '2026-10-01 00:00:00' + i * INTERVAL 90 SECOND,
		       CASE WHEN i % 7 = 0 THEN NULL ELSE DATE '2026-10-01' + (i % 30)::INTEGER END,
		       i % 2 = 0,
		       CASE WHEN i % 5 = 0 THEN NULL ELSE i * 10 END::BIGINT,
		       count(*) OVER ()
		FROM range($1) t(i) ORDER BY i`, []any{rows}, 7, AsIs, func(r *batchReader) PublishedPost {
		return PublishedPost{Platform: r.name(0), Caption: r.str(1), PublishedAt: r.time(2), AsOf: r.datePtr(3),
			TimeKnown: r.bool(4), Metrics: Metrics{Reach: r.intPtr(5)}}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != rows || cap(got) != rows {
		t.Fatalf("got %d posts (capacity %d), want %d", len(got), cap(got), rows)
	}
	for i, p := range got {
		want := PublishedPost{
			Platform:    fmt.Sprintf("platform-%d", i%3),
			Caption:     fmt.Sprintf("caption of post %d", i),
			PublishedAt: time.Date(2026, 10, 1, 0, 0, 90*i, 0, time.UTC),
			TimeKnown:   i%2 == 0,
		}
		if i%7 != 0 {
			d := time.Date(2026, 10, 1+i%30, 0, 0, 0, 0, time.UTC)
			want.AsOf = &d
		}
		if i%5 != 0 {
			want.Metrics.Reach = n(int64(i * 10))
		}
		if p.Platform != want.Platform || p.Caption != want.Caption || p.TimeKnown != want.TimeKnown ||
			p.PublishedAt != want.PublishedAt || !samePtr(p.AsOf, want.AsOf, time.Time.Equal) ||
			!samePtr(p.Metrics.Reach, want.Metrics.Reach, func(a, b int64) bool { return a == b }) {
			t.Fatalf("post %d: got %s, want %s", i, postText(p), postText(want))
		}
	}
}

// TestReadPostsNamesAColumnOfTheWrongType: a statement that hands over another type
// than the reader expects fails, naming the column and both types.
func TestReadPostsNamesAColumnOfTheWrongType(t *testing.T) {
	db := openTemp(t)
	_, err := readPosts(context.Background(), db, `SELECT 'a', 'b', count(*) OVER ()`, nil, 3, AsIs,
		func(r *batchReader) PublishedPost {
			return PublishedPost{Platform: r.str(0), Metrics: Metrics{Reach: r.intPtr(1)}}
		})
	if want := "read post: column 2: expected an integer, got utf8"; err == nil || err.Error() != want {
		t.Fatalf("got error %v, want %q", err, want)
	}
}

func samePtr[T any](a, b *T, eq func(T, T) bool) bool {
	if a == nil || b == nil {
		return a == b
	}
	return eq(*a, *b)
}

func postText(p PublishedPost) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q %s known=%v", p.Platform, p.Caption, p.PublishedAt.Format(time.RFC3339), p.TimeKnown)
	if p.AsOf != nil {
		fmt.Fprintf(&b, " as of %s", p.AsOf.Format(time.DateOnly))
	}
	if p.Metrics.Reach != nil {
		fmt.Fprintf(&b, " reach %d", *p.Metrics.Reach)
	}
	return b.String()
}

package queries

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Lists of posts are the largest results pulse reads: an agency's eight weeks hold
// thousands of posts, a report's year of best times sixty thousand. Through
// database/sql each value comes over on its own, boxed in an interface, which cost
// as long again as DuckDB took to find the rows (a year of figures: 80-110 ms
// against DuckDB's 45-55 ms). They are read as Arrow batches instead: DuckDB hands
// over 2,048 rows a column at a time, and the posts are built from the columns.

// queryArrow runs the statement query with args on a connection of the pool and
// hands each batch of its result to each. A batch's memory is DuckDB's and is
// released after each returns, so each must copy what it keeps.
func (db *DB) queryArrow(ctx context.Context, query string, args []any, each func(arrow.RecordBatch) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return withDriverConn(conn, func(c driver.Conn) error {
		ar, err := duckdb.NewArrowFromConn(c)
		if err != nil {
			return err
		}
		rdr, err := ar.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rdr.Release()
		for rdr.Next() {
			if err := each(rdr.RecordBatch()); err != nil {
				return err
			}
		}
		return rdr.Err()
	})
}

// readPosts runs the statement query, whose rows are posts of cols columns, each
// read by build and made a T by as; the last column is the number of rows
// (count(*) OVER ()), which sizes the list once, so that the posts are never copied
// (a post is a few hundred bytes of pointers: copying 60,000 of them took the
// report ~40 ms). The metrics point into blocks shared by many posts rather than
// one allocation each.
func readPosts[T any](ctx context.Context, db *DB, query string, args []any, cols int, as func(PublishedPost) T, build func(*batchReader) PublishedPost) ([]T, error) {
	var out []T
	r := batchReader{names: map[string]string{}}
	err := db.queryArrow(ctx, query, args, func(rec arrow.RecordBatch) error {
		if int(rec.NumCols()) != cols {
			return fmt.Errorf("read post: expected %d columns, got %d", cols, rec.NumCols())
		}
		r.rec = rec
		if out == nil {
			n, ok := rec.Column(cols - 1).(*array.Int64)
			if !ok || n.Len() == 0 {
				return fmt.Errorf("read post: column %d: expected the number of rows, got %s", cols, rec.Column(cols-1).DataType())
			}
			out = make([]T, 0, n.Value(0))
		}
		for r.row = 0; r.row < int(rec.NumRows()); r.row++ {
			out = append(out, as(build(&r)))
		}
		if r.err != nil {
			return fmt.Errorf("read post: %w", r.err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []T{} // no posts is an empty list, as JSON shows it
	}
	return out, nil
}

// batchReader takes the typed values of one row out of an Arrow batch. It keeps
// the first column whose type is not the one expected; NULL reads as the zero
// value, or as nil from the ...Ptr methods. Text is copied out of DuckDB's memory.
type batchReader struct {
	rec   arrow.RecordBatch
	row   int
	err   error
	ints  slab[int64]
	times slab[time.Time]
	// names keeps one copy of each short text that repeats from post to post
	// (platforms, handles, content types), rather than one per post.
	names map[string]string
}

// column is column col of the batch as an A, and whether the current row holds a
// value there (not NULL). A column of another type gives false and sets r.err.
func column[A arrow.Array](r *batchReader, col int, want string) (A, bool) {
	a, ok := r.rec.Column(col).(A)
	if !ok {
		if r.err == nil {
			r.err = fmt.Errorf("column %d: expected %s, got %s", col+1, want, r.rec.Column(col).DataType())
		}
		return a, false
	}
	return a, !a.IsNull(r.row)
}

// str is column col's text, copied.
func (r *batchReader) str(col int) string {
	a, ok := column[*array.String](r, col, "text")
	if !ok {
		return ""
	}
	return strings.Clone(a.Value(r.row))
}

// name is column col's text, shared with every other row that has the same.
func (r *batchReader) name(col int) string {
	a, ok := column[*array.String](r, col, "text")
	if !ok {
		return ""
	}
	v := a.Value(r.row)
	s, ok := r.names[v]
	if !ok {
		s = strings.Clone(v)
		r.names[s] = s
	}
	return s
}

func (r *batchReader) bool(col int) bool {
	a, ok := column[*array.Boolean](r, col, "a boolean")
	return ok && a.Value(r.row)
}

// time is a TIMESTAMP column's value, in UTC as database/sql gives it.
func (r *batchReader) time(col int) time.Time {
	a, ok := column[*array.Timestamp](r, col, "a timestamp")
	if !ok {
		return time.Time{}
	}
	return a.Value(r.row).ToTime(a.DataType().(*arrow.TimestampType).Unit)
}

// datePtr is a DATE column's day, at midnight UTC.
func (r *batchReader) datePtr(col int) *time.Time {
	a, ok := column[*array.Date32](r, col, "a date")
	if !ok {
		return nil
	}
	return r.times.ptr(a.Value(r.row).ToTime())
}

func (r *batchReader) intPtr(col int) *int64 {
	a, ok := column[*array.Int64](r, col, "an integer")
	if !ok {
		return nil
	}
	return r.ints.ptr(a.Value(r.row))
}

// slab hands out pointers to values kept in blocks of 1024: one allocation for many
// small ones. A block stays alive while any of its values is pointed to.
type slab[T any] struct{ free []T }

func (s *slab[T]) ptr(v T) *T {
	if len(s.free) == cap(s.free) {
		s.free = make([]T, 0, 1024)
	}
	s.free = append(s.free, v)
	return &s.free[len(s.free)-1]
}

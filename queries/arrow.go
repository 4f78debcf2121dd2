package queries

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// A load's daily values, posts and snapshots reach DuckDB as Arrow record batches
// rather than through the driver's Appender. The Appender takes every value as an
// `any` and makes a cgo call for each string and each NULL; an Arrow batch is
// built in Go memory, column by column, and DuckDB scans it in one statement.
// Loading 1.5 million daily values took half the time this way (see README,
// Performance). The small tables of a load (imports, originals, accounts, spans:
// a row or a few per file) keep the Appender. The driver's Arrow support needs the
// duckdb_arrow build tag, which the Makefile sets for every go command.

// arrowRowGroup is how many rows a batch holds: DuckDB's row group, so that
// DuckDB can scan batches in parallel and write each as a whole row group.
const arrowRowGroup = 122_880

// batches builds the rows of one table as Arrow record batches.
type batches struct {
	b    *array.RecordBuilder
	rows int // rows in the batch being built
	done []arrow.RecordBatch
}

func newBatches(schema *arrow.Schema) *batches {
	return &batches{b: array.NewRecordBuilder(memory.DefaultAllocator, schema)}
}

// field is column i's builder; a row appends one value to every column.
func (bs *batches) field(i int) array.Builder { return bs.b.Field(i) }

// rowDone counts a row whose every column has been appended.
func (bs *batches) rowDone() {
	bs.rows++
	if bs.rows == arrowRowGroup {
		bs.cut()
	}
}

func (bs *batches) cut() {
	if bs.rows > 0 {
		bs.done = append(bs.done, bs.b.NewRecordBatch())
		bs.rows = 0
	}
}

// release lets the batches' memory go.
func (bs *batches) release() {
	for _, r := range bs.done {
		r.Release()
	}
	bs.done = nil
	bs.b.Release()
}

// run shows the batches to stmt as the view named view, runs stmt, and releases
// them. The view lives on the connection until the next load replaces it; nothing
// reads it after stmt.
func (bs *batches) run(ctx context.Context, conn driver.Conn, view, stmt string) error {
	defer bs.release()
	bs.cut()
	if len(bs.done) == 0 {
		return nil
	}
	ar, err := duckdb.NewArrowFromConn(conn)
	if err != nil {
		return err
	}
	rdr, err := array.NewRecordReader(bs.b.Schema(), bs.done)
	if err != nil {
		return err
	}
	defer rdr.Release()
	releaseView, err := ar.RegisterView(rdr, view)
	if err != nil {
		return fmt.Errorf("show rows to DuckDB as %s: %w", view, err)
	}
	defer releaseView()
	execer, ok := conn.(driver.ExecerContext)
	if !ok {
		return fmt.Errorf("unexpected driver connection %T", conn)
	}
	if _, err := execer.ExecContext(ctx, stmt, nil); err != nil {
		return fmt.Errorf("from %s: %w", view, err)
	}
	return nil
}

// The Arrow types of the tables' columns. A TIMESTAMP is microseconds with no
// time zone: with one, DuckDB would read it as TIMESTAMPTZ and convert it through
// the session's zone on the way in.
var (
	arrowTimestamp = &arrow.TimestampType{Unit: arrow.Microsecond}
	arrowLabels    = arrow.ListOf(arrow.BinaryTypes.String)
)

// appendLabels appends a post's labels as a list, or NULL for none.
func appendLabels(b *array.ListBuilder, labels []string) {
	if len(labels) == 0 {
		b.AppendNull()
		return
	}
	b.Append(true)
	vb := b.ValueBuilder().(*array.StringBuilder)
	for _, l := range labels {
		vb.Append(l)
	}
}

// appendNullString appends s, or NULL for "".
func appendNullString(b array.Builder, s string) {
	if s == "" {
		b.AppendNull()
		return
	}
	b.(*array.StringBuilder).Append(s)
}

func appendInt64(b array.Builder, p *int64) {
	if p == nil {
		b.AppendNull()
		return
	}
	b.(*array.Int64Builder).Append(*p)
}

func appendFloat64(b array.Builder, p *float64) {
	if p == nil {
		b.AppendNull()
		return
	}
	b.(*array.Float64Builder).Append(*p)
}

package queries

import (
	"context"
	"database/sql/driver"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// The merge of a load happens in Go: the files' rows are already in memory, and
// folding them into maps is much cheaper than staging every row in DuckDB and
// comparing it there with window functions (that was two thirds of a load's time).
// DuckDB is asked only which of the load's keys it already holds; new rows are
// inserted straight into their tables (as Arrow batches, see arrow.go), and only
// the rows it held are updated.
//
// The outcome is that of loading the files one after another in order:
//   - within a file, the last row for a key is the file's word;
//   - across files, each field takes the last file's non-empty value (a later
//     export that lacks a caption does not erase it), and the import is the last
//     file's;
//   - each file's counts say what it changed over the database and the files
//     before it in the load.

// dayNumber is a date as days since 1970-01-01, the way the driver stores a DATE.
func dayNumber(t time.Time) int32 { return int32(t.Unix() / 86400) }

func dayTime(n int32) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }

// dailyKey names one stored daily value. The metric is its number in the load's
// metricNames: a key without pointers hashes faster, and the garbage collector
// need not walk a map of a million of them.
type dailyKey struct {
	acc    int32
	day    int32
	metric uint16
}

// metricNames numbers the metric names of one load.
type metricNames struct {
	index map[string]uint16
	names []string
	last  string // most rows name the metric of the row before
	lastN uint16
}

func (m *metricNames) number(name string) uint16 {
	if len(m.names) > 0 && name == m.last {
		return m.lastN
	}
	n, ok := m.index[name]
	if !ok {
		if m.index == nil {
			m.index = map[string]uint16{}
		}
		n = uint16(len(m.names))
		m.index[name] = n
		m.names = append(m.names, name)
	}
	m.last, m.lastN = name, n
	return n
}

// dailyCell is one daily value as the load goes through the files.
type dailyCell struct {
	dailyKey
	value     float64
	before    float64 // the value before the file now being merged
	has       bool    // a value is known (stored, or given by a file so far)
	hadBefore bool    // a value was known before the file now being merged
	stored    bool    // the database holds it
	file      int32   // the last file of the load that gives it; -1 when none does
}

// dayTable holds a T for each day of a span of days: in an array, indexed by the
// day, when the span's days are dense (an export gives every day, or every week),
// else in a map (a file that gives a few days years apart must not cost an array of
// every day between: arrays stay under 8 entries a value plus 64 a span). Looking a
// day up in an array is what makes the merge fast: a map of a million keys costs a
// cache miss per row.
type dayTable[T any] struct {
	first  int32
	dense  []T
	sparse map[int32]T
}

func newDayTable[T any](first, last int32, days int) dayTable[T] {
	if n := int(last-first) + 1; n <= 8*days+64 {
		return dayTable[T]{first: first, dense: make([]T, n)}
	}
	return dayTable[T]{sparse: make(map[int32]T, days)}
}

func (t *dayTable[T]) get(day int32) T {
	if t.dense != nil {
		return t.dense[day-t.first]
	}
	return t.sparse[day]
}

func (t *dayTable[T]) set(day int32, v T) {
	if t.dense != nil {
		t.dense[day-t.first] = v
		return
	}
	t.sparse[day] = v
}

// span is the days a load gives one account's metric, first to last.
type span struct {
	first, last int32
	days        int // values given, counted with repeats
}

func (s *span) add(day int32) {
	if s.days == 0 || day < s.first {
		s.first = day
	}
	if s.days == 0 || day > s.last {
		s.last = day
	}
	s.days++
}

// accountDays is what the merge keeps for one account of a load.
type accountDays struct {
	spans []span            // by metric number; days == 0 for a metric the load lacks
	cells []dayTable[int32] // by metric number: the day's cell index + 1; 0 for none
	flags dayTable[uint8]   // per day, while one file is counted (see loadDaily)
}

// dailyIndex finds the accounts' days, remembering the last account asked for:
// a file's rows mostly name one account.
type dailyIndex struct {
	byAcc   map[int32]*accountDays
	lastAcc int32
	last    *accountDays
}

func (x *dailyIndex) account(acc int32) *accountDays {
	if x.last != nil && acc == x.lastAcc {
		return x.last
	}
	a, ok := x.byAcc[acc]
	if !ok {
		a = &accountDays{}
		x.byAcc[acc] = a
	}
	x.lastAcc, x.last = acc, a
	return a
}

// addDay widens the account's metric's span to take in day.
func (x *dailyIndex) addDay(k dailyKey) {
	a := x.account(k.acc)
	for int(k.metric) >= len(a.spans) {
		a.spans = append(a.spans, span{})
	}
	a.spans[k.metric].add(k.day)
}

// allocate makes every span's tables once the spans are known.
func (x *dailyIndex) allocate() {
	for _, a := range x.byAcc {
		a.cells = make([]dayTable[int32], len(a.spans))
		var all span // every metric's days together
		days := 0
		for m, s := range a.spans {
			if s.days == 0 {
				continue
			}
			a.cells[m] = newDayTable[int32](s.first, s.last, s.days)
			all.add(s.first)
			all.add(s.last)
			days += s.days
		}
		a.flags = newDayTable[uint8](all.first, all.last, days)
	}
}

// cells is the table of k's account's metric.
func (x *dailyIndex) cells(k dailyKey) *dayTable[int32] { return &x.account(k.acc).cells[k.metric] }

// loadDaily merges the files' daily values into daily_metrics and sets each
// import's DaysNew and DaysUpdated.
func (tx *Tx) loadDaily(ctx context.Context, files []FileLoad, id func(Account) (int32, error)) error {
	rows := 0
	for _, f := range files {
		rows += len(f.Batch.Daily)
	}
	cells := make([]dailyCell, 0, rows)
	// Each row's key, in file and row order, made once for the spans and the merge.
	keys := make([]dailyKey, 0, rows)
	var metrics metricNames
	x := dailyIndex{byAcc: map[int32]*accountDays{}}
	for _, f := range files {
		for i := range f.Batch.Daily {
			d := &f.Batch.Daily[i]
			acc, err := id(d.Account)
			if err != nil {
				return err
			}
			k := dailyKey{acc, dayNumber(d.Day), metrics.number(d.Metric)}
			keys = append(keys, k)
			x.addDay(k)
		}
	}
	x.allocate()
	err := tx.storedDailyValues(ctx, &x, &metrics, func(k dailyKey, v float64) {
		x.cells(k).set(k.day, int32(len(cells))+1)
		cells = append(cells, dailyCell{dailyKey: k, value: v, has: true, stored: true, file: -1})
	})
	if err != nil {
		return fmt.Errorf("read stored days: %w", err)
	}

	// flags of a day while a file is counted: the file gives a value for it (seen),
	// something before the file held one of its metrics for it (held), one of the
	// values changes (changed).
	const seen, held, changed = 1, 2, 4
	var touched []int32
	for fi, f := range files {
		touched = touched[:0]
		for i := range f.Batch.Daily {
			d := &f.Batch.Daily[i]
			k := keys[0]
			keys = keys[1:]
			t := x.cells(k)
			ci := t.get(k.day) - 1
			if ci < 0 {
				ci = int32(len(cells))
				t.set(k.day, ci+1)
				cells = append(cells, dailyCell{dailyKey: k, file: -1})
			}
			c := &cells[ci]
			if c.file != int32(fi) {
				c.before, c.hadBefore, c.file = c.value, c.has, int32(fi)
				touched = append(touched, ci)
			}
			c.value, c.has = d.Value, true
		}
		// A day is new for the file when nothing before it held any of the file's
		// metrics for the day, and updated when something did and a value changes.
		for _, ci := range touched {
			c := &cells[ci]
			t := &x.account(c.acc).flags
			flags := t.get(c.day) | seen
			if c.hadBefore {
				flags |= held
			}
			if !c.hadBefore || !sameFloat(c.before, c.value) {
				flags |= changed
			}
			t.set(c.day, flags)
		}
		isNew, updated := 0, 0
		for _, ci := range touched { // each day once, leaving its flags clear for the next file
			c := &cells[ci]
			t := &x.account(c.acc).flags
			switch flags := t.get(c.day); {
			case flags == 0: // counted already
			case flags&held == 0:
				isNew++
			case flags&changed != 0:
				updated++
			}
			t.set(c.day, 0)
		}
		f.Import.DaysNew, f.Import.DaysUpdated = isNew, updated
	}

	// The last file's value and import is what is kept: values the database held
	// are updated, the others inserted.
	dailyRows := func(stored bool) *batches {
		bs := newBatches(dailySchema)
		acc := bs.field(0).(*array.Int32Builder)
		day := bs.field(1).(*array.Date32Builder)
		metric := bs.field(2).(*array.StringBuilder)
		value := bs.field(3).(*array.Float64Builder)
		imp := bs.field(4).(*array.Int32Builder)
		for i := range cells {
			c := &cells[i]
			if c.file < 0 || c.stored != stored {
				continue
			}
			acc.Append(c.acc)
			day.Append(arrow.Date32(c.day))
			metric.Append(metrics.names[c.metric])
			value.Append(c.value)
			imp.Append(int32(files[c.file].Import.ID))
			bs.rowDone()
		}
		return bs
	}
	err = tx.withConn(func(conn driver.Conn) error {
		return dailyRows(false).run(ctx, conn, "daily_inserts", insertDaily())
	})
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(cells, func(c dailyCell) bool { return c.file >= 0 && c.stored }) {
		return nil
	}
	return tx.withConn(func(conn driver.Conn) error {
		return dailyRows(true).run(ctx, conn, "daily_updates", updateDaily())
	})
}

// dailySchema is daily_metrics' columns, in order.
var dailySchema = arrow.NewSchema([]arrow.Field{
	{Name: "account_id", Type: arrow.PrimitiveTypes.Int32},
	{Name: "day", Type: arrow.FixedWidthTypes.Date32},
	{Name: "metric", Type: arrow.BinaryTypes.String},
	{Name: "value", Type: arrow.PrimitiveTypes.Float64},
	{Name: "import_id", Type: arrow.PrimitiveTypes.Int32},
}, nil)

// sameFloat is DuckDB's IS NOT DISTINCT FROM for two non-null doubles.
func sameFloat(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// storedDailyValues hands over the values the database holds for the load's spans
// of days: only there can the load meet a stored value.
func (tx *Tx) storedDailyValues(ctx context.Context, x *dailyIndex, metrics *metricNames, fn func(dailyKey, float64)) error {
	if len(x.byAcc) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, createStageSpans()); err != nil {
		return err
	}
	err := tx.withConn(func(conn driver.Conn) error {
		return appendRows(conn, "stage_spans", func(ap *duckdb.Appender) error {
			for acc, a := range x.byAcc {
				for m, s := range a.spans {
					if s.days == 0 {
						continue
					}
					if err := ap.AppendRow(acc, metrics.names[m], dayTime(s.first), dayTime(s.last)); err != nil {
						return err
					}
				}
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, storedDailyValues())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var acc int32
		var day time.Time
		var metric string
		var v float64
		if err := rows.Scan(&acc, &day, &metric, &v); err != nil {
			return err
		}
		fn(dailyKey{acc, dayNumber(day), metrics.number(metric)}, v)
	}
	return rows.Err()
}

// postKey names one post.
type postKey struct {
	acc int32
	id  string
}

// postCell is one post's descriptive fields as the load goes through the files.
type postCell struct {
	postKey
	platform    string
	publishedAt time.Time // zero: not given
	contentType string    // "" until a file gives one other than "other"
	typed       bool      // a file gave a content type other than "other"
	rawType     string
	caption     string
	permalink   string
	labels      []string
	stored      bool  // the database holds the post
	first       int32 // the first file of the load that names it
	file        int32 // the last one
	row         int   // the row of the file now being merged that is its word
	latest      int32 // a new post's newest snapshot of the load, in snaps
}

// snapKey names one snapshot: a post's totals as of a day.
type snapKey struct {
	postKey
	asOf int32
}

// snapCell is one snapshot as the load goes through the files.
type snapCell struct {
	snapKey
	metrics Metrics
	stored  bool
	file    int32
}

// loadPosts merges the files' posts into posts and post_snapshots and sets each
// import's PostsNew and PostsUpdated.
func (tx *Tx) loadPosts(ctx context.Context, files []FileLoad, id func(Account) (int32, error)) error {
	rows := 0
	for _, f := range files {
		rows += len(f.Batch.Posts)
	}
	index := make(map[postKey]int32, rows)
	cells := make([]postCell, 0, rows)
	// Each row's account id, in file and row order, found once.
	accOf := make([]int32, 0, rows)
	accs := map[int32]bool{}
	for _, f := range files {
		for i := range f.Batch.Posts {
			acc, err := id(f.Batch.Posts[i].Account)
			if err != nil {
				return err
			}
			accOf = append(accOf, acc)
			accs[acc] = true
		}
	}
	accList := make([]int32, 0, len(accs))
	for acc := range accs {
		accList = append(accList, acc)
	}
	stored, storedSnaps, err := tx.storedPostKeys(ctx, accList)
	if err != nil {
		return fmt.Errorf("read stored posts: %w", err)
	}
	snapIndex := make(map[snapKey]int32, rows)
	snaps := make([]snapCell, 0, rows)

	var touched []int32
	for fi, f := range files {
		fi := int32(fi)
		// Within a file, a post's last row is the file's word on it.
		touched = touched[:0]
		for i := range f.Batch.Posts {
			p := &f.Batch.Posts[i]
			k := postKey{accOf[0], p.PostID}
			accOf = accOf[1:]
			ci, ok := index[k]
			if !ok {
				ci = int32(len(cells))
				index[k] = ci
				cells = append(cells, postCell{postKey: k, platform: p.Account.Platform, stored: stored[k], first: fi, file: -1, latest: -1})
			}
			c := &cells[ci]
			if c.file != fi {
				c.file = fi
				touched = append(touched, ci)
			}
			c.row = i
		}
		isNew, updated := 0, 0
		asOf := dayNumber(f.Import.AsOf)
		for _, ci := range touched {
			c := &cells[ci]
			if !c.stored && c.first == fi {
				isNew++
			} else {
				updated++
			}
			p := &f.Batch.Posts[c.row]
			if !p.PublishedAt.IsZero() {
				c.publishedAt = p.PublishedAt.UTC()
			}
			if p.ContentType != "other" {
				c.contentType, c.typed = p.ContentType, true
			}
			c.rawType = firstNonEmpty(p.RawType, c.rawType)
			c.caption = firstNonEmpty(p.Caption, c.caption)
			c.permalink = firstNonEmpty(p.Permalink, c.permalink)
			if len(p.Labels) > 0 {
				c.labels = p.Labels
			}

			sk := snapKey{c.postKey, asOf}
			si, ok := snapIndex[sk]
			if !ok {
				si = int32(len(snaps))
				snapIndex[sk] = si
				snaps = append(snaps, snapCell{snapKey: sk, stored: storedSnaps[sk]})
			}
			s := &snaps[si]
			s.metrics.overlay(&p.Metrics)
			s.file = fi
			// A stored post takes its latest figures in updatePosts.sql, where its
			// stored snapshots are known.
			if !c.stored && (c.latest < 0 || snaps[c.latest].asOf < asOf) {
				c.latest = si
			}
		}
		f.Import.PostsNew, f.Import.PostsUpdated = isNew, updated
	}
	for i := range cells {
		if !cells[i].typed {
			cells[i].contentType = "other"
		}
	}

	// Posts and snapshots the database held are updated, the others inserted. A new
	// post is inserted with its newest snapshot's figures; a stored one's rows leave
	// them empty, as updatePosts.sql takes them from the stored snapshots.
	postRows := func(stored bool) *batches {
		bs := newBatches(postSchema)
		acc := bs.field(0).(*array.Int32Builder)
		id := bs.field(1).(*array.StringBuilder)
		platform := bs.field(2).(*array.StringBuilder)
		published := bs.field(3).(*array.TimestampBuilder)
		contentType := bs.field(4).(*array.StringBuilder)
		labels := bs.field(8).(*array.ListBuilder)
		imp := bs.field(9).(*array.Int32Builder)
		for i := range cells {
			c := &cells[i]
			if c.stored != stored {
				continue
			}
			acc.Append(c.acc)
			id.Append(c.id)
			platform.Append(c.platform)
			if c.publishedAt.IsZero() {
				published.AppendNull()
			} else {
				published.Append(arrow.Timestamp(c.publishedAt.UnixMicro()))
			}
			contentType.Append(c.contentType)
			appendNullString(bs.field(5), c.rawType)
			appendNullString(bs.field(6), c.caption)
			appendNullString(bs.field(7), c.permalink)
			appendLabels(labels, c.labels)
			imp.Append(int32(files[c.file].Import.ID))
			var latest *snapCell
			if c.latest >= 0 {
				latest = &snaps[c.latest]
			}
			appendSnapshot(bs, 10, 11, latest)
			bs.rowDone()
		}
		return bs
	}
	snapRows := func(stored bool) *batches {
		bs := newBatches(snapshotSchema)
		acc := bs.field(0).(*array.Int32Builder)
		id := bs.field(1).(*array.StringBuilder)
		imp := bs.field(3).(*array.Int32Builder)
		for i := range snaps {
			s := &snaps[i]
			if s.stored != stored {
				continue
			}
			acc.Append(s.acc)
			id.Append(s.id)
			imp.Append(int32(files[s.file].Import.ID))
			appendSnapshot(bs, 2, 4, s)
			bs.rowDone()
		}
		return bs
	}
	postUpdates := slices.ContainsFunc(cells, func(c postCell) bool { return c.stored })
	snapUpdates := slices.ContainsFunc(snaps, func(s snapCell) bool { return s.stored })
	err = tx.withConn(func(conn driver.Conn) error {
		if err := postRows(false).run(ctx, conn, "post_inserts", insertPosts()); err != nil {
			return err
		}
		if err := snapRows(false).run(ctx, conn, "snapshot_inserts", insertSnapshots()); err != nil {
			return err
		}
		if snapUpdates {
			if err := snapRows(true).run(ctx, conn, "snapshot_updates", updateSnapshots()); err != nil {
				return err
			}
		}
		if postUpdates {
			return postRows(true).run(ctx, conn, "post_update_rows", createPostUpdates())
		}
		return nil
	})
	if err != nil || !postUpdates {
		return err
	}
	_, err = tx.ExecContext(ctx, updatePosts())
	return err
}

// postSchema is posts' columns, in order: the post's own, then its latest
// snapshot's day and figures (migration 0007), as appendSnapshot writes them.
var postSchema = arrow.NewSchema(slices.Concat([]arrow.Field{
	{Name: "account_id", Type: arrow.PrimitiveTypes.Int32},
	{Name: "post_id", Type: arrow.BinaryTypes.String},
	{Name: "platform", Type: arrow.BinaryTypes.String},
	{Name: "published_at", Type: arrowTimestamp, Nullable: true},
	{Name: "content_type", Type: arrow.BinaryTypes.String},
	{Name: "raw_type", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "caption", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "permalink", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "labels", Type: arrowLabels, Nullable: true},
	{Name: "import_id", Type: arrow.PrimitiveTypes.Int32},
	{Name: "latest_as_of", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
}, prefixed("latest_", snapshotFigures)), nil)

// snapshotSchema is post_snapshots' columns, in order.
var snapshotSchema = arrow.NewSchema(slices.Concat([]arrow.Field{
	{Name: "account_id", Type: arrow.PrimitiveTypes.Int32},
	{Name: "post_id", Type: arrow.BinaryTypes.String},
	{Name: "as_of", Type: arrow.FixedWidthTypes.Date32},
	{Name: "import_id", Type: arrow.PrimitiveTypes.Int32},
}, snapshotFigures), nil)

// snapshotFigures is a snapshot's figures, in the order appendSnapshot writes them:
// post_snapshots' last columns, and posts' (named latest_...).
var snapshotFigures = []arrow.Field{
	{Name: "views", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "reach", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "likes", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "comments", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "shares", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "saves", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "clicks", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "video_views", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "watch_time_sec", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "follows", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "profile_visits", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
}

// prefixed is fields with each name after prefix.
func prefixed(prefix string, fields []arrow.Field) []arrow.Field {
	out := slices.Clone(fields)
	for i := range out {
		out[i].Name = prefix + out[i].Name
	}
	return out
}

// appendSnapshot writes a snapshot's day into column day of bs and its figures into
// the columns from figures on, in snapshotFigures' order. A nil s writes NULLs:
// a post without a snapshot.
func appendSnapshot(bs *batches, day, figures int, s *snapCell) {
	if s == nil {
		bs.field(day).AppendNull()
		for col := range snapshotFigures {
			bs.field(figures + col).AppendNull()
		}
		return
	}
	bs.field(day).(*array.Date32Builder).Append(arrow.Date32(s.asOf))
	m := &s.metrics
	for col, v := range [...]*int64{m.Views, m.Reach, m.Likes, m.Comments, m.Shares, m.Saves, m.Clicks, m.VideoViews} {
		appendInt64(bs.field(figures+col), v)
	}
	appendFloat64(bs.field(figures+8), m.WatchTimeSec)
	appendInt64(bs.field(figures+9), m.Follows)
	appendInt64(bs.field(figures+10), m.ProfileVisits)
}

// overlay takes every figure src reports.

func (m *Metrics) overlay(src *Metrics) {
	for _, f := range []struct{ dst, src **int64 }{
		{&m.Views, &src.Views}, {&m.Reach, &src.Reach}, {&m.Likes, &src.Likes},
		{&m.Comments, &src.Comments}, {&m.Shares, &src.Shares}, {&m.Saves, &src.Saves},
		{&m.Clicks, &src.Clicks}, {&m.VideoViews, &src.VideoViews}, {&m.Follows, &src.Follows},
		{&m.ProfileVisits, &src.ProfileVisits},
	} {
		if *f.src != nil {
			*f.dst = *f.src
		}
	}
	if src.WatchTimeSec != nil {
		m.WatchTimeSec = src.WatchTimeSec
	}
}

// storedPostKeys says which of the accounts' posts, and which of their snapshots
// as of the load's days, the database holds.
func (tx *Tx) storedPostKeys(ctx context.Context, accounts []int32) (map[postKey]bool, map[snapKey]bool, error) {
	posts, snaps := map[postKey]bool{}, map[snapKey]bool{}
	if len(accounts) == 0 {
		return posts, snaps, nil
	}
	rows, err := tx.QueryContext(ctx, storedPostKeys(), accounts)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k postKey
		var asOf *time.Time
		if err := rows.Scan(&k.acc, &k.id, &asOf); err != nil {
			return nil, nil, err
		}
		posts[k] = true
		if asOf != nil {
			snaps[snapKey{k, dayNumber(*asOf)}] = true
		}
	}
	return posts, snaps, rows.Err()
}

func createStageSpans() string  { return sqlText("createStageSpans") }
func storedDailyValues() string { return sqlText("storedDailyValues") }
func insertDaily() string       { return sqlText("insertDaily") }
func insertPosts() string       { return sqlText("insertPosts") }
func insertSnapshots() string   { return sqlText("insertSnapshots") }
func createPostUpdates() string { return sqlText("createPostUpdates") }
func storedPostKeys() string    { return sqlText("storedPostKeys") }

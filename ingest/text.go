package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"pulse/queries"
)

// ErrSemicolon marks a CSV that a spreadsheet re-saved with ';' separators.
var ErrSemicolon = errors.New("re-saved by a spreadsheet with ';' separators")

// RowError is one value pulse could not read. Line and Column count from 1, as a
// spreadsheet or text editor shows them.
type RowError struct {
	File     string
	Line     int
	Column   int
	Field    string // the column's header
	Value    string
	Expected string
}

func (e *RowError) Error() string {
	field := ""
	if e.Field != "" {
		field = fmt.Sprintf(" (%s)", e.Field)
	}
	return fmt.Sprintf("%s: line %d, column %d%s: %q is not %s", e.File, e.Line, e.Column, field, e.Value, e.Expected)
}

// decode turns a file's bytes into text, whatever the platform's encoding, and names
// the encoding it found.
func decode(raw []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return string(raw[3:]), "utf-8-bom", nil
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(raw)
		return string(b), "utf-16le", err
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(raw)
		return string(b), "utf-16be", err
	case len(raw) >= 4 && raw[1] == 0 && raw[3] == 0 && raw[0] != 0:
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().Bytes(raw)
		return string(b), "utf-16le", err
	case utf8.Valid(raw):
		return string(raw), "utf-8", nil
	default:
		// Old Windows spreadsheets re-save CSVs as Windows-1252.
		b, err := charmap.Windows1252.NewDecoder().Bytes(raw)
		return string(b), "windows-1252", err
	}
}

// lines splits text into lines without their line ends.
func lines(text string, max int) []string {
	var out []string
	for len(text) > 0 && (max <= 0 || len(out) < max) {
		line, rest, _ := strings.Cut(text, "\n")
		out = append(out, strings.TrimRight(line, "\r"))
		text = rest
	}
	return out
}

// splitCSVLine parses one line as a CSV record; a line that is not valid CSV gives nil.
func splitCSVLine(line string) []string {
	if line == "" {
		return nil // encoding/csv skips an empty line: no record
	}
	// Without quotes or line ends a record is its commas' pieces. Detection reads
	// each file's first lines for every format, and a csv.Reader costs a 4 KB
	// buffer each time: a fifth of the parsers' allocations.
	if !strings.ContainsAny(line, "\"\r\n") {
		return strings.Split(line, ",")
	}
	r := csv.NewReader(strings.NewReader(line))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rec, err := r.Read()
	if err != nil {
		return nil
	}
	return rec
}

// table is a header and its rows, from a CSV or a spreadsheet sheet.
type table struct {
	file   string // for messages: the file name, and the sheet where there is one
	header []string
	cols   map[string]int // normalized header name -> first column with it
	dupes  []string       // header names that occur more than once
	rows   []row
}

type row struct {
	line  int // 1-based line (CSV) or row (sheet) number
	cells []string
}

// newTable indexes a header. Names are matched trimmed and case-insensitively; a
// repeated name keeps its first column.
func newTable(file string, header []string) *table {
	t := &table{file: file, header: header, cols: map[string]int{}}
	for i, h := range header {
		k := normHeader(h)
		if _, seen := t.cols[k]; seen {
			if k != "" {
				t.dupes = append(t.dupes, strings.TrimSpace(h))
			}
			continue
		}
		t.cols[k] = i
	}
	return t
}

func normHeader(h string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
}

// col returns the column of the first of names present, or -1.
func (t *table) col(names ...string) int {
	for _, n := range names {
		if i, ok := t.cols[normHeader(n)]; ok {
			return i
		}
	}
	return -1
}

// has reports whether every name is a column.
func (t *table) has(names ...string) bool {
	for _, n := range names {
		if t.col(n) < 0 {
			return false
		}
	}
	return true
}

// dupeNote says which repeated header names were kept at their first column.
func (t *table) dupeNote() []string {
	if len(t.dupes) == 0 {
		return nil
	}
	names := t.dupes
	more := ""
	if len(names) > 5 {
		names, more = names[:5], fmt.Sprintf(" and %d more", len(t.dupes)-5)
	}
	return []string{fmt.Sprintf("the header repeats %s%s; the first of each was used", strings.Join(names, ", "), more)}
}

// readCSV reads text as CSV. skip leading lines are not part of the table (Meta's
// "sep=," and title lines); the next line is the header. Rows shorter than the
// header are padded with empty cells: Facebook drops trailing empty fields.
func readCSV(file, text string, skip int) (*table, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	var t *table
	for n := 0; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &RowError{File: file, Line: pe.Line, Column: pe.Column, Value: excerpt(text, pe.Line),
					Expected: "valid CSV (" + pe.Err.Error() + ")"}
			}
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		line, _ := r.FieldPos(0)
		if n < skip {
			continue
		}
		if t == nil {
			if len(rec) == 1 && strings.Count(rec[0], ";") >= 1 && strings.Count(rec[0], ";") >= strings.Count(rec[0], ",") {
				return nil, fmt.Errorf("%s: %w: the header is %q; export the file again from the platform and load it unchanged",
					file, ErrSemicolon, shorten(rec[0], 120))
			}
			t = newTable(file, rec)
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		for len(rec) < len(t.header) {
			rec = append(rec, "")
		}
		t.rows = append(t.rows, row{line: line, cells: rec})
	}
	if t == nil {
		return nil, fmt.Errorf("%s: the file has no header line", file)
	}
	return t, nil
}

func excerpt(text string, line int) string {
	ls := lines(text, line)
	if len(ls) < line || line < 1 {
		return ""
	}
	return shorten(ls[line-1], 80)
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// cells reads one row's values, collecting the first problem instead of stopping at
// each one, so a parser can read a row in straight-line code and check err once.
type cells struct {
	t   *table
	r   row
	err *RowError
}

func (t *table) reader(r row) *cells { return &cells{t: t, r: r} }

func (c *cells) fail(col int, value, expected string) {
	if c.err != nil {
		return
	}
	field := ""
	if col >= 0 && col < len(c.t.header) {
		field = strings.TrimSpace(c.t.header[col])
	}
	c.err = &RowError{File: c.t.file, Line: c.r.line, Column: col + 1, Field: field, Value: value, Expected: expected}
}

// str is the trimmed text of a cell, with HTML entities (&amp;) decoded; "" when the
// column is absent.
func (c *cells) str(col int) string {
	if col < 0 || col >= len(c.r.cells) {
		return ""
	}
	return strings.TrimSpace(html.UnescapeString(c.r.cells[col]))
}

// raw is the cell as written, untrimmed (captions keep their line breaks).
func (c *cells) raw(col int) string {
	if col < 0 || col >= len(c.r.cells) {
		return ""
	}
	return html.UnescapeString(c.r.cells[col])
}

// isNull says whether a cell means "not reported".
func isNull(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "-", "--", "undefined", "nan", "n/a", "null", "none":
		return true
	}
	return false
}

var thousands = regexp.MustCompile(`^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$`)

// parseNumber reads "1234", "1,234", "1777.0", "-3", "12.5%"; ok is false when the
// text is no number.
func parseNumber(s string) (float64, bool) {
	if f, ok := plainInteger(s); ok {
		return f, true
	}
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "%")
	if strings.IndexByte(s, ',') >= 0 && thousands.MatchString(s) { // (the pattern needs a comma)
		s = strings.ReplaceAll(s, ",", "")
	}
	s = strings.ReplaceAll(s, "\u00a0", "")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// plainInteger reads the commonest number text, up to 15 digits with an optional
// minus and nothing else, as parseNumber's strconv.ParseFloat would (so "-0" is
// negative zero), without the trimming and the searches parseNumber does first.
func plainInteger(s string) (float64, bool) {
	digits := s
	if len(s) > 0 && s[0] == '-' {
		digits = s[1:]
	}
	if len(digits) == 0 || len(digits) > 15 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	f := float64(n)
	if len(digits) < len(s) {
		f = -f
	}
	return f, true
}

// int is a whole-number cell; nil when absent or "not reported".
func (c *cells) int(col int) *int64 {
	v, ok := c.intValue(col)
	if !ok {
		return nil
	}
	return &v
}

// intValue is int without the pointer: ok is false when int is nil.
func (c *cells) intValue(col int) (int64, bool) {
	if col < 0 {
		return 0, false
	}
	s := c.str(col)
	if isNull(s) {
		return 0, false
	}
	f, ok := parseNumber(s)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1e15 {
		c.fail(col, s, "a whole number (like 1234)")
		return 0, false
	}
	return int64(f), true
}

// float is a decimal cell; nil when absent or "not reported".
func (c *cells) float(col int) *float64 {
	if col < 0 {
		return nil
	}
	s := c.str(col)
	if isNull(s) {
		return nil
	}
	f, ok := parseNumber(s)
	if !ok {
		c.fail(col, s, "a number (like 12.5)")
		return nil
	}
	return &f
}

// time parses a cell with the first layout that fits, in loc; zero and a recorded
// error when none does. what describes the layout for the message.
func (c *cells) time(col int, loc *time.Location, what string, layouts ...string) time.Time {
	s := c.str(col)
	for _, l := range layouts {
		if t, ok := quickDate(l, s, loc); ok {
			return t
		}
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t
		}
	}
	c.fail(col, s, what)
	return time.Time{}
}

// quickDate reads the commonest date layouts, "01/02/2006", "2006-01-02" and
// "2006-01-02T15:04:05" (Meta's daily files: time.ParseInLocation was a third of
// parsing them), as time.ParseInLocation does, without its general machinery; ok is
// false for other layouts and for text ParseInLocation might not read the same way.
func quickDate(layout, s string, loc *time.Location) (time.Time, bool) {
	var y, m, d, clock string
	switch {
	case layout == "01/02/2006" && len(s) == 10 && s[2] == '/' && s[5] == '/':
		m, d, y = s[0:2], s[3:5], s[6:10]
	case layout == "2006-01-02" && len(s) == 10 && s[4] == '-' && s[7] == '-':
		y, m, d = s[0:4], s[5:7], s[8:10]
	case layout == "2006-01-02T15:04:05" && len(s) == 19 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':':
		y, m, d, clock = s[0:4], s[5:7], s[8:10], s[11:19]
	default:
		return time.Time{}, false
	}
	num := func(digits string) int {
		n := 0
		for i := 0; i < len(digits); i++ {
			if digits[i] < '0' || digits[i] > '9' {
				return -1
			}
			n = n*10 + int(digits[i]-'0')
		}
		return n
	}
	year, month, day := num(y), num(m), num(d)
	if year < 0 || month < 1 || month > 12 || day < 1 {
		return time.Time{}, false
	}
	hour, minute, second := 0, 0, 0
	if clock != "" {
		hour, minute, second = num(clock[0:2]), num(clock[3:5]), num(clock[6:8])
		if hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 {
			return time.Time{}, false
		}
	}
	if t := time.Date(year, time.Month(month), day, hour, minute, second, 0, loc); t.Day() == day {
		return t, true // (a day past the month's end would have rolled over)
	}
	return time.Time{}, false
}

// day parses a calendar date with the first layout that fits; the result is 00:00 UTC
// of that date, the form daily metrics are stored in.
func (c *cells) day(col int, what string, layouts ...string) time.Time {
	t := c.time(col, time.UTC, what, layouts...)
	if t.IsZero() {
		return t
	}
	return dateOf(t)
}

// dateOf keeps the calendar date of t (in t's own location) at 00:00 UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// dailyRoom makes room for n more daily values at once, so that a file's values are
// allocated once and not copied as they grow (a nil slice stays nil when there are
// none).
func dailyRoom(d []queries.Daily, n int) []queries.Daily {
	if n == 0 || cap(d)-len(d) >= n {
		return d
	}
	return append(make([]queries.Daily, 0, len(d)+n), d...)
}

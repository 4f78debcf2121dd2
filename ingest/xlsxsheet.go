package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// A sheet of an .xlsx file, read in one pass (see xlsx.go).

// excelize's limits on a sheet.
const (
	xlsxMaxRows = 1048576
	xlsxMaxCols = 16384
)

// xlsxDigits reads a decimal number of at most 9 digits with an optional plus
// sign, as strconv.Atoi would; ok is false for anything else.
func xlsxDigits(b []byte) (n int, ok bool) {
	if len(b) > 0 && b[0] == '+' {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// xlsxCellName parses a cell reference such as "B7" or "$B$7" as excelize's
// CellNameToCoordinates does.
func xlsxCellName(ref []byte) (col, row int, err error) {
	isAlpha := func(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '$' }
	last := -1
	for i, c := range ref {
		if isAlpha(c) {
			last = i
		}
	}
	if len(ref) == 0 || !isAlpha(ref[0]) || last == len(ref)-1 {
		return -1, -1, fmt.Errorf("invalid cell name %q", ref)
	}
	row, ok := xlsxDigits(ref[last+1:])
	if !ok {
		var aerr error
		if row, aerr = strconv.Atoi(string(ref[last+1:])); aerr != nil {
			return -1, -1, fmt.Errorf("invalid cell name %q", ref)
		}
	}
	if row <= 0 {
		return -1, -1, fmt.Errorf("invalid cell name %q", ref)
	}
	if row > xlsxMaxRows {
		return -1, -1, errors.New("row number exceeds maximum limit")
	}
	letters := 0
	for _, c := range ref[:last+1] {
		switch {
		case c == '$':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case c < 'A' || c > 'Z':
			return -1, -1, fmt.Errorf("invalid column name %q", ref[:last+1])
		}
		if letters++; letters > 3 {
			return -1, -1, errors.New("the column number must be greater than or equal to 1 and less than or equal to 16384")
		}
		col = col*26 + int(c-'A'+1)
	}
	if letters == 0 {
		return -1, -1, fmt.Errorf("invalid column name %q", ref[:last+1])
	}
	if col > xlsxMaxCols {
		return -1, -1, errors.New("the column number must be greater than or equal to 1 and less than or equal to 16384")
	}
	return col, row, nil
}

// xlsxColumn is the column of a cell reference, which must be one excelize reads.
func xlsxColumn(ref []byte) (int, error) {
	col, i := 0, 0
	for ; i < len(ref) && i < 3 && 'A' <= ref[i] && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
	}
	if i > 0 && i < len(ref) && col <= xlsxMaxCols && len(ref)-i <= 7 && ref[i] != '0' {
		row := 0
		for _, c := range ref[i:] {
			if c < '0' || c > '9' {
				row = -1
				break
			}
			row = row*10 + int(c-'0')
		}
		if row > 0 && row <= xlsxMaxRows {
			return col, nil
		}
	}
	col, _, err := xlsxCellName(ref)
	return col, err
}

// xlsxCellRef names a cell as excelize does: "B7".
func xlsxCellRef(col, row int) string {
	var b [8]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:]) + strconv.Itoa(row)
}

// xlsxCellType is a cell's t attribute.
type xlsxCellType uint8

const (
	xlsxUnset   xlsxCellType = iota // no t, or one excelize does not know
	xlsxBool                        // b
	xlsxDate                        // d: ISO 8601
	xlsxError                       // e
	xlsxFormula                     // str: a formula's text result
	xlsxInline                      // inlineStr
	xlsxNum                         // n
	xlsxShared                      // s
)

func xlsxType(t []byte) xlsxCellType {
	switch string(t) {
	case "b":
		return xlsxBool
	case "d":
		return xlsxDate
	case "n":
		return xlsxNum
	case "e":
		return xlsxError
	case "s":
		return xlsxShared
	case "str":
		return xlsxFormula
	case "inlineStr":
		return xlsxInline
	}
	return xlsxUnset
}

// xlsxMerge is a merged range (1-based, sorted corners) and the cell whose type
// its cells take: the first cell its reference names.
type xlsxMerge struct {
	c1, r1, c2, r2   int
	firstCol, firstR int  // 0 when the first cell is not written as excelize names cells
	bad              bool // a reference excelize cannot read
	empty            bool // no reference: excelize panicked on it
}

// xlsxSheetReader holds one sheet's state while it is read.
type xlsxSheetReader struct {
	book     *xlsxBook
	s        *xmlScanner
	rows     [][]string
	slab     []string // cells: the finished rows, then the row being filled
	n        int      // cells of slab in use
	rowStart int      // where in slab the row being filled starts
	gridRow  int      // the row being filled (1-based), 0 before the first
	curRow   int      // the number the row iterator gave the last <row>
	cellCol  int
	rowS     int // the current row's style
	cols     []xlsxColStyle
	v        []byte
	si       xlsxSI

	used   int           // row and cell slots taken
	left   int           // slots the sheet may take
	shared *atomic.Int64 // slots all sheets read concurrently took

	merges []xlsxMerge
	firsts map[[2]int]xlsxCellType // type of the cells merged ranges take theirs from
	later  []xlsxLateCell          // cells of a sheet with merged ranges, typed at the end
}

type xlsxColStyle struct{ min, max, style int }

type xlsxLateCell struct {
	row, col, style int // 0-based grid position, resolved style
	typ             xlsxCellType
	v               string
}

func (b *xlsxBook) readSheet(raw []byte, budget int, shared *atomic.Int64) xlsxSheetResult {
	data, err := xlsxUTF8(raw)
	if err != nil {
		return xlsxSheetResult{err: err}
	}
	r := &xlsxSheetReader{book: b, s: newXMLScanner(data), left: budget, shared: shared}
	if bytes.Contains(data, []byte("mergeCell")) {
		r.readMerges(data)
	}
	err = r.read()
	if err == nil {
		err = r.typeLater()
	}
	return xlsxSheetResult{rows: r.rows, used: r.used, err: err}
}

// readMerges reads <mergeCells> ahead of the cells, since the cells need them.
func (r *xlsxSheetReader) readMerges(data []byte) {
	s := newXMLScanner(data)
	for s.next() != xmlEOF { // a syntax error is reported by the main pass
		if s.kind == xmlStart && s.depth() == 3 && string(s.local()) == "mergeCell" && string(localName(s.at(s.stack[1]))) == "mergeCells" {
			ref, _ := s.attrString("ref")
			r.merges = append(r.merges, xlsxParseMerge(ref))
		}
	}
}

func xlsxParseMerge(ref string) xlsxMerge {
	if ref == "" {
		return xlsxMerge{empty: true}
	}
	full := ref
	if strings.Count(ref, ":") != 1 {
		full = ref + ":" + ref
	}
	parts := strings.Split(strings.ReplaceAll(full, "$", ""), ":")
	c1, r1, err1 := xlsxCellName([]byte(parts[0]))
	c2, r2, err2 := xlsxCellName([]byte(parts[1]))
	if err1 != nil || err2 != nil {
		return xlsxMerge{bad: true}
	}
	m := xlsxMerge{c1: min(c1, c2), r1: min(r1, r2), c2: max(c1, c2), r2: max(r1, r2)}
	first := strings.Split(ref, ":")[0]
	if c, row, err := xlsxCellName([]byte(first)); err == nil && first == xlsxCellRef(c, row) {
		m.firstCol, m.firstR = c, row
	}
	return m
}

func (r *xlsxSheetReader) read() error {
	s := r.s
	for {
		if r.gridRow > 0 && !s.pendingEnd {
			if ok, err := r.fastCell(); ok {
				if err != nil {
					return err
				}
				continue
			}
		}
		switch s.next() {
		case xmlEOF:
			if s.err != nil {
				return s.err
			}
			return r.endRow()
		case xmlStart:
			switch string(s.local()) {
			case "c":
				if r.gridRow > 0 {
					// (fastCell did not take it)
					if err := r.cell(); err != nil {
						return err
					}
				}
			case "row":
				if err := r.row(); err != nil {
					return err
				}
			case "cols":
				if s.depth() == 2 {
					r.readCols()
				}
			}
		case xmlEnd:
			if string(s.local()) == "sheetData" {
				return r.endRow()
			}
		}
	}
}

// readCols reads the column styles (<cols><col min max style>).
func (r *xlsxSheetReader) readCols() {
	s := r.s
	d := s.depth()
	for s.next() != xmlEOF {
		if s.kind == xmlEnd && s.depth() < d {
			return
		}
		if s.kind == xmlStart && s.depth() == d+1 && string(s.local()) == "col" {
			lo, err1 := xlsxIntAttr(s, "min")
			hi, err2 := xlsxIntAttr(s, "max")
			st, err3 := xlsxIntAttr(s, "style")
			if err1 == nil && err2 == nil && err3 == nil && *st != 0 {
				r.cols = append(r.cols, xlsxColStyle{*lo, *hi, *st})
			}
		}
	}
}

// row starts a <row>, numbered as excelize's row iterator numbers it: its r, or
// the one after the last row's. A row whose number is not past the row being
// filled adds its cells to that row, as the iterator does.
func (r *xlsxSheetReader) row() error {
	s := r.s
	if err := r.book.sharedStrings(); err != nil {
		return err
	}
	n := 0
	r.rowS = 0
	for _, a := range s.attrs {
		switch string(localName(s.at(a.name))) {
		case "r":
			v := s.at(a.val)
			var ok bool
			if n, ok = xlsxDigits(v); !ok {
				str, err := xmlString(v, true)
				if err != nil {
					return err
				}
				if n, err = strconv.Atoi(str); err != nil {
					return err
				}
			}
		case "s":
			if st, err := strconv.ParseInt(string(bytes.TrimSpace(s.at(a.val))), 10, 64); err == nil {
				r.rowS = int(st)
			}
		}
	}
	if n == 0 {
		n = r.curRow + 1
	}
	if n > xlsxMaxRows {
		return errors.New("row number exceeds maximum limit")
	}
	r.curRow = n
	if r.gridRow > 0 && n <= r.gridRow {
		return nil
	}
	if err := r.endRow(); err != nil {
		return err
	}
	n = max(n, 1) // the first row starts the sheet whatever its number
	if gap := n - 1 - len(r.rows); gap > 0 {
		if err := r.spend(gap); err != nil {
			return err
		}
		for i := 0; i < gap; i++ {
			r.rows = append(r.rows, nil)
		}
	}
	r.gridRow = n
	r.startRow()
	r.cellCol = 0
	return nil
}

// spend takes n row or cell slots from the budget.
func (r *xlsxSheetReader) spend(n int) error {
	if r.used += n; r.used > r.left {
		return errTooManyCells
	}
	if r.shared != nil && r.shared.Add(int64(n)) > int64(r.book.budget) {
		return errBudgetShared
	}
	return nil
}

// endRow adds the row being filled to the sheet. Rows are filled in place at the
// end of a slab of cells, which the finished rows are parts of.
func (r *xlsxSheetReader) endRow() error {
	if r.gridRow == 0 || r.gridRow <= len(r.rows) {
		return nil
	}
	cells := r.slab[r.rowStart:r.n]
	if err := r.spend(1 + len(cells)); err != nil {
		return err
	}
	var row []string
	if len(cells) > 0 {
		row = cells[:len(cells):len(cells)]
	}
	r.rows = append(r.rows, row)
	r.startRow()
	return nil
}

// startRow starts the next row at the end of the slab.
func (r *xlsxSheetReader) startRow() {
	if len(r.slab)-r.n < 256 {
		// The first slab is sized for the sheet: a cell takes some 24 bytes or more.
		size := 4096
		if r.slab == nil {
			size = min(max(256, len(r.s.data)/24), 1<<16)
		}
		r.slab, r.n = make([]string, size), 0
	}
	r.rowStart = r.n
}

// cell reads a <c> and places its value.
func (r *xlsxSheetReader) cell() error {
	s := r.s
	var ref, t []byte
	style, dropped := 0, false
	for _, a := range s.attrs {
		switch string(localName(s.at(a.name))) {
		case "r":
			ref = s.at(a.val)
		case "s":
			v := s.at(a.val)
			n, ok := xlsxDigits(v)
			if !ok {
				str, err := xmlString(v, true)
				if err != nil {
					return err
				}
				n64, err := strconv.ParseInt(str, 10, 64)
				if err != nil { // excelize stops reading the cell there: it has no value
					dropped = true
					break
				}
				n = int(n64)
			}
			style = n
		case "t":
			t = s.at(a.val)
		}
		if dropped {
			break
		}
	}
	if len(ref) > 0 && indexByte(ref, '&') >= 0 {
		str, err := xmlString(ref, true)
		if err != nil {
			return err
		}
		ref = []byte(str)
	}
	if dropped {
		s.skip()
		if s.err != nil {
			return s.err
		}
		return r.place(ref, 0, xlsxUnset, nil, false, false, true)
	}
	typ := xlsxUnset
	if len(t) > 0 {
		if indexByte(t, '&') >= 0 {
			str, err := xmlString(t, true)
			if err != nil {
				return err
			}
			t = []byte(str)
		}
		typ = xlsxType(t)
	}

	// The cell's children: the last <v>, whether there is an <f>, any <is>.
	d := s.depth()
	hasF := false
	raw := r.v[:0]
	r.si.has = false
	for {
		k := s.next()
		if k == xmlEOF {
			return s.err
		}
		if k == xmlEnd && s.depth() < d {
			break
		}
		if k != xmlStart {
			continue
		}
		switch string(s.local()) {
		case "v":
			if text, ok := s.plainText(); ok {
				raw = text // a slice of the data: no copy
			} else {
				r.v = s.appendText(r.v[:0])
				raw = r.v
			}
		case "f":
			hasF = true
			s.skip()
		case "is":
			r.si.read(s)
		}
	}
	if s.err != nil {
		return s.err
	}
	return r.place(ref, style, typ, raw, hasF, r.si.has, false)
}

// fastCell reads a <c> written the plain way almost every writer writes them,
// <c r="B7" s="3" t="n"><v>12</v></c>, straight from the bytes; it reads nothing
// and returns false for anything else, which cell reads.
func (r *xlsxSheetReader) fastCell() (bool, error) {
	s := r.s
	d, i := s.data, s.p
	n := len(d)
	if i+3 > n || d[i] != '<' || d[i+1] != 'c' || d[i+2] != ' ' && d[i+2] != '>' {
		return false, nil
	}
	i += 2
	var ref, t []byte
	style := 0
	self := false
	for {
		for i < n && d[i] == ' ' {
			i++
		}
		if i+1 >= n {
			return false, nil
		}
		if d[i] == '>' {
			i++
			break
		}
		if d[i] == '/' && d[i+1] == '>' {
			self = true
			i += 2
			break
		}
		// name="value", where name is one letter (r, s, t) or another name,
		// without a prefix, and value needs no decoding.
		name := d[i]
		j := i + 1
		for j < n && d[j] != '=' && d[j] != ' ' && d[j] != '>' && d[j] != ':' {
			j++
		}
		if j+1 >= n || d[j] != '=' || d[j+1] != '"' {
			return false, nil
		}
		if j-i != 1 {
			name = 0 // an attribute the cell does not need
		}
		v := j + 2
		e := v
		for e < n && d[e] != '"' {
			if d[e] == '&' || d[e] == '<' {
				return false, nil
			}
			e++
		}
		if e >= n {
			return false, nil
		}
		switch name {
		case 'r':
			ref = d[v:e]
		case 's':
			st, ok := xlsxDigits(d[v:e])
			if !ok {
				return false, nil
			}
			style = st
		case 't':
			t = d[v:e]
		}
		i = e + 1
	}
	var raw []byte
	if !self {
		switch {
		case i+4 <= n && d[i] == '<' && d[i+1] == '/' && d[i+2] == 'c' && d[i+3] == '>':
			i += 4
		case i+3 <= n && d[i] == '<' && d[i+1] == 'v' && d[i+2] == '>':
			v := i + 3
			e := v
			for e < n && d[e] >= 0x20 && d[e] < 0x80 && d[e] != '<' && d[e] != '&' && d[e] != ']' {
				e++
			}
			if e+8 > n || d[e] != '<' || d[e+1] != '/' || d[e+2] != 'v' || d[e+3] != '>' ||
				d[e+4] != '<' || d[e+5] != '/' || d[e+6] != 'c' || d[e+7] != '>' {
				return false, nil
			}
			raw = d[v:e]
			i = e + 8
		default:
			return false, nil
		}
	}
	s.p = i
	return true, r.place(ref, style, xlsxType(t), raw, false, false, false)
}

// place puts a cell's value where excelize's row iterator put it: at its column,
// or after the row's last value when its column is not past it. A cell excelize
// could not read (dropped) only moves the column on.
func (r *xlsxSheetReader) place(ref []byte, style int, typ xlsxCellType, raw []byte, hasF, hasIS, dropped bool) error {
	r.cellCol++
	if len(ref) > 0 {
		col, err := xlsxColumn(ref)
		if err != nil {
			return err
		}
		r.cellCol = col
	}
	if dropped {
		return nil
	}

	// The value, as excelize's row iterator gives it (which decides whether the
	// cell takes a place), typed unless merged ranges must be known first.
	var v string
	present := len(raw) > 0
	switch typ {
	case xlsxShared:
		if len(raw) > 0 {
			if i := xlsxAtoi(raw); i >= 0 && i < len(r.book.sst) {
				v = r.book.sst[i]
			}
		}
		present = v != ""
	case xlsxInline:
		if hasIS {
			v = r.si.String()
			present = v != ""
		} else {
			v = string(raw)
		}
	case xlsxUnset, xlsxNum, xlsxBool, xlsxDate:
		if len(r.merges) == 0 && len(raw) > 0 && xlMayBeTyped(raw[0]) {
			kind := xlNumber
			if typ == xlsxUnset || typ == xlsxNum {
				kind = r.book.styles.kind(r.cellStyle(style))
			}
			v = r.book.render(raw, typ, kind) // "" for an infinity
		} else {
			v = string(raw)
		}
	default:
		v = string(raw)
	}
	if len(r.merges) > 0 {
		r.noteFirst(typ)
	}
	if !present && !hasF {
		return nil
	}
	for n := r.rowLen() + 1; n < r.cellCol; n++ {
		r.push("")
	}
	r.push(v)
	if len(r.merges) > 0 && v != "" && xlMayBeTyped(v[0]) {
		r.later = append(r.later, xlsxLateCell{row: r.gridRow - 1, col: r.rowLen() - 1, style: r.cellStyle(style), typ: typ, v: v})
	}
	return nil
}

// push adds a cell to the row being filled; a row that outgrows the slab moves to
// a new one.
func (r *xlsxSheetReader) push(v string) {
	if r.n == len(r.slab) {
		row := r.slab[r.rowStart:r.n]
		r.slab = make([]string, max(4096, 2*len(row)))
		r.n = copy(r.slab, row)
		r.rowStart = 0
	}
	r.slab[r.n] = v
	r.n++
}

// rowLen is how many cells the row being filled has.
func (r *xlsxSheetReader) rowLen() int { return r.n - r.rowStart }

// xlsxAtoi reads a shared-string index as excelize does (strconv.Atoi of the
// trimmed text; text that is not a number reads as 0); -1 is out of range.
func xlsxAtoi(b []byte) int {
	if n, ok := xlsxDigits(b); ok {
		return n
	}
	i, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return -1
		}
		return 0
	}
	return i
}

// cellStyle is the style excelize's GetCellStyle gives a cell: its own, else its
// row's, else its column's.
func (r *xlsxSheetReader) cellStyle(style int) int {
	if style == 0 {
		style = r.rowS
	}
	if style == 0 {
		for _, c := range r.cols {
			if c.min <= r.cellCol && r.cellCol <= c.max {
				return c.style
			}
		}
	}
	return style
}

// render turns the raw value of a cell that may be typed into text, by the cell's
// type (t) and number format, as the excelize-based reader did: numbers without
// float noise, and as MM/DD/YYYY when the format is a date format; booleans as
// TRUE and FALSE; ISO 8601 date cells (t="d") as dates.
func (b *xlsxBook) render(raw []byte, typ xlsxCellType, kind xlFmtKind) string {
	switch typ {
	case xlsxUnset, xlsxNum:
		if kind == xlNumber {
			if xlCanonicalNumber(raw) {
				return string(raw) // what xlNumberText would make of it
			}
			if text, ok := xlDecimalText(raw); ok {
				return text
			}
		}
		v := string(raw)
		n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return v
		}
		return xlRenderNumber(n, kind, b.date1904)
	case xlsxBool:
		if string(raw) == "1" || strings.EqualFold(string(raw), "true") {
			return "TRUE"
		}
		return "FALSE"
	case xlsxDate:
		v := string(raw)
		for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
			if t, err := time.Parse(l, v); err == nil {
				kind := xlDate
				if t.Hour()+t.Minute()+t.Second() != 0 {
					kind = xlDateTime
				}
				return xlRenderTime(t, kind)
			}
		}
		return v
	}
	return string(raw)
}

// noteFirst keeps the type of a cell that merged ranges take their type from.
func (r *xlsxSheetReader) noteFirst(typ xlsxCellType) {
	for _, m := range r.merges {
		if m.firstCol == r.cellCol && m.firstR == r.gridRow {
			if r.firsts == nil {
				r.firsts = map[[2]int]xlsxCellType{}
			}
			if _, ok := r.firsts[[2]int{r.cellCol, r.gridRow}]; !ok {
				r.firsts[[2]int{r.cellCol, r.gridRow}] = typ
			}
			return
		}
	}
}

// typeLater types the cells of a sheet with merged ranges. excelize looked up the
// type of a cell inside a merged range on the cell the range's reference names
// first (and gave up, reading it untyped, at a reference it could not read).
func (r *xlsxSheetReader) typeLater() error {
	// Each cell is looked up in the ranges in turn, as excelize did: a damaged
	// file could make that take minutes. A real sheet with ten thousand merged
	// ranges and as many numbers needs half of what is allowed (a tenth of a
	// second).
	if len(r.later) > 0 && len(r.merges) > 2e8/len(r.later) {
		return fmt.Errorf("%d merged ranges over %d numbers: more than a spreadsheet holds", len(r.merges), len(r.later))
	}
	for _, c := range r.later {
		typ := c.typ
		col, row := c.col+1, c.row+1
		for _, m := range r.merges {
			if m.empty {
				return errors.New("a merged range has no reference")
			}
			if m.bad {
				typ = xlsxUnset
				break
			}
			if m.c1 <= col && col <= m.c2 && m.r1 <= row && row <= m.r2 {
				typ = xlsxUnset
				if m.firstCol > 0 {
					typ = r.firsts[[2]int{m.firstCol, m.firstR}]
				}
				break
			}
		}
		if typ == xlsxUnset || typ == xlsxNum || typ == xlsxBool || typ == xlsxDate {
			r.rows[c.row][c.col] = r.book.render([]byte(c.v), typ, r.book.styles.kind(c.style))
		}
	}
	return nil
}

// xlCanonicalNumber says whether a number's text is already what xlNumberText
// makes of it: an optional minus, an integer part without leading zeros, an
// optional fraction not ending in 0, at most 15 digits in all ("-0" excepted).
// Any decimal of at most 15 significant digits survives the trip to a float64
// and back, and no shorter one reads as the same float.
func xlCanonicalNumber(s []byte) bool {
	i := 0
	if len(s) > 0 && s[0] == '-' {
		i = 1
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intDigits := i - start
	if intDigits == 0 || intDigits > 1 && s[start] == '0' {
		return false
	}
	if i == len(s) {
		return intDigits <= 15 && !(start == 1 && intDigits == 1 && s[1] == '0')
	}
	if s[i] != '.' {
		return false
	}
	i++
	fracStart := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i == len(s) && i > fracStart && s[i-1] != '0' && intDigits+(i-fracStart) <= 15
}

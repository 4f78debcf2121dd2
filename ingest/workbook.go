package ingest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// readWorkbook reads an .xls (BIFF8) or .xlsx file into text cells, every cell as a
// person reads it: text as written, numbers without float noise ("34", not "34.0";
// "0.3", not "0.30000000000000004"), and cells formatted as dates as MM/DD/YYYY,
// whatever date format the cell shows, so a LinkedIn text date and the same date
// turned into a real date cell by a spreadsheet read alike. Other number formats
// (percent, thousands) are not applied: the number is given as stored.
//
// It never panics: a damaged file gives an error naming it.
func readWorkbook(name string, raw []byte) (wb *workbook, err error) {
	defer func() {
		if r := recover(); r != nil {
			wb, err = nil, fmt.Errorf("%s: the spreadsheet is damaged and cannot be read (%v); download it again from the platform", name, r)
		}
	}()
	switch {
	case bytes.HasPrefix(raw, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		wb, err = readXLS(raw)
	case bytes.HasPrefix(raw, []byte("PK")):
		wb, err = readXLSX(raw)
	default:
		err = errors.New("not an .xls or .xlsx spreadsheet")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i := range wb.Sheets {
		wb.Sheets[i].Rows = xlTrimGrid(wb.Sheets[i].Rows)
	}
	return wb, nil
}

// xlTrimGrid drops empty cells at the end of each row and empty rows at the end.
func xlTrimGrid(rows [][]string) [][]string {
	for i, r := range rows {
		n := len(r)
		for n > 0 && r[n-1] == "" {
			n--
		}
		rows[i] = r[:n]
	}
	n := len(rows)
	for n > 0 && len(rows[n-1]) == 0 {
		n--
	}
	return rows[:n]
}

// ---------------------------------------------------------------------------
// .xls: Excel 97-2003 (BIFF8) inside an OLE2 compound file.
//
// The compound file is opened with github.com/richardlehane/mscfb, which checks
// sector chains for cycles and bounds; the BIFF8 records are read here. (We do not
// use github.com/extrame/xls v0.0.1: on a damaged compound file it calls log.Fatal,
// which ends the whole program; it pads strings that cross a CONTINUE record with
// NUL characters; with a shared-string table of more than two records it attaches
// the tail of a split string to the next string and shifts every later string by
// one, so a larger LinkedIn content export would load captions and dates into the
// wrong posts; it reads negative whole numbers as 2^30 - n, lets an embedded chart's
// cells overwrite the sheet's, and shows date cells as "2006.01". The test compares
// this reader with it on the real samples, where it is right.)

// damagedXLS describes a structural problem in an .xls file.
func damagedXLS(format string, args ...any) error {
	return fmt.Errorf("the .xls file is damaged or incomplete (%s); download it again from the platform", fmt.Sprintf(format, args...))
}

func readXLS(raw []byte) (*workbook, error) {
	stream, err := xlsWorkbookStream(raw)
	if err != nil {
		return nil, err
	}
	return parseBIFF8(stream)
}

// xlsWorkbookStream returns the "Workbook" stream of an OLE2 compound file.
func xlsWorkbookStream(raw []byte) (stream []byte, err error) {
	defer func() {
		if r := recover(); r != nil { // mscfb indexes some damaged directories out of range
			stream, err = nil, damagedXLS("%v", r)
		}
	}()
	// mscfb sizes slices from the header's sector counts before it checks them: a
	// damaged header could make it ask for gigabytes, which no recover catches. No
	// count can exceed the sectors the file has.
	if len(raw) < 512 {
		return nil, damagedXLS("%d bytes, shorter than an Office file header", len(raw))
	}
	shift := binary.LittleEndian.Uint16(raw[30:])
	if shift != 9 && shift != 12 {
		return nil, damagedXLS("sector size 2^%d", shift)
	}
	sectors := uint64(len(raw))>>shift + 1
	for _, off := range []int{40, 44, 64, 72} { // directory, FAT, mini FAT and DIFAT sectors
		if n := uint64(binary.LittleEndian.Uint32(raw[off:])); n > sectors {
			return nil, damagedXLS("the header counts %d sectors in a file of %d", n, sectors)
		}
	}
	doc, err := mscfb.New(bytes.NewReader(raw))
	if err != nil {
		return nil, damagedXLS("%v", err)
	}
	for {
		e, err := doc.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, damagedXLS("%v", err)
		}
		if len(e.Path) != 0 {
			continue
		}
		switch e.Name {
		case "Workbook":
			if e.Size <= 0 || e.Size > int64(len(raw)) {
				return nil, damagedXLS("the workbook stream claims %d bytes in a file of %d", e.Size, len(raw))
			}
			buf := make([]byte, e.Size)
			if _, err := io.ReadFull(e, buf); err != nil {
				return nil, damagedXLS("%v", err)
			}
			return buf, nil
		case "Book":
			return nil, errors.New("an Excel 5.0/95 workbook, which pulse does not read; open it in a spreadsheet and save it as .xlsx")
		}
	}
	return nil, errors.New("an Office file with no workbook in it: not an Excel .xls spreadsheet")
}

// BIFF8 record types used here.
const (
	biffFormula    = 0x0006
	biffEOF        = 0x000A
	biffFilePass   = 0x002F
	biffDateMode   = 0x0022
	biffContinue   = 0x003C
	biffBoundSheet = 0x0085
	biffMulRK      = 0x00BD
	biffRString    = 0x00D6
	biffXF         = 0x00E0
	biffSST        = 0x00FC
	biffLabelSST   = 0x00FD
	biffNumber     = 0x0203
	biffLabel      = 0x0204
	biffBoolErr    = 0x0205
	biffString     = 0x0207
	biffRK         = 0x027E
	biffFormat     = 0x041E
	biffBOF        = 0x0809
)

type biffRecord struct {
	id   uint16
	data []byte
}

// biffBook is what the workbook globals say about cells.
type biffBook struct {
	date1904 bool
	formats  map[int]string // FORMAT records: number format id -> format code
	xfFormat []int          // XF index -> number format id
	sst      []string
	kinds    map[int]xlFmtKind // cache: XF index -> kind
	budget   int               // row and cell slots left to allocate (xlCellBudget)
}

// xlCellBudget bounds the rows and cells a file of n bytes may make: a cell needs
// a record of at least 10 bytes, yet one at row 65536 makes 65536 rows, and a
// damaged file can point many sheets at it. Real files stay far below this.
func xlCellBudget(n int) int { return 64*n + 1<<20 }

var errTooManyCells = errors.New("the spreadsheet holds more cells than its size allows: it is damaged")

func parseBIFF8(stream []byte) (*workbook, error) {
	var recs []biffRecord
	at := map[int]int{} // stream offset -> record index
	for p := 0; p+4 <= len(stream); {
		id := binary.LittleEndian.Uint16(stream[p:])
		n := int(binary.LittleEndian.Uint16(stream[p+2:]))
		if p+4+n > len(stream) {
			break // a truncated last record; sheets that need it will be missing
		}
		at[p] = len(recs)
		recs = append(recs, biffRecord{id, stream[p+4 : p+4+n]})
		p += 4 + n
	}
	if len(recs) == 0 || recs[0].id != biffBOF || len(recs[0].data) < 4 {
		return nil, damagedXLS("no workbook header record")
	}
	switch v := binary.LittleEndian.Uint16(recs[0].data); v {
	case 0x0600:
	case 0x0500:
		return nil, errors.New("an Excel 5.0/95 workbook, which pulse does not read; open it in a spreadsheet and save it as .xlsx")
	default:
		return nil, damagedXLS("unknown BIFF version %#04x", v)
	}

	book := &biffBook{formats: map[int]string{}, kinds: map[int]xlFmtKind{}, budget: xlCellBudget(len(stream))}
	type sheetRef struct {
		name string
		pos  int
	}
	var refs []sheetRef
	for i := 1; i < len(recs) && recs[i].id != biffEOF; i++ {
		d := recs[i].data
		switch recs[i].id {
		case biffFilePass:
			return nil, errors.New("the .xls file is password-protected; open it, remove the password and save it again")
		case biffDateMode:
			if len(d) >= 2 {
				book.date1904 = binary.LittleEndian.Uint16(d) == 1
			}
		case biffFormat:
			if len(d) >= 5 {
				code, _ := xlUnicodeString(d[2:], 2)
				book.formats[int(binary.LittleEndian.Uint16(d))] = code
			}
		case biffXF:
			if len(d) >= 4 {
				book.xfFormat = append(book.xfFormat, int(binary.LittleEndian.Uint16(d[2:])))
			}
		case biffBoundSheet:
			if len(d) < 8 {
				return nil, damagedXLS("a sheet entry is too short")
			}
			if d[5] != 0 { // 0 is a worksheet; skip charts, macro and VB sheets
				continue
			}
			name, _ := xlUnicodeString(d[6:], 1)
			refs = append(refs, sheetRef{name, int(binary.LittleEndian.Uint32(d))})
		case biffSST:
			blocks := [][]byte{d}
			for j := i + 1; j < len(recs) && recs[j].id == biffContinue; j++ {
				blocks = append(blocks, recs[j].data)
			}
			sst, err := xlReadSST(blocks)
			if err != nil {
				return nil, err
			}
			book.sst = sst
		}
	}

	wb := &workbook{}
	used := map[int]bool{}
	for _, ref := range refs {
		i, ok := at[ref.pos]
		if !ok || !isWorksheetBOF(recs[i]) || used[ref.pos] {
			return nil, damagedXLS("sheet %q is missing", ref.name)
		}
		used[ref.pos] = true
		rows, err := book.readSheet(recs[i+1:])
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %w", ref.name, err)
		}
		wb.Sheets = append(wb.Sheets, sheet{Name: ref.name, Rows: rows})
	}
	return wb, nil
}

// isWorksheetBOF says whether a record starts a worksheet substream.
func isWorksheetBOF(r biffRecord) bool {
	return r.id == biffBOF && len(r.data) >= 4 && binary.LittleEndian.Uint16(r.data[2:]) == 0x0010
}

// readSheet reads one worksheet's cells, from the record after its BOF to its EOF.
func (b *biffBook) readSheet(recs []biffRecord) ([][]string, error) {
	var rows [][]string
	var over bool
	set := func(r, c int, v string) {
		if c > 255 || over { // BIFF8 has 256 columns; anything beyond is garbage
			return
		}
		if grow := max(r+1-len(rows), 0) + max(c+1-len(rowAt(rows, r)), 0); grow > 0 {
			if b.budget -= grow; b.budget < 0 {
				over = true
				return
			}
		}
		for len(rows) <= r {
			rows = append(rows, nil)
		}
		for len(rows[r]) <= c {
			rows[r] = append(rows[r], "")
		}
		rows[r][c] = v
	}
	depth := 0                  // embedded charts are BOF..EOF substreams inside the sheet
	formulaAt := [2]int{-1, -1} // cell whose string result the next STRING record holds
	for _, rec := range recs {
		d := rec.data
		switch {
		case isWorksheetBOF(rec):
			// Only charts nest; a sheet inside a sheet would also let sheets overlap.
			return nil, damagedXLS("a sheet starts inside another")
		case rec.id == biffBOF:
			depth++
			continue
		case over:
			return nil, errTooManyCells
		case rec.id == biffEOF:
			if depth == 0 {
				return rows, nil
			}
			depth--
			continue
		case depth > 0:
			continue
		}
		u16 := func(o int) int { return int(binary.LittleEndian.Uint16(d[o:])) }
		switch rec.id {
		case biffLabelSST:
			if len(d) < 10 {
				continue
			}
			k := int(binary.LittleEndian.Uint32(d[6:]))
			if k >= len(b.sst) {
				return nil, damagedXLS("a cell refers to shared string %d of %d", k, len(b.sst))
			}
			set(u16(0), u16(2), b.sst[k])
		case biffLabel, biffRString:
			if len(d) < 9 {
				continue
			}
			s, _ := xlUnicodeString(d[6:], 2)
			set(u16(0), u16(2), s)
		case biffNumber:
			if len(d) < 14 {
				continue
			}
			set(u16(0), u16(2), b.number(math.Float64frombits(binary.LittleEndian.Uint64(d[6:])), u16(4)))
		case biffRK:
			if len(d) < 10 {
				continue
			}
			set(u16(0), u16(2), b.number(xlRK(binary.LittleEndian.Uint32(d[6:])), u16(4)))
		case biffMulRK:
			if len(d) < 6 {
				continue
			}
			r, c := u16(0), u16(2)
			for k := 0; 4+6*k+6 <= len(d)-2; k++ {
				o := 4 + 6*k
				set(r, c+k, b.number(xlRK(binary.LittleEndian.Uint32(d[o+2:])), u16(o)))
			}
		case biffBoolErr:
			if len(d) < 8 {
				continue
			}
			set(u16(0), u16(2), xlBoolErr(d[6], d[7]))
		case biffFormula:
			if len(d) < 14 {
				continue
			}
			r, c, res := u16(0), u16(2), d[6:14]
			if res[6] != 0xFF || res[7] != 0xFF {
				set(r, c, b.number(math.Float64frombits(binary.LittleEndian.Uint64(res)), u16(4)))
				continue
			}
			switch res[0] {
			case 0: // a string, in the STRING record that follows
				formulaAt = [2]int{r, c}
			case 1:
				set(r, c, xlBoolErr(res[2], 0))
			case 2:
				set(r, c, xlBoolErr(res[2], 1))
			}
			continue
		case biffString:
			if formulaAt[0] >= 0 && len(d) >= 3 {
				s, _ := xlUnicodeString(d, 2)
				set(formulaAt[0], formulaAt[1], s)
			}
		}
		formulaAt = [2]int{-1, -1}
	}
	if over {
		return nil, errTooManyCells
	}
	return rows, nil // no EOF record: keep what was read
}

func rowAt(rows [][]string, r int) []string {
	if r < len(rows) {
		return rows[r]
	}
	return nil
}

// number renders a numeric cell with its XF's number format.
func (b *biffBook) number(v float64, xf int) string {
	kind, ok := b.kinds[xf]
	if !ok {
		kind = xlNumber
		if xf < len(b.xfFormat) {
			id := b.xfFormat[xf]
			kind = xlClassifyNumFmt(id, b.formats[id])
		}
		b.kinds[xf] = kind
	}
	return xlRenderNumber(v, kind, b.date1904)
}

func xlRK(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&^3) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}

func xlBoolErr(v, isErr byte) string {
	if isErr == 0 {
		if v != 0 {
			return "TRUE"
		}
		return "FALSE"
	}
	switch v {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	}
	return "#ERROR"
}

// xlUnicodeString reads a BIFF8 string whose character count takes countSize bytes
// (1 or 2), followed by an option byte and the characters; a string cut short by
// the end of the record keeps the characters that are there.
func xlUnicodeString(d []byte, countSize int) (string, int) {
	if len(d) < countSize+1 {
		return "", len(d)
	}
	n := int(d[0])
	if countSize == 2 {
		n = int(binary.LittleEndian.Uint16(d))
	}
	flags := d[countSize]
	p := countSize + 1
	if flags&0x08 != 0 { // rich text: run count
		p += 2
	}
	if flags&0x04 != 0 { // phonetic block size
		p += 4
	}
	if p > len(d) {
		return "", len(d)
	}
	u := make([]uint16, 0, n)
	for len(u) < n {
		if flags&0x01 != 0 {
			if p+2 > len(d) {
				break
			}
			u = append(u, binary.LittleEndian.Uint16(d[p:]))
			p += 2
		} else {
			if p >= len(d) {
				break
			}
			u = append(u, uint16(d[p]))
			p++
		}
	}
	return string(utf16.Decode(u)), p
}

// xlSSTReader reads the shared-string table across its SST and CONTINUE records.
type xlSSTReader struct {
	blocks [][]byte
	b, p   int
}

// more moves past exhausted blocks and says whether any byte is left.
func (r *xlSSTReader) more() bool {
	for r.b < len(r.blocks) && r.p >= len(r.blocks[r.b]) {
		r.b++
		r.p = 0
	}
	return r.b < len(r.blocks)
}

func (r *xlSSTReader) byte() (byte, bool) {
	if !r.more() {
		return 0, false
	}
	v := r.blocks[r.b][r.p]
	r.p++
	return v, true
}

func (r *xlSSTReader) uint(size int) (uint32, bool) {
	var v uint32
	for i := 0; i < size; i++ {
		c, ok := r.byte()
		if !ok {
			return 0, false
		}
		v |= uint32(c) << (8 * i)
	}
	return v, true
}

func (r *xlSSTReader) skip(n int) bool {
	for n > 0 {
		if !r.more() {
			return false
		}
		k := min(n, len(r.blocks[r.b])-r.p)
		r.p += k
		n -= k
	}
	return true
}

// chars reads n characters. Where the characters run into the next record, that
// record starts with a fresh option byte saying whether they are 8 or 16 bits.
func (r *xlSSTReader) chars(n int, wide bool) ([]uint16, bool) {
	u := make([]uint16, 0, min(n, 1<<16))
	for len(u) < n {
		if r.b >= len(r.blocks) {
			return u, false
		}
		if r.p >= len(r.blocks[r.b]) {
			r.b++
			if r.b >= len(r.blocks) || len(r.blocks[r.b]) == 0 {
				return u, false
			}
			wide = r.blocks[r.b][0]&0x01 != 0
			r.p = 1
			continue
		}
		blk := r.blocks[r.b]
		if wide {
			if r.p+2 > len(blk) {
				return u, false
			}
			u = append(u, binary.LittleEndian.Uint16(blk[r.p:]))
			r.p += 2
		} else {
			u = append(u, uint16(blk[r.p]))
			r.p++
		}
	}
	return u, true
}

func xlReadSST(blocks [][]byte) ([]string, error) {
	if len(blocks[0]) < 8 {
		return nil, damagedXLS("the shared-string table is too short")
	}
	unique := int(binary.LittleEndian.Uint32(blocks[0][4:]))
	total := 0
	for _, b := range blocks {
		total += len(b)
	}
	if unique < 0 || unique > total/3+1 {
		return nil, damagedXLS("the shared-string table claims %d strings in %d bytes", unique, total)
	}
	r := &xlSSTReader{blocks: blocks, p: 8}
	out := make([]string, 0, unique)
	for len(out) < unique {
		n, ok1 := r.uint(2)
		flags, ok2 := r.byte()
		if !ok1 || !ok2 {
			return nil, damagedXLS("the shared-string table ends after %d of %d strings", len(out), unique)
		}
		var runs, ext uint32
		ok := true
		if flags&0x08 != 0 {
			runs, ok = r.uint(2)
		}
		if ok && flags&0x04 != 0 {
			ext, ok = r.uint(4)
		}
		var u []uint16
		if ok {
			u, ok = r.chars(int(n), flags&0x01 != 0)
		}
		if ok && int64(runs)*4+int64(ext) > int64(total) {
			ok = false
		}
		if ok {
			ok = r.skip(int(runs)*4 + int(ext))
		}
		if !ok {
			return nil, damagedXLS("shared string %d of %d is cut short", len(out)+1, unique)
		}
		out = append(out, string(utf16.Decode(u)))
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// Number formats, shared by .xls and .xlsx.

type xlFmtKind int

const (
	xlNumber xlFmtKind = iota
	xlDate
	xlTime
	xlDateTime
)

// xlClassifyNumFmt tells date and time formats from number formats, by the format
// code where there is one, else by Excel's built-in format id.
func xlClassifyNumFmt(id int, code string) xlFmtKind {
	if code != "" {
		return xlClassifyCode(code)
	}
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 58:
		return xlDate
	case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47:
		return xlTime
	case id == 22:
		return xlDateTime
	}
	return xlNumber
}

// xlClassifyCode reads the first section of a format code such as
// "mm/dd/yyyy", "dd.mm.yyyy h:mm", "[$-409]d-mmm-yy" or "0.00%".
func xlClassifyCode(code string) xlFmtKind {
	var date, clock, month bool
loop:
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				break loop
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				break loop
			}
			switch strings.ToLower(code[i+1 : i+j]) {
			case "h", "hh", "m", "mm", "s", "ss": // elapsed time
				clock = true
			}
			i += j
		case ';':
			break loop
		default:
			switch c | 0x20 {
			case 'y', 'd':
				date = true
			case 'h', 's':
				clock = true
			case 'm':
				month = true
			}
		}
	}
	switch {
	case date && clock:
		return xlDateTime
	case date, month && !clock:
		return xlDate
	case clock:
		return xlTime
	}
	return xlNumber
}

// xlRenderNumber writes a number the way pulse's parsers read cells.
func xlRenderNumber(v float64, kind xlFmtKind, date1904 bool) string {
	if kind != xlNumber {
		if t, ok := xlSerialTime(v, date1904); ok {
			secs := t.Hour()*3600 + t.Minute()*60 + t.Second()
			switch {
			case kind == xlTime && t.Second() != 0:
				return t.Format("15:04:05")
			case kind == xlTime:
				return t.Format("15:04")
			case kind == xlDate || secs == 0:
				return t.Format("01/02/2006")
			case t.Second() != 0:
				return t.Format("01/02/2006 15:04:05")
			default:
				return t.Format("01/02/2006 15:04")
			}
		}
	}
	return xlNumberText(v)
}

// xlNumberText is a number with at most 15 significant digits, as Excel keeps them:
// 34 -> "34", 54.0 -> "54", 0.1+0.2 -> "0.3". It is the number rounded to 15
// significant digits, read back and written in the fewest digits that read back
// the same; those are the 15 digits without trailing zeros (two decimals of at
// most 15 digits never read as the same float64), so they are written directly.
func xlNumberText(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	if v == 0 {
		return "0"
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], v, 'e', 14, 64) // [-]d.dddddddddddddde±dd
	neg := e[0] == '-'
	if neg {
		e = e[1:]
	}
	x := bytes.IndexByte(e, 'e')
	exp, err := strconv.Atoi(string(e[x+1:]))
	if err != nil || exp < -300 || exp > 300 { // near the float64 limits: the long way
		r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
		if err != nil {
			r = v
		}
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	var digits [15]byte
	n := copy(digits[:], e[:1])
	n += copy(digits[n:], e[2:x])
	return xlDigitsText(neg, digits[:n], exp)
}

// xlDigitsText writes d1.d2d3...×10^exp (trailing zeros of the digits dropped) as
// a plain decimal, the way strconv's 'f' format would.
func xlDigitsText(neg bool, digits []byte, exp int) string {
	n := len(digits)
	for n > 1 && digits[n-1] == '0' {
		n--
	}
	var out [340]byte
	o := out[:0]
	if neg {
		o = append(o, '-')
	}
	if exp < 0 {
		o = append(o, '0', '.')
		for i := -1; i > exp; i-- {
			o = append(o, '0')
		}
		o = append(o, digits[:n]...)
		return string(o)
	}
	if n <= exp+1 {
		o = append(o, digits[:n]...)
		for i := n; i <= exp; i++ {
			o = append(o, '0')
		}
		return string(o)
	}
	o = append(o, digits[:exp+1]...)
	o = append(o, '.')
	o = append(o, digits[exp+1:n]...)
	return string(o)
}

// xlDecimalText is xlNumberText(strconv.ParseFloat(text)) for a plain decimal text
// ([-]digits[.digits]), worked out on the digits; ok is false when it cannot tell,
// and the caller takes the long way.
//
// The float nearest the text differs from it by at most half a unit in its last
// place, less than 1.12 units of the text's 16th significant digit. Rounding the
// text to 15 digits therefore gives what rounding the float gives, unless the
// text lies within that distance of a point halfway between two 15-digit
// decimals; and a decimal of at most 15 digits is what xlNumberText writes for
// the float nearest it.
func xlDecimalText(text []byte) (string, bool) {
	i := 0
	neg := len(text) > 0 && text[0] == '-'
	if neg {
		i = 1
	}
	var sig [15]byte // the significant digits, up to 15
	n := 0           // significant digits seen (all of them, not only those kept)
	exp := -1        // the power of ten of the first significant digit
	var tail uint64  // the 16th to 19th significant digits
	tailDigits := 0
	point, digits := false, 0
	for ; i < len(text); i++ {
		c := text[i]
		if c == '.' && !point {
			point = true
			continue
		}
		if c < '0' || c > '9' {
			return "", false
		}
		digits++
		switch {
		case n == 0 && c == '0':
			if point {
				exp--
			}
			continue
		case n == 0:
			n = 1
			sig[0] = c
			if !point {
				exp = 0
			}
			continue
		}
		if !point {
			exp++
		}
		switch {
		case n < 15:
			sig[n] = c
		case tailDigits < 4:
			tail = tail*10 + uint64(c-'0')
			tailDigits++
		case c != '0' && tailDigits == 4:
			tail++ // a little past the four digits kept; only its side of 5000 matters
			tailDigits = 5
		}
		n++
	}
	if digits == 0 {
		return "", false
	}
	if n == 0 {
		return "0", true // a zero, of either sign
	}
	if exp < -290 || exp > 290 {
		return "", false
	}
	if n > 15 {
		for ; tailDigits < 4; tailDigits++ {
			tail *= 10
		}
		// tail is the text past the 15th digit in units of its 19th digit, give or
		// take one: halfway is 5000. The float lies within half a unit in its last
		// place of the text: at most text×2^-53, which is under (d+1)×112 of these
		// units for a text whose first digit is d.
		margin := uint64(sig[0]-'0'+1)*112 + 2
		switch {
		case tail+margin >= 5000 && tail <= 5000+margin:
			return "", false
		case tail > 5000: // round up
			k := 14
			for k >= 0 && sig[k] == '9' {
				sig[k] = '0'
				k--
			}
			if k < 0 {
				sig[0] = '1'
				exp++
			} else {
				sig[k]++
			}
		}
		n = 15
	}
	return xlDigitsText(neg, sig[:n], exp), true
}

// xlSerialTime turns an Excel serial day number into a time (UTC, no zone).
func xlSerialTime(v float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(v) || v < 0 || v >= 2958466 { // 2958465 is 9999-12-31
		return time.Time{}, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	} else if v < 61 && v >= 1 {
		v++ // Excel counts a 29 February 1900 that never was
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
}

// ---------------------------------------------------------------------------
// Shared by the .xlsx reader (xlsx.go).

func xlRenderTime(t time.Time, kind xlFmtKind) string {
	if kind == xlDateTime {
		if t.Second() != 0 {
			return t.Format("01/02/2006 15:04:05")
		}
		return t.Format("01/02/2006 15:04")
	}
	return t.Format("01/02/2006")
}

// xlMayBeTyped says whether a raw cell value starting with c could be a number, a
// boolean or an ISO date, so only those cells are looked at by type and style.
func xlMayBeTyped(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == ' '
}

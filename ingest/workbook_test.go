package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/extrame/xls"
	"github.com/xuri/excelize/v2"
)

const linkedinSamples = sharedExports + "linkedin-1/"

var linkedinXLS = []string{
	"cee-facility-management_content_1777555091040.xls",
	"cee-facility-management_followers_1777555120439.xls",
	"cee-facility-management_visitors_1777555105564.xls",
}

func readWorkbookFile(t *testing.T, path string) *workbook {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := readWorkbook(path, raw)
	if err != nil {
		t.Fatal(err)
	}
	return wb
}

// TestWorkbookXLSSamples reads the real LinkedIn .xls files: sheet names, rows per
// sheet (counted from the BIFF records by hand: ROW records and LABELSST/NUMBER
// cells per row), and a few cells.
func TestWorkbookXLSSamples(t *testing.T) {
	type sheetWant struct {
		name string
		rows int // rows including the note and header rows
		cols int // cells in the header row
	}
	tests := []struct {
		file   string
		sheets []sheetWant
		cells  map[[3]any]string // {sheet, row (0-based), col} -> text
	}{
		{
			file:   linkedinXLS[0],
			sheets: []sheetWant{{"Metrics", 32, 20}, {"All posts", 14, 20}},
			cells: map[[3]any]string{
				{"Metrics", 1, 0}:    "Date",
				{"Metrics", 2, 0}:    "03/30/2026",
				{"Metrics", 31, 0}:   "04/28/2026",
				{"Metrics", 21, 3}:   "1262",              // 04/18 impressions (total)
				{"Metrics", 4, 17}:   "0.117647058823529", // 0.11764705882352941 at 15 digits
				{"All posts", 2, 1}:  "https://www.linkedin.com/feed/update/urn:li:activity:7453344261539815425",
				{"All posts", 7, 9}:  "6621",
				{"All posts", 13, 5}: "04/01/2026",
				{"All posts", 1, 19}: "Content Type",
			},
		},
		{
			file: linkedinXLS[1],
			sheets: []sheetWant{{"New followers", 31, 5}, {"Location", 65, 2}, {"Job function", 18, 2},
				{"Seniority", 9, 2}, {"Industry", 66, 2}, {"Company size", 10, 2}},
			cells: map[[3]any]string{
				{"New followers", 0, 4}:  "Total followers",
				{"New followers", 21, 4}: "10", // 04/19/2026
				{"Location", 42, 0}:      "Hânceşti, Moldova",
				{"Company size", 9, 0}:   "1",
			},
		},
		{
			file:   linkedinXLS[2],
			sheets: []sheetWant{{"Visitor metrics", 31, 25}},
			cells: map[[3]any]string{
				{"Visitor metrics", 0, 21}:  "Total page views (total)",
				{"Visitor metrics", 11, 21}: "4",
				{"Visitor metrics", 30, 0}:  "04/28/2026",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			wb := readWorkbookFile(t, linkedinSamples+tc.file)
			if len(wb.Sheets) != len(tc.sheets) {
				t.Fatalf("%d sheets, want %d", len(wb.Sheets), len(tc.sheets))
			}
			for i, w := range tc.sheets {
				s := wb.Sheets[i]
				if s.Name != w.name || len(s.Rows) != w.rows {
					t.Errorf("sheet %d: %q with %d rows, want %q with %d", i, s.Name, len(s.Rows), w.name, w.rows)
				}
				hdr := 0
				if w.name == "Metrics" || w.name == "All posts" {
					hdr = 1
				}
				if got := len(s.Rows[hdr]); got != w.cols {
					t.Errorf("%s: header has %d cells, want %d", w.name, got, w.cols)
				}
			}
			for k, want := range tc.cells {
				s := wb.sheet(k[0].(string))
				r, c := k[1].(int), k[2].(int)
				if got := s.Rows[r][c]; got != want {
					t.Errorf("%s row %d col %d = %q, want %q", s.Name, r+1, c+1, got, want)
				}
			}
			for _, s := range wb.Sheets {
				for _, row := range s.Rows {
					for _, c := range row {
						if strings.ContainsRune(c, 0) {
							t.Fatalf("%s: NUL in %q", s.Name, shorten(c, 60))
						}
					}
				}
			}
		})
	}
}

// TestWorkbookXLSMatchesExtrame cross-checks every cell of the real samples with
// github.com/extrame/xls (independent code, right on these small files once its
// NUL padding is removed; see workbook.go for where it goes wrong).
func TestWorkbookXLSMatchesExtrame(t *testing.T) {
	for _, name := range linkedinXLS {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(linkedinSamples + name)
			if err != nil {
				t.Fatal(err)
			}
			ours, err := readWorkbook(name, raw)
			if err != nil {
				t.Fatal(err)
			}
			xb, err := xls.OpenReader(bytes.NewReader(raw), "utf-8")
			if err != nil || xb == nil {
				t.Fatalf("extrame/xls: %v", err)
			}
			if xb.NumSheets() != len(ours.Sheets) {
				t.Fatalf("extrame sees %d sheets, we %d", xb.NumSheets(), len(ours.Sheets))
			}
			cells := 0
			for i := 0; i < xb.NumSheets(); i++ {
				xs := xb.GetSheet(i)
				var theirs [][]string
				for r := 0; r <= int(xs.MaxRow); r++ {
					theirs = append(theirs, extrameRow(xs, r))
				}
				theirs = xlTrimGrid(theirs)
				s := ours.Sheets[i]
				if xs.Name != s.Name || len(theirs) != len(s.Rows) {
					t.Fatalf("sheet %d: extrame %q/%d rows, ours %q/%d", i, xs.Name, len(theirs), s.Name, len(s.Rows))
				}
				for r := range theirs {
					if len(theirs[r]) != len(s.Rows[r]) {
						t.Errorf("%s row %d: extrame %d cells, ours %d", s.Name, r+1, len(theirs[r]), len(s.Rows[r]))
						continue
					}
					for c, v := range theirs[r] {
						cells++
						if v != s.Rows[r][c] {
							t.Errorf("%s row %d col %d: extrame %q, ours %q", s.Name, r+1, c+1, shorten(v, 80), shorten(s.Rows[r][c], 80))
						}
					}
				}
			}
			t.Logf("%d cells agree", cells)
		})
	}
}

// extrameRow reads one row with extrame/xls, normalised as our reader writes cells.
func extrameRow(s *xls.WorkSheet, r int) (out []string) {
	defer func() {
		if recover() != nil { // extrame panics on a row it has no record for
			out = nil
		}
	}()
	row := s.Row(r)
	for c := 0; c < row.LastCol(); c++ {
		v := strings.ReplaceAll(row.Col(c), "\x00", "")
		if f, err := strconv.ParseFloat(v, 64); err == nil && !strings.HasPrefix(v, "00") {
			v = xlNumberText(f)
		}
		out = append(out, v)
	}
	return out
}

// ---------------------------------------------------------------------------
// Synthetic BIFF8 workbooks.

type xlsTestCell struct {
	row, col int
	v        any // string: LABELSST; xlsInline: LABEL; float64: NUMBER; int: RK; bool: BOOLERR; xlsFormula
	xf       int
}

type xlsInline string

type xlsFormula struct {
	num *float64
	str string
}

type xlsTestSheet struct {
	name  string
	cells []xlsTestCell
	raw   [][]byte // extra records written after the cells
}

// XF indexes of the synthetic workbooks.
const (
	xfGeneral  = 16
	xfMDY      = 17 // built-in 14, m/d/yyyy
	xfDotted   = 18 // custom 164, dd.mm.yyyy (a German Excel)
	xfDateTime = 19 // built-in 22
	xfPercent  = 20 // built-in 10, 0.00%
	xfClock    = 21 // custom 165, h:mm
	xfLocale   = 22 // custom 166, [$-409]d-mmm-yy;@
)

func biffRec(id uint16, parts ...[]byte) []byte {
	var body []byte
	for _, p := range parts {
		body = append(body, p...)
	}
	out := binary.LittleEndian.AppendUint16(nil, id)
	out = binary.LittleEndian.AppendUint16(out, uint16(len(body)))
	return append(out, body...)
}

func le16(v int) []byte      { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }
func le32(v uint32) []byte   { return binary.LittleEndian.AppendUint32(nil, v) }
func le64f(v float64) []byte { return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)) }

// xlStr writes a BIFF8 string: count (1 or 2 bytes), option byte, characters.
func xlStr(s string, countSize int) []byte {
	u := utf16.Encode([]rune(s))
	wide := false
	for _, c := range u {
		wide = wide || c > 0xFF
	}
	var out []byte
	if countSize == 1 {
		out = []byte{byte(len(u))}
	} else {
		out = le16(len(u))
	}
	if wide {
		out = append(out, 1)
		for _, c := range u {
			out = binary.LittleEndian.AppendUint16(out, c)
		}
		return out
	}
	out = append(out, 0)
	for _, c := range u {
		out = append(out, byte(c))
	}
	return out
}

// sstString is one shared string; runs and ext add rich-text and phonetic bytes.
type sstString struct {
	s         string
	runs, ext int
}

// writeSST lays strings out over an SST record and CONTINUE records of at most max
// bytes, the way Excel does: a string header never splits; characters that run
// into the next record are preceded there by an option byte (which may switch to
// 8-bit when the rest fits); rich-text and phonetic bytes split anywhere.
func writeSST(strs []sstString, max int) [][]byte {
	var recs [][]byte
	cur := append(le32(uint32(len(strs))), le32(uint32(len(strs)))...)
	flush := func() {
		recs = append(recs, cur)
		cur = nil
	}
	for _, ss := range strs {
		u := utf16.Encode([]rune(ss.s))
		wideFrom := func(i int) bool {
			for _, c := range u[i:] {
				if c > 0xFF {
					return true
				}
			}
			return false
		}
		wide := wideFrom(0)
		hdr := le16(len(u))
		flags := byte(0)
		if wide {
			flags |= 1
		}
		if ss.runs > 0 {
			flags |= 8
		}
		if ss.ext > 0 {
			flags |= 4
		}
		hdr = append(hdr, flags)
		if ss.runs > 0 {
			hdr = append(hdr, le16(ss.runs)...)
		}
		if ss.ext > 0 {
			hdr = append(hdr, le32(uint32(ss.ext))...)
		}
		need := len(hdr) + 1
		if wide {
			need++
		}
		if max-len(cur) < need {
			flush()
		}
		cur = append(cur, hdr...)
		for i, c := range u {
			size := 1
			if wide {
				size = 2
			}
			if max-len(cur) < size {
				flush()
				wide = wideFrom(i)
				if wide {
					cur = append(cur, 1)
					size = 2
				} else {
					cur = append(cur, 0)
					size = 1
				}
			}
			if size == 2 {
				cur = binary.LittleEndian.AppendUint16(cur, c)
			} else {
				cur = append(cur, byte(c))
			}
		}
		for i := 0; i < 4*ss.runs+ss.ext; i++ {
			if len(cur) >= max {
				flush()
			}
			cur = append(cur, byte(0xA0+i%16))
		}
	}
	flush()
	out := make([][]byte, len(recs))
	for i, r := range recs {
		id := uint16(biffContinue)
		if i == 0 {
			id = biffSST
		}
		out[i] = biffRec(id, r)
	}
	return out
}

// buildXLS writes a BIFF8 workbook stream and wraps it in a compound file.
func buildXLS(sheets []xlsTestSheet, sstMax int, extraSST []sstString, globals ...[]byte) []byte {
	var strs []sstString
	index := map[string]int{}
	for _, e := range extraSST {
		index[e.s] = len(strs)
		strs = append(strs, e)
	}
	for _, sh := range sheets {
		for _, c := range sh.cells {
			if s, ok := c.v.(string); ok {
				if _, seen := index[s]; !seen {
					index[s] = len(strs)
					strs = append(strs, sstString{s: s})
				}
			}
		}
	}
	bof := func(dt int) []byte {
		return biffRec(biffBOF, le16(0x0600), le16(dt), le16(0x0DBB), le16(0x07CC), le32(0), le32(0x0206))
	}
	var g []byte
	g = append(g, bof(0x0005)...)
	g = append(g, biffRec(0x0042, le16(1200))...)
	g = append(g, biffRec(biffDateMode, le16(0))...)
	for _, gr := range globals {
		g = append(g, gr...)
	}
	g = append(g, biffRec(biffFormat, le16(164), xlStr("dd.mm.yyyy", 2))...)
	g = append(g, biffRec(biffFormat, le16(165), xlStr("h:mm", 2))...)
	g = append(g, biffRec(biffFormat, le16(166), xlStr(`[$-409]d-mmm-yy;@`, 2))...)
	for i, f := range []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 164, 22, 10, 165, 166} {
		_ = i
		g = append(g, biffRec(biffXF, le16(0), le16(f), make([]byte, 16))...)
	}
	var patch []int // offsets of BOUNDSHEET positions
	for _, sh := range sheets {
		patch = append(patch, len(g)+4)
		g = append(g, biffRec(biffBoundSheet, le32(0), []byte{0, 0}, xlStr(sh.name, 1))...)
	}
	for _, r := range writeSST(strs, sstMax) {
		g = append(g, r...)
	}
	g = append(g, biffRec(biffEOF)...)
	for i, sh := range sheets {
		binary.LittleEndian.PutUint32(g[patch[i]:], uint32(len(g)))
		g = append(g, bof(0x0010)...)
		for _, c := range sh.cells {
			rc := append(le16(c.row), le16(c.col)...)
			rc = append(rc, le16(c.xf)...)
			switch v := c.v.(type) {
			case string:
				g = append(g, biffRec(biffLabelSST, rc, le32(uint32(index[v])))...)
			case xlsInline:
				g = append(g, biffRec(biffLabel, rc, xlStr(string(v), 2))...)
			case float64:
				g = append(g, biffRec(biffNumber, rc, le64f(v))...)
			case int:
				g = append(g, biffRec(biffRK, rc, le32(uint32(int32(v)<<2|2)))...)
			case bool:
				b := byte(0)
				if v {
					b = 1
				}
				g = append(g, biffRec(biffBoolErr, rc, []byte{b, 0})...)
			case xlsFormula:
				if v.num != nil {
					g = append(g, biffRec(biffFormula, rc, le64f(*v.num), make([]byte, 8))...)
				} else {
					g = append(g, biffRec(biffFormula, rc, []byte{0, 0, 0, 0, 0, 0, 0xFF, 0xFF}, make([]byte, 8))...)
					g = append(g, biffRec(biffString, xlStr(v.str, 2))...)
				}
			}
		}
		for _, r := range sh.raw {
			g = append(g, r...)
		}
		g = append(g, biffRec(biffEOF)...)
	}
	return cfbWrap(g)
}

// cfbWrap puts a workbook stream into a version 3 compound file: the stream in
// 512-byte sectors (padded to 4096 bytes so it is not in the mini stream), one
// directory sector, then the FAT.
func cfbWrap(stream []byte) []byte {
	const sec = 512
	const endOfChain, freeSect, fatSect, noStream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
	size := len(stream)
	data := append([]byte(nil), stream...)
	for len(data) < 4096 || len(data)%sec != 0 {
		data = append(data, 0)
	}
	if size < 4096 {
		size = len(data)
	}
	n := len(data) / sec
	nfat := 1
	for (n+1+nfat+127)/128 > nfat {
		nfat++
	}
	fat := make([]uint32, nfat*128)
	for i := range fat {
		fat[i] = freeSect
	}
	for i := 0; i < n-1; i++ {
		fat[i] = uint32(i + 1)
	}
	fat[n-1] = endOfChain
	fat[n] = endOfChain
	for i := 0; i < nfat; i++ {
		fat[n+1+i] = fatSect
	}
	hdr := make([]byte, sec)
	copy(hdr, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	put16 := func(b []byte, o, v int) { binary.LittleEndian.PutUint16(b[o:], uint16(v)) }
	put32 := func(b []byte, o int, v uint32) { binary.LittleEndian.PutUint32(b[o:], v) }
	put16(hdr, 24, 0x3E)
	put16(hdr, 26, 3)
	put16(hdr, 28, 0xFFFE)
	put16(hdr, 30, 9)
	put16(hdr, 32, 6)
	put32(hdr, 44, uint32(nfat))
	put32(hdr, 48, uint32(n))
	put32(hdr, 56, 4096)
	put32(hdr, 60, endOfChain)
	put32(hdr, 68, endOfChain)
	for i := 0; i < 109; i++ {
		v := uint32(freeSect)
		if i < nfat {
			v = uint32(n + 1 + i)
		}
		put32(hdr, 76+4*i, v)
	}
	dir := make([]byte, sec)
	entry := func(i int, name string, typ byte, child, start uint32, size int) {
		e := dir[i*128:]
		u := utf16.Encode([]rune(name))
		for k, c := range u {
			put16(e, 2*k, int(c))
		}
		put16(e, 64, 2*(len(u)+1))
		e[66], e[67] = typ, 1
		put32(e, 68, noStream)
		put32(e, 72, noStream)
		put32(e, 76, child)
		put32(e, 116, start)
		put32(e, 120, uint32(size))
	}
	entry(0, "Root Entry", 5, 1, endOfChain, 0)
	entry(1, "Workbook", 2, noStream, 0, size)
	for i := 2; i < 4; i++ {
		e := dir[i*128:]
		put32(e, 68, noStream)
		put32(e, 72, noStream)
		put32(e, 76, noStream)
	}
	out := append(hdr, data...)
	out = append(out, dir...)
	for _, v := range fat {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	return out
}

func synthSheets() []xlsTestSheet {
	long := strings.Repeat("Budapest facility management, ", 12) // 360 chars
	greek := "Καθαρισμός ξενοδοχείων 🧹 και συντήρηση κτιρίων"
	return []xlsTestSheet{{
		name: "Data",
		cells: []xlsTestCell{
			{0, 0, "Date", xfGeneral}, {0, 1, "Title", xfGeneral}, {0, 2, "Views", xfGeneral}, {0, 3, "Rate", xfGeneral},
			{1, 0, "04/24/2026", xfGeneral}, {1, 1, long, xfGeneral}, {1, 2, 86, xfGeneral}, {1, 3, 0.1 + 0.2, xfPercent},
			{2, 0, 46137.0, xfMDY}, {2, 1, greek, xfGeneral}, {2, 2, 54.0, xfGeneral}, {2, 3, -3, xfGeneral},
			{3, 0, 46138.0, xfDotted}, {3, 1, xlsInline("inline café"), xfGeneral}, {3, 2, 1234567.5, xfGeneral},
			{4, 0, 46139.5, xfDateTime}, {4, 1, true, xfGeneral}, {4, 2, xlsFormula{num: ptr(12.0)}, xfGeneral},
			{4, 3, xlsFormula{str: "formula text"}, xfGeneral},
			{5, 0, 46140.25, xfDateTime}, {5, 1, 0.75, xfClock}, {5, 2, 46141.0, xfLocale}, {5, 4, "", xfGeneral},
			{7, 1, "after a gap", xfGeneral},
		},
		raw: [][]byte{
			// MULRK: row 6, columns 0-2: 7, 8.5 (an RK float) and 9.
			biffRec(biffMulRK, le16(6), le16(0),
				le16(xfGeneral), le32(7<<2|2), le16(xfGeneral), le32(uint32(math.Float64bits(8.5)>>32)), le16(xfGeneral), le32(900<<2|3),
				le16(2)),
			// An embedded chart: its cells are not the sheet's.
			biffRec(biffBOF, le16(0x0600), le16(0x0020), make([]byte, 12)),
			biffRec(biffNumber, le16(0), le16(0), le16(xfGeneral), le64f(999)),
			biffRec(biffEOF),
		},
	}, {
		name:  "Second",
		cells: []xlsTestCell{{0, 0, "Date", xfGeneral}, {1, 0, long + "!", xfGeneral}, {1, 1, greek + "?", xfGeneral}},
	}}
}

func synthWant() []sheet {
	long := strings.Repeat("Budapest facility management, ", 12)
	greek := "Καθαρισμός ξενοδοχείων 🧹 και συντήρηση κτιρίων"
	return []sheet{{Name: "Data", Rows: [][]string{
		{"Date", "Title", "Views", "Rate"},
		{"04/24/2026", long, "86", "0.3"},
		{"04/25/2026", greek, "54", "-3"},
		{"04/26/2026", "inline café", "1234567.5"},
		{"04/27/2026 12:00", "TRUE", "12", "formula text"},
		{"04/28/2026 06:00", "18:00", "04/29/2026"},
		{"7", "8.5", "9"},
		{"", "after a gap"},
	}}, {Name: "Second", Rows: [][]string{{"Date"}, {long + "!", greek + "?"}}}}
}

// TestWorkbookXLSSynthetic reads BIFF8 files written here, with the shared-string
// table split over CONTINUE records of many sizes: strings split in their
// characters (8- and 16-bit, switching width), strings ending exactly at a record
// end, rich-text and phonetic bytes split; date, date-time and time cells; RK,
// MULRK, LABEL, BOOLERR and FORMULA cells; an embedded chart.
func TestWorkbookXLSSynthetic(t *testing.T) {
	extra := []sstString{{s: "rich", runs: 3}, {s: "phonetic ふりがな", ext: 21}, {s: "both", runs: 2, ext: 9}, {s: ""}}
	for _, max := range []int{8224, 1000, 97, 64, 41, 23, 16, 13, 12, 11, 10} {
		raw := buildXLS(synthSheets(), max, extra)
		wb, err := readWorkbook("synth.xls", raw)
		if err != nil {
			t.Fatalf("records of %d bytes: %v", max, err)
		}
		if !reflect.DeepEqual(wb.Sheets, synthWant()) {
			t.Errorf("records of %d bytes:\n got %q\nwant %q", max, wb.Sheets, synthWant())
		}
	}
}

func TestWorkbookXLSRefusals(t *testing.T) {
	protected := buildXLS(synthSheets(), 8224, nil, biffRec(biffFilePass, make([]byte, 54)))
	if _, err := readWorkbook("locked.xls", protected); err == nil || !strings.Contains(err.Error(), "locked.xls: the .xls file is password-protected") {
		t.Errorf("password-protected: %v", err)
	}
	// A BIFF5 header.
	biff5 := buildXLS(synthSheets(), 8224, nil)
	stream := bytes.Index(biff5, []byte{0x09, 0x08, 0x10, 0x00, 0x00, 0x06})
	biff5[stream+4] = 0x00
	biff5[stream+5] = 0x05
	if _, err := readWorkbook("old.xls", biff5); err == nil || !strings.Contains(err.Error(), "Excel 5.0/95") {
		t.Errorf("BIFF5: %v", err)
	}
}

// TestWorkbookMalformed: garbage gives a clean error naming the file, never a panic
// (readWorkbook's recover is switched off here by calling the readers directly).
func TestWorkbookMalformed(t *testing.T) {
	raw, err := os.ReadFile("../testdata/linkedin/malformed.xls")
	if err != nil {
		t.Fatal(err)
	}
	_, err = readWorkbook("malformed.xls", raw)
	if err == nil || !strings.HasPrefix(err.Error(), "malformed.xls: the .xls file is damaged or incomplete (") {
		t.Errorf("malformed.xls: %v", err)
	}
	if _, err := readWorkbook("x.xlsx", []byte("PK\x03\x04 not really a zip xl/workbook")); err == nil ||
		!strings.HasPrefix(err.Error(), "x.xlsx: the .xlsx file cannot be opened") {
		t.Errorf("bad zip: %v", err)
	}

	// Truncations and damaged bytes of real and synthetic files: each must give a
	// workbook or an error, without panicking (no recover on this path).
	inputs := [][]byte{buildXLS(synthSheets(), 41, nil)}
	for _, n := range linkedinXLS {
		b, err := os.ReadFile(linkedinSamples + n)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, b)
	}
	rng := rand.New(rand.NewSource(1))
	tries := 0
	for _, in := range inputs {
		for _, cut := range []int{0, 8, 511, 512, 600, 1024, len(in) / 2, len(in) - 1} {
			mustNotPanic(t, in[:cut])
			tries++
		}
		for k := 0; k < 300; k++ {
			b := append([]byte(nil), in...)
			for j := 0; j < 1+k%8; j++ {
				b[rng.Intn(len(b))] = byte(rng.Intn(256))
			}
			mustNotPanic(t, b)
			tries++
		}
		// Damage inside the workbook stream, past the compound file's checks.
		stream, err := xlsWorkbookStream(in)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 300; k++ {
			b := append([]byte(nil), stream...)
			for j := 0; j < 1+k%30; j++ {
				p := rng.Intn(len(b))
				b[p] ^= byte(1 << (p % 8))
				if j%3 == 0 && p+1 < len(b) {
					b[p+1] = byte(rng.Intn(4))
				}
			}
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic on a damaged stream: %v", r)
					}
				}()
				parseBIFF8(b)
			}()
			tries++
		}
	}
	t.Logf("%d damaged inputs", tries)
}

// TestWorkbookCellBudget: a small file cannot make a huge grid (many sheet entries
// aimed at one sheet, cells at the last row of many sheets, the last column of
// many rows).
func TestWorkbookCellBudget(t *testing.T) {
	far := func(name string) xlsTestSheet {
		return xlsTestSheet{name: name, cells: []xlsTestCell{{65535, 255, 1, xfGeneral}}}
	}
	one := buildXLS([]xlsTestSheet{far("a")}, 8224, nil)
	if wb, err := readWorkbook("one.xls", one); err != nil || len(wb.Sheets[0].Rows) != 65536 || len(wb.Sheets[0].Rows[65535]) != 256 {
		t.Fatalf("a cell at the last row and column: %v", err)
	}
	var many []xlsTestSheet
	for i := 0; i < 40; i++ {
		many = append(many, far(fmt.Sprint("s", i)))
	}
	if _, err := readWorkbook("many.xls", buildXLS(many, 8224, nil)); err == nil || !strings.Contains(err.Error(), "more cells than its size allows") {
		t.Errorf("40 sheets to row 65536: %v", err)
	}
	// Every sheet entry aimed at the first sheet.
	twice := buildXLS([]xlsTestSheet{far("a"), far("b")}, 8224, nil)
	stream, err := xlsWorkbookStream(twice)
	if err != nil {
		t.Fatal(err)
	}
	first := bytes.Index(stream, []byte{0x85, 0x00})
	second := bytes.Index(stream[first+4:], []byte{0x85, 0x00}) + first + 4
	copy(stream[second+4:second+8], stream[first+4:first+8])
	if _, err := parseBIFF8(stream); err == nil || !strings.Contains(err.Error(), `sheet "b" is missing`) {
		t.Errorf("two sheets at one place: %v", err)
	}

	var rows strings.Builder
	for r := 1; r <= 300; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="XFD%d"><v>%d</v></c></row>`, r, r, r)
	}
	wide := rawXLSX(t, rows.String())
	if _, err := readWorkbook("wide.xlsx", wide); err == nil || !strings.Contains(err.Error(), "more cells than its size allows") {
		t.Errorf("300 rows to column XFD: %v", err)
	}
	if wb, err := readWorkbook("ok.xlsx", rawXLSX(t, `<row r="2"><c r="C2"><v>54.0</v></c></row>`)); err != nil ||
		!reflect.DeepEqual(wb.Sheets, []sheet{{Name: "Sheet1", Rows: [][]string{nil, {"", "", "54"}}}}) {
		t.Errorf("hand-made xlsx: %v %q", err, wb)
	}
}

// rawXLSX zips a one-sheet workbook around the given <sheetData> rows.
func rawXLSX(t *testing.T, rows string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			rows + `</sheetData></worksheet>`,
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustNotPanic(t *testing.T, b []byte) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic on %d bytes: %v", len(b), r)
		}
	}()
	if len(b) >= 4 && bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		readXLS(b)
	} else {
		readWorkbook("x", b)
	}
}

// TestWorkbookXLSX: date cells of any date format read as MM/DD/YYYY, numbers lose
// their float noise, text that looks like a number stays text.
func TestWorkbookXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		must(err)
		return id
	}
	mdy := style(&excelize.Style{NumFmt: 14})
	dotted := style(&excelize.Style{CustomNumFmt: ptr("dd.mm.yyyy")})
	dt := style(&excelize.Style{NumFmt: 22})
	pct := style(&excelize.Style{NumFmt: 10})
	clock := style(&excelize.Style{CustomNumFmt: ptr("h:mm")})
	day := time.Date(2026, 4, 24, 0, 0, 0, 0, time.UTC)
	set := func(cell string, v any, st int) {
		must(f.SetCellValue("Sheet1", cell, v))
		if st != 0 {
			must(f.SetCellStyle("Sheet1", cell, cell, st))
		}
	}
	set("A1", "Date", 0)
	set("B1", "Views", 0)
	set("A2", day, mdy)
	set("B2", 54.0, 0)
	set("C2", 0.1+0.2, pct)
	set("A3", day.AddDate(0, 0, 1), dotted)
	set("B3", "00123", 0)
	set("C3", true, 0)
	set("A4", day.Add(36*time.Hour), dt)
	set("B4", 0.75, clock)
	set("C4", "04/24/2026", 0)
	set("A6", 46137, mdy) // a serial number with a date format
	var buf bytes.Buffer
	must(f.Write(&buf))

	wb, err := readWorkbook("t.xlsx", buf.Bytes())
	must(err)
	want := []sheet{{Name: "Sheet1", Rows: [][]string{
		{"Date", "Views"},
		{"04/24/2026", "54", "0.3"},
		{"04/25/2026", "00123", "TRUE"},
		{"04/25/2026 12:00", "18:00", "04/24/2026"},
		nil,
		{"04/25/2026"},
	}}}
	if !reflect.DeepEqual(wb.Sheets, want) {
		t.Errorf("got  %q\nwant %q", wb.Sheets, want)
	}
}

func TestWorkbookNumberFormats(t *testing.T) {
	for _, tc := range []struct {
		id   int
		code string
		want xlFmtKind
	}{
		{0, "", xlNumber}, {0, "General", xlNumber}, {10, "", xlNumber}, {3, "#,##0", xlNumber},
		{14, "", xlDate}, {15, "", xlDate}, {22, "", xlDateTime}, {20, "", xlTime}, {46, "", xlTime},
		{164, "mm/dd/yyyy", xlDate}, {164, "dd.mm.yyyy", xlDate}, {164, "[$-409]d-mmm-yy;@", xlDate},
		{164, "yyyy-mm-dd hh:mm:ss", xlDateTime}, {164, "h:mm", xlTime}, {164, "[h]:mm", xlTime}, {164, "mmm", xlDate},
		{164, `0.00 "days"`, xlNumber}, {164, `#,##0\ "d"`, xlNumber}, {164, "0.00%", xlNumber}, {164, "0.00E+00", xlNumber},
		{164, `_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)`, xlNumber}, {164, `[Red]0.00`, xlNumber},
	} {
		if got := xlClassifyNumFmt(tc.id, tc.code); got != tc.want {
			t.Errorf("%d %q: %v, want %v", tc.id, tc.code, got, tc.want)
		}
	}
	for v, want := range map[float64]string{
		34: "34", 54.0: "54", 0.1 + 0.2: "0.3", -3: "-3", 1e21: "1000000000000000000000", 0.11764705882352941: "0.117647058823529",
		math.Copysign(0, -1): "0", 1234567.5: "1234567.5",
	} {
		if got := xlNumberText(v); got != want {
			t.Errorf("xlNumberText(%v) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[float64]string{1: "01/01/1900", 59: "02/28/1900", 61: "03/01/1900", 46136: "04/24/2026"} {
		if got := xlRenderNumber(v, xlDate, false); got != want {
			t.Errorf("serial %v = %q, want %q", v, got, want)
		}
	}
	if got := xlRenderNumber(44675, xlDate, true); got != "04/25/2026" {
		t.Errorf("1904 serial: %q", got)
	}
}

// ---------------------------------------------------------------------------
// LinkedIn .xlsx fixtures: the real .xls files re-saved as .xlsx.

// TestWriteLinkedInXLSXFixtures (re)writes testdata/linkedin/*.xlsx from the real
// .xls samples when PULSE_WRITE_FIXTURES=1: plain re-saves (dates stay text, as a
// spreadsheet keeps them) in testdata/linkedin/, and re-saves whose dates became
// date cells, each sheet with another date format, in testdata/linkedin/date-cells/.
func TestWriteLinkedInXLSXFixtures(t *testing.T) {
	if os.Getenv("PULSE_WRITE_FIXTURES") != "1" {
		t.Skip("set PULSE_WRITE_FIXTURES=1 to rewrite the fixtures")
	}
	// The date format of each file's sheets: Excel's m/d/yyyy (built-in 14), a
	// German dd.mm.yyyy, ISO, and a locale-tagged d-mmm-yy.
	formats := [][]excelize.Style{
		{{NumFmt: 14}, {CustomNumFmt: ptr("dd.mm.yyyy")}},
		{{CustomNumFmt: ptr("yyyy-mm-dd")}},
		{{CustomNumFmt: ptr("[$-409]d-mmm-yy;@")}},
	}
	for k, name := range linkedinXLS {
		wb := readWorkbookFile(t, linkedinSamples+name)
		for _, dates := range []bool{false, true} {
			f := excelize.NewFile()
			for i, s := range wb.Sheets {
				if i == 0 {
					if err := f.SetSheetName("Sheet1", s.Name); err != nil {
						t.Fatal(err)
					}
				} else if _, err := f.NewSheet(s.Name); err != nil {
					t.Fatal(err)
				}
				dateStyle, err := f.NewStyle(&formats[k][min(i, len(formats[k])-1)])
				if err != nil {
					t.Fatal(err)
				}
				for r, row := range s.Rows {
					for c, v := range row {
						if v == "" {
							continue
						}
						cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
						var val any = v
						if d, err := time.Parse("01/02/2006", v); err == nil && dates {
							val = d
						} else if n, ok := parseNumber(v); ok && xlNumberText(n) == v {
							val = n
						}
						if err := f.SetCellValue(s.Name, cell, val); err != nil {
							t.Fatal(err)
						}
						if _, isDate := val.(time.Time); isDate {
							if err := f.SetCellStyle(s.Name, cell, cell, dateStyle); err != nil {
								t.Fatal(err)
							}
						}
					}
				}
			}
			dir := "../testdata/linkedin/"
			if dates {
				dir += "date-cells/"
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			out := dir + strings.TrimSuffix(name, ".xls") + ".xlsx"
			if err := f.SaveAs(out, excelize.Options{}); err != nil {
				t.Fatal(err)
			}
			f.Close()
			t.Logf("wrote %s", out)
		}
	}
}

// TestWorkbookXLSXResavesMatchXLS: every cell of each .xlsx re-save reads exactly as
// in the original .xls.
func TestWorkbookXLSXResavesMatchXLS(t *testing.T) {
	for _, name := range linkedinXLS {
		want := readWorkbookFile(t, linkedinSamples+name)
		x := strings.TrimSuffix(name, ".xls") + ".xlsx"
		for _, p := range []string{"../testdata/linkedin/" + x, "../testdata/linkedin/date-cells/" + x} {
			got := readWorkbookFile(t, p)
			if !reflect.DeepEqual(got, want) {
				for i := range want.Sheets {
					if i < len(got.Sheets) && !reflect.DeepEqual(got.Sheets[i], want.Sheets[i]) {
						t.Errorf("%s: sheet %q differs", filepath.Base(filepath.Dir(p))+"/"+x, want.Sheets[i].Name)
					}
				}
				t.Errorf("%s differs from %s", p, name)
			}
		}
	}
}

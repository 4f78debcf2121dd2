package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pulse/ingest/synth"
)

// ---------------------------------------------------------------------------
// The reference: how pulse read .xlsx files with excelize before xlsx.go (its row
// iterator for the raw values, GetCellType and GetCellStyle for each cell that may
// be typed). The new reader must read every file exactly as this does.

func readWorkbookExcelize(name string, raw []byte) (wb *workbook, err error) {
	defer func() {
		if r := recover(); r != nil {
			wb, err = nil, fmt.Errorf("%s: the spreadsheet is damaged and cannot be read (%v); download it again from the platform", name, r)
		}
	}()
	wb, err = readXLSXExcelize(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i := range wb.Sheets {
		wb.Sheets[i].Rows = xlTrimGrid(wb.Sheets[i].Rows)
	}
	return wb, nil
}

func readXLSXExcelize(raw []byte) (*workbook, error) {
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{
		UnzipSizeLimit:    256 << 20,
		UnzipXMLSizeLimit: 64 << 20,
	})
	if err != nil {
		return nil, fmt.Errorf("the .xlsx file cannot be opened (%v); download it again from the platform", err)
	}
	defer f.Close()
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	kinds := map[int]xlFmtKind{} // style id -> kind
	budget := xlCellBudget(len(raw))
	wb := &workbook{}
	for _, name := range f.GetSheetList() {
		rows, err := xlsxRowsExcelize(f, name, &budget)
		if err != nil {
			return nil, err
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" || !xlMayBeTyped(v[0]) {
					continue
				}
				cell, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					continue
				}
				typ, _ := f.GetCellType(name, cell)
				switch typ {
				case excelize.CellTypeUnset, excelize.CellTypeNumber:
					n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
					if err != nil {
						continue
					}
					row[c] = xlRenderNumber(n, xlsxKindExcelize(f, name, cell, kinds), date1904)
				case excelize.CellTypeBool:
					if v == "1" || strings.EqualFold(v, "true") {
						row[c] = "TRUE"
					} else {
						row[c] = "FALSE"
					}
				case excelize.CellTypeDate: // an ISO 8601 date cell (t="d")
					for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
						if t, err := time.Parse(l, v); err == nil {
							kind := xlDate
							if t.Hour()+t.Minute()+t.Second() != 0 {
								kind = xlDateTime
							}
							row[c] = xlRenderTime(t, kind)
							break
						}
					}
				}
			}
		}
		wb.Sheets = append(wb.Sheets, sheet{Name: name, Rows: rows})
	}
	return wb, nil
}

func xlsxRowsExcelize(f *excelize.File, name string, budget *int) ([][]string, error) {
	it, err := f.Rows(name)
	if err != nil {
		return nil, nil
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("sheet %q of the .xlsx file cannot be read (%v)", name, err)
		}
		if *budget -= 1 + len(cols); *budget < 0 {
			return nil, errTooManyCells
		}
		rows = append(rows, cols)
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("sheet %q of the .xlsx file cannot be read (%v)", name, err)
	}
	return rows, nil
}

func xlsxKindExcelize(f *excelize.File, sheetName, cell string, cache map[int]xlFmtKind) (kind xlFmtKind) {
	id, err := f.GetCellStyle(sheetName, cell)
	if err != nil {
		return xlNumber
	}
	if k, ok := cache[id]; ok {
		return k
	}
	defer func() {
		if recover() != nil {
			kind = xlNumber
		}
		cache[id] = kind
	}()
	st, err := f.GetStyle(id)
	if err != nil || st == nil {
		return xlNumber
	}
	code := ""
	if st.CustomNumFmt != nil {
		code = *st.CustomNumFmt
	}
	return xlClassifyNumFmt(st.NumFmt, code)
}

// ---------------------------------------------------------------------------
// The files both readers must agree on.

type xlsxInput struct {
	name string
	data []byte
}

// xlsxCorpus is every .xlsx under ../shared/exports (also inside zips), in the
// repository's testdata directories, and the LinkedIn workbooks of ingest/synth.
func xlsxCorpus(t *testing.T) []xlsxInput {
	t.Helper()
	var out []xlsxInput
	var fromZip func(name string, data []byte)
	fromZip = func(name string, data []byte) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, zf := range zr.File {
			lower := strings.ToLower(zf.Name)
			if !strings.HasSuffix(lower, ".xlsx") && !strings.HasSuffix(lower, ".zip") {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(lower, ".zip") {
				fromZip(name+"/"+zf.Name, b)
			} else {
				out = append(out, xlsxInput{name + "/" + zf.Name, b})
			}
		}
	}
	walk := func(root string, skip func(string) bool) {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "node_modules" || d.Name() == ".git" {
					return filepath.SkipDir
				}
				return nil
			}
			lower := strings.ToLower(p)
			if skip(p) || !strings.HasSuffix(lower, ".xlsx") && !strings.HasSuffix(lower, ".zip") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if strings.HasSuffix(lower, ".zip") {
				fromZip(p, b)
			} else {
				out = append(out, xlsxInput{p, b})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	walk(sharedExports, func(string) bool { return false })
	walk("..", func(p string) bool {
		return !strings.Contains(filepath.ToSlash(p), "/testdata/")
	})

	accounts, err := synth.Agency(len(synth.AllPlatforms), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	exports, err := synth.Generate(synth.Config{Seed: 7, End: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Months: 4, Platforms: []string{"linkedin"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, acc := range accounts {
		exports = append(exports, acc.Exports...)
	}
	for _, ex := range exports {
		for _, f := range ex.Files {
			if strings.HasSuffix(f.Name, ".xlsx") {
				out = append(out, xlsxInput{"synth/" + f.Name, f.Data})
			}
		}
	}
	return out
}

// TestXLSXMatchesExcelize: every .xlsx pulse has reads exactly as excelize read it.
func TestXLSXMatchesExcelize(t *testing.T) {
	inputs := xlsxCorpus(t)
	counts := map[string]int{}
	for _, in := range inputs {
		switch {
		case strings.HasPrefix(in.name, "synth/"):
			counts["synth"]++
		case strings.Contains(in.name, "/testdata/"):
			counts["testdata"]++
		default:
			counts["shared"]++
		}
	}
	t.Logf("%d files: %v", len(inputs), counts)
	if counts["synth"] < 10 || counts["testdata"] < 6 || counts["shared"] < 1 {
		t.Fatalf("too few files found: %v", counts)
	}
	for _, in := range inputs {
		compareWithExcelize(t, in.name, in.data)
	}
}

// compareWithExcelize fails the test unless both readers give the same sheets, or
// both an error.
func compareWithExcelize(t *testing.T, name string, data []byte) {
	t.Helper()
	want, werr := readWorkbookExcelize(name, data)
	got, gerr := readWorkbook(name, data)
	if werr != nil || gerr != nil {
		if werr == nil || gerr == nil {
			t.Errorf("%s: excelize: %v; new reader: %v", name, werr, gerr)
		}
		return
	}
	if reflect.DeepEqual(got, want) {
		return
	}
	if len(got.Sheets) != len(want.Sheets) {
		t.Errorf("%s: %d sheets, excelize %d", name, len(got.Sheets), len(want.Sheets))
		return
	}
	for i, ws := range want.Sheets {
		gs := got.Sheets[i]
		if gs.Name != ws.Name {
			t.Errorf("%s: sheet %d is %q, excelize %q", name, i, gs.Name, ws.Name)
		}
		if len(gs.Rows) != len(ws.Rows) {
			t.Errorf("%s: sheet %q has %d rows, excelize %d", name, ws.Name, len(gs.Rows), len(ws.Rows))
		}
		for r := range min(len(gs.Rows), len(ws.Rows)) {
			if !reflect.DeepEqual(gs.Rows[r], ws.Rows[r]) {
				t.Errorf("%s: sheet %q row %d:\n got  %q\n want %q", name, ws.Name, r+1, gs.Rows[r], ws.Rows[r])
				break
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Number text.

// xlNumberTextReference is xlNumberText as it was written first: round to 15
// significant digits, read back, write the shortest text that reads back.
func xlNumberTextReference(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	if v == 0 {
		return "0"
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil {
		r = v
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// TestXLNumberText: the direct xlNumberText writes every kind of float64 as the
// round trip through 15 digits does, and the text xlCanonicalNumber takes as it is
// is exactly what xlNumberText makes of it.
func TestXLNumberText(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	values := []float64{1, -1, 0.1 + 0.2, 1e15, 1e15 - 1, 1e16, 1e21, 1e22, 1e-4, 1e-5, 0.000123456789012345, 123456789012345678,
		5e-324, math.SmallestNonzeroFloat64 * 3, 2.2250738585072014e-308, math.MaxFloat64, -math.MaxFloat64, 1e300, 1e301, 1e-300, 1e-301,
		0.5, 2.5, 0.05, 0.15, 0.25, 0.35, 1.0000000000000002, 0.9999999999999999, 99999999999999.99, 999999999999999.9, 9.99999999999999e14,
		0.11764705882352941, 1234567.5, 46136.5, 46136.999999999, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1)}
	for i := 0; i < 200000; i++ {
		switch i % 5 {
		case 0: // any bit pattern
			values = append(values, math.Float64frombits(rng.Uint64()))
		case 1: // rates, as exports hold them
			values = append(values, float64(rng.Intn(100000))/float64(1+rng.Intn(100000)))
		case 2: // decimals of 1 to 17 digits at any scale
			d := rng.Int63n(1e17) >> rng.Intn(50)
			values = append(values, float64(d)*math.Pow10(rng.Intn(40)-20))
		case 3: // counts
			values = append(values, float64(rng.Int63n(1<<53))*float64(1-2*rng.Intn(2)))
		case 4: // near halfway at the 15th digit
			base := float64(rng.Int63n(1e15)) + 0.5
			values = append(values, base*math.Pow10(rng.Intn(30)-25))
		}
	}
	for _, v := range values {
		if got, want := xlNumberText(v), xlNumberTextReference(v); got != want {
			t.Fatalf("xlNumberText(%v) = %q, want %q", v, got, want)
		}
	}
	canon := 0
	for i := 0; i < 200000; i++ {
		s := strconv.FormatInt(rng.Int63n(1e15), 10)
		if k := rng.Intn(len(s) + 1); k < len(s) && rng.Intn(2) == 0 {
			s = s[:k] + "." + s[k:]
			if s[0] == '.' {
				s = "0" + s
			}
		}
		if rng.Intn(3) == 0 {
			s = "-" + s
		}
		for _, c := range []string{s, s + "0", "0" + s, s + ".5", s + "e1", " " + s} {
			if !xlCanonicalNumber([]byte(c)) {
				continue
			}
			canon++
			n, err := strconv.ParseFloat(c, 64)
			if err != nil || xlNumberTextReference(n) != c {
				t.Fatalf("%q is taken as it is, but reads as %q", c, xlNumberTextReference(n))
			}
		}
	}
	for _, c := range []string{"-0", "00", "01", "1.50", "1.", ".5", "+1", "1e5", "1234567890123456", "0.1234567890123456", "-", ""} {
		if xlCanonicalNumber([]byte(c)) {
			t.Errorf("%q is taken as it is", c)
		}
	}
	t.Logf("%d texts taken as they are", canon)
}

// TestXMLTextMatchesEncodingXML: the scanner decodes text, CDATA and attribute
// values as encoding/xml does, and refuses what it refuses, on random text made of
// the characters where decoding is done (entities, \r, "]]>", controls, UTF-8).
func TestXMLTextMatchesEncodingXML(t *testing.T) {
	pieces := []string{"a", "Z", "0", " ", "\t", "\n", "\r", "\r\n", "]", "]]", ">", "]]>", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;",
		"&#10;", "&#xA;", "&#13;", "&#x1F600;", "&#0;", "&#1;", "&#xD800;", "&#xFFFE;", "&#x110000;", "&#65;", "&#x41;", "&#X41;", "&#;", "&#x;",
		"&nbsp;", "&amp", "&", ";", "é", "€", "😀", "\xff", "\xc3", "\x01", "\x7f", "\u0085", "\ufffe", "_x000D_", "'", "=", "/", "?"}
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 30000; i++ {
		var b strings.Builder
		for n := rng.Intn(8); n >= 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		raw := b.String()
		for _, mode := range []string{"text", "cdata", "attr"} {
			var doc string
			switch mode {
			case "text":
				doc = "<t>" + raw + "</t>"
			case "cdata":
				if strings.Contains(raw, "]]>") {
					continue
				}
				doc = "<t><![CDATA[" + raw + "]]></t>"
			case "attr":
				doc = `<t v="` + strings.ReplaceAll(raw, `"`, "") + `"/>`
			}
			want, werr := encodingXMLText(doc, mode == "attr")
			var got []byte
			var gerr error
			switch mode {
			case "text":
				got, gerr = appendXMLText(nil, []byte(raw), false, false)
			case "cdata":
				got, gerr = appendXMLText(nil, []byte(raw), true, false)
			case "attr":
				got, gerr = appendXMLText(nil, []byte(strings.ReplaceAll(raw, `"`, "")), false, true)
			}
			if (werr != nil) != (gerr != nil) || werr == nil && string(got) != want {
				t.Fatalf("%s %q: got %q (%v), encoding/xml %q (%v)", mode, raw, got, gerr, want, werr)
			}
		}
	}
}

// encodingXMLText is the text (or the attribute v) of the one element of doc, as
// encoding/xml reads it.
func encodingXMLText(doc string, attr bool) (string, error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	var out strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if attr {
				for _, a := range tok.Attr {
					out.WriteString(a.Value)
				}
			}
		case xml.CharData:
			if !attr {
				out.Write(tok)
			}
		}
	}
}

// TestXLDecimalText: the digits-only rounding gives what the float does, on the
// texts spreadsheets hold (floats written in full) and on texts near the points
// halfway between two 15-digit decimals, where it must give up.
func TestXLDecimalText(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	var texts []string
	for i := 0; i < 100000; i++ {
		v := math.Float64frombits(rng.Uint64())
		switch i % 4 {
		case 0: // rates
			v = float64(rng.Intn(100000)) / float64(1+rng.Intn(100000))
		case 1:
			v = rng.Float64() * math.Pow10(rng.Intn(40)-20)
		}
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			texts = append(texts, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	rates := 0 // how many of the rates, as excelize writes them, are worked out
	for i := 0; i < 20000; i++ {
		v := float64(rng.Intn(100000)) / float64(1+rng.Intn(100000))
		if _, ok := xlDecimalText([]byte(strconv.FormatFloat(v, 'f', -1, 64))); ok {
			rates++
		}
	}
	if rates < 20000*85/100 {
		t.Errorf("only %d of 20000 rates worked out", rates)
	}
	tails := []string{"", "0", "1", "4", "49", "5", "50", "51", "6", "9", "38", "3799", "37999999", "3800", "62", "6200", "62000001", "6201",
		"4999999999", "5000000001", "0000000001", "9999999999", "500000000000000000000001"}
	for i := 0; i < 200000; i++ {
		prefix := strconv.FormatInt(1+rng.Int63n(999_999_999_999_999), 10)
		s := prefix + tails[rng.Intn(len(tails))]
		if k := rng.Intn(len(s) + 3); k < len(s) {
			s = s[:k] + "." + s[k:]
		} else if k == len(s) {
			s = "0." + strings.Repeat("0", rng.Intn(20)) + s
		}
		if rng.Intn(2) == 0 {
			s = "-" + s
		}
		texts = append(texts, s)
	}
	texts = append(texts, "0", "-0", "0.0", "-0.000", "1.", ".5", "-.5", "999999999999999.95", "999999999999999.94", "0.1234567890123456789",
		"1e5", "1..2", "-", ".", "", " 1", "+1", "1_0", "12a")
	took := 0
	for _, s := range texts {
		got, ok := xlDecimalText([]byte(s))
		if !ok {
			continue
		}
		took++
		v, err := strconv.ParseFloat(s, 64)
		if want := xlNumberTextReference(v); err != nil || got != want {
			t.Fatalf("xlDecimalText(%q) = %q, the float gives %q (%v)", s, got, want, err)
		}
	}
	if took < len(texts)/2 {
		t.Fatalf("worked out only %d of %d texts", took, len(texts))
	}
	t.Logf("%d of %d texts worked out, %d of 20000 rates", took, len(texts), rates)
	for _, s := range []string{"1e5", "1..2", "-", ".", "", " 1", "+1", "1_0", "12a", "1234567890123455", "1234567890123454.9"} {
		if got, ok := xlDecimalText([]byte(s)); ok {
			t.Errorf("xlDecimalText(%q) = %q, want it to give up", s, got)
		}
	}
}

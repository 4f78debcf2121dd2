package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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

// ---------------------------------------------------------------------------
// Hand-made workbooks: what each kind of cell reads as, by hand, and by excelize.

// TestXLSXFixtures builds small workbooks with excelize, one kind of cell each, and
// checks every cell against the text worked out by hand, and against the excelize
// path.
func TestXLSXFixtures(t *testing.T) {
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	day := time.Date(2026, 4, 24, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		build func(f *excelize.File)
		want  []sheet
	}{{
		name: "strings: shared, inline, rich text, escaped",
		build: func(f *excelize.File) {
			must(f.SetCellStr("Sheet1", "A1", "Shared text"))
			must(f.SetCellDefault("Sheet1", "B1", "Inline text")) // excelize writes text set this way inline (t="inlineStr")
			must(f.SetCellRichText("Sheet1", "C1", []excelize.RichTextRun{{Text: "Rich "}, {Text: "text", Font: &excelize.Font{Bold: true}}}))
			must(f.SetCellStr("Sheet1", "A2", `<b>&"Tom's"</b>`))
			must(f.SetCellStr("Sheet1", "B2", "line 1\nline 2\r\nline 3"))
			// excelize writes a character XML cannot hold as U+FFFD, and leaves
			// _x0041_ unescaped, which reads as the escape of "A".
			must(f.SetCellStr("Sheet1", "C2", "bell\x07 and _x0041_"))
			must(f.SetCellStr("Sheet1", "A3", "00123"))      // text that looks like a number stays text
			must(f.SetCellStr("Sheet1", "B3", "04/24/2026")) // a text date stays text
			must(f.SetCellStr("Sheet1", "C3", "Zoë ☕ 😀"))
			must(f.SetCellDefault("Sheet1", "D3", "12.50")) // numeric text set this way is a number cell
		},
		want: []sheet{{Name: "Sheet1", Rows: [][]string{
			{"Shared text", "Inline text", "Rich text"},
			{`<b>&"Tom's"</b>`, "line 1\nline 2\r\nline 3", "bell\ufffd and A"},
			{"00123", "04/24/2026", "Zoë ☕ 😀", "12.5"},
		}}},
	}, {
		name: "numbers and booleans",
		build: func(f *excelize.File) {
			must(f.SetCellValue("Sheet1", "A1", 54.0))
			must(f.SetCellValue("Sheet1", "B1", 0.1+0.2))
			must(f.SetCellValue("Sheet1", "C1", -3))
			must(f.SetCellValue("Sheet1", "D1", 1e21))
			must(f.SetCellValue("Sheet1", "E1", 0.11764705882352941))
			must(f.SetCellValue("Sheet1", "F1", 1234567.5))
			must(f.SetCellBool("Sheet1", "A2", true))
			must(f.SetCellBool("Sheet1", "B2", false))
			pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%: shown as stored
			must(err)
			must(f.SetCellValue("Sheet1", "C2", 0.125))
			must(f.SetCellStyle("Sheet1", "C2", "C2", pct))
		},
		want: []sheet{{Name: "Sheet1", Rows: [][]string{
			{"54", "0.3", "-3", "1000000000000000000000", "0.117647058823529", "1234567.5"},
			{"TRUE", "FALSE", "0.125"},
		}}},
	}, {
		name: "dates by built-in and custom formats",
		build: func(f *excelize.File) {
			style := func(s excelize.Style) int {
				id, err := f.NewStyle(&s)
				must(err)
				return id
			}
			set := func(cell string, v any, st int) {
				must(f.SetCellValue("Sheet1", cell, v))
				must(f.SetCellStyle("Sheet1", cell, cell, st))
			}
			set("A1", day, style(excelize.Style{NumFmt: 14}))                                       // m/d/yyyy
			set("B1", day.Add(15*time.Hour+30*time.Minute), style(excelize.Style{NumFmt: 22}))      // m/d/yy h:mm
			set("C1", day.AddDate(0, 0, 1), style(excelize.Style{CustomNumFmt: ptr("dd.mm.yyyy")})) // a date
			set("D1", day.Add(15*time.Hour+30*time.Minute+45*time.Second), style(excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm:ss")}))
			set("E1", day.Add(9*time.Hour), style(excelize.Style{CustomNumFmt: ptr("[$-409]d-mmm-yy;@")})) // a date: the time is left out
			set("A2", 0.75, style(excelize.Style{CustomNumFmt: ptr("h:mm")}))
			set("B2", 46137, style(excelize.Style{NumFmt: 14})) // a serial number with a date format
			set("C2", 46137.5, style(excelize.Style{CustomNumFmt: ptr(`0.0 "days"`)}))
		},
		want: []sheet{{Name: "Sheet1", Rows: [][]string{
			{"04/24/2026", "04/24/2026 15:30", "04/25/2026", "04/24/2026 15:30:45", "04/24/2026"},
			{"18:00", "04/25/2026", "46137.5"},
		}}},
	}, {
		name: "1904 dates",
		build: func(f *excelize.File) {
			must(f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: ptr(true)}))
			st, err := f.NewStyle(&excelize.Style{NumFmt: 14})
			must(err)
			must(f.SetCellValue("Sheet1", "A1", 44675)) // days since 1904-01-01
			must(f.SetCellStyle("Sheet1", "A1", "A1", st))
			must(f.SetCellValue("Sheet1", "B1", 44675))
		},
		want: []sheet{{Name: "Sheet1", Rows: [][]string{{"04/25/2026", "44675"}}}},
	}, {
		name: "formulas with cached values, gaps, empty cells, two sheets",
		build: func(f *excelize.File) {
			// A formula set on a number: excelize marks the cell t="str", a text
			// result, so its cached value stays as written.
			must(f.SetCellValue("Sheet1", "A1", 42.50))
			must(f.SetCellFormula("Sheet1", "A1", "=B1*2"))
			must(f.SetCellValue("Sheet1", "C1", ""))  // an empty cell
			must(f.SetCellValue("Sheet1", "E3", "x")) // rows 2 and columns A-D of row 3 stay empty
			_, err := f.NewSheet("Streamed")
			must(err)
			sw, err := f.NewStreamWriter("Streamed")
			must(err)
			// Formulas with cached numbers (no t), written as Excel does.
			must(sw.SetRow("A1", []any{excelize.Cell{Formula: "1+1", Value: 2}, excelize.Cell{Formula: "0.1+0.2", Value: 0.1 + 0.2}, excelize.Cell{Formula: "A1"}}))
			must(sw.SetRow("A2", []any{[]excelize.RichTextRun{{Text: "inline "}, {Text: "rich", Font: &excelize.Font{Italic: true}}}, "inline"}))
			must(sw.SetRow("C4", []any{nil, 7}))
			must(sw.Flush())
		},
		want: []sheet{
			{Name: "Sheet1", Rows: [][]string{{"42.5"}, nil, {"", "", "", "", "x"}}},
			{Name: "Streamed", Rows: [][]string{{"2", "0.3"}, {"inline rich", "inline"}, nil, {"", "", "", "7"}}},
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			tc.build(f)
			var buf bytes.Buffer
			must(f.Write(&buf))
			got, err := readWorkbook("t.xlsx", buf.Bytes())
			must(err)
			if !reflect.DeepEqual(got.Sheets, tc.want) {
				t.Errorf("got  %q\nwant %q", got.Sheets, tc.want)
			}
			compareWithExcelize(t, tc.name, buf.Bytes())
		})
	}
}

// xlsxParts zips the parts of a hand-written package; parts it is not given are
// those of a one-sheet workbook (the sheet's XML is the "sheet" part, wrapped in a
// <worksheet> unless it starts with "<?xml").
func xlsxParts(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	all := map[string]string{
		"[Content_Types].xml": head + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"_rels/.rels": head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": head + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	for name, p := range parts {
		switch {
		case name == "sheet" && !strings.HasPrefix(p, "<?xml"):
			all["xl/worksheets/sheet1.xml"] = head + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + p + `</worksheet>`
		case name == "sheet":
			all["xl/worksheets/sheet1.xml"] = p
		case name == "sst" && !strings.HasPrefix(p, "<?xml"):
			all["xl/sharedStrings.xml"] = head + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + p + `</sst>`
		case name == "sst":
			all["xl/sharedStrings.xml"] = p
		case name == "styles" && !strings.HasPrefix(p, "<?xml"):
			all["xl/styles.xml"] = head + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + p + `</styleSheet>`
		case name == "styles":
			all["xl/styles.xml"] = p
		case name == "!store": // parts stored, not deflated
		case p == "":
			delete(all, name)
		default:
			all[name] = p
		}
	}
	method := zip.Deflate
	if _, ok := parts["!store"]; ok {
		method = zip.Store
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	slices.Sort(names)
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(all[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// xlsxDateStyles: style 1 is m/d/yyyy (built in), 2 a custom date and time, 3 a
// custom number format; 4 claims the built-in id 14 with another code, which
// excelize ignores; 5 an id neither built in nor defined.
const xlsxDateStyles = `<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/><numFmt numFmtId="165" formatCode="0.00&quot; €&quot;"/>` +
	`<numFmt numFmtId="14" formatCode="0.00"/></numFmts>` +
	`<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="5"/></cellXfs>`

// TestXLSXHandWritten: packages written by hand, with what real writers do besides
// excelize (cells and rows without numbers, styles on rows and columns, merged
// cells, escapes, CDATA, prefixes, Strict namespaces, other encodings) and what
// only a damaged or odd file has, read as excelize read them.
func TestXLSXHandWritten(t *testing.T) {
	sst := `<si><t>zero</t></si><si><t xml:space="preserve"> one </t></si><si><r><t>ri</t></r><r><rPr><b/></rPr><t>ch</t></r><rPh><t>phonetic</t></rPh></si>` +
		`<si><t>_x000D_carriage_x005F_x0041_ and _xD800_</t></si><si><t><![CDATA[<cdata> & ]]></t></si><si><t>a&#13;&#10;b</t></si><si><t>0.5</t></si>`
	tests := []struct {
		name  string
		parts map[string]string
		want  [][]string // the first sheet's rows, worked out by hand (nil: excelize's only)
	}{
		{"shared strings: rich text, escapes, CDATA, character references",
			map[string]string{"sst": sst, "sheet": `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>` +
				`<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row></sheetData>`},
			[][]string{{"zero", " one ", "rich", "\rcarriage_x0041_ and ", "<cdata> & ", "a\r\nb", "0.5"}}},
		{"shared string indexes that are not numbers or out of range",
			map[string]string{"sst": sst, "sheet": `<sheetData><row r="1"><c r="A1" t="s"><v>abc</v></c><c r="B1" t="s"><v>99</v></c><c r="C1" t="s"><v> 2 </v></c><c r="D1" t="s"><v>-1</v></c><c r="E1" t="s"><v/></c><c r="F1" t="s"><v>1</v></c></row></sheetData>`},
			[][]string{{"zero", "", "rich", "", "", " one "}}},
		{"inline strings",
			map[string]string{"sheet": `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>plain</t></is></c><c r="B1" t="inlineStr"><is><r><t>ri</t></r><r><t xml:space="preserve">ch </t></r></is></c>` +
				`<c r="C1" t="inlineStr"><is><t>first</t><t>last</t><r><t>run</t></r></is></c><c r="D1" t="inlineStr"><v>v instead</v></c><c r="E1" t="inlineStr"><is><t>12.50</t></is></c></row></sheetData>`},
			[][]string{{"plain", "rich ", "lastrun", "v instead", "12.50"}}},
		{"types: booleans, errors, formula text, ISO dates, spaces",
			map[string]string{"sheet": `<sheetData><row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="b"><v>TRUE</v></c><c r="D1" t="e"><v>#DIV/0!</v></c>` +
				`<c r="E1" t="e"><v>1.50</v></c><c r="F1" t="str"><f>A1</f><v>1.50</v></c><c r="G1" t="n"><v> 12.0 </v></c><c r="H1" t="x"><v>7.0</v></c></row>` +
				`<row r="2"><c r="A2" t="d"><v>2026-04-24</v></c><c r="B2" t="d"><v>2026-04-24T15:30:00</v></c><c r="C2" t="d"><v>2026-04-24T15:30:45Z</v></c><c r="D2" t="d"><v>2026-04-24T00:00:00+02:00</v></c>` +
				`<c r="E2" t="d"><v>24.04.2026</v></c><c r="F2" t="b"><v>-1</v></c></row></sheetData>`},
			[][]string{{"TRUE", "FALSE", "TRUE", "#DIV/0!", "1.50", "1.50", "12", "7"}, {"04/24/2026", "04/24/2026 15:30", "04/24/2026 15:30:45", "04/24/2026", "24.04.2026", "FALSE"}}},
		{"infinities: typed to nothing, yet they take their place",
			map[string]string{"sheet": `<sheetData><row r="1"><c r="B1"><v>-Inf</v></c><c r="A1"><v>x</v></c></row>` +
				`<row r="2"><c r="B2"><v>+inf</v></c><c r="C2"><v>1e400</v></c><c r="A2"><v>y</v></c></row></sheetData>`},
			[][]string{{"", "", "x"}, {"", "", "1e400", "y"}}}, // 1e400 does not read as a float: it stays as written
		{"cells and rows without numbers, gaps, out of order",
			map[string]string{"sheet": `<sheetData><row><c><v>1</v></c><c/><c><v>3</v></c></row><row r="3"><c r="B3"><v>b</v></c><c><v>c</v></c></row><row><c r="C4"><v>c4</v></c><c r="A4"><v>a4</v></c></row>` +
				`<row r="2"><c r="D2"><v>back</v></c></row><row r="6"/><row r="7"><c r="A7"><f>1+1</f></c><c r="B7"><f>1+1</f><v></v></c></row></sheetData>`},
			[][]string{{"1", "", "3"}, nil, {"", "b", "c"}, {"", "", "c4", "a4", "back"}}},
		{"number formats: built in, custom, a built-in id redefined, unknown; row and column styles",
			map[string]string{"styles": xlsxDateStyles, "sheet": `<cols><col min="3" max="3" width="9" style="1"/></cols><sheetData>` +
				`<row r="1"><c r="A1" s="1"><v>46136</v></c><c r="B1" s="2"><v>46136.5</v></c><c r="C1" s="3"><v>46136.125</v></c><c r="D1" s="4"><v>46136</v></c><c r="E1" s="5"><v>46136</v></c><c r="F1" s="9"><v>46136</v></c></row>` +
				`<row r="2" s="1" customFormat="1"><c r="A2"><v>46137</v></c><c r="B2" s="3"><v>46137</v></c><c r="C2"><v>46137</v></c></row>` +
				`<row r="3"><c r="A3"><v>46138</v></c><c r="C3"><v>46138</v></c><c r="D3" t="s"><v>0</v></c></row></sheetData>`, "sst": `<si><t>46138</t></si>`},
			[][]string{{"04/24/2026", "04/24/2026 12:00", "46136.125", "04/24/2026", "46136", "46136"}, {"04/25/2026", "46137", "04/25/2026"}, {"46138", "", "04/26/2026", "46138"}}},
		{"1904 dates, and Strict Open XML namespaces",
			map[string]string{
				"_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
					`<Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
				"xl/workbook.xml": `<?xml version="1.0"?><x:workbook xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:rel="http://purl.oclc.org/ooxml/officeDocument/relationships">` +
					`<x:workbookPr date1904=" 1 "/><x:sheets><x:sheet name="Strict" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>`,
				"xl/styles.xml": `<?xml version="1.0"?><styleSheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main">` + xlsxDateStyles + `</styleSheet>`,
				"sheet":         `<?xml version="1.0"?><x:worksheet xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main"><x:sheetData><x:row x:r="1"><x:c r="A1" s="1"><x:v>44675</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
			},
			[][]string{{"04/25/2026"}}},
		{"merged cells take their first cell's type",
			map[string]string{"sst": `<si><t>head</t></si>`, "styles": xlsxDateStyles, "sheet": `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>0.30000000000000004</v></c>` +
				`<c r="C1" t="b"><v>1</v></c><c r="D1" s="1"><v>46136</v></c></row><row r="2"><c r="A2"><v>0.30000000000000004</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="s"><v>0</v></c></row></sheetData>` +
				`<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C1:D2"/></mergeCells>`},
			[][]string{{"head", "0.30000000000000004", "TRUE", "FALSE"}, {"0.3", "TRUE", "head"}}}, // D1 is a boolean, as C1, and not 1
		{"merged range written bottom-up, then one that cannot be read",
			// The cells of B2:A1 take B2's type; a cell in no range before the
			// unreadable one is read untyped.
			map[string]string{"sheet": `<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>0.30000000000000004</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="b"><v>1</v></c></row>` +
				`<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3"><v>0.30000000000000004</v></c></row></sheetData><mergeCells><mergeCell ref="B2:A1"/><mergeCell ref="C1:ZZZZ9"/></mergeCells>`},
			[][]string{{"TRUE", "FALSE"}, {"TRUE", "TRUE"}, {"1", "0.3"}}},
		{"a style that is not a number drops the cell",
			map[string]string{"sheet": `<sheetData><row r="1"><c r="A1" s="x"><v>1</v></c><c s="x" r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row></sheetData>`},
			[][]string{{"", "", "3"}}},
		{"comments, processing instructions, prefixes, spaces in tags, single quotes",
			map[string]string{"sheet": `<?xml version='1.0'?><!-- a comment --><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
				"<x:row r='1' ><x:c r = \"A1\"\n t='s' ><x:v>0</x:v ></x:c><x:c r='B1'><x:v>1<!-- x -->2<?pi?>3</x:v></x:c></x:row></x:sheetData></x:worksheet>", "sst": `<si><t>p</t></si>`},
			[][]string{{"p", "123"}}},
		{"an encoding other than UTF-8",
			map[string]string{"sheet": "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Caf\xe9</t></is></c></row></sheetData></worksheet>"},
			[][]string{{"Café"}}},
		{"three sheets, one part",
			map[string]string{
				"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
					`<sheets><sheet name="One" sheetId="1" r:id="rId1"/><sheet name="Two" sheetId="2" r:id="rId1"/><sheet name="Three" sheetId="3" r:id="rId1"/></sheets></workbook>`,
				"sheet": `<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row></sheetData>`,
			},
			[][]string{{"1", "b"}}},
		{"sheets excelize gives no rows: a missing part, a bad name, a chart sheet",
			map[string]string{
				"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
					`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="Missing" sheetId="2" r:id="rId2"/><sheet name="A name longer than thirty-one characters" sheetId="3" r:id="rId1"/>` +
					`<sheet name="Chart" sheetId="4" r:id="rId3"/><sheet name="Unlinked" sheetId="5" r:id="rId9"/></sheets></workbook>`,
				"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
					`<Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="worksheets/none.xml"/><Relationship Id="rId3" Target="/xl/chartsheets/sheet1.xml"/></Relationships>`,
				"xl/chartsheets/sheet1.xml": `<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><drawing/></chartsheet>`,
				"sheet":                     `<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>`,
			},
			[][]string{{"1"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := xlsxParts(t, tc.parts)
			compareWithExcelize(t, tc.name, data)
			got, err := readWorkbook("hand.xlsx", data)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want != nil && !reflect.DeepEqual(got.Sheets[0].Rows, tc.want) {
				t.Errorf("got  %q\nwant %q", got.Sheets[0].Rows, tc.want)
			}
		})
	}
}

// TestXLSXDamaged: broken packages and parts give an error that says what is wrong,
// never a panic or a hang (readXLSX is called without readWorkbook's recover).
func TestXLSXDamaged(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parts map[string]string
		want  string
	}{
		{"a sheet cut short", map[string]string{"sheet": `<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v>`},
			`sheet "Sheet1" of the .xlsx file cannot be read (XML syntax error on line 1: unexpected EOF)`},
		{"tags that do not match", map[string]string{"sheet": `<sheetData><row r="1"><c r="A1"><v>1</c></row></sheetData>`},
			`sheet "Sheet1" of the .xlsx file cannot be read (XML syntax error on line 2: element <v> closed by </c>)`},
		{"an unknown entity", map[string]string{"sheet": `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row></sheetData>`},
			`sheet "Sheet1" of the .xlsx file cannot be read (XML syntax error on line 2: invalid character entity &nbsp;)`},
		{"a cell reference that is not one", map[string]string{"sheet": `<sheetData><row r="1"><c r="1A"><v>1</v></c></row></sheetData>`},
			`sheet "Sheet1" of the .xlsx file cannot be read (invalid cell name "1A")`},
		{"a row number that is not one", map[string]string{"sheet": `<sheetData><row r="x"><c r="A1"><v>1</v></c></row></sheetData>`},
			`sheet "Sheet1" of the .xlsx file cannot be read (strconv.Atoi: parsing "x": invalid syntax)`},
		{"shared strings of another kind", map[string]string{"sst": `<?xml version="1.0"?><table/>`, "sheet": `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>`},
			`sheet "Sheet1" of the .xlsx file cannot be read (expected element type <sst> but have <table>)`},
		{"a style sheet with a format id that is not a number", map[string]string{"styles": `<cellXfs><xf numFmtId="x"/></cellXfs>`},
			`the .xlsx file cannot be opened (xl/styles.xml: numFmtId="x": strconv.ParseInt: parsing "x": invalid syntax); download it again from the platform`},
		{"a workbook of another kind", map[string]string{"xl/workbook.xml": `<?xml version="1.0"?><book/>`},
			`the .xlsx file cannot be opened (xl/workbook.xml: expected element type <workbook> but have <book>); download it again from the platform`},
		{"an encoding pulse cannot read", map[string]string{"sheet": `<?xml version="1.0" encoding="x-unknown"?><worksheet/>`},
			`sheet "Sheet1" of the .xlsx file cannot be read (the XML declares the encoding "x-unknown", which pulse cannot read)`},
	} {
		_, err := readXLSX(xlsxParts(t, tc.parts))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s:\n got  %v\n want %s", tc.name, err, tc.want)
		}
	}

	// Many sheets pointing to one big part: it is read once, and each sheet
	// takes its cells from the budget.
	var entries strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&entries, `<sheet name="S%d" sheetId="%d" r:id="rId1"/>`, i, i+1)
	}
	var rows strings.Builder
	for r := 1; r <= 100; r++ {
		fmt.Fprintf(&rows, `<row r="%d">`, r)
		for c := 'A'; c <= 'J'; c++ {
			fmt.Fprintf(&rows, `<c r="%c%d"><v>%d</v></c>`, c, r, r)
		}
		rows.WriteString("</row>")
	}
	many := xlsxParts(t, map[string]string{
		"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
			entries.String() + `</sheets></workbook>`,
		"sheet": `<sheetData>` + rows.String() + strings.Repeat(" ", 4<<20) + `</sheetData>`,
	})
	start := time.Now()
	if _, err := readXLSX(many); err != errTooManyCells {
		t.Errorf("3000 sheets of 1100 slots in %d bytes: %v", len(many), err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("3000 sheets pointing to one part took %v", d)
	}

	// Merged ranges by the ten thousand over as many numbers: the lookup is bounded.
	var cells, merges strings.Builder
	for r := 1; r <= 200; r++ {
		fmt.Fprintf(&cells, `<row r="%d">`, r)
		for c := 1; c <= 100; c++ {
			fmt.Fprintf(&cells, `<c r="%s"><v>1</v></c>`, xlsxCellRef(c, r))
		}
		cells.WriteString("</row>")
	}
	for i := range 20000 {
		fmt.Fprintf(&merges, `<mergeCell ref="A%d:B%d"/>`, 1000+i, 1000+i)
	}
	start = time.Now()
	_, err := readXLSX(xlsxParts(t, map[string]string{"sheet": `<sheetData>` + cells.String() + `</sheetData><mergeCells>` + merges.String() + `</mergeCells>`}))
	if err == nil || !strings.Contains(err.Error(), "20000 merged ranges over 20000 numbers") {
		t.Errorf("20000 merged ranges: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("20000 merged ranges took %v", d)
	}

	// A part whose bytes do not match its checksum.
	good := xlsxParts(t, map[string]string{"!store": "", "sheet": `<sheetData><row r="1"><c r="A1"><v>12345</v></c></row></sheetData>`})
	bad := bytes.Replace(good, []byte("12345"), []byte("12346"), 1)
	if bytes.Equal(bad, good) {
		t.Fatal("the sheet is not stored as written")
	}
	if _, err := readXLSX(bad); err == nil || !strings.Contains(err.Error(), "checksum error") || !strings.Contains(err.Error(), "download it again") {
		t.Errorf("a damaged part: %v", err)
	}

	// Cuts, flipped bytes, and parts whose XML is mangled before it is zipped
	// (so the checksums pass).
	var inputs [][]byte
	for _, in := range xlsxCorpus(t) {
		if strings.Contains(in.name, "/testdata/") || strings.HasSuffix(in.name, "_content_1696150800000.xlsx") {
			inputs = append(inputs, in.data)
		}
	}
	rng := rand.New(rand.NewSource(9))
	tries := 0
	try := func(b []byte) {
		t.Helper()
		tries++
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("panic on a damaged file: %v", r)
				}
			}()
			wb, err := readXLSX(b)
			if err == nil && wb == nil {
				t.Error("no workbook and no error")
			}
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("reading a damaged file does not end")
		}
	}
	mangle := []string{"<", ">", "&", `"`, "'", "/", "=", " ", "]]>", "<![CDATA[", "<!--", "&#0;", "&#x110000;", "\xff", "r=\"XFD1048577\"", "s=\"-1\"", "t=\"s\"",
		"<row>", "</row>", "<c>", "</c>", "<v>", "<is>", "<f/>", "<mergeCell ref=\"A1:C3\"/>", "<mergeCell ref=\"\"/>", "r=\"0\"", "9999999999"}
	for _, in := range inputs {
		for _, cut := range []int{0, 4, 30, 100, len(in) / 3, len(in) / 2, len(in) - 22, len(in) - 1} {
			try(in[:min(cut, len(in))])
		}
		for k := 0; k < 60; k++ {
			b := append([]byte(nil), in...)
			for j := 0; j < 1+k%5; j++ {
				b[rng.Intn(len(b))] ^= byte(1 + rng.Intn(255))
			}
			try(b)
		}
		zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
		if err != nil {
			t.Fatal(err)
		}
		parts := map[string]string{}
		var names []string
		for _, zf := range zr.File {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			parts[zf.Name] = string(b)
			if strings.HasSuffix(zf.Name, ".xml") || strings.HasSuffix(zf.Name, ".rels") {
				names = append(names, zf.Name)
			}
		}
		slices.Sort(names)
		for k := 0; k < 150; k++ {
			name := names[rng.Intn(len(names))]
			p := []byte(parts[name])
			for j := 0; j < 1+k%4; j++ {
				at := rng.Intn(len(p) + 1)
				switch rng.Intn(3) {
				case 0: // insert
					p = slices.Insert(p, at, []byte(mangle[rng.Intn(len(mangle))])...)
				case 1: // delete
					p = slices.Delete(p, at, min(len(p), at+1+rng.Intn(20)))
				case 2: // overwrite
					if at < len(p) {
						p[at] = "<>&\"'/= 0x9\n"[rng.Intn(12)]
					}
				}
			}
			mangled := maps.Clone(parts)
			mangled[name] = string(p)
			try(xlsxParts(t, mangled))
		}
	}
	t.Logf("%d damaged files", tries)
}

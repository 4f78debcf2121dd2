package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDecodeEveryEncodingPlatformsShip(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE, 'D', 0, 'a', 0, 't', 0, 'e', 0, 0xE4, 0, '\n', 0}
	tests := []struct {
		name string
		raw  []byte
		text string
		enc  string
	}{
		{"utf-8", []byte("Date,Reach\n"), "Date,Reach\n", "utf-8"},
		{"utf-8 with BOM", []byte("\xEF\xBB\xBFDate"), "Date", "utf-8-bom"},
		{"utf-16le with BOM", utf16le, "Dateä\n", "utf-16le"},
		{"utf-16be with BOM", []byte{0xFE, 0xFF, 0, 'O', 0, 'K'}, "OK", "utf-16be"},
		// A CSV re-saved by an old Windows spreadsheet: "Café – 5€" in Windows-1252, CRLF.
		{"windows-1252", []byte("Caf\xE9 \x96 5\x80\r\n"), "Café – 5€\r\n", "windows-1252"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, enc, err := decode(tc.raw)
			if err != nil || text != tc.text || enc != tc.enc {
				t.Fatalf("decode = %q, %q, %v; want %q, %q", text, enc, err, tc.text, tc.enc)
			}
		})
	}
}

func TestCellValues(t *testing.T) {
	tbl := newTable("f.csv", []string{"Count", "Rate", "Text"})
	tests := []struct {
		cells   []string
		count   *int64
		rate    *float64
		text    string
		wantErr string
	}{
		{[]string{"1,234", "12.5%", "Tips &amp; tricks"}, ptr(int64(1234)), ptr(12.5), "Tips & tricks", ""},
		{[]string{"1777.0", "0.25", "  padded  "}, ptr(int64(1777)), ptr(0.25), "padded", ""},
		{[]string{"-3", "-", ""}, ptr(int64(-3)), nil, "", ""},
		{[]string{"undefined", "N/A", "x"}, nil, nil, "x", ""},
		{[]string{"NAN", "", "x"}, nil, nil, "x", ""},
		{[]string{"5.5", "1", "x"}, nil, ptr(1.0), "x", `f.csv: line 7, column 1 (Count): "5.5" is not a whole number (like 1234)`},
		{[]string{"12x4", "abc", "x"}, nil, nil, "x", `f.csv: line 7, column 1 (Count): "12x4" is not a whole number (like 1234)`},
	}
	for _, tc := range tests {
		c := tbl.reader(row{line: 7, cells: tc.cells})
		count, rate, text := c.int(0), c.float(1), c.str(2)
		if !eqPtr(count, tc.count) || !eqPtr(rate, tc.rate) || text != tc.text {
			t.Errorf("%q: got %v %v %q", tc.cells, deref(count), deref(rate), text)
		}
		got := ""
		if c.err != nil {
			got = c.err.Error()
		}
		if got != tc.wantErr {
			t.Errorf("%q: error %q, want %q", tc.cells, got, tc.wantErr)
		}
	}
}

func eqPtr[T comparable](a, b *T) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestReadCSVRaggedRowsAndSemicolons(t *testing.T) {
	tbl, err := readCSV("f.csv", "a,b,c\n1,2\n\n\"multi\nline\",5,6\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(tbl.rows) != 2 || len(tbl.rows[0].cells) != 3 || tbl.rows[0].cells[2] != "" || tbl.rows[1].line != 4 {
		t.Fatalf("rows: %+v", tbl.rows)
	}
	_, err = readCSV("f.csv", "Date;Reach;Views\n2025-01-01;5;7\n", 0)
	if !errors.Is(err, ErrSemicolon) || !strings.Contains(err.Error(), "f.csv") {
		t.Fatalf("semicolons: %v", err)
	}
	_, err = readCSV("f.csv", "a,b\n\"open,2\n", 0)
	var re *RowError
	if !errors.As(err, &re) || re.Line != 2 || !strings.Contains(re.Error(), "valid CSV") {
		t.Fatalf("broken quote: %v", err)
	}
}

// TestPlainInteger: the shortcut reads what strconv.ParseFloat reads (to the bit,
// so "-0" stays negative zero) and leaves everything else to parseNumber.
func TestPlainInteger(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	inputs := []string{"0", "-0", "00", "007", "-", "", "1", "-1", "999999999999999", "9999999999999999", "-123456789012345", " 1", "1 ", "+1", "1.0", "1,234", "1e3"}
	for i := 0; i < 100000; i++ {
		s := strconv.FormatInt(rng.Int63n(1_000_000_000_000_000), 10)
		s = s[:1+rng.Intn(len(s))]
		if rng.Intn(3) == 0 {
			s = "-" + s
		}
		if rng.Intn(4) == 0 {
			s = strings.Repeat("0", rng.Intn(3)) + s
		}
		inputs = append(inputs, s)
	}
	for _, s := range inputs {
		got, ok := plainInteger(s)
		if !ok {
			continue
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("plainInteger(%q) = %v, strconv.ParseFloat %v (%v)", s, got, want, err)
		}
	}
	for _, s := range []string{"", "-", " 1", "1 ", "+1", "1.0", "1,234", "1e3", "9999999999999999"} {
		if _, ok := plainInteger(s); ok {
			t.Errorf("plainInteger(%q) reads it", s)
		}
	}
}

// TestQuickDate: the shortcut reads what time.ParseInLocation reads, in any
// location, and gives up on everything else.
func TestQuickDate(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	locs := []*time.Location{time.UTC, berlin, time.FixedZone("x", -5*3600)}
	rng := rand.New(rand.NewSource(8))
	var texts []string
	for i := 0; i < 100000; i++ {
		y, m, d := rng.Intn(10000), rng.Intn(14), rng.Intn(33)
		switch rng.Intn(6) {
		case 4: // Meta's days, clock included
			texts = append(texts, fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, rng.Intn(26), rng.Intn(62), rng.Intn(62)))
		case 5: // near the real ones, Berlin's changes of clock included
			texts = append(texts, fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d", 2015+rng.Intn(12), []int{2, 3, 10}[rng.Intn(3)], 24+rng.Intn(8), rng.Intn(24), rng.Intn(60), rng.Intn(60)))
		case 0:
			texts = append(texts, fmt.Sprintf("%02d/%02d/%04d", m, d, y))
		case 1:
			texts = append(texts, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
		case 2: // near the real dates, leap years included
			texts = append(texts, fmt.Sprintf("%02d/%02d/%04d", 1+rng.Intn(12), 28+rng.Intn(4), 1896+rng.Intn(210)))
		case 3: // noise of the same shape
			b := []byte([]string{"00/00/0000", "0000-00-00", "0000-00-00T00:00:00"}[rng.Intn(3)])
			b[rng.Intn(len(b))] = "0123456789/- +ax"[rng.Intn(16)]
			texts = append(texts, string(b))
		}
	}
	texts = append(texts, "02/29/2024", "02/29/2023", "12/31/9999", "01/01/0000", "1/2/2006", "2006-1-2", "", "01/02/2006 ",
		"2025-12-24T00:00:00", "2024-02-29T23:59:59", "2023-02-29T00:00:00", "2025-03-30T02:30:00", "2025-12-24T24:00:00", "2025-12-24T00:00:60", "2025-12-24 00:00:00", "2025-12-24T00:00:00Z")
	handled := map[string]int{}
	for _, s := range texts {
		for _, layout := range []string{"01/02/2006", "2006-01-02", "1/2/2006", "2006-01-02T15:04:05"} {
			for _, loc := range locs {
				got, ok := quickDate(layout, s, loc)
				want, err := time.ParseInLocation(layout, s, loc)
				if ok && (err != nil || !got.Equal(want) || got.Location() != want.Location() || got != want) {
					t.Fatalf("quickDate(%q, %q, %v) = %v, time.ParseInLocation %v (%v)", layout, s, loc, got, want, err)
				}
				if ok {
					handled[layout]++
				}
			}
		}
	}
	for _, layout := range []string{"01/02/2006", "2006-01-02", "2006-01-02T15:04:05"} {
		if handled[layout] < 20000 {
			t.Errorf("only %d texts read as %s", handled[layout], layout)
		}
	}
}

// splitCSVLine splits lines without quotes itself; it must read every line as
// encoding/csv does, which it uses for the rest.
func TestSplitCSVLine(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"", nil},
		{"Date,Primary", []string{"Date", "Primary"}},
		{"Date", []string{"Date"}},
		{" Date , Primary ", []string{" Date ", " Primary "}},
		{"a,,b,", []string{"a", "", "b", ""}},
		{",", []string{"", ""}},
		{`"Follows",`, []string{"Follows", ""}},
		{`"a,b",c`, []string{"a,b", "c"}},
		{`"He said ""hi""",x`, []string{`He said "hi"`, "x"}},
		{`a "b" c,d`, []string{`a "b" c`, "d"}},
		{"a,b\r", []string{"a", "b"}},
		{"a\r\nb,c", []string{"a"}},
		{"\u00e4\u00f6,\U0001F600", []string{"\u00e4\u00f6", "\U0001F600"}},
	}
	for _, tt := range tests {
		got := splitCSVLine(tt.line)
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("splitCSVLine(%q) = %q, want %q", tt.line, got, tt.want)
		}
		r := csv.NewReader(strings.NewReader(tt.line))
		r.FieldsPerRecord, r.LazyQuotes = -1, true
		rec, _ := r.Read()
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", rec) {
			t.Errorf("splitCSVLine(%q) = %q, encoding/csv reads %q", tt.line, got, rec)
		}
	}
}

package ingest

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"time"

	"pulse/queries"
)

// format is one kind of export file pulse understands.
type format struct {
	ID   string // stable, stored with each import: "meta-posts", "x-daily", ...
	Name string // what people call it: "Meta Business Suite post export"
	// Detect reports whether f is of this format. It looks at content (preamble,
	// header names, sheet names); the file name only to tell apart files whose
	// content is the same.
	Detect func(f *file) bool
	// Parse reads the whole file. Rows it cannot read go to Parsed.Rejects with a
	// RowError each; an error is for a file that cannot be read at all.
	Parse func(f *file, ctx *parseContext) (*Parsed, error)
}

// formats lists every known format, most specific first: the first whose Detect
// says yes parses the file.
func formats() []format {
	var all []format
	for _, group := range [][]format{
		metaFormats(),           // meta.go
		legacyFacebookFormats(), // facebook_legacy.go
		xFormats(),              // x.go
		linkedinFormats(),       // linkedin.go
		tiktokFormats(),         // tiktok.go
		youtubeFormats(),        // youtube.go
		pulseCSVFormats(),       // pulsecsv.go
	} {
		all = append(all, group...)
	}
	return all
}

// file is one input file, decoded once for every format's Detect.
type file struct {
	Name string // as shown to people: a path, or "archive.zip/inner/name.csv"
	Base string // the last element of Name
	Raw  []byte

	// Text files (CSV): the decoded text, its encoding and its first lines.
	Text     string
	Encoding string
	Head     []string // up to the first 10 lines, line ends removed
	// headers holds Head's lines read as CSV headers, each made on first use:
	// detection asks every format in turn about the same few lines.
	headers []*table

	// Spreadsheets (.xls, .xlsx): the sheets, read once.
	Book *workbook
}

// workbook is a spreadsheet read into text cells, sheet by sheet.
type workbook struct {
	Sheets []sheet
}

type sheet struct {
	Name string
	Rows [][]string // every cell as text; row i is spreadsheet row i+1
}

// sheet returns the named sheet (case-insensitive), or nil.
func (w *workbook) sheet(name string) *sheet {
	for i := range w.Sheets {
		if strings.EqualFold(strings.TrimSpace(w.Sheets[i].Name), name) {
			return &w.Sheets[i]
		}
	}
	return nil
}

// table reads a sheet whose header is on row headerRow (1-based).
func (s *sheet) table(file string, headerRow int) *table {
	var header []string
	if headerRow-1 < len(s.Rows) {
		header = s.Rows[headerRow-1]
	}
	t := newTable(file+" ["+s.Name+"]", header)
	for i := headerRow; i < len(s.Rows); i++ {
		cells := s.Rows[i]
		empty := true
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		for len(cells) < len(header) {
			cells = append(cells, "")
		}
		t.rows = append(t.rows, row{line: i + 1, cells: cells})
	}
	return t
}

// isSpreadsheet tells .xls (OLE2) and .xlsx (a zip with a workbook part) from text.
func isSpreadsheet(raw []byte) bool {
	return bytes.HasPrefix(raw, []byte{0xD0, 0xCF, 0x11, 0xE0}) ||
		bytes.HasPrefix(raw, []byte("PK")) && bytes.Contains(raw, []byte("xl/workbook"))
}

func newFile(name string, raw []byte) (*file, error) {
	f := &file{Name: name, Base: path.Base(strings.ReplaceAll(name, "\\", "/")), Raw: raw}
	if isSpreadsheet(raw) {
		b, err := readWorkbook(name, raw)
		if err != nil {
			return nil, err
		}
		f.Book = b
		return f, nil
	}
	text, enc, err := decode(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: the text cannot be decoded: %w", name, err)
	}
	f.Text, f.Encoding, f.Head = text, enc, lines(text, 10)
	return f, nil
}

// headerLine returns line i (0-based) of a text file split as CSV, or nil. Callers
// must not change it.
func (f *file) headerLine(i int) []string {
	if t := f.header(i); t != nil {
		return t.header
	}
	return nil
}

// hasColumns reports whether CSV line i holds every one of names (case-insensitive).
func (f *file) hasColumns(i int, names ...string) bool {
	t := f.header(i)
	return t != nil && t.has(names...)
}

// header returns line i of a text file as a table header, or nil.
func (f *file) header(i int) *table {
	if i >= len(f.Head) {
		return nil
	}
	if f.headers == nil {
		f.headers = make([]*table, len(f.Head))
	}
	if f.headers[i] == nil {
		h := splitCSVLine(f.Head[i])
		if h == nil {
			return nil
		}
		f.headers[i] = newTable("", h)
	}
	return f.headers[i]
}

// parseContext is what a parser needs beyond the file.
type parseContext struct {
	Loc  *time.Location // the practice time zone: Meta and TikTok times are in it
	AsOf time.Time      // the export day (00:00 UTC of the date): --as-of or the import day
	// AsOfGiven is true when the user said --as-of; a parser may otherwise take the
	// export day from the file (a date range in its name).
	AsOfGiven bool
}

// Parsed is what a parser read from one file.
type Parsed struct {
	Format   string // format ID
	Name     string // human format name, with detail: "Meta daily file: Instagram reach"
	Platform string // "facebook", "instagram", "x", "linkedin", "tiktok", "youtube", ...; "meta" when a Meta file does not say which
	queries.Batch
	// AsOf is the day post totals were true, when the file tells (zero: the context's).
	AsOf     time.Time
	RowsRead int
	Rejects  []*RowError
	Notes    []string
	// Skipped is true for a file that belongs to a known export but carries nothing
	// pulse uses (demographics, competitors): recognised, noted, not an error.
	Skipped bool
}

// Rows of Daily (and Posts) whose Account.Handle is empty belong to "the account of
// this platform": the ingester fills it from --account, or the one account known.

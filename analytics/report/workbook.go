package report

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"pulse/analytics"
)

// The workbook's sheets, in order.
const (
	SheetSummary      = "Summary"
	SheetReach        = "Reach & views"
	SheetFollowers    = "Followers"
	SheetTop          = "Top content"
	SheetPosts        = "All posts"
	SheetContentTypes = "Content types"
	SheetBestTimes    = "Best times"
	SheetCampaigns    = "Campaigns & notes"
	SheetDefinitions  = "Definitions"
)

// Sheets lists the sheet names in workbook order.
var Sheets = []string{SheetSummary, SheetReach, SheetFollowers, SheetTop, SheetPosts, SheetContentTypes,
	SheetBestTimes, SheetCampaigns, SheetDefinitions}

// BlankMeans is what an empty figure cell says, written on the sheets that have them.
const BlankMeans = "A blank figure means the exports did not report it; it is not a zero."

// Write gathers the report of req from an and writes the workbook to w. now is the
// generation time the workbook states. It returns how many cells hold a value (the
// benchmark sets the workbook against a bare StreamWriter writing as many).
func Write(ctx context.Context, an *analytics.Analyzer, req Request, now time.Time, w io.Writer) (cells int, err error) {
	b, err := newBook()
	if err != nil {
		return 0, err
	}
	defer b.f.Close()
	type sheet struct {
		name  string
		write func(*contents) error
	}
	writeAll := func(c *contents, sheets ...sheet) error {
		for _, s := range sheets {
			if err := s.write(c); err != nil {
				return fmt.Errorf("sheet %q: %w", s.name, err)
			}
		}
		return nil
	}
	// The period's posts are written while gather reads the rest (sheets may be
	// written in any order: newBook made them all).
	c, err := gather(ctx, an, req, now, func(c *contents) error {
		return writeAll(c, sheet{SheetTop, b.topContent}, sheet{SheetPosts, b.allPosts}, sheet{SheetContentTypes, b.contentTypes})
	})
	if err != nil {
		return 0, err
	}
	if err := writeAll(c, sheet{SheetSummary, b.summary}, sheet{SheetReach, b.reachViews}, sheet{SheetFollowers, b.followerSheet},
		sheet{SheetBestTimes, b.bestTimes}, sheet{SheetCampaigns, b.campaigns}, sheet{SheetDefinitions, b.definitions}); err != nil {
		return 0, err
	}
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Title:   "pulse report · " + req.Title(),
		Subject: orName(c.practice.Name) + " social media, " + req.Title(),
		Creator: "pulse",
		Created: now.UTC().Format(time.RFC3339),
	}); err != nil {
		return 0, err
	}
	if _, err := b.f.WriteTo(w); err != nil {
		return 0, fmt.Errorf("write workbook: %w", err)
	}
	return b.cells, nil
}

func orName(s string) string {
	if strings.TrimSpace(s) == "" {
		return "The practice's"
	}
	return s + "'s"
}

// kind is how a column's values read: it picks the cell style and the width rule.
type kind int

const (
	kText     kind = iota
	kLongText      // captions and notes: wide, cut off at the column edge
	kCount         // whole numbers with thousands separators
	kRate          // fractions shown as 0.00%
	kChange        // a % change, stored as a fraction, shown as +0.0%
	kDecimal       // 0.0
	kDate
	kDateTime
	kLink // a link value: caption and URL
	kinds
)

// link is a cell that opens a URL.
type link struct{ text, url string }

// styled is a value that reads in another kind than its column (a rate among counts).
type styled struct {
	v    any
	kind kind
}

// col is one column of a table.
type col struct {
	title string
	kind  kind
}

// table is a header and n rows, produced on demand so that a big table is never held
// twice in memory.
type table struct {
	left int // columns to the left of the table
	cols []col
	n    int
	row  func(i int) []any // values: nil (blank), string, int, int64, float64, time.Time, link
}

// book is a workbook being written, with its shared styles.
type book struct {
	f      *excelize.File
	cells  int // cells given a value
	styles [kinds]int
	header int
	title  int
	bold   int
	note   int
}

func newBook() (*book, error) {
	b := &book{f: excelize.NewFile()}
	if err := b.f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return nil, err
	}
	for _, s := range Sheets[1:] {
		if _, err := b.f.NewSheet(s); err != nil {
			return nil, err
		}
	}
	// Printed, every sheet is landscape and one page wide. Set before any sheet is
	// written: the streamed sheet takes its settings from here.
	landscape, one, tall, fit := "landscape", 1, 0, true
	for _, s := range Sheets {
		if err := b.f.SetPageLayout(s, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &tall}); err != nil {
			return nil, err
		}
		if err := b.f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
			return nil, err
		}
	}
	for _, s := range []string{SheetReach, SheetFollowers, SheetTop, SheetPosts} {
		if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$%d", s, dataTop), Scope: s}); err != nil {
			return nil, err
		}
	}
	ptr := func(s string) *string { return &s }
	defs := [kinds]excelize.Style{
		kText:     {NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top"}}, // "@": stays text when edited
		kLongText: {NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top"}},
		kCount:    {NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top"}},
		kRate:     {NumFmt: 10, Alignment: &excelize.Alignment{Vertical: "top"}},
		kChange:   {CustomNumFmt: ptr("+0.0%;-0.0%;0.0%"), Alignment: &excelize.Alignment{Vertical: "top"}},
		kDecimal:  {CustomNumFmt: ptr("0.0"), Alignment: &excelize.Alignment{Vertical: "top"}},
		kDate:     {CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}},
		kDateTime: {CustomNumFmt: ptr("yyyy-mm-dd hh:mm"), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}},
		kLink:     {Font: &excelize.Font{Color: "1F5FAD", Underline: "single"}, Alignment: &excelize.Alignment{Vertical: "top"}},
	}
	var err error
	for k := range defs {
		if b.styles[k], err = b.f.NewStyle(&defs[k]); err != nil {
			return nil, err
		}
	}
	if b.header, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49,
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}},
		Border: []excelize.Border{{Type: "bottom", Color: "8899AA", Style: 1}}, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return nil, err
	}
	if b.title, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, NumFmt: 49}); err != nil {
		return nil, err
	}
	if b.bold, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}, NumFmt: 49}); err != nil {
		return nil, err
	}
	if b.note, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "555555"}, NumFmt: 49}); err != nil {
		return nil, err
	}
	return b, nil
}

// count counts a cell whose stored value v shows something.
func (b *book) count(v any) {
	if v != nil && v != "" {
		b.cells++
	}
}

// cellValue turns a table value into what excelize stores. Times keep their wall
// clock: a spreadsheet has no time zones, and the report is in the practice's.
func cellValue(v any) any {
	switch v := v.(type) {
	case styled:
		return cellValue(v.v)
	case time.Time:
		return time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), 0, time.UTC)
	case link:
		return v.text
	case *int64:
		if v == nil {
			return nil
		}
		return *v
	case *float64:
		if v == nil {
			return nil
		}
		return *v
	}
	return v
}

// width estimates how many characters a value takes on screen in column kind k.
func width(v any, k kind) int {
	switch v := v.(type) {
	case nil:
		return 0
	case string:
		return utf8.RuneCountInString(v)
	case link:
		return utf8.RuneCountInString(v.text)
	case styled:
		return width(v.v, v.kind)
	}
	switch k {
	case kDate:
		return 10
	case kDateTime:
		return 16
	case kRate, kChange:
		return 8
	}
	var s string
	switch x := cellValue(v).(type) { // as fmt.Sprint shows them, without its reflection
	case nil:
		return 0 // a number not reported: the cell stays blank
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	default:
		s = fmt.Sprint(x)
	}
	return len(s) + len(s)/3
}

// widths sizes each column to fit its header and values, within sensible bounds.
func (t table) widths() []float64 {
	w := make([]float64, len(t.cols))
	for j, c := range t.cols {
		w[j] = float64(min(utf8.RuneCountInString(c.title)+1, 30)) // bold headers run wider
	}
	for i := range t.n {
		for j, v := range t.row(i) {
			w[j] = max(w[j], float64(width(v, t.cols[j].kind)))
		}
	}
	for j, c := range t.cols {
		limit := 40.0
		if c.kind == kLongText {
			limit = 60
		}
		w[j] = min(max(w[j]+2, 8), limit)
	}
	return w
}

// write puts t on sheet with its header in row top (1-based) and returns the next free
// row. Hyperlinks are real links; text is always text.
func (b *book) write(sheet string, top int, t table) (int, error) {
	f := b.f
	for j, c := range t.cols {
		cell, _ := excelize.CoordinatesToCellName(t.left+j+1, top)
		if err := f.SetCellValue(sheet, cell, c.title); err != nil {
			return 0, err
		}
		b.count(c.title)
	}
	first, _ := excelize.CoordinatesToCellName(t.left+1, top)
	last, _ := excelize.CoordinatesToCellName(t.left+len(t.cols), top)
	if err := f.SetCellStyle(sheet, first, last, b.header); err != nil {
		return 0, err
	}
	if t.n > 0 {
		for j, c := range t.cols {
			a, _ := excelize.CoordinatesToCellName(t.left+j+1, top+1)
			z, _ := excelize.CoordinatesToCellName(t.left+j+1, top+t.n)
			if err := f.SetCellStyle(sheet, a, z, b.styles[c.kind]); err != nil {
				return 0, err
			}
		}
	}
	for i := range t.n {
		for j, v := range t.row(i) {
			l, isLink := v.(link)
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(t.left+j+1, top+1+i)
			if st, ok := v.(styled); ok {
				if err := f.SetCellStyle(sheet, cell, cell, b.styles[st.kind]); err != nil {
					return 0, err
				}
				v = st.v
			}
			if v = cellValue(v); v == nil {
				continue
			}
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return 0, err
			}
			b.count(v)
			if isLink && isWebURL(l.url) {
				if err := f.SetCellHyperLink(sheet, cell, l.url, "External",
					excelize.HyperlinkOpts{Tooltip: &l.url}); err != nil {
					return 0, err
				}
			}
		}
	}
	for j, w := range t.widths() {
		name, _ := excelize.ColumnNumberToName(t.left + j + 1)
		cur, err := f.GetColWidth(sheet, name)
		if err != nil {
			return 0, err
		}
		if w > cur {
			if err := f.SetColWidth(sheet, name, name, w); err != nil {
				return 0, err
			}
		}
	}
	return top + 1 + t.n, nil
}

// isWebURL keeps hyperlinks to http(s): an export's permalink column is data, and a
// link to javascript: or file: must not become clickable.
func isWebURL(s string) bool {
	l := strings.ToLower(s)
	return (strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")) && !strings.ContainsAny(s, " \t\r\n\"")
}

// text writes a line of text (styled) at cell.
func (b *book) text(sheet, cell, s string, style int) error {
	if err := b.f.SetCellValue(sheet, cell, s); err != nil {
		return err
	}
	b.count(s)
	return b.f.SetCellStyle(sheet, cell, cell, style)
}

// freezeHeader keeps row `row` in view when scrolling.
func (b *book) freezeHeader(sheet string, row int) error {
	cell, _ := excelize.CoordinatesToCellName(1, row+1)
	return b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: cell, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cell, ActiveCell: cell, Pane: "bottomLeft"}}})
}

// sheetRef is a quoted absolute range on sheet, as chart series name them.
func sheetRef(sheet string, col1, row1, col2, row2 int) string {
	a, _ := excelize.CoordinatesToCellName(col1, row1, true)
	z, _ := excelize.CoordinatesToCellName(col2, row2, true)
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + a + ":" + z
}

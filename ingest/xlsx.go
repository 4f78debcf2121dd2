package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf16"

	"github.com/klauspost/compress/flate"
	"golang.org/x/text/encoding/htmlindex"
)

// ---------------------------------------------------------------------------
// .xlsx: the zip package, each part inflated and read once.
//
// excelize, which writes pulse's reports, reads a sheet's values with its row
// iterator, but a cell's type and style only from the whole sheet unmarshalled
// with encoding/xml, and so read LinkedIn's exports at 10,000-30,000 rows a
// second. This reader takes from the package what pulse needs: the
// relationships and workbook.xml (the sheets, the date system), the shared
// strings, the number formats of styles.xml, and each sheet in one pass with the
// scanner of xlsxxml.go (xlsxsheet.go), keeping each cell's value, type and
// style. Sheets are inflated and read concurrently, while the shared strings
// they need are read.
// Parts are inflated with github.com/klauspost/compress/flate, which does it in
// 30% less time than compress/flate.
//
// It reads every cell as excelize did (workbook_xlsx_test.go keeps the excelize
// path and compares the two on every sample and on hand-written packages): the
// rows and columns where its row iterator put them, the type and style
// excelize's GetCellType and GetCellStyle gave (a cell without a style takes its
// row's, then its column's; a cell inside a merged range takes the type of the
// cell the range's reference names first), the number format excelize's GetStyle
// found (a built-in id wins over a custom format with the same id), the same
// limits (xlCellBudget, 256 MB unzipped). It differs where a file is damaged: a
// syntax error in a sheet, or a part that fails its checksum, is an error here,
// where excelize read what came before it and stopped silently; and where
// excelize looked a cell's type up by the position its row iterator gave the
// value, which is not the cell's own when cells come out of order, it takes the
// cell's own.

// xlsxUnzipLimit bounds what a package may unpack, all parts together, as
// excelize's UnzipSizeLimit did.
const xlsxUnzipLimit = 256 << 20

// xlsxOpenError is the error for a package that cannot be read at all.
func xlsxOpenError(err error) error {
	return fmt.Errorf("the .xlsx file cannot be opened (%v); download it again from the platform", err)
}

// xlsxPackage is the zip package of an .xlsx file.
type xlsxPackage struct {
	raw   []byte
	parts map[string]*zip.File // part name (as excelize names it) -> zip entry
}

func openXLSXPackage(raw []byte) (*xlsxPackage, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, xlsxOpenError(err)
	}
	pkg := &xlsxPackage{raw: raw, parts: make(map[string]*zip.File, len(zr.File))}
	var total uint64
	for _, f := range zr.File {
		if total += f.UncompressedSize64; total > xlsxUnzipLimit || f.UncompressedSize64 > xlsxUnzipLimit {
			return nil, xlsxOpenError(fmt.Errorf("unzip size exceeds the %d bytes limit", xlsxUnzipLimit))
		}
		name := strings.ReplaceAll(f.Name, "\\", "/")
		switch strings.ToLower(name) {
		case "[content_types].xml":
			name = "[Content_Types].xml"
		case "xl/sharedstrings.xml":
			name = "xl/sharedStrings.xml"
		}
		pkg.parts[name] = f // a later entry of the same name wins, as in excelize
	}
	return pkg, nil
}

// read returns a part's bytes, or nil when the package has no such part. The
// buffer comes from a pool: give it back with xlsxRelease once nothing points
// into it.
//
// It inflates the part from the file's bytes itself rather than through
// zip.File.Open, which hands the inflater a reader without ReadByte, so that
// every compressed byte goes through a bufio.Reader; the checks are zip's: the
// declared size, and the checksum when there is one.
func (p *xlsxPackage) read(name string) ([]byte, error) {
	f, ok := p.parts[name]
	if !ok {
		return nil, nil
	}
	buf, err := p.inflate(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return buf, nil
}

func (p *xlsxPackage) inflate(f *zip.File) ([]byte, error) {
	off, err := f.DataOffset()
	if err != nil {
		return nil, err
	}
	if off < 0 || off > int64(len(p.raw)) || f.CompressedSize64 > uint64(int64(len(p.raw))-off) {
		return nil, zip.ErrFormat
	}
	comp := p.raw[off : off+int64(f.CompressedSize64)]
	buf := xlsxBuffer(int(f.UncompressedSize64))
	switch f.Method {
	case zip.Store:
		if len(comp) != len(buf) {
			xlsxRelease(buf)
			return nil, zip.ErrFormat
		}
		copy(buf, comp)
	case zip.Deflate:
		if err := xlsxInflate(buf, comp); err != nil {
			xlsxRelease(buf)
			return nil, err
		}
	default:
		xlsxRelease(buf)
		return nil, zip.ErrAlgorithm
	}
	if f.CRC32 != 0 && crc32.ChecksumIEEE(buf) != f.CRC32 {
		xlsxRelease(buf)
		return nil, zip.ErrChecksum
	}
	return buf, nil
}

// xlsxInflaters keeps inflaters, whose tables are worth reusing.
var xlsxInflaters sync.Pool

// xlsxInflate inflates comp into buf, which must be exactly its size.
func xlsxInflate(buf, comp []byte) error {
	src := bytes.NewReader(comp)
	fr, ok := xlsxInflaters.Get().(io.ReadCloser)
	if ok {
		if err := fr.(flate.Resetter).Reset(src, nil); err != nil {
			return err
		}
	} else {
		fr = flate.NewReader(src)
	}
	defer xlsxInflaters.Put(fr)
	if _, err := io.ReadFull(fr, buf); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	var one [1]byte
	if n, err := fr.Read(one[:]); n > 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("the part is longer than it declares")
		}
		return err
	}
	return nil
}

// xlsxBuffers keeps the buffers parts are inflated into: a sheet is read into
// strings of its own, so its buffer can serve the next file.
var xlsxBuffers sync.Pool

func xlsxBuffer(n int) []byte {
	if b, ok := xlsxBuffers.Get().(*[]byte); ok && cap(*b) >= n {
		return (*b)[:n]
	}
	return make([]byte, n, max(n, 64<<10))
}

func xlsxRelease(b []byte) {
	if b != nil && cap(b) <= 16<<20 {
		xlsxBuffers.Put(&b)
	}
}

// xlsxStrictNamespaces are the Strict Open XML namespaces and their Transitional
// names, which excelize replaces in every part it unmarshals (the longest first,
// so that none is cut by another).
var xlsxStrictNamespaces = []struct{ strict, transitional string }{
	{"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships/comments", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships/chart", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships/image", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"},
	{"http://purl.oclc.org/ooxml/officeDocument/extendedProperties", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"},
	{"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"},
	{"http://purl.oclc.org/ooxml/spreadsheetml/main", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"},
	{"http://purl.oclc.org/ooxml/drawingml/main", "http://schemas.openxmlformats.org/drawingml/2006/main"},
}

// xlsxTransitional rewrites Strict namespaces as excelize does before unmarshalling
// a workbook, relationships, shared-strings or styles part.
func xlsxTransitional(b []byte) []byte {
	if !bytes.Contains(b, []byte("purl.oclc.org")) {
		return b
	}
	for _, ns := range xlsxStrictNamespaces {
		b = bytes.ReplaceAll(b, []byte(ns.strict), []byte(ns.transitional))
	}
	return b
}

// xlsxUTF8 returns a part as UTF-8: a part whose XML declaration names another
// encoding is decoded, as excelize's CharsetReader did.
func xlsxUTF8(b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return b, nil
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 {
		return b, nil
	}
	decl := b[:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return b, nil
	}
	rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return b, nil
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return b, nil
	}
	j := bytes.IndexByte(rest[1:], rest[0])
	if j < 0 {
		return b, nil
	}
	label := string(rest[1 : 1+j])
	if label == "" || strings.EqualFold(label, "utf-8") {
		return b, nil
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("the XML declares the encoding %q, which pulse cannot read", label)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return nil, fmt.Errorf("the XML is not in its declared encoding %q (%v)", label, err)
	}
	return out, nil
}

// The relationships and workbook.xml are read as excelize unmarshals them with
// encoding/xml (its struct tags: elements and attributes matched by local name,
// the root element and r:id by namespace too), with the scanner, which is faster
// for these small parts than encoding/xml's reflection.

// xlsxRel is a <Relationship>.
type xlsxRel struct{ id, target, typ string }

const (
	nsRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsOfficeRels    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// xmlNamespaces tracks the namespace prefixes in scope while a part is scanned.
type xmlNamespaces struct {
	bindings []xmlNSBinding
}

type xmlNSBinding struct {
	prefix, uri string
	depth       int
}

// update follows the scanner: call it after each start and end tag.
func (n *xmlNamespaces) update(s *xmlScanner) error {
	for len(n.bindings) > 0 && n.bindings[len(n.bindings)-1].depth > s.depth() {
		n.bindings = n.bindings[:len(n.bindings)-1]
	}
	if s.kind != xmlStart {
		return nil
	}
	for _, a := range s.attrs {
		name := s.at(a.name)
		prefix, ok := "", false
		switch {
		case string(name) == "xmlns":
			ok = true
		case bytes.HasPrefix(name, []byte("xmlns:")):
			prefix, ok = string(name[len("xmlns:"):]), true
		}
		if ok {
			uri, err := xmlString(s.at(a.val), true)
			if err != nil {
				return err
			}
			n.bindings = append(n.bindings, xmlNSBinding{prefix, uri, s.depth()})
		}
	}
	return nil
}

// space is the namespace of a name written with prefix, as encoding/xml resolves
// it: an element without a prefix is in the default namespace, an attribute
// without one in none; an undeclared prefix stands for itself.
func (n *xmlNamespaces) space(prefix []byte, element bool) string {
	switch {
	case len(prefix) == 0 && !element:
		return ""
	case string(prefix) == "xml":
		return "http://www.w3.org/XML/1998/namespace"
	case string(prefix) == "xmlns":
		return "xmlns"
	}
	for i := len(n.bindings) - 1; i >= 0; i-- {
		if n.bindings[i].prefix == string(prefix) {
			return n.bindings[i].uri
		}
	}
	return string(prefix)
}

// xmlPrefix splits a name written as prefix:local.
func xmlPrefix(name []byte) (prefix, local []byte) {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return nil, name
}

// xlsxPart reads a part for one of the readers below: its root element must be
// root in namespace ns. A missing part, or one without elements, gives nil.
func (p *xlsxPackage) xlsxPart(name, root, ns string, read func(s *xmlScanner, n *xmlNamespaces) error) error {
	raw, err := p.read(name)
	if err != nil || raw == nil {
		return err
	}
	defer xlsxRelease(raw)
	data, err := xlsxUTF8(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	s := newXMLScanner(xlsxTransitional(data))
	var n xmlNamespaces
	for s.next() != xmlStart {
		if s.kind == xmlEOF {
			return s.err
		}
	}
	if err := n.update(s); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	prefix, local := xmlPrefix(s.at(s.name))
	if string(local) != root || n.space(prefix, true) != ns {
		return fmt.Errorf("%s: expected element type <%s> but have <%s>", name, root, s.at(s.name))
	}
	if err := read(s, &n); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if s.err != nil {
		return fmt.Errorf("%s: %w", name, s.err)
	}
	return nil
}

// xlsxRels reads a relationships part.
func (p *xlsxPackage) xlsxRels(name string) ([]xlsxRel, error) {
	var rels []xlsxRel
	err := p.xlsxPart(name, "Relationships", nsRelationships, func(s *xmlScanner, n *xmlNamespaces) error {
		for s.next() != xmlEOF {
			if err := n.update(s); err != nil {
				return err
			}
			if s.kind == xmlEnd && s.depth() == 0 {
				return nil
			}
			if s.kind == xmlStart && s.depth() == 2 && string(s.local()) == "Relationship" {
				var r xlsxRel
				for _, f := range []struct {
					name string
					to   *string
				}{{"Id", &r.id}, {"Target", &r.target}, {"Type", &r.typ}} {
					if _, ok := s.attr(f.name); ok {
						v, err := s.attrString(f.name)
						if err != nil {
							return err
						}
						*f.to = v
					}
				}
				rels = append(rels, r)
			}
		}
		return nil
	})
	return rels, err
}

// xlsxWorkbookSheet is a <sheet> of workbook.xml.
type xlsxWorkbookSheet struct{ name, id string }

// xlsxWorkbook reads workbook.xml: the sheets, and whether dates count from 1904.
func (p *xlsxPackage) xlsxWorkbook(name string) (sheets []xlsxWorkbookSheet, date1904 bool, err error) {
	err = p.xlsxPart(name, "workbook", spreadsheetML, func(s *xmlScanner, n *xmlNamespaces) error {
		inSheets := false
		for s.next() != xmlEOF {
			if err := n.update(s); err != nil {
				return err
			}
			if s.kind == xmlEnd && s.depth() == 0 {
				return nil
			}
			if s.kind != xmlStart {
				continue
			}
			local := string(s.local())
			switch {
			case s.depth() == 2:
				inSheets = local == "sheets"
				if local == "workbookPr" {
					if _, ok := s.attr("date1904"); ok {
						v, err := s.attrString("date1904")
						if err != nil {
							return err
						}
						date1904 = false
						if v = strings.TrimSpace(v); v != "" {
							if date1904, err = strconv.ParseBool(v); err != nil {
								return fmt.Errorf("date1904=%q: %w", v, err)
							}
						}
					}
				}
			case s.depth() == 3 && inSheets && local == "sheet":
				var sh xlsxWorkbookSheet
				for _, a := range s.attrs {
					prefix, alocal := xmlPrefix(s.at(a.name))
					switch {
					case string(alocal) == "name":
					case string(alocal) == "id" && n.space(prefix, false) == nsOfficeRels:
					default:
						continue
					}
					v, err := xmlString(s.at(a.val), true)
					if err != nil {
						return err
					}
					if string(alocal) == "name" {
						sh.name = v
					} else {
						sh.id = v
					}
				}
				sheets = append(sheets, sh)
			}
		}
		return nil
	})
	return sheets, date1904, err
}

// xlsxSheetRef is one sheet of workbook.xml: its name and its part ("" when the
// package does not hold it).
type xlsxSheetRef struct {
	name, part string
}

// xlsxSheets lists the sheets in workbook order, and tells the date system.
func (p *xlsxPackage) xlsxSheets() (sheets []xlsxSheetRef, date1904 bool, err error) {
	const officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	root, err := p.xlsxRels("_rels/.rels")
	if err != nil {
		return nil, false, err
	}
	wbPath := ""
	for _, r := range root {
		if r.typ == officeDocument {
			wbPath = strings.TrimPrefix(r.target, "/")
			break
		}
	}
	var wbSheets []xlsxWorkbookSheet
	if wbPath != "" {
		if wbSheets, date1904, err = p.xlsxWorkbook(wbPath); err != nil {
			return nil, false, err
		}
	}
	relsPath := "_rels/" + path.Base(wbPath) + ".rels"
	if dir := path.Dir(wbPath); dir != "." {
		relsPath = strings.TrimPrefix(dir+"/_rels/"+path.Base(wbPath)+".rels", "/")
	}
	rels, err := p.xlsxRels(relsPath)
	if err != nil {
		return nil, false, err
	}
	byName := map[string]string{}
	for _, s := range wbSheets {
		for _, r := range rels {
			if r.id != s.id {
				continue
			}
			part := strings.TrimPrefix(strings.ReplaceAll(path.Clean(path.Dir(wbPath)+"/"+r.target), "\\", "/"), "/")
			if strings.HasPrefix(r.target, "/") {
				part = strings.TrimPrefix(strings.ReplaceAll(path.Clean(r.target), "\\", "/"), "/")
			}
			if _, ok := p.parts[part]; ok {
				byName[s.name] = part
			}
		}
	}
	for _, s := range wbSheets {
		part, ok := byName[s.name]
		if !ok { // excelize finds a sheet's part by its name, in any case
			for n, pt := range byName {
				if strings.EqualFold(n, s.name) {
					part = pt
					break
				}
			}
		}
		if xlsxBadSheetName(s.name) { // excelize's row iterator refuses such a name: no rows
			part = ""
		}
		sheets = append(sheets, xlsxSheetRef{name: s.name, part: part})
	}
	return sheets, date1904, nil
}

// xlsxBadSheetName is a name Excel does not allow (excelize's checkSheetName).
func xlsxBadSheetName(name string) bool {
	n := 0
	for _, r := range name {
		n += utf16.RuneLen(r)
	}
	return name == "" || n > 31 || strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") ||
		strings.ContainsAny(name, ":\\/?*[]")
}

// ---------------------------------------------------------------------------
// The book: what every sheet's cells need.

const spreadsheetML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

type xlsxBook struct {
	pkg      *xlsxPackage
	date1904 bool
	sst      []string
	sstRead  bool
	sstErr   error
	sstReady chan struct{} // closed once sst is read, while sheets are read concurrently
	styles   xlsxStyles
	budget   int // row and cell slots of the whole workbook (xlCellBudget)
}

func readXLSX(raw []byte) (*workbook, error) {
	pkg, err := openXLSXPackage(raw)
	if err != nil {
		return nil, err
	}
	refs, date1904, err := pkg.xlsxSheets()
	if err != nil {
		return nil, xlsxOpenError(err)
	}
	book := &xlsxBook{pkg: pkg, date1904: date1904, budget: xlCellBudget(len(raw))}
	if err := book.readStyles(); err != nil {
		return nil, xlsxOpenError(fmt.Errorf("xl/styles.xml: %w", err))
	}
	book.styles.classifyAll()
	results := book.readSheetsConcurrently(refs)
	if results == nil {
		results = book.readSheetsInTurn(refs)
	}
	wb := &workbook{Sheets: make([]sheet, 0, len(refs))}
	for i, ref := range refs {
		if err := results[i].err; err != nil {
			return nil, err
		}
		wb.Sheets = append(wb.Sheets, sheet{Name: ref.name, Rows: results[i].rows})
	}
	return wb, nil
}

// xlsxSheetResult is what reading one sheet gave: its rows, or the error that
// stops the whole workbook, and the row and cell slots it took (xlCellBudget).
type xlsxSheetResult struct {
	rows [][]string
	used int
	err  error
}

// errBudgetShared stops a sheet read concurrently with others when the sheets
// together outgrow the budget; the workbook is then read again in turn, which
// tells which error a reader going sheet by sheet meets first.
var errBudgetShared = errors.New("the sheets together hold more cells than the file's size allows")

// readSheetPart reads a sheet's part with budget slots left (shared, when the
// sheets are read concurrently, counts the slots all of them took).
func (b *xlsxBook) readSheetPart(ref xlsxSheetRef, budget int, shared *atomic.Int64) xlsxSheetResult {
	if ref.part == "" {
		return xlsxSheetResult{}
	}
	data, err := b.pkg.read(ref.part)
	if err != nil {
		return xlsxSheetResult{err: xlsxOpenError(err)}
	}
	res := b.readSheet(data, budget, shared)
	xlsxRelease(data)
	if res.err != nil && res.err != errTooManyCells && res.err != errBudgetShared {
		res.err = fmt.Errorf("sheet %q of the .xlsx file cannot be read (%v)", ref.name, res.err)
	}
	return res
}

// readSheetsInTurn reads the sheets one after the other, each with the budget the
// ones before it left, and stops at the first error. A part that more than one
// sheet points to is read once.
func (b *xlsxBook) readSheetsInTurn(refs []xlsxSheetRef) []xlsxSheetResult {
	results := make([]xlsxSheetResult, len(refs))
	first := map[string]int{} // part -> the first sheet read from it
	left := b.budget
	for i, ref := range refs {
		if j, ok := first[ref.part]; ok && ref.part != "" {
			results[i] = results[j].again(left)
		} else {
			results[i] = b.readSheetPart(ref, left, nil)
			first[ref.part] = i
		}
		if results[i].err != nil {
			break
		}
		left -= results[i].used
	}
	return results
}

// again is the result for another sheet that points to the same part (a damaged
// workbook's), with budget slots left: its own copy of the rows, which take their
// slots again.
func (r xlsxSheetResult) again(left int) xlsxSheetResult {
	switch {
	case r.err != nil:
		return r
	case r.used > left:
		return xlsxSheetResult{err: errTooManyCells}
	}
	rows := make([][]string, len(r.rows))
	for i, row := range r.rows {
		rows[i] = slices.Clone(row)
	}
	return xlsxSheetResult{rows: rows, used: r.used}
}

// readSheetsConcurrently inflates and reads the sheets at the same time, while the
// shared strings, which all of them need, are read; it gives the results a reader
// going sheet by sheet would, or nil when the workbook must be read in turn
// (one processor; the sheets outgrew the budget together). A part is inflated and
// read once, however many sheets point to it.
func (b *xlsxBook) readSheetsConcurrently(refs []xlsxSheetRef) []xlsxSheetResult {
	procs := runtime.GOMAXPROCS(0)
	if procs < 2 {
		return nil
	}
	b.sstReady = make(chan struct{})
	var shared atomic.Int64
	scans := make([]xlsxSheetResult, len(refs))
	first := map[string]int{} // part -> the first sheet read from it
	var jobs []int            // the sheets whose parts are read
	for i, ref := range refs {
		if _, ok := first[ref.part]; !ok && ref.part != "" {
			first[ref.part] = i
			jobs = append(jobs, i)
		}
	}
	var next atomic.Int64 // the next of jobs to take
	var wg sync.WaitGroup
	for range min(procs, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(jobs) {
					return
				}
				i := jobs[k]
				func() {
					defer func() {
						// readWorkbook's recover does not reach this goroutine.
						if r := recover(); r != nil {
							scans[i] = xlsxSheetResult{err: fmt.Errorf("the spreadsheet is damaged and cannot be read (%v); download it again from the platform", r)}
						}
					}()
					scans[i] = b.readSheetPart(refs[i], b.budget, &shared)
				}()
			}
		}()
	}
	func() {
		defer close(b.sstReady) // even if reading them panics: the sheets wait for it
		b.loadSharedStrings()
	}()
	wg.Wait()
	b.sstReady = nil

	// The first sheet, in order, whose error a reader going sheet by sheet would
	// meet, or the budget it would run out of first.
	results := make([]xlsxSheetResult, len(refs))
	left := b.budget
	for i, ref := range refs {
		r := &results[i]
		if j, ok := first[ref.part]; ok && j != i {
			*r = scans[j].again(left)
		} else {
			*r = scans[i]
		}
		switch {
		case r.err == errBudgetShared:
			return nil
		case r.used > left:
			r.err = errTooManyCells
		}
		if r.err != nil {
			return results
		}
		left -= r.used
	}
	return results
}

// sharedStrings reads xl/sharedStrings.xml on first use, as excelize's row
// iterator did, so a damaged table fails only a workbook that has rows. (When
// sheets are read concurrently, the table is read once for all of them, and each
// waits for it.)
func (b *xlsxBook) sharedStrings() error {
	if b.sstReady != nil {
		<-b.sstReady
	} else {
		b.loadSharedStrings()
	}
	return b.sstErr
}

func (b *xlsxBook) loadSharedStrings() {
	if b.sstRead {
		return
	}
	b.sstRead = true
	raw, err := b.pkg.read("xl/sharedStrings.xml")
	if err != nil {
		b.sstErr = err
	} else if raw != nil {
		b.sst, b.sstErr = readSST(raw)
		xlsxRelease(raw)
	}
}

// readSST reads the shared strings. Their text goes into one string, which each
// item is a part of.
func readSST(raw []byte) ([]string, error) {
	data, err := xlsxUTF8(raw)
	if err != nil {
		return nil, err
	}
	s := newXMLScanner(xlsxTransitional(data))
	for s.next() != xmlStart {
		if s.kind == xmlEOF {
			return nil, s.err
		}
	}
	if string(s.local()) != "sst" || s.namespace() != spreadsheetML {
		return nil, fmt.Errorf("expected element type <sst> but have <%s>", s.at(s.name))
	}
	n := 0
	if v, ok := s.attr("uniqueCount"); ok {
		n, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
	}
	n = max(0, min(n, len(data)/12))
	out := make([]string, 0, n)
	spans := make([]xmlSpan, 0, n)   // in all; hi < 0: escaped, in out already
	all := xlsxBuffer(len(data))[:0] // decoded text is never longer than raw
	defer func() { xlsxRelease(all) }()
	var si xlsxSI
	for {
		if raw, ok := s.plainSI(); ok {
			start := len(all)
			if all, err = appendXMLText(all, raw, false, false); err != nil {
				return nil, s.syntaxError(err)
			}
			if text := all[start:]; xlsxEscaped(text) {
				out = append(out, xlsxUnescape(string(text)))
				spans = append(spans, xmlSpan{0, -1})
				all = all[:start]
				continue
			}
			spans = append(spans, xmlSpan{start, len(all)})
			out = append(out, "")
			continue
		}
		if s.next() == xmlEOF {
			break
		}
		if s.kind == xmlStart && s.depth() == 2 && string(s.local()) == "si" {
			si.has = false
			si.read(s)
			text := si.bytes()
			if xlsxEscaped(text) {
				out = append(out, xlsxUnescape(string(text)))
				spans = append(spans, xmlSpan{0, -1})
				continue
			}
			spans = append(spans, xmlSpan{len(all), len(all) + len(text)})
			all = append(all, text...)
			out = append(out, "")
		} else if s.kind == xmlEnd && s.depth() == 0 {
			break
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	str := string(all)
	for i, sp := range spans {
		if sp.hi >= 0 {
			out[i] = str[sp.lo:sp.hi]
		}
	}
	return out, nil
}

// plainSI reads a string item written the plain way, <si><t>text</t></si> (the
// <t> may keep its spaces with xml:space="preserve"), straight from the bytes; else
// it reads nothing. The text is raw: decode it with appendXMLText.
func (s *xmlScanner) plainSI() ([]byte, bool) {
	if len(s.stack) != 1 || s.pendingEnd {
		return nil, false
	}
	d := s.data[s.p:]
	var open int
	switch {
	case bytes.HasPrefix(d, []byte("<si><t>")):
		open = len("<si><t>")
	case bytes.HasPrefix(d, []byte(`<si><t xml:space="preserve">`)):
		open = len(`<si><t xml:space="preserve">`)
	default:
		return nil, false
	}
	i := bytes.IndexByte(d[open:], '<')
	if i < 0 || !bytes.HasPrefix(d[open+i:], []byte("</t></si>")) {
		return nil, false
	}
	s.p += open + i + len("</t></si>")
	return d[open : open+i], true
}

// xlsxSI is a string item (<si> in the shared strings, <is> in a cell) as excelize
// reads it: the text of its last direct <t>, then the text of each rich-text run
// (<r>, its last <t>); phonetic runs left out; _xHHHH_ escapes undone.
type xlsxSI struct {
	t, r, run, out []byte
	has            bool // an item was read (since has was last cleared)
}

// read reads the element whose start tag was just read. A second <is> in one cell
// adds to the first, as unmarshalling into the same struct does.
func (si *xlsxSI) read(s *xmlScanner) {
	if !si.has {
		si.has = true
		si.t, si.r = si.t[:0], si.r[:0]
	}
	d := s.depth()
	for {
		switch s.next() {
		case xmlEOF:
			return
		case xmlStart:
			if s.depth() == d+1 {
				switch string(s.local()) {
				case "t":
					if text, ok := s.plainText(); ok {
						si.t = append(si.t[:0], text...)
					} else {
						si.t = s.appendText(si.t[:0])
					}
					continue
				case "r":
					si.readRun(s)
					continue
				}
			}
			s.skip()
		case xmlEnd:
			if s.depth() < d {
				return
			}
		}
	}
}

func (si *xlsxSI) readRun(s *xmlScanner) {
	d := s.depth()
	si.run = si.run[:0]
	hasT := false
	for {
		switch s.next() {
		case xmlEOF:
			return
		case xmlStart:
			if s.depth() == d+1 && string(s.local()) == "t" {
				si.run = s.appendText(si.run[:0])
				hasT = true
				continue
			}
			s.skip()
		case xmlEnd:
			if s.depth() < d {
				if hasT {
					si.r = append(si.r, si.run...)
				}
				return
			}
		}
	}
}

// bytes is the item's text before unescaping; it is valid until the next read.
func (si *xlsxSI) bytes() []byte {
	if len(si.r) == 0 {
		return si.t
	}
	si.out = append(append(si.out[:0], si.t...), si.r...)
	return si.out
}

func (si *xlsxSI) String() string {
	text := si.bytes()
	if xlsxEscaped(text) {
		return xlsxUnescape(string(text))
	}
	return string(text)
}

// xlsxEscaped says whether text may hold an _xHHHH_ escape.
func xlsxEscaped(text []byte) bool { return bytes.Contains(text, []byte("_x")) }

// xlsxStyles is what styles.xml says about number formats, as excelize's GetStyle
// reads it.
type xlsxStyles struct {
	numFmts               []xlsxNumFmt
	xfs                   []xlsxXf
	fills, borders, fonts int  // how many <fill>, <border>, <font>
	hasFills, hasBorders  bool // whether there is a <fills>, <borders> element
	hasFonts              bool
	kinds                 []xlFmtKind // style id -> kind (classifyAll)
}

type xlsxNumFmt struct {
	id   int
	code string
}

type xlsxXf struct {
	numFmt, fill, border, font        *int
	applyFill, applyBorder, applyFont *bool
}

func (b *xlsxBook) readStyles() error {
	raw, err := b.pkg.read("xl/styles.xml")
	if err != nil || raw == nil {
		return err
	}
	defer xlsxRelease(raw)
	data, err := xlsxUTF8(raw)
	if err != nil {
		return err
	}
	s := newXMLScanner(xlsxTransitional(data))
	for s.next() != xmlStart {
		if s.kind == xmlEOF {
			return s.err
		}
	}
	if string(s.local()) != "styleSheet" || s.namespace() != spreadsheetML {
		return fmt.Errorf("expected element type <styleSheet> but have <%s>", s.at(s.name))
	}
	st := &b.styles
	var parent string // the list (a child of the root) being read
	for s.next() != xmlEOF {
		if s.kind != xmlStart {
			continue
		}
		local := s.local()
		switch s.depth() {
		case 2:
			parent = string(local)
			switch parent {
			case "fills":
				st.hasFills = true
			case "borders":
				st.hasBorders = true
			case "fonts":
				st.hasFonts = true
			}
		case 3:
			switch {
			case parent == "numFmts" && string(local) == "numFmt":
				id, err := xlsxIntAttr(s, "numFmtId")
				if err != nil {
					return err
				}
				code, err := s.attrString("formatCode")
				if err != nil {
					return err
				}
				st.numFmts = append(st.numFmts, xlsxNumFmt{id: *id, code: code})
			case parent == "cellXfs" && string(local) == "xf":
				var xf xlsxXf
				for _, a := range []struct {
					name string
					to   **int
				}{{"numFmtId", &xf.numFmt}, {"fillId", &xf.fill}, {"borderId", &xf.border}, {"fontId", &xf.font}} {
					if _, ok := s.attr(a.name); ok {
						if *a.to, err = xlsxIntAttr(s, a.name); err != nil {
							return err
						}
					}
				}
				for _, a := range []struct {
					name string
					to   **bool
				}{{"applyFill", &xf.applyFill}, {"applyBorder", &xf.applyBorder}, {"applyFont", &xf.applyFont}} {
					if _, ok := s.attr(a.name); ok {
						str, err := s.attrString(a.name)
						if err != nil {
							return err
						}
						bv := false
						if str = strings.TrimSpace(str); str != "" {
							if bv, err = strconv.ParseBool(str); err != nil {
								return fmt.Errorf("%s=%q: %w", a.name, str, err)
							}
						}
						*a.to = &bv
					}
				}
				st.xfs = append(st.xfs, xf)
			case parent == "fills" && string(local) == "fill":
				st.fills++
			case parent == "borders" && string(local) == "border":
				st.borders++
			case parent == "fonts" && string(local) == "font":
				st.fonts++
			}
		}
	}
	return s.err
}

// xlsxIntAttr reads an integer attribute as encoding/xml does (spaces trimmed; an
// empty or missing value is 0).
func xlsxIntAttr(s *xmlScanner, name string) (*int, error) {
	str, err := s.attrString(name)
	if err != nil {
		return nil, err
	}
	n := 0
	if str = strings.TrimSpace(str); str != "" {
		n64, err := strconv.ParseInt(str, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s=%q: %w", name, str, err)
		}
		n = int(n64)
	}
	return &n, nil
}

// classifyAll works out every style's kind up front (sheets read concurrently
// share them).
func (st *xlsxStyles) classifyAll() {
	codes := make(map[int]string, len(st.numFmts))
	for _, nf := range st.numFmts {
		codes[nf.id] = nf.code // the last one wins, as in excelize
	}
	byCode := map[string]xlFmtKind{}
	st.kinds = make([]xlFmtKind, len(st.xfs))
	for i, xf := range st.xfs {
		st.kinds[i] = st.classify(xf, codes, byCode)
	}
}

// kind is how a style shows a number.
func (st *xlsxStyles) kind(id int) xlFmtKind {
	if id < 0 || id >= len(st.kinds) {
		return xlNumber // excelize: an invalid style id
	}
	return st.kinds[id]
}

func (st *xlsxStyles) classify(xf xlsxXf, codes map[int]string, byCode map[string]xlFmtKind) xlFmtKind {
	// excelize's GetStyle indexes the fill, border and font lists with an id it
	// checks only against their length; a negative id made it panic, and the
	// number was read as a plain number.
	applies := func(apply *bool) bool { return apply == nil || *apply }
	if applies(xf.applyFill) && xf.fill != nil && st.hasFills && *xf.fill < 0 ||
		applies(xf.applyBorder) && xf.border != nil && st.hasBorders && *xf.border < 0 ||
		applies(xf.applyFont) && xf.font != nil && st.hasFonts && *xf.font < 0 {
		return xlNumber
	}
	if xf.numFmt == nil {
		return xlNumber
	}
	id := *xf.numFmt
	if xlsxBuiltInNumFmt(id) {
		return xlClassifyNumFmt(id, "")
	}
	code := codes[id]
	if code == "" {
		return xlNumber
	}
	k, ok := byCode[code]
	if !ok {
		k = xlClassifyNumFmt(id, code)
		byCode[code] = k
	}
	return k
}

// xlsxBuiltInNumFmt says whether excelize takes a number format id as built in
// (its builtInNumFmt table and its language-dependent ids), whatever numFmts says.
func xlsxBuiltInNumFmt(id int) bool {
	return id >= 0 && id <= 4 || id >= 9 && id <= 22 || id >= 37 && id <= 49 ||
		id >= 27 && id <= 36 || id >= 50 && id <= 62 || id >= 67 && id <= 81
}

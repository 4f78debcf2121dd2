package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// A small pull parser for the XML parts of an .xlsx file (sheets, shared strings,
// styles). encoding/xml reads 20-40 MB/s and allocates a token per tag; the sheet
// XML is so regular that a scanner over the bytes reads it an order of magnitude
// faster. It decodes text exactly as encoding/xml does (the five entities,
// character references, \r\n and \r read as \n, CDATA, comments and processing
// instructions left out) and refuses what encoding/xml refuses in strict mode (an
// unknown entity, a character XML does not allow, invalid UTF-8, an end tag that
// does not match, an unquoted attribute), so a damaged part gives an error instead
// of a guess. Namespaces are not resolved: callers compare local names, as
// excelize does.
//
// Tokens are spans (offsets into the data), not slices: storing a slice in the
// heap costs a write barrier while the garbage collector runs, and this runs for
// every tag.

type xmlKind uint8

const (
	xmlEOF   xmlKind = iota
	xmlStart         // a start tag; name and attrs are set. A tag that closes itself is followed by its xmlEnd.
	xmlEnd           // an end tag; name is set
	xmlText          // character data, raw (decode with appendXMLText)
	xmlCDATA         // the inside of a CDATA section, raw
)

// xmlSpan is data[lo:hi].
type xmlSpan struct{ lo, hi int }

type xmlAttr struct{ name, val xmlSpan }

type xmlScanner struct {
	data  []byte
	p     int
	stack []xmlSpan // names of the open elements
	err   error

	kind       xmlKind
	name       xmlSpan // qualified name of the current start or end tag
	attrs      []xmlAttr
	text       xmlSpan
	pendingEnd bool // the current start tag closed itself
}

func newXMLScanner(data []byte) *xmlScanner {
	return &xmlScanner{data: data, stack: make([]xmlSpan, 0, 16), attrs: make([]xmlAttr, 0, 8)}
}

func (s *xmlScanner) at(sp xmlSpan) []byte { return s.data[sp.lo:sp.hi] }

// depth is the number of open elements; right after a start tag it counts that element.
func (s *xmlScanner) depth() int { return len(s.stack) }

// local is the current tag's name without its prefix.
func (s *xmlScanner) local() []byte { return localName(s.at(s.name)) }

func (s *xmlScanner) textBytes() []byte { return s.at(s.text) }

// syntaxError is err, with the line the scanner is at.
func (s *xmlScanner) syntaxError(err error) error {
	s.fail("%v", err)
	return s.err
}

// fail records the first syntax error, with its line, and ends the scan.
func (s *xmlScanner) fail(format string, args ...any) xmlKind {
	if s.err == nil {
		line := 1 + bytes.Count(s.data[:min(s.p, len(s.data))], []byte{'\n'})
		s.err = fmt.Errorf("XML syntax error on line %d: %s", line, fmt.Sprintf(format, args...))
	}
	s.p = len(s.data)
	s.stack = s.stack[:0]
	s.pendingEnd = false
	s.kind = xmlEOF
	return xmlEOF
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// indexByte is bytes.IndexByte for the short distances of a sheet (a value, an
// attribute), where calling the vectorized search costs more than it saves.
func indexByte(b []byte, c byte) int {
	n := min(len(b), 24)
	for i := 0; i < n; i++ {
		if b[i] == c {
			return i
		}
	}
	if n == len(b) {
		return -1
	}
	if i := bytes.IndexByte(b[n:], c); i >= 0 {
		return n + i
	}
	return -1
}

// next reads the next token. At the end of the data, or after an error, it returns
// xmlEOF; s.err tells which.
func (s *xmlScanner) next() xmlKind {
	if s.pendingEnd {
		s.pendingEnd = false
		s.stack = s.stack[:len(s.stack)-1]
		s.kind = xmlEnd
		return xmlEnd
	}
	for {
		if s.p >= len(s.data) {
			if len(s.stack) > 0 {
				return s.fail("unexpected EOF")
			}
			s.kind = xmlEOF
			return xmlEOF
		}
		d := s.data[s.p:]
		if d[0] != '<' {
			i := indexByte(d, '<')
			if i < 0 {
				i = len(d)
			}
			s.text = xmlSpan{s.p, s.p + i}
			s.p += i
			s.kind = xmlText
			return xmlText
		}
		if len(d) < 2 {
			return s.fail("unexpected EOF")
		}
		switch d[1] {
		case '/':
			i := indexByte(d, '>')
			if i < 0 {
				return s.fail("unexpected EOF")
			}
			hi := i
			for hi > 2 && isXMLSpace(d[hi-1]) {
				hi--
			}
			name := xmlSpan{s.p + 2, s.p + hi}
			n := len(s.stack)
			if n == 0 {
				return s.fail("unexpected end element </%s>", s.at(name))
			}
			if top := s.stack[n-1]; !bytes.Equal(s.at(top), s.at(name)) {
				return s.fail("element <%s> closed by </%s>", s.at(top), s.at(name))
			}
			s.stack = s.stack[:n-1]
			s.name = name
			s.p += i + 1
			s.kind = xmlEnd
			return xmlEnd
		case '?':
			i := bytes.Index(d, []byte("?>"))
			if i < 0 {
				return s.fail("unexpected EOF")
			}
			s.p += i + 2
		case '!':
			switch {
			case bytes.HasPrefix(d, []byte("<!--")):
				i := bytes.Index(d[4:], []byte("-->"))
				if i < 0 {
					return s.fail("unexpected EOF")
				}
				s.p += 4 + i + 3
			case bytes.HasPrefix(d, []byte("<![CDATA[")):
				i := bytes.Index(d[9:], []byte("]]>"))
				if i < 0 {
					return s.fail("unexpected EOF in CDATA section")
				}
				s.text = xmlSpan{s.p + 9, s.p + 9 + i}
				s.p += 9 + i + 3
				s.kind = xmlCDATA
				return xmlCDATA
			default: // <!DOCTYPE ...>: skip it, with its quoted strings and nested <...>
				depth, quote := 0, byte(0)
				i := 2
				for ; i < len(d) && depth >= 0; i++ {
					switch c := d[i]; {
					case quote != 0:
						if c == quote {
							quote = 0
						}
					case c == '"' || c == '\'':
						quote = c
					case c == '<':
						depth++
					case c == '>':
						depth--
					}
				}
				if depth >= 0 {
					return s.fail("unexpected EOF")
				}
				s.p += i
			}
		default:
			return s.startTag(d)
		}
	}
}

// startTag reads the start tag at the beginning of d = s.data[s.p:].
func (s *xmlScanner) startTag(d []byte) xmlKind {
	j := 1
	for j < len(d) && !isXMLSpace(d[j]) && d[j] != '>' && d[j] != '/' {
		j++
	}
	if j == 1 {
		return s.fail("expected element name after <")
	}
	name := xmlSpan{s.p + 1, s.p + j}
	s.attrs = s.attrs[:0]
	self := false
	for {
		for j < len(d) && isXMLSpace(d[j]) {
			j++
		}
		if j >= len(d) {
			return s.fail("unexpected EOF")
		}
		c := d[j]
		if c == '>' {
			j++
			break
		}
		if c == '/' {
			if j+1 < len(d) && d[j+1] == '>' {
				self = true
				j += 2
				break
			}
			return s.fail("expected /> in element")
		}
		k := j
		for k < len(d) && d[k] != '=' && !isXMLSpace(d[k]) && d[k] != '>' && d[k] != '/' {
			k++
		}
		an := xmlSpan{s.p + j, s.p + k}
		for k < len(d) && isXMLSpace(d[k]) {
			k++
		}
		if k >= len(d) || d[k] != '=' || an.lo == an.hi {
			return s.fail("attribute name without = in element")
		}
		k++
		for k < len(d) && isXMLSpace(d[k]) {
			k++
		}
		if k >= len(d) || (d[k] != '"' && d[k] != '\'') {
			return s.fail("unquoted or missing attribute value in element")
		}
		e := indexByte(d[k+1:], d[k])
		if e < 0 {
			return s.fail("unexpected EOF")
		}
		if indexByte(d[k+1:k+1+e], '<') >= 0 {
			return s.fail("unescaped < inside quoted string")
		}
		s.attrs = append(s.attrs, xmlAttr{name: an, val: xmlSpan{s.p + k + 1, s.p + k + 1 + e}})
		j = k + 1 + e + 1
	}
	s.stack = append(s.stack, name)
	s.pendingEnd = self
	s.name = name
	s.p += j
	s.kind = xmlStart
	return xmlStart
}

// skip reads past the end of the element whose start tag was just read.
func (s *xmlScanner) skip() {
	d := len(s.stack)
	for len(s.stack) >= d {
		if s.next() == xmlEOF {
			return
		}
	}
}

// appendText appends the decoded character data of the element whose start tag
// was just read, up to its end tag, leaving out nested elements and their text, as
// encoding/xml fills a string or a ",chardata" field.
func (s *xmlScanner) appendText(dst []byte) []byte {
	d := len(s.stack)
	for {
		switch s.next() {
		case xmlEOF:
			return dst
		case xmlText, xmlCDATA:
			if len(s.stack) == d {
				var err error
				if dst, err = appendXMLText(dst, s.textBytes(), s.kind == xmlCDATA, false); err != nil {
					s.fail("%v", err)
					return dst
				}
			}
		case xmlStart:
			s.skip()
		case xmlEnd:
			if len(s.stack) < d {
				return dst
			}
		}
	}
}

// plainText reads the text of the element whose start tag was just read when it is
// plain (no markup, nothing to decode) and returns it as a slice of the data; else
// it reads nothing and returns false. An element closed by its start tag is "".
func (s *xmlScanner) plainText() ([]byte, bool) {
	if s.pendingEnd {
		s.next()
		return nil, true
	}
	d := s.data[s.p:]
	i := indexByte(d, '<')
	if i < 0 || !xmlTextClean(d[:i]) {
		return nil, false
	}
	top := s.at(s.stack[len(s.stack)-1])
	end := d[i:]
	if len(end) < len(top)+3 || end[1] != '/' || end[len(top)+2] != '>' || !bytes.Equal(end[2:2+len(top)], top) {
		return nil, false
	}
	s.stack = s.stack[:len(s.stack)-1]
	s.name = xmlSpan{s.p + i + 2, s.p + i + 2 + len(top)}
	s.p += i + len(top) + 3
	s.kind = xmlEnd
	return d[:i], true
}

// localName is a tag or attribute name without its prefix.
func localName(name []byte) []byte {
	for i, c := range name {
		if c == ':' {
			return name[i+1:]
		}
	}
	return name
}

// attr returns the raw value of the last attribute with the given local name.
func (s *xmlScanner) attr(local string) ([]byte, bool) {
	var v []byte
	found := false
	for _, a := range s.attrs {
		if string(localName(s.at(a.name))) == local {
			v, found = s.at(a.val), true
		}
	}
	return v, found
}

// attrString returns an attribute's decoded value ("" when it is missing).
func (s *xmlScanner) attrString(local string) (string, error) {
	v, _ := s.attr(local)
	return xmlString(v, true)
}

// xmlString decodes raw text or an attribute value into a string.
func xmlString(raw []byte, attr bool) (string, error) {
	if xmlTextClean(raw) {
		return string(raw), nil
	}
	b, err := appendXMLText(nil, raw, false, attr)
	return string(b), err
}

// namespace returns the namespace the current start tag's name is in, from the
// xmlns attributes on the tag itself (enough for a document's root element).
func (s *xmlScanner) namespace() string {
	name := s.at(s.name)
	want := "xmlns"
	prefix := ""
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		prefix = string(name[:i])
		want = "xmlns:" + prefix
	}
	for _, a := range s.attrs {
		if string(s.at(a.name)) == want {
			v, _ := xmlString(s.at(a.val), true)
			return v
		}
	}
	return prefix // an undeclared prefix stands for itself, as in encoding/xml
}

// xmlTextClean says whether raw text needs no decoding and holds only characters
// XML allows: printable ASCII, tab and newline (no &, no \r, no "]]>" to look for).
func xmlTextClean(raw []byte) bool {
	for _, c := range raw {
		if c < 0x20 && c != '\n' && c != '\t' || c >= 0x80 || c == '&' || c == ']' {
			return false
		}
	}
	return true
}

var xmlEntities = map[string]rune{"lt": '<', "gt": '>', "amp": '&', "apos": '\'', "quot": '"'}

// appendXMLText appends raw character data (or, with attr, an attribute value)
// decoded as encoding/xml's Decoder.text does, and checks every character.
func appendXMLText(dst, raw []byte, cdata, attr bool) ([]byte, error) {
	var b0, b1 byte // the last two bytes read (not from an entity), for "]]>"
	for i := 0; i < len(raw); {
		b := raw[i]
		if b >= 0x20 && b < 0x80 && b != '&' && b != ']' {
			if b == '>' && b0 == ']' && b1 == ']' && !attr && !cdata {
				return dst, errors.New("unescaped ]]> not in CDATA section")
			}
			j := i + 1
			for j < len(raw) && raw[j] >= 0x20 && raw[j] < 0x80 && raw[j] != '&' && raw[j] != ']' {
				j++
			}
			dst = append(dst, raw[i:j]...)
			if j-i >= 2 {
				b0 = raw[j-2]
			} else {
				b0 = b1
			}
			b1 = raw[j-1]
			i = j
			continue
		}
		switch {
		case b == '&' && !cdata:
			j := bytes.IndexByte(raw[i+1:], ';')
			if j < 0 {
				return dst, fmt.Errorf("invalid character entity %s (no semicolon)", raw[i:min(len(raw), i+12)])
			}
			ent := raw[i+1 : i+1+j]
			var r rune
			ok := false
			if len(ent) > 1 && ent[0] == '#' {
				digits, base := ent[1:], 10
				if digits[0] == 'x' {
					digits, base = digits[1:], 16
				}
				if len(digits) > 0 && digits[0] != '+' && digits[0] != '-' && digits[0] != '_' {
					if n, err := strconv.ParseUint(string(digits), base, 64); err == nil && n <= utf8.MaxRune {
						r, ok = rune(n), true
					}
				}
			} else {
				r, ok = xmlEntities[string(ent)]
			}
			if !ok {
				return dst, fmt.Errorf("invalid character entity &%s;", ent)
			}
			if !utf8.ValidRune(r) {
				r = utf8.RuneError // as string(rune(n)) makes it
			}
			if !xmlChar(r) {
				return dst, fmt.Errorf("illegal character code %U", r)
			}
			dst = utf8.AppendRune(dst, r)
			i += 2 + j
			b0, b1 = 0, 0
			continue
		case b == '\r':
			dst = append(dst, '\n')
		case b == '\n':
			if b1 != '\r' {
				dst = append(dst, '\n')
			}
		case b == ']':
			dst = append(dst, b)
		case b < 0x80: // other control characters; a tab
			if b != '\t' && (b != '&' || !cdata) {
				return dst, fmt.Errorf("illegal character code %U", rune(b))
			}
			dst = append(dst, b)
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 {
				return dst, errors.New("invalid UTF-8")
			}
			if !xmlChar(r) {
				return dst, fmt.Errorf("illegal character code %U", r)
			}
			dst = append(dst, raw[i:i+size]...)
			if size >= 2 {
				b0 = raw[i+size-2]
			} else {
				b0 = b1
			}
			b1 = raw[i+size-1]
			i += size
			continue
		}
		b0, b1 = b1, b
		i++
	}
	return dst, nil
}

// xmlChar says whether XML allows the character.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// xlsxUnescape undoes the _xHHHH_ escapes Office writes for characters XML cannot
// hold, as excelize does for shared and inline strings: each escape becomes its
// character (one that is not a valid character, such as a lone surrogate, is
// dropped), and _x005F_ is a literal underscore.
func xlsxUnescape(s string) string {
	i := 0
	for ; i+7 <= len(s); i++ {
		if s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex4(s[i+2:i+6]) {
			break
		}
	}
	if i+7 > len(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for i+7 <= len(s) {
		if s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex4(s[i+2:i+6]) {
			n, _ := strconv.ParseUint(s[i+2:i+6], 16, 32)
			if r := rune(n); utf8.ValidRune(r) {
				b = utf8.AppendRune(b, r)
			}
			i += 7
			continue
		}
		b = append(b, s[i])
		i++
	}
	return string(append(b, s[i:]...))
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

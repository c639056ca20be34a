package docparse

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// The WordprocessingML namespaces: transitional (what Word writes) and strict.
const (
	wordNS       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	wordStrictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	mcNS         = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// errUnpacked reports a .docx part larger than the limits allow.
var errUnpacked = errors.New("docx: unpacked size over limit")

// docxReader holds an opened .docx and what it has unpacked so far.
type docxReader struct {
	ctx     context.Context
	zr      *zip.Reader
	lim     Limits
	read    int64
	num     *numbering
	styles  map[string]numRef
	counter map[string][]int
}

// readDocx extracts the text of a .docx: paragraphs in order, automatic numbering printed as the
// labels Word shows ("1.", "a)", "(1)", "-"), tabs and breaks, tables (two-column layout tables a
// cell per line, as official headers and signatures are laid out; wider tables as "| a | b |"
// rows), and the default page header when it holds words. Deleted revisions and field codes are
// skipped. The archive is checked against zip bombs before anything is unpacked.
func readDocx(ctx context.Context, data []byte, lim Limits) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fileError("Tệp .docx hỏng hoặc không phải tệp Word (không mở được nén zip).",
			"The .docx is damaged or not a Word file (cannot open the zip archive).")
	}
	if len(zr.File) > lim.MaxEntries {
		return "", fileError("Tệp .docx có quá nhiều thành phần.", "The .docx has too many entries.")
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > uint64(lim.MaxRatio) && f.UncompressedSize64 > 1<<20 {
			return "", fileError("Tệp .docx bị nghi là bom nén (tỷ lệ nén bất thường).", "The .docx looks like a zip bomb (abnormal compression ratio).")
		}
	}
	if total > uint64(lim.MaxUnpacked) {
		return "", fileError("Tệp .docx giải nén quá lớn.", "The .docx unpacks to more than allowed.")
	}
	r := &docxReader{ctx: ctx, zr: zr, lim: lim, counter: map[string][]int{}}
	main := r.mainPart()
	if main == "" {
		return "", fileError("Tệp .docx không có phần nội dung chính (word/document.xml).", "The .docx has no main document part (word/document.xml).")
	}
	if b, err := r.part("word/numbering.xml"); err == nil && b != nil {
		r.num = parseNumbering(b)
	} else if err != nil {
		return "", r.wrap(err)
	}
	if b, err := r.part("word/styles.xml"); err == nil && b != nil {
		r.styles = parseStyleNumbering(b)
	} else if err != nil {
		return "", r.wrap(err)
	}
	var out strings.Builder
	if h, err := r.defaultHeader(); err != nil {
		return "", r.wrap(err)
	} else if h != "" {
		out.WriteString(h)
		out.WriteString("\n")
	}
	body, err := r.part(main)
	if err != nil {
		return "", r.wrap(err)
	}
	text, err := r.render(body)
	if err != nil {
		return "", r.wrap(err)
	}
	out.WriteString(text)
	return out.String(), nil
}

// wrap turns internal failures into the reader's errors.
func (r *docxReader) wrap(err error) error {
	switch {
	case errors.Is(err, errUnpacked):
		return fileError("Tệp .docx giải nén quá lớn.", "The .docx unpacks to more than allowed.")
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return err
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fileError("Nội dung XML của tệp .docx bị hỏng.", "The .docx holds malformed XML: "+se.Msg+".")
	}
	return fileError("Không đọc được tệp .docx.", "Cannot read the .docx: "+err.Error()+".")
}

// part returns the unpacked bytes of a part, or nil when there is none; the total unpacked is
// counted against the limit, whatever the sizes the archive declares.
func (r *docxReader) part(name string) ([]byte, error) {
	for _, f := range r.zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		room := r.lim.MaxUnpacked - r.read
		b, err := io.ReadAll(io.LimitReader(rc, room+1))
		if err != nil {
			return nil, err
		}
		r.read += int64(len(b))
		if int64(len(b)) > room {
			return nil, errUnpacked
		}
		return b, nil
	}
	return nil, nil
}

// mainPart finds the main document part from [Content_Types].xml, falling back to the usual name.
func (r *docxReader) mainPart() string {
	b, _ := r.part("[Content_Types].xml")
	if b != nil {
		var ct struct {
			Overrides []struct {
				PartName    string `xml:"PartName,attr"`
				ContentType string `xml:"ContentType,attr"`
			} `xml:"Override"`
		}
		if xml.Unmarshal(b, &ct) == nil {
			for _, o := range ct.Overrides {
				if strings.Contains(o.ContentType, "wordprocessingml.document.main") || strings.Contains(o.ContentType, "document.macroEnabled.main") {
					return strings.TrimPrefix(o.PartName, "/")
				}
			}
		}
	}
	for _, f := range r.zr.File {
		if f.Name == "word/document.xml" {
			return f.Name
		}
	}
	return ""
}

// defaultHeader returns the text of the first page header part that holds letters.
func (r *docxReader) defaultHeader() (string, error) {
	var names []string
	for _, f := range r.zr.File {
		if strings.HasPrefix(f.Name, "word/header") && path.Ext(f.Name) == ".xml" {
			names = append(names, f.Name)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := r.part(n)
		if err != nil {
			return "", err
		}
		t, err := r.render(b)
		if err != nil {
			return "", err
		}
		if firstLetter(t) != 0 {
			return strings.TrimSpace(t), nil
		}
	}
	return "", nil
}

// numRef points a paragraph at a numbering definition and level.
type numRef struct {
	numID string
	ilvl  int
}

// level is one level of an abstract numbering definition.
type level struct {
	format string // decimal, lowerLetter, upperRoman, bullet …
	text   string // "%1.", "%2)", "(%1)", "%1.%2."
	start  int
}

// numbering holds numbering.xml: numIds map to abstract definitions, which hold the levels.
type numbering struct {
	abstract map[string]map[int]level
	nums     map[string]string
	starts   map[string]map[int]int
}

// local reports whether a name is a WordprocessingML element with the given local name.
func local(n xml.Name, want string) bool {
	return n.Local == want && (n.Space == wordNS || n.Space == wordStrictNS)
}

// attr returns a WordprocessingML attribute value.
func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && (a.Name.Space == wordNS || a.Name.Space == wordStrictNS || a.Name.Space == "") {
			return a.Value
		}
	}
	return ""
}

// parseNumbering reads numbering.xml; errors leave what was read, since numbering only decorates.
func parseNumbering(b []byte) *numbering {
	n := &numbering{abstract: map[string]map[int]level{}, nums: map[string]string{}, starts: map[string]map[int]int{}}
	d := xml.NewDecoder(bytes.NewReader(b))
	var absID, numID string
	lvl := -1
	var cur level
	for {
		tok, err := d.Token()
		if err != nil {
			return n
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case local(t.Name, "abstractNum"):
				absID = attr(t, "abstractNumId")
				n.abstract[absID] = map[int]level{}
			case local(t.Name, "lvl"):
				lvl, _ = strconv.Atoi(attr(t, "ilvl"))
				cur = level{start: 1, format: "decimal"}
			case local(t.Name, "start") && lvl >= 0:
				cur.start, _ = strconv.Atoi(attr(t, "val"))
			case local(t.Name, "numFmt") && lvl >= 0:
				cur.format = attr(t, "val")
			case local(t.Name, "lvlText") && lvl >= 0:
				cur.text = attr(t, "val")
			case local(t.Name, "num"):
				numID = attr(t, "numId")
			case local(t.Name, "abstractNumId") && numID != "":
				n.nums[numID] = attr(t, "val")
			case local(t.Name, "lvlOverride") && numID != "":
				lvl, _ = strconv.Atoi(attr(t, "ilvl"))
			case local(t.Name, "startOverride") && numID != "":
				if n.starts[numID] == nil {
					n.starts[numID] = map[int]int{}
				}
				n.starts[numID][lvl], _ = strconv.Atoi(attr(t, "val"))
			}
		case xml.EndElement:
			switch {
			case local(t.Name, "lvl") && absID != "" && numID == "":
				n.abstract[absID][lvl] = cur
				lvl = -1
			case local(t.Name, "abstractNum"):
				absID = ""
			case local(t.Name, "num"):
				numID = ""
				lvl = -1
			}
		}
	}
}

// parseStyleNumbering reads the numbering that paragraph styles carry (headings numbered by
// style).
func parseStyleNumbering(b []byte) map[string]numRef {
	out := map[string]numRef{}
	d := xml.NewDecoder(bytes.NewReader(b))
	style := ""
	var ref numRef
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case local(t.Name, "style"):
				style, ref = attr(t, "styleId"), numRef{}
			case local(t.Name, "numId") && style != "":
				ref.numID = attr(t, "val")
			case local(t.Name, "ilvl") && style != "":
				ref.ilvl, _ = strconv.Atoi(attr(t, "val"))
			}
		case xml.EndElement:
			if local(t.Name, "style") {
				if ref.numID != "" && ref.numID != "0" {
					out[style] = ref
				}
				style = ""
			}
		}
	}
}

// label renders the automatic number of a paragraph and advances the counters.
func (r *docxReader) label(ref numRef) string {
	if r.num == nil || ref.numID == "" || ref.numID == "0" {
		return ""
	}
	abs := r.num.abstract[r.num.nums[ref.numID]]
	lv, ok := abs[ref.ilvl]
	if !ok {
		return ""
	}
	if lv.format == "bullet" || lv.format == "none" {
		if lv.format == "none" {
			return ""
		}
		return "-"
	}
	cs := r.counter[ref.numID]
	for len(cs) <= ref.ilvl {
		cs = append(cs, 0)
	}
	for i := range cs {
		if i > ref.ilvl {
			cs[i] = 0
		}
	}
	if cs[ref.ilvl] == 0 {
		st := lv.start
		if o, ok := r.num.starts[ref.numID][ref.ilvl]; ok {
			st = o
		}
		cs[ref.ilvl] = st
	} else {
		cs[ref.ilvl]++
	}
	r.counter[ref.numID] = cs
	out := lv.text
	for i := 0; i <= ref.ilvl && i < 9; i++ {
		v := cs[i]
		if v == 0 {
			v = abs[i].start
		}
		out = strings.ReplaceAll(out, "%"+strconv.Itoa(i+1), formatNumber(v, abs[i].format))
	}
	return out
}

// formatNumber prints a counter in a Word number format.
func formatNumber(n int, format string) string {
	switch format {
	case "lowerLetter", "upperLetter":
		s := ""
		for n > 0 {
			n--
			s = string(rune('a'+n%26)) + s
			n /= 26
		}
		if format == "upperLetter" {
			return strings.ToUpper(s)
		}
		return s
	case "lowerRoman", "upperRoman":
		s := roman(n)
		if format == "lowerRoman" {
			return strings.ToLower(s)
		}
		return s
	}
	return strconv.Itoa(n)
}

// roman prints n in Roman numerals, as section headings are numbered.
func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// tableState collects one table while it is read.
type tableState struct {
	rows  [][]string
	row   []string
	cell  strings.Builder
	inRow bool
}

// render walks a part's XML and writes its text.
func (r *docxReader) render(b []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var out strings.Builder
	var par strings.Builder
	var tables []*tableState
	skip := 0
	var ref numRef
	var style string
	inPPr := false
	steps := 0
	flushPara := func() {
		text := strings.TrimRight(par.String(), " \t")
		if ref.numID == "" && style != "" {
			ref = r.styles[style]
		}
		if l := r.label(ref); l != "" && strings.TrimSpace(text) != "" {
			text = l + " " + strings.TrimLeft(text, " \t")
		}
		par.Reset()
		ref, style = numRef{}, ""
		if n := len(tables); n > 0 {
			t := tables[n-1]
			if t.cell.Len() > 0 {
				t.cell.WriteString("\n")
			}
			t.cell.WriteString(text)
			return
		}
		out.WriteString(text)
		out.WriteString("\n")
	}
	for {
		if steps++; steps%4096 == 0 && r.ctx.Err() != nil {
			return "", r.ctx.Err()
		}
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			switch {
			case local(t.Name, "del"), local(t.Name, "instrText"), local(t.Name, "delText"), local(t.Name, "moveFrom"),
				t.Name.Space == mcNS && t.Name.Local == "Fallback":
				skip = 1
			case local(t.Name, "pPr"):
				inPPr = true
			case local(t.Name, "numId") && inPPr:
				ref.numID = attr(t, "val")
			case local(t.Name, "ilvl") && inPPr:
				ref.ilvl, _ = strconv.Atoi(attr(t, "val"))
			case local(t.Name, "pStyle") && inPPr:
				style = attr(t, "val")
			case local(t.Name, "rPr") && inPPr:
				skip = 1
			case local(t.Name, "tab") && !inPPr:
				par.WriteString("\t")
			case local(t.Name, "br"), local(t.Name, "cr"):
				par.WriteString("\n")
			case local(t.Name, "tbl"):
				tables = append(tables, &tableState{})
			case local(t.Name, "tr") && len(tables) > 0:
				tables[len(tables)-1].row = nil
			case local(t.Name, "tc") && len(tables) > 0:
				tables[len(tables)-1].cell.Reset()
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch {
			case local(t.Name, "pPr"):
				inPPr = false
			case local(t.Name, "p"):
				flushPara()
			case local(t.Name, "tc") && len(tables) > 0:
				tb := tables[len(tables)-1]
				tb.row = append(tb.row, tb.cell.String())
				tb.cell.Reset()
			case local(t.Name, "tr") && len(tables) > 0:
				tb := tables[len(tables)-1]
				tb.rows = append(tb.rows, tb.row)
				tb.row = nil
			case local(t.Name, "tbl") && len(tables) > 0:
				tb := tables[len(tables)-1]
				tables = tables[:len(tables)-1]
				text := tableText(tb.rows)
				if n := len(tables); n > 0 {
					tables[n-1].cell.WriteString(text)
				} else {
					out.WriteString(text)
				}
			}
		case xml.CharData:
			if skip == 0 && !inPPr && len(par.String()) < r.lim.MaxText {
				par.Write(t)
			}
		}
		if out.Len() > r.lim.MaxText {
			return "", fmt.Errorf("text: %w", errUnpacked)
		}
	}
	return out.String(), nil
}

// tableText prints a table: a layout table of one or two columns cell by cell, each on its own
// lines; a wider table as Markdown rows, which the parser reads as a table of assignments.
func tableText(rows [][]string) string {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	var b strings.Builder
	if cols <= 2 {
		for _, r := range rows {
			for _, c := range r {
				if c = strings.TrimSpace(c); c != "" {
					b.WriteString(c)
					b.WriteString("\n")
				}
			}
		}
		return b.String()
	}
	for _, r := range rows {
		b.WriteString("|")
		for _, c := range r {
			b.WriteString(" ")
			b.WriteString(strings.Join(strings.Fields(c), " "))
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

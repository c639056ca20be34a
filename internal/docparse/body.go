package docparse

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// para is a paragraph of the body: its lines joined by single spaces into text, with a map back to
// the original offsets.
type para struct {
	text  string
	buf   []byte // text while the paragraph is being built
	segs  []paraSeg
	mk    marker
	table []Span // cells of a table row, as ranges of text
	// open reports that the paragraph may still take lines.
	open bool
	// lastLine is the content of its last line, to judge where a list item may start.
	lastLine string
}

// paraSeg maps text[pos:pos+n] to the original text at orig.
type paraSeg struct{ pos, orig, n int }

// orig maps a position of p.text to a byte offset of the original text.
func (p *para) orig(pos int) int {
	k := sort.Search(len(p.segs), func(i int) bool { return p.segs[i].pos > pos }) - 1
	if k < 0 {
		if len(p.segs) > 0 {
			return p.segs[0].orig
		}
		return 0
	}
	s := p.segs[k]
	return s.orig + min(pos-s.pos, s.n)
}

// span maps a range of p.text to a Span of the original.
func (p *para) span(i, j int) Span {
	if j > i && j > 0 {
		return Span{p.orig(i), p.orig(j-1) + 1}
	}
	return Span{p.orig(i), p.orig(i)}
}

// add appends a line's content to the paragraph; done makes text of what was added.
func (p *para) add(content string, orig int) {
	if len(p.buf) > 0 {
		p.buf = append(p.buf, ' ')
	}
	p.segs = append(p.segs, paraSeg{len(p.buf), orig, len(content)})
	p.buf = append(p.buf, content...)
	p.lastLine = content
}

// done fixes the text of a paragraph built with add.
func (p *para) done() {
	if p.buf != nil {
		p.text, p.buf = string(p.buf), nil
	}
}

// sub returns the paragraph made of p.text[i:j].
func (p *para) sub(i, j int) *para {
	q := &para{text: p.text[i:j]}
	first := max(0, sort.Search(len(p.segs), func(k int) bool { return p.segs[k].pos > i })-1)
	for _, s := range p.segs[first:] {
		if s.pos >= j {
			break
		}
		a, b := max(s.pos, i), min(s.pos+s.n, j)
		if a >= b {
			continue
		}
		q.segs = append(q.segs, paraSeg{a - i, s.orig + a - s.pos, b - a})
	}
	return q
}

// body is the text after the marker.
func (p *para) body() string { return p.text[p.mk.n:] }

// Marker kinds, from the outermost level in.
const (
	mkNone = iota
	mkPart
	mkChapter
	mkArticle
	mkRoman
	mkArabic
	mkDotted
	mkLetter
	mkParen
	mkDash
	mkPlus
)

// marker is the list label a paragraph starts with.
type marker struct {
	kind  int
	label string
	n     int // bytes of text taken by the label and the blanks after it
}

var (
	partRE    = regexp.MustCompile(`^(?:PHẦN|Phần)\s+([IVX]+|\d+|[Tt]hứ\s+\S+)\s*[.:]?\s*`)
	chapterRE = regexp.MustCompile(`^(?:CHƯƠNG|Chương)\s+([IVXLC]+|\d+)\b\s*[.:]?\s*`)
	articleRE = regexp.MustCompile(`^(?:ĐIỀU|Điều)\s+(\d{1,3})\s*[.:]\s*`)
	romanRE   = regexp.MustCompile(`^([IVX]{1,5})\s*[.)/]\s*`)
	dottedRE  = regexp.MustCompile(`^(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?(?:\s+|$)`)
	arabicRE  = regexp.MustCompile(`^(\d{1,2})\s*[.)](?:\s+|$)`)
	letterRE  = regexp.MustCompile(`^([a-zđ])\)\s*`)
	parenRE   = regexp.MustCompile(`^\((\d{1,2}|[a-zđ])\)\s*`)
	dashRE    = regexp.MustCompile(`^[-–—•●▪]\s*`)
	plusRE    = regexp.MustCompile(`^\+\s*`)
)

// parseMarker reads the list label at the start of s.
func parseMarker(s string) marker {
	try := func(re *regexp.Regexp, kind int) (marker, bool) {
		m := re.FindStringSubmatchIndex(s)
		if m == nil {
			return marker{}, false
		}
		label := ""
		if len(m) > 2 && m[2] >= 0 {
			label = s[m[2]:m[3]]
		}
		return marker{kind: kind, label: label, n: m[1]}, true
	}
	for _, c := range []struct {
		re   *regexp.Regexp
		kind int
	}{{partRE, mkPart}, {chapterRE, mkChapter}, {articleRE, mkArticle}, {romanRE, mkRoman},
		{dottedRE, mkDotted}, {arabicRE, mkArabic}, {letterRE, mkLetter}, {parenRE, mkParen}} {
		if mk, ok := try(c.re, c.kind); ok {
			if c.kind == mkRoman && mk.n < len(s) && !unicode.IsUpper(firstRune(s[mk.n:])) {
				continue
			}
			return mk
		}
	}
	if mk, ok := try(dashRE, mkDash); ok && mk.n < len(s) && s[mk.n] != '-' {
		return mk
	}
	if mk, ok := try(plusRE, mkPlus); ok && mk.n < len(s) {
		return mk
	}
	return marker{}
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// endsSentence reports whether s ends a sentence or a list entry, after which a dash may open a
// new item.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " *")
	if s == "" {
		return true
	}
	return strings.ContainsRune(".;:,!?", rune(s[len(s)-1])) || strings.HasSuffix(s, "…")
}

// buildParas joins the lines [from, to) into paragraphs. A blank line ends a paragraph; a line
// that starts with a list label, a table row, or a deeper indent in a PDF layout starts one; a
// block that starts in lower case continues the paragraph before it (a page break or a stray
// blank line in the source).
func (p *parser) buildParas(from, to int) []*para {
	var out []*para
	var cur *para
	for i := from; i < to; i++ {
		l := p.lines[i]
		if l.blank() {
			if cur != nil {
				cur.open = false
			}
			cur = nil
			continue
		}
		c := p.content(i)
		if strings.HasPrefix(c, "|") {
			cur = nil
			if row := p.tableRow(l); row != nil {
				out = append(out, row)
			}
			continue
		}
		mk := parseMarker(c)
		if cur != nil {
			newPara := mk.kind != mkNone && (mk.kind != mkDash && mk.kind != mkPlus || endsSentence(cur.lastLine) || len(cur.buf) == len(cur.lastLine) && cur.mk.n == len(cur.buf))
			if !newPara && l.indent >= p.lines[i-1].indent+3 && p.lines[i-1].indent < 30 && unicode.IsUpper(firstLetter(c)) && firstLetter(c) == firstRune(c) {
				newPara = true
			}
			if !newPara {
				cur.add(c, l.cs)
				continue
			}
		} else if n := len(out); n > 0 && out[n-1].table == nil {
			last := out[n-1]
			markerOnly := last.mk.kind != mkNone && last.mk.n >= len(last.buf)
			if mk.kind == mkNone && (markerOnly || (unicode.IsLower(firstRune(c)) && !strings.ContainsRune(".:;", rune(last.buf[len(last.buf)-1])))) {
				last.add(c, l.cs)
				cur = last
				continue
			}
		}
		cur = &para{open: true}
		cur.add(c, l.cs)
		cur.mk = mk
		out = append(out, cur)
	}
	for _, q := range out {
		q.done()
		if q.table == nil {
			q.mk = parseMarker(q.text)
		}
	}
	return splitInline(out)
}

// tableRow reads a Markdown table row ("| a | b |"); separator rows ("| --- |") give nil.
func (p *parser) tableRow(l line) *para {
	q := &para{}
	q.add(p.text[l.cs:l.ce], l.cs)
	q.done()
	t := q.text
	var cells []Span
	start := -1
	for i := 0; i < len(t); i++ {
		if t[i] != '|' {
			continue
		}
		if start >= 0 {
			a, b := start, i
			for a < b && t[a] == ' ' {
				a++
			}
			for b > a && t[b-1] == ' ' {
				b--
			}
			cells = append(cells, Span{a, b})
		}
		start = i + 1
	}
	if len(cells) == 0 {
		return nil
	}
	dashes := true
	for _, c := range cells {
		if strings.Trim(t[c.Start:c.End], "-: ") != "" {
			dashes = false
		}
	}
	if dashes {
		return nil
	}
	q.table = cells
	return q
}

// inlineParenRE finds "(1) ", "(2) " … inside a paragraph, as a Party công văn numbers tasks
// within one paragraph ("… các nhiệm vụ: (1) Chỉ đạo …. (2) Tăng cường …").
var inlineParenRE = regexp.MustCompile(`(?:^|[:.;]\s+)\((\d{1,2})\)\s+\p{Lu}`)

// splitInline splits paragraphs that hold a numbered series "(1) … (2) …" starting at (1) into an
// introduction and one paragraph per item.
func splitInline(in []*para) []*para {
	var out []*para
	for _, q := range in {
		if q.table != nil || !strings.Contains(q.text, "(2)") {
			out = append(out, q)
			continue
		}
		var cuts []int
		want := 1
		for _, m := range inlineParenRE.FindAllStringSubmatchIndex(q.text, -1) {
			n, _ := strconv.Atoi(q.text[m[2]:m[3]])
			if n != want {
				continue
			}
			cuts = append(cuts, m[2]-1)
			want++
		}
		if len(cuts) < 2 {
			out = append(out, q)
			continue
		}
		if cuts[0] > q.mk.n {
			head := q.sub(0, cuts[0])
			head.text = strings.TrimRight(head.text, " ")
			head.mk = q.mk
			out = append(out, head)
		}
		for k, c := range cuts {
			end := len(q.text)
			if k+1 < len(cuts) {
				end = cuts[k+1]
			}
			item := q.sub(c, end)
			item.text = strings.TrimRight(item.text, " ")
			item.mk = parseMarker(item.text)
			out = append(out, item)
		}
	}
	return out
}

package docparse

import (
	"strings"

	"dondoc"
	"dondoc/internal/vntext"
)

// Options adjust the parser to the context of one document.
type Options struct {
	// ReceivedOn is the date the document arrived (the edXML trace time or the registration date);
	// deadlines such as "trong 5 ngày làm việc kể từ ngày nhận được văn bản" count from it. When it
	// is empty they count from the document date.
	ReceivedOn dondoc.Date
	// Holiday reports public holidays for working-day deadlines; nil treats only weekends as days
	// off.
	Holiday func(dondoc.Date) bool
}

// MaxParseBytes bounds the text Parse accepts; longer text is cut there. Real directives are far
// shorter, and the bound keeps a hostile upload from tying up a worker.
const MaxParseBytes = 8 << 20

// Normalize returns text as the parser sees it: valid UTF-8 (bad bytes become U+FFFD), NFC, a
// byte-order mark removed, and "\r\n" and "\r" line ends turned into "\n". Spans in a Draft
// refer to this form.
func Normalize(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.TrimPrefix(text, "\uFEFF")
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return vntext.NFC(text)
}

// line is one line of the text: [start, end) without its "\n", and [cs, ce) its content without
// the surrounding blanks.
type line struct {
	start, end int
	cs, ce     int
	indent     int
}

// blank reports whether the line holds nothing but blanks.
func (l line) blank() bool { return l.cs >= l.ce }

// seg is a piece of a line between column gaps: the PDF layout and some web pages print the
// header, the Kính gửi block and the signature in two columns on the same lines.
type seg struct{ start, end int }

// parser holds the state of one Parse call.
type parser struct {
	text  string
	lines []line
	opts  Options
	d     *Draft

	docDate dondoc.Date
	ownNum  string

	// Line indices of the landmarks; -1 when absent.
	numberLine, dateLine, titleLine, subjectLine, headerEnd int
	kinhGuiLine, recipientsEnd                              int
	noiNhanLine, signStart, signEnd                         int
	bodyStart, bodyEnd                                      int
}

// Parse extracts a Draft from the text of a document. It never fails: what it cannot find stays
// empty, and a clerk fills it in.
func Parse(text string, opts Options) *Draft {
	text = Normalize(text)
	if len(text) > MaxParseBytes {
		text = text[:MaxParseBytes]
		for len(text) > 0 && text[len(text)-1]&0xC0 == 0x80 {
			text = text[:len(text)-1]
		}
		if len(text) > 0 && text[len(text)-1] >= 0xC0 {
			text = text[:len(text)-1]
		}
	}
	p := &parser{text: text, opts: opts, d: &Draft{Text: text}}
	p.splitLines()
	p.parseHeader()
	p.parseRecipients()
	p.findSignature()
	p.parseDistribution()
	p.parseSigning()
	p.findBody()
	p.parseReferences()
	p.parseBody()
	p.fillIssuerFallback()
	p.finish()
	return p.d
}

// splitLines cuts the text into lines and measures each.
func (p *parser) splitLines() {
	t := p.text
	for start := 0; start <= len(t); {
		end := strings.IndexByte(t[start:], '\n')
		if end < 0 {
			end = len(t)
		} else {
			end += start
		}
		l := line{start: start, end: end, cs: start, ce: end}
		for l.cs < l.ce {
			if t[l.cs] == ' ' {
				l.indent++
				l.cs++
			} else if t[l.cs] == '\t' {
				l.indent += 4
				l.cs++
			} else if l.cs+1 < l.ce && t[l.cs] == 0xC2 && t[l.cs+1] == 0xA0 {
				l.indent++
				l.cs += 2
			} else {
				break
			}
		}
		for l.ce > l.cs {
			if t[l.ce-1] == ' ' || t[l.ce-1] == '\t' {
				l.ce--
			} else if l.ce-2 >= l.cs && t[l.ce-2] == 0xC2 && t[l.ce-1] == 0xA0 {
				l.ce -= 2
			} else {
				break
			}
		}
		p.lines = append(p.lines, l)
		if end == len(t) {
			break
		}
		start = end + 1
	}
}

// content returns the content of line i.
func (p *parser) content(i int) string { l := p.lines[i]; return p.text[l.cs:l.ce] }

// segments splits the content of line i at column gaps of three or more blanks or a tab.
func (p *parser) segments(i int) []seg {
	l := p.lines[i]
	var out []seg
	t := p.text
	s := l.cs
	for j := l.cs; j < l.ce; {
		if t[j] == '\t' || (t[j] == ' ' && j+2 < l.ce && t[j+1] == ' ' && t[j+2] == ' ') {
			k := j
			for k < l.ce && (t[k] == ' ' || t[k] == '\t') {
				k++
			}
			if j > s {
				out = append(out, seg{s, j})
			}
			s, j = k, k
			continue
		}
		j++
	}
	if l.ce > s {
		out = append(out, seg{s, l.ce})
	}
	return out
}

// field builds a Field from a byte range of the text, collapsing its whitespace.
func (p *parser) field(start, end int, conf float64) *Field {
	v := collapse(p.text[start:end])
	if v == "" {
		return nil
	}
	return &Field{Text: v, Span: Span{start, end}, Confidence: conf}
}

// finish replaces nil slices by empty ones, so that the JSON shows [] as the corpus does.
func (p *parser) finish() {
	d := p.d
	if d.Recipients == nil {
		d.Recipients = []Item{}
	}
	if d.References == nil {
		d.References = []Reference{}
	}
	if d.Clauses == nil {
		d.Clauses = []Clause{}
	}
	if d.Tasks == nil {
		d.Tasks = []Task{}
	}
	if d.Distribution == nil {
		d.Distribution = []Distribution{}
	}
	for i := range d.Tasks {
		if d.Tasks[i].Lead == nil {
			d.Tasks[i].Lead = []Item{}
		}
		if d.Tasks[i].Coordinate == nil {
			d.Tasks[i].Coordinate = []Item{}
		}
	}
}

package ui

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"

	"dondoc/internal/docparse"
)

// sourceMark is a span of the source text to highlight: the evidence of one extracted field,
// written as <mark id="ID"> so that the field's link can jump to it.
type sourceMark struct {
	ID    string
	Class string
	Span  docparse.Span
}

// lowConfidence is the confidence under which a field is flagged for the clerk to check. The
// reader's rules rarely err above 0.8 and often below 0.5; in between, a look is cheap.
const lowConfidence = 0.7

// markSource writes the text with each span inside a <mark>. Spans nest (a task's text holds its
// lead unit and deadline); a span that crosses another rather than nesting in it, or that does not
// fall on character boundaries of the text, is left unmarked rather than breaking the markup.
func markSource(text string, marks []sourceMark) template.HTML {
	valid := func(m sourceMark) bool {
		s, e := m.Span.Start, m.Span.End
		return s >= 0 && e <= len(text) && s < e && utf8.RuneStart(byteAt(text, s)) && (e == len(text) || utf8.RuneStart(byteAt(text, e)))
	}
	var ms []sourceMark
	for _, m := range marks {
		if valid(m) {
			ms = append(ms, m)
		}
	}
	slices.SortStableFunc(ms, func(a, b sourceMark) int {
		return cmp.Or(cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(b.Span.End, a.Span.End))
	})
	type node struct {
		m    sourceMark
		kids []*node
	}
	root := &node{m: sourceMark{Span: docparse.Span{Start: 0, End: len(text)}}}
	stack := []*node{root}
	for _, m := range ms {
		for len(stack) > 1 && stack[len(stack)-1].m.Span.End <= m.Span.Start {
			stack = stack[:len(stack)-1]
		}
		top := stack[len(stack)-1]
		if m.Span.End > top.m.Span.End {
			continue
		}
		n := &node{m: m}
		top.kids = append(top.kids, n)
		stack = append(stack, n)
	}
	var b strings.Builder
	var write func(n *node)
	write = func(n *node) {
		pos := n.m.Span.Start
		for _, k := range n.kids {
			b.WriteString(template.HTMLEscapeString(text[pos:k.m.Span.Start]))
			b.WriteString(`<mark id="` + template.HTMLEscapeString(k.m.ID) + `" class="` + template.HTMLEscapeString(k.m.Class) + `">`)
			write(k)
			b.WriteString("</mark>")
			pos = k.m.Span.End
		}
		b.WriteString(template.HTMLEscapeString(text[pos:n.m.Span.End]))
	}
	write(root)
	// Every piece of text was escaped as it was written, and the marks are the only markup.
	return template.HTML(b.String())
}

func byteAt(s string, i int) byte {
	if i >= len(s) {
		return 0
	}
	return s[i]
}

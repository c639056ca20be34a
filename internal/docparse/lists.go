package docparse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// kinhGuiRE recognises the "Kính gửi" label at the start of a line or column.
	kinhGuiRE = regexp.MustCompile(`^[-*\s]*kinh\s*gui\s*:?\s*`)
	// noiNhanRE recognises the "Nơi nhận" label.
	noiNhanRE = regexp.MustCompile(`^[-*#\s]*noi\s*nhan\s*:?\s*`)
	// authorityRE recognises the first line of a signature: TM., T/M, KT., K/T, TL., T/L, TUQ., Q.,
	// thừa lệnh, thừa ủy quyền.
	authorityRE = regexp.MustCompile(`^[*\s]*(?:tm|t/m|kt|k/t|tl|t/l|tuq|q|thua lenh|thua uy quyen)(?:\.|\s)\s*[a-z]`)
	// signerTitleRE recognises a signer's title standing alone (a head signing in their own name).
	signerTitleRE = regexp.MustCompile(`^[*\s]*(?:pho\s+)?(?:chu tich|giam doc|bi thu|chanh van phong|truong ban|bo truong|thu truong|chu nhiem|cuc truong|tong cuc truong|thu tuong|truong phong|hieu truong|vien truong|chanh thanh tra|truong doan|tong giam doc)[*\s]*$`)
)

// findKinhGui finds the "Kính gửi" line near the top.
func (p *parser) findKinhGui(limit int) {
	for i := 0; i < min(len(p.lines), limit+20); i++ {
		if p.lines[i].ce-p.lines[i].cs > 2000 {
			continue
		}
		for _, sg := range p.segments(i) {
			v := p.text[sg.start:min(sg.end, sg.start+32)]
			if strings.ContainsAny(v, "Kk") && kinhGuiRE.MatchString(newShadow(v).s) {
				p.kinhGuiLine = i
				return
			}
		}
	}
}

// listItem is an entry of Kính gửi or Nơi nhận being assembled from lines.
type listItem struct{ start, end int }

// parseRecipients reads the entries of "Kính gửi": dash items, continuation lines, or a single
// entry on the label's line.
func (p *parser) parseRecipients() {
	if p.kinhGuiLine < 0 {
		return
	}
	i := p.kinhGuiLine
	var items []listItem
	var sg seg
	for _, s := range p.segments(i) {
		if kinhGuiRE.MatchString(newShadow(p.text[s.start:s.end]).s) {
			sg = s
		}
	}
	sh := newShadow(p.text[sg.start:sg.end])
	m := kinhGuiRE.FindStringIndex(sh.s)
	first := sg.start + sh.at(m[1])
	dashed := false
	add := func(s, e int, continuation bool) {
		c := strings.TrimSpace(p.text[s:e])
		isDash := strings.HasPrefix(c, "-") || strings.HasPrefix(c, "–") || strings.HasPrefix(c, "+") || strings.HasPrefix(c, "•")
		if isDash {
			dashed = true
		}
		if continuation && !isDash && len(items) > 0 {
			prev := strings.TrimSpace(p.text[items[len(items)-1].start:items[len(items)-1].end])
			if dashed || !strings.HasSuffix(prev, ";") {
				items[len(items)-1].end = e
				return
			}
		}
		items = append(items, listItem{s, e})
	}
	if first < sg.end {
		add(first, sg.end, false)
	}
	blank := false
	end := i
	for j := i + 1; j < len(p.lines) && j < i+60; j++ {
		l := p.lines[j]
		if l.blank() {
			blank = true
			continue
		}
		c := p.content(j)
		sh := newShadow(c)
		if noiNhanRE.MatchString(sh.s) || authorityRE.MatchString(sh.s) {
			break
		}
		isDash := strings.HasPrefix(c, "-") || strings.HasPrefix(c, "–") || strings.HasPrefix(c, "+") || strings.HasPrefix(c, "•")
		if len(items) > 0 {
			prev := strings.TrimSpace(p.text[items[len(items)-1].start:items[len(items)-1].end])
			if !isDash && (blank || strings.HasSuffix(prev, ".")) {
				break
			}
			if isDash && blank && utf8.RuneCountInString(c) > 250 {
				break
			}
		}
		add(l.cs, l.ce, !blank)
		blank = false
		end = j
	}
	p.recipientsEnd = end + 1
	for _, it := range items {
		v := trimPunct(collapse(p.text[it.start:it.end]))
		if v == "" {
			continue
		}
		p.d.Recipients = append(p.d.Recipients, Item{Text: v, Span: Span{it.start, it.end}, Confidence: 0.9})
	}
}

// findSignature finds the first line of the signature block: an authority line (TM., KT., T/M …)
// after the header, or, failing that, a signer's title standing alone after the Nơi nhận label or
// the closing "./.".
func (p *parser) findSignature() {
	from := max(p.headerEnd, p.recipientsEnd, 0)
	for i := from; i < len(p.lines); i++ {
		c := p.content(i)
		if c == "" {
			continue
		}
		if p.noiNhanLine < 0 && strings.ContainsAny(c[:min(len(c), 6)], "Nn") && noiNhanRE.MatchString(newShadow(c).s) {
			p.noiNhanLine = i
		}
		for _, sg := range p.segments(i) {
			v := p.text[sg.start:sg.end]
			if !isUpperText(v) || utf8.RuneCountInString(v) >= 120 {
				continue
			}
			if authorityRE.MatchString(newShadow(v).s) {
				p.signStart = i
				return
			}
		}
	}
	after := -1
	for i := from; i < len(p.lines); i++ {
		if i == p.noiNhanLine || strings.HasSuffix(p.content(i), "./.") {
			after = i
			break
		}
	}
	if after < 0 {
		return
	}
	for i := after; i < len(p.lines) && i < after+40; i++ {
		for _, sg := range p.segments(i) {
			v := p.text[sg.start:sg.end]
			if signerTitleRE.MatchString(newShadow(v).s) && isUpperText(v) {
				p.signStart = i
				return
			}
		}
	}
}

// isDashLine reports whether content starts with a list dash or bullet.
func isDashLine(c string) bool {
	return strings.HasPrefix(c, "-") || strings.HasPrefix(c, "–") || strings.HasPrefix(c, "+") || strings.HasPrefix(c, "•")
}

// parseDistribution reads the "Nơi nhận" entries. In a PDF layout the signature shares these lines
// on the right; only the left column is read.
func (p *parser) parseDistribution() {
	if p.noiNhanLine < 0 {
		return
	}
	i := p.noiNhanLine
	segs := p.segments(i)
	leftIndent := p.lines[i].indent
	sh := newShadow(p.text[segs[0].start:segs[0].end])
	m := noiNhanRE.FindStringIndex(sh.s)
	var items []listItem
	if first := segs[0].start + sh.at(m[1]); first < segs[0].end {
		items = append(items, listItem{first, segs[0].end})
	}
	blank := false
	for j := i + 1; j < len(p.lines) && j < i+80; j++ {
		l := p.lines[j]
		if l.blank() {
			blank = true
			continue
		}
		if l.indent > leftIndent+20 {
			continue
		}
		sg := p.segments(j)[0]
		c := p.text[sg.start:sg.end]
		if isDashLine(c) {
			items = append(items, listItem{sg.start, sg.end})
			blank = false
			continue
		}
		if len(items) == 0 || blank {
			break
		}
		shc := newShadow(c)
		if authorityRE.MatchString(shc.s) || isUpperText(c) {
			break
		}
		last := &items[len(items)-1]
		prev := strings.TrimSpace(p.text[last.start:last.end])
		if strings.HasSuffix(prev, ".") && !strings.HasSuffix(prev, "TT.") {
			break
		}
		last.end = sg.end
	}
	for k, it := range items {
		v := trimPunct(collapse(p.text[it.start:it.end]))
		if v == "" {
			continue
		}
		p.d.Distribution = append(p.d.Distribution, Distribution{Text: v, Note: distributionNote(v), Span: Span{it.start, it.end}, Confidence: 0.9})
		if strings.HasPrefix(fold(v), "luu") && k < len(items)-1 {
			p.d.Distribution[len(p.d.Distribution)-1].Confidence = 0.7
		}
	}
}

// distributionNote returns the annotation of a Nơi nhận entry: the last parenthesis when it holds
// words ("(báo cáo)", "(để b/c)", "(t/h)"), not a number of copies ("(02)").
func distributionNote(v string) string {
	if !strings.HasSuffix(v, ")") {
		return ""
	}
	open := strings.LastIndexByte(v, '(')
	if open < 0 {
		return ""
	}
	note := strings.TrimSpace(v[open+1 : len(v)-1])
	if firstLetter(note) == 0 {
		return ""
	}
	return note
}

// parseSigning reads the signature block from signStart: capital lines (authority, then the
// title last) and the signer's name.
func (p *parser) parseSigning() {
	if p.signStart < 0 {
		return
	}
	type piece struct{ start, end int }
	var upper []piece
	var name *Field
	end := p.signStart
	for i := p.signStart; i < len(p.lines) && i < p.signStart+25 && name == nil; i++ {
		if p.lines[i].blank() {
			continue
		}
		segs := p.segments(i)
		sg := segs[len(segs)-1]
		if len(segs) == 1 && i > p.noiNhanLine && p.noiNhanLine >= 0 && i < p.noiNhanLine+40 && isDashLine(p.content(i)) {
			continue
		}
		s, e := sg.start, sg.end
		for s < e && (p.text[s] == '*' || p.text[s] == ' ') {
			s++
		}
		for e > s && (p.text[e-1] == '*' || p.text[e-1] == ' ') {
			e--
		}
		v := p.text[s:e]
		if v == "" {
			continue
		}
		if isUpperText(v) {
			if len(upper) > 0 || authorityRE.MatchString(newShadow(v).s) || signerTitleRE.MatchString(newShadow(v).s) {
				upper = append(upper, piece{s, e})
				end = i
			}
			continue
		}
		if k := gluedName(v); k > 0 && len(upper) > 0 {
			upper = append(upper, piece{s, s + k})
			name = &Field{Text: collapse(v[k:]), Span: Span{s + k, e}, Confidence: 0.8}
			end = i
			break
		}
		if len(upper) > 0 && looksLikeName(v) {
			name = &Field{Text: collapse(v), Span: Span{s, e}, Confidence: 0.85}
			end = i
		}
	}
	if len(upper) == 0 {
		return
	}
	p.signEnd = end + 1
	t := upper[len(upper)-1]
	p.d.Signing.Title = p.field(t.start, t.end, 0.85)
	var parts []string
	for _, pc := range upper[:len(upper)-1] {
		v := collapse(p.text[pc.start:pc.end])
		if len(parts) == 0 || authorityRE.MatchString(fold(v)) {
			parts = append(parts, v)
		} else {
			parts[len(parts)-1] += " " + v
		}
	}
	if len(parts) > 0 {
		a := upper[0]
		p.d.Signing.Authority = &Field{Text: strings.Join(parts, " / "), Span: Span{a.start, upper[len(upper)-2].end}, Confidence: 0.85}
	}
	p.d.Signing.Name = name
}

// gluedName returns where a name starts inside a capital title glued to it
// ("CHÁNH VĂN PHÒNGThái Hữu Phép"), or 0.
func gluedName(v string) int {
	var prev rune
	for i, r := range v {
		if i > 0 && unicode.IsUpper(prev) && unicode.IsUpper(r) {
			next, _ := utf8.DecodeRuneInString(v[i+utf8.RuneLen(r):])
			if unicode.IsLower(next) && isUpperText(v[:i]) && looksLikeName(v[i:]) {
				return i
			}
		}
		prev = r
	}
	return 0
}

// looksLikeName reports whether v reads as a Vietnamese personal name: two to six words, each a
// capitalised word of letters.
func looksLikeName(v string) bool {
	w := strings.Fields(v)
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	for _, x := range w {
		r, _ := utf8.DecodeRuneInString(x)
		if !unicode.IsUpper(r) {
			return false
		}
		for _, c := range x {
			if !unicode.IsLetter(c) {
				return false
			}
		}
		if isUpperText(x) && utf8.RuneCountInString(x) > 1 {
			return false
		}
	}
	return true
}

package docparse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"dondoc"
)

// headerLines and headerBytes bound how far from the top the header elements are looked for.
const (
	headerLines = 60
	headerBytes = 16 << 10
)

var (
	// numberLabelRE finds the "Số:" label of the header at the start of a line or of a column.
	numberLabelRE = regexp.MustCompile(`^[-*#\s]*so\s*:?\s*`)
	// headerDateRE finds the place-and-date line: "<Địa danh>, ngày 06 tháng 5 năm 2024".
	headerDateRE = regexp.MustCompile(`,\s*ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}`)
	// mottoRE matches the national motto and the Party's name, which stand beside the issuer.
	mottoRE = regexp.MustCompile(`cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam|doc\s+lap\s*-+\s*tu\s+do\s*-+\s*hanh\s+phuc|dang\s+cong\s+san\s+viet\s+nam`)
	// subjectStartRE recognises the trích yếu of a công văn.
	subjectStartRE = regexp.MustCompile(`^(?:v\s*/\s*v\b|ve\s+viec\b|ve\s*:)`)
)

// typeNames maps a type name with spaces and accents removed to its normal spelling, for the
// title line ("KẾ HOẠCH", and the OCR "K ÉT LUẬN").
var typeNames = func() map[string]string {
	m := map[string]string{}
	add := func(name string) { m[strings.ReplaceAll(fold(name), " ", "")] = name }
	for _, name := range dondoc.TypeAbbreviations {
		add(name)
	}
	for _, name := range []string{"Công văn", "Thông tư", "Nghị quyết", "Công điện", "Thông tri",
		"Chương trình hành động", "Điều lệ", "Quy định", "Hướng dẫn", "Thông cáo", "Tuyên bố", "Lời kêu gọi"} {
		add(name)
	}
	return m
}()

// issuerBodyStarts are the words that begin the name of a body; a header line that starts with
// one of them after a complete name starts the name of a subordinate body ("ĐẢNG BỘ TỈNH LÀO CAI"
// over "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH").
var issuerBodyStarts = []string{"dang uy", "dang doan", "ban can su", "so ", "ban ", "van phong", "uy ban",
	"hoi dong", "tinh uy", "thanh uy", "huyen uy", "thi uy", "quan uy", "phong ", "cuc ", "chi cuc",
	"tong cuc", "truong ", "trung tam", "benh vien", "cong an", "bo chi huy", "kho bac", "thanh tra",
	"vien ", "hoi ", "doan ", "ubnd", "hdnd", "bch ", "ban chap hanh"}

// parseHeader finds the number-symbol, the place and date, the issuer, the type and the subject.
func (p *parser) parseHeader() {
	p.numberLine, p.dateLine, p.titleLine, p.subjectLine = -1, -1, -1, -1
	p.kinhGuiLine, p.recipientsEnd, p.noiNhanLine, p.signStart, p.signEnd = -1, -1, -1, -1, -1
	limit := min(len(p.lines), headerLines)
	for limit > 1 && p.lines[limit-1].start > headerBytes {
		limit--
	}
	p.findKinhGui(limit)
	if p.kinhGuiLine >= 0 {
		limit = min(limit, p.kinhGuiLine+1)
	}
	p.findNumber(limit)
	p.findPlaceDate(limit)
	p.findTitle(limit)
	p.findIssuer()
	p.findType()
	p.findSubject(limit)
	p.findMarkers(limit)
	p.headerEnd = max(p.numberLine, p.dateLine, p.titleLine, p.subjectLine) + 1
}

// findNumber finds the "Số:" label and reads the number-symbol after it, possibly on the next
// line.
func (p *parser) findNumber(limit int) {
	for i := 0; i < limit && p.numberLine < 0; i++ {
		if p.lines[i].ce-p.lines[i].cs > 400 {
			continue
		}
		for _, sg := range p.segments(i) {
			sh := newShadow(p.text[sg.start:sg.end])
			m := numberLabelRE.FindStringIndex(sh.s)
			if m == nil || m[1] == m[0] || !strings.Contains(sh.s[m[0]:m[1]], "so") {
				continue
			}
			pos := sg.start + sh.at(m[1])
			if m[1] == len(sh.s) {
				if i+1 >= len(p.lines) {
					continue
				}
				pos = p.lines[i+1].cs
			}
			end, ok := scanNumberSymbol(p.text, pos)
			if !ok {
				continue
			}
			raw := p.text[pos:end]
			norm := normNumber(raw)
			nf := &NumberField{Field: Field{Text: norm, Span: Span{pos, end}, Confidence: 0.95}}
			if parts, err := dondoc.ParseNumberSymbol(norm); err == nil {
				nf.Parts = parts
			} else {
				nf.Confidence = 0.8
			}
			p.d.NumberSymbol = nf
			p.ownNum = numberKey(norm)
			p.numberLine = i
			break
		}
	}
}

// scanNumberSymbol reads a number-symbol starting with the digits at byte i of t: digits, then
// groups joined by "/", "-", "–" or "&", with blanks tolerated around the joiners and a line
// break after one ("31-\nCTr/TW"). It returns the end of the symbol and whether it has the shape
// of one (a "/" and a letter).
func scanNumberSymbol(t string, i int) (int, bool) {
	j := i
	for j < len(t) && j-i < 7 && t[j] >= '0' && t[j] <= '9' {
		j++
	}
	if j == i || j-i > 6 || (j < len(t) && isASCIILetter(t[j])) {
		return i, false
	}
	end, slash, letter := j, false, false
	for {
		k := end
		for k < len(t) && (t[k] == ' ' || t[k] == '\t') && k-end < 3 {
			k++
		}
		sep, size := rune(0), 0
		if k < len(t) {
			sep, size = utf8.DecodeRuneInString(t[k:])
		}
		if sep != '/' && sep != '-' && sep != '–' && sep != '&' {
			break
		}
		k += size
		nl := 0
		for k < len(t) && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n') && nl < 2 {
			if t[k] == '\n' {
				if sep == '&' {
					break
				}
				nl++
			}
			k++
		}
		w := k
		for w < len(t) {
			r, sz := utf8.DecodeRuneInString(t[w:])
			if unicode.IsLetter(r) {
				letter = true
			} else if !unicode.IsDigit(r) && !(r == '.' && w+1 < len(t) && isASCIIAlnum(t[w+1]) && w > k) {
				break
			}
			w += sz
		}
		if w == k {
			break
		}
		if sep == '/' {
			slash = true
		}
		end = w
	}
	return end, slash && letter
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || '0' <= c && c <= '9' }

// normNumber writes a number-symbol as the corpus does: blanks collapsed, and none next to "/",
// "-" or "–".
func normNumber(raw string) string {
	s := strings.Join(strings.Fields(raw), " ")
	for _, sep := range []string{"/", "-", "–"} {
		s = strings.ReplaceAll(s, " "+sep, sep)
		s = strings.ReplaceAll(s, sep+" ", sep)
	}
	return s
}

// numberKey is the comparison key of a number-symbol: no blanks, upper case.
func numberKey(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }

// findPlaceDate finds "<place>, ngày … tháng … năm …" near the top.
func (p *parser) findPlaceDate(limit int) {
	if limit == 0 {
		return
	}
	end := p.lines[limit-1].end
	sh := newShadow(p.text[:end])
	for _, m := range headerDateRE.FindAllStringIndex(sh.s, 4) {
		comma := sh.at(m[0])
		li := p.lineAt(comma)
		place := p.placeBefore(li, comma)
		ng := strings.Index(sh.s[m[0]:m[1]], "ngay") + m[0] + 4
		for ng < len(sh.s) && (sh.s[ng] == ' ' || sh.s[ng] == '\n') {
			ng++
		}
		date, _, ok := parseFullDate(sh.s, ng)
		if !ok {
			continue
		}
		p.docDate = date
		ds := comma + 1
		for ds < len(p.text) && (p.text[ds] == ' ' || p.text[ds] == '\n') {
			ds++
		}
		p.d.Date = &DateField{Value: date, Printed: collapse(p.text[ds:sh.at(m[1])]), Span: Span{ds, sh.at(m[1])}, Confidence: 0.95}
		p.d.Place = place
		p.dateLine = p.lineAt(sh.at(m[1]) - 1)
		return
	}
}

// lineAt returns the index of the line holding byte offset b.
func (p *parser) lineAt(b int) int {
	lo, hi := 0, len(p.lines)-1
	for lo < hi {
		m := (lo + hi + 1) / 2
		if p.lines[m].start <= b {
			lo = m
		} else {
			hi = m - 1
		}
	}
	return lo
}

// placeBefore returns the place name printed before the comma at byte comma of line li: the words
// of the comma's column after any number-symbol ("Số: 454/UBND-NCTH Vị Thanh, ngày …").
func (p *parser) placeBefore(li, comma int) *Field {
	start := p.lines[li].cs
	for _, sg := range p.segments(li) {
		if sg.start <= comma && comma <= sg.end {
			start = sg.start
		}
	}
	s := p.text[start:comma]
	cut := 0
	for i, r := range s {
		if unicode.IsDigit(r) || r == '/' || r == ':' || r == '*' {
			cut = i + utf8.RuneLen(r)
		}
	}
	if cut > 0 {
		for cut < len(s) && !unicode.IsSpace(rune(s[cut])) && s[cut] < utf8.RuneSelf {
			cut++
		}
	}
	start += cut
	for start < comma && (p.text[start] == ' ' || p.text[start] == '\t') {
		start++
	}
	v := strings.TrimSpace(p.text[start:comma])
	if v == "" || len(strings.Fields(v)) > 6 || !unicode.IsUpper(firstLetter(v)) {
		return nil
	}
	return p.field(start, comma, 0.9)
}

// findTitle finds the type-name line ("KẾ HOẠCH", "QUYẾT ĐỊNH") of a typed document.
func (p *parser) findTitle(limit int) {
	for i := 0; i < limit; i++ {
		c := strings.Trim(p.content(i), "#*: ")
		if c == "" || utf8.RuneCountInString(c) > 30 || !isUpperText(c) {
			continue
		}
		if _, ok := typeNames[strings.ReplaceAll(fold(c), " ", "")]; ok {
			p.titleLine = i
			return
		}
	}
}

// findIssuer reads the issuing body from the capitals above the number-symbol, leaving out the
// motto and the Party's name printed beside them.
func (p *parser) findIssuer() {
	last := len(p.lines)
	for _, l := range []int{p.numberLine, p.dateLine, p.titleLine, p.kinhGuiLine} {
		if l >= 0 && l < last {
			last = l
		}
	}
	if last == len(p.lines) {
		last = min(last, 8)
	}
	if last == 0 {
		return
	}
	region := p.text[:min(p.lines[last-1].end, headerBytes)]
	sh := newShadow(region)
	var cut []Span
	for _, m := range mottoRE.FindAllStringIndex(sh.s, -1) {
		cut = append(cut, Span{sh.at(m[0]), sh.at(m[1])})
	}
	type piece struct{ start, end int }
	var pieces []piece
	for i := 0; i < last; i++ {
		if p.lines[i].ce-p.lines[i].cs > 300 {
			continue
		}
		for _, sg := range p.segments(i) {
			for _, r := range subtract(Span{sg.start, sg.end}, cut) {
				s, e := r.Start, r.End
				for s < e && strings.IndexByte(" \t*#-_=|", p.text[s]) >= 0 {
					s++
				}
				for e > s && strings.IndexByte(" \t*#-_=|:", p.text[e-1]) >= 0 {
					e--
				}
				v := p.text[s:e]
				if utf8.RuneCountInString(v) < 2 || !isUpperText(v) || strings.HasPrefix(fold(v), "so ") {
					continue
				}
				pieces = append(pieces, piece{s, e})
			}
		}
	}
	if len(pieces) == 0 {
		return
	}
	var blocks [][]piece
	words := 0
	for _, pc := range pieces {
		f := fold(p.text[pc.start:pc.end])
		starts := false
		for _, w := range issuerBodyStarts {
			if strings.HasPrefix(f+" ", w) {
				starts = true
				break
			}
		}
		if len(blocks) == 0 || (starts && words >= 3) {
			blocks = append(blocks, nil)
			words = 0
		}
		blocks[len(blocks)-1] = append(blocks[len(blocks)-1], pc)
		words += len(strings.Fields(f))
	}
	names := make([]string, len(blocks))
	for i, b := range blocks {
		parts := make([]string, len(b))
		for j, pc := range b {
			parts[j] = collapse(p.text[pc.start:pc.end])
		}
		names[i] = strings.Join(parts, " ")
	}
	first, lastPiece := pieces[0], pieces[len(pieces)-1]
	p.d.Issuer = &Field{Text: strings.Join(names, " / "), Span: Span{first.start, lastPiece.end}, Confidence: 0.9}
	if len(blocks) > 1 {
		b := blocks[0]
		p.d.Superior = &Field{Text: names[0], Span: Span{b[0].start, b[len(b)-1].end}, Confidence: 0.8}
	}
}

// subtract returns the parts of r outside the spans cut.
func subtract(r Span, cut []Span) []Span {
	out := []Span{r}
	for _, c := range cut {
		var next []Span
		for _, o := range out {
			if c.End <= o.Start || c.Start >= o.End {
				next = append(next, o)
				continue
			}
			if c.Start > o.Start {
				next = append(next, Span{o.Start, c.Start})
			}
			if c.End < o.End {
				next = append(next, Span{c.End, o.End})
			}
		}
		out = next
	}
	return out
}

// findType decides the document type from the title line, else from the number-symbol, else from
// the layout of a công văn (V/v, Kính gửi).
func (p *parser) findType() {
	if p.titleLine >= 0 {
		l := p.lines[p.titleLine]
		c := strings.Trim(p.content(p.titleLine), "#*: ")
		p.d.Type = &Field{Text: typeNames[strings.ReplaceAll(fold(c), " ", "")], Span: Span{l.cs, l.ce}, Confidence: 0.95}
		return
	}
	if nf := p.d.NumberSymbol; nf != nil {
		name := ""
		if nf.Parts != nil {
			name = nf.Parts.Type
		} else {
			name = typeFromSymbol(nf.Text)
		}
		if name != "" {
			p.d.Type = &Field{Text: name, Span: nf.Span, Confidence: 0.85}
			return
		}
	}
	if p.kinhGuiLine >= 0 {
		l := p.lines[p.kinhGuiLine]
		p.d.Type = &Field{Text: "Công văn", Span: Span{l.cs, l.ce}, Confidence: 0.6}
	}
}

var (
	partySymbolRE = regexp.MustCompile(`^\d+-([^/\-]+)/`)
	stateSymbolRE = regexp.MustCompile(`^\d+(?:/\d{4})?/([^/\-]+)-`)
)

// typeFromSymbol reads the type abbreviation of a number-symbol that is not in an official form
// (OCR errors such as "445-KL/TƯ"); "" when there is none.
func typeFromSymbol(ns string) string {
	if m := partySymbolRE.FindStringSubmatch(ns); m != nil {
		return dondoc.TypeAbbreviations[m[1]]
	}
	if m := stateSymbolRE.FindStringSubmatch(ns); m != nil {
		if t, ok := dondoc.TypeAbbreviations[m[1]]; ok {
			return t
		}
		return "Công văn"
	}
	return ""
}

// findSubject reads the trích yếu: the "V/v …" lines of a công văn, or the lines under the type
// name of a typed document.
func (p *parser) findSubject(limit int) {
	if p.titleLine >= 0 {
		i := p.titleLine + 1
		for i < len(p.lines) && p.lines[i].blank() {
			i++
		}
		start, end := -1, -1
		upper := true
		for ; i < len(p.lines) && !p.lines[i].blank(); i++ {
			c := strings.Trim(p.content(i), "#* ")
			r := firstLetter(c)
			if start >= 0 && (!isUpperText(c) || !upper) && !unicode.IsLower(r) || parseMarker(c).kind != mkNone {
				break
			}
			upper = upper && isUpperText(c)
			if start < 0 {
				start = p.lines[i].cs
			}
			end = p.lines[i].ce
		}
		if start >= 0 {
			p.d.Subject = p.field(start, end, 0.85)
			p.subjectLine = p.lineAt(end)
		}
		return
	}
	from := max(p.numberLine, 0)
	for i := from; i < limit; i++ {
		if p.lines[i].ce-p.lines[i].cs > 1000 {
			continue
		}
		for si, sg := range p.segments(i) {
			sh := newShadow(p.text[sg.start:sg.end])
			if !subjectStartRE.MatchString(strings.TrimLeft(sh.s, "-* ")) {
				continue
			}
			start := sg.start
			for start < sg.end && strings.IndexByte("-* ", p.text[start]) >= 0 {
				start++
			}
			end := sg.end
			for j := i + 1; j < len(p.lines) && j < i+6; j++ {
				if p.lines[j].blank() || j == p.dateLine || j == p.kinhGuiLine || j == p.numberLine {
					break
				}
				segs := p.segments(j)
				if len(segs) == 0 || (si == 0 && segs[0].start-p.lines[j].start > p.lines[i].indent+20) {
					break
				}
				if headerDateRE.MatchString(newShadow(p.content(j)).s) {
					break
				}
				end = segs[0].end
			}
			p.d.Subject = p.field(start, end, 0.85)
			p.subjectLine = p.lineAt(end)
			return
		}
	}
}

// markerWords are the urgency and secrecy markers printed near the header.
var urgencyWords = map[string]string{"khẩn": "Khẩn", "thượng khẩn": "Thượng khẩn", "hỏa tốc": "Hỏa tốc",
	"hoả tốc": "Hỏa tốc", "hỏa tốc hẹn giờ": "Hỏa tốc hẹn giờ", "hoả tốc hẹn giờ": "Hỏa tốc hẹn giờ"}

var secrecyWords = map[string]string{"mật": "Mật", "tối mật": "Tối mật", "tuyệt mật": "Tuyệt mật"}

// findMarkers finds the urgency (Hỏa tốc, Thượng khẩn, Khẩn) and secrecy (Mật, Tối mật, Tuyệt
// mật) stamps, which stand alone on a line or in a column of the header.
func (p *parser) findMarkers(limit int) {
	for i := 0; i < limit; i++ {
		if p.lines[i].ce-p.lines[i].cs > 400 {
			continue
		}
		for _, sg := range p.segments(i) {
			if sg.end-sg.start > 40 {
				continue
			}
			v := strings.ToLower(strings.Trim(collapse(p.text[sg.start:sg.end]), "*#:.- "))
			v = strings.TrimPrefix(strings.TrimPrefix(v, "độ khẩn "), "độ mật ")
			if name, ok := urgencyWords[v]; ok && p.d.Urgency == nil {
				p.d.Urgency = &Field{Text: name, Span: Span{sg.start, sg.end}, Confidence: 0.9}
			}
			if name, ok := secrecyWords[v]; ok && p.d.Secrecy == nil {
				p.d.Secrecy = &Field{Text: name, Span: Span{sg.start, sg.end}, Confidence: 0.9}
			}
		}
	}
}

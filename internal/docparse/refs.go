package docparse

import (
	"regexp"
	"sort"
	"strings"

	"dondoc"
)

// refTypeWords are the document types a citation names before the number, longest first so that
// "Chương trình hành động" wins over "Chương trình". Each is matched on the shadow text.
var refTypeWords = func() []struct{ key, name string } {
	names := []string{"Thông tư liên tịch", "Nghị quyết liên tịch", "Chương trình hành động", "Nghị quyết",
		"Nghị định", "Quyết định", "Chỉ thị", "Kết luận", "Kế hoạch", "Thông báo", "Thông tư", "Thông tri",
		"Công văn", "Văn bản", "Công điện", "Báo cáo", "Tờ trình", "Hướng dẫn", "Chương trình", "Quy chế",
		"Quy định", "Phương án", "Đề án", "Bộ luật", "Luật", "Pháp lệnh", "Hiến pháp", "Điều lệ", "Giấy mời",
		"Biên bản", "Lệnh", "Thông cáo", "Hợp đồng", "Quy hoạch", "Dự án", "Tờ trình", "Đề cương"}
	out := make([]struct{ key, name string }, len(names))
	for i, n := range names {
		out[i].key, out[i].name = fold(n), n
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].key) > len(out[j].key) })
	return out
}()

// refDateRE finds the "ngày" that introduces a cited document's date right after its number,
// possibly after one word ("báo cáo số 15/BC-VPTWH đến ngày21 tháng 01 năm 2011").
var refDateRE = regexp.MustCompile(`^\s*,?\s*(?:[a-z]+\s+)?ngay\s*`)

// parseReferences finds every cited document that carries a number: the type word before it (the
// nearest one in the same sentence, "Luật Giám định tư pháp số 13/2012/QH13"), the number-symbol
// and the date after it. The document's own number is not a reference.
func (p *parser) parseReferences() {
	t := p.text
	sh := newShadow(t)
	seen := map[string]bool{}
	if p.ownNum != "" {
		seen[p.ownNum] = true
	}
	var numberSpan Span
	if p.d.NumberSymbol != nil {
		numberSpan = p.d.NumberSymbol.Span
	}
	lastType := ""
	lastEnd := -1
	for i := 0; i < len(sh.s); i++ {
		c := sh.s[i]
		if c < '0' || c > '9' || (i > 0 && (isWordByte(sh.s[i-1]) || sh.s[i-1] == '/' || sh.s[i-1] == '-' || sh.s[i-1] == '.')) {
			continue
		}
		start := sh.at(i)
		end, ok := scanNumberSymbol(t, start)
		if !ok {
			for i+1 < len(sh.s) && sh.s[i+1] >= '0' && sh.s[i+1] <= '9' {
				i++
			}
			continue
		}
		j := sh.index(end)
		if start >= numberSpan.Start && start < numberSpan.End {
			i = j
			continue
		}
		norm := normNumber(t[start:end])
		key := numberKey(norm)
		typ := p.refType(sh, i)
		if typ == "" && lastEnd >= 0 && i-lastEnd < 40 && strings.Contains(sh.s[lastEnd:i], "so") {
			typ = lastType
		}
		if typ == "" {
			typ = typeFromSymbol(norm)
		}
		lastType, lastEnd = typ, j
		var date dondoc.Date
		if m := refDateRE.FindStringIndex(sh.s[j:min(len(sh.s), j+30)]); m != nil {
			if d, _, ok := parseFullDate(sh.s, j+m[1]); ok {
				date = d
			}
		}
		i = j
		if seen[key] {
			continue
		}
		seen[key] = true
		ref := Reference{NumberSymbol: norm, Type: typ, Date: date, Span: Span{start, end}, Confidence: 0.85}
		if parts, err := dondoc.ParseNumberSymbol(norm); err == nil {
			ref.Parts = parts
		} else {
			ref.Confidence = 0.7
		}
		p.d.References = append(p.d.References, ref)
	}
}

// refType returns the type word nearest before shadow position i within the same sentence and at
// most about ten words back, or "".
func (p *parser) refType(sh shadow, i int) string {
	window := strings.Join(strings.Fields(sh.s[max(0, i-100):i]), " ") + " "
	if k := strings.LastIndexAny(window, ".;()"); k >= 0 {
		window = window[k+1:]
	}
	best, bestPos := "", -1
	for _, w := range refTypeWords {
		for k := indexWord(window, w.key, 0); k >= 0; k = indexWord(window, w.key, k+1) {
			if k > bestPos {
				best, bestPos = w.name, k
			}
		}
	}
	return best
}

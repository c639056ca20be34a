package docparse

import (
	"regexp"
	"strings"

	"dondoc"
)

// deadlineInfo is what findDeadline extracts from a clause.
type deadlineInfo struct {
	start, end int // byte range of the phrase in the clause
	date       dondoc.Date
	periodEnd  dondoc.Date
	recurrence *Recurrence
	strength   int // 3 a date or a time limit, 2 a period, 1 a manner of time ("thường xuyên")
}

// Deadline phrases, matched on the shadow of a clause. Each is anchored at the occurrences of its
// keywords (see anchored), which keeps the search linear in the clause however many rules there
// are.
var (
	byDateRE     = regexp.MustCompile(`^(?:truoc|cham nhat(?:\s+la)?(?:\s+truoc)?|han chot|den het|han cuoi|xong truoc|hoan thanh truoc)\s+(?:ngay\s*)?\d`)
	withinDaysRE = regexp.MustCompile(`^(?:trong|trong vong|trong thoi han|cham nhat(?:\s+la)?|sau)\s+(\d{1,3})\s+ngay(\s+lam viec)?(?:\s+(?:ke tu|tinh tu)\s+ngay\s+(?:nhan duoc|nhan|ban hanh|ky)(?:\s+(?:van ban|cong van|quyet dinh|ke hoach|thong bao|chi thi))?(?:\s+nay)?)?`)
	inMonthRE    = regexp.MustCompile(`^(?:(?:trong|truoc|den het|den|vao|cuoi|hoan thanh trong)\s+)?thang\s+(\d{1,2})\s*(?:/|nam|-)\s*(\d{4})`)
	quarterRE    = regexp.MustCompile(`^(?:(?:trong|truoc|den het|den|vao|cuoi)\s+)?qu[yi]\s+(i{1,3}|iv|[1-4])\b\s*(?:(?:/|-|nam)\s*(\d{4}))?`)
	halfYearRE   = regexp.MustCompile(`^(?:(?:trong|truoc|den het|den)\s+)?6\s+thang\s+(dau|cuoi)\s+nam\s*(\d{4})?`)
	inYearRE     = regexp.MustCompile(`^(?:(?:trong|truoc|den het|den)\s+)?nam\s+(\d{4})(?:\s+va\s+cac\s+nam\s+tiep\s+theo)?`)
	recurringRE  = regexp.MustCompile(`^(?:dinh ky\s+(?:hang\s+)?(tuan|thang|quy|nam|6\s+thang)|hang\s+(tuan|thang|quy)\b)`)
	slotTimeRE   = regexp.MustCompile(`^(?:thuong xuyen|hang\s+(?:tuan|thang|quy|nam)|dinh ky)`)
	mannerRE     = regexp.MustCompile(`^(?:ngay trong ngay|trong suot[^.;]*|(?:bat dau\s+)?tu ngay\s+\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?|theo ke hoach\s*(?:[;.]|$)|theo tien do[^.;]*)`)
	andDayRE     = regexp.MustCompile(`^\s*(?:va|,)\s*(?:ngay\s*)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?`)
	dayOnlyRE    = regexp.MustCompile(`^(\d{1,2})\b`)
	everyRE      = regexp.MustCompile(`^\s*(?:cua\s+)?(?:hang|moi)\s+(tuan|thang|quy|nam)`)
)

// Keywords at which each deadline rule is tried.
var (
	byDateKeys = []string{"truoc", "cham nhat", "han chot", "han cuoi", "den het", "xong truoc", "hoan thanh truoc"}
	withinKeys = []string{"trong", "cham nhat", "sau"}
	periodKeys = []string{"trong", "truoc", "den", "vao", "cuoi", "hoan thanh trong"}
	mannerKeys = []string{"ngay trong ngay", "trong suot", "tu ngay", "bat dau", "theo ke hoach", "theo tien do"}
	recurKeys  = []string{"dinh ky", "hang"}
	slotKeys   = []string{"thuong xuyen", "hang", "dinh ky"}
)

// anchored returns the matches of the anchored re at every word-boundary occurrence of keys in
// f, with positions in f. Each attempt reads at most window bytes, so the cost is linear in f.
func anchored(f string, re *regexp.Regexp, window int, keys ...string) [][]int {
	var out [][]int
	for _, k := range keys {
		for i := indexWord(f, k, 0); i >= 0; i = indexWord(f, k, i+1) {
			m := re.FindStringSubmatchIndex(f[i:min(len(f), i+window)])
			if m == nil {
				continue
			}
			for j := range m {
				if m[j] >= 0 {
					m[j] += i
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// findDeadline looks for the time phrase of a clause and computes what it can: a date (year
// implied by the document date when missing), the end of a named period, a recurrence, or a date
// counted in days from receipt.
// In a slot or a table cell (slot true) bare period names and "thường xuyên" count; in running
// text a period needs a preposition ("trong quý III/2025") and adverbs of manner do not count.
func (p *parser) findDeadline(s string, slot bool) *deadlineInfo {
	sh := newShadow(s)
	f := sh.s
	var best *deadlineInfo
	consider := func(d *deadlineInfo) {
		if d != nil && (best == nil || d.strength > best.strength || d.strength == best.strength && d.start < best.start) {
			best = d
		}
	}
	for _, m := range anchored(f, byDateRE, 80, byDateKeys...) {
		consider(p.byDate(sh, m[0], m[1]-1))
	}
	for _, m := range anchored(f, withinDaysRE, 120, withinKeys...) {
		n := atoi(f[m[2]:m[3]])
		from := p.opts.ReceivedOn
		if from == "" {
			from = p.docDate
		}
		d := &deadlineInfo{start: sh.at(m[0]), end: sh.at(m[1]), strength: 3}
		if from.Valid() && n > 0 && !strings.HasPrefix(f[m[0]:], "sau") {
			if m[4] >= 0 {
				d.date = dondoc.AddWorkingDays(from, n, p.opts.Holiday)
			} else {
				d.date = from.AddDays(n)
			}
		}
		consider(d)
	}
	if best != nil {
		return best
	}
	year := 0
	if p.docDate.Valid() {
		year = p.docDate.Time().Year()
	}
	hasPrep := func(m []int) bool {
		return slot || !strings.HasPrefix(f[m[0]:], "thang") && !strings.HasPrefix(f[m[0]:], "qu") && !strings.HasPrefix(f[m[0]:], "6")
	}
	for _, m := range anchored(f, inMonthRE, 60, append(periodKeys, "thang")...) {
		if !hasPrep(m) || m[0] > 0 && f[m[0]-1] >= '0' && f[m[0]-1] <= '9' {
			continue
		}
		mo, y := atoi(f[m[2]:m[3]]), atoi(f[m[4]:m[5]])
		if mo >= 1 && mo <= 12 {
			consider(&deadlineInfo{start: sh.at(m[0]), end: sh.at(m[1]), periodEnd: monthEnd(y, mo), strength: 2})
		}
	}
	for _, m := range anchored(f, quarterRE, 60, append(periodKeys, "quy", "qui")...) {
		if !hasPrep(m) {
			continue
		}
		q := map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}[f[m[2]:m[3]]]
		y := year
		if m[4] >= 0 {
			y = atoi(f[m[4]:m[5]])
		}
		d := &deadlineInfo{start: sh.at(m[0]), end: sh.at(m[1]), strength: 2}
		if y > 0 {
			d.periodEnd = monthEnd(y, 3*q)
		}
		p.extendYears(sh, d, m[1])
		consider(d)
	}
	for _, m := range anchored(f, halfYearRE, 60, append(periodKeys, "6")...) {
		if !hasPrep(m) {
			continue
		}
		y := year
		if m[4] >= 0 {
			y = atoi(f[m[4]:m[5]])
		}
		d := &deadlineInfo{start: sh.at(m[0]), end: sh.at(m[1]), strength: 2}
		if y > 0 {
			mo := 6
			if f[m[2]:m[3]] == "cuoi" {
				mo = 12
			}
			d.periodEnd = monthEnd(y, mo)
		}
		consider(d)
	}
	if best == nil {
		for _, m := range anchored(f, inYearRE, 60, append(periodKeys, "nam")...) {
			if m[0] > 0 && isWordByte(f[m[0]-1]) {
				continue
			}
			y := atoi(f[m[2]:m[3]])
			d := &deadlineInfo{start: sh.at(m[0]), end: sh.at(m[1]), strength: 2}
			if !strings.Contains(f[m[0]:m[1]], "tiep theo") && (strings.HasPrefix(f[m[0]:], "trong") || strings.HasPrefix(f[m[0]:], "truoc") || strings.HasPrefix(f[m[0]:], "den") || m[0] == 0) {
				d.periodEnd = monthEnd(y, 12)
			} else if m[0] > 0 || !slot {
				continue
			}
			consider(d)
		}
	}
	if best != nil {
		if r := p.recurrence(sh, best.end); r != nil {
			best.recurrence = r
		}
		return best
	}
	for _, m := range anchored(f, mannerRE, 400, mannerKeys...) {
		a := m[0]
		for a < m[1] && strings.IndexByte(" ,;(", f[a]) >= 0 {
			a++
		}
		if f[a] == 't' && f[a+1] == 'u' && !strings.HasPrefix(s[sh.at(a):], "từ") && !strings.HasPrefix(s[sh.at(a):], "Từ") {
			continue
		}
		return &deadlineInfo{start: sh.at(a), end: sh.at(m[1]), strength: 1}
	}
	re, keys := recurringRE, recurKeys
	if slot {
		re, keys = slotTimeRE, slotKeys
	}
	if ms := anchored(f, re, 40, keys...); ms != nil {
		m := ms[0]
		d := &deadlineInfo{start: sh.at(m[0]), end: sh.at(m[1]), strength: 1}
		d.recurrence = recurrenceOf(f[m[0]:m[1]], 0, 0)
		if d.recurrence != nil {
			d.recurrence.Text = s[d.start:d.end]
		}
		return d
	}
	return nil
}

// byDate reads "trước ngày D/M[/Y] [và D/M …] [hằng năm]" from shadow position i (at the first
// digit).
func (p *parser) byDate(sh shadow, start, i int) *deadlineInfo {
	f := sh.s
	d := &deadlineInfo{start: sh.at(start), strength: 3}
	date, end, ok := parseFullDate(f, i)
	if !ok {
		date, end, ok = parseDayMonth(f, i, p.docDate)
	}
	day, month := 0, 0
	if !ok {
		m := dayOnlyRE.FindStringSubmatchIndex(f[i:])
		if m == nil {
			return nil
		}
		day, end = atoi(f[i+m[2]:i+m[3]]), i+m[1]
		if everyRE.FindStringIndex(f[end:]) == nil {
			return nil
		}
	} else {
		t := date.Time()
		day, month = t.Day(), int(t.Month())
	}
	multi := false
	for {
		m := andDayRE.FindStringIndex(f[end:])
		if m == nil {
			break
		}
		end += m[1]
		multi = true
	}
	if m := everyRE.FindStringSubmatchIndex(f[end:]); m != nil {
		d.recurrence = recurrenceOf(f[end+m[2]:end+m[3]], day, month)
		end += m[1]
		if d.recurrence != nil {
			d.recurrence.Text = ""
		}
	} else if !multi {
		d.date = date
	}
	d.end = sh.at(end)
	if d.recurrence != nil {
		d.recurrence.Span = Span{d.start, d.end}
	}
	return d
}

// extendYears widens a period phrase over "và các năm tiếp theo", which makes it recurring.
func (p *parser) extendYears(sh shadow, d *deadlineInfo, end int) {
	rest := sh.s[end:]
	const tail = " va cac nam tiep theo"
	if strings.HasPrefix(rest, tail) {
		d.end = sh.at(end + len(tail))
		d.periodEnd = ""
	}
}

// recurrence looks for "hằng năm" and its kin right after a deadline phrase.
func (p *parser) recurrence(sh shadow, endByte int) *Recurrence {
	i := sh.index(endByte)
	m := everyRE.FindStringSubmatchIndex(sh.s[i:])
	if m == nil {
		return nil
	}
	return recurrenceOf(sh.s[i+m[2]:i+m[3]], 0, 0)
}

// recurrenceOf builds a Recurrence from the period word of "hằng tuần/tháng/quý/năm" or
// "định kỳ 6 tháng".
func recurrenceOf(unit string, day, month int) *Recurrence {
	switch {
	case strings.Contains(unit, "tuan"):
		return &Recurrence{Frequency: "weekly"}
	case strings.Contains(unit, "6 thang"):
		return &Recurrence{Frequency: "half_yearly", Day: day}
	case strings.Contains(unit, "thang"):
		return &Recurrence{Frequency: "monthly", Day: day}
	case strings.Contains(unit, "quy"):
		return &Recurrence{Frequency: "quarterly", Day: day}
	case strings.Contains(unit, "nam"):
		return &Recurrence{Frequency: "yearly", Day: day, Month: month}
	}
	return nil
}

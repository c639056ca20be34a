package docparse

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// node is a paragraph in the clause tree.
type node struct {
	p        *para
	kind     int
	label    string
	id       string
	parent   *node
	children []*node
	slots    []slot
	slotted  bool // slots computed
}

// taskCtx is what a clause passes down to the paragraphs under it.
type taskCtx struct {
	lead []Item
	// heading is set under a heading that names the units ("2. Sở Tài chính"): each item below is
	// one task of those units.
	heading bool
	// intro is set after "… yêu cầu X … sau:", whose X the following list items take.
	intro bool
}

// findBody places the body between the header (or the Kính gửi list) and the Nơi nhận or the
// signature, whichever comes first.
func (p *parser) findBody() {
	p.bodyStart = max(p.headerEnd, p.recipientsEnd, 0)
	p.bodyEnd = len(p.lines)
	for _, l := range []int{p.noiNhanLine, p.signStart} {
		if l >= p.bodyStart && l < p.bodyEnd {
			p.bodyEnd = l
		}
	}
}

// parseBody builds the clause tree of the body and collects the tasks, then reads the tables of
// assignments, in the body or in an appendix after the signature.
func (p *parser) parseBody() {
	paras := p.buildParas(p.bodyStart, p.bodyEnd)
	var tables [][]*para
	var prose []*para
	inTable := false
	for _, q := range paras {
		if q.table != nil {
			if !inTable {
				tables = append(tables, nil)
			}
			tables[len(tables)-1] = append(tables[len(tables)-1], q)
			inTable = true
			continue
		}
		inTable = false
		prose = append(prose, q)
	}
	if p.signEnd > p.bodyEnd {
		inTable = false
		for _, q := range p.buildParas(p.signEnd, len(p.lines)) {
			if q.table == nil {
				inTable = false
				continue
			}
			if !inTable {
				tables = append(tables, nil)
			}
			tables[len(tables)-1] = append(tables[len(tables)-1], q)
			inTable = true
		}
	}
	root := p.buildTree(prose)
	p.visitChildren(root.children, taskCtx{})
	for i, t := range tables {
		p.tableTasks(i+1, t)
	}
}

// buildTree nests the paragraphs by their labels: I. > 1. > 1.1. > a) > (1) > - > +. A paragraph
// without a label belongs to the nearest numbered clause above it (not to a dash item, which a
// plain paragraph closes).
func (p *parser) buildTree(paras []*para) *node {
	root := &node{kind: -1}
	stack := []*node{root}
	count := map[*node]map[int]int{}
	for _, q := range paras {
		kind := q.mk.kind
		if kind == mkNone {
			for len(stack) > 1 && stack[len(stack)-1].kind >= mkLetter {
				stack = stack[:len(stack)-1]
			}
		} else {
			for len(stack) > 1 && stack[len(stack)-1].kind >= kind {
				stack = stack[:len(stack)-1]
			}
		}
		parent := stack[len(stack)-1]
		n := &node{p: q, kind: kind, label: q.mk.label, parent: parent}
		if count[parent] == nil {
			count[parent] = map[int]int{}
		}
		count[parent][kind]++
		seq := strconv.Itoa(count[parent][kind])
		join := func(a, b string) string {
			if a == "" {
				return b
			}
			return a + "." + b
		}
		switch kind {
		case mkNone:
			n.id = join(parent.id, "p"+seq)
		case mkArticle:
			n.id = "Điều " + n.label
		case mkChapter:
			n.id = "Chương " + n.label
		case mkPart:
			n.id = "Phần " + n.label
		case mkRoman:
			n.id = n.label
		case mkDotted:
			base := parent
			if parent.kind == mkArabic && strings.HasPrefix(n.label, parent.label+".") {
				base = parent.parent
			}
			n.id = join(base.id, n.label)
		case mkParen:
			n.id = join(parent.id, "("+n.label+")")
		case mkDash:
			n.id = join(parent.id, "-"+seq)
		case mkPlus:
			n.id = join(parent.id, "+"+seq)
		default:
			n.id = join(parent.id, n.label)
		}
		parent.children = append(parent.children, n)
		if kind != mkNone {
			stack = append(stack, n)
			head := ""
			if len(n.p.text) > 0 {
				head = collapse(n.p.body()[:min(len(n.p.body()), 400)])
				if r := []rune(head); len(r) > 100 {
					head = string(r[:100]) + "…"
				}
			}
			p.d.Clauses = append(p.d.Clauses, Clause{ID: n.id, Label: strings.TrimSpace(n.p.text[:n.p.mk.n]), Parent: parent.id,
				Heading: head, Span: n.p.span(0, len(n.p.text))})
		}
	}
	return root
}

// excludedRE matches the titles of sections that state aims, requirements, targets, scope or the
// situation: their items are not assignments.
var excludedRE = regexp.MustCompile(`^(?:muc dich|yeu cau|muc tieu|doi tuong|pham vi|quan diem|nguyen tac|tinh hinh|ket qua|danh gia|can cu|su can thiet|chi tieu|boi canh|thuc trang|giai thich)`)

// slotRE recognises the labelled slots that follow an item of a plan: who leads, who helps, when,
// what.
var slotRE = regexp.MustCompile(`^(?:(?:co quan|don vi)(?:\s*/\s*(?:co quan|don vi))?\s+(chu tri|thuc hien|phoi hop)(?:\s*\(\s*thuc hien\s*\))?|(chu tri|phoi hop)|(thoi gian|thoi han|tien do)(?:\s+(?:thuc hien|hoan thanh))?|(noi dung|san pham|kinh phi))\s*:?\s*`)

// slot is one labelled slot of a plan item.
type slot struct {
	kind  string // lead, coordinate, time, content, other
	value *para
}

// slotsOf returns the slots among the children of n, computed once.
func slotsOf(n *node) []slot {
	if !n.slotted {
		n.slots, n.slotted = findSlots(n), true
	}
	return n.slots
}

// findSlots looks for slots among the children of n.
func findSlots(n *node) []slot {
	var out []slot
	for _, c := range n.children {
		if c.kind != mkDash && c.kind != mkNone && c.kind != mkPlus {
			continue
		}
		body := c.p.body()
		if !strings.ContainsAny(body[:min(len(body), 3)], "CĐTNSKPcđtnskp") {
			continue
		}
		sh := newShadow(body[:min(len(body), 120)])
		m := slotRE.FindStringSubmatchIndex(sh.s)
		if m == nil {
			continue
		}
		label := sh.s[m[0]:m[1]]
		if !strings.Contains(label, ":") && m[6] < 0 {
			continue
		}
		kind := "other"
		switch {
		case m[2] >= 0 && sh.s[m[2]:m[3]] == "phoi hop", m[4] >= 0 && sh.s[m[4]:m[5]] == "phoi hop":
			kind = "coordinate"
		case m[2] >= 0, m[4] >= 0:
			kind = "lead"
		case m[6] >= 0:
			kind = "time"
		case m[8] >= 0 && sh.s[m[8]:m[9]] == "noi dung":
			kind = "content"
		}
		start := c.p.mk.n + sh.at(m[1])
		out = append(out, slot{kind: kind, value: c.p.sub(start, len(c.p.text))})
	}
	return out
}

// slotKey summarises slots for comparing sibling items.
func slotKey(ss []slot) string {
	var b strings.Builder
	for _, s := range ss {
		if s.kind == "content" {
			continue
		}
		b.WriteString(s.kind + "=" + fold(s.value.text) + "|")
	}
	return b.String()
}

// visitChildren walks the children of one clause in order, carrying an introduction's lead to the
// items after it and applying "Người đứng đầu … chịu trách nhiệm" to the tasks before it.
func (p *parser) visitChildren(children []*node, ctx taskCtx) {
	cur := ctx
	first := len(p.d.Tasks)
	plain := 0
	for _, c := range children {
		if c.kind == mkNone {
			plain++
			body := strings.TrimSpace(c.p.body())
			if heads := accountableHeads(c); heads != nil {
				for i := first; i < len(p.d.Tasks); i++ {
					p.d.Tasks[i].Accountable = heads
					p.d.Tasks[i].Lead = heads
				}
				continue
			}
			if strings.HasSuffix(body, ":") {
				if lead := p.introLead(c); lead != nil {
					cur = taskCtx{lead: lead, intro: true}
					continue
				}
			}
			if p.mergeTime(c) {
				continue
			}
			if plain > 1 && ctx.heading {
				p.evalLeaf(c, taskCtx{lead: ctx.lead})
				continue
			}
		}
		p.visit(c, cur)
	}
}

// mergeTime appends a separate "Thời gian/Thời hạn …" paragraph to the task just before it.
func (p *parser) mergeTime(c *node) bool {
	f := fold(c.p.text[:min(len(c.p.text), 24)])
	if len(p.d.Tasks) == 0 || !(strings.HasPrefix(f, "thoi gian") || strings.HasPrefix(f, "thoi han")) {
		return false
	}
	dl := p.findDeadline(c.p.text, false)
	if dl == nil || dl.strength < 2 {
		return false
	}
	t := &p.d.Tasks[len(p.d.Tasks)-1]
	if t.Deadline != nil {
		return false
	}
	t.Text += " " + cleanTaskText(c.p.text)
	t.Span.End = c.p.span(0, len(c.p.text)).End
	p.setDeadline(t, c.p, 0, dl)
	return true
}

// visit decides what one clause is: a plan item with slots, a heading whose items are tasks, or a
// leaf that may be a task.
func (p *parser) visit(n *node, ctx taskCtx) {
	body := strings.TrimSpace(n.p.body())
	if len(n.children) > 0 && n.kind != mkNone && excludedRE.MatchString(fold(body)) {
		return
	}
	if ss := slotsOf(n); len(ss) > 0 {
		p.slotTask(n, n.p, ss, ctx)
		return
	}
	if len(n.children) > 1 {
		key, same := "", true
		for i, c := range n.children {
			ss := slotsOf(c)
			if len(ss) == 0 {
				same = false
				break
			}
			if i == 0 {
				key = slotKey(ss)
			} else if slotKey(ss) != key {
				same = false
			}
		}
		if same {
			p.slotTask(n, n.p, slotsOf(n.children[0]), ctx)
			return
		}
	}
	if len(n.children) == 0 {
		p.evalLeaf(n, ctx)
		return
	}
	heading := !strings.HasSuffix(body, ".") || strings.HasSuffix(body, ":")
	if !heading {
		p.evalLeaf(n, ctx)
		p.visitChildren(n.children, ctx)
		return
	}
	cctx := ctx
	if units := headingUnits(n.p); units != nil {
		cctx = taskCtx{lead: units, heading: true}
	} else if lead := p.introLead(n); lead != nil {
		cctx = taskCtx{lead: lead, intro: true}
	}
	p.visitChildren(n.children, cctx)
}

// headingUnits returns the units a heading names ("2. Sở Tài chính", "6. Đề nghị: Hiệp hội …",
// "1. Ủy ban nhân dân tỉnh, chỉ đạo các cơ quan …:"), or nil.
func headingUnits(q *para) []Item {
	body := q.body()
	off := q.mk.n
	sh := fold(body)
	if strings.HasPrefix(sh, "de nghi") || strings.HasPrefix(sh, "giao") || strings.HasPrefix(sh, "yeu cau") {
		ws := words(body)
		k := 1
		if ws[0].lo != "giao" {
			k = 2
		}
		if k >= len(ws) {
			return nil
		}
		off += ws[k].start
		body = body[ws[k].start:]
	}
	body = strings.TrimRight(body, " :.")
	if i := strings.IndexByte(body, '('); i > 0 {
		body = strings.TrimSpace(body[:i])
	}
	ws := words(body)
	if len(ws) == 0 || !startsUnit(ws, 0) || len(ws) > 30 {
		return nil
	}
	end := unitPhrase(ws, 0, body)
	switch {
	case end >= len(ws):
		end = len(body)
	case end > 0 && strings.Contains(ws[end-1].after, ","):
		end = ws[end-1].end
	case len(ws)-end <= 3 && end > 0:
		end = len(body)
	default:
		return nil
	}
	sp := q.span(off, off+end)
	return splitUnits(body[:end], sp.Start, 0.75)
}

// introLead returns X of an introduction "… yêu cầu / đề nghị / giao X …:" or nil.
func (p *parser) introLead(n *node) []Item {
	body := n.p.body()
	ws := words(body)
	a, b, ok := triggerLead(ws, body)
	if !ok {
		return nil
	}
	s, e := ws[a].start, ws[b-1].end
	sp := n.p.span(n.p.mk.n+s, n.p.mk.n+e)
	return splitUnits(body[s:e], sp.Start, 0.6)
}

// accountableHeads reads "Người đứng đầu X … chịu trách nhiệm trước …" standing as its own
// paragraph, and returns X.
func accountableHeads(c *node) []Item {
	body := c.p.body()
	f := fold(body)
	if !strings.HasPrefix(f, "nguoi dung dau") || !strings.Contains(f, "chiu trach nhiem") {
		return nil
	}
	k := strings.Index(lower(body), "chịu trách nhiệm")
	if k <= 0 {
		return nil
	}
	phrase := strings.TrimSpace(body[:k])
	sp := c.p.span(c.p.mk.n, c.p.mk.n+len(phrase))
	return []Item{{Text: collapse(phrase), Span: sp, Confidence: 0.6}}
}

// clause is a piece of a paragraph between semicolons or sentence ends, with the lead found in it.
type clause struct {
	start, end int // in the paragraph's text
	lead       []Item
	statement  bool // a statement of fact or a closing call, not an assignment
	heads      bool // "Người đứng đầu … " inside a paragraph: accountability, not a new task
}

// splitClauses cuts s[from:] at semicolons and sentence ends outside parentheses and quotes.
func splitClauses(s string, from int) []clause {
	var out []clause
	start, depth := from, 0
	quote := false
	for i := from; i < len(s); i++ {
		switch c := s[i]; c {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case '"':
			quote = !quote
		case ';', '.':
			if depth > 0 || quote {
				continue
			}
			if c == '.' {
				if i+2 >= len(s) || s[i+1] != ' ' || !unicode.IsUpper(firstRune(s[i+2:])) || i == 0 {
					continue
				}
				prev := firstRuneBefore(s, i)
				if unicode.IsUpper(prev) {
					continue
				}
			}
			out = append(out, clause{start: start, end: i + 1})
			start = i + 1
		}
	}
	if strings.TrimSpace(s[start:]) != "" {
		out = append(out, clause{start: start, end: len(s)})
	}
	return out
}

func firstRuneBefore(s string, i int) rune {
	r := []rune(s[max(0, i-4):i])
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

// statementStarts open the predicate of a sentence that states a fact or delegates rather than
// assigns.
var statementStarts = newPhraseSet(append(factStarts, "là", "sẽ", "yêu cầu", "đề nghị", "giao", "thay mặt")...)

// factStarts are the statement openers that may not appear inside a subject either.
var factStarts = []string{"đã", "đang", "nhận được", "ban hành", "đi công tác", "có ý kiến", "kính báo",
	"thông báo", "ủy quyền", "uỷ quyền", "xin thông báo"}

// factSet indexes factStarts.
var factSet = newPhraseSet(factStarts...)

// delegationSet and headsSet mark delegation ("ủy quyền") and accountable heads.
var (
	delegationSet = newPhraseSet("ủy quyền", "uỷ quyền")
	headsSet      = newPhraseSet("người đứng đầu")
)

// closingFiller are the words of a bare closing call ("… khẩn trương tổ chức thực hiện", "…
// nghiêm túc triển khai thực hiện Chỉ thị này"), which assigns nothing new.
var closingFiller = map[string]bool{"khẩn": true, "trương": true, "nghiêm": true, "túc": true, "tổ": true,
	"chức": true, "triển": true, "khai": true, "thực": true, "hiện": true, "có": true, "hiệu": true, "quả": true,
	"tốt": true, "chỉ": true, "thị": true, "kế": true, "hoạch": true, "công": true, "văn": true, "quyết": true,
	"định": true, "bản": true, "thông": true, "báo": true, "này": true, "nội": true, "dung": true, "các": true,
	"trên": true, "đúng": true, "quy": true, "và": true, "chỉnh": true, "kịp": true, "thời": true, "đầy": true,
	"đủ": true, "nghiêm túc": true}

// analyse finds the lead of each clause of q.text[from:].
func (p *parser) analyse(q *para, from int) []clause {
	cls := splitClauses(q.text, from)
	for i := range cls {
		c := &cls[i]
		s := q.text[c.start:c.end]
		ws := words(s)
		if len(ws) == 0 {
			c.statement = true
			continue
		}
		lo := lower(s)
		if strings.Contains(lo, "thông báo để") || strings.Contains(lo, "kính báo") || strings.Contains(lo, "để biết") && !strings.Contains(lo, "báo cáo") {
			c.statement = true
			continue
		}
		a, b, ok := triggerLead(ws, s)
		if !ok {
			a, b, ok = strongSubject(ws, s)
		}
		if !ok {
			a, b, ok = subjectAt(ws, s)
			if ok && b < len(ws) && anyPhrase(ws, b, statementStarts) > 0 {
				c.statement = true
				continue
			}
		}
		if !ok {
			if i == 0 && anyPhrase(ws, 0, delegationSet) > 0 {
				c.statement = true
			}
			continue
		}
		if strings.Contains(lo[:ws[a].start], "ủy quyền") || strings.Contains(lo[:ws[a].start], "uỷ quyền") {
			c.statement = true
			continue
		}
		if isClosing(ws[b:]) {
			c.statement = true
			continue
		}
		if anyPhrase(ws, a, headsSet) > 0 {
			c.heads = true
		}
		sp := q.span(c.start+ws[a].start, c.start+ws[b-1].end)
		c.lead = splitUnits(s[ws[a].start:ws[b-1].end], sp.Start, 0.8)
	}
	return mergeUnitLists(q, cls)
}

// mergeUnitLists joins a clause that is only a list of units ("Chánh Văn phòng …, Giám đốc Sở Tư
// pháp;") to the next clause when that one opens with its own subject: the semicolon separated
// the units of one subject, not two sentences.
func mergeUnitLists(q *para, cls []clause) []clause {
	out := cls[:0]
	for i := 0; i < len(cls); i++ {
		c := cls[i]
		if c.lead == nil && !c.statement && i+1 < len(cls) && cls[i+1].lead != nil {
			s := strings.TrimRight(q.text[c.start:c.end], "; ")
			ws := words(s)
			next := cls[i+1]
			if len(ws) > 0 && startsUnit(ws, 0) && unitPhrase(ws, 0, s) == len(ws) && next.lead[0].Span.Start-q.orig(next.start) < 4 {
				sp := q.span(c.start, c.start+len(s))
				next.lead = append(splitUnits(s, sp.Start, 0.8), next.lead...)
				next.start = c.start
				cls[i+1] = next
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// dutySet holds the phrases that state a duty: "có trách nhiệm", "chịu trách nhiệm".
var dutySet = newPhraseSet("có trách nhiệm", "chịu trách nhiệm")

// strongSubject finds "X có trách nhiệm / chịu trách nhiệm …": everything before the phrase is the
// subject when it starts with a unit.
func strongSubject(ws []word, s string) (int, int, bool) {
	for k := 1; k < len(ws); k++ {
		if anyPhrase(ws, k, dutySet) > 0 {
			a := 0
			for tries := 0; tries < 3 && a < k && anyOpener(ws, a) > 0; tries++ {
				for a < k && !strings.Contains(ws[a].after, ",") {
					a++
				}
				a++
			}
			if a < k && startsUnit(ws, a) && k-a <= 30 {
				for j := a + 1; j < k; j++ {
					if anyPhrase(ws, j, factSet) > 0 {
						return 0, 0, false
					}
				}
				return a, k, true
			}
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// isClosing reports whether the predicate words are only a bare call to carry the document out.
func isClosing(ws []word) bool {
	if len(ws) == 0 {
		return true
	}
	for _, w := range ws {
		if !closingFiller[w.lo] {
			return false
		}
	}
	return true
}

// evalLeaf turns a paragraph into tasks: under a unit heading the whole item is one task of the
// heading's units (or of the units it names itself); elsewhere each change of lead starts a new
// task, and an item without a lead of its own takes the introduction's.
func (p *parser) evalLeaf(n *node, ctx taskCtx) {
	q := n.p
	if strings.HasSuffix(strings.TrimSpace(q.text), ":") {
		return
	}
	cls := p.analyse(q, q.mk.n)
	if len(cls) == 0 {
		return
	}
	if ctx.heading {
		var lead []Item
		seen := map[string]bool{}
		closing := true
		for _, c := range cls {
			if !c.statement {
				closing = false
			}
			for _, l := range c.lead {
				if k := fold(l.Text); !seen[k] {
					seen[k] = true
					lead = append(lead, l)
				}
			}
		}
		if closing {
			return
		}
		if lead == nil {
			lead = ctx.lead
		}
		p.addTask(n, cls[0].start, cls[len(cls)-1].end, lead, 0.75)
		return
	}
	type group struct {
		start, end int
		lead       []Item
		heads      []Item
	}
	var groups []group
	var g *group
	for _, c := range cls {
		if c.statement {
			g = nil
			continue
		}
		switch {
		case g == nil:
			groups = append(groups, group{start: c.start, end: c.end, lead: c.lead})
			g = &groups[len(groups)-1]
		case c.heads:
			g.heads = c.lead
			g.end = c.end
		case c.lead != nil && g.lead != nil && !sameUnits(c.lead, g.lead):
			groups = append(groups, group{start: c.start, end: c.end, lead: c.lead})
			g = &groups[len(groups)-1]
		default:
			if g.lead == nil {
				g.lead = c.lead
			}
			g.end = c.end
		}
	}
	for _, g := range groups {
		lead, conf := g.lead, 0.8
		if lead == nil {
			if ctx.lead == nil || n.kind == mkNone && !ctx.intro {
				continue
			}
			lead, conf = ctx.lead, 0.6
		}
		t := p.addTask(n, g.start, g.end, lead, conf)
		if g.heads != nil {
			t.Accountable = g.heads
		}
	}
}

// sameUnits reports whether two lead lists name the same units.
func sameUnits(a, b []Item) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if fold(a[i].Text) != fold(b[i].Text) {
			return false
		}
	}
	return true
}

// cleanTaskText removes the closing "./." and collapses blanks.
func cleanTaskText(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "./.")
	s = strings.TrimSuffix(s, "/.")
	s = strings.TrimRight(s, " ;,")
	return collapse(s)
}

// addTask records the task made of q.text[i:j] with the given leads and finds its coordinating
// units, deadline and report-to in the same text.
func (p *parser) addTask(n *node, i, j int, lead []Item, conf float64) *Task {
	q := n.p
	for i < j && q.text[i] == ' ' {
		i++
	}
	s := q.text[i:j]
	t := Task{Text: cleanTaskText(s), Clause: n.id, Span: q.span(i, j), Confidence: conf, Lead: lead}
	ws := words(s)
	for _, r := range coordinateUnits(ws, s) {
		sp := q.span(i+r[0], i+r[1])
		t.Coordinate = append(t.Coordinate, splitUnits(s[r[0]:r[1]], sp.Start, 0.7)...)
	}
	p.setReportTo(&t, q, i, s)
	if dl := p.findDeadline(s, false); dl != nil {
		p.setDeadline(&t, q, i, dl)
	}
	p.d.Tasks = append(p.d.Tasks, t)
	return &p.d.Tasks[len(p.d.Tasks)-1]
}

// setReportTo fills report_to (several joined by "; ") and the "(qua …)" channel from s, which
// starts at q.text[i].
func (p *parser) setReportTo(t *Task, q *para, i int, s string) {
	var names []string
	var first, last int
	seen := map[string]bool{}
	for _, r := range reportTargets(words(s), s) {
		v := collapse(s[r[0]:r[1]])
		if seen[fold(v)] {
			continue
		}
		seen[fold(v)] = true
		if len(names) == 0 {
			first = r[0]
		}
		last = r[1]
		names = append(names, v)
		if k := strings.Index(v, "(qua "); k > 0 && t.Via == nil {
			via := strings.TrimSuffix(v[k+5:], ")")
			sp := q.span(i+r[0], i+r[1])
			t.Via = &Field{Text: via, Span: sp, Confidence: 0.7}
		}
	}
	if len(names) > 0 {
		t.ReportTo = &Field{Text: strings.Join(names, "; "), Span: q.span(i+first, i+last), Confidence: 0.7}
	}
}

// setDeadline copies a deadline found in the text starting at q.text[i] into the task.
func (p *parser) setDeadline(t *Task, q *para, i int, dl *deadlineInfo) {
	s := q.text[i:]
	v := strings.TrimRight(collapse(s[dl.start:dl.end]), " ,;.")
	if v == "" {
		return
	}
	t.Deadline = &Field{Text: v, Span: q.span(i+dl.start, i+dl.end), Confidence: 0.8}
	t.DeadlineDate = dl.date
	t.PeriodEnd = dl.periodEnd
	t.Recurrence = dl.recurrence
	if t.Recurrence != nil {
		t.Recurrence.Text = v
		t.Recurrence.Span = t.Deadline.Span
		t.DeadlineDate = ""
	}
}

// slotTask records a plan item whose slots give the units and the time: the "Nội dung" slot or
// the item's own text is the task.
func (p *parser) slotTask(n *node, q *para, ss []slot, ctx taskCtx) {
	textPara, from := q, q.mk.n
	for _, s := range ss {
		if s.kind == "content" {
			textPara, from = s.value, 0
		}
	}
	t := Task{Text: cleanTaskText(textPara.text[from:]), Clause: n.id, Span: textPara.span(from, len(textPara.text)), Confidence: 0.8}
	var reportFrom []*para
	for _, s := range ss {
		v := s.value
		switch s.kind {
		case "lead":
			t.Lead = append(t.Lead, slotUnits(v)...)
			reportFrom = append(reportFrom, v)
		case "coordinate":
			t.Coordinate = append(t.Coordinate, slotUnits(v)...)
		case "time":
			val := cleanTaskText(strings.TrimRight(v.text, ". "))
			t.Deadline = &Field{Text: strings.TrimRight(val, "."), Span: v.span(0, len(v.text)), Confidence: 0.85}
			if dl := p.findDeadline(v.text, true); dl != nil {
				t.DeadlineDate, t.PeriodEnd, t.Recurrence = dl.date, dl.periodEnd, dl.recurrence
				if strings.Contains(fold(v.text), "tiep theo") || t.Recurrence != nil {
					t.DeadlineDate, t.PeriodEnd = "", ""
				}
				if t.Recurrence != nil {
					t.Recurrence.Text, t.Recurrence.Span = t.Deadline.Text, t.Deadline.Span
				}
			}
		}
	}
	if t.Lead == nil && ctx.heading {
		t.Lead = ctx.lead
	}
	for _, v := range append(reportFrom, textPara) {
		if t.ReportTo == nil {
			p.setReportTo(&t, v, 0, v.text)
		}
	}
	p.d.Tasks = append(p.d.Tasks, t)
}

// slotUnits reads the units of a "Cơ quan chủ trì/thực hiện/phối hợp" slot: a list of units, or
// sentences whose subjects are the units ("Sở Khoa học và Công nghệ tiến hành rà soát …; các sở,
// ngành liên quan … rà soát …").
func slotUnits(v *para) []Item {
	var out []Item
	for _, c := range splitClauses(v.text, 0) {
		s := v.text[c.start:c.end]
		ws := words(s)
		k := 0
		for k < len(ws) && !startsUnit(ws, k) && k < 3 {
			k++
		}
		if k >= len(ws) || !startsUnit(ws, k) {
			continue
		}
		end := unitPhrase(ws, k, s)
		if end <= k {
			continue
		}
		sp := v.span(c.start+ws[k].start, c.start+ws[end-1].end)
		out = append(out, splitUnits(s[ws[k].start:ws[end-1].end], sp.Start, 0.8)...)
	}
	return out
}

// tableTasks reads a table of assignments: a header row naming the columns (task, lead unit,
// coordinating units, time) and one task per numbered row.
func (p *parser) tableTasks(tableNo int, rows []*para) {
	if len(rows) < 2 {
		return
	}
	head := rows[0]
	col := map[string]int{}
	for i, c := range head.table {
		f := fold(head.text[c.Start:c.End])
		switch {
		case strings.Contains(f, "phoi hop"):
			col["coordinate"] = i + 1
		case strings.Contains(f, "chu tri") || strings.Contains(f, "thuc hien") && (strings.Contains(f, "co quan") || strings.Contains(f, "don vi")):
			col["lead"] = i + 1
		case strings.Contains(f, "thoi gian") || strings.Contains(f, "thoi han") || strings.Contains(f, "tien do"):
			col["time"] = i + 1
		case strings.Contains(f, "nhiem vu") || strings.Contains(f, "noi dung") || strings.Contains(f, "ten "):
			col["text"] = i + 1
		}
	}
	if col["text"] == 0 || col["lead"] == 0 {
		return
	}
	cell := func(r *para, name string) (string, Span, bool) {
		k := col[name] - 1
		if k < 0 || k >= len(r.table) {
			return "", Span{}, false
		}
		c := r.table[k]
		return r.text[c.Start:c.End], r.span(c.Start, c.End), c.End > c.Start
	}
	for _, r := range rows[1:] {
		if len(r.table) == 0 {
			continue
		}
		stt := strings.TrimSpace(r.text[r.table[0].Start:r.table[0].End])
		if _, err := strconv.Atoi(strings.TrimSuffix(stt, ".")); err != nil {
			continue
		}
		text, sp, ok := cell(r, "text")
		if !ok {
			continue
		}
		t := Task{Text: cleanTaskText(text), Clause: "T" + strconv.Itoa(tableNo) + "." + strings.TrimSuffix(stt, "."), Span: sp, Confidence: 0.85}
		if v, sp, ok := cell(r, "lead"); ok {
			t.Lead = splitUnits(v, sp.Start, 0.85)
		}
		if v, sp, ok := cell(r, "coordinate"); ok {
			t.Coordinate = splitUnits(v, sp.Start, 0.85)
		}
		if v, sp, ok := cell(r, "time"); ok {
			t.Deadline = &Field{Text: collapse(v), Span: sp, Confidence: 0.85}
			if dl := p.findDeadline(v, true); dl != nil {
				t.DeadlineDate, t.PeriodEnd, t.Recurrence = dl.date, dl.periodEnd, dl.recurrence
			}
		}
		p.d.Tasks = append(p.d.Tasks, t)
	}
}

// fillIssuerFallback takes the issuer from a collective signature ("T/M BAN THƯỜNG VỤ") when the
// text has no header, as pages that quote only the body do.
func (p *parser) fillIssuerFallback() {
	if p.d.Issuer != nil || p.d.Signing.Authority == nil {
		return
	}
	a := p.d.Signing.Authority
	v := strings.Split(a.Text, " / ")[0]
	f := fold(v)
	for _, pre := range []string{"t/m ", "tm. ", "tm "} {
		if strings.HasPrefix(f, pre) {
			name := strings.TrimSpace(v[len(pre):])
			if name == "" {
				return
			}
			p.d.Issuer = &Field{Text: name, Span: a.Span, Confidence: 0.4}
			if full := p.nameInBody(name); full != nil {
				p.d.Issuer = full
			}
			return
		}
	}
}

// nameInBody finds where the body names the body that signs collectively ("Ban Thường vụ Tỉnh ủy
// yêu cầu …" for "T/M BAN THƯỜNG VỤ") and returns that fuller name.
func (p *parser) nameInBody(name string) *Field {
	sh := newShadow(p.text)
	k := indexWord(sh.s, fold(name), 0)
	if k < 0 {
		return nil
	}
	start := sh.at(k)
	s := p.text[start:min(len(p.text), start+300)]
	ws := words(s)
	end := unitPhrase(ws, 0, s)
	if end == 0 || end > 8 {
		return nil
	}
	return &Field{Text: collapse(s[:ws[end-1].end]), Span: Span{start, start + ws[end-1].end}, Confidence: 0.5}
}

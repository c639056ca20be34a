package report

import (
	"maps"
	"math"
	"slices"
	"strconv"

	"dondoc"
	"dondoc/internal/calendar"
)

// The roll-up works on month indexes (year*12 + month - 1) of reporting months: every period key
// covers a run of them, so a quarterly actual, a yearly target and a monthly column compare as
// integers and no date arithmetic runs per value.

// monthSpan returns the first and last month index that a period key covers, a term included.
func monthSpan(key string) (first, last int, ok bool) {
	// Months, by far the most common key, are read without the general pattern.
	if len(key) == 7 && key[4] == '-' {
		y, m := digits(key[:4]), digits(key[5:])
		if y >= 0 && m >= 1 && m <= 12 {
			return y*12 + m - 1, y*12 + m - 1, true
		}
	}
	t := dondoc.PeriodTypeOf(key)
	if t == "" {
		return 0, 0, false
	}
	y, _ := strconv.Atoi(key[:4])
	switch t {
	case dondoc.PeriodMonth:
		m, _ := strconv.Atoi(key[5:])
		return y*12 + m - 1, y*12 + m - 1, true
	case dondoc.PeriodQuarter:
		q := int(key[6] - '0')
		return y*12 + 3*q - 3, y*12 + 3*q - 1, true
	case dondoc.PeriodHalfYear:
		h := int(key[6] - '0')
		return y*12 + 6*h - 6, y*12 + 6*h - 1, true
	case dondoc.PeriodTerm:
		y2, _ := strconv.Atoi(key[5:])
		return y * 12, y2*12 + 11, true
	}
	return y * 12, y*12 + 11, true
}

// digits returns the value of a string of decimal digits, or -1 for anything else.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// monthsPer is how many months a column of each granularity covers.
var monthsPer = map[dondoc.PeriodType]int{dondoc.PeriodMonth: 1, dondoc.PeriodQuarter: 3, dondoc.PeriodHalfYear: 6, dondoc.PeriodYear: 12}

// granularityRank orders the period types from finest to coarsest.
var granularityRank = map[dondoc.PeriodType]int{dondoc.PeriodMonth: 1, dondoc.PeriodQuarter: 2, dondoc.PeriodHalfYear: 3, dondoc.PeriodYear: 4}

// columnKey names the period of type t that contains month index mi.
func columnKey(t dondoc.PeriodType, mi int) string {
	y, m := mi/12, mi%12+1
	ys := strconv.Itoa(y)
	switch t {
	case dondoc.PeriodMonth:
		if m < 10 {
			return ys + "-0" + strconv.Itoa(m)
		}
		return ys + "-" + strconv.Itoa(m)
	case dondoc.PeriodQuarter:
		return ys + "-Q" + strconv.Itoa((m-1)/3+1)
	case dondoc.PeriodHalfYear:
		return ys + "-H" + strconv.Itoa((m-1)/6+1)
	}
	return ys
}

// cutOff returns the cut-off day of the period that ends with month index mi, the day on which the
// tree of that period is read.
func cutOff(mi int) dondoc.Date {
	p, err := calendar.PeriodByKey(columnKey(dondoc.PeriodMonth, mi))
	if err != nil {
		return ""
	}
	return p.End
}

// periodStart returns the first day of the reporting month mi.
func periodStart(mi int) dondoc.Date {
	p, err := calendar.PeriodByKey(columnKey(dondoc.PeriodMonth, mi))
	if err != nil {
		return ""
	}
	return p.Start
}

// DefaultRange fills in a query's missing range: up to the reporting month that contains asOf,
// from the start of that month's year. FromYear and ToYear of the result say which years of facts
// the roll-up needs, including the months before From that its year-to-date values count.
func DefaultRange(from, to string, asOf dondoc.Date) (string, string, int, int) {
	if to == "" {
		if p, err := calendar.PeriodOf(dondoc.PeriodMonth, asOf); err == nil {
			to = p.Key
		}
	}
	if from == "" && len(to) >= 4 {
		from = to[:4]
	}
	fy, _ := strconv.Atoi(from[:min(4, len(from))])
	ty, _ := strconv.Atoi(to[:min(4, len(to))])
	return from, to, fy, ty
}

// grid is the columns of a roll-up: every column of the chosen granularity from the January of
// From's year (so that year-to-date values count the months before From) to the column holding
// To's last month; only columns from visible on are shown.
type grid struct {
	by      dondoc.PeriodType
	first   int // month index of the first month of column 0
	step    int // months per column
	n       int // number of columns
	visible int // index of the first shown column
	end     int // month index of To's last month, where a last column cut short ends
}

// newGrid lays out the columns of a query whose range is already checked.
func newGrid(by dondoc.PeriodType, fromKey, toKey string) (grid, error) {
	f, _, ok1 := monthSpan(fromKey)
	_, l, ok2 := monthSpan(toKey)
	if !ok1 || !ok2 {
		return grid{}, dondoc.Invalid("from", "Kỳ không hợp lệ.", "Invalid period.")
	}
	if l < f {
		return grid{}, dondoc.Invalid("to", "Kỳ kết thúc không được trước kỳ bắt đầu.", "to may not precede from.")
	}
	step := monthsPer[by]
	g := grid{by: by, first: (f / 12) * 12, step: step, end: l}
	g.visible = (f - g.first) / step
	g.n = (l-g.first)/step + 1
	if g.n-g.visible > dondoc.MaxRollupColumns {
		return grid{}, dondoc.Invalid("to", "Khoảng kỳ quá dài (tối đa "+strconv.Itoa(dondoc.MaxRollupColumns)+" cột).",
			"The range is too long (at most "+strconv.Itoa(dondoc.MaxRollupColumns)+" columns).")
	}
	return g, nil
}

// col returns the column of month index mi, or -1 outside the grid.
func (g grid) col(mi int) int {
	if mi < g.first {
		return -1
	}
	c := (mi - g.first) / g.step
	if c >= g.n {
		return -1
	}
	return c
}

// lastMonth returns the month index of the last month of column c.
func (g grid) lastMonth(c int) int { return g.first + (c+1)*g.step - 1 }

// lastDay is the last day of column c's period, whose tree of then places the column's values.
func (g grid) lastDay(c int) dondoc.Date { return periodStart(g.lastMonth(c) + 1).AddDays(-1) }

// judgedMonth returns the last month of column c that the range covers: a yearly column of a range
// ending in April is judged against the trajectory at the end of April.
func (g grid) judgedMonth(c int) int { return min(g.lastMonth(c), g.end) }

// firstMonth returns the month index of the first month of column c.
func (g grid) firstMonth(c int) int { return g.first + c*g.step }

// acc accumulates values under one aggregation rule. For "last" each unit contributes its latest
// value, so sum then holds the sum of the units' last values. parts holds the breakdown by the
// index partIndex gave each part's name; a roll-up adds tens of thousands of them, which a slice
// does several times faster than a map.
type acc struct {
	sum, den float64
	n        int
	parts    []part
}

// part is one part of a breakdown: its sum, and whether any value carried it, so that a part
// reported as 0 still shows while one never reported does not.
type part struct {
	v  float64
	ok bool
}

func (a *acc) add(b *acc) {
	if b.n == 0 {
		return
	}
	a.sum += b.sum
	a.den += b.den
	a.n += b.n
	a.addParts(b.parts)
}

// addParts adds a breakdown to the accumulator's own, which it never shares with another.
func (a *acc) addParts(parts []part) {
	if len(parts) == 0 {
		return
	}
	if len(a.parts) < len(parts) {
		a.parts = append(make([]part, 0, len(parts)), a.parts...)[:len(parts)]
	}
	for i, p := range parts {
		if p.ok {
			a.parts[i].v += p.v
			a.parts[i].ok = true
		}
	}
}

// partIndex numbers the names of an indicator's parts as values bring them: its declared
// breakdown first, in order, then any other name a value carries.
type partIndex struct {
	index map[string]int
	names []string
}

func newPartIndex(ind dondoc.Indicator) *partIndex {
	x := &partIndex{index: make(map[string]int, len(ind.Disaggregations))}
	for _, name := range ind.Disaggregations {
		x.of(name)
	}
	return x
}

// of returns the index of a part's name, numbering it if it is new.
func (x *partIndex) of(name string) int {
	i, ok := x.index[name]
	if !ok {
		i = len(x.names)
		x.index[name] = i
		x.names = append(x.names, name)
	}
	return i
}

// breakdown returns an actual's parts as a new slice by index.
func (x *partIndex) breakdown(parts map[string]float64) []part {
	if len(parts) == 0 {
		return nil
	}
	out := make([]part, len(x.names), len(x.names)+len(parts))
	for name, v := range parts {
		i := x.of(name)
		if i >= len(out) {
			out = out[:i+1]
		}
		out[i] = part{v: v, ok: true}
	}
	return out
}

// unitSeries is one reporting unit's values, column by column, before they are added to the rows
// above it. For "last", lastMonth marks which report each column's value came from.
type unitSeries struct {
	cols      []acc
	lastMonth []int
}

// tree answers where a unit sits in the tree a roll-up uses.
type tree struct {
	units    map[int64]*dondoc.UnitFact
	root     int64
	children map[int64][]int64
	depth    map[int64]int
	// successor maps a unit merged or renamed away to the unit that carries it on today.
	successor map[int64]int64
	// moves lists, per unit, the moves that recorded the parent it left, in date order.
	moves map[int64][]unitMove
}

// unitMove is a unit leaving parent from on the effective day.
type unitMove struct {
	effective dondoc.Date
	from      int64
}

// newTree indexes the units of the facts. Siblings keep the order of the facts, which storage
// gives in Vietnamese name order. Units outside the root's subtree (merged into it from elsewhere)
// have no depth.
func newTree(f *dondoc.IndicatorFacts) *tree {
	t := &tree{units: make(map[int64]*dondoc.UnitFact, len(f.Units)), root: f.RootID, children: map[int64][]int64{},
		depth: make(map[int64]int, len(f.Units)), successor: map[int64]int64{}, moves: map[int64][]unitMove{}}
	for i := range f.Units {
		u := &f.Units[i]
		t.units[u.ID] = u
	}
	for i := range f.Units {
		u := &f.Units[i]
		if u.ID != t.root && u.ParentID != nil {
			t.children[*u.ParentID] = append(t.children[*u.ParentID], u.ID)
		}
	}
	var walk func(id int64, d int)
	walk = func(id int64, d int) {
		t.depth[id] = d
		for _, c := range t.children[id] {
			walk(c, d+1)
		}
	}
	walk(t.root, 0)
	// Changes come in order of their effective date, so a later merge overrides an earlier one.
	changes := slices.Clone(f.Changes)
	slices.SortStableFunc(changes, func(a, b dondoc.UnitChangeFact) int {
		if a.Effective < b.Effective {
			return -1
		}
		if a.Effective > b.Effective {
			return 1
		}
		return 0
	})
	for _, c := range changes {
		for _, unit := range slices.Sorted(maps.Keys(c.FromParents)) {
			t.moves[unit] = append(t.moves[unit], unitMove{effective: c.Effective, from: c.FromParents[unit]})
		}
		if (c.Kind != dondoc.ChangeMerge && c.Kind != dondoc.ChangeRename) || len(c.Successors) != 1 {
			continue
		}
		for _, p := range c.Predecessors {
			if p != c.Successors[0] {
				t.successor[p] = c.Successors[0]
			}
		}
	}
	return t
}

// today returns the unit that carries id on today's tree: the end of its chain of merges and
// renames. A split predecessor has no single heir and stays itself.
func (t *tree) today(id int64) int64 {
	for range 32 {
		s, ok := t.successor[id]
		if !ok {
			return id
		}
		id = s
	}
	return id
}

// ancestors calls fn for id and each unit above it up to the root, stopping at units outside the
// subtree.
func (t *tree) ancestors(id int64, fn func(int64)) {
	for range 64 {
		if _, ok := t.depth[id]; !ok {
			return
		}
		fn(id)
		if id == t.root {
			return
		}
		u := t.units[id]
		if u == nil || u.ParentID == nil {
			return
		}
		id = *u.ParentID
	}
}

// parentOn returns the parent a unit had on day: its parent today, or, before a recorded move, the
// parent it left. ok is false for a root.
func (t *tree) parentOn(id int64, day dondoc.Date) (parent int64, ok bool) {
	u := t.units[id]
	if u == nil || u.ParentID == nil {
		return 0, false
	}
	parent = *u.ParentID
	moves := t.moves[id]
	for i := len(moves) - 1; i >= 0 && day < moves[i].effective; i-- {
		parent = moves[i].from
	}
	return parent, true
}

// ancestorsOn calls fn for id and each unit above it on the tree of day, up to the root, stopping
// at units outside the facts. Unlike ancestors it follows recorded moves, and starts from a unit
// that a move has since taken out of the subtree.
func (t *tree) ancestorsOn(id int64, day dondoc.Date, fn func(int64)) {
	for range 64 {
		if t.units[id] == nil {
			return
		}
		fn(id)
		if id == t.root {
			return
		}
		parent, ok := t.parentOn(id, day)
		if !ok {
			return
		}
		id = parent
	}
}

// rowUnits lists the units that get a row, in tree order: the root and the units down to level
// that existed in the range (on the tree of then) or exist on asOf (on today's tree).
func (t *tree) rowUnits(level int, keep func(*dondoc.UnitFact) bool) []int64 {
	var out []int64
	var walk func(id int64)
	walk = func(id int64) {
		u := t.units[id]
		if u == nil {
			return
		}
		if id != t.root && !keep(u) {
			return
		}
		out = append(out, id)
		if t.depth[id] >= level {
			return
		}
		for _, c := range t.children[id] {
			walk(c)
		}
	}
	walk(t.root)
	return out
}

// ComputeRollup computes a roll-up from the facts. The query's range and granularity must already
// be filled in (see DefaultRange); asOf is the day "today" means for the tree of today.
func ComputeRollup(q dondoc.RollupQuery, f *dondoc.IndicatorFacts, th dondoc.IndicatorStatus, asOf dondoc.Date) (*dondoc.Rollup, error) {
	ind := f.Indicator
	if q.By == "" {
		q.By = ind.PeriodType
	}
	if q.Merge == "" {
		q.Merge = dondoc.MergeThen
	}
	if granularityRank[q.By] < granularityRank[ind.PeriodType] {
		return nil, dondoc.Invalid("by", "Chỉ tiêu báo cáo theo kỳ "+string(ind.PeriodType)+", không chia nhỏ hơn được.",
			"The indicator is reported by "+string(ind.PeriodType)+"; columns cannot be finer.")
	}
	g, err := newGrid(q.By, q.From, q.To)
	if err != nil {
		return nil, err
	}
	t := newTree(f)
	rangeStart, rangeEnd := periodStart(g.firstMonth(g.visible)), cutOff(g.end)
	var rowIDs []int64
	if q.Merge == dondoc.MergeToday {
		rowIDs = t.rowUnits(q.Level, func(u *dondoc.UnitFact) bool { return u.ValidOn(asOf) })
	} else {
		rowIDs = t.rowUnits(q.Level, func(u *dondoc.UnitFact) bool { return u.Overlaps(rangeStart, rangeEnd) })
	}
	rowIndex := make(map[int64]int, len(rowIDs))
	for i, id := range rowIDs {
		rowIndex[id] = i
	}
	ncols := g.n
	rowCols := make([][]acc, len(rowIDs))
	rowYTD := make([][]acc, len(rowIDs))
	rowTotal := make([]acc, len(rowIDs))
	for i := range rowIDs {
		rowCols[i], rowYTD[i] = make([]acc, ncols), make([]acc, ncols)
	}

	names := newPartIndex(ind)
	series := seriesOf(ind, g, f.Actuals, names)
	// Each reporting unit's columns, year-to-date values and total reach every row above it: on
	// the tree of then through its own parents, on today's tree through the unit that carries it.
	// On the tree of then, a unit that moved reaches the rows above the parent it had at the end of
	// each column; its total reaches them for those columns, or for a stock the rows above the
	// parent it had at the end of the range.
	moved := q.Merge == dondoc.MergeThen && len(t.moves) > 0
	colTargets := make([][]int, ncols)
	lastDays := make([]dondoc.Date, ncols)
	if moved {
		for c := range lastDays {
			lastDays[c] = g.lastDay(c)
		}
	}
	rowsOn := func(start int64, day dondoc.Date, into []int) []int {
		into = into[:0]
		collect := func(id int64) {
			if r, ok := rowIndex[id]; ok {
				into = append(into, r)
			}
		}
		if moved {
			t.ancestorsOn(start, day, collect)
		} else {
			t.ancestors(start, collect)
		}
		return into
	}
	var targets []int
	// Units are taken in order so that floating-point sums come out the same on every run.
	for _, uid := range slices.Sorted(maps.Keys(series)) {
		s := series[uid]
		start := uid
		if q.Merge == dondoc.MergeToday {
			start = t.today(uid)
		}
		targets = rowsOn(start, lastDays[ncols-1], targets)
		if len(targets) == 0 && !moved {
			continue
		}
		for c := range colTargets {
			if moved {
				colTargets[c] = rowsOn(start, lastDays[c], colTargets[c])
			} else {
				colTargets[c] = targets
			}
		}
		validTo := ""
		if u := t.units[uid]; u != nil {
			validTo = string(u.ValidTo)
		}
		unitYTD(ind.Aggregation, g, s, validTo, func(c int, run *acc) {
			for _, r := range colTargets[c] {
				rowCols[r][c].add(&s.cols[c])
				rowYTD[r][c].add(run)
			}
		})
		if !moved || ind.Aggregation == dondoc.AggLast {
			total := unitTotal(ind.Aggregation, g, s)
			for _, r := range targets {
				rowTotal[r].add(&total)
			}
			continue
		}
		// A flow counts in the total of each row for the columns in which the unit was under it;
		// a stock ("last") belongs where the unit ended the range, as above.
		for from := g.visible; from < ncols; {
			to := from + 1
			for to < ncols && slices.Equal(colTargets[to], colTargets[from]) {
				to++
			}
			part := unitColumnsTotal(ind.Aggregation, s, from, to)
			for _, r := range colTargets[from] {
				rowTotal[r].add(&part)
			}
			from = to
		}
	}

	plans := newPlans(ind, t, f.Targets, q.Merge)
	out := &dondoc.Rollup{Indicator: ind, UnitID: f.RootID, From: q.From, To: q.To, By: q.By, Level: q.Level, Merge: q.Merge,
		IncludeSubmitted: q.IncludeSubmitted, AsOf: asOf, Thresholds: th, Periods: make([]string, 0, ncols-g.visible),
		Rows: make([]dondoc.RollupRow, len(rowIDs))}
	for c := g.visible; c < ncols; c++ {
		out.Periods = append(out.Periods, columnKey(q.By, g.lastMonth(c)))
	}
	for i, id := range rowIDs {
		u := t.units[id]
		row := dondoc.RollupRow{UnitID: id, UnitName: u.Name, Kind: u.Kind, ParentID: u.ParentID, Depth: t.depth[id],
			ValidFrom: u.ValidFrom, ValidTo: u.ValidTo, Cells: make([]dondoc.RollupCell, 0, ncols-g.visible)}
		if id == t.root {
			row.ParentID = nil
		}
		for c := g.visible; c < ncols; c++ {
			cell := makeCell(ind, names.names, out.Periods[c-g.visible], &rowCols[i][c], &rowYTD[i][c])
			lm := g.judgedMonth(c)
			judge(ind, th, &cell, cell.YTD, plans.expected(id, lm/12*12, lm))
			row.Cells = append(row.Cells, cell)
		}
		row.Total = makeCell(ind, names.names, q.From+"/"+q.To, &rowTotal[i], nil)
		judge(ind, th, &row.Total, row.Total.Value, plans.expected(id, g.firstMonth(g.visible), g.end))
		out.Rows[i] = row
	}
	return out, nil
}

// seriesOf sorts the actuals into each unit's columns under the indicator's rule; actuals outside
// the grid, after the end of the range (in a last column that the range cuts short) or with a
// malformed period are left out.
func seriesOf(ind dondoc.Indicator, g grid, actuals []dondoc.ActualFact, names *partIndex) map[int64]*unitSeries {
	out := map[int64]*unitSeries{}
	var s *unitSeries
	var slab []acc
	for i := range actuals {
		a := &actuals[i]
		_, last, ok := monthSpan(a.Period)
		if !ok || last > g.end {
			continue
		}
		c := g.col(last)
		if c < 0 {
			continue
		}
		// Storage returns a unit's values together, so the series of the previous value is
		// usually the one wanted.
		if i == 0 || actuals[i-1].UnitID != a.UnitID {
			s = out[a.UnitID]
		}
		if s == nil {
			// Columns come from a shared slab, one allocation for many units.
			if len(slab) < g.n {
				slab = make([]acc, g.n*256)
			}
			s = &unitSeries{cols: slab[:g.n:g.n]}
			slab = slab[g.n:]
			if ind.Aggregation == dondoc.AggLast {
				s.lastMonth = make([]int, g.n)
			}
			out[a.UnitID] = s
		}
		x := &s.cols[c]
		switch ind.Aggregation {
		case dondoc.AggLast:
			if x.n > 0 && s.lastMonth[c] > last {
				x.n++
				continue
			}
			n := x.n
			*x = acc{sum: a.Value, n: n + 1, parts: names.breakdown(a.Parts)}
			s.lastMonth[c] = last
		default:
			x.sum += a.Value
			if a.Denominator != nil {
				x.den += *a.Denominator
			}
			x.n++
			if len(a.Parts) > 0 {
				x.addParts(names.breakdown(a.Parts))
			}
		}
	}
	return out
}

// unitYTD calls fn with one unit's year-to-date value at each column: running sums that restart
// each January, or for "last" the latest value so far, carried only while the unit still existed
// (a merged commune's last stock belongs to the commune that took it over). fn must not keep run.
func unitYTD(rule dondoc.Aggregation, g grid, s *unitSeries, validTo string, fn func(c int, run *acc)) {
	var run acc
	for c := range g.n {
		if g.firstMonth(c)%12 == 0 {
			run = acc{}
		}
		x := &s.cols[c]
		if rule == dondoc.AggLast {
			switch {
			case x.n > 0:
				run = acc{sum: x.sum, n: run.n + x.n, parts: x.parts}
			case run.n > 0 && validTo != "" && string(periodStart(g.firstMonth(c))) > validTo:
				run = acc{}
			}
		} else {
			run.sum += x.sum
			run.den += x.den
			run.n += x.n
			run.addParts(x.parts)
		}
		fn(c, &run)
	}
}

// unitTotal aggregates one unit's visible columns under the rule.
func unitTotal(rule dondoc.Aggregation, g grid, s *unitSeries) acc {
	return unitColumnsTotal(rule, s, g.visible, g.n)
}

// unitColumnsTotal aggregates one unit's columns from to before to under the rule.
func unitColumnsTotal(rule dondoc.Aggregation, s *unitSeries, from, to int) acc {
	var out acc
	for c := from; c < to; c++ {
		x := &s.cols[c]
		if x.n == 0 {
			continue
		}
		if rule == dondoc.AggLast {
			out = acc{sum: x.sum, n: out.n + x.n, parts: x.parts}
			continue
		}
		out.add(x)
	}
	return out
}

// ratioScale is 100 for a ratio indicator measured in percent, so that disbursed over allocated
// reads 62.5 like its target of 95, and 1 otherwise.
func ratioScale(ind dondoc.Indicator) float64 {
	if ind.Measure == "%" {
		return 100
	}
	return 1
}

// valueOf turns an accumulator into the indicator's value, or nil when nothing was reported or a
// ratio has no denominator.
func valueOf(ind dondoc.Indicator, a *acc) *float64 {
	if a == nil || a.n == 0 {
		return nil
	}
	var v float64
	switch ind.Aggregation {
	case dondoc.AggRatio:
		if a.den == 0 {
			return nil
		}
		v = dondoc.RoundRatio(a.sum / a.den * ratioScale(ind))
	case dondoc.AggAverage:
		v = dondoc.RoundRatio(a.sum / float64(a.n))
	default:
		v = roundSum(a.sum)
	}
	return &v
}

// roundSum removes the binary noise a long sum of decimal figures picks up (0.1 + 0.2), keeping
// twelve significant digits.
func roundSum(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	p := math.Pow(10, 12-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// makeCell builds a cell from a period's accumulator and, when given, its year-to-date one; names
// are the parts' names by index.
func makeCell(ind dondoc.Indicator, names []string, period string, a, ytd *acc) dondoc.RollupCell {
	cell := dondoc.RollupCell{Period: period, Value: valueOf(ind, a), Reports: a.n}
	if ind.Aggregation == dondoc.AggRatio && a.n > 0 {
		num, den := roundSum(a.sum), roundSum(a.den)
		cell.Numerator, cell.Denominator = &num, &den
	}
	if a.n > 0 && len(a.parts) > 0 {
		cell.Parts = make(map[string]float64, len(a.parts))
		for i, p := range a.parts {
			if !p.ok {
				continue
			}
			v := p.v
			if ind.Aggregation == dondoc.AggAverage {
				v = dondoc.RoundRatio(v / float64(a.n))
			}
			cell.Parts[names[i]] = roundSum(v)
		}
	}
	if ytd != nil {
		cell.YTD = valueOf(ind, ytd)
	}
	return cell
}

package report

import (
	"dondoc"
)

// unitPlan is the targets set for one unit: per year, per quarter (y*4 + q - 1) and per term.
type unitPlan struct {
	years    map[int]float64
	quarters map[int]float64
	terms    []termTarget
}

// termTarget is a target for a whole term such as 2021-2025.
type termTarget struct {
	from, to int
	value    float64
}

// plans answers what a unit was expected to reach, from its targets or, for a sum without a
// target of its own, from the targets of the units under it.
type plans struct {
	ind   dondoc.Indicator
	t     *tree
	today bool
	own   map[int64]*unitPlan
	memo  map[planKey]*[12]float64
}

type planKey struct {
	unit int64
	year int
}

// newPlans indexes the targets. On today's tree the targets of a unit merged away are added to
// the unit that carries it, for a sum only: its figures are added there too, while a rate or a
// level set for a smaller unit says nothing about the merged one.
func newPlans(ind dondoc.Indicator, t *tree, targets []dondoc.TargetFact, merge dondoc.MergeMode) *plans {
	p := &plans{ind: ind, t: t, today: merge == dondoc.MergeToday, own: map[int64]*unitPlan{}, memo: map[planKey]*[12]float64{}}
	sum := ind.Aggregation == dondoc.AggSum
	for _, x := range targets {
		uid := x.UnitID
		if p.today && sum {
			uid = t.today(uid)
		} else if p.today && t.today(uid) != uid {
			continue
		}
		up := p.own[uid]
		if up == nil {
			up = &unitPlan{years: map[int]float64{}, quarters: map[int]float64{}}
			p.own[uid] = up
		}
		f, l, ok := monthSpan(x.Period)
		if !ok {
			continue
		}
		switch dondoc.PeriodTypeOf(x.Period) {
		case dondoc.PeriodYear:
			up.years[f/12] += x.Value
		case dondoc.PeriodQuarter:
			up.quarters[f/12*4+(f%12)/3] += x.Value
		case dondoc.PeriodTerm:
			up.terms = append(up.terms, termTarget{from: f / 12, to: l / 12, value: x.Value})
		}
	}
	return p
}

// year returns the unit's own target for year y: the yearly target, or else the target of a term
// covering y, spread evenly over the term's years for a sum.
func (up *unitPlan) year(y int, sum bool) (float64, bool) {
	if up == nil {
		return 0, false
	}
	if v, ok := up.years[y]; ok {
		return v, true
	}
	for _, tt := range up.terms {
		if tt.from <= y && y <= tt.to {
			if sum {
				return tt.value / float64(tt.to-tt.from+1), true
			}
			return tt.value, true
		}
	}
	return 0, false
}

// months returns a sum's expected increment in each month of year y: from the quarterly targets
// when any is set (a quarter without one shares what the year's target leaves), else linearly from
// the year's target, else the sum of the units below. ok is false when no target applies at all.
func (p *plans) months(id int64, y int) (*[12]float64, bool) {
	k := planKey{id, y}
	if m, ok := p.memo[k]; ok {
		return m, m != nil
	}
	var out [12]float64
	found := false
	up := p.own[id]
	yv, hasYear := up.year(y, true)
	var setQ, sumQ float64
	if up != nil {
		for q := range 4 {
			if v, ok := up.quarters[y*4+q]; ok {
				setQ++
				sumQ += v
			}
		}
	}
	switch {
	case setQ > 0:
		found = true
		rest := 0.0
		if hasYear && setQ < 4 {
			rest = (yv - sumQ) / (4 - setQ) / 3
		}
		for m := range 12 {
			if v, ok := up.quarters[y*4+m/3]; ok {
				out[m] = v / 3
			} else {
				out[m] = rest
			}
		}
	case hasYear:
		found = true
		for m := range 12 {
			out[m] = yv / 12
		}
	default:
		for _, c := range p.t.children[id] {
			if p.today && p.t.today(c) != c {
				continue
			}
			if cm, ok := p.months(c, y); ok {
				found = true
				for m := range 12 {
					out[m] += cm[m]
				}
			}
		}
	}
	if !found {
		p.memo[k] = nil
		return nil, false
	}
	p.memo[k] = &out
	return &out, true
}

// expected returns the trajectory of unit id over the months from to to (month indexes): for a sum
// the increments of those months added up; for a ratio, an average or a last value, the level set
// for the year of the last month. It is nil when no target applies.
func (p *plans) expected(id int64, from, to int) *float64 {
	if p.ind.Aggregation != dondoc.AggSum {
		v, ok := p.own[id].year(to/12, false)
		if !ok {
			return nil
		}
		return &v
	}
	total, found := 0.0, false
	for mi := from; mi <= to; mi++ {
		m, ok := p.months(id, mi/12)
		if !ok {
			continue
		}
		found = true
		total += m[mi%12]
	}
	if !found {
		return nil
	}
	total = roundSum(total)
	return &total
}

// judge sets a cell's target, achievement and traffic light from the value judged (the
// year-to-date value of a period, the value of a whole range) and the trajectory. A lower-is-better
// indicator achieves target/value; a value of zero or less then meets any plan. A plan of zero or
// less is met by any value of a higher-is-better indicator.
func judge(ind dondoc.Indicator, th dondoc.IndicatorStatus, cell *dondoc.RollupCell, value, expected *float64) {
	cell.Target = expected
	if value == nil || expected == nil {
		return
	}
	v, e := *value, *expected
	var ach float64
	switch {
	case ind.HigherIsBetter && e <= 0, !ind.HigherIsBetter && v <= 0:
		cell.Status = dondoc.LightGreen
		return
	case ind.HigherIsBetter:
		ach = v / e * 100
	default:
		ach = e / v * 100
	}
	ach = dondoc.RoundRatio(ach)
	cell.Achievement = &ach
	cell.Status = th.Light(ach)
}

package report

import (
	"maps"
	"slices"

	"dondoc"
	"dondoc/internal/calendar"
)

// ComputeCompleteness counts, as DHIS2 does, the reports expected, received and received on time
// for each reporting period of the indicator from q.From to q.To, on the tree of each period. A
// unit is a reporting unit when it has a target or a reported value of the indicator in the years
// covered; it is expected to report a period when it exists on the period's cut-off. A report
// counts as received when submitted and not returned, and on time when its last submission came no
// later than the period's due day (th.DueDay, read by calendar.DueDate). Each row counts its whole
// subtree; the levels sum the reporting units by kind.
func ComputeCompleteness(q dondoc.CompletenessQuery, f *dondoc.IndicatorFacts, th dondoc.IndicatorStatus, asOf dondoc.Date) (*dondoc.Completeness, error) {
	ind := f.Indicator
	g, err := newGrid(ind.PeriodType, q.From, q.To)
	if err != nil {
		return nil, err
	}
	out := &dondoc.Completeness{Indicator: ind, UnitID: f.RootID, From: q.From, To: q.To, Level: q.Level, AsOf: asOf,
		Periods: []dondoc.CompletenessPeriod{}, Rows: []dondoc.CompletenessRow{}, Levels: []dondoc.CompletenessLevel{}}
	type period struct {
		key      string
		end, due dondoc.Date
	}
	var periods []period
	for c := g.visible; c < g.n; c++ {
		key := columnKey(ind.PeriodType, g.lastMonth(c))
		p, err := calendar.PeriodByKey(key)
		if err != nil {
			return nil, err
		}
		due, err := calendar.DueDate(p, th.DueDay)
		if err != nil {
			return nil, err
		}
		periods = append(periods, period{key: key, end: p.End, due: due})
		out.Periods = append(out.Periods, dondoc.CompletenessPeriod{Key: key, Due: due})
	}
	t := newTree(f)
	firstYear, lastYear := g.firstMonth(g.visible)/12, g.lastMonth(g.n-1)/12
	reporting := map[int64]bool{}
	for _, x := range f.Targets {
		if fm, lm, ok := monthSpan(x.Period); ok && fm/12 <= lastYear && lm/12 >= firstYear {
			reporting[x.UnitID] = true
		}
	}
	type key struct {
		unit   int64
		period string
	}
	received := map[key]dondoc.Date{}
	for _, a := range f.Actuals {
		if a.Status == dondoc.ActualReturned {
			continue
		}
		if fm, lm, ok := monthSpan(a.Period); ok && fm/12 <= lastYear && lm/12 >= firstYear {
			reporting[a.UnitID] = true
			received[key{a.UnitID, a.Period}] = a.SubmittedOn
		}
	}
	rangeStart, rangeEnd := periodStart(g.firstMonth(g.visible)), cutOff(g.end)
	rowIDs := t.rowUnits(q.Level, func(u *dondoc.UnitFact) bool { return u.Overlaps(rangeStart, rangeEnd) })
	rows := make([]dondoc.CompletenessRow, len(rowIDs))
	rowIndex := make(map[int64]int, len(rowIDs))
	for i, id := range rowIDs {
		u := t.units[id]
		rows[i] = dondoc.CompletenessRow{UnitID: id, UnitName: u.Name, Kind: u.Kind, ParentID: u.ParentID, Depth: t.depth[id]}
		if id == t.root {
			rows[i].ParentID = nil
		}
		rowIndex[id] = i
	}
	levels := map[dondoc.UnitKind]*dondoc.CompletenessCounts{}
	for _, uid := range slices.Sorted(maps.Keys(reporting)) {
		u := t.units[uid]
		if _, inTree := t.depth[uid]; u == nil || !inTree {
			continue
		}
		var c dondoc.CompletenessCounts
		for _, p := range periods {
			if !u.ValidOn(p.end) {
				continue
			}
			c.Expected++
			if on, ok := received[key{uid, p.key}]; ok {
				c.Received++
				if on != "" && on <= p.due {
					c.OnTime++
				}
			}
		}
		if c.Expected == 0 {
			continue
		}
		lv := levels[u.Kind]
		if lv == nil {
			lv = &dondoc.CompletenessCounts{}
			levels[u.Kind] = lv
		}
		addCounts(lv, &c)
		t.ancestors(uid, func(id int64) {
			if r, ok := rowIndex[id]; ok {
				addCounts(&rows[r].CompletenessCounts, &c)
			}
		})
	}
	for i := range rows {
		rows[i].Rates()
	}
	out.Rows = rows
	for _, k := range dondoc.UnitKinds {
		if lv := levels[k]; lv != nil {
			lv.Rates()
			out.Levels = append(out.Levels, dondoc.CompletenessLevel{Kind: k, CompletenessCounts: *lv})
		}
	}
	return out, nil
}

// addCounts adds the counts of b to a.
func addCounts(a, b *dondoc.CompletenessCounts) {
	a.Expected += b.Expected
	a.Received += b.Received
	a.OnTime += b.OnTime
}

// Package report computes dondoc's reports from the facts storage hands it, and writes them as
// files. It does no I/O of its own besides the writer it is given, so that every rule of a report
// can be tested with hand-made facts, and the same numbers reach the API, pages and exports.
package report

import (
	"sort"

	"dondoc"
	"dondoc/internal/vntext"
)

// Scorecard counts the tasks and escalations of each lead unit as they stood on asOf, and ranks the
// units by on-time rate; it does the same for each person in an accountable post, from the terms
// in holdings. Storage has already limited the facts to the range and to the caller's scope,
// classed and grouped the tasks, and picked the longest overdue of them for the list.
func Scorecard(f dondoc.ReportFilter, asOf dondoc.Date, groups []dondoc.TaskGroupFact, overdue []dondoc.OverdueTask,
	escalations []dondoc.EscalationFact, holdings []dondoc.HoldingFact) *dondoc.Scorecard {
	s := &dondoc.Scorecard{From: f.From, To: f.To, AsOf: asOf, UnitID: f.UnitID,
		Rows: []dondoc.ScorecardRow{}, Heads: []dondoc.HeadScorecardRow{}, OverdueTasks: overdue}
	if s.OverdueTasks == nil {
		s.OverdueTasks = []dondoc.OverdueTask{}
	}
	terms := map[int64][]*dondoc.HoldingFact{}
	heads := map[int64][]*dondoc.HoldingFact{}
	for i := range holdings {
		h := &holdings[i]
		terms[h.PostID] = append(terms[h.PostID], h)
		if h.IsHead {
			heads[h.UnitID] = append(heads[h.UnitID], h)
		}
	}
	rows := map[int64]*dondoc.ScorecardRow{}
	row := func(id int64, name string) *dondoc.ScorecardRow {
		r, ok := rows[id]
		if !ok {
			r = &dondoc.ScorecardRow{UnitID: id, UnitName: name}
			rows[id] = r
		}
		return r
	}
	type headKey struct{ post, person int64 }
	headRows := map[headKey]*dondoc.HeadScorecardRow{}
	headRow := func(h *dondoc.HoldingFact) *dondoc.ScorecardRow {
		k := headKey{h.PostID, h.PersonID}
		r, ok := headRows[k]
		if !ok {
			r = &dondoc.HeadScorecardRow{PersonID: h.PersonID, PersonName: h.PersonName, PostID: h.PostID, PostTitle: h.PostTitle,
				Record: dondoc.ScorecardRow{UnitID: h.UnitID, UnitName: h.UnitName}}
			headRows[k] = r
		}
		return &r.Record
	}
	for i := range groups {
		g := &groups[i]
		countGroup(row(g.LeadUnitID, g.LeadUnitName), g, asOf)
		if g.AccountablePostID == nil {
			continue
		}
		day := asOf
		if g.Class.Done() {
			day = g.CompletedOn
		}
		if h := holderOn(terms[*g.AccountablePostID], day); h != nil {
			countGroup(headRow(h), g, asOf)
		}
	}
	for i := range escalations {
		e := &escalations[i]
		open, days := e.OpenOn(asOf)
		if !open {
			continue
		}
		countEscalation(row(e.FromUnitID, e.FromUnitName), days)
		if h := holderOn(heads[e.FromUnitID], asOf); h != nil {
			countEscalation(headRow(h), days)
		}
	}
	s.Total.UnitName = "Tổng cộng"
	for _, r := range rows {
		r.OnTimeRate = onTimeRate(r)
		s.Rows = append(s.Rows, *r)
		addRow(&s.Total, r)
	}
	s.Total.OnTimeRate = onTimeRate(&s.Total)
	Rank(s.Rows)
	for _, r := range headRows {
		r.Record.OnTimeRate = onTimeRate(&r.Record)
		s.Heads = append(s.Heads, *r)
	}
	rankRows(s.Heads, func(h *dondoc.HeadScorecardRow) *dondoc.ScorecardRow { return &h.Record },
		func(h *dondoc.HeadScorecardRow) string { return h.PersonName })
	return s
}

// countGroup adds a group of tasks, in the class they had on asOf, to a row.
func countGroup(r *dondoc.ScorecardRow, g *dondoc.TaskGroupFact, asOf dondoc.Date) {
	r.Assigned += g.Count
	r.Extensions += g.Extensions
	switch g.Class {
	case dondoc.ClassDoneOnTime:
		r.DoneOnTime += g.Count
	case dondoc.ClassDoneLate:
		r.DoneLate += g.Count
	case dondoc.ClassDoneNoDeadline:
		r.DoneNoDeadline += g.Count
	case dondoc.ClassOverdue:
		r.Overdue += g.Count
		r.MaxDaysOverdue = max(r.MaxDaysOverdue, g.OldestDueOn.DaysUntil(asOf))
	case dondoc.ClassInProgress, dondoc.ClassCompletionRequested:
		r.InProgress += g.Count
	default:
		r.Suspended += g.Count
	}
}

// countEscalation adds one open escalation that has waited days to a row.
func countEscalation(r *dondoc.ScorecardRow, days int) {
	r.OpenEscalations++
	r.OldestEscalationDays = max(r.OldestEscalationDays, days)
}

// holderOn returns the term that covers the day, or nil when the post was vacant.
func holderOn(terms []*dondoc.HoldingFact, day dondoc.Date) *dondoc.HoldingFact {
	for _, h := range terms {
		if h.Covers(day) {
			return h
		}
	}
	return nil
}

// addRow adds the counts of r to the total row t.
func addRow(t, r *dondoc.ScorecardRow) {
	t.Assigned += r.Assigned
	t.DoneOnTime += r.DoneOnTime
	t.DoneLate += r.DoneLate
	t.DoneNoDeadline += r.DoneNoDeadline
	t.Overdue += r.Overdue
	t.MaxDaysOverdue = max(t.MaxDaysOverdue, r.MaxDaysOverdue)
	t.InProgress += r.InProgress
	t.Suspended += r.Suspended
	t.Extensions += r.Extensions
	t.OpenEscalations += r.OpenEscalations
	t.OldestEscalationDays = max(t.OldestEscalationDays, r.OldestEscalationDays)
}

// onTimeRate is the share of completed tasks with a deadline that finished by it, or nil when no
// such task exists: a unit that finished nothing has no rate, which is not the same as 0%.
func onTimeRate(r *dondoc.ScorecardRow) *float64 {
	n := r.DoneOnTime + r.DoneLate
	if n == 0 {
		return nil
	}
	v := float64(r.DoneOnTime) / float64(n)
	return &v
}

// Rank sorts rows by on-time rate, best first, and numbers them in competition style: equal rates
// share a rank and the next rank skips as many places ("1, 1, 3"). Rates are compared as exact
// fractions, so 2/3 and 4/6 tie whatever floating point makes of them. Rows without a rate come
// last, unranked; rows of equal rank are ordered by unit name in Vietnamese collation.
func Rank(rows []dondoc.ScorecardRow) {
	rankRows(rows, func(r *dondoc.ScorecardRow) *dondoc.ScorecardRow { return r },
		func(r *dondoc.ScorecardRow) string { return r.UnitName })
}

// rankRows is Rank for any row that carries a record, ordering equal ranks by name.
func rankRows[T any](rows []T, record func(*T) *dondoc.ScorecardRow, name func(*T) string) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := record(&rows[i]), record(&rows[j])
		if c := compareRate(a, b); c != 0 {
			return c > 0
		}
		if c := vntext.Compare(name(&rows[i]), name(&rows[j])); c != 0 {
			return c < 0
		}
		if c := vntext.Compare(a.UnitName, b.UnitName); c != 0 {
			return c < 0
		}
		return a.UnitID < b.UnitID
	})
	for i := range rows {
		r := record(&rows[i])
		r.Rank = nil
		if r.DoneOnTime+r.DoneLate == 0 {
			continue
		}
		rank := i + 1
		if i > 0 {
			if prev := record(&rows[i-1]); prev.Rank != nil && compareRate(prev, r) == 0 {
				rank = *prev.Rank
			}
		}
		r.Rank = &rank
	}
}

// compareRate compares the on-time rates of two rows as fractions (-1, 0, 1); a row without a rate
// is below every row with one.
func compareRate(a, b *dondoc.ScorecardRow) int {
	an, bn := a.DoneOnTime+a.DoneLate, b.DoneOnTime+b.DoneLate
	switch {
	case an == 0 && bn == 0:
		return 0
	case an == 0:
		return -1
	case bn == 0:
		return 1
	}
	l, r := a.DoneOnTime*bn, b.DoneOnTime*an
	switch {
	case l > r:
		return 1
	case l < r:
		return -1
	}
	return 0
}

// Review counts the tasks of one document by lead unit and status as they stand on asOf, with the
// overdue open tasks and the on-time and late completions of each unit, and a total row.
func Review(doc *dondoc.Document, asOf dondoc.Date, tasks []dondoc.TaskFact) *dondoc.ReviewReport {
	rep := &dondoc.ReviewReport{DocumentID: doc.ID, NumberSymbol: doc.NumberSymbol, Subject: doc.Subject, AsOf: asOf,
		Rows: []dondoc.ReviewRow{}, Total: newReviewRow(0, "Tổng cộng")}
	rows := map[int64]*dondoc.ReviewRow{}
	var order []int64
	for i := range tasks {
		t := &tasks[i]
		r, ok := rows[t.LeadUnitID]
		if !ok {
			nr := newReviewRow(t.LeadUnitID, t.LeadUnitName)
			r = &nr
			rows[t.LeadUnitID] = r
			order = append(order, t.LeadUnitID)
		}
		status, timing := t.TimingOn(asOf)
		for _, x := range []*dondoc.ReviewRow{r, &rep.Total} {
			x.Total++
			x.ByStatus[status]++
			if timing.Overdue {
				x.Overdue++
			}
			switch timing.Outcome {
			case "on_time":
				x.DoneOnTime++
			case "late":
				x.DoneLate++
			}
		}
	}
	for _, id := range order {
		rep.Rows = append(rep.Rows, *rows[id])
	}
	sort.SliceStable(rep.Rows, func(i, j int) bool {
		if c := vntext.Compare(rep.Rows[i].UnitName, rep.Rows[j].UnitName); c != 0 {
			return c < 0
		}
		return rep.Rows[i].UnitID < rep.Rows[j].UnitID
	})
	return rep
}

// newReviewRow returns a row with every status present, so that a client sees a zero rather than
// a missing key.
func newReviewRow(id int64, name string) dondoc.ReviewRow {
	r := dondoc.ReviewRow{UnitID: id, UnitName: name, ByStatus: make(map[dondoc.Status]int, len(dondoc.Statuses))}
	for _, s := range dondoc.Statuses {
		r.ByStatus[s] = 0
	}
	return r
}

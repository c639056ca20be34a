package ui

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"dondoc"
)

// leaderView is the province at a glance: four large figures, the slowest units with who answers
// for them, the key indicators against target and the key projects behind plan.
type leaderView struct {
	// OnTime is the on-time rate of done tasks ("86,5%"), empty while none with a deadline is done.
	OnTime      string
	Overdue     int
	Escalations int
	// Indicators is false when the server has no roll-ups, and the figure and block are left out.
	Indicators       bool
	IndicatorsBehind int
	KeyIndicators    []indicatorRow
	// Slowest are the units with the most overdue tasks and the lowest on-time rate this year.
	Slowest []slowUnit
	// Projects is false when the server has no key projects, and the block is left out.
	Projects bool
	Behind   []projectRow
}

// slowUnit is one row of "Đơn vị chậm nhất".
type slowUnit struct {
	UnitID  int64
	Name    string
	Rate    string
	Overdue int
	MaxDays int
	Head    string
}

// indicatorRow is an indicator's latest year-to-date value against its target, with a bar whose
// width is the achievement (capped at the bar) and a mark at the target.
type indicatorRow struct {
	Name, Measure string
	// Period is the month judged, "04/2024".
	Period         string
	Actual, Target string
	Achievement    string
	Width          int
	// Light is green, amber or red; LightLabel says it in words.
	Light, LightLabel string
}

// projectRow is a key project behind plan with its disbursement rate and the reasons.
type projectRow struct {
	Name    string
	Rate    string
	Reasons []string
}

// homeSlowUnits and homeIndicators bound the rows of the leader's blocks.
const (
	homeSlowUnits  = 5
	homeIndicators = 6
)

// lightLabels name the traffic lights of indicators.
var lightLabels = map[dondoc.TrafficLight]string{
	dondoc.LightGreen: "Đạt kế hoạch",
	dondoc.LightAmber: "Chậm so với kế hoạch",
	dondoc.LightRed:   "Chậm nhiều so với kế hoạch",
}

// leaderUnit is the unit a leader or office acts for: the first such grant.
func leaderUnit(a *dondoc.Actor) int64 {
	for _, g := range a.Grants {
		if g.Role == dondoc.RoleLeader || g.Role == dondoc.RoleOffice {
			return g.UnitID
		}
	}
	return 0
}

func (u *UI) leaderHome(ctx context.Context, v *viewer, counts *dondoc.TaskCounts, waiting *dondoc.Waiting, names *unitNames, heads *headNames) (*leaderView, error) {
	l := v.Lang
	out := &leaderView{Overdue: counts.Overdue, Escalations: waiting.Escalations}
	if rate, ok := counts.OnTimeRate(); ok {
		out.OnTime = l.number(rate*100, 1) + "%"
	}
	unit := leaderUnit(v.Actor)
	if u.s.Reports != nil {
		// This year so far: the report service judges the tasks on its own today.
		year := string(dondoc.Today(time.Now()))[:4]
		sc, err := u.s.Reports.Scorecard(ctx, dondoc.ReportFilter{From: dondoc.Date(year + "-01-01"), To: dondoc.Date(year + "-12-31"), UnitID: unit})
		if err != nil {
			return nil, err
		}
		rows := slices.Clone(sc.Rows)
		// The slowest are those with the most overdue tasks, then the lowest on-time rate; a unit
		// with nothing overdue and no rate yet is not slow.
		rows = slices.DeleteFunc(rows, func(r dondoc.ScorecardRow) bool { return r.Overdue == 0 && (r.OnTimeRate == nil || *r.OnTimeRate >= 1) })
		slices.SortStableFunc(rows, func(a, b dondoc.ScorecardRow) int {
			if c := cmp.Compare(b.Overdue, a.Overdue); c != 0 {
				return c
			}
			return cmp.Compare(rateOr(a.OnTimeRate), rateOr(b.OnTimeRate))
		})
		for _, r := range rows[:min(len(rows), homeSlowUnits)] {
			s := slowUnit{UnitID: r.UnitID, Name: r.UnitName, Overdue: r.Overdue, MaxDays: r.MaxDaysOverdue}
			if r.OnTimeRate != nil {
				s.Rate = l.number(*r.OnTimeRate*100, 1) + "%"
			}
			var err error
			if s.Head, err = heads.unit(ctx, r.UnitID); err != nil {
				return nil, err
			}
			out.Slowest = append(out.Slowest, s)
		}
	}
	if u.s.Rollups != nil && u.s.Indicators != nil {
		if err := u.keyIndicators(ctx, l, unit, out); err != nil {
			return nil, err
		}
	}
	if u.s.Indicators != nil {
		out.Projects = true
		behind, err := u.s.Indicators.ProjectWatchlist(ctx, dondoc.DefaultBehindThreshold)
		if err != nil {
			return nil, err
		}
		for _, p := range behind {
			row := projectRow{Name: p.Project.Name, Reasons: p.Reasons}
			if p.Rate != nil {
				row.Rate = l.number(*p.Rate*100, 1) + "%"
			}
			out.Behind = append(out.Behind, row)
		}
	}
	return out, nil
}

// monthLabel writes a month key "2024-04" as "04/2024"; other keys stay as they are.
func monthLabel(key string) string {
	if len(key) == 7 && key[4] == '-' {
		return key[5:] + "/" + key[:4]
	}
	return key
}

// rateOr orders a missing on-time rate after every known one.
func rateOr(r *float64) float64 {
	if r == nil {
		return 2
	}
	return *r
}

// keyIndicators rolls each indicator up over the leader's unit and keeps its latest month with a
// reported figure and a target (a later month without figures would judge old figures against a
// later trajectory): those behind plan first, the furthest behind first.
func (u *UI) keyIndicators(ctx context.Context, l lang, unit int64, out *leaderView) error {
	inds, err := u.s.Indicators.ListIndicators(ctx)
	if err != nil {
		return err
	}
	out.Indicators = true
	// Month by month over this year and the two before it, so that an indicator whose figures
	// stopped (or a year just begun) still shows its latest judged month.
	from := strconv.Itoa(time.Now().In(dondoc.Location).Year() - 2)
	type judged struct {
		row         indicatorRow
		achievement float64
	}
	var all []judged
	for _, ind := range inds {
		ru, err := u.s.Rollups.Rollup(ctx, dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: unit, From: from, By: dondoc.PeriodMonth})
		if hidden(err) || dondoc.IsCode(err, dondoc.EInvalid) {
			continue
		}
		if err != nil {
			return err
		}
		if len(ru.Rows) == 0 {
			continue
		}
		var cell *dondoc.RollupCell
		for i := range ru.Rows[0].Cells {
			if c := &ru.Rows[0].Cells[i]; c.Value != nil && c.Achievement != nil && c.Target != nil && c.YTD != nil {
				cell = c
			}
		}
		if cell == nil {
			continue
		}
		a := *cell.Achievement
		row := indicatorRow{Name: ind.Name, Measure: ind.Measure, Period: monthLabel(cell.Period), Actual: l.number(*cell.YTD, 1), Target: l.number(*cell.Target, 1),
			Achievement: l.number(a, 1) + "%", Width: int(min(max(a, 0), 100)), Light: string(cell.Status), LightLabel: l.tr(lightLabels[cell.Status])}
		if cell.Status != dondoc.LightGreen {
			out.IndicatorsBehind++
		}
		all = append(all, judged{row, a})
	}
	slices.SortStableFunc(all, func(a, b judged) int { return cmp.Compare(a.achievement, b.achievement) })
	for _, j := range all[:min(len(all), homeIndicators)] {
		out.KeyIndicators = append(out.KeyIndicators, j.row)
	}
	return nil
}

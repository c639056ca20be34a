package ui

import (
	"html/template"
	"net/http"
	"strconv"

	"dondoc"
	"dondoc/internal/report"
)

// projectMonth is one month of a project's disbursement.
type projectMonth struct {
	Month      string
	Planned    string
	Actual     string
	CumPlanned string
	CumActual  string
}

// projectMilestone is one milestone with where it stands.
type projectMilestone struct {
	Name    string
	Planned dondoc.Date
	Actual  dondoc.Date
	State   statusView
}

// projectView is the data of a key project's page.
type projectView struct {
	Summary      projectSummary
	Start, End   dondoc.Date
	Chart        template.HTML
	Caption      string
	Months       []projectMonth
	Milestones   []projectMilestone
	Difficulties []dondoc.Difficulty
}

// showProject shows a key project: whether it is behind plan and why, its monthly disbursement
// planned and actual as a chart and a table, its milestones planned and actual, and its open
// difficulties with links to their tasks.
func (u *UI) showProject(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.renderError(w, r, v, dondoc.NotFound("project"))
		return
	}
	pp, err := u.s.Indicators.ProjectProgress(ctx, id, dondoc.DefaultBehindThreshold)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	s, err := projectSummaryOf(ctx, v.Lang, newUnitNames(u.s.Org, v.Lang), pp)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data := &projectView{Summary: s, Start: pp.Project.PlannedStart, End: pp.Project.PlannedEnd, Difficulties: pp.Difficulties}
	chart := &report.Chart{Kind: report.BarChart, ValueTitle: v.Lang.tr("tỷ đồng"), Decimals: 1,
		Series: []report.ChartSeries{{Name: v.Lang.tr("Kế hoạch")}, {Name: v.Lang.tr("Thực hiện")}}}
	for _, m := range pp.Months {
		pm := projectMonth{Month: periodLabel(m.Month), Planned: plainFigure(v.Lang, m.Planned), Actual: figure(v.Lang, m.Actual),
			CumPlanned: plainFigure(v.Lang, m.CumPlanned), CumActual: plainFigure(v.Lang, m.CumActual)}
		data.Months = append(data.Months, pm)
		chart.Categories = append(chart.Categories, pm.Month)
		chart.Series[0].Values = append(chart.Series[0].Values, m.Planned)
		chart.Series[1].Values = append(chart.Series[1].Values, valueOr(m.Actual, true))
	}
	if len(chart.Categories) > 0 {
		svg, err := report.ChartSVG(chart)
		if err != nil {
			u.logInternal(ctx, r, dondoc.Internal(err))
		} else {
			// Drawn by the chart library from this server's numbers and names; it carries no script.
			data.Chart = template.HTML(svg)
			data.Caption = v.Lang.trf("Giải ngân theo tháng, kế hoạch và thực hiện (tỷ đồng), %s", pp.Project.Name)
		}
	}
	for _, m := range pp.Milestones {
		data.Milestones = append(data.Milestones, projectMilestone{Name: m.Name, Planned: m.Planned, Actual: m.Actual, State: milestoneState(v.Lang, m)})
	}
	u.render(w, r, http.StatusOK, view{Page: "project-view", Title: pp.Project.Name, Viewer: v, Nav: "reports", Data: data})
}

// milestoneState is how a milestone shows: reached on time, reached late, late, or not yet due.
func milestoneState(l lang, m dondoc.MilestoneProgress) statusView {
	days := l.number(float64(m.DaysLate), 0)
	switch m.Status {
	case dondoc.MilestoneDone:
		return statusView{Class: "done", Label: l.tr("Đạt đúng hạn"), Shape: shapeDone}
	case dondoc.MilestoneDoneLate:
		return statusView{Class: "done", Label: l.tr("Đã đạt"), Shape: shapeDone, Days: l.trf("chậm %s ngày", days)}
	case dondoc.MilestoneLate:
		return statusView{Class: "overdue", Label: l.tr("Chưa đạt"), Shape: shapeOverdue, Days: l.trf("chậm %s ngày", days)}
	}
	return statusView{Class: "idle", Label: l.tr("Chưa đến hạn"), Shape: shapeIdle}
}

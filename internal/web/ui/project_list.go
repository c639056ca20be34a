package ui

import (
	"context"
	"net/http"

	"dondoc"
)

// projectSummary is one key project on the list: its cumulative disbursement against plan and
// whether it is behind plan, with the reasons.
type projectSummary struct {
	Project    dondoc.Project
	Investor   string
	Total      string
	CumPlanned string
	CumActual  string
	Rate       string
	AsOfMonth  string
	Behind     bool
	Light      statusView
	Reasons    []string
}

// projectListView is the data of the key-project list.
type projectListView struct {
	Items  []projectSummary
	Behind int
	// Downloads are the list as an official report in DOCX and PDF.
	Downloads []download
}

// showProjectList lists the key projects, those behind plan first (the watchlist, furthest behind
// first), then the others, each with its disbursement rate against the cumulative plan.
func (u *UI) showProjectList(w http.ResponseWriter, r *http.Request, v *viewer) {
	data, err := u.loadProjects(r.Context(), v)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	u.render(w, r, http.StatusOK, view{Page: "project-list", Title: "Dự án trọng điểm", Viewer: v, Nav: "reports", Data: data})
}

// loadProjects reads the key projects with their progress, as the list and its downloads show them.
func (u *UI) loadProjects(ctx context.Context, v *viewer) (*projectListView, error) {
	watch, err := u.s.Indicators.ProjectWatchlist(ctx, dondoc.DefaultBehindThreshold)
	if err != nil {
		return nil, err
	}
	all, err := u.s.Indicators.ListProjects(ctx)
	if err != nil {
		return nil, err
	}
	names := newUnitNames(u.s.Org, v.Lang)
	data := &projectListView{}
	seen := map[int64]bool{}
	for i := range watch {
		seen[watch[i].Project.ID] = true
		s, err := projectSummaryOf(ctx, v.Lang, names, &watch[i])
		if err != nil {
			return nil, err
		}
		data.Items = append(data.Items, s)
	}
	for _, p := range all {
		if seen[p.ID] {
			continue
		}
		pp, err := u.s.Indicators.ProjectProgress(ctx, p.ID, dondoc.DefaultBehindThreshold)
		if err != nil {
			return nil, err
		}
		s, err := projectSummaryOf(ctx, v.Lang, names, pp)
		if err != nil {
			return nil, err
		}
		data.Items = append(data.Items, s)
	}
	for _, s := range data.Items {
		if s.Behind {
			data.Behind++
		}
	}
	for _, f := range downloadFormats {
		data.Downloads = append(data.Downloads, download{Label: v.Lang.tr(f.label), URL: "/du-an/tai?dinh-dang=" + f.format})
	}
	return data, nil
}

// projectSummaryOf turns a project's progress into a row of the list.
func projectSummaryOf(ctx context.Context, l lang, names *unitNames, pp *dondoc.ProjectProgress) (projectSummary, error) {
	investor, err := names.name(ctx, pp.Project.InvestorUnitID)
	if err != nil {
		return projectSummary{}, err
	}
	s := projectSummary{Project: pp.Project, Investor: investor, Total: plainFigure(l, pp.Project.TotalInvestment),
		CumPlanned: plainFigure(l, pp.CumPlanned), CumActual: plainFigure(l, pp.CumActual), AsOfMonth: periodLabel(pp.AsOfMonth),
		Behind: pp.Behind, Reasons: projectReasons(l, pp), Rate: "—"}
	if pp.Rate != nil {
		s.Rate = l.number(*pp.Rate*100, 1) + "%"
	}
	s.Light = statusView{Class: "done", Label: l.tr("Đúng kế hoạch"), Shape: shapeDone}
	if pp.Behind {
		s.Light = statusView{Class: "overdue", Label: l.tr("Chậm so với kế hoạch"), Shape: shapeOverdue}
	}
	return s, nil
}

// projectReasons says why a project is behind plan, in the page's language: the cumulative
// disbursement under the threshold, and each milestone past its planned date and not reached, as
// dondoc.ComputeProgress judged them.
func projectReasons(l lang, pp *dondoc.ProjectProgress) []string {
	var out []string
	if pp.Rate != nil && pp.CumActual < pp.CumPlanned*(1-pp.Threshold/100) {
		out = append(out, l.trf("Giải ngân lũy kế đến tháng %s đạt %s kế hoạch, thấp hơn ngưỡng %s.",
			periodLabel(pp.AsOfMonth), percentOf(l, pp.Rate), l.number(100-pp.Threshold, 0)+"%"))
	}
	for _, m := range pp.Milestones {
		if m.Status == dondoc.MilestoneLate {
			out = append(out, l.trf("Mốc “%s” chậm %s ngày so với kế hoạch (%s).", m.Name, l.number(float64(m.DaysLate), 0), m.Planned.Format()))
		}
	}
	return out
}

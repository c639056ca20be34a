package ui

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"

	"dondoc"
)

// indicatorRoutes registers the pages of figures: indicators with their entry grid, key projects,
// and the reports (scorecard and review) with their downloads.
func (u *UI) indicatorRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /chi-tieu", u.authed(u.showIndicatorList))
	m.HandleFunc("GET /chi-tieu/{id}", u.authed(u.showIndicator))
	m.HandleFunc("GET /chi-tieu/{id}/tai", u.authed(u.downloadIndicator))
	m.HandleFunc("GET /chi-tieu/{id}/nhap", u.authed(u.showIndicatorEntry))
	m.HandleFunc("POST /chi-tieu/{id}/nhap", u.authed(u.submitIndicatorEntry))
	m.HandleFunc("POST /chi-tieu/{id}/duyet", u.authed(u.reviewIndicatorActual))
	m.HandleFunc("POST /chi-tieu/{id}/nhap-tep", u.authed(u.importIndicatorFile))
	m.HandleFunc("POST /chi-tieu/{id}/mo-khoa", u.authed(u.reopenIndicatorEntry))
	m.HandleFunc("GET /du-an", u.authed(u.showProjectList))
	m.HandleFunc("GET /du-an/tai", u.authed(u.downloadProjects))
	m.HandleFunc("GET /du-an/{id}", u.authed(u.showProject))
	m.HandleFunc("GET /bao-cao", u.authed(u.showReportIndex))
	m.HandleFunc("GET /bao-cao/bang-danh-gia", u.authed(u.showScorecard))
	m.HandleFunc("GET /bao-cao/ra-soat", u.authed(u.showReview))
}

// indicatorSummary is one indicator on the list: its latest year-to-date value against the
// trajectory over the user's scope, and its traffic light.
type indicatorSummary struct {
	Indicator dondoc.Indicator
	// Period is the last period with reported values, whose year-to-date value is judged.
	Period      string
	YTD         string
	Target      string
	Achievement string
	Light       statusView
}

// indicatorListView is the data of the indicator list.
type indicatorListView struct {
	Year     int
	PrevYear int
	NextYear int
	Items    []indicatorSummary
	// Behind counts the indicators in red, the answer the page gives first.
	Behind int
	// CanEnter offers the entry grid to those who report figures.
	CanEnter bool
}

// showIndicatorList lists every indicator with its status against the trajectory, over the units
// the user covers, for a year (the latest year with a plan unless one is asked for).
func (u *UI) showIndicatorList(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	list, err := u.s.Indicators.ListIndicators(ctx)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	year, err := u.indicatorYear(ctx, r, list)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data := &indicatorListView{Year: year, PrevYear: year - 1, NextYear: year + 1, CanEnter: canEnterFigures(v.Actor)}
	for _, ind := range list {
		s := indicatorSummary{Indicator: ind, Light: lightOf(v.Lang, ""), YTD: "—", Target: "—", Achievement: "—"}
		if u.s.Rollups != nil {
			ro, err := u.s.Rollups.Rollup(ctx, dondoc.RollupQuery{IndicatorID: ind.ID, From: strconv.Itoa(year), To: strconv.Itoa(year),
				By: ind.PeriodType, Level: 0})
			if err != nil {
				u.renderError(w, r, v, err)
				return
			}
			if len(ro.Rows) > 0 {
				if c := latestCell(ro.Rows[0].Cells); c != nil {
					s.Period, s.YTD, s.Target = periodLabel(c.Period), figure(v.Lang, c.YTD), figure(v.Lang, c.Target)
					s.Achievement, s.Light = percent(v.Lang, c.Achievement), lightOf(v.Lang, c.Status)
				}
			}
		}
		if s.Light.Class == "overdue" {
			data.Behind++
		}
		data.Items = append(data.Items, s)
	}
	u.render(w, r, http.StatusOK, view{Page: "indicator-list", Title: "Chỉ tiêu", Viewer: v, Nav: "indicators", Data: data})
}

// indicatorYear returns the year the page shows: the one asked for in ?nam=, or the latest year
// of any target the user can see, so that a new year without plans does not hide last year's
// figures; the current year when there is no plan at all.
func (u *UI) indicatorYear(ctx context.Context, r *http.Request, list []dondoc.Indicator) (int, error) {
	if s := r.URL.Query().Get("nam"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1990 || y > 2100 {
			return 0, dondoc.Invalid("nam", "Năm không hợp lệ.", "Invalid year.")
		}
		return y, nil
	}
	year := 0
	for _, ind := range list {
		targets, err := u.s.Indicators.ListTargets(ctx, ind.ID, 0)
		if err != nil {
			return 0, err
		}
		for _, t := range targets {
			if y, err := strconv.Atoi(t.Period[:4]); err == nil && y > year {
				year = y
			}
		}
	}
	if year == 0 {
		year = time.Now().Year()
	}
	return year, nil
}

// canEnterFigures reports whether the user reports figures for some unit, so that the pages offer
// the entry grid; the grid lists the units the service lets them report for.
func canEnterFigures(a *dondoc.Actor) bool {
	return a.HasRole("", dondoc.RoleUnitOfficer, dondoc.RoleUnitHead, dondoc.RoleOffice)
}

// latestCell returns the last cell with a year-to-date value, which is the one a leader reads:
// where the figures stand at the last reported period.
func latestCell(cells []dondoc.RollupCell) *dondoc.RollupCell {
	for i := len(cells) - 1; i >= 0; i-- {
		if cells[i].YTD != nil && cells[i].Reports > 0 {
			return &cells[i]
		}
	}
	return nil
}

// lightOf is how a traffic light shows: the status colour, a word and a shape, never colour
// alone. Green is on the trajectory, amber needs urging, red is behind.
func lightOf(l lang, s dondoc.TrafficLight) statusView {
	switch s {
	case dondoc.LightGreen:
		return statusView{Class: "done", Label: l.tr("Đạt tiến độ"), Shape: shapeDone}
	case dondoc.LightAmber:
		return statusView{Class: "soon", Label: l.tr("Cần đôn đốc"), Shape: shapeSoon}
	case dondoc.LightRed:
		return statusView{Class: "overdue", Label: l.tr("Chậm tiến độ"), Shape: shapeOverdue}
	}
	return statusView{Class: "idle", Label: l.tr("Chưa đánh giá"), Shape: shapeIdle}
}

// figure writes a value as the reports do: whole numbers without decimals, others with one, and a
// dash for a value not known.
func figure(l lang, v *float64) string {
	if v == nil || math.IsNaN(*v) {
		return "—"
	}
	return plainFigure(l, *v)
}

// plainFigure writes a known value with the decimals it needs, at most two.
func plainFigure(l lang, f float64) string {
	switch {
	case f == math.Trunc(f):
		return l.number(f, 0)
	case f*10 == math.Trunc(f*10):
		return l.number(f, 1)
	}
	return l.number(math.Round(f*100)/100, 2)
}

// percent writes a percentage with one decimal, "12,5%", or a dash.
func percent(l lang, v *float64) string {
	if v == nil || math.IsNaN(*v) {
		return "—"
	}
	return l.number(*v, 1) + "%"
}

package ui

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"dondoc"
	"dondoc/internal/report"
)

// indicatorUnitRow is one unit of an indicator page: where its year-to-date value stands against
// its trajectory, and how completely and timely it reported.
type indicatorUnitRow struct {
	UnitID   int64
	UnitName string
	// Total marks the row of the unit the page is about, which sums the rows below it.
	Total       bool
	Period      string
	YTD         string
	Target      string
	Achievement string
	Light       statusView
	Expected    int
	Received    int
	OnTime      int
	Complete    string
}

// indicatorView is the data of an indicator's page.
type indicatorView struct {
	Indicator dondoc.Indicator
	Year      int
	PrevYear  int
	NextYear  int
	UnitID    int64
	UnitName  string
	// ParentID links back up the tree when the page is about a unit below the user's top unit.
	ParentID int64
	Chart    template.HTML
	Caption  string
	Rows     []indicatorUnitRow
	Headline indicatorUnitRow
	CanEnter bool
	Missing  string
	// Downloads are the page as an official report in DOCX and PDF.
	Downloads []download
}

// showIndicator shows one indicator over a unit's subtree for a year: a chart of the year-to-date
// value against the trajectory month by month, and a table of its units with their status and
// their reporting completeness, with the same as a DOCX or PDF report.
func (u *UI) showIndicator(w http.ResponseWriter, r *http.Request, v *viewer) {
	data, _, err := u.loadIndicator(r, v)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	u.render(w, r, http.StatusOK, view{Page: "indicator-view", Title: data.Indicator.Name, Viewer: v, Nav: "indicators", Data: data})
}

// loadIndicator reads an indicator's roll-up and completeness for the year and unit the request
// asks for, as the page and its downloads show them.
func (u *UI) loadIndicator(r *http.Request, v *viewer) (*indicatorView, *dondoc.Rollup, error) {
	ctx := r.Context()
	id, err := indicatorID(r)
	if err != nil {
		return nil, nil, err
	}
	ind, err := u.indicatorByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	year, err := u.indicatorYear(ctx, r, []dondoc.Indicator{*ind})
	if err != nil {
		return nil, nil, err
	}
	unitID, _ := strconv.ParseInt(r.URL.Query().Get("don-vi"), 10, 64)
	data := &indicatorView{Indicator: *ind, Year: year, PrevYear: year - 1, NextYear: year + 1, CanEnter: canEnterFigures(v.Actor)}
	if u.s.Rollups == nil {
		data.Missing = v.Lang.tr("Máy chủ chưa hỗ trợ tổng hợp chỉ tiêu.")
		return data, nil, nil
	}
	y := strconv.Itoa(year)
	ro, err := u.s.Rollups.Rollup(ctx, dondoc.RollupQuery{IndicatorID: id, UnitID: unitID, From: y, To: y, By: ind.PeriodType, Level: 1})
	if err != nil {
		return nil, nil, err
	}
	comp, err := u.s.Rollups.Completeness(ctx, dondoc.CompletenessQuery{IndicatorID: id, UnitID: ro.UnitID, From: y, To: y, Level: 1})
	if err != nil {
		return nil, nil, err
	}
	counts := make(map[int64]dondoc.CompletenessCounts, len(comp.Rows))
	for _, c := range comp.Rows {
		counts[c.UnitID] = c.CompletenessCounts
	}
	data.UnitID = ro.UnitID
	for _, row := range ro.Rows {
		ur := unitRowOf(v.Lang, row, counts[row.UnitID])
		if row.Depth == 0 {
			ur.Total = true
			data.UnitName, data.Headline = row.UnitName, ur
			if row.ParentID != nil {
				data.ParentID = u.readableParent(ctx, *row.ParentID)
			}
			data.Chart, data.Caption = u.indicatorChart(r, v.Lang, ro, row)
			continue
		}
		data.Rows = append(data.Rows, ur)
	}
	data.Rows = append(data.Rows, data.Headline)
	q := url.Values{"nam": {y}, "don-vi": {itoa(ro.UnitID)}}
	for _, f := range downloadFormats {
		q.Set("dinh-dang", f.format)
		data.Downloads = append(data.Downloads, download{Label: v.Lang.tr(f.label), URL: "/chi-tieu/" + itoa(id) + "/tai?" + q.Encode()})
	}
	return data, ro, nil
}

// readableParent returns the parent unit when the user may read it, so that the page can link up
// the tree; 0 otherwise.
func (u *UI) readableParent(ctx context.Context, id int64) int64 {
	p, err := u.s.Org.GetUnit(ctx, id)
	if err != nil {
		return 0
	}
	if a, err := dondoc.RequireActor(ctx); err != nil || !a.CanRead(p.Path) {
		return 0
	}
	return id
}

// unitRowOf turns a roll-up row and its completeness counts into a table row.
func unitRowOf(l lang, row dondoc.RollupRow, c dondoc.CompletenessCounts) indicatorUnitRow {
	ur := indicatorUnitRow{UnitID: row.UnitID, UnitName: row.UnitName, YTD: "—", Target: "—", Achievement: "—", Light: lightOf(l, ""),
		Expected: c.Expected, Received: c.Received, OnTime: c.OnTime, Complete: percent(l, c.Completeness)}
	if cell := latestCell(row.Cells); cell != nil {
		ur.Period, ur.YTD, ur.Target = periodLabel(cell.Period), figure(l, cell.YTD), figure(l, cell.Target)
		ur.Achievement, ur.Light = percent(l, cell.Achievement), lightOf(l, cell.Status)
	}
	return ur
}

// indicatorChart draws the unit's year-to-date value against its trajectory, period by period, as
// the SVG the report package also draws for files. A chart that cannot be drawn is left out and
// logged: the table below carries the same figures.
func (u *UI) indicatorChart(r *http.Request, l lang, ro *dondoc.Rollup, row dondoc.RollupRow) (template.HTML, string) {
	c := &report.Chart{Kind: report.LineChart, ValueTitle: ro.Indicator.Measure, Decimals: 1,
		Series: []report.ChartSeries{{Name: l.tr("Thực hiện lũy kế")}}, Target: &report.ChartSeries{Name: l.tr("Kế hoạch")}}
	drawn := false
	for i, cell := range row.Cells {
		c.Categories = append(c.Categories, periodLabel(ro.Periods[i]))
		c.Series[0].Values = append(c.Series[0].Values, valueOr(cell.YTD, cell.Reports > 0))
		c.Target.Values = append(c.Target.Values, valueOr(cell.Target, true))
		drawn = drawn || (cell.YTD != nil && cell.Reports > 0) || cell.Target != nil
	}
	if !drawn {
		return "", ""
	}
	svg, err := report.ChartSVG(c)
	if err != nil {
		u.logInternal(r.Context(), r, dondoc.Internal(err))
		return "", ""
	}
	// The SVG is drawn by the chart library from numbers and names this server holds; it carries
	// no script.
	return template.HTML(svg), l.trf("Thực hiện lũy kế so với kế hoạch (%s), %s", ro.Indicator.Measure, row.UnitName)
}

// valueOr returns the value, or NaN (a gap in the chart) when it is unknown or not to be drawn.
func valueOr(v *float64, ok bool) float64 {
	if v == nil || !ok {
		return math.NaN()
	}
	return *v
}

// periodLabel writes a period key as people read it, the year last: "05/2024", "Q2/2024".
func periodLabel(key string) string {
	switch dondoc.PeriodTypeOf(key) {
	case dondoc.PeriodMonth, dondoc.PeriodQuarter, dondoc.PeriodHalfYear:
		return key[5:] + "/" + key[:4]
	}
	return key
}

// indicatorID reads the indicator's id from the path.
func indicatorID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, dondoc.NotFound("indicator")
	}
	return id, nil
}

// indicatorByID finds an indicator among the list; indicators are few and shared by the whole
// deployment, so the list is the lookup.
func (u *UI) indicatorByID(ctx context.Context, id int64) (*dondoc.Indicator, error) {
	list, err := u.s.Indicators.ListIndicators(ctx)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].ID == id {
			return &list[i], nil
		}
	}
	return nil, dondoc.NotFound("indicator")
}

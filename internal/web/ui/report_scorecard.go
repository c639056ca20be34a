package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// scorecardRow is one unit or head of a scorecard as the table shows it.
type scorecardRow struct {
	Rank       string
	UnitID     int64
	Name       string
	Post       string
	Record     dondoc.ScorecardRow
	Rate       string
	TaskFilter string
}

// scorecardView is the data of the scorecard page: the filter as typed, its errors, and the
// tables with their download links.
type scorecardView struct {
	From, To string
	UnitID   int64
	Units    []unitOption
	Errors   formErrors
	Card     *dondoc.Scorecard
	AsOf     dondoc.Date
	ByUnit   scorecardTable
	Heads    scorecardTable
	Rate     string
	Overdue  []dondoc.OverdueTask
	// Downloads are the XLSX, DOCX and PDF of the same scorecard, served by the API under the
	// same session and rules.
	Downloads []download
}

// scorecardTable is one table of a scorecard: by unit (with the total row) or by head.
type scorecardTable struct {
	// Label heads the name column: the unit, or the head of unit.
	Label string
	Rows  []scorecardRow
	Total *scorecardRow
}

// download is a link to a file of a report.
type download struct {
	Label string
	URL   string
}

// scorecardFields maps the service's fields to the filter's inputs.
var scorecardFields = map[string]string{"from": "tu", "to": "den", "unit": "don-vi"}

// showScorecard shows the scorecard of a date range by unit and by head: tasks assigned, done on
// time and late, overdue, in progress, the on-time rate with ranks (ties share a rank), extensions
// and open escalations, with drill-down links to the task list.
func (u *UI) showScorecard(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	q := r.URL.Query()
	data := &scorecardView{From: strings.TrimSpace(q.Get("tu")), To: strings.TrimSpace(q.Get("den")), Errors: formErrors{}}
	data.UnitID, _ = strconv.ParseInt(q.Get("don-vi"), 10, 64)
	units, err := u.scopeUnits(ctx, v)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	for _, o := range units {
		if o.Depth <= 1 {
			data.Units = append(data.Units, o)
		}
	}
	if data.From == "" && data.To == "" {
		from, to := defaultScorecardRange()
		data.From, data.To = string(from), string(to)
	}
	f := dondoc.ReportFilter{UnitID: data.UnitID}
	var ok bool
	if f.From, ok = parseFormDate(data.From); !ok && data.From != "" {
		err = dondoc.Invalid("from", "Ngày bắt đầu phải có dạng dd/mm/yyyy.", "The start date must look like dd/mm/yyyy.")
	} else if f.To, ok = parseFormDate(data.To); !ok && data.To != "" {
		err = dondoc.Invalid("to", "Ngày kết thúc phải có dạng dd/mm/yyyy.", "The end date must look like dd/mm/yyyy.")
	} else if q.Get("don-vi") != "" && data.UnitID <= 0 {
		err = dondoc.Invalid("unit", "Đơn vị không hợp lệ.", "Invalid unit.")
	} else {
		err = f.Validate()
	}
	var card *dondoc.Scorecard
	if err == nil {
		card, err = u.s.Reports.Scorecard(ctx, f)
	}
	if err != nil {
		if c := dondoc.ErrorCode(err); c == dondoc.EInternal || c == dondoc.ENotFound {
			u.renderError(w, r, v, err)
			return
		}
		data.Errors = fieldErrors(v.Lang, err, scorecardFields)
		u.render(w, r, httpstatus.Of(err), view{Page: "report-scorecard", Title: "Bảng đánh giá", Viewer: v, Nav: "reports", Data: data})
		return
	}
	data.Card, data.AsOf = card, card.AsOf
	data.ByUnit = scorecardTable{Label: v.Lang.tr("Đơn vị")}
	for _, row := range card.Rows {
		data.ByUnit.Rows = append(data.ByUnit.Rows, scorecardRowOf(v.Lang, row, row.UnitName, ""))
	}
	total := scorecardRowOf(v.Lang, card.Total, v.Lang.tr("Tổng cộng"), "")
	total.TaskFilter = ""
	data.ByUnit.Total, data.Rate = &total, total.Rate
	data.Heads = scorecardTable{Label: v.Lang.tr("Người đứng đầu")}
	for _, h := range card.Heads {
		data.Heads.Rows = append(data.Heads.Rows, scorecardRowOf(v.Lang, h.Record, h.PersonName, h.PostTitle))
	}
	data.Overdue = card.OverdueTasks
	api := url.Values{"from": {string(f.From)}, "to": {string(f.To)}}
	if f.UnitID > 0 {
		api.Set("unit", itoa(f.UnitID))
	}
	data.Downloads = downloads(v.Lang, "/api/v1/reports/scorecard", api)
	u.render(w, r, http.StatusOK, view{Page: "report-scorecard", Title: "Bảng đánh giá", Viewer: v, Nav: "reports", Data: data})
}

// scorecardRowOf turns a record into a row of the table, with its rank ("—" for a unit that
// completed nothing with a deadline) and the task list of its unit.
func scorecardRowOf(l lang, rec dondoc.ScorecardRow, name, post string) scorecardRow {
	row := scorecardRow{Rank: "—", UnitID: rec.UnitID, Name: name, Post: post, Record: rec, Rate: percentOf(l, rec.OnTimeRate)}
	if rec.Rank != nil {
		row.Rank = strconv.Itoa(*rec.Rank)
	}
	if rec.UnitID > 0 {
		row.TaskFilter = "/nhiem-vu?unit=" + itoa(rec.UnitID)
	}
	return row
}

// percentOf writes a ratio (0–1) as a percentage, or a dash when there is none.
func percentOf(l lang, r *float64) string {
	if r == nil {
		return "—"
	}
	return l.number(*r*100, 1) + "%"
}

// downloads are the links to a report's XLSX, DOCX and PDF with the page's filters.
func downloads(l lang, path string, q url.Values) []download {
	var out []download
	for _, f := range []struct{ format, label string }{{"xlsx", "Tải Excel (.xlsx)"}, {"docx", "Tải Word (.docx)"}, {"pdf", "Tải PDF"}} {
		x := url.Values{}
		for k, vs := range q {
			x[k] = vs
		}
		x.Set("format", f.format)
		out = append(out, download{Label: l.tr(f.label), URL: path + "?" + x.Encode()})
	}
	return out
}

package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// reviewRow is one lead unit of a review report with its counts by status.
type reviewRow struct {
	Row        dondoc.ReviewRow
	Assigned   int
	InProgress int
	Requested  int
	Suspended  int
	Cancelled  int
	Rate       string
	TaskFilter string
}

// reviewView is the data of the review report of one document.
type reviewView struct {
	DocumentID string
	Error      string
	Report     *dondoc.ReviewReport
	Rows       []reviewRow
	Total      reviewRow
	Downloads  []download
}

// showReview shows the review (rà soát) of every task of one document by lead unit and status,
// with links to each unit's tasks of the document and the report as XLSX, DOCX and PDF.
func (u *UI) showReview(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	data := &reviewView{DocumentID: r.URL.Query().Get("van-ban")}
	id, err := strconv.ParseInt(data.DocumentID, 10, 64)
	if err != nil || id <= 0 {
		data.Error = v.Lang.tr("Hãy chọn văn bản cần rà soát từ danh sách văn bản.")
		u.render(w, r, http.StatusBadRequest, view{Page: "report-review", Title: "Rà soát", Viewer: v, Nav: "reports", Data: data})
		return
	}
	rep, err := u.s.Reports.Review(ctx, id)
	if err != nil {
		if dondoc.ErrorCode(err) != dondoc.EInvalid {
			u.renderError(w, r, v, err)
			return
		}
		data.Error = v.Lang.errorText(err)
		u.render(w, r, httpstatus.Of(err), view{Page: "report-review", Title: "Rà soát", Viewer: v, Nav: "reports", Data: data})
		return
	}
	data.Report = rep
	for _, row := range rep.Rows {
		data.Rows = append(data.Rows, reviewRowOf(v.Lang, row, id))
	}
	data.Total = reviewRowOf(v.Lang, rep.Total, id)
	data.Total.TaskFilter = "/nhiem-vu?document=" + itoa(id)
	data.Downloads = downloads(v.Lang, "/api/v1/reports/review", url.Values{"document": {itoa(id)}})
	u.render(w, r, http.StatusOK, view{Page: "report-review", Title: "Rà soát", Viewer: v, Nav: "reports", Data: data})
}

// reviewRowOf spreads a row's counts by status over the table's columns.
func reviewRowOf(l lang, row dondoc.ReviewRow, doc int64) reviewRow {
	out := reviewRow{Row: row, Assigned: row.ByStatus[dondoc.StatusAssigned] + row.ByStatus[dondoc.StatusDraft],
		InProgress: row.ByStatus[dondoc.StatusInProgress], Requested: row.ByStatus[dondoc.StatusCompletionRequested],
		Suspended: row.ByStatus[dondoc.StatusSuspended], Cancelled: row.ByStatus[dondoc.StatusCancelled], Rate: "—"}
	if n := row.DoneOnTime + row.DoneLate; n > 0 {
		out.Rate = l.number(float64(row.DoneOnTime)*100/float64(n), 1) + "%"
	}
	if row.UnitID > 0 {
		out.TaskFilter = "/nhiem-vu?" + url.Values{"document": {itoa(doc)}, "unit": {itoa(row.UnitID)}}.Encode()
	}
	return out
}

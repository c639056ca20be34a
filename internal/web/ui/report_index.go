package ui

import (
	"net/http"
	"strconv"
	"time"

	"dondoc"
)

// reportIndexView is the data of the reports page.
type reportIndexView struct {
	// Scorecard is the address of this year's scorecard up to today.
	Scorecard string
}

// showReportIndex lists the reports: the scorecard, key projects, indicators, and how to reach the
// review report of a document (from the document's page, which knows which document).
func (u *UI) showReportIndex(w http.ResponseWriter, r *http.Request, v *viewer) {
	from, to := defaultScorecardRange()
	data := &reportIndexView{Scorecard: "/bao-cao/bang-danh-gia?tu=" + string(from) + "&den=" + string(to)}
	u.render(w, r, http.StatusOK, view{Page: "report-index", Title: "Báo cáo", Viewer: v, Nav: "reports", Data: data})
}

// defaultScorecardRange is the range a scorecard covers unless asked otherwise: the year so far.
func defaultScorecardRange() (dondoc.Date, dondoc.Date) {
	today := dondoc.Today(time.Now())
	return dondoc.Date(strconv.Itoa(today.Time().Year()) + "-01-01"), today
}

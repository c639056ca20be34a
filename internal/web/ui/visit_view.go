package ui

import (
	"net/http"
	"strconv"

	"dondoc"
)

// visitView is a visit's page: when and where, who went, the units visited, and each finding with
// the task it became or the way to make it one.
type visitView struct {
	visitRow
	Findings []findingRow
	// CanAssign offers the finding-to-task form to leaders and offices.
	CanAssign bool
	// Done tells what just happened: "recorded" after the visit was recorded.
	Done string
}

// findingRow is a finding with the task it became, if any.
type findingRow struct {
	Finding dondoc.Finding
	Task    *dondoc.Task
}

// visitID parses a visit or finding number of the path; a malformed one names nothing.
func visitID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, dondoc.NotFound("field visit")
	}
	return id, nil
}

// showVisit shows one visit with its findings.
func (u *UI) showVisit(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	id, err := visitID(r, "id")
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	fv, err := u.s.Workflow.GetFieldVisit(ctx, id)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	row, err := newVisitNames(u.s.Org, v.Lang).row(ctx, *fv)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data := &visitView{visitRow: row, CanAssign: canRecordVisits(v.Actor)}
	if r.URL.Query().Get("da-ghi") == "1" {
		data.Done = "recorded"
	}
	for _, f := range fv.Findings {
		fr := findingRow{Finding: f}
		if f.TaskID != nil {
			t, err := u.s.Tasks.GetTask(ctx, *f.TaskID)
			switch {
			case err == nil:
				fr.Task = t
			case !hidden(err):
				u.renderError(w, r, v, err)
				return
			}
		}
		data.Findings = append(data.Findings, fr)
	}
	title := v.Lang.trf("Đi cơ sở ngày %s", fv.Date.Format())
	u.render(w, r, http.StatusOK, view{Page: "visit-view", Title: title, Viewer: v, Nav: "visits", Data: data})
}

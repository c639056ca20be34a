package ui

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"dondoc"
)

// escalationRoutes registers the escalation inbox, the form that raises one from a progress
// report, and the escalation page with the leader's direction and the unit's close.
func (u *UI) escalationRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /kien-nghi", u.authed(u.showEscalations))
	m.HandleFunc("GET /kien-nghi/moi", u.authed(u.showNewEscalation))
	m.HandleFunc("POST /kien-nghi", u.authed(u.raiseEscalation))
	m.HandleFunc("GET /kien-nghi/{id}", u.authed(u.showEscalation))
	m.HandleFunc("POST /kien-nghi/{id}/y-kien-chi-dao", u.authed(u.answerEscalation))
	m.HandleFunc("POST /kien-nghi/{id}/dong", u.authed(u.closeEscalation))
}

// escalationRow is an escalation as the inbox lists it.
type escalationRow struct {
	E           dondoc.Escalation
	From, To    string
	StatusLabel string
	// Late marks an open escalation past its response deadline.
	Late bool
}

// escalationStatusOption is one choice of the inbox's status filter.
type escalationStatusOption struct {
	Value dondoc.EscalationStatus
	Label string
}

// escalationStatusOptions are the escalation statuses in the order an escalation goes.
var escalationStatusOptions = []escalationStatusOption{
	{dondoc.EscalationOpen, "Chờ ý kiến chỉ đạo"},
	{dondoc.EscalationAnswered, "Đã có ý kiến chỉ đạo"},
	{dondoc.EscalationClosed, "Đã đóng"},
}

// escalationStatusLabel is the word for an escalation's status.
func escalationStatusLabel(l lang, s dondoc.EscalationStatus) string {
	for _, o := range escalationStatusOptions {
		if o.Value == s {
			return l.tr(o.Label)
		}
	}
	return string(s)
}

// escalationListView is the inbox with its filter.
type escalationListView struct {
	Status  string
	Options []escalationStatusOption
	Rows    []escalationRow
	Error   string
	// Capped says the inbox shows only the oldest escalationInboxMax of more.
	Capped bool
}

// escalationInboxMax bounds the escalations the inbox reads; a province has tens, not thousands,
// waiting at once.
const escalationInboxMax = 1000

// showEscalations lists the escalations raised by or addressed to the user's units, the one
// waiting longest first, with the days each has waited.
func (u *UI) showEscalations(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	data := &escalationListView{Status: r.URL.Query().Get("status"), Options: escalationStatusOptions}
	if data.Status == "" && !r.URL.Query().Has("status") {
		data.Status = string(dondoc.EscalationOpen)
	}
	status := http.StatusOK
	var all []dondoc.Escalation
	cursor := ""
	var err error
	for {
		var page *dondoc.Page[dondoc.Escalation]
		page, err = u.s.Workflow.ListEscalations(ctx, dondoc.EscalationStatus(data.Status), cursor, dondoc.MaxPageSize)
		if err != nil {
			break
		}
		all = append(all, page.Items...)
		if page.NextCursor == "" {
			break
		}
		if len(all) >= escalationInboxMax {
			data.Capped = true
			break
		}
		cursor = page.NextCursor
	}
	if err != nil {
		if dondoc.ErrorCode(err) == dondoc.EInternal {
			u.renderError(w, r, v, err)
			return
		}
		status = http.StatusBadRequest
		data.Error = v.Lang.errorText(err)
	}
	slices.SortFunc(all, func(a, b dondoc.Escalation) int {
		return cmp.Or(cmp.Compare(a.RaisedOn, b.RaisedOn), cmp.Compare(a.ID, b.ID))
	})
	names := newUnitNames(u.s.Org, v.Lang)
	today := dondoc.Today(time.Now())
	for _, e := range all {
		from, err := names.name(ctx, e.FromUnitID)
		if err != nil {
			u.renderError(w, r, v, err)
			return
		}
		to, err := names.name(ctx, e.ToUnitID)
		if err != nil {
			u.renderError(w, r, v, err)
			return
		}
		data.Rows = append(data.Rows, escalationRow{E: e, From: from, To: to, StatusLabel: escalationStatusLabel(v.Lang, e.Status),
			Late: e.Status == dondoc.EscalationOpen && e.ResponseDue.Valid() && e.ResponseDue < today})
	}
	u.render(w, r, status, view{Page: "escalation-list", Title: "Kiến nghị", Viewer: v, Nav: "escalations", Data: data})
}

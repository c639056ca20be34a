package api

import (
	"net/http"

	"dondoc"
)

// workflowRoutes registers the work around a task: progress reports and their review, extension
// requests and decisions, escalations (kiến nghị) and field visits whose findings become tasks.
func (a *API) workflowRoutes(m *http.ServeMux) {
	m.HandleFunc("POST /api/v1/tasks/{id}/reports", a.authed(a.submitReport))
	m.HandleFunc("GET /api/v1/tasks/{id}/reports", a.authed(a.listReports))
	m.HandleFunc("POST /api/v1/reports/{id}/review", a.authed(a.reviewReport))

	m.HandleFunc("POST /api/v1/tasks/{id}/extensions", a.authed(a.requestExtension))
	m.HandleFunc("GET /api/v1/tasks/{id}/extensions", a.authed(a.listExtensions))
	m.HandleFunc("POST /api/v1/extensions/{id}/decision", a.authed(a.decideExtension))

	m.HandleFunc("GET /api/v1/escalations", a.authed(a.listEscalations))
	m.HandleFunc("POST /api/v1/escalations", a.authed(a.raiseEscalation))
	m.HandleFunc("GET /api/v1/escalations/{id}", a.authed(a.getEscalation))
	m.HandleFunc("POST /api/v1/escalations/{id}/answer", a.authed(a.answerEscalation))
	m.HandleFunc("POST /api/v1/escalations/{id}/close", a.authed(a.closeEscalation))

	m.HandleFunc("GET /api/v1/field-visits", a.authed(a.listFieldVisits))
	m.HandleFunc("POST /api/v1/field-visits", a.authed(a.recordFieldVisit))
	m.HandleFunc("GET /api/v1/field-visits/{id}", a.authed(a.getFieldVisit))
	m.HandleFunc("POST /api/v1/field-visits/{id}/findings/{fid}/task", a.authed(a.findingToTask))
}

func (a *API) submitReport(w http.ResponseWriter, r *http.Request) error {
	return withBody(w, r, http.StatusCreated, a.s.Workflow.SubmitReport)
}

func (a *API) listReports(w http.ResponseWriter, r *http.Request) error {
	return listByID(w, r, a.s.Workflow.ListReports)
}

func (a *API) reviewReport(w http.ResponseWriter, r *http.Request) error {
	return update(w, r, http.StatusOK, a.s.Workflow.ReviewReport)
}

func (a *API) requestExtension(w http.ResponseWriter, r *http.Request) error {
	return withBody(w, r, http.StatusCreated, a.s.Workflow.RequestExtension)
}

func (a *API) listExtensions(w http.ResponseWriter, r *http.Request) error {
	return listByID(w, r, a.s.Workflow.ListExtensions)
}

func (a *API) decideExtension(w http.ResponseWriter, r *http.Request) error {
	return update(w, r, http.StatusOK, a.s.Workflow.DecideExtension)
}

func (a *API) listEscalations(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	status, cursor, limit := dondoc.EscalationStatus(q.str("status")), q.str("cursor"), q.int("limit")
	if q.err != nil {
		return q.err
	}
	page, err := a.s.Workflow.ListEscalations(r.Context(), status, cursor, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (a *API) raiseEscalation(w http.ResponseWriter, r *http.Request) error {
	return create(w, r, "/api/v1/escalations/", a.s.Workflow.RaiseEscalation)
}

func (a *API) getEscalation(w http.ResponseWriter, r *http.Request) error {
	return getByID(w, r, a.s.Workflow.GetEscalation)
}

func (a *API) answerEscalation(w http.ResponseWriter, r *http.Request) error {
	return update(w, r, http.StatusOK, a.s.Workflow.AnswerEscalation)
}

// closeEscalation takes no body: closing says only that the difficulty is resolved.
func (a *API) closeEscalation(w http.ResponseWriter, r *http.Request) error {
	return act(w, r, a.s.Workflow.CloseEscalation)
}

func (a *API) listFieldVisits(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	cursor, limit := q.str("cursor"), q.int("limit")
	if q.err != nil {
		return q.err
	}
	page, err := a.s.Workflow.ListFieldVisits(r.Context(), cursor, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (a *API) recordFieldVisit(w http.ResponseWriter, r *http.Request) error {
	return create(w, r, "/api/v1/field-visits/", a.s.Workflow.RecordFieldVisit)
}

func (a *API) getFieldVisit(w http.ResponseWriter, r *http.Request) error {
	return getByID(w, r, a.s.Workflow.GetFieldVisit)
}

func (a *API) findingToTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	in, err := decode[dondoc.TaskInput](w, r)
	if err != nil {
		return err
	}
	t, err := a.s.Workflow.FindingToTask(r.Context(), id, fid, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/tasks/"+itoa(t.ID))
	return writeVersioned(w, http.StatusCreated, t, t.Version)
}

package api

import (
	"net/http"

	"dondoc"
)

func (a *API) indicatorRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/indicators", a.authed(a.listIndicators))
	m.HandleFunc("POST /api/v1/indicators", a.authed(a.createIndicator))
	m.HandleFunc("GET /api/v1/indicators/{id}/targets", a.authed(a.listTargets))
	m.HandleFunc("PUT /api/v1/indicators/{id}/targets", a.authed(a.setTarget))
	m.HandleFunc("GET /api/v1/indicators/{id}/actuals", a.authed(a.listActuals))
	m.HandleFunc("POST /api/v1/indicators/{id}/actuals", a.authed(a.submitActual))
	m.HandleFunc("POST /api/v1/actuals/{id}/review", a.authed(a.reviewActual))
	m.HandleFunc("GET /api/v1/projects", a.authed(a.listProjects))
	m.HandleFunc("POST /api/v1/projects", a.authed(a.createProject))
	m.HandleFunc("GET /api/v1/projects/{id}", a.authed(a.getProject))
}

func (a *API) listIndicators(w http.ResponseWriter, r *http.Request) error {
	list, err := a.s.Indicators.ListIndicators(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (a *API) createIndicator(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[dondoc.Indicator](w, r)
	if err != nil {
		return err
	}
	ind, err := a.s.Indicators.CreateIndicator(r.Context(), in)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusCreated, ind, ind.Version)
}

func (a *API) listTargets(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := &query{r: r}
	unit := q.int64("unit")
	if q.err != nil {
		return q.err
	}
	list, err := a.s.Indicators.ListTargets(r.Context(), id, unit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

// setTarget sets a unit's target for a period, replacing an earlier one; the plan is the whole
// resource, so the method is PUT and no If-Match is needed.
func (a *API) setTarget(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := decode[dondoc.ValueInput](w, r)
	if err != nil {
		return err
	}
	t, err := a.s.Indicators.SetTarget(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, t, t.Version)
}

func (a *API) listActuals(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := &query{r: r}
	unit := q.int64("unit")
	if q.err != nil {
		return q.err
	}
	list, err := a.s.Indicators.ListActuals(r.Context(), id, unit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

// submitActual answers 201 for a first submission and 200 for one that replaced a value still
// under review or returned, which the version tells apart.
func (a *API) submitActual(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := decode[dondoc.ValueInput](w, r)
	if err != nil {
		return err
	}
	x, err := a.s.Indicators.SubmitActual(r.Context(), id, in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if x.Version == 1 {
		status = http.StatusCreated
	}
	return writeVersioned(w, status, x, x.Version)
}

func (a *API) reviewActual(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	d, err := decode[dondoc.ReviewDecision](w, r)
	if err != nil {
		return err
	}
	x, err := a.s.Indicators.ReviewActual(r.Context(), id, version, d)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, x, x.Version)
}

func (a *API) listProjects(w http.ResponseWriter, r *http.Request) error {
	list, err := a.s.Indicators.ListProjects(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (a *API) createProject(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[dondoc.Project](w, r)
	if err != nil {
		return err
	}
	p, err := a.s.Indicators.CreateProject(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/projects/"+itoa(p.ID))
	return writeVersioned(w, http.StatusCreated, p, p.Version)
}

func (a *API) getProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.s.Indicators.GetProject(r.Context(), id)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, p, p.Version)
}

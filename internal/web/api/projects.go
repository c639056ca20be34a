package api

import (
	"context"
	"net/http"
	"strconv"

	"dondoc"
)

func (a *API) projectRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/projects", a.authed(a.listProjects))
	m.HandleFunc("POST /api/v1/projects", a.authed(a.createProject))
	m.HandleFunc("GET /api/v1/projects/watchlist", a.authed(a.projectWatchlist))
	m.HandleFunc("GET /api/v1/projects/{id}", a.authed(a.getProject))
	m.HandleFunc("PUT /api/v1/projects/{id}/milestones", a.authed(a.setMilestones))
	m.HandleFunc("GET /api/v1/projects/{id}/progress", a.authed(a.projectProgress))
	m.HandleFunc("PUT /api/v1/projects/{id}/disbursements/{month}", a.authed(a.setDisbursement))
}

func (a *API) listProjects(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, a.s.Indicators.ListProjects)
}

func (a *API) createProject(w http.ResponseWriter, r *http.Request) error {
	return create(w, r, "/api/v1/projects/", a.s.Indicators.CreateProject)
}

func (a *API) getProject(w http.ResponseWriter, r *http.Request) error {
	return getByID(w, r, a.s.Indicators.GetProject)
}

// milestonesInput is the body of PUT /projects/{id}/milestones: the whole list, replaced.
type milestonesInput struct {
	Milestones []dondoc.Milestone `json:"milestones"`
}

func (a *API) setMilestones(w http.ResponseWriter, r *http.Request) error {
	return update(w, r, http.StatusOK, func(ctx context.Context, id, version int64, in milestonesInput) (*dondoc.Project, error) {
		if in.Milestones == nil {
			return nil, dondoc.Invalid("milestones", "Cần danh sách các mốc (có thể rỗng).", "milestones is required (it may be empty).")
		}
		return a.s.Indicators.SetMilestones(ctx, id, version, in.Milestones)
	})
}

// threshold reads the behind-plan threshold in percent from the query, by default
// dondoc.DefaultBehindThreshold.
func threshold(r *http.Request) (float64, error) {
	q := &query{r: r}
	s := q.str("threshold")
	if q.err != nil {
		return 0, q.err
	}
	if s == "" {
		return dondoc.DefaultBehindThreshold, nil
	}
	t, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, dondoc.Invalid("threshold", "Ngưỡng chậm tiến độ phải là một số từ 0 đến 100.", "threshold must be a number from 0 to 100.")
	}
	return t, nil
}

func (a *API) projectProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := threshold(r)
	if err != nil {
		return err
	}
	p, err := a.s.Indicators.ProjectProgress(r.Context(), id, t)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (a *API) projectWatchlist(w http.ResponseWriter, r *http.Request) error {
	t, err := threshold(r)
	if err != nil {
		return err
	}
	list, err := a.s.Indicators.ProjectWatchlist(r.Context(), t)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

// setDisbursement records a month's planned and actual disbursement; the month is the whole
// resource, so the method is PUT and, as for targets, no If-Match is needed.
func (a *API) setDisbursement(w http.ResponseWriter, r *http.Request) error {
	return withBody(w, r, http.StatusOK, func(ctx context.Context, id int64, in dondoc.DisbursementInput) (*dondoc.Disbursement, error) {
		return a.s.Indicators.SetDisbursement(ctx, id, r.PathValue("month"), in)
	})
}

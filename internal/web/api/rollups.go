package api

import (
	"net/http"

	"dondoc"
)

// rollupRoutes registers the indicator roll-ups, the completeness report and the status
// thresholds. They are served by the report service, which computes roll-ups beside scorecards.
func (a *API) rollupRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/indicators/{id}/rollup", a.authed(a.indicatorRollup))
	m.HandleFunc("GET /api/v1/reports/completeness", a.authed(a.completeness))
	m.HandleFunc("GET /api/v1/settings/indicator-status", a.authed(a.getIndicatorStatus))
	m.HandleFunc("PUT /api/v1/settings/indicator-status", a.authed(a.putIndicatorStatus))
}

// rollups returns the roll-up service: the report service serves it when it can.
func (a *API) rollups() (dondoc.RollupService, error) {
	s, ok := a.s.Reports.(dondoc.RollupService)
	if !ok {
		return nil, dondoc.Errorf(dondoc.EInternal, "", "Máy chủ chưa hỗ trợ tổng hợp chỉ tiêu.", "Roll-ups are not available.")
	}
	return s, nil
}

// levelParam reads the number of unit levels below the chosen unit, one when absent.
func levelParam(q *query) int {
	if q.str("level") == "" {
		return 1
	}
	return q.int("level")
}

func (a *API) indicatorRollup(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := &query{r: r}
	rq := dondoc.RollupQuery{IndicatorID: id, UnitID: q.int64("unit"), From: q.str("from"), To: q.str("to"),
		By: dondoc.PeriodType(q.str("by")), Level: levelParam(q), Merge: dondoc.MergeMode(q.str("merge"))}
	if b := q.boolPtr("include_submitted"); b != nil {
		rq.IncludeSubmitted = *b
	}
	if q.err != nil {
		return q.err
	}
	s, err := a.rollups()
	if err != nil {
		return err
	}
	out, err := s.Rollup(r.Context(), rq)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) completeness(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	cq := dondoc.CompletenessQuery{IndicatorID: q.int64("indicator"), UnitID: q.int64("unit"), From: q.str("from"), To: q.str("to"),
		Level: levelParam(q)}
	// One period may be asked for as period=2024-05.
	if p := q.str("period"); p != "" {
		if cq.From != "" || cq.To != "" {
			return dondoc.Invalid("period", "Chỉ dùng period hoặc from và to, không dùng cả hai.", "Use period or from and to, not both.")
		}
		cq.From, cq.To = p, p
	}
	if q.err != nil {
		return q.err
	}
	s, err := a.rollups()
	if err != nil {
		return err
	}
	out, err := s.Completeness(r.Context(), cq)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// indicatorStatusInput is the body of PUT: the thresholds, with the version a client read accepted
// so that it can send back what it got, and ignored in favour of If-Match.
type indicatorStatusInput struct {
	dondoc.IndicatorStatus
	Version int64 `json:"version"`
}

func (a *API) getIndicatorStatus(w http.ResponseWriter, r *http.Request) error {
	s, err := a.rollups()
	if err != nil {
		return err
	}
	out, err := s.IndicatorStatusSetting(r.Context())
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, out, out.Version)
}

func (a *API) putIndicatorStatus(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	in, err := decode[indicatorStatusInput](w, r)
	if err != nil {
		return err
	}
	s, err := a.rollups()
	if err != nil {
		return err
	}
	out, err := s.SetIndicatorStatus(r.Context(), version, in.IndicatorStatus)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, out, out.Version)
}

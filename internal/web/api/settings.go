package api

import (
	"context"
	"net/http"
	"strconv"

	"dondoc"
)

func (a *API) settingsRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/settings/follow-up", a.authed(a.getFollowUp))
	m.HandleFunc("PUT /api/v1/settings/follow-up", a.authed(a.putFollowUp))
	m.HandleFunc("GET /api/v1/settings/calendar", a.authed(a.listCalendarYears))
	m.HandleFunc("GET /api/v1/settings/calendar/{year}", a.authed(a.getCalendarPlan))
	m.HandleFunc("PUT /api/v1/settings/calendar/{year}", a.authed(a.putCalendarPlan))
	m.HandleFunc("GET /api/v1/calendar", a.authed(a.calendarDays))
}

// followUpInput is the body of PUT: the settings, with the version a client read accepted so that
// it can send back what it got, and ignored in favour of If-Match.
type followUpInput struct {
	dondoc.FollowUp
	Version int64 `json:"version"`
}

// planInput is the body of PUT: a year's plan, with the version and source a client read accepted
// so that it can send back what it got, and ignored in favour of If-Match and the path.
type planInput struct {
	dondoc.CalendarPlan
	Version int64  `json:"version"`
	Source  string `json:"source"`
}

func (a *API) getFollowUp(w http.ResponseWriter, r *http.Request) error {
	return getVersioned(w, r, a.s.Settings.FollowUpSettings)
}

func (a *API) putFollowUp(w http.ResponseWriter, r *http.Request) error {
	return putSetting(w, r, func(ctx context.Context, version int64, in followUpInput) (*dondoc.FollowUpSetting, error) {
		return a.s.Settings.SetFollowUpSettings(ctx, version, in.FollowUp)
	})
}

func (a *API) listCalendarYears(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, a.s.Settings.CalendarYears)
}

// pathYear parses the year in the path; anything but a number names no plan.
func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return 0, dondoc.NotFound("setting")
	}
	return y, nil
}

func (a *API) getCalendarPlan(w http.ResponseWriter, r *http.Request) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	return getVersioned(w, r, func(ctx context.Context) (*dondoc.CalendarPlanSetting, error) {
		return a.s.Settings.CalendarPlan(ctx, y)
	})
}

func (a *API) putCalendarPlan(w http.ResponseWriter, r *http.Request) error {
	y, err := pathYear(r)
	if err != nil {
		return err
	}
	return putSetting(w, r, func(ctx context.Context, version int64, in planInput) (*dondoc.CalendarPlanSetting, error) {
		// The year may be left out of the body; given, it must be the year of the path, or it is
		// unclear which year the administrator meant to change.
		if in.Year == 0 {
			in.Year = y
		} else if in.Year != y {
			return nil, dondoc.Invalid("year",
				"Năm trong nội dung ("+strconv.Itoa(in.Year)+") khác năm trên đường dẫn ("+strconv.Itoa(y)+").",
				"The year in the body ("+strconv.Itoa(in.Year)+") differs from the year in the path ("+strconv.Itoa(y)+").")
		}
		return a.s.Settings.SetCalendarPlan(ctx, version, in.CalendarPlan)
	})
}

func (a *API) calendarDays(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	from, to := q.date("from"), q.date("to")
	if q.err != nil {
		return q.err
	}
	if from == "" {
		return dondoc.Invalid("from", "Cần ngày bắt đầu (from), dạng YYYY-MM-DD.", "from is required, as YYYY-MM-DD.")
	}
	if to == "" {
		return dondoc.Invalid("to", "Cần ngày kết thúc (to), dạng YYYY-MM-DD.", "to is required, as YYYY-MM-DD.")
	}
	days, err := a.s.Settings.CalendarDays(r.Context(), from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": days})
}

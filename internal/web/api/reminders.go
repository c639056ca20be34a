package api

import (
	"net/http"

	"dondoc"
)

func (a *API) reminderRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/settings/reminder-ladder", a.authed(a.getReminderLadder))
	m.HandleFunc("PUT /api/v1/settings/reminder-ladder", a.authed(a.putReminderLadder))
}

// ladderInput is the body of PUT: a ladder, with the version a client read accepted so that it can
// send back what it got, and ignored in favour of If-Match.
type ladderInput struct {
	dondoc.Ladder
	Version int64 `json:"version"`
}

func (a *API) getReminderLadder(w http.ResponseWriter, r *http.Request) error {
	s, err := a.s.Reminders.ReminderLadder(r.Context())
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, s, s.Version)
}

func (a *API) putReminderLadder(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	in, err := decode[ladderInput](w, r)
	if err != nil {
		return err
	}
	s, err := a.s.Reminders.SetReminderLadder(r.Context(), version, in.Ladder)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, s, s.Version)
}

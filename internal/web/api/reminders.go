package api

import (
	"context"
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
	return getVersioned(w, r, a.s.Reminders.ReminderLadder)
}

func (a *API) putReminderLadder(w http.ResponseWriter, r *http.Request) error {
	return putSetting(w, r, func(ctx context.Context, version int64, in ladderInput) (*dondoc.LadderSetting, error) {
		return a.s.Reminders.SetReminderLadder(ctx, version, in.Ladder)
	})
}

package ui

import (
	"net/http"

	"dondoc"
)

// closeEscalation closes an answered escalation once the raising unit considers the difficulty
// resolved.
func (u *UI) closeEscalation(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	data := u.postedEscalation(w, r, v)
	if data == nil {
		return
	}
	version, err := parseVersion(r.PostForm.Get("version"))
	if err == nil {
		_, err = u.s.Workflow.CloseEscalation(ctx, data.E.ID, version)
	}
	u.answerForm(w, r, v, err, "/kien-nghi/"+itoa(data.E.ID)+"?da-luu=dong", func(status int) {
		data.Error = v.Lang.errorText(err)
		if dondoc.IsCode(err, dondoc.EStale) {
			data.Error = escalationStale(v.Lang, data)
		}
		u.renderEscalation(w, r, status, v, data)
	})
}

// postedEscalation reads the escalation of the path and the form posted about it. When either
// cannot be read it has already shown the error page and returns nil.
func (u *UI) postedEscalation(w http.ResponseWriter, r *http.Request, v *viewer) *escalationView {
	data, err := u.escalation(r.Context(), r, v)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return nil
	}
	return data
}

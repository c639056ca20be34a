package ui

import (
	"net/http"
	"strconv"

	"dondoc"
)

// markNotificationsRead marks one notification read, or all of them with all=1, and goes back to
// the inbox.
func (u *UI) markNotificationsRead(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	if err := parseForm(r); err != nil {
		u.renderError(w, r, v, err)
		return
	}
	var err error
	if r.PostForm.Get("all") == "1" {
		_, err = u.s.Notifications.MarkAllNotificationsRead(ctx)
	} else {
		id, perr := strconv.ParseInt(r.PostForm.Get("id"), 10, 64)
		if perr != nil || id <= 0 {
			err = dondoc.NotificationNotFound()
		} else {
			_, err = u.s.Notifications.MarkNotificationsRead(ctx, []int64{id})
		}
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/thong-bao?da-luu=da-doc", http.StatusSeeOther)
}

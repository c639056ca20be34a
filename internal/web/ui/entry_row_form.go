package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// postedEntry reads the form posted from the figures grid and the grid it was posted from, for
// the period and top unit the form names. When either cannot be read it has already shown the
// error page and returns nil.
func (u *UI) postedEntry(w http.ResponseWriter, r *http.Request, v *viewer) (*entryView, url.Values) {
	err := parseForm(r)
	var data *entryView
	if err == nil {
		data, err = u.loadEntry(r.Context(), r, v, r.PostForm.Get("ky"), r.PostForm.Get("don-vi"))
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return nil, nil
	}
	return data, r.PostForm
}

// entryRowForm is a small form posted from the figures grid about one of its rows: a reported
// value to review, a locked unit to reopen. Such forms go the same way: the grid, the row the form
// names among those the user may act on, a check and a call to a service, then back to the grid
// with the marker of what was done, or the grid again with the message next to the row, nothing
// changed. Only what differs is here.
type entryRowForm struct {
	// rows are the rows the user may act on, and key the form's input naming one of them by id.
	rows func(data *entryView) []*entryRow
	key  string
	id   func(row *entryRow) int64
	// missing is what the grid says when the form names a row the user may not act on (any
	// more): the page was out of date.
	missing string
	// done is the marker added to the grid's address after success, such as "da-mo".
	done string
	// do keeps on the row what was typed, checks it and calls the service.
	do func(ctx context.Context, data *entryView, row *entryRow, id int64, p url.Values) error
	// refused puts the message of a refusal next to the row.
	refused func(l lang, row *entryRow, err error)
}

// postEntryRow handles a form described by f, posted from the figures grid. Unlike the task's
// forms, a row not found by the service is shown on the grid too: the grid is where the user
// chose it, and a reload shows why it is gone.
func (u *UI) postEntryRow(w http.ResponseWriter, r *http.Request, v *viewer, f entryRowForm) {
	data, p := u.postedEntry(w, r, v)
	if data == nil {
		return
	}
	id, _ := strconv.ParseInt(p.Get(f.key), 10, 64)
	var row *entryRow
	for _, x := range f.rows(data) {
		if f.id(x) == id {
			row = x
		}
	}
	if row == nil {
		data.Errors[""] = v.Lang.tr(f.missing)
		u.renderEntry(w, r, http.StatusConflict, v, data)
		return
	}
	err := f.do(r.Context(), data, row, id, p)
	switch {
	case err == nil:
		http.Redirect(w, r, entryURL(data.Indicator.ID, data.Period, data.TopID)+"&"+f.done+"=1", http.StatusSeeOther)
	case dondoc.ErrorCode(err) == dondoc.EInternal:
		u.renderError(w, r, v, err)
	default:
		f.refused(v.Lang, row, err)
		u.renderEntry(w, r, httpstatus.Of(err), v, data)
	}
}

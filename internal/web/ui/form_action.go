package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// answerForm ends the handling of a posted form, the same way for every form of the pages. With
// no error it sends the browser to done (redirect after post, so that a reload posts nothing
// again). An error the user cannot mend by editing the form (a fault, or something that is not
// there) shows the error page. Any other refusal shows the form again through again, with the
// status the error calls for, so that what was typed stays and the message goes next to it.
func (u *UI) answerForm(w http.ResponseWriter, r *http.Request, v *viewer, err error, done string, again func(status int)) {
	switch {
	case err == nil:
		http.Redirect(w, r, done, http.StatusSeeOther)
	case dondoc.ErrorCode(err) == dondoc.EInternal || dondoc.ErrorCode(err) == dondoc.ENotFound:
		u.renderError(w, r, v, err)
	default:
		again(httpstatus.Of(err))
	}
}

// postedTask reads the task of the path and the form posted to one of the task's own pages. When
// either cannot be read it has already shown the error page and returns nil.
func (u *UI) postedTask(w http.ResponseWriter, r *http.Request, v *viewer) *formTask {
	ft, err := u.loadFormTask(r.Context(), r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return nil
	}
	return ft
}

// taskAgain shows the task page again, read afresh, after a form posted from it was refused. show
// puts the messages where the user will see them: fields maps the domain's fields to the form's
// inputs, and a task changed by someone else first says who did it instead, since the fresh page
// is then what the user must look at again.
func (u *UI) taskAgain(w http.ResponseWriter, r *http.Request, v *viewer, status int, id int64, err error,
	fields map[string]string, show func(data *taskView, errs formErrors)) {
	data, lerr := u.task(r.Context(), v, id)
	if lerr != nil {
		u.renderError(w, r, v, lerr)
		return
	}
	errs := fieldErrors(v.Lang, err, fields)
	if dondoc.IsCode(err, dondoc.EStale) {
		errs = formErrors{"": staleMessage(v.Lang, data)}
	}
	show(data, errs)
	u.renderTask(w, r, status, v, data)
}

// taskItemForm is a small form posted from the task page about one item the page lists: a
// progress report to review, an extension request to decide, a coordinating unit's part. Such
// forms go the same way: the task and the item from the path, the version the page showed, a check
// and a call to a service, then back to the task page with the "da-luu" marker of what was done,
// or the task page again with the refused form next to its item. Only what differs is here.
type taskItemForm struct {
	// item is the path value naming the item, and what the thing a malformed one is not found as.
	item, what string
	// anchor, when set, is the prefix of the item's id on the task page, so that the page opens
	// at the item after the redirect.
	anchor string
	// fields maps the domain's field names to the inputs of the inline form.
	fields map[string]string
	// typed is what the user typed, kept in the form shown again.
	typed func(p url.Values) inlineForm
	// do checks the form and calls the service, and returns the marker of what was done.
	do func(ctx context.Context, task, item, version int64, p url.Values) (string, error)
	// place puts the refused form next to its item and says whether the page lists the item; when
	// it does not, the message shows above the page, so that none is lost.
	place func(data *taskView, item int64, f inlineForm) bool
}

// postTaskItem handles a form described by f, posted from the task page.
func (u *UI) postTaskItem(w http.ResponseWriter, r *http.Request, v *viewer, f taskItemForm) {
	id, err := pathID(r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	item, perr := strconv.ParseInt(r.PathValue(f.item), 10, 64)
	if perr != nil || item <= 0 {
		u.renderError(w, r, v, dondoc.NotFound(f.what))
		return
	}
	if err := parseForm(r); err != nil {
		u.renderError(w, r, v, err)
		return
	}
	p := r.PostForm
	version, err := parseVersion(p.Get("version"))
	done := ""
	if err == nil {
		done, err = f.do(r.Context(), id, item, version, p)
	}
	to := "/nhiem-vu/" + itoa(id) + "?da-luu=" + done
	if f.anchor != "" {
		to += "#" + f.anchor + itoa(item)
	}
	u.answerForm(w, r, v, err, to, func(status int) {
		u.taskAgain(w, r, v, status, id, err, f.fields, func(data *taskView, errs formErrors) {
			form := f.typed(p)
			form.Errors = errs
			if !f.place(data, item, form) {
				data.Error = v.Lang.errorText(err)
			}
		})
	})
}

// placeForm puts the refused form f on the items of a list whose id is id, and says whether the
// list has one. form gives an item's id and the inline form it shows.
func placeForm[T any](items []T, id int64, f inlineForm, form func(*T) (int64, *inlineForm)) bool {
	found := false
	for i := range items {
		if itemID, at := form(&items[i]); itemID == id {
			*at, found = f, true
		}
	}
	return found
}

// reviewing is the course of a review form posted about an item of the task: the decision,
// "approve" or refuse (the form's word for a refusal, such as "return" or "reject") with its
// reason, unknown being the error for any other choice; then decide, which calls the service and
// returns the task the item belongs to and the marker of the decision. An item of another task is
// not found, as what, on this task's page.
func reviewing(what, refuse string, unknown error,
	decide func(ctx context.Context, item, version int64, d dondoc.ReviewDecision) (task int64, done string, err error),
) func(ctx context.Context, task, item, version int64, p url.Values) (string, error) {
	return func(ctx context.Context, task, item, version int64, p url.Values) (string, error) {
		d := dondoc.ReviewDecision{Approve: p.Get("decision") == "approve", Note: p.Get("note")}
		if !d.Approve && p.Get("decision") != refuse {
			return "", unknown
		}
		if err := reviewNote(d); err != nil {
			return "", err
		}
		of, done, err := decide(ctx, item, version, d)
		if err == nil && of != task {
			err = dondoc.NotFound(what)
		}
		return done, err
	}
}

// reviewNote checks the note of a decision, asking for the reason of a refusal in words that say
// what to write.
func reviewNote(d dondoc.ReviewDecision) error {
	if !d.Approve && strings.TrimSpace(d.Note) == "" {
		return dondoc.Invalid("note", "Hãy ghi rõ lý do trả lại hoặc không đồng ý.", "Say why you return or refuse it.")
	}
	return d.Validate()
}

// notedForm keeps the note typed in a review form.
func notedForm(p url.Values) inlineForm { return inlineForm{Note: p.Get("note")} }

// noteField maps the domain's note of a review to the input of the inline form.
var noteField = map[string]string{"note": "note"}

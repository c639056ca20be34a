package ui

import (
	"net/http"
	"strings"

	"dondoc"
)

// extensionForm is the extension request form: the proposed deadline and the reason.
type extensionForm struct {
	Task     dondoc.Task
	Proposed string
	Reason   string
	Errors   formErrors
}

// extensionFields maps the domain's fields of an extension request to the form's inputs.
var extensionFields = map[string]string{"proposed": "proposed", "reason": "reason"}

// canExtend is the domain's rule for the extension form: the lead unit asks to move the fixed
// deadline of a running task.
func canExtend(v *viewer, ft *formTask) bool {
	t := ft.Task
	return t.Status.Open() && t.DueOn.Valid() && t.DueOn != dondoc.NoDate && dondoc.CanRequestExtension(v.Actor, ft.Units)
}

// showExtensionForm shows the extension request form.
func (u *UI) showExtensionForm(w http.ResponseWriter, r *http.Request, v *viewer) {
	ft, err := u.loadFormTask(r.Context(), r)
	if err == nil && !canExtend(v, ft) {
		err = notAllowed()
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	u.renderExtensionForm(w, r, http.StatusOK, v, &extensionForm{Task: ft.Task})
}

func (u *UI) renderExtensionForm(w http.ResponseWriter, r *http.Request, status int, v *viewer, f *extensionForm) {
	u.render(w, r, status, view{Page: "task-extension", Title: "Gửi đề xuất gia hạn", Viewer: v, Nav: "tasks", Data: f})
}

// requestExtension sends the request to move the deadline.
func (u *UI) requestExtension(w http.ResponseWriter, r *http.Request, v *viewer) {
	ft := u.postedTask(w, r, v)
	if ft == nil {
		return
	}
	var err error
	f := &extensionForm{Task: ft.Task, Proposed: strings.TrimSpace(r.PostForm.Get("proposed")), Reason: r.PostForm.Get("reason")}
	in := dondoc.ExtensionInput{Reason: f.Reason}
	if d, ok := parseFormDate(f.Proposed); ok {
		in.Proposed = d
	} else if f.Proposed != "" {
		err = dondoc.Invalid("proposed", "Hạn đề nghị phải là một ngày có thật, dạng dd/mm/yyyy.", "The proposed deadline must be a real date, dd/mm/yyyy.")
	}
	if err == nil {
		err = in.Validate(ft.Task.DueOn)
	}
	if err == nil && strings.TrimSpace(f.Reason) == "" {
		err = dondoc.Invalid("reason", "Hãy nêu lý do đề xuất gia hạn.", "Give the reason for the extension.")
	}
	if err == nil && !canExtend(v, ft) {
		err = notAllowed()
	}
	if err == nil {
		_, err = u.s.Workflow.RequestExtension(r.Context(), ft.Task.ID, in)
	}
	u.answerForm(w, r, v, err, "/nhiem-vu/"+itoa(ft.Task.ID)+"?da-luu=gia-han", func(status int) {
		f.Errors = fieldErrors(v.Lang, err, extensionFields)
		u.renderExtensionForm(w, r, status, v, f)
	})
}

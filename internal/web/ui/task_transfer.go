package ui

import (
	"net/http"
	"strconv"
	"strings"

	"dondoc"
)

// transferForm moves a task to another lead unit (chuyển đơn vị thực hiện).
type transferForm struct {
	Task    dondoc.Task
	Lead    string
	Units   []unitOption
	To      int64
	Note    string
	Version int64
	Errors  formErrors
}

// canTransfer is the domain's rule for a transfer: the assigning side moves a task that is not yet
// awaiting completion.
func canTransfer(v *viewer, ft *formTask) bool {
	s := ft.Task.Status
	return (s == dondoc.StatusDraft || s == dondoc.StatusAssigned || s == dondoc.StatusInProgress) &&
		dondoc.CanDo(v.Actor, dondoc.ActionTransfer, ft.Units)
}

// transferUnits are the units a task may move to: those in the user's scope but its lead unit.
func (u *UI) transferUnits(r *http.Request, v *viewer, ft *formTask) ([]unitOption, error) {
	all, err := u.scopeUnits(r.Context(), v)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, o := range all {
		if o.ID != ft.Task.LeadUnitID {
			out = append(out, o)
		}
	}
	return out, nil
}

// showTransferForm shows the transfer form.
func (u *UI) showTransferForm(w http.ResponseWriter, r *http.Request, v *viewer) {
	ft, err := u.loadFormTask(r.Context(), r)
	if err == nil && !canTransfer(v, ft) {
		err = notAllowed()
	}
	var units []unitOption
	if err == nil {
		units, err = u.transferUnits(r, v, ft)
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	u.renderTransferForm(w, r, http.StatusOK, v, &transferForm{Task: ft.Task, Lead: ft.Lead.Name, Units: units, Version: ft.Task.Version})
}

func (u *UI) renderTransferForm(w http.ResponseWriter, r *http.Request, status int, v *viewer, f *transferForm) {
	u.render(w, r, status, view{Page: "task-transfer", Title: "Chuyển cho đơn vị khác thực hiện", Viewer: v, Nav: "tasks", Data: f})
}

// transferTask moves the task to the chosen unit, against the version the form showed.
func (u *UI) transferTask(w http.ResponseWriter, r *http.Request, v *viewer) {
	ft := u.postedTask(w, r, v)
	if ft == nil {
		return
	}
	units, err := u.transferUnits(r, v, ft)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	p := r.PostForm
	f := &transferForm{Task: ft.Task, Lead: ft.Lead.Name, Units: units, Note: p.Get("note")}
	f.To, _ = strconv.ParseInt(strings.TrimSpace(p.Get("to_unit")), 10, 64)
	f.Version, err = parseVersion(p.Get("version"))
	switch {
	case err != nil:
	case f.To <= 0:
		err = dondoc.Invalid("to_unit_id", "Hãy chọn đơn vị nhận nhiệm vụ.", "Choose the unit that takes the task.")
	case f.To == ft.Task.LeadUnitID:
		err = dondoc.Invalid("to_unit_id", "Đơn vị nhận phải khác đơn vị chủ trì hiện tại.", "Choose a unit other than the current lead unit.")
	case !canTransfer(v, ft):
		err = notAllowed()
	default:
		err = dondoc.OptionalText("note", f.Note, 5000)
	}
	if err == nil {
		_, err = u.s.Tasks.Transition(r.Context(), ft.Task.ID, f.Version, dondoc.TransitionInput{Action: dondoc.ActionTransfer, ToUnitID: f.To, Note: f.Note})
	}
	u.answerForm(w, r, v, err, "/nhiem-vu/"+itoa(ft.Task.ID)+"?da-luu=chuyen-don-vi", func(status int) {
		f.Errors = fieldErrors(v.Lang, err, map[string]string{"to_unit_id": "to_unit", "note": "note"})
		if dondoc.IsCode(err, dondoc.EStale) {
			data, lerr := u.task(r.Context(), v, ft.Task.ID)
			if lerr != nil {
				u.renderError(w, r, v, lerr)
				return
			}
			f.Task, f.Version = data.Task, data.Task.Version
			f.Errors = formErrors{"": staleMessage(v.Lang, data)}
		}
		u.renderTransferForm(w, r, status, v, f)
	})
}

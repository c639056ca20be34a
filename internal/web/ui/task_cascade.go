package ui

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// cascadeForm gives a task on to units under its lead unit: one child task per chosen unit, led by
// that unit and assigned by the lead unit.
type cascadeForm struct {
	Task     dondoc.Task
	Lead     string
	Units    []unitOption
	Chosen   []int64
	Title    string
	Deadline string
	Errors   formErrors
}

// Picked reports whether the unit was ticked, so that a refused form keeps the ticks.
func (f *cascadeForm) Picked(id int64) bool { return slices.Contains(f.Chosen, id) }

// canCascade is the domain's rule for giving work on: the lead unit may assign tasks of its own
// (its office or leaders), on a task that is still to be done.
func canCascade(v *viewer, ft *formTask) bool {
	s := ft.Task.Status
	return (s == dondoc.StatusDraft || s.Open()) && dondoc.CanCreateTask(v.Actor, ft.Lead.Path)
}

// lowerUnits are the units directly under the lead unit.
func (u *UI) lowerUnits(r *http.Request, ft *formTask) ([]unitOption, error) {
	parent := ft.Lead.ID
	units, err := u.listUnits(r.Context(), dondoc.UnitFilter{ParentID: &parent})
	if err != nil {
		return nil, err
	}
	out := make([]unitOption, 0, len(units))
	for _, un := range units {
		out = append(out, unitOption{ID: un.ID, Name: un.Name})
	}
	return out, nil
}

// showCascadeForm shows the units under the lead unit to give the task on to.
func (u *UI) showCascadeForm(w http.ResponseWriter, r *http.Request, v *viewer) {
	ft, err := u.loadFormTask(r.Context(), r)
	if err == nil && !canCascade(v, ft) {
		err = notAllowed()
	}
	var units []unitOption
	if err == nil {
		units, err = u.lowerUnits(r, ft)
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	f := &cascadeForm{Task: ft.Task, Lead: ft.Lead.Name, Units: units, Title: ft.Task.Title}
	if ft.Task.DueOn.Valid() && ft.Task.DueOn != dondoc.NoDate {
		f.Deadline = string(ft.Task.DueOn)
	}
	u.renderCascadeForm(w, r, http.StatusOK, v, f)
}

func (u *UI) renderCascadeForm(w http.ResponseWriter, r *http.Request, status int, v *viewer, f *cascadeForm) {
	u.render(w, r, status, view{Page: "task-cascade", Title: "Giao cho đơn vị cấp dưới", Viewer: v, Nav: "tasks", Data: f})
}

// cascadeTask gives the task on to the chosen units with one call to the task service, which
// creates every child task in one transaction: a unit refused halfway leaves none behind.
func (u *UI) cascadeTask(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	ft, err := u.loadFormTask(ctx, r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	if err := parseForm(r); err != nil {
		u.renderError(w, r, v, err)
		return
	}
	units, err := u.lowerUnits(r, ft)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	p := r.PostForm
	f := &cascadeForm{Task: ft.Task, Lead: ft.Lead.Name, Units: units, Title: p.Get("title"), Deadline: strings.TrimSpace(p.Get("deadline"))}
	for _, s := range p["unit"] {
		id, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil || !slices.ContainsFunc(units, func(o unitOption) bool { return o.ID == id }) {
			err = dondoc.Invalid("units", "Chỉ chọn được các đơn vị trực thuộc đơn vị chủ trì.", "Choose only units under the lead unit.")
			continue
		}
		if !slices.Contains(f.Chosen, id) {
			f.Chosen = append(f.Chosen, id)
		}
	}
	// The form shows the parent's title and deadline to start from; what the user leaves there is
	// what the children get, so an emptied deadline means none rather than the parent's.
	in := dondoc.CascadeInput{Units: f.Chosen, Title: f.Title, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineNone}}
	if err == nil {
		err = dondoc.RequireText("title", f.Title, 1000)
	}
	if err == nil {
		switch d, ok := parseFormDate(f.Deadline); {
		case f.Deadline == "":
		case !ok:
			err = dondoc.Invalid("deadline.date", "Thời hạn phải là một ngày có thật, dạng dd/mm/yyyy.", "The deadline must be a real date, dd/mm/yyyy.")
		default:
			in.Deadline = dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: d}
		}
	}
	if err == nil && !canCascade(v, ft) {
		err = notAllowed()
	}
	if err == nil {
		_, err = u.s.Tasks.Cascade(ctx, ft.Task.ID, in)
	}
	if err == nil {
		http.Redirect(w, r, "/nhiem-vu/"+itoa(ft.Task.ID)+"?da-luu=giao-cap-duoi", http.StatusSeeOther)
		return
	}
	if dondoc.ErrorCode(err) == dondoc.EInternal || dondoc.ErrorCode(err) == dondoc.ENotFound {
		u.renderError(w, r, v, err)
		return
	}
	fields := map[string]string{"units": "unit", "title": "title", "deadline.date": "deadline"}
	for i := range f.Chosen {
		fields["units["+itoa(int64(i))+"]"] = "unit"
	}
	f.Errors = fieldErrors(v.Lang, err, fields)
	u.renderCascadeForm(w, r, httpstatus.Of(err), v, f)
}

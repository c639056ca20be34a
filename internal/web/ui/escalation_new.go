package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dondoc"
)

// escalationForm raises a difficulty of a progress report to the body that can resolve it.
type escalationForm struct {
	Task   dondoc.Task
	Report *dondoc.ProgressReport
	// From is the lead unit, in whose name the escalation is raised.
	From string
	// Targets are the assigning unit and the units above it, where an escalation may go.
	Targets     []unitOption
	To          int64
	Subject     string
	Text        string
	ResponseDue string
	Errors      formErrors
}

// escalationFields maps the domain's fields of an escalation to the form's inputs.
var escalationFields = map[string]string{
	"to_unit_id": "to_unit", "subject": "subject", "text": "text", "response_due": "response_due",
}

// defaultResponseDays is how long the form proposes to give the addressed body to answer.
const defaultResponseDays = 7

// loadEscalationForm reads the task and report the escalation comes from, and checks that the user
// may raise it in the name of the lead unit.
func (u *UI) loadEscalationForm(ctx context.Context, v *viewer, taskParam, reportParam string) (*escalationForm, *formTask, error) {
	tid, err := strconv.ParseInt(taskParam, 10, 64)
	if err != nil || tid <= 0 {
		return nil, nil, dondoc.NotFound("task")
	}
	rid, err := strconv.ParseInt(reportParam, 10, 64)
	if err != nil || rid <= 0 {
		return nil, nil, dondoc.NotFound("progress report")
	}
	ft, err := u.loadTaskByID(ctx, tid)
	if err != nil {
		return nil, nil, err
	}
	if !dondoc.CanRaiseEscalation(v.Actor, ft.Lead.Path) {
		return nil, nil, notAllowed()
	}
	reports, err := u.s.Workflow.ListReports(ctx, ft.Task.ID)
	if err != nil {
		return nil, nil, err
	}
	f := &escalationForm{Task: ft.Task, From: ft.Lead.Name, To: ft.Assigner.ID}
	for i := range reports {
		if reports[i].ID == rid {
			f.Report = &reports[i]
		}
	}
	if f.Report == nil {
		return nil, nil, dondoc.NotFound("progress report")
	}
	// The assigning unit first, then each unit above it, as far as the tree goes.
	for un := ft.Assigner; un != nil; {
		f.Targets = append(f.Targets, unitOption{ID: un.ID, Name: un.Name})
		if un.ParentID == nil {
			break
		}
		if un, err = u.s.Org.GetUnit(ctx, *un.ParentID); err != nil {
			if dondoc.IsCode(err, dondoc.ENotFound) {
				break
			}
			return nil, nil, err
		}
	}
	return f, ft, nil
}

// showNewEscalation shows the escalation form filled from the report's difficulties and proposals.
func (u *UI) showNewEscalation(w http.ResponseWriter, r *http.Request, v *viewer) {
	q := r.URL.Query()
	f, _, err := u.loadEscalationForm(r.Context(), v, q.Get("task"), q.Get("report"))
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	f.Subject = v.Lang.trf("Kiến nghị tháo gỡ khó khăn: %s", f.Task.Title)
	var parts []string
	if d := strings.TrimSpace(f.Report.Difficulties); d != "" {
		parts = append(parts, v.Lang.tr("Khó khăn, vướng mắc:")+"\n"+d)
	}
	if p := strings.TrimSpace(f.Report.Proposals); p != "" {
		parts = append(parts, v.Lang.tr("Đề xuất, kiến nghị:")+"\n"+p)
	}
	f.Text = strings.Join(parts, "\n\n")
	f.ResponseDue = string(dondoc.Today(time.Now()).AddDays(defaultResponseDays))
	u.renderEscalationForm(w, r, http.StatusOK, v, f)
}

func (u *UI) renderEscalationForm(w http.ResponseWriter, r *http.Request, status int, v *viewer, f *escalationForm) {
	u.render(w, r, status, view{Page: "escalation-new", Title: "Kiến nghị mới", Viewer: v, Nav: "escalations", Data: f})
}

// raiseEscalation sends the escalation and shows it.
func (u *UI) raiseEscalation(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	if err := parseForm(r); err != nil {
		u.renderError(w, r, v, err)
		return
	}
	p := r.PostForm
	f, ft, err := u.loadEscalationForm(ctx, v, p.Get("task"), p.Get("report"))
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	f.Subject, f.Text, f.ResponseDue = p.Get("subject"), p.Get("text"), strings.TrimSpace(p.Get("response_due"))
	f.To, _ = strconv.ParseInt(p.Get("to_unit"), 10, 64)
	in := dondoc.EscalationInput{TaskID: &ft.Task.ID, ReportID: &f.Report.ID, FromUnitID: ft.Lead.ID, ToUnitID: f.To,
		Subject: f.Subject, Text: f.Text}
	switch d, ok := parseFormDate(f.ResponseDue); {
	case f.ResponseDue == "":
		err = dondoc.Invalid("response_due", "Hãy nhập hạn trả lời.", "Enter the response deadline.")
	case !ok:
		err = dondoc.Invalid("response_due", "Hạn trả lời phải là một ngày có thật, dạng dd/mm/yyyy.", "The response deadline must be a real date, dd/mm/yyyy.")
	default:
		in.ResponseDue = d
	}
	known := false
	for _, o := range f.Targets {
		known = known || o.ID == f.To
	}
	if err == nil && !known {
		err = dondoc.Invalid("to_unit_id", "Hãy chọn nơi nhận kiến nghị trong danh sách.", "Choose where the escalation goes from the list.")
	}
	if err == nil && strings.TrimSpace(f.Subject) == "" {
		err = dondoc.Invalid("subject", "Hãy nhập trích yếu của kiến nghị.", "Enter the subject of the escalation.")
	}
	done := ""
	if err == nil {
		var e *dondoc.Escalation
		if e, err = u.s.Workflow.RaiseEscalation(ctx, in); err == nil {
			done = "/kien-nghi/" + itoa(e.ID) + "?da-luu=gui"
		}
	}
	u.answerForm(w, r, v, err, done, func(status int) {
		f.Errors = fieldErrors(v.Lang, err, escalationFields)
		u.renderEscalationForm(w, r, status, v, f)
	})
}

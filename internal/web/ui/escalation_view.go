package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"dondoc"
)

// escalationView is one escalation: what was raised, by whom and to whom, how long it has waited,
// the direction when there is one, and the step this user may take.
type escalationView struct {
	E           dondoc.Escalation
	From, To    string
	StatusLabel string
	RaisedBy    string
	AnsweredBy  string
	Task        *dondoc.Task
	Report      *dondoc.ProgressReport
	// NewTasks are the tasks the direction created, read from the task's timeline.
	NewTasks []dondoc.Task
	// Events are the escalation's own steps, oldest first: raised, answered, closed.
	Events []eventView
	// lang is the language the page is read in, for the steps' words.
	lang      lang
	CanAnswer bool
	CanClose  bool
	Answer    directionForm
	// Error explains why closing failed; Done says what the last step did.
	Error string
	Done  string
}

// directionForm is a leader's answer: the direction, a new deadline for the escalated task, and
// rows of new tasks, each with a title, a lead unit and a deadline.
type directionForm struct {
	Direction   string
	NewDeadline string
	Rows        []directionRow
	Units       []unitOption
	Errors      formErrors
}

// directionRow is one task the direction creates.
type directionRow struct {
	// N is the row's number as the form shows it, from 1.
	N        int
	Title    string
	Lead     int64
	Deadline string
	Errors   formErrors
}

// directionRows is how many empty task rows the answer form starts with.
const directionRows = 3

// escalationDone tell the user what the step they just took did.
var escalationDone = map[string]string{
	"gui":     "Đã gửi kiến nghị.",
	"tra-loi": "Đã gửi ý kiến chỉ đạo.",
	"dong":    "Đã đóng kiến nghị.",
}

// showEscalation shows one escalation.
func (u *UI) showEscalation(w http.ResponseWriter, r *http.Request, v *viewer) {
	data, err := u.escalation(r.Context(), r, v)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	if d := escalationDone[r.URL.Query().Get("da-luu")]; d != "" {
		data.Done = v.Lang.tr(d)
	}
	u.renderEscalation(w, r, http.StatusOK, v, data)
}

func (u *UI) renderEscalation(w http.ResponseWriter, r *http.Request, status int, v *viewer, data *escalationView) {
	u.render(w, r, status, view{Page: "escalation-view", Title: data.E.Subject, Viewer: v, Nav: "escalations", Data: data})
}

// escalation loads everything the escalation page shows.
func (u *UI) escalation(ctx context.Context, r *http.Request, v *viewer) (*escalationView, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, dondoc.Errorf(dondoc.ENotFound, "", "Không tìm thấy kiến nghị.", "Escalation not found.")
	}
	e, err := u.s.Workflow.GetEscalation(ctx, id)
	if err != nil {
		return nil, err
	}
	data := &escalationView{E: *e, StatusLabel: escalationStatusLabel(v.Lang, e.Status), lang: v.Lang}
	from, err := u.s.Org.GetUnit(ctx, e.FromUnitID)
	if err != nil {
		return nil, err
	}
	to, err := u.s.Org.GetUnit(ctx, e.ToUnitID)
	if err != nil {
		return nil, err
	}
	data.From, data.To = from.Name, to.Name
	people := newUserNames(u.s.Accounts)
	data.RaisedBy = people.name(ctx, e.RaisedBy)
	if e.AnsweredBy != nil {
		data.AnsweredBy = people.name(ctx, *e.AnsweredBy)
	}
	data.CanAnswer = e.Status == dondoc.EscalationOpen && dondoc.CanAnswerEscalation(v.Actor, to.Path)
	data.CanClose = e.Status == dondoc.EscalationAnswered && dondoc.CanCloseEscalation(v.Actor, from.Path)
	if e.TaskID != nil {
		if err := u.escalationTask(ctx, data); err != nil {
			return nil, err
		}
	}
	if data.CanAnswer {
		data.Answer.Rows = numberRows(make([]directionRow, directionRows))
		if data.Answer.Units, err = u.scopeUnits(ctx, v); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// escalationTask adds the escalated task, the report the escalation came from, and the tasks the
// direction created. A task the user cannot see is left out rather than failing the page.
func (u *UI) escalationTask(ctx context.Context, data *escalationView) error {
	e := data.E
	t, err := u.s.Tasks.GetTask(ctx, *e.TaskID)
	if dondoc.IsCode(err, dondoc.ENotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	data.Task = t
	if e.ReportID != nil {
		reports, err := u.s.Workflow.ListReports(ctx, t.ID)
		if err != nil {
			return err
		}
		for i := range reports {
			if reports[i].ID == *e.ReportID {
				data.Report = &reports[i]
			}
		}
	}
	events, err := u.s.Tasks.Timeline(ctx, t.ID)
	if err != nil {
		return err
	}
	// The task's timeline records each step of the escalation with its number; those steps are
	// the escalation's own timeline.
	for _, ev := range events {
		var d struct {
			EscalationID int64   `json:"escalation_id"`
			NewTaskIDs   []int64 `json:"new_task_ids"`
		}
		if json.Unmarshal([]byte(ev.Data), &d) != nil || d.EscalationID != e.ID {
			continue
		}
		what := ev.Kind
		if label := eventLabels[ev.Kind]; label != "" {
			what = data.lang.tr(label)
		}
		data.Events = append(data.Events, eventView{At: formatTime(ev.At), Actor: ev.Actor, What: what, Note: ev.Note})
		if ev.Kind != "escalation_answered" {
			continue
		}
		for _, id := range d.NewTaskIDs {
			nt, err := u.s.Tasks.GetTask(ctx, id)
			if dondoc.IsCode(err, dondoc.ENotFound) {
				continue
			}
			if err != nil {
				return err
			}
			data.NewTasks = append(data.NewTasks, *nt)
		}
	}
	return nil
}

// numberRows numbers the rows of the answer form from 1.
func numberRows(rows []directionRow) []directionRow {
	for i := range rows {
		rows[i].N = i + 1
	}
	return rows
}

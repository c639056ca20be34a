package ui

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"dondoc"
)

// maxDirectionRows bounds the task rows of the answer form, as the domain bounds the tasks of one
// direction.
const maxDirectionRows = dondoc.MaxDirectionTasks

// newTaskField matches the domain's field names of a direction's new tasks, such as
// new_tasks[2].deadline.date, so that the message goes next to that row's input.
var newTaskField = regexp.MustCompile(`^new_tasks\[(\d+)\]\.(title|lead_unit_id|deadline\.date)$`)

// answerEscalation records a leader's direction, which may create tasks and give the escalated
// task a new deadline. "Thêm dòng" adds an empty task row without saving anything, so that the form
// works without scripts. A refused answer is shown again with every row as typed.
func (u *UI) answerEscalation(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	data := u.postedEscalation(w, r, v)
	if data == nil {
		return
	}
	p := r.PostForm
	f := &data.Answer
	f.Direction, f.NewDeadline = p.Get("direction"), strings.TrimSpace(p.Get("new_deadline"))
	titles, leads, deadlines := p["row_title"], p["row_lead"], p["row_deadline"]
	n := min(max(len(titles), len(leads), len(deadlines)), maxDirectionRows)
	f.Rows = numberRows(make([]directionRow, n))
	for i := range f.Rows {
		row := &f.Rows[i]
		if i < len(titles) {
			row.Title = titles[i]
		}
		if i < len(leads) {
			row.Lead, _ = strconv.ParseInt(leads[i], 10, 64)
		}
		if i < len(deadlines) {
			row.Deadline = strings.TrimSpace(deadlines[i])
		}
	}
	if p.Get("add_row") != "" {
		if len(f.Rows) < maxDirectionRows {
			f.Rows = numberRows(append(f.Rows, directionRow{}))
		}
		u.renderEscalation(w, r, http.StatusOK, v, data)
		return
	}
	version, err := parseVersion(p.Get("version"))
	in := dondoc.DirectionInput{Direction: f.Direction}
	if err == nil && !data.CanAnswer {
		err = dondoc.Forbidden("Chỉ lãnh đạo của nơi nhận kiến nghị được cho ý kiến chỉ đạo khi kiến nghị đang chờ.",
			"Only a leader of the addressed body may answer an open escalation.")
	}
	if err == nil && strings.TrimSpace(f.Direction) == "" {
		err = dondoc.Invalid("direction", "Hãy nhập ý kiến chỉ đạo.", "Enter the direction.")
	}
	if err == nil && f.NewDeadline != "" {
		d, ok := parseFormDate(f.NewDeadline)
		switch {
		case !ok:
			err = dondoc.Invalid("new_deadline", "Thời hạn mới phải là một ngày có thật, dạng dd/mm/yyyy.", "The new deadline must be a real date, dd/mm/yyyy.")
		case data.Task == nil:
			err = dondoc.Invalid("new_deadline", "Kiến nghị không gắn với nhiệm vụ nên không có thời hạn để đổi.", "The escalation has no task whose deadline could change.")
		default:
			in.NewDeadline = d
		}
	}
	// Rows left wholly empty are not tasks; the ones begun must be finished.
	rowOf := map[int]int{}
	for i := range f.Rows {
		if err != nil {
			break
		}
		row := f.Rows[i]
		if strings.TrimSpace(row.Title) == "" && row.Lead == 0 && row.Deadline == "" {
			continue
		}
		field := "new_tasks[" + itoa(int64(len(in.NewTasks))) + "]"
		t := dondoc.TaskInput{Title: row.Title, Text: f.Direction, LeadUnitID: row.Lead, AssignerUnitID: data.E.ToUnitID, Assign: true}
		switch d, ok := parseFormDate(row.Deadline); {
		case strings.TrimSpace(row.Title) == "":
			err = dondoc.Invalid(field+".title", "Hãy nhập tên nhiệm vụ.", "Enter the task's title.")
		case row.Lead <= 0:
			err = dondoc.Invalid(field+".lead_unit_id", "Hãy chọn đơn vị chủ trì.", "Choose the lead unit.")
		case row.Deadline == "":
		case !ok:
			err = dondoc.Invalid(field+".deadline.date", "Thời hạn phải là một ngày có thật, dạng dd/mm/yyyy.", "The deadline must be a real date, dd/mm/yyyy.")
		default:
			t.Deadline = dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: d}
		}
		rowOf[len(in.NewTasks)] = i
		in.NewTasks = append(in.NewTasks, t)
	}
	if err == nil {
		err = in.Validate()
	}
	if err == nil {
		_, err = u.s.Workflow.AnswerEscalation(ctx, data.E.ID, version, in)
	}
	u.answerForm(w, r, v, err, "/kien-nghi/"+itoa(data.E.ID)+"?da-luu=tra-loi", func(status int) {
		u.answerAgain(w, r, v, status, data, err, rowOf)
	})
}

// answerAgain shows a refused answer again, with the message next to the field or the task row at
// fault; rowOf maps the domain's index of a new task to the form's row it came from.
func (u *UI) answerAgain(w http.ResponseWriter, r *http.Request, v *viewer, status int, data *escalationView, err error, rowOf map[int]int) {
	f := &data.Answer
	f.Errors = fieldErrors(v.Lang, err, map[string]string{"direction": "direction", "new_deadline": "new_deadline"})
	var e *dondoc.Error
	if errors.As(err, &e) {
		if m := newTaskField.FindStringSubmatch(e.Field); m != nil {
			k, _ := strconv.Atoi(m[1])
			if i, ok := rowOf[k]; ok {
				name := map[string]string{"title": "title", "lead_unit_id": "lead", "deadline.date": "deadline"}[m[2]]
				f.Rows[i].Errors = formErrors{name: v.Lang.errorText(err)}
				f.Errors = nil
			}
		}
	}
	if dondoc.IsCode(err, dondoc.EStale) {
		f.Errors = nil
		data.Error = escalationStale(v.Lang, data)
	} else if !data.CanAnswer {
		data.Error = v.Lang.errorText(err)
	}
	u.renderEscalation(w, r, status, v, data)
}

// escalationStale says that someone acted on the escalation first and, when it was answered, who
// answered it.
func escalationStale(l lang, data *escalationView) string {
	if data.AnsweredBy != "" {
		return l.trf("%s đã cho ý kiến chỉ đạo về kiến nghị này trước bạn. Trang đã hiện dữ liệu mới nhất.", data.AnsweredBy)
	}
	return l.tr("Kiến nghị vừa được người khác thay đổi trước bạn. Trang đã hiện dữ liệu mới nhất; hãy xem lại rồi thao tác lại nếu vẫn cần.")
}

package ui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"dondoc"
)

// reportForm is the progress report form: what the officer typed and why it was refused.
type reportForm struct {
	Task    dondoc.Task
	Lead    string
	Percent string
	Period  string
	Text    string
	// Difficulties are the khó khăn, vướng mắc; Proposals the đề xuất, kiến nghị.
	Difficulties string
	Proposals    string
	// Recurring marks a task reported period by period, whose form asks for the period.
	Recurring bool
	// FilesDropped says that files were chosen but, the form being refused, not kept: a browser
	// cannot fill a file input again, so the officer must choose them anew.
	FilesDropped bool
	Errors       formErrors
}

// Accept lists the file types the attachment input offers.
func (f *reportForm) Accept() string { return strings.Join(dondoc.AllowedAttachmentExtensions(), ",") }

// MaxFiles is how many files a report may carry, for the hint next to the file input.
func (f *reportForm) MaxFiles() int { return dondoc.MaxAttachments }

// reportFields maps the domain's fields of a report to the form's inputs.
var reportFields = map[string]string{
	"percent": "percent", "text": "text", "period": "period", "difficulties": "difficulties", "proposals": "proposals",
	"file": "files",
}

// showReportForm shows the progress report form, starting from the task's current progress.
func (u *UI) showReportForm(w http.ResponseWriter, r *http.Request, v *viewer) {
	ft, err := u.loadFormTask(r.Context(), r)
	if err == nil && !canReport(v, ft) {
		err = notAllowed()
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	f := &reportForm{Task: ft.Task, Lead: ft.Lead.Name, Percent: strconv.Itoa(ft.Task.Progress),
		Recurring: ft.Task.Deadline.Kind == dondoc.DeadlineRecurring}
	if f.Recurring {
		f.Period = string(dondoc.Today(time.Now())[:7])
	}
	u.renderReportForm(w, r, http.StatusOK, v, f)
}

func (u *UI) renderReportForm(w http.ResponseWriter, r *http.Request, status int, v *viewer, f *reportForm) {
	u.render(w, r, status, view{Page: "task-report", Title: "Báo cáo tiến độ", Viewer: v, Nav: "tasks", Data: f})
}

// canReport is the domain's rule for the report form: the lead unit reports on a running task.
func canReport(v *viewer, ft *formTask) bool {
	s := ft.Task.Status
	return (s == dondoc.StatusAssigned || s == dondoc.StatusInProgress) && dondoc.CanSubmitReport(v.Actor, ft.Units)
}

// submitReport sends a progress report. A refused report comes back with what was typed and the
// message next to the field at fault; nothing is stored.
func (u *UI) submitReport(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	ft, err := u.loadFormTask(ctx, r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	fhs, err := parseReportForm(w, r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	p := r.PostForm
	f := &reportForm{Task: ft.Task, Lead: ft.Lead.Name, Percent: strings.TrimSpace(p.Get("percent")), Period: strings.TrimSpace(p.Get("period")),
		Text: p.Get("text"), Difficulties: p.Get("difficulties"), Proposals: p.Get("proposals"),
		Recurring: ft.Task.Deadline.Kind == dondoc.DeadlineRecurring, FilesDropped: len(fhs) > 0}
	in := dondoc.ReportInput{Period: f.Period, Text: f.Text, Difficulties: f.Difficulties, Proposals: f.Proposals}
	files, err := checkChosenFiles(fhs)
	for _, cf := range files {
		in.Attachments = append(in.Attachments, cf.File.Input())
	}
	switch n, perr := strconv.Atoi(f.Percent); {
	case err != nil:
	case f.Percent == "":
		err = dondoc.Invalid("percent", "Hãy nhập tỷ lệ hoàn thành (từ 0 đến 100).", "Enter the percent done (0 to 100).")
	case perr != nil:
		err = dondoc.Invalid("percent", "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100.", "The percent done must be a whole number from 0 to 100.")
	default:
		in.Percent = &n
		err = in.Validate()
	}
	if err == nil && f.Recurring && f.Period == "" {
		err = dondoc.Invalid("period", "Nhiệm vụ thường kỳ: hãy ghi kỳ báo cáo (ví dụ 2024-05).", "A recurring task: enter the reporting period (such as 2024-05).")
	}
	if err == nil && !canReport(v, ft) {
		err = notAllowed()
	}
	if err == nil {
		err = u.storeChosenFiles(r, files)
	}
	if err == nil {
		_, err = u.s.Workflow.SubmitReport(ctx, ft.Task.ID, in)
	}
	err = attachmentError(err)
	u.answerForm(w, r, v, err, "/nhiem-vu/"+itoa(ft.Task.ID)+"?da-luu=bao-cao", func(status int) {
		f.Errors = fieldErrors(v.Lang, err, reportFields)
		u.renderReportForm(w, r, status, v, f)
	})
}

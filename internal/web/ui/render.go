package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages maps each page to the template files it is built from, besides the layout and the shared
// partials. Every page is parsed once at start, so a broken template fails the first test rather
// than a user's request.
var pages = map[string][]string{
	"login":            {"templates/login.html"},
	"login-code":       {"templates/login_code.html"},
	"account-security": {"templates/account_security.html"},
	"home":             {"templates/home.html"},
	"task-list":        {"templates/task_list.html"},
	"document-list":    {"templates/document_list.html"},
	"document-view":    {"templates/document_view.html"},
	"ingest-upload":    {"templates/ingest_upload.html"},
	"ingest-review":    {"templates/ingest_review.html"},
	"task-view":        {"templates/task_view.html", "templates/task_form_parts.html"},
	"task-report":      {"templates/task_report.html", "templates/task_form_parts.html"},
	"task-extension":   {"templates/task_extension.html", "templates/task_form_parts.html"},
	"task-transfer":    {"templates/task_transfer.html", "templates/task_form_parts.html"},
	"task-cascade":     {"templates/task_cascade.html", "templates/task_form_parts.html"},
	"escalation-list":  {"templates/escalation_list.html", "templates/task_form_parts.html"},
	"escalation-new":   {"templates/escalation_new.html", "templates/task_form_parts.html"},
	"escalation-view":  {"templates/escalation_view.html", "templates/task_form_parts.html"},
	"notifications":    {"templates/notification_list.html", "templates/task_form_parts.html"},
	"error":            {"templates/error.html"},
	"visit-list":       {"templates/visit_list.html"},
	"visit-view":       {"templates/visit_view.html"},
	"visit-new":        {"templates/visit_new.html", "templates/task_form_parts.html"},
	"visit-finding":    {"templates/visit_finding.html", "templates/task_form_parts.html"},
	"admin":            {"templates/admin.html"},
	"admin-units":      {"templates/admin_units.html"},
	"admin-unit":       {"templates/admin_unit.html"},
	"admin-users":      {"templates/admin_users.html"},
	"admin-user":       {"templates/admin_user.html"},
	"admin-settings":   {"templates/admin_settings.html"},
	"admin-audit":      {"templates/admin_audit.html"},
	"indicator-list":   {"templates/indicator_list.html"},
	"indicator-view":   {"templates/indicator_view.html"},
	"indicator-entry":  {"templates/indicator_entry.html", "templates/task_form_parts.html"},
	"project-list":     {"templates/project_list.html"},
	"project-view":     {"templates/project_view.html"},
	"report-index":     {"templates/report_index.html"},
	"report-scorecard": {"templates/report_scorecard.html", "templates/report_downloads.html", "templates/task_form_parts.html"},
	"report-review":    {"templates/report_review.html", "templates/report_downloads.html"},
}

// funcsFor returns the template functions of one language: t translates a Vietnamese text, tf a
// Vietnamese format string, and the others write dates, numbers and statuses as that language's
// readers expect. Every page is parsed once per language with these bound, so that a template
// never needs to be told which language it is in.
func funcsFor(l lang) template.FuncMap {
	return template.FuncMap{
		"t":            l.tr,
		"tf":           l.trf,
		"date":         func(d dondoc.Date) string { return d.Format() },
		"number":       func(n int) string { return l.number(float64(n), 0) },
		"decimal":      func(f float64, decimals int) string { return l.number(f, decimals) },
		"status":       func(t dondoc.Task) statusView { return statusOf(l, t) },
		"lifecycle":    func(s dondoc.Status) string { return lifecycleLabel(l, s) },
		"lang":         func() string { return string(l) },
		"settingField": settingFieldOf,
		// The name of a language is written in that language, whatever the page's language.
		"vietnameseName": func() string { return "Tiếng Việt" },
	}
}

// lifecycleLabel is the word for a lifecycle status, as the status filter shows it.
func lifecycleLabel(l lang, s dondoc.Status) string {
	for _, o := range statusOptions {
		if o.Value == s {
			return l.tr(o.Label)
		}
	}
	return string(s)
}

// templates holds every page parsed once per language.
var templates = func() map[lang]map[string]*template.Template {
	out := make(map[lang]map[string]*template.Template, len(langs))
	for _, l := range langs {
		out[l] = make(map[string]*template.Template, len(pages))
		for name, files := range pages {
			files = append([]string{"templates/layout.html", "templates/partials.html"}, files...)
			out[l][name] = template.Must(template.New(name).Funcs(funcsFor(l)).ParseFS(templateFS, files...))
		}
	}
	return out
}()

// view is what every page template receives: the layout's needs and the page's own data.
type view struct {
	// Page is the page's marker, written as <main data-page="..."> for tests and styles.
	Page   string
	Title  string
	Viewer *viewer
	// Nav names the navigation entry to mark as current.
	Nav  string
	Data any
	// Lang is the language of the page; render sets it from the request.
	Lang lang
	// Path is the address of the page, so that the language switch can come back to it.
	Path string
}

// render writes a whole page. It renders into a buffer first, so that a template error becomes a
// clean 500 instead of half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, v view) {
	v.Lang, v.Path = langOf(r), r.URL.RequestURI()
	v.Title = v.Lang.tr(v.Title)
	u.renderTemplate(w, r, status, v.Page, "layout", v)
}

// renderFragment writes one named template of a page without the layout, for htmx swaps.
func (u *UI) renderFragment(w http.ResponseWriter, r *http.Request, status int, page, name string, data any) {
	u.renderTemplate(w, r, status, page, name, data)
}

func (u *UI) renderTemplate(w http.ResponseWriter, r *http.Request, status int, page, name string, data any) {
	l := langOf(r)
	t, ok := templates[l][page]
	if !ok {
		u.logInternal(r.Context(), r, dondoc.Internal(fmt.Errorf("no template for page %q", page)))
		http.Error(w, "Lỗi hệ thống", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		u.logInternal(r.Context(), r, dondoc.Internal(err))
		http.Error(w, "Lỗi hệ thống", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", string(l))
	h.Set("Vary", "HX-Request, HX-Target")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorView is the data of the error page.
type errorView struct {
	Message string
	Status  int
}

// renderError shows a domain error as a page (or, inside an htmx swap, as a short notice) with
// the status that matches its code.
func (u *UI) renderError(w http.ResponseWriter, r *http.Request, v *viewer, err error) {
	u.logInternal(r.Context(), r, err)
	status := httpstatus.Of(err)
	data := errorView{Message: langOf(r).errorText(err), Status: status}
	if r.Header.Get("HX-Request") == "true" {
		u.renderFragment(w, r, status, "error", "notice", data)
		return
	}
	title := "Có lỗi"
	if status == http.StatusNotFound {
		title = "Không tìm thấy"
	}
	u.render(w, r, status, view{Page: "error", Title: title, Viewer: v, Data: data})
}

// statusView is how a task's state is shown: a colour class, a word and a shape, so that colour
// is never the only signal, and the days left or overdue next to the deadline.
type statusView struct {
	// Class is one of overdue (red), soon (yellow), active (blue), done (green) and idle (grey).
	Class string
	Label string
	// Shape is a glyph drawn beside the word; it is hidden from screen readers, which read the word.
	Shape string
	// Days is "quá hạn 12 ngày", "còn 3 ngày" or "đến hạn hôm nay"; empty when it does not apply.
	Days string
}

// The shapes of the five status classes.
const (
	shapeOverdue = "◆"
	shapeSoon    = "▲"
	shapeActive  = "●"
	shapeDone    = "✓"
	shapeIdle    = "○"
)

// statusOf decides how a task shows, from its lifecycle status and the timing computed by the
// domain on read, so that every page agrees with the lists and reports.
func statusOf(l lang, t dondoc.Task) statusView {
	var days string
	if tm := t.Timing; tm.DaysLeft != nil {
		switch left := *tm.DaysLeft; {
		case left < 0:
			days = l.trf("quá hạn %s ngày", l.number(float64(-left), 0))
		case left == 0:
			days = l.tr("đến hạn hôm nay")
		default:
			days = l.trf("còn %s ngày", l.number(float64(left), 0))
		}
	}
	switch {
	case t.Timing.Overdue:
		return statusView{"overdue", l.tr("Quá hạn"), shapeOverdue, days}
	case t.Timing.DueSoon:
		return statusView{"soon", l.tr("Sắp đến hạn"), shapeSoon, days}
	}
	switch t.Status {
	case dondoc.StatusAssigned:
		return statusView{"active", l.tr("Đã giao"), shapeActive, days}
	case dondoc.StatusInProgress:
		return statusView{"active", l.tr("Đang thực hiện"), shapeActive, days}
	case dondoc.StatusCompletionRequested:
		return statusView{"active", l.tr("Hoàn thành chờ duyệt"), shapeActive, days}
	case dondoc.StatusDone:
		if t.Timing.Outcome == "late" {
			return statusView{"done", l.tr("Hoàn thành quá hạn"), shapeDone, ""}
		}
		return statusView{"done", l.tr("Hoàn thành đúng hạn"), shapeDone, ""}
	case dondoc.StatusSuspended:
		return statusView{"idle", l.tr("Tạm dừng"), shapeIdle, ""}
	case dondoc.StatusCancelled:
		return statusView{"idle", l.tr("Đã hủy"), shapeIdle, ""}
	}
	return statusView{"idle", l.tr("Dự thảo"), shapeIdle, ""}
}

package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"

	"dondoc"
	"dondoc/internal/vntext"
	"dondoc/internal/web/httpstatus"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages maps each page to the template files it is built from, besides the layout and the shared
// partials. Every page is parsed once at start, so a broken template fails the first test rather
// than a user's request.
var pages = map[string][]string{
	"login":     {"templates/login.html"},
	"home":      {"templates/home.html"},
	"task-list": {"templates/task_list.html"},
	"task-view": {"templates/task_view.html"},
	"error":     {"templates/error.html"},
}

var funcs = template.FuncMap{
	"date":      func(d dondoc.Date) string { return d.Format() },
	"number":    func(n int) string { return vntext.FormatNumber(float64(n), 0) },
	"status":    statusOf,
	"lifecycle": lifecycleLabel,
}

// lifecycleLabel is the Vietnamese word for a lifecycle status, as the status filter shows it.
func lifecycleLabel(s dondoc.Status) string {
	for _, o := range statusOptions {
		if o.Value == s {
			return o.Label
		}
	}
	return string(s)
}

var templates = func() map[string]*template.Template {
	out := make(map[string]*template.Template, len(pages))
	for name, files := range pages {
		files = append([]string{"templates/layout.html", "templates/partials.html"}, files...)
		out[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, files...))
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
}

// render writes a whole page. It renders into a buffer first, so that a template error becomes a
// clean 500 instead of half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, v view) {
	u.renderTemplate(w, r, status, v.Page, "layout", v)
}

// renderFragment writes one named template of a page without the layout, for htmx swaps.
func (u *UI) renderFragment(w http.ResponseWriter, r *http.Request, status int, page, name string, data any) {
	u.renderTemplate(w, r, status, page, name, data)
}

func (u *UI) renderTemplate(w http.ResponseWriter, r *http.Request, status int, page, name string, data any) {
	t, ok := templates[page]
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
	h.Set("Content-Language", "vi")
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
	data := errorView{Message: errorMessage(err), Status: status}
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
func statusOf(t dondoc.Task) statusView {
	var days string
	if tm := t.Timing; tm.DaysLeft != nil {
		switch left := *tm.DaysLeft; {
		case left < 0:
			days = "quá hạn " + vntext.FormatNumber(float64(-left), 0) + " ngày"
		case left == 0:
			days = "đến hạn hôm nay"
		default:
			days = "còn " + vntext.FormatNumber(float64(left), 0) + " ngày"
		}
	}
	switch {
	case t.Timing.Overdue:
		return statusView{"overdue", "Quá hạn", shapeOverdue, days}
	case t.Timing.DueSoon:
		return statusView{"soon", "Sắp đến hạn", shapeSoon, days}
	}
	switch t.Status {
	case dondoc.StatusAssigned:
		return statusView{"active", "Đã giao", shapeActive, days}
	case dondoc.StatusInProgress:
		return statusView{"active", "Đang thực hiện", shapeActive, days}
	case dondoc.StatusCompletionRequested:
		return statusView{"active", "Hoàn thành chờ duyệt", shapeActive, days}
	case dondoc.StatusDone:
		if t.Timing.Outcome == "late" {
			return statusView{"done", "Hoàn thành quá hạn", shapeDone, ""}
		}
		return statusView{"done", "Hoàn thành đúng hạn", shapeDone, ""}
	case dondoc.StatusSuspended:
		return statusView{"idle", "Tạm dừng", shapeIdle, ""}
	case dondoc.StatusCancelled:
		return statusView{"idle", "Đã hủy", shapeIdle, ""}
	}
	return statusView{"idle", "Dự thảo", shapeIdle, ""}
}

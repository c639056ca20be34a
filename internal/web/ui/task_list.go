package ui

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// taskRow is a task as lists show it, with the name of its lead unit.
type taskRow struct {
	Task     dondoc.Task
	LeadUnit string
}

// statusOption is one choice of the status filter.
type statusOption struct {
	Value dondoc.Status
	Label string
}

// statusOptions are the lifecycle statuses a user can filter by, in the order work goes.
var statusOptions = []statusOption{
	{dondoc.StatusDraft, "Dự thảo"},
	{dondoc.StatusAssigned, "Đã giao"},
	{dondoc.StatusInProgress, "Đang thực hiện"},
	{dondoc.StatusCompletionRequested, "Hoàn thành chờ duyệt"},
	{dondoc.StatusDone, "Hoàn thành"},
	{dondoc.StatusSuspended, "Tạm dừng"},
	{dondoc.StatusCancelled, "Đã hủy"},
}

// colourOption is one choice of the colour filter: the four colours of the home page.
type colourOption struct {
	Value string
	Label string
}

// colourOptions are the colours a user can filter by, as the home page counts them.
var colourOptions = []colourOption{
	{"overdue", "Quá hạn (đỏ)"},
	{"soon", "Sắp đến hạn (vàng)"},
	{"active", "Đang thực hiện (xanh dương)"},
	{"done", "Hoàn thành (xanh lá)"},
}

// documentOption is a document offered in the document filter.
type documentOption struct {
	ID    int64
	Label string
}

// taskListView is the task list with its filters as the user set them, so that the form shows
// what was asked and the address can be saved and shared.
type taskListView struct {
	Status    string
	Overdue   bool
	Q         string
	Unit      int64
	Colour    string
	DueFrom   string
	DueTo     string
	Document  int64
	Key       bool
	Options   []statusOption
	Colours   []colourOption
	Units     []unitOption
	Documents []documentOption
	Rows      []taskRow
	MoreURL   string
	Error     string
	Errors    formErrors
	Filtered  bool
	// MoreOpen shows the further filters when one of them is set, so that nothing chosen is hidden.
	MoreOpen bool
	// Share is the address of this filtered list, to copy and send.
	Share string
}

// taskListPageSize is how many tasks a page of the list shows before "Xem thêm".
const taskListPageSize = 25

// taskListParams are the query parameters of the filters, in the order the address writes them.
var taskListParams = []string{"q", "status", "colour", "unit", "document", "key", "due_from", "due_to", "overdue"}

// taskQuery is the task service's filter for the page's filters.
type taskQuery struct {
	f dondoc.TaskFilter
	// none marks filters that cannot match anything, such as a status outside the colour.
	none bool
}

// showTaskList lists the tasks in the user's scope with the filters of the query string. An htmx
// request for the results or for the next page gets only that fragment.
func (u *UI) showTaskList(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	q := r.URL.Query()
	data := &taskListView{Status: q.Get("status"), Overdue: q.Get("overdue") == "1", Q: strings.TrimSpace(q.Get("q")),
		Colour: q.Get("colour"), DueFrom: strings.TrimSpace(q.Get("due_from")), DueTo: strings.TrimSpace(q.Get("due_to")),
		Key: q.Get("key") == "1", Options: statusOptions, Colours: colourOptions}
	data.Unit, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
	data.Document, _ = strconv.ParseInt(q.Get("document"), 10, 64)
	if data.Overdue && data.Colour == "" {
		data.Colour = "overdue"
	}
	data.Filtered = data.Status != "" || data.Colour != "" || data.Q != "" || data.Unit > 0 || data.Document > 0 ||
		data.Key || data.DueFrom != "" || data.DueTo != ""
	data.MoreOpen = data.Unit > 0 || data.Status != "" || data.Document > 0 || data.DueFrom != "" || data.DueTo != ""
	canonical := url.Values{}
	for _, k := range taskListParams {
		if val := strings.TrimSpace(q.Get(k)); val != "" && k != "overdue" {
			canonical.Set(k, val)
		}
	}
	if data.Colour != "" {
		canonical.Set("colour", data.Colour)
	}
	if len(canonical) > 0 {
		data.Share = siteURL(r) + "/nhiem-vu?" + canonical.Encode()
	}
	status := http.StatusOK
	tq, err := taskQueryOf(data)
	var next string
	if err == nil && !tq.none {
		tq.f.Cursor = q.Get("cursor")
		var page *dondoc.Page[dondoc.Task]
		page, err = u.s.Tasks.ListTasks(ctx, tq.f)
		if err == nil {
			next = page.NextCursor
			names := newUnitNames(u.s.Org, v.Lang)
			for _, t := range page.Items {
				name, nerr := names.name(ctx, t.LeadUnitID)
				if nerr != nil {
					err = nerr
					break
				}
				data.Rows = append(data.Rows, taskRow{Task: t, LeadUnit: name})
			}
		}
	}
	if err == nil && next != "" {
		more := url.Values{}
		for k, vals := range canonical {
			more[k] = vals
		}
		more.Set("cursor", next)
		data.MoreURL = "/nhiem-vu?" + more.Encode()
	}
	if err != nil {
		if dondoc.ErrorCode(err) == dondoc.EInternal {
			u.renderError(w, r, v, err)
			return
		}
		// A bad filter is shown next to its field, with the form still holding what was typed.
		status = httpstatus.Of(err)
		data.Errors = fieldErrors(v.Lang, err, map[string]string{"due_from": "due_from", "due_to": "due_to", "q": "q"})
		data.Error = data.Errors[""]
		if data.Error == "" {
			data.Error = v.Lang.tr("Điều kiện lọc chưa hợp lệ; hãy sửa ô được đánh dấu.")
		}
		data.Rows = nil
		data.MoreURL = ""
	}
	if r.Header.Get("HX-Request") == "true" {
		switch r.Header.Get("HX-Target") {
		case "task-results":
			u.renderFragment(w, r, status, "task-list", "results", data)
			return
		case "more-row":
			u.renderFragment(w, r, status, "task-list", "rows", data)
			return
		}
	}
	if err := u.taskListChoices(ctx, v, data); err != nil {
		u.renderError(w, r, v, err)
		return
	}
	u.render(w, r, status, view{Page: "task-list", Title: "Nhiệm vụ", Viewer: v, Nav: "tasks", Data: data})
}

// taskQueryOf turns the filters of the list into the service's filter and the page's own.
func taskQueryOf(data *taskListView) (*taskQuery, error) {
	tq := &taskQuery{f: dondoc.TaskFilter{Q: data.Q, UnitID: data.Unit, DocumentID: data.Document, Limit: taskListPageSize}}
	if err := dondoc.OptionalText("q", data.Q, 500); err != nil {
		return nil, err
	}
	if data.Key {
		yes := true
		tq.f.Key = &yes
	}
	// The service colours tasks as the home page counts them; the page's "soon" is its due_soon.
	// statuses are the ones the colour allows, for telling a status filter outside it.
	var statuses []dondoc.Status
	switch data.Colour {
	case "":
	case "overdue":
		tq.f.Colour, statuses = dondoc.ColourOverdue, dondoc.OpenStatuses
	case "soon":
		tq.f.Colour, statuses = dondoc.ColourDueSoon, dondoc.OpenStatuses
	case "active":
		tq.f.Colour, statuses = dondoc.ColourActive, dondoc.OpenStatuses
	case "done":
		tq.f.Colour, statuses = dondoc.ColourDone, []dondoc.Status{dondoc.StatusDone}
	default:
		return nil, dondoc.Invalid("colour", "Màu không hợp lệ.", "Unknown colour.")
	}
	if data.Status != "" {
		s := dondoc.Status(data.Status)
		if statuses != nil && !slices.Contains(statuses, s) {
			tq.none = true
		}
		tq.f.Status = []dondoc.Status{s}
	}
	var from, to dondoc.Date
	if data.DueFrom != "" {
		d, ok := parseFormDate(data.DueFrom)
		if !ok {
			return nil, dondoc.Invalid("due_from", "“Hạn từ ngày” phải là một ngày có thật, dạng dd/mm/yyyy.", "“Due from” must be a real date, dd/mm/yyyy.")
		}
		from = d
		tq.f.DueFrom = d
	}
	if data.DueTo != "" {
		d, ok := parseFormDate(data.DueTo)
		if !ok {
			return nil, dondoc.Invalid("due_to", "“Hạn đến ngày” phải là một ngày có thật, dạng dd/mm/yyyy.", "“Due to” must be a real date, dd/mm/yyyy.")
		}
		to = d
		// The service's bound is exclusive; the form's is the last day included.
		tq.f.DueBefore = d.AddDays(1)
	}
	if from != "" && to != "" && to < from {
		return nil, dondoc.Invalid("due_to", "“Hạn đến ngày” phải sau hoặc bằng “Hạn từ ngày”.", "“Due to” must not be before “due from”.")
	}
	// Tasks without a deadline sort after every date (NoDate), so "due to" leaves them out by
	// itself, as "due from" does in the service.
	return tq, nil
}

// taskListDocuments is how many of the newest documents the document filter offers.
const taskListDocuments = 100

// taskListChoices fills the choices of the filter form: the units in scope and the newest
// documents, with the chosen document kept even when it is older.
func (u *UI) taskListChoices(ctx context.Context, v *viewer, data *taskListView) error {
	var err error
	if data.Units, err = u.scopeUnits(ctx, v); err != nil {
		return err
	}
	if u.s.Documents == nil {
		return nil
	}
	page, err := u.s.Documents.ListDocuments(ctx, dondoc.DocumentFilter{Limit: taskListDocuments})
	if err != nil {
		return err
	}
	found := false
	for _, d := range page.Items {
		data.Documents = append(data.Documents, documentOption{ID: d.ID, Label: documentLabel(v.Lang, d)})
		found = found || d.ID == data.Document
	}
	if data.Document > 0 && !found {
		d, err := u.s.Documents.GetDocument(ctx, data.Document)
		switch {
		case err == nil:
			data.Documents = append(data.Documents, documentOption{ID: d.ID, Label: documentLabel(v.Lang, *d)})
		case !dondoc.IsCode(err, dondoc.ENotFound):
			return err
		}
	}
	return nil
}

// documentLabel names a document in a select: its number-symbol and date, then its subject.
func documentLabel(l lang, d dondoc.Document) string {
	label := d.NumberSymbol
	if label == "" {
		label = d.Type
	}
	if d.Date.Valid() {
		label += " " + l.trf("ngày %s", d.Date.Format())
	}
	if d.Subject != "" {
		s := d.Subject
		if r := []rune(s); len(r) > 80 {
			s = string(r[:80]) + "…"
		}
		label += " — " + s
	}
	return strings.TrimSpace(label)
}

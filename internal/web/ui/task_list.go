package ui

import (
	"net/http"
	"net/url"
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

// taskListView is the task list with its filters as the user set them, so that the form shows
// what was asked and the address can be shared.
type taskListView struct {
	Status   string
	Overdue  bool
	Q        string
	Options  []statusOption
	Rows     []taskRow
	MoreURL  string
	Error    string
	Filtered bool
}

// taskListPageSize is how many tasks a page of the list shows before "Xem thêm".
const taskListPageSize = 25

// showTaskList lists the tasks in the user's scope with the filters of the query string. An htmx
// request for the results or for the next page gets only that fragment.
func (u *UI) showTaskList(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	q := r.URL.Query()
	data := &taskListView{Status: q.Get("status"), Overdue: q.Get("overdue") == "1", Q: strings.TrimSpace(q.Get("q")), Options: statusOptions}
	data.Filtered = data.Status != "" || data.Overdue || data.Q != ""
	f := dondoc.TaskFilter{Q: data.Q, Cursor: q.Get("cursor"), Limit: taskListPageSize}
	if data.Status != "" {
		f.Status = []dondoc.Status{dondoc.Status(data.Status)}
	}
	if data.Overdue {
		yes := true
		f.Overdue = &yes
	}
	status := http.StatusOK
	err := dondoc.OptionalText("q", f.Q, 500)
	var page *dondoc.Page[dondoc.Task]
	if err == nil {
		page, err = u.s.Tasks.ListTasks(ctx, f)
	}
	if err == nil {
		names := newUnitNames(u.s.Org, v.Lang)
		for _, t := range page.Items {
			name, nerr := names.name(ctx, t.LeadUnitID)
			if nerr != nil {
				err = nerr
				break
			}
			data.Rows = append(data.Rows, taskRow{Task: t, LeadUnit: name})
		}
		if page.NextCursor != "" {
			next := url.Values{}
			for _, k := range []string{"status", "overdue", "q"} {
				if val := q.Get(k); val != "" {
					next.Set(k, val)
				}
			}
			next.Set("cursor", page.NextCursor)
			data.MoreURL = "/nhiem-vu?" + next.Encode()
		}
	}
	if err != nil {
		if dondoc.ErrorCode(err) == dondoc.EInternal {
			u.renderError(w, r, v, err)
			return
		}
		// A bad filter is shown above the results, with the form still holding what was typed.
		status = httpstatus.Of(err)
		data.Error = v.Lang.errorText(err)
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
	u.render(w, r, status, view{Page: "task-list", Title: "Nhiệm vụ", Viewer: v, Nav: "tasks", Data: data})
}

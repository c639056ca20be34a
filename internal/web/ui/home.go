package ui

import (
	"context"
	"net/http"

	"dondoc"
)

// homeView answers the first question of every user: how many tasks in my scope are late, due
// soon, running and done, and which late ones need chasing.
type homeView struct {
	Overdue, DueSoon, Active, Done int
	// Late are the oldest overdue tasks with the names of their lead units.
	Late     []taskRow
	MoreLate bool
}

// homeLateRows is how many overdue tasks the home page lists before pointing to the full list.
const homeLateRows = 10

// showHome shows the counts by colour and the oldest overdue tasks.
func (u *UI) showHome(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	data, err := u.home(ctx, v.Lang)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	u.render(w, r, http.StatusOK, view{Page: "home", Title: "Trang chủ", Viewer: v, Nav: "home", Data: data})
}

func (u *UI) home(ctx context.Context, l lang) (*homeView, error) {
	data := &homeView{}
	yes, no := true, false
	// Overdue tasks come back oldest deadline first, so the first page is the list to show.
	err := u.eachTask(ctx, dondoc.TaskFilter{Overdue: &yes}, func(t dondoc.Task) {
		data.Overdue++
		if len(data.Late) < homeLateRows {
			data.Late = append(data.Late, taskRow{Task: t})
		}
	})
	if err != nil {
		return nil, err
	}
	data.MoreLate = data.Overdue > len(data.Late)
	err = u.eachTask(ctx, dondoc.TaskFilter{Overdue: &no, Status: dondoc.OpenStatuses}, func(t dondoc.Task) {
		if t.Timing.DueSoon {
			data.DueSoon++
		} else {
			data.Active++
		}
	})
	if err != nil {
		return nil, err
	}
	err = u.eachTask(ctx, dondoc.TaskFilter{Status: []dondoc.Status{dondoc.StatusDone}}, func(dondoc.Task) { data.Done++ })
	if err != nil {
		return nil, err
	}
	names := newUnitNames(u.s.Org, l)
	for i := range data.Late {
		if data.Late[i].LeadUnit, err = names.name(ctx, data.Late[i].Task.LeadUnitID); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// eachTask calls fn for every task in the actor's scope that the filter selects, page by page.
// The task service has no count, so the home page counts what it lists; scope and timing are then
// exactly those of the task list.
func (u *UI) eachTask(ctx context.Context, f dondoc.TaskFilter, fn func(dondoc.Task)) error {
	f.Limit = dondoc.MaxPageSize
	for {
		page, err := u.s.Tasks.ListTasks(ctx, f)
		if err != nil {
			return err
		}
		for _, t := range page.Items {
			fn(t)
		}
		if page.NextCursor == "" {
			return nil
		}
		f.Cursor = page.NextCursor
	}
}

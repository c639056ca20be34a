package ui

import (
	"context"
	"errors"
	"net/http"

	"dondoc"
)

// homeView answers the first question of every user: how many tasks in my scope are late, due
// soon, running and done, what waits for my decision, and which late tasks need chasing. Leaders
// and the office also see the province at a glance; the units' heads and officers see their own
// work as cards.
type homeView struct {
	Overdue, DueSoon, Active, Done int
	// Late are the oldest overdue tasks with the names of their lead units and accountable heads.
	Late     []lateRow
	MoreLate bool
	// Waiting is what waits for this user's decision; Items are its oldest entries as links.
	Waiting dondoc.Waiting
	Items   []waitingRow
	// Unread is the number of unread notifications.
	Unread int
	// Leader is the province at a glance, for leaders and the office; nil for others.
	Leader *leaderView
	// Mine is "Việc của tôi", for the heads and officers of units; nil for others.
	Mine *mineView
}

// lateRow is an overdue task with who answers for it.
type lateRow struct {
	taskRow
	// Head is the name of the person holding the task's accountable post, or the head of its lead
	// unit when the task names no post; empty when the post is vacant.
	Head string
}

// waitingRow is one thing waiting for the user, as a link with what it is and how long it waited.
type waitingRow struct {
	Kind  string
	Title string
	URL   string
	Days  int
}

// homeLateRows is how many overdue tasks the home page lists before pointing to the full list.
const homeLateRows = 10

// homeWaitingRows is how many waiting items of each kind the home page lists.
const homeWaitingRows = 5

// showHome shows the home page of the user's role.
func (u *UI) showHome(w http.ResponseWriter, r *http.Request, v *viewer) {
	data, err := u.home(r.Context(), v)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	u.render(w, r, http.StatusOK, view{Page: "home", Title: "Trang chủ", Viewer: v, Nav: "home", Data: data})
}

func (u *UI) home(ctx context.Context, v *viewer) (*homeView, error) {
	if u.s.Counts == nil {
		return nil, dondoc.Internal(errors.New("the task service cannot count tasks"))
	}
	counts, err := u.s.Counts.CountTasks(ctx, dondoc.TaskFilter{})
	if err != nil {
		return nil, err
	}
	data := &homeView{Overdue: counts.Overdue, DueSoon: counts.DueSoon, Active: counts.Active, Done: counts.Done, Unread: v.Unread}
	waiting, err := u.s.Counts.WaitingForMe(ctx, homeWaitingRows)
	if err != nil {
		return nil, err
	}
	data.Waiting = *waiting
	for _, it := range waiting.Items {
		data.Items = append(data.Items, waitingRowOf(v.Lang, it))
	}
	names := newUnitNames(u.s.Org, v.Lang)
	heads := newHeadNames(u.s.Org)
	if data.Overdue > 0 {
		yes := true
		page, err := u.s.Tasks.ListTasks(ctx, dondoc.TaskFilter{Overdue: &yes, Limit: homeLateRows})
		if err != nil {
			return nil, err
		}
		for _, t := range page.Items {
			row := lateRow{taskRow: taskRow{Task: t}}
			if row.LeadUnit, err = names.name(ctx, t.LeadUnitID); err != nil {
				return nil, err
			}
			if row.Head, err = heads.accountable(ctx, t); err != nil {
				return nil, err
			}
			data.Late = append(data.Late, row)
		}
		data.MoreLate = data.Overdue > len(data.Late)
	}
	if v.Actor.HasRole("", dondoc.RoleLeader, dondoc.RoleOffice) {
		if data.Leader, err = u.leaderHome(ctx, v, counts, waiting, names, heads); err != nil {
			return nil, err
		}
	}
	if v.Actor.HasRole("", dondoc.RoleUnitHead, dondoc.RoleUnitOfficer) {
		if data.Mine, err = u.mineHome(ctx, v, names); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// waitingLabels name the kinds of waiting item.
var waitingLabels = map[dondoc.WaitingKind]string{
	dondoc.WaitingReport:     "Báo cáo tiến độ chờ duyệt",
	dondoc.WaitingCompletion: "Đề nghị hoàn thành chờ xác nhận",
	dondoc.WaitingExtension:  "Đề xuất gia hạn chờ quyết định",
	dondoc.WaitingEscalation: "Kiến nghị chờ cho ý kiến",
}

// waitingRowOf links a waiting item to the page where the decision is taken: the task page for
// reports and requests, the escalation page for an escalation.
func waitingRowOf(l lang, it dondoc.WaitingItem) waitingRow {
	row := waitingRow{Kind: l.tr(waitingLabels[it.Kind]), Title: it.Title, Days: it.Days}
	switch {
	case it.Kind == dondoc.WaitingEscalation:
		row.URL = "/kien-nghi/" + itoa(it.ID)
	case it.TaskID != nil:
		row.URL = "/nhiem-vu/" + itoa(*it.TaskID)
	}
	return row
}

// eachTask calls fn for every task in the actor's scope that the filter selects, page by page,
// for pages that must see every task of a small set (a document's tasks).
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

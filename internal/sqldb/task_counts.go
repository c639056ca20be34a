package sqldb

import (
	"context"
	"slices"
	"strings"
	"time"

	"dondoc"
)

// CountTasks counts the tasks of ListTasks' filter by colour in one query, so that a home page
// over a province costs one aggregate rather than a scan page by page. Its conditions come from
// the same taskWhere as the list, and its colours mirror Task.ComputeTiming.
func (db *DB) CountTasks(ctx context.Context, f dondoc.TaskFilter) (*dondoc.TaskCounts, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	tw, err := db.taskWhere(ctx, a, f)
	if err != nil {
		return nil, err
	}
	const open = `t.status IN ('assigned','in_progress','completion_requested')`
	const done = `t.status = 'done'`
	soonEnd := tw.today.AddDays(db.dueSoonDays())
	q := `SELECT COUNT(*) AS total,
		COALESCE(SUM(CASE WHEN ` + open + ` THEN 1 ELSE 0 END), 0) AS open,
		COALESCE(SUM(CASE WHEN ` + open + ` AND t.due_on < ? THEN 1 ELSE 0 END), 0) AS overdue,
		COALESCE(SUM(CASE WHEN ` + open + ` AND t.due_on >= ? AND t.due_on <= ? THEN 1 ELSE 0 END), 0) AS due_soon,
		COALESCE(SUM(CASE WHEN ` + done + ` THEN 1 ELSE 0 END), 0) AS done,
		COALESCE(SUM(CASE WHEN ` + done + ` AND t.due_on <> ? AND t.completed_on <> '' AND t.completed_on <= t.due_on THEN 1 ELSE 0 END), 0) AS on_time,
		COALESCE(SUM(CASE WHEN ` + done + ` AND t.due_on <> ? AND t.completed_on <> '' AND t.completed_on > t.due_on THEN 1 ELSE 0 END), 0) AS late
		FROM ` + tw.from + ` WHERE ` + strings.Join(tw.where, " AND ")
	args := append([]any{string(tw.today), string(tw.today), string(soonEnd), string(dondoc.NoDate), string(dondoc.NoDate)}, tw.args...)
	var row struct {
		Total   int `db:"total"`
		Open    int `db:"open"`
		Overdue int `db:"overdue"`
		DueSoon int `db:"due_soon"`
		Done    int `db:"done"`
		OnTime  int `db:"on_time"`
		Late    int `db:"late"`
	}
	if err := db.get(ctx, "task counts", &row, q, args...); err != nil {
		return nil, err
	}
	return &dondoc.TaskCounts{Total: row.Total, Overdue: row.Overdue, DueSoon: row.DueSoon,
		Active: row.Open - row.Overdue - row.DueSoon, Done: row.Done, DoneOnTime: row.OnTime, DoneLate: row.Late}, nil
}

// rolePaths returns a condition that the unit path in col lies under a unit where the actor
// holds one of the roles; the system actor holds every role everywhere.
func rolePaths(a *dondoc.Actor, col string, roles ...dondoc.Role) (string, []any) {
	if a.System {
		return "1=1", nil
	}
	var ors []string
	var args []any
	for _, g := range a.Grants {
		if slices.Contains(roles, g.Role) {
			ors = append(ors, "("+col+" >= ? AND "+col+" < ?)")
			args = append(args, g.UnitPath, g.UnitPath+"~")
		}
	}
	if len(ors) == 0 {
		return "1=0", nil
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// waitingQuery is one kind of waiting item: the FROM and WHERE that select it and the columns
// that describe it.
type waitingQuery struct {
	kind                   dondoc.WaitingKind
	id, task, title, since string
	// day is the column of the day it started waiting when that is kept apart from since, as an
	// escalation's raised_on is.
	day  string
	from string
	cond string
	args []any
}

// WaitingForMe counts the reports, completion requests, extension requests and escalations that
// wait for the caller, and lists the oldest limit of each, oldest first.
func (db *DB) WaitingForMe(ctx context.Context, limit int) (*dondoc.Waiting, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	limit = dondoc.PageSize(limit)
	head, headArgs := rolePaths(a, "lu.path", dondoc.RoleUnitHead)
	assigner, assignerArgs := rolePaths(a, "au.path", dondoc.RoleOffice, dondoc.RoleLeader)
	addressee, addresseeArgs := rolePaths(a, "tu.path", dondoc.RoleLeader, dondoc.RoleOffice, dondoc.RoleUnitHead)
	taskUnits := ` JOIN units lu ON lu.id = t.lead_unit_id JOIN units au ON au.id = t.assigner_unit_id`
	queries := []waitingQuery{
		{kind: dondoc.WaitingReport, id: "r.id", task: "t.id", title: "t.title", since: "r.updated_at",
			from: `progress_reports r JOIN tasks t ON t.id = r.task_id` + taskUnits,
			cond: `((r.status = 'submitted' AND ` + head + `) OR (r.status = 'approved' AND ` + assigner + `))`,
			args: append(append([]any(nil), headArgs...), assignerArgs...)},
		{kind: dondoc.WaitingCompletion, id: "t.id", task: "t.id", title: "t.title", since: "t.updated_at",
			from: `tasks t` + taskUnits, cond: `t.status = 'completion_requested' AND ` + assigner, args: assignerArgs},
		{kind: dondoc.WaitingExtension, id: "x.id", task: "t.id", title: "t.title", since: "x.created_at",
			from: `extensions x JOIN tasks t ON t.id = x.task_id` + taskUnits, cond: `x.status = 'pending' AND ` + assigner, args: assignerArgs},
		{kind: dondoc.WaitingEscalation, id: "e.id", task: "e.task_id", title: "e.subject", since: "e.created_at", day: "e.raised_on",
			from: `escalations e JOIN units tu ON tu.id = e.to_unit_id`, cond: `e.status = 'open' AND ` + addressee, args: addresseeArgs},
	}
	out := &dondoc.Waiting{Items: []dondoc.WaitingItem{}}
	counts := []*int{&out.Reports, &out.Completions, &out.Extensions, &out.Escalations}
	today := db.today()
	for i, q := range queries {
		if err := db.get(ctx, "waiting", counts[i], `SELECT COUNT(*) FROM `+q.from+` WHERE `+q.cond, q.args...); err != nil {
			return nil, err
		}
		if *counts[i] == 0 {
			continue
		}
		var rows []struct {
			ID     int64     `db:"id"`
			TaskID *int64    `db:"task_id"`
			Title  string    `db:"title"`
			Since  time.Time `db:"since"`
			Day    string    `db:"day"`
		}
		day := "''"
		if q.day != "" {
			day = q.day
		}
		if err := db.sel(ctx, &rows, `SELECT `+q.id+` AS id, `+q.task+` AS task_id, `+q.title+` AS title, `+q.since+` AS since, `+day+` AS day FROM `+
			q.from+` WHERE `+q.cond+` ORDER BY `+q.since+`, `+q.id+` LIMIT ?`, append(append([]any(nil), q.args...), limit)...); err != nil {
			return nil, err
		}
		for _, r := range rows {
			e := dondoc.Escalation{RaisedOn: dondoc.Today(r.Since)}
			if r.Day != "" {
				e.RaisedOn = dondoc.Date(r.Day)
			}
			e.ComputeOutstanding(today)
			out.Items = append(out.Items, dondoc.WaitingItem{Kind: q.kind, ID: r.ID, TaskID: r.TaskID, Title: r.Title,
				Since: r.Since.UTC(), Days: e.DaysOutstanding})
		}
	}
	return out, nil
}

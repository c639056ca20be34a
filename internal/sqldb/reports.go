package sqldb

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"dondoc"
)

// factRow is the stored shape of a task fact.
type factRow struct {
	ID           int64     `db:"id"`
	DocumentID   *int64    `db:"document_id"`
	Title        string    `db:"title"`
	LeadUnitID   int64     `db:"lead_unit_id"`
	LeadUnitName string    `db:"lead_unit_name"`
	PostID       *int64    `db:"accountable_post_id"`
	Status       string    `db:"status"`
	DueOn        string    `db:"due_on"`
	CompletedOn  string    `db:"completed_on"`
	Extensions   int       `db:"extensions"`
	CreatedAt    time.Time `db:"created_at"`
}

// reportScope limits a report to rows whose unit lies in the actor's subtrees. It is narrower than
// taskScope, which also lets a unit read the tasks it assigned or coordinates: a report judges the
// unit that leads a task, so a commune must not see a row for the district whose task it helps.
func reportScope(a *dondoc.Actor, unitColumn string) (string, []any) {
	return scopeCondition(a, unitColumn)
}

// reportUnit returns the condition that keeps rows of a unit's subtree when the filter names a
// unit; an unknown unit is bad input in the query parameter "unit".
func (db *DB) reportUnit(ctx context.Context, unitID int64, unitColumn string) (string, []any, error) {
	if unitID == 0 {
		return "1=1", nil, nil
	}
	var path string
	err := db.get(ctx, "unit", &path, `SELECT path FROM units WHERE id = ?`, unitID)
	if dondoc.IsCode(err, dondoc.ENotFound) {
		return "", nil, dondoc.Invalid("unit", "Đơn vị không tồn tại.", "Unknown unit.")
	}
	if err != nil {
		return "", nil, err
	}
	return unitColumn + ` IN (SELECT id FROM units WHERE path >= ? AND path < ?)`, []any{path, path + "~"}, nil
}

// reportWhere is the condition a report puts on the unit in unitColumn: in the caller's scope
// (reportScope) and, when unitID names a unit, in its subtree (reportUnit).
func (db *DB) reportWhere(ctx context.Context, unitID int64, unitColumn string) (string, []any, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return "", nil, err
	}
	cond, args := reportScope(a, unitColumn)
	unitCond, unitArgs, err := db.reportUnit(ctx, unitID, unitColumn)
	if err != nil {
		return "", nil, err
	}
	return cond + " AND " + unitCond, append(args, unitArgs...), nil
}

// TaskFacts returns the columns that reports count of the tasks of one document led by units in
// the caller's scope, for the review of that document.
func (db *DB) TaskFacts(ctx context.Context, documentID int64) ([]dondoc.TaskFact, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := reportScope(a, "t.lead_unit_id")
	rows, err := db.read.QueryxContext(ctx, db.rebind(`SELECT t.id, t.document_id, t.title, t.lead_unit_id, u.name AS lead_unit_name,
		t.accountable_post_id, t.status, t.due_on, t.completed_on, t.extensions, t.created_at FROM tasks t JOIN units u ON u.id = t.lead_unit_id
		WHERE `+cond+` AND t.document_id = ? ORDER BY t.id`), append(args, documentID)...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []dondoc.TaskFact{}
	for rows.Next() {
		var r factRow
		if err := rows.StructScan(&r); err != nil {
			return nil, translate(err)
		}
		due := dondoc.Date(r.DueOn)
		if due == dondoc.NoDate {
			due = ""
		}
		out = append(out, dondoc.TaskFact{ID: r.ID, DocumentID: r.DocumentID, Title: r.Title, LeadUnitID: r.LeadUnitID,
			LeadUnitName: r.LeadUnitName, AccountablePostID: r.PostID, Status: dondoc.Status(r.Status), DueOn: due, CompletedOn: dondoc.Date(r.CompletedOn),
			Extensions: r.Extensions, CreatedAt: r.CreatedAt.UTC()})
	}
	return out, translate(rows.Err())
}

// overdueWhere is the condition on tasks t that the overdue list of a scorecard adds to the bounds
// of its walks: led by units in the caller's scope (and under the filter's unit), not a draft or cancelled, and
// recorded by the end of day asOf. A task overdue on asOf was open on it, so it counts by
// TaskFact.CountedIn whenever it had been recorded. leadColumn names the lead unit:
// "+t.lead_unit_id" keeps both engines from picking an index by lead unit when another index gives
// the order wanted.
func (db *DB) overdueWhere(ctx context.Context, f dondoc.ReportFilter, asOf dondoc.Date, leadColumn string) (string, []any, error) {
	cond, args, err := db.reportWhere(ctx, f.UnitID, leadColumn)
	if err != nil {
		return "", nil, err
	}
	uncounted := make([]string, len(dondoc.UncountedStatuses))
	for i, s := range dondoc.UncountedStatuses {
		uncounted[i] = "'" + string(s) + "'"
	}
	where := []string{cond, `t.status NOT IN (` + strings.Join(uncounted, ", ") + `)`, `t.created_at < ?`}
	args = append(args, asOf.AddDays(1).Time().UTC())
	return strings.Join(where, " AND "), args, nil
}

// EscalationFacts returns the escalations raised by units in the caller's scope that were waiting
// for an answer at the end of day asOf: raised by then, and still open or answered only later.
func (db *DB) EscalationFacts(ctx context.Context, unitID int64, asOf dondoc.Date) ([]dondoc.EscalationFact, error) {
	cond, args, err := db.reportWhere(ctx, unitID, "e.from_unit_id")
	if err != nil {
		return nil, err
	}
	args = append(args, string(asOf), string(dondoc.EscalationOpen), string(asOf))
	var rows []struct {
		ID         int64  `db:"id"`
		FromUnitID int64  `db:"from_unit_id"`
		FromName   string `db:"from_unit_name"`
		RaisedOn   string `db:"raised_on"`
		AnsweredOn string `db:"answered_on"`
	}
	if err := db.sel(ctx, &rows, `SELECT e.id, e.from_unit_id, u.name AS from_unit_name, e.raised_on, e.answered_on
		FROM escalations e JOIN units u ON u.id = e.from_unit_id
		WHERE `+cond+` AND e.raised_on <= ? AND (e.status = ? OR e.answered_on > ?) ORDER BY e.id`, args...); err != nil {
		return nil, err
	}
	out := make([]dondoc.EscalationFact, len(rows))
	for i, r := range rows {
		out[i] = dondoc.EscalationFact{ID: r.ID, FromUnitID: r.FromUnitID, FromUnitName: r.FromName,
			RaisedOn: dondoc.Date(r.RaisedOn), AnsweredOn: dondoc.Date(r.AnsweredOn)}
	}
	return out, nil
}

// HoldingFacts returns the terms, overlapping the days from to asOf, of the posts of units in the
// caller's scope, so that results can be attributed to whoever held an accountable post at the
// time.
func (db *DB) HoldingFacts(ctx context.Context, unitID int64, from, asOf dondoc.Date) ([]dondoc.HoldingFact, error) {
	cond, args, err := db.reportWhere(ctx, unitID, "p.unit_id")
	if err != nil {
		return nil, err
	}
	args = append(args, string(asOf), string(from))
	var rows []struct {
		PostID     int64  `db:"post_id"`
		PostTitle  string `db:"title"`
		IsHead     bool   `db:"is_head"`
		UnitID     int64  `db:"unit_id"`
		UnitName   string `db:"unit_name"`
		PersonID   int64  `db:"person_id"`
		PersonName string `db:"full_name"`
		From       string `db:"held_from"`
		To         string `db:"held_to"`
	}
	if err := db.sel(ctx, &rows, `SELECT h.post_id, p.title, p.is_head, p.unit_id, u.name AS unit_name, h.person_id, pe.full_name,
		h.held_from, h.held_to FROM holdings h JOIN posts p ON p.id = h.post_id JOIN units u ON u.id = p.unit_id
		JOIN people pe ON pe.id = h.person_id
		WHERE `+cond+` AND h.held_from <= ? AND (h.held_to = '' OR h.held_to >= ?) ORDER BY h.post_id, h.held_from`,
		args...); err != nil {
		return nil, err
	}
	out := make([]dondoc.HoldingFact, len(rows))
	for i, r := range rows {
		out[i] = dondoc.HoldingFact{PostID: r.PostID, PostTitle: r.PostTitle, IsHead: r.IsHead, UnitID: r.UnitID, UnitName: r.UnitName,
			PersonID: r.PersonID, PersonName: r.PersonName, From: dondoc.Date(r.From), To: dondoc.Date(r.To)}
	}
	return out, nil
}

// OverdueTasks returns the first limit tasks of a scorecard that were overdue at the end of day
// asOf, the longest overdue first. By TaskClassRules a task was overdue on asOf when it had a
// deadline before that day and was open on it: in an open status, or done but completed after
// asOf. Each open status is read apart, in deadline order up to limit, so that tasks_status_due
// yields the tasks already sorted and the walk stops early. The done ones are read next: when the
// open ones already filled the list, only those due no later than its last, a short walk by
// deadline; otherwise all those completed after asOf, through tasks_overdue. Appending an empty
// string to a column tells the planners which index each walk takes. TestScorecardGeneratedProvince
// holds the list against TaskFact.ClassOn.
func (db *DB) OverdueTasks(ctx context.Context, f dondoc.ReportFilter, asOf dondoc.Date, limit int) ([]dondoc.OverdueTask, error) {
	where, whereArgs, err := db.overdueWhere(ctx, f, asOf, "+t.lead_unit_id")
	if err != nil {
		return nil, err
	}
	type candidate struct {
		ID    int64  `db:"id"`
		DueOn string `db:"due_on"`
	}
	// walk returns the first limit tasks that bound selects, in deadline order.
	walk := func(bound string, boundArgs ...any) ([]candidate, error) {
		var rows []candidate
		err := db.sel(ctx, &rows, `SELECT t.id, t.due_on FROM tasks t WHERE `+bound+` AND t.due_on <> '' AND `+where+`
			ORDER BY t.due_on, t.id LIMIT `+strconv.Itoa(limit), append(boundArgs, whereArgs...)...)
		return rows, err
	}
	var found []candidate
	for _, st := range dondoc.OpenStatuses {
		rows, err := walk(`t.status = ? AND t.due_on < ?`, string(st), string(asOf))
		if err != nil {
			return nil, err
		}
		found = append(found, rows...)
	}
	byDue := func(a, b candidate) int { return cmp.Or(cmp.Compare(a.DueOn, b.DueOn), cmp.Compare(a.ID, b.ID)) }
	slices.SortFunc(found, byDue)
	found = found[:min(len(found), limit)]
	bound, args := `t.status = 'done' AND t.due_on || '' < ? AND t.completed_on > ?`, []any{string(asOf), string(asOf)}
	if len(found) == limit {
		bound, args = `t.status = 'done' AND t.due_on <= ? AND t.due_on < ? AND t.completed_on || '' > ?`,
			[]any{found[limit-1].DueOn, string(asOf), string(asOf)}
	}
	done, err := walk(bound, args...)
	if err != nil {
		return nil, err
	}
	found = append(found, done...)
	slices.SortFunc(found, byDue)
	found = found[:min(len(found), limit)]
	out := make([]dondoc.OverdueTask, 0, len(found))
	if len(found) == 0 {
		return out, nil
	}
	ids := make([]int64, len(found))
	for i, c := range found {
		ids[i] = c.ID
	}
	var rows []struct {
		ID       int64  `db:"id"`
		Title    string `db:"title"`
		UnitID   int64  `db:"lead_unit_id"`
		UnitName string `db:"unit_name"`
		DueOn    string `db:"due_on"`
	}
	if err := db.sel(ctx, &rows, `SELECT t.id, t.title, t.lead_unit_id, u.name AS unit_name, t.due_on
		FROM tasks t JOIN units u ON u.id = t.lead_unit_id WHERE t.id IN (`+idList(ids)+`) ORDER BY t.due_on, t.id`); err != nil {
		return nil, err
	}
	for _, r := range rows {
		due := dondoc.Date(r.DueOn)
		out = append(out, dondoc.OverdueTask{TaskID: r.ID, Title: r.Title, UnitID: r.UnitID, UnitName: r.UnitName, DueOn: due,
			DaysOverdue: due.DaysUntil(asOf)})
	}
	return out, nil
}

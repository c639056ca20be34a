package sqldb

import (
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

// scorecardWhere is the condition on tasks t that a scorecard counts: led by units in the caller's
// scope (and under the filter's unit), not a draft or cancelled, and running at some point in the
// range, that is created by the end of day asOf and not completed before the range began.
// leadColumn names the lead unit: "+t.lead_unit_id" keeps both engines from picking an index by
// lead unit when another index gives the order wanted.
func (db *DB) scorecardWhere(ctx context.Context, f dondoc.ReportFilter, asOf dondoc.Date, leadColumn string) (string, []any, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return "", nil, err
	}
	cond, args := reportScope(a, leadColumn)
	unitCond, unitArgs, err := db.reportUnit(ctx, f.UnitID, leadColumn)
	if err != nil {
		return "", nil, err
	}
	uncounted := make([]string, len(dondoc.UncountedStatuses))
	for i, s := range dondoc.UncountedStatuses {
		uncounted[i] = "'" + string(s) + "'"
	}
	where := []string{cond, unitCond, `t.status NOT IN (` + strings.Join(uncounted, ", ") + `)`, `t.created_at < ?`,
		`(t.completed_on = '' OR t.completed_on >= ?)`}
	args = append(append(args, unitArgs...), asOf.AddDays(1).Time().UTC(), string(f.From))
	return strings.Join(where, " AND "), args, nil
}

// classCase compiles dondoc.TaskClassRules into a CASE expression over tasks t that yields the
// class of a task at the end of day asOf, reading the rules exactly as TaskFact.ClassOn does: a
// task completed after asOf has the status in progress, and a deadline is any due_on but the
// stored "no deadline" key.
func classCase(asOf dondoc.Date) (string, []any) {
	hasDue := `t.due_on NOT IN ('', '` + string(dondoc.NoDate) + `')`
	var args []any
	var b strings.Builder
	b.WriteString("CASE")
	for _, r := range dondoc.TaskClassRules {
		var conds []string
		if r.Statuses != nil {
			var alts []string
			for _, s := range r.Statuses {
				switch s {
				case dondoc.StatusDone:
					alts = append(alts, `(t.status = 'done' AND t.completed_on <= ?)`)
					args = append(args, string(asOf))
				case dondoc.StatusInProgress:
					alts = append(alts, `t.status = 'in_progress'`, `(t.status = 'done' AND t.completed_on > ?)`)
					args = append(args, string(asOf))
				default:
					alts = append(alts, `t.status = '`+string(s)+`'`)
				}
			}
			conds = append(conds, "("+strings.Join(alts, " OR ")+")")
		}
		switch r.Deadline {
		case dondoc.DeadlineMet:
			conds = append(conds, hasDue, `t.completed_on <> ''`, `t.completed_on <= t.due_on`)
		case dondoc.DeadlineMissed:
			conds = append(conds, hasDue, `t.completed_on <> ''`, `t.completed_on > t.due_on`)
		case dondoc.DeadlinePassed:
			conds = append(conds, hasDue, `t.due_on < ?`)
			args = append(args, string(asOf))
		}
		if len(conds) == 0 {
			conds = []string{"1=1"}
		}
		b.WriteString(" WHEN " + strings.Join(conds, " AND ") + " THEN '" + string(r.Class) + "'")
	}
	b.WriteString(" END")
	return b.String(), args
}

// TaskGroups counts the tasks a scorecard judges on asOf by lead unit, accountable post, class
// and, for completed tasks with an accountable post, the day of completion, so that a province's
// scorecard reads groups rather than a row per task. The groups come in no particular order.
func (db *DB) TaskGroups(ctx context.Context, f dondoc.ReportFilter, asOf dondoc.Date) ([]dondoc.TaskGroupFact, error) {
	where, whereArgs, err := db.scorecardWhere(ctx, f, asOf, "t.lead_unit_id")
	if err != nil {
		return nil, err
	}
	class, args := classCase(asOf)
	var done []string
	for _, r := range dondoc.TaskClassRules {
		if r.Class.Done() {
			done = append(done, "'"+string(r.Class)+"'")
		}
	}
	args = append(args, whereArgs...)
	var rows []struct {
		LeadUnitID int64  `db:"lead_unit_id"`
		UnitName   string `db:"unit_name"`
		PostID     *int64 `db:"accountable_post_id"`
		Class      string `db:"class"`
		Day        string `db:"day"`
		Count      int    `db:"n"`
		Extensions int    `db:"ext"`
		OldestDue  string `db:"oldest_due"`
	}
	day := `CASE WHEN c.class IN (` + strings.Join(done, ", ") + `) AND c.accountable_post_id IS NOT NULL THEN c.completed_on ELSE '' END`
	if err := db.sel(ctx, &rows, `SELECT g.lead_unit_id, u.name AS unit_name, g.accountable_post_id, g.class, g.day, g.n, g.ext, g.oldest_due
		FROM (SELECT c.lead_unit_id, c.accountable_post_id, c.class, `+day+` AS day, COUNT(*) AS n, SUM(c.extensions) AS ext,
				MIN(c.due_on) AS oldest_due
			FROM (SELECT t.lead_unit_id, t.accountable_post_id, t.extensions, t.due_on, t.completed_on, `+class+` AS class
				FROM tasks t WHERE `+where+`) c
			GROUP BY c.lead_unit_id, c.accountable_post_id, c.class, `+day+`) g
		JOIN units u ON u.id = g.lead_unit_id`, args...); err != nil {
		return nil, err
	}
	out := make([]dondoc.TaskGroupFact, len(rows))
	for i, r := range rows {
		g := dondoc.TaskGroupFact{LeadUnitID: r.LeadUnitID, LeadUnitName: r.UnitName, AccountablePostID: r.PostID,
			Class: dondoc.TaskClass(r.Class), Count: r.Count, Extensions: r.Extensions}
		if g.Class.Done() {
			g.CompletedOn = dondoc.Date(r.Day)
		}
		if g.Class == dondoc.ClassOverdue {
			g.OldestDueOn = dondoc.Date(r.OldestDue)
		}
		out[i] = g
	}
	return out, nil
}

// EscalationFacts returns the escalations raised by units in the caller's scope that were waiting
// for an answer at the end of day asOf: raised by then, and still open or answered only later.
func (db *DB) EscalationFacts(ctx context.Context, unitID int64, asOf dondoc.Date) ([]dondoc.EscalationFact, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := reportScope(a, "e.from_unit_id")
	unitCond, unitArgs, err := db.reportUnit(ctx, unitID, "e.from_unit_id")
	if err != nil {
		return nil, err
	}
	args = append(append(args, unitArgs...), string(asOf), string(dondoc.EscalationOpen), string(asOf))
	var rows []struct {
		ID         int64  `db:"id"`
		FromUnitID int64  `db:"from_unit_id"`
		FromName   string `db:"from_unit_name"`
		RaisedOn   string `db:"raised_on"`
		AnsweredOn string `db:"answered_on"`
	}
	if err := db.sel(ctx, &rows, `SELECT e.id, e.from_unit_id, u.name AS from_unit_name, e.raised_on, e.answered_on
		FROM escalations e JOIN units u ON u.id = e.from_unit_id
		WHERE `+cond+` AND `+unitCond+` AND e.raised_on <= ? AND (e.status = ? OR e.answered_on > ?) ORDER BY e.id`, args...); err != nil {
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
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := reportScope(a, "p.unit_id")
	unitCond, unitArgs, err := db.reportUnit(ctx, unitID, "p.unit_id")
	if err != nil {
		return nil, err
	}
	args = append(append(args, unitArgs...), string(asOf), string(from))
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
		WHERE `+cond+` AND `+unitCond+` AND h.held_from <= ? AND (h.held_to = '' OR h.held_to >= ?) ORDER BY h.post_id, h.held_from`,
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
// asOf, the longest overdue first. Each stored status an overdue task can have is read apart: an
// open status in deadline order up to limit, so that tasks_status_due yields the tasks already
// sorted and the walk stops early; done, for the few tasks completed after asOf, by completion
// day through tasks_overdue, then sorted. The class decides; the bounds it implies (a deadline
// before asOf, and for a done task a completion after asOf) only let the indexes skip what
// cannot match.
func (db *DB) OverdueTasks(ctx context.Context, f dondoc.ReportFilter, asOf dondoc.Date, limit int) ([]dondoc.OverdueTask, error) {
	where, whereArgs, err := db.scorecardWhere(ctx, f, asOf, "+t.lead_unit_id")
	if err != nil {
		return nil, err
	}
	class, classArgs := classCase(asOf)
	var branches []string
	var args []any
	for _, st := range overdueStatuses() {
		bound, order := `t.status = ? AND t.due_on < ?`, ` ORDER BY t.due_on, t.id LIMIT `+strconv.Itoa(limit)
		args = append(args, string(st), string(asOf))
		if st == dondoc.StatusDone {
			bound, order = bound+` AND t.completed_on > ?`, ""
			args = append(args, string(asOf))
		}
		branches = append(branches, `SELECT id, due_on FROM (SELECT t.id, t.due_on FROM tasks t WHERE `+bound+` AND `+
			class+` = ? AND `+where+order+`) b`+strconv.Itoa(len(branches)))
		args = append(append(append(args, classArgs...), string(dondoc.ClassOverdue)), whereArgs...)
	}
	var rows []struct {
		ID       int64  `db:"id"`
		Title    string `db:"title"`
		UnitID   int64  `db:"lead_unit_id"`
		UnitName string `db:"unit_name"`
		DueOn    string `db:"due_on"`
	}
	if err := db.sel(ctx, &rows, `SELECT t.id, t.title, t.lead_unit_id, u.name AS unit_name, t.due_on
		FROM tasks t JOIN units u ON u.id = t.lead_unit_id
		WHERE t.id IN (SELECT id FROM (`+strings.Join(branches, " UNION ALL ")+`) o ORDER BY due_on, id LIMIT `+strconv.Itoa(limit)+`)
		ORDER BY t.due_on, t.id`, args...); err != nil {
		return nil, err
	}
	out := make([]dondoc.OverdueTask, len(rows))
	for i, r := range rows {
		due := dondoc.Date(r.DueOn)
		out[i] = dondoc.OverdueTask{TaskID: r.ID, Title: r.Title, UnitID: r.UnitID, UnitName: r.UnitName, DueOn: due,
			DaysOverdue: due.DaysUntil(asOf)}
	}
	return out, nil
}

// overdueStatuses are the stored statuses of the tasks the overdue rule can match: its statuses,
// and done for a task completed after the day judged, which was in progress on it.
func overdueStatuses() []dondoc.Status {
	for _, r := range dondoc.TaskClassRules {
		if r.Class != dondoc.ClassOverdue {
			continue
		}
		out := slices.Clone(r.Statuses)
		if slices.Contains(out, dondoc.StatusInProgress) && !slices.Contains(out, dondoc.StatusDone) {
			out = append(out, dondoc.StatusDone)
		}
		return out
	}
	return nil
}

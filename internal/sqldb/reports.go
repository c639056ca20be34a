package sqldb

import (
	"context"
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

// TaskFacts streams the columns that reports count of the tasks led by units in the caller's scope.
// With a date range it returns the tasks that were running at some point in it: created by the end
// of the range (or today, if earlier) and not completed before it began. With a document it
// returns every task of that document.
func (db *DB) TaskFacts(ctx context.Context, f dondoc.ReportFilter) ([]dondoc.TaskFact, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := reportScope(a, "t.lead_unit_id")
	where := []string{cond}
	unitCond, unitArgs, err := db.reportUnit(ctx, f.UnitID, "t.lead_unit_id")
	if err != nil {
		return nil, err
	}
	where, args = append(where, unitCond), append(args, unitArgs...)
	if f.From != "" {
		asOf := f.AsOf(db.today())
		where = append(where, `t.created_at < ?`, `(t.completed_on = '' OR t.completed_on >= ?)`)
		args = append(args, asOf.AddDays(1).Time().UTC(), string(f.From))
	}
	if f.DocumentID != 0 {
		where = append(where, `t.document_id = ?`)
		args = append(args, f.DocumentID)
	}
	rows, err := db.read.QueryxContext(ctx, db.rebind(`SELECT t.id, t.document_id, t.title, t.lead_unit_id, u.name AS lead_unit_name,
		t.accountable_post_id, t.status, t.due_on, t.completed_on, t.extensions, t.created_at FROM tasks t JOIN units u ON u.id = t.lead_unit_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY t.id`), args...)
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

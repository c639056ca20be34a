package sqldb

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jmoiron/sqlx"

	"dondoc"
)

// dueOn resolves a deadline to the date in force: N working days from receipt are counted with the
// deployment's calendar when one is wired, so that holidays and make-up Saturdays count right.
func (db *DB) dueOn(d dondoc.Deadline, receivedOn dondoc.Date) dondoc.Date {
	if d.Kind == dondoc.DeadlineWorkingDays && db.WorkingDays != nil && receivedOn.Valid() {
		if due := db.WorkingDays(receivedOn, d.WorkingDays); due.Valid() {
			return due
		}
	}
	return d.Due(receivedOn, nil)
}

// isWorkingDay reports whether d is worked, by the wired calendar or else Monday to Friday.
func (db *DB) isWorkingDay(d dondoc.Date) bool {
	if db.IsWorkingDay != nil {
		return db.IsWorkingDay(d)
	}
	wd := d.Time().Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// TaskObligation is the next report a recurring task owes.
type TaskObligation struct {
	TaskID     int64             `json:"task_id"`
	Title      string            `json:"title"`
	LeadUnitID int64             `json:"lead_unit_id"`
	Obligation dondoc.Obligation `json:"obligation"`
}

// recurringRow is what the obligation query reads of a task.
type recurringRow struct {
	ID             int64     `db:"id"`
	Title          string    `db:"title"`
	LeadUnitID     int64     `db:"lead_unit_id"`
	AssignerUnitID int64     `db:"assigner_unit_id"`
	Deadline       string    `db:"deadline"`
	CreatedAt      time.Time `db:"created_at"`
}

// NextObligations lists, for open recurring tasks in the caller's scope with ids after afterID,
// the next report each owes (the earliest period from the task's start without a report that was
// not returned), at most limit tasks in id order, so that a caller can page through every
// recurring task with flat memory.
func (db *DB) NextObligations(ctx context.Context, afterID int64, limit int) ([]TaskObligation, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	limit = dondoc.PageSize(limit)
	cond, args := taskRowScope(a)
	var rows []recurringRow
	if err := db.sel(ctx, &rows, `SELECT t.id, t.title, t.lead_unit_id, t.assigner_unit_id, t.deadline, t.created_at FROM tasks t
		WHERE t.status IN ('assigned','in_progress','completion_requested') AND t.due_on = ? AND t.id > ? AND `+cond+`
		ORDER BY t.id LIMIT ?`, append(append([]any{string(dondoc.NoDate), afterID}, args...), limit)...); err != nil {
		return nil, err
	}
	obs, err := db.nextObligations(ctx, rows, db.today())
	if err != nil {
		return nil, err
	}
	out := make([]TaskObligation, 0, len(rows))
	for _, r := range rows {
		if o, ok := obs[r.ID]; ok {
			out = append(out, TaskObligation{TaskID: r.ID, Title: r.Title, LeadUnitID: r.LeadUnitID, Obligation: o})
		}
	}
	return out, nil
}

// nextObligations finds the next report owed by each recurring task among rows, reading the
// reported periods of the whole batch in one query.
func (db *DB) nextObligations(ctx context.Context, rows []recurringRow, today dondoc.Date) (map[int64]dondoc.Obligation, error) {
	out := map[int64]dondoc.Obligation{}
	deadlines := map[int64]dondoc.Deadline{}
	var ids []int64
	for _, r := range rows {
		var d dondoc.Deadline
		if json.Unmarshal([]byte(r.Deadline), &d) == nil && d.Kind == dondoc.DeadlineRecurring {
			deadlines[r.ID] = d
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 || db.Obligations == nil {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT task_id, period FROM progress_reports WHERE task_id IN (?) AND period <> '' AND status <> 'returned'`, ids)
	if err != nil {
		return nil, err
	}
	var reps []struct {
		TaskID int64  `db:"task_id"`
		Period string `db:"period"`
	}
	if err := db.sel(ctx, &reps, q, args...); err != nil {
		return nil, err
	}
	reported := map[int64]map[string]bool{}
	for _, r := range reps {
		if reported[r.TaskID] == nil {
			reported[r.TaskID] = map[string]bool{}
		}
		reported[r.TaskID][r.Period] = true
	}
	for _, r := range rows {
		d, ok := deadlines[r.ID]
		if !ok {
			continue
		}
		done := reported[r.ID]
		o, ok, err := d.NextObligation(dondoc.DateOf(r.CreatedAt), today, func(p string) bool { return done[p] }, db.Obligations)
		if err != nil {
			return nil, err
		}
		if ok {
			out[r.ID] = o
		}
	}
	return out, nil
}

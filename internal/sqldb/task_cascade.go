package sqldb

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/jmoiron/sqlx"

	"dondoc"
	"dondoc/internal/vntext"
)

// Cascade gives task id on to units directly under its lead unit: one child task per unit, led by
// that unit and assigned by the parent's lead unit, with the parent's document, clause, project,
// text and key flag, and the parent's deadline unless the input names one. All children are
// created in one transaction, by the same path as any task (createTask: checks, timeline, audit,
// notifications), so a unit refused halfway leaves no child behind.
func (db *DB) Cascade(ctx context.Context, id int64, in dondoc.CascadeInput) ([]dondoc.Task, error) {
	in.Title = vntext.NFC(strings.TrimSpace(in.Title))
	in.Units = append([]int64(nil), in.Units...)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(in.Units))
	err := db.inTx(ctx, func(tx *Tx) error {
		r, _, err := tx.lockTask(id)
		if err != nil {
			return err
		}
		if s := dondoc.Status(r.Status); s != dondoc.StatusDraft && !s.Open() {
			return dondoc.Errorf(dondoc.EConflict, "status", "Chỉ giao tiếp được nhiệm vụ chưa kết thúc.",
				"Only a task still to be done can be given on.")
		}
		child := dondoc.TaskInput{ParentID: &r.ID, DocumentID: r.DocumentID, ClauseID: r.ClauseID, ProjectID: r.ProjectID,
			Title: in.Title, Text: r.Body, AssignerUnitID: r.LeadUnitID, Key: r.Key, Assign: true, Deadline: in.Deadline}
		if child.Title == "" {
			child.Title = r.Title
		}
		if child.Deadline.Kind == "" {
			if err := json.Unmarshal([]byte(r.Deadline), &child.Deadline); err != nil {
				return err
			}
		}
		for i, u := range in.Units {
			var parent *int64
			if err := tx.get("unit", &parent, `SELECT parent_id FROM units WHERE id = ?`, u); err != nil && !dondoc.IsCode(err, dondoc.ENotFound) {
				return err
			}
			if parent == nil || *parent != r.LeadUnitID {
				return dondoc.Invalid("units["+itoa(i)+"]", "Chỉ giao được cho các đơn vị trực thuộc đơn vị chủ trì.",
					"Only units directly under the lead unit can be given the task.")
			}
			child.LeadUnitID = u
			cid, err := tx.createTask(child, "manual", nil)
			if err != nil {
				return err
			}
			ids = append(ids, cid)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	q, args, err := sqlx.In(`SELECT `+taskColumns+` FROM tasks t WHERE t.id IN (?) ORDER BY t.id`, ids)
	if err != nil {
		return nil, dondoc.Internal(err)
	}
	var rows []taskRow
	if err := db.sel(ctx, &rows, q, args...); err != nil {
		return nil, err
	}
	today, soon := db.today(), db.dueSoonDays()
	out := make([]dondoc.Task, len(rows))
	for i := range rows {
		out[i] = rows[i].task(today, soon)
	}
	return out, nil
}

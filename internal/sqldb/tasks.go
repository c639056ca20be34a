package sqldb

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"dondoc"
)

// taskRow is the stored shape of a task.
type taskRow struct {
	ID                int64     `db:"id"`
	DocumentID        *int64    `db:"document_id"`
	ClauseID          string    `db:"clause_id"`
	SourceKind        string    `db:"source_kind"`
	SourceID          *int64    `db:"source_id"`
	ParentID          *int64    `db:"parent_id"`
	ProjectID         *int64    `db:"project_id"`
	Title             string    `db:"title"`
	Body              string    `db:"body"`
	LeadUnitID        int64     `db:"lead_unit_id"`
	AccountablePostID *int64    `db:"accountable_post_id"`
	AssignerUnitID    int64     `db:"assigner_unit_id"`
	ReportToUnitID    *int64    `db:"report_to_unit_id"`
	Deadline          string    `db:"deadline"`
	DueOn             string    `db:"due_on"`
	Key               bool      `db:"is_key"`
	Status            string    `db:"status"`
	StatusBefore      string    `db:"status_before"`
	Progress          int       `db:"progress"`
	Extensions        int       `db:"extensions"`
	CompletedOn       string    `db:"completed_on"`
	ChildCount        int       `db:"child_count"`
	Version           int64     `db:"version"`
	CreatedAt         time.Time `db:"created_at"`
	UpdatedAt         time.Time `db:"updated_at"`
}

const taskColumns = `t.id, t.document_id, t.clause_id, t.source_kind, t.source_id, t.parent_id, t.project_id, t.title,
	t.body, t.lead_unit_id, t.accountable_post_id, t.assigner_unit_id, t.report_to_unit_id, t.deadline, t.due_on,
	t.is_key, t.status, t.status_before, t.progress, t.extensions, t.completed_on, t.child_count, t.version,
	t.created_at, t.updated_at`

func (r *taskRow) task(today dondoc.Date, dueSoonDays int) dondoc.Task {
	t := dondoc.Task{
		ID: r.ID, DocumentID: r.DocumentID, ClauseID: r.ClauseID, SourceKind: r.SourceKind, SourceID: r.SourceID,
		ParentID: r.ParentID, ProjectID: r.ProjectID, Title: r.Title, Text: r.Body, LeadUnitID: r.LeadUnitID,
		AccountablePostID: r.AccountablePostID, AssignerUnitID: r.AssignerUnitID, ReportToUnitID: r.ReportToUnitID,
		DueOn: dondoc.Date(r.DueOn), Key: r.Key, Status: dondoc.Status(r.Status), StatusBefore: dondoc.Status(r.StatusBefore),
		Progress: r.Progress, Extensions: r.Extensions, CompletedOn: dondoc.Date(r.CompletedOn), ChildCount: r.ChildCount,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Coordinators: []dondoc.Coordinator{},
	}
	if t.DueOn == dondoc.NoDate {
		t.DueOn = ""
	}
	_ = json.Unmarshal([]byte(r.Deadline), &t.Deadline)
	t.ComputeTiming(today, dueSoonDays)
	return t
}

func (db *DB) today() dondoc.Date { return dondoc.Today(db.Now()) }

// CreateTask creates a task, its coordinators and, when asked, one cascaded child per unit, with
// a timeline event and an audit row for each, in one transaction.
func (db *DB) CreateTask(ctx context.Context, in dondoc.TaskInput) (*dondoc.Task, error) {
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.createTask(in, "manual", nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.GetTask(ctx, id)
}

// taskContext is what a task's validation needs from the database.
type taskContext struct {
	start      dondoc.Date
	receivedOn dondoc.Date
	assigner   string
}

// createTask is the one path by which tasks are born: from the API, a field visit finding, an
// escalation's direction or the demo loader.
func (tx *Tx) createTask(in dondoc.TaskInput, sourceKind string, sourceID *int64) (int64, error) {
	// Without a source document nothing bounds the deadline from below: an office may record a
	// task that is already late.
	tc := taskContext{receivedOn: dondoc.Today(tx.now)}
	if in.DocumentID != nil {
		var doc struct {
			Date     string `db:"doc_date"`
			Received string `db:"received_on"`
			Issuer   *int64 `db:"issuer_unit_id"`
		}
		if err := tx.get("document", &doc, `SELECT doc_date, received_on, issuer_unit_id FROM documents WHERE id = ?`, *in.DocumentID); err != nil {
			if dondoc.IsCode(err, dondoc.ENotFound) {
				return 0, dondoc.Invalid("document_id", "Văn bản không tồn tại.", "Unknown document.")
			}
			return 0, err
		}
		tc.start, tc.receivedOn = dondoc.Date(doc.Date), dondoc.Date(doc.Received)
		if tc.receivedOn == "" {
			tc.receivedOn = tc.start
		}
		if sourceKind == "manual" {
			sourceKind = "document"
		}
	}
	if err := in.Validate(tc.start); err != nil {
		return 0, err
	}
	if in.Deadline.Kind == "" {
		in.Deadline.Kind = dondoc.DeadlineNone
	}
	assignerPath, err := tx.unitPath("assigner_unit_id", in.AssignerUnitID)
	if err != nil {
		return 0, err
	}
	if !dondoc.CanCreateTask(tx.actor, assignerPath) {
		return 0, dondoc.Forbidden("Bạn không có quyền giao nhiệm vụ thay đơn vị này.", "You may not assign tasks for this unit.")
	}
	if in.AccountablePostID != nil {
		// Without a named post, insertTask checks the lead unit as it looks up its head.
		if _, err := tx.unitPath("lead_unit_id", in.LeadUnitID); err != nil {
			return 0, err
		}
	}
	for i, c := range in.Coordinators {
		if _, err := tx.unitPath("coordinators["+itoa(i)+"].unit_id", c.UnitID); err != nil {
			return 0, err
		}
	}
	if in.ReportToUnitID != nil {
		if _, err := tx.unitPath("report_to_unit_id", *in.ReportToUnitID); err != nil {
			return 0, err
		}
	}
	if in.AccountablePostID != nil {
		var n int
		if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM posts WHERE id = ?`), *in.AccountablePostID); err != nil {
			return 0, err
		}
		if n == 0 {
			return 0, dondoc.Invalid("accountable_post_id", "Chức vụ không tồn tại.", "Unknown post.")
		}
	}
	if in.ProjectID != nil {
		var n int
		if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM projects WHERE id = ?`), *in.ProjectID); err != nil {
			return 0, err
		}
		if n == 0 {
			return 0, dondoc.Invalid("project_id", "Dự án không tồn tại.", "Unknown project.")
		}
	}
	if in.ParentID != nil {
		var n int
		if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM tasks WHERE id = ?`), *in.ParentID); err != nil {
			return 0, err
		}
		if n == 0 {
			return 0, dondoc.Invalid("parent_id", "Nhiệm vụ cha không tồn tại.", "Unknown parent task.")
		}
	}
	for i, u := range in.CascadeTo {
		if _, err := tx.unitPath("cascade_to["+itoa(i)+"]", u); err != nil {
			return 0, err
		}
	}
	return tx.insertTask(in, tc, sourceKind, sourceID)
}

func (tx *Tx) insertTask(in dondoc.TaskInput, tc taskContext, sourceKind string, sourceID *int64) (int64, error) {
	status := dondoc.StatusDraft
	if in.Assign {
		status = dondoc.StatusAssigned
	}
	deadline, err := json.Marshal(in.Deadline)
	if err != nil {
		return 0, err
	}
	if in.AccountablePostID == nil {
		// Accountability sits with the head of the lead unit unless the assigner names another
		// post; cascaded children therefore answer to their own unit's head.
		var lead struct {
			Head *int64 `db:"head"`
		}
		err := tx.get("unit", &lead, `SELECT p.id AS head FROM units u LEFT JOIN posts p ON p.unit_id = u.id AND p.is_head WHERE u.id = ?`, in.LeadUnitID)
		if dondoc.IsCode(err, dondoc.ENotFound) {
			return 0, dondoc.Invalid("lead_unit_id", "Đơn vị không tồn tại.", "Unknown unit.")
		}
		if err != nil {
			return 0, err
		}
		in.AccountablePostID = lead.Head
	}
	due := tx.db.dueOn(in.Deadline, tc.receivedOn)
	id, err := tx.insert(`INSERT INTO tasks (document_id, clause_id, source_kind, source_id, parent_id, project_id, title, body,
		lead_unit_id, accountable_post_id, assigner_unit_id, report_to_unit_id, deadline, due_on, is_key, status, child_count,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.DocumentID, in.ClauseID, sourceKind, sourceID, in.ParentID, in.ProjectID, in.Title, in.Text, in.LeadUnitID,
		in.AccountablePostID, in.AssignerUnitID, in.ReportToUnitID, string(deadline), string(due), in.Key, string(status),
		len(in.CascadeTo), tx.now, tx.now)
	if err != nil {
		return 0, err
	}
	for _, c := range in.Coordinators {
		if _, err := tx.exec(`INSERT INTO task_coordinators (task_id, unit_id, part, status) VALUES (?, ?, ?, ?)`,
			id, c.UnitID, c.Part, string(status)); err != nil {
			return 0, err
		}
	}
	if err := tx.event(id, "created", "", map[string]any{"status": status, "lead_unit_id": in.LeadUnitID}); err != nil {
		return 0, err
	}
	if err := tx.audit("task.create", "task", id, nil, in); err != nil {
		return 0, err
	}
	if err := tx.indexNew("task", id, in.Title, in.Text, in.ClauseID); err != nil {
		return 0, err
	}
	if status == dondoc.StatusAssigned {
		if err := tx.notifyAssigned(id, in.Title, in.LeadUnitID, in.AssignerUnitID, string(due), sourceKind); err != nil {
			return 0, err
		}
	}
	if in.ParentID != nil {
		if _, err := tx.exec(`UPDATE tasks SET child_count = child_count + 1 WHERE id = ?`, *in.ParentID); err != nil {
			return 0, err
		}
		if err := tx.event(*in.ParentID, "child_added", "", map[string]any{"child_id": id}); err != nil {
			return 0, err
		}
	}
	for _, u := range in.CascadeTo {
		child := in
		child.ParentID, child.LeadUnitID, child.CascadeTo, child.Coordinators, child.AccountablePostID = &id, u, nil, nil, nil
		cid, err := tx.insertChild(child, tc, sourceKind, sourceID)
		if err != nil {
			return 0, err
		}
		if err := tx.event(id, "cascaded", "", map[string]any{"child_id": cid, "unit_id": u}); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// insertChild inserts one cascaded child without counting it again on the parent, whose
// child_count was set when it was inserted.
func (tx *Tx) insertChild(in dondoc.TaskInput, tc taskContext, sourceKind string, sourceID *int64) (int64, error) {
	parent := in.ParentID
	in.ParentID = nil
	id, err := tx.insertTask(in, tc, sourceKind, sourceID)
	if err != nil {
		return 0, err
	}
	_, err = tx.exec(`UPDATE tasks SET parent_id = ? WHERE id = ?`, *parent, id)
	return id, err
}

// GetTask returns a task in the caller's scope; one outside it is reported as not found.
func (db *DB) GetTask(ctx context.Context, id int64) (*dondoc.Task, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := taskRowScope(a)
	// One round trip: the task's row repeated once per coordinator, which matters on PostgreSQL
	// where every query crosses the network.
	var rows []struct {
		taskRow
		CoordUnit   *int64  `db:"c_unit_id"`
		CoordPart   *string `db:"c_part"`
		CoordStatus *string `db:"c_status"`
	}
	if err := db.sel(ctx, &rows, `SELECT `+taskColumns+`, c.unit_id AS c_unit_id, c.part AS c_part, c.status AS c_status
		FROM tasks t LEFT JOIN task_coordinators c ON c.task_id = t.id WHERE t.id = ? AND `+cond+` ORDER BY c.unit_id`,
		append([]any{id}, args...)...); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, dondoc.NotFound("task")
	}
	t := rows[0].task(db.today(), db.dueSoonDays())
	for _, r := range rows {
		if r.CoordUnit != nil {
			t.Coordinators = append(t.Coordinators, dondoc.Coordinator{UnitID: *r.CoordUnit, Part: *r.CoordPart, Status: dondoc.Status(*r.CoordStatus)})
		}
	}
	return &t, nil
}

// taskScope limits tasks to those the actor may read: led by, assigned by or coordinated by a
// unit in the actor's subtrees. Lists test each unit against the set of units in those subtrees,
// built once per query.
func taskScope(a *dondoc.Actor) (string, []any) {
	return taskScopeWith(a, func(col string) string { return col + ` IN (SELECT id FROM units WHERE path >= ? AND path < ?)` })
}

// taskRowScope is taskScope for queries that fetch tasks by id: it tests each row's own units with
// correlated lookups by primary key, instead of building the set of every unit in the actor's
// subtrees, which costs a province's worth of units for one row.
func taskRowScope(a *dondoc.Actor) (string, []any) {
	return taskScopeWith(a, func(col string) string {
		return `EXISTS (SELECT 1 FROM units su WHERE su.id = ` + col + ` AND su.path >= ? AND su.path < ?)`
	})
}

// taskScopeWith is the one scope rule for tasks; inSubtree writes the test that the unit in a
// column lies in a subtree given as a path range.
func taskScopeWith(a *dondoc.Actor, inSubtree func(col string) string) (string, []any) {
	paths, all := a.ScopePaths()
	if all {
		return "1=1", nil
	}
	if len(paths) == 0 {
		return "1=0", nil
	}
	var ors []string
	var args []any
	for _, p := range paths {
		ors = append(ors, inSubtree("t.lead_unit_id"), inSubtree("t.assigner_unit_id"),
			`EXISTS (SELECT 1 FROM task_coordinators c JOIN units cu ON cu.id = c.unit_id WHERE c.task_id = t.id AND cu.path >= ? AND cu.path < ?)`)
		args = append(args, p, p+"~", p, p+"~", p, p+"~")
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

func (db *DB) loadCoordinators(ctx context.Context, tasks []*dondoc.Task) error {
	if len(tasks) == 0 {
		return nil
	}
	ids := make([]int64, len(tasks))
	byID := make(map[int64]*dondoc.Task, len(tasks))
	for i, t := range tasks {
		ids[i] = t.ID
		byID[t.ID] = t
	}
	q, args, err := sqlx.In(`SELECT task_id, unit_id, part, status FROM task_coordinators WHERE task_id IN (?) ORDER BY task_id, unit_id`, ids)
	if err != nil {
		return err
	}
	var rows []struct {
		TaskID int64  `db:"task_id"`
		UnitID int64  `db:"unit_id"`
		Part   string `db:"part"`
		Status string `db:"status"`
	}
	if err := db.sel(ctx, &rows, q, args...); err != nil {
		return err
	}
	for _, r := range rows {
		t := byID[r.TaskID]
		t.Coordinators = append(t.Coordinators, dondoc.Coordinator{UnitID: r.UnitID, Part: r.Part, Status: dondoc.Status(r.Status)})
	}
	return nil
}

// taskUnits loads the unit paths that permission decisions on a task need.
func (tx *Tx) taskUnits(t *taskRow) (dondoc.TaskUnits, error) {
	var u dondoc.TaskUnits
	if err := tx.get("unit", &u.LeadPath, `SELECT path FROM units WHERE id = ?`, t.LeadUnitID); err != nil {
		return u, err
	}
	if err := tx.get("unit", &u.AssignerPath, `SELECT path FROM units WHERE id = ?`, t.AssignerUnitID); err != nil {
		return u, err
	}
	err := tx.Select(&u.CoordinatorPath, tx.Rebind(`SELECT u.path FROM task_coordinators c JOIN units u ON u.id = c.unit_id WHERE c.task_id = ?`), t.ID)
	return u, err
}

// lockTask loads a task for change inside a write transaction, applying the actor's read scope so
// that a task outside it is not found rather than forbidden.
func (tx *Tx) lockTask(id int64) (*taskRow, dondoc.TaskUnits, error) {
	cond, args := taskRowScope(tx.actor)
	var r taskRow
	if err := tx.get("task", &r, `SELECT `+taskColumns+` FROM tasks t WHERE t.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return nil, dondoc.TaskUnits{}, err
	}
	u, err := tx.taskUnits(&r)
	return &r, u, err
}

// UpdateTask changes a task's fields. Only the assigning side may do it, only on the version the
// client saw, and the lead unit cannot change here: that is a transfer, which keeps history.
func (db *DB) UpdateTask(ctx context.Context, id, version int64, in dondoc.TaskInput) (*dondoc.Task, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		r, units, err := tx.lockTask(id)
		if err != nil {
			return err
		}
		if !dondoc.CanEditTask(tx.actor, units) {
			return dondoc.Forbidden("Chỉ đơn vị giao nhiệm vụ được sửa nhiệm vụ.", "Only the assigning side may edit the task.")
		}
		if r.Version != version {
			return dondoc.Stale()
		}
		before := r.task(dondoc.Today(tx.now), tx.db.dueSoonDays())
		// The fields that identify where a task came from and who leads it stay as they are.
		in.DocumentID, in.ParentID, in.LeadUnitID, in.AssignerUnitID = r.DocumentID, r.ParentID, r.LeadUnitID, r.AssignerUnitID
		in.CascadeTo = nil
		var start dondoc.Date
		received := dondoc.DateOf(r.CreatedAt)
		if r.DocumentID != nil {
			var doc struct {
				Date     string `db:"doc_date"`
				Received string `db:"received_on"`
			}
			if err := tx.get("document", &doc, `SELECT doc_date, received_on FROM documents WHERE id = ?`, *r.DocumentID); err != nil {
				return err
			}
			start, received = dondoc.Date(doc.Date), dondoc.Date(doc.Received)
			if received == "" {
				received = start
			}
		}
		if err := in.Validate(start); err != nil {
			return err
		}
		if in.Deadline.Kind == "" {
			in.Deadline.Kind = dondoc.DeadlineNone
		}
		for i, c := range in.Coordinators {
			if _, err := tx.unitPath("coordinators["+itoa(i)+"].unit_id", c.UnitID); err != nil {
				return err
			}
		}
		if err := tx.bumpVersion("tasks", id, version); err != nil {
			return err
		}
		deadline, _ := json.Marshal(in.Deadline)
		due := tx.db.dueOn(in.Deadline, received)
		if _, err := tx.exec(`UPDATE tasks SET clause_id = ?, project_id = ?, title = ?, body = ?, accountable_post_id = ?,
			report_to_unit_id = ?, deadline = ?, due_on = ?, is_key = ?, updated_at = ? WHERE id = ?`,
			in.ClauseID, in.ProjectID, in.Title, in.Text, in.AccountablePostID, in.ReportToUnitID, string(deadline), string(due),
			in.Key, tx.now, id); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM task_coordinators WHERE task_id = ?`, id); err != nil {
			return err
		}
		for _, c := range in.Coordinators {
			st := c.Status
			if !st.Valid() {
				st = dondoc.Status(r.Status)
			}
			if _, err := tx.exec(`INSERT INTO task_coordinators (task_id, unit_id, part, status) VALUES (?, ?, ?, ?)`, id, c.UnitID, c.Part, string(st)); err != nil {
				return err
			}
		}
		if err := tx.event(id, "updated", "", map[string]any{"due_on": due}); err != nil {
			return err
		}
		if err := tx.index("task", id, in.Title, in.Text, in.ClauseID); err != nil {
			return err
		}
		return tx.audit("task.update", "task", id, before, in)
	})
	if err != nil {
		return nil, err
	}
	return db.GetTask(ctx, id)
}

// Transition moves a task through its lifecycle. The state machine and the permission rule live in
// the domain; this method applies them to the stored task and records the event and audit row.
func (db *DB) Transition(ctx context.Context, id, version int64, in dondoc.TransitionInput) (*dondoc.Task, error) {
	if err := dondoc.OptionalText("note", in.Note, 10_000); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		r, units, err := tx.lockTask(id)
		if err != nil {
			return err
		}
		t := r.task(dondoc.Today(tx.now), tx.db.dueSoonDays())
		next, err := t.Next(in.Action)
		if err != nil {
			return err
		}
		if !dondoc.CanDo(tx.actor, in.Action, units) {
			return dondoc.Forbidden("Bạn không có quyền "+dondoc.ActionLabelVI[in.Action]+" nhiệm vụ này.",
				"You may not "+string(in.Action)+" this task.")
		}
		if r.Version != version {
			return dondoc.Stale()
		}
		return tx.applyTransition(r, next, in)
	})
	if err != nil {
		return nil, err
	}
	return db.GetTask(ctx, id)
}

// UpdateCoordination sets the status of one coordinating unit's part. The task must be open, and
// the change is on the task's timeline and in the audit log like any other.
func (db *DB) UpdateCoordination(ctx context.Context, id, version, unitID int64, in dondoc.CoordinationInput) (*dondoc.Task, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		r, units, err := tx.lockTask(id)
		if err != nil {
			return err
		}
		var c struct {
			Path   string `db:"path"`
			Status string `db:"status"`
		}
		if err := tx.get("unit", &c, `SELECT u.path, c.status FROM task_coordinators c JOIN units u ON u.id = c.unit_id
			WHERE c.task_id = ? AND c.unit_id = ?`, id, unitID); err != nil {
			if dondoc.IsCode(err, dondoc.ENotFound) {
				return dondoc.NotFound("unit")
			}
			return err
		}
		if !dondoc.CanUpdateCoordination(tx.actor, c.Path, units) {
			return dondoc.Forbidden("Chỉ đơn vị phối hợp hoặc đơn vị giao nhiệm vụ được cập nhật phần phối hợp.",
				"Only the coordinating unit or the assigning side may update this part.")
		}
		if !dondoc.Status(r.Status).Open() {
			return dondoc.Errorf(dondoc.EConflict, "status", "Nhiệm vụ không còn đang thực hiện.", "The task is not open.")
		}
		if r.Version != version {
			return dondoc.Stale()
		}
		if err := tx.bumpVersion("tasks", id, version); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE task_coordinators SET status = ? WHERE task_id = ? AND unit_id = ?`, string(in.Status), id, unitID); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE tasks SET updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return err
		}
		data := map[string]any{"unit_id": unitID, "from": c.Status, "to": in.Status}
		if err := tx.event(id, "coordination", in.Note, data); err != nil {
			return err
		}
		return tx.audit("task.coordination", "task", id, map[string]any{"unit_id": unitID, "status": c.Status}, data)
	})
	if err != nil {
		return nil, err
	}
	return db.GetTask(ctx, id)
}

// applyTransition writes an allowed transition: the new status, its side effects, the event and
// the audit row, and the parent's derived progress.
func (tx *Tx) applyTransition(r *taskRow, next dondoc.Status, in dondoc.TransitionInput) error {
	if err := tx.bumpVersion("tasks", r.ID, r.Version); err != nil {
		return err
	}
	statusBefore, completedOn, progress, lead := r.StatusBefore, r.CompletedOn, r.Progress, r.LeadUnitID
	data := map[string]any{"from": r.Status, "to": next}
	switch in.Action {
	case dondoc.ActionSuspend:
		statusBefore = r.Status
	case dondoc.ActionConfirm:
		completedOn = string(in.CompletedOn)
		if completedOn == "" {
			completedOn = string(dondoc.Today(tx.now))
		} else if !in.CompletedOn.Valid() {
			return dondoc.Invalid("completed_on", "Ngày hoàn thành không hợp lệ.", "Invalid completion date.")
		}
		progress = 100
		data["completed_on"] = completedOn
	case dondoc.ActionTransfer:
		if in.ToUnitID <= 0 {
			return dondoc.Invalid("to_unit_id", "Cần chọn đơn vị nhận chuyển.", "to_unit_id is required for a transfer.")
		}
		if in.ToUnitID == r.LeadUnitID {
			return dondoc.Invalid("to_unit_id", "Đơn vị nhận chuyển trùng đơn vị đang chủ trì.", "to_unit_id is already the lead unit.")
		}
		if _, err := tx.unitPath("to_unit_id", in.ToUnitID); err != nil {
			return err
		}
		lead = in.ToUnitID
		data["from_unit_id"], data["to_unit_id"] = r.LeadUnitID, in.ToUnitID
	}
	if _, err := tx.exec(`UPDATE tasks SET status = ?, status_before = ?, completed_on = ?, progress = ?, lead_unit_id = ?, updated_at = ? WHERE id = ?`,
		string(next), statusBefore, completedOn, progress, lead, tx.now, r.ID); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE task_coordinators SET status = ? WHERE task_id = ? AND status <> 'done'`, string(next), r.ID); err != nil {
		return err
	}
	if err := tx.event(r.ID, string(in.Action), in.Note, data); err != nil {
		return err
	}
	if err := tx.audit("task."+string(in.Action), "task", r.ID, map[string]any{"status": r.Status, "lead_unit_id": r.LeadUnitID},
		map[string]any{"status": next, "lead_unit_id": lead, "note": in.Note}); err != nil {
		return err
	}
	if err := tx.notifyTransition(r, lead, in); err != nil {
		return err
	}
	return tx.deriveParent(r.ParentID)
}

// deriveParent recomputes a parent task's progress from its children: a parent cascaded to N units
// is as far along as its children on average, counting done children as complete and ignoring
// cancelled ones.
func (tx *Tx) deriveParent(parentID *int64) error {
	if parentID == nil {
		return nil
	}
	_, err := tx.exec(`UPDATE tasks SET progress = COALESCE((SELECT CAST(ROUND(AVG(CASE WHEN status = 'done' THEN 100 ELSE progress END)) AS INTEGER)
		FROM tasks WHERE parent_id = ? AND status <> 'cancelled'), progress), updated_at = ? WHERE id = ?`, *parentID, tx.now, *parentID)
	return err
}

// taskWhere is the FROM and WHERE of a task query built from a filter, shared by ListTasks and
// CountTasks so that a count always agrees with the list it counts.
type taskWhere struct {
	from  string
	where []string
	args  []any
	today dondoc.Date
	// search is set when the filter has search words; order is then the column matches sort by.
	search bool
	order  string
}

// taskWhere builds the conditions of a filter within the actor's scope, without the cursor.
func (db *DB) taskWhere(ctx context.Context, a *dondoc.Actor, f dondoc.TaskFilter) (taskWhere, error) {
	cond, scopeArgs := taskScope(a)
	where, args := []string{cond}, append([]any(nil), scopeArgs...)
	if f.UnitID > 0 {
		var path string
		if err := db.get(ctx, "unit", &path, `SELECT path FROM units WHERE id = ?`, f.UnitID); err != nil {
			if dondoc.IsCode(err, dondoc.ENotFound) {
				return taskWhere{}, dondoc.Invalid("unit", "Đơn vị không tồn tại.", "Unknown unit.")
			}
			return taskWhere{}, err
		}
		where = append(where, `t.lead_unit_id IN (SELECT id FROM units WHERE path >= ? AND path < ?)`)
		args = append(args, path, path+"~")
		// Every task led inside a unit the actor may read is in scope, so the general scope
		// condition adds nothing but work for the planner.
		if a.CanRead(path) {
			where, args = where[1:], args[len(scopeArgs):]
		}
	}
	if len(f.Status) > 0 {
		ph := make([]string, len(f.Status))
		for i, s := range f.Status {
			if !s.Valid() {
				return taskWhere{}, dondoc.Invalid("status", "Trạng thái không hợp lệ: "+string(s)+".", "Unknown status: "+string(s)+".")
			}
			ph[i] = "?"
			args = append(args, string(s))
		}
		where = append(where, "t.status IN ("+strings.Join(ph, ",")+")")
	}
	today := db.today()
	if f.Overdue != nil {
		if *f.Overdue {
			where = append(where, `t.status IN ('assigned','in_progress','completion_requested') AND t.due_on < ?`)
		} else {
			where = append(where, `NOT (t.status IN ('assigned','in_progress','completion_requested') AND t.due_on < ?)`)
		}
		args = append(args, string(today))
	}
	if f.DueBefore != "" {
		if !f.DueBefore.Valid() {
			return taskWhere{}, dondoc.Invalid("due_before", "Ngày không hợp lệ.", "Invalid date.")
		}
		where = append(where, `t.due_on < ?`)
		args = append(args, string(f.DueBefore))
	}
	if f.DueFrom != "" {
		if !f.DueFrom.Valid() {
			return taskWhere{}, dondoc.Invalid("due_from", "Ngày không hợp lệ.", "Invalid date.")
		}
		// NoDate sorts after every real date; a lower bound on deadlines leaves it out.
		where = append(where, `t.due_on >= ? AND t.due_on <> ?`)
		args = append(args, string(f.DueFrom), string(dondoc.NoDate))
	}
	if f.Colour != "" {
		// The colours of Task.ComputeTiming and CountTasks, with the due-soon setting in force.
		const open = `t.status IN ('assigned','in_progress','completion_requested')`
		soonEnd := string(today.AddDays(db.dueSoonDays()))
		switch f.Colour {
		case dondoc.ColourOverdue:
			where = append(where, open+` AND t.due_on < ?`)
			args = append(args, string(today))
		case dondoc.ColourDueSoon:
			where = append(where, open+` AND t.due_on >= ? AND t.due_on <= ?`)
			args = append(args, string(today), soonEnd)
		case dondoc.ColourActive:
			where = append(where, open+` AND t.due_on > ?`)
			args = append(args, soonEnd)
		case dondoc.ColourDone:
			where = append(where, `t.status = 'done'`)
		default:
			return taskWhere{}, dondoc.Invalid("colour", "Màu không hợp lệ: "+string(f.Colour)+"; dùng overdue, due_soon, active hoặc done.",
				"Unknown colour: "+string(f.Colour)+"; use overdue, due_soon, active or done.")
		}
	}
	if f.DocumentID > 0 {
		where = append(where, `t.document_id = ?`)
		args = append(args, f.DocumentID)
	}
	if f.ParentID > 0 {
		where = append(where, `t.parent_id = ?`)
		args = append(args, f.ParentID)
	}
	if f.Key != nil {
		where = append(where, `t.is_key = ?`)
		args = append(args, *f.Key)
	}
	// A search lists its matches newest first, as search boxes do: the full-text index then yields
	// them in that order and a page stops after 50, where sorting by deadline would have to fetch
	// and sort every match (a hundred milliseconds for common words over a million tasks).
	tw := taskWhere{from: `tasks t`, today: today}
	if search, ok := db.searchSource("t.id", "task", f.Q); ok {
		tw.from, tw.order, tw.search = `tasks t`+search.join, search.order, true
		where = append(where, search.cond)
		args = append(args, search.args...)
	}
	tw.where, tw.args = where, args
	return tw, nil
}

// ListTasks lists tasks in the caller's scope, filtered, sorted by deadline (tasks without one last)
// then id, one keyset page at a time, so that a page costs the same at any depth.
func (db *DB) ListTasks(ctx context.Context, f dondoc.TaskFilter) (*dondoc.Page[dondoc.Task], error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	limit := dondoc.PageSize(f.Limit)
	tw, err := db.taskWhere(ctx, a, f)
	if err != nil {
		return nil, err
	}
	where, args, today, ok := tw.where, tw.args, tw.today, tw.search
	from, order := tw.from, ` ORDER BY t.due_on, t.id`
	if ok {
		order = ` ORDER BY ` + tw.order + ` DESC`
	}
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, err
		}
		if ok {
			where = append(where, `t.id < ?`)
			args = append(args, id)
		} else {
			where = append(where, `(t.due_on > ? OR (t.due_on = ? AND t.id > ?))`)
			args = append(args, key, key, id)
		}
	}
	q := `SELECT ` + taskColumns + ` FROM ` + from + ` WHERE ` + strings.Join(where, " AND ") + order + ` LIMIT ?`
	args = append(args, limit+1)
	var rows []taskRow
	if err := db.sel(ctx, &rows, q, args...); err != nil {
		return nil, err
	}
	page := &dondoc.Page[dondoc.Task]{Items: make([]dondoc.Task, 0, len(rows))}
	if len(rows) > limit {
		last := rows[limit-1]
		page.NextCursor = encodeCursor(last.DueOn, last.ID)
		rows = rows[:limit]
	}
	ptrs := make([]*dondoc.Task, len(rows))
	for i := range rows {
		page.Items = append(page.Items, rows[i].task(today, db.dueSoonDays()))
	}
	for i := range page.Items {
		ptrs[i] = &page.Items[i]
	}
	if err := db.loadCoordinators(ctx, ptrs); err != nil {
		return nil, err
	}
	return page, nil
}

// Timeline returns a task's events, oldest first.
func (db *DB) Timeline(ctx context.Context, id int64) ([]dondoc.Event, error) {
	if _, err := db.GetTask(ctx, id); err != nil {
		return nil, err
	}
	var rows []struct {
		ID      int64     `db:"id"`
		TaskID  int64     `db:"task_id"`
		Kind    string    `db:"kind"`
		ActorID *int64    `db:"actor_id"`
		Actor   string    `db:"actor"`
		At      time.Time `db:"at"`
		Note    string    `db:"note"`
		Data    string    `db:"data"`
	}
	if err := db.sel(ctx, &rows, `SELECT id, task_id, kind, actor_id, actor, at, note, data FROM task_events WHERE task_id = ? ORDER BY id`, id); err != nil {
		return nil, err
	}
	out := make([]dondoc.Event, len(rows))
	for i, r := range rows {
		out[i] = dondoc.Event{ID: r.ID, TaskID: r.TaskID, Kind: r.Kind, ActorID: r.ActorID, Actor: r.Actor, At: r.At.UTC(), Note: r.Note, Data: r.Data}
	}
	return out, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

package sqldb

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"dondoc"
)

// requireUser returns the acting user's id for the columns that must name an account (who
// submitted, who raised). System work has no account, so it may not take these steps.
func (tx *Tx) requireUser() (int64, error) {
	id := tx.actorID()
	if id == nil {
		return 0, dondoc.Forbidden("Thao tác này phải do một tài khoản người dùng thực hiện.", "This action must be taken by a user account.")
	}
	return *id, nil
}

// prefixField places a nested error under its position in the request ("new_tasks[2].title"), so
// that a client sending a list can point at the item at fault.
func prefixField(err error, prefix string) error {
	var de *dondoc.Error
	if !errors.As(err, &de) || de.Field == "" {
		return err
	}
	c := *de
	c.Field = prefix + "." + de.Field
	return &c
}

// moveDeadline gives a task a new date deadline, keeping the original phrase, with a version bump,
// a timeline event and an audit row. counted says whether the move uses up one of the task's
// limited extensions: an approved request does, a leader's direction does not.
func (tx *Tx) moveDeadline(r *taskRow, to dondoc.Date, counted bool, kind, note string, data map[string]any) error {
	if err := tx.bumpVersion("tasks", r.ID, r.Version); err != nil {
		return err
	}
	old := r.task(dondoc.Today(tx.now), tx.db.dueSoonDays())
	nd := dondoc.ExtendedDeadline(old.Deadline, to)
	b, err := jsonText(nd)
	if err != nil {
		return err
	}
	inc := 0
	if counted {
		inc = 1
	}
	if _, err := tx.exec(`UPDATE tasks SET deadline = ?, due_on = ?, extensions = extensions + ?, updated_at = ? WHERE id = ?`,
		b, string(to), inc, tx.now, r.ID); err != nil {
		return err
	}
	data["old_due"], data["new_due"] = old.DueOn, to
	if err := tx.event(r.ID, kind, note, data); err != nil {
		return err
	}
	return tx.audit("task.deadline", "task", r.ID, map[string]any{"deadline": old.Deadline, "due_on": old.DueOn},
		map[string]any{"deadline": nd, "due_on": to, "counted": counted})
}

// reportRow is the stored shape of a progress report.
type reportRow struct {
	ID           int64     `db:"id"`
	TaskID       int64     `db:"task_id"`
	Period       string    `db:"period"`
	Body         string    `db:"body"`
	Percent      int       `db:"percent"`
	Difficulties string    `db:"difficulties"`
	Proposals    string    `db:"proposals"`
	Status       string    `db:"status"`
	SubmittedBy  int64     `db:"submitted_by"`
	ApprovedBy   *int64    `db:"approved_by"`
	AcceptedBy   *int64    `db:"accepted_by"`
	Note         string    `db:"note"`
	Version      int64     `db:"version"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
}

const reportColumns = `r.id, r.task_id, r.period, r.body, r.percent, r.difficulties, r.proposals, r.status, r.submitted_by,
	r.approved_by, r.accepted_by, r.note, r.version, r.created_at, r.updated_at`

func (r *reportRow) report() dondoc.ProgressReport {
	return dondoc.ProgressReport{ID: r.ID, TaskID: r.TaskID, Period: r.Period, Text: r.Body, Percent: r.Percent,
		Difficulties: r.Difficulties, Proposals: r.Proposals, Status: dondoc.ReportStatus(r.Status), SubmittedBy: r.SubmittedBy,
		ApprovedBy: r.ApprovedBy, AcceptedBy: r.AcceptedBy, Note: r.Note, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// SubmitReport records a lead unit's progress report on a running task. The first report on an
// assigned task starts it, through the task's state machine, in the same transaction.
func (db *DB) SubmitReport(ctx context.Context, taskID int64, in dondoc.ReportInput) (*dondoc.ProgressReport, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		r, units, err := tx.lockTask(taskID)
		if err != nil {
			return err
		}
		t := r.task(dondoc.Today(tx.now), tx.db.dueSoonDays())
		next, err := t.Next(dondoc.ActionReport)
		if err != nil {
			return err
		}
		if !dondoc.CanSubmitReport(tx.actor, units) {
			return dondoc.Forbidden("Chỉ đơn vị chủ trì được báo cáo tiến độ nhiệm vụ này.", "Only the lead unit may report progress on this task.")
		}
		uid, err := tx.requireUser()
		if err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO progress_reports (task_id, period, body, percent, difficulties, proposals, status, submitted_by,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, taskID, in.Period, in.Text, *in.Percent, in.Difficulties,
			in.Proposals, string(dondoc.ReportSubmitted), uid, tx.now, tx.now)
		if err != nil {
			return err
		}
		if err := tx.insertAttachments(id, uid, in.Attachments); err != nil {
			return err
		}
		if t.Status == dondoc.StatusAssigned {
			if err := tx.applyTransition(r, next, dondoc.TransitionInput{Action: dondoc.ActionReport}); err != nil {
				return err
			}
		}
		if err := tx.event(taskID, "report_submitted", in.Period, map[string]any{"report_id": id, "percent": *in.Percent}); err != nil {
			return err
		}
		if err := tx.notifyReport(r, dondoc.ReportSubmitted, in.Period); err != nil {
			return err
		}
		return tx.audit("report.submit", "progress_report", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.getReport(ctx, id)
}

// getReport reads a report whose task lies in the caller's scope.
func (db *DB) getReport(ctx context.Context, id int64) (*dondoc.ProgressReport, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := taskScope(a)
	var row reportRow
	if err := db.get(ctx, "progress report", &row, `SELECT `+reportColumns+` FROM progress_reports r JOIN tasks t ON t.id = r.task_id
		WHERE r.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return nil, err
	}
	p := []dondoc.ProgressReport{row.report()}
	if err := db.loadAttachments(ctx, p, `r.id = ?`, id); err != nil {
		return nil, err
	}
	return &p[0], nil
}

// ReviewReport moves a report one step along its approval chain: the lead unit's head approves or
// returns a submitted report, then the assigning side accepts or returns it. Accepting sets the
// task's progress to the report's percent and recomputes the parent's.
func (db *DB) ReviewReport(ctx context.Context, reportID, version int64, d dondoc.ReviewDecision) (*dondoc.ProgressReport, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var rep reportRow
		if err := tx.get("progress report", &rep, `SELECT `+reportColumns+` FROM progress_reports r WHERE r.id = ?`, reportID); err != nil {
			return err
		}
		task, units, err := tx.lockTask(rep.TaskID)
		if dondoc.IsCode(err, dondoc.ENotFound) {
			return dondoc.NotFound("progress report")
		}
		if err != nil {
			return err
		}
		next, err := dondoc.NextReportStatus(tx.actor, dondoc.ReportStatus(rep.Status), units, d.Approve)
		if err != nil {
			return err
		}
		if rep.Version != version {
			return dondoc.Stale()
		}
		if err := tx.bumpVersion("progress_reports", reportID, version); err != nil {
			return err
		}
		uid, err := tx.requireUser()
		if err != nil {
			return err
		}
		data := map[string]any{"report_id": reportID, "from": rep.Status, "to": next}
		switch next {
		case dondoc.ReportApproved:
			_, err = tx.exec(`UPDATE progress_reports SET status = ?, approved_by = ?, note = ?, updated_at = ? WHERE id = ?`,
				string(next), uid, d.Note, tx.now, reportID)
		case dondoc.ReportAccepted:
			if _, err = tx.exec(`UPDATE progress_reports SET status = ?, accepted_by = ?, note = ?, updated_at = ? WHERE id = ?`,
				string(next), uid, d.Note, tx.now, reportID); err != nil {
				return err
			}
			// A report accepted after the task closed is kept on record but no longer moves its
			// progress: a done task stays at 100 and a cancelled one keeps what it had.
			if dondoc.Status(task.Status).Open() {
				data["progress"] = rep.Percent
				err = tx.setProgress(task, rep.Percent)
			}
		default:
			_, err = tx.exec(`UPDATE progress_reports SET status = ?, note = ?, updated_at = ? WHERE id = ?`,
				string(next), d.Note, tx.now, reportID)
		}
		if err != nil {
			return err
		}
		if err := tx.event(rep.TaskID, "report_"+string(next), d.Note, data); err != nil {
			return err
		}
		if err := tx.notifyReport(task, next, rep.Period); err != nil {
			return err
		}
		return tx.audit("report.review", "progress_report", reportID, map[string]any{"status": rep.Status},
			map[string]any{"status": next, "note": d.Note})
	})
	if err != nil {
		return nil, err
	}
	return db.getReport(ctx, reportID)
}

// setProgress sets a task's progress from an accepted report, bumping its version, and recomputes
// the parent's derived progress.
func (tx *Tx) setProgress(r *taskRow, percent int) error {
	if err := tx.bumpVersion("tasks", r.ID, r.Version); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE tasks SET progress = ?, updated_at = ? WHERE id = ?`, percent, tx.now, r.ID); err != nil {
		return err
	}
	return tx.deriveParent(r.ParentID)
}

// ListReports returns a task's reports, oldest first; a task outside the caller's scope is not
// found.
func (db *DB) ListReports(ctx context.Context, taskID int64) ([]dondoc.ProgressReport, error) {
	if _, err := db.GetTask(ctx, taskID); err != nil {
		return nil, err
	}
	var rows []reportRow
	if err := db.sel(ctx, &rows, `SELECT `+reportColumns+` FROM progress_reports r WHERE r.task_id = ? ORDER BY r.id`, taskID); err != nil {
		return nil, err
	}
	out := make([]dondoc.ProgressReport, len(rows))
	for i := range rows {
		out[i] = rows[i].report()
	}
	if err := db.loadAttachments(ctx, out, `r.task_id = ?`, taskID); err != nil {
		return nil, err
	}
	return out, nil
}

// extensionRow is the stored shape of an extension request.
type extensionRow struct {
	ID          int64     `db:"id"`
	TaskID      int64     `db:"task_id"`
	Proposed    string    `db:"proposed"`
	Reason      string    `db:"reason"`
	Status      string    `db:"status"`
	RequestedBy int64     `db:"requested_by"`
	DecidedBy   *int64    `db:"decided_by"`
	Note        string    `db:"note"`
	Version     int64     `db:"version"`
	CreatedAt   time.Time `db:"created_at"`
}

const extensionColumns = `x.id, x.task_id, x.proposed, x.reason, x.status, x.requested_by, x.decided_by, x.note, x.version, x.created_at`

func (r *extensionRow) extension() dondoc.Extension {
	return dondoc.Extension{ID: r.ID, TaskID: r.TaskID, Proposed: dondoc.Date(r.Proposed), Reason: r.Reason,
		Status: dondoc.ExtensionStatus(r.Status), RequestedBy: r.RequestedBy, DecidedBy: r.DecidedBy, Note: r.Note,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC()}
}

// RequestExtension asks the assigning side for a later deadline. A task may be extended only a
// limited number of times, and only one request may wait for a decision at a time.
func (db *DB) RequestExtension(ctx context.Context, taskID int64, in dondoc.ExtensionInput) (*dondoc.Extension, error) {
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		r, units, err := tx.lockTask(taskID)
		if err != nil {
			return err
		}
		if err := dondoc.CheckExtendable(dondoc.Status(r.Status)); err != nil {
			return err
		}
		if !dondoc.CanRequestExtension(tx.actor, units) {
			return dondoc.Forbidden("Chỉ đơn vị chủ trì được đề nghị gia hạn nhiệm vụ này.", "Only the lead unit may ask to extend this task.")
		}
		if err := in.Validate(dondoc.Date(r.DueOn)); err != nil {
			return err
		}
		if err := dondoc.CheckExtensionLimit(r.Extensions, tx.db.MaxExtensions); err != nil {
			return err
		}
		var pending int
		if err := tx.get("extension", &pending, `SELECT COUNT(*) FROM extensions WHERE task_id = ? AND status = ?`,
			taskID, string(dondoc.ExtensionPending)); err != nil {
			return err
		}
		if pending > 0 {
			return dondoc.Conflict("Nhiệm vụ đã có một đề nghị gia hạn đang chờ quyết định.", "An extension request for this task is already pending.")
		}
		uid, err := tx.requireUser()
		if err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO extensions (task_id, proposed, reason, status, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			taskID, string(in.Proposed), in.Reason, string(dondoc.ExtensionPending), uid, tx.now)
		if err != nil {
			return err
		}
		if err := tx.event(taskID, "extension_requested", in.Reason, map[string]any{"extension_id": id, "proposed": in.Proposed, "due_on": r.DueOn}); err != nil {
			return err
		}
		if err := tx.notifyExtensionRequested(r, in.Proposed, in.Reason); err != nil {
			return err
		}
		return tx.audit("extension.request", "extension", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.getExtension(ctx, id)
}

// getExtension reads an extension whose task lies in the caller's scope.
func (db *DB) getExtension(ctx context.Context, id int64) (*dondoc.Extension, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := taskScope(a)
	var row extensionRow
	if err := db.get(ctx, "extension", &row, `SELECT `+extensionColumns+` FROM extensions x JOIN tasks t ON t.id = x.task_id
		WHERE x.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return nil, err
	}
	x := row.extension()
	return &x, nil
}

// DecideExtension grants or refuses a pending request. A grant moves the task's deadline to the
// proposed date and counts toward the task's limit.
func (db *DB) DecideExtension(ctx context.Context, extID, version int64, d dondoc.ReviewDecision) (*dondoc.Extension, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var x extensionRow
		if err := tx.get("extension", &x, `SELECT `+extensionColumns+` FROM extensions x WHERE x.id = ?`, extID); err != nil {
			return err
		}
		r, units, err := tx.lockTask(x.TaskID)
		if dondoc.IsCode(err, dondoc.ENotFound) {
			return dondoc.NotFound("extension")
		}
		if err != nil {
			return err
		}
		if x.Status != string(dondoc.ExtensionPending) {
			return dondoc.Conflict("Đề nghị gia hạn này đã được quyết định.", "This extension request has already been decided.")
		}
		if !dondoc.CanDecideExtension(tx.actor, units) {
			return dondoc.Forbidden("Chỉ đơn vị giao nhiệm vụ được quyết định gia hạn.", "Only the assigning side may decide an extension.")
		}
		if x.Version != version {
			return dondoc.Stale()
		}
		status := dondoc.ExtensionRejected
		if d.Approve {
			status = dondoc.ExtensionApproved
			if err := dondoc.CheckExtendable(dondoc.Status(r.Status)); err != nil {
				return err
			}
		}
		uid, err := tx.requireUser()
		if err != nil {
			return err
		}
		if err := tx.bumpVersion("extensions", extID, version); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE extensions SET status = ?, decided_by = ?, note = ? WHERE id = ?`, string(status), uid, d.Note, extID); err != nil {
			return err
		}
		if d.Approve {
			if err := tx.moveDeadline(r, dondoc.Date(x.Proposed), true, "extension_approved", d.Note, map[string]any{"extension_id": extID}); err != nil {
				return err
			}
		} else if err := tx.event(x.TaskID, "extension_rejected", d.Note, map[string]any{"extension_id": extID, "proposed": x.Proposed}); err != nil {
			return err
		}
		if err := tx.notifyExtensionDecided(r, dondoc.Date(x.Proposed), d.Approve, d.Note); err != nil {
			return err
		}
		return tx.audit("extension.decide", "extension", extID, map[string]any{"status": x.Status},
			map[string]any{"status": status, "note": d.Note})
	})
	if err != nil {
		return nil, err
	}
	return db.getExtension(ctx, extID)
}

// ListExtensions returns a task's extension requests, oldest first.
func (db *DB) ListExtensions(ctx context.Context, taskID int64) ([]dondoc.Extension, error) {
	if _, err := db.GetTask(ctx, taskID); err != nil {
		return nil, err
	}
	var rows []extensionRow
	if err := db.sel(ctx, &rows, `SELECT `+extensionColumns+` FROM extensions x WHERE x.task_id = ? ORDER BY x.id`, taskID); err != nil {
		return nil, err
	}
	out := make([]dondoc.Extension, len(rows))
	for i := range rows {
		out[i] = rows[i].extension()
	}
	return out, nil
}

// escalationRow is the stored shape of an escalation.
type escalationRow struct {
	ID          int64     `db:"id"`
	TaskID      *int64    `db:"task_id"`
	ReportID    *int64    `db:"report_id"`
	FromUnitID  int64     `db:"from_unit_id"`
	ToUnitID    int64     `db:"to_unit_id"`
	Subject     string    `db:"subject"`
	Body        string    `db:"body"`
	ResponseDue string    `db:"response_due"`
	Status      string    `db:"status"`
	Direction   string    `db:"direction"`
	AnsweredBy  *int64    `db:"answered_by"`
	AnsweredOn  string    `db:"answered_on"`
	RaisedBy    int64     `db:"raised_by"`
	RaisedOn    string    `db:"raised_on"`
	Version     int64     `db:"version"`
	CreatedAt   time.Time `db:"created_at"`
}

const escalationColumns = `e.id, e.task_id, e.report_id, e.from_unit_id, e.to_unit_id, e.subject, e.body, e.response_due, e.status,
	e.direction, e.answered_by, e.answered_on, e.raised_by, e.raised_on, e.version, e.created_at`

func (r *escalationRow) escalation(today dondoc.Date) dondoc.Escalation {
	e := dondoc.Escalation{ID: r.ID, TaskID: r.TaskID, ReportID: r.ReportID, FromUnitID: r.FromUnitID, ToUnitID: r.ToUnitID,
		Subject: r.Subject, Text: r.Body, ResponseDue: dondoc.Date(r.ResponseDue), Status: dondoc.EscalationStatus(r.Status),
		Direction: r.Direction, AnsweredBy: r.AnsweredBy, AnsweredOn: dondoc.Date(r.AnsweredOn), RaisedBy: r.RaisedBy,
		RaisedOn: dondoc.Date(r.RaisedOn), Version: r.Version, CreatedAt: r.CreatedAt.UTC()}
	e.ComputeOutstanding(today)
	return e
}

// escalationScope limits escalations to those raised by or addressed to a unit in the actor's
// subtrees: both sides follow the same difficulty.
func escalationScope(a *dondoc.Actor) (string, []any) {
	return scopeCondition(a, "e.from_unit_id", "e.to_unit_id")
}

// RaiseEscalation records a difficulty raised by a unit to the body that can resolve it, linked to
// a task (and the report that named it) when there is one.
func (db *DB) RaiseEscalation(ctx context.Context, in dondoc.EscalationInput) (*dondoc.Escalation, error) {
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		today := dondoc.Today(tx.now)
		if err := in.Validate(today); err != nil {
			return err
		}
		fromPath, err := tx.unitPath("from_unit_id", in.FromUnitID)
		if err != nil {
			return err
		}
		if !dondoc.CanRaiseEscalation(tx.actor, fromPath) {
			return dondoc.Forbidden("Bạn không có quyền kiến nghị thay đơn vị này.", "You may not raise an escalation for this unit.")
		}
		if _, err := tx.unitPath("to_unit_id", in.ToUnitID); err != nil {
			return err
		}
		if in.TaskID != nil {
			if _, _, err := tx.lockTask(*in.TaskID); err != nil {
				if dondoc.IsCode(err, dondoc.ENotFound) {
					return dondoc.Invalid("task_id", "Nhiệm vụ không tồn tại.", "Unknown task.")
				}
				return err
			}
		}
		if in.ReportID != nil {
			var n int
			if err := tx.get("progress report", &n, `SELECT COUNT(*) FROM progress_reports WHERE id = ? AND task_id = ?`, *in.ReportID, *in.TaskID); err != nil {
				return err
			}
			if n == 0 {
				return dondoc.Invalid("report_id", "Báo cáo không thuộc nhiệm vụ này.", "The report does not belong to the task.")
			}
		}
		uid, err := tx.requireUser()
		if err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO escalations (task_id, report_id, from_unit_id, to_unit_id, subject, body, response_due, status,
			raised_by, raised_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.TaskID, in.ReportID, in.FromUnitID, in.ToUnitID,
			in.Subject, in.Text, string(in.ResponseDue), string(dondoc.EscalationOpen), uid, string(today), tx.now)
		if err != nil {
			return err
		}
		if in.TaskID != nil {
			if err := tx.event(*in.TaskID, "escalation_raised", in.Subject, map[string]any{"escalation_id": id,
				"to_unit_id": in.ToUnitID, "response_due": in.ResponseDue}); err != nil {
				return err
			}
		}
		if err := tx.notifyEscalationRaised(in); err != nil {
			return err
		}
		return tx.audit("escalation.raise", "escalation", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.GetEscalation(ctx, id)
}

// GetEscalation returns an escalation raised by or addressed to a unit in the caller's scope, with
// the days it has waited.
func (db *DB) GetEscalation(ctx context.Context, id int64) (*dondoc.Escalation, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := escalationScope(a)
	var row escalationRow
	if err := db.get(ctx, "escalation", &row, `SELECT `+escalationColumns+` FROM escalations e WHERE e.id = ? AND `+cond,
		append([]any{id}, args...)...); err != nil {
		return nil, err
	}
	e := row.escalation(db.today())
	return &e, nil
}

// ListEscalations lists escalations in the caller's scope, newest first, one keyset page at a time.
func (db *DB) ListEscalations(ctx context.Context, status dondoc.EscalationStatus, cursor string, limit int) (*dondoc.Page[dondoc.Escalation], error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	limit = dondoc.PageSize(limit)
	cond, args := escalationScope(a)
	where := []string{cond}
	if status != "" {
		if !status.Valid() {
			return nil, dondoc.Invalid("status", "Trạng thái kiến nghị không hợp lệ.", "Unknown escalation status.")
		}
		where = append(where, "e.status = ?")
		args = append(args, string(status))
	}
	if cursor != "" {
		_, after, err := decodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		where = append(where, "e.id < ?")
		args = append(args, after)
	}
	args = append(args, limit+1)
	var rows []escalationRow
	if err := db.sel(ctx, &rows, `SELECT `+escalationColumns+` FROM escalations e WHERE `+strings.Join(where, " AND ")+
		` ORDER BY e.id DESC LIMIT ?`, args...); err != nil {
		return nil, err
	}
	page := &dondoc.Page[dondoc.Escalation]{Items: make([]dondoc.Escalation, 0, len(rows))}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextCursor = encodeCursor("e", rows[limit-1].ID)
	}
	today := db.today()
	for i := range rows {
		page.Items = append(page.Items, rows[i].escalation(today))
	}
	return page, nil
}

// lockedEscalation is an escalation loaded for change, with the unit paths its permission rules
// need.
type lockedEscalation struct {
	escalationRow
	FromPath string `db:"from_path"`
	ToPath   string `db:"to_path"`
}

// lockEscalation loads an escalation for change inside a write transaction, applying the actor's
// scope so that one outside it is not found rather than forbidden.
func (tx *Tx) lockEscalation(id int64) (*lockedEscalation, error) {
	cond, args := escalationScope(tx.actor)
	var e lockedEscalation
	err := tx.get("escalation", &e, `SELECT `+escalationColumns+`, fu.path AS from_path, tu.path AS to_path FROM escalations e
		JOIN units fu ON fu.id = e.from_unit_id JOIN units tu ON tu.id = e.to_unit_id WHERE e.id = ? AND `+cond, append([]any{id}, args...)...)
	return &e, err
}

// AnswerEscalation records a leader's direction on an open escalation. The direction may create
// tasks, which remember the escalation as their source, and may give the escalated task a new
// deadline, which does not count toward its extension limit.
func (db *DB) AnswerEscalation(ctx context.Context, id, version int64, in dondoc.DirectionInput) (*dondoc.Escalation, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.lockEscalation(id)
		if err != nil {
			return err
		}
		if err := dondoc.CheckEscalationStep(dondoc.EscalationStatus(e.Status), dondoc.EscalationAnswered); err != nil {
			return err
		}
		if !dondoc.CanAnswerEscalation(tx.actor, e.ToPath) {
			return dondoc.Forbidden("Chỉ lãnh đạo của nơi nhận kiến nghị được cho ý kiến chỉ đạo.", "Only a leader of the addressed body may answer.")
		}
		if e.Version != version {
			return dondoc.Stale()
		}
		if in.NewDeadline != "" && e.TaskID == nil {
			return dondoc.Invalid("new_deadline", "Kiến nghị không gắn với nhiệm vụ nên không có hạn để thay đổi.",
				"The escalation has no task whose deadline could change.")
		}
		uid, err := tx.requireUser()
		if err != nil {
			return err
		}
		if err := tx.bumpVersion("escalations", id, version); err != nil {
			return err
		}
		today := dondoc.Today(tx.now)
		if _, err := tx.exec(`UPDATE escalations SET status = ?, direction = ?, answered_by = ?, answered_on = ? WHERE id = ?`,
			string(dondoc.EscalationAnswered), in.Direction, uid, string(today), id); err != nil {
			return err
		}
		if err := tx.notifyEscalationAnswered(e, in.Direction); err != nil {
			return err
		}
		newTasks := make([]int64, 0, len(in.NewTasks))
		for i, t := range in.NewTasks {
			tid, err := tx.createTask(t, "escalation", &id)
			if err != nil {
				return prefixField(err, "new_tasks["+itoa(i)+"]")
			}
			newTasks = append(newTasks, tid)
		}
		if e.TaskID != nil {
			if in.NewDeadline != "" {
				if err := tx.redirectDeadline(*e.TaskID, in.NewDeadline, id); err != nil {
					return err
				}
			}
			if err := tx.event(*e.TaskID, "escalation_answered", in.Direction, map[string]any{"escalation_id": id, "new_task_ids": newTasks}); err != nil {
				return err
			}
		}
		return tx.audit("escalation.answer", "escalation", id, map[string]any{"status": e.Status},
			map[string]any{"status": dondoc.EscalationAnswered, "direction": in.Direction, "new_task_ids": newTasks, "new_deadline": in.NewDeadline})
	})
	if err != nil {
		return nil, err
	}
	return db.GetEscalation(ctx, id)
}

// redirectDeadline gives an escalated task the new deadline a direction sets. The leader must be
// able to see the task, and the task must still be running.
func (tx *Tx) redirectDeadline(taskID int64, to dondoc.Date, escalationID int64) error {
	r, _, err := tx.lockTask(taskID)
	if dondoc.IsCode(err, dondoc.ENotFound) {
		return dondoc.Forbidden("Bạn không có quyền đổi hạn nhiệm vụ này.", "You may not change this task's deadline.")
	}
	if err != nil {
		return err
	}
	if err := dondoc.CheckExtendable(dondoc.Status(r.Status)); err != nil {
		return err
	}
	return tx.moveDeadline(r, to, false, "deadline_changed", "", map[string]any{"escalation_id": escalationID})
}

// CloseEscalation closes an answered escalation once the raising side considers it resolved.
func (db *DB) CloseEscalation(ctx context.Context, id, version int64) (*dondoc.Escalation, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.lockEscalation(id)
		if err != nil {
			return err
		}
		if err := dondoc.CheckEscalationStep(dondoc.EscalationStatus(e.Status), dondoc.EscalationClosed); err != nil {
			return err
		}
		if !dondoc.CanCloseEscalation(tx.actor, e.FromPath) {
			return dondoc.Forbidden("Chỉ đơn vị đã kiến nghị được đóng kiến nghị.", "Only the raising unit may close the escalation.")
		}
		if e.Version != version {
			return dondoc.Stale()
		}
		if err := tx.bumpVersion("escalations", id, version); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE escalations SET status = ? WHERE id = ?`, string(dondoc.EscalationClosed), id); err != nil {
			return err
		}
		if e.TaskID != nil {
			if err := tx.event(*e.TaskID, "escalation_closed", "", map[string]any{"escalation_id": id}); err != nil {
				return err
			}
		}
		return tx.audit("escalation.close", "escalation", id, map[string]any{"status": e.Status}, map[string]any{"status": dondoc.EscalationClosed})
	})
	if err != nil {
		return nil, err
	}
	return db.GetEscalation(ctx, id)
}

// visitRow is the stored shape of a field visit.
type visitRow struct {
	ID        int64     `db:"id"`
	LeaderID  int64     `db:"leader_person_id"`
	PostID    *int64    `db:"post_id"`
	Area      string    `db:"area"`
	Date      string    `db:"visit_date"`
	Summary   string    `db:"summary"`
	Version   int64     `db:"version"`
	CreatedAt time.Time `db:"created_at"`
}

const visitColumns = `v.id, v.leader_person_id, v.post_id, v.area, v.visit_date, v.summary, v.version, v.created_at`

// visitScope limits field visits to those that went to at least one unit in the actor's subtrees.
func visitScope(a *dondoc.Actor) (string, []any) {
	cond, args := scopeCondition(a, "fu.unit_id")
	return `EXISTS (SELECT 1 FROM field_visit_units fu WHERE fu.visit_id = v.id AND ` + cond + `)`, args
}

// RecordFieldVisit records a leader's visit to units in their area with its findings, which later
// become tasks one by one.
func (db *DB) RecordFieldVisit(ctx context.Context, in dondoc.FieldVisitInput) (*dondoc.FieldVisit, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.get("person", &n, `SELECT COUNT(*) FROM people WHERE id = ?`, in.LeaderID); err != nil {
			return err
		}
		if n == 0 {
			return dondoc.Invalid("leader_person_id", "Cán bộ không tồn tại.", "Unknown person.")
		}
		if in.PostID != nil {
			if err := tx.get("post", &n, `SELECT COUNT(*) FROM posts WHERE id = ?`, *in.PostID); err != nil {
				return err
			}
			if n == 0 {
				return dondoc.Invalid("post_id", "Chức vụ không tồn tại.", "Unknown post.")
			}
		}
		paths := make([]string, len(in.UnitIDs))
		for i, u := range in.UnitIDs {
			p, err := tx.unitPath("unit_ids["+itoa(i)+"]", u)
			if err != nil {
				return err
			}
			paths[i] = p
		}
		if !dondoc.CanRecordFieldVisit(tx.actor, paths) {
			return dondoc.Forbidden("Chỉ lãnh đạo hoặc văn phòng phụ trách các đơn vị này được ghi nhận chuyến đi cơ sở.",
				"Only leaders or the office over these units may record the visit.")
		}
		var err error
		id, err = tx.insert(`INSERT INTO field_visits (leader_person_id, post_id, area, visit_date, summary, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, in.LeaderID, in.PostID, in.Area, string(in.Date), in.Summary, tx.actorID(), tx.now)
		if err != nil {
			return err
		}
		for _, u := range in.UnitIDs {
			if _, err := tx.exec(`INSERT INTO field_visit_units (visit_id, unit_id) VALUES (?, ?)`, id, u); err != nil {
				return err
			}
		}
		for _, f := range in.Findings {
			if _, err := tx.insert(`INSERT INTO findings (visit_id, body) VALUES (?, ?)`, id, f); err != nil {
				return err
			}
		}
		return tx.audit("field_visit.record", "field_visit", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.GetFieldVisit(ctx, id)
}

// GetFieldVisit returns a visit to at least one unit in the caller's scope, with its units and
// findings.
func (db *DB) GetFieldVisit(ctx context.Context, id int64) (*dondoc.FieldVisit, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := visitScope(a)
	var row visitRow
	if err := db.get(ctx, "field visit", &row, `SELECT `+visitColumns+` FROM field_visits v WHERE v.id = ? AND `+cond,
		append([]any{id}, args...)...); err != nil {
		return nil, err
	}
	visits, err := db.fillVisits(ctx, []visitRow{row})
	if err != nil {
		return nil, err
	}
	return &visits[0], nil
}

// ListFieldVisits lists visits in the caller's scope, newest first, one keyset page at a time.
func (db *DB) ListFieldVisits(ctx context.Context, cursor string, limit int) (*dondoc.Page[dondoc.FieldVisit], error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	limit = dondoc.PageSize(limit)
	cond, args := visitScope(a)
	where := []string{cond}
	if cursor != "" {
		_, after, err := decodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		where = append(where, "v.id < ?")
		args = append(args, after)
	}
	args = append(args, limit+1)
	var rows []visitRow
	if err := db.sel(ctx, &rows, `SELECT `+visitColumns+` FROM field_visits v WHERE `+strings.Join(where, " AND ")+
		` ORDER BY v.id DESC LIMIT ?`, args...); err != nil {
		return nil, err
	}
	page := &dondoc.Page[dondoc.FieldVisit]{}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextCursor = encodeCursor("v", rows[limit-1].ID)
	}
	if page.Items, err = db.fillVisits(ctx, rows); err != nil {
		return nil, err
	}
	return page, nil
}

// fillVisits turns rows into visits with their units and findings, in two queries for the page.
func (db *DB) fillVisits(ctx context.Context, rows []visitRow) ([]dondoc.FieldVisit, error) {
	out := make([]dondoc.FieldVisit, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int64, len(rows))
	byID := make(map[int64]*dondoc.FieldVisit, len(rows))
	for i, r := range rows {
		out[i] = dondoc.FieldVisit{ID: r.ID, LeaderID: r.LeaderID, PostID: r.PostID, Area: r.Area, Date: dondoc.Date(r.Date),
			Summary: r.Summary, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UnitIDs: []int64{}, Findings: []dondoc.Finding{}}
		ids[i] = r.ID
		byID[r.ID] = &out[i]
	}
	q, args, err := sqlx.In(`SELECT visit_id, unit_id FROM field_visit_units WHERE visit_id IN (?) ORDER BY visit_id, unit_id`, ids)
	if err != nil {
		return nil, err
	}
	var units []struct {
		VisitID int64 `db:"visit_id"`
		UnitID  int64 `db:"unit_id"`
	}
	if err := db.sel(ctx, &units, q, args...); err != nil {
		return nil, err
	}
	for _, u := range units {
		v := byID[u.VisitID]
		v.UnitIDs = append(v.UnitIDs, u.UnitID)
	}
	q, args, err = sqlx.In(`SELECT id, visit_id, body, task_id FROM findings WHERE visit_id IN (?) ORDER BY visit_id, id`, ids)
	if err != nil {
		return nil, err
	}
	var findings []struct {
		ID      int64  `db:"id"`
		VisitID int64  `db:"visit_id"`
		Body    string `db:"body"`
		TaskID  *int64 `db:"task_id"`
	}
	if err := db.sel(ctx, &findings, q, args...); err != nil {
		return nil, err
	}
	for _, f := range findings {
		v := byID[f.VisitID]
		v.Findings = append(v.Findings, dondoc.Finding{ID: f.ID, Text: f.Body, TaskID: f.TaskID})
	}
	return out, nil
}

// FindingToTask turns one finding of a visible visit into a task whose source is the visit, and
// links the finding to it; a finding becomes a task only once. A task without text takes the
// finding's words, so that the conclusion travels with the work.
func (db *DB) FindingToTask(ctx context.Context, visitID, findingID int64, in dondoc.TaskInput) (*dondoc.Task, error) {
	var taskID int64
	err := db.inTx(ctx, func(tx *Tx) error {
		cond, args := visitScope(tx.actor)
		var n int
		if err := tx.get("field visit", &n, `SELECT COUNT(*) FROM field_visits v WHERE v.id = ? AND `+cond, append([]any{visitID}, args...)...); err != nil {
			return err
		}
		if n == 0 {
			return dondoc.NotFound("field visit")
		}
		var f struct {
			Body   string `db:"body"`
			TaskID *int64 `db:"task_id"`
		}
		if err := tx.get("finding", &f, `SELECT body, task_id FROM findings WHERE id = ? AND visit_id = ?`, findingID, visitID); err != nil {
			if dondoc.IsCode(err, dondoc.ENotFound) {
				return dondoc.Errorf(dondoc.ENotFound, "", "Không tìm thấy kết luận.", "finding not found.")
			}
			return err
		}
		if f.TaskID != nil {
			return dondoc.Conflict("Kết luận này đã được chuyển thành nhiệm vụ.", "This finding has already become a task.")
		}
		if in.Text == "" {
			in.Text = f.Body
		}
		var err error
		taskID, err = tx.createTask(in, "field_visit", &visitID)
		if err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE findings SET task_id = ? WHERE id = ? AND task_id IS NULL`, taskID, findingID)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil {
			return err
		} else if k == 0 {
			return dondoc.Conflict("Kết luận này đã được chuyển thành nhiệm vụ.", "This finding has already become a task.")
		}
		if err := tx.event(taskID, "from_finding", f.Body, map[string]any{"visit_id": visitID, "finding_id": findingID}); err != nil {
			return err
		}
		return tx.audit("finding.to_task", "finding", findingID, nil, map[string]any{"visit_id": visitID, "task_id": taskID})
	})
	if err != nil {
		return nil, err
	}
	return db.GetTask(ctx, taskID)
}

// The storage layer serves the whole workflow interface; the compiler checks it here.
var _ dondoc.WorkflowService = (*DB)(nil)

package sqldb

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"dondoc"
)

// ladderKey is the settings key of the reminder ladder.
const ladderKey = "reminder_ladder"

// lastScanKey is the settings key of the last day the reminder scan recorded, so that a scan
// after an outage catches up the overdue steps of the working days it missed.
const lastScanKey = "reminder_last_scan"

// maxCatchUp bounds how far back a scan catches up after an outage, in days.
const maxCatchUp = 31

// scanBatch is how many rows the daily scan reads and writes at a time: enough to amortise each
// round trip, few enough that memory stays flat however many tasks there are.
const scanBatch = 1000

// ReminderLadder returns the ladder in force: the stored setting, or the default ladder at version
// 1 until one is stored. Only administrators and offices read it.
func (db *DB) ReminderLadder(ctx context.Context) (*dondoc.LadderSetting, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !dondoc.CanManageReminders(a) {
		return nil, dondoc.Errorf(dondoc.ENotFound, "", "Không tìm thấy thiết lập.", "setting not found.")
	}
	return db.ladder(ctx)
}

func (db *DB) ladder(ctx context.Context) (*dondoc.LadderSetting, error) {
	l, version, err := storedSetting(ctx, db, ladderKey, dondoc.DefaultLadder())
	if err != nil {
		return nil, err
	}
	if l.BeforeDays == nil {
		l.BeforeDays = []int{}
	}
	return &dondoc.LadderSetting{Ladder: l, Version: version}, nil
}

// SetReminderLadder validates a ladder and stores it over the version the caller read, with an
// audit row; a ladder changed meanwhile is refused as stale.
func (db *DB) SetReminderLadder(ctx context.Context, version int64, l dondoc.Ladder) (*dondoc.LadderSetting, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !dondoc.CanManageReminders(a) {
		return nil, dondoc.Forbidden("Chỉ quản trị viên và văn phòng được sửa thang nhắc việc.",
			"Only administrators and offices may change the reminder ladder.")
	}
	if l.BeforeDays == nil {
		l.BeforeDays = []int{}
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	if err := db.putSetting(ctx, ladderKey, version, l); err != nil {
		return nil, err
	}
	return db.ladder(ctx)
}

// PlannedReminder is one reminder the daily scan calls for, addressed to one user.
type PlannedReminder struct {
	Kind         dondoc.ReminderKind `json:"kind"`
	TaskID       *int64              `json:"task_id"`
	EscalationID *int64              `json:"escalation_id"`
	Period       string              `json:"period,omitempty"`
	Step         int                 `json:"step"`
	On           dondoc.Date         `json:"on"`
	UserID       int64               `json:"user_id"`
	Username     string              `json:"username"`
	Title        string              `json:"title"`
	Role         dondoc.Role         `json:"role"`
}

// ScanResult counts what a scan did.
type ScanResult struct {
	// Planned is how many reminders the ladder called for.
	Planned int `json:"planned"`
	// Written is how many of them were new; a second scan of the same day writes none.
	Written int `json:"written"`
}

// Scan runs the daily reminder scan for day today: it walks open tasks, recurring obligations,
// pending extension requests and open escalations in keyset batches, applies the ladder, finds the
// recipients by their grants, and records each reminder once. On a day off it does nothing: the
// next working day's scan covers the days off (see dondoc.DueOnWorkingDay), and after an outage
// of up to a month it also catches up the overdue steps of the working days no scan recorded.
// Only the system and administrators run it.
func (db *DB) Scan(ctx context.Context, today dondoc.Date) (ScanResult, error) {
	var res ScanResult
	// Reminders are written a few thousand at a time, each lot in one transaction, by a writer
	// that runs alongside the walk: a commit per batch of source rows would cost a synchronous
	// flush hundreds of times over a million tasks, and writing while the next rows are read
	// overlaps the two halves of the scan. The lots in flight are bounded, so memory stays flat.
	lots := make(chan []PlannedReminder, 1)
	var failed atomic.Bool
	var writeErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		for lot := range lots {
			if writeErr != nil {
				continue
			}
			writeErr = db.inTx(ctx, func(tx *Tx) error {
				written := 0
				for start := 0; start < len(lot); start += insertRows {
					n, err := tx.insertReminders(lot[start:min(start+insertRows, len(lot))])
					if err != nil {
						return err
					}
					written += n
				}
				res.Written += written
				if written == 0 {
					return nil
				}
				return tx.audit("reminder.scan", "reminder", 0, nil, map[string]any{"day": today, "written": written})
			})
			failed.Store(writeErr != nil)
		}
	})
	var pending []PlannedReminder
	err := db.walkReminders(ctx, today, func(batch []PlannedReminder) error {
		if failed.Load() {
			return errScanWrite
		}
		res.Planned += len(batch)
		pending = append(pending, batch...)
		if len(pending) >= flushRows {
			lots <- pending
			pending = nil
		}
		return nil
	})
	if err == nil && len(pending) > 0 {
		lots <- pending
	}
	close(lots)
	wg.Wait()
	if writeErr != nil {
		err = writeErr
	}
	if err != nil || !db.isWorkingDay(today) {
		return res, err
	}
	// The day is recorded only once every batch is in, and never moves backwards, so that a scan
	// cut short is caught up by the next one.
	err = db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO settings (key, value, version, updated_at) VALUES (?, ?, 1, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = settings.version + 1, updated_at = excluded.updated_at
			WHERE settings.value < excluded.value`, lastScanKey, string(today), tx.now)
		return err
	})
	return res, err
}

// flushRows is how many reminders the scan gathers before it writes them in one transaction.
const flushRows = 5000

// errScanWrite stops the walk of a scan whose writer failed; the writer's error is returned.
var errScanWrite = errors.New("reminder scan: writing failed")

// insertRows is how many reminders one INSERT writes: a statement per row costs a round trip
// each on PostgreSQL, which over the hundred thousand reminders of a busy day is most of the scan.
const insertRows = 500

// insertReminders records reminders that are not yet recorded, in one statement, and returns how
// many were new.
func (tx *Tx) insertReminders(rows []PlannedReminder) (int, error) {
	var q strings.Builder
	q.WriteString(`INSERT INTO reminders (task_id, escalation_id, kind, period, step, recipient_user_id, due_on, created_at) VALUES `)
	args := make([]any, 0, 8*len(rows))
	for i, p := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, p.TaskID, p.EscalationID, string(p.Kind), p.Period, p.Step, p.UserID, string(p.On), tx.now)
	}
	q.WriteString(" ON CONFLICT DO NOTHING")
	r, err := tx.exec(q.String(), args...)
	if err != nil {
		return 0, err
	}
	n, err := r.RowsAffected()
	return int(n), err
}

// PlanReminders calls fn with the reminders the scan of day today would record, in batches,
// writing nothing: what `dondoc remind --dry-run` prints.
func (db *DB) PlanReminders(ctx context.Context, today dondoc.Date, fn func([]PlannedReminder) error) error {
	return db.walkReminders(ctx, today, fn)
}

// scanTaskRow is what the scan reads of a task.
type scanTaskRow struct {
	recurringRow
	DueOn  string `db:"due_on"`
	Status string `db:"status"`
}

// walkReminders is the scan without its writes: it hands fn the reminders due, one batch of
// source rows at a time.
func (db *DB) walkReminders(ctx context.Context, today dondoc.Date, fn func([]PlannedReminder) error) error {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return err
	}
	if !a.System && !a.HasRole("", dondoc.RoleAdmin) {
		return dondoc.Forbidden("Chỉ quản trị viên được chạy quét nhắc việc.", "Only administrators may run the reminder scan.")
	}
	if !today.Valid() {
		return dondoc.Invalid("date", "Ngày phải có dạng YYYY-MM-DD.", "date must be YYYY-MM-DD.")
	}
	if !db.isWorkingDay(today) {
		return nil
	}
	setting, err := db.ladder(ctx)
	if err != nil {
		return err
	}
	s := &scanner{db: db, ctx: ctx, ladder: setting.Ladder, today: today, resolver: newResolver(
		func(dest any, q string, args ...any) error { return db.sel(ctx, dest, q, args...) })}
	s.prev, s.next = db.adjacentWorkingDays(today)
	var last []string
	if err := db.sel(ctx, &last, `SELECT value FROM settings WHERE key = ?`, lastScanKey); err != nil {
		return err
	}
	if len(last) == 1 {
		if d := dondoc.Date(last[0]); d.Valid() && d < s.prev && d >= today.AddDays(-maxCatchUp) {
			s.prev = d
		}
	}
	maxBefore := 0
	for _, d := range s.ladder.BeforeDays {
		maxBefore = max(maxBefore, d)
	}
	// A task can have a step in this scan's window only if it is due before the window's end plus
	// the longest step before a deadline; recurring tasks (due NoDate) and completion requests
	// are always looked at.
	horizon := string(s.next.AddDays(maxBefore))
	for after := int64(0); ; {
		var rows []scanTaskRow
		if err := db.sel(ctx, &rows, `SELECT t.id, t.title, t.lead_unit_id, t.assigner_unit_id, t.deadline, t.created_at, t.due_on, t.status
			FROM tasks t WHERE t.status IN ('assigned','in_progress','completion_requested') AND t.id > ?
			AND (t.due_on <= ? OR t.due_on = ? OR t.status = 'completion_requested') ORDER BY t.id LIMIT ?`,
			after, horizon, string(dondoc.NoDate), scanBatch); err != nil {
			return err
		}
		if len(rows) == 0 {
			break
		}
		after = rows[len(rows)-1].ID
		batch, err := s.tasks(rows)
		if err != nil {
			return err
		}
		if err := fn(batch); err != nil {
			return err
		}
	}
	for after := int64(0); ; {
		var rows []struct {
			ID             int64     `db:"id"`
			TaskID         int64     `db:"task_id"`
			CreatedAt      time.Time `db:"created_at"`
			Title          string    `db:"title"`
			LeadUnitID     int64     `db:"lead_unit_id"`
			AssignerUnitID int64     `db:"assigner_unit_id"`
		}
		if err := db.sel(ctx, &rows, `SELECT x.id, x.task_id, x.created_at, t.title, t.lead_unit_id, t.assigner_unit_id
			FROM extensions x JOIN tasks t ON t.id = x.task_id
			WHERE x.status = 'pending' AND t.status IN ('assigned','in_progress','completion_requested') AND x.id > ? ORDER BY x.id LIMIT ?`,
			after, scanBatch); err != nil {
			return err
		}
		if len(rows) == 0 {
			break
		}
		after = rows[len(rows)-1].ID
		var batch []PlannedReminder
		for _, r := range rows {
			units := map[dondoc.UnitSide]int64{dondoc.SideLead: r.LeadUnitID, dondoc.SideAssigner: r.AssignerUnitID}
			f := dondoc.ReminderFacts{Kind: dondoc.ReminderExtension, Due: dondoc.DateOf(r.CreatedAt)}
			id := r.TaskID
			if batch, err = s.plan(batch, f, units, &id, nil, "", r.Title); err != nil {
				return err
			}
		}
		if err := fn(batch); err != nil {
			return err
		}
	}
	for after := int64(0); ; {
		var rows []struct {
			ID          int64  `db:"id"`
			TaskID      *int64 `db:"task_id"`
			ToUnitID    int64  `db:"to_unit_id"`
			Subject     string `db:"subject"`
			ResponseDue string `db:"response_due"`
		}
		if err := db.sel(ctx, &rows, `SELECT id, task_id, to_unit_id, subject, response_due FROM escalations
			WHERE status = 'open' AND response_due < ? AND id > ? ORDER BY id LIMIT ?`, string(s.next), after, scanBatch); err != nil {
			return err
		}
		if len(rows) == 0 {
			break
		}
		after = rows[len(rows)-1].ID
		var batch []PlannedReminder
		for _, r := range rows {
			units := map[dondoc.UnitSide]int64{dondoc.SideTarget: r.ToUnitID}
			f := dondoc.ReminderFacts{Kind: dondoc.ReminderEscalation, Due: dondoc.Date(r.ResponseDue)}
			id := r.ID
			if batch, err = s.plan(batch, f, units, r.TaskID, &id, "", r.Subject); err != nil {
				return err
			}
		}
		if err := fn(batch); err != nil {
			return err
		}
	}
	return nil
}

// adjacentWorkingDays returns the last working day before today and the first after it, looking
// at most a month each way (no run of days off is longer).
func (db *DB) adjacentWorkingDays(today dondoc.Date) (prev, next dondoc.Date) {
	prev, next = today.AddDays(-1), today.AddDays(1)
	for i := 0; i < 31 && !db.isWorkingDay(prev); i++ {
		prev = prev.AddDays(-1)
	}
	for i := 0; i < 31 && !db.isWorkingDay(next); i++ {
		next = next.AddDays(1)
	}
	return prev, next
}

// scanner carries one scan's ladder, window and cache of recipients, which is bounded by the
// number of units and roles, not tasks.
type scanner struct {
	db                *DB
	ctx               context.Context
	ladder            dondoc.Ladder
	prev, today, next dondoc.Date
	*resolver
}

type recipientKey struct {
	role  dondoc.Role
	unit  int64
	exact bool
}

type userRef struct {
	ID       int64  `db:"id"`
	Username string `db:"username"`
}

// tasks plans the reminders of one batch of open tasks: deadlines in force, the next report of
// recurring obligations, and completion requests waiting for the assigning side.
func (s *scanner) tasks(rows []scanTaskRow) ([]PlannedReminder, error) {
	var recurring []recurringRow
	var waiting []int64
	for _, r := range rows {
		if r.DueOn == string(dondoc.NoDate) {
			recurring = append(recurring, r.recurringRow)
		}
		if r.Status == string(dondoc.StatusCompletionRequested) {
			waiting = append(waiting, r.ID)
		}
	}
	obligations, err := s.db.nextObligations(s.ctx, recurring, s.today)
	if err != nil {
		return nil, err
	}
	requested, err := s.requestedOn(waiting)
	if err != nil {
		return nil, err
	}
	var out []PlannedReminder
	for _, r := range rows {
		id := r.ID
		units := map[dondoc.UnitSide]int64{dondoc.SideLead: r.LeadUnitID, dondoc.SideAssigner: r.AssignerUnitID}
		if r.DueOn != string(dondoc.NoDate) && r.Status != string(dondoc.StatusCompletionRequested) {
			f := dondoc.ReminderFacts{Kind: dondoc.ReminderTask, Due: dondoc.Date(r.DueOn)}
			if out, err = s.plan(out, f, units, &id, nil, "", r.Title); err != nil {
				return nil, err
			}
		}
		if o, ok := obligations[r.ID]; ok {
			f := dondoc.ReminderFacts{Kind: dondoc.ReminderReport, Due: o.Due}
			if out, err = s.plan(out, f, units, &id, nil, o.Period, r.Title); err != nil {
				return nil, err
			}
		}
		if on, ok := requested[r.ID]; ok {
			f := dondoc.ReminderFacts{Kind: dondoc.ReminderConfirmation, Due: on}
			if out, err = s.plan(out, f, units, &id, nil, "", r.Title); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// requestedOn finds the day of the latest completion request of each task.
func (s *scanner) requestedOn(ids []int64) (map[int64]dondoc.Date, error) {
	out := map[int64]dondoc.Date{}
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT task_id, at FROM task_events WHERE kind = ? AND task_id IN (?) ORDER BY id`,
		string(dondoc.ActionRequestCompletion), ids)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		TaskID int64     `db:"task_id"`
		At     time.Time `db:"at"`
	}
	if err := s.db.sel(s.ctx, &rows, q, args...); err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.TaskID] = dondoc.DateOf(r.At)
	}
	return out, nil
}

// plan appends the reminders the ladder calls for about one piece of work, one per recipient.
func (s *scanner) plan(out []PlannedReminder, f dondoc.ReminderFacts, units map[dondoc.UnitSide]int64, taskID, escalationID *int64,
	period, title string) ([]PlannedReminder, error) {
	for _, due := range dondoc.DueOnWorkingDay(s.ladder, f, s.prev, s.today, s.next) {
		err := s.resolve(units, due.Recipients, 0, func(u userRef, who dondoc.Addressee) {
			out = append(out, PlannedReminder{Kind: due.Kind, TaskID: taskID, EscalationID: escalationID, Period: period,
				Step: due.Step, On: due.On, UserID: u.ID, Username: u.Username, Title: title, Role: who.Role})
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// resolver finds the people an Addressee designates: the enabled users holding its role on the
// unit of its side, or on that unit or any unit above it. It is the one rule for who is told,
// shared by the daily scan and by the notifications a change writes in its own transaction, and it
// caches what it has looked up, which is bounded by the number of units and roles.
type resolver struct {
	sel        func(dest any, q string, args ...any) error
	recipients map[recipientKey][]userRef
	paths      map[int64]string
}

// newResolver returns a resolver that reads with sel: the read pool for the scan, the
// transaction for a change.
func newResolver(sel func(dest any, q string, args ...any) error) *resolver {
	return &resolver{sel: sel, recipients: map[recipientKey][]userRef{}, paths: map[int64]string{}}
}

// resolve calls fn once per user the addressees designate on units (a map from side to unit; a
// side missing from it designates nobody), in the order of the addressees, each user once, the
// user skip (the one who made the change; 0 for none) never.
func (r *resolver) resolve(units map[dondoc.UnitSide]int64, who []dondoc.Addressee, skip int64, fn func(u userRef, who dondoc.Addressee)) error {
	seen := map[int64]bool{skip: skip != 0}
	for _, w := range who {
		unit, ok := units[w.Side]
		if !ok {
			continue
		}
		users, err := r.users(recipientKey{role: w.Role, unit: unit, exact: w.Exact})
		if err != nil {
			return err
		}
		for _, u := range users {
			if seen[u.ID] {
				continue
			}
			seen[u.ID] = true
			fn(u, w)
		}
	}
	return nil
}

// users returns the enabled users holding a role on a unit, or on the unit or any unit above it.
func (r *resolver) users(k recipientKey) ([]userRef, error) {
	if u, ok := r.recipients[k]; ok {
		return u, nil
	}
	units := []int64{k.unit}
	if !k.exact {
		path, ok := r.paths[k.unit]
		if !ok {
			var found []string
			if err := r.sel(&found, `SELECT path FROM units WHERE id = ?`, k.unit); err != nil {
				return nil, err
			}
			if len(found) == 0 {
				return nil, dondoc.NotFound("unit")
			}
			path = found[0]
			r.paths[k.unit] = path
		}
		units = units[:0]
		for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
			if id, err := strconv.ParseInt(p, 10, 64); err == nil {
				units = append(units, id)
			}
		}
		if len(units) == 0 {
			units = []int64{k.unit}
		}
	}
	q, args, err := sqlx.In(`SELECT DISTINCT u.id, u.username FROM grants g JOIN users u ON u.id = g.user_id
		WHERE g.role = ? AND g.unit_id IN (?) AND NOT u.disabled ORDER BY u.id`, string(k.role), units)
	if err != nil {
		return nil, err
	}
	var users []userRef
	if err := r.sel(&users, q, args...); err != nil {
		return nil, err
	}
	r.recipients[k] = users
	return users, nil
}

// reminderRow is the stored shape of a reminder with the title of what it chases.
type reminderRow struct {
	ID           int64      `db:"id"`
	Kind         string     `db:"kind"`
	TaskID       *int64     `db:"task_id"`
	EscalationID *int64     `db:"escalation_id"`
	Period       string     `db:"period"`
	Step         int        `db:"step"`
	RecipientID  int64      `db:"recipient_user_id"`
	DueOn        string     `db:"due_on"`
	Title        string     `db:"title"`
	SentAt       *time.Time `db:"sent_at"`
}

const reminderSelect = `SELECT r.id, r.kind, r.task_id, r.escalation_id, r.period, r.step, r.recipient_user_id, r.due_on, r.sent_at,
	COALESCE(e.subject, t.title, '') AS title
	FROM reminders r LEFT JOIN tasks t ON t.id = r.task_id LEFT JOIN escalations e ON e.id = r.escalation_id`

func (r reminderRow) reminder() dondoc.Reminder {
	out := dondoc.Reminder{ID: r.ID, Kind: dondoc.ReminderKind(r.Kind), TaskID: r.TaskID, EscalationID: r.EscalationID,
		Period: r.Period, Step: r.Step, RecipientID: r.RecipientID, DueOn: dondoc.Date(r.DueOn), Title: r.Title}
	if r.SentAt != nil {
		t := r.SentAt.UTC()
		out.SentAt = &t
	}
	return out
}

// requireScanner checks that the caller runs the reminder machinery: the system or an
// administrator.
func requireScanner(ctx context.Context) error {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return err
	}
	if !a.System && !a.HasRole("", dondoc.RoleAdmin) {
		return dondoc.Forbidden("Chỉ quản trị viên được xem hàng đợi nhắc việc.", "Only administrators may read the reminder queue.")
	}
	return nil
}

// PendingReminders returns up to limit reminders not yet sent, oldest first, for the channels to
// deliver.
func (db *DB) PendingReminders(ctx context.Context, limit int) ([]dondoc.Reminder, error) {
	if err := requireScanner(ctx); err != nil {
		return nil, err
	}
	var rows []reminderRow
	if err := db.sel(ctx, &rows, reminderSelect+` WHERE r.sent_at IS NULL ORDER BY r.id LIMIT ?`, dondoc.PageSize(limit)); err != nil {
		return nil, err
	}
	out := make([]dondoc.Reminder, len(rows))
	for i, r := range rows {
		out[i] = r.reminder()
	}
	return out, nil
}

// MarkSent records that reminders were delivered, once: a reminder already marked keeps its first
// time. It returns how many were newly marked.
func (db *DB) MarkSent(ctx context.Context, ids []int64) (int, error) {
	if err := requireScanner(ctx); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	var marked int
	err := db.inTx(ctx, func(tx *Tx) error {
		q, args, err := sqlx.In(`UPDATE reminders SET sent_at = ? WHERE sent_at IS NULL AND id IN (?)`, tx.now, ids)
		if err != nil {
			return err
		}
		res, err := tx.exec(q, args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		marked = int(n)
		if marked == 0 {
			return nil
		}
		return tx.audit("reminder.sent", "reminder", 0, nil, map[string]any{"ids": ids, "marked": marked})
	})
	return marked, err
}

// Digest gathers one user's reminders pending on day into one message, so that each person gets
// one letter a day: those not sent that fell due that day or earlier, and those that fall on the
// days off after it, which the scan of day called for early.
func (db *DB) Digest(ctx context.Context, userID int64, day dondoc.Date) (*dondoc.Digest, error) {
	if err := requireScanner(ctx); err != nil {
		return nil, err
	}
	if !day.Valid() {
		return nil, dondoc.Invalid("day", "Ngày phải có dạng YYYY-MM-DD.", "day must be YYYY-MM-DD.")
	}
	_, next := db.adjacentWorkingDays(day)
	var rows []reminderRow
	if err := db.sel(ctx, &rows, reminderSelect+` WHERE r.recipient_user_id = ? AND r.sent_at IS NULL AND r.due_on < ?
		ORDER BY r.due_on, r.id`, userID, string(next)); err != nil {
		return nil, err
	}
	rs := make([]dondoc.Reminder, len(rows))
	for i, r := range rows {
		rs[i] = r.reminder()
	}
	d := dondoc.BuildDigest(userID, day, rs)
	return &d, nil
}

package sqldb

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"

	"dondoc"
)

// DigestKind is the kind of the in-app notification that carries a person's daily digest.
const DigestKind = "reminder.digest"

// JobPool returns the pool the background job queue stores its jobs in: the writer pool of one
// connection on SQLite, so that the queue's writes wait their turn in Go instead of failing with
// "database is locked", and the one pool on PostgreSQL.
func (db *DB) JobPool() *sql.DB { return db.write.DB }

// DigestRecipients returns the users who have reminders not yet sent that the digest of day
// gathers, so that the job queue can send each of them one digest.
func (db *DB) DigestRecipients(ctx context.Context, day dondoc.Date) ([]int64, error) {
	if err := requireScanner(ctx); err != nil {
		return nil, err
	}
	if !day.Valid() {
		return nil, dondoc.Invalid("day", "Ngày phải có dạng YYYY-MM-DD.", "day must be YYYY-MM-DD.")
	}
	ids := []int64{}
	if !db.isWorkingDay(day) {
		// Days off are quiet: their reminders go out with the next working day's digest.
		return ids, nil
	}
	_, next := db.adjacentWorkingDays(day)
	if err := db.sel(ctx, &ids, `SELECT DISTINCT recipient_user_id FROM reminders WHERE sent_at IS NULL AND due_on < ?
		ORDER BY recipient_user_id`, string(next)); err != nil {
		return nil, err
	}
	return ids, nil
}

// DeliverDigest turns one user's digest of day into an in-app notification and marks its
// reminders sent, in ONE transaction, so that the notification exists exactly when the reminders
// are marked: a crash before the commit leaves both undone for a retry, and a retry or a second
// instance after it finds nothing pending and creates nothing. also runs inside the same
// transaction with the new notification, so that work that must follow it (queueing its e-mail)
// is committed with it or not at all; nil means nothing more. ok is false when no reminder was
// pending, and then nothing was written.
func (db *DB) DeliverDigest(ctx context.Context, userID int64, day dondoc.Date,
	also func(tx *sql.Tx, n dondoc.Notification) error) (n dondoc.Notification, ok bool, err error) {
	d, err := db.Digest(ctx, userID, day)
	if err != nil || len(d.ReminderIDs) == 0 {
		return n, false, err
	}
	in := dondoc.NotificationInput{UserID: userID, Kind: DigestKind, Subject: d.Subject, Body: d.Body}
	if err := in.Validate(); err != nil {
		return n, false, err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		if !tx.actor.System {
			return dondoc.Forbidden("Chỉ hệ thống được gửi nhắc việc.", "Only the system sends reminders.")
		}
		q, args, err := sqlx.In(`UPDATE reminders SET sent_at = ? WHERE sent_at IS NULL AND recipient_user_id = ? AND id IN (?)`,
			tx.now, userID, d.ReminderIDs)
		if err != nil {
			return err
		}
		res, err := tx.exec(q, args...)
		if err != nil {
			return err
		}
		marked, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if marked == 0 {
			return nil
		}
		if int(marked) != len(d.ReminderIDs) {
			// Someone else sent part of this digest meanwhile: write nothing, and let the caller
			// build the digest again from what is still pending.
			return dondoc.Stale()
		}
		id, err := tx.insert(`INSERT INTO notifications (user_id, kind, subject, body, link, task_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			in.UserID, in.Kind, in.Subject, in.Body, in.Link, in.TaskID, tx.now)
		if err != nil {
			return err
		}
		n = dondoc.Notification{ID: id, UserID: userID, Kind: in.Kind, Subject: in.Subject, Body: in.Body, CreatedAt: tx.now}
		ok = true
		if err := tx.audit("reminder.sent", "reminder", 0, nil, map[string]any{"ids": d.ReminderIDs, "marked": marked, "notification_id": id}); err != nil {
			return err
		}
		if err := tx.audit("notification.create", "notification", id, nil, map[string]any{"user_id": userID, "kind": in.Kind}); err != nil {
			return err
		}
		if also == nil {
			return nil
		}
		return also(tx.Tx.Tx, n)
	})
	if err != nil {
		return dondoc.Notification{}, false, err
	}
	return n, ok, nil
}

// NotificationMail returns a notification and its recipient's e-mail address, for the job that
// sends its copy by e-mail: the work address of the person the account belongs to; empty when
// there is none or the account is disabled. Only system work reads it.
func (db *DB) NotificationMail(ctx context.Context, id int64) (dondoc.Notification, string, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return dondoc.Notification{}, "", err
	}
	if !a.System {
		return dondoc.Notification{}, "", dondoc.NotificationNotFound()
	}
	var r struct {
		notificationRow
		Email    string `db:"email"`
		Disabled bool   `db:"disabled"`
	}
	if err := db.get(ctx, "notification", &r, `SELECT n.id, n.user_id, n.kind, n.subject, n.body, n.link, n.task_id, n.created_at, n.read_at,
		COALESCE(p.email, '') AS email, u.disabled
		FROM notifications n JOIN users u ON u.id = n.user_id LEFT JOIN people p ON p.id = u.person_id WHERE n.id = ?`, id); err != nil {
		return dondoc.Notification{}, "", err
	}
	if r.Disabled {
		r.Email = ""
	}
	return r.notification(), r.Email, nil
}

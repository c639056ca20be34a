package sqldb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"dondoc"
	"dondoc/internal/auth"
)

// webhookSecretPrefix marks webhook signing secrets, so that a leaked one is recognisable.
const webhookSecretPrefix = "ddw_"

type notificationRow struct {
	ID        int64      `db:"id"`
	UserID    int64      `db:"user_id"`
	Kind      string     `db:"kind"`
	Subject   string     `db:"subject"`
	Body      string     `db:"body"`
	Link      string     `db:"link"`
	TaskID    *int64     `db:"task_id"`
	CreatedAt time.Time  `db:"created_at"`
	ReadAt    *time.Time `db:"read_at"`
}

const notificationColumns = `id, user_id, kind, subject, body, link, task_id, created_at, read_at`

func (r notificationRow) notification() dondoc.Notification {
	n := dondoc.Notification{ID: r.ID, UserID: r.UserID, Kind: r.Kind, Subject: r.Subject, Body: r.Body, Link: r.Link,
		TaskID: r.TaskID, CreatedAt: r.CreatedAt.UTC()}
	if r.ReadAt != nil {
		t := r.ReadAt.UTC()
		n.ReadAt = &t
	}
	return n
}

// inboxOwner returns the user whose inbox the caller reads: the caller themself. System work has
// no inbox.
func inboxOwner(ctx context.Context) (int64, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return 0, err
	}
	if a.UserID == 0 {
		return 0, dondoc.Forbidden("Chỉ người dùng có hộp thông báo.", "Only users have a notification inbox.")
	}
	return a.UserID, nil
}

// CreateNotification stores a notification for a user. Only system work may create notifications:
// users must not be able to put messages in each other's inboxes.
func (db *DB) CreateNotification(ctx context.Context, in dondoc.NotificationInput) (*dondoc.Notification, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var n dondoc.Notification
	err := db.inTx(ctx, func(tx *Tx) error {
		if !tx.actor.System {
			return dondoc.Forbidden("Chỉ hệ thống được tạo thông báo.", "Only the system creates notifications.")
		}
		var users int
		if err := tx.get("user", &users, `SELECT COUNT(*) FROM users WHERE id = ?`, in.UserID); err != nil {
			return err
		}
		if users == 0 {
			return dondoc.Invalid("user_id", "Tài khoản nhận không tồn tại.", "Unknown recipient.")
		}
		if in.TaskID != nil {
			var tasks int
			if err := tx.get("task", &tasks, `SELECT COUNT(*) FROM tasks WHERE id = ?`, *in.TaskID); err != nil {
				return err
			}
			if tasks == 0 {
				return dondoc.Invalid("task_id", "Nhiệm vụ không tồn tại.", "Unknown task.")
			}
		}
		id, err := tx.insert(`INSERT INTO notifications (user_id, kind, subject, body, link, task_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			in.UserID, in.Kind, in.Subject, in.Body, in.Link, in.TaskID, tx.now)
		if err != nil {
			return err
		}
		n = dondoc.Notification{ID: id, UserID: in.UserID, Kind: in.Kind, Subject: in.Subject, Body: in.Body, Link: in.Link,
			TaskID: in.TaskID, CreatedAt: tx.now}
		return tx.audit("notification.create", "notification", id, nil, map[string]any{"user_id": in.UserID, "kind": in.Kind})
	})
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// ListNotifications pages the caller's notifications, newest first.
func (db *DB) ListNotifications(ctx context.Context, unreadOnly bool, cursor string, limit int) (*dondoc.Page[dondoc.Notification], error) {
	owner, err := inboxOwner(ctx)
	if err != nil {
		return nil, err
	}
	limit = dondoc.PageSize(limit)
	where, args := []string{"user_id = ?"}, []any{owner}
	if unreadOnly {
		where = append(where, "read_at IS NULL")
	}
	if cursor != "" {
		_, id, err := decodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		where = append(where, "id < ?")
		args = append(args, id)
	}
	var rows []notificationRow
	if err := db.sel(ctx, &rows, `SELECT `+notificationColumns+` FROM notifications WHERE `+strings.Join(where, " AND ")+
		` ORDER BY id DESC LIMIT ?`, append(args, limit+1)...); err != nil {
		return nil, err
	}
	page := &dondoc.Page[dondoc.Notification]{Items: make([]dondoc.Notification, 0, len(rows))}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextCursor = encodeCursor("n", rows[limit-1].ID)
	}
	for _, r := range rows {
		page.Items = append(page.Items, r.notification())
	}
	return page, nil
}

// UnreadNotifications counts the caller's unread notifications.
func (db *DB) UnreadNotifications(ctx context.Context) (int, error) {
	owner, err := inboxOwner(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.get(ctx, "notification", &n, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, owner)
	return n, err
}

// MarkNotificationsRead marks some of the caller's notifications read. If any id is not one of the
// caller's notifications, nothing changes and the answer is not found.
func (db *DB) MarkNotificationsRead(ctx context.Context, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, dondoc.Invalid("ids", "Cần ít nhất một thông báo.", "At least one notification is required.")
	}
	if len(ids) > dondoc.MaxPageSize {
		return 0, dondoc.Invalid("ids", "Danh sách quá dài (tối đa "+strconv.Itoa(dondoc.MaxPageSize)+").", "Too many ids (at most "+strconv.Itoa(dondoc.MaxPageSize)+").")
	}
	seen := map[int64]bool{}
	var unique []any
	for i, id := range ids {
		if id <= 0 {
			return 0, dondoc.Invalid("ids["+strconv.Itoa(i)+"]", "Mã thông báo không hợp lệ.", "Invalid notification id.")
		}
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	var changed int
	err := db.inTx(ctx, func(tx *Tx) error {
		if tx.actor.UserID == 0 {
			return dondoc.Forbidden("Chỉ người dùng có hộp thông báo.", "Only users have a notification inbox.")
		}
		in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(unique)), ", ") + ")"
		var owned int
		if err := tx.get("notification", &owned, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND id IN `+in,
			append([]any{tx.actor.UserID}, unique...)...); err != nil {
			return err
		}
		if owned != len(unique) {
			return dondoc.NotificationNotFound()
		}
		res, err := tx.exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND id IN `+in,
			append([]any{tx.now, tx.actor.UserID}, unique...)...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		changed = int(n)
		return tx.audit("notification.read", "user", tx.actor.UserID, nil, map[string]any{"ids": unique, "changed": changed})
	})
	return changed, err
}

// MarkAllNotificationsRead marks every unread notification of the caller read.
func (db *DB) MarkAllNotificationsRead(ctx context.Context) (int, error) {
	var changed int
	err := db.inTx(ctx, func(tx *Tx) error {
		if tx.actor.UserID == 0 {
			return dondoc.Forbidden("Chỉ người dùng có hộp thông báo.", "Only users have a notification inbox.")
		}
		res, err := tx.exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, tx.now, tx.actor.UserID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		changed = int(n)
		return tx.audit("notification.read_all", "user", tx.actor.UserID, nil, map[string]any{"changed": changed})
	})
	return changed, err
}

// hookScope limits webhooks to those the actor may manage: their own, and those of units where
// they hold a role that manages integrations. It is applied inside the queries, like every scope.
func hookScope(a *dondoc.Actor) (string, []any) {
	if a.System {
		return "1=1", nil
	}
	ors, args := []string{"w.user_id = ?"}, []any{a.UserID}
	for _, g := range a.Grants {
		if g.Role == dondoc.RoleAdmin || g.Role == dondoc.RoleOffice || g.Role == dondoc.RoleUnitHead {
			ors = append(ors, "w.unit_id IN (SELECT id FROM units WHERE path >= ? AND path < ?)")
			args = append(args, g.UnitPath, g.UnitPath+"~")
		}
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

type webhookRow struct {
	ID        int64     `db:"id"`
	UnitID    *int64    `db:"unit_id"`
	UserID    *int64    `db:"user_id"`
	URL       string    `db:"url"`
	Events    string    `db:"events"`
	Active    bool      `db:"active"`
	CreatedAt time.Time `db:"created_at"`
}

const webhookColumns = `w.id, w.unit_id, w.user_id, w.url, w.events, w.active, w.created_at`

func (r webhookRow) webhook() dondoc.Webhook {
	return dondoc.Webhook{ID: r.ID, UnitID: r.UnitID, UserID: r.UserID, URL: r.URL, Events: splitEvents(r.Events),
		Active: r.Active, CreatedAt: r.CreatedAt.UTC()}
}

// joinEvents stores events as ",a,b," so that one subscription is found with LIKE '%,a,%'.
func joinEvents(events []string) string { return "," + strings.Join(events, ",") + "," }

func splitEvents(s string) []string {
	out := []string{}
	for _, e := range strings.Split(s, ",") {
		if e != "" {
			out = append(out, e)
		}
	}
	return out
}

// CreateWebhook adds a webhook for a unit the caller manages integrations of, or for the caller.
// The signing secret is returned once.
func (db *DB) CreateWebhook(ctx context.Context, in dondoc.WebhookInput) (*dondoc.Webhook, string, error) {
	if err := in.Validate(); err != nil {
		return nil, "", err
	}
	secret, _, err := auth.NewToken(webhookSecretPrefix)
	if err != nil {
		return nil, "", dondoc.Internal(err)
	}
	var h dondoc.Webhook
	err = db.inTx(ctx, func(tx *Tx) error {
		if tx.actor.UserID == 0 {
			return dondoc.Forbidden("Chỉ người dùng được tạo webhook.", "Only users may create webhooks.")
		}
		userID, err := tx.owner(in.UnitID, tx.actor.CanManageUnitHooks,
			dondoc.Forbidden("Bạn không có quyền tạo webhook cho đơn vị này.", "You may not create webhooks for this unit."))
		if err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO webhooks (unit_id, user_id, url, secret, events, active, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			in.UnitID, userID, in.URL, secret, joinEvents(in.Events), true, tx.actor.UserID, tx.now)
		if err != nil {
			return err
		}
		h = dondoc.Webhook{ID: id, UnitID: in.UnitID, UserID: userID, URL: in.URL, Events: in.Events, Active: true, CreatedAt: tx.now}
		return tx.audit("webhook.create", "webhook", id, nil, h)
	})
	if err != nil {
		return nil, "", err
	}
	return &h, secret, nil
}

// ListWebhooks lists the active webhooks the caller manages, oldest first.
func (db *DB) ListWebhooks(ctx context.Context) ([]dondoc.Webhook, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := hookScope(a)
	var rows []webhookRow
	if err := db.sel(ctx, &rows, `SELECT `+webhookColumns+` FROM webhooks w WHERE w.active AND `+cond+` ORDER BY w.id`, args...); err != nil {
		return nil, err
	}
	out := make([]dondoc.Webhook, len(rows))
	for i, r := range rows {
		out[i] = r.webhook()
	}
	return out, nil
}

// DeleteWebhook switches a webhook off for good. The row stays, so that its delivery log can still
// be read; deliveries not yet made are dropped.
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		cond, args := hookScope(tx.actor)
		res, err := tx.exec(`UPDATE webhooks SET active = ? WHERE id = ? AND active AND id IN (SELECT w.id FROM webhooks w WHERE `+cond+`)`,
			append([]any{false, id}, args...)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return dondoc.WebhookNotFound()
		}
		if _, err := tx.exec(`DELETE FROM webhook_deliveries WHERE webhook_id = ? AND attempted_at IS NULL`, id); err != nil {
			return err
		}
		return tx.audit("webhook.delete", "webhook", id, nil, nil)
	})
}

type deliveryRow struct {
	ID            int64      `db:"id"`
	WebhookID     int64      `db:"webhook_id"`
	Delivery      string     `db:"delivery"`
	Event         string     `db:"event"`
	Payload       string     `db:"payload"`
	Attempt       int        `db:"attempt"`
	StatusCode    *int       `db:"status_code"`
	Error         string     `db:"error"`
	NextAttemptAt time.Time  `db:"next_attempt_at"`
	AttemptedAt   *time.Time `db:"attempted_at"`
	DeliveredAt   *time.Time `db:"delivered_at"`
	CreatedAt     time.Time  `db:"created_at"`
}

const deliveryColumns = `d.id, d.webhook_id, d.delivery, d.event, d.payload, d.attempt, d.status_code, d.error, d.next_attempt_at,
	d.attempted_at, d.delivered_at, d.created_at`

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func (r deliveryRow) delivery() dondoc.WebhookDelivery {
	return dondoc.WebhookDelivery{ID: r.ID, WebhookID: r.WebhookID, Delivery: r.Delivery, Event: r.Event, Payload: r.Payload,
		Attempt: r.Attempt, StatusCode: r.StatusCode, Error: r.Error, NextAttemptAt: r.NextAttemptAt.UTC(),
		AttemptedAt: utcPtr(r.AttemptedAt), DeliveredAt: utcPtr(r.DeliveredAt), CreatedAt: r.CreatedAt.UTC()}
}

// WebhookDeliveries pages the delivery log of a webhook the caller manages, newest first.
func (db *DB) WebhookDeliveries(ctx context.Context, id int64, cursor string, limit int) (*dondoc.Page[dondoc.WebhookDelivery], error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := hookScope(a)
	var n int
	if err := db.get(ctx, "webhook", &n, `SELECT COUNT(*) FROM webhooks w WHERE w.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, dondoc.WebhookNotFound()
	}
	limit = dondoc.PageSize(limit)
	where, qargs := []string{"d.webhook_id = ?"}, []any{id}
	if cursor != "" {
		_, after, err := decodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		where = append(where, "d.id < ?")
		qargs = append(qargs, after)
	}
	var rows []deliveryRow
	if err := db.sel(ctx, &rows, `SELECT `+deliveryColumns+` FROM webhook_deliveries d WHERE `+strings.Join(where, " AND ")+
		` ORDER BY d.id DESC LIMIT ?`, append(qargs, limit+1)...); err != nil {
		return nil, err
	}
	page := &dondoc.Page[dondoc.WebhookDelivery]{Items: make([]dondoc.WebhookDelivery, 0, len(rows))}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextCursor = encodeCursor("d", rows[limit-1].ID)
	}
	for _, r := range rows {
		page.Items = append(page.Items, r.delivery())
	}
	return page, nil
}

// EnqueueWebhookEvent queues an event for every active webhook subscribed to it: those of the
// user it concerns (userID, 0 for none) and those of the unit it concerns (unitID, 0 for none) or
// of any unit above it. It returns how many deliveries were queued. Only system work (the reminder
// engine and the workflow) emits events, in the same transaction as the change when it can.
func (db *DB) EnqueueWebhookEvent(ctx context.Context, event string, unitID, userID int64, data any) (int, error) {
	known := false
	for _, e := range dondoc.WebhookEvents {
		known = known || e == event
	}
	if !known {
		return 0, dondoc.Invalid("event", "Sự kiện không được hỗ trợ.", "Unknown event.")
	}
	var queued int
	err := db.inTx(ctx, func(tx *Tx) error {
		if !tx.actor.System {
			return dondoc.Forbidden("Chỉ hệ thống được phát sự kiện.", "Only the system emits events.")
		}
		var err error
		queued, err = tx.enqueueWebhookEvent(event, unitID, userID, data)
		return err
	})
	return queued, err
}

// enqueueWebhookEvent is EnqueueWebhookEvent inside a transaction, for the changes that emit
// events with the rows they write.
func (tx *Tx) enqueueWebhookEvent(event string, unitID, userID int64, data any) (int, error) {
	ors, args := []string{"w.user_id = ?"}, []any{userID}
	if unitID > 0 {
		path, err := tx.unitPath("unit_id", unitID)
		if err != nil {
			return 0, err
		}
		var ancestors []string
		for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return 0, err
			}
			ancestors = append(ancestors, "?")
			args = append(args, id)
		}
		ors = append(ors, "w.unit_id IN ("+strings.Join(ancestors, ", ")+")")
	}
	var hooks []int64
	if err := tx.Select(&hooks, tx.Rebind(`SELECT w.id FROM webhooks w WHERE w.active AND w.events LIKE ? AND (`+strings.Join(ors, " OR ")+`) ORDER BY w.id`),
		append([]any{"%," + event + ",%"}, args...)...); err != nil {
		return 0, err
	}
	for _, hook := range hooks {
		key, err := deliveryKey()
		if err != nil {
			return 0, err
		}
		body, err := json.Marshal(map[string]any{"event": event, "delivery": key, "created_at": tx.now, "data": data})
		if err != nil {
			return 0, err
		}
		id, err := tx.insert(`INSERT INTO webhook_deliveries (webhook_id, delivery, event, payload, attempt, next_attempt_at, created_at)
			VALUES (?, ?, ?, ?, 1, ?, ?)`, hook, key, event, string(body), tx.now, tx.now)
		if err != nil {
			return 0, err
		}
		if err := tx.audit("webhook.enqueue", "webhook", hook, nil, map[string]any{"delivery_id": id, "event": event}); err != nil {
			return 0, err
		}
	}
	return len(hooks), nil
}

// deliveryKey is the id the receiver sees in X-Dondoc-Delivery: random, so that it reveals nothing.
func deliveryKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// ClaimWebhookDeliveries takes up to limit due deliveries of active webhooks for sending. Each
// claimed row is held for lease, so that another instance does not send it at the same time, and
// so that it becomes due again if this one dies before recording the result.
func (db *DB) ClaimWebhookDeliveries(ctx context.Context, limit int, lease time.Duration) ([]dondoc.PendingDelivery, error) {
	var out []dondoc.PendingDelivery
	err := db.inTx(ctx, func(tx *Tx) error {
		if !tx.actor.System {
			return dondoc.Forbidden("Chỉ hệ thống được gửi webhook.", "Only the system sends webhooks.")
		}
		var rows []struct {
			deliveryRow
			URL    string `db:"url"`
			Secret string `db:"secret"`
		}
		if err := tx.Select(&rows, tx.Rebind(`SELECT `+deliveryColumns+`, w.url, w.secret FROM webhook_deliveries d
			JOIN webhooks w ON w.id = d.webhook_id
			WHERE d.attempted_at IS NULL AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until <= ?) AND w.active
			ORDER BY d.next_attempt_at, d.id LIMIT ?`), tx.now, tx.now, limit); err != nil {
			return err
		}
		until := tx.now.Add(lease)
		for _, r := range rows {
			res, err := tx.exec(`UPDATE webhook_deliveries SET claimed_until = ? WHERE id = ? AND attempted_at IS NULL AND (claimed_until IS NULL OR claimed_until <= ?)`,
				until, r.ID, tx.now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				if err != nil {
					return err
				}
				continue
			}
			out = append(out, dondoc.PendingDelivery{WebhookDelivery: r.delivery(), URL: r.URL, Secret: r.Secret})
		}
		return nil
	})
	return out, err
}

// RecordWebhookAttempt writes the outcome of one attempt to its row: a 2xx status marks the event
// delivered; anything else queues the next attempt after the backoff of dondoc.WebhookBackoff,
// until the attempts run out.
func (db *DB) RecordWebhookAttempt(ctx context.Context, id int64, statusCode int, errText string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if !tx.actor.System {
			return dondoc.Forbidden("Chỉ hệ thống được gửi webhook.", "Only the system sends webhooks.")
		}
		var r deliveryRow
		if err := tx.get("webhook delivery", &r, `SELECT `+deliveryColumns+` FROM webhook_deliveries d WHERE d.id = ? AND d.attempted_at IS NULL`, id); err != nil {
			return err
		}
		var code *int
		if statusCode > 0 {
			code = &statusCode
		}
		ok := statusCode >= 200 && statusCode < 300 && errText == ""
		var delivered *time.Time
		if ok {
			delivered = &tx.now
		}
		if len(errText) > 1000 {
			errText = errText[:1000]
		}
		if _, err := tx.exec(`UPDATE webhook_deliveries SET attempted_at = ?, status_code = ?, error = ?, delivered_at = ? WHERE id = ?`,
			tx.now, code, strings.ToValidUTF8(errText, "?"), delivered, id); err != nil {
			return err
		}
		if !ok {
			if wait, again := dondoc.WebhookBackoff(r.Attempt); again {
				if _, err := tx.insert(`INSERT INTO webhook_deliveries (webhook_id, delivery, event, payload, attempt, next_attempt_at, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)`, r.WebhookID, r.Delivery, r.Event, r.Payload, r.Attempt+1, tx.now.Add(wait), tx.now); err != nil {
					return err
				}
			}
		}
		return tx.audit("webhook.attempt", "webhook", r.WebhookID, nil, map[string]any{"delivery_id": id, "attempt": r.Attempt, "status_code": code, "delivered": ok})
	})
}

// CreateFeed issues a calendar feed for the caller, or for a unit the caller may read. The secret
// token is returned once; only its SHA-256 is stored.
func (db *DB) CreateFeed(ctx context.Context, in dondoc.FeedInput) (*dondoc.Feed, string, error) {
	plain, hash, err := auth.NewToken(dondoc.FeedTokenPrefix)
	if err != nil {
		return nil, "", dondoc.Internal(err)
	}
	var f dondoc.Feed
	err = db.inTx(ctx, func(tx *Tx) error {
		if tx.actor.UserID == 0 {
			return dondoc.Forbidden("Chỉ người dùng được tạo lịch.", "Only users may create calendar feeds.")
		}
		userID, err := tx.owner(in.UnitID, tx.actor.CanRead,
			dondoc.Forbidden("Đơn vị này nằm ngoài phạm vi của bạn.", "This unit is outside your scope."))
		if err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO feed_tokens (token_hash, user_id, unit_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			hash, userID, in.UnitID, tx.actor.UserID, tx.now)
		if err != nil {
			return err
		}
		f = dondoc.Feed{ID: id, UserID: userID, UnitID: in.UnitID, CreatedAt: tx.now}
		return tx.audit("feed.create", "feed", id, nil, f)
	})
	if err != nil {
		return nil, "", err
	}
	return &f, plain, nil
}

// RevokeFeed stops one of the caller's feeds at once. System work (the command line, run by the
// server's administrator) may revoke any feed, so that a leaked URL can be stopped without its
// owner.
func (db *DB) RevokeFeed(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		mine, args := "created_by = ?", []any{tx.now, id, tx.actor.UserID}
		if tx.actor.System {
			mine, args = "1=1", args[:2]
		}
		res, err := tx.exec(`UPDATE feed_tokens SET revoked_at = ? WHERE id = ? AND `+mine+` AND revoked_at IS NULL`, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return dondoc.FeedNotFound()
		}
		return tx.audit("feed.revoke", "feed", id, nil, nil)
	})
}

// ListFeeds lists the feeds the caller created, unrevoked first, then newest. A person has a few
// feeds, so the list is not paged.
func (db *DB) ListFeeds(ctx context.Context) ([]dondoc.Feed, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID        int64      `db:"id"`
		UserID    *int64     `db:"user_id"`
		UnitID    *int64     `db:"unit_id"`
		CreatedAt time.Time  `db:"created_at"`
		RevokedAt *time.Time `db:"revoked_at"`
	}
	if err := db.sel(ctx, &rows, `SELECT id, user_id, unit_id, created_at, revoked_at FROM feed_tokens WHERE created_by = ?
		ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC`, a.UserID); err != nil {
		return nil, err
	}
	out := make([]dondoc.Feed, len(rows))
	for i, r := range rows {
		out[i] = dondoc.Feed{ID: r.ID, UserID: r.UserID, UnitID: r.UnitID, CreatedAt: r.CreatedAt.UTC()}
		if r.RevokedAt != nil {
			t := r.RevokedAt.UTC()
			out[i].RevokedAt = &t
		}
	}
	return out, nil
}

// taskPage is the path of a task's page in the web UI, which feeds link to.
func taskPage(id int64) string { return "/nhiem-vu/" + strconv.FormatInt(id, 10) }

// maxFeedItems bounds each kind of entry in a feed, so that a province-wide feed stays a size a
// calendar program can load.
const maxFeedItems = 2000

// FeedCalendar returns the calendar behind a feed token: the open tasks' deadlines, the open
// escalations' response deadlines, the field visits and the reports recurring tasks owe, in the
// feed's scope. A person's feed sees what that person may read now; a unit's feed sees the unit's
// subtree, and only as long as the user who created it may still read the unit. An unknown or
// revoked token is not found.
func (db *DB) FeedCalendar(ctx context.Context, token string) (*dondoc.Calendar, error) {
	if !strings.HasPrefix(token, dondoc.FeedTokenPrefix) {
		return nil, dondoc.FeedNotFound()
	}
	var f struct {
		UserID    *int64 `db:"user_id"`
		UnitID    *int64 `db:"unit_id"`
		CreatedBy int64  `db:"created_by"`
	}
	err := db.get(ctx, "feed", &f, `SELECT user_id, unit_id, created_by FROM feed_tokens WHERE token_hash = ? AND revoked_at IS NULL`, auth.HashToken(token))
	if dondoc.IsCode(err, dondoc.ENotFound) {
		return nil, dondoc.FeedNotFound()
	}
	if err != nil {
		return nil, err
	}
	creator, err := db.ActorForUser(ctx, f.CreatedBy)
	if dondoc.IsCode(err, dondoc.EUnauthorized) {
		return nil, dondoc.FeedNotFound()
	}
	if err != nil {
		return nil, err
	}
	cal := &dondoc.Calendar{}
	actor := creator
	if f.UnitID != nil {
		var u struct {
			Name string `db:"name"`
			Path string `db:"path"`
		}
		if err := db.get(ctx, "unit", &u, `SELECT name, path FROM units WHERE id = ?`, *f.UnitID); err != nil {
			return nil, err
		}
		if !creator.CanRead(u.Path) {
			return nil, dondoc.FeedNotFound()
		}
		actor = &dondoc.Actor{Username: "feed", Grants: []dondoc.Grant{{Role: dondoc.RoleViewer, UnitID: *f.UnitID, UnitPath: u.Path}}}
		cal.Name = "dondoc – " + u.Name
	} else {
		var name string
		if err := db.get(ctx, "user", &name, `SELECT display_name FROM users WHERE id = ?`, *f.UserID); err != nil {
			return nil, err
		}
		cal.Name = "dondoc – " + name
	}
	if err := db.feedTasks(ctx, actor, cal); err != nil {
		return nil, err
	}
	if err := db.feedEscalations(ctx, actor, cal); err != nil {
		return nil, err
	}
	if err := db.feedVisits(ctx, actor, cal); err != nil {
		return nil, err
	}
	if err := db.feedReports(ctx, actor, cal); err != nil {
		return nil, err
	}
	return cal, nil
}

func (db *DB) feedTasks(ctx context.Context, a *dondoc.Actor, cal *dondoc.Calendar) error {
	cond, args := taskScope(a)
	var rows []struct {
		ID     int64  `db:"id"`
		Title  string `db:"title"`
		Status string `db:"status"`
		DueOn  string `db:"due_on"`
	}
	open := make([]any, 0, len(dondoc.OpenStatuses)+1)
	for _, s := range dondoc.OpenStatuses {
		open = append(open, string(s))
	}
	open = append(open, string(dondoc.StatusSuspended))
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(open)), ", ")
	if err := db.sel(ctx, &rows, `SELECT t.id, t.title, t.status, t.due_on FROM tasks t WHERE t.due_on <> '' AND t.due_on <> ? AND t.status IN (`+marks+`) AND `+cond+
		` ORDER BY t.due_on, t.id LIMIT ?`, append(append(append([]any{string(dondoc.NoDate)}, open...), args...), maxFeedItems)...); err != nil {
		return err
	}
	for _, r := range rows {
		link := taskPage(r.ID)
		cal.Items = append(cal.Items, dondoc.CalendarItem{UID: "task-" + strconv.FormatInt(r.ID, 10) + "@dondoc", Date: dondoc.Date(r.DueOn),
			Summary: r.Title, Description: "Hạn hoàn thành nhiệm vụ. Trạng thái: " + dondoc.StatusLabelVI[dondoc.Status(r.Status)], Link: link})
	}
	return nil
}

func (db *DB) feedEscalations(ctx context.Context, a *dondoc.Actor, cal *dondoc.Calendar) error {
	cond, args := escalationScope(a)
	var rows []struct {
		ID          int64  `db:"id"`
		TaskID      *int64 `db:"task_id"`
		Subject     string `db:"subject"`
		ResponseDue string `db:"response_due"`
	}
	if err := db.sel(ctx, &rows, `SELECT e.id, e.task_id, e.subject, e.response_due FROM escalations e WHERE e.status = ? AND e.response_due <> '' AND `+cond+
		` ORDER BY e.response_due, e.id LIMIT ?`, append(append([]any{string(dondoc.EscalationOpen)}, args...), maxFeedItems)...); err != nil {
		return err
	}
	for _, r := range rows {
		item := dondoc.CalendarItem{UID: "escalation-" + strconv.FormatInt(r.ID, 10) + "@dondoc", Date: dondoc.Date(r.ResponseDue),
			Summary: "Hạn trả lời kiến nghị: " + r.Subject, Description: "Trạng thái: chờ trả lời"}
		if r.TaskID != nil {
			item.Link = taskPage(*r.TaskID)
		}
		cal.Items = append(cal.Items, item)
	}
	return nil
}

func (db *DB) feedVisits(ctx context.Context, a *dondoc.Actor, cal *dondoc.Calendar) error {
	cond, args := visitScope(a)
	var rows []struct {
		ID      int64  `db:"id"`
		Area    string `db:"area"`
		Date    string `db:"visit_date"`
		Summary string `db:"summary"`
		Leader  string `db:"full_name"`
	}
	if err := db.sel(ctx, &rows, `SELECT v.id, v.area, v.visit_date, v.summary, p.full_name FROM field_visits v JOIN people p ON p.id = v.leader_person_id
		WHERE `+cond+` ORDER BY v.visit_date DESC, v.id DESC LIMIT ?`, append(args, maxFeedItems)...); err != nil {
		return err
	}
	for _, r := range rows {
		summary := "Đi cơ sở: " + r.Leader
		if r.Area != "" {
			summary += " (" + r.Area + ")"
		}
		cal.Items = append(cal.Items, dondoc.CalendarItem{UID: "visit-" + strconv.FormatInt(r.ID, 10) + "@dondoc", Date: dondoc.Date(r.Date),
			Summary: summary, Description: r.Summary})
	}
	return nil
}

// Feeds show the reports recurring tasks owe from feedReportsBack days ago to feedReportsAhead
// days ahead: recent missed cut-offs stay visible, and a yearly report is always in sight.
const (
	feedReportsBack  = 60
	feedReportsAhead = 400
)

// feedReports adds one entry per report a recurring task in scope owes within the feed's window,
// on the day the report is due, named by its period as Vietnamese offices name it ("Báo cáo quý
// IV/2026"). The UID joins the task and the period, so a calendar program keeps one entry per
// report even when the due day moves.
func (db *DB) feedReports(ctx context.Context, a *dondoc.Actor, cal *dondoc.Calendar) error {
	if db.Obligations == nil {
		return nil
	}
	cond, args := taskScope(a)
	var rows []struct {
		ID        int64     `db:"id"`
		Title     string    `db:"title"`
		Deadline  string    `db:"deadline"`
		CreatedAt time.Time `db:"created_at"`
	}
	open := make([]any, 0, len(dondoc.OpenStatuses))
	for _, s := range dondoc.OpenStatuses {
		open = append(open, string(s))
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(open)), ", ")
	if err := db.sel(ctx, &rows, `SELECT t.id, t.title, t.deadline, t.created_at FROM tasks t WHERE t.due_on = ? AND t.deadline LIKE ? AND t.status IN (`+marks+`) AND `+cond+
		` ORDER BY t.id LIMIT ?`, append(append(append([]any{string(dondoc.NoDate), `%"recurring"%`}, open...), args...), maxFeedItems)...); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	q, qargs, err := sqlx.In(`SELECT task_id, period FROM progress_reports WHERE task_id IN (?) AND period <> '' AND status <> 'returned'`, ids)
	if err != nil {
		return err
	}
	var reps []struct {
		TaskID int64  `db:"task_id"`
		Period string `db:"period"`
	}
	if err := db.sel(ctx, &reps, q, qargs...); err != nil {
		return err
	}
	reported := map[string]bool{}
	for _, r := range reps {
		reported[strconv.FormatInt(r.TaskID, 10)+"-"+r.Period] = true
	}
	today := db.today()
	added := 0
	for _, r := range rows {
		var d dondoc.Deadline
		if json.Unmarshal([]byte(r.Deadline), &d) != nil || d.Kind != dondoc.DeadlineRecurring {
			continue
		}
		from := max(today.AddDays(-feedReportsBack), dondoc.DateOf(r.CreatedAt))
		obs, err := d.Obligations(from, today.AddDays(feedReportsAhead), db.Obligations)
		if err != nil {
			return err
		}
		for _, o := range obs {
			if added == maxFeedItems {
				return nil
			}
			key := strconv.FormatInt(r.ID, 10) + "-" + o.Period
			state := "Chưa nộp báo cáo."
			if reported[key] {
				state = "Đã nộp báo cáo."
			}
			cal.Items = append(cal.Items, dondoc.CalendarItem{UID: "report-" + key + "@dondoc", Date: o.Due,
				Summary:     "Báo cáo " + periodNameVI(o.Period) + " – hạn " + o.Due.Format() + ": " + r.Title,
				Description: "Kỳ báo cáo từ " + o.Start.Format() + " đến " + o.End.Format() + " (chốt số liệu ngày " + o.End.Format() + "). " + state,
				Link:        taskPage(r.ID)})
			added++
		}
	}
	return nil
}

// periodNameVI names a reporting period the way Vietnamese reports are titled: "tháng 11/2026",
// "quý IV/2026", "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "năm 2026". A key of another
// shape is returned as it is.
func periodNameVI(key string) string {
	switch dondoc.PeriodTypeOf(key) {
	case dondoc.PeriodMonth:
		m, _ := strconv.Atoi(key[5:])
		return "tháng " + strconv.Itoa(m) + "/" + key[:4]
	case dondoc.PeriodQuarter:
		return "quý " + [...]string{"I", "II", "III", "IV"}[key[6]-'1'] + "/" + key[:4]
	case dondoc.PeriodHalfYear:
		if key[6] == '1' {
			return "6 tháng đầu năm " + key[:4]
		}
		return "6 tháng cuối năm " + key[:4]
	case dondoc.PeriodYear:
		return "năm " + key
	}
	return key
}

// owner decides who owns a webhook or a feed: the unit named, if the actor may act for it, in
// which case no user id comes back; or else the actor themself, whose user id it returns.
func (tx *Tx) owner(unitID *int64, allowed func(path string) bool, denied error) (*int64, error) {
	if unitID == nil {
		id := tx.actor.UserID
		return &id, nil
	}
	path, err := tx.unitPath("unit_id", *unitID)
	if err != nil {
		return nil, err
	}
	if !allowed(path) {
		return nil, denied
	}
	return nil, nil
}

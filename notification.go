package dondoc

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// Notification is one message to one user inside dondoc: a reminder, an escalation waiting for an
// answer, a decision on a request. The reminder engine creates them; the user reads them in the
// app and marks them read. E-mail and webhooks carry copies of the same message outward.
type Notification struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	Kind      string     `json:"kind"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	Link      string     `json:"link"`
	TaskID    *int64     `json:"task_id"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

// NotificationInput is what the reminder engine and other internal callers pass to create a
// notification; users never create notifications for each other.
type NotificationInput struct {
	UserID  int64
	Kind    string
	Subject string
	Body    string
	Link    string
	TaskID  *int64
}

// Validate checks a notification before it is stored, so that a bad message from an internal
// caller fails loudly instead of reaching a user half-written.
func (in *NotificationInput) Validate() error {
	if in.UserID <= 0 {
		return Invalid("user_id", "Thiếu người nhận.", "The recipient is missing.")
	}
	if err := RequireText("kind", in.Kind, 50); err != nil {
		return err
	}
	if err := RequireText("subject", in.Subject, 300); err != nil {
		return err
	}
	if err := OptionalText("body", in.Body, 20_000); err != nil {
		return err
	}
	if in.Link != "" && !strings.HasPrefix(in.Link, "/") {
		return Invalid("link", "Liên kết phải là đường dẫn trong dondoc, bắt đầu bằng “/”.", "The link must be a dondoc path starting with “/”.")
	}
	return OptionalText("link", in.Link, 500)
}

// NotificationService is the in-app inbox of the calling user. Every method works on the caller's
// own notifications only: another user's notification answers not found, like one that does not
// exist.
type NotificationService interface {
	// ListNotifications pages the caller's notifications, newest first.
	ListNotifications(ctx context.Context, unreadOnly bool, cursor string, limit int) (*Page[Notification], error)
	// UnreadNotifications counts the caller's unread notifications, for the badge in the header.
	UnreadNotifications(ctx context.Context) (int, error)
	// MarkNotificationsRead marks the given notifications read and returns how many changed; if
	// one of them is not the caller's, nothing changes and the answer is not found.
	MarkNotificationsRead(ctx context.Context, ids []int64) (int, error)
	// MarkAllNotificationsRead marks every unread notification of the caller read.
	MarkAllNotificationsRead(ctx context.Context) (int, error)
	// CreateNotification stores a notification for a user; only system work (the reminder
	// engine) may call it.
	CreateNotification(ctx context.Context, in NotificationInput) (*Notification, error)
}

// NotificationNotFound is the answer for a notification that is missing or belongs to someone
// else.
func NotificationNotFound() *Error {
	return Errorf(ENotFound, "", "Không tìm thấy thông báo.", "Notification not found.")
}

// WebhookEvents are the events a webhook may subscribe to. They name what the reminder engine and
// the workflow emit, so that a subscription to anything else would never fire.
var WebhookEvents = []string{"notification.created", "reminder.sent", "task.overdue", "escalation.raised", "escalation.answered"}

// Webhook sends signed JSON about events of a unit's subtree, or of one user, to another system.
// The secret that signs the bodies is shown once when the webhook is created.
type Webhook struct {
	ID        int64     `json:"id"`
	UnitID    *int64    `json:"unit_id"`
	UserID    *int64    `json:"user_id"`
	URL       string    `json:"url"`
	Events    []string  `json:"events"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// WebhookInput creates a webhook: for a unit when UnitID is set, otherwise for the caller.
type WebhookInput struct {
	UnitID *int64   `json:"unit_id"`
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

// Validate checks the URL and the events. Only absolute http and https URLs are accepted, so that
// a webhook cannot be pointed at a file or another scheme the sender would mishandle.
func (in *WebhookInput) Validate() error {
	in.URL = strings.TrimSpace(in.URL)
	if err := RequireText("url", in.URL, 2000); err != nil {
		return err
	}
	u, err := url.Parse(in.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return Invalid("url", "Địa chỉ phải là URL http hoặc https đầy đủ, không chứa tên đăng nhập.", "The URL must be an absolute http or https URL without credentials.")
	}
	if len(in.Events) == 0 {
		return Invalid("events", "Cần chọn ít nhất một sự kiện.", "Choose at least one event.")
	}
	seen := map[string]bool{}
	for i, ev := range in.Events {
		f := "events[" + itoa(i) + "]"
		known := false
		for _, k := range WebhookEvents {
			known = known || k == ev
		}
		if !known {
			return Invalid(f, "Sự kiện không được hỗ trợ.", "Unknown event.")
		}
		if seen[ev] {
			return Invalid(f, "Sự kiện bị lặp.", "Repeated event.")
		}
		seen[ev] = true
	}
	return nil
}

// CanManageUnitHooks reports whether the actor may create or remove webhooks and see their
// deliveries for the unit at path: integration with other systems is the business of the office,
// the unit head and the administrators.
func (a *Actor) CanManageUnitHooks(path string) bool {
	return a.HasRole(path, RoleAdmin, RoleOffice, RoleUnitHead)
}

// WebhookDelivery is one attempt to deliver one event to one webhook. Every attempt keeps its
// own row, so the log shows each failure; all attempts of an event share Delivery, which the
// receiver sees in X-Dondoc-Delivery and can use to drop duplicates.
type WebhookDelivery struct {
	ID            int64      `json:"id"`
	WebhookID     int64      `json:"webhook_id"`
	Delivery      string     `json:"delivery"`
	Event         string     `json:"event"`
	Payload       string     `json:"payload"`
	Attempt       int        `json:"attempt"`
	StatusCode    *int       `json:"status_code"`
	Error         string     `json:"error"`
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	AttemptedAt   *time.Time `json:"attempted_at"`
	DeliveredAt   *time.Time `json:"delivered_at"`
	CreatedAt     time.Time  `json:"created_at"`
}

// MaxWebhookAttempts is how many times one event is tried before it is given up; with the backoff
// below the last attempt comes about a day after the first.
const MaxWebhookAttempts = 8

// WebhookBackoff returns how long to wait after a failed attempt before the next one: one minute
// doubled per attempt (1, 2, 4 … 64 minutes), then capped at six hours. ok is false when the
// attempt was the last.
func WebhookBackoff(attempt int) (wait time.Duration, ok bool) {
	if attempt >= MaxWebhookAttempts {
		return 0, false
	}
	if attempt < 1 {
		attempt = 1
	}
	wait = time.Minute << min(attempt-1, 20)
	return min(wait, 6*time.Hour), true
}

// WebhookService manages the webhooks the caller may see: their own, and those of units where
// they may manage integrations. Others answer not found.
type WebhookService interface {
	ListWebhooks(ctx context.Context) ([]Webhook, error)
	// CreateWebhook returns the webhook and its signing secret, shown this once.
	CreateWebhook(ctx context.Context, in WebhookInput) (*Webhook, string, error)
	DeleteWebhook(ctx context.Context, id int64) error
	// WebhookDeliveries pages the delivery log of a webhook, newest first.
	WebhookDeliveries(ctx context.Context, id int64, cursor string, limit int) (*Page[WebhookDelivery], error)
}

// FeedTokenPrefix marks calendar feed secrets, so that a leaked feed URL is recognised as a dondoc
// credential.
const FeedTokenPrefix = "ddf_"

// FeedInput asks for a calendar feed of the caller (UnitID nil) or of a unit in their scope.
type FeedInput struct {
	UnitID *int64 `json:"unit_id"`
}

// Feed is a calendar subscription. Its secret URL is shown once; only the hash of its token is
// stored, and revoking it stops the URL at once.
type Feed struct {
	ID        int64      `json:"id"`
	UserID    *int64     `json:"user_id"`
	UnitID    *int64     `json:"unit_id"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at"`
}

// CalendarItem is one all-day entry of a calendar feed: a task deadline, an escalation's response
// deadline or a field visit. UID stays the same for the same object, so that calendar programs
// update the entry instead of adding a new one.
type CalendarItem struct {
	UID         string
	Date        Date
	Summary     string
	Description string
	Link        string
}

// Calendar is the content of a feed, ready to be written as iCalendar.
type Calendar struct {
	Name  string
	Items []CalendarItem
}

// FeedService issues and revokes calendar feeds, and answers a feed's content by its secret token
// without any other authentication: calendar programs cannot sign in.
type FeedService interface {
	// CreateFeed returns the feed and its secret token, shown this once.
	CreateFeed(ctx context.Context, in FeedInput) (*Feed, string, error)
	RevokeFeed(ctx context.Context, id int64) error
	// ListFeeds lists the caller's feeds, unrevoked first then newest, so that a feed can be
	// revoked long after its URL was shown.
	ListFeeds(ctx context.Context) ([]Feed, error)
	// FeedCalendar returns the calendar behind a token; an unknown or revoked token is not found.
	FeedCalendar(ctx context.Context, token string) (*Calendar, error)
}

// FeedNotFound is the answer for a feed that is missing, revoked or someone else's.
func FeedNotFound() *Error {
	return Errorf(ENotFound, "", "Không tìm thấy lịch.", "Calendar feed not found.")
}

// WebhookNotFound is the answer for a webhook that is missing or outside the caller's reach.
func WebhookNotFound() *Error {
	return Errorf(ENotFound, "", "Không tìm thấy webhook.", "Webhook not found.")
}

// PendingDelivery is a delivery attempt that is due, with what the sender needs to make it: the
// webhook's URL and signing secret.
type PendingDelivery struct {
	WebhookDelivery
	URL    string
	Secret string
}

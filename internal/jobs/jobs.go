// Package jobs runs dondoc's background work on the River job queue, on SQLite and PostgreSQL
// alike: the daily reminder scan, one digest per person and day, the e-mail copy of each digest,
// and the delivery of due webhooks. It is the only package that imports River, so that the domain
// and the storage layer never depend on a job queue. River keeps its jobs in dondoc's own
// database, so that a job is never lost across restarts, and its unique jobs and leader election
// let several instances share one PostgreSQL database without doing the same work twice.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"dondoc"
	"dondoc/internal/notify"
	"dondoc/internal/sqldb"
)

// ScanHour is the hour of the day, in Viet Nam, at which the daily reminder scan runs: before the
// working day starts, so that the digests are waiting when people arrive.
const ScanHour = 7

// Config is what the job queue needs; only DB is required.
type Config struct {
	// DB is the dondoc database; the jobs live in it too.
	DB *sqldb.DB
	// Mailer sends the e-mail copy of each digest; nil sends none, and the in-app notifications
	// still go out.
	Mailer *notify.Mailer
	// BaseURL is the absolute URL of the server, put before the links of e-mails.
	BaseURL string
	// Webhooks delivers due webhook events; nil means a sender with its defaults over DB.
	Webhooks *notify.WebhookSender
	// Logger receives the queue's log; nil means slog.Default.
	Logger *slog.Logger
	// PollInterval is how often the queue looks for new jobs; zero means River's default of a
	// second. There is no listener on either engine, so this bounds how long a new job waits.
	PollInterval time.Duration
	// ID names this instance in the queue's tables; empty lets River choose.
	ID string

	// retryPolicy and crash exist for the tests: a quick retry, and a failure injected while a
	// digest is being delivered (see export_test.go).
	retryPolicy river.ClientRetryPolicy
	crash       func(stage string) error
}

// Stages of a digest's delivery at which the tests inject a crash.
const (
	stageInTx       = "in-transaction"
	stageAfterSaved = "after-commit"
)

// Runner is a running job queue.
type Runner struct {
	client *river.Client[*sql.Tx]
	// scan and digest are the workers of the daily scan and the digests, kept so that tests can
	// drive them by a fake clock (see export_test.go).
	scan   *scanWorker
	digest *digestWorker
}

// driver returns River's driver for the engine of db, over the pool the storage layer gives
// River: the single writer connection on SQLite, the pool on PostgreSQL.
func driver(db *sqldb.DB) riverdriver.Driver[*sql.Tx] {
	if db.Engine == sqldb.SQLite {
		return riversqlite.New(db.JobPool())
	}
	return riverdatabasesql.New(db.JobPool())
}

// Migrate creates or updates River's own tables with River's migrations. Call it at start-up,
// after the storage layer's migrations and before New.
func Migrate(ctx context.Context, db *sqldb.DB, logger *slog.Logger) error {
	m, err := rivermigrate.New(driver(db), &rivermigrate.Config{Logger: orDefault(logger)})
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	// River's migrator takes no lock, and several instances may start at once on one PostgreSQL
	// database. Each migration runs in its own transaction, so an instance that loses the race for
	// one is rolled back and, trying again, finds it applied by the other.
	for attempt := 1; ; attempt++ {
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err == nil || attempt == migrateAttempts {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		}
	}
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	return nil
}

// migrateAttempts bounds how often Migrate tries again after losing a race with another instance.
const migrateAttempts = 5

func orDefault(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.Default()
	}
	return l
}

// New builds the job queue; Start runs it.
func New(cfg Config) (*Runner, error) {
	if cfg.DB == nil {
		return nil, errors.New("jobs: no database")
	}
	hooks := cfg.Webhooks
	if hooks == nil {
		hooks = &notify.WebhookSender{Store: cfg.DB}
	}
	workers := river.NewWorkers()
	scan := &scanWorker{db: cfg.DB}
	digest := &digestWorker{db: cfg.DB, mail: cfg.Mailer != nil, crash: cfg.crash}
	river.AddWorker(workers, scan)
	river.AddWorker(workers, digest)
	river.AddWorker(workers, &mailWorker{db: cfg.DB, mailer: cfg.Mailer, base: cfg.BaseURL})
	river.AddWorker(workers, &webhookWorker{sender: hooks})
	// The scan and the digests run at the digest hour of the follow-up settings in force at start;
	// a changed hour applies from the next start.
	fu := cfg.DB.FollowUpInForce()
	rc := &river.Config{
		ID:      cfg.ID,
		Logger:  orDefault(cfg.Logger),
		Workers: workers,
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		// Neither driver has a listener over database/sql, so every instance polls.
		PollOnly:          true,
		FetchPollInterval: cfg.PollInterval,
		// Completed jobs are kept long enough for the uniqueness of a day's scan and digests to
		// hold across a restart the day after.
		CompletedJobRetentionPeriod: 72 * time.Hour,
		RetryPolicy:                 cfg.retryPolicy,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(dailyAt{hour: fu.DigestHour, loc: fu.Location()}, func() (river.JobArgs, *river.InsertOpts) {
				return ScanArgs{Day: scanDay(cfg.DB.Now(), fu.DigestHour, fu.Location())}, nil
			}, &river.PeriodicJobOpts{ID: "reminder-scan", RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Minute), func() (river.JobArgs, *river.InsertOpts) {
				return WebhookArgs{}, nil
			}, &river.PeriodicJobOpts{ID: "webhooks", RunOnStart: true}),
		},
	}
	if cfg.PollInterval > 0 && cfg.PollInterval < river.FetchCooldownDefault {
		rc.FetchCooldown = cfg.PollInterval
	}
	client, err := river.NewClient(driver(cfg.DB), rc)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Runner{client: client, scan: scan, digest: digest}, nil
}

// Start starts working jobs in the background until Stop.
func (r *Runner) Start(ctx context.Context) error { return r.client.Start(ctx) }

// Stop waits for the jobs being worked to finish, or for ctx to end, and stops.
func (r *Runner) Stop(ctx context.Context) error { return r.client.Stop(ctx) }

// ScanDay is the day whose scan is the latest due at now: today from ScanHour in Viet Nam,
// yesterday before it. A scan started by a restart at night therefore catches up yesterday's,
// if it never ran, instead of sending today's digests in the small hours.
func ScanDay(now time.Time) dondoc.Date { return scanDay(now, ScanHour, dondoc.Location) }

// scanDay is ScanDay for a scan that runs at hour o'clock in loc.
func scanDay(now time.Time, hour int, loc *time.Location) dondoc.Date {
	t := now.In(loc)
	if t.Hour() < hour {
		t = t.AddDate(0, 0, -1)
	}
	return dondoc.Date(t.Format(dondoc.DateLayout))
}

// dailyAt is the schedule "every day at hour o'clock in loc".
type dailyAt struct {
	hour int
	loc  *time.Location
}

// Next returns the first such time strictly after current.
func (d dailyAt) Next(current time.Time) time.Time {
	t := current.In(d.loc)
	next := time.Date(t.Year(), t.Month(), t.Day(), d.hour, 0, 0, 0, d.loc)
	if !next.After(t) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}

// system is the context every job works in: the system actor, which the storage layer requires
// for the reminder machinery.
func system(ctx context.Context) context.Context { return dondoc.WithActor(ctx, dondoc.SystemActor) }

// ScanArgs is the daily reminder scan of Day. It is unique per day, so that a restart, or a second
// instance whose leader also inserts it, finds the day's scan already done.
type ScanArgs struct {
	Day dondoc.Date `json:"day"`
}

// Kind names the job in River's tables.
func (ScanArgs) Kind() string { return "dondoc.reminder_scan" }

// InsertOpts makes the scan unique per day.
func (ScanArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type scanWorker struct {
	river.WorkerDefaults[ScanArgs]
	db *sqldb.DB
}

// Timeout lets the scan walk a million tasks.
func (w *scanWorker) Timeout(*river.Job[ScanArgs]) time.Duration { return 30 * time.Minute }

// Work records the day's reminders and queues one digest per person who has any pending. The
// scan writes each reminder once, so running it again after a crash writes nothing twice.
func (w *scanWorker) Work(ctx context.Context, job *river.Job[ScanArgs]) error {
	sys := system(ctx)
	// A calendar changed on another instance applies to this scan even before the watcher sees it.
	if err := w.db.RefreshSettings(sys); err != nil {
		return err
	}
	if _, err := w.db.Scan(sys, job.Args.Day); err != nil {
		return err
	}
	users, err := w.db.DigestRecipients(sys, job.Args.Day)
	if err != nil || len(users) == 0 {
		return err
	}
	params := make([]river.InsertManyParams, len(users))
	for i, u := range users {
		params[i] = river.InsertManyParams{Args: DigestArgs{UserID: u, Day: job.Args.Day}}
	}
	_, err = river.ClientFromContext[*sql.Tx](ctx).InsertMany(ctx, params)
	return err
}

// DigestArgs is one person's digest of one day. It is unique per user and day.
type DigestArgs struct {
	UserID int64       `json:"user_id"`
	Day    dondoc.Date `json:"day"`
}

// Kind names the job in River's tables.
func (DigestArgs) Kind() string { return "dondoc.reminder_digest" }

// InsertOpts makes the digest unique per user and day.
func (DigestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type digestWorker struct {
	river.WorkerDefaults[DigestArgs]
	db    *sqldb.DB
	mail  bool
	crash func(stage string) error
}

// Work delivers the digest: the in-app notification, the reminders marked sent and, when e-mail
// is configured, the job that mails its copy, all in one transaction. Exactly once rests on that
// transaction, not on River: a failure before the commit leaves everything to the retry, and a
// retry after it finds no reminder pending and does nothing.
func (w *digestWorker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	client := river.ClientFromContext[*sql.Tx](ctx)
	_, _, err := w.db.DeliverDigest(system(ctx), job.Args.UserID, job.Args.Day, func(tx *sql.Tx, n dondoc.Notification) (err error) {
		// A panic here would leave the transaction open on the one writer connection of SQLite;
		// turned into an error, it rolls the transaction back.
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("digest for user %d: panic: %v", job.Args.UserID, p)
			}
		}()
		if w.mail {
			if _, err := client.InsertTx(ctx, tx, MailArgs{NotificationID: n.ID}, nil); err != nil {
				return err
			}
		}
		return w.fail(stageInTx)
	})
	if err != nil {
		return err
	}
	return w.fail(stageAfterSaved)
}

// fail returns the failure a test injected at stage, if any.
func (w *digestWorker) fail(stage string) error {
	if w.crash == nil {
		return nil
	}
	return w.crash(stage)
}

// MailArgs is the e-mail copy of one notification. It is unique per notification, and it is
// queued in the transaction that creates the notification.
type MailArgs struct {
	NotificationID int64 `json:"notification_id"`
}

// Kind names the job in River's tables.
func (MailArgs) Kind() string { return "dondoc.mail" }

// InsertOpts makes the e-mail unique per notification.
func (MailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type mailWorker struct {
	river.WorkerDefaults[MailArgs]
	db     *sqldb.DB
	mailer *notify.Mailer
	base   string
}

// Work sends the e-mail; a failure is retried by River with its exponential backoff, except a
// malformed address, which cancels the job. A user without an address gets no e-mail. An e-mail
// due in the quiet hours of the follow-up settings waits, snoozed, until they end.
func (w *mailWorker) Work(ctx context.Context, job *river.Job[MailArgs]) error {
	if w.mailer == nil {
		return nil
	}
	now := w.db.Now()
	if at := w.db.FollowUpInForce().NextSendTime(now); at.After(now) {
		return river.JobSnooze(at.Sub(now))
	}
	n, to, err := w.db.NotificationMail(system(ctx), job.Args.NotificationID)
	if err != nil || to == "" {
		return err
	}
	msg, err := notify.RenderNotification(n, w.base)
	if err != nil {
		return err
	}
	err = w.mailer.Send(ctx, to, msg)
	if dondoc.IsCode(err, dondoc.EInvalid) {
		// A malformed address does not mend itself: retrying would only fill the log.
		return river.JobCancel(err)
	}
	return err
}

// WebhookArgs is one round of delivering the webhook events that are due.
type WebhookArgs struct{}

// Kind names the job in River's tables.
func (WebhookArgs) Kind() string { return "dondoc.webhooks" }

// InsertOpts keeps at most one round per minute, however many instances there are.
func (WebhookArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Minute}}
}

type webhookWorker struct {
	river.WorkerDefaults[WebhookArgs]
	sender *notify.WebhookSender
}

// Timeout lets a round work through a backlog; each request has its own timeout.
func (w *webhookWorker) Timeout(*river.Job[WebhookArgs]) time.Duration { return 10 * time.Minute }

// Work delivers every due event; the sender's claims keep two rounds from sending one event twice.
func (w *webhookWorker) Work(ctx context.Context, _ *river.Job[WebhookArgs]) error {
	_, err := w.sender.DeliverDue(system(ctx))
	return err
}

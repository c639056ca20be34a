package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"

	"dondoc/internal/notify"
	"dondoc/internal/sqldb"
)

// config is the whole configuration of a dondoc process.
type config struct {
	Addr        string
	Data        string
	DB          string
	Demo        bool
	AllowSecret bool
	// BaseURL is the server's absolute URL, put before the links in e-mails.
	BaseURL string
	// SMTP is the mail server that sends the e-mail copies of the digests; an empty host sends no
	// e-mail, and the in-app notifications still go out.
	SMTP notify.Mailer
	// WebhookAllowPrivate lets webhooks reach loopback and private addresses, for on-premise
	// deployments whose receivers are on the LAN; otherwise such URLs are refused.
	WebhookAllowPrivate bool
}

// webhookFlags registers the opt-in that lets webhooks reach the local network.
func webhookFlags(fs *flag.FlagSet, c *config) {
	allow, _ := strconv.ParseBool(env("DONDOC_WEBHOOK_ALLOW_PRIVATE", "false"))
	fs.BoolVar(&c.WebhookAllowPrivate, "webhook-allow-private", allow,
		"let webhooks reach loopback and private (LAN) addresses; for on-premise receivers only")
}

// webhookGuard is the guard every webhook URL and delivery passes, as configured.
func (c *config) webhookGuard() *notify.Guard {
	return &notify.Guard{AllowPrivate: c.WebhookAllowPrivate}
}

// baseURLFlag registers the server's absolute URL, which links in e-mails and feed URLs start with.
func baseURLFlag(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.BaseURL, "base-url", env("DONDOC_BASE_URL", "http://127.0.0.1:8080"), "absolute URL of the server, for links in e-mails and feed URLs")
}

// dbFlags registers the flags every command that opens the database takes, with defaults from the
// environment.
func dbFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.Data, "data", env("DONDOC_DATA", "./data"), "data directory (SQLite database, stored files)")
	fs.StringVar(&c.DB, "db", env("DONDOC_DB", ""), "database DSN: postgres://... for PostgreSQL; empty for SQLite under --data")
	allow, _ := strconv.ParseBool(env("DONDOC_ALLOW_SECRET", "false"))
	fs.BoolVar(&c.AllowSecret, "allow-secret", allow, "accept documents marked Mật/Tối mật/Tuyệt mật (isolated internal networks only)")
}

// mailFlags registers the flags of the e-mail channel. The password comes only from the
// environment (DONDOC_SMTP_PASSWORD), so that it never shows in the process list.
func mailFlags(fs *flag.FlagSet, c *config) {
	baseURLFlag(fs, c)
	fs.StringVar(&c.SMTP.Host, "smtp-host", env("DONDOC_SMTP_HOST", ""), "SMTP server for reminder e-mails; empty sends no e-mail")
	port, _ := strconv.Atoi(env("DONDOC_SMTP_PORT", "587"))
	fs.IntVar(&c.SMTP.Port, "smtp-port", port, "SMTP port")
	fs.StringVar(&c.SMTP.Username, "smtp-user", env("DONDOC_SMTP_USER", ""), "SMTP user name; empty for no authentication (password from DONDOC_SMTP_PASSWORD)")
	fs.StringVar(&c.SMTP.From, "smtp-from", env("DONDOC_SMTP_FROM", ""), "sender address of reminder e-mails")
	fs.StringVar(&c.SMTP.FromName, "smtp-from-name", env("DONDOC_SMTP_FROM_NAME", "Đôn đốc"), "sender name of reminder e-mails")
	starttls, _ := strconv.ParseBool(env("DONDOC_SMTP_STARTTLS", "false"))
	fs.BoolVar(&c.SMTP.StartTLS, "smtp-starttls", starttls, "require STARTTLS")
	c.SMTP.Password = os.Getenv("DONDOC_SMTP_PASSWORD")
}

// mailer returns the configured mail server, or nil when none is.
func (c *config) mailer() (*notify.Mailer, error) {
	if c.SMTP.Host == "" {
		return nil, nil
	}
	if c.SMTP.From == "" {
		return nil, fmt.Errorf("--smtp-from is required with --smtp-host")
	}
	m := c.SMTP
	return &m, nil
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, c *config) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, c.DB, c.Data)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	db.AllowSecret = c.AllowSecret
	if err := useCalendar(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func migrate(ctx context.Context, args []string, out interface{ Write([]byte) (int, error) }) error {
	var c config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	dbFlags(fs, &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s schema at version %d\n", db.Engine, v)
	return nil
}

// Package app says, in one place, which implementation serves each of dondoc's domain interfaces
// over one database. The server uses it, and so does every test that runs the real server, so
// that a page or route tested is wired exactly as it runs.
package app

import (
	"context"

	"dondoc"
	"dondoc/internal/docparse"
	"dondoc/internal/filestore"
	"dondoc/internal/ingest"
	"dondoc/internal/notify"
	"dondoc/internal/report"
	"dondoc/internal/sqldb"
	"dondoc/internal/web/api"
)

// Services wires db into every service the API and the pages use. guard keeps webhooks off the
// addresses they may not reach; nil means the default guard, which refuses private networks.
func Services(db *sqldb.DB, guard *notify.Guard) api.Services {
	if guard == nil {
		guard = &notify.Guard{}
	}
	today := func() dondoc.Date { return dondoc.Today(db.Now()) }
	return api.Services{
		Org: db, Documents: db, Tasks: db, Workflow: db, Indicators: db, Accounts: db, Reminders: db,
		Reports:       Reports(db),
		Notifications: db, Webhooks: &notify.GuardedWebhooks{WebhookService: db, Guard: guard}, Feeds: db,
		Settings: db, Files: db,
		Ingest: &ingest.Service{Store: db, Org: db, Files: &filestore.Store{Dir: db.Files}, AllowSecret: db.AllowSecret,
			Limits: docparse.DefaultLimits(), Today: today,
			Holiday: func(d dondoc.Date) bool { return db.IsWorkingDay != nil && !db.IsWorkingDay(d) }},
		Health: func(ctx context.Context) (string, int64, error) {
			if err := db.Ping(ctx); err != nil {
				return "", 0, err
			}
			v, err := db.SchemaVersion(ctx)
			return string(db.Engine), v, err
		},
	}
}

// Reports is the report service over db: scorecards, reviews and indicator roll-ups computed from
// the facts storage reads, as of the database's today.
func Reports(db *sqldb.DB) *report.Service {
	return &report.Service{Facts: db, Documents: db, Today: func() dondoc.Date { return dondoc.Today(db.Now()) }}
}

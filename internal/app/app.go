// Package app says, in one place, which implementation serves each of dondoc's domain interfaces
// over one database. The server uses it, and so does every test that runs the real server, so
// that a page or route tested is wired exactly as it runs.
package app

import (
	"context"
	"strconv"

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

// WarmRollups rolls up every indicator over the current year as the system would, so that the
// values roll-ups keep in memory are read once when the server starts rather than by the first
// person to open the indicators (reading a national tree's values takes about a second; rolling
// up what is kept, a few milliseconds an indicator). Roll-ups over other years, or starting from
// another unit, are read when first asked for. A deployment with several roots has no single tree
// to start from; the error says so, and nothing is lost but the head start.
func WarmRollups(ctx context.Context, db *sqldb.DB) error {
	ctx = dondoc.WithActor(ctx, dondoc.SystemActor)
	inds, err := db.ListIndicators(ctx)
	if err != nil {
		return err
	}
	svc := Reports(db)
	year := strconv.Itoa(dondoc.Today(db.Now()).Time().Year())
	for _, ind := range inds {
		if _, err := svc.Rollup(ctx, dondoc.RollupQuery{IndicatorID: ind.ID, From: year, To: year}); err != nil {
			return err
		}
	}
	return nil
}

// Package apptest runs the real dondoc server over a test database with the demo province, as
// the page, API and browser tests and the page benchmarks need it.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"dondoc"
	"dondoc/internal/app"
	"dondoc/internal/demo"
	"dondoc/internal/notify"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
	"dondoc/internal/web"
	"dondoc/internal/web/api"
)

// LoadDemo loads the demo province into db as of the database's today, failing the test on error.
func LoadDemo(t testing.TB, db *sqldb.DB) {
	t.Helper()
	ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
	if err := db.FastLoad(ctx, func() error {
		_, err := demo.Load(ctx, db, db.Now())
		return err
	}); err != nil {
		t.Fatalf("load demo: %v", err)
	}
}

// Services are the services wired as serve wires them, except that webhooks may reach private
// addresses, where test receivers listen.
func Services(db *sqldb.DB) api.Services {
	return app.Services(db, &notify.Guard{AllowPrivate: true})
}

// Handler is the whole server's handler over db, with a logger that discards.
func Handler(db *sqldb.DB) http.Handler {
	return HandlerOf(Services(db))
}

// HandlerOf is the whole server's handler over services a test has adjusted.
func HandlerOf(s api.Services) http.Handler {
	return web.Handler(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// DemoServer starts the server over a fresh SQLite database holding the demo province, closed
// when the test ends.
func DemoServer(t testing.TB) (*httptest.Server, *sqldb.DB) {
	t.Helper()
	db := sqldbtest.OpenSQLite(t)
	LoadDemo(t, db)
	srv := httptest.NewServer(Handler(db))
	t.Cleanup(srv.Close)
	return srv, db
}

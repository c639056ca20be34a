package ui_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"dondoc"
	"dondoc/internal/auth"
	"dondoc/internal/demo"
	"dondoc/internal/sqldb/sqldbtest"
	"dondoc/internal/web"
	"dondoc/internal/web/api"
)

// BenchmarkPages measures each page for the office on the demo database, the budget being 100 ms
// a page.
func BenchmarkPages(b *testing.B) {
	db := sqldbtest.OpenSQLite(b)
	ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
	if err := db.FastLoad(ctx, func() error {
		_, err := demo.Load(ctx, db, db.Now())
		return err
	}); err != nil {
		b.Fatal(err)
	}
	s := api.Services{Org: db, Documents: db, Tasks: db, Workflow: db, Indicators: db, Accounts: db, Reminders: db}
	h := web.Handler(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	secret, _, err := db.Login(context.Background(), "vanphong", demo.Password)
	if err != nil {
		b.Fatal(err)
	}
	actor, err := db.ActorForSession(context.Background(), secret)
	if err != nil {
		b.Fatal(err)
	}
	tasks, err := db.ListTasks(dondoc.WithActor(context.Background(), actor), dondoc.TaskFilter{Q: "đồng việt", Limit: 1})
	if err != nil || len(tasks.Items) == 0 {
		b.Fatalf("no task to show: %v", err)
	}
	for _, p := range []struct{ name, path string }{
		{"login", "/dang-nhap"}, {"home", "/"}, {"task-list", "/nhiem-vu"},
		{"task-search", "/nhiem-vu?q=" + url.QueryEscape("dong viet")},
		{"task-view", "/nhiem-vu/" + strconv.FormatInt(tasks.Items[0].ID, 10)},
	} {
		path := p.path
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				if p.name != "login" {
					req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: secret})
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK && rec.Code != http.StatusSeeOther {
					b.Fatalf("%s = %d", path, rec.Code)
				}
			}
		})
	}
}

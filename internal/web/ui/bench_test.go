package ui_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/app/apptest"
	"dondoc/internal/auth"
	"dondoc/internal/demo"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
	"dondoc/internal/web/api"
)

// pageBudget is how long a page may take on the demo database.
const pageBudget = 100 * time.Millisecond

// benchEnv is the real server over the demo province for page benchmarks, with a session per demo
// user asked for.
type benchEnv struct {
	db       *sqldb.DB
	services api.Services
	h        http.Handler
	sessions map[string]string
}

func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	db := sqldbtest.OpenSQLite(b)
	apptest.LoadDemo(b, db)
	s := apptest.Services(db)
	return &benchEnv{db: db, services: s, h: apptest.HandlerOf(s), sessions: map[string]string{}}
}

// session signs a demo user in once and returns the session's secret.
func (e *benchEnv) session(b *testing.B, user string) string {
	b.Helper()
	if s, ok := e.sessions[user]; ok {
		return s
	}
	secret, _, err := e.db.Login(context.Background(), user, demo.Password)
	if err != nil {
		b.Fatal(err)
	}
	e.sessions[user] = secret
	return secret
}

// as is a context acting as a demo user, for finding the rows the pages should show.
func (e *benchEnv) as(b *testing.B, user string) context.Context {
	b.Helper()
	a, err := e.db.ActorForSession(context.Background(), e.session(b, user))
	if err != nil {
		b.Fatal(err)
	}
	return dondoc.WithActor(context.Background(), a)
}

// benchPage is one page to measure, as one demo user ("" for nobody signed in).
type benchPage struct{ name, path, user string }

// run measures a bare handler as the baseline, then each page, reporting the size of its HTML and
// its share of the budget; a page that does not answer 200 fails the benchmark.
func (e *benchEnv) run(b *testing.B, pages []benchPage) {
	b.Run("baseline", func(b *testing.B) {
		bare := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "<!doctype html><p>ok") })
		for b.Loop() {
			bare.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
		}
	})
	for _, p := range pages {
		var cookie *http.Cookie
		if p.user != "" {
			cookie = &http.Cookie{Name: auth.SessionCookie, Value: e.session(b, p.user)}
		}
		b.Run(p.name, func(b *testing.B) {
			size := 0
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, p.path, nil)
				if cookie != nil {
					req.AddCookie(cookie)
				}
				rec := httptest.NewRecorder()
				e.h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s = %d", p.path, rec.Code)
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "html-bytes")
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(pageBudget), "budget-share")
		})
	}
}

// BenchmarkPages measures the sign-in page, each role's home, the task list and a task, and the
// field visits, against the budget of 100 ms a page.
func BenchmarkPages(b *testing.B) {
	e := newBenchEnv(b)
	tasks, err := e.db.ListTasks(e.as(b, "vanphong"), dondoc.TaskFilter{Q: "đồng việt", Limit: 1})
	if err != nil || len(tasks.Items) == 0 {
		b.Fatalf("no task to show: %v", err)
	}
	e.run(b, []benchPage{
		{"login", "/dang-nhap", ""}, {"home", "/", "vanphong"}, {"task-list", "/nhiem-vu", "vanphong"},
		{"home-leader", "/", "lanhdao"}, {"home-head", "/", "truongdonvi"}, {"home-officer", "/", "canbo"},
		{"home-commune", "/", "canboxa"}, {"visits", "/di-co-so", "lanhdao"}, {"visit-new", "/di-co-so/moi", "lanhdao"},
		{"task-search", "/nhiem-vu?q=" + url.QueryEscape("dong viet"), "vanphong"},
		{"task-view", "/nhiem-vu/" + strconv.FormatInt(tasks.Items[0].ID, 10), "vanphong"},
		{"admin-units", "/quan-tri/don-vi", "vanphong"}, {"admin-settings", "/quan-tri/cai-dat", "vanphong"},
		{"admin-audit", "/quan-tri/nhat-ky", "vanphong"}, {"admin-users", "/quan-tri/nguoi-dung", "quantri"},
	})
}

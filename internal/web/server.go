// Package web assembles dondoc's HTTP server: the JSON API, health checks, and the middleware
// every request passes through (recovery, request log, cross-origin protection, security
// headers), and the web pages.
package web

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/klauspost/compress/gzhttp"

	"dondoc"
	"dondoc/internal/web/api"
	"dondoc/internal/web/ui"
)

// Handler returns the root handler of the server.
func Handler(services api.Services, logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	a := api.New(services)
	mux.Handle("/api/", a)
	mux.Handle("GET /healthz", a)
	mux.Handle("GET /feeds/", a)
	// Pages and their static files go out compressed: htmx and the stylesheet shrink to a quarter,
	// which keeps what a phone downloads before its first paint well under the page budget. The
	// API is left alone, so that its ETags stay exactly what clients send back in If-Match.
	mux.Handle("/", gzhttp.GzipHandler(ui.New(ui.Services{
		Org: services.Org, Tasks: services.Tasks, Accounts: services.Accounts,
		Workflow: services.Workflow, Reminders: services.Reminders, Notifications: services.Notifications, Feeds: services.Feeds,
		Documents: services.Documents, Ingest: services.Ingest, Files: services.Files,
		Indicators: services.Indicators, Reports: services.Reports, Rollups: rollupsOf(services.Reports),
		SecureCookies: services.SecureCookies, Logger: logger,
	})))
	cop := http.NewCrossOriginProtection()
	return recoverer(logger, requestLog(logger, securityHeaders(cop.Handler(mux))))
}

// rollupsOf returns the roll-up service that the report service also serves, or nil when it does
// not, in which case the indicator pages say that roll-ups are unavailable.
func rollupsOf(r dondoc.ReportService) dondoc.RollupService {
	s, _ := r.(dondoc.RollupService)
	return s
}

// securityHeaders sets headers that cost nothing and close common holes.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// requestLog logs every request with its status and duration.
func requestLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		logger.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Duration("duration", time.Since(start)))
	})
}

// recoverer turns a panic in a handler into a 500 and a log line, so that one bad request cannot
// take the server down.
func recoverer(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				logger.Error("panic", "value", v, "stack", string(debug.Stack()))
				http.Error(w, "Lỗi hệ thống", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

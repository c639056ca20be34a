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
	mux.Handle("/", gzhttp.GzipHandler(ui.New(ui.Services{
		Org: services.Org, Tasks: services.Tasks, Accounts: services.Accounts, Reminders: services.Reminders,
		SecureCookies: services.SecureCookies, Logger: logger,
	})))
	cop := http.NewCrossOriginProtection()
	return recoverer(logger, requestLog(logger, securityHeaders(cop.Handler(mux))))
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

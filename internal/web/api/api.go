// Package api serves dondoc's JSON API under /api/v1. Handlers are thin: they decode, call a domain
// service, and encode; rules live in the domain and the storage layer. Every error leaves as an
// application/problem+json document, every versioned object carries an ETag, and every update
// requires If-Match so that a stale write is refused with 412 instead of overwriting.
package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/auth"
	"dondoc/internal/ingest"
)

// Services are the domain services the API calls. It receives interfaces and never imports the
// storage package, so that it can be tested with any implementation.
type Services struct {
	Org        dondoc.OrgService
	Documents  dondoc.DocumentService
	Tasks      dondoc.TaskService
	Workflow   dondoc.WorkflowService
	Indicators dondoc.IndicatorService
	Accounts   dondoc.AccountService
	Reports    dondoc.ReportService
	// Reminders serves the settings of the reminder ladder.
	Reminders dondoc.ReminderService
	// Settings serves the yearly holiday plans, the follow-up settings and the days off in force.
	Settings dondoc.SettingsService
	// Notifications is the caller's in-app inbox.
	Notifications dondoc.NotificationService
	// Webhooks manages signed webhooks and their delivery log.
	Webhooks dondoc.WebhookService
	// Feeds issues calendar feeds and answers them by their secret token.
	Feeds dondoc.FeedService
	// Ingest reads uploaded directives into drafts and registers the confirmed ones.
	Ingest *ingest.Service
	// Files stores uploaded files and serves report attachments; New takes it from Workflow when
	// the workflow service also keeps files.
	Files dondoc.FileService
	// Health reports the database engine and schema version for /healthz.
	Health func(ctx context.Context) (engine string, schema int64, err error)
	// SecureCookies marks session cookies Secure, for deployments behind HTTPS.
	SecureCookies bool
}

// API is the HTTP handler of the JSON API.
type API struct {
	s   Services
	mux *http.ServeMux
}

// New builds the API handler with every route registered.
func New(s Services) *API {
	if s.Files == nil {
		s.Files, _ = s.Workflow.(dondoc.FileService)
	}
	a := &API{s: s, mux: http.NewServeMux()}
	a.routes()
	return a
}

// ServeHTTP authenticates the request (session cookie or Bearer token) and dispatches it.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mux.ServeHTTP(w, r)
}

// handlerFunc is a handler that returns its error instead of writing it, so that every error takes
// the same path to a problem document.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// public wraps a handler that needs no authentication.
func (a *API) public(fn handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			writeError(w, r, err)
		}
	}
}

// authed wraps a handler that needs an authenticated actor, which it places in the context for
// the services to scope their queries by.
func (a *API) authed(fn handlerFunc) http.HandlerFunc {
	return a.public(func(w http.ResponseWriter, r *http.Request) error {
		actor, err := a.authenticate(r)
		if err != nil {
			return err
		}
		return fn(w, r.WithContext(dondoc.WithActor(r.Context(), actor)))
	})
}

func (a *API) authenticate(r *http.Request) (*dondoc.Actor, error) {
	if tok, ok := auth.BearerToken(r); ok {
		return a.s.Accounts.ActorForToken(r.Context(), tok)
	}
	if r.Header.Get("Authorization") != "" {
		return nil, dondoc.Errorf(dondoc.EUnauthorized, "Authorization", "Tiêu đề Authorization phải có dạng “Bearer <mã>”.", "Authorization must be “Bearer <token>”.")
	}
	if s, ok := auth.SessionFromRequest(r); ok {
		return a.s.Accounts.ActorForSession(r.Context(), s)
	}
	return nil, dondoc.Errorf(dondoc.EUnauthorized, "", "Cần đăng nhập hoặc gửi mã truy cập (Bearer).", "Sign in or send a Bearer token.")
}

// writeJSON writes v as JSON with the status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// writeVersioned writes a versioned object with its ETag, which the client sends back in If-Match.
func writeVersioned(w http.ResponseWriter, status int, v any, version int64) error {
	w.Header().Set("ETag", etag(version))
	return writeJSON(w, status, v)
}

func etag(version int64) string { return `"v` + strconv.FormatInt(version, 10) + `"` }

// ifMatch returns the version the client last saw. An update without it is refused with 428, since
// it could silently overwrite someone else's change.
func ifMatch(r *http.Request) (int64, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return 0, newHTTPError(http.StatusPreconditionRequired, dondoc.EInvalid, "If-Match",
			"Cần gửi tiêu đề If-Match với ETag của lần đọc gần nhất.", "Send If-Match with the ETag you last read.")
	}
	h = strings.TrimPrefix(h, "W/")
	v, err := strconv.ParseInt(strings.TrimPrefix(strings.Trim(h, `"`), "v"), 10, 64)
	if err != nil || v <= 0 {
		return 0, dondoc.Invalid("If-Match", "Giá trị If-Match không hợp lệ.", "Invalid If-Match value.")
	}
	return v, nil
}

// pathID parses a numeric path parameter; a malformed id is reported as not found, like any id
// that names no row.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, dondoc.NotFound("object")
	}
	return id, nil
}

// query reads optional query parameters, collecting the first parse error with the parameter's
// name.
type query struct {
	r      *http.Request
	err    error
	values url.Values
}

func (q *query) str(name string) string {
	if q.values == nil {
		v, err := url.ParseQuery(q.r.URL.RawQuery)
		if err != nil && q.err == nil {
			q.err = dondoc.Invalid("query", "Chuỗi truy vấn không hợp lệ.", "Malformed query string.")
		}
		q.values = v
	}
	return q.values.Get(name)
}

func (q *query) int64(name string) int64 {
	s := q.str(name)
	if s == "" || q.err != nil {
		return 0
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		q.err = dondoc.Invalid(name, "Phải là số nguyên dương.", "Must be a positive integer.")
	}
	return v
}

func (q *query) int(name string) int { return int(q.int64(name)) }

func (q *query) boolPtr(name string) *bool {
	s := q.str(name)
	if s == "" || q.err != nil {
		return nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		q.err = dondoc.Invalid(name, "Phải là true hoặc false.", "Must be true or false.")
		return nil
	}
	return &v
}

func (q *query) date(name string) dondoc.Date {
	s := q.str(name)
	if s == "" || q.err != nil {
		return ""
	}
	d, err := dondoc.ParseDate(s)
	if err != nil {
		q.err = dondoc.Invalid(name, "Ngày không hợp lệ; cần dạng YYYY-MM-DD.", "Invalid date; expected YYYY-MM-DD.")
	}
	return d
}

func (q *query) list(name string) []string {
	var out []string
	q.str(name)
	for _, v := range q.values[name] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

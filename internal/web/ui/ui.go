// Package ui serves dondoc's web pages: server-rendered html/template pages in Vietnamese, made
// faster by htmx where a fragment can be swapped instead of a whole page reloaded. No page needs
// JavaScript to show its data. Handlers are thin, one file per page or action: they read the
// request, call the same domain services as the JSON API, and render a typed view. The package
// never imports the storage layer, so the pages see exactly the rules and scope the API sees.
package ui

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/auth"
	"dondoc/internal/ingest"
)

// Services are the domain services the pages call. They are interfaces so that the pages work
// with any implementation, and so that the package cannot reach around the rules to the database.
type Services struct {
	Org      dondoc.OrgService
	Tasks    dondoc.TaskService
	Accounts dondoc.AccountService
	// Workflow serves progress reports, extensions and escalations on the task and escalation pages.
	Workflow dondoc.WorkflowService
	// Files stores the files attached to progress reports and serves them back; New takes it from
	// Workflow when the workflow service also keeps files.
	Files dondoc.FileService
	// Notifications is the signed-in user's inbox; the header's unread count comes from it.
	Notifications dondoc.NotificationService
	// Feeds issues and revokes the calendar-feed links offered on the notifications page.
	Feeds dondoc.FeedService
	// Documents serves the document list and pages.
	Documents dondoc.DocumentService
	// Ingest reads uploaded directives into drafts and registers the confirmed ones.
	Ingest *ingest.Service
	// Reminders serves the reminder ladder on the settings page.
	Reminders dondoc.ReminderService
	// Indicators serves indicators, their targets and reported values, and key projects.
	Indicators dondoc.IndicatorService
	// Rollups serves indicator roll-ups against target and reporting completeness.
	Rollups dondoc.RollupService
	// Reports serves scorecards and the review report of a document.
	Reports dondoc.ReportService
	// Counts counts tasks by colour and what waits for the user, for the home page; New takes it
	// from Tasks when the task service can count.
	Counts dondoc.TaskCounter
	// SecureCookies marks the session cookie Secure, for deployments behind HTTPS.
	SecureCookies bool
	// Logger records the internal errors that pages hide behind a generic message.
	Logger *slog.Logger
}

// UI is the HTTP handler of the web pages and their static files.
type UI struct {
	s   Services
	mux *http.ServeMux
}

// New builds the UI handler with every page registered.
func New(s Services) *UI {
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.Counts == nil {
		s.Counts, _ = s.Tasks.(dondoc.TaskCounter)
	}
	if s.Files == nil {
		s.Files, _ = s.Workflow.(dondoc.FileService)
	}
	u := &UI{s: s, mux: http.NewServeMux()}
	u.routes()
	return u
}

// ServeHTTP dispatches a request to its page.
func (u *UI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mux.ServeHTTP(w, r)
}

// routes registers every page. Paths are Vietnamese words without marks, as users read them in
// the address bar and share them.
func (u *UI) routes() {
	m := u.mux
	m.Handle("GET /static/", staticHandler())
	m.HandleFunc("GET /dang-nhap", u.showLogin)
	m.HandleFunc("POST /dang-nhap", u.login)
	m.HandleFunc("POST /dang-xuat", u.logout)
	m.HandleFunc("GET /ngon-ngu", u.setLang)
	u.accountRoutes(m)
	m.HandleFunc("GET /{$}", u.authed(u.showHome))
	m.HandleFunc("GET /nhiem-vu", u.authed(u.showTaskList))
	m.HandleFunc("GET /nhiem-vu/{id}", u.authed(u.showTask))
	m.HandleFunc("POST /nhiem-vu/{id}/chuyen-trang-thai", u.authed(u.transitionTask))
	u.followUpRoutes(m)
	u.documentRoutes(m)
	u.adminRoutes(m)
	u.visitRoutes(m)
	u.indicatorRoutes(m)
	u.attachmentRoutes(m)
	m.HandleFunc("/", u.authed(func(w http.ResponseWriter, r *http.Request, v *viewer) {
		u.renderError(w, r, v, dondoc.Errorf(dondoc.ENotFound, "", "Không có trang này.", "No such page."))
	}))
}

// viewer is the signed-in user a page is rendered for.
type viewer struct {
	Actor       *dondoc.Actor
	DisplayName string
	// Lang is the language the user reads the pages in.
	Lang lang
	// Unread is the number of the user's unread notifications, shown as a badge in the header.
	Unread int
	// CanAdmin offers the administration pages in the navigation.
	CanAdmin bool
}

// pageHandler is a page that needs a signed-in user.
type pageHandler func(w http.ResponseWriter, r *http.Request, v *viewer)

// authed loads the actor from the session cookie and puts it in the context for the services to
// scope their queries by. A visitor without a valid session is sent to the sign-in page, which
// brings them back afterwards; an expired session is told so rather than silently dropped.
func (u *UI) authed(fn pageHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		secret, ok := auth.SessionFromRequest(r)
		if !ok {
			u.toLogin(w, r, false)
			return
		}
		actor, err := u.s.Accounts.ActorForSession(r.Context(), secret)
		if dondoc.IsCode(err, dondoc.EUnauthorized) || dondoc.IsCode(err, dondoc.ENotFound) {
			auth.ClearSessionCookie(w, u.s.SecureCookies)
			u.toLogin(w, r, true)
			return
		}
		if err != nil {
			u.renderError(w, r, nil, err)
			return
		}
		ctx := dondoc.WithActor(r.Context(), actor)
		r = r.WithContext(ctx)
		v := &viewer{Actor: actor, DisplayName: actor.Username, Lang: langOf(r), CanAdmin: canAdminister(actor)}
		if usr, err := u.s.Accounts.GetUser(ctx, actor.UserID); err == nil && usr.DisplayName != "" {
			v.DisplayName = usr.DisplayName
		}
		if u.s.Notifications != nil {
			// One count per page view; a failure only hides the badge.
			if n, err := u.s.Notifications.UnreadNotifications(ctx); err == nil {
				v.Unread = n
			}
		}
		fn(w, r, v)
	}
}

// toLogin redirects to the sign-in page, remembering where the user was going. An htmx request
// gets HX-Redirect, since a plain redirect would swap the sign-in page into a fragment.
func (u *UI) toLogin(w http.ResponseWriter, r *http.Request, expired bool) {
	q := url.Values{}
	if r.Method == http.MethodGet && r.URL.RequestURI() != "/" {
		q.Set("next", r.URL.RequestURI())
	}
	if expired {
		q.Set("het-han", "1")
	}
	target := "/dang-nhap"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext returns next when it is a path on this site, so that the sign-in page cannot be used
// to send users elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// logInternal records an unexpected error with the request it broke.
func (u *UI) logInternal(ctx context.Context, r *http.Request, err error) {
	if dondoc.ErrorCode(err) == dondoc.EInternal {
		u.s.Logger.ErrorContext(ctx, "page error", "method", r.Method, "path", r.URL.Path, "error", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

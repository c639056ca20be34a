package api

import (
	"net/http"
	"strings"
	"time"

	"dondoc"
	"dondoc/internal/notify"
)

// notifyRoutes registers the in-app inbox, webhooks and calendar feeds. The feed itself is public:
// calendar programs cannot sign in, so its secret URL is the credential.
func (a *API) notifyRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/notifications", a.authed(a.listNotifications))
	m.HandleFunc("GET /api/v1/notifications/unread-count", a.authed(a.unreadNotifications))
	m.HandleFunc("POST /api/v1/notifications/read", a.authed(a.markNotificationsRead))
	m.HandleFunc("GET /api/v1/webhooks", a.authed(a.listWebhooks))
	m.HandleFunc("POST /api/v1/webhooks", a.authed(a.createWebhook))
	m.HandleFunc("DELETE /api/v1/webhooks/{id}", a.authed(a.deleteWebhook))
	m.HandleFunc("GET /api/v1/webhooks/{id}/deliveries", a.authed(a.webhookDeliveries))
	m.HandleFunc("GET /api/v1/feeds", a.authed(a.listFeeds))
	m.HandleFunc("POST /api/v1/feeds", a.authed(a.createFeed))
	m.HandleFunc("DELETE /api/v1/feeds/{id}", a.authed(a.revokeFeed))
	m.HandleFunc("GET /feeds/{file}", a.public(a.feed))
}

func (a *API) listNotifications(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	unread, cursor, limit := q.boolPtr("unread"), q.str("cursor"), q.int("limit")
	if q.err != nil {
		return q.err
	}
	page, err := a.s.Notifications.ListNotifications(r.Context(), unread != nil && *unread, cursor, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (a *API) unreadNotifications(w http.ResponseWriter, r *http.Request) error {
	n, err := a.s.Notifications.UnreadNotifications(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]int{"unread": n})
}

type markReadInput struct {
	IDs []int64 `json:"ids"`
	All bool    `json:"all"`
}

func (a *API) markNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[markReadInput](w, r)
	if err != nil {
		return err
	}
	var n int
	switch {
	case in.All && in.IDs != nil:
		return dondoc.Invalid("ids", "Gửi danh sách ids hoặc all, không gửi cả hai.", "Send either ids or all, not both.")
	case in.All:
		n, err = a.s.Notifications.MarkAllNotificationsRead(r.Context())
	default:
		n, err = a.s.Notifications.MarkNotificationsRead(r.Context(), in.IDs)
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]int{"marked": n})
}

func (a *API) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, a.s.Webhooks.ListWebhooks)
}

func (a *API) createWebhook(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[dondoc.WebhookInput](w, r)
	if err != nil {
		return err
	}
	h, secret, err := a.s.Webhooks.CreateWebhook(r.Context(), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"webhook": h, "secret": secret})
}

func (a *API) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	return remove(w, r, a.s.Webhooks.DeleteWebhook)
}

func (a *API) webhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := &query{r: r}
	cursor, limit := q.str("cursor"), q.int("limit")
	if q.err != nil {
		return q.err
	}
	page, err := a.s.Webhooks.WebhookDeliveries(r.Context(), id, cursor, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// listFeeds lists the signed-in user's feeds, so that one can be revoked long after its URL
// was shown.
func (a *API) listFeeds(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, a.s.Feeds.ListFeeds)
}

func (a *API) createFeed(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[dondoc.FeedInput](w, r)
	if err != nil {
		return err
	}
	f, token, err := a.s.Feeds.CreateFeed(r.Context(), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"feed": f, "url": baseURL(r) + "/feeds/" + token + ".ics"})
}

func (a *API) revokeFeed(w http.ResponseWriter, r *http.Request) error {
	return remove(w, r, a.s.Feeds.RevokeFeed)
}

// feed answers GET /feeds/{token}.ics with the calendar behind the token.
func (a *API) feed(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		return dondoc.FeedNotFound()
	}
	cal, err := a.s.Feeds.FeedCalendar(r.Context(), token)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return notify.WriteCalendar(w, cal, baseURL(r), time.Now())
}

// baseURL is the address clients reached the server at, for the absolute links of feeds, which
// are read outside the browser.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

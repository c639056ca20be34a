package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/getkin/kin-openapi/openapi3filter"

	"dondoc"
	"dondoc/internal/notify"
	"dondoc/internal/sqldb/sqldbtest"
)

// The contract check reads calendar bodies as opaque text, as it does plain text.
func init() {
	openapi3filter.RegisterBodyDecoder("text/calendar", openapi3filter.FileBodyDecoder)
}

func expectStatus(t *testing.T, res *response, status int, what string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("%s: %d, want %d: %s", what, res.Status, status, res.Body)
	}
}

func expectField(t *testing.T, res *response, field, what string) {
	t.Helper()
	expectStatus(t, res, http.StatusBadRequest, what)
	if p := res.Problem(t); p.Field != field {
		t.Errorf("%s: field %q, want %q", what, p.Field, field)
	}
}

// TestNotificationRoutes exercises the inbox routes: paging, the unread count, and marking read,
// where a notification of someone else answers 404 and changes nothing.
func TestNotificationRoutes(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		var mine []int64
		for _, subj := range []string{"Nhắc việc: còn 3 ngày", "Nhắc việc: còn 1 ngày", "Nhắc việc: nhiệm vụ quá hạn 12 ngày"} {
			n, err := e.db.CreateNotification(sqldbtest.System(), dondoc.NotificationInput{UserID: e.users["officerA"], Kind: "reminder", Subject: subj, Link: "/nhiem-vu/1"})
			if err != nil {
				t.Fatal(err)
			}
			mine = append(mine, n.ID)
		}
		theirs, err := e.db.CreateNotification(sqldbtest.System(), dondoc.NotificationInput{UserID: e.users["officerB"], Kind: "reminder", Subject: "Của xã khác"})
		if err != nil {
			t.Fatal(err)
		}

		res := e.do("officerA", "GET", "/api/v1/notifications?limit=2", nil)
		expectStatus(t, res, http.StatusOK, "first page")
		var page dondoc.Page[dondoc.Notification]
		res.JSON(t, &page)
		if len(page.Items) != 2 || page.Items[0].ID != mine[2] || page.Items[0].Subject != "Nhắc việc: nhiệm vụ quá hạn 12 ngày" || page.NextCursor == "" {
			t.Fatalf("first page %+v", page)
		}
		res = e.do("officerA", "GET", "/api/v1/notifications?limit=2&cursor="+url.QueryEscape(page.NextCursor), nil)
		expectStatus(t, res, http.StatusOK, "second page")
		res.JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].ID != mine[0] {
			t.Errorf("second page %+v", page)
		}
		expectField(t, e.do("officerA", "GET", "/api/v1/notifications?unread=maybe", nil), "unread", "bad unread flag")

		unread := func(who string) int {
			t.Helper()
			res := e.do(who, "GET", "/api/v1/notifications/unread-count", nil)
			expectStatus(t, res, http.StatusOK, "unread count")
			var c struct{ Unread int }
			res.JSON(t, &c)
			return c.Unread
		}
		if unread("officerA") != 3 || unread("officerB") != 1 {
			t.Fatal("wrong unread counts")
		}

		expectStatus(t, e.do("officerA", "POST", "/api/v1/notifications/read", map[string]any{"ids": []int64{mine[0], theirs.ID}}),
			http.StatusNotFound, "mark someone else's notification")
		if unread("officerA") != 3 || unread("officerB") != 1 {
			t.Error("a refused mark-read changed something")
		}
		expectField(t, e.do("officerA", "POST", "/api/v1/notifications/read", map[string]any{"ids": []int64{mine[0]}, "all": true}), "ids", "ids and all")
		expectField(t, e.do("officerA", "POST", "/api/v1/notifications/read", map[string]any{}), "ids", "neither ids nor all")
		expectField(t, e.do("officerA", "POST", "/api/v1/notifications/read", map[string]any{"ids": "1"}), "ids", "ids not a list")

		res = e.do("officerA", "POST", "/api/v1/notifications/read", map[string]any{"ids": []int64{mine[1]}})
		expectStatus(t, res, http.StatusOK, "mark one")
		var marked struct{ Marked int }
		res.JSON(t, &marked)
		if marked.Marked != 1 || unread("officerA") != 2 {
			t.Errorf("marked %d, unread %d", marked.Marked, unread("officerA"))
		}
		res = e.do("officerA", "GET", "/api/v1/notifications?unread=true", nil)
		expectStatus(t, res, http.StatusOK, "unread list")
		res.JSON(t, &page)
		if len(page.Items) != 2 || page.Items[0].ID != mine[2] || page.Items[1].ID != mine[0] {
			t.Errorf("unread list %+v", page)
		}
		res = e.do("officerA", "POST", "/api/v1/notifications/read", map[string]any{"all": true})
		expectStatus(t, res, http.StatusOK, "mark all")
		res.JSON(t, &marked)
		if marked.Marked != 2 || unread("officerA") != 0 || unread("officerB") != 1 {
			t.Errorf("mark all marked %d", marked.Marked)
		}
	})
}

// TestWebhookRoutes creates a webhook against a loopback receiver, delivers an event to it, reads
// the delivery log and removes the webhook, with the refusals on the way.
func TestWebhookRoutes(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		var hits atomic.Int32
		var signature atomic.Value
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			signature.Store(r.Header.Get(notify.SignatureHeader))
		}))
		defer rcv.Close()

		unit := e.p.DistrictA.ID
		expectField(t, e.do("headA", "POST", "/api/v1/webhooks", map[string]any{"unit_id": unit, "url": "ftp://hscv.vn/x", "events": []string{"task.overdue"}}),
			"url", "ftp URL")
		expectField(t, e.do("headA", "POST", "/api/v1/webhooks", map[string]any{"unit_id": unit, "url": rcv.URL, "events": []string{"task.overdue", "task.deleted"}}),
			"events[1]", "unknown event")
		expectStatus(t, e.do("officerA", "POST", "/api/v1/webhooks", map[string]any{"unit_id": unit, "url": rcv.URL, "events": []string{"task.overdue"}}),
			http.StatusForbidden, "officer creates a unit webhook")

		res := e.do("headA", "POST", "/api/v1/webhooks", map[string]any{"unit_id": unit, "url": rcv.URL + "/hook", "events": []string{"task.overdue"}})
		expectStatus(t, res, http.StatusCreated, "create webhook")
		var created struct {
			Webhook dondoc.Webhook
			Secret  string
		}
		res.JSON(t, &created)

		list := func(who string) []dondoc.Webhook {
			t.Helper()
			res := e.do(who, "GET", "/api/v1/webhooks", nil)
			expectStatus(t, res, http.StatusOK, "list webhooks")
			var l struct{ Items []dondoc.Webhook }
			res.JSON(t, &l)
			return l.Items
		}
		if got := list("headA"); len(got) != 1 || got[0].ID != created.Webhook.ID || got[0].URL != rcv.URL+"/hook" {
			t.Errorf("head A sees %+v", got)
		}
		if got := list("officerB"); len(got) != 0 {
			t.Errorf("officer B sees %+v", got)
		}

		if _, err := e.db.EnqueueWebhookEvent(sqldbtest.System(), "task.overdue", e.p.CommuneA.ID, 0, map[string]any{"task_id": 1}); err != nil {
			t.Fatal(err)
		}
		sender := &notify.WebhookSender{Store: e.db, Guard: &notify.Guard{AllowPrivate: true}}
		if n, err := sender.DeliverDue(sqldbtest.System()); err != nil || n != 1 || hits.Load() != 1 {
			t.Fatalf("delivered %d (%d hits): %v", n, hits.Load(), err)
		}
		deliveries := fmt.Sprintf("/api/v1/webhooks/%d/deliveries", created.Webhook.ID)
		res = e.do("headA", "GET", deliveries+"?limit=10", nil)
		expectStatus(t, res, http.StatusOK, "delivery log")
		var log dondoc.Page[dondoc.WebhookDelivery]
		res.JSON(t, &log)
		if len(log.Items) != 1 || log.Items[0].DeliveredAt == nil || log.Items[0].StatusCode == nil || *log.Items[0].StatusCode != http.StatusOK {
			t.Fatalf("delivery log %+v", log)
		}
		if !notify.VerifySignature(created.Secret, []byte(log.Items[0].Payload), signature.Load().(string)) {
			t.Error("the signature does not match the logged body")
		}
		expectStatus(t, e.do("officerB", "GET", deliveries, nil), http.StatusNotFound, "another unit's delivery log")

		hook := fmt.Sprintf("/api/v1/webhooks/%d", created.Webhook.ID)
		expectStatus(t, e.do("officerB", "DELETE", hook, nil), http.StatusNotFound, "delete another unit's webhook")
		expectStatus(t, e.do("headA", "DELETE", hook, nil), http.StatusNoContent, "delete webhook")
		expectStatus(t, e.do("headA", "DELETE", hook, nil), http.StatusNotFound, "delete it again")
		expectStatus(t, e.do("headA", "DELETE", "/api/v1/webhooks/abc", nil), http.StatusNotFound, "malformed id")
	})
}

// TestFeedRoutes creates a calendar feed, reads it anonymously by its secret URL as a calendar
// program would, and revokes it.
func TestFeedRoutes(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		task := sqldbtest.Task(t, e.db, e.p.Root, e.p.CommuneA, "Giải phóng mặt bằng, tái định cư; cầu Đồng Việt", "2024-06-14")

		expectStatus(t, e.do("officerA", "POST", "/api/v1/feeds", map[string]any{"unit_id": e.p.CommuneB.ID}), http.StatusForbidden, "feed of another commune")
		expectField(t, e.do("officerA", "POST", "/api/v1/feeds", map[string]any{"unit_id": 999999}), "unit_id", "feed of an unknown unit")

		res := e.do("officerA", "POST", "/api/v1/feeds", map[string]any{})
		expectStatus(t, res, http.StatusCreated, "create feed")
		var created struct {
			Feed dondoc.Feed
			URL  string
		}
		res.JSON(t, &created)
		u, err := url.Parse(created.URL)
		if err != nil || !strings.HasPrefix(u.Path, "/feeds/"+dondoc.FeedTokenPrefix) || !strings.HasSuffix(u.Path, ".ics") {
			t.Fatalf("feed URL %q", created.URL)
		}

		res = e.do("", "GET", u.Path, nil)
		expectStatus(t, res, http.StatusOK, "read the feed")
		if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("content type %q", ct)
		}
		cal, err := ics.ParseCalendar(strings.NewReader(string(res.Body)))
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, ev := range cal.Events() {
			if ev.Id() == fmt.Sprintf("task-%d@dondoc", task.ID) {
				found = true
				if s := ev.GetProperty(ics.ComponentPropertySummary); s == nil || ics.FromText(s.Value) != task.Title {
					t.Errorf("summary %+v", s)
				}
				if d := ev.GetProperty(ics.ComponentPropertyDescription); d == nil || !strings.Contains(ics.FromText(d.Value), fmt.Sprintf("%s/nhiem-vu/%d", e.srv.URL, task.ID)) {
					t.Errorf("description %+v", d)
				}
			}
		}
		if !found {
			t.Errorf("the feed has no event for the task:\n%s", res.Body)
		}

		feed := fmt.Sprintf("/api/v1/feeds/%d", created.Feed.ID)
		expectStatus(t, e.do("officerB", "DELETE", feed, nil), http.StatusNotFound, "revoke someone else's feed")
		expectStatus(t, e.do("officerA", "DELETE", feed, nil), http.StatusNoContent, "revoke feed")
		expectStatus(t, e.do("officerA", "DELETE", feed, nil), http.StatusNotFound, "revoke it again")
		expectStatus(t, e.do("", "GET", u.Path, nil), http.StatusNotFound, "read a revoked feed")
		expectStatus(t, e.do("", "GET", "/feeds/"+dondoc.FeedTokenPrefix+"khong-co.ics", nil), http.StatusNotFound, "unknown token")
		expectStatus(t, e.do("", "GET", strings.TrimSuffix(u.Path, ".ics")+".txt", nil), http.StatusNotFound, "not an .ics path")
	})
}

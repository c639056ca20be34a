package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/notify"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// received is one request a test receiver got.
type received struct {
	event, delivery, signature string
	body                       []byte
}

// receiver is a loopback webhook endpoint that answers with the next status of its script and
// then 200, and records every request.
type receiver struct {
	mu     sync.Mutex
	script []int
	got    []received
	srv    *httptest.Server
}

func newReceiver(t *testing.T, script ...int) *receiver {
	r := &receiver{script: script}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.got = append(r.got, received{event: req.Header.Get(notify.EventHeader), delivery: req.Header.Get(notify.DeliveryHeader),
			signature: req.Header.Get(notify.SignatureHeader), body: body})
		status := http.StatusOK
		if len(r.script) > 0 {
			status, r.script = r.script[0], r.script[1:]
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// hookFixture is a database with a user who manages a district's integrations, and a clock.
type hookFixture struct {
	db    *sqldb.DB
	p     *sqldbtest.Province
	now   time.Time
	head  context.Context
	sys   context.Context
	sendr *notify.WebhookSender
}

func newHookFixture(t *testing.T, db *sqldb.DB) *hookFixture {
	f := &hookFixture{db: db, p: sqldbtest.NewProvince(t, db), now: time.Date(2024, 6, 3, 1, 0, 0, 0, time.UTC), sys: sqldbtest.System()}
	db.Now = func() time.Time { return f.now }
	u, err := db.CreateUserWithHash(f.sys, dondoc.UserInput{Username: "truong.phong", DisplayName: "Trưởng phòng",
		Grants: []dondoc.Grant{{Role: dondoc.RoleUnitHead, UnitID: f.p.DistrictA.ID}}}, "x")
	if err != nil {
		t.Fatal(err)
	}
	f.head = sqldbtest.As(u.ID, dondoc.RoleUnitHead, f.p.DistrictA)
	// The receivers are httptest servers on 127.0.0.1, which only a guard that allows private
	// addresses lets through.
	f.sendr = &notify.WebhookSender{Store: db, Guard: &notify.Guard{AllowPrivate: true}}
	return f
}

func (f *hookFixture) deliver(t *testing.T) int {
	t.Helper()
	n, err := f.sendr.DeliverDue(f.sys)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWebhookRetriesUntilDelivered follows one event through two failures and a success: each
// attempt is signed with the webhook's secret, carries the same delivery id, waits the backoff
// after a failure, and leaves its own row in the delivery log.
func TestWebhookRetriesUntilDelivered(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		f := newHookFixture(t, db)
		rcv := newReceiver(t, http.StatusInternalServerError, http.StatusBadGateway)
		other := newReceiver(t)
		hook, secret, err := db.CreateWebhook(f.head, dondoc.WebhookInput{UnitID: &f.p.DistrictA.ID, URL: rcv.srv.URL + "/dondoc", Events: []string{"task.overdue"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateWebhook(f.head, dondoc.WebhookInput{UnitID: &f.p.DistrictA.ID, URL: other.srv.URL, Events: []string{"escalation.raised"}}); err != nil {
			t.Fatal(err)
		}
		queued, err := db.EnqueueWebhookEvent(f.sys, "task.overdue", f.p.CommuneA.ID, 0, map[string]any{"task_id": 12, "days_overdue": 12})
		if err != nil || queued != 1 {
			t.Fatalf("queued %d: %v", queued, err)
		}
		if n, err := db.EnqueueWebhookEvent(f.sys, "task.overdue", f.p.CommuneB.ID, 0, map[string]any{"task_id": 13}); err != nil || n != 0 {
			t.Fatalf("an event of another district queued %d: %v", n, err)
		}

		t0 := f.now
		steps := []struct {
			at       time.Duration
			attempts int
		}{
			{0, 1},                           // first attempt fails with 500
			{30 * time.Second, 0},            // the one-minute backoff has not passed
			{time.Minute, 1},                 // second attempt fails with 502
			{2*time.Minute + time.Second, 0}, // the two-minute backoff has not passed
			{3 * time.Minute, 1},             // third attempt succeeds
			{24 * time.Hour, 0},              // nothing left
		}
		for _, s := range steps {
			f.now = t0.Add(s.at)
			if n := f.deliver(t); n != s.attempts {
				t.Fatalf("at +%s: %d attempts, want %d", s.at, n, s.attempts)
			}
		}
		reqs := rcv.requests()
		if len(reqs) != 3 || len(other.requests()) != 0 {
			t.Fatalf("receiver got %d requests, the other %d", len(reqs), len(other.requests()))
		}
		for i, r := range reqs {
			if !notify.VerifySignature(secret, r.body, r.signature) || notify.VerifySignature("ddw_wrong", r.body, r.signature) {
				t.Errorf("request %d: signature %q does not verify", i, r.signature)
			}
			if r.event != "task.overdue" || r.delivery == "" || r.delivery != reqs[0].delivery {
				t.Errorf("request %d: event %q delivery %q", i, r.event, r.delivery)
			}
			var body struct {
				Event    string         `json:"event"`
				Delivery string         `json:"delivery"`
				Data     map[string]any `json:"data"`
			}
			if err := json.Unmarshal(r.body, &body); err != nil || body.Event != "task.overdue" || body.Delivery != r.delivery || body.Data["days_overdue"] != 12.0 {
				t.Errorf("request %d: body %s: %v", i, r.body, err)
			}
		}

		page, err := db.WebhookDeliveries(f.head, hook.ID, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 3 {
			t.Fatalf("%d log rows, want 3", len(page.Items))
		}
		wantStatus := []int{http.StatusOK, http.StatusBadGateway, http.StatusInternalServerError}
		wantNext := []time.Duration{3 * time.Minute, time.Minute, 0}
		for i, d := range page.Items {
			if d.Attempt != 3-i || d.StatusCode == nil || *d.StatusCode != wantStatus[i] || d.AttemptedAt == nil {
				t.Errorf("log row %d: %+v", i, d)
			}
			if !d.NextAttemptAt.Equal(t0.Add(wantNext[i])) {
				t.Errorf("log row %d: next attempt at %s", i, d.NextAttemptAt)
			}
			if (d.DeliveredAt != nil) != (i == 0) || (i > 0 && d.Error == "") {
				t.Errorf("log row %d: delivered %v error %q", i, d.DeliveredAt, d.Error)
			}
		}
		if page.Items[0].Payload != string(reqs[2].body) {
			t.Error("the log does not hold the body that was sent")
		}
	})
}

// TestWebhookGivesUp checks that an endpoint that always fails is tried MaxWebhookAttempts times
// with growing waits, and then left alone.
func TestWebhookGivesUp(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		f := newHookFixture(t, db)
		script := make([]int, 20)
		for i := range script {
			script[i] = http.StatusServiceUnavailable
		}
		rcv := newReceiver(t, script...)
		if _, _, err := db.CreateWebhook(f.head, dondoc.WebhookInput{UnitID: &f.p.DistrictA.ID, URL: rcv.srv.URL, Events: []string{"reminder.sent"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.EnqueueWebhookEvent(f.sys, "reminder.sent", f.p.DistrictA.ID, 0, map[string]any{"n": 1}); err != nil {
			t.Fatal(err)
		}
		for attempt := 1; attempt <= dondoc.MaxWebhookAttempts; attempt++ {
			if n := f.deliver(t); n != 1 {
				t.Fatalf("attempt %d: %d deliveries made", attempt, n)
			}
			wait, again := dondoc.WebhookBackoff(attempt)
			if !again {
				break
			}
			f.now = f.now.Add(wait - time.Second)
			if n := f.deliver(t); n != 0 {
				t.Fatalf("attempt %d came %s early", attempt+1, time.Second)
			}
			f.now = f.now.Add(time.Second)
		}
		if len(rcv.requests()) != dondoc.MaxWebhookAttempts {
			t.Fatalf("%d attempts, want %d", len(rcv.requests()), dondoc.MaxWebhookAttempts)
		}
		f.now = f.now.Add(48 * time.Hour)
		if n := f.deliver(t); n != 0 {
			t.Errorf("%d attempts after giving up", n)
		}
	})
}

// TestWebhookClaimLease checks that a claimed delivery is hidden from a second sender, and comes
// back when the sender that claimed it dies without recording an outcome.
func TestWebhookClaimLease(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		f := newHookFixture(t, db)
		if _, _, err := db.CreateWebhook(f.head, dondoc.WebhookInput{URL: "http://127.0.0.1:9/never", Events: []string{"notification.created"}}); err != nil {
			t.Fatal(err)
		}
		head := dondoc.ActorFrom(f.head)
		if n, err := db.EnqueueWebhookEvent(f.sys, "notification.created", 0, head.UserID, map[string]any{"id": 1}); err != nil || n != 1 {
			t.Fatalf("queued %d: %v", n, err)
		}
		claim := func() int {
			t.Helper()
			got, err := db.ClaimWebhookDeliveries(f.sys, 10, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return len(got)
		}
		if claim() != 1 || claim() != 0 {
			t.Fatal("a claimed delivery was handed out twice")
		}
		f.now = f.now.Add(61 * time.Second)
		if claim() != 1 {
			t.Error("the delivery did not come back after the lease")
		}
		if _, err := db.ClaimWebhookDeliveries(f.head, 10, time.Minute); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("a user claimed deliveries: %v", err)
		}
	})
}

// TestWebhookConcurrentSenders runs two senders at once over the same queue, as two dondoc
// instances sharing one database would: every event reaches the receiver exactly once.
func TestWebhookConcurrentSenders(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		f := newHookFixture(t, db)
		rcv := newReceiver(t)
		if _, _, err := db.CreateWebhook(f.head, dondoc.WebhookInput{UnitID: &f.p.DistrictA.ID, URL: rcv.srv.URL, Events: []string{"task.overdue"}}); err != nil {
			t.Fatal(err)
		}
		const events = 30
		for i := range events {
			if _, err := db.EnqueueWebhookEvent(f.sys, "task.overdue", f.p.CommuneA.ID, 0, map[string]any{"task_id": i}); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for range 2 {
			s := &notify.WebhookSender{Store: db, Batch: 3, Guard: &notify.Guard{AllowPrivate: true}}
			wg.Go(func() {
				if _, err := s.DeliverDue(f.sys); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, r := range rcv.requests() {
			seen[r.delivery]++
		}
		if len(seen) != events {
			t.Errorf("%d distinct deliveries, want %d", len(seen), events)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("delivery %s sent %d times", id, n)
			}
		}
	})
}

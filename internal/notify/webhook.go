package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"dondoc"
)

// Headers of a webhook request. The signature lets the receiver check that the body came from
// dondoc and was not changed; the delivery id is the same on every retry of one event, so the
// receiver can drop duplicates.
const (
	SignatureHeader = "X-Dondoc-Signature"
	EventHeader     = "X-Dondoc-Event"
	DeliveryHeader  = "X-Dondoc-Delivery"
)

// Sign returns the value of the signature header for body: "sha256=" and the hex HMAC-SHA256 of
// the body keyed with the webhook's secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// VerifySignature reports whether header is the signature of body with secret, in constant time.
// Receivers written in Go, and dondoc's own tests, use it.
func VerifySignature(secret string, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(header))
}

// DeliveryStore is the storage the webhook sender needs; sqldb.DB implements it.
type DeliveryStore interface {
	// ClaimWebhookDeliveries takes due deliveries and hides them from other senders for lease.
	ClaimWebhookDeliveries(ctx context.Context, limit int, lease time.Duration) ([]dondoc.PendingDelivery, error)
	// RecordWebhookAttempt stores the outcome of an attempt and queues a retry when it failed.
	RecordWebhookAttempt(ctx context.Context, id int64, statusCode int, errText string) error
}

// WebhookSender posts due webhook deliveries. The jobs package runs DeliverDue periodically.
type WebhookSender struct {
	Store DeliveryStore
	// Guard decides which addresses deliveries may reach; nil means a guard that refuses
	// loopback and private addresses. Every URL is checked before its attempt, and the default
	// client checks every connection it makes.
	Guard *Guard
	// Client sends the requests; its timeout bounds each attempt. Nil means the guard's client
	// with a ten-second timeout. A client given here connects where it likes once the URL has
	// passed the check, so only tests should set it.
	Client *http.Client
	// Lease is how long a claimed delivery is hidden from other senders; it must exceed the
	// client's timeout. Zero means one minute.
	Lease time.Duration
	// Batch is how many deliveries one call claims; zero means 100.
	Batch int
}

// DeliverDue sends every delivery that is due now, one batch at a time, and returns how many
// attempts it made. Each attempt is recorded with its status, and a failure is retried later with
// exponential backoff. ctx must carry the system actor.
func (s *WebhookSender) DeliverDue(ctx context.Context) (int, error) {
	guard := s.Guard
	if guard == nil {
		guard = &Guard{}
	}
	client := s.Client
	if client == nil {
		// A client of this call's own: its connections must not outlive the call.
		client = guard.Client(10 * time.Second)
		defer client.CloseIdleConnections()
	}
	lease, batch := s.Lease, s.Batch
	if lease <= 0 {
		lease = time.Minute
	}
	if batch <= 0 {
		batch = 100
	}
	attempts := 0
	for {
		due, err := s.Store.ClaimWebhookDeliveries(ctx, batch, lease)
		if err != nil {
			return attempts, err
		}
		for _, d := range due {
			status, errText := post(ctx, guard, client, d)
			if err := s.Store.RecordWebhookAttempt(ctx, d.ID, status, errText); err != nil {
				return attempts, err
			}
			attempts++
		}
		if len(due) < batch {
			return attempts, nil
		}
	}
}

// post makes one attempt and returns the status code and, for a failure, why it failed. A URL
// the guard refuses is not tried: the refusal is the attempt's error, kept in the delivery log.
func post(ctx context.Context, guard *Guard, client *http.Client, d dondoc.PendingDelivery) (int, string) {
	if err := guard.checkTarget(d.URL); err != nil {
		return 0, refusedText(err)
	}
	body := []byte(d.Payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "dondoc-webhook/1")
	req.Header.Set(SignatureHeader, Sign(d.Secret, body))
	req.Header.Set(EventHeader, d.Event)
	req.Header.Set(DeliveryHeader, d.Delivery)
	req.Header.Set("X-Dondoc-Attempt", strconv.Itoa(d.Attempt))
	res, err := client.Do(req)
	if err != nil {
		return 0, refusedText(err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Sprintf("HTTP %d", res.StatusCode)
	}
	return res.StatusCode, ""
}

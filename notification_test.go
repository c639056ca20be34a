package dondoc_test

import (
	"testing"
	"time"

	"dondoc"
)

// TestWebhookBackoff pins the retry schedule: doubling from one minute, and finite.
func TestWebhookBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, 64 * time.Minute}
	for i, w := range want {
		got, ok := dondoc.WebhookBackoff(i + 1)
		if !ok || got != w {
			t.Errorf("after attempt %d: %s %v, want %s", i+1, got, ok, w)
		}
	}
	if _, ok := dondoc.WebhookBackoff(dondoc.MaxWebhookAttempts); ok {
		t.Error("the last attempt is retried")
	}
}

// TestWebhookInputValidate checks the URL and event rules with the field each refusal names.
func TestWebhookInputValidate(t *testing.T) {
	for _, c := range []struct {
		url    string
		events []string
		field  string
	}{
		{"https://hscv.bacgiang.gov.vn/dondoc", []string{"task.overdue"}, ""},
		{"  http://127.0.0.1:8080/x  ", []string{"reminder.sent", "escalation.raised"}, ""},
		{"", []string{"task.overdue"}, "url"},
		{"mailto:a@b.vn", []string{"task.overdue"}, "url"},
		{"https:///no-host", []string{"task.overdue"}, "url"},
		{"https://x.vn/", nil, "events"},
		{"https://x.vn/", []string{"reminder.sent", "task.overdue", "task.created"}, "events[2]"},
	} {
		in := dondoc.WebhookInput{URL: c.url, Events: c.events}
		err := in.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%q %v: %v", c.url, c.events, err)
			}
			continue
		}
		if de, ok := err.(*dondoc.Error); !ok || de.Code != dondoc.EInvalid || de.Field != c.field {
			t.Errorf("%q %v: %v, want invalid %s", c.url, c.events, err, c.field)
		}
	}
}

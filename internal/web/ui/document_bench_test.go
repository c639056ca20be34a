package ui_test

import (
	"context"
	"net/url"
	"os"
	"strconv"
	"testing"

	"dondoc"
)

// BenchmarkDocumentPages measures the document and ingest pages for the office on the demo
// database, against the budget of 100 ms a page; each reports its time as a share of that budget
// and the size of its HTML, which must stay under 100 KB before the first paint.
func BenchmarkDocumentPages(b *testing.B) {
	e := newBenchEnv(b)
	sys := dondoc.WithActor(context.Background(), dondoc.SystemActor)
	seed, err := e.db.ListDocuments(sys, dondoc.DocumentFilter{Number: "1250-CV/TU", Limit: 1})
	if err != nil || len(seed.Items) != 1 {
		b.Fatalf("no seed document: %v", err)
	}
	text, err := os.ReadFile(seedPath)
	if err != nil {
		b.Fatal(err)
	}
	draft, err := e.services.Ingest.Upload(e.as(b, "vanphong"), "seed.txt", text)
	if err != nil {
		b.Fatal(err)
	}
	e.run(b, []benchPage{
		{"document-list", "/van-ban", "vanphong"},
		{"document-search", "/van-ban?q=" + url.QueryEscape("tap trung lanh dao"), "vanphong"},
		{"document-open-tasks", "/van-ban?open=1&system=party", "vanphong"},
		{"document-view", "/van-ban/" + strconv.FormatInt(seed.Items[0].ID, 10), "vanphong"},
		{"ingest-upload", "/van-ban/nhap", "vanphong"},
		{"ingest-review", "/van-ban/nhap/" + strconv.FormatInt(draft.ID, 10), "vanphong"},
	})
}

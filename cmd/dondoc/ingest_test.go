package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestCommand reads the seed dispatch through the command line as a clerk would and checks
// the fields the corpus labels, in the JSON shape the scorer reads.
func TestIngestCommand(t *testing.T) {
	seed := filepath.Join("..", "..", "..", "shared", "corpus", "seed", "btv-tinh-uy-2024-05.txt")
	if _, err := os.Stat(seed); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the shared corpus is missing: %v", err)
		}
		t.Skip("the shared corpus (../shared) is not present")
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"ingest", "--json", seed}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%.500s", err, out.String())
	}
	text := func(field string) string {
		switch v := got[field].(type) {
		case string:
			return v
		case map[string]any:
			s, _ := v["text"].(string)
			return s
		}
		return ""
	}
	if !strings.Contains(text("issuer"), "Ban Thường vụ Tỉnh ủy") && !strings.Contains(strings.ToLower(text("issuer")), "ban thường vụ") {
		t.Errorf("issuer = %v", got["issuer"])
	}
	for _, field := range []string{"references", "recipients", "tasks", "distribution"} {
		if list, _ := got[field].([]any); len(list) < 5 {
			t.Errorf("%s: %d entries, want at least 5", field, len(list))
		}
	}
	// A file that is not a document is refused with a clear error, and the command fails.
	bad := filepath.Join(t.TempDir(), "broken.docx")
	if err := os.WriteFile(bad, []byte("PK\x03\x04 not really a zip"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"ingest", "--json", bad}, io.Discard, &stderr); err == nil {
		t.Errorf("a broken .docx was accepted; stderr: %s", stderr.String())
	}
}

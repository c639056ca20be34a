package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// TestTalliesCommand checks the demo province's task tallies, finds them out of step after a
// change made around the triggers, and rebuilds them.
func TestTalliesCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append(args, "--data", dir), &out, io.Discard)
		return out.String(), err
	}
	if _, err := cmd("demo"); err != nil {
		t.Fatal(err)
	}
	if out, err := cmd("tallies", "check"); err != nil || !strings.Contains(out, "khớp") {
		t.Fatalf("check of the demo: %q, %v", out, err)
	}
	// A hand-made SQL session, which no trigger follows.
	raw, err := sql.Open("sqlite", filepath.Join(dir, "dondoc.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `DELETE FROM task_tallies WHERE grain = 'm'`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if out, err := cmd("tallies", "check"); err == nil || !strings.Contains(err.Error(), "tallies rebuild") || out == "" {
		t.Fatalf("check after a change around the triggers: %q, %v", out, err)
	}
	if out, err := cmd("tallies", "rebuild"); err != nil || !strings.Contains(out, "Đã tính lại") {
		t.Fatalf("rebuild: %q, %v", out, err)
	}
	if out, err := cmd("tallies", "check"); err != nil || !strings.Contains(out, "khớp") {
		t.Fatalf("check after the rebuild: %q, %v", out, err)
	}
	if _, err := cmd("tallies", "fix"); err == nil {
		t.Error("an unknown subcommand was accepted")
	}
}

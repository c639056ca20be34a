package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/calendar"
)

// TestRemind runs `dondoc remind` on the demo province: the dry run prints reminders and writes
// nothing, the real run records them, and a second run of the same day records none.
func TestRemind(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := run(ctx, []string{"demo", "--data", dir}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.New(calendar.KnownPlans()...)
	if err != nil {
		t.Fatal(err)
	}
	// Find a working day soon on which the demo's deadlines call for reminders.
	day := dondoc.Today(time.Now())
	var dry bytes.Buffer
	for range 60 {
		day = cal.WorkingDayOnOrAfter(day.AddDays(1))
		dry.Reset()
		if err := run(ctx, []string{"remind", "--dry-run", "--date", string(day), "--data", dir}, &dry, io.Discard); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(dry.String(), "Tổng cộng") {
			break
		}
	}
	m := regexp.MustCompile(`Tổng cộng (\d+) lượt nhắc`).FindStringSubmatch(dry.String())
	if m == nil || !strings.HasPrefix(dry.String(), "Nhắc việc ngày "+day.Format()+" (chạy thử, không ghi):\n") {
		t.Fatalf("dry run printed:\n%s", dry.String())
	}
	for i, want := range []string{"lượt nhắc theo thang, " + m[1] + " lượt mới được ghi.", "lượt nhắc theo thang, 0 lượt mới được ghi."} {
		var out bytes.Buffer
		if err := run(ctx, []string{"remind", "--date", string(day), "--data", dir}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), ": "+m[1]+" "+want) {
			t.Errorf("run %d printed %q, want %q", i+1, out.String(), m[1]+" "+want)
		}
	}
	if err := run(ctx, []string{"remind", "--date", "2026-02-30", "--data", dir}, io.Discard, io.Discard); err == nil {
		t.Error("an impossible date was accepted")
	}
}

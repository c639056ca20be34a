package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dondoc"
)

// TestSettingsCommands shows and sets the follow-up settings and a year's holiday plan from the
// command line, and checks that a refused file changes nothing.
func TestSettingsCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := func(name, body string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append(args, "--data", dir), &out, io.Discard)
		return out.String(), err
	}

	out, err := cmd("settings", "show")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"phiên bản 1", "Asia/Ho_Chi_Minh", "3 ngày", "21:00–07:00", "7 giờ", `"before_days":[3,1]`,
		"2024  có sẵn", "2025  có sẵn"} {
		if !strings.Contains(out, want) {
			t.Errorf("settings show lacks %q:\n%s", want, out)
		}
	}

	_, err = cmd("settings", "set", "follow-up", file("bad.json",
		`{"timezone":"Asia/Hanoi","due_soon_days":3,"quiet_start":"21:00","quiet_end":"07:00","digest_hour":7}`))
	var de *dondoc.Error
	if !errors.As(err, &de) || de.Field != "timezone" || !strings.Contains(err.Error(), "Múi giờ “Asia/Hanoi” không tồn tại") {
		t.Errorf("unknown zone: %v", err)
	}
	if _, err := cmd("settings", "set", "follow-up", file("extra.json", `{"timezone":"UTC","snooze":1}`)); err == nil ||
		!strings.Contains(err.Error(), "snooze") {
		t.Errorf("unknown field: %v", err)
	}
	out, err = cmd("settings", "set", "follow-up", file("good.json",
		`{"timezone":"Asia/Bangkok","due_soon_days":5,"quiet_start":"22:00","quiet_end":"06:00","digest_hour":6,"version":1}`))
	if err != nil || out != "Đã lưu thiết lập đôn đốc (phiên bản 2).\n" {
		t.Fatalf("settings set: %q, %v", out, err)
	}
	if out, _ := cmd("settings", "show"); !strings.Contains(out, "Asia/Bangkok") || !strings.Contains(out, "22:00–06:00") {
		t.Errorf("settings show after set:\n%s", out)
	}

	out, err = cmd("calendar", "show", "2025")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Lịch nghỉ năm 2025 (có sẵn trong dondoc, phiên bản 1):", "01/01/2025  Thứ Tư", "29/01/2025  Thứ Tư    nghỉ    Tết Nguyên đán (mùng 1)",
		"03/02/2025  Thứ Hai   đi làm", "26/04/2025  Thứ Bảy   đi làm", "02/09/2025"} {
		if !strings.Contains(out, want) {
			t.Errorf("calendar show 2025 lacks %q:\n%s", want, out)
		}
	}

	_, err = cmd("calendar", "set", "2026", file("outside.json", `{"adjustments":[{"date":"2027-01-04","kind":"day_off","note":""}]}`))
	if !errors.As(err, &de) || de.Field != "adjustments[0].date" || !strings.Contains(err.Error(), "không thuộc năm 2026") {
		t.Errorf("a day of another year: %v", err)
	}
	if _, err := cmd("calendar", "set", "2026", file("other.json", `{"year":2027,"adjustments":[]}`)); err == nil ||
		!strings.Contains(err.Error(), "khác năm") {
		t.Errorf("a file for another year: %v", err)
	}
	out, err = cmd("calendar", "set", "2026", file("2026.json",
		`{"year":2026,"adjustments":[{"date":"2026-01-05","kind":"day_off","note":"Nghỉ nối Tết Dương lịch"}]}`))
	if err != nil || out != "Đã lưu lịch nghỉ năm 2026 (phiên bản 2, 1 ngày điều chỉnh).\n" {
		t.Fatalf("calendar set: %q, %v", out, err)
	}
	out, err = cmd("calendar", "show", "2026")
	if err != nil || !strings.Contains(out, "(đã lưu, phiên bản 2)") || !strings.Contains(out, "05/01/2026  Thứ Hai   nghỉ    Nghỉ nối Tết Dương lịch") {
		t.Errorf("calendar show 2026: %v\n%s", err, out)
	}

	for _, args := range [][]string{{"settings"}, {"settings", "set", "ladder", "x.json"}, {"calendar", "show"},
		{"calendar", "show", "năm"}, {"calendar", "set", "2026"}} {
		if _, err := cmd(args...); err == nil {
			t.Errorf("%v was accepted", args)
		}
	}
	if _, err := cmd("calendar", "show", "1800"); !errors.As(err, &de) || de.Field != "year" {
		t.Errorf("year 1800: %v", err)
	}
}

// TestCalendarInForce checks the wiring of the command: a plan stored through one opened
// database moves the deadlines counted in working days at once.
func TestCalendarInForce(t *testing.T) {
	ctx := context.Background()
	c := config{Data: t.TempDir()}
	db, err := openDB(ctx, &c)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := db.WorkingDays("2026-01-02", 1); got != "2026-01-05" {
		t.Fatalf("one working day after 02/01/2026 = %s", got)
	}
	sys := dondoc.WithActor(ctx, dondoc.SystemActor)
	if _, err := db.SetCalendarPlan(sys, 1, dondoc.CalendarPlan{Year: 2026, Adjustments: []dondoc.CalendarAdjustment{
		{Date: "2026-01-05", Kind: "day_off"}}}); err != nil {
		t.Fatal(err)
	}
	if got := db.WorkingDays("2026-01-02", 1); got != "2026-01-06" {
		t.Errorf("after the change, one working day after 02/01/2026 = %s", got)
	}
	if db.IsWorkingDay("2026-01-05") {
		t.Error("05/01/2026 still a working day")
	}
	// A recurring report due on the new day off falls due on the next working day.
	obs, err := db.Obligations("monthly", 5, "2026-01-01", "2026-01-31")
	if err != nil || len(obs) == 0 || obs[0].Due != "2026-01-06" {
		t.Errorf("obligations = %+v, %v", obs, err)
	}
}

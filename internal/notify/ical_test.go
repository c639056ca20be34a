package notify_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"dondoc"
	"dondoc/internal/notify"
)

// TestWriteCalendar writes a feed with long Vietnamese text and every character that TEXT values
// must escape, checks the octet-level rules of RFC 5545 (CRLF, 75-octet lines, folds that keep
// UTF-8 whole), and parses it back with an independent iCalendar library.
func TestWriteCalendar(t *testing.T) {
	long := strings.Repeat("Đẩy nhanh tiến độ giải phóng mặt bằng dự án cầu Đồng Việt; ", 4)
	cal := &dondoc.Calendar{Name: "dondoc – Huyện Yên Dũng", Items: []dondoc.CalendarItem{
		{UID: "task-12@dondoc", Date: "2024-06-14", Summary: "Hạn: " + long, Description: "Trạng thái: đang thực hiện, 40%\nGhi chú: a\\b", Link: "/nhiem-vu/12"},
		{UID: "escalation-3@dondoc", Date: "2024-12-31", Summary: "Hạn trả lời kiến nghị: vốn, mặt bằng", Description: "Trạng thái: chờ trả lời"},
	}}
	now := time.Date(2024, 6, 1, 8, 30, 0, 0, time.UTC)
	var buf bytes.Buffer
	if err := notify.WriteCalendar(&buf, cal, "https://dondoc.example.vn/", now); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasSuffix(raw, "END:VCALENDAR\r\n") {
		t.Error("the calendar does not end with END:VCALENDAR and CRLF")
	}
	folded := 0
	for i, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d has %d octets: %q", i, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i, line)
		}
		if strings.HasPrefix(line, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("the long summary was not folded")
	}

	parsed, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	events := parsed.Events()
	if len(events) != 2 {
		t.Fatalf("%d events, want 2", len(events))
	}
	text := func(e *ics.VEvent, p ics.ComponentProperty) string {
		t.Helper()
		prop := e.GetProperty(p)
		if prop == nil {
			t.Fatalf("event %s has no %s", e.Id(), p)
		}
		return ics.FromText(prop.Value)
	}
	e := events[0]
	if e.Id() != "task-12@dondoc" {
		t.Errorf("UID %q", e.Id())
	}
	if got := text(e, ics.ComponentPropertySummary); got != "Hạn: "+long {
		t.Errorf("summary %q", got)
	}
	if got := text(e, ics.ComponentPropertyDescription); got != "Trạng thái: đang thực hiện, 40%\nGhi chú: a\\b\nhttps://dondoc.example.vn/nhiem-vu/12" {
		t.Errorf("description %q", got)
	}
	start, err := e.GetAllDayStartAt()
	if err != nil || !start.Equal(time.Date(2024, 6, 14, 0, 0, 0, 0, start.Location())) {
		t.Errorf("start %v %v", start, err)
	}
	end, err := e.GetAllDayEndAt()
	if err != nil || end.Format(time.DateOnly) != "2024-06-15" {
		t.Errorf("end %v %v", end, err)
	}
	if stamp, err := e.GetDtStampTime(); err != nil || !stamp.Equal(now) {
		t.Errorf("DTSTAMP %v %v", stamp, err)
	}
	if got := text(events[1], ics.ComponentPropertySummary); got != "Hạn trả lời kiến nghị: vốn, mặt bằng" {
		t.Errorf("escalation summary %q", got)
	}
	if events[1].GetProperty(ics.ComponentPropertyUrl) != nil {
		t.Error("an item without a link has a URL")
	}
	if !strings.Contains(raw, `vốn\, mặt bằng`) {
		t.Error("the comma in the summary is not escaped")
	}
}

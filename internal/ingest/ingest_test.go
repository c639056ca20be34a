package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"dondoc"
	"dondoc/internal/docparse"
)

func TestDeadline(t *testing.T) {
	phrase := &docparse.Field{Text: "trước ngày 30/6/2024"}
	tests := []struct {
		name string
		task docparse.Task
		want dondoc.Deadline
	}{
		{"date", docparse.Task{Deadline: phrase, DeadlineDate: "2024-06-30"},
			dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-06-30", Phrase: phrase.Text}},
		{"monthly", docparse.Task{Deadline: &docparse.Field{Text: "trước ngày 15 hằng tháng"},
			Recurrence: &docparse.Recurrence{Frequency: "monthly", Day: 15}},
			dondoc.Deadline{Kind: dondoc.DeadlineRecurring, Recurrence: "monthly", DayOfPeriod: 15, Phrase: "trước ngày 15 hằng tháng"}},
		{"weekly is not chased", docparse.Task{Deadline: &docparse.Field{Text: "hằng tuần"}, Recurrence: &docparse.Recurrence{Frequency: "weekly"}},
			dondoc.Deadline{Kind: dondoc.DeadlineNone, Phrase: "hằng tuần"}},
		{"period end", docparse.Task{Deadline: &docparse.Field{Text: "trong quý III"}, PeriodEnd: "2024-09-30"},
			dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-09-30", Phrase: "trong quý III"}},
		{"none", docparse.Task{}, dondoc.Deadline{Kind: dondoc.DeadlineNone}},
	}
	for _, tt := range tests {
		if got := deadline(tt.task); got != tt.want {
			t.Errorf("%s: deadline = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestTitle(t *testing.T) {
	if got := title("  Rà soát   các dự án\n"); got != "Rà soát các dự án" {
		t.Errorf("short title = %q", got)
	}
	long := strings.Repeat("Đẩy nhanh tiến độ ", 30)
	got := title(long)
	if n := utf8.RuneCountInString(got); n > maxTitle+2 || !strings.HasSuffix(got, " …") || !strings.HasPrefix(long, strings.TrimSuffix(got, " …")) {
		t.Errorf("long title (%d runes) = %q", n, got)
	}
}

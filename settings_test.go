package dondoc

import (
	"errors"
	"strings"
	"testing"
	"time"
	// The zones of the tests load on machines without system tzdata, as in the command.
	_ "time/tzdata"
)

func TestFollowUpValidate(t *testing.T) {
	if err := DefaultFollowUp().Validate(); err != nil {
		t.Fatalf("default settings refused: %v", err)
	}
	change := func(fn func(*FollowUp)) FollowUp {
		f := DefaultFollowUp()
		fn(&f)
		return f
	}
	accepted := []struct {
		name string
		f    FollowUp
	}{
		{"another zone", change(func(f *FollowUp) { f.Timezone = "Asia/Bangkok" })},
		{"UTC", change(func(f *FollowUp) { f.Timezone = "UTC" })},
		{"no due-soon notice", change(func(f *FollowUp) { f.DueSoonDays = 0 })},
		{"a month's notice", change(func(f *FollowUp) { f.DueSoonDays = 30 })},
		{"no quiet hours", change(func(f *FollowUp) { f.QuietStart, f.QuietEnd = "00:00", "00:00" })},
		{"digest at the end of quiet hours", change(func(f *FollowUp) { f.QuietEnd, f.DigestHour = "06:00", 6 })},
		{"quiet hours within a day", change(func(f *FollowUp) { f.QuietStart, f.QuietEnd, f.DigestHour = "12:00", "13:30", 14 })},
		{"digest just before quiet hours", change(func(f *FollowUp) { f.DigestHour = 20 })},
	}
	for _, tt := range accepted {
		if err := tt.f.Validate(); err != nil {
			t.Errorf("%s: refused: %v", tt.name, err)
		}
	}
	refused := []struct {
		name, field, words string
		f                  FollowUp
	}{
		{"no zone", "timezone", "múi giờ", change(func(f *FollowUp) { f.Timezone = "" })},
		{"the machine's zone", "timezone", "múi giờ", change(func(f *FollowUp) { f.Timezone = "Local" })},
		{"unknown zone", "timezone", "Múi giờ “Asia/Hanoi” không tồn tại", change(func(f *FollowUp) { f.Timezone = "Asia/Hanoi" })},
		{"offset instead of a zone", "timezone", "không tồn tại", change(func(f *FollowUp) { f.Timezone = "+07:00" })},
		{"negative notice", "due_soon_days", "sắp đến hạn", change(func(f *FollowUp) { f.DueSoonDays = -1 })},
		{"notice too long", "due_soon_days", "từ 0 đến 30", change(func(f *FollowUp) { f.DueSoonDays = 31 })},
		{"quiet start without colon", "quiet_start", "HH:MM", change(func(f *FollowUp) { f.QuietStart = "2100" })},
		{"quiet start one digit", "quiet_start", "HH:MM", change(func(f *FollowUp) { f.QuietStart = "9:00" })},
		{"quiet start hour 24", "quiet_start", "HH:MM", change(func(f *FollowUp) { f.QuietStart = "24:00" })},
		{"quiet start signed", "quiet_start", "HH:MM", change(func(f *FollowUp) { f.QuietStart = "+1:00" })},
		{"quiet end minute 60", "quiet_end", "HH:MM", change(func(f *FollowUp) { f.QuietEnd = "07:60" })},
		{"quiet end with seconds", "quiet_end", "HH:MM", change(func(f *FollowUp) { f.QuietEnd = "07:00:00" })},
		{"quiet end empty", "quiet_end", "HH:MM", change(func(f *FollowUp) { f.QuietEnd = "" })},
		{"digest hour negative", "digest_hour", "từ 0 đến 23", change(func(f *FollowUp) { f.DigestHour = -1 })},
		{"digest hour 24", "digest_hour", "từ 0 đến 23", change(func(f *FollowUp) { f.DigestHour = 24 })},
		{"digest in quiet hours after midnight", "digest_hour", "nằm trong giờ yên lặng", change(func(f *FollowUp) { f.DigestHour = 6 })},
		{"digest in quiet hours before midnight", "digest_hour", "nằm trong giờ yên lặng 21:00–07:00", change(func(f *FollowUp) { f.DigestHour = 22 })},
		{"digest at the start of quiet hours", "digest_hour", "giờ yên lặng", change(func(f *FollowUp) { f.DigestHour = 21 })},
		{"digest in daytime quiet hours", "digest_hour", "giờ yên lặng", change(func(f *FollowUp) { f.QuietStart, f.QuietEnd, f.DigestHour = "12:00", "13:30", 13 })},
	}
	for _, tt := range refused {
		err := tt.f.Validate()
		var de *Error
		if !errors.As(err, &de) || de.Code != EInvalid || de.Field != tt.field || !strings.Contains(de.Message, tt.words) || de.MessageEN == "" {
			t.Errorf("%s: error = %#v, want invalid %s saying %q", tt.name, err, tt.field, tt.words)
		}
	}
}

func TestNextSendTime(t *testing.T) {
	vn := Location
	at := func(y int, m time.Month, d, h, min int, loc *time.Location) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultFollowUp()
	daytime := FollowUp{Timezone: "Asia/Ho_Chi_Minh", QuietStart: "12:00", QuietEnd: "13:30"}
	inParis := FollowUp{Timezone: "Europe/Paris", QuietStart: "22:00", QuietEnd: "08:00"}
	none := FollowUp{Timezone: "Asia/Ho_Chi_Minh", QuietStart: "07:00", QuietEnd: "07:00"}
	tests := []struct {
		name string
		f    FollowUp
		now  time.Time
		want time.Time
	}{
		{"working hours", def, at(2025, 3, 4, 10, 0, vn), at(2025, 3, 4, 10, 0, vn)},
		{"just before quiet hours", def, at(2025, 3, 4, 20, 59, vn), at(2025, 3, 4, 20, 59, vn)},
		{"start of quiet hours", def, at(2025, 3, 4, 21, 0, vn), at(2025, 3, 5, 7, 0, vn)},
		{"late evening", def, at(2025, 3, 4, 23, 30, vn), at(2025, 3, 5, 7, 0, vn)},
		{"small hours", def, at(2025, 3, 5, 2, 15, vn), at(2025, 3, 5, 7, 0, vn)},
		{"end of quiet hours", def, at(2025, 3, 5, 7, 0, vn), at(2025, 3, 5, 7, 0, vn)},
		{"year's end", def, at(2025, 12, 31, 22, 0, vn), at(2026, 1, 1, 7, 0, vn)},
		{"given in UTC", def, at(2025, 3, 4, 15, 0, time.UTC), at(2025, 3, 5, 0, 0, time.UTC)},
		{"lunch break", daytime, at(2025, 3, 4, 12, 45, vn), at(2025, 3, 4, 13, 30, vn)},
		{"after lunch", daytime, at(2025, 3, 4, 13, 30, vn), at(2025, 3, 4, 13, 30, vn)},
		{"no quiet hours", none, at(2025, 3, 4, 3, 0, vn), at(2025, 3, 4, 3, 0, vn)},
		// The night of 29–30 March 2025 loses an hour in Paris; quiet hours end at 08:00 summer time.
		{"across a clock change", inParis, at(2025, 3, 29, 23, 0, paris), at(2025, 3, 30, 8, 0, paris)},
		{"Paris afternoon", inParis, at(2025, 3, 29, 15, 0, paris), at(2025, 3, 29, 15, 0, paris)},
	}
	for _, tt := range tests {
		got := tt.f.NextSendTime(tt.now)
		if !got.Equal(tt.want) {
			t.Errorf("%s: NextSendTime(%s) = %s, want %s", tt.name, tt.now, got, tt.want)
		}
		if got.Before(tt.now) {
			t.Errorf("%s: NextSendTime goes back in time", tt.name)
		}
	}
}

func TestFollowUpLocation(t *testing.T) {
	if got := (FollowUp{Timezone: "Asia/Tokyo"}).Location().String(); got != "Asia/Tokyo" {
		t.Errorf("Location = %s", got)
	}
	for _, name := range []string{"", "Local", "Mars/Olympus"} {
		if got := (FollowUp{Timezone: name}).Location(); got != Location {
			t.Errorf("Location of %q = %s, want Viet Nam's", name, got)
		}
	}
}

func TestComputeTimingDueSoonSetting(t *testing.T) {
	tests := []struct {
		days    int
		dueOn   Date
		dueSoon bool
	}{
		{0, "2024-05-06", true},
		{0, "2024-05-07", false},
		{3, "2024-05-09", true},
		{3, "2024-05-10", false},
		{10, "2024-05-16", true},
		{10, "2024-05-17", false},
	}
	for _, tt := range tests {
		task := Task{Status: StatusInProgress, DueOn: tt.dueOn}
		task.ComputeTiming("2024-05-06", tt.days)
		if task.Timing.DueSoon != tt.dueSoon || task.Timing.Overdue {
			t.Errorf("due %s with %d days' notice: timing = %+v, want due soon %v", tt.dueOn, tt.days, task.Timing, tt.dueSoon)
		}
	}
}

package dondoc_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"dondoc"
)

func TestLadderValidate(t *testing.T) {
	ok := dondoc.DefaultLadder()
	tests := []struct {
		name  string
		edit  func(l *dondoc.Ladder)
		field string
	}{
		{"default", func(l *dondoc.Ladder) {}, ""},
		{"no steps before", func(l *dondoc.Ladder) { l.BeforeDays = nil }, ""},
		{"everything off", func(l *dondoc.Ladder) { *l = dondoc.Ladder{} }, ""},
		{"zero day before", func(l *dondoc.Ladder) { l.BeforeDays = []int{3, 0} }, "before_days[1]"},
		{"negative day before", func(l *dondoc.Ladder) { l.BeforeDays = []int{-1} }, "before_days[0]"},
		{"duplicate day before", func(l *dondoc.Ladder) { l.BeforeDays = []int{3, 3, 1} }, "before_days[1]"},
		{"later step first", func(l *dondoc.Ladder) { l.BeforeDays = []int{1, 3} }, "before_days[1]"},
		{"absurd day before", func(l *dondoc.Ladder) { l.BeforeDays = []int{401} }, "before_days[0]"},
		{"negative repeat", func(l *dondoc.Ladder) { l.OverdueEveryDays = -7 }, "overdue_every_days"},
		{"negative head", func(l *dondoc.Ladder) { l.HeadAfterDays = -1 }, "head_after_days"},
		{"negative assigner", func(l *dondoc.Ladder) { l.AssignerAfterDays = -1 }, "assigner_after_days"},
		{"assigner before head", func(l *dondoc.Ladder) { l.HeadAfterDays, l.AssignerAfterDays = 30, 7 }, "assigner_after_days"},
		{"assigner with head off", func(l *dondoc.Ladder) { l.HeadAfterDays, l.AssignerAfterDays = 0, 7 }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := ok
			l.BeforeDays = slices.Clone(ok.BeforeDays)
			tt.edit(&l)
			err := l.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var de *dondoc.Error
			if err == nil || !dondoc.IsCode(err, dondoc.EInvalid) {
				t.Fatalf("Validate() = %v, want invalid %s", err, tt.field)
			}
			de = err.(*dondoc.Error)
			if de.Field != tt.field || de.Message == "" || de.MessageEN == "" {
				t.Errorf("error = field %q (%q), want field %q", de.Field, de.Message, tt.field)
			}
		})
	}
}

// step is one reminder of the ladder as the tests write it: the day, the step and who.
type step struct {
	on   dondoc.Date
	step int
	who  string
}

func who(rs []dondoc.Addressee) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, string(r.Role)+"@"+string(r.Side))
	}
	return strings.Join(parts, "+")
}

// walkYear runs Due over every day of 2026 and returns the reminders it called for.
func walkYear(l dondoc.Ladder, f dondoc.ReminderFacts) []step {
	var out []step
	for d := dondoc.Date("2026-01-01"); d <= "2026-12-31"; d = d.AddDays(1) {
		for _, r := range dondoc.Due(l, f, d) {
			if r.On != d || r.Kind != f.Kind {
				panic(fmt.Sprintf("reminder %+v on %s", r, d))
			}
			out = append(out, step{d, r.Step, who(r.Recipients)})
		}
	}
	return out
}

func TestDueOverAYear(t *testing.T) {
	const (
		officer  = "unit_officer@lead"
		head     = "unit_officer@lead+unit_head@lead"
		assigner = "unit_officer@lead+unit_head@lead+office@assigner+leader@lead"
	)
	tests := []struct {
		name   string
		ladder dondoc.Ladder
		facts  dondoc.ReminderFacts
		want   []step
	}{
		{"task due 2026-10-30 with the default ladder", dondoc.DefaultLadder(),
			dondoc.ReminderFacts{Kind: dondoc.ReminderTask, Due: "2026-10-30"},
			[]step{
				{"2026-10-27", -3, "unit_officer@lead"}, {"2026-10-29", -1, officer}, {"2026-10-30", 0, officer},
				{"2026-11-06", 7, head}, {"2026-11-13", 14, head}, {"2026-11-20", 21, head}, {"2026-11-27", 28, head},
				{"2026-11-29", 30, assigner}, {"2026-12-04", 35, assigner}, {"2026-12-11", 42, assigner},
				{"2026-12-18", 49, assigner}, {"2026-12-25", 56, assigner},
			}},
		{"head and assigner off the weekly beat", dondoc.Ladder{BeforeDays: []int{5}, OverdueEveryDays: 10, HeadAfterDays: 15, AssignerAfterDays: 25},
			dondoc.ReminderFacts{Kind: dondoc.ReminderTask, Due: "2026-12-01"},
			[]step{
				{"2026-11-26", -5, officer}, {"2026-12-11", 10, officer}, {"2026-12-16", 15, head},
				{"2026-12-21", 20, head}, {"2026-12-26", 25, assigner}, {"2026-12-31", 30, assigner},
			}},
		{"no repeat: only the rungs", dondoc.Ladder{HeadAfterDays: 3, AssignerAfterDays: 200},
			dondoc.ReminderFacts{Kind: dondoc.ReminderTask, Due: "2026-06-01"},
			[]step{{"2026-06-04", 3, head}, {"2026-12-18", 200, assigner}}},
		{"report uses the task rungs", dondoc.Ladder{BeforeDays: []int{1}, OnDay: true},
			dondoc.ReminderFacts{Kind: dondoc.ReminderReport, Due: "2026-03-20"},
			[]step{{"2026-03-19", -1, officer}, {"2026-03-20", 0, officer}}},
		{"confirmation waits: no steps before or on the day", dondoc.Ladder{BeforeDays: []int{3, 1}, OnDay: true, OverdueEveryDays: 7, HeadAfterDays: 14, AssignerAfterDays: 21},
			dondoc.ReminderFacts{Kind: dondoc.ReminderConfirmation, Due: "2026-12-01"},
			[]step{{"2026-12-08", 7, "office@assigner"}, {"2026-12-15", 14, "office@assigner+unit_head@assigner"},
				{"2026-12-22", 21, "office@assigner+unit_head@assigner+leader@assigner"},
				{"2026-12-29", 28, "office@assigner+unit_head@assigner+leader@assigner"}}},
		{"extension uses the confirmation rungs", dondoc.Ladder{OverdueEveryDays: 100},
			dondoc.ReminderFacts{Kind: dondoc.ReminderExtension, Due: "2026-08-01"},
			[]step{{"2026-11-09", 100, "office@assigner"}}},
		{"escalation: on the day but never before", dondoc.Ladder{BeforeDays: []int{2}, OnDay: true, OverdueEveryDays: 30, HeadAfterDays: 30, AssignerAfterDays: 60},
			dondoc.ReminderFacts{Kind: dondoc.ReminderEscalation, Due: "2026-10-15"},
			[]step{{"2026-10-15", 0, "leader@target"}, {"2026-11-14", 30, "leader@target+unit_head@target"},
				{"2026-12-14", 60, "leader@target+unit_head@target+office@target"}}},
		{"no due date", dondoc.DefaultLadder(), dondoc.ReminderFacts{Kind: dondoc.ReminderTask, Due: dondoc.NoDate}, nil},
		{"unknown kind", dondoc.DefaultLadder(), dondoc.ReminderFacts{Kind: "memo", Due: "2026-05-05"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := walkYear(tt.ladder, tt.facts)
			if !slices.Equal(got, tt.want) {
				t.Errorf("reminders over 2026:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// weekdays is the calendar the window test uses: weekends off, and one holiday.
func weekdays(d dondoc.Date) bool {
	wd := d.Time().Weekday()
	return wd != time.Saturday && wd != time.Sunday && d != "2026-09-02"
}

// TestDueOnWorkingDayLosesNothing runs the scan's window on every working day of a year for many
// due dates and checks that every step of the ladder is sent exactly once, never on a day off,
// early when it falls before the due date and late when after.
func TestDueOnWorkingDayLosesNothing(t *testing.T) {
	l := dondoc.DefaultLadder()
	for due := dondoc.Date("2026-01-10"); due <= "2026-10-31"; due = due.AddDays(1) {
		for _, kind := range []dondoc.ReminderKind{dondoc.ReminderTask, dondoc.ReminderConfirmation} {
			f := dondoc.ReminderFacts{Kind: kind, Due: due}
			want := map[int]dondoc.Date{}
			for _, s := range walkYear(l, f) {
				want[s.step] = s.on
			}
			got := map[int]dondoc.Date{}
			prev := dondoc.Date("2025-12-31")
			for d := dondoc.Date("2026-01-01"); d <= "2026-12-31"; d = d.AddDays(1) {
				if !weekdays(d) {
					continue
				}
				next := d.AddDays(1)
				for !weekdays(next) {
					next = next.AddDays(1)
				}
				for _, r := range dondoc.DueOnWorkingDay(l, f, prev, d, next) {
					if _, dup := got[r.Step]; dup {
						t.Fatalf("%s %s: step %d sent twice", kind, due, r.Step)
					}
					if r.On != want[r.Step] {
						t.Fatalf("%s %s: step %d on %s, want %s", kind, due, r.Step, r.On, want[r.Step])
					}
					if (r.Step <= 0 && r.On < d) || (r.Step > 0 && r.On > d) {
						t.Fatalf("%s %s: step %d of %s sent on %s: wrong direction", kind, due, r.Step, r.On, d)
					}
					got[r.Step] = d
				}
				prev = d
			}
			if len(got) != len(want) {
				t.Fatalf("%s due %s: sent steps %v, want %v", kind, due, got, want)
			}
		}
	}
}

func TestBuildDigest(t *testing.T) {
	id := func(n int64) *int64 { return &n }
	rs := []dondoc.Reminder{
		{ID: 1, Kind: dondoc.ReminderTask, TaskID: id(10), Step: 7, DueOn: "2026-11-26", Title: "Xóa nhà tạm"},
		{ID: 2, Kind: dondoc.ReminderTask, TaskID: id(10), Step: 14, DueOn: "2026-12-03", Title: "Xóa nhà tạm"},
		{ID: 3, Kind: dondoc.ReminderTask, TaskID: id(11), Step: -3, DueOn: "2026-12-03", Title: "Giải ngân vốn"},
		{ID: 4, Kind: dondoc.ReminderReport, TaskID: id(12), Period: "2026-12", Step: 0, DueOn: "2026-12-03", Title: "Báo cáo an ninh"},
		{ID: 5, Kind: dondoc.ReminderEscalation, TaskID: id(10), EscalationID: id(3), Step: 2, DueOn: "2026-12-03", Title: "Thiếu vốn"},
		{ID: 6, Kind: dondoc.ReminderConfirmation, TaskID: id(13), Step: 7, DueOn: "2026-12-03", Title: "Sửa trường"},
	}
	d := dondoc.BuildDigest(4, "2026-12-03", rs)
	want := "Nhắc việc ngày 03/12/2026: 1 nhiệm vụ quá hạn, 1 nhiệm vụ sắp đến hạn, 1 báo cáo định kỳ đến hạn hôm nay, " +
		"1 đề nghị hoàn thành chờ xác nhận, 1 kiến nghị quá hạn trả lời.\n" +
		"- Xóa nhà tạm [quá hạn 14 ngày, hạn 19/11/2026]\n" +
		"- Giải ngân vốn [còn 3 ngày, hạn 06/12/2026]\n" +
		"- Báo cáo an ninh (kỳ 2026-12) [hạn hôm nay, 03/12/2026]\n" +
		"- Sửa trường [chờ 7 ngày, từ ngày 26/11/2026]\n" +
		"- Thiếu vốn [quá hạn 2 ngày, hạn 01/12/2026]\n"
	if d.Body != want {
		t.Errorf("body:\n%s\nwant:\n%s", d.Body, want)
	}
	if d.Subject != "Nhắc việc ngày 03/12/2026" || !slices.Equal(d.ReminderIDs, []int64{1, 2, 3, 4, 5, 6}) || d.UserID != 4 {
		t.Errorf("digest = %+v", d)
	}
	empty := dondoc.BuildDigest(4, "2026-12-03", nil)
	if empty.Body != "Nhắc việc ngày 03/12/2026: không có việc cần nhắc." || len(empty.ReminderIDs) != 0 {
		t.Errorf("empty digest = %+v", empty)
	}
}

func TestCanManageReminders(t *testing.T) {
	for role, want := range map[dondoc.Role]bool{dondoc.RoleAdmin: true, dondoc.RoleOffice: true, dondoc.RoleLeader: false,
		dondoc.RoleUnitHead: false, dondoc.RoleUnitOfficer: false, dondoc.RoleViewer: false} {
		a := &dondoc.Actor{Grants: []dondoc.Grant{{Role: role, UnitPath: "/1/"}}}
		if got := dondoc.CanManageReminders(a); got != want {
			t.Errorf("%s: CanManageReminders = %v, want %v", role, got, want)
		}
	}
	if dondoc.CanManageReminders(nil) || !dondoc.CanManageReminders(dondoc.SystemActor) {
		t.Error("nil actor may manage, or the system may not")
	}
}

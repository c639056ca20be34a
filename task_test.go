package dondoc

import (
	"encoding/json"
	"testing"
)

func TestTransitions(t *testing.T) {
	tests := []struct {
		from   Status
		before Status
		action Action
		want   Status
		ok     bool
	}{
		{StatusDraft, "", ActionAssign, StatusAssigned, true},
		{StatusAssigned, "", ActionAssign, "", false},
		{StatusAssigned, "", ActionReport, StatusInProgress, true},
		{StatusInProgress, "", ActionReport, StatusInProgress, true},
		{StatusDraft, "", ActionReport, "", false},
		{StatusInProgress, "", ActionRequestCompletion, StatusCompletionRequested, true},
		{StatusCompletionRequested, "", ActionConfirm, StatusDone, true},
		{StatusInProgress, "", ActionConfirm, "", false},
		{StatusCompletionRequested, "", ActionReject, StatusInProgress, true},
		{StatusInProgress, "", ActionSuspend, StatusSuspended, true},
		{StatusSuspended, StatusAssigned, ActionResume, StatusAssigned, true},
		{StatusSuspended, StatusCompletionRequested, ActionResume, StatusCompletionRequested, true},
		{StatusSuspended, "", ActionResume, StatusInProgress, true},
		{StatusDone, "", ActionCancel, "", false},
		{StatusSuspended, "", ActionCancel, StatusCancelled, true},
		{StatusInProgress, "", ActionTransfer, StatusInProgress, true},
		{StatusDone, "", ActionTransfer, "", false},
		{StatusCancelled, "", ActionResume, "", false},
	}
	for _, tt := range tests {
		task := &Task{Status: tt.from, StatusBefore: tt.before}
		got, err := task.Next(tt.action)
		if tt.ok && (err != nil || got != tt.want) {
			t.Errorf("%s from %s: got %s, %v; want %s", tt.action, tt.from, got, err, tt.want)
		}
		if !tt.ok && !IsCode(err, EConflict) {
			t.Errorf("%s from %s: err = %v, want conflict", tt.action, tt.from, err)
		}
	}
	if _, err := (&Task{Status: StatusDraft}).Next("explode"); !IsCode(err, EInvalid) {
		t.Errorf("unknown action: err = %v", err)
	}
}

func TestCanDo(t *testing.T) {
	units := TaskUnits{LeadPath: "/1/3/7/", AssignerPath: "/1/2/"}
	actor := func(role Role, path string) *Actor {
		return &Actor{UserID: 1, Grants: []Grant{{Role: role, UnitPath: path}}}
	}
	tests := []struct {
		name  string
		actor *Actor
		act   Action
		want  bool
	}{
		{"office of the province confirms", actor(RoleOffice, "/1/"), ActionConfirm, true},
		{"leader over the assigner cancels", actor(RoleLeader, "/1/2/"), ActionCancel, true},
		{"lead officer reports", actor(RoleUnitOfficer, "/1/3/7/"), ActionReport, true},
		{"district head over the lead requests completion", actor(RoleUnitHead, "/1/3/"), ActionRequestCompletion, true},
		{"lead officer cannot confirm", actor(RoleUnitOfficer, "/1/3/7/"), ActionConfirm, false},
		{"officer of a sibling cannot report", actor(RoleUnitOfficer, "/1/3/8/"), ActionReport, false},
		{"path prefix is not a sibling id", actor(RoleUnitOfficer, "/1/3/7"), ActionReport, true},
		{"viewer cannot report", actor(RoleViewer, "/1/"), ActionReport, false},
		{"admin cannot assign", actor(RoleAdmin, "/1/"), ActionAssign, false},
		{"system does everything", SystemActor, ActionConfirm, true},
	}
	for _, tt := range tests {
		if got := CanDo(tt.actor, tt.act, units); got != tt.want {
			t.Errorf("%s: CanDo = %v, want %v", tt.name, got, tt.want)
		}
	}
	// "/1/3/7" (without the slash) is not a path dondoc writes; the real sibling check is that
	// "/1/3/70/" is not covered by "/1/3/7/".
	if PathCovers("/1/3/7/", "/1/3/70/") {
		t.Error("/1/3/7/ must not cover /1/3/70/")
	}
}

func TestComputeTiming(t *testing.T) {
	tests := []struct {
		name     string
		task     Task
		today    Date
		overdue  bool
		dueSoon  bool
		daysOver int
		outcome  string
		hasLeft  bool
	}{
		{"overdue", Task{Status: StatusInProgress, DueOn: "2024-05-01"}, "2024-05-06", true, false, 5, "", true},
		{"due today", Task{Status: StatusAssigned, DueOn: "2024-05-06"}, "2024-05-06", false, true, 0, "", true},
		{"due in three days", Task{Status: StatusAssigned, DueOn: "2024-05-09"}, "2024-05-06", false, true, 0, "", true},
		{"due in four days", Task{Status: StatusAssigned, DueOn: "2024-05-10"}, "2024-05-06", false, false, 0, "", true},
		{"suspended is not overdue", Task{Status: StatusSuspended, DueOn: "2024-05-01"}, "2024-05-06", false, false, 0, "", false},
		{"done on time", Task{Status: StatusDone, DueOn: "2024-05-01", CompletedOn: "2024-05-01"}, "2024-06-01", false, false, 0, "on_time", false},
		{"done late", Task{Status: StatusDone, DueOn: "2024-05-01", CompletedOn: "2024-05-02"}, "2024-06-01", false, false, 0, "late", false},
		{"no deadline", Task{Status: StatusInProgress}, "2024-05-06", false, false, 0, "", false},
	}
	for _, tt := range tests {
		tt.task.ComputeTiming(tt.today, DefaultDueSoonDays)
		g := tt.task.Timing
		if g.Overdue != tt.overdue || g.DueSoon != tt.dueSoon || g.DaysOverdue != tt.daysOver || g.Outcome != tt.outcome || (g.DaysLeft != nil) != tt.hasLeft {
			t.Errorf("%s: timing = %+v", tt.name, g)
		}
	}
}

func TestDeadlineDue(t *testing.T) {
	// Received on Friday 2024-05-03: ten working days later, skipping two weekends, is Friday
	// 2024-05-17.
	d := Deadline{Kind: DeadlineWorkingDays, WorkingDays: 10}
	if got := d.Due("2024-05-03", nil); got != "2024-05-17" {
		t.Errorf("10 working days from 2024-05-03 = %s", got)
	}
	holiday := func(x Date) bool { return x == "2024-05-06" }
	if got := d.Due("2024-05-03", holiday); got != "2024-05-20" {
		t.Errorf("with a holiday = %s", got)
	}
	if got := (Deadline{Kind: DeadlineRecurring, Recurrence: "monthly"}).Due("2024-05-03", nil); got != NoDate {
		t.Errorf("recurring due = %s", got)
	}
	if err := (Deadline{Kind: DeadlineDate, Date: "2024-05-01"}).Validate("deadline", "2024-05-06"); !IsCode(err, EInvalid) {
		t.Errorf("deadline before the document: %v", err)
	}
}

func TestDateJSON(t *testing.T) {
	var v struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":"2024-02-30"}`), &v); err == nil {
		t.Error("2024-02-30 accepted")
	}
	if err := json.Unmarshal([]byte(`{"D":"2024-02-29"}`), &v); err != nil || v.D != "2024-02-29" {
		t.Errorf("leap day: %v %q", err, v.D)
	}
	b, _ := json.Marshal(struct{ D Date }{})
	if string(b) != `{"D":null}` {
		t.Errorf("empty date marshals as %s", b)
	}
	if Date("2024-05-06").Format() != "06/05/2024" {
		t.Error("Format")
	}
}

package dondoc

import "testing"

// wfActor builds an actor holding one role on one unit path.
func wfActor(role Role, path string) *Actor {
	return &Actor{UserID: 1, Grants: []Grant{{Role: role, UnitPath: path}}}
}

func wfField(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Field
	}
	return ""
}

func TestNextReportStatus(t *testing.T) {
	// The commune /1/4/6/ leads; the office /1/2/ assigned.
	u := TaskUnits{LeadPath: "/1/4/6/", AssignerPath: "/1/2/"}
	headDistrict := wfActor(RoleUnitHead, "/1/4/")
	officer := wfActor(RoleUnitOfficer, "/1/4/6/")
	office := wfActor(RoleOffice, "/1/")
	leaderElsewhere := wfActor(RoleLeader, "/1/5/")
	tests := []struct {
		name    string
		a       *Actor
		from    ReportStatus
		approve bool
		want    ReportStatus
		code    Code
	}{
		{"head approves", headDistrict, ReportSubmitted, true, ReportApproved, ""},
		{"head returns", headDistrict, ReportSubmitted, false, ReportReturned, ""},
		{"officer cannot approve", officer, ReportSubmitted, true, "", EForbidden},
		{"office cannot approve for the unit", office, ReportSubmitted, true, "", EForbidden},
		{"office accepts", office, ReportApproved, true, ReportAccepted, ""},
		{"office returns", office, ReportApproved, false, ReportReturned, ""},
		{"head cannot accept", headDistrict, ReportApproved, true, "", EForbidden},
		{"leader outside the assigner", leaderElsewhere, ReportApproved, true, "", EForbidden},
		{"accepted is final", office, ReportAccepted, true, "", EConflict},
		{"returned is final", headDistrict, ReportReturned, true, "", EConflict},
	}
	for _, tc := range tests {
		got, err := NextReportStatus(tc.a, tc.from, u, tc.approve)
		if tc.code != "" {
			if !IsCode(err, tc.code) {
				t.Errorf("%s: err = %v, want %s", tc.name, err, tc.code)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %s, %v; want %s", tc.name, got, err, tc.want)
		}
	}
}

func TestWorkflowPermissions(t *testing.T) {
	u := TaskUnits{LeadPath: "/1/4/6/", AssignerPath: "/1/2/"}
	officer := wfActor(RoleUnitOfficer, "/1/4/6/")
	otherOfficer := wfActor(RoleUnitOfficer, "/1/5/7/")
	office := wfActor(RoleOffice, "/1/")
	leader := wfActor(RoleLeader, "/1/")
	viewer := wfActor(RoleViewer, "/1/")
	checks := []struct {
		name string
		got  bool
		want bool
	}{
		{"officer reports", CanSubmitReport(officer, u), true},
		{"other commune reports", CanSubmitReport(otherOfficer, u), false},
		{"viewer reports", CanSubmitReport(viewer, u), false},
		{"officer asks for time", CanRequestExtension(officer, u), true},
		{"officer decides time", CanDecideExtension(officer, u), false},
		{"office decides time", CanDecideExtension(office, u), true},
		{"officer raises for own unit", CanRaiseEscalation(officer, "/1/4/6/"), true},
		{"officer raises for another", CanRaiseEscalation(otherOfficer, "/1/4/6/"), false},
		{"leader answers", CanAnswerEscalation(leader, "/1/2/"), true},
		{"office answers", CanAnswerEscalation(office, "/1/2/"), false},
		{"raiser closes", CanCloseEscalation(officer, "/1/4/6/"), true},
		{"addressee closes", CanCloseEscalation(leader, "/1/4/6/"), false},
		{"leader records visit", CanRecordFieldVisit(leader, []string{"/1/4/", "/1/5/7/"}), true},
		{"office records visit", CanRecordFieldVisit(office, []string{"/1/4/"}), true},
		{"officer records visit", CanRecordFieldVisit(officer, []string{"/1/4/6/"}), false},
		{"leader of one district visits two", CanRecordFieldVisit(wfActor(RoleLeader, "/1/4/"), []string{"/1/4/", "/1/5/"}), false},
		{"visit to no unit", CanRecordFieldVisit(leader, nil), false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestExtensionRules(t *testing.T) {
	for _, tc := range []struct {
		used, limit int
		ok          bool
	}{{0, 2, true}, {1, 2, true}, {2, 2, false}, {3, 2, false}, {0, 0, false}} {
		err := CheckExtensionLimit(tc.used, tc.limit)
		if (err == nil) != tc.ok || (err != nil && !IsCode(err, EConflict)) {
			t.Errorf("limit %d used %d: err = %v", tc.limit, tc.used, err)
		}
	}
	if err := CheckExtensionLimit(2, 2); err.(*Error).Message != "Nhiệm vụ đã gia hạn tối đa 2 lần." {
		t.Errorf("message = %q", err.(*Error).Message)
	}
	for _, tc := range []struct {
		name  string
		in    ExtensionInput
		due   Date
		field string
		code  Code
	}{
		{"ok", ExtensionInput{Proposed: "2024-07-31", Reason: "Chờ vốn"}, "2024-06-30", "", ""},
		{"missing date", ExtensionInput{Reason: "x"}, "2024-06-30", "proposed", EInvalid},
		{"impossible date", ExtensionInput{Proposed: "2024-02-30", Reason: "x"}, "2024-01-30", "proposed", EInvalid},
		{"same date", ExtensionInput{Proposed: "2024-06-30", Reason: "x"}, "2024-06-30", "proposed", EInvalid},
		{"earlier", ExtensionInput{Proposed: "2024-06-01", Reason: "x"}, "2024-06-30", "proposed", EInvalid},
		{"no reason", ExtensionInput{Proposed: "2024-07-31", Reason: "  "}, "2024-06-30", "reason", EInvalid},
		{"no deadline to extend", ExtensionInput{Proposed: "2024-07-31", Reason: "x"}, NoDate, "proposed", EConflict},
	} {
		err := tc.in.Validate(tc.due)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if !IsCode(err, tc.code) || wfField(err) != tc.field {
			t.Errorf("%s: err = %v, want %s on %s", tc.name, err, tc.code, tc.field)
		}
	}
	if got := ExtendedDeadline(Deadline{Kind: DeadlineWorkingDays, WorkingDays: 10, Phrase: "trong 10 ngày làm việc"}, "2024-08-01"); got != (Deadline{Kind: DeadlineDate, Date: "2024-08-01", Phrase: "trong 10 ngày làm việc"}) {
		t.Errorf("extended deadline = %+v", got)
	}
	for _, s := range []Status{StatusDone, StatusSuspended, StatusCancelled, StatusDraft} {
		if !IsCode(CheckExtendable(s), EConflict) {
			t.Errorf("extendable in %s", s)
		}
	}
	if err := CheckExtendable(StatusInProgress); err != nil {
		t.Errorf("in progress: %v", err)
	}
}

func TestReviewDecisionNeedsReasonToRefuse(t *testing.T) {
	if err := (&ReviewDecision{Approve: true}).Validate(); err != nil {
		t.Errorf("approval without note: %v", err)
	}
	if err := (&ReviewDecision{}).Validate(); wfField(err) != "note" {
		t.Errorf("refusal without note: err = %v, want field note", err)
	}
}

func TestEscalationRules(t *testing.T) {
	task, report := int64(3), int64(4)
	ok := EscalationInput{FromUnitID: 6, ToUnitID: 2, Subject: "Vướng mặt bằng", ResponseDue: "2024-05-20"}
	for _, tc := range []struct {
		name  string
		edit  func(*EscalationInput)
		field string
	}{
		{"ok", func(*EscalationInput) {}, ""},
		{"no from", func(in *EscalationInput) { in.FromUnitID = 0 }, "from_unit_id"},
		{"no to", func(in *EscalationInput) { in.ToUnitID = 0 }, "to_unit_id"},
		{"to itself", func(in *EscalationInput) { in.ToUnitID = 6 }, "to_unit_id"},
		{"no subject", func(in *EscalationInput) { in.Subject = "" }, "subject"},
		{"no response due", func(in *EscalationInput) { in.ResponseDue = "" }, "response_due"},
		{"response due in the past", func(in *EscalationInput) { in.ResponseDue = "2024-05-05" }, "response_due"},
		{"response due today", func(in *EscalationInput) { in.ResponseDue = "2024-05-06" }, ""},
		{"report without task", func(in *EscalationInput) { in.ReportID = &report }, "task_id"},
		{"report with task", func(in *EscalationInput) { in.ReportID, in.TaskID = &report, &task }, ""},
	} {
		in := ok
		tc.edit(&in)
		err := in.Validate("2024-05-06")
		if wfField(err) != tc.field || (tc.field == "") != (err == nil) {
			t.Errorf("%s: err = %v, want field %q", tc.name, err, tc.field)
		}
	}
	steps := []struct {
		from, to EscalationStatus
		ok       bool
	}{
		{EscalationOpen, EscalationAnswered, true},
		{EscalationAnswered, EscalationClosed, true},
		{EscalationOpen, EscalationClosed, false},
		{EscalationAnswered, EscalationAnswered, false},
		{EscalationClosed, EscalationAnswered, false},
	}
	for _, s := range steps {
		if err := CheckEscalationStep(s.from, s.to); (err == nil) != s.ok {
			t.Errorf("%s → %s: err = %v", s.from, s.to, err)
		}
	}
	e := Escalation{RaisedOn: "2024-05-01"}
	e.ComputeOutstanding("2024-05-06")
	if e.DaysOutstanding != 5 {
		t.Errorf("open 5 days: %d", e.DaysOutstanding)
	}
	e.AnsweredOn = "2024-05-03"
	e.ComputeOutstanding("2024-05-06")
	if e.DaysOutstanding != 2 {
		t.Errorf("answered after 2 days: %d", e.DaysOutstanding)
	}
	if err := (&DirectionInput{Direction: "Giao Sở Tài chính", NewDeadline: "2024-13-01"}).Validate(); wfField(err) != "new_deadline" {
		t.Errorf("bad new deadline: err = %v", err)
	}
	if err := (&DirectionInput{}).Validate(); wfField(err) != "direction" {
		t.Errorf("empty direction: err = %v", err)
	}
}

func TestFieldVisitValidate(t *testing.T) {
	ok := FieldVisitInput{LeaderID: 1, Date: "2024-05-06", UnitIDs: []int64{5, 6}, Findings: []string{"Đẩy nhanh giải phóng mặt bằng"}}
	for _, tc := range []struct {
		name  string
		edit  func(*FieldVisitInput)
		field string
	}{
		{"ok", func(*FieldVisitInput) {}, ""},
		{"no findings is fine", func(in *FieldVisitInput) { in.Findings = nil }, ""},
		{"no leader", func(in *FieldVisitInput) { in.LeaderID = 0 }, "leader_person_id"},
		{"no date", func(in *FieldVisitInput) { in.Date = "" }, "date"},
		{"bad date", func(in *FieldVisitInput) { in.Date = "2024-02-31" }, "date"},
		{"no units", func(in *FieldVisitInput) { in.UnitIDs = nil }, "unit_ids"},
		{"repeated unit", func(in *FieldVisitInput) { in.UnitIDs = []int64{5, 6, 5} }, "unit_ids[2]"},
		{"empty finding", func(in *FieldVisitInput) { in.Findings = []string{"a", "b", " "} }, "findings[2]"},
		{"control character", func(in *FieldVisitInput) { in.Findings = []string{"a\x00"} }, "findings[0]"},
	} {
		in := ok
		tc.edit(&in)
		err := in.Validate()
		if wfField(err) != tc.field || (tc.field == "") != (err == nil) {
			t.Errorf("%s: err = %v, want field %q", tc.name, err, tc.field)
		}
	}
}

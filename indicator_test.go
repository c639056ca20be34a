package dondoc

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestPeriodTypeOf(t *testing.T) {
	tests := []struct {
		key  string
		want PeriodType
	}{
		{"2024", PeriodYear},
		{"2024-05", PeriodMonth},
		{"2024-12", PeriodMonth},
		{"2024-Q2", PeriodQuarter},
		{"2024-H1", PeriodHalfYear},
		{"2021-2025", PeriodTerm},
		{"2025-2021", ""},
		{"2024-2024", ""},
		{"2024-13", ""},
		{"2024-00", ""},
		{"2024-Q5", ""},
		{"2024-H3", ""},
		{"24", ""},
		{"", ""},
		{"2024-5", ""},
	}
	for _, tt := range tests {
		if got := PeriodTypeOf(tt.key); got != tt.want {
			t.Errorf("PeriodTypeOf(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func num(v float64) *float64 { return &v }

func TestValidateActual(t *testing.T) {
	monthly := &Indicator{Aggregation: AggSum, PeriodType: PeriodMonth, Disaggregations: []string{"nam", "nữ"}}
	ratio := &Indicator{Aggregation: AggRatio, PeriodType: PeriodQuarter}
	yearly := &Indicator{Aggregation: AggLast, PeriodType: PeriodYear}
	halfYearly := &Indicator{Aggregation: AggAverage, PeriodType: PeriodHalfYear}
	tests := []struct {
		name  string
		ind   *Indicator
		in    ValueInput
		field string
	}{
		{"month ok", monthly, ValueInput{UnitID: 1, Period: "2024-05", Value: num(12), Parts: map[string]float64{"nam": 5, "nữ": 7}}, ""},
		{"month given a quarter", monthly, ValueInput{UnitID: 1, Period: "2024-Q2", Value: num(12)}, "period"},
		{"month given a year", monthly, ValueInput{UnitID: 1, Period: "2024", Value: num(12)}, "period"},
		{"quarter ok", ratio, ValueInput{UnitID: 1, Period: "2024-Q2", Value: num(3), Denominator: num(10)}, ""},
		{"ratio without denominator", ratio, ValueInput{UnitID: 1, Period: "2024-Q2", Value: num(3)}, "denominator"},
		{"ratio with zero denominator", ratio, ValueInput{UnitID: 1, Period: "2024-Q2", Value: num(3), Denominator: num(0)}, "denominator"},
		{"ratio with infinite denominator", ratio, ValueInput{UnitID: 1, Period: "2024-Q2", Value: num(3), Denominator: num(math.Inf(1))}, "denominator"},
		{"denominator on a sum", monthly, ValueInput{UnitID: 1, Period: "2024-05", Value: num(3), Denominator: num(4)}, "denominator"},
		{"year ok", yearly, ValueInput{UnitID: 1, Period: "2024", Value: num(1)}, ""},
		{"year given a term", yearly, ValueInput{UnitID: 1, Period: "2021-2025", Value: num(1)}, "period"},
		{"half-year ok", halfYearly, ValueInput{UnitID: 1, Period: "2024-H1", Value: num(1)}, ""},
		{"half-year given a month", halfYearly, ValueInput{UnitID: 1, Period: "2024-06", Value: num(1)}, "period"},
		{"unknown part", monthly, ValueInput{UnitID: 1, Period: "2024-05", Value: num(1), Parts: map[string]float64{"trẻ em": 1}}, "parts.trẻ em"},
		{"parts without disaggregations", yearly, ValueInput{UnitID: 1, Period: "2024", Value: num(1), Parts: map[string]float64{"nam": 1}}, "parts.nam"},
		{"NaN part", monthly, ValueInput{UnitID: 1, Period: "2024-05", Value: num(1), Parts: map[string]float64{"nam": math.NaN()}}, "parts.nam"},
		{"NaN value", monthly, ValueInput{UnitID: 1, Period: "2024-05", Value: num(math.NaN())}, "value"},
		{"infinite value", monthly, ValueInput{UnitID: 1, Period: "2024-05", Value: num(math.Inf(-1))}, "value"},
		{"missing value", monthly, ValueInput{UnitID: 1, Period: "2024-05"}, "value"},
		{"missing unit", monthly, ValueInput{Period: "2024-05", Value: num(1)}, "unit_id"},
		{"malformed period", monthly, ValueInput{UnitID: 1, Period: "05/2024", Value: num(1)}, "period"},
		{"control character in note", monthly, ValueInput{UnitID: 1, Period: "2024-05", Value: num(1), Note: "a\x00b"}, "note"},
	}
	for _, tt := range tests {
		err := tt.in.ValidateActual(tt.ind)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var e *Error
		if !IsCode(err, EInvalid) || !asError(err, &e) || e.Field != tt.field {
			t.Errorf("%s: err = %v, want invalid field %q", tt.name, err, tt.field)
		}
	}
}

// asError reports whether err is a domain error, storing it in e.
func asError(err error, e **Error) bool { return errors.As(err, e) }

func TestValidateTarget(t *testing.T) {
	tests := []struct {
		name  string
		in    ValueInput
		field string
	}{
		{"year", ValueInput{UnitID: 1, Period: "2024", Value: num(100)}, ""},
		{"quarter", ValueInput{UnitID: 1, Period: "2024-Q3", Value: num(100)}, ""},
		{"half-year", ValueInput{UnitID: 1, Period: "2024-H2", Value: num(100)}, ""},
		{"month", ValueInput{UnitID: 1, Period: "2024-11", Value: num(100)}, ""},
		{"term", ValueInput{UnitID: 1, Period: "2021-2025", Value: num(100)}, ""},
		{"backward term", ValueInput{UnitID: 1, Period: "2025-2021", Value: num(100)}, "period"},
		{"denominator", ValueInput{UnitID: 1, Period: "2024", Value: num(100), Denominator: num(2)}, "denominator"},
		{"parts", ValueInput{UnitID: 1, Period: "2024", Value: num(100), Parts: map[string]float64{"nam": 1}}, "parts"},
		{"NaN", ValueInput{UnitID: 1, Period: "2024", Value: num(math.NaN())}, "value"},
	}
	for _, tt := range tests {
		err := tt.in.ValidateTarget()
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var e *Error
		if !asError(err, &e) || e.Code != EInvalid || e.Field != tt.field {
			t.Errorf("%s: err = %v, want invalid field %q", tt.name, err, tt.field)
		}
	}
}

func TestIndicatorValidate(t *testing.T) {
	ok := Indicator{Code: "GN-DTC", Name: "Giải ngân vốn đầu tư công", Measure: "%", Aggregation: AggRatio, PeriodType: PeriodMonth}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(*Indicator)
		field string
	}{
		{"no code", func(i *Indicator) { i.Code = " " }, "code"},
		{"no name", func(i *Indicator) { i.Name = "" }, "name"},
		{"bad aggregation", func(i *Indicator) { i.Aggregation = "max" }, "aggregation"},
		{"term as period type", func(i *Indicator) { i.PeriodType = PeriodTerm }, "period_type"},
		{"empty disaggregation", func(i *Indicator) { i.Disaggregations = []string{"nam", ""} }, "disaggregations[1]"},
		{"duplicate disaggregation", func(i *Indicator) { i.Disaggregations = []string{"nam", "nữ", "nam"} }, "disaggregations[2]"},
	}
	for _, tt := range tests {
		in := ok
		tt.edit(&in)
		var e *Error
		if err := in.Validate(); !asError(err, &e) || e.Code != EInvalid || e.Field != tt.field {
			t.Errorf("%s: err = %v, want invalid field %q", tt.name, err, tt.field)
		}
	}
}

// actorWith returns an actor holding one role on the unit at path.
func actorWith(role Role, path string) *Actor {
	return &Actor{UserID: 9, Grants: []Grant{{Role: role, UnitPath: path}}}
}

func TestIndicatorPermissions(t *testing.T) {
	const province, district, commune, other = "/1/", "/1/4/", "/1/4/6/", "/1/5/7/"
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"office defines", CanDefineIndicator(actorWith(RoleOffice, district)), true},
		{"admin defines", CanDefineIndicator(actorWith(RoleAdmin, province)), true},
		{"leader does not define", CanDefineIndicator(actorWith(RoleLeader, province)), false},
		{"officer does not define", CanDefineIndicator(actorWith(RoleUnitOfficer, commune)), false},
		{"office sets target below", CanSetTarget(actorWith(RoleOffice, province), commune), true},
		{"leader sets target below", CanSetTarget(actorWith(RoleLeader, district), commune), true},
		{"leader of another district", CanSetTarget(actorWith(RoleLeader, district), other), false},
		{"admin does not set targets", CanSetTarget(actorWith(RoleAdmin, province), commune), false},
		{"head does not set targets", CanSetTarget(actorWith(RoleUnitHead, commune), commune), false},
		{"officer submits", CanSubmitActual(actorWith(RoleUnitOfficer, commune), commune), true},
		{"head submits", CanSubmitActual(actorWith(RoleUnitHead, commune), commune), true},
		{"office over submits", CanSubmitActual(actorWith(RoleOffice, district), commune), true},
		{"officer of another commune", CanSubmitActual(actorWith(RoleUnitOfficer, other), commune), false},
		{"viewer does not submit", CanSubmitActual(actorWith(RoleViewer, province), commune), false},
		{"leader does not submit", CanSubmitActual(actorWith(RoleLeader, province), commune), false},
		{"office manages project", CanManageProject(actorWith(RoleOffice, province), district), true},
		{"officer does not manage project", CanManageProject(actorWith(RoleUnitOfficer, district), district), false},
		{"viewer reads projects", CanReadProjects(actorWith(RoleViewer, commune)), true},
		{"admin alone reads no projects", CanReadProjects(actorWith(RoleAdmin, province)), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestReviewActualStep(t *testing.T) {
	const commune = "/1/4/6/"
	head := actorWith(RoleUnitHead, commune)
	office := actorWith(RoleOffice, "/1/")
	officer := actorWith(RoleUnitOfficer, commune)
	otherHead := actorWith(RoleUnitHead, "/1/5/7/")
	approve, ret := ReviewDecision{Approve: true}, ReviewDecision{Note: "Sai số liệu"}
	tests := []struct {
		name   string
		actor  *Actor
		status ActualStatus
		d      ReviewDecision
		want   ActualStatus
		code   Code
	}{
		{"head approves", head, ActualSubmitted, approve, ActualApproved, ""},
		{"head returns", head, ActualSubmitted, ret, ActualReturned, ""},
		{"office accepts", office, ActualApproved, approve, ActualAccepted, ""},
		{"office returns", office, ActualApproved, ret, ActualReturned, ""},
		{"office cannot skip the head", office, ActualSubmitted, approve, "", EForbidden},
		{"officer cannot approve", officer, ActualSubmitted, approve, "", EForbidden},
		{"head of another unit", otherHead, ActualSubmitted, approve, "", EForbidden},
		{"head cannot accept", head, ActualApproved, approve, "", EForbidden},
		{"accepted is final", office, ActualAccepted, approve, "", EConflict},
		{"returned awaits resubmission", head, ActualReturned, approve, "", EConflict},
		{"a return says why", head, ActualSubmitted, ReviewDecision{Note: " "}, "", EInvalid},
		{"an office return says why", office, ActualApproved, ReviewDecision{}, "", EInvalid},
	}
	for _, tt := range tests {
		got, err := ReviewActualStep(tt.actor, commune, tt.status, tt.d)
		if tt.code != "" {
			if !IsCode(err, tt.code) {
				t.Errorf("%s: err = %v, want %s", tt.name, err, tt.code)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	for s, want := range map[ActualStatus]bool{ActualSubmitted: true, ActualReturned: true, ActualApproved: false, ActualAccepted: false} {
		if s.Resubmittable() != want {
			t.Errorf("%s resubmittable = %v, want %v", s, !want, want)
		}
	}
}

func TestProjectValidate(t *testing.T) {
	ok := Project{Name: "Cầu Đồng Việt", InvestorUnitID: 3, TotalInvestment: 1_200_000, PlannedStart: "2022-01-15", PlannedEnd: "2025-06-30",
		Milestones: []Milestone{{Name: "Hợp long", Planned: "2024-09-30"}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	zero := int64(0)
	tests := []struct {
		name  string
		edit  func(*Project)
		field string
	}{
		{"no name", func(p *Project) { p.Name = "" }, "name"},
		{"no investor", func(p *Project) { p.InvestorUnitID = 0 }, "investor_unit_id"},
		{"negative investment", func(p *Project) { p.TotalInvestment = -1 }, "total_investment"},
		{"NaN investment", func(p *Project) { p.TotalInvestment = math.NaN() }, "total_investment"},
		{"end before start", func(p *Project) { p.PlannedEnd = "2021-01-01" }, "planned_end"},
		{"bad start", func(p *Project) { p.PlannedStart = "2022-02-30" }, "planned_start"},
		{"zero indicator", func(p *Project) { p.IndicatorID = &zero }, "indicator_id"},
		{"milestone without name", func(p *Project) { p.Milestones = []Milestone{{Planned: "2024-01-01"}} }, "milestones[0].name"},
		{"milestone without date", func(p *Project) { p.Milestones = []Milestone{{Name: "Khởi công"}} }, "milestones[0].planned"},
		{"milestone bad actual", func(p *Project) {
			p.Milestones = []Milestone{{Name: "Khởi công", Planned: "2024-01-01", Actual: "2024-13-01"}}
		}, "milestones[0].actual"},
	}
	for _, tt := range tests {
		p := ok
		tt.edit(&p)
		var e *Error
		if err := p.Validate(); !asError(err, &e) || e.Code != EInvalid || e.Field != tt.field {
			t.Errorf("%s: err = %v, want invalid field %q", tt.name, err, tt.field)
		}
	}
}

func TestEntrySettingLock(t *testing.T) {
	const cutoff = Date("2024-05-14")
	tests := []struct {
		s      EntrySetting
		today  Date
		locked bool
	}{
		{EntrySetting{Enabled: true, GraceDays: 5}, "2024-05-19", false},
		{EntrySetting{Enabled: true, GraceDays: 5}, "2024-05-20", true},
		{EntrySetting{Enabled: true, GraceDays: 0}, "2024-05-14", false},
		{EntrySetting{Enabled: true, GraceDays: 0}, "2024-05-15", true},
		{EntrySetting{Enabled: true, GraceDays: 20}, "2024-06-03", false},
		{EntrySetting{Enabled: true, GraceDays: 20}, "2024-06-04", true},
		{EntrySetting{Enabled: false, GraceDays: 0}, "2030-01-01", false},
	}
	for _, tt := range tests {
		if got := tt.s.Locked(cutoff, tt.today); got != tt.locked {
			t.Errorf("%+v on %s: locked = %v, want %v", tt.s, tt.today, got, tt.locked)
		}
	}
	for g, ok := range map[int]bool{0: true, 5: true, 366: true, -1: false, 367: false} {
		if err := (EntrySetting{GraceDays: g}).Validate(); (err == nil) != ok {
			t.Errorf("grace %d: %v", g, err)
		}
	}
	if d := DefaultEntrySetting(); d.Enabled || d.GraceDays != 5 {
		t.Errorf("default = %+v", d)
	}
	err := PeriodLocked("2024-05", "2024-05-19")
	var e *Error
	if !asError(err, &e) || e.Code != EConflict || e.Field != "period" || !strings.Contains(e.Message, "19/05/2024") {
		t.Errorf("locked error = %v", err)
	}
}

func TestEntryExceptionInput(t *testing.T) {
	ind := &Indicator{PeriodType: PeriodMonth}
	const today = Date("2024-06-25")
	ok := EntryExceptionInput{UnitID: 3, Period: "2024-05", Until: "2024-06-25", Reason: "Mưa lũ"}
	if err := ok.Validate(ind, today); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		edit  func(*EntryExceptionInput)
		field string
	}{
		{func(in *EntryExceptionInput) { in.UnitID = 0 }, "unit_id"},
		{func(in *EntryExceptionInput) { in.Period = "2024-Q2" }, "period"},
		{func(in *EntryExceptionInput) { in.Until = "" }, "until"},
		{func(in *EntryExceptionInput) { in.Until = "2024-02-30" }, "until"},
		{func(in *EntryExceptionInput) { in.Until = "2024-06-24" }, "until"},
		{func(in *EntryExceptionInput) { in.Reason = " " }, "reason"},
	}
	for i, tt := range tests {
		in := ok
		tt.edit(&in)
		var e *Error
		if err := in.Validate(ind, today); !asError(err, &e) || e.Field != tt.field {
			t.Errorf("case %d: %v, want an error on %s", i, err, tt.field)
		}
	}
	x := EntryException{Until: "2024-06-25"}
	if !x.ActiveOn("2024-06-25") || x.ActiveOn("2024-06-26") {
		t.Errorf("an exception must run through its last day and stop after it")
	}
}

func TestImportKindAndColumns(t *testing.T) {
	for s, want := range map[string]ImportKind{"": ImportActuals, "actuals": ImportActuals, "targets": ImportTargets} {
		if got, err := ParseImportKind(s); err != nil || got != want {
			t.Errorf("kind %q = %q, %v", s, got, err)
		}
	}
	if _, err := ParseImportKind("plans"); !IsCode(err, EInvalid) {
		t.Errorf("kind plans: %v", err)
	}
	for field, col := range map[string]string{"unit_id": "Mã đơn vị", "period": "Kỳ", "value": "Giá trị",
		"denominator": "Mẫu số", "note": "Ghi chú", "parts.hộ nghèo": "Phân tổ: hộ nghèo"} {
		if got := ImportColumn(field); got != col {
			t.Errorf("column of %s = %q, want %q", field, got, col)
		}
	}
	r := ImportRow{Row: 4}
	r.ProblemFrom(Invalid("parts.hộ khá", "Chỉ tiêu không có phân tổ này.", "No such part."), "value")
	r.ProblemFrom(Conflict("Đã duyệt.", "Settled."), "value")
	if len(r.Problems) != 2 || r.Problems[0].Column != "Phân tổ: hộ khá" || r.Problems[1].Field != "value" || r.Problems[1].Row != 4 ||
		!r.HasProblem("value") || r.HasProblem("period") {
		t.Errorf("problems = %+v", r.Problems)
	}
}

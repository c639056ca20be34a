package sqldb_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// member creates a user account and returns a context acting as that user with one role on one
// unit; actuals record who submitted them, so their submitters must be real accounts.
func member(t *testing.T, db *sqldb.DB, name string, role dondoc.Role, unit *dondoc.Unit) context.Context {
	t.Helper()
	u, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: name, DisplayName: name}, "unused-hash")
	if err != nil {
		t.Fatal(err)
	}
	return sqldbtest.As(u.ID, role, unit)
}

// wantErr fails the test unless err carries code and, when field is set, names that field.
func wantErr(t *testing.T, what string, err error, code dondoc.Code, field string) {
	t.Helper()
	var e *dondoc.Error
	if !errors.As(err, &e) || e.Code != code || (field != "" && e.Field != field) {
		t.Errorf("%s: err = %v, want %s on field %q", what, err, code, field)
	}
}

func value(v float64) *float64 { return &v }

// newIndicator defines an indicator as the system and fails the test on error.
func newIndicator(t *testing.T, db *sqldb.DB, in dondoc.Indicator) *dondoc.Indicator {
	t.Helper()
	ind, err := db.CreateIndicator(sqldbtest.System(), in)
	if err != nil {
		t.Fatalf("create indicator %s: %v", in.Code, err)
	}
	return ind
}

func TestIndicatorDefinitions(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Office)
		ind, err := db.CreateIndicator(office, dondoc.Indicator{Code: "NHA-TAM", Name: "Tỷ lệ hộ được xóa nhà tạm",
			Measure: "căn", Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth, HigherIsBetter: true,
			Disaggregations: []string{"hộ nghèo", "hộ cận nghèo"}})
		if err != nil {
			t.Fatal(err)
		}
		if ind.ID == 0 || ind.Version != 1 || len(ind.Disaggregations) != 2 || ind.Disaggregations[1] != "hộ cận nghèo" || !ind.HigherIsBetter {
			t.Errorf("created indicator = %+v", ind)
		}
		_, err = db.CreateIndicator(office, dondoc.Indicator{Code: "NHA-TAM", Name: "Khác", Measure: "căn",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodYear})
		wantErr(t, "duplicate code", err, dondoc.EConflict, "code")
		_, err = db.CreateIndicator(sqldbtest.As(2, dondoc.RoleUnitOfficer, p.CommuneA), dondoc.Indicator{Code: "X", Name: "X",
			Measure: "x", Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodYear})
		wantErr(t, "officer defines", err, dondoc.EForbidden, "")
		_, err = db.CreateIndicator(office, dondoc.Indicator{Code: "Y", Name: "Y", Measure: "y", Aggregation: "max", PeriodType: dondoc.PeriodYear})
		wantErr(t, "bad aggregation", err, dondoc.EInvalid, "aggregation")

		newIndicator(t, db, dondoc.Indicator{Code: "GN", Name: "Giải ngân vốn đầu tư công", Measure: "%",
			Aggregation: dondoc.AggRatio, PeriodType: dondoc.PeriodQuarter})
		newIndicator(t, db, dondoc.Indicator{Code: "THU", Name: "Đóng góp thu ngân sách", Measure: "tỷ đồng",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodYear})
		list, err := db.ListIndicators(sqldbtest.As(3, dondoc.RoleViewer, p.CommuneB))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, i := range list {
			names = append(names, i.Name)
		}
		// Vietnamese order puts Đ right after D, before G; byte order would put it last.
		want := "Đóng góp thu ngân sách|Giải ngân vốn đầu tư công|Tỷ lệ hộ được xóa nhà tạm"
		if got := strings.Join(names, "|"); got != want {
			t.Errorf("indicators in order %q, want %q", got, want)
		}
	})
}

func TestTargets(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		ind := newIndicator(t, db, dondoc.Indicator{Code: "THU", Name: "Thu ngân sách", Measure: "tỷ đồng",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth})
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		leaderA := sqldbtest.As(2, dondoc.RoleLeader, p.DistrictA)

		first, err := db.SetTarget(office, ind.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2021-2025", Value: value(500)})
		if err != nil {
			t.Fatal(err)
		}
		second, err := db.SetTarget(leaderA, ind.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2021-2025", Value: value(550), Note: "Điều chỉnh"})
		if err != nil {
			t.Fatal(err)
		}
		if second.ID != first.ID || second.Version != 2 || second.Value != 550 || second.Period != "2021-2025" {
			t.Errorf("revised target = %+v, want id %d version 2 value 550", second, first.ID)
		}
		if _, err := db.SetTarget(office, ind.ID, dondoc.ValueInput{UnitID: p.CommuneB.ID, Period: "2024", Value: value(80)}); err != nil {
			t.Fatal(err)
		}
		audit, err := db.ListAudit(office, "target", first.ID, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(audit.Items) != 2 || audit.Items[0].Action != "target.update" || !strings.Contains(audit.Items[0].Before, "500") ||
			!strings.Contains(audit.Items[0].After, "550") {
			t.Errorf("target audit = %+v", audit.Items)
		}

		bad := []struct {
			name  string
			ctx   context.Context
			id    int64
			in    dondoc.ValueInput
			code  dondoc.Code
			field string
		}{
			{"leader of another district", leaderA, ind.ID, dondoc.ValueInput{UnitID: p.CommuneB.ID, Period: "2024", Value: value(1)}, dondoc.EForbidden, "unit_id"},
			{"officer", sqldbtest.As(3, dondoc.RoleUnitOfficer, p.CommuneA), ind.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024", Value: value(1)}, dondoc.EForbidden, "unit_id"},
			{"unknown unit", office, ind.ID, dondoc.ValueInput{UnitID: 9999, Period: "2024", Value: value(1)}, dondoc.EInvalid, "unit_id"},
			{"bad period", office, ind.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-Q7", Value: value(1)}, dondoc.EInvalid, "period"},
			{"no value", office, ind.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024"}, dondoc.EInvalid, "value"},
			{"denominator", office, ind.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024", Value: value(1), Denominator: value(2)}, dondoc.EInvalid, "denominator"},
			{"unknown indicator", office, ind.ID + 100, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024", Value: value(1)}, dondoc.ENotFound, ""},
		}
		for _, b := range bad {
			_, err := db.SetTarget(b.ctx, b.id, b.in)
			wantErr(t, b.name, err, b.code, b.field)
		}

		all, err := db.ListTargets(office, ind.ID, 0)
		if err != nil || len(all) != 2 {
			t.Fatalf("office lists %d targets (err %v), want 2", len(all), err)
		}
		mine, err := db.ListTargets(sqldbtest.As(4, dondoc.RoleUnitOfficer, p.CommuneB), ind.ID, 0)
		if err != nil || len(mine) != 1 || mine[0].UnitID != p.CommuneB.ID {
			t.Errorf("commune B lists %+v (err %v), want only its own target", mine, err)
		}
		none, err := db.ListTargets(sqldbtest.As(4, dondoc.RoleUnitOfficer, p.CommuneB), ind.ID, p.CommuneA.ID)
		if err != nil || len(none) != 0 {
			t.Errorf("commune B lists commune A's targets: %+v (err %v)", none, err)
		}
		one, err := db.ListTargets(office, ind.ID, p.CommuneA.ID)
		if err != nil || len(one) != 1 || one[0].Value != 550 {
			t.Errorf("office lists commune A: %+v (err %v)", one, err)
		}
		_, err = db.ListTargets(office, ind.ID, 9999)
		wantErr(t, "unknown unit filter", err, dondoc.EInvalid, "unit")
		_, err = db.ListTargets(office, ind.ID+100, 0)
		wantErr(t, "unknown indicator", err, dondoc.ENotFound, "")
	})
}

func TestActualReviewChain(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		ind := newIndicator(t, db, dondoc.Indicator{Code: "NHA-TAM", Name: "Nhà tạm được xóa", Measure: "căn",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth, Disaggregations: []string{"hộ nghèo", "hộ cận nghèo"}})
		officerA := member(t, db, "officer-a", dondoc.RoleUnitOfficer, p.CommuneA)
		officerB := member(t, db, "officer-b", dondoc.RoleUnitOfficer, p.CommuneB)
		headA := member(t, db, "head-a", dondoc.RoleUnitHead, p.CommuneA)
		districtHead := member(t, db, "head-district-b", dondoc.RoleUnitHead, p.DistrictB)
		office := member(t, db, "office", dondoc.RoleOffice, p.Root)

		in := dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-05", Value: value(12),
			Parts: map[string]float64{"hộ nghèo": 8, "hộ cận nghèo": 4}, Note: "Số liệu tháng 5"}
		x, err := db.SubmitActual(officerA, ind.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != dondoc.ActualSubmitted || x.Version != 1 || x.Parts["hộ nghèo"] != 8 || x.SubmittedBy == 0 || x.Note != "Số liệu tháng 5" {
			t.Errorf("submitted actual = %+v", x)
		}

		// Another commune's officer can neither write nor read nor review commune A's figures.
		_, err = db.SubmitActual(officerB, ind.ID, in)
		wantErr(t, "officer B submits for commune A", err, dondoc.EForbidden, "unit_id")
		_, err = db.ReviewActual(officerB, x.ID, x.Version, dondoc.ReviewDecision{Approve: true})
		wantErr(t, "officer B reviews", err, dondoc.ENotFound, "")
		_, err = db.ReviewActual(districtHead, x.ID, x.Version, dondoc.ReviewDecision{Approve: true})
		wantErr(t, "head of district B reviews", err, dondoc.ENotFound, "")
		list, err := db.ListActuals(officerB, ind.ID, 0)
		if err != nil || len(list) != 0 {
			t.Errorf("officer B lists %+v (err %v), want nothing", list, err)
		}

		// A submitted value may be corrected; it stays one row.
		in.Value = value(13)
		x2, err := db.SubmitActual(officerA, ind.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if x2.ID != x.ID || x2.Version != 2 || x2.Value != 13 || x2.Status != dondoc.ActualSubmitted {
			t.Errorf("corrected actual = %+v", x2)
		}

		_, err = db.ReviewActual(officerA, x2.ID, x2.Version, dondoc.ReviewDecision{Approve: true})
		wantErr(t, "officer approves", err, dondoc.EForbidden, "")
		_, err = db.ReviewActual(office, x2.ID, x2.Version, dondoc.ReviewDecision{Approve: true})
		wantErr(t, "office accepts before the head approves", err, dondoc.EForbidden, "")
		_, err = db.ReviewActual(headA, x2.ID, x.Version, dondoc.ReviewDecision{Approve: true})
		wantErr(t, "stale approval", err, dondoc.EStale, "")

		// The head returns it, the officer resubmits, the head approves, the office returns it,
		// the officer resubmits again and the chain completes.
		steps := []struct {
			name   string
			review context.Context
			d      dondoc.ReviewDecision
			want   dondoc.ActualStatus
		}{
			{"head returns", headA, dondoc.ReviewDecision{Note: "Thiếu hộ cận nghèo"}, dondoc.ActualReturned},
			{"resubmit", nil, dondoc.ReviewDecision{}, dondoc.ActualSubmitted},
			{"head approves", headA, dondoc.ReviewDecision{Approve: true}, dondoc.ActualApproved},
			{"office returns", office, dondoc.ReviewDecision{Note: "Đối chiếu lại"}, dondoc.ActualReturned},
			{"resubmit again", nil, dondoc.ReviewDecision{}, dondoc.ActualSubmitted},
			{"head approves again", headA, dondoc.ReviewDecision{Approve: true}, dondoc.ActualApproved},
			{"office accepts", office, dondoc.ReviewDecision{Approve: true, Note: "Đạt"}, dondoc.ActualAccepted},
		}
		cur := x2
		for _, s := range steps {
			prev := cur
			if s.review == nil {
				in.Value = value(prev.Value + 1)
				cur, err = db.SubmitActual(officerA, ind.ID, in)
			} else {
				cur, err = db.ReviewActual(s.review, cur.ID, cur.Version, s.d)
			}
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if cur.Status != s.want || cur.Version != prev.Version+1 || cur.ID != x.ID {
				t.Fatalf("%s: actual = %+v, want status %s version %d", s.name, cur, s.want, prev.Version+1)
			}
			if s.want == dondoc.ActualReturned && cur.Note != s.d.Note {
				t.Errorf("%s: note = %q, want the reviewer's reason", s.name, cur.Note)
			}
		}
		if cur.Value != 15 {
			t.Errorf("accepted value = %v, want 15", cur.Value)
		}

		// Accepted is settled: no resubmission and no further review, and nothing changes.
		in.Value = value(99)
		_, err = db.SubmitActual(officerA, ind.ID, in)
		wantErr(t, "resubmit accepted", err, dondoc.EConflict, "")
		_, err = db.ReviewActual(office, cur.ID, cur.Version, dondoc.ReviewDecision{Approve: true})
		wantErr(t, "review accepted", err, dondoc.EConflict, "")
		got, err := db.ListActuals(headA, ind.ID, p.CommuneA.ID)
		if err != nil || len(got) != 1 || got[0].Value != 15 || got[0].Status != dondoc.ActualAccepted || got[0].Version != cur.Version {
			t.Errorf("after refused writes: %+v (err %v)", got, err)
		}
		audit, err := db.ListAudit(office, "actual", x.ID, "", 50)
		if err != nil || len(audit.Items) != 2+len(steps) {
			t.Errorf("actual has %d audit rows (err %v), want %d", len(audit.Items), err, 2+len(steps))
		}

		// An approved value is settled too; an office over the unit may submit on its behalf.
		y, err := db.SubmitActual(office, ind.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-06", Value: value(3)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReviewActual(headA, y.ID, y.Version, dondoc.ReviewDecision{Approve: true}); err != nil {
			t.Fatal(err)
		}
		_, err = db.SubmitActual(officerA, ind.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-06", Value: value(4)})
		wantErr(t, "resubmit approved", err, dondoc.EConflict, "")

		// The system has no account to record as submitter.
		_, err = db.SubmitActual(sqldbtest.System(), ind.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-07", Value: value(1)})
		wantErr(t, "system submits", err, dondoc.EForbidden, "unit_id")
	})
}

func TestActualValidation(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		monthly := newIndicator(t, db, dondoc.Indicator{Code: "NHA-TAM", Name: "Nhà tạm được xóa", Measure: "căn",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth, Disaggregations: []string{"hộ nghèo"}})
		ratio := newIndicator(t, db, dondoc.Indicator{Code: "GN", Name: "Giải ngân vốn đầu tư công", Measure: "%",
			Aggregation: dondoc.AggRatio, PeriodType: dondoc.PeriodQuarter})
		officer := member(t, db, "officer-a", dondoc.RoleUnitOfficer, p.CommuneA)
		tests := []struct {
			name  string
			ind   int64
			in    dondoc.ValueInput
			code  dondoc.Code
			field string
		}{
			{"quarter key for a monthly indicator", monthly.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-Q2", Value: value(1)}, dondoc.EInvalid, "period"},
			{"month key for a quarterly indicator", ratio.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-05", Value: value(1), Denominator: value(2)}, dondoc.EInvalid, "period"},
			{"ratio without denominator", ratio.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-Q2", Value: value(1)}, dondoc.EInvalid, "denominator"},
			{"ratio with negative denominator", ratio.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-Q2", Value: value(1), Denominator: value(-5)}, dondoc.EInvalid, "denominator"},
			{"unknown disaggregation", monthly.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-05", Value: value(1), Parts: map[string]float64{"hộ khá": 1}}, dondoc.EInvalid, "parts.hộ khá"},
			{"unknown unit", monthly.ID, dondoc.ValueInput{UnitID: 9999, Period: "2024-05", Value: value(1)}, dondoc.EInvalid, "unit_id"},
			{"unknown indicator", ratio.ID + 100, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-05", Value: value(1)}, dondoc.ENotFound, ""},
		}
		for _, tt := range tests {
			_, err := db.SubmitActual(officer, tt.ind, tt.in)
			wantErr(t, tt.name, err, tt.code, tt.field)
		}
		for _, ind := range []int64{monthly.ID, ratio.ID} {
			if got, err := db.ListActuals(sqldbtest.System(), ind, 0); err != nil || len(got) != 0 {
				t.Errorf("refused submissions stored %+v (err %v)", got, err)
			}
		}
		x, err := db.SubmitActual(officer, ratio.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-Q2", Value: value(45.5), Denominator: value(120)})
		if err != nil {
			t.Fatal(err)
		}
		if x.Denominator == nil || *x.Denominator != 120 || x.Value != 45.5 || x.Parts != nil {
			t.Errorf("ratio actual = %+v", x)
		}
	})
}

func TestProjects(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		ind := newIndicator(t, db, dondoc.Indicator{Code: "GN-CAU", Name: "Giải ngân cầu Đồng Việt", Measure: "%",
			Aggregation: dondoc.AggRatio, PeriodType: dondoc.PeriodMonth})
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		in := dondoc.Project{Name: "Cầu Đồng Việt", InvestorUnitID: p.DistrictA.ID, TotalInvestment: 1_364_000_000_000,
			PlannedStart: "2022-01-15", PlannedEnd: "2024-12-31", IndicatorID: &ind.ID,
			Milestones: []dondoc.Milestone{
				{Name: "Khởi công", Planned: "2022-01-15", Actual: "2022-01-20"},
				{Name: "Hợp long cầu chính", Planned: "2024-06-30"},
			}}
		pr, err := db.CreateProject(office, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.GetProject(sqldbtest.As(2, dondoc.RoleViewer, p.CommuneB), pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != in.Name || got.InvestorUnitID != p.DistrictA.ID || got.TotalInvestment != in.TotalInvestment ||
			got.PlannedStart != in.PlannedStart || got.PlannedEnd != in.PlannedEnd || got.IndicatorID == nil || *got.IndicatorID != ind.ID ||
			len(got.Milestones) != 2 || got.Milestones[0] != in.Milestones[0] || got.Milestones[1] != in.Milestones[1] || got.Version != 1 {
			t.Errorf("project round trip = %+v, want %+v", got, in)
		}

		if _, err := db.CreateProject(office, dondoc.Project{Name: "Bệnh viện Đa khoa tỉnh", InvestorUnitID: p.Department.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateProject(office, dondoc.Project{Name: "Đường vành đai IV", InvestorUnitID: p.Department.ID}); err != nil {
			t.Fatal(err)
		}
		list, err := db.ListProjects(sqldbtest.As(3, dondoc.RoleUnitOfficer, p.CommuneA))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, x := range list {
			names = append(names, x.Name)
		}
		if got, want := strings.Join(names, "|"), "Bệnh viện Đa khoa tỉnh|Cầu Đồng Việt|Đường vành đai IV"; got != want {
			t.Errorf("projects in order %q, want %q", got, want)
		}
		if len(list) == 3 && list[0].Milestones == nil {
			t.Errorf("a project without milestones lists nil instead of an empty list")
		}

		adminOnly := sqldbtest.As(4, dondoc.RoleAdmin, p.Root)
		_, err = db.GetProject(adminOnly, pr.ID)
		wantErr(t, "admin without a read role reads", err, dondoc.ENotFound, "")
		if l, err := db.ListProjects(adminOnly); err != nil || len(l) != 0 {
			t.Errorf("admin without a read role lists %d projects (err %v)", len(l), err)
		}
		_, err = db.GetProject(office, pr.ID+100)
		wantErr(t, "missing project", err, dondoc.ENotFound, "")

		missing := int64(9999)
		bad := []struct {
			name  string
			ctx   context.Context
			in    dondoc.Project
			code  dondoc.Code
			field string
		}{
			{"unknown investor", office, dondoc.Project{Name: "X", InvestorUnitID: 9999}, dondoc.EInvalid, "investor_unit_id"},
			{"unknown indicator", office, dondoc.Project{Name: "X", InvestorUnitID: p.DistrictA.ID, IndicatorID: &missing}, dondoc.EInvalid, "indicator_id"},
			{"officer registers", sqldbtest.As(3, dondoc.RoleUnitOfficer, p.DistrictA), dondoc.Project{Name: "X", InvestorUnitID: p.DistrictA.ID}, dondoc.EForbidden, "investor_unit_id"},
			{"milestone without date", office, dondoc.Project{Name: "X", InvestorUnitID: p.DistrictA.ID, Milestones: []dondoc.Milestone{{Name: "Khởi công"}}}, dondoc.EInvalid, "milestones[0].planned"},
		}
		for _, b := range bad {
			_, err := db.CreateProject(b.ctx, b.in)
			wantErr(t, b.name, err, b.code, b.field)
		}
		if l, _ := db.ListProjects(office); len(l) != 3 {
			t.Errorf("refused projects were stored: %d projects", len(l))
		}
	})
}

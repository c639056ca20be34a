package sqldb_test

import (
	"context"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// enableLock turns entry locking on with the given grace as an office and fails the test on error.
func enableLock(t *testing.T, db *sqldb.DB, p *sqldbtest.Province, grace int) {
	t.Helper()
	s, err := db.EntrySetting(sqldbtest.System())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetEntrySetting(sqldbtest.As(1, dondoc.RoleOffice, p.Root), s.Version,
		dondoc.EntrySetting{Enabled: true, GraceDays: grace}); err != nil {
		t.Fatal(err)
	}
}

func TestEntrySetting(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		officer := sqldbtest.As(2, dondoc.RoleUnitOfficer, p.CommuneA)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		s, err := db.EntrySetting(officer)
		if err != nil {
			t.Fatal(err)
		}
		if s.Enabled || s.GraceDays != 5 || s.Version != 1 {
			t.Errorf("default setting = %+v, want off, 5 days, version 1", s)
		}
		_, err = db.SetEntrySetting(officer, 1, dondoc.EntrySetting{Enabled: true, GraceDays: 3})
		wantErr(t, "officer sets", err, dondoc.EForbidden, "")
		_, err = db.SetEntrySetting(office, 1, dondoc.EntrySetting{Enabled: true, GraceDays: -1})
		wantErr(t, "negative grace", err, dondoc.EInvalid, "grace_days")
		_, err = db.SetEntrySetting(office, 1, dondoc.EntrySetting{Enabled: true, GraceDays: 367})
		wantErr(t, "grace over a year", err, dondoc.EInvalid, "grace_days")
		_, err = db.SetEntrySetting(office, 2, dondoc.EntrySetting{Enabled: true, GraceDays: 3})
		wantErr(t, "stale over the default", err, dondoc.EStale, "")
		s, err = db.SetEntrySetting(office, 1, dondoc.EntrySetting{Enabled: true, GraceDays: 3})
		if err != nil {
			t.Fatal(err)
		}
		if !s.Enabled || s.GraceDays != 3 || s.Version != 2 {
			t.Errorf("stored setting = %+v", s)
		}
		_, err = db.SetEntrySetting(office, 1, dondoc.EntrySetting{Enabled: false, GraceDays: 3})
		wantErr(t, "stale", err, dondoc.EStale, "")
		if s, _ := db.EntrySetting(officer); s.Version != 2 || !s.Enabled {
			t.Errorf("refused writes changed the setting: %+v", s)
		}
		audit, err := db.ListAudit(office, "setting", 0, "", 50)
		if err != nil || len(audit.Items) != 1 || audit.Items[0].Action != "setting.update" {
			t.Errorf("setting audit = %+v (err %v), want one setting.update", audit, err)
		}
	})
}

// TestEntryLockBoundaries checks the last open day of the May 2024 period (cut-off 14 May) for
// several graces, on both sides of the boundary.
func TestEntryLockBoundaries(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		ind := newIndicator(t, db, dondoc.Indicator{Code: "NHA-TAM", Name: "Nhà tạm được xóa", Measure: "căn",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth})
		quarterly := newIndicator(t, db, dondoc.Indicator{Code: "THU", Name: "Thu ngân sách", Measure: "tỷ đồng",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodQuarter})
		officer := member(t, db, "officer-a", dondoc.RoleUnitOfficer, p.CommuneA)
		tests := []struct {
			grace  int
			day    string
			ind    int64
			period string
			locked bool
		}{
			{5, "2024-05-19", ind.ID, "2024-05", false},
			{5, "2024-05-20", ind.ID, "2024-05", true},
			{0, "2024-05-14", ind.ID, "2024-05", false},
			{0, "2024-05-15", ind.ID, "2024-05", true},
			{30, "2024-06-13", ind.ID, "2024-05", false},
			{30, "2024-06-14", ind.ID, "2024-05", true},
			// A quarter's cut-off is the 14th of its last month: Q2 2024 ends on 14 June.
			{5, "2024-06-19", quarterly.ID, "2024-Q2", false},
			{5, "2024-06-20", quarterly.ID, "2024-Q2", true},
			// The current period is never locked.
			{0, "2024-05-20", ind.ID, "2024-06", false},
		}
		version := int64(1)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		for i, tt := range tests {
			s, err := db.SetEntrySetting(office, version, dondoc.EntrySetting{Enabled: true, GraceDays: tt.grace})
			if err != nil {
				t.Fatal(err)
			}
			version = s.Version
			fixNow(db, tt.day)
			v := float64(i)
			_, err = db.SubmitActual(officer, tt.ind, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: tt.period, Value: &v})
			if tt.locked {
				wantErr(t, tt.day+" "+tt.period, err, dondoc.EConflict, "period")
			} else if err != nil {
				t.Errorf("%s %s grace %d: %v, want open", tt.day, tt.period, tt.grace, err)
			}
		}
	})
}

func TestEntryExceptions(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		ind := newIndicator(t, db, dondoc.Indicator{Code: "NHA-TAM", Name: "Nhà tạm được xóa", Measure: "căn",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth})
		other := newIndicator(t, db, dondoc.Indicator{Code: "HO-NGHEO", Name: "Hộ nghèo", Measure: "hộ",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth})
		officerA := member(t, db, "officer-a", dondoc.RoleUnitOfficer, p.CommuneA)
		officerB := member(t, db, "officer-b", dondoc.RoleUnitOfficer, p.CommuneB)
		office := member(t, db, "office", dondoc.RoleOffice, p.Root)
		officeB := member(t, db, "office-b", dondoc.RoleOffice, p.DistrictB)

		// Before locking is enabled, any past period may be entered.
		fixNow(db, "2024-06-25")
		in := dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-04", Value: value(7)}
		april, err := db.SubmitActual(officerA, ind.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		enableLock(t, db, p, 5)

		// May closed on 19 May: a first submission and a resubmission are both refused.
		may := dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-05", Value: value(12)}
		_, err = db.SubmitActual(officerA, ind.ID, may)
		wantErr(t, "submit locked May", err, dondoc.EConflict, "period")
		in.Value = value(8)
		_, err = db.SubmitActual(officerA, ind.ID, in)
		wantErr(t, "resubmit locked April", err, dondoc.EConflict, "period")
		if l, _ := db.ListActuals(office, ind.ID, p.CommuneA.ID); len(l) != 1 || l[0].Value != 7 || l[0].Version != april.Version {
			t.Errorf("refused submissions changed the actuals: %+v", l)
		}

		grant := dondoc.EntryExceptionInput{UnitID: p.CommuneA.ID, Period: "2024-05", Until: "2024-06-30", Reason: "Xã báo cáo chậm do mưa lũ"}
		bad := []struct {
			name  string
			ctx   context.Context
			in    dondoc.EntryExceptionInput
			code  dondoc.Code
			field string
		}{
			{"officer grants", officerA, grant, dondoc.EForbidden, "unit_id"},
			{"office of another district", officeB, grant, dondoc.EForbidden, "unit_id"},
			{"past last day", office, dondoc.EntryExceptionInput{UnitID: p.CommuneA.ID, Period: "2024-05", Until: "2024-06-24", Reason: "x"}, dondoc.EInvalid, "until"},
			{"no reason", office, dondoc.EntryExceptionInput{UnitID: p.CommuneA.ID, Period: "2024-05", Until: "2024-06-30"}, dondoc.EInvalid, "reason"},
			{"quarter for a monthly indicator", office, dondoc.EntryExceptionInput{UnitID: p.CommuneA.ID, Period: "2024-Q2", Until: "2024-06-30", Reason: "x"}, dondoc.EInvalid, "period"},
			{"unknown unit", office, dondoc.EntryExceptionInput{UnitID: 9999, Period: "2024-05", Until: "2024-06-30", Reason: "x"}, dondoc.EInvalid, "unit_id"},
		}
		for _, b := range bad {
			_, err := db.GrantEntryException(b.ctx, ind.ID, b.in)
			wantErr(t, b.name, err, b.code, b.field)
		}
		if l, _ := db.ListEntryExceptions(office, ind.ID, 0); len(l) != 0 {
			t.Errorf("refused grants were stored: %+v", l)
		}

		x, err := db.GrantEntryException(office, ind.ID, grant)
		if err != nil {
			t.Fatal(err)
		}
		if !x.Active || x.Until != "2024-06-30" || x.Reason != grant.Reason || x.GrantedBy == nil || x.RevokedAt != nil {
			t.Errorf("granted exception = %+v", x)
		}
		if _, err := db.SubmitActual(officerA, ind.ID, may); err != nil {
			t.Fatalf("submit under the exception: %v", err)
		}
		// The exception covers that unit, indicator and period only.
		_, err = db.SubmitActual(officerB, ind.ID, dondoc.ValueInput{UnitID: p.CommuneB.ID, Period: "2024-05", Value: value(1)})
		wantErr(t, "other unit", err, dondoc.EConflict, "period")
		_, err = db.SubmitActual(officerA, other.ID, may)
		wantErr(t, "other indicator", err, dondoc.EConflict, "period")
		_, err = db.SubmitActual(officerA, ind.ID, in)
		wantErr(t, "other period", err, dondoc.EConflict, "period")

		// The last day is included; the day after, the period is locked again.
		fixNow(db, "2024-06-30")
		may.Value = value(13)
		if _, err := db.SubmitActual(officerA, ind.ID, may); err != nil {
			t.Errorf("resubmit on the last day: %v", err)
		}
		fixNow(db, "2024-07-01")
		_, err = db.SubmitActual(officerA, ind.ID, may)
		wantErr(t, "after the last day", err, dondoc.EConflict, "period")
		if l, _ := db.ListEntryExceptions(officerA, ind.ID, p.CommuneA.ID); len(l) != 1 || l[0].Active {
			t.Errorf("expired exception listed as %+v", l)
		}

		// A new grant replaces the one in force, which is revoked.
		grant.Until = "2024-07-10"
		y, err := db.GrantEntryException(office, ind.ID, grant)
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.ListEntryExceptions(office, ind.ID, 0)
		if err != nil || len(list) != 2 || list[0].ID != y.ID || !list[0].Active || list[1].RevokedAt == nil {
			t.Errorf("after a second grant: %+v (err %v)", list, err)
		}
		if l, _ := db.ListEntryExceptions(officerB, ind.ID, 0); len(l) != 0 {
			t.Errorf("officer B sees commune A's exceptions: %+v", l)
		}

		_, err = db.RevokeEntryException(officerA, y.ID, y.Version)
		wantErr(t, "officer revokes", err, dondoc.EForbidden, "")
		_, err = db.RevokeEntryException(officeB, y.ID, y.Version)
		wantErr(t, "office outside the unit revokes", err, dondoc.ENotFound, "")
		_, err = db.RevokeEntryException(office, y.ID, y.Version+1)
		wantErr(t, "stale revoke", err, dondoc.EStale, "")
		r, err := db.RevokeEntryException(office, y.ID, y.Version)
		if err != nil {
			t.Fatal(err)
		}
		if r.Active || r.RevokedAt == nil || r.Version != y.Version+1 {
			t.Errorf("revoked = %+v", r)
		}
		_, err = db.RevokeEntryException(office, y.ID, r.Version)
		wantErr(t, "revoke twice", err, dondoc.EConflict, "")
		_, err = db.SubmitActual(officerA, ind.ID, may)
		wantErr(t, "after revocation", err, dondoc.EConflict, "period")

		audit, err := db.ListAudit(office, "entry_exception", x.ID, "", 50)
		if err != nil || len(audit.Items) != 2 {
			t.Errorf("first exception has %d audit rows (err %v), want grant and revoke", len(audit.Items), err)
		}
		audit, err = db.ListAudit(office, "entry_exception", y.ID, "", 50)
		if err != nil || len(audit.Items) != 2 {
			t.Errorf("second exception has %d audit rows (err %v), want grant and revoke", len(audit.Items), err)
		}
	})
}

func TestActualHistory(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		ind := newIndicator(t, db, dondoc.Indicator{Code: "NHA-TAM", Name: "Nhà tạm được xóa", Measure: "căn",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth})
		officerA := member(t, db, "officer-a", dondoc.RoleUnitOfficer, p.CommuneA)
		officerB := member(t, db, "officer-b", dondoc.RoleUnitOfficer, p.CommuneB)
		headA := member(t, db, "head-a", dondoc.RoleUnitHead, p.CommuneA)
		office := member(t, db, "office", dondoc.RoleOffice, p.Root)

		in := dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-05", Value: value(12), Note: "Số liệu tháng 5"}
		x, err := db.SubmitActual(officerA, ind.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.ReviewActual(headA, x.ID, x.Version, dondoc.ReviewDecision{})
		wantErr(t, "return without a reason", err, dondoc.EInvalid, "note")
		if x, err = db.ReviewActual(headA, x.ID, x.Version, dondoc.ReviewDecision{Note: "Thiếu hộ cận nghèo"}); err != nil {
			t.Fatal(err)
		}
		in.Value, in.Note = value(14), "Đã bổ sung"
		if x, err = db.SubmitActual(officerA, ind.ID, in); err != nil {
			t.Fatal(err)
		}
		if x, err = db.ReviewActual(headA, x.ID, x.Version, dondoc.ReviewDecision{Approve: true}); err != nil {
			t.Fatal(err)
		}
		if x, err = db.ReviewActual(office, x.ID, x.Version, dondoc.ReviewDecision{Approve: true, Note: "Đạt"}); err != nil {
			t.Fatal(err)
		}

		h, err := db.ActualHistory(headA, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			action string
			status dondoc.ActualStatus
			value  float64
			note   string
		}{
			{"actual.submit", dondoc.ActualSubmitted, 12, "Số liệu tháng 5"},
			{"actual.return", dondoc.ActualReturned, 12, "Thiếu hộ cận nghèo"},
			{"actual.resubmit", dondoc.ActualSubmitted, 14, "Đã bổ sung"},
			{"actual.approve", dondoc.ActualApproved, 14, ""},
			{"actual.accept", dondoc.ActualAccepted, 14, "Đạt"},
		}
		if len(h) != len(want) {
			t.Fatalf("history has %d steps, want %d: %+v", len(h), len(want), h)
		}
		for i, w := range want {
			e := h[i]
			if e.Action != w.action || e.Status != w.status || e.Value == nil || *e.Value != w.value || e.Note != w.note ||
				e.ActorID == nil || e.At.IsZero() {
				t.Errorf("step %d = %+v, want %+v", i, e, w)
			}
		}
		if h[0].Actor == h[1].Actor {
			t.Errorf("submitter and reviewer share the name %q", h[0].Actor)
		}
		_, err = db.ActualHistory(officerB, x.ID)
		wantErr(t, "history outside scope", err, dondoc.ENotFound, "")
		_, err = db.ActualHistory(office, x.ID+100)
		wantErr(t, "missing actual", err, dondoc.ENotFound, "")
	})
}

package sqldb_test

import (
	"fmt"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// rollupTree is the hand-made province of the roll-up tests: P has districts "Huyện Một" (communes
// An and Bình, An merged into Bình from 1 July 2024) and "Huyện Hai" (commune Cường).
type rollupTree struct {
	p, d1, d2, a, b, c *dondoc.Unit
	submitter          int64
}

func newRollupTree(t *testing.T, db *sqldb.DB) *rollupTree {
	t.Helper()
	r := &rollupTree{}
	r.p = sqldbtest.Unit(t, db, nil, dondoc.KindProvince, "Tỉnh P")
	r.d1 = sqldbtest.Unit(t, db, r.p, dondoc.KindDistrict, "Huyện Một")
	r.d2 = sqldbtest.Unit(t, db, r.p, dondoc.KindDistrict, "Huyện Hai")
	r.a = sqldbtest.Unit(t, db, r.d1, dondoc.KindCommune, "Xã An")
	r.b = sqldbtest.Unit(t, db, r.d1, dondoc.KindCommune, "Xã Bình")
	r.c = sqldbtest.Unit(t, db, r.d2, dondoc.KindCommune, "Xã Cường")
	if _, err := db.RecordUnitChange(sqldbtest.System(), dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2024-07-01",
		Predecessors: []int64{r.a.ID, r.b.ID}, Successors: []int64{r.b.ID}}); err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: "nhapso", DisplayName: "Nhập số"}, "unused-hash")
	if err != nil {
		t.Fatal(err)
	}
	r.submitter = u.ID
	return r
}

func (r *rollupTree) indicator(t *testing.T, db *sqldb.DB, in dondoc.Indicator) *dondoc.Indicator {
	t.Helper()
	ind, err := db.CreateIndicator(sqldbtest.System(), in)
	if err != nil {
		t.Fatal(err)
	}
	return ind
}

func (r *rollupTree) target(t *testing.T, db *sqldb.DB, ind *dondoc.Indicator, u *dondoc.Unit, period string, v float64) {
	t.Helper()
	if _, err := db.SetTarget(sqldbtest.System(), ind.ID, dondoc.ValueInput{UnitID: u.ID, Period: period, Value: &v}); err != nil {
		t.Fatal(err)
	}
}

func (r *rollupTree) load(t *testing.T, db *sqldb.DB, ind *dondoc.Indicator, actuals ...dondoc.ActualFact) {
	t.Helper()
	if err := db.BulkLoadActuals(sqldbtest.System(), ind.ID, r.submitter, actuals); err != nil {
		t.Fatal(err)
	}
}

func fact(u *dondoc.Unit, period string, v float64, status dondoc.ActualStatus, on dondoc.Date) dondoc.ActualFact {
	return dondoc.ActualFact{UnitID: u.ID, Period: period, Value: v, Status: status, SubmittedOn: on}
}

func rollupService(db *sqldb.DB, today dondoc.Date) *report.Service {
	return &report.Service{Facts: db, Documents: db, Today: func() dondoc.Date { return today }}
}

func optNum(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%g", *v)
}

func rollupTable(r *dondoc.Rollup, cell func(c dondoc.RollupCell) string) string {
	var b strings.Builder
	for _, row := range r.Rows {
		b.WriteString(strings.Repeat("  ", row.Depth) + row.UnitName + ":")
		for _, c := range row.Cells {
			b.WriteString(" " + cell(c))
		}
		b.WriteString(" = " + cell(row.Total) + "\n")
	}
	return b.String()
}

// loadHouses defines a houses indicator with the figures of the hand-computed tables: accepted
// values, plus a submitted one (B, May: 100) that counts only on request and a returned one (C,
// May: 1000) that never counts.
func loadHouses(t *testing.T, db *sqldb.DB, r *rollupTree) *dondoc.Indicator {
	ind := r.indicator(t, db, dondoc.Indicator{Code: "XNT", Name: "Nhà tạm được xóa", Measure: "căn", Aggregation: dondoc.AggSum,
		PeriodType: dondoc.PeriodMonth, HigherIsBetter: true, Disaggregations: []string{"hộ nghèo"}})
	ok := dondoc.ActualAccepted
	acts := []dondoc.ActualFact{
		fact(r.a, "2024-01", 2, ok, ""), fact(r.a, "2024-02", 3, ok, ""), fact(r.a, "2024-06", 4, ok, ""),
		fact(r.b, "2024-01", 1, ok, ""), fact(r.b, "2024-03", 5, ok, ""), fact(r.b, "2024-07", 6, ok, ""), fact(r.b, "2024-08", 2, ok, ""),
		fact(r.c, "2024-02", 7, ok, ""), fact(r.c, "2024-07", 1, ok, ""),
		fact(r.b, "2024-05", 100, dondoc.ActualSubmitted, ""), fact(r.c, "2024-05", 1000, dondoc.ActualReturned, ""),
		fact(r.c, "2023-12", 50, ok, ""),
	}
	acts[0].Parts = map[string]float64{"hộ nghèo": 2}
	r.load(t, db, ind, acts...)
	r.target(t, db, ind, r.d1, "2024", 24)
	r.target(t, db, ind, r.d2, "2024", 40)
	r.target(t, db, ind, r.d2, "2024-Q1", 6)
	r.target(t, db, ind, r.d2, "2024-Q2", 6)
	r.target(t, db, ind, r.d2, "2024-Q3", 12)
	return ind
}

func TestRollupFromStorage(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		r := newRollupTree(t, db)
		ind := loadHouses(t, db, r)
		svc := rollupService(db, "2024-12-20")
		ctx := sqldbtest.System()
		q := dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: r.p.ID, From: "2024", To: "2024", By: dondoc.PeriodQuarter, Level: 2}
		got, err := svc.Rollup(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want := `Tỉnh P: 18/12/green 4/24/amber 9/42/red -/64/red = 31/64/red
  Huyện Hai: 7/6/green -/12/red 1/24/red -/40/red = 8/40/red
    Xã Cường: 7/-/ -/-/ 1/-/ -/-/ = 8/-/
  Huyện Một: 11/6/green 4/12/green 8/18/green -/24/amber = 23/24/amber
    Xã An: 5/-/ 4/-/ -/-/ -/-/ = 9/-/
    Xã Bình: 6/-/ -/-/ 8/-/ -/-/ = 14/-/
`
		cells := func(c dondoc.RollupCell) string {
			return optNum(c.Value) + "/" + optNum(c.Target) + "/" + string(c.Status)
		}
		if s := rollupTable(got, cells); s != want {
			t.Errorf("then:\n%s\nwant:\n%s", s, want)
		}
		if p := got.Rows[3].Total.Parts["hộ nghèo"]; p != 2 {
			t.Errorf("D1 parts = %v, want hộ nghèo 2", got.Rows[3].Total.Parts)
		}

		q.Merge = dondoc.MergeToday
		if got, err = svc.Rollup(ctx, q); err != nil {
			t.Fatal(err)
		}
		want = `Tỉnh P: 18 4 9 - = 31
  Huyện Hai: 7 - 1 - = 8
    Xã Cường: 7 - 1 - = 8
  Huyện Một: 11 4 8 - = 23
    Xã Bình: 11 4 8 - = 23
`
		if s := rollupTable(got, func(c dondoc.RollupCell) string { return optNum(c.Value) }); s != want {
			t.Errorf("today:\n%s\nwant:\n%s", s, want)
		}

		// The submitted value counts on request; the returned one never does.
		q = dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: r.d1.ID, From: "2024-05", To: "2024-05", Level: 0, IncludeSubmitted: true}
		if got, err = svc.Rollup(ctx, q); err != nil {
			t.Fatal(err)
		}
		if len(got.Rows) != 1 || optNum(got.Rows[0].Cells[0].Value) != "100" || optNum(got.Rows[0].Cells[0].YTD) != "111" {
			t.Errorf("D1 May with submitted values = %s", rollupTable(got, func(c dondoc.RollupCell) string { return optNum(c.Value) + "/" + optNum(c.YTD) }))
		}
		q = dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: r.d2.ID, From: "2024-05", To: "2024-05", Level: 0, IncludeSubmitted: true}
		if got, err = svc.Rollup(ctx, q); err != nil {
			t.Fatal(err)
		}
		if v := got.Rows[0].Cells[0].Value; v != nil {
			t.Errorf("D2 May = %g, want nothing: the returned value does not count", *v)
		}

		// Roll-ups keep the values they read; a review (an update) and a new value (an insert) are
		// seen at once.
		may := func() string {
			got, err := svc.Rollup(ctx, dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: r.d1.ID, From: "2024-05", To: "2024-05", Level: 0})
			if err != nil {
				t.Fatal(err)
			}
			return optNum(got.Rows[0].Cells[0].Value)
		}
		if v := may(); v != "-" {
			t.Errorf("D1 May before the review = %s, want nothing accepted", v)
		}
		list, err := db.ListActuals(ctx, ind.ID, r.b.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			if x.Period != "2024-05" {
				continue
			}
			x2, err := db.ReviewActual(sqldbtest.As(r.submitter, dondoc.RoleUnitHead, r.b), x.ID, x.Version, dondoc.ReviewDecision{Approve: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.ReviewActual(sqldbtest.As(r.submitter, dondoc.RoleOffice, r.p), x2.ID, x2.Version, dondoc.ReviewDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
		}
		if v := may(); v != "100" {
			t.Errorf("D1 May after acceptance = %s, want 100", v)
		}
		r.load(t, db, ind, fact(r.a, "2024-05", 5, dondoc.ActualAccepted, ""))
		if v := may(); v != "105" {
			t.Errorf("D1 May after a new value = %s, want 105", v)
		}

		// Cường, of the other district, joins Bình in October: on today's tree D1 carries its
		// figures (8 of the 136), which are read although Cường was never under D1; on the tree of
		// then it does not.
		if _, err := db.RecordUnitChange(ctx, dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2024-10-01",
			Predecessors: []int64{r.c.ID, r.b.ID}, Successors: []int64{r.b.ID}}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			merge dondoc.MergeMode
			unit  *dondoc.Unit
			want  string
		}{
			{dondoc.MergeToday, r.d1, "Huyện Một: 136 = 136\n  Xã Bình: 136 = 136\n"},
			{dondoc.MergeThen, r.d1, "Huyện Một: 128 = 128\n  Xã An: 14 = 14\n  Xã Bình: 114 = 114\n"},
			{dondoc.MergeToday, r.p, "Tỉnh P: 136 = 136\n  Huyện Hai: - = -\n  Huyện Một: 136 = 136\n"},
		} {
			got, err := svc.Rollup(ctx, dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: tc.unit.ID, From: "2024", To: "2024",
				By: dondoc.PeriodYear, Level: 1, Merge: tc.merge})
			if err != nil {
				t.Fatal(err)
			}
			if s := rollupTable(got, func(c dondoc.RollupCell) string { return optNum(c.Value) }); s != tc.want {
				t.Errorf("%s on %s:\n%s\nwant:\n%s", tc.merge, tc.unit.Name, s, tc.want)
			}
		}
	})
}

func TestRollupScope(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		r := newRollupTree(t, db)
		ind := loadHouses(t, db, r)
		svc := rollupService(db, "2024-12-20")
		asD2 := sqldbtest.As(r.submitter, dondoc.RoleLeader, r.d2)
		// Without a unit, the caller's own subtree; the rows stay inside it.
		got, err := svc.Rollup(asD2, dondoc.RollupQuery{IndicatorID: ind.ID, From: "2024", To: "2024", By: dondoc.PeriodYear, Level: 3})
		if err != nil {
			t.Fatal(err)
		}
		if s := rollupTable(got, func(c dondoc.RollupCell) string { return optNum(c.Value) }); s != "Huyện Hai: 8 = 8\n  Xã Cường: 8 = 8\n" {
			t.Errorf("D2's own roll-up:\n%s", s)
		}
		for _, tc := range []struct {
			q    dondoc.RollupQuery
			code dondoc.Code
			fld  string
		}{
			{dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: r.d1.ID}, dondoc.EForbidden, "unit"},
			{dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: r.p.ID}, dondoc.EForbidden, "unit"},
			{dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: 999999}, dondoc.EInvalid, "unit"},
			{dondoc.RollupQuery{IndicatorID: 999999, UnitID: r.d2.ID}, dondoc.ENotFound, ""},
		} {
			_, err := svc.Rollup(asD2, tc.q)
			var e *dondoc.Error
			if !dondoc.IsCode(err, tc.code) || (tc.fld != "" && (!asError(err, &e) || e.Field != tc.fld)) {
				t.Errorf("%+v: %v, want %s on %q", tc.q, err, tc.code, tc.fld)
			}
		}

		// A commune moved under D1 brings its figures along, though D1's were read before: the
		// year's column ends after the move, so on the tree of then Cường is in D1 for it. By
		// quarter, the quarters before the move stay with D2, which still reads them though
		// Cường has left its subtree.
		sys := sqldbtest.System()
		d1Year := func() string {
			got, err := svc.Rollup(sys, dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: r.d1.ID, From: "2024", To: "2024", By: dondoc.PeriodYear})
			if err != nil {
				t.Fatal(err)
			}
			return optNum(got.Rows[0].Total.Value)
		}
		if v := d1Year(); v != "23" {
			t.Errorf("D1 2024 = %s, want 23", v)
		}
		if _, err := db.RecordUnitChange(sys, dondoc.UnitChange{Kind: dondoc.ChangeMove, Effective: "2024-12-01",
			Predecessors: []int64{r.c.ID}, ParentID: &r.d1.ID}); err != nil {
			t.Fatal(err)
		}
		if v := d1Year(); v != "31" {
			t.Errorf("D1 2024 after Cường moved in = %s, want 31", v)
		}
		quarters := func(unit int64) string {
			got, err := svc.Rollup(sys, dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: unit, From: "2024", To: "2024", By: dondoc.PeriodQuarter})
			if err != nil {
				t.Fatal(err)
			}
			return rollupTable(got, func(c dondoc.RollupCell) string { return optNum(c.Value) })
		}
		if s := quarters(r.d1.ID); s != "Huyện Một: 11 4 8 - = 23\n" {
			t.Errorf("D1 by quarter after Cường moved in on 1 December:\n%s", s)
		}
		if s := quarters(r.d2.ID); s != "Huyện Hai: 7 - 1 - = 8\n" {
			t.Errorf("D2 by quarter after Cường moved out on 1 December:\n%s", s)
		}
	})
}

func asError(err error, e **dondoc.Error) bool {
	x, ok := err.(*dondoc.Error)
	*e = x
	return ok
}

func TestCompletenessFromStorage(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		r := newRollupTree(t, db)
		ind := r.indicator(t, db, dondoc.Indicator{Code: "BC", Name: "Báo cáo tháng", Measure: "báo cáo", Aggregation: dondoc.AggSum,
			PeriodType: dondoc.PeriodMonth, HigherIsBetter: true})
		acc, sub := dondoc.ActualAccepted, dondoc.ActualSubmitted
		r.load(t, db, ind,
			fact(r.a, "2024-05", 1, acc, "2024-05-10"), fact(r.a, "2024-06", 1, acc, "2024-06-20"),
			fact(r.b, "2024-05", 1, sub, "2024-05-14"), fact(r.b, "2024-06", 1, dondoc.ActualReturned, "2024-06-10"),
			fact(r.b, "2024-07", 1, dondoc.ActualApproved, "2024-07-01"),
			fact(r.c, "2024-05", 1, acc, "2024-05-14"), fact(r.c, "2024-06", 1, acc, "2024-06-14"),
			fact(r.c, "2024-07", 1, acc, "2024-07-14"), fact(r.c, "2024-08", 1, acc, "2024-08-15"))
		r.target(t, db, ind, r.d2, "2024", 10)
		got, err := rollupService(db, "2024-12-20").Completeness(sqldbtest.System(),
			dondoc.CompletenessQuery{IndicatorID: ind.ID, UnitID: r.p.ID, From: "2024-05", To: "2024-08", Level: 2})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, row := range got.Rows {
			fmt.Fprintf(&b, "%s%s: %d/%d/%d %s\n", strings.Repeat("  ", row.Depth), row.UnitName, row.Expected, row.Received, row.OnTime, optNum(row.Completeness))
		}
		for _, l := range got.Levels {
			fmt.Fprintf(&b, "%s: %d/%d/%d %s\n", l.Kind, l.Expected, l.Received, l.OnTime, optNum(l.Timeliness))
		}
		want := `Tỉnh P: 14/8/6 57.1428571
  Huyện Hai: 8/4/3 50
    Xã Cường: 4/4/3 100
  Huyện Một: 6/4/3 66.6666667
    Xã An: 2/2/1 100
    Xã Bình: 4/2/2 50
district: 4/0/0 0
commune: 10/8/6 60
`
		if b.String() != want {
			t.Errorf("completeness:\n%s\nwant:\n%s", b.String(), want)
		}
	})
}

func TestIndicatorStatusSetting(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		r := newRollupTree(t, db)
		office := sqldbtest.As(r.submitter, dondoc.RoleOffice, r.p)
		viewer := sqldbtest.As(r.submitter, dondoc.RoleViewer, r.c)
		s, err := db.IndicatorStatusSetting(viewer)
		if err != nil || s.Version != 1 || s.IndicatorStatus != dondoc.DefaultIndicatorStatus() {
			t.Fatalf("default = %+v, %v", s, err)
		}
		if _, err := db.SetIndicatorStatus(viewer, 1, dondoc.IndicatorStatus{GreenAt: 90, AmberAt: 70}); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("viewer sets thresholds: %v, want forbidden", err)
		}
		if _, err := db.SetIndicatorStatus(office, 1, dondoc.IndicatorStatus{GreenAt: 90, AmberAt: 95}); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Errorf("amber above green: %v, want invalid", err)
		}
		s, err = db.SetIndicatorStatus(office, 1, dondoc.IndicatorStatus{GreenAt: 90, AmberAt: 70, DueDay: 20})
		if err != nil || s.Version != 2 || s.GreenAt != 90 || s.DueDay != 20 {
			t.Fatalf("set = %+v, %v", s, err)
		}
		if _, err := db.SetIndicatorStatus(office, 1, dondoc.IndicatorStatus{GreenAt: 95, AmberAt: 70}); !dondoc.IsCode(err, dondoc.EStale) {
			t.Errorf("stale version: %v, want stale", err)
		}
		if s, err = db.IndicatorStatusSetting(viewer); err != nil || s.Version != 2 || s.AmberAt != 70 {
			t.Errorf("read back = %+v, %v", s, err)
		}
		// The thresholds in force judge roll-ups: at 90% green, D1's 95.8% for the year is green.
		ind := loadHouses(t, db, r)
		got, err := rollupService(db, "2024-12-20").Rollup(sqldbtest.System(),
			dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: r.d1.ID, From: "2024", To: "2024", By: dondoc.PeriodYear, Level: 0})
		if err != nil {
			t.Fatal(err)
		}
		if c := got.Rows[0].Cells[0]; c.Status != dondoc.LightGreen || got.Thresholds.GreenAt != 90 {
			t.Errorf("D1 2024 = %s at %s%%, thresholds %+v; want green", c.Status, optNum(c.Achievement), got.Thresholds)
		}
	})
}

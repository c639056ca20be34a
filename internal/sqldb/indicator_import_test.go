package sqldb_test

import (
	"slices"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// row is an import row of a unit, a period and a value, numbered as the spreadsheet numbers it.
func row(n int, unit int64, period string, v float64) dondoc.ImportRow {
	return dondoc.ImportRow{Row: n, Input: dondoc.ValueInput{UnitID: unit, Period: period, Value: &v}}
}

func TestImportValues(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-06-25")
		p := sqldbtest.NewProvince(t, db)
		ind := newIndicator(t, db, dondoc.Indicator{Code: "NHA-TAM", Name: "Nhà tạm được xóa", Measure: "căn",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth, Disaggregations: []string{"hộ nghèo"}})
		office := member(t, db, "office", dondoc.RoleOffice, p.Root)
		officerA := member(t, db, "officer-a", dondoc.RoleUnitOfficer, p.CommuneA)
		headA := member(t, db, "head-a", dondoc.RoleUnitHead, p.CommuneA)
		leader := member(t, db, "leader", dondoc.RoleLeader, p.Root)

		good := []dondoc.ImportRow{row(2, p.CommuneA.ID, "2024-06", 5), row(3, p.CommuneB.ID, "2024-06", 7), row(4, p.DistrictA.ID, "2024-06", 12)}
		good[0].Input.Parts = map[string]float64{"hộ nghèo": 3}
		res, err := db.ImportValues(office, ind.ID, dondoc.ImportActuals, good)
		if err != nil {
			t.Fatal(err)
		}
		if res.Written != 3 || res.Rows != 3 || len(res.Problems) != 0 {
			t.Errorf("good import = %+v", res)
		}
		list, _ := db.ListActuals(office, ind.ID, 0)
		if len(list) != 3 || list[0].Status != dondoc.ActualSubmitted {
			t.Fatalf("after import: %+v", list)
		}
		a := list[slices.IndexFunc(list, func(x dondoc.Actual) bool { return x.UnitID == p.CommuneA.ID })]
		if a.Value != 5 || a.Parts["hộ nghèo"] != 3 {
			t.Errorf("imported commune A = %+v", a)
		}
		if _, err := db.ReviewActual(headA, a.ID, a.Version, dondoc.ReviewDecision{Approve: true}); err != nil {
			t.Fatal(err)
		}
		audit, err := db.ListAudit(office, "indicator", ind.ID, "", 50)
		if err != nil || !slices.ContainsFunc(audit.Items, func(e dondoc.AuditEvent) bool { return e.Action == "indicator.import" }) {
			t.Errorf("no import audit row: %+v (err %v)", audit, err)
		}

		enableLock(t, db, p, 5)
		unreadable := dondoc.ImportRow{Row: 9, Input: dondoc.ValueInput{UnitID: 9999, Period: "2024-07"}}
		unreadable.Problem("value", "“abc” không phải là số.", "“abc” is not a number.")
		bad := []dondoc.ImportRow{
			row(2, p.CommuneB.ID, "2024-07", 1),    // good, but nothing may be written
			row(3, 9999, "2024-07", 1),             // unknown unit
			row(4, p.CommuneB.ID, "2024-07", 2),    // duplicate of row 2
			row(5, p.CommuneB.ID, "2024-05", 2),    // May locked since 20 May
			row(6, p.CommuneA.ID, "2024-06", 9),    // approved: settled
			row(7, p.CommuneB.ID, "2024-Q3", 1),    // wrong period type
			row(8, p.DistrictA.ID, "2024-07", 1e9), // good
			unreadable,                             // unknown unit and value not a number
		}
		bad[6].Input.Parts = map[string]float64{"hộ khá": 1} // unknown disaggregation
		res, err = db.ImportValues(office, ind.ID, dondoc.ImportActuals, bad)
		if err != nil {
			t.Fatal(err)
		}
		type key struct {
			row    int
			column string
		}
		var got []key
		for _, pr := range res.Problems {
			got = append(got, key{pr.Row, pr.Column})
			if pr.Message == "" || pr.MessageEN == "" {
				t.Errorf("problem without a message: %+v", pr)
			}
		}
		want := []key{{3, "Mã đơn vị"}, {4, "Mã đơn vị"}, {5, "Kỳ"}, {6, "Giá trị"}, {7, "Kỳ"}, {8, "Phân tổ: hộ khá"},
			{9, "Giá trị"}, {9, "Mã đơn vị"}}
		if !slices.Equal(got, want) || res.Written != 0 {
			t.Errorf("problems = %v (written %d), want %v", got, res.Written, want)
		}
		if l, _ := db.ListActuals(office, ind.ID, 0); len(l) != 3 {
			t.Errorf("a refused import wrote rows: %+v", l)
		}

		// Out of scope: an officer of commune A cannot import commune B's figures.
		res, err = db.ImportValues(officerA, ind.ID, dondoc.ImportActuals, []dondoc.ImportRow{row(2, p.CommuneB.ID, "2024-07", 1)})
		if err != nil || len(res.Problems) != 1 || res.Problems[0].Field != "unit_id" {
			t.Errorf("out of scope: %+v (err %v)", res, err)
		}

		// Targets: a leader plans for the year, which no lock applies to; an officer may not.
		res, err = db.ImportValues(leader, ind.ID, dondoc.ImportTargets, []dondoc.ImportRow{row(2, p.CommuneA.ID, "2024", 60), row(3, p.CommuneB.ID, "2024", 40)})
		if err != nil || res.Written != 2 {
			t.Errorf("target import = %+v (err %v)", res, err)
		}
		if tg, _ := db.ListTargets(office, ind.ID, p.CommuneB.ID); len(tg) != 1 || tg[0].Value != 40 {
			t.Errorf("imported targets: %+v", tg)
		}
		res, err = db.ImportValues(officerA, ind.ID, dondoc.ImportTargets, []dondoc.ImportRow{row(2, p.CommuneA.ID, "2024", 1)})
		if err != nil || len(res.Problems) != 1 || res.Problems[0].Column != "Mã đơn vị" {
			t.Errorf("officer imports targets: %+v (err %v)", res, err)
		}
		_, err = db.ImportValues(office, ind.ID, dondoc.ImportActuals, nil)
		wantErr(t, "empty import", err, dondoc.EInvalid, "file")
		_, err = db.ImportValues(office, ind.ID+100, dondoc.ImportActuals, good)
		wantErr(t, "unknown indicator", err, dondoc.ENotFound, "")
	})
}

func TestImportTemplate(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		ind := newIndicator(t, db, dondoc.Indicator{Code: "NHA-TAM", Name: "Nhà tạm được xóa", Measure: "căn",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth})
		headA := member(t, db, "head-a", dondoc.RoleUnitHead, p.DistrictA)
		if _, err := db.SubmitActual(headA, ind.ID, dondoc.ValueInput{UnitID: p.CommuneA.ID, Period: "2024-05", Value: value(4)}); err != nil {
			t.Fatal(err)
		}
		tpl, err := db.ImportTemplate(headA, ind.ID, dondoc.ImportActuals, "2024-05")
		if err != nil {
			t.Fatal(err)
		}
		if len(tpl.Units) != 2 || tpl.Units[0].ID != p.DistrictA.ID || tpl.Units[1].ID != p.CommuneA.ID ||
			tpl.Units[0].Value != nil || tpl.Units[1].Value == nil || *tpl.Units[1].Value != 4 {
			t.Errorf("district head's template = %+v", tpl.Units)
		}
		// A unit head sets no targets, so the targets template lists no unit.
		if tpl, err := db.ImportTemplate(headA, ind.ID, dondoc.ImportTargets, "2024"); err != nil || len(tpl.Units) != 0 {
			t.Errorf("head's targets template = %+v (err %v)", tpl, err)
		}
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		if tpl, err := db.ImportTemplate(office, ind.ID, dondoc.ImportTargets, "2021-2025"); err != nil || len(tpl.Units) != 7 {
			t.Errorf("office's term template has %d units (err %v), want the 7 units", len(tpl.Units), err)
		}
		_, err = db.ImportTemplate(office, ind.ID, dondoc.ImportActuals, "2024-Q2")
		wantErr(t, "quarter for a monthly indicator", err, dondoc.EInvalid, "period")
		_, err = db.ImportTemplate(office, ind.ID, dondoc.ImportActuals, "")
		wantErr(t, "no period", err, dondoc.EInvalid, "period")
	})
}

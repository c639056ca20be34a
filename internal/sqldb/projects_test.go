package sqldb_test

import (
	"context"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

func TestProjectDisbursementAndProgress(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-06-10")
		p := sqldbtest.NewProvince(t, db)
		office := member(t, db, "office", dondoc.RoleOffice, p.Root)
		investorOfficer := member(t, db, "officer-a", dondoc.RoleUnitOfficer, p.DistrictA)
		otherOfficer := member(t, db, "officer-b", dondoc.RoleUnitOfficer, p.DistrictB)
		viewer := member(t, db, "viewer", dondoc.RoleViewer, p.CommuneB)
		bridge, err := db.CreateProject(office, dondoc.Project{Name: "Cầu Đồng Việt", InvestorUnitID: p.DistrictA.ID, TotalInvestment: 1364,
			Milestones: []dondoc.Milestone{
				{Name: "Khởi công", Planned: "2024-01-15", Actual: "2024-01-20"},
				{Name: "Hợp long cầu chính", Planned: "2024-05-31"},
				{Name: "Thông xe", Planned: "2024-12-31"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		road, err := db.CreateProject(office, dondoc.Project{Name: "Đường vành đai IV", InvestorUnitID: p.Department.ID, TotalInvestment: 500})
		if err != nil {
			t.Fatal(err)
		}

		// The office plans; the investor's officer reports what was disbursed.
		plan := func(id int64, month string, planned float64) {
			t.Helper()
			if _, err := db.SetDisbursement(office, id, month, dondoc.DisbursementInput{Planned: &planned}); err != nil {
				t.Fatalf("plan %s: %v", month, err)
			}
		}
		for _, m := range []string{"2024-03", "2024-04", "2024-05", "2024-06"} {
			plan(bridge.ID, m, 100)
		}
		plan(road.ID, "2024-05", 50)
		for m, v := range map[string]float64{"2024-03": 90, "2024-04": 60, "2024-06": 10} {
			d, err := db.SetDisbursement(investorOfficer, bridge.ID, m, dondoc.DisbursementInput{Actual: &v})
			if err != nil {
				t.Fatalf("report %s: %v", m, err)
			}
			if d.Planned != 100 || d.Actual == nil || *d.Actual != v || d.Version != 2 {
				t.Errorf("reported %s = %+v", m, d)
			}
		}
		fifty := 50.0
		if _, err := db.SetDisbursement(office, road.ID, "2024-05", dondoc.DisbursementInput{Planned: &fifty, Actual: &fifty}); err != nil {
			t.Fatal(err)
		}

		bad := []struct {
			name  string
			ctx   context.Context
			month string
			in    dondoc.DisbursementInput
			code  dondoc.Code
			field string
		}{
			{"officer changes the plan", investorOfficer, "2024-04", dondoc.DisbursementInput{Planned: value(150), Actual: value(60)}, dondoc.EForbidden, "planned"},
			{"officer of another unit", otherOfficer, "2024-04", dondoc.DisbursementInput{Actual: value(60)}, dondoc.EForbidden, ""},
			{"viewer", viewer, "2024-04", dondoc.DisbursementInput{Actual: value(60)}, dondoc.EForbidden, ""},
			{"bad month", office, "2024-13", dondoc.DisbursementInput{Actual: value(1)}, dondoc.EInvalid, "month"},
			{"quarter", office, "2024-Q2", dondoc.DisbursementInput{Actual: value(1)}, dondoc.EInvalid, "month"},
			{"negative plan", office, "2024-04", dondoc.DisbursementInput{Planned: value(-1)}, dondoc.EInvalid, "planned"},
			{"nothing", office, "2024-04", dondoc.DisbursementInput{}, dondoc.EInvalid, "actual"},
		}
		for _, b := range bad {
			_, err := db.SetDisbursement(b.ctx, bridge.ID, b.month, b.in)
			wantErr(t, b.name, err, b.code, b.field)
		}
		_, err = db.SetDisbursement(office, bridge.ID+100, "2024-04", dondoc.DisbursementInput{Actual: value(1)})
		wantErr(t, "missing project", err, dondoc.ENotFound, "")

		// A task of the project past its deadline, and an open escalation about it.
		task, err := db.CreateTask(sqldbtest.System(), dondoc.TaskInput{Title: "Bàn giao mặt bằng đường dẫn", LeadUnitID: p.CommuneA.ID,
			AssignerUnitID: p.Office.ID, ProjectID: &bridge.ID, Assign: true,
			Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-06-01"}})
		if err != nil {
			t.Fatal(err)
		}
		sqldbtest.Task(t, db, p.Office, p.CommuneA, "Nhiệm vụ khác", "2024-06-01")
		commune := member(t, db, "officer-commune", dondoc.RoleUnitOfficer, p.CommuneA)
		esc, err := db.RaiseEscalation(commune, dondoc.EscalationInput{TaskID: &task.ID, FromUnitID: p.CommuneA.ID, ToUnitID: p.Office.ID,
			Subject: "Ba hộ chưa nhận tiền bồi thường", ResponseDue: "2024-06-20"})
		if err != nil {
			t.Fatal(err)
		}

		pr, err := db.ProjectProgress(viewer, bridge.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Hand-computed: the figures run to May; plan 300, disbursed 90 + 60 + nothing = 150.
		if pr.AsOfMonth != "2024-05" || pr.CumPlanned != 300 || pr.CumActual != 150 || pr.Rate == nil || *pr.Rate != 0.5 || !pr.Behind {
			t.Errorf("progress = month %s planned %v actual %v rate %v behind %v", pr.AsOfMonth, pr.CumPlanned, pr.CumActual, pr.Rate, pr.Behind)
		}
		wantCum := [][2]float64{{100, 90}, {200, 150}, {300, 150}, {400, 160}}
		if len(pr.Months) != len(wantCum) {
			t.Fatalf("months = %+v", pr.Months)
		}
		for i, w := range wantCum {
			if pr.Months[i].CumPlanned != w[0] || pr.Months[i].CumActual != w[1] {
				t.Errorf("month %s cumulative = %v/%v, want %v/%v", pr.Months[i].Month, pr.Months[i].CumPlanned, pr.Months[i].CumActual, w[0], w[1])
			}
		}
		if pr.Milestones[0].Status != dondoc.MilestoneDoneLate || pr.Milestones[0].DaysLate != 5 ||
			pr.Milestones[1].Status != dondoc.MilestoneLate || pr.Milestones[1].DaysLate != 10 || pr.Milestones[2].Status != dondoc.MilestonePending {
			t.Errorf("milestones = %+v", pr.Milestones)
		}
		if len(pr.Reasons) != 2 {
			t.Errorf("reasons = %q, want the disbursement and the late milestone", pr.Reasons)
		}
		// The viewer of commune B may not read commune A's task, so sees no difficulty; the office sees both.
		if len(pr.Difficulties) != 0 {
			t.Errorf("viewer of another commune sees difficulties %+v", pr.Difficulties)
		}
		pr, err = db.ProjectProgress(office, bridge.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(pr.Difficulties) != 2 || pr.Difficulties[0].Kind != dondoc.DifficultyOverdueTask || pr.Difficulties[0].TaskID != task.ID ||
			pr.Difficulties[0].DaysOpen != 9 || pr.Difficulties[1].Kind != dondoc.DifficultyEscalation || pr.Difficulties[1].ID != esc.ID {
			t.Errorf("difficulties = %+v", pr.Difficulties)
		}
		_, err = db.ProjectProgress(office, bridge.ID, 101)
		wantErr(t, "threshold over 100", err, dondoc.EInvalid, "threshold")
		_, err = db.ProjectProgress(sqldbtest.As(9, dondoc.RoleAdmin, p.Root), bridge.ID, 10)
		wantErr(t, "admin without a read role", err, dondoc.ENotFound, "")

		watch, err := db.ProjectWatchlist(viewer, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(watch) != 1 || watch[0].Project.ID != bridge.ID {
			t.Errorf("watchlist = %+v, want the bridge only", watch)
		}
		// Reaching the milestone and a lenient threshold take the bridge off the watchlist.
		ms := bridge.Milestones
		ms[1].Actual = "2024-06-05"
		_, err = db.SetMilestones(investorOfficer, bridge.ID, bridge.Version, ms)
		wantErr(t, "officer sets milestones", err, dondoc.EForbidden, "")
		_, err = db.SetMilestones(office, bridge.ID, bridge.Version+1, ms)
		wantErr(t, "stale milestones", err, dondoc.EStale, "")
		_, err = db.SetMilestones(office, bridge.ID, bridge.Version, []dondoc.Milestone{{Name: "Khởi công"}})
		wantErr(t, "milestone without a date", err, dondoc.EInvalid, "milestones[0].planned")
		b2, err := db.SetMilestones(office, bridge.ID, bridge.Version, ms)
		if err != nil {
			t.Fatal(err)
		}
		if b2.Version != bridge.Version+1 || b2.Milestones[1].Actual != "2024-06-05" {
			t.Errorf("after milestones: %+v", b2)
		}
		if watch, err := db.ProjectWatchlist(viewer, 50); err != nil || len(watch) != 0 {
			t.Errorf("watchlist at 50%% = %+v (err %v), want empty", watch, err)
		}
		if watch, err := db.ProjectWatchlist(viewer, 49); err != nil || len(watch) != 1 {
			t.Errorf("watchlist at 49%% = %d projects (err %v), want the bridge", len(watch), err)
		}
		audit, err := db.ListAudit(office, "project", bridge.ID, "", 50)
		if err != nil || len(audit.Items) != 1+4+3+1 {
			t.Errorf("bridge has %d audit rows (err %v), want create, 4 plans, 3 reports, milestones", len(audit.Items), err)
		}
	})
}

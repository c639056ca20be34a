package demo_test

import (
	"context"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/demo"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// load runs the loader as the server does in demo mode, inside the database's fast-load mode, and
// logs how long it took so that the start-up budget can be watched.
func load(t *testing.T, db *sqldb.DB) *demo.Result {
	t.Helper()
	ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
	var res *demo.Result
	start := time.Now()
	err := db.FastLoad(ctx, func() error {
		var err error
		res, err = demo.Load(ctx, db, db.Now())
		return err
	})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	t.Logf("demo.Load on %s: %s", db.Engine, time.Since(start).Round(time.Millisecond))
	return res
}

func TestLoad(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
		if loaded, err := demo.Loaded(ctx, db); err != nil || loaded {
			t.Fatalf("Loaded on a fresh database = %v, %v; want false", loaded, err)
		}
		res := load(t, db)
		if loaded, err := demo.Loaded(ctx, db); err != nil || !loaded {
			t.Fatalf("Loaded after Load = %v, %v; want true", loaded, err)
		}
		if _, err := demo.Load(ctx, db, db.Now()); !dondoc.IsCode(err, dondoc.EConflict) {
			t.Errorf("second Load: err = %v, want a conflict", err)
		}
		if len(res.Accounts) != len(demo.Accounts) {
			t.Errorf("Result lists %d accounts, want %d", len(res.Accounts), len(demo.Accounts))
		}

		doc, err := db.GetDocument(ctx, res.DocumentID)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Stub || doc.SignerName != "Lê Thị Thu Hồng" || doc.SigningAuth != "T/M BAN THƯỜNG VỤ" || len(doc.Recipients) != 5 {
			t.Errorf("seed document = stub %v, signed %q by %q, %d recipients", doc.Stub, doc.SigningAuth, doc.SignerName, len(doc.Recipients))
		}
		if len(doc.References) != 5 {
			t.Errorf("seed document has %d references, want 5", len(doc.References))
		}
		for _, r := range doc.References {
			if r.DocumentID == nil {
				t.Errorf("reference %s is not resolved to its stub", r.NumberSymbol)
			}
		}

		page, err := db.ListTasks(ctx, dondoc.TaskFilter{DocumentID: res.DocumentID, Limit: dondoc.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		districts, err := db.ListUnits(ctx, dondoc.UnitFilter{Kind: dondoc.KindDistrict, Limit: dondoc.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		if len(districts.Items) < 6 {
			t.Fatalf("%d districts, want at least 6", len(districts.Items))
		}
		top := map[int64]dondoc.Task{}
		children := map[int64]map[int64]bool{}
		var overdue, late, onTime int
		for _, task := range page.Items {
			if task.ParentID == nil {
				top[task.ID] = task
			} else {
				if children[*task.ParentID] == nil {
					children[*task.ParentID] = map[int64]bool{}
				}
				children[*task.ParentID][task.LeadUnitID] = true
			}
			switch {
			case task.Timing.Overdue:
				overdue++
			case task.Timing.Outcome == "late":
				late++
			case task.Timing.Outcome == "on_time":
				onTime++
			}
		}
		if len(top) != 9 {
			t.Errorf("%d top-level tasks of the seed document, want 9", len(top))
		}
		cascaded := 0
		for _, task := range top {
			if len(task.ClauseID) < 2 || task.ClauseID[:2] != "2." {
				if len(children[task.ID]) != 0 {
					t.Errorf("task %s has children", task.ClauseID)
				}
				continue
			}
			cascaded++
			for _, d := range districts.Items {
				if !children[task.ID][d.ID] {
					t.Errorf("task %s has no child led by %s", task.ClauseID, d.Name)
				}
			}
		}
		if cascaded != 5 {
			t.Errorf("%d cascaded tasks, want the five of item 2", cascaded)
		}
		if overdue == 0 || late == 0 || onTime == 0 {
			t.Errorf("tasks: %d overdue, %d done late, %d done on time; want some of each", overdue, late, onTime)
		}

		open, err := db.ListEscalations(ctx, dondoc.EscalationOpen, "", 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(open.Items) != 1 {
			t.Errorf("%d open escalations, want 1", len(open.Items))
		}
		visits, err := db.ListFieldVisits(ctx, "", 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(visits.Items) != 1 || len(visits.Items[0].Findings) != 2 || visits.Items[0].Findings[0].TaskID == nil {
			t.Errorf("field visits = %+v, want one with two findings, the first turned into a task", visits.Items)
		}
		projects, err := db.ListProjects(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(projects) != 1 || projects[0].Name != "Xây dựng Cầu Đồng Việt" || projects[0].IndicatorID == nil {
			t.Errorf("projects = %+v, want the Đồng Việt bridge linked to the disbursement indicator", projects)
		}
		inds, err := db.ListIndicators(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(inds) != 3 {
			t.Fatalf("%d indicators, want 3", len(inds))
		}
		for _, ind := range inds {
			actuals, err := db.ListActuals(ctx, ind.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			accepted := 0
			for _, a := range actuals {
				if a.Status == dondoc.ActualAccepted {
					accepted++
				}
			}
			if accepted < 4*6 {
				t.Errorf("indicator %s has %d accepted actuals, want four months for each district", ind.Code, accepted)
			}
		}

		// The demo accounts sign in with the demo password, and the district officer sees the
		// district's work.
		for _, username := range []string{"canbo", "lanhdao"} {
			if _, _, err := db.Login(context.Background(), username, demo.Password); err != nil {
				t.Errorf("login %s: %v", username, err)
			}
		}
		if _, _, err := db.Login(context.Background(), "canbo", "wrong"); err == nil {
			t.Error("login with a wrong password succeeded")
		}
		users, err := db.ListUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var officer *dondoc.Actor
		for _, u := range users {
			if u.Username == "canbo" {
				if officer, err = db.ActorForUser(ctx, u.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if officer == nil {
			t.Fatal("no account canbo")
		}
		mine, err := db.ListTasks(dondoc.WithActor(context.Background(), officer), dondoc.TaskFilter{Limit: dondoc.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		// Five cascaded tasks of Yên Dũng and the task from the field visit's finding.
		if len(mine.Items) != 6 {
			t.Errorf("canbo sees %d tasks, want 6", len(mine.Items))
		}
		district := officer.Grants[0].UnitPath
		for _, task := range mine.Items {
			lead, err := db.GetUnit(ctx, task.LeadUnitID)
			if err != nil {
				t.Fatal(err)
			}
			if !dondoc.PathCovers(district, lead.Path) {
				t.Errorf("canbo sees task %d led by %s, outside Huyện Yên Dũng", task.ID, lead.Name)
			}
		}
	})
}

// TestLoadedIgnoresOtherProvinces checks that a province other than the demo's does not count as
// the demo being loaded.
func TestLoadedIgnoresOtherProvinces(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
		if _, err := db.CreateUnit(ctx, dondoc.UnitInput{Kind: dondoc.KindProvince, Code: "27", Name: "Tỉnh Bắc Ninh"}); err != nil {
			t.Fatal(err)
		}
		if loaded, err := demo.Loaded(ctx, db); err != nil || loaded {
			t.Fatalf("Loaded = %v, %v; want false", loaded, err)
		}
	})
}

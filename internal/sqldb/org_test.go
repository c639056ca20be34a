package sqldb_test

import (
	"slices"
	"strconv"
	"testing"

	"golang.org/x/text/unicode/norm"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

func TestMoveRecomputesSubtreePaths(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		village := sqldbtest.Unit(t, db, p.CommuneA, dondoc.KindOther, "Thôn Đông")
		team := sqldbtest.Unit(t, db, village, dondoc.KindOther, "Tổ dân phố 1")
		admin := sqldbtest.As(1, dondoc.RoleAdmin, p.Root)
		c, err := db.RecordUnitChange(admin, dondoc.UnitChange{Kind: dondoc.ChangeMove, Effective: "2025-07-01",
			Predecessors: []int64{p.CommuneA.ID}, ParentID: &p.DistrictB.ID})
		if err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 {
			t.Error("the change has no id")
		}
		want := map[*dondoc.Unit]string{
			p.CommuneA:  p.DistrictB.Path + strconv.FormatInt(p.CommuneA.ID, 10) + "/",
			village:     p.DistrictB.Path + strconv.FormatInt(p.CommuneA.ID, 10) + "/" + strconv.FormatInt(village.ID, 10) + "/",
			team:        p.DistrictB.Path + strconv.FormatInt(p.CommuneA.ID, 10) + "/" + strconv.FormatInt(village.ID, 10) + "/" + strconv.FormatInt(team.ID, 10) + "/",
			p.CommuneB:  p.CommuneB.Path,
			p.DistrictA: p.DistrictA.Path,
		}
		for u, path := range want {
			got, err := db.GetUnit(admin, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Path != path {
				t.Errorf("%s: path = %q, want %q", u.Name, got.Path, path)
			}
		}
		moved, _ := db.GetUnit(admin, p.CommuneA.ID)
		if moved.ParentID == nil || *moved.ParentID != p.DistrictB.ID || moved.Version != p.CommuneA.Version+1 {
			t.Errorf("moved unit = %+v", moved)
		}
		if got := unitNames(t, db, dondoc.UnitFilter{ParentID: &p.DistrictB.ID}); !equalStrings(got, []string{"Xã Đồng Việt", "Xã Tân Thanh"}) {
			t.Errorf("children of the new parent: %v", got)
		}
		// The district's scope now reaches the moved subtree, and the old district's no longer does.
		task := sqldbtest.Task(t, db, p.Office, team, "Rà soát hộ nghèo", "")
		if _, err := db.GetTask(sqldbtest.As(3, dondoc.RoleUnitHead, p.DistrictB), task.ID); err != nil {
			t.Errorf("head of the new district reads a task of the moved subtree: %v", err)
		}
		if _, err := db.GetTask(sqldbtest.As(3, dondoc.RoleUnitHead, p.DistrictA), task.ID); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("head of the old district reads it: err = %v, want not found", err)
		}

		for _, tc := range []struct {
			name   string
			unit   int64
			parent int64
			field  string
		}{
			{"under its own descendant", p.CommuneA.ID, team.ID, "parent_id"},
			{"under itself", village.ID, village.ID, "parent_id"},
			{"to the same parent", p.CommuneA.ID, p.DistrictB.ID, "predecessors[0]"},
			{"unknown parent", p.CommuneA.ID, 999999, "parent_id"},
		} {
			_, err := db.RecordUnitChange(admin, dondoc.UnitChange{Kind: dondoc.ChangeMove, Effective: "2025-08-01",
				Predecessors: []int64{tc.unit}, ParentID: &tc.parent})
			orgField(t, tc.name, err, tc.field)
		}
		after, _ := db.GetUnit(admin, team.ID)
		if after.Path != want[team] {
			t.Errorf("refused moves changed a path: %q", after.Path)
		}
	})
}

func TestMergeMovesOpenTasksAndKeepsDoneOnes(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2025-06-20")
		p := sqldbtest.NewProvince(t, db)
		sys := sqldbtest.System()
		merged := sqldbtest.Unit(t, db, p.DistrictA, dondoc.KindCommune, "Xã Đồng Tân")
		open := sqldbtest.Task(t, db, p.Office, p.CommuneA, "Xóa nhà tạm", "2025-09-30")
		running := sqldbtest.Task(t, db, p.Office, p.CommuneB, "Thu ngân sách", "2025-12-31")
		if _, err := db.Transition(sys, running.ID, running.Version, dondoc.TransitionInput{Action: dondoc.ActionReport}); err != nil {
			t.Fatal(err)
		}
		draft, err := db.CreateTask(sys, dondoc.TaskInput{Title: "Dự thảo kế hoạch", LeadUnitID: p.CommuneA.ID, AssignerUnitID: p.Office.ID})
		if err != nil {
			t.Fatal(err)
		}
		done := sqldbtest.Task(t, db, p.Office, p.CommuneA, "Đại hội Mặt trận", "2025-05-31")
		for _, a := range []dondoc.Action{dondoc.ActionRequestCompletion, dondoc.ActionConfirm} {
			if done, err = db.Transition(sys, done.ID, done.Version, dondoc.TransitionInput{Action: a}); err != nil {
				t.Fatal(err)
			}
		}
		cancelled := sqldbtest.Task(t, db, p.Office, p.CommuneB, "Việc đã hủy", "")
		if _, err := db.Transition(sys, cancelled.ID, cancelled.Version, dondoc.TransitionInput{Action: dondoc.ActionCancel}); err != nil {
			t.Fatal(err)
		}
		other := sqldbtest.Task(t, db, p.Office, p.DistrictB, "Việc của huyện", "")

		ind, err := db.CreateIndicator(sys, dondoc.Indicator{Code: "NHA_TAM", Name: "Số nhà tạm được xóa", Measure: "căn",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodYear, HigherIsBetter: true})
		if err != nil {
			t.Fatal(err)
		}
		target := func(unit *dondoc.Unit, period string) *dondoc.Target {
			v := 10.0
			tg, err := db.SetTarget(sys, ind.ID, dondoc.ValueInput{UnitID: unit.ID, Period: period, Value: &v})
			if err != nil {
				t.Fatal(err)
			}
			return tg
		}
		pastTarget, futureA := target(p.CommuneA, "2025-Q2"), target(p.CommuneA, "2026")
		futureB, ownTarget := target(p.CommuneB, "2025-H2"), target(merged, "2025-Q3")
		clashing := target(p.CommuneA, "2025-Q3")

		admin := sqldbtest.As(1, dondoc.RoleAdmin, p.Root)
		c, err := db.RecordUnitChange(admin, dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2025-07-01",
			Predecessors: []int64{p.CommuneA.ID, p.CommuneB.ID}, Successors: []int64{merged.ID}, Note: "Nghị quyết sắp xếp đơn vị hành chính cấp xã"})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(c.MovedTasks)
		if want := []int64{open.ID, running.ID, draft.ID}; !slices.Equal(c.MovedTasks, want) {
			t.Errorf("moved tasks = %v, want %v", c.MovedTasks, want)
		}
		for _, tc := range []struct {
			task *dondoc.Task
			lead int64
		}{{open, merged.ID}, {running, merged.ID}, {draft, merged.ID}, {done, p.CommuneA.ID}, {cancelled, p.CommuneB.ID}, {other, p.DistrictB.ID}} {
			got, err := db.GetTask(sys, tc.task.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.LeadUnitID != tc.lead {
				t.Errorf("%s: lead = %d, want %d", got.Title, got.LeadUnitID, tc.lead)
			}
			events, err := db.Timeline(sys, tc.task.ID)
			if err != nil {
				t.Fatal(err)
			}
			moved := slices.ContainsFunc(events, func(e dondoc.Event) bool { return e.Kind == "unit_change" })
			if moved != (tc.lead == merged.ID) {
				t.Errorf("%s: unit_change event present = %v", got.Title, moved)
			}
		}
		for _, tc := range []struct {
			unit     *dondoc.Unit
			from, to dondoc.Date
		}{{p.CommuneA, "", "2025-06-30"}, {p.CommuneB, "", "2025-06-30"}, {merged, "2025-07-01", ""}} {
			u, _ := db.GetUnit(sys, tc.unit.ID)
			if u.ValidFrom != tc.from || u.ValidTo != tc.to {
				t.Errorf("%s: valid %q–%q, want %q–%q", u.Name, u.ValidFrom, u.ValidTo, tc.from, tc.to)
			}
		}
		// Future targets follow the successor unless it already has its own for the period; past
		// ones stay with the unit that was measured.
		slices.Sort(c.MovedTargets)
		if want := []int64{futureA.ID, futureB.ID}; !slices.Equal(c.MovedTargets, want) {
			t.Errorf("moved targets = %v, want %v", c.MovedTargets, want)
		}
		targets, err := db.ListTargets(sys, ind.ID, 0)
		if err != nil || len(targets) != 5 {
			t.Fatalf("targets = %+v, %v", targets, err)
		}
		for _, tg := range targets {
			switch tg.ID {
			case pastTarget.ID, clashing.ID:
				if tg.UnitID != p.CommuneA.ID {
					t.Errorf("target %s moved to %d", tg.Period, tg.UnitID)
				}
			case futureA.ID, futureB.ID, ownTarget.ID:
				if tg.UnitID != merged.ID {
					t.Errorf("target %s of %d is not the successor's", tg.Period, tg.UnitID)
				}
			}
		}
		if got := unitNames(t, db, dondoc.UnitFilter{Kind: dondoc.KindCommune, AsOf: "2025-07-01"}); !equalStrings(got, []string{"Xã Đồng Tân"}) {
			t.Errorf("communes after the merge: %v", got)
		}
	})
}

func TestSplitMovesTasksOnlyToASingleSuccessor(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2025-06-20")
		p := sqldbtest.NewProvince(t, db)
		north := sqldbtest.Unit(t, db, p.DistrictA, dondoc.KindCommune, "Xã Bắc")
		south := sqldbtest.Unit(t, db, p.DistrictA, dondoc.KindCommune, "Xã Nam")
		task := sqldbtest.Task(t, db, p.Office, p.CommuneA, "Xóa nhà tạm", "")
		admin := sqldbtest.As(1, dondoc.RoleAdmin, p.Root)
		c, err := db.RecordUnitChange(admin, dondoc.UnitChange{Kind: dondoc.ChangeSplit, Effective: "2025-07-01",
			Predecessors: []int64{p.CommuneA.ID}, Successors: []int64{north.ID, south.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.MovedTasks) != 0 {
			t.Errorf("a split into two moved tasks %v", c.MovedTasks)
		}
		got, err := db.GetTask(sqldbtest.System(), task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.LeadUnitID != p.CommuneA.ID {
			t.Errorf("after a split into two the task is led by %d", got.LeadUnitID)
		}
		// A later split of a unit into one successor (part of it going elsewhere) hands tasks over.
		task2 := sqldbtest.Task(t, db, p.Office, p.CommuneB, "Thu ngân sách", "")
		c, err = db.RecordUnitChange(admin, dondoc.UnitChange{Kind: dondoc.ChangeSplit, Effective: "2025-07-01",
			Predecessors: []int64{p.CommuneB.ID}, Successors: []int64{south.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(c.MovedTasks, []int64{task2.ID}) {
			t.Errorf("split into one moved %v, want %v", c.MovedTasks, []int64{task2.ID})
		}
		// A unit renamed in place continues: nothing ends and nothing moves.
		c, err = db.RecordUnitChange(admin, dondoc.UnitChange{Kind: dondoc.ChangeRename, Effective: "2025-07-01",
			Predecessors: []int64{north.ID}, Successors: []int64{north.ID}})
		if err != nil {
			t.Fatal(err)
		}
		n, _ := db.GetUnit(admin, north.ID)
		if n.ValidTo != "" || n.ValidFrom != "2025-07-01" || len(c.MovedTasks) != 0 {
			t.Errorf("renamed in place: %+v, moved %v", n, c.MovedTasks)
		}
	})
}

func TestUnitChangePermissionAndBadInput(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		merge := dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2025-07-01",
			Predecessors: []int64{p.CommuneA.ID}, Successors: []int64{p.CommuneB.ID}}
		for _, tc := range []struct {
			name string
			role dondoc.Role
			at   *dondoc.Unit
		}{
			{"office of the province", dondoc.RoleOffice, p.Root},
			{"admin of one side only", dondoc.RoleAdmin, p.DistrictA},
			{"unit officer", dondoc.RoleUnitOfficer, p.Root},
		} {
			if _, err := db.RecordUnitChange(sqldbtest.As(4, tc.role, tc.at), merge); !dondoc.IsCode(err, dondoc.EForbidden) {
				t.Errorf("%s: err = %v, want forbidden", tc.name, err)
			}
		}
		parent := p.DistrictB.ID
		later, err := db.CreateUnit(sqldbtest.System(), dondoc.UnitInput{ParentID: &p.DistrictA.ID, Kind: dondoc.KindCommune, Name: "Xã Mới Lập", ValidFrom: "2025-09-01"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			c     dondoc.UnitChange
			field string
		}{
			{"unknown kind", dondoc.UnitChange{Kind: "annex", Effective: "2025-07-01", Predecessors: []int64{p.CommuneA.ID}}, "kind"},
			{"no date", dondoc.UnitChange{Kind: dondoc.ChangeMerge, Predecessors: []int64{p.CommuneA.ID}, Successors: []int64{p.CommuneB.ID}}, "effective"},
			{"no predecessors", dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2025-07-01", Successors: []int64{p.CommuneB.ID}}, "predecessors"},
			{"merge into two", dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2025-07-01", Predecessors: []int64{p.CommuneA.ID}, Successors: []int64{p.CommuneB.ID, p.DistrictB.ID}}, "successors"},
			{"repeated predecessor", dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2025-07-01", Predecessors: []int64{p.CommuneA.ID, p.CommuneA.ID}, Successors: []int64{p.CommuneB.ID}}, "predecessors[1]"},
			{"unknown predecessor", dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2025-07-01", Predecessors: []int64{p.CommuneA.ID, 55555}, Successors: []int64{p.CommuneB.ID}}, "predecessors[1]"},
			{"unknown successor", dondoc.UnitChange{Kind: dondoc.ChangeSplit, Effective: "2025-07-01", Predecessors: []int64{p.CommuneA.ID}, Successors: []int64{p.CommuneB.ID, 55555}}, "successors[1]"},
			{"split of two", dondoc.UnitChange{Kind: dondoc.ChangeSplit, Effective: "2025-07-01", Predecessors: []int64{p.CommuneA.ID, p.CommuneB.ID}, Successors: []int64{p.DistrictB.ID}}, "predecessors"},
			{"move without parent", dondoc.UnitChange{Kind: dondoc.ChangeMove, Effective: "2025-07-01", Predecessors: []int64{p.CommuneA.ID}}, "parent_id"},
			{"successor not yet in force", dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2025-07-01", Predecessors: []int64{p.CommuneA.ID}, Successors: []int64{later.ID}}, "successors[0]"},
			{"predecessor not yet in force", dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2025-08-01", Predecessors: []int64{p.CommuneA.ID, later.ID}, Successors: []int64{p.CommuneB.ID}}, "effective"},
			{"merge with parent", dondoc.UnitChange{Kind: dondoc.ChangeMerge, Effective: "2025-07-01", Predecessors: []int64{p.CommuneA.ID}, Successors: []int64{p.CommuneB.ID}, ParentID: &parent}, "parent_id"},
		} {
			_, err := db.RecordUnitChange(sqldbtest.System(), tc.c)
			orgField(t, tc.name, err, tc.field)
		}
		a, _ := db.GetUnit(sqldbtest.System(), p.CommuneA.ID)
		if a.ValidTo != "" || a.Version != p.CommuneA.Version {
			t.Errorf("refused changes touched the unit: %+v", a)
		}
	})
}

func TestOneHeadPerUnit(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		deputy, err := db.CreatePost(office, dondoc.Post{UnitID: p.DistrictA.ID, Title: "Phó Bí thư Huyện ủy"})
		if err != nil {
			t.Fatal(err)
		}
		head, err := db.CreatePost(office, dondoc.Post{UnitID: p.DistrictA.ID, Title: "Bí thư Huyện ủy", IsHead: true, Area: "Phụ trách chung"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.CreatePost(office, dondoc.Post{UnitID: p.DistrictA.ID, Title: "Bí thư thứ hai", IsHead: true})
		if !dondoc.IsCode(err, dondoc.EConflict) || err.(*dondoc.Error).Field != "is_head" {
			t.Errorf("second head: err = %v, want conflict on is_head", err)
		}
		if _, err := db.CreatePost(office, dondoc.Post{UnitID: p.DistrictB.ID, Title: "Bí thư Huyện ủy", IsHead: true}); err != nil {
			t.Errorf("head of another unit: %v", err)
		}
		posts, err := db.ListPosts(sqldbtest.As(2, dondoc.RoleViewer, p.CommuneB), p.DistrictA.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) != 2 || posts[0].ID != head.ID || posts[1].ID != deputy.ID || posts[0].Area != "Phụ trách chung" {
			t.Errorf("posts = %+v, want the head first, then the deputy", posts)
		}
		if _, err := db.CreatePost(sqldbtest.As(3, dondoc.RoleUnitHead, p.DistrictA), dondoc.Post{UnitID: p.DistrictA.ID, Title: "Chánh Văn phòng"}); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("unit head creates a post: err = %v, want forbidden", err)
		}
		_, err = db.CreatePost(office, dondoc.Post{UnitID: 99999, Title: "Chức vụ"})
		orgField(t, "unknown unit", err, "unit_id")
		_, err = db.CreatePost(office, dondoc.Post{UnitID: p.DistrictA.ID, Title: " "})
		orgField(t, "no title", err, "title")
		if _, err := db.ListPosts(office, 99999); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("posts of an unknown unit: err = %v, want not found", err)
		}
	})
}

func TestHoldingsOverTime(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		admin := sqldbtest.As(1, dondoc.RoleAdmin, p.Root)
		post, err := db.CreatePost(admin, dondoc.Post{UnitID: p.CommuneA.ID, Title: "Chủ tịch UBND xã", IsHead: true})
		if err != nil {
			t.Fatal(err)
		}
		var people []*dondoc.Person
		for _, n := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"} {
			person, err := db.CreatePerson(admin, dondoc.Person{FullName: n})
			if err != nil {
				t.Fatal(err)
			}
			people = append(people, person)
		}
		if _, err := db.AssignHolder(admin, post.ID, people[0].ID, "2021-07-01"); err != nil {
			t.Fatal(err)
		}
		second, err := db.AssignHolder(admin, post.ID, people[1].ID, "2024-03-01")
		if err != nil {
			t.Fatal(err)
		}
		if second.From != "2024-03-01" || second.To != "" {
			t.Errorf("new holding = %+v", second)
		}
		for _, tc := range []struct {
			name   string
			from   dondoc.Date
			person int64
			field  string
		}{
			{"same start as the holder", "2024-03-01", people[2].ID, "from"},
			{"before the holder began", "2023-12-31", people[2].ID, "from"},
			{"no date", "", people[2].ID, "from"},
			{"impossible date", "2024-02-30", people[2].ID, "from"},
			{"unknown person", "2025-01-01", 99999, "person_id"},
		} {
			_, err := db.AssignHolder(admin, post.ID, tc.person, tc.from)
			orgField(t, tc.name, err, tc.field)
		}
		if _, err := db.AssignHolder(admin, 99999, people[2].ID, "2025-01-01"); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("unknown post: err = %v, want not found", err)
		}
		if _, err := db.AssignHolder(sqldbtest.As(5, dondoc.RoleOffice, p.DistrictB), post.ID, people[2].ID, "2025-01-01"); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("office of another district assigns: err = %v, want forbidden", err)
		}
		if _, err := db.AssignHolder(sqldbtest.As(5, dondoc.RoleOffice, p.DistrictA), post.ID, people[2].ID, "2025-01-01"); err != nil {
			t.Errorf("office of the district assigns: %v", err)
		}
		hs, err := db.ListHoldings(sqldbtest.As(6, dondoc.RoleViewer, p.DistrictB), post.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []dondoc.Holding{
			{PostID: post.ID, PersonID: people[0].ID, From: "2021-07-01", To: "2024-02-29"},
			{PostID: post.ID, PersonID: people[1].ID, From: "2024-03-01", To: "2024-12-31"},
			{PostID: post.ID, PersonID: people[2].ID, From: "2025-01-01"},
		}
		if len(hs) != len(want) {
			t.Fatalf("holdings = %+v", hs)
		}
		for i := range want {
			want[i].ID = hs[i].ID
			if hs[i] != want[i] {
				t.Errorf("holding %d = %+v, want %+v", i, hs[i], want[i])
			}
		}
	})
}

func TestGroups(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		districts, err := db.CreateGroup(office, dondoc.UnitGroup{Name: "Các huyện ủy", UnitIDs: []int64{p.DistrictA.ID, p.DistrictB.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{p.DistrictB.ID, p.DistrictA.ID}; !slices.Equal(districts.UnitIDs, want) {
			t.Errorf("members = %v, want %v in name order (Lạng Giang, Yên Dũng)", districts.UnitIDs, want)
		}
		if _, err := db.CreateGroup(office, dondoc.UnitGroup{Name: "Ban Thường vụ", UnitIDs: []int64{}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateGroup(office, dondoc.UnitGroup{Name: "Đảng ủy các xã", UnitIDs: []int64{p.CommuneA.ID}}); err != nil {
			t.Fatal(err)
		}
		groups, err := db.ListGroups(sqldbtest.As(2, dondoc.RoleUnitOfficer, p.CommuneB))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range groups {
			names = append(names, g.Name)
		}
		if want := []string{"Ban Thường vụ", "Các huyện ủy", "Đảng ủy các xã"}; !equalStrings(names, want) {
			t.Errorf("groups = %v, want %v", names, want)
		}
		got, err := db.GetGroup(sqldbtest.As(2, dondoc.RoleUnitOfficer, p.CommuneB), districts.ID)
		if err != nil || !slices.Equal(got.UnitIDs, districts.UnitIDs) {
			t.Errorf("get group = %+v, %v", got, err)
		}
		if _, err := db.GetGroup(office, 99999); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("unknown group: err = %v, want not found", err)
		}
		_, err = db.CreateGroup(office, dondoc.UnitGroup{Name: "Các huyện ủy", UnitIDs: []int64{p.DistrictA.ID}})
		if !dondoc.IsCode(err, dondoc.EConflict) {
			t.Errorf("duplicate name: err = %v, want conflict", err)
		}
		_, err = db.CreateGroup(office, dondoc.UnitGroup{Name: "Nhóm lỗi", UnitIDs: []int64{p.DistrictA.ID, 77777}})
		orgField(t, "unknown member", err, "unit_ids[1]")
		_, err = db.CreateGroup(office, dondoc.UnitGroup{Name: "", UnitIDs: []int64{p.DistrictA.ID}})
		orgField(t, "no name", err, "name")
		_, err = db.CreateGroup(office, dondoc.UnitGroup{Name: "Nhóm lặp", UnitIDs: []int64{p.DistrictA.ID, p.DistrictA.ID}})
		orgField(t, "repeated member", err, "unit_ids[1]")
		if _, err := db.CreateGroup(sqldbtest.As(3, dondoc.RoleOffice, p.DistrictA), dondoc.UnitGroup{Name: "Các huyện", UnitIDs: []int64{p.DistrictA.ID, p.DistrictB.ID}}); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("district office groups another district: err = %v, want forbidden", err)
		}
		if _, err := db.CreateGroup(sqldbtest.As(3, dondoc.RoleUnitOfficer, p.Root), dondoc.UnitGroup{Name: "Nhóm cán bộ"}); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("unit officer creates a group: err = %v, want forbidden", err)
		}
		if groups, _ := db.ListGroups(office); len(groups) != 3 {
			t.Errorf("refused groups were stored: %d groups", len(groups))
		}
	})
}

func TestPeople(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		admin := sqldbtest.As(1, dondoc.RoleAdmin, p.Root)
		names := []string{"Trần Thị Bình", "Đỗ Văn Đức", "Nguyễn Văn An", "Lê Thị Ánh", "Dương Văn Dũng"}
		for _, n := range names {
			// Names typed in decomposed form are stored composed, so both spellings are one name.
			if _, err := db.CreatePerson(admin, dondoc.Person{FullName: "  " + norm.NFD.String(n) + " ", Email: "cb@bacgiang.gov.vn"}); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		cursor := ""
		for {
			page, err := db.ListPeople(sqldbtest.As(2, dondoc.RoleViewer, p.CommuneA), "", cursor, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, person := range page.Items {
				got = append(got, person.FullName)
			}
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
		if want := []string{"Dương Văn Dũng", "Đỗ Văn Đức", "Lê Thị Ánh", "Nguyễn Văn An", "Trần Thị Bình"}; !equalStrings(got, want) {
			t.Errorf("people = %q, want %q", got, want)
		}
		for _, tc := range []struct {
			q    string
			want []string
		}{
			{"nguyen van", []string{"Nguyễn Văn An"}},
			{"DUC", []string{"Đỗ Văn Đức"}},
			{"van d", []string{"Dương Văn Dũng", "Đỗ Văn Đức"}},
			{"anh le", []string{"Lê Thị Ánh"}},
			{"hoang", nil},
		} {
			page, err := db.ListPeople(admin, tc.q, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, person := range page.Items {
				names = append(names, person.FullName)
			}
			if !equalStrings(names, tc.want) {
				t.Errorf("q=%q: %v, want %v", tc.q, names, tc.want)
			}
		}
		for _, tc := range []struct {
			name  string
			in    dondoc.Person
			field string
		}{
			{"no name", dondoc.Person{FullName: " "}, "full_name"},
			{"bad e-mail", dondoc.Person{FullName: "Hoàng Văn Em", Email: "khong-co-a-cong"}, "email"},
			{"bad phone", dondoc.Person{FullName: "Hoàng Văn Em", Phone: "gọi tôi"}, "phone"},
			{"control character", dondoc.Person{FullName: "Hoàng\x00Em"}, "full_name"},
		} {
			_, err := db.CreatePerson(admin, tc.in)
			orgField(t, tc.name, err, tc.field)
		}
		if _, err := db.CreatePerson(sqldbtest.As(3, dondoc.RoleUnitOfficer, p.CommuneA), dondoc.Person{FullName: "Hoàng Văn Em"}); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("unit officer creates a person: err = %v, want forbidden", err)
		}
		page, _ := db.ListPeople(admin, "hoang", "", 0)
		if len(page.Items) != 0 {
			t.Errorf("refused people were stored: %+v", page.Items)
		}
		if _, err := db.GetPerson(admin, 99999); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("unknown person: err = %v, want not found", err)
		}
	})
}

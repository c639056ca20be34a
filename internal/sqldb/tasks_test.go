package sqldb_test

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

func fixNow(db *sqldb.DB, day string) {
	t, _ := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", dondoc.Location)
	db.Now = func() time.Time { return t }
}

func TestTaskLifecycle(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		officer := sqldbtest.As(2, dondoc.RoleUnitOfficer, p.DistrictA)

		task, err := db.CreateTask(office, dondoc.TaskInput{Title: "Xóa nhà tạm", LeadUnitID: p.DistrictA.ID,
			AssignerUnitID: p.Office.ID, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-06-30"}})
		if err != nil {
			t.Fatal(err)
		}
		if task.Status != dondoc.StatusDraft {
			t.Fatalf("status = %s, want draft", task.Status)
		}
		steps := []struct {
			ctx    string
			action dondoc.Action
			want   dondoc.Status
		}{
			{"office", dondoc.ActionAssign, dondoc.StatusAssigned},
			{"officer", dondoc.ActionReport, dondoc.StatusInProgress},
			{"officer", dondoc.ActionRequestCompletion, dondoc.StatusCompletionRequested},
			{"office", dondoc.ActionReject, dondoc.StatusInProgress},
			{"office", dondoc.ActionSuspend, dondoc.StatusSuspended},
			{"office", dondoc.ActionResume, dondoc.StatusInProgress},
			{"officer", dondoc.ActionRequestCompletion, dondoc.StatusCompletionRequested},
			{"office", dondoc.ActionConfirm, dondoc.StatusDone},
		}
		for _, s := range steps {
			ctx := office
			if s.ctx == "officer" {
				ctx = officer
			}
			task, err = db.Transition(ctx, task.ID, task.Version, dondoc.TransitionInput{Action: s.action})
			if err != nil {
				t.Fatalf("%s: %v", s.action, err)
			}
			if task.Status != s.want {
				t.Fatalf("%s: status = %s, want %s", s.action, task.Status, s.want)
			}
		}
		if task.Timing.Outcome != "on_time" || task.Progress != 100 {
			t.Errorf("done task timing = %+v progress %d", task.Timing, task.Progress)
		}
		events, err := db.Timeline(office, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != len(steps)+1 {
			t.Errorf("timeline has %d events, want %d", len(events), len(steps)+1)
		}
		// A transition not allowed from the current status is a conflict and changes nothing.
		if _, err := db.Transition(office, task.ID, task.Version, dondoc.TransitionInput{Action: dondoc.ActionAssign}); !dondoc.IsCode(err, dondoc.EConflict) {
			t.Errorf("assign a done task: err = %v, want conflict", err)
		}
	})
}

func TestTaskScopeAndStale(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		task := sqldbtest.Task(t, db, p.Office, p.CommuneA, "Thu ngân sách xã Đồng Việt", "2024-05-01")
		other := sqldbtest.As(3, dondoc.RoleUnitOfficer, p.CommuneB)
		if _, err := db.GetTask(other, task.ID); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("officer of another commune reads task: err = %v, want not found", err)
		}
		if _, err := db.Transition(other, task.ID, task.Version, dondoc.TransitionInput{Action: dondoc.ActionReport}); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("officer of another commune reports: err = %v, want not found", err)
		}
		page, err := db.ListTasks(other, dondoc.TaskFilter{})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("other commune lists %d tasks (err %v), want 0", len(page.Items), err)
		}
		// Filtering by a unit outside one's scope must not open the scope.
		page, err = db.ListTasks(other, dondoc.TaskFilter{UnitID: p.CommuneA.ID})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("other commune filtered to commune A lists %d tasks (err %v), want 0", len(page.Items), err)
		}
		district := sqldbtest.As(4, dondoc.RoleUnitHead, p.DistrictA)
		got, err := db.GetTask(district, task.ID)
		if err != nil {
			t.Fatalf("head of the parent district reads the commune's task: %v", err)
		}
		if !got.Timing.Overdue || got.Timing.DaysOverdue != 5 {
			t.Errorf("timing = %+v, want overdue by 5 days", got.Timing)
		}
		// A unit head of the lead side may not confirm: forbidden, since they can see the task.
		if _, err := db.Transition(district, task.ID, task.Version, dondoc.TransitionInput{Action: dondoc.ActionCancel}); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("unit head cancels: err = %v, want forbidden", err)
		}
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		if _, err := db.Transition(office, task.ID, task.Version+7, dondoc.TransitionInput{Action: dondoc.ActionSuspend}); !dondoc.IsCode(err, dondoc.EStale) {
			t.Errorf("stale version: err = %v, want stale", err)
		}
		after, _ := db.GetTask(office, task.ID)
		if after.Status != dondoc.StatusAssigned || after.Version != task.Version {
			t.Errorf("stale write changed the task: %+v", after)
		}
	})
}

func TestTaskSearchAndList(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		sqldbtest.Task(t, db, p.Office, p.DistrictA, "Đẩy nhanh tiến độ Cầu Đồng Việt", "2024-12-31")
		sqldbtest.Task(t, db, p.Office, p.DistrictB, "Thu ngân sách nhà nước", "2024-05-01")
		sqldbtest.Task(t, db, p.Office, p.Department, "Đại hội Mặt trận Tổ quốc", "")
		ctx := sqldbtest.As(1, dondoc.RoleLeader, p.Root)
		for _, tc := range []struct {
			q    string
			want int
		}{{"dong viet", 1}, {"ĐỒNG VIỆT", 1}, {"cau dong", 1}, {"ngan sach", 1}, {"đại hội", 1}, {"khong co", 0}} {
			page, err := db.ListTasks(ctx, dondoc.TaskFilter{Q: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != tc.want {
				t.Errorf("q=%q: %d results, want %d", tc.q, len(page.Items), tc.want)
			}
		}
		yes := true
		page, err := db.ListTasks(ctx, dondoc.TaskFilter{Overdue: &yes})
		if err != nil || len(page.Items) != 1 || page.Items[0].Title != "Thu ngân sách nhà nước" {
			t.Errorf("overdue list = %+v, %v", page, err)
		}
		// Pages of one item walk the whole list in deadline order, tasks without a deadline last.
		var titles []string
		cursor := ""
		for {
			page, err := db.ListTasks(ctx, dondoc.TaskFilter{Limit: 1, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range page.Items {
				titles = append(titles, it.Title)
			}
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
		want := []string{"Thu ngân sách nhà nước", "Đẩy nhanh tiến độ Cầu Đồng Việt", "Đại hội Mặt trận Tổ quốc"}
		if len(titles) != 3 || titles[0] != want[0] || titles[1] != want[1] || titles[2] != want[2] {
			t.Errorf("pages = %v, want %v", titles, want)
		}
		// A search lists its matches newest first, page by page, each once.
		for i := 0; i < 3; i++ {
			sqldbtest.Task(t, db, p.Office, p.DistrictB, "Đồng Việt đợt "+string(rune('1'+i)), "")
		}
		var found []int64
		cursor = ""
		for {
			page, err := db.ListTasks(ctx, dondoc.TaskFilter{Q: "dong viet", Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range page.Items {
				found = append(found, it.ID)
			}
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
		if len(found) != 4 || !slices.IsSortedFunc(found, func(a, b int64) int { return cmp.Compare(b, a) }) {
			t.Errorf("search pages = %v, want 4 ids newest first", found)
		}
		page, err = db.ListTasks(ctx, dondoc.TaskFilter{UnitID: p.DistrictA.ID})
		if err != nil || len(page.Items) != 1 {
			t.Errorf("unit filter: %d items, %v", len(page.Items), err)
		}
	})
}

func TestCascadeDerivesParentProgress(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		head, err := db.CreatePost(sqldbtest.System(), dondoc.Post{UnitID: p.DistrictA.ID, Title: "Bí thư Huyện ủy", IsHead: true})
		if err != nil {
			t.Fatal(err)
		}
		parent, err := db.CreateTask(office, dondoc.TaskInput{Title: "Xóa nhà tạm", LeadUnitID: p.Office.ID, AssignerUnitID: p.Office.ID,
			Assign: true, CascadeTo: []int64{p.DistrictA.ID, p.DistrictB.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if parent.ChildCount != 2 {
			t.Fatalf("child_count = %d", parent.ChildCount)
		}
		children, err := db.ListTasks(office, dondoc.TaskFilter{ParentID: parent.ID})
		if err != nil || len(children.Items) != 2 {
			t.Fatalf("children: %v %v", children, err)
		}
		// Each child answers to the head of its own unit, or to nobody yet where no head post exists.
		for _, c := range children.Items {
			want := c.LeadUnitID == p.DistrictA.ID
			if got := c.AccountablePostID != nil && *c.AccountablePostID == head.ID; got != want {
				t.Errorf("child led by %d: accountable post %v", c.LeadUnitID, c.AccountablePostID)
			}
		}
		c := children.Items[0]
		for _, a := range []dondoc.Action{dondoc.ActionRequestCompletion, dondoc.ActionConfirm} {
			if c2, err := db.Transition(office, c.ID, c.Version, dondoc.TransitionInput{Action: a}); err != nil {
				t.Fatal(err)
			} else {
				c = *c2
			}
		}
		parent, _ = db.GetTask(office, parent.ID)
		if parent.Progress != 50 {
			t.Errorf("parent progress = %d, want 50", parent.Progress)
		}
	})
}

func TestTaskBadInputChangesNothing(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		for _, tc := range []struct {
			name  string
			in    dondoc.TaskInput
			field string
		}{
			{"no title", dondoc.TaskInput{LeadUnitID: p.DistrictA.ID, AssignerUnitID: p.Office.ID}, "title"},
			{"unknown lead", dondoc.TaskInput{Title: "x", LeadUnitID: 99999, AssignerUnitID: p.Office.ID}, "lead_unit_id"},
			{"unknown coordinator", dondoc.TaskInput{Title: "x", LeadUnitID: p.DistrictA.ID, AssignerUnitID: p.Office.ID,
				Coordinators: []dondoc.Coordinator{{UnitID: 424242}}}, "coordinators[0].unit_id"},
			{"bad recurrence", dondoc.TaskInput{Title: "x", LeadUnitID: p.DistrictA.ID, AssignerUnitID: p.Office.ID,
				Deadline: dondoc.Deadline{Kind: dondoc.DeadlineRecurring, Recurrence: "weekly"}}, "deadline.recurrence"},
			{"invalid utf8", dondoc.TaskInput{Title: "a\xffb", LeadUnitID: p.DistrictA.ID, AssignerUnitID: p.Office.ID}, "title"},
			{"unknown cascade unit", dondoc.TaskInput{Title: "x", LeadUnitID: p.DistrictA.ID, AssignerUnitID: p.Office.ID, CascadeTo: []int64{p.DistrictB.ID, 777}}, "cascade_to[1]"},
		} {
			_, err := db.CreateTask(office, tc.in)
			var de *dondoc.Error
			if !dondoc.IsCode(err, dondoc.EInvalid) {
				t.Errorf("%s: err = %v, want invalid", tc.name, err)
				continue
			}
			de = err.(*dondoc.Error)
			if de.Field != tc.field {
				t.Errorf("%s: field = %q, want %q", tc.name, de.Field, tc.field)
			}
		}
		page, err := db.ListTasks(office, dondoc.TaskFilter{})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("bad input left %d tasks", len(page.Items))
		}
	})
}

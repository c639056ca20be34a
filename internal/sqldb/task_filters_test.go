package sqldb_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// colourOf is the colour Task.ComputeTiming gives a task, "" for one in none (a draft, a
// suspended or cancelled task).
func colourOf(t dondoc.Task) dondoc.TaskColour {
	switch {
	case t.Status == dondoc.StatusDone:
		return dondoc.ColourDone
	case !t.Status.Open():
		return ""
	case t.Timing.Overdue:
		return dondoc.ColourOverdue
	case t.Timing.DueSoon:
		return dondoc.ColourDueSoon
	}
	return dondoc.ColourActive
}

func taskIDs(t *testing.T, db *sqldb.DB, ctx context.Context, f dondoc.TaskFilter) []int64 {
	t.Helper()
	var ids []int64
	for i := 0; i < 20; i++ {
		page, err := db.ListTasks(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range page.Items {
			ids = append(ids, x.ID)
		}
		if page.NextCursor == "" {
			return ids
		}
		f.Cursor = page.NextCursor
	}
	t.Fatal("the cursor never ends")
	return nil
}

func TestTaskColourAndDueFromFilters(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		for _, due := range []dondoc.Date{"2024-05-01", "2024-05-08", "2024-05-10", "2024-06-30", ""} {
			sqldbtest.Task(t, db, p.Office, p.DistrictA, "Việc hạn "+string(due), due)
		}
		done := sqldbtest.Task(t, db, p.Office, p.DistrictA, "Việc xong", "2024-05-07")
		for _, a := range []dondoc.Action{dondoc.ActionRequestCompletion, dondoc.ActionConfirm} {
			var err error
			if done, err = db.Transition(office, done.ID, done.Version, dondoc.TransitionInput{Action: a}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.CreateTask(office, dondoc.TaskInput{Title: "Dự thảo quá hạn", LeadUnitID: p.DistrictA.ID, AssignerUnitID: p.Office.ID,
			Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-05-01"}}); err != nil {
			t.Fatal(err)
		}
		check := func(soonDays int) {
			t.Helper()
			all, err := db.ListTasks(office, dondoc.TaskFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			counts, err := db.CountTasks(office, dondoc.TaskFilter{})
			if err != nil {
				t.Fatal(err)
			}
			wantCount := map[dondoc.TaskColour]int{dondoc.ColourOverdue: counts.Overdue, dondoc.ColourDueSoon: counts.DueSoon,
				dondoc.ColourActive: counts.Active, dondoc.ColourDone: counts.Done}
			for _, c := range []dondoc.TaskColour{dondoc.ColourOverdue, dondoc.ColourDueSoon, dondoc.ColourActive, dondoc.ColourDone} {
				var want []int64
				for _, x := range all.Items {
					if colourOf(x) == c {
						want = append(want, x.ID)
					}
				}
				got := taskIDs(t, db, office, dondoc.TaskFilter{Colour: c, Limit: 1})
				if !slices.Equal(got, want) || len(got) != wantCount[c] {
					t.Errorf("due soon within %d days, colour %s: ids %v, want %v (counted %d)", soonDays, c, got, want, wantCount[c])
				}
			}
		}
		check(3)
		if n := len(taskIDs(t, db, office, dondoc.TaskFilter{Colour: dondoc.ColourDueSoon})); n != 1 {
			t.Errorf("due soon with three days' notice = %d, want 1", n)
		}
		f := dondoc.DefaultFollowUp()
		f.DueSoonDays = 5
		if _, err := db.SetFollowUpSettings(office, 1, f); err != nil {
			t.Fatal(err)
		}
		check(5)
		if n := len(taskIDs(t, db, office, dondoc.TaskFilter{Colour: dondoc.ColourDueSoon})); n != 2 {
			t.Errorf("due soon with five days' notice = %d, want 2", n)
		}

		dues := func(f dondoc.TaskFilter) []dondoc.Date {
			t.Helper()
			var out []dondoc.Date
			for _, id := range taskIDs(t, db, office, f) {
				x, err := db.GetTask(office, id)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, x.DueOn)
			}
			return out
		}
		if got, want := dues(dondoc.TaskFilter{DueFrom: "2024-05-08", Limit: 1}), []dondoc.Date{"2024-05-08", "2024-05-10", "2024-06-30"}; !slices.Equal(got, want) {
			t.Errorf("due from 8 May: %v, want %v", got, want)
		}
		if got, want := dues(dondoc.TaskFilter{DueFrom: "2024-05-07", DueBefore: "2024-05-09", Colour: dondoc.ColourDueSoon}), []dondoc.Date{"2024-05-08"}; !slices.Equal(got, want) {
			t.Errorf("due soon from 7 to 8 May: %v, want %v", got, want)
		}
		for _, c := range []struct {
			f     dondoc.TaskFilter
			field string
		}{
			{dondoc.TaskFilter{Colour: "purple"}, "colour"},
			{dondoc.TaskFilter{DueFrom: "2024-13-01"}, "due_from"},
		} {
			_, err := db.ListTasks(office, c.f)
			var e *dondoc.Error
			if !errors.As(err, &e) || e.Code != dondoc.EInvalid || e.Field != c.field {
				t.Errorf("%+v: %v, want invalid %s", c.f, err, c.field)
			}
			if _, err := db.CountTasks(office, c.f); !dondoc.IsCode(err, dondoc.EInvalid) {
				t.Errorf("count %+v: %v, want invalid", c.f, err)
			}
		}
	})
}

func TestCascadeIsAllOrNothing(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		parent := sqldbtest.Task(t, db, p.Office, p.Root, "Xóa nhà tạm", "2024-09-30")
		children := func() int {
			t.Helper()
			return len(taskIDs(t, db, office, dondoc.TaskFilter{ParentID: parent.ID}))
		}
		// District A is under the lead unit, commune A is not: the second child fails after the
		// first was inserted, and the first must go with it.
		for _, c := range []struct {
			ctx   context.Context
			in    dondoc.CascadeInput
			code  dondoc.Code
			field string
		}{
			{office, dondoc.CascadeInput{Units: []int64{p.DistrictA.ID, p.CommuneA.ID}}, dondoc.EInvalid, "units[1]"},
			{office, dondoc.CascadeInput{Units: []int64{p.DistrictA.ID, 999999}}, dondoc.EInvalid, "units[1]"},
			{office, dondoc.CascadeInput{Units: []int64{p.DistrictA.ID, p.DistrictA.ID}}, dondoc.EInvalid, "units[1]"},
			{office, dondoc.CascadeInput{}, dondoc.EInvalid, "units"},
			{office, dondoc.CascadeInput{Units: []int64{p.DistrictA.ID},
				Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-02-30"}}, dondoc.EInvalid, "deadline.date"},
			{sqldbtest.As(2, dondoc.RoleViewer, p.Root), dondoc.CascadeInput{Units: []int64{p.DistrictA.ID}}, dondoc.EForbidden, ""},
		} {
			_, err := db.Cascade(c.ctx, parent.ID, c.in)
			var e *dondoc.Error
			if !errors.As(err, &e) || e.Code != c.code || (c.field != "" && e.Field != c.field) {
				t.Errorf("%+v: %v, want %s %s", c.in, err, c.code, c.field)
			}
			if n := children(); n != 0 {
				t.Fatalf("a refused cascade left %d children", n)
			}
		}
		got, err := db.Cascade(office, parent.ID, dondoc.CascadeInput{Units: []int64{p.DistrictA.ID, p.DistrictB.ID, p.Department.ID}, Title: "Xóa nhà tạm ở huyện"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || children() != 3 {
			t.Fatalf("children = %d listed, %d returned", children(), len(got))
		}
		for i, c := range got {
			want := []int64{p.DistrictA.ID, p.DistrictB.ID, p.Department.ID}[i]
			if c.LeadUnitID != want || c.AssignerUnitID != p.Root.ID || c.ParentID == nil || *c.ParentID != parent.ID ||
				c.Status != dondoc.StatusAssigned || c.DueOn != "2024-09-30" || c.Title != "Xóa nhà tạm ở huyện" {
				t.Errorf("child %d = %+v", i, c)
			}
		}
		after, err := db.GetTask(office, parent.ID)
		if err != nil || after.ChildCount != 3 {
			t.Fatalf("parent child_count = %+v, %v", after, err)
		}
	})
}

func TestListFeeds(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		alice := notifyUser(t, db, "alice", dondoc.RoleOffice, p.Root)
		bob := notifyUser(t, db, "bob", dondoc.RoleViewer, p.DistrictA)
		mine, _, err := db.CreateFeed(alice, dondoc.FeedInput{})
		if err != nil {
			t.Fatal(err)
		}
		unit, _, err := db.CreateFeed(alice, dondoc.FeedInput{UnitID: &p.DistrictA.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateFeed(bob, dondoc.FeedInput{}); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeFeed(alice, mine.ID); err != nil {
			t.Fatal(err)
		}
		feeds, err := db.ListFeeds(alice)
		if err != nil {
			t.Fatal(err)
		}
		if len(feeds) != 2 || feeds[0].ID != unit.ID || feeds[0].RevokedAt != nil || feeds[0].UnitID == nil ||
			feeds[1].ID != mine.ID || feeds[1].RevokedAt == nil {
			t.Fatalf("feeds = %+v", feeds)
		}
		if feeds, err := db.ListFeeds(bob); err != nil || len(feeds) != 1 || feeds[0].UserID == nil {
			t.Fatalf("bob's feeds = %+v, %v", feeds, err)
		}
	})
}

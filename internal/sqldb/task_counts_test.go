package sqldb_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// countByListing counts what ListTasks returns page by page, colour by colour, as the pages did
// before CountTasks: the count must agree with it for every filter and scope.
func countByListing(t *testing.T, db *sqldb.DB, ctx context.Context, f dondoc.TaskFilter) dondoc.TaskCounts {
	t.Helper()
	var c dondoc.TaskCounts
	f.Limit = 2 // several pages even on a small tree
	for {
		page, err := db.ListTasks(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range page.Items {
			c.Total++
			switch {
			case task.Timing.Overdue:
				c.Overdue++
			case task.Timing.DueSoon:
				c.DueSoon++
			case task.Status.Open():
				c.Active++
			case task.Status == dondoc.StatusDone:
				c.Done++
				switch task.Timing.Outcome {
				case "on_time":
					c.DoneOnTime++
				case "late":
					c.DoneLate++
				}
			}
		}
		if page.NextCursor == "" {
			return c
		}
		f.Cursor = page.NextCursor
	}
}

func TestCountTasks(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-01")
		p := sqldbtest.NewProvince(t, db)
		sys := sqldbtest.System()
		sqldbtest.Task(t, db, p.Root, p.DistrictA, "Quá hạn ở Yên Dũng", "2024-05-06")
		sqldbtest.Task(t, db, p.Root, p.DistrictA, "Sắp đến hạn ở Yên Dũng", "2024-05-12")
		sqldbtest.Task(t, db, p.Root, p.CommuneA, "Đang làm ở Đồng Việt", "2024-07-01")
		sqldbtest.Task(t, db, p.Root, p.DistrictB, "Không có hạn ở Lạng Giang", "")
		onTime := sqldbtest.Task(t, db, p.Root, p.DistrictB, "Xong đúng hạn", "2024-05-20")
		late := sqldbtest.Task(t, db, p.Root, p.DistrictA, "Xong muộn", "2024-05-03")
		for _, c := range []struct {
			task *dondoc.Task
			on   dondoc.Date
		}{{onTime, "2024-05-08"}, {late, "2024-05-09"}} {
			task := c.task
			for _, a := range []dondoc.Action{dondoc.ActionRequestCompletion, dondoc.ActionConfirm} {
				var err error
				task, err = db.Transition(sys, task.ID, task.Version, dondoc.TransitionInput{Action: a, CompletedOn: c.on})
				if err != nil {
					t.Fatalf("%s %s: %v", task.Title, a, err)
				}
			}
		}
		fixNow(db, "2024-05-10")

		all := dondoc.TaskCounts{Total: 6, Overdue: 1, DueSoon: 1, Active: 2, Done: 2, DoneOnTime: 1, DoneLate: 1}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			f    dondoc.TaskFilter
			want *dondoc.TaskCounts
		}{
			{"province", sys, dondoc.TaskFilter{}, &all},
			{"district head", sqldbtest.As(1, dondoc.RoleUnitHead, p.DistrictA), dondoc.TaskFilter{},
				&dondoc.TaskCounts{Total: 4, Overdue: 1, DueSoon: 1, Active: 1, Done: 1, DoneLate: 1}},
			{"commune officer", sqldbtest.As(2, dondoc.RoleUnitOfficer, p.CommuneA), dondoc.TaskFilter{},
				&dondoc.TaskCounts{Total: 1, Active: 1}},
			{"unit filter", sys, dondoc.TaskFilter{UnitID: p.DistrictB.ID}, nil},
			{"overdue filter", sys, dondoc.TaskFilter{Overdue: new(true)}, nil},
			{"status filter", sys, dondoc.TaskFilter{Status: []dondoc.Status{dondoc.StatusDone}}, nil},
			{"search", sys, dondoc.TaskFilter{Q: "yen dung"}, nil},
			{"due before", sys, dondoc.TaskFilter{DueBefore: "2024-06-01"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := db.CountTasks(tc.ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				want := countByListing(t, db, tc.ctx, tc.f)
				if *got != want {
					t.Errorf("CountTasks = %+v, listing counts %+v", *got, want)
				}
				if tc.want != nil && *got != *tc.want {
					t.Errorf("CountTasks = %+v, want %+v", *got, *tc.want)
				}
				if tc.name == "search" && got.Total != 2 {
					t.Errorf("search counts %d tasks, want the 2 titled Yên Dũng", got.Total)
				}
			})
		}
		if _, err := db.CountTasks(sys, dondoc.TaskFilter{Status: []dondoc.Status{"sai"}}); dondoc.ErrorCode(err) != dondoc.EInvalid {
			t.Errorf("an unknown status = %v, want invalid", err)
		}
		if _, err := db.CountTasks(context.Background(), dondoc.TaskFilter{}); err == nil {
			t.Error("counting without an actor succeeded")
		}
	})
}

func TestWaitingForMe(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-01")
		w := newWF(t, db)
		p := w.p
		reported := sqldbtest.Task(t, db, p.Root, p.CommuneA, "Báo cáo chờ duyệt", "2024-06-30")
		finished := sqldbtest.Task(t, db, p.Root, p.CommuneA, "Đề nghị hoàn thành", "2024-06-30")
		late := sqldbtest.Task(t, db, p.Root, p.CommuneA, "Xin gia hạn", "2024-05-20")
		report, err := db.SubmitReport(w.officerA, reported.ID, dondoc.ReportInput{Text: "Đã làm một nửa", Percent: pct(50)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Transition(w.officerA, finished.ID, finished.Version, dondoc.TransitionInput{Action: dondoc.ActionRequestCompletion}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RequestExtension(w.officerA, late.ID, dondoc.ExtensionInput{Proposed: "2024-07-15", Reason: "Chờ vốn"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RaiseEscalation(w.headA, dondoc.EscalationInput{FromUnitID: p.DistrictA.ID, ToUnitID: p.Root.ID,
			Subject: "Xin bổ sung vốn", Text: "Thiếu vốn đối ứng", ResponseDue: "2024-05-15"}); err != nil {
			t.Fatal(err)
		}
		fixNow(db, "2024-05-08")

		check := func(who string, ctx context.Context, want dondoc.Waiting, titles ...string) {
			t.Helper()
			got, err := db.WaitingForMe(ctx, 10)
			if err != nil {
				t.Fatal(err)
			}
			if got.Reports != want.Reports || got.Completions != want.Completions || got.Extensions != want.Extensions || got.Escalations != want.Escalations {
				t.Errorf("%s waits for %d reports, %d completions, %d extensions, %d escalations; want %d, %d, %d, %d", who,
					got.Reports, got.Completions, got.Extensions, got.Escalations, want.Reports, want.Completions, want.Extensions, want.Escalations)
			}
			var gotTitles []string
			for _, it := range got.Items {
				gotTitles = append(gotTitles, it.Title)
				if it.Kind == dondoc.WaitingEscalation && it.Days != 7 {
					t.Errorf("%s: the escalation waited %d days, want 7", who, it.Days)
				}
			}
			if strings.Join(gotTitles, "|") != strings.Join(titles, "|") {
				t.Errorf("%s lists %q, want %q", who, gotTitles, titles)
			}
		}
		check("head of the district", w.headA, dondoc.Waiting{Reports: 1}, "Báo cáo chờ duyệt")
		check("office", w.office, dondoc.Waiting{Completions: 1, Extensions: 1, Escalations: 1},
			"Đề nghị hoàn thành", "Xin gia hạn", "Xin bổ sung vốn")
		check("commune officer", w.officerA, dondoc.Waiting{})
		check("officer of another commune", w.officerB, dondoc.Waiting{})

		if _, err := db.ReviewReport(w.headA, report.ID, report.Version, dondoc.ReviewDecision{Approve: true}); err != nil {
			t.Fatal(err)
		}
		check("head after approving", w.headA, dondoc.Waiting{})
		check("leader after the approval", w.leader, dondoc.Waiting{Reports: 1, Completions: 1, Extensions: 1, Escalations: 1},
			"Báo cáo chờ duyệt", "Đề nghị hoàn thành", "Xin gia hạn", "Xin bổ sung vốn")
		if _, err := db.WaitingForMe(context.Background(), 10); err == nil {
			t.Error("WaitingForMe without an actor succeeded")
		}
	})
}

// BenchmarkCountTasks compares counting a province's tasks by colour in one query with the
// baseline it replaces, reading every task page by page, in the same run on the same data.
func BenchmarkCountTasks(b *testing.B) {
	db := sqldbtest.OpenSQLite(b)
	p := sqldbtest.NewProvince(b, db)
	sys := sqldbtest.System()
	units := []*dondoc.Unit{p.DistrictA, p.DistrictB, p.CommuneA, p.CommuneB, p.Department}
	if err := db.FastLoad(sys, func() error {
		for i := range 3000 {
			due := dondoc.Today(db.Now()).AddDays(i%90 - 30)
			sqldbtest.Task(b, db, p.Root, units[i%len(units)], "Nhiệm vụ "+strconv.Itoa(i), due)
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.Run("page-by-page", func(b *testing.B) {
		for b.Loop() {
			f := dondoc.TaskFilter{Limit: dondoc.MaxPageSize}
			n := 0
			for {
				page, err := db.ListTasks(sys, f)
				if err != nil {
					b.Fatal(err)
				}
				for _, t := range page.Items {
					if t.Timing.Overdue {
						n++
					}
				}
				if page.NextCursor == "" {
					break
				}
				f.Cursor = page.NextCursor
			}
		}
	})
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.CountTasks(sys, dondoc.TaskFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

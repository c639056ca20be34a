package sqldb_test

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// reportWorld is a province with tasks in every state, seeded for the report tests.
type reportWorld struct {
	*wfEnv
	doc *dondoc.Document
}

// seedReports builds the province the hand-computed tables below describe. Every task is created
// on 2024-05-02 and assigned by the provincial office; the tables are read on 2024-06-10.
//
//	Huyện Yên Dũng:   a1 done 06-05, due 06-30 (on time); a2 done 06-03, due 05-31 (late);
//	                  a3 open, due 06-01 (overdue); a4 in progress, due 07-15 extended to 07-31
//	Xã Đồng Việt:     c1 done 06-08, due 06-20 (on time); c2 open, due 06-07 (overdue); c3 suspended;
//	                  c4 draft; c5 cancelled; c6 done 04-20, due 05-10 (before the range)
//	Xã Tân Thanh:     b1 done 06-01, due 06-15 (on time); b2 done 06-02 without a deadline
//	Huyện Lạng Giang: d1 done 05-15, due 05-20 (on time); d2 done 05-30, due 05-25 (late);
//	                  d3 completion requested, due 06-20
//	Sở Tài chính:     s1 in progress without a deadline and without a document
//
// The head post of Yên Dũng was held by Nguyễn Văn An until 06-03 and by Trần Thị Bình from 06-04.
//
// Escalations: Yên Dũng raised one on 05-20, answered on 06-05; Đồng Việt raised one on 06-04 and
// one on 06-07, both open.
func seedReports(t *testing.T, db *sqldb.DB) *reportWorld {
	t.Helper()
	fixNow(db, "2024-05-02")
	w := &reportWorld{wfEnv: newWF(t, db)}
	p := w.p
	sys := sqldbtest.System()
	doc, err := db.CreateDocument(sys, dondoc.DocumentInput{Type: "Nghị quyết", NumberSymbol: "307-NQ/TU", Issuer: "Tỉnh ủy",
		IssuerUnitID: &p.Root.ID, Date: "2023-12-06", Subject: "Về lãnh đạo thực hiện nhiệm vụ trọng tâm năm 2024"})
	if err != nil {
		t.Fatal(err)
	}
	w.doc = doc
	// The head post of Yên Dũng changes hands on 06-04; tasks led by the district answer to it.
	post, err := db.CreatePost(sys, dondoc.Post{UnitID: p.DistrictA.ID, Title: "Bí thư Huyện ủy", IsHead: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []struct {
		name string
		from dondoc.Date
	}{{"Nguyễn Văn An", "2021-07-01"}, {"Trần Thị Bình", "2024-06-04"}} {
		person, err := db.CreatePerson(sys, dondoc.Person{FullName: h.name})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AssignHolder(sys, post.ID, person.ID, h.from); err != nil {
			t.Fatal(err)
		}
	}
	step := func(task *dondoc.Task, in dondoc.TransitionInput) *dondoc.Task {
		t.Helper()
		out, err := db.Transition(sys, task.ID, task.Version, in)
		if err != nil {
			t.Fatalf("%s %q: %v", in.Action, task.Title, err)
		}
		return out
	}
	mk := func(lead *dondoc.Unit, title string, due dondoc.Date, state string, completed dondoc.Date) *dondoc.Task {
		t.Helper()
		in := dondoc.TaskInput{Title: title, LeadUnitID: lead.ID, AssignerUnitID: p.Office.ID, Assign: state != "draft",
			DocumentID: &doc.ID}
		if lead == p.Department {
			in.DocumentID = nil
		}
		if due != "" {
			in.Deadline = dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: due}
		}
		task, err := db.CreateTask(sys, in)
		if err != nil {
			t.Fatalf("create %q: %v", title, err)
		}
		switch state {
		case "in_progress":
			task = step(task, dondoc.TransitionInput{Action: dondoc.ActionReport})
		case "completion_requested":
			task = step(task, dondoc.TransitionInput{Action: dondoc.ActionRequestCompletion})
		case "done":
			task = step(task, dondoc.TransitionInput{Action: dondoc.ActionRequestCompletion})
			task = step(task, dondoc.TransitionInput{Action: dondoc.ActionConfirm, CompletedOn: completed})
		case "suspended":
			task = step(task, dondoc.TransitionInput{Action: dondoc.ActionSuspend})
		case "cancelled":
			task = step(task, dondoc.TransitionInput{Action: dondoc.ActionCancel})
		}
		return task
	}
	mk(p.DistrictA, "a1", "2024-06-30", "done", "2024-06-05")
	mk(p.DistrictA, "a2", "2024-05-31", "done", "2024-06-03")
	mk(p.DistrictA, "a3", "2024-06-01", "assigned", "")
	a4 := mk(p.DistrictA, "a4", "2024-07-15", "in_progress", "")
	mk(p.CommuneA, "c1", "2024-06-20", "done", "2024-06-08")
	mk(p.CommuneA, "c2", "2024-06-07", "assigned", "")
	mk(p.CommuneA, "c3", "2024-06-30", "suspended", "")
	mk(p.CommuneA, "c4", "2024-06-30", "draft", "")
	mk(p.CommuneA, "c5", "2024-06-30", "cancelled", "")
	mk(p.CommuneA, "c6", "2024-05-10", "done", "2024-04-20")
	mk(p.CommuneB, "b1", "2024-06-15", "done", "2024-06-01")
	mk(p.CommuneB, "b2", "", "done", "2024-06-02")
	mk(p.DistrictB, "d1", "2024-05-20", "done", "2024-05-15")
	mk(p.DistrictB, "d2", "2024-05-25", "done", "2024-05-30")
	mk(p.DistrictB, "d3", "2024-06-20", "completion_requested", "")
	mk(p.Department, "s1", "", "in_progress", "")

	ext, err := db.RequestExtension(w.headA, a4.ID, dondoc.ExtensionInput{Proposed: "2024-07-31", Reason: "Chờ vốn"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecideExtension(w.office, ext.ID, ext.Version, dondoc.ReviewDecision{Approve: true}); err != nil {
		t.Fatal(err)
	}
	raise := func(ctx context.Context, from *dondoc.Unit, day string) *dondoc.Escalation {
		t.Helper()
		fixNow(db, day)
		e, err := db.RaiseEscalation(ctx, dondoc.EscalationInput{FromUnitID: from.ID, ToUnitID: p.Office.ID,
			Subject: "Vướng mặt bằng", ResponseDue: "2024-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	answered := raise(w.headA, p.DistrictA, "2024-05-20")
	fixNow(db, "2024-06-05")
	if _, err := db.AnswerEscalation(w.leader, answered.ID, answered.Version, dondoc.DirectionInput{Direction: "Giao Sở Xây dựng xử lý."}); err != nil {
		t.Fatal(err)
	}
	raise(w.officerA, p.CommuneA, "2024-06-04")
	raise(w.officerA, p.CommuneA, "2024-06-07")
	fixNow(db, "2024-06-10")
	return w
}

// scoreLine is a scorecard row in the order of the hand-computed tables: rank (0 for none), unit,
// assigned, on time, late, done without deadline, overdue, most days overdue, in progress,
// suspended, extensions, open escalations, oldest escalation's days.
type scoreLine struct {
	rank                                                         int
	unit                                                         string
	assigned, onTime, late, noDeadline, overdue, maxDays, inProg int
	suspended, extensions, escalations, oldest                   int
}

func lineOf(r dondoc.ScorecardRow) scoreLine {
	rank := 0
	if r.Rank != nil {
		rank = *r.Rank
	}
	return scoreLine{rank, r.UnitName, r.Assigned, r.DoneOnTime, r.DoneLate, r.DoneNoDeadline, r.Overdue, r.MaxDaysOverdue,
		r.InProgress, r.Suspended, r.Extensions, r.OpenEscalations, r.OldestEscalationDays}
}

// checkScorecard compares a scorecard's rows and rates with a hand-computed table.
func checkScorecard(t *testing.T, s *dondoc.Scorecard, want []scoreLine, rates []float64) {
	t.Helper()
	if len(s.Rows) != len(want) {
		for _, r := range s.Rows {
			t.Logf("row %+v", lineOf(r))
		}
		t.Fatalf("%d rows, want %d", len(s.Rows), len(want))
	}
	for i, r := range s.Rows {
		if got := lineOf(r); got != want[i] {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got, want[i])
		}
		switch {
		case rates[i] < 0 && r.OnTimeRate != nil:
			t.Errorf("row %d (%s): rate %v, want none", i, r.UnitName, *r.OnTimeRate)
		case rates[i] >= 0 && (r.OnTimeRate == nil || *r.OnTimeRate != rates[i]):
			t.Errorf("row %d (%s): rate %v, want %v", i, r.UnitName, r.OnTimeRate, rates[i])
		}
	}
}

// checkHeads compares the per-head rows with lines "rank name post unit assigned on-time/late
// overdue= ext= esc=".
func checkHeads(t *testing.T, s *dondoc.Scorecard, want []string) {
	t.Helper()
	var got []string
	for _, h := range s.Heads {
		r := h.Record
		rank := "-"
		if r.Rank != nil {
			rank = fmt.Sprint(*r.Rank)
		}
		got = append(got, fmt.Sprintf("%s %s %s %s %d %d/%d overdue=%d ext=%d esc=%d", rank, h.PersonName, h.PostTitle, r.UnitName,
			r.Assigned, r.DoneOnTime, r.DoneLate, r.Overdue, r.Extensions, r.OpenEscalations))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("heads:\n got %q\nwant %q", got, want)
	}
}

func TestScorecardHandComputed(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := seedReports(t, db)
		s, err := reports(db).Scorecard(w.leader, dondoc.ReportFilter{From: "2024-05-01", To: "2024-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		if s.AsOf != "2024-06-10" {
			t.Errorf("as_of = %s, want today 2024-06-10 since the range has not ended", s.AsOf)
		}
		// Two units tie at 100% and share rank 1, so the two at 50% share rank 3.
		checkScorecard(t, s, []scoreLine{
			{1, "Xã Đồng Việt", 3, 1, 0, 0, 1, 3, 0, 1, 0, 2, 6},
			{1, "Xã Tân Thanh", 2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0},
			{3, "Huyện Lạng Giang", 3, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0},
			{3, "Huyện Yên Dũng", 4, 1, 1, 0, 1, 9, 1, 0, 1, 0, 0},
			{0, "Sở Tài chính", 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0},
		}, []float64{1, 1, 0.5, 0.5, -1})
		if got, want := lineOf(s.Total), (scoreLine{0, "Tổng cộng", 13, 4, 2, 1, 2, 9, 3, 1, 1, 2, 6}); got != want {
			t.Errorf("total:\n got %+v\nwant %+v", got, want)
		}
		if s.Total.OnTimeRate == nil || *s.Total.OnTimeRate != 4.0/6.0 {
			t.Errorf("total rate = %v, want 4/6", s.Total.OnTimeRate)
		}
		// a2 was completed late while An held the post; a1, a3 and a4 were decided under Bình.
		checkHeads(t, s, []string{"1 Trần Thị Bình Bí thư Huyện ủy Huyện Yên Dũng 3 1/0 overdue=1 ext=1 esc=0",
			"2 Nguyễn Văn An Bí thư Huyện ủy Huyện Yên Dũng 1 0/1 overdue=0 ext=0 esc=0"})
		if len(s.OverdueTasks) != 2 || s.OverdueTasks[0].Title != "a3" || s.OverdueTasks[0].DaysOverdue != 9 ||
			s.OverdueTasks[1].Title != "c2" || s.OverdueTasks[1].DaysOverdue != 3 || s.OverdueTasks[1].DueOn != "2024-06-07" {
			t.Errorf("overdue tasks = %+v", s.OverdueTasks)
		}
	})
}

// TestScorecardPastRange reads a range that ended before today: tasks completed after its end
// count as still open then, and an escalation answered after its end as still waiting.
func TestScorecardPastRange(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := seedReports(t, db)
		s, err := reports(db).Scorecard(w.office, dondoc.ReportFilter{From: "2024-05-01", To: "2024-06-04"})
		if err != nil {
			t.Fatal(err)
		}
		if s.AsOf != "2024-06-04" {
			t.Errorf("as_of = %s, want the end of the range", s.AsOf)
		}
		checkScorecard(t, s, []scoreLine{
			{1, "Xã Tân Thanh", 2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0},
			{2, "Huyện Lạng Giang", 3, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0},
			{3, "Huyện Yên Dũng", 4, 0, 1, 0, 1, 3, 2, 0, 1, 1, 15},
			{0, "Sở Tài chính", 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0},
			{0, "Xã Đồng Việt", 3, 0, 0, 0, 0, 0, 2, 1, 0, 1, 0},
		}, []float64{1, 0.5, 0, -1, -1})
		// On 06-04 Bình held the post: the open tasks and the waiting escalation are hers; she has no
		// completed task yet, so no rank.
		checkHeads(t, s, []string{"1 Nguyễn Văn An Bí thư Huyện ủy Huyện Yên Dũng 1 0/1 overdue=0 ext=0 esc=0",
			"- Trần Thị Bình Bí thư Huyện ủy Huyện Yên Dũng 3 0/0 overdue=1 ext=1 esc=1"})
	})
}

func TestScorecardScopeAndFilter(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := seedReports(t, db)
		p := w.p
		full := dondoc.ReportFilter{From: "2024-05-01", To: "2024-06-30"}

		// A commune officer sees its own unit's row only, with its own escalations.
		s, err := reports(db).Scorecard(w.officerB, full)
		if err != nil {
			t.Fatal(err)
		}
		checkScorecard(t, s, []scoreLine{{1, "Xã Tân Thanh", 2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0}}, []float64{1})
		checkHeads(t, s, nil)

		// The head of a district sees the district and its commune.
		s, err = reports(db).Scorecard(w.headA, full)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Rows) != 2 || s.Rows[0].UnitName != "Xã Đồng Việt" || s.Rows[1].UnitName != "Huyện Yên Dũng" ||
			*s.Rows[0].Rank != 1 || *s.Rows[1].Rank != 2 {
			t.Errorf("district head rows = %+v", s.Rows)
		}

		// A unit filter keeps the unit's subtree; a unit outside the scope yields nothing.
		f := full
		f.UnitID = p.DistrictB.ID
		if s, err = reports(db).Scorecard(w.leader, f); err != nil || len(s.Rows) != 2 || s.Total.Assigned != 5 {
			t.Errorf("district B filter: %+v, %v", s, err)
		}
		if s, err = reports(db).Scorecard(w.officerA, f); err != nil || len(s.Rows) != 0 || s.Total.Assigned != 0 {
			t.Errorf("district B filter for commune A: %+v, %v", s, err)
		}

		for _, tc := range []struct {
			name  string
			f     dondoc.ReportFilter
			field string
		}{
			{"no start", dondoc.ReportFilter{To: "2024-06-30"}, "from"},
			{"bad end", dondoc.ReportFilter{From: "2024-05-01", To: "2024-02-30"}, "to"},
			{"backwards", dondoc.ReportFilter{From: "2024-06-30", To: "2024-05-01"}, "to"},
			{"unknown unit", dondoc.ReportFilter{From: "2024-05-01", To: "2024-06-30", UnitID: 987654}, "unit"},
		} {
			_, err := reports(db).Scorecard(w.leader, tc.f)
			wantCode(t, tc.name, err, dondoc.EInvalid, tc.field)
		}
	})
}

func TestReviewReport(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := seedReports(t, db)
		rep, err := reports(db).Review(w.office, w.doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.NumberSymbol != "307-NQ/TU" || rep.AsOf != "2024-06-10" {
			t.Errorf("header = %s %s", rep.NumberSymbol, rep.AsOf)
		}
		type line struct {
			unit                                                  string
			total, draft, assigned, inProg, requested, done, susp int
			cancelled, overdue, onTime, late                      int
		}
		of := func(r dondoc.ReviewRow) line {
			b := r.ByStatus
			return line{r.UnitName, r.Total, b[dondoc.StatusDraft], b[dondoc.StatusAssigned], b[dondoc.StatusInProgress],
				b[dondoc.StatusCompletionRequested], b[dondoc.StatusDone], b[dondoc.StatusSuspended], b[dondoc.StatusCancelled],
				r.Overdue, r.DoneOnTime, r.DoneLate}
		}
		want := []line{
			{"Huyện Lạng Giang", 3, 0, 0, 0, 1, 2, 0, 0, 0, 1, 1},
			{"Huyện Yên Dũng", 4, 0, 1, 1, 0, 2, 0, 0, 1, 1, 1},
			{"Xã Đồng Việt", 6, 1, 1, 0, 0, 2, 1, 1, 1, 2, 0},
			{"Xã Tân Thanh", 2, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0},
		}
		if len(rep.Rows) != len(want) {
			t.Fatalf("rows = %+v", rep.Rows)
		}
		for i, r := range rep.Rows {
			if got := of(r); got != want[i] {
				t.Errorf("row %d:\n got %+v\nwant %+v", i, got, want[i])
			}
		}
		if got, want := of(rep.Total), (line{"Tổng cộng", 15, 1, 2, 1, 1, 8, 1, 1, 2, 5, 2}); got != want {
			t.Errorf("total:\n got %+v\nwant %+v", got, want)
		}

		// A commune officer reviews the same document and sees its own unit only.
		rep, err = reports(db).Review(w.officerA, w.doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Rows) != 1 || rep.Rows[0].UnitName != "Xã Đồng Việt" || rep.Total.Total != 6 {
			t.Errorf("commune review = %+v", rep.Rows)
		}

		_, err = reports(db).Review(w.office, 0)
		wantCode(t, "no document", err, dondoc.EInvalid, "document")
		_, err = reports(db).Review(w.office, 424242)
		wantCode(t, "unknown document", err, dondoc.EInvalid, "document")
	})
}

// reports is the report service over the test database, as cmd/dondoc wires it.
func reports(db *sqldb.DB) *report.Service {
	return &report.Service{Facts: db, Documents: db, Today: func() dondoc.Date { return dondoc.Today(db.Now()) }}
}

// TestScorecardClassesMatchTimingOn plants tasks in every status, with every kind of deadline and
// completion day around the day judged, and checks that the groups the scorecard reads from the
// task tallies count as many tasks in each class as TaskFact.ClassOn puts there.
func TestScorecardClassesMatchTimingOn(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := sqldbtest.System()
		p := sqldbtest.NewProvince(t, db)
		const from, asOf = dondoc.Date("2024-05-25"), dondoc.Date("2024-06-10")
		recorded := dondoc.Date("2024-05-01").Time()
		var facts []dondoc.TaskFact
		raw := sqldb.RawDB(db)
		for _, status := range dondoc.Statuses {
			for _, due := range []dondoc.Date{dondoc.NoDate, "2024-06-01", asOf, "2024-06-20"} {
				for _, done := range []dondoc.Date{"", "2024-05-20", "2024-06-01", "2024-06-05", asOf, "2024-06-11", "2024-06-25"} {
					if _, err := raw.ExecContext(ctx, raw.Rebind(`INSERT INTO tasks (title, lead_unit_id, assigner_unit_id, due_on, status,
						completed_on, created_at, updated_at) VALUES ('x', ?, ?, ?, ?, ?, ?, ?)`),
						p.CommuneA.ID, p.Office.ID, string(due), string(status), string(done), recorded, recorded); err != nil {
						t.Fatal(err)
					}
					facts = append(facts, dondoc.TaskFact{Status: status, DueOn: due, CompletedOn: done, CreatedAt: recorded})
				}
			}
		}
		groups, err := db.TaskGroups(ctx, dondoc.ReportFilter{From: from, To: asOf}, asOf, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, want := map[dondoc.TaskClass]int{}, map[dondoc.TaskClass]int{}
		for _, g := range groups {
			got[g.Class] += g.Count
		}
		seen := map[dondoc.TaskClass]int{}
		for _, f := range facts {
			if f.CountedIn(from, asOf) {
				want[f.ClassOn(asOf)]++
			}
			seen[f.ClassOn(asOf)]++
		}
		if !maps.Equal(got, want) {
			t.Errorf("classes from the tallies %v, by ClassOn %v", got, want)
		}
		// Every class occurs, and the hand-checked corners fall where the rules say.
		for _, r := range dondoc.TaskClassRules {
			if seen[r.Class] == 0 {
				t.Errorf("no task in class %s", r.Class)
			}
		}
		for _, c := range []struct {
			fact dondoc.TaskFact
			want dondoc.TaskClass
		}{
			{dondoc.TaskFact{Status: dondoc.StatusDone, DueOn: asOf, CompletedOn: asOf}, dondoc.ClassDoneOnTime},
			{dondoc.TaskFact{Status: dondoc.StatusDone, DueOn: "2024-06-01", CompletedOn: "2024-06-05"}, dondoc.ClassDoneLate},
			{dondoc.TaskFact{Status: dondoc.StatusDone, DueOn: dondoc.NoDate, CompletedOn: "2024-06-05"}, dondoc.ClassDoneNoDeadline},
			{dondoc.TaskFact{Status: dondoc.StatusDone, DueOn: "2024-06-01", CompletedOn: "2024-06-11"}, dondoc.ClassOverdue},
			{dondoc.TaskFact{Status: dondoc.StatusDone, DueOn: asOf, CompletedOn: "2024-06-11"}, dondoc.ClassInProgress},
			{dondoc.TaskFact{Status: dondoc.StatusCompletionRequested, DueOn: "2024-06-01"}, dondoc.ClassOverdue},
			{dondoc.TaskFact{Status: dondoc.StatusCompletionRequested, DueOn: asOf}, dondoc.ClassCompletionRequested},
			{dondoc.TaskFact{Status: dondoc.StatusSuspended, DueOn: "2024-06-01"}, dondoc.ClassSuspended},
			{dondoc.TaskFact{Status: dondoc.StatusDraft, DueOn: "2024-06-01"}, ""},
		} {
			if got := c.fact.ClassOn(asOf); got != c.want {
				t.Errorf("%+v: ClassOn %q, want %q", c.fact, got, c.want)
			}
		}
	})
}

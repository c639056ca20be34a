package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// wfEnv holds the actors of the workflow tests. Each is a real account, because reports, requests
// and escalations record who made them.
type wfEnv struct {
	p                                                 *sqldbtest.Province
	office, leader, headA, officerA, officerB, viewer context.Context
}

func newWF(t *testing.T, db *sqldb.DB) *wfEnv {
	t.Helper()
	p := sqldbtest.NewProvince(t, db)
	user := func(name string, role dondoc.Role, u *dondoc.Unit) context.Context {
		acc, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: name, DisplayName: name}, "not-a-login")
		if err != nil {
			t.Fatal(err)
		}
		return sqldbtest.As(acc.ID, role, u)
	}
	return &wfEnv{p: p,
		office:   user("office", dondoc.RoleOffice, p.Root),
		leader:   user("leader", dondoc.RoleLeader, p.Root),
		headA:    user("head-a", dondoc.RoleUnitHead, p.DistrictA),
		officerA: user("officer-a", dondoc.RoleUnitOfficer, p.CommuneA),
		officerB: user("officer-b", dondoc.RoleUnitOfficer, p.CommuneB),
		viewer:   user("viewer", dondoc.RoleViewer, p.Root),
	}
}

func pct(n int) *int { return &n }

// wantCode fails the test unless err carries code (and names field, when given).
func wantCode(t *testing.T, what string, err error, code dondoc.Code, field string) {
	t.Helper()
	if !dondoc.IsCode(err, code) {
		t.Errorf("%s: err = %v, want %s", what, err, code)
		return
	}
	if field != "" {
		if de := err.(*dondoc.Error); de.Field != field {
			t.Errorf("%s: field = %q, want %q", what, de.Field, field)
		}
	}
}

// eventKinds returns the kinds on a task's timeline, in order.
func eventKinds(t *testing.T, db *sqldb.DB, ctx context.Context, taskID int64) []string {
	t.Helper()
	events, err := db.Timeline(ctx, taskID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := make([]string, len(events))
	for i, e := range events {
		kinds[i] = e.Kind
	}
	return kinds
}

func TestReportApprovalChain(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		w := newWF(t, db)
		p := w.p
		parent, err := db.CreateTask(w.office, dondoc.TaskInput{Title: "Xóa nhà tạm", LeadUnitID: p.Office.ID, AssignerUnitID: p.Office.ID,
			Assign: true, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-06-30"}, CascadeTo: []int64{p.CommuneA.ID, p.CommuneB.ID}})
		if err != nil {
			t.Fatal(err)
		}
		children, err := db.ListTasks(w.officerA, dondoc.TaskFilter{ParentID: parent.ID})
		if err != nil || len(children.Items) != 1 {
			t.Fatalf("officer A sees %v, %v; want its one child", children, err)
		}
		task := children.Items[0]

		// Neither the assigning office nor another commune reports for the lead unit.
		_, err = db.SubmitReport(w.office, task.ID, dondoc.ReportInput{Text: "x", Percent: pct(10)})
		wantCode(t, "office submits", err, dondoc.EForbidden, "")
		_, err = db.SubmitReport(w.officerB, task.ID, dondoc.ReportInput{Text: "x", Percent: pct(10)})
		wantCode(t, "other commune submits", err, dondoc.ENotFound, "")

		rep, err := db.SubmitReport(w.officerA, task.ID, dondoc.ReportInput{Period: "2024-05", Text: "Đã rà soát 12 hộ", Percent: pct(40),
			Difficulties: "Thiếu vốn đối ứng"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Status != dondoc.ReportSubmitted || rep.Percent != 40 || rep.ApprovedBy != nil {
			t.Fatalf("submitted report = %+v", rep)
		}
		got, _ := db.GetTask(w.office, task.ID)
		if got.Status != dondoc.StatusInProgress || got.Version != task.Version+1 || got.Progress != 0 {
			t.Fatalf("after the first report task = %s v%d progress %d; want in_progress v%d progress 0", got.Status, got.Version, got.Progress, task.Version+1)
		}

		// The chain: officers and the office cannot approve; the head of the district can.
		_, err = db.ReviewReport(w.officerA, rep.ID, rep.Version, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "officer approves own report", err, dondoc.EForbidden, "")
		_, err = db.ReviewReport(w.office, rep.ID, rep.Version, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "office approves before the head", err, dondoc.EForbidden, "")
		_, err = db.ReviewReport(w.officerB, rep.ID, rep.Version, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "other commune reviews", err, dondoc.ENotFound, "")
		_, err = db.ReviewReport(w.headA, rep.ID, rep.Version+3, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "stale review", err, dondoc.EStale, "")
		rep, err = db.ReviewReport(w.headA, rep.ID, rep.Version, dondoc.ReviewDecision{Approve: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Status != dondoc.ReportApproved || rep.ApprovedBy == nil || rep.Version != 2 {
			t.Fatalf("approved report = %+v", rep)
		}
		_, err = db.ReviewReport(w.headA, rep.ID, rep.Version, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "head accepts for the assigner", err, dondoc.EForbidden, "")
		rep, err = db.ReviewReport(w.office, rep.ID, rep.Version, dondoc.ReviewDecision{Approve: true, Note: "Tiếp nhận"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Status != dondoc.ReportAccepted || rep.AcceptedBy == nil || rep.Note != "Tiếp nhận" {
			t.Fatalf("accepted report = %+v", rep)
		}
		got, _ = db.GetTask(w.office, task.ID)
		if got.Progress != 40 || got.Version != task.Version+2 {
			t.Errorf("after acceptance task progress %d v%d; want 40 v%d", got.Progress, got.Version, task.Version+2)
		}
		par, _ := db.GetTask(w.office, parent.ID)
		if par.Progress != 20 {
			t.Errorf("parent progress = %d, want 20 (40 and 0)", par.Progress)
		}
		_, err = db.ReviewReport(w.office, rep.ID, rep.Version, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "accept twice", err, dondoc.EConflict, "")

		// Return paths: the head returns one report, the office returns another; progress stays.
		r2, err := db.SubmitReport(w.officerA, task.ID, dondoc.ReportInput{Text: "Đạt 90%", Percent: pct(90)})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.ReviewReport(w.headA, r2.ID, r2.Version, dondoc.ReviewDecision{})
		wantCode(t, "return without a reason", err, dondoc.EInvalid, "note")
		r2, err = db.ReviewReport(w.headA, r2.ID, r2.Version, dondoc.ReviewDecision{Note: "Số liệu chưa khớp"})
		if err != nil || r2.Status != dondoc.ReportReturned {
			t.Fatalf("head returns: %+v, %v", r2, err)
		}
		_, err = db.ReviewReport(w.headA, r2.ID, r2.Version, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "approve a returned report", err, dondoc.EConflict, "")
		r3, err := db.SubmitReport(w.officerA, task.ID, dondoc.ReportInput{Text: "Đạt 80%", Percent: pct(80)})
		if err != nil {
			t.Fatal(err)
		}
		if r3, err = db.ReviewReport(w.headA, r3.ID, r3.Version, dondoc.ReviewDecision{Approve: true}); err != nil {
			t.Fatal(err)
		}
		r3, err = db.ReviewReport(w.leader, r3.ID, r3.Version, dondoc.ReviewDecision{Note: "Bổ sung minh chứng"})
		if err != nil || r3.Status != dondoc.ReportReturned || r3.AcceptedBy != nil {
			t.Fatalf("leader returns: %+v, %v", r3, err)
		}
		got, _ = db.GetTask(w.office, task.ID)
		if got.Progress != 40 {
			t.Errorf("returned reports moved progress to %d", got.Progress)
		}
		reports, err := db.ListReports(w.headA, task.ID)
		if err != nil || len(reports) != 3 || reports[0].ID != rep.ID {
			t.Errorf("list reports = %d, %v", len(reports), err)
		}
		_, err = db.ListReports(w.officerB, task.ID)
		wantCode(t, "other commune lists reports", err, dondoc.ENotFound, "")
		kinds := strings.Join(eventKinds(t, db, w.office, task.ID), " ")
		for _, k := range []string{"report report_submitted report_approved report_accepted", "report_returned"} {
			if !strings.Contains(kinds, k) {
				t.Errorf("timeline %q lacks %q", kinds, k)
			}
		}

		// A report on a finished task is a conflict of the state machine.
		done := sqldbtest.Task(t, db, p.Office, p.CommuneA, "Đã xong", "")
		for _, a := range []dondoc.Action{dondoc.ActionRequestCompletion, dondoc.ActionConfirm} {
			if done, err = db.Transition(w.office, done.ID, done.Version, dondoc.TransitionInput{Action: a}); err != nil {
				t.Fatal(err)
			}
		}
		_, err = db.SubmitReport(w.officerA, done.ID, dondoc.ReportInput{Text: "x", Percent: pct(100)})
		wantCode(t, "report on a done task", err, dondoc.EConflict, "")
	})
}

func TestExtensionLimitAndDeadline(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		w := newWF(t, db)
		p := w.p
		task, err := db.CreateTask(w.office, dondoc.TaskInput{Title: "Giải ngân vốn đầu tư công", LeadUnitID: p.CommuneA.ID,
			AssignerUnitID: p.Office.ID, Assign: true, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-05-01", Phrase: "trước ngày 01/5/2024"}})
		if err != nil {
			t.Fatal(err)
		}
		if !task.Timing.Overdue || task.Timing.DaysOverdue != 5 {
			t.Fatalf("task timing = %+v, want 5 days overdue", task.Timing)
		}
		_, err = db.RequestExtension(w.office, task.ID, dondoc.ExtensionInput{Proposed: "2024-05-31", Reason: "x"})
		wantCode(t, "assigner requests", err, dondoc.EForbidden, "")
		_, err = db.RequestExtension(w.officerA, task.ID, dondoc.ExtensionInput{Proposed: "2024-04-30", Reason: "x"})
		wantCode(t, "earlier date", err, dondoc.EInvalid, "proposed")
		_, err = db.RequestExtension(w.officerA, task.ID, dondoc.ExtensionInput{Proposed: "2024-05-31"})
		wantCode(t, "no reason", err, dondoc.EInvalid, "reason")

		x, err := db.RequestExtension(w.officerA, task.ID, dondoc.ExtensionInput{Proposed: "2024-05-31", Reason: "Chờ phân bổ vốn"})
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != dondoc.ExtensionPending || x.Proposed != "2024-05-31" {
			t.Fatalf("request = %+v", x)
		}
		_, err = db.RequestExtension(w.officerA, task.ID, dondoc.ExtensionInput{Proposed: "2024-06-15", Reason: "x"})
		wantCode(t, "second pending request", err, dondoc.EConflict, "")
		_, err = db.DecideExtension(w.officerA, x.ID, x.Version, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "lead decides", err, dondoc.EForbidden, "")
		_, err = db.DecideExtension(w.officerB, x.ID, x.Version, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "other commune decides", err, dondoc.ENotFound, "")
		_, err = db.DecideExtension(w.office, x.ID, x.Version+1, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "stale decision", err, dondoc.EStale, "")
		x, err = db.DecideExtension(w.office, x.ID, x.Version, dondoc.ReviewDecision{Approve: true})
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != dondoc.ExtensionApproved || x.DecidedBy == nil {
			t.Fatalf("decision = %+v", x)
		}
		got, _ := db.GetTask(w.office, task.ID)
		want := dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-05-31", Phrase: "trước ngày 01/5/2024"}
		if got.DueOn != "2024-05-31" || got.Deadline != want || got.Extensions != 1 || got.Version != task.Version+1 {
			t.Fatalf("extended task: due %s deadline %+v extensions %d v%d", got.DueOn, got.Deadline, got.Extensions, got.Version)
		}
		if got.Timing.Overdue || got.Timing.DaysLeft == nil || *got.Timing.DaysLeft != 25 {
			t.Errorf("timing after extension = %+v, want 25 days left", got.Timing)
		}
		_, err = db.DecideExtension(w.office, x.ID, x.Version, dondoc.ReviewDecision{Approve: true})
		wantCode(t, "decide twice", err, dondoc.EConflict, "")

		// A refusal does not count; two grants use up the default limit of two.
		r, err := db.RequestExtension(w.officerA, task.ID, dondoc.ExtensionInput{Proposed: "2024-06-30", Reason: "Mưa lũ"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DecideExtension(w.office, r.ID, r.Version, dondoc.ReviewDecision{Note: "Không có căn cứ"}); err != nil {
			t.Fatal(err)
		}
		got, _ = db.GetTask(w.office, task.ID)
		if got.DueOn != "2024-05-31" || got.Extensions != 1 {
			t.Errorf("refusal changed the task: due %s extensions %d", got.DueOn, got.Extensions)
		}
		r, err = db.RequestExtension(w.officerA, task.ID, dondoc.ExtensionInput{Proposed: "2024-06-30", Reason: "Mưa lũ kéo dài"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DecideExtension(w.leader, r.ID, r.Version, dondoc.ReviewDecision{Approve: true}); err != nil {
			t.Fatal(err)
		}
		_, err = db.RequestExtension(w.officerA, task.ID, dondoc.ExtensionInput{Proposed: "2024-07-31", Reason: "Lần ba"})
		wantCode(t, "third extension", err, dondoc.EConflict, "")
		if err != nil && !strings.Contains(err.(*dondoc.Error).Message, "đã gia hạn tối đa 2 lần") {
			t.Errorf("message = %q", err.(*dondoc.Error).Message)
		}
		list, err := db.ListExtensions(w.headA, task.ID)
		if err != nil || len(list) != 3 {
			t.Errorf("list extensions = %d, %v", len(list), err)
		}
		got, _ = db.GetTask(w.office, task.ID)
		if got.DueOn != "2024-06-30" || got.Extensions != 2 {
			t.Errorf("final task: due %s extensions %d", got.DueOn, got.Extensions)
		}
		kinds := strings.Join(eventKinds(t, db, w.office, task.ID), " ")
		if strings.Count(kinds, "extension_approved") != 2 || strings.Count(kinds, "extension_rejected") != 1 {
			t.Errorf("timeline = %s", kinds)
		}

		// A stricter deployment setting applies at once.
		db.MaxExtensions = 0
		other := sqldbtest.Task(t, db, p.Office, p.CommuneA, "Khác", "2024-06-01")
		_, err = db.RequestExtension(w.officerA, other.ID, dondoc.ExtensionInput{Proposed: "2024-07-01", Reason: "x"})
		wantCode(t, "no extensions allowed", err, dondoc.EConflict, "")
	})
}

func TestEscalationRaiseAnswerClose(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		w := newWF(t, db)
		p := w.p
		task := sqldbtest.Task(t, db, p.Office, p.CommuneA, "Giải phóng mặt bằng Cầu Đồng Việt", "2024-06-30")
		rep, err := db.SubmitReport(w.officerA, task.ID, dondoc.ReportInput{Text: "Đạt 30%", Percent: pct(30), Difficulties: "Vướng 3 hộ"})
		if err != nil {
			t.Fatal(err)
		}
		in := dondoc.EscalationInput{TaskID: &task.ID, ReportID: &rep.ID, FromUnitID: p.CommuneA.ID, ToUnitID: p.Office.ID,
			Subject: "Vướng mặt bằng 3 hộ", Text: "Đề nghị Ban Thường vụ chỉ đạo", ResponseDue: "2024-05-15"}
		bad := in
		bad.FromUnitID = p.CommuneB.ID
		_, err = db.RaiseEscalation(w.officerA, bad)
		wantCode(t, "raise for another commune", err, dondoc.EForbidden, "")
		_, err = db.RaiseEscalation(w.viewer, in)
		wantCode(t, "viewer raises", err, dondoc.EForbidden, "")
		e, err := db.RaiseEscalation(w.officerA, in)
		if err != nil {
			t.Fatal(err)
		}
		if e.Status != dondoc.EscalationOpen || e.RaisedOn != "2024-05-06" || e.DaysOutstanding != 0 || *e.ReportID != rep.ID {
			t.Fatalf("raised = %+v", e)
		}

		fixNow(db, "2024-05-09")
		if e, err = db.GetEscalation(w.leader, e.ID); err != nil || e.DaysOutstanding != 3 {
			t.Fatalf("after 3 days: %+v, %v", e, err)
		}
		_, err = db.GetEscalation(w.officerB, e.ID)
		wantCode(t, "other commune reads", err, dondoc.ENotFound, "")
		if page, err := db.ListEscalations(w.officerB, "", "", 0); err != nil || len(page.Items) != 0 {
			t.Errorf("other commune lists %v, %v", page, err)
		}
		if _, err := db.GetEscalation(w.headA, e.ID); err != nil {
			t.Errorf("head of the district reads: %v", err)
		}

		dir := dondoc.DirectionInput{Direction: "Giao Sở Tài chính bố trí vốn; gia hạn đến 31/7",
			NewTasks:    []dondoc.TaskInput{{Title: "Bố trí vốn bồi thường", LeadUnitID: p.Department.ID, AssignerUnitID: p.Office.ID, Assign: true}},
			NewDeadline: "2024-07-31"}
		_, err = db.AnswerEscalation(w.officerA, e.ID, e.Version, dir)
		wantCode(t, "officer answers", err, dondoc.EForbidden, "")
		_, err = db.AnswerEscalation(w.office, e.ID, e.Version, dir)
		wantCode(t, "office answers", err, dondoc.EForbidden, "")
		_, err = db.AnswerEscalation(w.leader, e.ID, e.Version, dondoc.DirectionInput{Direction: "x", NewTasks: []dondoc.TaskInput{
			{Title: "ok", LeadUnitID: p.Department.ID, AssignerUnitID: p.Office.ID}, {LeadUnitID: p.Department.ID, AssignerUnitID: p.Office.ID}}})
		wantCode(t, "bad new task", err, dondoc.EInvalid, "new_tasks[1].title")
		_, err = db.CloseEscalation(w.officerA, e.ID, e.Version)
		wantCode(t, "close before the answer", err, dondoc.EConflict, "")
		_, err = db.AnswerEscalation(w.leader, e.ID, e.Version+1, dir)
		wantCode(t, "stale answer", err, dondoc.EStale, "")
		if page, _ := db.ListTasks(w.office, dondoc.TaskFilter{}); len(page.Items) != 1 {
			t.Fatalf("failed answers left %d tasks", len(page.Items))
		}

		e, err = db.AnswerEscalation(w.leader, e.ID, e.Version, dir)
		if err != nil {
			t.Fatal(err)
		}
		if e.Status != dondoc.EscalationAnswered || e.AnsweredOn != "2024-05-09" || e.AnsweredBy == nil || e.Direction != dir.Direction {
			t.Fatalf("answered = %+v", e)
		}
		page, err := db.ListTasks(w.office, dondoc.TaskFilter{UnitID: p.Department.ID})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("new tasks: %v, %v", page, err)
		}
		nt := page.Items[0]
		if nt.SourceKind != "escalation" || nt.SourceID == nil || *nt.SourceID != e.ID {
			t.Errorf("new task source = %s %v, want escalation %d", nt.SourceKind, nt.SourceID, e.ID)
		}
		got, _ := db.GetTask(w.office, task.ID)
		if got.DueOn != "2024-07-31" || got.Extensions != 0 {
			t.Errorf("direction deadline: due %s extensions %d, want 2024-07-31 and 0", got.DueOn, got.Extensions)
		}

		// Waiting stops counting at the answer.
		fixNow(db, "2024-05-20")
		if e, err = db.GetEscalation(w.officerA, e.ID); err != nil || e.DaysOutstanding != 3 {
			t.Errorf("answered escalation outstanding = %d, %v; want 3", e.DaysOutstanding, err)
		}
		_, err = db.AnswerEscalation(w.leader, e.ID, e.Version, dondoc.DirectionInput{Direction: "again"})
		wantCode(t, "answer twice", err, dondoc.EConflict, "")
		_, err = db.CloseEscalation(w.leader, e.ID, e.Version)
		wantCode(t, "addressee closes", err, dondoc.EForbidden, "")
		e, err = db.CloseEscalation(w.officerA, e.ID, e.Version)
		if err != nil || e.Status != dondoc.EscalationClosed {
			t.Fatalf("close: %+v, %v", e, err)
		}
		_, err = db.CloseEscalation(w.officerA, e.ID, e.Version)
		wantCode(t, "close twice", err, dondoc.EConflict, "")
		kinds := strings.Join(eventKinds(t, db, w.office, task.ID), " ")
		for _, k := range []string{"escalation_raised", "deadline_changed", "escalation_answered", "escalation_closed"} {
			if !strings.Contains(kinds, k) {
				t.Errorf("timeline %q lacks %s", kinds, k)
			}
		}

		// Lists filter by status and walk keyset pages newest first.
		for _, s := range []string{"Thiếu cán bộ", "Thiếu kinh phí"} {
			if _, err := db.RaiseEscalation(w.headA, dondoc.EscalationInput{FromUnitID: p.DistrictA.ID, ToUnitID: p.Root.ID,
				Subject: s, ResponseDue: "2024-06-01"}); err != nil {
				t.Fatal(err)
			}
		}
		if open, err := db.ListEscalations(w.leader, dondoc.EscalationOpen, "", 0); err != nil || len(open.Items) != 2 {
			t.Errorf("open escalations: %v, %v", open, err)
		}
		if closed, err := db.ListEscalations(w.leader, dondoc.EscalationClosed, "", 0); err != nil || len(closed.Items) != 1 || closed.Items[0].ID != e.ID {
			t.Errorf("closed escalations: %v, %v", closed, err)
		}
		_, err = db.ListEscalations(w.leader, "pending", "", 0)
		wantCode(t, "unknown status", err, dondoc.EInvalid, "status")
		var subjects []string
		cursor := ""
		for {
			pg, err := db.ListEscalations(w.leader, "", cursor, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range pg.Items {
				subjects = append(subjects, it.Subject)
			}
			if pg.NextCursor == "" {
				break
			}
			cursor = pg.NextCursor
		}
		if strings.Join(subjects, "|") != "Thiếu kinh phí|Thiếu cán bộ|Vướng mặt bằng 3 hộ" {
			t.Errorf("pages = %v", subjects)
		}
	})
}

func TestFieldVisitFindingBecomesTask(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		w := newWF(t, db)
		p := w.p
		person, err := db.CreatePerson(sqldbtest.System(), dondoc.Person{FullName: "Nguyễn Văn An"})
		if err != nil {
			t.Fatal(err)
		}
		in := dondoc.FieldVisitInput{LeaderID: person.ID, Area: "Giao thông", Date: "2024-05-03", UnitIDs: []int64{p.DistrictA.ID, p.CommuneB.ID},
			Summary: "Kiểm tra tiến độ", Findings: []string{"Đẩy nhanh giải phóng mặt bằng", "Bố trí vốn đối ứng"}}
		_, err = db.RecordFieldVisit(w.headA, in)
		wantCode(t, "unit head records", err, dondoc.EForbidden, "")
		v, err := db.RecordFieldVisit(w.leader, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.UnitIDs) != 2 || len(v.Findings) != 2 || v.Findings[1].Text != "Bố trí vốn đối ứng" || v.Findings[0].TaskID != nil {
			t.Fatalf("visit = %+v", v)
		}
		for name, ctx := range map[string]context.Context{"head A": w.headA, "officer B": w.officerB, "viewer": w.viewer} {
			if _, err := db.GetFieldVisit(ctx, v.ID); err != nil {
				t.Errorf("%s reads the visit: %v", name, err)
			}
		}
		_, err = db.GetFieldVisit(w.officerA, v.ID)
		wantCode(t, "commune not visited", err, dondoc.ENotFound, "")

		ti := dondoc.TaskInput{Title: "Giải phóng mặt bằng", LeadUnitID: p.DistrictA.ID, AssignerUnitID: p.Office.ID, Assign: true,
			Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-06-30"}}
		_, err = db.FindingToTask(w.officerB, v.ID, v.Findings[0].ID, ti)
		wantCode(t, "officer creates a task", err, dondoc.EForbidden, "")
		_, err = db.FindingToTask(w.officerA, v.ID, v.Findings[0].ID, ti)
		wantCode(t, "unseen visit", err, dondoc.ENotFound, "")
		_, err = db.FindingToTask(w.office, v.ID, 987654, ti)
		wantCode(t, "unknown finding", err, dondoc.ENotFound, "")
		task, err := db.FindingToTask(w.office, v.ID, v.Findings[0].ID, ti)
		if err != nil {
			t.Fatal(err)
		}
		if task.SourceKind != "field_visit" || task.SourceID == nil || *task.SourceID != v.ID || task.Text != "Đẩy nhanh giải phóng mặt bằng" {
			t.Errorf("task = %+v", task)
		}
		v, _ = db.GetFieldVisit(w.leader, v.ID)
		if v.Findings[0].TaskID == nil || *v.Findings[0].TaskID != task.ID || v.Findings[1].TaskID != nil {
			t.Errorf("findings after linking = %+v", v.Findings)
		}
		_, err = db.FindingToTask(w.office, v.ID, v.Findings[0].ID, ti)
		wantCode(t, "finding already a task", err, dondoc.EConflict, "")
		if !strings.Contains(strings.Join(eventKinds(t, db, w.office, task.ID), " "), "from_finding") {
			t.Error("task timeline lacks from_finding")
		}

		second := in
		second.Date, second.UnitIDs = "2024-05-05", []int64{p.CommuneB.ID}
		if _, err := db.RecordFieldVisit(w.office, second); err != nil {
			t.Fatal(err)
		}
		pg, err := db.ListFieldVisits(w.leader, "", 1)
		if err != nil || len(pg.Items) != 1 || pg.Items[0].Date != "2024-05-05" || pg.NextCursor == "" {
			t.Fatalf("first page = %+v, %v", pg, err)
		}
		pg, err = db.ListFieldVisits(w.leader, pg.NextCursor, 1)
		if err != nil || len(pg.Items) != 1 || pg.Items[0].ID != v.ID || pg.NextCursor != "" {
			t.Fatalf("second page = %+v, %v", pg, err)
		}
		if pg, err := db.ListFieldVisits(w.headA, "", 0); err != nil || len(pg.Items) != 1 {
			t.Errorf("head A lists %v, %v; want only the visit to district A", pg, err)
		}
	})
}

func TestWorkflowBadInputChangesNothing(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		w := newWF(t, db)
		p := w.p
		task := sqldbtest.Task(t, db, p.Office, p.CommuneA, "Thu ngân sách", "2024-06-30")
		other := sqldbtest.Task(t, db, p.Office, p.CommuneA, "Khác", "2024-06-30")
		otherRep, err := db.SubmitReport(w.officerA, other.ID, dondoc.ReportInput{Text: "x", Percent: pct(5)})
		if err != nil {
			t.Fatal(err)
		}
		person, err := db.CreatePerson(sqldbtest.System(), dondoc.Person{FullName: "Trần Thị Bình"})
		if err != nil {
			t.Fatal(err)
		}
		hidden := sqldbtest.Task(t, db, p.Office, p.CommuneB, "Của xã khác", "")
		escalation := func(edit func(*dondoc.EscalationInput)) dondoc.EscalationInput {
			in := dondoc.EscalationInput{TaskID: &task.ID, FromUnitID: p.CommuneA.ID, ToUnitID: p.Office.ID, Subject: "Vướng", ResponseDue: "2024-05-20"}
			edit(&in)
			return in
		}
		visit := func(edit func(*dondoc.FieldVisitInput)) dondoc.FieldVisitInput {
			in := dondoc.FieldVisitInput{LeaderID: person.ID, Date: "2024-05-03", UnitIDs: []int64{p.DistrictA.ID}, Findings: []string{"a", "b"}}
			edit(&in)
			return in
		}
		unknown := int64(424242)
		cases := []struct {
			name  string
			call  func() error
			field string
		}{
			{"percent 101", func() error {
				_, err := db.SubmitReport(w.officerA, task.ID, dondoc.ReportInput{Text: "x", Percent: pct(101)})
				return err
			}, "percent"},
			{"percent missing", func() error {
				_, err := db.SubmitReport(w.officerA, task.ID, dondoc.ReportInput{Text: "x"})
				return err
			}, "percent"},
			{"text missing", func() error {
				_, err := db.SubmitReport(w.officerA, task.ID, dondoc.ReportInput{Percent: pct(5)})
				return err
			}, "text"},
			{"proposed impossible", func() error {
				_, err := db.RequestExtension(w.officerA, task.ID, dondoc.ExtensionInput{Proposed: "2024-02-30", Reason: "x"})
				return err
			}, "proposed"},
			{"response due past", func() error {
				_, err := db.RaiseEscalation(w.officerA, escalation(func(in *dondoc.EscalationInput) { in.ResponseDue = "2024-05-01" }))
				return err
			}, "response_due"},
			{"unknown to unit", func() error {
				_, err := db.RaiseEscalation(w.officerA, escalation(func(in *dondoc.EscalationInput) { in.ToUnitID = unknown }))
				return err
			}, "to_unit_id"},
			{"unknown from unit", func() error {
				_, err := db.RaiseEscalation(w.officerA, escalation(func(in *dondoc.EscalationInput) { in.FromUnitID = unknown }))
				return err
			}, "from_unit_id"},
			{"task out of scope", func() error {
				_, err := db.RaiseEscalation(w.officerA, escalation(func(in *dondoc.EscalationInput) { in.TaskID = &hidden.ID }))
				return err
			}, "task_id"},
			{"report of another task", func() error {
				_, err := db.RaiseEscalation(w.officerA, escalation(func(in *dondoc.EscalationInput) { in.ReportID = &otherRep.ID }))
				return err
			}, "report_id"},
			{"unknown leader", func() error {
				_, err := db.RecordFieldVisit(w.leader, visit(func(in *dondoc.FieldVisitInput) { in.LeaderID = unknown }))
				return err
			}, "leader_person_id"},
			{"unknown visited unit", func() error {
				_, err := db.RecordFieldVisit(w.leader, visit(func(in *dondoc.FieldVisitInput) { in.UnitIDs = []int64{p.DistrictA.ID, unknown} }))
				return err
			}, "unit_ids[1]"},
			{"empty finding", func() error {
				_, err := db.RecordFieldVisit(w.leader, visit(func(in *dondoc.FieldVisitInput) { in.Findings = []string{"a", ""} }))
				return err
			}, "findings[1]"},
			{"bad visit date", func() error {
				_, err := db.RecordFieldVisit(w.leader, visit(func(in *dondoc.FieldVisitInput) { in.Date = "03/05/2024" }))
				return err
			}, "date"},
		}
		for _, tc := range cases {
			wantCode(t, tc.name, tc.call(), dondoc.EInvalid, tc.field)
		}
		if reports, _ := db.ListReports(w.office, task.ID); len(reports) != 0 {
			t.Errorf("bad input left %d reports", len(reports))
		}
		if xs, _ := db.ListExtensions(w.office, task.ID); len(xs) != 0 {
			t.Errorf("bad input left %d extensions", len(xs))
		}
		if es, _ := db.ListEscalations(w.leader, "", "", 0); len(es.Items) != 0 {
			t.Errorf("bad input left %d escalations", len(es.Items))
		}
		if vs, _ := db.ListFieldVisits(w.leader, "", 0); len(vs.Items) != 0 {
			t.Errorf("bad input left %d visits", len(vs.Items))
		}
		got, _ := db.GetTask(w.office, task.ID)
		if got.Status != dondoc.StatusAssigned || got.Version != task.Version {
			t.Errorf("bad input changed the task: %s v%d", got.Status, got.Version)
		}
		if kinds := eventKinds(t, db, w.office, task.ID); len(kinds) != 1 {
			t.Errorf("bad input left events %v", kinds)
		}
	})
}

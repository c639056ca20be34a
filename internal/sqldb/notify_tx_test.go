package sqldb_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// grantee creates an account whose grant is stored, as the notifications find their recipients
// by stored grants, and returns a context acting as it.
func grantee(t *testing.T, db *sqldb.DB, name string, role dondoc.Role, unit *dondoc.Unit) context.Context {
	t.Helper()
	u, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: name, DisplayName: name,
		Grants: []dondoc.Grant{{Role: role, UnitID: unit.ID}}}, "unused-hash")
	if err != nil {
		t.Fatal(err)
	}
	return sqldbtest.As(u.ID, role, unit)
}

// inbox tracks what each of a set of people has been told so far.
type inbox struct {
	t     *testing.T
	db    *sqldb.DB
	names []string
	ctxs  map[string]context.Context
	seen  map[string]int
}

// news returns every notification that reached anyone since the last call, as "name kind", sorted,
// and checks that each links to its task and reads as Vietnamese text.
func (b *inbox) news() []string {
	b.t.Helper()
	var out []string
	for _, name := range b.names {
		page, err := b.db.ListNotifications(b.ctxs[name], false, "", 100)
		if err != nil {
			b.t.Fatal(err)
		}
		items := page.Items
		slices.Reverse(items)
		for _, n := range items[b.seen[name]:] {
			out = append(out, name+" "+n.Kind)
			if n.Subject == "" || n.ReadAt != nil || (n.TaskID != nil && n.Link != "/nhiem-vu/"+itoa64(*n.TaskID)) {
				b.t.Errorf("%s got %+v; want a subject, unread, linked to its task", name, n)
			}
		}
		b.seen[name] = len(items)
	}
	slices.Sort(out)
	return out
}

func (b *inbox) want(step string, want ...string) {
	b.t.Helper()
	slices.Sort(want)
	if got := b.news(); !slices.Equal(got, want) {
		b.t.Errorf("%s: notified\n  %s\nwant\n  %s", step, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestNotifyInTransaction walks a task through the changes that need someone's action and checks
// who is told at each step: the lead unit's officers and head of work arriving, its head of a
// report to approve, the assigning office of requests waiting for it, the leaders of an escalation,
// the raising unit of the answer, and never the person who acted. A direction whose second new
// task is invalid fails after its notifications were written, and leaves none behind, nor their
// copies queued for the recipients' webhooks.
func TestNotifyInTransaction(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		b := &inbox{t: t, db: db, ctxs: map[string]context.Context{}, seen: map[string]int{}}
		for _, g := range []struct {
			name string
			role dondoc.Role
			unit *dondoc.Unit
		}{
			{"office", dondoc.RoleOffice, p.Root},
			{"leader", dondoc.RoleLeader, p.Root},
			{"headA", dondoc.RoleUnitHead, p.DistrictA},
			{"officerA", dondoc.RoleUnitOfficer, p.DistrictA},
			{"officerA2", dondoc.RoleUnitOfficer, p.DistrictA},
			{"officerCommune", dondoc.RoleUnitOfficer, p.CommuneA},
			{"headB", dondoc.RoleUnitHead, p.DistrictB},
			{"viewer", dondoc.RoleViewer, p.Root},
		} {
			b.names = append(b.names, g.name)
			b.ctxs[g.name] = grantee(t, db, g.name, g.role, g.unit)
		}
		office, leader, headA, officerA := b.ctxs["office"], b.ctxs["leader"], b.ctxs["headA"], b.ctxs["officerA"]
		// The head's own webhook carries a copy of each of the head's notifications.
		hook, _, err := db.CreateWebhook(headA, dondoc.WebhookInput{URL: "https://example.vn/hook", Events: []string{"notification.created"}})
		if err != nil {
			t.Fatal(err)
		}

		draft, err := db.CreateTask(office, dondoc.TaskInput{Title: "Giải ngân vốn đầu tư công", LeadUnitID: p.DistrictA.ID,
			AssignerUnitID: p.Office.ID, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-06-28"}})
		if err != nil {
			t.Fatal(err)
		}
		b.want("draft created")
		task, err := db.Transition(office, draft.ID, draft.Version, dondoc.TransitionInput{Action: dondoc.ActionAssign})
		if err != nil {
			t.Fatal(err)
		}
		b.want("assigned", "headA task.assigned", "officerA task.assigned", "officerA2 task.assigned")
		direct, err := db.CreateTask(office, dondoc.TaskInput{Title: strings.Repeat("Xóa nhà tạm, nhà dột nát ", 30), LeadUnitID: p.DistrictB.ID,
			AssignerUnitID: p.Office.ID, Assign: true})
		if err != nil {
			t.Fatalf("a long title must make a shorter subject, not a failure: %v", err)
		}
		b.want("created assigned", "headB task.assigned")

		rep, err := db.SubmitReport(officerA, task.ID, dondoc.ReportInput{Text: "Đã giải ngân 40%", Percent: pct(40)})
		if err != nil {
			t.Fatal(err)
		}
		b.want("report submitted", "headA report.submitted")
		if _, err := db.ReviewReport(headA, rep.ID, rep.Version, dondoc.ReviewDecision{Approve: true}); err != nil {
			t.Fatal(err)
		}
		b.want("report approved", "office report.approved")

		x, err := db.RequestExtension(officerA, task.ID, dondoc.ExtensionInput{Proposed: "2024-07-31", Reason: "Chờ vốn"})
		if err != nil {
			t.Fatal(err)
		}
		b.want("extension requested", "office extension.requested")
		if _, err := db.DecideExtension(office, x.ID, x.Version, dondoc.ReviewDecision{Approve: true}); err != nil {
			t.Fatal(err)
		}
		b.want("extension granted", "headA extension.decided", "officerA extension.decided", "officerA2 extension.decided")

		e, err := db.RaiseEscalation(officerA, dondoc.EscalationInput{TaskID: &task.ID, FromUnitID: p.DistrictA.ID, ToUnitID: p.Root.ID,
			Subject: "Thiếu vốn đối ứng", ResponseDue: "2024-05-20"})
		if err != nil {
			t.Fatal(err)
		}
		b.want("escalation raised", "leader escalation.raised")

		bad := dondoc.DirectionInput{Direction: "Giao Sở Tài chính cân đối vốn", NewTasks: []dondoc.TaskInput{
			{Title: "Cân đối vốn đối ứng", LeadUnitID: p.CommuneA.ID, AssignerUnitID: p.Root.ID, Assign: true},
			{Title: "", LeadUnitID: p.CommuneA.ID, AssignerUnitID: p.Root.ID, Assign: true},
		}}
		_, err = db.AnswerEscalation(leader, e.ID, e.Version, bad)
		wantCode(t, "direction with an invalid task", err, dondoc.EInvalid, "new_tasks[1].title")
		b.want("failed direction")

		good := bad
		good.NewTasks = bad.NewTasks[:1]
		if _, err := db.AnswerEscalation(leader, e.ID, e.Version, good); err != nil {
			t.Fatal(err)
		}
		b.want("escalation answered", "headA escalation.answered", "officerA escalation.answered", "officerA2 escalation.answered",
			"officerCommune task.directed")

		task, err = db.GetTask(office, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		task, err = db.Transition(officerA, task.ID, task.Version, dondoc.TransitionInput{Action: dondoc.ActionRequestCompletion})
		if err != nil {
			t.Fatal(err)
		}
		b.want("completion requested", "office task.completion_requested")
		task, err = db.Transition(office, task.ID, task.Version, dondoc.TransitionInput{Action: dondoc.ActionReject, Note: "Thiếu hồ sơ"})
		if err != nil {
			t.Fatal(err)
		}
		b.want("completion rejected", "headA task.completion_rejected", "officerA task.completion_rejected", "officerA2 task.completion_rejected")
		task, err = db.Transition(officerA, task.ID, task.Version, dondoc.TransitionInput{Action: dondoc.ActionRequestCompletion})
		if err != nil {
			t.Fatal(err)
		}
		b.want("completion requested again", "office task.completion_requested")
		// A confirmation with a bad date fails after nothing was told.
		_, err = db.Transition(office, task.ID, task.Version, dondoc.TransitionInput{Action: dondoc.ActionConfirm, CompletedOn: "2024-13-01"})
		wantCode(t, "confirm with a bad date", err, dondoc.EInvalid, "completed_on")
		b.want("failed confirmation")
		if _, err := db.Transition(office, task.ID, task.Version, dondoc.TransitionInput{Action: dondoc.ActionConfirm}); err != nil {
			t.Fatal(err)
		}
		b.want("completion confirmed", "headA task.completion_confirmed", "officerA task.completion_confirmed", "officerA2 task.completion_confirmed")

		// The transfer tells the new lead unit, not the old one.
		direct, err = db.GetTask(office, direct.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Transition(office, direct.ID, direct.Version, dondoc.TransitionInput{Action: dondoc.ActionTransfer, ToUnitID: p.DistrictA.ID}); err != nil {
			t.Fatal(err)
		}
		b.want("transferred", "headA task.transferred", "officerA task.transferred", "officerA2 task.transferred")

		deliveries, err := db.WebhookDeliveries(headA, hook.ID, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(deliveries.Items) != b.seen["headA"] {
			t.Errorf("%d webhook deliveries for the head's %d notifications", len(deliveries.Items), b.seen["headA"])
		}
		for _, d := range deliveries.Items {
			if d.Event != "notification.created" || !strings.Contains(d.Payload, `"user_id":`+itoa64(dondoc.ActorFrom(headA).UserID)) {
				t.Errorf("delivery %+v", d)
			}
		}
	})
}

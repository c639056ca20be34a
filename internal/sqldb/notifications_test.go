package sqldb_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// notifyUser creates a user with one role on one unit and returns the context acting as them.
func notifyUser(t *testing.T, db *sqldb.DB, name string, role dondoc.Role, u *dondoc.Unit) context.Context {
	t.Helper()
	created, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: name, DisplayName: "Cán bộ " + name,
		Grants: []dondoc.Grant{{Role: role, UnitID: u.ID}}}, "x")
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.ActorForUser(context.Background(), created.ID)
	if err != nil {
		t.Fatal(err)
	}
	return dondoc.WithActor(context.Background(), a)
}

func userOf(ctx context.Context) int64 { return dondoc.ActorFrom(ctx).UserID }

// TestNotifications covers the inbox: only the system writes to it, each user reads and marks
// only their own, paging is newest first, and a mark-read naming someone else's notification
// changes nothing.
func TestNotifications(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		sys := sqldbtest.System()
		// The task is assigned before its officer has an account, so that its assignment tells no one.
		task := sqldbtest.Task(t, db, p.Root, p.CommuneA, "Báo cáo tiến độ giải phóng mặt bằng", "2024-06-14")
		a := notifyUser(t, db, "can.bo.a", dondoc.RoleUnitOfficer, p.CommuneA)
		b := notifyUser(t, db, "can.bo.b", dondoc.RoleUnitOfficer, p.CommuneB)

		var mine []int64
		for i, subj := range []string{"Nhắc việc: còn 3 ngày", "Nhắc việc: còn 1 ngày", "Nhắc việc: nhiệm vụ quá hạn 12 ngày"} {
			n, err := db.CreateNotification(sys, dondoc.NotificationInput{UserID: userOf(a), Kind: "reminder", Subject: subj,
				Body: "Nhiệm vụ số " + string(rune('1'+i)), Link: "/nhiem-vu/1", TaskID: &task.ID})
			if err != nil {
				t.Fatal(err)
			}
			mine = append(mine, n.ID)
		}
		theirs, err := db.CreateNotification(sys, dondoc.NotificationInput{UserID: userOf(b), Kind: "reminder", Subject: "Của người khác"})
		if err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			what  string
			ctx   context.Context
			in    dondoc.NotificationInput
			code  dondoc.Code
			field string
		}{
			{"a user writes to another's inbox", a, dondoc.NotificationInput{UserID: userOf(b), Kind: "x", Subject: "x"}, dondoc.EForbidden, ""},
			{"no subject", sys, dondoc.NotificationInput{UserID: userOf(b), Kind: "x"}, dondoc.EInvalid, "subject"},
			{"unknown recipient", sys, dondoc.NotificationInput{UserID: 999999, Kind: "x", Subject: "x"}, dondoc.EInvalid, "user_id"},
			{"external link", sys, dondoc.NotificationInput{UserID: userOf(b), Kind: "x", Subject: "x", Link: "https://evil.example"}, dondoc.EInvalid, "link"},
			{"unknown task", sys, dondoc.NotificationInput{UserID: userOf(b), Kind: "x", Subject: "x", TaskID: new(int64(999999))}, dondoc.EInvalid, "task_id"},
		} {
			_, err := db.CreateNotification(c.ctx, c.in)
			wantCode(t, c.what, err, c.code, c.field)
		}

		page, err := db.ListNotifications(a, false, "", 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 2 || page.Items[0].ID != mine[2] || page.Items[1].ID != mine[1] || page.NextCursor == "" {
			t.Fatalf("first page %+v", page)
		}
		if page.Items[0].Subject != "Nhắc việc: nhiệm vụ quá hạn 12 ngày" || page.Items[0].TaskID == nil || *page.Items[0].TaskID != task.ID || page.Items[0].ReadAt != nil {
			t.Errorf("notification %+v", page.Items[0])
		}
		page, err = db.ListNotifications(a, false, page.NextCursor, 2)
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != mine[0] || page.NextCursor != "" {
			t.Fatalf("second page %+v %v", page, err)
		}
		_, err = db.ListNotifications(a, false, "không-phải-con-trỏ", 2)
		wantCode(t, "bad cursor", err, dondoc.EInvalid, "cursor")

		count := func(ctx context.Context) int {
			t.Helper()
			n, err := db.UnreadNotifications(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if count(a) != 3 || count(b) != 1 {
			t.Fatalf("unread %d and %d", count(a), count(b))
		}

		_, err = db.MarkNotificationsRead(a, []int64{mine[0], theirs.ID})
		wantCode(t, "mark someone else's", err, dondoc.ENotFound, "")
		if count(a) != 3 || count(b) != 1 {
			t.Error("a refused mark-read changed something")
		}
		_, err = db.MarkNotificationsRead(a, []int64{mine[0], 0})
		wantCode(t, "bad id", err, dondoc.EInvalid, "ids[1]")
		_, err = db.MarkNotificationsRead(a, nil)
		wantCode(t, "no ids", err, dondoc.EInvalid, "ids")

		if n, err := db.MarkNotificationsRead(a, []int64{mine[0], mine[0]}); err != nil || n != 1 {
			t.Fatalf("mark one read: %d %v", n, err)
		}
		if n, err := db.MarkNotificationsRead(a, []int64{mine[0]}); err != nil || n != 0 {
			t.Errorf("mark it again: %d %v", n, err)
		}
		unread, err := db.ListNotifications(a, true, "", 0)
		if err != nil || len(unread.Items) != 2 || slices.ContainsFunc(unread.Items, func(n dondoc.Notification) bool { return n.ID == mine[0] }) {
			t.Errorf("unread list %+v %v", unread, err)
		}
		if n, err := db.MarkAllNotificationsRead(a); err != nil || n != 2 || count(a) != 0 || count(b) != 1 {
			t.Errorf("mark all: %d %v; unread %d %d", n, err, count(a), count(b))
		}
		all, err := db.ListNotifications(a, false, "", 0)
		if err != nil || len(all.Items) != 3 || all.Items[0].ReadAt == nil {
			t.Errorf("after mark all %+v %v", all, err)
		}
		if _, err := db.UnreadNotifications(sys); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("the system has an inbox: %v", err)
		}
	})
}

// TestWebhookScope checks who may create, see and remove webhooks, and that bad input is refused
// naming the field.
func TestWebhookScope(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		headA := notifyUser(t, db, "truong.a", dondoc.RoleUnitHead, p.DistrictA)
		officerA := notifyUser(t, db, "chuyen.vien.a", dondoc.RoleUnitOfficer, p.CommuneA)
		headB := notifyUser(t, db, "truong.b", dondoc.RoleUnitHead, p.DistrictB)
		office := notifyUser(t, db, "van.phong", dondoc.RoleOffice, p.Root)

		unitHook, secret, err := db.CreateWebhook(headA, dondoc.WebhookInput{UnitID: &p.CommuneA.ID, URL: "https://hscv.yendung.gov.vn/hook", Events: []string{"task.overdue", "escalation.raised"}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "ddw_") || len(secret) < 40 || unitHook.UserID != nil || !unitHook.Active {
			t.Errorf("webhook %+v secret %q", unitHook, secret)
		}
		own, _, err := db.CreateWebhook(officerA, dondoc.WebhookInput{URL: "http://127.0.0.1:8080/x", Events: []string{"notification.created"}})
		if err != nil {
			t.Fatal(err)
		}
		if own.UserID == nil || *own.UserID != userOf(officerA) {
			t.Errorf("personal webhook %+v", own)
		}

		for _, c := range []struct {
			what  string
			ctx   context.Context
			in    dondoc.WebhookInput
			code  dondoc.Code
			field string
		}{
			{"ftp URL", headA, dondoc.WebhookInput{URL: "ftp://x.vn/a", Events: []string{"task.overdue"}}, dondoc.EInvalid, "url"},
			{"relative URL", headA, dondoc.WebhookInput{URL: "/hook", Events: []string{"task.overdue"}}, dondoc.EInvalid, "url"},
			{"URL with credentials", headA, dondoc.WebhookInput{URL: "https://u:p@x.vn/", Events: []string{"task.overdue"}}, dondoc.EInvalid, "url"},
			{"no events", headA, dondoc.WebhookInput{URL: "https://x.vn/"}, dondoc.EInvalid, "events"},
			{"unknown event", headA, dondoc.WebhookInput{URL: "https://x.vn/", Events: []string{"task.overdue", "task.deleted"}}, dondoc.EInvalid, "events[1]"},
			{"repeated event", headA, dondoc.WebhookInput{URL: "https://x.vn/", Events: []string{"task.overdue", "task.overdue"}}, dondoc.EInvalid, "events[1]"},
			{"unknown unit", headA, dondoc.WebhookInput{UnitID: new(int64(999999)), URL: "https://x.vn/", Events: []string{"task.overdue"}}, dondoc.EInvalid, "unit_id"},
			{"officer for the unit", officerA, dondoc.WebhookInput{UnitID: &p.CommuneA.ID, URL: "https://x.vn/", Events: []string{"task.overdue"}}, dondoc.EForbidden, ""},
			{"head of another district", headB, dondoc.WebhookInput{UnitID: &p.CommuneA.ID, URL: "https://x.vn/", Events: []string{"task.overdue"}}, dondoc.EForbidden, ""},
		} {
			_, _, err := db.CreateWebhook(c.ctx, c.in)
			wantCode(t, c.what, err, c.code, c.field)
		}

		ids := func(ctx context.Context) []int64 {
			t.Helper()
			hooks, err := db.ListWebhooks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, h := range hooks {
				out = append(out, h.ID)
			}
			return out
		}
		for _, c := range []struct {
			who  string
			ctx  context.Context
			want []int64
		}{
			{"head of district A", headA, []int64{unitHook.ID}},
			{"office of the province", office, []int64{unitHook.ID}},
			{"officer", officerA, []int64{own.ID}},
			{"head of district B", headB, nil},
		} {
			if got := ids(c.ctx); !slices.Equal(got, c.want) {
				t.Errorf("%s sees %v, want %v", c.who, got, c.want)
			}
		}
		_, err = db.WebhookDeliveries(headB, unitHook.ID, "", 0)
		wantCode(t, "deliveries of another district's webhook", err, dondoc.ENotFound, "")
		wantCode(t, "head B deletes A's webhook", db.DeleteWebhook(headB, unitHook.ID), dondoc.ENotFound, "")
		wantCode(t, "office deletes the officer's own webhook", db.DeleteWebhook(office, own.ID), dondoc.ENotFound, "")
		if err := db.DeleteWebhook(office, unitHook.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "delete twice", db.DeleteWebhook(headA, unitHook.ID), dondoc.ENotFound, "")
		if got := ids(headA); len(got) != 0 {
			t.Errorf("a deleted webhook is listed: %v", got)
		}
		if n, err := db.EnqueueWebhookEvent(sqldbtest.System(), "task.overdue", p.CommuneA.ID, 0, nil); err != nil || n != 0 {
			t.Errorf("a deleted webhook was queued %d: %v", n, err)
		}
		if _, err := db.EnqueueWebhookEvent(headA, "task.overdue", p.CommuneA.ID, 0, nil); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("a user emitted an event: %v", err)
		}
		_, err = db.EnqueueWebhookEvent(sqldbtest.System(), "task.renamed", p.CommuneA.ID, 0, nil)
		wantCode(t, "unknown event", err, dondoc.EInvalid, "event")
	})
}

// TestFeeds checks feed tokens and the calendars behind them: a person's feed follows what the
// person may read, a unit's feed the unit's subtree, and a revoked or unknown token finds nothing.
func TestFeeds(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		sys := sqldbtest.System()
		officerA := notifyUser(t, db, "chuyen.vien.a", dondoc.RoleUnitOfficer, p.CommuneA)
		headA := notifyUser(t, db, "truong.a", dondoc.RoleUnitHead, p.DistrictA)
		taskA := sqldbtest.Task(t, db, p.Root, p.CommuneA, "Giải phóng mặt bằng, tái định cư; cầu Đồng Việt", "2024-06-14")
		taskB := sqldbtest.Task(t, db, p.Root, p.CommuneB, "Xóa nhà tạm", "2024-07-01")
		sqldbtest.Task(t, db, p.Root, p.CommuneA, "Thường xuyên", "")
		esc, err := db.RaiseEscalation(officerA, dondoc.EscalationInput{TaskID: &taskA.ID, FromUnitID: p.CommuneA.ID, ToUnitID: p.Office.ID,
			Subject: "Vướng mặt bằng 3 hộ", ResponseDue: "2099-06-20"})
		if err != nil {
			t.Fatal(err)
		}
		leader, err := db.CreatePerson(sys, dondoc.Person{FullName: "Nguyễn Văn Lãnh"})
		if err != nil {
			t.Fatal(err)
		}
		visit, err := db.RecordFieldVisit(notifyUser(t, db, "lanh.dao", dondoc.RoleLeader, p.Root), dondoc.FieldVisitInput{LeaderID: leader.ID, Area: "Giao thông", Date: "2024-05-03",
			UnitIDs: []int64{p.CommuneA.ID}, Summary: "Kiểm tra tiến độ", Findings: []string{"Đẩy nhanh"}})
		if err != nil {
			t.Fatal(err)
		}

		mine, token, err := db.CreateFeed(officerA, dondoc.FeedInput{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(token, dondoc.FeedTokenPrefix) || len(token) < 46 || mine.UserID == nil || *mine.UserID != userOf(officerA) {
			t.Errorf("feed %+v token %q", mine, token)
		}
		cal, err := db.FeedCalendar(context.Background(), token)
		if err != nil {
			t.Fatal(err)
		}
		uids := map[string]dondoc.CalendarItem{}
		for _, it := range cal.Items {
			uids[it.UID] = it
		}
		task := uids["task-"+itoa64(taskA.ID)+"@dondoc"]
		if task.Date != "2024-06-14" || task.Summary != taskA.Title || !strings.Contains(task.Description, "Trạng thái: ") ||
			task.Link != "/nhiem-vu/"+itoa64(taskA.ID) {
			t.Errorf("task item %+v", task)
		}
		if _, ok := uids["task-"+itoa64(taskB.ID)+"@dondoc"]; ok {
			t.Error("the commune officer's feed has another commune's task")
		}
		if it, ok := uids["escalation-"+itoa64(esc.ID)+"@dondoc"]; !ok || it.Date != "2099-06-20" || it.Link != task.Link {
			t.Errorf("escalation item %+v", it)
		}
		if it, ok := uids["visit-"+itoa64(visit.ID)+"@dondoc"]; !ok || it.Date != "2024-05-03" || !strings.Contains(it.Summary, "Nguyễn Văn Lãnh") {
			t.Errorf("visit item %+v", it)
		}
		if len(cal.Items) != 3 || cal.Name != "dondoc – Cán bộ chuyen.vien.a" {
			t.Errorf("calendar %q with %d items", cal.Name, len(cal.Items))
		}

		_, _, err = db.CreateFeed(officerA, dondoc.FeedInput{UnitID: &p.CommuneB.ID})
		wantCode(t, "feed of a unit out of scope", err, dondoc.EForbidden, "")
		_, _, err = db.CreateFeed(officerA, dondoc.FeedInput{UnitID: new(int64(999999))})
		wantCode(t, "feed of an unknown unit", err, dondoc.EInvalid, "unit_id")
		_, _, err = db.CreateFeed(sys, dondoc.FeedInput{})
		wantCode(t, "feed of the system", err, dondoc.EForbidden, "")

		unitFeed, unitToken, err := db.CreateFeed(headA, dondoc.FeedInput{UnitID: &p.DistrictA.ID})
		if err != nil {
			t.Fatal(err)
		}
		cal, err = db.FeedCalendar(context.Background(), unitToken)
		if err != nil || len(cal.Items) != 3 || cal.Name != "dondoc – Huyện Yên Dũng" {
			t.Fatalf("unit calendar %+v %v", cal, err)
		}

		wantCode(t, "someone else revokes", db.RevokeFeed(officerA, unitFeed.ID), dondoc.ENotFound, "")
		if err := db.RevokeFeed(officerA, mine.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "revoke twice", db.RevokeFeed(officerA, mine.ID), dondoc.ENotFound, "")
		for what, tok := range map[string]string{"revoked": token, "unknown": dondoc.FeedTokenPrefix + "AAAA", "no prefix": "abc"} {
			_, err := db.FeedCalendar(context.Background(), tok)
			wantCode(t, what+" token", err, dondoc.ENotFound, "")
		}

		grants, err := db.GetUser(sys, userOf(headA))
		if err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeGrant(sys, grants.Grants[0].ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FeedCalendar(context.Background(), unitToken)
		wantCode(t, "unit feed of a creator who lost the unit", err, dondoc.ENotFound, "")
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

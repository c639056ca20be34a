package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/calendar"
	"dondoc/internal/notify"
	"dondoc/internal/sqldb"
)

// cliEnv is a data directory holding the demo province, the database opened beside the commands,
// and the demo users by login name.
type cliEnv struct {
	t     *testing.T
	dir   string
	db    *sqldb.DB
	users map[string]dondoc.User
}

func newCLIEnv(t *testing.T) *cliEnv {
	t.Helper()
	ctx := context.Background()
	e := &cliEnv{t: t, dir: t.TempDir(), users: map[string]dondoc.User{}}
	if err := run(ctx, []string{"demo", "--data", e.dir}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	db, err := sqldb.Open(ctx, "", e.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e.db = db
	users, err := db.ListUsers(asSystem(ctx))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		e.users[u.Username] = u
	}
	return e
}

// cli runs one command on the environment's data directory and returns what it printed.
func (e *cliEnv) cli(args ...string) (string, error) {
	e.t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append(args, "--data", e.dir), &out, io.Discard)
	return out.String(), err
}

// must runs a command that must succeed.
func (e *cliEnv) must(args ...string) string {
	e.t.Helper()
	out, err := e.cli(args...)
	if err != nil {
		e.t.Fatalf("dondoc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// fails runs a command that must fail with an error containing want.
func (e *cliEnv) fails(want string, args ...string) {
	e.t.Helper()
	if _, err := e.cli(args...); err == nil || !strings.Contains(err.Error(), want) {
		e.t.Errorf("dondoc %s: %v, want an error with %q", strings.Join(args, " "), err, want)
	}
}

// TestNotificationCommands drives the webhook, feed and notifications commands as an
// administrator would on a demo database: the URL guard and the rights of the user named apply as
// in the API, secrets are printed once, and what the commands change is what the database holds.
func TestNotificationCommands(t *testing.T) {
	e := newCLIEnv(t)
	ctx := context.Background()
	head := e.users["td.hiephoa"]
	unit := itoa(head.Grants[0].UnitID)

	add := []string{"webhook", "add", "--user", "td.hiephoa", "--unit", unit, "--url", "http://127.0.0.1:9/dondoc", "--events", "task.overdue, escalation.raised"}
	e.fails("url: Không gửi webhook tới 127.0.0.1: địa chỉ loopback", add...)
	e.fails("url: Không gửi webhook tới 169.254.169.254: địa chỉ link-local",
		"webhook", "add", "--user", "td.hiephoa", "--url", "http://169.254.169.254/", "--events", "task.overdue", "--webhook-allow-private")
	e.fails("events[0]", "webhook", "add", "--user", "td.hiephoa", "--url", "https://203.0.113.5/", "--events", "task.renamed")
	e.fails("Bạn không có quyền tạo webhook cho đơn vị này.",
		"webhook", "add", "--user", "xem", "--unit", unit, "--url", "https://203.0.113.5/", "--events", "task.overdue")
	e.fails(`không có tài khoản "khong.co"`, "webhook", "add", "--user", "khong.co", "--url", "https://203.0.113.5/", "--events", "task.overdue")
	if out := e.must("webhook", "list"); out != "Chưa có webhook nào.\n" {
		t.Fatalf("refused webhooks were stored:\n%s", out)
	}
	out := e.must(append(add, "--webhook-allow-private")...)
	m := regexp.MustCompile(`^Đã tạo webhook (\d+) tới http://127\.0\.0\.1:9/dondoc\.\n.*: ddw_[A-Za-z0-9_-]{20,}\n$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("webhook add printed:\n%s", out)
	}
	if out := e.must("webhook", "list"); !strings.HasPrefix(out, m[1]+" ") ||
		!strings.Contains(out, "đơn vị #"+unit+" ") || !strings.Contains(out, "http://127.0.0.1:9/dondoc  task.overdue,escalation.raised") {
		t.Errorf("webhook list printed:\n%s", out)
	}
	if out := e.must("webhook", "deliveries", m[1]); out != "Webhook "+m[1]+" chưa có lần gửi nào.\n" {
		t.Errorf("an empty delivery log printed:\n%s", out)
	}
	// The server runs without the opt-in: the delivery is refused, and the log says so.
	if _, err := e.db.EnqueueWebhookEvent(asSystem(ctx), "task.overdue", head.Grants[0].UnitID, 0, map[string]any{"task_id": 1}); err != nil {
		t.Fatal(err)
	}
	if n, err := (&notify.WebhookSender{Store: e.db}).DeliverDue(asSystem(ctx)); err != nil || n != 1 {
		t.Fatalf("attempts %d: %v", n, err)
	}
	log := strings.Split(strings.TrimSuffix(e.must("webhook", "deliveries", m[1], "--limit", "5"), "\n"), "\n")
	if len(log) != 2 || !strings.Contains(log[0], "task.overdue") || !strings.Contains(log[0], "lần 2  chờ gửi lúc ") ||
		!strings.Contains(log[1], "lần 1") || !strings.Contains(log[1], "lỗi: Từ chối gửi: Không gửi webhook tới 127.0.0.1: địa chỉ loopback") {
		t.Errorf("delivery log printed:\n%s", strings.Join(log, "\n"))
	}
	if out := e.must("webhook", "remove", m[1]); !strings.Contains(out, "Đã tắt webhook "+m[1]) {
		t.Errorf("webhook remove printed %q", out)
	}
	if out := e.must("webhook", "list"); out != "Chưa có webhook nào.\n" {
		t.Errorf("after remove:\n%s", out)
	}
	e.fails("Không tìm thấy webhook.", "webhook", "remove", m[1])
	e.fails("usage: dondoc webhook", "webhook", "remove")
	e.fails("usage: dondoc webhook", "webhook", "rename", "1")

	feedRE := regexp.MustCompile(`^Đã tạo lịch (\d+)\..*\nhttps://dondoc\.example\.vn/feeds/(ddf_[A-Za-z0-9_-]+)\.ics\n$`)
	mine := feedRE.FindStringSubmatch(e.must("feed", "add", "--user", "td.hiephoa", "--base-url", "https://dondoc.example.vn/"))
	units := feedRE.FindStringSubmatch(e.must("feed", "add", "--user", "td.hiephoa", "--unit", unit, "--base-url", "https://dondoc.example.vn"))
	if mine == nil || units == nil {
		t.Fatalf("feed add printed %q and %q", mine, units)
	}
	for token, name := range map[string]string{mine[2]: "dondoc – " + head.DisplayName, units[2]: "dondoc – Huyện Hiệp Hòa"} {
		if cal, err := e.db.FeedCalendar(ctx, token); err != nil || cal.Name != name || len(cal.Items) == 0 {
			t.Errorf("feed %s: %v, want %q with items", token, err, name)
		}
	}
	e.fails("Đơn vị này nằm ngoài phạm vi của bạn.", "feed", "add", "--user", "td.tanyen", "--unit", unit)
	e.fails("--user is required", "feed", "add")
	if out := e.must("feed", "revoke", "--data", e.dir, mine[1]); !strings.Contains(out, "Đã thu hồi lịch "+mine[1]) {
		t.Errorf("feed revoke printed %q", out)
	}
	if _, err := e.db.FeedCalendar(ctx, mine[2]); !dondoc.IsCode(err, dondoc.ENotFound) {
		t.Errorf("a revoked feed answers %v", err)
	}
	if _, err := e.db.FeedCalendar(ctx, units[2]); err != nil {
		t.Errorf("revoking one feed stopped another: %v", err)
	}
	e.fails("Không tìm thấy lịch.", "feed", "revoke", mine[1])

	actor, err := e.db.ActorForUser(ctx, head.ID)
	if err != nil {
		t.Fatal(err)
	}
	as := dondoc.WithActor(ctx, actor)
	// The demo's own work may already have left notifications in the inbox.
	before, err := e.db.UnreadNotifications(as)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, subject := range []string{"Nhắc việc: nhiệm vụ quá hạn 14 ngày", "Kiến nghị chờ trả lời đến hạn hôm nay"} {
		n, err := e.db.CreateNotification(asSystem(ctx), dondoc.NotificationInput{UserID: head.ID, Kind: "reminder", Subject: subject, Link: "/nhiem-vu/1"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, n.ID)
	}
	if _, err := e.db.MarkNotificationsRead(as, ids[:1]); err != nil {
		t.Fatal(err)
	}
	all := e.must("notifications", "--user", "td.hiephoa", "--limit", "2")
	lines := strings.Split(strings.TrimSuffix(all, "\n"), "\n")
	if len(lines) < 3 || lines[0] != "Thông báo của td.hiephoa: "+strconv.Itoa(before+1)+" chưa đọc." ||
		!strings.HasPrefix(lines[1], "* "+itoa(ids[1])) || !strings.HasSuffix(lines[1], "Kiến nghị chờ trả lời đến hạn hôm nay") ||
		!strings.HasPrefix(lines[2], "  "+itoa(ids[0])) || !strings.HasSuffix(lines[2], "Nhắc việc: nhiệm vụ quá hạn 14 ngày") {
		t.Errorf("notifications printed:\n%s", all)
	}
	if unread := e.must("notifications", "--user", "td.hiephoa", "--unread"); strings.Contains(unread, "quá hạn 14 ngày") || !strings.Contains(unread, "đến hạn hôm nay") {
		t.Errorf("--unread printed:\n%s", unread)
	}
	if out := e.must("notifications", "--user", "td.hiephoa", "--limit", "1"); !strings.HasSuffix(out, "(còn nữa; tăng --limit để xem thêm)\n") {
		t.Errorf("--limit 1 printed:\n%s", out)
	}
	if n, err := e.db.UnreadNotifications(as); err != nil || n != before+1 {
		t.Errorf("printing notifications changed the unread count to %d: %v", n, err)
	}
	e.fails("--user is required", "notifications")
}

// TestRemindDryRunNamesRecipients checks that `dondoc remind --dry-run` without a date reports on
// today, and that on a day with reminders every line names a real account and its role.
func TestRemindDryRunNamesRecipients(t *testing.T) {
	e := newCLIEnv(t)
	today := dondoc.Today(time.Now())
	if out := e.must("remind", "--dry-run"); !strings.HasPrefix(out, "Nhắc việc ngày "+today.Format()+" (chạy thử, không ghi):\n") {
		t.Errorf("the dry run without a date printed:\n%s", out)
	}
	cal, err := calendar.New(calendar.KnownPlans()...)
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`^  (\d{4}-\d{2}-\d{2})  (\S+)\s+(\S+)\s+(.+)$`)
	day, found := today, 0
	for range 60 {
		day = cal.WorkingDayOnOrAfter(day.AddDays(1))
		for _, l := range strings.Split(e.must("remind", "--dry-run", "--date", string(day)), "\n")[1:] {
			m := line.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			found++
			u, ok := e.users[m[2]]
			if !ok {
				t.Errorf("%s: %q names no account", day, l)
				continue
			}
			role := false
			for _, g := range u.Grants {
				role = role || string(g.Role) == m[3]
			}
			if !role {
				t.Errorf("%s: %q gives %s a role they do not hold", day, l, m[2])
			}
		}
		if found > 0 {
			break
		}
	}
	if found == 0 {
		t.Fatal("no reminder in the next 60 working days of the demo")
	}
}

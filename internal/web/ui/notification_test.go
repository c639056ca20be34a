package ui_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// feedRE finds the address of a calendar link just made, and its secret.
const feedRE = `value="(http://[^"]+/feeds/(ddf_[^"]+)\.ics)"`

func TestNotificationsPage(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c, a := e.signedIn("canbo")
		unread := func() int {
			n, err := db.UnreadNotifications(as(a))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Give the user a notification to read, as the workflow would.
		for _, s := range []string{"Nhắc hạn báo cáo", "Kiến nghị đã có ý kiến chỉ đạo"} {
			if _, err := db.CreateNotification(as(dondoc.SystemActor), dondoc.NotificationInput{UserID: a.UserID, Kind: "reminder",
				Subject: s, Body: "Nội dung " + s, Link: "/nhiem-vu"}); err != nil {
				t.Fatal(err)
			}
		}
		n := unread()
		if n < 2 {
			t.Fatalf("unread = %d", n)
		}
		badge := regexp.MustCompile(`class="badge"[^>]*>(?:<span class="visually-hidden">[^<]*</span>)?([0-9.]+)</span>`)
		res := c.get("/")
		if m := badge.FindStringSubmatch(res.body); m == nil || m[1] != strconv.Itoa(n) {
			t.Errorf("badge = %v, want %d", m, n)
		}
		res = c.get("/thong-bao")
		if res.status != http.StatusOK {
			t.Fatalf("inbox = %d", res.status)
		}
		body := html.UnescapeString(res.body)
		contains(t, "inbox", body, `data-page="notifications"`, "Chưa đọc ("+strconv.Itoa(n)+")", "Nhắc hạn báo cáo", "Đánh dấu tất cả là đã đọc", "Tạo liên kết lịch của tôi")
		if strings.Index(body, "Chưa đọc (") > strings.Index(body, "Lịch thời hạn") {
			t.Error("unread notifications are not first")
		}
		ids := regexp.MustCompile(`name="id" value="(\d+)"`).FindAllStringSubmatch(res.body, -1)
		if len(ids) != n {
			t.Fatalf("%d mark-read buttons for %d unread", len(ids), n)
		}
		if res := c.post("/thong-bao/da-doc", url.Values{"id": {"999999"}}); res.status != http.StatusNotFound || unread() != n {
			t.Errorf("marking someone else's notification = %d, unread %d", res.status, unread())
		}
		res = c.post("/thong-bao/da-doc", url.Values{"id": {ids[0][1]}})
		if res.status != http.StatusSeeOther || unread() != n-1 {
			t.Fatalf("mark one read = %d, unread %d, want %d", res.status, unread(), n-1)
		}
		contains(t, "inbox after reading one", c.get(res.header.Get("Location")).body, "Đã đánh dấu là đã đọc.", "Đã đọc")
		res = c.post("/thong-bao/da-doc", url.Values{"all": {"1"}})
		if res.status != http.StatusSeeOther || unread() != 0 {
			t.Fatalf("mark all read = %d, unread %d", res.status, unread())
		}
		res = c.get("/thong-bao")
		contains(t, "inbox read", res.body, "Không có thông báo chưa đọc.")
		if badge.MatchString(res.body) {
			t.Error("the badge shows with nothing unread")
		}

		// The calendar link is shown once, works, and stops when revoked.
		res = c.post("/thong-bao/lich", nil)
		if res.status != http.StatusOK {
			t.Fatalf("create feed = %d: %.300s", res.status, res.body)
		}
		m := find(t, "calendar link", feedRE, res.body)
		anon := e.client()
		if res := anon.get("/feeds/" + m[2] + ".ics"); res.status != http.StatusOK || !strings.Contains(res.body, "BEGIN:VCALENDAR") {
			t.Fatalf("feed = %d", res.status)
		}
		revoke := find(t, "revoke button next to the new link", `action="(/thong-bao/lich/\d+/thu-hoi)"`, res.body)
		other, _ := e.signedIn("canboxa")
		if res := other.post(revoke[1], nil); res.status != http.StatusNotFound {
			t.Errorf("revoking someone else's feed = %d, want 404", res.status)
		}
		res = c.post(revoke[1], nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("revoke = %d", res.status)
		}
		contains(t, "after revoking", c.get(res.header.Get("Location")).body, "Đã thu hồi liên kết lịch")
		if res := anon.get("/feeds/" + m[2] + ".ics"); res.status != http.StatusNotFound {
			t.Errorf("revoked feed = %d, want 404", res.status)
		}

		// A link made earlier is listed on later visits, without its address, and can be revoked
		// from there; the revoked one moves to the record.
		res = c.post("/thong-bao/lich", nil)
		m = find(t, "second calendar link", feedRE, res.body)
		res = c.get("/thong-bao")
		if strings.Contains(res.body, m[2]) {
			t.Error("a later visit shows the secret address again")
		}
		contains(t, "feeds in use", res.body, "Liên kết lịch đang dùng", "Lịch của tôi", "Liên kết đã thu hồi gần đây")
		rows := regexp.MustCompile(`class="feed-row"[\s\S]*?action="(/thong-bao/lich/\d+/thu-hoi)"`).FindAllStringSubmatch(res.body, -1)
		if len(rows) != 1 || rows[0][1] == revoke[1] {
			t.Fatalf("feeds in use offer %v, want only the new link", rows)
		}
		if res := c.post(rows[0][1], nil); res.status != http.StatusSeeOther {
			t.Fatalf("revoke from the list = %d", res.status)
		}
		if res := anon.get("/feeds/" + m[2] + ".ics"); res.status != http.StatusNotFound {
			t.Errorf("feed revoked from the list = %d, want 404", res.status)
		}
		if res := c.get("/thong-bao"); strings.Contains(res.body, "Liên kết lịch đang dùng") {
			t.Error("a revoked link is still listed in use")
		}
	})
}

func TestTaskListFilters(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c, a := e.signedIn("vanphong")
		open := e.allTasks(a, dondoc.TaskFilter{Overdue: ptr(false), Status: dondoc.OpenStatuses})
		var soon, active []string
		for _, t := range open {
			if t.Timing.DueSoon {
				soon = append(soon, strconv.FormatInt(t.ID, 10))
			} else {
				active = append(active, strconv.FormatInt(t.ID, 10))
			}
		}
		if len(soon) == 0 {
			t.Fatal("the demo has no task due soon")
		}
		res := c.get("/nhiem-vu?colour=soon")
		if got := taskIDs(res.body); strings.Join(got, ",") != strings.Join(soon, ",") {
			t.Errorf("due soon lists %v, want %v", got, soon)
		}
		contains(t, "colour filter", res.body, `<option value="soon" selected>`, "Liên kết của danh sách đã lọc", "/nhiem-vu?colour=soon")
		// Active tasks page on through the rows the page drops itself.
		seen := 0
		next := "/nhiem-vu?colour=active"
		for next != "" {
			res := c.get(next)
			seen += len(taskIDs(res.body))
			m := regexp.MustCompile(`hx-get="(/nhiem-vu\?[^"]*cursor=[^"]+)"`).FindStringSubmatch(res.body)
			next = ""
			if m != nil {
				next = html.UnescapeString(m[1])
				if !strings.Contains(next, "colour=active") {
					t.Fatalf("more link loses the filter: %s", next)
				}
			}
		}
		if seen != len(active) {
			t.Errorf("active lists %d tasks, want %d", seen, len(active))
		}
		if res := c.get("/nhiem-vu?colour=done&status=draft"); len(taskIDs(res.body)) != 0 {
			t.Error("done and draft together list tasks")
		}

		unit := e.findTask(a, dondoc.TaskFilter{}, communeTask).LeadUnitID
		want := e.allTasks(a, dondoc.TaskFilter{UnitID: unit, Key: ptr(true)})
		res = c.get("/nhiem-vu?unit=" + strconv.FormatInt(unit, 10) + "&key=1")
		if got := taskIDs(res.body); len(got) != len(want) {
			t.Errorf("unit and key filter lists %d, want %d", len(got), len(want))
		}
		contains(t, "unit filter", res.body, `<option value="`+strconv.FormatInt(unit, 10)+`" selected>`, `id="key" name="key" type="checkbox" value="1" checked`)

		today := dondoc.Today(db.Now())
		from, to := today, today.AddDays(10)
		var inRange int
		for _, t := range e.allTasks(a, dondoc.TaskFilter{}) {
			if t.DueOn.Valid() && t.DueOn != dondoc.NoDate && t.DueOn >= from && t.DueOn <= to {
				inRange++
			}
		}
		res = c.get("/nhiem-vu?due_from=" + string(from) + "&due_to=" + to.Format())
		if got := len(taskIDs(res.body)); got != inRange || inRange == 0 {
			t.Errorf("deadline range lists %d, want %d", got, inRange)
		}
		for _, tc := range []struct{ query, field, message string }{
			{"due_from=32/13/2024", "due_from", "ngày có thật"},
			{"due_from=2024-05-10&due_to=2024-05-01", "due_to", "phải sau hoặc bằng"},
		} {
			res := c.get("/nhiem-vu?q=cau&" + tc.query)
			if res.status != http.StatusBadRequest {
				t.Errorf("%s: status = %d", tc.query, res.status)
			}
			fieldError(t, tc.query, res.body, tc.field, tc.message)
			contains(t, tc.query, res.body, `value="cau"`)
		}
	})
}

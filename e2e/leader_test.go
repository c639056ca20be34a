package e2e_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dondoc"
)

// TestLeaderFlow walks a leader's visit on a phone: sign in, read the province at a glance, record
// a field visit with two findings (adding the second finding's box without JavaScript's help),
// turn one finding into a task, and find the task's origin on its timeline.
func TestLeaderFlow(t *testing.T) {
	srv, db := server(t)
	b := newBrowser(t, srv.URL)
	wantOverdue := overdueCount(t, db, "lanhdao")

	b.do("open the site on a phone", chromedp.EmulateViewport(phoneWidth, phoneHeight), chromedp.Navigate(srv.URL+"/"))
	b.page("login")
	b.do("sign in",
		chromedp.SendKeys(chromedp.CSS("#username"), "lanhdao"),
		chromedp.SendKeys(chromedp.CSS("#password"), "demo"),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
	b.page("home")
	if got := b.text(".figure-alert .figure-n"); got != strconv.Itoa(wantOverdue) {
		t.Errorf("the leader's home shows %s overdue tasks, want %d", got, wantOverdue)
	}
	if got := b.text(".figures .figure:first-child .figure-n"); !strings.HasSuffix(got, "%") {
		t.Errorf("the on-time rate reads %q", got)
	}
	if got := b.text("#slow-heading"); got != "Đơn vị chậm nhất" {
		t.Errorf("the slowest units are headed %q", got)
	}
	if n := eval[float64](b, `document.querySelectorAll(".slow-units tbody tr").length`); n == 0 {
		t.Error("no unit in Đơn vị chậm nhất")
	}
	b.shoot("leader-home")
	b.check()

	b.do("open the field visits", chromedp.Click(chromedp.CSS(`nav a[href="/di-co-so"]`)))
	b.page("visit-list")
	b.shoot("visit-list-before")
	b.do("open the visit form", chromedp.Click(chromedp.CSS(`a[href="/di-co-so/moi"]`)))
	b.page("visit-new")
	b.shoot("visit-new")

	// The date input takes the browser's own format; the page reads yyyy-mm-dd as the input sends it.
	day := time.Now().In(dondoc.Location).AddDate(0, 0, -1).Format("2006-01-02")
	b.do("fill in the visit",
		chromedp.SetValue(chromedp.CSS("#date"), day),
		chromedp.SendKeys(chromedp.CSS("#area"), "Giải phóng mặt bằng"),
		chromedp.Evaluate[chromedp.Void](`for (const o of document.querySelectorAll("#units option")) { if (o.text === "Huyện Yên Dũng" || o.text === "Xã Đồng Việt") o.selected = true; }`),
		chromedp.SendKeys(chromedp.CSS("#finding-1"), "Khẩn trương bàn giao mặt bằng đường dẫn cầu Đồng Việt"),
		chromedp.Evaluate[chromedp.Void](`window.samePage = true`),
		chromedp.Click(chromedp.CSS(`button[name="add"]`)),
		chromedp.WaitVisible(chromedp.CSS("#finding-4")))
	b.page("visit-new")
	// htmx swaps in the findings alone, keeping the rest of the form and the place on the page.
	if !eval[bool](b, `window.samePage === true && document.activeElement.id === "finding-4"`) {
		t.Error("adding a finding reloaded the page or left the new box without focus")
	}
	if got := eval[string](b, `document.querySelector("#area").value`); got != "Giải phóng mặt bằng" {
		t.Errorf("adding a finding lost the area: %q", got)
	}
	if got := eval[string](b, `document.querySelector("#finding-1").value`); !strings.Contains(got, "Đồng Việt") {
		t.Errorf("adding a finding lost the first one: %q", got)
	}
	b.do("write the second finding and record",
		chromedp.SendKeys(chromedp.CSS("#finding-2"), "Hoàn thiện hồ sơ xã nông thôn mới nâng cao trước quý IV"),
		chromedp.Click(chromedp.CSS(`.visit-form .buttons button[type="submit"]`)))
	b.page("visit-view")
	if got := b.text(".notice-ok"); got != "Đã ghi nhận chuyến đi cơ sở." {
		t.Errorf("recording says %q", got)
	}
	if n := eval[float64](b, `document.querySelectorAll(".finding").length`); n != 2 {
		t.Fatalf("the visit has %v findings, want 2", n)
	}
	b.shoot("visit-view")

	b.do("turn the first finding into a task", chromedp.Click(chromedp.CSS(`.finding a.button`)))
	b.page("visit-finding")
	if got := eval[string](b, `document.querySelector("#title").value`); !strings.Contains(got, "bàn giao mặt bằng") {
		t.Errorf("the title is not taken from the finding: %q", got)
	}
	b.do("submit without a deadline", chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#deadline-error")))
	if got := b.text("#deadline-error"); got != "Hãy nhập thời hạn." {
		t.Errorf("a missing deadline says %q", got)
	}
	b.shoot("visit-finding-error")
	due := time.Now().In(dondoc.Location).AddDate(0, 1, 0).Format("2006-01-02")
	b.do("choose the commune and a deadline",
		chromedp.Evaluate[chromedp.Void](`for (const o of document.querySelectorAll("#lead option")) { if (o.text === "Xã Đồng Việt") o.selected = true; }`),
		chromedp.SetValue(chromedp.CSS("#deadline"), due),
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)))
	b.page("task-view")
	timeline := b.text(".timeline")
	if !strings.Contains(timeline, "Tạo từ kết luận sau kiểm tra") || !strings.Contains(timeline, "Đồng Việt") {
		t.Errorf("the timeline does not say where the task came from: %q", timeline)
	}
	b.shoot("visit-task")

	b.do("back to the calendar", chromedp.Navigate(srv.URL+"/di-co-so"))
	b.page("visit-list")
	if got := b.text(".visit-card"); !strings.Contains(got, "2 kết luận, 1 đã giao nhiệm vụ") {
		t.Errorf("the calendar shows %q", got)
	}
	b.shoot("visit-list")

	for _, user := range []string{"vanphong", "truongdonvi", "canboxa"} {
		b.do("sign out", chromedp.Click(chromedp.CSS(`form[action="/dang-xuat"] button`)))
		b.page("login")
		b.do("sign in as "+user,
			chromedp.SendKeys(chromedp.CSS("#username"), user),
			chromedp.SendKeys(chromedp.CSS("#password"), "demo"),
			chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
		b.page("home")
		b.shoot("home-" + user)
	}
	b.check()
}

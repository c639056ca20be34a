package e2e_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dondoc"
	"dondoc/internal/demo"
)

// signIn signs in as a demo user from the sign-in page and waits for the home page.
func (b *browser) signIn(username string) {
	b.t.Helper()
	b.do("open the sign-in page", chromedp.EmulateViewport(desktopWidth, desktopHeight), chromedp.Navigate(b.base+"/dang-nhap"))
	b.page("login")
	b.do("sign in as "+username,
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
	b.page("home")
}

// signOut signs out and waits for the sign-in page.
func (b *browser) signOut() {
	b.t.Helper()
	b.do("sign out", chromedp.Click(chromedp.CSS(`.user button`)))
	b.page("login")
}

// set puts a value into a form control, as a person picking a date or an option does, and tells
// the page it changed.
func (b *browser) set(sel, value string) {
	b.t.Helper()
	js := `(() => { const el = document.querySelector(` + strconv.Quote(sel) + `); if (!el) return false; el.value = ` + strconv.Quote(value) +
		`; el.dispatchEvent(new Event("input", {bubbles: true})); el.dispatchEvent(new Event("change", {bubbles: true})); return el.value === ` + strconv.Quote(value) + `; })()`
	if !eval[bool](b, js) {
		b.t.Fatalf("could not set %s to %q", sel, value)
	}
}

// open goes to a path of the site and waits for the page.
func (b *browser) open(path, page string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path))
	b.page(page)
}

// TestFollowUpFlow walks the follow-up of a commune's task across roles: the commune officer
// reports progress with a difficulty (after a refused form), the district head approves it, the
// office escalates the difficulty, a leader answers with a direction that creates a task, the
// commune asks to close the task and the office confirms its completion. Every form and page on
// the way is photographed at both widths.
func TestFollowUpFlow(t *testing.T) {
	srv, db := server(t)
	b := newBrowser(t, srv.URL)
	ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
	var task dondoc.Task
	page, err := db.ListTasks(ctx, dondoc.TaskFilter{Q: "bàn giao mặt bằng đường dẫn", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range page.Items {
		if strings.HasPrefix(tk.Title, "Hoàn thành bàn giao mặt bằng đường dẫn Cầu Đồng Việt") {
			task = tk
		}
	}
	if task.ID == 0 {
		t.Fatal("the demo has no task for Xã Đồng Việt")
	}
	taskPath := "/nhiem-vu/" + strconv.FormatInt(task.ID, 10)

	// The leader's home before: escalations waiting for a direction, and tasks done.
	b.signIn("lanhdao")
	waiting, done := b.leaderFigures()
	b.signOut()

	// The commune officer reports with a difficulty.
	b.signIn("canboxa")
	b.open(taskPath, "task-view")
	b.shoot("followup-task-officer")
	b.do("open the report form", chromedp.Click(chromedp.CSS(`a[href="`+taskPath+`/bao-cao"]`)))
	b.page("task-report")
	b.shoot("followup-report-form")
	const difficulty = "Còn 1 hộ chưa đồng ý đơn giá bồi thường đất nông nghiệp xen kẹt trong khu dân cư."
	b.set("#percent", "")
	b.do("send a report without its percent",
		chromedp.SendKeys(chromedp.CSS("#text"), "Đã vận động thêm 1 hộ nhận tiền bồi thường, bàn giao 0,3 ha."),
		chromedp.SendKeys(chromedp.CSS("#difficulties"), difficulty),
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#percent-error")))
	if got := b.text("#percent-error"); !strings.Contains(got, "tỷ lệ hoàn thành") {
		t.Errorf("missing percent says %q", got)
	}
	if got := eval[string](b, `document.querySelector("#difficulties").value`); got != difficulty {
		t.Errorf("the difficulty was not kept: %q", got)
	}
	b.shoot("followup-report-error")
	b.do("send the report",
		chromedp.SendKeys(chromedp.CSS("#percent"), "50"),
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)))
	b.page("task-view")
	if got := b.text(".notice-ok"); got != "Đã gửi báo cáo tiến độ." {
		t.Errorf("after the report the page says %q", got)
	}
	reportID := eval[string](b, `document.querySelector(".reports .report").id.replace("bao-cao-", "")`)
	if !strings.Contains(b.text(".reports .report"), difficulty) {
		t.Error("the newest report does not show its difficulty")
	}
	b.shoot("followup-task-reported")
	b.signOut()

	// The district head approves it.
	b.signIn("truongdonvi")
	b.open(taskPath, "task-view")
	review := taskPath + "/bao-cao/" + reportID + "/xem-xet"
	b.do("approve the report",
		chromedp.SendKeys(chromedp.CSS(`#review-note-`+reportID), "Đồng ý, gửi Văn phòng Tỉnh ủy."),
		chromedp.Click(chromedp.CSS(`form[action="`+review+`"] button[value="approve"]`)))
	b.page("task-view")
	if got := b.text(".notice-ok"); got != "Đã duyệt báo cáo." {
		t.Errorf("after approval the page says %q", got)
	}
	b.shoot("followup-task-approved")
	b.signOut()

	// The office escalates the difficulty to the Standing Committee.
	b.signIn("vanphong")
	b.open(taskPath, "task-view")
	b.shoot("followup-task-office")
	b.do("open the escalation form", chromedp.Click(chromedp.CSS(`#bao-cao-`+reportID+` a[href^="/kien-nghi/moi"]`)))
	b.page("escalation-new")
	b.shoot("followup-escalation-form")
	b.set("#subject", "Kiến nghị về đơn giá bồi thường đất nông nghiệp xen kẹt")
	b.do("send the escalation",
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)))
	b.page("escalation-view")
	if got := b.text(".notice-ok"); got != "Đã gửi kiến nghị." {
		t.Errorf("after escalating the page says %q", got)
	}
	escPath := eval[string](b, `location.pathname`)
	b.shoot("followup-escalation-raised")
	b.do("open the inbox", chromedp.Click(chromedp.CSS(`nav a[href="/kien-nghi"]`)))
	b.page("escalation-list")
	if !strings.Contains(b.text("main"), "Số ngày chờ") {
		t.Error("the inbox does not show days outstanding")
	}
	b.shoot("followup-escalation-inbox")
	b.signOut()

	// A leader answers with a direction that creates a task. Their home counts the escalation first.
	b.signIn("lanhdao")
	if w, _ := b.leaderFigures(); w != waiting+1 {
		t.Errorf("with the escalation raised the leader's home shows %d waiting for a direction, want %d", w, waiting+1)
	}
	b.do("open the notifications", chromedp.Click(chromedp.CSS(`a.notif-link`)))
	b.page("notifications")
	b.shoot("followup-notifications")
	b.open(escPath, "escalation-view")
	b.shoot("followup-escalation-answer-form")
	due := string(dondoc.Today(db.Now()).AddDays(20))
	lead := strconv.FormatInt(task.LeadUnitID, 10)
	b.set("#row-deadline-0", due)
	b.do("answer without a unit for the new task",
		chromedp.SendKeys(chromedp.CSS("#direction"), "Giao UBND huyện Yên Dũng phối hợp xã Đồng Việt rà soát, áp dụng đơn giá bồi thường theo quy định."),
		chromedp.SendKeys(chromedp.CSS("#row-title-0"), "Rà soát đơn giá bồi thường đất nông nghiệp xen kẹt"),
		chromedp.Click(chromedp.CSS(`#answer-heading ~ form .buttons button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#row-lead-0-error")))
	b.shoot("followup-escalation-answer-error")
	b.set("#row-lead-0", lead)
	b.do("answer",
		chromedp.Click(chromedp.CSS(`#answer-heading ~ form .buttons button[type="submit"]`)))
	b.page("escalation-view")
	if got := b.text(".notice-ok"); got != "Đã gửi ý kiến chỉ đạo." {
		t.Errorf("after answering the page says %q", got)
	}
	if got := b.text(".new-tasks"); !strings.Contains(got, "Rà soát đơn giá bồi thường") {
		t.Errorf("the direction's tasks are %q", got)
	}
	b.shoot("followup-escalation-answered")
	b.signOut()

	// The commune asks to close the task; the office confirms, and closes the escalation.
	b.signIn("canboxa")
	b.open(taskPath, "task-view")
	b.do("ask for completion",
		chromedp.Click(chromedp.CSS(`button[value="request_completion"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`button[value="request_completion"]`)))
	if got := b.text(".notice-ok"); got != "Đã gửi đề nghị hoàn thành." {
		t.Errorf("after asking for completion the page says %q", got)
	}
	b.signOut()
	b.signIn("vanphong")
	b.open(taskPath, "task-view")
	timeline := b.text(".timeline")
	for _, want := range []string{"Gửi báo cáo tiến độ", "Thủ trưởng đơn vị duyệt báo cáo", "Gửi kiến nghị", "Có ý kiến chỉ đạo", "Đề nghị hoàn thành"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the timeline lacks %q", want)
		}
	}
	b.do("confirm completion", chromedp.Click(chromedp.CSS(`button[value="confirm"]`)))
	b.page("task-view")
	if got := b.text(".notice-ok"); got != "Đã xác nhận hoàn thành." {
		t.Errorf("after confirming the page says %q", got)
	}
	b.shoot("followup-task-confirmed")
	b.open(escPath, "escalation-view")
	b.do("close the escalation", chromedp.Click(chromedp.CSS(`form[action$="/dong"] button`)))
	b.page("escalation-view")
	if got := b.text(".notice-ok"); got != "Đã đóng kiến nghị." {
		t.Errorf("after closing the page says %q", got)
	}
	b.signOut()

	// The leader's home after: nothing more waits for a direction, and one more task is done.
	b.signIn("lanhdao")
	w, d := b.leaderFigures()
	if w != waiting || d != done+1 {
		t.Errorf("after the flow the leader's home shows %d waiting and %d done, want %d and %d", w, d, waiting, done+1)
	}
	b.shoot("followup-leader-home-after")
	b.check()
}

// leaderFigures reads, from a leader's home page, how many escalations wait for a direction and
// how many tasks are done, as the page writes them (1.234).
func (b *browser) leaderFigures() (waiting, done int) {
	b.t.Helper()
	number := func(sel string) int {
		n, err := strconv.Atoi(strings.ReplaceAll(b.text(sel), ".", ""))
		if err != nil {
			b.t.Fatalf("%s is not a number: %v", sel, err)
		}
		return n
	}
	return number(`a[href="/kien-nghi?status=open"] .figure-n`), number(".count-done .count-n")
}

// TestFollowUpForms photographs the forms the flow does not pass through: the filtered task list,
// the extension, transfer and cascade forms, a coordinator's part, and the calendar link.
func TestFollowUpForms(t *testing.T) {
	srv, db := server(t)
	b := newBrowser(t, srv.URL)
	ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
	page, err := db.ListTasks(ctx, dondoc.TaskFilter{Q: "bàn giao mặt bằng đường dẫn", Limit: 50})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no commune task: %v", err)
	}
	var task dondoc.Task
	for _, tk := range page.Items {
		if len(tk.Coordinators) > 0 {
			task = tk
		}
	}
	taskPath := "/nhiem-vu/" + strconv.FormatInt(task.ID, 10)

	b.signIn("vanphong")
	b.open("/nhiem-vu?colour=soon&key=1", "task-list")
	b.shoot("followup-task-list-filtered")
	b.open("/nhiem-vu?due_from=2024-05-10&due_to=2024-05-01", "task-list")
	if got := b.text("#due_to-error"); !strings.Contains(got, "phải sau hoặc bằng") {
		t.Errorf("a reversed range says %q", got)
	}
	b.shoot("followup-task-list-error")
	b.open(taskPath+"/chuyen-don-vi", "task-transfer")
	b.shoot("followup-transfer-form")
	b.do("transfer without a unit", chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#to_unit-error")))
	b.shoot("followup-transfer-error")
	b.open("/nhiem-vu", "task-list")
	href := eval[string](b, `(() => { const a = [...document.querySelectorAll("#task-results .cell-title a")].find(a => a.closest("tr").textContent.includes("Huyện Yên Dũng") && !a.closest("tr").textContent.includes("Hoàn thành")); return a ? a.getAttribute("href") : ""; })()`)
	if href == "" {
		t.Fatal("no running task of Huyện Yên Dũng on the first page")
	}
	b.open(href+"/giao-cap-duoi", "task-cascade")
	b.shoot("followup-cascade-form")
	b.do("cascade to nobody", chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#unit-error")))
	b.shoot("followup-cascade-error")
	b.do("open the notifications", chromedp.Click(chromedp.CSS(`a.notif-link`)))
	b.page("notifications")
	b.do("create a calendar link", chromedp.Click(chromedp.CSS(`form[action="/thong-bao/lich"] button`)), chromedp.WaitVisible(chromedp.CSS("#feed-url")))
	if got := eval[string](b, `document.querySelector("#feed-url").value`); !strings.Contains(got, "/feeds/ddf_") {
		t.Errorf("calendar link = %q", got)
	}
	b.shoot("followup-calendar-link")
	b.signOut()

	b.signIn("canbo")
	b.open(taskPath, "task-view")
	b.shoot("followup-task-coordinator")
	b.open("/nhiem-vu", "task-list")
	ext := eval[string](b, `(() => { const a = [...document.querySelectorAll("#task-results .cell-title a")].find(a => a.closest("tr").textContent.includes("Đang thực hiện")); return a ? a.getAttribute("href") : ""; })()`)
	if ext == "" {
		t.Fatal("no task in progress for the district officer")
	}
	b.open(ext+"/gia-han", "task-extension")
	b.shoot("followup-extension-form")
	b.set("#proposed", "2020-01-01")
	b.do("ask without a reason",
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#proposed-error")))
	b.shoot("followup-extension-error")
	b.check()
}

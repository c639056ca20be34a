package e2e_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dondoc"
	"dondoc/internal/sqldb"
)

// overdueCount is the number of overdue tasks the user sees, asked of the services directly.
func overdueCount(t *testing.T, db *sqldb.DB, username string) int {
	t.Helper()
	ctx := context.Background()
	secret, _, err := db.Login(ctx, username, "demo")
	if err != nil {
		t.Fatal(err)
	}
	actor, err := db.ActorForSession(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	f := dondoc.TaskFilter{Overdue: &yes, Limit: dondoc.MaxPageSize}
	n := 0
	for {
		page, err := db.ListTasks(dondoc.WithActor(ctx, actor), f)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Items)
		if page.NextCursor == "" {
			return n
		}
		f.Cursor = page.NextCursor
	}
}

// TestOfficeFlow walks the office's main flow: sign in (after one wrong password), read the home
// counts, find the Đồng Việt tasks without typing accents, open one, ask for and confirm its
// completion, and sign out.
func TestOfficeFlow(t *testing.T) {
	srv, db := server(t)
	b := newBrowser(t, srv.URL)
	wantOverdue := overdueCount(t, db, "vanphong")
	if wantOverdue == 0 {
		t.Fatal("the demo has no overdue task")
	}

	b.do("open the site", chromedp.EmulateViewport(desktopWidth, desktopHeight), chromedp.Navigate(srv.URL+"/"))
	b.page("login")
	b.shoot("login")

	b.do("sign in with a wrong password",
		chromedp.SendKeys(chromedp.CSS("#username"), "vanphong"),
		chromedp.SendKeys(chromedp.CSS("#password"), "sai-mat-khau"),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#login-error")))
	if got := b.text("#login-error"); got != "Tên đăng nhập hoặc mật khẩu không đúng." {
		t.Errorf("wrong password says %q", got)
	}
	if got := eval[string](b, `document.querySelector("#username").value`); got != "vanphong" {
		t.Errorf("the username was not kept: %q", got)
	}
	b.shoot("login-error")

	b.do("sign in",
		chromedp.SendKeys(chromedp.CSS("#password"), "demo"),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
	b.page("home")
	if got := b.text(".count-overdue .count-n"); got != strconv.Itoa(wantOverdue) {
		t.Errorf("home shows %s overdue tasks, want %d", got, wantOverdue)
	}
	if got := b.text(".count-overdue .count-label"); !strings.Contains(got, "Quá hạn") {
		t.Errorf("overdue count is labelled %q", got)
	}
	if got := b.text(".card-overdue"); !strings.Contains(got, "quá hạn") || !strings.Contains(got, "ngày") {
		t.Errorf("first overdue card says %q, want “quá hạn N ngày”", got)
	}
	b.shoot("home")

	b.do("open the task list", chromedp.Click(chromedp.CSS(`nav a[href="/nhiem-vu"]`)))
	b.page("task-list")
	b.shoot("task-list")
	b.do("search without accents", chromedp.SendKeys(chromedp.CSS("#q"), "dong viet"))
	// Wait until htmx has no request or swap in flight too: a link read while a late response is
	// being swapped in would be gone by the time it is clicked.
	b.poll(`new URLSearchParams(location.search).get("q") === "dong viet" && document.querySelectorAll("#task-results .cell-title a").length > 0 &&
		!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")`)
	titles := eval[[]string](b, `[...document.querySelectorAll("#task-results .cell-title a")].map(a => a.textContent)`)
	if len(titles) == 0 {
		t.Fatal("the search for “dong viet” found nothing")
	}
	b.shoot("task-list-dong-viet")

	// Leaving the search box must not search again: a second swap of the same results while the
	// user clicks one would swallow the click.
	eval[bool](b, `(() => { window.filterRequests = 0; document.body.addEventListener("htmx:beforeRequest", () => window.filterRequests++); document.querySelector("#q").blur(); return true; })()`)
	b.do("let a late search start", chromedp.Sleep(500*time.Millisecond))
	if n := eval[float64](b, `window.filterRequests`); n != 0 {
		t.Errorf("leaving the search box sent %v more searches", n)
	}

	// Open a task in progress, so that the office can ask for completion on the unit's behalf and
	// then confirm it.
	href := eval[string](b, `(() => { const r = [...document.querySelectorAll("#task-results tbody tr")].find(r => r.textContent.includes("Đang thực hiện") || r.textContent.includes("Đã giao")); return r ? r.querySelector(".cell-title a").getAttribute("href") : ""; })()`)
	if href == "" {
		t.Fatal("no running task about Đồng Việt in the list")
	}
	b.do("open a task", chromedp.Click(chromedp.CSS(`#task-results a[href="`+href+`"]`)))
	b.page("task-view")
	for _, want := range []string{"Đơn vị chủ trì", "Thời hạn hiện hành", "Diễn biến"} {
		if !strings.Contains(b.text("main"), want) {
			t.Errorf("task page lacks %q", want)
		}
	}
	b.shoot("task-view")

	b.do("ask for completion",
		chromedp.Click(chromedp.CSS(`button[value="request_completion"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="confirm"]`)))
	if got := b.text(".notice-ok"); got != "Đã gửi đề nghị hoàn thành." {
		t.Errorf("after asking for completion the page says %q", got)
	}
	b.shoot("task-view-confirm")
	b.do("confirm completion",
		chromedp.SendKeys(chromedp.CSS("#note"), "Văn phòng Tỉnh ủy xác nhận."),
		chromedp.Click(chromedp.CSS(`button[value="confirm"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`button[value="confirm"]`)))
	if got := b.text(".notice-ok"); got != "Đã xác nhận hoàn thành." {
		t.Errorf("after confirming the page says %q", got)
	}
	if got := b.text(".timeline li"); !strings.Contains(got, "Xác nhận hoàn thành") || !strings.Contains(got, "Văn phòng Tỉnh ủy xác nhận.") {
		t.Errorf("the newest timeline entry is %q", got)
	}
	b.shoot("task-view-done")

	b.do("sign out", chromedp.Click(chromedp.CSS(`.user button`)))
	b.page("login")
	b.check()
}

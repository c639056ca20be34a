package e2e_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAdminFlow walks the administrator's pages: the unit tree down to a commune, a refused and
// then a saved reminder ladder, the audit log that records the change, and one page in English.
func TestAdminFlow(t *testing.T) {
	srv, _ := server(t)
	b := newBrowser(t, srv.URL)
	b.do("sign in as the office",
		chromedp.EmulateViewport(desktopWidth, desktopHeight),
		chromedp.Navigate(srv.URL+"/dang-nhap"),
		chromedp.SendKeys(chromedp.CSS("#username"), "vanphong"),
		chromedp.SendKeys(chromedp.CSS("#password"), "demo"),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
	b.page("home")

	b.do("open administration", chromedp.Click(chromedp.CSS(`nav a[href="/quan-tri"]`)))
	b.page("admin")
	b.shoot("admin")
	b.do("open the unit tree", chromedp.Click(chromedp.CSS(`a[href="/quan-tri/don-vi"]`)))
	b.page("admin-units")
	b.shoot("admin-units")
	// The search is a plain form; typing and submitting it is the same request as this address.
	b.do("find a commune without accents", chromedp.Navigate(srv.URL+"/quan-tri/don-vi?q=dong+viet"))
	b.page("admin-units")
	b.do("open it", chromedp.Click(chromedp.CSS(`.data-table a`)))
	b.page("admin-unit")
	if got := b.text("h1"); got != "Xã Đồng Việt" {
		t.Errorf("unit page is %q", got)
	}
	b.shoot("admin-unit")

	b.do("open settings", chromedp.Navigate(srv.URL+"/quan-tri/cai-dat"))
	b.page("admin-settings")
	b.do("enter steps in the wrong order",
		chromedp.SetValue(chromedp.CSS("#before_days"), "1, 3"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#before_days-error")))
	if got := eval[string](b, `document.querySelector("#before_days").value`); got != "1, 3" {
		t.Errorf("the refused steps were not kept: %q", got)
	}
	b.shoot("admin-settings-error")
	b.do("save a good ladder",
		chromedp.SetValue(chromedp.CSS("#before_days"), "5, 2"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-ok")))
	b.shoot("admin-settings")

	b.do("open the audit log", chromedp.Navigate(srv.URL+"/quan-tri/nhat-ky"))
	b.page("admin-audit")
	b.shoot("admin-audit")

	b.do("switch to English", chromedp.Click(chromedp.CSS(`.lang-switch`)))
	b.page("admin-audit")
	if got := b.text("h1"); got != "Audit log" {
		t.Errorf("English audit log is titled %q", got)
	}
	b.shoot("admin-audit-en")
	b.do("switch back to Vietnamese", chromedp.Click(chromedp.CSS(`.lang-switch`)))
	b.page("admin-audit")
	b.signOut()

	// The administrator's account pages: the list, and one account with its grants and the reset
	// of its second factor.
	b.signIn("quantri")
	b.open("/quan-tri/nguoi-dung", "admin-users")
	b.shoot("admin-users")
	b.do("open an account", chromedp.Click(chromedp.CSS(`.data-table a[href^="/quan-tri/nguoi-dung/"]`)))
	b.page("admin-user")
	b.shoot("admin-user")
	b.check()
}

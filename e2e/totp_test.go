package e2e_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dondoc"
)

// TestTOTPFlow enrols a second factor from the account security page, signs out, signs in with the
// password and then the code (after one wrong code), and turns the factor off again. The server's
// clock is held still and moved one code period at a time, so that every code is fresh.
func TestTOTPFlow(t *testing.T) {
	srv, db := server(t)
	var now atomic.Int64
	now.Store(time.Now().Truncate(dondoc.TOTPPeriod).UnixNano())
	db.Now = func() time.Time { return time.Unix(0, now.Load()) }
	tick := func() time.Time {
		return time.Unix(0, now.Add(int64(dondoc.TOTPPeriod)))
	}
	code := func(secret string, at time.Time) string {
		c, err := dondoc.TOTPCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	b := newBrowser(t, srv.URL)

	b.do("sign in", chromedp.EmulateViewport(desktopWidth, desktopHeight), chromedp.Navigate(srv.URL+"/dang-nhap"),
		chromedp.SendKeys(chromedp.CSS("#username"), "canbo"),
		chromedp.SendKeys(chromedp.CSS("#password"), "demo"),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
	b.page("home")
	b.do("open account security", chromedp.Click(chromedp.CSS(`a.user-name`)))
	b.page("account-security")
	b.shoot("account-security")

	b.do("start enrolment", chromedp.Click(chromedp.CSS(`form[action="/tai-khoan/bao-mat/dang-ky"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#totp-secret")))
	b.page("account-security")
	grouped := b.text("#totp-secret")
	secret := strings.ReplaceAll(grouped, " ", "")
	if len(secret) < 16 || !strings.Contains(grouped, " ") {
		t.Fatalf("secret shown as %q", grouped)
	}
	if href := eval[string](b, `document.querySelector("a.totp-link").getAttribute("href")`); !strings.HasPrefix(href, "otpauth://totp/") {
		t.Errorf("app link is %q", href)
	}
	b.shoot("account-security-enrol")

	at := time.Unix(0, now.Load())
	b.do("confirm with the code", chromedp.SendKeys(chromedp.CSS("#code"), code(secret, at)),
		chromedp.Click(chromedp.CSS(`form[action="/tai-khoan/bao-mat/xac-nhan"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/tai-khoan/bao-mat/tat"]`)))
	b.shoot("account-security-on")

	b.do("sign out", chromedp.Click(chromedp.CSS(`form[action="/dang-xuat"] button`)))
	b.page("login")
	at = tick()
	b.do("sign in with the password", chromedp.Navigate(srv.URL+"/dang-nhap?next=/nhiem-vu"),
		chromedp.SendKeys(chromedp.CSS("#username"), "canbo"),
		chromedp.SendKeys(chromedp.CSS("#password"), "demo"),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
	b.page("login-code")
	if got := eval[string](b, `document.querySelector("#code").getAttribute("autocomplete")`); got != "one-time-code" {
		t.Errorf("code field autocomplete = %q", got)
	}
	b.shoot("login-code")

	wrong := "000000"
	if _, err := dondoc.MatchTOTP(secret, wrong, at, 0); err == nil {
		wrong = "111111"
	}
	b.do("a wrong code", chromedp.SendKeys(chromedp.CSS("#code"), wrong),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#code-error")))
	if got := b.text("#code-error"); got != "Mã xác thực không đúng hoặc đã hết hạn." {
		t.Errorf("wrong code says %q", got)
	}
	b.shoot("login-code-error")

	b.do("the right code", chromedp.SendKeys(chromedp.CSS("#code"), code(secret, at)),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
	b.page("task-list")

	at = tick()
	b.do("turn it off", chromedp.Navigate(srv.URL+"/tai-khoan/bao-mat"),
		chromedp.SendKeys(chromedp.CSS("#code"), code(secret, at)),
		chromedp.Click(chromedp.CSS(`form[action="/tai-khoan/bao-mat/tat"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/tai-khoan/bao-mat/dang-ky"]`)))
	b.check()
}

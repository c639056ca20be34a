package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/demo"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

var secretRE = regexp.MustCompile(`<p class="totp-secret" id="totp-secret"><code>([A-Z2-7 ]+)</code>`)

func pageCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := dondoc.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// badCode is a well-formed code that the secret does not give near at.
func badCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	for _, c := range []string{"000000", "111111", "222222"} {
		if _, err := dondoc.MatchTOTP(secret, c, at, 0); err != nil {
			return c
		}
	}
	t.Fatal("no wrong code")
	return ""
}

func TestAccountSecurityPages(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		clock := time.Now().UTC().Truncate(dondoc.TOTPPeriod)
		db.Now = func() time.Time { return clock }
		c, _ := e.signedIn("canbo")

		res := c.get("/")
		contains(t, "header", res.body, `href="/tai-khoan/bao-mat"`)
		res = c.get("/tai-khoan/bao-mat")
		if res.status != http.StatusOK {
			t.Fatalf("security page: %d", res.status)
		}
		contains(t, "security page", res.body, "Chưa bật", `action="/tai-khoan/bao-mat/dang-ky"`, `aria-current="page"`)

		res = c.post("/tai-khoan/bao-mat/dang-ky", url.Values{})
		m := secretRE.FindStringSubmatch(res.body)
		if res.status != http.StatusOK || m == nil {
			t.Fatalf("enrolment: %d, no secret shown\n%s", res.status, res.body)
		}
		grouped := m[1]
		if strings.Count(grouped, " ") < 3 || len(strings.Fields(grouped)[0]) != 4 {
			t.Errorf("secret %q is not grouped in fours", grouped)
		}
		secret := strings.ReplaceAll(grouped, " ", "")
		contains(t, "enrolment", res.body, `href="otpauth://totp/dondoc:canbo?`, `<svg class="totp-qr"`, `autocomplete="one-time-code"`, `inputmode="numeric"`)

		// A wrong code keeps the secret on the page and puts the message next to the field.
		res = c.post("/tai-khoan/bao-mat/xac-nhan", url.Values{"code": {badCode(t, secret, clock)}, "secret": {secret}, "url": {"otpauth://totp/dondoc:canbo?secret=" + secret}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code: %d", res.status)
		}
		contains(t, "wrong code", res.body, `<p class="field-error" id="code-error">Mã xác thực không đúng hoặc đã hết hạn.</p>`,
			`aria-invalid="true" aria-describedby="code-error"`, grouped)
		res = c.post("/tai-khoan/bao-mat/xac-nhan", url.Values{"code": {pageCode(t, secret, clock)}, "secret": {secret}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/tai-khoan/bao-mat?xong=bat" {
			t.Fatalf("confirm: %d %s", res.status, res.header.Get("Location"))
		}
		res = c.get("/tai-khoan/bao-mat?xong=bat")
		contains(t, "enabled page", res.body, "Đã bật xác thực hai bước.", "Đang bật", `action="/tai-khoan/bao-mat/tat"`)
		if strings.Contains(res.body, secret) {
			t.Error("the secret is shown again after the enrolment")
		}

		// Signing in now takes the password, then the code.
		clock = clock.Add(dondoc.TOTPPeriod)
		b := e.client()
		res = b.post("/dang-nhap", url.Values{"username": {"canbo"}, "password": {demo.Password}, "next": {"/nhiem-vu"}})
		loc := res.header.Get("Location")
		if res.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/dang-nhap/ma-xac-thuc?") {
			t.Fatalf("password step: %d %s", res.status, loc)
		}
		for _, ck := range res.header.Values("Set-Cookie") {
			if strings.HasPrefix(ck, "dondoc_session=") {
				t.Fatal("the password alone opened a session")
			}
		}
		res = b.get(loc)
		contains(t, "code step", res.body, `autocomplete="one-time-code"`, `inputmode="numeric"`, `name="next" value="/nhiem-vu"`, "canbo")
		res = b.post("/dang-nhap/ma-xac-thuc", url.Values{"code": {badCode(t, secret, clock)}, "next": {"/nhiem-vu"}, "username": {"canbo"}})
		if res.status != http.StatusUnauthorized {
			t.Fatalf("wrong code at sign-in: %d", res.status)
		}
		contains(t, "wrong code at sign-in", res.body, `id="code-error">Mã xác thực không đúng hoặc đã hết hạn.`, `name="next" value="/nhiem-vu"`)
		res = b.post("/dang-nhap/ma-xac-thuc", url.Values{"code": {pageCode(t, secret, clock)}, "next": {"/nhiem-vu"}, "username": {"canbo"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/nhiem-vu" {
			t.Fatalf("code step: %d %s", res.status, res.header.Get("Location"))
		}
		if res := b.get("/nhiem-vu"); res.status != http.StatusOK {
			t.Fatalf("after the code: %d", res.status)
		}
		// The challenge is gone: the code page sends back to the password.
		if res := b.get("/dang-nhap/ma-xac-thuc"); res.status != http.StatusSeeOther {
			t.Fatalf("code page without a challenge: %d", res.status)
		}

		// Disabling takes a fresh code.
		res = c.post("/tai-khoan/bao-mat/tat", url.Values{"code": {pageCode(t, secret, clock)}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("disable with a spent code: %d", res.status)
		}
		clock = clock.Add(dondoc.TOTPPeriod)
		res = c.post("/tai-khoan/bao-mat/tat", url.Values{"code": {pageCode(t, secret, clock)}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("disable: %d %s", res.status, res.body)
		}
		res = c.get("/tai-khoan/bao-mat?xong=tat")
		contains(t, "disabled page", res.body, "Đã tắt xác thực hai bước.", "Chưa bật")
	})
}

func TestCodeStepWithoutChallenge(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c := e.client()
		if res := c.get("/dang-nhap/ma-xac-thuc?next=/nhiem-vu"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/dang-nhap?next=%2Fnhiem-vu" {
			t.Fatalf("code page without a challenge: %d %s", res.status, res.header.Get("Location"))
		}
		res := c.post("/dang-nhap/ma-xac-thuc", url.Values{"code": {"123456"}, "username": {"canbo"}})
		if res.status != http.StatusUnauthorized {
			t.Fatalf("code without a challenge: %d", res.status)
		}
		contains(t, "code without a challenge", res.body, "Bước xác thực đã hết hạn", `value="canbo"`)
	})
}

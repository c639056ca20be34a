package api_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"dondoc"
)

func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := dondoc.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wrongCode is a well-formed code that is not the right one at any step near at.
func wrongCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	for _, c := range []string{"000000", "111111", "222222", "333333"} {
		if _, err := dondoc.MatchTOTP(secret, c, at, 0); err != nil {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
}

func TestTOTPAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		clock := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		e.db.Now = func() time.Time { return clock }

		var st dondoc.TOTPStatus
		res := e.do("dept", "GET", "/api/v1/me/totp", nil)
		res.JSON(t, &st)
		if res.Status != 200 || st.Enabled || st.Pending {
			t.Fatalf("status: %d %s", res.Status, res.Body)
		}
		res = e.do("dept", "POST", "/api/v1/me/totp", nil)
		var enr dondoc.TOTPEnrolment
		res.JSON(t, &enr)
		if res.Status != http.StatusCreated || enr.Secret == "" {
			t.Fatalf("start: %d %s", res.Status, res.Body)
		}
		res = e.do("dept", "POST", "/api/v1/me/totp/confirm", map[string]string{"code": wrongCode(t, enr.Secret, clock)})
		if p := res.Problem(t); res.Status != http.StatusBadRequest || p.Field != "code" || p.Detail != "Mã xác thực không đúng hoặc đã hết hạn." {
			t.Fatalf("confirm with a wrong code: %d %s", res.Status, res.Body)
		}
		res = e.do("dept", "POST", "/api/v1/me/totp/confirm", map[string]string{"code": totpCode(t, enr.Secret, clock)})
		res.JSON(t, &st)
		if res.Status != 200 || !st.Enabled {
			t.Fatalf("confirm: %d %s", res.Status, res.Body)
		}

		// The password alone now yields a challenge, not a session.
		clock = clock.Add(dondoc.TOTPPeriod)
		res = e.do("", "POST", "/api/v1/session", map[string]string{"username": "dept", "password": "mat-khau-thu"})
		var ch struct {
			Code      string `json:"code"`
			Challenge string `json:"challenge"`
		}
		res.JSON(t, &ch)
		if res.Status != http.StatusUnauthorized || ch.Code != "second_factor_required" || ch.Challenge == "" {
			t.Fatalf("password only: %d %s", res.Status, res.Body)
		}
		if len(res.Header.Values("Set-Cookie")) != 0 {
			t.Fatal("a password alone set a cookie")
		}
		res = e.do("", "POST", "/api/v1/session", map[string]string{"challenge": ch.Challenge, "code": wrongCode(t, enr.Secret, clock)})
		if p := res.Problem(t); res.Status != http.StatusUnauthorized || p.Field != "code" {
			t.Fatalf("wrong code: %d %s", res.Status, res.Body)
		}
		res = e.do("", "POST", "/api/v1/session", map[string]string{"challenge": ch.Challenge, "code": totpCode(t, enr.Secret, clock)})
		if res.Status != 200 || len(res.Header.Values("Set-Cookie")) == 0 {
			t.Fatalf("challenge and code: %d %s", res.Status, res.Body)
		}

		// Password and code in one request, with a code not yet used.
		clock = clock.Add(dondoc.TOTPPeriod)
		res = e.do("", "POST", "/api/v1/session", map[string]string{"username": "dept", "password": "mat-khau-thu", "code": totpCode(t, enr.Secret, clock)})
		if res.Status != 200 {
			t.Fatalf("password and code: %d %s", res.Status, res.Body)
		}
		// The same code again is a replay.
		res = e.do("", "POST", "/api/v1/session", map[string]string{"username": "dept", "password": "mat-khau-thu", "code": totpCode(t, enr.Secret, clock)})
		if res.Status != http.StatusUnauthorized {
			t.Fatalf("replayed code: %d %s", res.Status, res.Body)
		}

		// Disabling needs a current, unused code.
		res = e.do("dept", "DELETE", "/api/v1/me/totp", map[string]string{"code": totpCode(t, enr.Secret, clock)})
		if res.Status != http.StatusBadRequest {
			t.Fatalf("disable with a spent code: %d %s", res.Status, res.Body)
		}
		clock = clock.Add(dondoc.TOTPPeriod)
		res = e.do("dept", "DELETE", "/api/v1/me/totp", map[string]string{"code": totpCode(t, enr.Secret, clock)})
		if res.Status != http.StatusNoContent {
			t.Fatalf("disable: %d %s", res.Status, res.Body)
		}
		res = e.do("", "POST", "/api/v1/session", map[string]string{"username": "dept", "password": "mat-khau-thu"})
		if res.Status != 200 {
			t.Fatalf("password after disable: %d %s", res.Status, res.Body)
		}
	})
}

func TestTOTPResetAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		res := e.do("dept", "POST", "/api/v1/me/totp", nil)
		var enr dondoc.TOTPEnrolment
		res.JSON(t, &enr)
		res = e.do("dept", "POST", "/api/v1/me/totp/confirm", map[string]string{"code": totpCode(t, enr.Secret, time.Now())})
		if res.Status != 200 {
			t.Fatalf("confirm: %d %s", res.Status, res.Body)
		}
		path := "/api/v1/users/" + strconv.FormatInt(e.users["dept"], 10) + "/totp"
		if res := e.do("office", "DELETE", path, nil); res.Status != http.StatusForbidden {
			t.Fatalf("reset by the office: %d %s", res.Status, res.Body)
		}
		if res := e.do("admin", "DELETE", path, nil); res.Status != http.StatusNoContent {
			t.Fatalf("reset by an admin: %d %s", res.Status, res.Body)
		}
		if res := e.do("admin", "DELETE", path, nil); res.Status != http.StatusConflict {
			t.Fatalf("second reset: %d %s", res.Status, res.Body)
		}
		var st dondoc.TOTPStatus
		e.do("dept", "GET", "/api/v1/me/totp", nil).JSON(t, &st)
		if st.Enabled {
			t.Fatal("still enabled after the reset")
		}
	})
}

package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"dondoc"

	"dondoc/internal/demo"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

func TestAdminPagesByRole(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		office, _ := e.signedIn("vanphong")
		contains(t, "office home", office.get("/").body, `href="/quan-tri"`)
		res := office.get("/quan-tri")
		contains(t, "office admin index", res.body, `href="/quan-tri/don-vi"`, `href="/quan-tri/cai-dat"`, `href="/quan-tri/nhat-ky"`)
		if strings.Contains(res.body, `href="/quan-tri/nguoi-dung"`) {
			t.Error("office staff are offered the accounts page, which only administrators may use")
		}
		if res := office.get("/quan-tri/nguoi-dung"); res.status != http.StatusForbidden {
			t.Errorf("office on the accounts page = %d, want 403", res.status)
		}

		officer, _ := e.signedIn("canboxa")
		if strings.Contains(officer.get("/").body, `href="/quan-tri"`) {
			t.Error("a commune officer is offered the administration pages")
		}
		for _, p := range []string{"/quan-tri", "/quan-tri/don-vi", "/quan-tri/cai-dat"} {
			if res := officer.get(p); res.status != http.StatusForbidden {
				t.Errorf("officer GET %s = %d, want 403", p, res.status)
			}
		}
	})
}

func TestAdminUnits(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c, _ := e.signedIn("vanphong")
		res := c.get("/quan-tri/don-vi")
		contains(t, "unit tree", res.body, `data-page="admin-units"`, "Tỉnh Bắc Giang")
		res = c.get("/quan-tri/don-vi?q=" + url.QueryEscape("dong viet"))
		contains(t, "unit search without accents", res.body, "Xã Đồng Việt")
		if strings.Contains(res.body, "Huyện Hiệp Hòa") {
			t.Error("the search lists units whose names do not match")
		}
		link := regexp.MustCompile(`href="(/quan-tri/don-vi/\d+)">Xã Đồng Việt<`).FindStringSubmatch(res.body)
		if link == nil {
			t.Fatal("no link to the commune's page")
		}
		res = c.get(link[1])
		contains(t, "commune page", res.body, `data-page="admin-unit"`, "Xã Đồng Việt", "Chức danh", "Huyện Yên Dũng")
		if res := c.get("/quan-tri/don-vi/999999999"); res.status != http.StatusNotFound {
			t.Errorf("missing unit = %d, want 404", res.status)
		}
	})
}

func TestAdminGrants(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c, _ := e.signedIn("quantri")
		res := c.get("/quan-tri/nguoi-dung")
		m := regexp.MustCompile(`href="(/quan-tri/nguoi-dung/\d+)">xem<`).FindStringSubmatch(res.body)
		if m == nil {
			t.Fatalf("no link to the viewer's account in %s", res.body)
		}
		page := m[1]
		res = c.get(page)
		unit := regexp.MustCompile(`<option value="(\d+)">Xã Đồng Việt</option>`).FindStringSubmatch(res.body)
		if unit == nil {
			t.Fatal("the unit select lacks the commune")
		}
		before := strings.Count(res.body, "/thu-hoi")

		// No role: the message is by the role select, the chosen unit is kept, nothing is granted.
		res = c.post(page+"/quyen", url.Values{"role": {""}, "unit": {unit[1]}})
		if res.status != http.StatusBadRequest {
			t.Errorf("grant without a role = %d, want 400", res.status)
		}
		contains(t, "grant without a role", res.body, `id="role-error"`, "Hãy chọn vai trò.", `<option value="`+unit[1]+`" selected>`)
		res = c.post(page+"/quyen", url.Values{"role": {"leader"}, "unit": {""}})
		contains(t, "grant without a unit", res.body, `id="unit-error"`, "Hãy chọn đơn vị.", `<option value="leader" selected>`)
		res = c.post(page+"/quyen", url.Values{"role": {"chief"}, "unit": {unit[1]}})
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "field-error") {
			t.Errorf("grant of an unknown role = %d", res.status)
		}
		if n := strings.Count(c.get(page).body, "/thu-hoi"); n != before {
			t.Fatalf("refused grants changed the account: %d grants, had %d", n, before)
		}

		res = c.post(page+"/quyen", url.Values{"role": {"unit_officer"}, "unit": {unit[1]}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("grant = %d %s", res.status, res.body)
		}
		res = c.get(res.header.Get("Location"))
		contains(t, "after the grant", res.body, "Đã cấp quyền.", "Cán bộ đơn vị</strong> – Xã Đồng Việt")
		revoke := regexp.MustCompile(`action="(/quan-tri/quyen/\d+/thu-hoi)"`).FindAllStringSubmatch(res.body, -1)
		if len(revoke) != before+1 {
			t.Fatalf("%d revoke forms, want %d", len(revoke), before+1)
		}
		user := strings.TrimPrefix(page, "/quan-tri/nguoi-dung/")
		res = c.post(revoke[len(revoke)-1][1], url.Values{"user": {user}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("revoke = %d", res.status)
		}
		contains(t, "after revoking", c.get(res.header.Get("Location")).body, "Đã thu hồi quyền.")
	})
}

func TestAdminLadder(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c, _ := e.signedIn("vanphong")
		res := c.get("/quan-tri/cai-dat")
		contains(t, "settings", res.body, `data-page="admin-settings"`, `value="3, 1"`, `name="on_day" type="checkbox" value="1" checked`)
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(res.body)[1]
		form := func(before, every, head, assigner string) url.Values {
			return url.Values{"version": {version}, "before_days": {before}, "on_day": {"1"},
				"overdue_every_days": {every}, "head_after_days": {head}, "assigner_after_days": {assigner}}
		}
		for _, tc := range []struct {
			name  string
			form  url.Values
			field string
			kept  string
		}{
			{"not a number", form("3, x", "7", "7", "30"), "before_days", `value="3, x"`},
			{"wrong order", form("1, 3", "7", "7", "30"), "before_days", `value="1, 3"`},
			{"empty every", form("3, 1", "", "7", "30"), "overdue_every_days", `value="30"`},
			{"assigner before head", form("3, 1", "7", "14", "10"), "assigner_after_days", `value="14"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := c.post("/quan-tri/cai-dat/nhac-viec", tc.form)
				if res.status != http.StatusBadRequest {
					t.Errorf("status = %d, want 400", res.status)
				}
				contains(t, tc.name, res.body, `id="`+tc.field+`-error"`, `aria-describedby="`+tc.field+`-error"`, tc.kept)
			})
		}
		contains(t, "unchanged", c.get("/quan-tri/cai-dat").body, `value="3, 1"`, `value="`+version+`"`)

		res = c.post("/quan-tri/cai-dat/nhac-viec", form("5, 2", "3", "6", "20"))
		if res.status != http.StatusSeeOther {
			t.Fatalf("save = %d %s", res.status, res.body)
		}
		contains(t, "saved", c.get(res.header.Get("Location")).body, "Đã lưu thang nhắc việc.", `value="5, 2"`, `value="20"`)

		// The old version is stale now: the form says so and keeps what was typed.
		res = c.post("/quan-tri/cai-dat/nhac-viec", form("4", "7", "7", "30"))
		if res.status != http.StatusPreconditionFailed && res.status != http.StatusConflict {
			t.Errorf("stale save = %d", res.status)
		}
		contains(t, "stale", res.body, `value="4"`, "notice-error")

		res = c.get("/quan-tri/nhat-ky")
		contains(t, "audit log", res.body, `data-page="admin-audit"`)
		if res := c.get("/quan-tri/nhat-ky?so=abc"); res.status != http.StatusBadRequest || !strings.Contains(res.body, `id="so-error"`) {
			t.Errorf("bad object number = %d", res.status)
		}
	})
}

// TestAdminResetsSecondFactor lets an administrator reset the second factor of a user who lost
// their phone: the user then signs in with the password alone. An account without one is told so
// next to the button, and nothing changes.
func TestAdminResetsSecondFactor(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		clock := time.Now().UTC().Truncate(dondoc.TOTPPeriod)
		db.Now = func() time.Time { return clock }
		_, officer := e.signedIn("canbo")
		ctx := dondoc.WithActor(context.Background(), officer)
		enr, err := db.StartTOTP(ctx)
		if err != nil {
			t.Fatal(err)
		}
		code, err := dondoc.TOTPCode(enr.Secret, clock)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ConfirmTOTP(ctx, code); err != nil {
			t.Fatal(err)
		}
		page := "/quan-tri/nguoi-dung/" + strconv.FormatInt(officer.UserID, 10)

		office, _ := e.signedIn("vanphong")
		if res := office.post(page+"/xac-thuc/dat-lai", url.Values{}); res.status != http.StatusForbidden {
			t.Errorf("office resetting a second factor = %d, want 403", res.status)
		}
		admin, _ := e.signedIn("quantri")
		res := admin.post(page+"/xac-thuc/dat-lai", url.Values{})
		if res.status != http.StatusSeeOther {
			t.Fatalf("reset = %d %s", res.status, res.body)
		}
		contains(t, "after the reset", admin.get(res.header.Get("Location")).body, "Đã đặt lại xác thực hai bước")
		if res := e.client().post("/dang-nhap", url.Values{"username": {"canbo"}, "password": {demo.Password}, "next": {"/"}}); res.status != http.StatusSeeOther || res.header.Get("Location") != "/" {
			t.Errorf("sign-in after the reset = %d to %q, want the password alone to open a session", res.status, res.header.Get("Location"))
		}
		res = admin.post(page+"/xac-thuc/dat-lai", url.Values{})
		if res.status != http.StatusConflict {
			t.Errorf("reset of an account without a second factor = %d, want 409", res.status)
		}
		contains(t, "nothing to reset", res.body, `id="totp-error"`, "Tài khoản chưa bật xác thực hai bước.")
	})
}

package ui_test

import (
	"net/http"
	"strings"
	"testing"

	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// TestEnglish switches a signed-in user to English and back: the pages, their numbers and their
// error messages follow the choice, and the switch returns to the page the user was on.
func TestEnglish(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c, _ := e.signedIn("vanphong")

		res := c.get("/nhiem-vu")
		contains(t, "Vietnamese list", res.body, `<html lang="vi">`, "Đơn vị chủ trì", `href="/ngon-ngu?lang=en&amp;next=%2fnhiem-vu"`)

		res = c.get("/ngon-ngu?lang=en&next=/nhiem-vu")
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/nhiem-vu" {
			t.Fatalf("switch to English = %d to %q", res.status, res.header.Get("Location"))
		}
		res = c.get("/nhiem-vu")
		contains(t, "English list", res.body, `<html lang="en">`, "Lead unit", "Deadline", `lang="vi" hreflang="vi">Tiếng Việt</a>`)
		if res.header.Get("Content-Language") != "en" {
			t.Errorf("Content-Language = %q", res.header.Get("Content-Language"))
		}
		for _, vi := range []string{"Đơn vị chủ trì", "Thời hạn", "Tìm kiếm"} {
			if strings.Contains(res.body, vi) {
				t.Errorf("English page still says %q", vi)
			}
		}
		res = c.get("/nhiem-vu/999999999")
		if res.status != http.StatusNotFound || !strings.Contains(res.body, "Not found") {
			t.Errorf("English missing task = %d, body lacks the English title", res.status)
		}

		// An address elsewhere is not followed: the switch only returns to this site.
		res = c.get("/ngon-ngu?lang=vi&next=//evil.example/")
		if res.header.Get("Location") != "/" {
			t.Errorf("switch with a foreign next went to %q", res.header.Get("Location"))
		}
		contains(t, "back in Vietnamese", c.get("/nhiem-vu").body, `<html lang="vi">`, "Đơn vị chủ trì")
	})
}

package ui_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// visitCount is how many visits the actor sees.
func (e *env) visitCount(a *dondoc.Actor) int {
	e.t.Helper()
	page, err := e.db.ListFieldVisits(as(a), "", dondoc.MaxPageSize)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(page.Items)
}

func TestVisitForms(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c, la := e.signedIn("lanhdao")
		district, commune := e.unitID("Huyện Yên Dũng"), e.unitID("Xã Đồng Việt")
		before := e.visitCount(la)

		res := c.get("/di-co-so")
		if res.status != http.StatusOK {
			t.Fatalf("calendar = %d", res.status)
		}
		contains(t, "calendar", res.body, `data-page="visit-list"`, `href="/di-co-so/moi"`, `aria-current="page"`)

		res = c.get("/di-co-so/moi")
		if res.status != http.StatusOK {
			t.Fatalf("new visit form = %d", res.status)
		}
		contains(t, "new visit form", html.UnescapeString(res.body), `data-page="visit-new"`, "Lãnh đạo đi cơ sở", "Lê Thị Thu Hồng",
			`name="finding"`, "Xã Đồng Việt", `type="date"`)
		leader := find(t, "leader chosen: the one who is signed in", `<option value="(\d+)" selected>`, res.body)[1]
		day := time.Now().In(dondoc.Location).AddDate(0, 0, 7)
		good := url.Values{"leader": {leader}, "date": {day.Format("02/01/2006")}, "area": {"Nông thôn mới"},
			"unit": {strconv.FormatInt(district, 10), strconv.FormatInt(commune, 10)}, "summary": {"Làm việc với xã"},
			"finding": {"Đẩy nhanh giải phóng mặt bằng đường dẫn cầu", "", "Hoàn thiện hồ sơ xã nông thôn mới nâng cao"}}
		postRefusals(t, c, "/di-co-so", http.StatusUnprocessableEntity, []refusal{
			{name: "no leader", field: "leader", message: "Hãy chọn lãnh đạo đi cơ sở.", form: withField(good, "leader", "")},
			{name: "no date", field: "date", message: "Ngày đi cơ sở là bắt buộc.", form: withField(good, "date", "")},
			{name: "impossible date", field: "date", message: "dd/mm/yyyy", form: withField(good, "date", "31/02/2025")},
			{name: "no unit", field: "units", message: "Cần ít nhất một đơn vị được đến làm việc.", form: withField(good, "unit")},
			{name: "bad unit", field: "units", message: "Đơn vị được chọn không hợp lệ.", form: withField(good, "unit", "abc")},
			{name: "unknown unit", field: "units", form: withField(good, "unit", "999999")},
			{name: "no finding", field: "findings", message: "Hãy ghi ít nhất một kết luận", form: withField(good, "finding", "", " ")},
		}, func(t *testing.T, tc refusal, body string) {
			contains(t, tc.name, body, "Nông thôn mới", "Làm việc với xã")
			if tc.field != "findings" {
				contains(t, tc.name, body, "Đẩy nhanh giải phóng mặt bằng đường dẫn cầu", "Hoàn thiện hồ sơ xã nông thôn mới nâng cao")
			}
		})
		res = c.post("/di-co-so", withField(good, "add", "1"))
		if res.status != http.StatusOK || strings.Count(res.body, `name="finding"`) != 4 {
			t.Errorf("adding a finding = %d with %d findings, want 200 with 4", res.status, strings.Count(res.body, `name="finding"`))
		}
		contains(t, "form with one more finding", html.UnescapeString(res.body), "Hoàn thiện hồ sơ xã nông thôn mới nâng cao", `id="finding-4"`)
		if strings.Contains(res.body, "field-error") {
			t.Error("adding a finding shows an error")
		}
		if n := e.visitCount(la); n != before {
			t.Fatalf("refused forms recorded %d visits", n-before)
		}

		res = c.post("/di-co-so", good)
		if res.status != http.StatusSeeOther || !strings.HasSuffix(res.header.Get("Location"), "?da-ghi=1") {
			t.Fatalf("record = %d to %q: %s", res.status, res.header.Get("Location"), res.body)
		}
		visitPath := strings.TrimSuffix(res.header.Get("Location"), "?da-ghi=1")
		res = c.get(res.header.Get("Location"))
		body := html.UnescapeString(res.body)
		contains(t, "visit page", body, `data-page="visit-view"`, "Đã ghi nhận chuyến đi cơ sở.", "Huyện Yên Dũng, Xã Đồng Việt",
			"Nông thôn mới", "Đẩy nhanh giải phóng mặt bằng đường dẫn cầu", "Hoàn thiện hồ sơ xã nông thôn mới nâng cao", day.Format("02/01/2006"))
		links := regexp.MustCompile(`href="(`+regexp.QuoteMeta(visitPath)+`/ket-luan/\d+)"`).FindAllStringSubmatch(res.body, -1)
		if len(links) != 2 {
			t.Fatalf("visit page offers %d findings to assign, want 2", len(links))
		}
		contains(t, "calendar", html.UnescapeString(c.get("/di-co-so").body), "Sắp tới", day.Format("02/01/2006"), "2 kết luận, 0 đã giao nhiệm vụ")

		// Turning the first finding into a task.
		findingPath := links[0][1]
		res = c.get(findingPath)
		if res.status != http.StatusOK {
			t.Fatalf("finding form = %d", res.status)
		}
		contains(t, "finding form", html.UnescapeString(res.body), `data-page="visit-finding"`,
			">Đẩy nhanh giải phóng mặt bằng đường dẫn cầu</textarea>", `<option value="`+strconv.FormatInt(district, 10)+`" selected>`)
		due := time.Now().In(dondoc.Location).AddDate(0, 2, 0).Format("02/01/2006")
		task := url.Values{"title": {"Đẩy nhanh giải phóng mặt bằng"}, "lead": {strconv.FormatInt(commune, 10)}, "deadline": {due}}
		postRefusals(t, c, findingPath, http.StatusUnprocessableEntity, []refusal{
			{name: "no title", field: "title", form: withField(task, "title", " ")},
			{name: "no lead", field: "lead", message: "Hãy chọn đơn vị chủ trì.", form: withField(task, "lead", "")},
			{name: "unknown lead", field: "lead", form: withField(task, "lead", "999999")},
			{name: "no deadline", field: "deadline", message: "Hãy nhập thời hạn.", form: withField(task, "deadline", "")},
			{name: "bad deadline", field: "deadline", message: "dd/mm/yyyy", form: withField(task, "deadline", "30/02/2026")},
			{name: "before the visit", field: "deadline", message: "Thời hạn không được trước ngày đi cơ sở", form: withField(task, "deadline", time.Now().In(dondoc.Location).Format("02/01/2006"))},
		}, func(t *testing.T, tc refusal, body string) {
			if tc.field != "title" {
				contains(t, tc.name, body, ">Đẩy nhanh giải phóng mặt bằng</textarea>")
			}
		})
		fv, err := db.GetFieldVisit(as(la), mustID(t, visitPath))
		if err != nil {
			t.Fatal(err)
		}
		if fv.Findings[0].TaskID != nil {
			t.Fatal("a refused form turned the finding into a task")
		}
		res = c.post(findingPath, task)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/nhiem-vu/") {
			t.Fatalf("finding to task = %d to %q: %.300s", res.status, res.header.Get("Location"), res.body)
		}
		taskPage := html.UnescapeString(c.get(res.header.Get("Location")).body)
		contains(t, "new task", taskPage, "Đẩy nhanh giải phóng mặt bằng", "Tạo từ kết luận sau kiểm tra", "Đẩy nhanh giải phóng mặt bằng đường dẫn cầu", "Xã Đồng Việt")
		contains(t, "visit page after", html.UnescapeString(c.get(visitPath).body), "Đã chuyển thành nhiệm vụ:", `href="`+res.header.Get("Location")+`"`)
		if again := c.post(findingPath, task); again.status != http.StatusConflict {
			t.Errorf("second task from one finding = %d, want 409", again.status)
		}

		officer, _ := e.signedIn("canboxa")
		if res := officer.get("/di-co-so/moi"); res.status != http.StatusForbidden {
			t.Errorf("an officer's visit form = %d, want 403", res.status)
		}
		if res := officer.post("/di-co-so", good); res.status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(res.body), "Chỉ lãnh đạo hoặc văn phòng") {
			t.Errorf("an officer recording a visit = %d", res.status)
		}
		res = officer.get(visitPath)
		if res.status != http.StatusOK || strings.Contains(res.body, "/ket-luan/") {
			t.Errorf("the officer's visit page = %d, offering findings to assign: %v", res.status, strings.Contains(res.body, "/ket-luan/"))
		}
		if res := c.get("/di-co-so/abc"); res.status != http.StatusNotFound {
			t.Errorf("a malformed visit = %d, want 404", res.status)
		}
	})
}

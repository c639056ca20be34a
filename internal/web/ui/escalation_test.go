package ui_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

func TestEscalationPages(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		office, fa := e.signedIn("vanphong")
		var task dondoc.Task
		var rep dondoc.ProgressReport
		for _, tk := range e.allTasks(fa, dondoc.TaskFilter{Status: dondoc.OpenStatuses}) {
			reports, err := db.ListReports(as(fa), tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range reports {
				if r.Difficulties != "" {
					task, rep = tk, r
				}
			}
		}
		if rep.ID == 0 {
			t.Fatal("the demo has no report with difficulties")
		}
		tid, rid := strconv.FormatInt(task.ID, 10), strconv.FormatInt(rep.ID, 10)
		newPath := "/kien-nghi/moi?task=" + tid + "&report=" + rid
		res := office.get(newPath)
		if res.status != http.StatusOK {
			t.Fatalf("escalation form = %d: %.300s", res.status, res.body)
		}
		body := html.UnescapeString(res.body)
		contains(t, "escalation form", body, `data-page="escalation-new"`, rep.Difficulties, "Khó khăn, vướng mắc:", "Kiến nghị tháo gỡ khó khăn: "+task.Title)
		to := find(t, "addressee chosen", `<option value="(\d+)" selected>`, res.body)
		count := func() int {
			page, err := db.ListEscalations(as(fa), "", "", dondoc.MaxPageSize)
			if err != nil {
				t.Fatal(err)
			}
			return len(page.Items)
		}
		before := count()
		good := url.Values{"task": {tid}, "report": {rid}, "to_unit": {to[1]}, "subject": {"Kiến nghị về đơn giá bồi thường"},
			"text": {"Đề nghị cho ý kiến chỉ đạo."}, "response_due": {string(dondoc.Today(db.Now()).AddDays(5))}}
		postRefusals(t, office, "/kien-nghi", http.StatusBadRequest, []refusal{
			{name: "no subject", field: "subject", message: "trích yếu", form: withField(good, "subject", " ")},
			{name: "no response date", field: "response_due", message: "Hãy nhập hạn trả lời", form: withField(good, "response_due", "")},
			{name: "bad response date", field: "response_due", message: "ngày có thật", form: withField(good, "response_due", "hôm nay")},
			{name: "past response date", field: "response_due", message: "không được trước ngày hôm nay", form: withField(good, "response_due", "2020-01-01")},
			{name: "unknown addressee", field: "to_unit", message: "trong danh sách", form: withField(good, "to_unit", "999999")},
		}, func(t *testing.T, tc refusal, body string) {
			contains(t, tc.name, body, "Đề nghị cho ý kiến chỉ đạo.")
		})
		if n := count(); n != before {
			t.Fatalf("refused escalations stored %d", n-before)
		}
		viewer, _ := e.signedIn("xem")
		if res := viewer.post("/kien-nghi", good); res.status != http.StatusForbidden {
			t.Errorf("viewer's escalation = %d, want 403", res.status)
		}
		res = office.post("/kien-nghi", good)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/kien-nghi/") {
			t.Fatalf("escalation = %d to %q: %.300s", res.status, res.header.Get("Location"), res.body)
		}
		epath := strings.SplitN(res.header.Get("Location"), "?", 2)[0]
		res = office.get(res.header.Get("Location"))
		contains(t, "escalation page", html.UnescapeString(res.body), "Đã gửi kiến nghị.", "Kiến nghị về đơn giá bồi thường", "Chờ ý kiến chỉ đạo", "0 ngày")
		if strings.Contains(res.body, "y-kien-chi-dao") {
			t.Error("the office is offered to answer its own escalation")
		}

		// The inbox lists it with its days, the oldest first.
		res = office.get("/kien-nghi")
		contains(t, "inbox", res.body, `data-page="escalation-list"`, `href="`+epath+`"`, "Số ngày chờ")
		days := regexp.MustCompile(`<strong>(\d+) ngày</strong>`).FindAllStringSubmatch(res.body, -1)
		for i := 1; i < len(days); i++ {
			a, _ := strconv.Atoi(days[i-1][1])
			b, _ := strconv.Atoi(days[i][1])
			if a < b {
				t.Errorf("inbox is not oldest first: %d days before %d", a, b)
			}
		}
		if res := office.get("/kien-nghi?status=bogus"); res.status != http.StatusBadRequest {
			t.Errorf("bad status filter = %d", res.status)
		}
		if res := office.get("/kien-nghi?status=closed"); strings.Contains(res.body, `href="`+epath+`"`) {
			t.Error("the closed filter lists an open escalation")
		}

		// The leader answers: bad rows are named, "Thêm dòng" adds a row, nothing changes until
		// the answer is whole.
		leader, la := e.signedIn("lanhdao")
		res = leader.get(epath)
		contains(t, "escalation page for the leader", res.body, "Cho ý kiến chỉ đạo", `name="row_title"`)
		version := find(t, "version", `name="version" value="(\d+)"`, res.body)[1]
		unit := strconv.FormatInt(task.LeadUnitID, 10)
		newDue := task.DueOn.AddDays(30)
		if !task.DueOn.Valid() || task.DueOn == dondoc.NoDate {
			newDue = dondoc.Today(db.Now()).AddDays(60)
		}
		answer := url.Values{"version": {version}, "direction": {"Giao UBND huyện rà soát đơn giá."}, "new_deadline": {newDue.Format()},
			"row_title": {"Rà soát đơn giá bồi thường", ""}, "row_lead": {unit, ""}, "row_deadline": {string(dondoc.Today(db.Now()).AddDays(20)), ""}}
		set := func(k string, vals ...string) url.Values { return withField(answer, k, vals...) }
		res = leader.post(epath+"/y-kien-chi-dao", set("add_row", "1"))
		if n := strings.Count(res.body, `name="row_title"`); res.status != http.StatusOK || n != 3 {
			t.Errorf("add a row = %d with %d rows, want 3", res.status, n)
		}
		contains(t, "add a row", res.body, "Rà soát đơn giá bồi thường", "Giao UBND huyện rà soát đơn giá.")
		postRefusals(t, leader, epath+"/y-kien-chi-dao", http.StatusBadRequest, []refusal{
			{name: "no direction", field: "direction", message: "Hãy nhập ý kiến chỉ đạo", form: set("direction", "")},
			{name: "row without a unit", field: "row-lead-1", message: "Hãy chọn đơn vị chủ trì", form: set("row_title", "Rà soát đơn giá bồi thường", "Việc thứ hai")},
			{name: "row without a title", field: "row-title-0", message: "Hãy nhập tên nhiệm vụ", form: set("row_title", "", "")},
			{name: "bad row deadline", field: "row-deadline-0", message: "ngày có thật", form: set("row_deadline", "32/01/2025", "")},
			{name: "bad new deadline", field: "new_deadline", message: "ngày có thật", form: set("new_deadline", "mai")},
		}, func(t *testing.T, tc refusal, body string) {
			if tc.field != "direction" {
				contains(t, tc.name, body, "Giao UBND huyện rà soát đơn giá.")
			}
		})
		if e2, _ := db.GetEscalation(as(la), mustID(t, epath)); e2.Status != dondoc.EscalationOpen {
			t.Fatalf("a refused answer changed the escalation to %s", e2.Status)
		}
		res = leader.post(epath+"/y-kien-chi-dao", answer)
		if res.status != http.StatusSeeOther {
			t.Fatalf("answer = %d: %.300s", res.status, res.body)
		}
		res = leader.get(res.header.Get("Location"))
		contains(t, "answered escalation", html.UnescapeString(res.body), "Đã gửi ý kiến chỉ đạo.", "Giao UBND huyện rà soát đơn giá.",
			"Nhiệm vụ giao theo ý kiến chỉ đạo", "Rà soát đơn giá bồi thường")
		res = leader.post(epath+"/y-kien-chi-dao", answer)
		if res.status < 400 {
			t.Errorf("answering twice = %d", res.status)
		}

		// Every step is on the task's timeline, and the direction moved the deadline.
		res = office.get("/nhiem-vu/" + tid)
		contains(t, "timeline", res.body, "Gửi kiến nghị", "Có ý kiến chỉ đạo", "Đổi thời hạn theo ý kiến chỉ đạo", newDue.Format())
		if moved, err := db.GetTask(as(fa), task.ID); err != nil || moved.DueOn != newDue {
			t.Errorf("deadline after the direction = %v, want %s (%v)", moved, newDue, err)
		}

		// The pages read in English too.
		u, _ := url.Parse(e.srv.URL)
		office.http.Jar.SetCookies(u, []*http.Cookie{{Name: "dondoc_lang", Value: "en"}})
		res = office.get(epath)
		contains(t, "escalation page in English", res.body, `<html lang="en">`, "Raised by unit", "Direction", "Close this escalation")
		if strings.Contains(res.body, "Đơn vị kiến nghị") {
			t.Error("the English escalation page has Vietnamese labels")
		}
		office.http.Jar.SetCookies(u, []*http.Cookie{{Name: "dondoc_lang", Value: "vi"}})

		// The raising side closes it.
		res = office.get(epath)
		close := find(t, "form to close the answered escalation", `action="`+regexp.QuoteMeta(epath)+`/dong">\s*<input type="hidden" name="version" value="(\d+)"`, res.body)
		if res := leader.post(epath+"/dong", url.Values{"version": {close[1]}}); res.status != http.StatusForbidden {
			t.Errorf("leader closes = %d, want 403", res.status)
		}
		res = office.post(epath+"/dong", url.Values{"version": {close[1]}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("close = %d: %.300s", res.status, res.body)
		}
		closed := office.get(res.header.Get("Location")).body
		contains(t, "closed", closed, "Đã đóng kiến nghị.")
		// The escalation's own timeline holds its three steps, oldest first.
		steps := closed[strings.Index(closed, `id="esc-timeline-heading"`):]
		raised, answered, shut := strings.Index(steps, "Gửi kiến nghị"), strings.Index(steps, "Có ý kiến chỉ đạo"), strings.Index(steps, "Đóng kiến nghị")
		if raised < 0 || answered < raised || shut < answered {
			t.Errorf("the escalation's timeline lacks its steps in order: raised %d, answered %d, closed %d", raised, answered, shut)
		}
		contains(t, "timeline after close", office.get("/nhiem-vu/"+tid).body, "Đóng kiến nghị")
		if res := office.post(epath+"/dong", url.Values{"version": {close[1]}}); res.status != http.StatusConflict {
			t.Errorf("closing twice = %d, want 409", res.status)
		}
	})
}

func mustID(t *testing.T, path string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(path[strings.LastIndex(path, "/")+1:], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

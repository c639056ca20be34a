package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"dondoc"
)

func (e *env) createTask(who string, in dondoc.TaskInput) (dondoc.Task, string) {
	e.t.Helper()
	res := e.do(who, "POST", "/api/v1/tasks", in)
	if res.Status != http.StatusCreated {
		e.t.Fatalf("create task: %d %s", res.Status, res.Body)
	}
	var task dondoc.Task
	res.JSON(e.t, &task)
	return task, res.Header.Get("ETag")
}

func (e *env) taskCount() int {
	e.t.Helper()
	var page dondoc.Page[dondoc.Task]
	res := e.do("office", "GET", "/api/v1/tasks?limit=200", nil)
	res.JSON(e.t, &page)
	return len(page.Items)
}

func TestTaskAPILifecycle(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		task, tag := e.createTask("office", dondoc.TaskInput{Title: "Xóa nhà tạm, nhà dột nát", LeadUnitID: e.p.CommuneA.ID,
			AssignerUnitID: e.p.Office.ID, Assign: true})
		if tag != `"v1"` || task.Status != dondoc.StatusAssigned {
			t.Fatalf("created %+v with ETag %s", task, tag)
		}
		path := fmt.Sprintf("/api/v1/tasks/%d", task.ID)
		// The officer of the lead commune reports; the ETag moves on.
		res := e.do("officerA", "POST", path+"/transitions", map[string]any{"action": "report", "note": "Đã khảo sát 12 hộ"}, "If-Match", tag)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("report: %d %s %s", res.Status, res.Header.Get("ETag"), res.Body)
		}
		// The old ETag is stale now: 412, and nothing changes.
		res = e.do("office", "POST", path+"/transitions", map[string]any{"action": "suspend"}, "If-Match", tag)
		if res.Status != http.StatusPreconditionFailed || res.Problem(t).Code != "stale" {
			t.Fatalf("stale transition: %d %s", res.Status, res.Body)
		}
		// No If-Match at all: 428.
		res = e.do("office", "PATCH", path, map[string]any{"title": "x", "lead_unit_id": e.p.CommuneA.ID, "assigner_unit_id": e.p.Office.ID})
		if res.Status != http.StatusPreconditionRequired || res.Problem(t).Field != "If-Match" {
			t.Fatalf("missing If-Match: %d %s", res.Status, res.Body)
		}
		res = e.do("office", "GET", path, nil)
		var got dondoc.Task
		res.JSON(t, &got)
		if got.Status != dondoc.StatusInProgress || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("after stale writes: %+v %s", got, res.Header.Get("ETag"))
		}
		// A transition the state machine forbids is a 409 that names the action.
		res = e.do("office", "POST", path+"/transitions", map[string]any{"action": "confirm"}, "If-Match", `"v2"`)
		if p := res.Problem(t); res.Status != http.StatusConflict || p.Field != "action" || !strings.Contains(p.Detail, "đang thực hiện") {
			t.Fatalf("confirm in progress: %d %s", res.Status, res.Body)
		}
		res = e.do("office", "GET", path+"/timeline", nil)
		var tl struct{ Items []dondoc.Event }
		res.JSON(t, &tl)
		if len(tl.Items) != 2 || tl.Items[1].Kind != "report" || tl.Items[1].Note != "Đã khảo sát 12 hộ" {
			t.Fatalf("timeline = %+v", tl.Items)
		}
	})
}

func TestTaskAPIScope(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		task, tag := e.createTask("office", dondoc.TaskInput{Title: "Thu ngân sách xã", LeadUnitID: e.p.CommuneA.ID,
			AssignerUnitID: e.p.Office.ID, Assign: true})
		path := fmt.Sprintf("/api/v1/tasks/%d", task.ID)
		for _, c := range []struct {
			who, method, path string
			body              any
		}{
			{"officerB", "GET", path, nil},
			{"officerB", "GET", path + "/timeline", nil},
			{"officerB", "POST", path + "/transitions", map[string]any{"action": "report"}},
			{"officerB", "PATCH", path, map[string]any{"title": "x", "lead_unit_id": e.p.CommuneA.ID, "assigner_unit_id": e.p.Office.ID}},
			{"office", "GET", "/api/v1/tasks/999999", nil},
			{"office", "GET", "/api/v1/tasks/abc", nil},
		} {
			res := e.do(c.who, c.method, c.path, c.body, "If-Match", tag)
			if res.Status != http.StatusNotFound || res.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s %s %s: %d %s", c.who, c.method, c.path, res.Status, res.Body)
			}
		}
		var page dondoc.Page[dondoc.Task]
		e.do("officerB", "GET", "/api/v1/tasks", nil).JSON(t, &page)
		if len(page.Items) != 0 {
			t.Errorf("officerB lists %d tasks", len(page.Items))
		}
		e.do("headA", "GET", "/api/v1/tasks", nil).JSON(t, &page)
		if len(page.Items) != 1 {
			t.Errorf("head of the district lists %d tasks, want its commune's one", len(page.Items))
		}
		// The head can see the task but may not cancel it: 403 names no field, and says why.
		res := e.do("headA", "POST", path+"/transitions", map[string]any{"action": "cancel"}, "If-Match", tag)
		if res.Status != http.StatusForbidden {
			t.Errorf("head cancels: %d %s", res.Status, res.Body)
		}
		if res := e.do("", "GET", "/api/v1/tasks", nil); res.Status != http.StatusUnauthorized {
			t.Errorf("anonymous: %d", res.Status)
		}
		if res := e.do("", "GET", "/api/v1/tasks", nil, "Authorization", "Bearer ddk_forged"); res.Status != http.StatusUnauthorized {
			t.Errorf("forged token: %d", res.Status)
		}
	})
}

func TestTaskAPIBadInput(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		valid := func(extra string) []byte {
			return []byte(fmt.Sprintf(`{"title":"Nhiệm vụ","lead_unit_id":%d,"assigner_unit_id":%d%s}`, e.p.CommuneA.ID, e.p.Office.ID, extra))
		}
		huge := `,"text":"` + strings.Repeat("a", 10<<20) + `"`
		tests := []struct {
			name   string
			body   []byte
			status int
			field  string
		}{
			{"malformed JSON", []byte(`{"title": "x",`), 400, "body"},
			{"not an object", []byte(`[1,2]`), 400, "body"},
			{"empty body", []byte(``), 400, "body"},
			{"unknown field", valid(`,"priority":"cao"`), 400, "priority"},
			{"wrong type", []byte(fmt.Sprintf(`{"title":5,"lead_unit_id":%d,"assigner_unit_id":%d}`, e.p.CommuneA.ID, e.p.Office.ID)), 400, "title"},
			{"wrong nested type", valid(`,"deadline":{"kind":"date","date":20240506}`), 400, "deadline.date"},
			{"impossible date", valid(`,"deadline":{"kind":"date","date":"2024-02-30"}`), 400, "deadline.date"},
			{"unknown lead unit", []byte(fmt.Sprintf(`{"title":"x","lead_unit_id":987654,"assigner_unit_id":%d}`, e.p.Office.ID)), 400, "lead_unit_id"},
			{"missing title", []byte(fmt.Sprintf(`{"lead_unit_id":%d,"assigner_unit_id":%d}`, e.p.CommuneA.ID, e.p.Office.ID)), 400, "title"},
			{"ten megabyte string", valid(huge), 400, "text"},
			{"invalid UTF-8", append(append([]byte(`{"title":"Nhi`), 0xff, 0xfe), []byte(fmt.Sprintf(`","lead_unit_id":%d,"assigner_unit_id":%d}`, e.p.CommuneA.ID, e.p.Office.ID))...), 400, "title"},
			{"trailing data", append(valid(""), []byte(` {}`)...), 400, "body"},
		}
		for _, tt := range tests {
			res := e.do("office", "POST", "/api/v1/tasks", tt.body)
			if res.Status != tt.status {
				t.Errorf("%s: status %d, want %d: %.300s", tt.name, res.Status, tt.status, res.Body)
				continue
			}
			p := res.Problem(t)
			if p.Field != tt.field || p.Detail == "" || res.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: problem %+v, want field %q", tt.name, p, tt.field)
			}
		}
		// A deadline before the date of the document the task comes from.
		res := e.do("office", "POST", "/api/v1/documents", map[string]any{"type": "Công văn", "issuer": "Ban Thường vụ Tỉnh ủy",
			"number_symbol": "1250-CV/TU", "date": "2024-05-06"})
		if res.Status != http.StatusCreated {
			t.Fatalf("create document: %d %s", res.Status, res.Body)
		}
		var doc dondoc.Document
		res.JSON(t, &doc)
		res = e.do("office", "POST", "/api/v1/tasks", valid(fmt.Sprintf(`,"document_id":%d,"deadline":{"kind":"date","date":"2024-05-01"}`, doc.ID)))
		if p := res.Problem(t); res.Status != http.StatusBadRequest || p.Field != "deadline.date" {
			t.Errorf("deadline before the document date: %d %s", res.Status, res.Body)
		}
		if n := e.taskCount(); n != 0 {
			t.Errorf("bad input left %d tasks", n)
		}
		// A wrong content type is refused before the body is read.
		res = e.do("office", "POST", "/api/v1/tasks", bytes.NewBufferString("x").Bytes(), "Content-Type", "text/plain")
		if res.Status != http.StatusUnsupportedMediaType {
			t.Errorf("text/plain: %d", res.Status)
		}
		for _, q := range []struct{ query, field string }{
			{"overdue=perhaps", "overdue"}, {"due_before=06/05/2024", "due_before"}, {"unit=-3", "unit"},
			{"status=finished", "status"}, {"cursor=!!!", "cursor"}, {"q=%%%", "query"}, {"limit=abc", "limit"},
		} {
			res := e.do("office", "GET", "/api/v1/tasks?"+q.query, nil)
			if res.Status != http.StatusBadRequest || res.Problem(t).Field != q.field {
				t.Errorf("?%s: %d %s", q.query, res.Status, res.Body)
			}
		}
	})
}

func TestProblemLanguage(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		body := []byte(fmt.Sprintf(`{"lead_unit_id":%d,"assigner_unit_id":%d}`, e.p.CommuneA.ID, e.p.Office.ID))
		vi := e.do("office", "POST", "/api/v1/tasks", body).Problem(t)
		en := e.do("office", "POST", "/api/v1/tasks", body, "Accept-Language", "en-US,en;q=0.9").Problem(t)
		if vi.Detail != "Trường này là bắt buộc." || vi.Title != "Dữ liệu không hợp lệ" {
			t.Errorf("Vietnamese problem: %+v", vi)
		}
		if en.Detail != "This field is required." || en.Title != "Invalid input" || en.Field != "title" {
			t.Errorf("English problem: %+v", en)
		}
	})
}

func TestHealthAndSession(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		var h struct {
			Status        string
			Engine        string
			SchemaVersion int64 `json:"schema_version"`
		}
		res := e.do("", "GET", "/healthz", nil)
		res.JSON(t, &h)
		if res.Status != 200 || h.Status != "ok" || h.Engine != string(e.db.Engine) || h.SchemaVersion < 1 {
			t.Errorf("healthz: %d %s", res.Status, res.Body)
		}
		res = e.do("", "POST", "/api/v1/session", map[string]string{"username": "office", "password": "sai-mat-khau"})
		if res.Status != http.StatusUnauthorized {
			t.Errorf("wrong password: %d", res.Status)
		}
		res = e.do("", "POST", "/api/v1/session", map[string]string{"username": "office", "password": "mat-khau-thu"})
		if res.Status != http.StatusOK {
			t.Fatalf("login: %d %s", res.Status, res.Body)
		}
		var cookie string
		for _, c := range (&http.Response{Header: res.Header}).Cookies() {
			if c.Name == "dondoc_session" && c.HttpOnly {
				cookie = c.Name + "=" + c.Value
			}
		}
		if cookie == "" {
			t.Fatal("no HttpOnly session cookie")
		}
		res = e.do("", "GET", "/api/v1/me", nil, "Cookie", cookie)
		var me dondoc.User
		res.JSON(t, &me)
		if res.Status != 200 || me.Username != "office" || len(me.Grants) != 1 {
			t.Errorf("me: %d %s", res.Status, res.Body)
		}
		if res := e.do("", "DELETE", "/api/v1/session", nil, "Cookie", cookie); res.Status != http.StatusNoContent {
			t.Errorf("logout: %d", res.Status)
		}
		if res := e.do("", "GET", "/api/v1/me", nil, "Cookie", cookie); res.Status != http.StatusUnauthorized {
			t.Errorf("after logout: %d", res.Status)
		}
	})
}

func TestCoordinationAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		task, tag := e.createTask("office", dondoc.TaskInput{Title: "Giải phóng mặt bằng Cầu Đồng Việt", LeadUnitID: e.p.DistrictA.ID,
			AssignerUnitID: e.p.Office.ID, Assign: true, Coordinators: []dondoc.Coordinator{{UnitID: e.p.Department.ID, Part: "Thẩm định giá đất"}}})
		path := fmt.Sprintf("/api/v1/tasks/%d/coordinators/%d", task.ID, e.p.Department.ID)
		// An officer of another unit may not see the task at all.
		if res := e.do("officerB", "PUT", path, map[string]any{"status": "done"}, "If-Match", tag); res.Status != http.StatusNotFound {
			t.Errorf("stranger: %d %s", res.Status, res.Body)
		}
		if res := e.do("dept", "PUT", path, map[string]any{"status": "finished"}, "If-Match", tag); res.Status != http.StatusBadRequest || res.Problem(t).Field != "status" {
			t.Errorf("bad status: %d %s", res.Status, res.Body)
		}
		res := e.do("dept", "PUT", path, map[string]any{"status": "done", "note": "Đã thẩm định xong"}, "If-Match", tag)
		if res.Status != http.StatusOK {
			t.Fatalf("coordinator marks its part done: %d %s", res.Status, res.Body)
		}
		var got dondoc.Task
		res.JSON(t, &got)
		if len(got.Coordinators) != 1 || got.Coordinators[0].Status != dondoc.StatusDone || got.Status != dondoc.StatusAssigned {
			t.Errorf("after update: %+v", got)
		}
		// The lead unit reporting later does not undo the coordinator's own status.
		res = e.do("headA", "POST", fmt.Sprintf("/api/v1/tasks/%d/transitions", task.ID), map[string]any{"action": "report"}, "If-Match", res.Header.Get("ETag"))
		res.JSON(t, &got)
		if res.Status != http.StatusOK || got.Coordinators[0].Status != dondoc.StatusDone {
			t.Errorf("after the lead reports: %d %+v", res.Status, got.Coordinators)
		}
		if res := e.do("dept", "PUT", path, map[string]any{"status": "in_progress"}, "If-Match", tag); res.Status != http.StatusPreconditionFailed {
			t.Errorf("stale: %d", res.Status)
		}
	})
}

package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb/sqldbtest"
)

// communeTask creates an assigned task of commune A, assigned by the provincial office and due on
// due, and returns it with its path.
func (e *env) communeTask(due dondoc.Date) (dondoc.Task, string) {
	e.t.Helper()
	in := dondoc.TaskInput{Title: "Xóa nhà tạm xã Đồng Việt", LeadUnitID: e.p.CommuneA.ID, AssignerUnitID: e.p.Office.ID, Assign: true}
	if due != "" {
		in.Deadline = dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: due}
	}
	task, _ := e.createTask("office", in)
	return task, fmt.Sprintf("/api/v1/tasks/%d", task.ID)
}

// wantStatus fails the test unless res has the status (and names field, for a problem).
func wantStatus(t *testing.T, what string, res *response, status int, field string) {
	t.Helper()
	if res.Status != status {
		t.Errorf("%s: %d %s, want %d", what, res.Status, res.Body, status)
		return
	}
	if status >= 400 {
		if p := res.Problem(t); p.Field != field {
			t.Errorf("%s: field %q, want %q", what, p.Field, field)
		}
	}
}

func TestReportAPIChainWithETags(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		task, path := e.communeTask("")
		res := e.do("officerA", "POST", path+"/reports", map[string]any{"period": "2024-05", "text": "Đã hỗ trợ 12 hộ", "percent": 40,
			"difficulties": "Thiếu vốn đối ứng"})
		var rep dondoc.ProgressReport
		res.JSON(t, &rep)
		if res.Status != http.StatusCreated || res.Header.Get("ETag") != `"v1"` || rep.Status != dondoc.ReportSubmitted {
			t.Fatalf("submit: %d %s %s", res.Status, res.Header.Get("ETag"), res.Body)
		}
		review := fmt.Sprintf("/api/v1/reports/%d/review", rep.ID)
		wantStatus(t, "review without If-Match", e.do("headA", "POST", review, map[string]any{"approve": true}), http.StatusPreconditionRequired, "If-Match")
		wantStatus(t, "officer approves", e.do("officerA", "POST", review, map[string]any{"approve": true}, "If-Match", `"v1"`), http.StatusForbidden, "")
		res = e.do("headA", "POST", review, map[string]any{"approve": true}, "If-Match", `"v1"`)
		res.JSON(t, &rep)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` || rep.Status != dondoc.ReportApproved {
			t.Fatalf("approve: %d %s %s", res.Status, res.Header.Get("ETag"), res.Body)
		}
		res = e.do("office", "POST", review, map[string]any{"approve": true}, "If-Match", `"v1"`)
		if res.Status != http.StatusPreconditionFailed || res.Problem(t).Code != "stale" {
			t.Fatalf("stale accept: %d %s", res.Status, res.Body)
		}
		res = e.do("office", "POST", review, map[string]any{"approve": true, "note": "Tiếp nhận"}, "If-Match", `"v2"`)
		res.JSON(t, &rep)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v3"` || rep.Status != dondoc.ReportAccepted || rep.AcceptedBy == nil {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		res = e.do("viewer", "GET", path, nil)
		var got dondoc.Task
		res.JSON(t, &got)
		if got.Status != dondoc.StatusInProgress || got.Progress != 40 || got.Version != task.Version+2 {
			t.Errorf("task after the chain: %s progress %d v%d", got.Status, got.Progress, got.Version)
		}
		res = e.do("headA", "GET", path+"/reports", nil)
		var list struct{ Items []dondoc.ProgressReport }
		res.JSON(t, &list)
		if res.Status != http.StatusOK || len(list.Items) != 1 || list.Items[0].ID != rep.ID {
			t.Errorf("list reports: %d %s", res.Status, res.Body)
		}
	})
}

func TestReportAPIBadInputAndScope(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		_, path := e.communeTask("")
		wantStatus(t, "percent 150", e.do("officerA", "POST", path+"/reports", map[string]any{"text": "x", "percent": 150}), http.StatusBadRequest, "percent")
		wantStatus(t, "percent as text", e.do("officerA", "POST", path+"/reports", []byte(`{"text":"x","percent":"nhiều"}`)), http.StatusBadRequest, "percent")
		wantStatus(t, "unknown field", e.do("officerA", "POST", path+"/reports", map[string]any{"text": "x", "percent": 5, "ratio": 1}), http.StatusBadRequest, "ratio")
		res := e.do("officerA", "GET", path+"/reports", nil)
		var list struct{ Items []dondoc.ProgressReport }
		res.JSON(t, &list)
		if res.Status != http.StatusOK || len(list.Items) != 0 {
			t.Errorf("bad input stored reports: %d %s", res.Status, res.Body)
		}

		// Commune B's officer cannot see commune A's task, its reports or its report's review.
		res = e.do("officerA", "POST", path+"/reports", map[string]any{"text": "Đạt 10%", "percent": 10})
		var rep dondoc.ProgressReport
		res.JSON(t, &rep)
		wantStatus(t, "other commune lists reports", e.do("officerB", "GET", path+"/reports", nil), http.StatusNotFound, "")
		wantStatus(t, "other commune submits", e.do("officerB", "POST", path+"/reports", map[string]any{"text": "x", "percent": 1}), http.StatusNotFound, "")
		wantStatus(t, "other commune reviews", e.do("officerB", "POST", fmt.Sprintf("/api/v1/reports/%d/review", rep.ID),
			map[string]any{"approve": true}, "If-Match", `"v1"`), http.StatusNotFound, "")
		wantStatus(t, "anonymous", e.do("", "GET", path+"/reports", nil), http.StatusUnauthorized, "")
	})
}

func TestExtensionAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		task, path := e.communeTask("2099-06-30")
		wantStatus(t, "impossible date", e.do("officerA", "POST", path+"/extensions", map[string]any{"proposed": "2099-02-30", "reason": "x"}),
			http.StatusBadRequest, "proposed")
		res := e.do("officerA", "POST", path+"/extensions", map[string]any{"proposed": "2099-07-31", "reason": "Chờ vốn"})
		var x dondoc.Extension
		res.JSON(t, &x)
		if res.Status != http.StatusCreated || res.Header.Get("ETag") != `"v1"` || x.Status != dondoc.ExtensionPending {
			t.Fatalf("request: %d %s", res.Status, res.Body)
		}
		decision := fmt.Sprintf("/api/v1/extensions/%d/decision", x.ID)
		wantStatus(t, "lead decides", e.do("officerA", "POST", decision, map[string]any{"approve": true}, "If-Match", `"v1"`), http.StatusForbidden, "")
		res = e.do("office", "POST", decision, map[string]any{"approve": true}, "If-Match", `"v1"`)
		res.JSON(t, &x)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` || x.Status != dondoc.ExtensionApproved {
			t.Fatalf("decide: %d %s", res.Status, res.Body)
		}
		var got dondoc.Task
		e.do("office", "GET", path, nil).JSON(t, &got)
		if got.DueOn != "2099-07-31" || got.Extensions != 1 || got.Version != task.Version+1 {
			t.Errorf("extended task: due %s extensions %d v%d", got.DueOn, got.Extensions, got.Version)
		}
		res = e.do("headA", "GET", path+"/extensions", nil)
		var list struct{ Items []dondoc.Extension }
		res.JSON(t, &list)
		if res.Status != http.StatusOK || len(list.Items) != 1 {
			t.Errorf("list: %d %s", res.Status, res.Body)
		}
	})
}

func TestEscalationAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		task, _ := e.communeTask("2099-06-30")
		in := map[string]any{"task_id": task.ID, "from_unit_id": e.p.CommuneA.ID, "to_unit_id": e.p.Office.ID,
			"subject": "Vướng mặt bằng", "response_due": "2099-01-15"}
		res := e.do("officerA", "POST", "/api/v1/escalations", in)
		var esc dondoc.Escalation
		res.JSON(t, &esc)
		if res.Status != http.StatusCreated || res.Header.Get("Location") != fmt.Sprintf("/api/v1/escalations/%d", esc.ID) || esc.Status != dondoc.EscalationOpen {
			t.Fatalf("raise: %d %s", res.Status, res.Body)
		}
		path := res.Header.Get("Location")
		wantStatus(t, "other commune reads", e.do("officerB", "GET", path, nil), http.StatusNotFound, "")
		res = e.do("leader", "GET", path, nil)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("get: %d %s", res.Status, res.Body)
		}
		dir := map[string]any{"direction": "Giao Sở Tài chính bố trí vốn",
			"new_tasks": []map[string]any{{"title": "Bố trí vốn", "lead_unit_id": e.p.Department.ID, "assigner_unit_id": e.p.Office.ID, "assign": true}}}
		bad := map[string]any{"direction": "x", "new_tasks": []map[string]any{{"title": "", "lead_unit_id": e.p.Department.ID, "assigner_unit_id": e.p.Office.ID}}}
		wantStatus(t, "bad new task", e.do("leader", "POST", path+"/answer", bad, "If-Match", `"v1"`), http.StatusBadRequest, "new_tasks[0].title")
		wantStatus(t, "officer answers", e.do("officerA", "POST", path+"/answer", dir, "If-Match", `"v1"`), http.StatusForbidden, "")
		res = e.do("leader", "POST", path+"/answer", dir, "If-Match", `"v1"`)
		res.JSON(t, &esc)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` || esc.Status != dondoc.EscalationAnswered {
			t.Fatalf("answer: %d %s", res.Status, res.Body)
		}
		res = e.do("dept", "GET", "/api/v1/tasks", nil)
		var tasks dondoc.Page[dondoc.Task]
		res.JSON(t, &tasks)
		if len(tasks.Items) != 1 || tasks.Items[0].SourceKind != "escalation" {
			t.Errorf("department's tasks: %s", res.Body)
		}
		wantStatus(t, "stale close", e.do("officerA", "POST", path+"/close", nil, "If-Match", `"v1"`), http.StatusPreconditionFailed, "")
		res = e.do("officerA", "POST", path+"/close", nil, "If-Match", `"v2"`)
		res.JSON(t, &esc)
		if res.Status != http.StatusOK || esc.Status != dondoc.EscalationClosed {
			t.Fatalf("close: %d %s", res.Status, res.Body)
		}
		res = e.do("leader", "GET", "/api/v1/escalations?status=closed&limit=10", nil)
		var page dondoc.Page[dondoc.Escalation]
		res.JSON(t, &page)
		if res.Status != http.StatusOK || len(page.Items) != 1 {
			t.Errorf("list closed: %d %s", res.Status, res.Body)
		}
		wantStatus(t, "unknown status", e.do("leader", "GET", "/api/v1/escalations?status=waiting", nil), http.StatusBadRequest, "status")
	})
}

func TestFieldVisitAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		person, err := e.db.CreatePerson(sqldbtest.System(), dondoc.Person{FullName: "Nguyễn Văn An"})
		if err != nil {
			t.Fatal(err)
		}
		in := map[string]any{"leader_person_id": person.ID, "date": "2024-05-03", "unit_ids": []int64{e.p.CommuneA.ID},
			"findings": []string{"Đẩy nhanh giải phóng mặt bằng", ""}}
		wantStatus(t, "empty finding", e.do("leader", "POST", "/api/v1/field-visits", in), http.StatusBadRequest, "findings[1]")
		in["findings"] = []string{"Đẩy nhanh giải phóng mặt bằng"}
		wantStatus(t, "officer records", e.do("officerA", "POST", "/api/v1/field-visits", in), http.StatusForbidden, "")
		res := e.do("leader", "POST", "/api/v1/field-visits", in)
		var v dondoc.FieldVisit
		res.JSON(t, &v)
		if res.Status != http.StatusCreated || len(v.Findings) != 1 {
			t.Fatalf("record: %d %s", res.Status, res.Body)
		}
		wantStatus(t, "other commune reads", e.do("officerB", "GET", res.Header.Get("Location"), nil), http.StatusNotFound, "")
		wantStatus(t, "visited commune reads", e.do("officerA", "GET", res.Header.Get("Location"), nil), http.StatusOK, "")
		taskPath := fmt.Sprintf("/api/v1/field-visits/%d/findings/%d/task", v.ID, v.Findings[0].ID)
		ti := map[string]any{"title": "Giải phóng mặt bằng", "lead_unit_id": e.p.CommuneA.ID, "assigner_unit_id": e.p.Office.ID, "assign": true}
		res = e.do("office", "POST", taskPath, ti)
		var task dondoc.Task
		res.JSON(t, &task)
		if res.Status != http.StatusCreated || task.SourceKind != "field_visit" || *task.SourceID != v.ID {
			t.Fatalf("finding to task: %d %s", res.Status, res.Body)
		}
		wantStatus(t, "twice", e.do("office", "POST", taskPath, ti), http.StatusConflict, "")
		res = e.do("viewer", "GET", "/api/v1/field-visits", nil)
		var page dondoc.Page[dondoc.FieldVisit]
		res.JSON(t, &page)
		if res.Status != http.StatusOK || len(page.Items) != 1 || page.Items[0].Findings[0].TaskID == nil {
			t.Errorf("list: %d %s", res.Status, res.Body)
		}
	})
}

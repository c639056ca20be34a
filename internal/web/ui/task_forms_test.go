package ui_test

import (
	"context"
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

// as is a context acting as the actor, to ask the services what the pages should have done.
func as(a *dondoc.Actor) context.Context { return dondoc.WithActor(context.Background(), a) }

// findTask returns the one task the actor sees whose title contains the words.
func (e *env) findTask(a *dondoc.Actor, f dondoc.TaskFilter, title string) dondoc.Task {
	e.t.Helper()
	for _, t := range e.allTasks(a, f) {
		if strings.Contains(t.Title, title) {
			return t
		}
	}
	e.t.Fatalf("no task %q for %s", title, a.Username)
	return dondoc.Task{}
}

const communeTask = "Hoàn thành bàn giao mặt bằng đường dẫn Cầu Đồng Việt"

// communeTaskPage returns the demo's commune task as the actor sees it, and the address of its
// page, where most forms of a task are posted.
func (e *env) communeTaskPage(a *dondoc.Actor) (dondoc.Task, string) {
	e.t.Helper()
	task := e.findTask(a, dondoc.TaskFilter{}, communeTask)
	return task, "/nhiem-vu/" + strconv.FormatInt(task.ID, 10)
}

func TestReportForms(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		officer, oa := e.signedIn("canboxa")
		task, path := e.communeTaskPage(oa)
		reports := func() []dondoc.ProgressReport { return e.reports(oa, task.ID) }
		before := len(reports())

		res := officer.get(path)
		contains(t, "task page for the officer", res.body, `href="`+path+`/bao-cao"`, `href="`+path+`/gia-han"`)
		res = officer.get(path + "/bao-cao")
		if res.status != http.StatusOK {
			t.Fatalf("report form = %d", res.status)
		}
		contains(t, "report form", res.body, `data-page="task-report"`, `name="percent"`, `name="difficulties"`, `value="`+strconv.Itoa(task.Progress)+`"`)

		good := url.Values{"percent": {"45"}, "text": {"Đã vận động thêm 1 hộ nhận tiền bồi thường."},
			"difficulties": {"Còn 1 hộ chưa đồng ý đơn giá bồi thường đất nông nghiệp xen kẹt."}, "proposals": {"Đề nghị huyện hỗ trợ đối thoại."}}
		postRefusals(t, officer, path+"/bao-cao", http.StatusBadRequest, []refusal{
			{name: "no percent", field: "percent", message: "Hãy nhập tỷ lệ hoàn thành", form: withField(good, "percent", "")},
			{name: "percent not a number", field: "percent", message: "số nguyên từ 0 đến 100", form: withField(good, "percent", "bốn mươi")},
			{name: "percent too high", field: "percent", message: "từ 0 đến 100", form: withField(good, "percent", "150")},
			{name: "no text", field: "text", message: "bắt buộc", form: withField(good, "text", "  ")},
			{name: "control character", field: "difficulties", message: "ký tự điều khiển", form: withField(good, "difficulties", "a\x01b")},
		}, func(t *testing.T, tc refusal, body string) {
			if tc.field != "text" {
				contains(t, tc.name, body, "Đã vận động thêm 1 hộ nhận tiền bồi thường.")
			}
		})
		if n := len(reports()); n != before {
			t.Errorf("refused reports were stored: %d reports, want %d", n, before)
		}

		viewer, _ := e.signedIn("xem")
		if res := viewer.get(path + "/bao-cao"); res.status != http.StatusForbidden {
			t.Errorf("viewer's report form = %d, want 403", res.status)
		}
		if res := viewer.post(path+"/bao-cao", good); res.status != http.StatusForbidden || len(reports()) != before {
			t.Errorf("viewer's report = %d", res.status)
		}

		res = officer.post(path+"/bao-cao", good)
		if res.status != http.StatusSeeOther {
			t.Fatalf("report = %d: %.300s", res.status, res.body)
		}
		res = officer.get(res.header.Get("Location"))
		contains(t, "task page after the report", html.UnescapeString(res.body), "Đã gửi báo cáo tiến độ.", "Còn 1 hộ chưa đồng ý", "Chờ thủ trưởng đơn vị duyệt", "Gửi báo cáo tiến độ")
		list := reports()
		if len(list) != before+1 {
			t.Fatalf("%d reports, want %d", len(list), before+1)
		}
		rep := list[len(list)-1]
		if strings.Contains(res.body, "/bao-cao/"+strconv.FormatInt(rep.ID, 10)+"/xem-xet") {
			t.Error("the officer is offered to review their own report")
		}

		// The district head approves; returning needs a reason.
		head, ha := e.signedIn("truongdonvi")
		review := path + "/bao-cao/" + strconv.FormatInt(rep.ID, 10) + "/xem-xet"
		res = head.get(path)
		contains(t, "task page for the head", res.body, `action="`+review+`"`, "Duyệt báo cáo")
		version := strconv.FormatInt(rep.Version, 10)
		res = head.post(review, url.Values{"decision": {"return"}, "version": {version}, "note": {" "}})
		if res.status != http.StatusBadRequest {
			t.Errorf("return without a reason = %d", res.status)
		}
		fieldError(t, "return without a reason", res.body, "review-note-"+strconv.FormatInt(rep.ID, 10), "lý do")
		res = head.post(review, url.Values{"decision": {"approve"}, "version": {strconv.FormatInt(rep.Version+1, 10)}, "note": {"Ý kiến của tôi"}})
		if res.status != http.StatusPreconditionFailed {
			t.Errorf("stale approval = %d, want 412", res.status)
		}
		contains(t, "stale approval", html.UnescapeString(res.body), "người khác thay đổi trước bạn", "canboxa", "Ý kiến của tôi")
		res = head.post(review, url.Values{"decision": {"maybe"}, "version": {version}})
		contains(t, "unknown decision", html.UnescapeString(res.body), "Hãy chọn duyệt hoặc trả lại.")
		res = head.post(review, url.Values{"decision": {"approve"}, "version": {version}, "note": {"Đồng ý."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("approve = %d: %.300s", res.status, res.body)
		}
		contains(t, "after approval", html.UnescapeString(head.get(res.header.Get("Location")).body), "Đã duyệt báo cáo.", "Chờ cơ quan giao nhiệm vụ tiếp nhận")
		// The same form sent again is out of date: the report is no longer waiting for the head.
		res = head.post(review, url.Values{"decision": {"approve"}, "version": {version}})
		if res.status != http.StatusForbidden {
			t.Errorf("approving twice = %d, want 403: the report now waits for the assigning side", res.status)
		}
		got, err := db.ListReports(as(ha), task.ID)
		if err != nil || got[len(got)-1].Status != dondoc.ReportApproved {
			t.Fatalf("report after approval: %+v %v", got[len(got)-1], err)
		}

		office, _ := e.signedIn("vanphong")
		res = office.get(path)
		contains(t, "task page for the office", res.body, "Tiếp nhận báo cáo", "/kien-nghi/moi?task="+strconv.FormatInt(task.ID, 10)+"&amp;report="+strconv.FormatInt(rep.ID, 10))
	})
}

func TestExtensionForms(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		officer, oa := e.signedIn("canboxa")
		task, path := e.communeTaskPage(oa)
		pending := func() []dondoc.Extension {
			list, err := db.ListExtensions(as(oa), task.ID)
			if err != nil {
				t.Fatal(err)
			}
			return list
		}
		if res := officer.get(path + "/gia-han"); res.status != http.StatusOK || !strings.Contains(res.body, `data-page="task-extension"`) {
			t.Fatalf("extension form = %d", res.status)
		}
		later := string(task.DueOn.AddDays(10))
		postRefusals(t, officer, path+"/gia-han", http.StatusBadRequest, []refusal{
			{name: "no date", field: "proposed", message: "bắt buộc", form: url.Values{"reason": {"Chờ hộ dân."}}},
			{name: "impossible date", field: "proposed", message: "ngày có thật", form: url.Values{"proposed": {"31/02/2025"}, "reason": {"Chờ hộ dân."}}},
			{name: "not later", field: "proposed", message: "phải sau hạn hiện tại", form: url.Values{"proposed": {string(task.DueOn)}, "reason": {"Chờ hộ dân."}}},
			{name: "no reason", field: "reason", message: "bắt buộc", form: url.Values{"proposed": {later}}},
		}, func(t *testing.T, tc refusal, body string) {
			if v := tc.form.Get("reason"); v != "" {
				contains(t, tc.name, body, v)
			}
		})
		if n := len(pending()); n != 0 {
			t.Fatalf("refused requests stored %d extensions", n)
		}
		res := officer.post(path+"/gia-han", url.Values{"proposed": {task.DueOn.AddDays(10).Format()}, "reason": {"Chờ hộ dân ký biên bản."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("extension = %d: %.300s", res.status, res.body)
		}
		list := pending()
		if len(list) != 1 || list[0].Proposed != task.DueOn.AddDays(10) {
			t.Fatalf("extensions = %+v", list)
		}
		x := list[0]
		decide := path + "/gia-han/" + strconv.FormatInt(x.ID, 10) + "/quyet-dinh"
		if strings.Contains(officer.get(path).body, decide) {
			t.Error("the lead unit is offered to decide its own request")
		}
		office, _ := e.signedIn("vanphong")
		contains(t, "task page for the office", office.get(path).body, `action="`+decide+`"`, "Đồng ý cho gia hạn")
		v := strconv.FormatInt(x.Version, 10)
		res = office.post(decide, url.Values{"decision": {"reject"}, "version": {v}})
		fieldError(t, "refusal without a reason", res.body, "ext-note-"+strconv.FormatInt(x.ID, 10), "lý do")
		res = office.post(decide, url.Values{"decision": {"approve"}, "version": {v}, "note": {"Đồng ý."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("grant = %d: %.300s", res.status, res.body)
		}
		now, err := db.GetTask(as(oa), task.ID)
		if err != nil || now.DueOn != x.Proposed {
			t.Fatalf("deadline after the grant = %s, want %s (%v)", now.DueOn, x.Proposed, err)
		}
		contains(t, "after the grant", office.get(res.header.Get("Location")).body, "Đã đồng ý gia hạn.")
	})
}

func TestTransferCascadeAndCoordination(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		office, fa := e.signedIn("vanphong")
		task, path := e.communeTaskPage(fa)

		// Coordination: the district's officer updates the district's part.
		district, da := e.signedIn("canbo")
		if len(task.Coordinators) == 0 {
			t.Fatal("the commune task has no coordinator")
		}
		unit := strconv.FormatInt(task.Coordinators[0].UnitID, 10)
		coord := path + "/phoi-hop/" + unit
		contains(t, "task page for the coordinator", district.get(path).body, `action="`+coord+`"`, "Cập nhật phần việc")
		res := district.post(coord, url.Values{"status": {"cancelled"}, "version": {strconv.FormatInt(task.Version, 10)}, "note": {"Đã họp tổ công tác."}})
		fieldError(t, "bad coordinator status", res.body, "coord-status-"+unit, "Đang thực hiện")
		contains(t, "bad coordinator status", res.body, "Đã họp tổ công tác.")
		res = district.post(coord, url.Values{"status": {"done"}, "version": {strconv.FormatInt(task.Version-1, 10)}, "note": {"cũ"}})
		if res.status != http.StatusPreconditionFailed {
			t.Errorf("stale coordination = %d, want 412", res.status)
		}
		contains(t, "stale coordination", res.body, "người khác thay đổi trước bạn")
		res = district.post(coord, url.Values{"status": {"done"}, "version": {strconv.FormatInt(task.Version, 10)}, "note": {"Đã bàn giao phần việc của huyện."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("coordination = %d: %.300s", res.status, res.body)
		}
		now, err := db.GetTask(as(da), task.ID)
		if err != nil || now.Coordinators[0].Status != dondoc.StatusDone {
			t.Fatalf("coordinator after update: %+v %v", now.Coordinators, err)
		}

		// Cascade: the office gives the district's part of a task to two communes.
		var yd dondoc.Task
		for _, c := range e.allTasks(fa, dondoc.TaskFilter{Status: dondoc.OpenStatuses}) {
			if c.ParentID != nil && c.ChildCount == 0 {
				if lead, _ := db.GetUnit(as(fa), c.LeadUnitID); lead != nil && lead.Name == "Huyện Yên Dũng" {
					yd = c
					break
				}
			}
		}
		if yd.ID == 0 {
			t.Fatal("no open task of Huyện Yên Dũng")
		}
		ydPath := "/nhiem-vu/" + strconv.FormatInt(yd.ID, 10)
		res = office.get(ydPath + "/giao-cap-duoi")
		if res.status != http.StatusOK {
			t.Fatalf("cascade form = %d", res.status)
		}
		communes := regexp.MustCompile(`name="unit" value="(\d+)"`).FindAllStringSubmatch(res.body, -1)
		if len(communes) < 2 {
			t.Fatalf("cascade form offers %d units", len(communes))
		}
		children := func() int {
			return len(e.allTasks(fa, dondoc.TaskFilter{ParentID: yd.ID}))
		}
		before := children()
		postRefusals(t, office, ydPath+"/giao-cap-duoi", http.StatusBadRequest, []refusal{
			{name: "no unit", field: "unit", message: "ít nhất một đơn vị", form: url.Values{"title": {"Phần của xã"}}},
			{name: "foreign unit", field: "unit", message: "trực thuộc", form: url.Values{"title": {"Phần của xã"}, "unit": {strconv.FormatInt(yd.LeadUnitID, 10)}}},
			{name: "bad date", field: "deadline", message: "ngày có thật", form: url.Values{"title": {"Phần của xã"}, "unit": {communes[0][1]}, "deadline": {"2025-13-01"}}},
			{name: "no title", field: "title", message: "bắt buộc", form: url.Values{"title": {""}, "unit": {communes[0][1]}}},
		}, nil)
		if n := children(); n != before {
			t.Fatalf("refused cascades created %d tasks", n-before)
		}
		res = office.post(ydPath+"/giao-cap-duoi", url.Values{"title": {"Phần của xã"}, "unit": {communes[0][1], communes[1][1]}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("cascade = %d: %.300s", res.status, res.body)
		}
		if n := children(); n != before+2 {
			t.Errorf("cascade created %d tasks, want 2", n-before)
		}

		// Transfer: the office moves the task to another commune.
		res = office.get(path + "/chuyen-don-vi")
		if res.status != http.StatusOK {
			t.Fatalf("transfer form = %d", res.status)
		}
		fresh, _ := db.GetTask(as(fa), task.ID)
		v := strconv.FormatInt(fresh.Version, 10)
		res = office.post(path+"/chuyen-don-vi", url.Values{"version": {v}, "note": {"Giữ ghi chú"}})
		fieldError(t, "no unit", res.body, "to_unit", "Hãy chọn đơn vị")
		contains(t, "no unit", res.body, "Giữ ghi chú")
		res = office.post(path+"/chuyen-don-vi", url.Values{"version": {strconv.FormatInt(fresh.Version-1, 10)}, "to_unit": {communes[0][1]}})
		if res.status != http.StatusPreconditionFailed {
			t.Errorf("stale transfer = %d, want 412", res.status)
		}
		contains(t, "stale transfer", res.body, "người khác thay đổi trước bạn", "canbo")
		res = office.post(path+"/chuyen-don-vi", url.Values{"version": {v}, "to_unit": {communes[0][1]}, "note": {"Theo đề nghị của huyện."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("transfer = %d: %.300s", res.status, res.body)
		}
		moved, _ := db.GetTask(as(fa), task.ID)
		if strconv.FormatInt(moved.LeadUnitID, 10) != communes[0][1] {
			t.Errorf("lead unit after the transfer = %d, want %s", moved.LeadUnitID, communes[0][1])
		}
		if res := district.get(ydPath + "/giao-cap-duoi"); res.status != http.StatusForbidden {
			t.Errorf("the district officer's cascade form = %d, want 403", res.status)
		}
	})
}

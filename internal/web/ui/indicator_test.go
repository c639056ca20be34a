package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// indicatorByCode finds a demo indicator.
func indicatorByCode(t *testing.T, db *sqldb.DB, a *dondoc.Actor, code string) dondoc.Indicator {
	t.Helper()
	list, err := db.ListIndicators(dondoc.WithActor(context.Background(), a))
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range list {
		if ind.Code == code {
			return ind
		}
	}
	t.Fatalf("no indicator %s", code)
	return dondoc.Indicator{}
}

// actualOf returns the stored actual of a unit for a period, or nil.
func actualOf(t *testing.T, db *sqldb.DB, a *dondoc.Actor, ind, unit int64, period string) *dondoc.Actual {
	t.Helper()
	list, err := db.ListActuals(dondoc.WithActor(context.Background(), a), ind, unit)
	if err != nil {
		t.Fatal(err)
	}
	for i := range list {
		if list[i].Period == period {
			return &list[i]
		}
	}
	return nil
}

// uploadFigures posts a multipart form with one file, as a browser on the same site does.
func (c *client) uploadFigures(path string, fields url.Values, name string, content []byte) response {
	c.e.t.Helper()
	var files []formFile
	if name != "" {
		files = []formFile{{name, content}}
	}
	return c.postMultipart(path, fields, "file", files)
}

func TestIndicatorPages(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		officer, officerActor := e.signedIn("canbo")
		revenue := indicatorByCode(t, db, officerActor, "TNSNN")
		disb := indicatorByCode(t, db, officerActor, "GNDTC")
		base := "/chi-tieu/" + idStr(revenue.ID)

		res := officer.get("/chi-tieu")
		if res.status != http.StatusOK {
			t.Fatalf("indicator list = %d", res.status)
		}
		contains(t, "indicator list", res.body, `data-page="indicator-list"`, "Chỉ tiêu 2024", revenue.Name, `href="`+base+`?nam=2024"`,
			`aria-current="page"><span class="nav-icon" aria-hidden="true">▥</span>Chỉ tiêu`, "status-")
		if res := officer.get("/chi-tieu?nam=abc"); res.status != http.StatusBadRequest {
			t.Errorf("list with a bad year = %d, want 400", res.status)
		}

		res = officer.get("/chi-tieu/" + idStr(disb.ID) + "?nam=2024")
		if res.status != http.StatusOK {
			t.Fatalf("indicator page = %d: %s", res.status, res.body)
		}
		contains(t, "indicator page", res.body, `data-page="indicator-view"`, "<svg", "Huyện Yên Dũng", "Kỳ phải báo cáo", "Đúng hạn",
			"Thực hiện lũy kế", "04/2024")
		contains(t, "indicator page", res.body, `href="/chi-tieu/`+idStr(disb.ID)+`/tai?`, "dinh-dang=xlsx", "dinh-dang=docx", "dinh-dang=pdf")
		for _, f := range []struct{ format, mediaType string }{{"xlsx", report.XLSXMediaType}, {"docx", report.DOCXMediaType}, {"pdf", report.PDFMediaType}} {
			res := officer.get("/chi-tieu/" + idStr(disb.ID) + "/tai?nam=2024&dinh-dang=" + f.format)
			if res.status != http.StatusOK || res.header.Get("Content-Type") != f.mediaType || len(res.body) < 1000 ||
				!strings.Contains(res.header.Get("Content-Disposition"), "attachment") {
				t.Errorf("indicator %s = %d %q %q, %d bytes", f.format, res.status, res.header.Get("Content-Type"),
					res.header.Get("Content-Disposition"), len(res.body))
			}
		}
		if res := officer.get("/chi-tieu/" + idStr(disb.ID) + "/tai?nam=2024&dinh-dang=xls"); res.status != http.StatusBadRequest {
			t.Errorf("indicator download in a bad format = %d, want 400", res.status)
		}
		if res := officer.get("/chi-tieu/999999"); res.status != http.StatusNotFound {
			t.Errorf("unknown indicator = %d, want 404", res.status)
		}

		// The grid lists Yên Dũng and its communes for the officer.
		tmpl, err := db.ImportTemplate(dondoc.WithActor(context.Background(), officerActor), revenue.ID, dondoc.ImportActuals, "2024-05")
		if err != nil || len(tmpl.Units) == 0 {
			t.Fatalf("template: %v", err)
		}
		yd := tmpl.Units[0].ID
		res = officer.get(base + "/nhap?ky=2024-05")
		if res.status != http.StatusOK {
			t.Fatalf("entry grid = %d: %s", res.status, res.body)
		}
		contains(t, "entry grid", res.body, `data-page="indicator-entry"`, `name="v-`+idStr(yd)+`"`, "Huyện Yên Dũng",
			"/api/v1/indicators/"+idStr(revenue.ID)+"/template.xlsx?kind=actuals&amp;period=2024-05", "Chưa báo cáo")

		res = officer.get(base + "/nhap?ky=2024-13")
		if res.status != http.StatusBadRequest {
			t.Errorf("grid of a bad period = %d, want 400", res.status)
		}
		contains(t, "grid of a bad period", res.body, `id="ky-error"`, `value="2024-13"`, `aria-invalid="true"`)

		// Bad cells: each shows its message in its cell, keeps what was typed, and nothing is saved.
		for _, tc := range []struct {
			name, field, value, want string
		}{
			{"not a number", "v-", "12a", "không phải là số"},
			{"ambiguous", "v-", "1.234", "không rõ nghĩa"},
			{"note without value", "n-", "chỉ có ghi chú", "Giá trị là bắt buộc."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				form := url.Values{"ky": {"2024-05"}, "don-vi": {idStr(yd)}, tc.field + idStr(yd): {tc.value}}
				res := officer.post(base+"/nhap", form)
				if res.status != http.StatusUnprocessableEntity {
					t.Errorf("status = %d, want 422", res.status)
				}
				contains(t, "refused grid", res.body, tc.want, `value="`+tc.value+`"`, `aria-invalid="true"`, "chưa số liệu nào được gửi")
				if a := actualOf(t, db, officerActor, revenue.ID, yd, "2024-05"); a != nil {
					t.Errorf("a refused grid saved %+v", a)
				}
			})
		}
		if res := officer.post(base+"/nhap", url.Values{"ky": {"2024-05"}, "don-vi": {idStr(yd)}}); res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.body, "Chưa có số liệu mới nào để gửi") {
			t.Errorf("empty grid = %d", res.status)
		}
		// A ratio needs its denominator, shown in the denominator's cell.
		res = officer.post("/chi-tieu/"+idStr(disb.ID)+"/nhap", url.Values{"ky": {"2024-05"}, "don-vi": {idStr(yd)}, "v-" + idStr(yd): {"10,5"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Errorf("ratio without denominator = %d", res.status)
		}
		contains(t, "ratio without denominator", res.body, `id="d-`+idStr(yd)+`-error"`, "mẫu số dương", `value="10,5"`)

		res = officer.post(base+"/nhap", url.Values{"ky": {"2024-05"}, "don-vi": {idStr(yd)}, "v-" + idStr(yd): {"1.234,5"}, "n-" + idStr(yd): {"Tháng 5"}})
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "da-gui=1") {
			t.Fatalf("good grid = %d to %q: %s", res.status, res.header.Get("Location"), res.body)
		}
		a := actualOf(t, db, officerActor, revenue.ID, yd, "2024-05")
		if a == nil || a.Value != 1234.5 || a.Status != dondoc.ActualSubmitted || a.Note != "Tháng 5" {
			t.Fatalf("stored actual = %+v", a)
		}
		res = officer.get(res.header.Get("Location"))
		contains(t, "grid after sending", res.body, "Đã gửi 1 số liệu", "Chờ thủ trưởng duyệt", `value="1.234,5"`)
		if strings.Contains(res.body, "Số liệu chờ bạn duyệt") {
			t.Error("the officer is offered a review step")
		}

		// The head returns without a note (refused), then approves; the office accepts.
		head, _ := e.signedIn("truongdonvi")
		res = head.get(base + "/nhap?ky=2024-05")
		contains(t, "head's grid", res.body, "Số liệu chờ bạn duyệt", "Người gửi: canbo", `name="actual" value="`+idStr(a.ID)+`"`, ">Duyệt<")
		review := url.Values{"ky": {"2024-05"}, "don-vi": {idStr(yd)}, "actual": {idStr(a.ID)}, "version": {idStr(a.Version)}}
		bad := url.Values{"decision": {"return"}}
		for k, v := range review {
			bad[k] = v
		}
		res = head.post(base+"/duyet", bad)
		if res.status != http.StatusBadRequest {
			t.Errorf("return without a note = %d, want 400", res.status)
		}
		contains(t, "return without a note", res.body, `id="note-`+idStr(a.ID)+`-error"`, "Hãy ghi lý do trả lại")
		if x := actualOf(t, db, officerActor, revenue.ID, yd, "2024-05"); x.Status != dondoc.ActualSubmitted {
			t.Errorf("a refused return changed the status to %s", x.Status)
		}
		review.Set("decision", "approve")
		if res := head.post(base+"/duyet", review); res.status != http.StatusSeeOther {
			t.Fatalf("approve = %d: %s", res.status, res.body)
		}
		a = actualOf(t, db, officerActor, revenue.ID, yd, "2024-05")
		if a.Status != dondoc.ActualApproved {
			t.Fatalf("approved actual = %s", a.Status)
		}
		office, officeActor := e.signedIn("vanphong")
		res = office.get(base + "/nhap?ky=2024-05&don-vi=" + idStr(yd))
		contains(t, "office's grid", res.body, "Chờ văn phòng tiếp nhận", ">Tiếp nhận<")
		review.Set("version", idStr(a.Version))
		if res := office.post(base+"/duyet", review); res.status != http.StatusSeeOther {
			t.Fatalf("accept = %d: %s", res.status, res.body)
		}
		if a = actualOf(t, db, officerActor, revenue.ID, yd, "2024-05"); a.Status != dondoc.ActualAccepted {
			t.Fatalf("accepted actual = %s", a.Status)
		}
		// A stale second acceptance is refused on the page and changes nothing.
		if res := office.post(base+"/duyet", review); res.status == http.StatusSeeOther {
			t.Error("a second review of a settled value was accepted")
		}
		res = officer.get(base + "/nhap?ky=2024-05")
		contains(t, "grid after acceptance", res.body, "Đã tiếp nhận")
		res = officer.get(base + "?nam=2024&don-vi=" + idStr(yd))
		contains(t, "indicator page after acceptance", res.body, "(05/2024)")
		if strings.Contains(res.body, `name="v-`+idStr(yd)+`"`) {
			t.Error("an accepted value is still editable")
		}

		// Import: a bad file lists every bad row and writes nothing; a good one writes.
		csv := "Mã đơn vị,Tên đơn vị,Kỳ,Giá trị,Ghi chú\n" + idStr(yd) + ",Yên Dũng,2024-06,abc,\n999999,Không có,2024-06,5,\n"
		fields := url.Values{"ky": {"2024-06"}, "don-vi": {idStr(yd)}, "kind": {"actuals"}}
		res = officer.uploadFigures(base+"/nhap-tep", fields, "so-lieu.csv", []byte(csv))
		if res.status != http.StatusUnprocessableEntity {
			t.Errorf("bad import = %d, want 422", res.status)
		}
		contains(t, "bad import", res.body, "không dòng nào được ghi", "<td data-label=\"Dòng\">2</td>", "<td data-label=\"Dòng\">3</td>", "Giá trị")
		if x := actualOf(t, db, officerActor, revenue.ID, yd, "2024-06"); x != nil {
			t.Errorf("a bad import wrote %+v", x)
		}
		if res := officer.uploadFigures(base+"/nhap-tep", fields, "", nil); res.status != http.StatusBadRequest || !strings.Contains(res.body, "Hãy chọn tệp số liệu") {
			t.Errorf("import without a file = %d", res.status)
		}
		csv = "Mã đơn vị,Tên đơn vị,Kỳ,Giá trị,Ghi chú\n" + idStr(yd) + ",Yên Dũng,2024-06,\"12,5\",\n"
		res = officer.uploadFigures(base+"/nhap-tep", fields, "so-lieu.csv", []byte(csv))
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "da-nhap=1") {
			t.Fatalf("good import = %d: %s", res.status, res.body)
		}
		if x := actualOf(t, db, officerActor, revenue.ID, yd, "2024-06"); x == nil || x.Value != 12.5 {
			t.Errorf("imported actual = %+v", x)
		}

		// The template link answers a spreadsheet under the page's session.
		res = officer.get("/api/v1/indicators/" + idStr(revenue.ID) + "/template.xlsx?kind=actuals&period=2024-05")
		if res.status != http.StatusOK || !strings.Contains(res.header.Get("Content-Type"), "spreadsheetml") || len(res.body) < 100 {
			t.Errorf("template download = %d %q, %d bytes", res.status, res.header.Get("Content-Type"), len(res.body))
		}

		// Locked periods: once entry locks, the grid shows why and takes nothing; an exception the
		// office grants reopens the unit's row.
		octx := dondoc.WithActor(context.Background(), officeActor)
		cur, err := db.EntrySetting(octx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetEntrySetting(octx, cur.Version, dondoc.EntrySetting{Enabled: true, GraceDays: 5}); err != nil {
			t.Fatal(err)
		}
		res = officer.get(base + "/nhap?ky=2024-07")
		contains(t, "locked grid", res.body, "Khóa nhập", "đã khóa nhập số liệu sau ngày 19/07/2024", "row-locked")
		if strings.Contains(res.body, `name="v-`+idStr(yd)+`"`) {
			t.Error("a locked period offers an input")
		}
		if res := officer.post(base+"/nhap", url.Values{"ky": {"2024-07"}, "don-vi": {idStr(yd)}, "v-" + idStr(yd): {"5"}}); res.status == http.StatusSeeOther {
			t.Error("a locked period took a value")
		}
		res = office.get(base + "/nhap?ky=2024-07&don-vi=" + idStr(yd))
		contains(t, "office's locked grid", res.body, "Cho phép nhập bổ sung", `name="unit" value="`+idStr(yd)+`"`)
		until := string(dondoc.Today(db.Now()).AddDays(3))
		reopen := url.Values{"ky": {"2024-07"}, "don-vi": {idStr(yd)}, "unit": {idStr(yd)}, "until": {until}}
		res = office.post(base+"/mo-khoa", reopen)
		if res.status != http.StatusBadRequest {
			t.Errorf("reopen without a reason = %d, want 400", res.status)
		}
		contains(t, "reopen without a reason", res.body, `id="reason-`+idStr(yd)+`-error"`, `value="`+until+`"`)
		reopen.Set("until", "31/02/2030")
		reopen.Set("reason", "Bổ sung số liệu")
		res = office.post(base+"/mo-khoa", reopen)
		contains(t, "reopen with a bad day", res.body, `id="until-`+idStr(yd)+`-error"`, `value="31/02/2030"`, `value="Bổ sung số liệu"`)
		if res := officer.get(base + "/nhap?ky=2024-07"); strings.Contains(res.body, `name="v-`+idStr(yd)+`"`) {
			t.Error("a refused reopening reopened the period")
		}
		if res := officer.post(base+"/mo-khoa", reopen); res.status == http.StatusSeeOther {
			t.Error("the officer reopened a period")
		}
		reopen.Set("until", until)
		if res := office.post(base+"/mo-khoa", reopen); res.status != http.StatusSeeOther {
			t.Fatalf("reopen = %d: %s", res.status, res.body)
		}
		res = officer.get(base + "/nhap?ky=2024-07")
		contains(t, "reopened grid", res.body, `name="v-`+idStr(yd)+`"`)

		// English.
		res = officer.get("/ngon-ngu?lang=en&next=/chi-tieu")
		res = officer.get(base + "/nhap?ky=2024-05")
		contains(t, "English grid", res.body, "Enter figures", "Accepted")
	})
}

// idStr writes an id as it appears in addresses and forms.
func idStr(n int64) string { return strconv.FormatInt(n, 10) }

package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dondoc"
	"dondoc/internal/report"
)

func TestEntryLockAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		e.setDay("2024-06-25")
		ind := e.createIndicator(map[string]any{"code": "NHA-TAM", "name": "Nhà tạm được xóa", "measure": "căn",
			"aggregation": "sum", "period_type": "month"})
		base := fmt.Sprintf("/api/v1/indicators/%d", ind.ID)

		res := e.do("officerA", "GET", "/api/v1/settings/indicator-entry", nil)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v1"` || !strings.Contains(string(res.Body), `"enabled":false`) {
			t.Fatalf("get setting: %d %s", res.Status, res.Body)
		}
		on := map[string]any{"enabled": true, "grace_days": 5}
		wantIndicatorProblem(t, "officer sets", e.do("officerA", "PUT", "/api/v1/settings/indicator-entry", on, "If-Match", `"v1"`), http.StatusForbidden, "")
		wantIndicatorProblem(t, "no If-Match", e.do("office", "PUT", "/api/v1/settings/indicator-entry", on), http.StatusPreconditionRequired, "If-Match")
		wantIndicatorProblem(t, "bad grace", e.do("office", "PUT", "/api/v1/settings/indicator-entry",
			map[string]any{"enabled": true, "grace_days": 400}, "If-Match", `"v1"`), http.StatusBadRequest, "grace_days")
		res = e.do("office", "PUT", "/api/v1/settings/indicator-entry", on, "If-Match", `"v1"`)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("put setting: %d %s", res.Status, res.Body)
		}

		may := map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024-05", "value": 12}
		wantIndicatorProblem(t, "locked May", e.do("officerA", "POST", base+"/actuals", may), http.StatusConflict, "period")

		grant := map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024-05", "until": "2024-06-30", "reason": "Mưa lũ"}
		wantIndicatorProblem(t, "officer grants", e.do("officerA", "POST", base+"/entry-exceptions", grant), http.StatusForbidden, "unit_id")
		wantIndicatorProblem(t, "grant without reason", e.do("office", "POST", base+"/entry-exceptions",
			map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024-05", "until": "2024-06-30", "reason": ""}), http.StatusBadRequest, "reason")
		res = e.do("office", "POST", base+"/entry-exceptions", grant)
		var x dondoc.EntryException
		res.JSON(t, &x)
		if res.Status != http.StatusCreated || !x.Active || x.Until != "2024-06-30" {
			t.Fatalf("grant: %d %s", res.Status, res.Body)
		}
		res = e.do("officerA", "GET", base+"/entry-exceptions?unit="+fmt.Sprint(e.p.CommuneA.ID), nil)
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"reason":"Mưa lũ"`) {
			t.Errorf("list exceptions: %d %s", res.Status, res.Body)
		}
		res = e.do("officerA", "POST", base+"/actuals", may)
		var a dondoc.Actual
		res.JSON(t, &a)
		if res.Status != http.StatusCreated {
			t.Fatalf("submit under the exception: %d %s", res.Status, res.Body)
		}
		res = e.do("headA", "POST", fmt.Sprintf("/api/v1/actuals/%d/review", a.ID), map[string]any{"approve": false, "note": "Thiếu số hộ"}, "If-Match", `"v1"`)
		if res.Status != http.StatusOK {
			t.Fatalf("return: %d %s", res.Status, res.Body)
		}
		res = e.do("officerA", "GET", fmt.Sprintf("/api/v1/actuals/%d/history", a.ID), nil)
		var h struct{ Items []dondoc.ActualEvent }
		res.JSON(t, &h)
		if res.Status != http.StatusOK || len(h.Items) != 2 || h.Items[0].Action != "actual.submit" || h.Items[1].Action != "actual.return" ||
			h.Items[1].Note != "Thiếu số hộ" {
			t.Errorf("history: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "history of another commune", e.do("officerB", "GET", fmt.Sprintf("/api/v1/actuals/%d/history", a.ID), nil), http.StatusNotFound, "")

		revoke := fmt.Sprintf("/api/v1/entry-exceptions/%d", x.ID)
		wantIndicatorProblem(t, "revoke without If-Match", e.do("office", "DELETE", revoke, nil), http.StatusPreconditionRequired, "If-Match")
		res = e.do("office", "DELETE", revoke, nil, "If-Match", `"v1"`)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` || !strings.Contains(string(res.Body), `"active":false`) {
			t.Errorf("revoke: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "revoke twice", e.do("office", "DELETE", revoke, nil, "If-Match", `"v2"`), http.StatusConflict, "")
		wantIndicatorProblem(t, "resubmit after revocation", e.do("officerA", "POST", base+"/actuals", may), http.StatusConflict, "period")
	})
}

// multipartFile builds a multipart body with the file in the field "file".
func multipartFile(t *testing.T, name string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

func TestImportAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		e.setDay("2024-06-25")
		ind := e.createIndicator(map[string]any{"code": "NHA-TAM", "name": "Nhà tạm được xóa", "measure": "căn",
			"aggregation": "sum", "period_type": "month"})
		base := fmt.Sprintf("/api/v1/indicators/%d", ind.ID)
		if res := e.do("office", "PUT", "/api/v1/settings/indicator-entry", map[string]any{"enabled": true, "grace_days": 5}, "If-Match", `"v1"`); res.Status != http.StatusOK {
			t.Fatalf("enable locking: %d %s", res.Status, res.Body)
		}

		// The district head's template lists the district and its commune.
		res := e.do("headA", "GET", base+"/template.xlsx?kind=actuals&period=2024-07", nil)
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != report.XLSXMediaType ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("template.xlsx: %d %s", res.Status, res.Header)
		}
		f, err := excelize.OpenReader(bytes.NewReader(res.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(report.TemplateSheet)
		if len(rows) != 3 || rows[0][0] != "Mã đơn vị" || rows[1][1] != e.p.DistrictA.Name || rows[2][1] != e.p.CommuneA.Name || rows[2][2] != "2024-07" {
			t.Errorf("template rows = %q", rows)
		}
		res = e.do("headA", "GET", base+"/template.csv?period=2024-07", nil)
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(string(res.Body), fmt.Sprintf("%d,%s,2024-07,", e.p.CommuneA.ID, e.p.CommuneA.Name)) {
			t.Errorf("template.csv: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "template without period", e.do("headA", "GET", base+"/template.csv", nil), http.StatusBadRequest, "period")
		wantIndicatorProblem(t, "template of a bad kind", e.do("headA", "GET", base+"/template.csv?period=2024-07&kind=plans", nil), http.StatusBadRequest, "kind")
		wantIndicatorProblem(t, "template of a missing indicator", e.do("headA", "GET", fmt.Sprintf("/api/v1/indicators/%d/template.xlsx?period=2024-07", ind.ID+50), nil), http.StatusNotFound, "")

		// A file with bad rows writes nothing and reports every bad row.
		csv := fmt.Sprintf("Mã đơn vị,Kỳ,Giá trị\n%d,2024-07,5\n9999,2024-07,1\n%d,2024-07,abc\n%d,2024-05,3\n%d,2024-07,6\n",
			e.p.CommuneA.ID, e.p.CommuneB.ID, e.p.CommuneB.ID, e.p.CommuneA.ID)
		body, ct := multipartFile(t, "nha-tam.csv", []byte(csv))
		res = e.do("office", "POST", base+"/import", body, "Content-Type", ct)
		var p struct {
			Status   int
			Field    string
			Problems []dondoc.RowProblem
		}
		res.JSON(t, &p)
		if res.Status != http.StatusUnprocessableEntity || len(p.Problems) != 4 || p.Field != "file" {
			t.Fatalf("bad import: %d %s", res.Status, res.Body)
		}
		for i, want := range []struct {
			row    int
			column string
		}{{3, "Mã đơn vị"}, {4, "Giá trị"}, {5, "Kỳ"}, {6, "Mã đơn vị"}} {
			if p.Problems[i].Row != want.row || p.Problems[i].Column != want.column {
				t.Errorf("problem %d = %+v, want row %d column %s", i, p.Problems[i], want.row, want.column)
			}
		}
		if !strings.Contains(p.Problems[2].Message, "khóa") {
			t.Errorf("locked period message = %q", p.Problems[2].Message)
		}
		res = e.do("office", "GET", base+"/actuals", nil)
		if !strings.Contains(string(res.Body), `"items":[]`) {
			t.Errorf("a refused import wrote: %s", res.Body)
		}

		// A good file as a raw CSV body, with a Vietnamese number.
		good := fmt.Sprintf("Mã đơn vị,Kỳ,Giá trị\n%d,2024-07,5\n%d,2024-07,\"1.234,5\"\n", e.p.CommuneA.ID, e.p.CommuneB.ID)
		res = e.do("office", "POST", base+"/import", []byte(good), "Content-Type", "text/csv")
		var result dondoc.ImportResult
		res.JSON(t, &result)
		if res.Status != http.StatusOK || result.Written != 2 {
			t.Fatalf("good import: %d %s", res.Status, res.Body)
		}
		res = e.do("officerB", "GET", base+"/actuals", nil)
		if !strings.Contains(string(res.Body), `"value":1234.5`) {
			t.Errorf("imported value: %s", res.Body)
		}
		// Targets as JSON, for clients that cannot send files.
		targets := fmt.Sprintf("Mã đơn vị,Kỳ,Giá trị\n%d,2024,60\n", e.p.CommuneA.ID)
		res = e.do("leader", "POST", base+"/import?kind=targets", map[string]any{"filename": "kh.csv", "content": []byte(targets)})
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"written":1`) {
			t.Errorf("targets import: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "plain text", e.do("office", "POST", base+"/import", []byte(good), "Content-Type", "text/plain"), http.StatusUnsupportedMediaType, "Content-Type")
		wantIndicatorProblem(t, "file without header", e.do("office", "POST", base+"/import", []byte("a,b\n1,2\n"), "Content-Type", "text/csv"), http.StatusBadRequest, "file")
		wantIndicatorProblem(t, "empty file", e.do("office", "POST", base+"/import", []byte("Mã đơn vị,Kỳ,Giá trị\n"), "Content-Type", "text/csv"), http.StatusBadRequest, "file")
		body, ct = multipartFile(t, "x.csv", nil)
		wantIndicatorProblem(t, "empty multipart file", e.do("office", "POST", base+"/import", body, "Content-Type", ct), http.StatusBadRequest, "file")
	})
}

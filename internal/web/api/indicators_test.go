package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"dondoc"
)

// createIndicator defines an indicator through the API as the office.
func (e *env) createIndicator(in map[string]any) dondoc.Indicator {
	e.t.Helper()
	res := e.do("office", "POST", "/api/v1/indicators", in)
	if res.Status != http.StatusCreated {
		e.t.Fatalf("create indicator: %d %s", res.Status, res.Body)
	}
	var ind dondoc.Indicator
	res.JSON(e.t, &ind)
	return ind
}

// wantProblem fails the test unless res is a problem with the status and field.
func wantIndicatorProblem(t *testing.T, what string, res *response, status int, field string) {
	t.Helper()
	if res.Status != status {
		t.Errorf("%s: %d %s, want %d", what, res.Status, res.Body, status)
		return
	}
	if p := res.Problem(t); p.Field != field {
		t.Errorf("%s: field %q, want %q (%s)", what, p.Field, field, res.Body)
	}
}

func TestIndicatorAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		body := map[string]any{"code": "THU-NS", "name": "Thu ngân sách nhà nước", "measure": "tỷ đồng",
			"aggregation": "sum", "period_type": "month", "higher_is_better": true, "disaggregations": []string{"nội địa", "xuất nhập khẩu"}}
		ind := e.createIndicator(body)
		if ind.ID == 0 || ind.Code != "THU-NS" || len(ind.Disaggregations) != 2 {
			t.Errorf("created %+v", ind)
		}
		wantIndicatorProblem(t, "duplicate code", e.do("office", "POST", "/api/v1/indicators", body), http.StatusConflict, "code")
		body["code"] = "KHAC"
		wantIndicatorProblem(t, "officer defines", e.do("officerA", "POST", "/api/v1/indicators", body), http.StatusForbidden, "")
		body["period_type"] = "week"
		wantIndicatorProblem(t, "bad period type", e.do("admin", "POST", "/api/v1/indicators", body), http.StatusBadRequest, "period_type")
		wantIndicatorProblem(t, "anonymous", e.do("", "GET", "/api/v1/indicators", nil), http.StatusUnauthorized, "")

		res := e.do("viewer", "GET", "/api/v1/indicators", nil)
		var list struct{ Items []dondoc.Indicator }
		res.JSON(t, &list)
		if res.Status != http.StatusOK || len(list.Items) != 1 || list.Items[0].ID != ind.ID {
			t.Errorf("list: %d %s", res.Status, res.Body)
		}
	})
}

func TestTargetAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		ind := e.createIndicator(map[string]any{"code": "NHA-TAM", "name": "Nhà tạm được xóa", "measure": "căn",
			"aggregation": "sum", "period_type": "month"})
		path := fmt.Sprintf("/api/v1/indicators/%d/targets", ind.ID)
		res := e.do("office", "PUT", path, map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024", "value": 120})
		var tg dondoc.Target
		res.JSON(t, &tg)
		if res.Status != http.StatusOK || tg.Value != 120 || tg.UnitID != e.p.CommuneA.ID || res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("set target: %d %s", res.Status, res.Body)
		}
		res = e.do("leader", "PUT", path, map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024", "value": 150.5})
		res.JSON(t, &tg)
		if res.Status != http.StatusOK || tg.Value != 150.5 || tg.Version != 2 || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("revise target: %d %s", res.Status, res.Body)
		}
		res = e.do("office", "PUT", path, map[string]any{"unit_id": e.p.CommuneB.ID, "period": "2024-Q1", "value": 90})
		if res.Status != http.StatusOK {
			t.Fatalf("set commune B's target: %d %s", res.Status, res.Body)
		}

		bad := []struct {
			name   string
			who    string
			body   any
			status int
			field  string
		}{
			{"string value", "office", []byte(`{"unit_id": ` + fmt.Sprint(e.p.CommuneA.ID) + `, "period": "2024", "value": "12a"}`), http.StatusBadRequest, "value"},
			{"missing value", "office", map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024"}, http.StatusBadRequest, "value"},
			{"bad period", "office", map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024-Q9", "value": 1}, http.StatusBadRequest, "period"},
			{"unknown field", "office", map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024", "value": 1, "target": 2}, http.StatusBadRequest, "target"},
			{"officer sets", "officerA", map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024", "value": 1}, http.StatusForbidden, "unit_id"},
			{"head sets", "headA", map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024", "value": 1}, http.StatusForbidden, "unit_id"},
		}
		for _, b := range bad {
			wantIndicatorProblem(t, b.name, e.do(b.who, "PUT", path, b.body), b.status, b.field)
		}
		wantIndicatorProblem(t, "unknown indicator", e.do("office", "PUT", fmt.Sprintf("/api/v1/indicators/%d/targets", ind.ID+50),
			map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024", "value": 1}), http.StatusNotFound, "")

		counts := []struct {
			who   string
			query string
			want  int
		}{
			{"office", "", 2},
			{"viewer", "", 2},
			{"officerA", "", 1},
			{"officerB", "?unit=" + fmt.Sprint(e.p.CommuneA.ID), 0},
			{"headA", "?unit=" + fmt.Sprint(e.p.CommuneA.ID), 1},
			{"admin", "", 0},
		}
		for _, c := range counts {
			res := e.do(c.who, "GET", path+c.query, nil)
			var list struct{ Items []dondoc.Target }
			res.JSON(t, &list)
			if res.Status != http.StatusOK || len(list.Items) != c.want {
				t.Errorf("%s lists targets%s: %d %s, want %d items", c.who, c.query, res.Status, res.Body, c.want)
			}
		}
		wantIndicatorProblem(t, "bad unit filter", e.do("office", "GET", path+"?unit=abc", nil), http.StatusBadRequest, "unit")
	})
}

func TestActualAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		ind := e.createIndicator(map[string]any{"code": "GN-DTC", "name": "Giải ngân vốn đầu tư công", "measure": "tỷ đồng",
			"aggregation": "ratio", "period_type": "quarter", "disaggregations": []string{"vốn tỉnh", "vốn trung ương"}})
		path := fmt.Sprintf("/api/v1/indicators/%d/actuals", ind.ID)
		good := map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024-Q2", "value": 45, "denominator": 120,
			"parts": map[string]float64{"vốn tỉnh": 30, "vốn trung ương": 15}, "note": "Quý II"}

		bad := []struct {
			name   string
			who    string
			body   any
			status int
			field  string
		}{
			{"string value", "officerA", []byte(`{"unit_id": ` + fmt.Sprint(e.p.CommuneA.ID) + `, "period": "2024-Q2", "value": "12a", "denominator": 5}`), http.StatusBadRequest, "value"},
			{"month for a quarterly indicator", "officerA", map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024-05", "value": 1, "denominator": 5}, http.StatusBadRequest, "period"},
			{"no denominator", "officerA", map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024-Q2", "value": 1}, http.StatusBadRequest, "denominator"},
			{"unknown part", "officerA", map[string]any{"unit_id": e.p.CommuneA.ID, "period": "2024-Q2", "value": 1, "denominator": 5,
				"parts": map[string]float64{"vốn ODA": 1}}, http.StatusBadRequest, "parts.vốn ODA"},
			{"officer of commune B", "officerB", good, http.StatusForbidden, "unit_id"},
			{"viewer", "viewer", good, http.StatusForbidden, "unit_id"},
		}
		for _, b := range bad {
			wantIndicatorProblem(t, b.name, e.do(b.who, "POST", path, b.body), b.status, b.field)
		}

		res := e.do("officerA", "POST", path, good)
		var x dondoc.Actual
		res.JSON(t, &x)
		if res.Status != http.StatusCreated || x.Status != dondoc.ActualSubmitted || x.Denominator == nil || *x.Denominator != 120 ||
			x.Parts["vốn tỉnh"] != 30 || x.SubmittedBy != e.users["officerA"] || res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("submit: %d %s", res.Status, res.Body)
		}
		// A correction of a value under review replaces it: 200, same id, next version.
		good["value"] = 46
		res = e.do("officerA", "POST", path, good)
		res.JSON(t, &x)
		if res.Status != http.StatusOK || x.Value != 46 || x.Version != 2 {
			t.Fatalf("resubmit: %d %s", res.Status, res.Body)
		}
		review := fmt.Sprintf("/api/v1/actuals/%d/review", x.ID)
		approve := map[string]any{"approve": true}
		wantIndicatorProblem(t, "officer B reviews", e.do("officerB", "POST", review, approve, "If-Match", `"v2"`), http.StatusNotFound, "")
		wantIndicatorProblem(t, "officer approves", e.do("officerA", "POST", review, approve, "If-Match", `"v2"`), http.StatusForbidden, "")
		wantIndicatorProblem(t, "no If-Match", e.do("headA", "POST", review, approve), http.StatusPreconditionRequired, "If-Match")
		wantIndicatorProblem(t, "stale", e.do("headA", "POST", review, approve, "If-Match", `"v1"`), http.StatusPreconditionFailed, "")
		wantIndicatorProblem(t, "unknown actual", e.do("headA", "POST", fmt.Sprintf("/api/v1/actuals/%d/review", x.ID+50), approve, "If-Match", `"v1"`), http.StatusNotFound, "")

		res = e.do("headA", "POST", review, approve, "If-Match", `"v2"`)
		res.JSON(t, &x)
		if res.Status != http.StatusOK || x.Status != dondoc.ActualApproved || res.Header.Get("ETag") != `"v3"` {
			t.Fatalf("approve: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "resubmit approved", e.do("officerA", "POST", path, good), http.StatusConflict, "")
		res = e.do("office", "POST", review, map[string]any{"approve": true, "note": "Tiếp nhận"}, "If-Match", `"v3"`)
		res.JSON(t, &x)
		if res.Status != http.StatusOK || x.Status != dondoc.ActualAccepted {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "review accepted", e.do("office", "POST", review, approve, "If-Match", `"v4"`), http.StatusConflict, "")

		counts := []struct {
			who   string
			query string
			want  int
		}{
			{"officerA", "", 1},
			{"headA", "?unit=" + fmt.Sprint(e.p.CommuneA.ID), 1},
			{"leader", "", 1},
			{"officerB", "", 0},
			{"officerB", "?unit=" + fmt.Sprint(e.p.CommuneA.ID), 0},
			{"dept", "", 0},
		}
		for _, c := range counts {
			res := e.do(c.who, "GET", path+c.query, nil)
			var list struct{ Items []dondoc.Actual }
			res.JSON(t, &list)
			if res.Status != http.StatusOK || len(list.Items) != c.want {
				t.Errorf("%s lists actuals%s: %d %s, want %d items", c.who, c.query, res.Status, res.Body, c.want)
			}
		}
		wantIndicatorProblem(t, "unknown indicator", e.do("office", "GET", fmt.Sprintf("/api/v1/indicators/%d/actuals", ind.ID+50), nil), http.StatusNotFound, "")
	})
}

func TestProjectAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		ind := e.createIndicator(map[string]any{"code": "GN-CAU", "name": "Giải ngân cầu Đồng Việt", "measure": "%",
			"aggregation": "ratio", "period_type": "month"})
		body := map[string]any{"name": "Cầu Đồng Việt", "investor_unit_id": e.p.DistrictA.ID, "total_investment": 1364e9,
			"planned_start": "2022-01-15", "planned_end": "2024-12-31", "indicator_id": ind.ID,
			"milestones": []map[string]any{{"name": "Khởi công", "planned": "2022-01-15", "actual": "2022-01-20"},
				{"name": "Hợp long", "planned": "2024-06-30", "actual": nil}}}
		res := e.do("office", "POST", "/api/v1/projects", body)
		var pr dondoc.Project
		res.JSON(t, &pr)
		if res.Status != http.StatusCreated || res.Header.Get("Location") != "/api/v1/projects/"+fmt.Sprint(pr.ID) {
			t.Fatalf("create project: %d %s", res.Status, res.Body)
		}
		res = e.do("officerB", "GET", "/api/v1/projects/"+fmt.Sprint(pr.ID), nil)
		var got dondoc.Project
		res.JSON(t, &got)
		want := []dondoc.Milestone{{Name: "Khởi công", Planned: "2022-01-15", Actual: "2022-01-20"}, {Name: "Hợp long", Planned: "2024-06-30"}}
		if res.Status != http.StatusOK || got.Name != "Cầu Đồng Việt" || got.IndicatorID == nil || *got.IndicatorID != ind.ID ||
			len(got.Milestones) != 2 || got.Milestones[0] != want[0] || got.Milestones[1] != want[1] || got.TotalInvestment != 1364e9 {
			t.Fatalf("get project: %d %s", res.Status, res.Body)
		}

		bad := []struct {
			name   string
			who    string
			body   any
			status int
			field  string
		}{
			{"officer registers", "officerA", body, http.StatusForbidden, "investor_unit_id"},
			{"bad milestone date", "office", map[string]any{"name": "X", "investor_unit_id": e.p.DistrictA.ID,
				"milestones": []map[string]any{{"name": "Khởi công", "planned": "2024-02-30"}}}, http.StatusBadRequest, "milestones[0].planned"},
			{"unknown indicator", "office", map[string]any{"name": "X", "investor_unit_id": e.p.DistrictA.ID, "indicator_id": ind.ID + 50}, http.StatusBadRequest, "indicator_id"},
			{"string investment", "office", []byte(`{"name": "X", "investor_unit_id": 1, "total_investment": "nhiều"}`), http.StatusBadRequest, "total_investment"},
		}
		for _, b := range bad {
			wantIndicatorProblem(t, b.name, e.do(b.who, "POST", "/api/v1/projects", b.body), b.status, b.field)
		}

		res = e.do("viewer", "GET", "/api/v1/projects", nil)
		var list struct{ Items []dondoc.Project }
		res.JSON(t, &list)
		if res.Status != http.StatusOK || len(list.Items) != 1 {
			t.Errorf("list projects: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "admin without a read role", e.do("admin", "GET", "/api/v1/projects/"+fmt.Sprint(pr.ID), nil), http.StatusNotFound, "")
		wantIndicatorProblem(t, "missing project", e.do("office", "GET", "/api/v1/projects/"+fmt.Sprint(pr.ID+50), nil), http.StatusNotFound, "")
		wantIndicatorProblem(t, "malformed id", e.do("office", "GET", "/api/v1/projects/abc", nil), http.StatusNotFound, "")
	})
}

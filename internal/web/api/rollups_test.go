package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb/sqldbtest"
)

// seedDisbursement defines a disbursement ratio in percent with a province target of 95% and
// accepted figures: Yên Dũng 30/60 and its commune Đồng Việt 10/40 in January, Lạng Giang 20/40
// in February.
func (e *env) seedDisbursement() dondoc.Indicator {
	e.t.Helper()
	ind := e.createIndicator(map[string]any{"code": "GN", "name": "Giải ngân vốn đầu tư công", "measure": "%",
		"aggregation": "ratio", "period_type": "month", "higher_is_better": true})
	den := func(v float64) *float64 { return &v }
	p := e.p
	if err := e.db.BulkLoadActuals(sqldbtest.System(), ind.ID, e.users["office"], []dondoc.ActualFact{
		{UnitID: p.DistrictA.ID, Period: "2024-01", Value: 30, Denominator: den(60), Status: dondoc.ActualAccepted, SubmittedOn: "2024-01-10"},
		{UnitID: p.CommuneA.ID, Period: "2024-01", Value: 10, Denominator: den(40), Status: dondoc.ActualAccepted, SubmittedOn: "2024-01-20"},
		{UnitID: p.DistrictB.ID, Period: "2024-02", Value: 20, Denominator: den(40), Status: dondoc.ActualAccepted, SubmittedOn: "2024-02-14"},
	}); err != nil {
		e.t.Fatal(err)
	}
	v := 95.0
	if _, err := e.db.SetTarget(sqldbtest.System(), ind.ID, dondoc.ValueInput{UnitID: p.Root.ID, Period: "2024", Value: &v}); err != nil {
		e.t.Fatal(err)
	}
	return ind
}

func TestIndicatorRollupAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		e.setDay("2024-03-01")
		ind := e.seedDisbursement()
		path := fmt.Sprintf("/api/v1/indicators/%d/rollup?unit=%d&from=2024-01&to=2024-02", ind.ID, e.p.Root.ID)
		res := e.do("leader", "GET", path, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("rollup: %d %s", res.Status, res.Body)
		}
		var r dondoc.Rollup
		res.JSON(t, &r)
		if len(r.Rows) != 5 || r.Level != 1 || r.By != dondoc.PeriodMonth || r.Merge != dondoc.MergeThen {
			t.Fatalf("rollup = %+v, want the province and its four units by month on the tree of then", r)
		}
		root := r.Rows[0]
		jan, feb := root.Cells[0], root.Cells[1]
		if *jan.Value != 40 || *jan.Numerator != 40 || *jan.Denominator != 100 || *feb.Value != 50 || *feb.YTD != 42.8571429 {
			t.Errorf("province cells = %+v, %+v; want 40%% (40/100), then 50%% with 60/140 to date", jan, feb)
		}
		if feb.Status != dondoc.LightRed || *feb.Achievement != 45.112782 || *feb.Target != 95 {
			t.Errorf("February status = %s at %v of %v, want red at 45.112782%% of 95", feb.Status, *feb.Achievement, *feb.Target)
		}
		// Ratios travel as JSON numbers with their precision.
		if !bytes.Contains(res.Body, []byte(`"ytd":42.8571429`)) {
			t.Errorf("body lacks the ratio as a number: %s", res.Body)
		}
		if names := []string{r.Rows[1].UnitName, r.Rows[2].UnitName}; names[0] != "Huyện Lạng Giang" || names[1] != "Huyện Yên Dũng" {
			t.Errorf("rows in Vietnamese order = %v", names)
		}
		if yd := r.Rows[2]; *yd.Cells[0].Value != 40 || yd.Cells[1].Value != nil {
			t.Errorf("Yên Dũng = %+v, want 40%% in January (30+10)/(60+40) and nothing in February", yd.Cells)
		}

		for _, tc := range []struct {
			who, path string
			status    int
			field     string
		}{
			{"leader", path + "&merge=later", http.StatusBadRequest, "merge"},
			{"leader", path + "&level=9", http.StatusBadRequest, "level"},
			{"leader", path + "&by=week", http.StatusBadRequest, "by"},
			{"leader", path + "&include_submitted=perhaps", http.StatusBadRequest, "include_submitted"},
			{"officerA", path, http.StatusForbidden, "unit"},
			{"leader", fmt.Sprintf("/api/v1/indicators/%d/rollup", ind.ID+100), http.StatusNotFound, ""},
			{"", path, http.StatusUnauthorized, ""},
		} {
			wantIndicatorProblem(t, tc.who+" "+tc.path, e.do(tc.who, "GET", tc.path, nil), tc.status, tc.field)
		}
		// A commune officer without a unit gets the commune's own roll-up.
		res = e.do("officerA", "GET", fmt.Sprintf("/api/v1/indicators/%d/rollup?from=2024-01&to=2024-01", ind.ID), nil)
		res.JSON(t, &r)
		if res.Status != http.StatusOK || len(r.Rows) != 1 || r.Rows[0].UnitID != e.p.CommuneA.ID || *r.Rows[0].Cells[0].Value != 25 {
			t.Errorf("commune's own roll-up: %d %s", res.Status, res.Body)
		}
	})
}

func TestCompletenessAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		e.setDay("2024-03-01")
		ind := e.seedDisbursement()
		res := e.do("office", "GET", fmt.Sprintf("/api/v1/reports/completeness?indicator=%d&from=2024-01&to=2024-02&unit=%d", ind.ID, e.p.Root.ID), nil)
		if res.Status != http.StatusOK {
			t.Fatalf("completeness: %d %s", res.Status, res.Body)
		}
		var c dondoc.Completeness
		res.JSON(t, &c)
		// Reporting units: the province (it has a target), Yên Dũng, Đồng Việt and Lạng Giang, two
		// months each. Received: three reports; on time by the 14th: Yên Dũng's and Lạng Giang's.
		root := c.Rows[0]
		if root.Expected != 8 || root.Received != 3 || root.OnTime != 2 || *root.Completeness != 37.5 || *root.Timeliness != 25 {
			t.Errorf("province = %+v", root.CompletenessCounts)
		}
		if len(c.Periods) != 2 || c.Periods[1].Due != "2024-02-14" {
			t.Errorf("periods = %+v", c.Periods)
		}
		for _, tc := range []struct {
			path  string
			field string
		}{
			{"/api/v1/reports/completeness?period=2024-01", "indicator"},
			{fmt.Sprintf("/api/v1/reports/completeness?indicator=%d&period=2024-01", ind.ID+100), "indicator"},
			{fmt.Sprintf("/api/v1/reports/completeness?indicator=%d&period=2024-01&from=2024-01", ind.ID), "period"},
			{fmt.Sprintf("/api/v1/reports/completeness?indicator=%d&period=2024-13", ind.ID), "from"},
		} {
			wantIndicatorProblem(t, tc.path, e.do("office", "GET", tc.path, nil), http.StatusBadRequest, tc.field)
		}
	})
}

func TestIndicatorStatusAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		const path = "/api/v1/settings/indicator-status"
		res := e.do("viewer", "GET", path, nil)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("get: %d %s %s", res.Status, res.Header.Get("ETag"), res.Body)
		}
		body := map[string]any{"green_at": 90, "amber_at": 70, "due_day": 20}
		wantIndicatorProblem(t, "no If-Match", e.do("office", "PUT", path, body), http.StatusPreconditionRequired, "If-Match")
		wantIndicatorProblem(t, "viewer", e.do("viewer", "PUT", path, body, "If-Match", `"v1"`), http.StatusForbidden, "")
		wantIndicatorProblem(t, "amber above green", e.do("office", "PUT", path, map[string]any{"green_at": 90, "amber_at": 95},
			"If-Match", `"v1"`), http.StatusBadRequest, "amber_at")
		wantIndicatorProblem(t, "unknown field", e.do("office", "PUT", path, map[string]any{"green_at": 90, "amber_at": 70, "red_at": 1},
			"If-Match", `"v1"`), http.StatusBadRequest, "red_at")
		res = e.do("office", "PUT", path, body, "If-Match", `"v1"`)
		var s dondoc.IndicatorStatusSetting
		res.JSON(t, &s)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` || s.GreenAt != 90 || s.DueDay != 20 {
			t.Fatalf("put: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "stale", e.do("office", "PUT", path, body, "If-Match", `"v1"`), http.StatusPreconditionFailed, "")
	})
}

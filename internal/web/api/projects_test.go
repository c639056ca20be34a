package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"dondoc"
)

func TestProjectProgressAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		e.setDay("2024-06-10")
		res := e.do("office", "POST", "/api/v1/projects", map[string]any{"name": "Cầu Đồng Việt", "investor_unit_id": e.p.DistrictA.ID,
			"total_investment": 1364, "milestones": []map[string]any{{"name": "Hợp long", "planned": "2024-05-31"}}})
		var pr dondoc.Project
		res.JSON(t, &pr)
		if res.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", res.Status, res.Body)
		}
		base := fmt.Sprintf("/api/v1/projects/%d", pr.ID)
		for _, m := range []string{"2024-04", "2024-05"} {
			if res := e.do("office", "PUT", base+"/disbursements/"+m, map[string]any{"planned": 100}); res.Status != http.StatusOK {
				t.Fatalf("plan %s: %d %s", m, res.Status, res.Body)
			}
		}
		res = e.do("headA", "PUT", base+"/disbursements/2024-04", map[string]any{"actual": 40, "note": "Vướng mặt bằng"})
		var d dondoc.Disbursement
		res.JSON(t, &d)
		if res.Status != http.StatusOK || d.Planned != 100 || d.Actual == nil || *d.Actual != 40 || res.Header.Get("ETag") != `"v2"` {
			t.Errorf("report April: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "head changes the plan", e.do("headA", "PUT", base+"/disbursements/2024-04", map[string]any{"planned": 50}), http.StatusForbidden, "planned")
		wantIndicatorProblem(t, "other commune", e.do("officerB", "PUT", base+"/disbursements/2024-04", map[string]any{"actual": 1}), http.StatusForbidden, "")
		wantIndicatorProblem(t, "bad month", e.do("office", "PUT", base+"/disbursements/2024-13", map[string]any{"actual": 1}), http.StatusBadRequest, "month")
		wantIndicatorProblem(t, "missing project", e.do("office", "PUT", fmt.Sprintf("/api/v1/projects/%d/disbursements/2024-04", pr.ID+50), map[string]any{"actual": 1}), http.StatusNotFound, "")

		res = e.do("viewer", "GET", base+"/progress", nil)
		var p dondoc.ProjectProgress
		res.JSON(t, &p)
		if res.Status != http.StatusOK || p.CumPlanned != 200 || p.CumActual != 40 || !p.Behind || len(p.Months) != 2 || len(p.Milestones) != 1 ||
			p.Milestones[0].Status != dondoc.MilestoneLate {
			t.Errorf("progress: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "bad threshold", e.do("viewer", "GET", base+"/progress?threshold=abc", nil), http.StatusBadRequest, "threshold")
		wantIndicatorProblem(t, "threshold over 100", e.do("viewer", "GET", "/api/v1/projects/watchlist?threshold=150", nil), http.StatusBadRequest, "threshold")
		res = e.do("viewer", "GET", "/api/v1/projects/watchlist", nil)
		var w struct{ Items []dondoc.ProjectProgress }
		res.JSON(t, &w)
		if res.Status != http.StatusOK || len(w.Items) != 1 || w.Items[0].Project.ID != pr.ID || len(w.Items[0].Reasons) != 2 {
			t.Errorf("watchlist: %d %s", res.Status, res.Body)
		}

		ms := map[string]any{"milestones": []map[string]any{{"name": "Hợp long", "planned": "2024-05-31", "actual": "2024-06-05"}}}
		wantIndicatorProblem(t, "milestones without If-Match", e.do("office", "PUT", base+"/milestones", ms), http.StatusPreconditionRequired, "If-Match")
		wantIndicatorProblem(t, "milestones by the head", e.do("headA", "PUT", base+"/milestones", ms, "If-Match", `"v1"`), http.StatusForbidden, "")
		res = e.do("office", "PUT", base+"/milestones", ms, "If-Match", `"v1"`)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("milestones: %d %s", res.Status, res.Body)
		}
		wantIndicatorProblem(t, "stale milestones", e.do("office", "PUT", base+"/milestones", ms, "If-Match", `"v1"`), http.StatusPreconditionFailed, "")
		res = e.do("viewer", "GET", "/api/v1/projects/watchlist?threshold=80", nil)
		if res.Status != http.StatusOK || string(res.Body) != "{\"items\":[]}\n" {
			t.Errorf("watchlist at 80%%: %d %s", res.Status, res.Body)
		}
	})
}

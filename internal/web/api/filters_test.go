package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"dondoc"
)

// TestDocumentAndTaskFilterParameters checks that the list endpoints pass the new filters to
// storage and name the parameter at fault when one is wrong.
func TestDocumentAndTaskFilterParameters(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		var plan, citing dondoc.Document
		for _, c := range []struct {
			in  dondoc.DocumentInput
			out *dondoc.Document
		}{
			{dondoc.DocumentInput{Type: "Kế hoạch", NumberSymbol: "12/KH-UBND", Issuer: "UBND tỉnh Bắc Giang", Date: "2024-02-01"}, &plan},
			{dondoc.DocumentInput{Type: "Nghị quyết", NumberSymbol: "05-NQ/TU", Issuer: "Tỉnh ủy Bắc Giang", Date: "2023-03-01",
				References: []dondoc.Reference{{NumberSymbol: "12/KH-UBND"}}}, &citing},
		} {
			res := e.do("office", "POST", "/api/v1/documents", c.in)
			expectStatus(t, res, http.StatusCreated, "create document")
			res.JSON(t, c.out)
		}
		e.createTask("office", dondoc.TaskInput{DocumentID: &plan.ID, Title: "Triển khai", LeadUnitID: e.p.DistrictA.ID,
			AssignerUnitID: e.p.Office.ID, Assign: true})
		for _, c := range []struct {
			query string
			want  int64
		}{
			{"system=party", citing.ID},
			{"system=state&issuer=ubnd+tinh&year=2024", plan.ID},
			{"open_tasks=true", plan.ID},
			{fmt.Sprintf("cites=%d", plan.ID), citing.ID},
		} {
			var page dondoc.Page[dondoc.Document]
			res := e.do("viewer", "GET", "/api/v1/documents?"+c.query, nil)
			expectStatus(t, res, http.StatusOK, c.query)
			res.JSON(t, &page)
			if len(page.Items) != 1 || page.Items[0].ID != c.want {
				t.Errorf("%s: %+v, want document %d", c.query, page.Items, c.want)
			}
		}
		for query, field := range map[string]string{"system=church": "system", "year=1800": "year", "year=abc": "year",
			"open_tasks=maybe": "open_tasks", "cites=-3": "cites"} {
			expectField(t, e.do("viewer", "GET", "/api/v1/documents?"+query, nil), field, query)
		}

		var page dondoc.Page[dondoc.Task]
		res := e.do("office", "GET", "/api/v1/tasks?colour=active&due_from=2000-01-01", nil)
		expectStatus(t, res, http.StatusOK, "colour filter")
		res.JSON(t, &page)
		if len(page.Items) != 0 {
			t.Errorf("a task without a deadline passed due_from: %+v", page.Items)
		}
		res = e.do("office", "GET", "/api/v1/tasks?colour=active", nil)
		res.JSON(t, &page)
		if len(page.Items) != 1 {
			t.Errorf("active tasks = %+v, want the one without a deadline", page.Items)
		}
		for query, field := range map[string]string{"colour=purple": "colour", "due_from=2024-02-30": "due_from"} {
			expectField(t, e.do("office", "GET", "/api/v1/tasks?"+query, nil), field, query)
		}
	})
}

// TestCascadeAndFeedListRoutes gives a task on to two districts over the API, sees a refused
// cascade create nothing, and lists the caller's calendar feeds.
func TestCascadeAndFeedListRoutes(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		parent, _ := e.createTask("office", dondoc.TaskInput{Title: "Xóa nhà tạm", LeadUnitID: e.p.Root.ID, AssignerUnitID: e.p.Root.ID,
			Assign: true, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2099-09-30"}})
		path := fmt.Sprintf("/api/v1/tasks/%d/cascade", parent.ID)
		before := e.taskCount()
		expectField(t, e.do("office", "POST", path, map[string]any{"units": []int64{e.p.DistrictA.ID, e.p.CommuneA.ID}}), "units[1]", "commune not directly under")
		if n := e.taskCount(); n != before {
			t.Fatalf("a refused cascade created %d tasks", n-before)
		}
		res := e.do("office", "POST", path, map[string]any{"units": []int64{e.p.DistrictA.ID, e.p.DistrictB.ID}})
		expectStatus(t, res, http.StatusCreated, "cascade")
		var out struct{ Items []dondoc.Task }
		res.JSON(t, &out)
		if len(out.Items) != 2 || out.Items[0].LeadUnitID != e.p.DistrictA.ID || out.Items[1].DueOn != "2099-09-30" {
			t.Errorf("children = %+v", out.Items)
		}

		res = e.do("officerA", "POST", "/api/v1/feeds", map[string]any{})
		expectStatus(t, res, http.StatusCreated, "create feed")
		var created struct{ Feed dondoc.Feed }
		res.JSON(t, &created)
		var feeds struct{ Items []dondoc.Feed }
		res = e.do("officerA", "GET", "/api/v1/feeds", nil)
		expectStatus(t, res, http.StatusOK, "list feeds")
		res.JSON(t, &feeds)
		if len(feeds.Items) != 1 || feeds.Items[0].ID != created.Feed.ID || feeds.Items[0].RevokedAt != nil {
			t.Errorf("feeds = %+v", feeds.Items)
		}
		res = e.do("officerB", "GET", "/api/v1/feeds", nil)
		res.JSON(t, &feeds)
		if len(feeds.Items) != 0 {
			t.Errorf("another user's feeds = %+v", feeds.Items)
		}
	})
}

package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"dondoc"
)

// wantOrgProblem fails the test unless res is a problem with the status naming field.
func wantOrgProblem(t *testing.T, what string, res *response, status int, field string) {
	t.Helper()
	if res.Status != status {
		t.Errorf("%s: status %d, want %d: %s", what, res.Status, status, res.Body)
		return
	}
	if p := res.Problem(t); p.Field != field {
		t.Errorf("%s: field %q, want %q: %s", what, p.Field, field, res.Body)
	}
}

// unitNames lists the names on one page of GET /api/v1/units.
func (e *env) unitNames(query string) ([]string, string) {
	e.t.Helper()
	res := e.do("viewer", "GET", "/api/v1/units?"+query, nil)
	if res.Status != http.StatusOK {
		e.t.Fatalf("list units %s: %d %s", query, res.Status, res.Body)
	}
	var page dondoc.Page[dondoc.Unit]
	res.JSON(e.t, &page)
	names := []string{}
	for _, u := range page.Items {
		names = append(names, u.Name)
	}
	return names, page.NextCursor
}

func TestUnitAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		in := map[string]any{"parent_id": e.p.DistrictA.ID, "kind": "commune", "name": "Xã Tân Mỹ", "code": "07654"}
		res := e.do("admin", "POST", "/api/v1/units", in)
		if res.Status != http.StatusCreated || res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("create: %d %s %s", res.Status, res.Header.Get("ETag"), res.Body)
		}
		var u dondoc.Unit
		res.JSON(t, &u)
		path := fmt.Sprintf("/api/v1/units/%d", u.ID)
		if res.Header.Get("Location") != path || u.Path != e.p.DistrictA.Path+fmt.Sprint(u.ID)+"/" {
			t.Errorf("created %+v at %s", u, res.Header.Get("Location"))
		}

		in["name"] = "Xã Tân Mỹ Hà"
		res = e.do("admin", "PATCH", path, in, "If-Match", `"v7"`)
		if res.Status != http.StatusPreconditionFailed || res.Problem(t).Code != "stale" {
			t.Errorf("stale PATCH: %d %s", res.Status, res.Body)
		}
		res = e.do("admin", "PATCH", path, in)
		wantOrgProblem(t, "PATCH without If-Match", res, http.StatusPreconditionRequired, "If-Match")
		res = e.do("viewer", "GET", path, nil)
		var got dondoc.Unit
		res.JSON(t, &got)
		if got.Name != "Xã Tân Mỹ" || res.Header.Get("ETag") != `"v1"` {
			t.Errorf("refused PATCHes changed the unit: %+v %s", got, res.Header.Get("ETag"))
		}
		res = e.do("admin", "PATCH", path, in, "If-Match", `"v1"`)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` {
			t.Errorf("PATCH: %d %s %s", res.Status, res.Header.Get("ETag"), res.Body)
		}

		res = e.do("admin", "POST", "/api/v1/units", map[string]any{"parent_id": e.p.DistrictA.ID, "kind": "commune", "nam": "Xã Lỗi"})
		wantOrgProblem(t, "unknown field", res, http.StatusBadRequest, "nam")
		res = e.do("admin", "POST", "/api/v1/units", map[string]any{"parent_id": e.p.DistrictA.ID, "kind": "commune", "name": "Xã Lỗi", "valid_from": "2025-13-01"})
		wantOrgProblem(t, "bad date", res, http.StatusBadRequest, "valid_from")
		res = e.do("officerA", "POST", "/api/v1/units", map[string]any{"parent_id": e.p.CommuneA.ID, "kind": "other", "name": "Thôn Mới"})
		if res.Status != http.StatusForbidden {
			t.Errorf("officer creates a unit: %d %s", res.Status, res.Body)
		}
		res = e.do("viewer", "GET", "/api/v1/units/987654", nil)
		if res.Status != http.StatusNotFound {
			t.Errorf("unknown unit: %d", res.Status)
		}
		if names, _ := e.unitNames("q=" + url.QueryEscape("thon moi")); len(names) != 0 {
			t.Errorf("refused unit stored: %v", names)
		}
	})
}

func TestUnitAPIList(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		root := fmt.Sprint(e.p.Root.ID)
		want := []string{"Huyện Lạng Giang", "Huyện Yên Dũng", "Sở Tài chính", "Văn phòng Tỉnh ủy"}
		names, next := e.unitNames("parent=" + root)
		if !equalNames(names, want) || next != "" {
			t.Errorf("children of the root = %v (next %q), want %v", names, next, want)
		}
		var walked []string
		query := "limit=3&parent=" + root
		for {
			names, next := e.unitNames(query)
			walked = append(walked, names...)
			if next == "" {
				break
			}
			query = "limit=3&parent=" + root + "&cursor=" + url.QueryEscape(next)
		}
		if !equalNames(walked, want) {
			t.Errorf("pages of 3 = %v, want %v", walked, want)
		}
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"q=" + url.QueryEscape("dong viet"), []string{"Xã Đồng Việt"}},
			{"kind=commune", []string{"Xã Đồng Việt", "Xã Tân Thanh"}},
			{"kind=district&as_of=2024-05-06", []string{"Huyện Lạng Giang", "Huyện Yên Dũng"}},
		} {
			if names, _ := e.unitNames(tc.query); !equalNames(names, tc.want) {
				t.Errorf("%s: %v, want %v", tc.query, names, tc.want)
			}
		}
		for _, tc := range []struct{ query, field string }{
			{"as_of=hom-nay", "as_of"},
			{"parent=abc", "parent"},
			{"kind=planet", "kind"},
			{"limit=-1", "limit"},
		} {
			wantOrgProblem(t, tc.query, e.do("viewer", "GET", "/api/v1/units?"+tc.query, nil), http.StatusBadRequest, tc.field)
		}
	})
}

func equalNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestOrgAPIPostsPeopleGroups(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		unitPosts := fmt.Sprintf("/api/v1/units/%d/posts", e.p.CommuneA.ID)
		res := e.do("office", "POST", unitPosts, map[string]any{"title": "Bí thư Đảng ủy xã", "is_head": true})
		if res.Status != http.StatusCreated {
			t.Fatalf("create post: %d %s", res.Status, res.Body)
		}
		var post dondoc.Post
		res.JSON(t, &post)
		if post.UnitID != e.p.CommuneA.ID || !post.IsHead {
			t.Errorf("post = %+v", post)
		}
		res = e.do("office", "POST", unitPosts, map[string]any{"title": "Chủ tịch UBND xã", "is_head": true})
		wantOrgProblem(t, "second head", res, http.StatusConflict, "is_head")
		res = e.do("office", "POST", "/api/v1/units/987654/posts", map[string]any{"title": "Bí thư"})
		if res.Status != http.StatusNotFound {
			t.Errorf("post in an unknown unit: %d %s", res.Status, res.Body)
		}
		res = e.do("officerA", "GET", unitPosts, nil)
		var posts struct{ Items []dondoc.Post }
		res.JSON(t, &posts)
		if res.Status != http.StatusOK || len(posts.Items) != 1 || posts.Items[0].ID != post.ID {
			t.Errorf("list posts: %d %s", res.Status, res.Body)
		}

		res = e.do("office", "POST", "/api/v1/people", map[string]any{"full_name": "Nguyễn Thị Hoa", "email": "hoa@bacgiang.gov.vn"})
		if res.Status != http.StatusCreated {
			t.Fatalf("create person: %d %s", res.Status, res.Body)
		}
		var person dondoc.Person
		res.JSON(t, &person)
		res = e.do("viewer", "GET", "/api/v1/people?q="+url.QueryEscape("nguyen hoa"), nil)
		var people dondoc.Page[dondoc.Person]
		res.JSON(t, &people)
		if len(people.Items) != 1 || people.Items[0].ID != person.ID {
			t.Errorf("search people: %s", res.Body)
		}
		if res := e.do("viewer", "GET", fmt.Sprintf("/api/v1/people/%d", person.ID), nil); res.Status != http.StatusOK || res.Header.Get("ETag") != `"v1"` {
			t.Errorf("get person: %d %s", res.Status, res.Body)
		}
		wantOrgProblem(t, "person without name", e.do("office", "POST", "/api/v1/people", map[string]any{"full_name": ""}), http.StatusBadRequest, "full_name")

		holdings := fmt.Sprintf("/api/v1/posts/%d/holdings", post.ID)
		res = e.do("office", "POST", holdings, map[string]any{"person_id": person.ID, "from": "2025-07-01"})
		if res.Status != http.StatusCreated {
			t.Fatalf("assign holder: %d %s", res.Status, res.Body)
		}
		wantOrgProblem(t, "holder before the current one", e.do("office", "POST", holdings, map[string]any{"person_id": person.ID, "from": "2025-06-01"}),
			http.StatusBadRequest, "from")
		wantOrgProblem(t, "holder with a bad date", e.do("office", "POST", holdings, map[string]any{"person_id": person.ID, "from": "01/07/2025"}),
			http.StatusBadRequest, "from")
		if res := e.do("officerA", "POST", holdings, map[string]any{"person_id": person.ID, "from": "2026-01-01"}); res.Status != http.StatusForbidden {
			t.Errorf("officer assigns a holder: %d %s", res.Status, res.Body)
		}
		res = e.do("viewer", "GET", holdings, nil)
		var hs struct{ Items []dondoc.Holding }
		res.JSON(t, &hs)
		if len(hs.Items) != 1 || hs.Items[0].PersonID != person.ID || hs.Items[0].From != "2025-07-01" {
			t.Errorf("holdings: %s", res.Body)
		}

		res = e.do("office", "POST", "/api/v1/groups", map[string]any{"name": "Các huyện ủy", "unit_ids": []int64{e.p.DistrictA.ID, e.p.DistrictB.ID}})
		if res.Status != http.StatusCreated {
			t.Fatalf("create group: %d %s", res.Status, res.Body)
		}
		var g dondoc.UnitGroup
		res.JSON(t, &g)
		wantOrgProblem(t, "group with an unknown unit", e.do("office", "POST", "/api/v1/groups",
			map[string]any{"name": "Nhóm lỗi", "unit_ids": []int64{e.p.DistrictA.ID, 987654}}), http.StatusBadRequest, "unit_ids[1]")
		res = e.do("officerB", "GET", "/api/v1/groups", nil)
		var groups struct{ Items []dondoc.UnitGroup }
		res.JSON(t, &groups)
		if len(groups.Items) != 1 || groups.Items[0].ID != g.ID || len(groups.Items[0].UnitIDs) != 2 {
			t.Errorf("groups: %s", res.Body)
		}
		if res := e.do("officerB", "GET", fmt.Sprintf("/api/v1/groups/%d", g.ID), nil); res.Status != http.StatusOK {
			t.Errorf("get group: %d %s", res.Status, res.Body)
		}
	})
}

func TestUnitChangeAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		task, _ := e.createTask("office", dondoc.TaskInput{Title: "Xóa nhà tạm", LeadUnitID: e.p.CommuneA.ID, AssignerUnitID: e.p.Office.ID, Assign: true})
		merge := map[string]any{"kind": "merge", "effective": "2025-07-01", "predecessors": []int64{e.p.CommuneA.ID},
			"successors": []int64{e.p.CommuneB.ID}, "note": "Sáp nhập xã"}
		if res := e.do("office", "POST", "/api/v1/unit-changes", merge); res.Status != http.StatusForbidden {
			t.Errorf("office records a change: %d %s", res.Status, res.Body)
		}
		wantOrgProblem(t, "client sends what moved", e.do("admin", "POST", "/api/v1/unit-changes",
			map[string]any{"kind": "merge", "effective": "2025-07-01", "predecessors": []int64{e.p.CommuneA.ID}, "successors": []int64{e.p.CommuneB.ID},
				"moved_tasks": []int64{1}}), http.StatusBadRequest, "moved_tasks")
		res := e.do("admin", "POST", "/api/v1/unit-changes", merge)
		if res.Status != http.StatusCreated {
			t.Fatalf("record change: %d %s", res.Status, res.Body)
		}
		var c dondoc.UnitChange
		res.JSON(t, &c)
		if c.ID == 0 || len(c.MovedTasks) != 1 || c.MovedTasks[0] != task.ID {
			t.Errorf("change = %+v", c)
		}
		res = e.do("office", "GET", fmt.Sprintf("/api/v1/tasks/%d", task.ID), nil)
		var moved dondoc.Task
		res.JSON(t, &moved)
		if moved.LeadUnitID != e.p.CommuneB.ID || res.Header.Get("ETag") != `"v2"` {
			t.Errorf("task after the merge: lead %d, ETag %s", moved.LeadUnitID, res.Header.Get("ETag"))
		}
		wantOrgProblem(t, "move without parent", e.do("admin", "POST", "/api/v1/unit-changes",
			map[string]any{"kind": "move", "effective": "2025-07-01", "predecessors": []int64{e.p.CommuneB.ID}}), http.StatusBadRequest, "parent_id")
		res = e.do("admin", "POST", "/api/v1/unit-changes", map[string]any{"kind": "move", "effective": "2025-07-01",
			"predecessors": []int64{e.p.CommuneB.ID}, "parent_id": e.p.DistrictA.ID})
		if res.Status != http.StatusCreated {
			t.Fatalf("move: %d %s", res.Status, res.Body)
		}
		if names, _ := e.unitNames(fmt.Sprintf("parent=%d", e.p.DistrictA.ID)); !equalNames(names, []string{"Xã Đồng Việt", "Xã Tân Thanh"}) {
			t.Errorf("district A after the move: %v", names)
		}
	})
}

package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/web/api"
)

// wantDocProblem fails the test unless res is a problem with the status and field.
func wantDocProblem(t *testing.T, what string, res *response, status int, field string) api.Problem {
	t.Helper()
	if res.Status != status {
		t.Errorf("%s: %d %s, want %d", what, res.Status, res.Body, status)
		return api.Problem{}
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
	p := res.Problem(t)
	if p.Field != field {
		t.Errorf("%s: field %q, want %q (%s)", what, p.Field, field, res.Body)
	}
	return p
}

// docCount returns how many documents the office sees.
func (e *env) docCount() int {
	e.t.Helper()
	var page dondoc.Page[dondoc.Document]
	res := e.do("office", "GET", "/api/v1/documents?limit=200", nil)
	if res.Status != http.StatusOK {
		e.t.Fatalf("list documents: %d %s", res.Status, res.Body)
	}
	res.JSON(e.t, &page)
	return len(page.Items)
}

// bridgePlan is a plan of the provincial People's Committee for the Đồng Việt bridge.
func bridgePlan(e *env) map[string]any {
	return map[string]any{
		"type": "Kế hoạch", "number_symbol": "88/KH-UBND", "issuer": "UBND tỉnh Bắc Giang", "issuer_unit_id": e.p.Root.ID,
		"date": "2024-03-01", "subject": "Đẩy nhanh tiến độ dự án Xây dựng Cầu Đồng Việt",
		"recipients":   []map[string]any{{"kind": "unit", "ref_id": e.p.DistrictA.ID}, {"kind": "text", "text": "Các sở, ban, ngành tỉnh"}},
		"references":   []map[string]any{{"number_symbol": "307-NQ/TU", "type": "Nghị quyết", "date": "2023-12-06"}},
		"distribution": []map[string]any{{"text": "Như trên"}, {"text": "Thường trực Tỉnh ủy", "note": "báo cáo"}},
	}
}

func TestDocumentAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		res := e.do("office", "POST", "/api/v1/documents", bridgePlan(e))
		if res.Status != http.StatusCreated || res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("create: %d %s (ETag %q)", res.Status, res.Body, res.Header.Get("ETag"))
		}
		var doc dondoc.Document
		res.JSON(t, &doc)
		path := fmt.Sprintf("/api/v1/documents/%d", doc.ID)
		if res.Header.Get("Location") != path || doc.Number == nil || doc.Number.Type != "Kế hoạch" ||
			len(doc.References) != 1 || doc.References[0].DocumentID != nil || doc.Recipients[0].Text != e.p.DistrictA.Name {
			t.Errorf("created %+v at %q", doc, res.Header.Get("Location"))
		}

		// A commune officer reads documents addressed anywhere, but may not register them.
		res = e.do("officerA", "GET", "/api/v1/documents", nil)
		var page dondoc.Page[dondoc.Document]
		res.JSON(t, &page)
		if res.Status != http.StatusOK || len(page.Items) != 1 || page.Items[0].ID != doc.ID {
			t.Errorf("officer lists: %d %s", res.Status, res.Body)
		}
		res = e.do("officerA", "GET", path, nil)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v1"` {
			t.Errorf("officer reads: %d %s", res.Status, res.Body)
		}
		wantDocProblem(t, "officer registers", e.do("officerA", "POST", "/api/v1/documents", bridgePlan(e)), http.StatusForbidden, "")
		wantDocProblem(t, "admin reads", e.do("admin", "GET", path, nil), http.StatusNotFound, "")
		wantDocProblem(t, "anonymous", e.do("", "GET", "/api/v1/documents", nil), http.StatusUnauthorized, "")
		wantDocProblem(t, "duplicate", e.do("office", "POST", "/api/v1/documents", bridgePlan(e)), http.StatusConflict, "number_symbol")

		// Edits need the version last read.
		edit := bridgePlan(e)
		edit["subject"] = "Giải ngân vốn đầu tư công dự án Cầu Đồng Việt"
		wantDocProblem(t, "edit without If-Match", e.do("office", "PATCH", path, edit), http.StatusPreconditionRequired, "If-Match")
		res = e.do("leader", "PATCH", path, edit, "If-Match", `"v1"`)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("edit: %d %s", res.Status, res.Body)
		}
		wantDocProblem(t, "stale edit", e.do("office", "PATCH", path, edit, "If-Match", `"v1"`), http.StatusPreconditionFailed, "")
		wantDocProblem(t, "officer edits", e.do("officerA", "PATCH", path, edit, "If-Match", `"v2"`), http.StatusForbidden, "")
		wantDocProblem(t, "missing document", e.do("office", "GET", "/api/v1/documents/99999", nil), http.StatusNotFound, "")

		// Filters: full text without diacritics, number as printed, date range.
		other := map[string]any{"type": "Nghị quyết", "number_symbol": "307-NQ/TU", "issuer": "Tỉnh ủy", "date": "2023-12-06",
			"subject": "Về nhiệm vụ lãnh đạo năm 2024"}
		if res := e.do("office", "POST", "/api/v1/documents", other); res.Status != http.StatusCreated {
			t.Fatalf("create 307-NQ/TU: %d %s", res.Status, res.Body)
		}
		res = e.do("viewer", "GET", path, nil)
		res.JSON(t, &doc)
		if r := doc.References[0]; r.DocumentID == nil {
			t.Errorf("reference to 307-NQ/TU after it was registered: %+v", r)
		}
		filters := []struct {
			query string
			want  int
		}{
			{"q=" + url.QueryEscape("dong viet"), 1},
			{"q=" + url.QueryEscape("307 nq"), 1},
			{"number=" + url.QueryEscape("Số: 088/KH-UBND"), 1},
			{"type=" + url.QueryEscape("Nghị quyết"), 1},
			{"from=2024-01-01", 1},
			{"from=2023-01-01&to=2024-12-31", 2},
			{"limit=1", 1},
		}
		for _, f := range filters {
			res := e.do("viewer", "GET", "/api/v1/documents?"+f.query, nil)
			var page dondoc.Page[dondoc.Document]
			res.JSON(t, &page)
			if res.Status != http.StatusOK || len(page.Items) != f.want {
				t.Errorf("%s: %d, %d items, want %d (%s)", f.query, res.Status, len(page.Items), f.want, res.Body)
			}
		}
		res = e.do("viewer", "GET", "/api/v1/documents?limit=1", nil)
		res.JSON(t, &page)
		next := e.do("viewer", "GET", "/api/v1/documents?limit=1&cursor="+url.QueryEscape(page.NextCursor), nil)
		var second dondoc.Page[dondoc.Document]
		next.JSON(t, &second)
		if page.NextCursor == "" || len(second.Items) != 1 || second.Items[0].ID == page.Items[0].ID || second.NextCursor != "" {
			t.Errorf("pages: %s then %s", res.Body, next.Body)
		}
		wantDocProblem(t, "bad from", e.do("viewer", "GET", "/api/v1/documents?from=2024-02-30", nil), http.StatusBadRequest, "from")
		wantDocProblem(t, "bad limit", e.do("viewer", "GET", "/api/v1/documents?limit=x", nil), http.StatusBadRequest, "limit")
		wantDocProblem(t, "bad cursor", e.do("viewer", "GET", "/api/v1/documents?cursor=%25%25", nil), http.StatusBadRequest, "cursor")
	})
}

func TestDocumentAPIBadInput(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		tests := []struct {
			name   string
			edit   func(in map[string]any)
			status int
			field  string
		}{
			{"impossible date", func(in map[string]any) { in["date"] = "2024-02-30" }, http.StatusBadRequest, "date"},
			{"bad number symbol", func(in map[string]any) { in["number_symbol"] = "KH 88" }, http.StatusBadRequest, "number_symbol"},
			{"received before the date", func(in map[string]any) { in["received_on"] = "2024-02-01" }, http.StatusBadRequest, "received_on"},
			{"unknown recipient unit", func(in map[string]any) {
				in["recipients"] = []map[string]any{{"kind": "unit", "ref_id": 99999}}
			}, http.StatusBadRequest, "recipients[0].ref_id"},
			{"unknown field", func(in map[string]any) { in["so_ky_hieu"] = "88/KH-UBND" }, http.StatusBadRequest, "so_ky_hieu"},
			{"secret", func(in map[string]any) { in["secrecy"] = "Mật" }, http.StatusForbidden, "secrecy"},
			{"body of 10 MB", func(in map[string]any) { in["body"] = strings.Repeat("Đồng Việt ", 10<<20/len("Đồng Việt ")) }, http.StatusBadRequest, "body"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := bridgePlan(e)
				tt.edit(in)
				wantDocProblem(t, tt.name, e.do("office", "POST", "/api/v1/documents", in), tt.status, tt.field)
				if n := e.docCount(); n != 0 {
					t.Errorf("%d documents stored after a refused request", n)
				}
			})
		}

		// The problem detail follows Accept-Language.
		in := bridgePlan(e)
		in["date"] = "2024-02-30"
		res := e.do("office", "POST", "/api/v1/documents", in, "Accept-Language", "en-US,en;q=0.9")
		p := wantDocProblem(t, "English", res, http.StatusBadRequest, "date")
		if res.Header.Get("Content-Language") != "en" || !strings.Contains(p.Detail, "Invalid date") {
			t.Errorf("English problem: %s (Content-Language %q)", res.Body, res.Header.Get("Content-Language"))
		}
		res = e.do("office", "POST", "/api/v1/documents", in)
		p = wantDocProblem(t, "Vietnamese", res, http.StatusBadRequest, "date")
		if res.Header.Get("Content-Language") != "vi" || !strings.Contains(p.Detail, "Ngày không hợp lệ") {
			t.Errorf("Vietnamese problem: %s", res.Body)
		}
		in = bridgePlan(e)
		in["body"] = strings.Repeat("a", dondoc.MaxBodyText+1)
		res = e.do("office", "POST", "/api/v1/documents", in, "Accept-Language", "en")
		p = wantDocProblem(t, "long body", res, http.StatusBadRequest, "body")
		if !strings.Contains(p.Detail, "Too long") {
			t.Errorf("long body problem: %s", res.Body)
		}
	})
}

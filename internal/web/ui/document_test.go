package ui_test

import (
	"context"
	"fmt"
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

var docRowRE = regexp.MustCompile(`<a href="/van-ban/(\d+)">`)

func docIDs(body string) []string {
	var ids []string
	for _, m := range docRowRE.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// allDocuments lists every document the filter selects, as the pages should show them.
func (e *env) allDocuments(f dondoc.DocumentFilter) []dondoc.Document {
	e.t.Helper()
	ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
	f.Limit = dondoc.MaxPageSize
	var out []dondoc.Document
	for {
		page, err := e.db.ListDocuments(ctx, f)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out
		}
		f.Cursor = page.NextCursor
	}
}

// seedDocument returns the demo's seed dispatch.
func (e *env) seedDocument() dondoc.Document {
	e.t.Helper()
	for _, d := range e.allDocuments(dondoc.DocumentFilter{}) {
		if d.NumberSymbol == "1250-CV/TU" {
			return d
		}
	}
	e.t.Fatal("the demo has no seed dispatch 1250-CV/TU")
	return dondoc.Document{}
}

func TestDocumentList(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newIngestEnv(t, db)
		c, _ := e.signedIn("vanphong")
		all := e.allDocuments(dondoc.DocumentFilter{})
		seed := e.seedDocument()

		t.Run("all", func(t *testing.T) {
			res := c.get("/van-ban")
			if res.status != http.StatusOK {
				t.Fatalf("status %d", res.status)
			}
			contains(t, "document list", res.body, `data-page="document-list"`, "1250-CV/TU", "307-NQ/TU", `href="/van-ban/nhap"`,
				`<a href="/van-ban" aria-current="page">`)
			if got := docIDs(res.body); len(got) != len(all) {
				t.Errorf("lists %d documents, want %d", len(got), len(all))
			}
		})

		for _, tc := range []struct {
			name, query string
			want        func(d dondoc.Document) bool
		}{
			{"accent-insensitive search", "q=tap+trung+lanh+dao", func(d dondoc.Document) bool { return d.ID == seed.ID }},
			{"party", "system=party", func(d dondoc.Document) bool { return d.Number != nil && d.Number.System == dondoc.SystemParty }},
			{"state", "system=state", func(d dondoc.Document) bool { return d.Number != nil && d.Number.System == dondoc.SystemState }},
			{"type", "type=" + url.QueryEscape("Nghị quyết"), func(d dondoc.Document) bool { return d.Type == "Nghị quyết" }},
			{"year", "year=2023", func(d dondoc.Document) bool { return strings.HasPrefix(string(d.Date), "2023") }},
			{"issuer without accents", "issuer=ban+thuong+vu", func(d dondoc.Document) bool { return strings.Contains(d.Issuer, "Ban Thường vụ") }},
			{"open tasks", "open=1", func(d dondoc.Document) bool { return d.ID == seed.ID }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				want := 0
				for _, d := range all {
					if tc.want(d) {
						want++
					}
				}
				res := c.get("/van-ban?"+tc.query, "HX-Request", "true", "HX-Target", "document-results")
				if res.status != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(res.body), `<section id="document-results"`) {
					t.Fatalf("status %d, fragment %.200s", res.status, res.body)
				}
				if got := docIDs(res.body); len(got) != want {
					t.Errorf("%s lists %d documents, want %d", tc.query, len(got), want)
				}
				if want == 0 {
					contains(t, "empty list", res.body, "Không có văn bản nào khớp với điều kiện lọc.")
				}
			})
		}

		t.Run("filters kept in the form", func(t *testing.T) {
			res := c.get("/van-ban?q=cau&system=party&year=2024&open=1&type=" + url.QueryEscape("Công văn"))
			contains(t, "filtered list", res.body, `value="cau"`, `<option value="party" selected>`, `value="2024"`,
				`id="open" name="open" type="checkbox" value="1" checked`, `<option value="Công văn" selected>`)
		})

		for _, tc := range []struct {
			name, query, field, msg, kept string
		}{
			{"year not a number", "year=hai+nghin&q=cau", "year", "Năm phải là số có bốn chữ số", `value="hai nghin"`},
			{"year out of range", "year=1800", "year", "từ 1945 đến 2100", `value="1800"`},
			{"unknown system", "system=vua&q=cau", "system", "Hệ thống ban hành phải là Đảng hoặc Nhà nước.", `value="cau"`},
			{"search too long", "q=" + strings.Repeat("a", 501), "q", "", `aria-invalid="true"`},
			{"issuer too long", "issuer=" + strings.Repeat("b", 301), "issuer", "", `aria-invalid="true"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := c.get("/van-ban?" + tc.query)
				if res.status != http.StatusBadRequest {
					t.Errorf("status = %d, want 400", res.status)
				}
				contains(t, "bad filter", html.UnescapeString(res.body), `id="`+tc.field+`-error"`, tc.msg, tc.kept)
				if len(docIDs(res.body)) != 0 {
					t.Error("a bad filter still lists documents")
				}
			})
		}
		res := c.get("/van-ban?year=abc", "HX-Request", "true", "HX-Target", "document-results")
		if res.status != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(res.body), `<section id="document-results"`) {
			t.Errorf("a bad filter from htmx = %d %.100s, want the results fragment with 200 so that htmx swaps it", res.status, res.body)
		}
		contains(t, "bad filter fragment", res.body, "Năm phải là số có bốn chữ số")
		if res := c.get("/van-ban?system=party&cursor=abc~x"); res.status != http.StatusBadRequest {
			t.Errorf("a broken cursor answers %d, want 400", res.status)
		}
	})
}

// TestDocumentListPages pages through more documents than a page holds, with and without a filter
// on the numbering system, and checks that every document comes exactly once.
func TestDocumentListPages(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
		for i := range 60 {
			number := fmt.Sprintf("%d/KH-UBND", 100+i)
			if i%2 == 0 {
				number = fmt.Sprintf("%d-KH/TU", 100+i)
			}
			if _, err := db.CreateDocument(ctx, dondoc.DocumentInput{Type: "Kế hoạch", NumberSymbol: number,
				Issuer: "Ủy ban nhân dân tỉnh", Date: dondoc.Date(fmt.Sprintf("2024-03-%02d", 1+i%28)), Subject: "Kế hoạch số " + number}); err != nil {
				t.Fatal(err)
			}
		}
		c, _ := e.signedIn("vanphong")
		all := e.allDocuments(dondoc.DocumentFilter{})
		for _, tc := range []struct{ name, query string }{{"unfiltered", ""}, {"state only", "system=state"}} {
			t.Run(tc.name, func(t *testing.T) {
				want := 0
				for _, d := range all {
					if tc.query == "" || d.Number != nil && d.Number.System == dondoc.SystemState {
						want++
					}
				}
				res := c.get("/van-ban?" + tc.query)
				seen := map[string]bool{}
				moreRE := regexp.MustCompile(`hx-get="(/van-ban\?[^"]*cursor=[^"]+)"`)
				for pages := 0; ; pages++ {
					if pages > 10 {
						t.Fatal("the list never ends")
					}
					for _, id := range docIDs(res.body) {
						if seen[id] {
							t.Errorf("document %s listed twice", id)
						}
						seen[id] = true
					}
					m := moreRE.FindStringSubmatch(res.body)
					if m == nil {
						break
					}
					next := html.UnescapeString(m[1])
					if tc.query != "" && !strings.Contains(next, tc.query) {
						t.Errorf("the next page %q forgets the filter", next)
					}
					res = c.get(next, "HX-Request", "true", "HX-Target", "more-row")
					if !strings.HasPrefix(strings.TrimSpace(res.body), "<tr") {
						t.Fatalf("more rows are not table rows: %.200s", res.body)
					}
				}
				if len(seen) != want {
					t.Errorf("paging showed %d documents, want %d", len(seen), want)
				}
				if want <= 25 {
					t.Errorf("only %d documents: too few to page", want)
				}
			})
		}
	})
}

func TestDocumentView(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c, actor := e.signedIn("vanphong")
		seed := e.seedDocument()
		tasks := e.allTasks(actor, dondoc.TaskFilter{DocumentID: seed.ID})
		res := c.get(fmt.Sprintf("/van-ban/%d", seed.ID))
		if res.status != http.StatusOK {
			t.Fatalf("status %d", res.status)
		}
		body := html.UnescapeString(res.body)
		contains(t, "seed document", body, `data-page="document-view"`, "1250-CV/TU", "06/05/2024", "Lê Thị Thu Hồng", "PHÓ BÍ THƯ",
			"Ban Thường vụ Tỉnh ủy", `id="dieu-2.(2)"`, `id="dieu-5"`, fmt.Sprintf(`href="/bao-cao/ra-soat?van-ban=%d"`, seed.ID),
			"Văn bản này dẫn chiếu", "307-NQ/TU", "Được dẫn chiếu bởi", "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy")
		top := 0
		for _, task := range tasks {
			if task.ParentID == nil {
				top++
				contains(t, "seed document", body, fmt.Sprintf(`href="/nhiem-vu/%d"`, task.ID), task.Title)
			}
		}
		if top != 9 {
			t.Errorf("the seed has %d top-level tasks, want 9", top)
		}
		if strings.Count(res.body, `class="doc-task `) != top {
			t.Errorf("the page shows %d tasks, want the %d top-level ones", strings.Count(res.body, `class="doc-task `), top)
		}
		contains(t, "cascaded task", body, "Giao cho các đơn vị", "status-overdue")

		stub := e.allDocuments(dondoc.DocumentFilter{Number: "307-NQ/TU"})
		if len(stub) != 1 {
			t.Fatalf("%d documents 307-NQ/TU", len(stub))
		}
		contains(t, "cited document", c.get(fmt.Sprintf("/van-ban/%d", stub[0].ID)).body,
			fmt.Sprintf(`<a href="/van-ban/%d">Công văn 1250-CV/TU</a>`, seed.ID), "Văn bản này chưa có nhiệm vụ nào.", "mới được ghi nhận theo dẫn chiếu")
		// The list of the documents citing one, which the page links to when they are many.
		if got := docIDs(c.get(fmt.Sprintf("/van-ban?cites=%d", stub[0].ID)).body); len(got) != 1 || got[0] != strconv.FormatInt(seed.ID, 10) {
			t.Errorf("documents citing 307-NQ/TU = %v, want the seed %d", got, seed.ID)
		}
		if got := docIDs(c.get(fmt.Sprintf("/van-ban?cites=%d", seed.ID)).body); len(got) != 0 {
			t.Errorf("documents citing the seed = %v, want none", got)
		}
		if res := c.get("/van-ban?cites=abc"); res.status != http.StatusBadRequest {
			t.Errorf("a malformed cites = %d, want 400", res.status)
		}

		for _, path := range []string{"/van-ban/999999", "/van-ban/abc", "/van-ban/0"} {
			if res := c.get(path); res.status != http.StatusNotFound {
				t.Errorf("%s = %d, want 404", path, res.status)
			}
		}

		cx, _ := e.signedIn("canboxa")
		res = cx.get(fmt.Sprintf("/van-ban/%d", seed.ID))
		if res.status != http.StatusOK {
			t.Fatalf("commune officer reads the seed: %d", res.status)
		}
		if strings.Count(res.body, `class="doc-task `) >= top {
			t.Error("a commune officer sees every task of the seed, not only those in scope")
		}
		if strings.Contains(cx.get("/van-ban").body, `href="/van-ban/nhap"`) {
			t.Error("a commune officer is offered the upload")
		}
	})
}

func TestDocumentPagesInEnglish(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newIngestEnv(t, db)
		c, _ := e.signedIn("vanphong")
		c.get("/ngon-ngu?lang=en")
		seed := e.seedDocument()
		contains(t, "English list", c.get("/van-ban").body, `<html lang="en">`, "Issuing system", "Year issued", "Ingest a document")
		contains(t, "English document", c.get(fmt.Sprintf("/van-ban/%d", seed.ID)).body, "Content and tasks by clause", "Cited by", "Signer")
		res := c.uploadDocument("ke-hoach.txt", []byte("KẾ HOẠCH\n\n1. Sở Tài chính chủ trì rà soát các khoản thu.\n"))
		if res.status != http.StatusSeeOther {
			t.Fatalf("upload = %d", res.status)
		}
		contains(t, "English review", c.get(res.header.Get("Location")).body, "Review the ingested document", "Original text",
			"Proposed tasks (1)", "Confirm and save the document")
		res = c.post(res.header.Get("Location"), url.Values{"version": {"1"}})
		contains(t, "English errors", res.body, "Enter the date of the document (dd/mm/yyyy).")
	})
}

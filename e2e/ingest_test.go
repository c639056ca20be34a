package e2e_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dondoc"
	"dondoc/internal/sqldb"
)

// unitByName finds a demo unit by its exact name.
func unitByName(t *testing.T, db *sqldb.DB, name string) int64 {
	t.Helper()
	page, err := db.ListUnits(dondoc.WithActor(context.Background(), dondoc.SystemActor), dondoc.UnitFilter{Q: name, Limit: dondoc.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range page.Items {
		if u.Name == name {
			return u.ID
		}
	}
	t.Fatalf("no unit %q", name)
	return 0
}

// TestIngestSeed walks the office through the documents: find the seed dispatch without typing
// accents, upload it again as a new file, be refused without a file, review the draft beside its
// source, be refused with missing fields, fill them in, confirm, and land on the new document's
// page with its tasks.
func TestIngestSeed(t *testing.T) {
	seed, err := filepath.Abs("../../shared/corpus/seed/btv-tinh-uy-2024-05.txt")
	if err != nil {
		t.Fatal(err)
	}
	srv, db := server(t)
	b := newBrowser(t, srv.URL)

	b.do("sign in", chromedp.EmulateViewport(desktopWidth, desktopHeight), chromedp.Navigate(srv.URL+"/van-ban"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "vanphong"),
		chromedp.SendKeys(chromedp.CSS("#password"), "demo"),
		chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
	b.page("document-list")
	if n := eval[int](b, `document.querySelectorAll("#document-results tbody tr").length`); n < 6 {
		t.Errorf("the document list shows %d documents, want the demo's 6", n)
	}
	b.shoot("document-list")

	b.do("search without accents", chromedp.SendKeys(chromedp.CSS("#q"), "tap trung lanh dao"))
	b.poll(`new URLSearchParams(location.search).get("q") === "tap trung lanh dao" && document.querySelectorAll("#document-results .cell-title a").length === 1 &&
		!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")`)
	if got := b.text("#document-results .cell-title a"); got != "1250-CV/TU" {
		t.Errorf("the search finds %q, want the seed 1250-CV/TU", got)
	}
	b.do("open the seed", chromedp.Click(chromedp.CSS(`#document-results .cell-title a`)))
	b.page("document-view")
	if got := b.text("main"); !strings.Contains(got, "Lê Thị Thu Hồng") || !strings.Contains(got, "Được dẫn chiếu bởi") {
		t.Errorf("the seed's page lacks its signer or references: %.300s", got)
	}
	b.shoot("document-view-seed")

	b.do("go to the upload", chromedp.Navigate(srv.URL+"/van-ban"))
	b.page("document-list")
	b.do("open the upload", chromedp.Click(chromedp.CSS(`a[href="/van-ban/nhap"].button`)))
	b.page("ingest-upload")
	b.shoot("ingest-upload")
	b.do("upload nothing", chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#file-error")))
	if got := b.text("#file-error"); got != "Hãy chọn tệp văn bản để tải lên." {
		t.Errorf("an upload without a file says %q", got)
	}
	b.shoot("ingest-upload-error")

	b.do("upload the seed", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{seed}),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	b.page("ingest-review")
	if n := eval[int](b, `document.querySelectorAll("fieldset.draft-task").length`); n != 9 {
		t.Errorf("the review proposes %d tasks, want 9", n)
	}
	if n := eval[int](b, `document.querySelectorAll(".source mark").length`); n < 10 {
		t.Errorf("the source has %d marks", n)
	}
	b.do("jump to the evidence of task 3", chromedp.Click(chromedp.CSS(`#task-2-box a.src-link[href="#src-task-2"]`)))
	b.poll(`location.hash === "#src-task-2" && document.querySelector("mark:target") !== null`)
	b.shoot("ingest-review")

	b.do("confirm without a date or lead units", chromedp.Click(chromedp.CSS(`#confirm-form button[type="submit"]`)))
	b.page("ingest-review")
	b.do("see the errors", chromedp.WaitVisible(chromedp.CSS("#date-error")))
	if got := b.text("#task-0-lead-error"); got != "Hãy chọn đơn vị chủ trì." {
		t.Errorf("the first task's lead unit error says %q", got)
	}
	b.shoot("ingest-review-errors")

	lead := strconv.FormatInt(unitByName(t, db, "Huyện Yên Dũng"), 10)
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.SetValue(chromedp.CSS("#date"), "06/05/2024"),
		chromedp.SetValue(chromedp.CSS("#number_symbol"), "1251-CV/TU"),
		chromedp.SetValue(chromedp.CSS("#issuer_unit_id"), strconv.FormatInt(unitByName(t, db, "Ban Thường vụ Tỉnh ủy"), 10)),
	}
	for i := range 9 {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(fmt.Sprintf("#task-%d-lead", i)), lead))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(`#confirm-form button[type="submit"]`)))
	b.do("fill in and confirm", steps...)
	b.page("document-view")
	if got := b.text(".notice-ok"); got != "Đã nhập văn bản và tạo 9 nhiệm vụ." {
		t.Errorf("after confirming the page says %q", got)
	}
	if n := eval[int](b, `document.querySelectorAll(".doc-task").length`); n != 9 {
		t.Errorf("the new document shows %d tasks, want 9", n)
	}
	if got := b.text("h1"); !strings.Contains(got, "1251-CV/TU") {
		t.Errorf("the new document is titled %q", got)
	}
	b.shoot("document-view-ingested")
	b.check()
}

package e2e_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dondoc"
)

// TestFilteredListsAndFeeds photographs the lists the storage now filters (documents by system,
// issuer and open tasks; tasks by colour and first deadline), a document's "cited by" and the
// calendar links a user made earlier, revoking one from the list.
func TestFilteredListsAndFeeds(t *testing.T) {
	srv, db := server(t)
	b := newBrowser(t, srv.URL)
	b.signIn("vanphong")

	b.open("/van-ban?system=party&open=1", "document-list")
	if n := eval[float64](b, `document.querySelectorAll("#document-rows tr:not(.more-row)").length`); n == 0 {
		t.Error("no Party document with open tasks in the demo")
	}
	b.shoot("filters-document-list")
	b.open("/van-ban?issuer=tinh+uy&year=1800", "document-list")
	if got := b.text("#year-error"); !strings.Contains(got, "1945") {
		t.Errorf("a year out of range says %q", got)
	}
	b.shoot("filters-document-list-error")

	ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
	docs, err := db.ListDocuments(ctx, dondoc.DocumentFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	cited := int64(0)
	for _, d := range docs.Items {
		for _, r := range d.References {
			if r.DocumentID != nil {
				cited = *r.DocumentID
			}
		}
	}
	if cited == 0 {
		t.Fatal("no resolved reference in the demo")
	}
	b.open("/van-ban/"+strconv.FormatInt(cited, 10), "document-view")
	if got := b.text("main"); !strings.Contains(got, "Được dẫn chiếu bởi") || strings.Contains(got, "Chưa có văn bản nào dẫn chiếu văn bản này.") {
		t.Errorf("a cited document lists no citing one")
	}
	b.shoot("filters-document-cited-by")

	b.open("/nhiem-vu?colour=active&due_from=01/01/2024", "task-list")
	b.shoot("filters-task-list-colour")

	b.open("/thong-bao", "notifications")
	b.do("create a calendar link", chromedp.Click(chromedp.CSS(`form[action="/thong-bao/lich"] button`)), chromedp.WaitVisible(chromedp.CSS("#feed-url")))
	b.open("/thong-bao", "notifications")
	b.do("create a second link", chromedp.Click(chromedp.CSS(`form[action="/thong-bao/lich"] button`)), chromedp.WaitVisible(chromedp.CSS("#feed-url")))
	b.open("/thong-bao#lich", "notifications")
	if n := eval[float64](b, `document.querySelectorAll(".feed-row").length`); n != 2 {
		t.Errorf("the page lists %v links in use, want 2", n)
	}
	b.shoot("filters-feeds")
	b.do("revoke the older link", chromedp.Click(chromedp.CSS(`.feed-row:last-child button`)), chromedp.WaitVisible(chromedp.CSS(".feed-revoked")))
	b.page("notifications")
	if n := eval[float64](b, `document.querySelectorAll(".feed-row").length`); n != 1 {
		t.Errorf("after revoking, the page lists %v links in use, want 1", n)
	}
	b.shoot("filters-feeds-revoked")
	b.check()
}

package e2e_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/sqldb"
)

// actorOf signs a demo user in on the services directly, for asking them what the pages should show.
func actorOf(t *testing.T, db *sqldb.DB, username string) context.Context {
	t.Helper()
	ctx := context.Background()
	secret, _, err := db.Login(ctx, username, "demo")
	if err != nil {
		t.Fatal(err)
	}
	actor, err := db.ActorForSession(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	return dondoc.WithActor(ctx, actor)
}

// fetched is what a download link answered when the page fetched it.
type fetched struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
	Type   string `json:"type"`
	Size   int    `json:"size"`
}

// fetchLinks fetches every link the selector finds from inside the page, with its session, and
// returns what each answered.
func (b *browser) fetchLinks(sel string) []fetched {
	b.t.Helper()
	eval[bool](b, `(() => { window.__fetched = null;
  Promise.all([...document.querySelectorAll(`+strconv.Quote(sel)+`)].map(a => fetch(a.href).then(async r =>
    ({url: a.getAttribute("href"), status: r.status, type: r.headers.get("content-type"), size: (await r.arrayBuffer()).byteLength}))))
    .then(x => { window.__fetched = JSON.stringify(x); });
  return true; })()`)
	b.poll(`window.__fetched !== null`)
	var out []fetched
	if err := json.Unmarshal([]byte(eval[string](b, `window.__fetched`)), &out); err != nil {
		b.t.Fatal(err)
	}
	return out
}

// TestIndicatorFlow walks an indicator value from entry to the chart: the district officer enters
// the month's revenue (one bad cell first, refused in place), the district head approves it, the
// office accepts it, and the indicator page shows the new month. The office then opens the
// scorecard and the review report and downloads each as XLSX, DOCX and PDF, and looks at the key
// projects. Every page is photographed at both widths.
func TestIndicatorFlow(t *testing.T) {
	srv, db := server(t)
	b := newBrowser(t, srv.URL)
	officer := actorOf(t, db, "canbo")
	list, err := db.ListIndicators(officer)
	if err != nil {
		t.Fatal(err)
	}
	var revenue, houses dondoc.Indicator
	for _, ind := range list {
		switch ind.Code {
		case "TNSNN":
			revenue = ind
		case "XNT":
			houses = ind
		}
	}
	tmpl, err := db.ImportTemplate(officer, revenue.ID, dondoc.ImportActuals, "2024-05")
	if err != nil || len(tmpl.Units) == 0 {
		t.Fatalf("template: %v", err)
	}
	yd := strconv.FormatInt(tmpl.Units[0].ID, 10)
	base := "/chi-tieu/" + strconv.FormatInt(revenue.ID, 10)
	entry := base + "/nhap?ky=2024-05&don-vi=" + yd

	b.signIn("canbo")
	b.do("open indicators", chromedp.Click(chromedp.CSS(`.nav a[href="/chi-tieu"]`)))
	b.page("indicator-list")
	if got := b.text(".answer"); !strings.Contains(got, "chỉ tiêu") {
		t.Errorf("the indicator list answers %q", got)
	}
	b.shoot("indicator-list")
	b.open(base+"?nam=2024&don-vi="+yd, "indicator-view")
	if strings.Contains(b.text(".fig-table .total-row"), "(05/2024)") {
		t.Fatal("May is shown before it was entered")
	}
	b.shoot("indicator-view")

	b.open(entry, "indicator-entry")
	b.shoot("indicator-entry")
	b.do("enter a bad value",
		chromedp.SendKeys(chromedp.CSS("#v-"+yd), "12a"),
		chromedp.Click(chromedp.CSS(`.entry-grid ~ .buttons button[type="submit"]`)))
	b.page("indicator-entry")
	if got := b.text("#v-" + yd + "-error"); !strings.Contains(got, "không phải là số") {
		t.Errorf("the bad cell says %q", got)
	}
	if got := eval[string](b, `document.querySelector("#v-`+yd+`").value`); got != "12a" {
		t.Errorf("the bad cell kept %q", got)
	}
	b.shoot("indicator-entry-error")
	b.set("#v-"+yd, "1.234,5")
	b.do("send the value", chromedp.Click(chromedp.CSS(`.entry-grid ~ .buttons button[type="submit"]`)))
	b.page("indicator-entry")
	if got := b.text(".notice-ok"); !strings.Contains(got, "Đã gửi 1 số liệu") {
		t.Errorf("after sending the page says %q", got)
	}
	b.signOut()

	b.signIn("truongdonvi")
	// April's houses, by kind of household, wait for the head's approval.
	b.open("/chi-tieu/"+strconv.FormatInt(houses.ID, 10)+"/nhap?ky=2024-04", "indicator-entry")
	if got := b.text(".review-form button[value=approve]"); got != "Duyệt" {
		t.Errorf("the head's review button says %q", got)
	}
	b.shoot("indicator-entry-parts")
	b.open(entry, "indicator-entry")
	b.shoot("indicator-review")
	b.do("approve", chromedp.Click(chromedp.CSS(`.review-form button[value="approve"]`)))
	b.page("indicator-entry")
	if got := b.text(".notice-ok"); !strings.Contains(got, "Đã ghi ý kiến duyệt") {
		t.Errorf("after approving the page says %q", got)
	}
	b.signOut()

	b.signIn("vanphong")
	b.open(entry, "indicator-entry")
	b.do("accept", chromedp.Click(chromedp.CSS(`.review-form button[value="approve"]`)))
	b.page("indicator-entry")
	if got := b.text(".notice-ok"); !strings.Contains(got, "Đã ghi ý kiến duyệt") {
		t.Errorf("after accepting the page says %q", got)
	}
	b.open(base+"?nam=2024&don-vi="+yd, "indicator-view")
	if got := b.text(".fig-table .total-row"); !strings.Contains(got, "(05/2024)") {
		t.Errorf("after acceptance the unit's row reads %q, want May", got)
	}
	if n := eval[float64](b, `document.querySelectorAll(".chart svg").length`); n != 1 {
		t.Errorf("the indicator page has %v charts", n)
	}
	checkDownloads(t, b.fetchLinks(".downloads a[download]"), "xlsx", "docx", "pdf")

	b.do("open reports", chromedp.Click(chromedp.CSS(`.nav a[href="/bao-cao"]`)))
	b.page("report-index")
	b.shoot("report-index")
	b.open("/bao-cao/bang-danh-gia?tu=2024-01-01&den=2030-12-31", "report-scorecard")
	b.shoot("report-scorecard")
	checkDownloads(t, b.fetchLinks(".downloads a[download]"), "xlsx", "docx", "pdf")
	b.do("open a unit's tasks from the scorecard", chromedp.Click(chromedp.CSS(`.scorecard tbody a[href^="/nhiem-vu?unit="]`)))
	b.page("task-list")
	b.open("/bao-cao/bang-danh-gia?tu=2024-12-31&den=2024-01-01", "report-scorecard")
	if got := b.text("#den-error"); got == "" {
		t.Error("a range running backwards shows no message")
	}
	b.shoot("report-scorecard-error")

	var doc int64
	for _, tk := range taskFacts(t, db) {
		if tk.DocumentID != nil {
			doc = *tk.DocumentID
			break
		}
	}
	b.open("/bao-cao/ra-soat?van-ban="+strconv.FormatInt(doc, 10), "report-review")
	b.shoot("report-review")
	checkDownloads(t, b.fetchLinks(".downloads a[download]"), "xlsx", "docx", "pdf")

	b.open("/du-an", "project-list")
	b.shoot("project-list")
	checkDownloads(t, b.fetchLinks(".downloads a[download]"), "xlsx", "docx", "pdf")
	b.do("open the bridge", chromedp.Click(chromedp.CSS(`.fig-table tbody a[href^="/du-an/"]`)))
	b.page("project-view")
	b.shoot("project-view")

	// Once entry locks, the grid says why, and the office may reopen a unit's period.
	octx := actorOf(t, db, "vanphong")
	cur, err := db.EntrySetting(octx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetEntrySetting(octx, cur.Version, dondoc.EntrySetting{Enabled: true, GraceDays: 5}); err != nil {
		t.Fatal(err)
	}
	b.open(base+"/nhap?ky=2024-07&don-vi="+yd, "indicator-entry")
	if got := b.text(".row-locked .locked"); !strings.Contains(got, "đã khóa nhập") {
		t.Errorf("the locked row says %q", got)
	}
	b.shoot("indicator-entry-locked")
	b.do("open the unit's reopening form", chromedp.Click(chromedp.CSS(`details.reopen summary`)))
	b.set("#reason-"+yd, "Bổ sung số liệu tháng 7")
	b.do("reopen", chromedp.Click(chromedp.CSS(`form[action$="/mo-khoa"] button`)))
	b.page("indicator-entry")
	if got := b.text(".notice-ok"); !strings.Contains(got, "nhập bổ sung") {
		t.Errorf("after reopening the page says %q", got)
	}
	b.check()
}

// checkDownloads fails the test unless there is one download per format asked for, each answered
// with its media type and a body.
func checkDownloads(t *testing.T, got []fetched, formats ...string) {
	t.Helper()
	all := map[string]string{"xlsx": report.XLSXMediaType, "docx": report.DOCXMediaType, "pdf": report.PDFMediaType}
	want := map[string]string{}
	for _, f := range formats {
		want[f] = all[f]
	}
	if len(got) != len(want) {
		t.Fatalf("%d downloads, want %d: %+v", len(got), len(want), got)
	}
	for _, f := range got {
		u, err := url.Parse(f.URL)
		if err != nil {
			t.Fatal(err)
		}
		format := u.Query().Get("format") + u.Query().Get("dinh-dang")
		if f.Status != 200 || f.Type != want[format] || f.Size < 500 {
			t.Errorf("download %s = %d %q, %d bytes", f.URL, f.Status, f.Type, f.Size)
		}
	}
}

// taskFacts lists the office's tasks, for finding a document with tasks to review.
func taskFacts(t *testing.T, db *sqldb.DB) []dondoc.Task {
	t.Helper()
	page, err := db.ListTasks(actorOf(t, db, "vanphong"), dondoc.TaskFilter{Limit: dondoc.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

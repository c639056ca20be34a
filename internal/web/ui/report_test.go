package ui_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

func TestReportPages(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		office, actor := e.signedIn("vanphong")
		ctx := dondoc.WithActor(context.Background(), actor)

		res := office.get("/bao-cao")
		if res.status != http.StatusOK {
			t.Fatalf("reports page = %d", res.status)
		}
		contains(t, "reports page", res.body, `data-page="report-index"`, `href="/bao-cao/bang-danh-gia?tu=`, `href="/du-an"`)

		const card = "/bao-cao/bang-danh-gia?tu=2024-01-01&den=2030-12-31"
		res = office.get(card)
		if res.status != http.StatusOK {
			t.Fatalf("scorecard = %d: %s", res.status, res.body)
		}
		sc, err := (&report.Service{Facts: db, Documents: db, Today: func() dondoc.Date { return dondoc.Today(db.Now()) }}).
			Scorecard(ctx, dondoc.ReportFilter{From: "2024-01-01", To: "2030-12-31"})
		if err != nil || len(sc.Rows) == 0 {
			t.Fatalf("scorecard from the service: %v", err)
		}
		first := sc.Rows[0]
		contains(t, "scorecard", res.body, `data-page="report-scorecard"`, "Hạng", "Theo người đứng đầu", first.UnitName,
			`href="/nhiem-vu?unit=`+idStr(first.UnitID)+`"`,
			`href="/api/v1/reports/scorecard?format=xlsx&amp;from=2024-01-01&amp;to=2030-12-31"`,
			`format=docx`, `format=pdf`)

		for _, tc := range []struct {
			name, query, field, kept string
		}{
			{"impossible start", "?tu=31/02/2024&den=2024-12-31", "tu", `value="31/02/2024"`},
			{"end before start", "?tu=2024-12-31&den=2024-01-01", "den", `value="2024-01-01"`},
			{"bad unit", "?tu=2024-01-01&den=2024-12-31&don-vi=x", "don-vi", `value="2024-01-01"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := office.get("/bao-cao/bang-danh-gia" + tc.query)
				if res.status != http.StatusBadRequest {
					t.Errorf("status = %d, want 400", res.status)
				}
				contains(t, tc.name, res.body, `id="`+tc.field+`-error"`, `aria-describedby="`+tc.field+`-error"`, tc.kept)
				if strings.Contains(res.body, "format=xlsx") {
					t.Error("a refused filter offers downloads")
				}
			})
		}

		// Every download answers its file with the right type under the page's session.
		for _, f := range []struct{ format, mediaType string }{
			{"xlsx", report.XLSXMediaType}, {"docx", report.DOCXMediaType}, {"pdf", report.PDFMediaType},
		} {
			res := office.get("/api/v1/reports/scorecard?from=2024-01-01&to=2030-12-31&format=" + f.format)
			if res.status != http.StatusOK || res.header.Get("Content-Type") != f.mediaType || len(res.body) < 500 {
				t.Errorf("scorecard %s = %d %q, %d bytes", f.format, res.status, res.header.Get("Content-Type"), len(res.body))
			}
		}

		// The review of the seed's document.
		tasks := e.allTasks(actor, dondoc.TaskFilter{})
		var doc int64
		for _, tk := range tasks {
			if tk.DocumentID != nil {
				doc = *tk.DocumentID
				break
			}
		}
		if doc == 0 {
			t.Fatal("no task with a document in the demo")
		}
		rep, err := (&report.Service{Facts: db, Documents: db, Today: func() dondoc.Date { return dondoc.Today(db.Now()) }}).Review(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		res = office.get("/bao-cao/ra-soat?van-ban=" + idStr(doc))
		if res.status != http.StatusOK {
			t.Fatalf("review = %d: %s", res.status, res.body)
		}
		contains(t, "review", res.body, `data-page="report-review"`, rep.NumberSymbol, "Tổng cộng", "Hoàn thành đúng hạn",
			`href="/nhiem-vu?document=`+idStr(doc)+`&amp;unit=`, `/api/v1/reports/review?document=`+idStr(doc)+`&amp;format=pdf`)
		for _, f := range []struct{ format, mediaType string }{
			{"xlsx", report.XLSXMediaType}, {"docx", report.DOCXMediaType}, {"pdf", report.PDFMediaType},
		} {
			res := office.get("/api/v1/reports/review?document=" + idStr(doc) + "&format=" + f.format)
			if res.status != http.StatusOK || res.header.Get("Content-Type") != f.mediaType || len(res.body) < 500 {
				t.Errorf("review %s = %d %q, %d bytes", f.format, res.status, res.header.Get("Content-Type"), len(res.body))
			}
		}
		if res := office.get("/bao-cao/ra-soat?van-ban=abc"); res.status != http.StatusBadRequest || !strings.Contains(res.body, "Hãy chọn văn bản") {
			t.Errorf("review without a document = %d", res.status)
		}
		if res := office.get("/bao-cao/ra-soat?van-ban=999999"); (res.status != http.StatusNotFound && res.status != http.StatusBadRequest) ||
			strings.Contains(res.body, "format=pdf") {
			t.Errorf("review of an unknown document = %d, want 400 or 404 without downloads", res.status)
		}

		// Key projects: the Đồng Việt bridge is behind plan (a milestone is past its date).
		res = office.get("/du-an")
		if res.status != http.StatusOK {
			t.Fatalf("projects = %d", res.status)
		}
		contains(t, "projects", res.body, `data-page="project-list"`, "Xây dựng Cầu Đồng Việt", "Chậm so với kế hoạch", "Hợp long cầu chính")
		for _, f := range []struct{ format, mediaType string }{{"xlsx", report.XLSXMediaType}, {"docx", report.DOCXMediaType}, {"pdf", report.PDFMediaType}} {
			if !strings.Contains(res.body, `href="/du-an/tai?dinh-dang=`+f.format+`"`) {
				t.Errorf("projects page lacks the %s download", f.format)
			}
			res := office.get("/du-an/tai?dinh-dang=" + f.format)
			if res.status != http.StatusOK || res.header.Get("Content-Type") != f.mediaType || len(res.body) < 1000 {
				t.Errorf("projects %s = %d %q, %d bytes", f.format, res.status, res.header.Get("Content-Type"), len(res.body))
			}
		}
		if res := office.get("/du-an/tai?dinh-dang=odt"); res.status != http.StatusBadRequest {
			t.Errorf("projects in a bad format = %d, want 400", res.status)
		}
		projects, err := db.ListProjects(ctx)
		if err != nil || len(projects) == 0 {
			t.Fatalf("projects: %v", err)
		}
		res = office.get("/du-an/" + idStr(projects[0].ID))
		if res.status != http.StatusOK {
			t.Fatalf("project = %d", res.status)
		}
		contains(t, "project", res.body, `data-page="project-view"`, "Các mốc tiến độ", "Khởi công", "20/09/2022", "Đã đạt", "chậm 19 ngày", "Sở Giao thông")
		if res := office.get("/du-an/999999"); res.status != http.StatusNotFound {
			t.Errorf("unknown project = %d, want 404", res.status)
		}

		// A month's disbursement changes the chart and the rate: March replaced by 30 of 50 makes
		// the demo's January–April 201 of 270 tỷ đồng, 74,4% of plan.
		planned, actual := 50.0, 30.0
		if _, err := db.SetDisbursement(ctx, projects[0].ID, "2024-03", dondoc.DisbursementInput{Planned: &planned, Actual: &actual}); err != nil {
			t.Fatal(err)
		}
		res = office.get("/du-an/" + idStr(projects[0].ID))
		contains(t, "project with disbursement", res.body, "<svg", "03/2024", "50", "30", "đạt 74,4% kế hoạch, thấp hơn ngưỡng 90%.")
	})
}

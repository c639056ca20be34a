package ui_test

import (
	"strconv"
	"testing"

	"dondoc"
)

// BenchmarkFigurePages measures the indicator, key-project and report pages for the office on the
// demo database, against a baseline of a bare handler measured in the same run; the budget is
// 100 ms a page.
func BenchmarkFigurePages(b *testing.B) {
	e := newBenchEnv(b)
	ctx := e.as(b, "vanphong")
	inds, err := e.db.ListIndicators(ctx)
	if err != nil || len(inds) == 0 {
		b.Fatalf("indicators: %v", err)
	}
	projects, err := e.db.ListProjects(ctx)
	if err != nil || len(projects) == 0 {
		b.Fatalf("projects: %v", err)
	}
	tasks, err := e.db.ListTasks(ctx, dondoc.TaskFilter{Limit: 1})
	if err != nil || len(tasks.Items) == 0 || tasks.Items[0].DocumentID == nil {
		b.Fatalf("no task with a document: %v", err)
	}
	ind := strconv.FormatInt(inds[0].ID, 10)
	e.run(b, []benchPage{
		{"indicator-list", "/chi-tieu", "vanphong"},
		{"indicator-view", "/chi-tieu/" + ind + "?nam=2024", "vanphong"},
		{"indicator-entry", "/chi-tieu/" + ind + "/nhap?ky=2024-04", "vanphong"},
		{"project-list", "/du-an", "vanphong"},
		{"project-view", "/du-an/" + strconv.FormatInt(projects[0].ID, 10), "vanphong"},
		{"report-index", "/bao-cao", "vanphong"},
		{"report-scorecard", "/bao-cao/bang-danh-gia?tu=2024-01-01&den=2030-12-31", "vanphong"},
		{"report-review", "/bao-cao/ra-soat?van-ban=" + strconv.FormatInt(*tasks.Items[0].DocumentID, 10), "vanphong"},
	})
}

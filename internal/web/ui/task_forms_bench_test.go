package ui_test

import (
	"strconv"
	"testing"
)

// BenchmarkFollowUpPages measures the follow-up pages for the office on the demo database, against
// the budget of 100 ms a page.
func BenchmarkFollowUpPages(b *testing.B) {
	e := newBenchEnv(b)
	escs, err := e.db.ListEscalations(e.as(b, "vanphong"), "", "", 1)
	if err != nil || len(escs.Items) == 0 {
		b.Fatalf("no escalation to show: %v", err)
	}
	esc := escs.Items[0]
	task := strconv.FormatInt(*esc.TaskID, 10)
	e.run(b, []benchPage{
		{"task-view-with-reports", "/nhiem-vu/" + task, "vanphong"},
		{"task-list-colour", "/nhiem-vu?colour=active", "vanphong"},
		{"task-list-range", "/nhiem-vu?due_from=2020-01-01&due_to=2030-12-31&key=1", "vanphong"},
		{"transfer-form", "/nhiem-vu/" + task + "/chuyen-don-vi", "vanphong"},
		{"escalation-new", "/kien-nghi/moi?task=" + task + "&report=" + strconv.FormatInt(*esc.ReportID, 10), "vanphong"},
		{"escalation-inbox", "/kien-nghi", "vanphong"},
		{"escalation-view", "/kien-nghi/" + strconv.FormatInt(esc.ID, 10), "vanphong"},
		{"notifications", "/thong-bao", "vanphong"},
	})
}

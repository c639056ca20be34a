package report

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"testing"

	"dondoc"
)

func TestRankTies(t *testing.T) {
	// name, done on time, done late → want rank (0 for none), in the order the rows come out.
	rows := []dondoc.ScorecardRow{
		{UnitID: 1, UnitName: "Xã B", DoneOnTime: 2, DoneLate: 1},
		{UnitID: 2, UnitName: "Xã A", DoneOnTime: 4, DoneLate: 2},
		{UnitID: 3, UnitName: "Xã Đ", DoneOnTime: 0, DoneLate: 0, InProgress: 4},
		{UnitID: 4, UnitName: "Xã C", DoneOnTime: 5, DoneLate: 0},
		{UnitID: 5, UnitName: "Xã D", DoneOnTime: 0, DoneLate: 3},
		{UnitID: 6, UnitName: "Xã E", DoneOnTime: 1, DoneLate: 0},
	}
	Rank(rows)
	want := []struct {
		name string
		rank int
	}{{"Xã C", 1}, {"Xã E", 1}, {"Xã A", 3}, {"Xã B", 3}, {"Xã D", 5}, {"Xã Đ", 0}}
	for i, w := range want {
		got := 0
		if rows[i].Rank != nil {
			got = *rows[i].Rank
		}
		if rows[i].UnitName != w.name || got != w.rank {
			t.Errorf("place %d: %s rank %d, want %s rank %d", i, rows[i].UnitName, got, w.name, w.rank)
		}
	}
}

func TestTimingOnUsesTaskTiming(t *testing.T) {
	for _, tc := range []struct {
		fact       dondoc.TaskFact
		asOf       dondoc.Date
		status     dondoc.Status
		overdue    int
		outcome    string
		overdueSet bool
	}{
		{dondoc.TaskFact{Status: dondoc.StatusDone, DueOn: "2024-06-01", CompletedOn: "2024-06-01"}, "2024-06-10", dondoc.StatusDone, 0, "on_time", false},
		{dondoc.TaskFact{Status: dondoc.StatusDone, DueOn: "2024-06-01", CompletedOn: "2024-06-02"}, "2024-06-10", dondoc.StatusDone, 0, "late", false},
		// Completed after the day judged: it was still open, and overdue, on that day.
		{dondoc.TaskFact{Status: dondoc.StatusDone, DueOn: "2024-06-01", CompletedOn: "2024-06-09"}, "2024-06-05", dondoc.StatusInProgress, 4, "", true},
		{dondoc.TaskFact{Status: dondoc.StatusAssigned, DueOn: "2024-06-10"}, "2024-06-10", dondoc.StatusAssigned, 0, "", false},
		{dondoc.TaskFact{Status: dondoc.StatusSuspended, DueOn: "2024-06-01"}, "2024-06-10", dondoc.StatusSuspended, 0, "", false},
	} {
		status, timing := tc.fact.TimingOn(tc.asOf)
		if status != tc.status || timing.DaysOverdue != tc.overdue || timing.Outcome != tc.outcome || timing.Overdue != tc.overdueSet {
			t.Errorf("%+v on %s: %s %+v", tc.fact, tc.asOf, status, timing)
		}
	}
}

func TestScorecardCountsEveryTaskOnce(t *testing.T) {
	tasks := []dondoc.TaskFact{
		{ID: 1, LeadUnitID: 7, LeadUnitName: "Xã A", Status: dondoc.StatusDone, DueOn: "2024-06-01", CompletedOn: "2024-05-30", Extensions: 2},
		{ID: 2, LeadUnitID: 7, LeadUnitName: "Xã A", Status: dondoc.StatusInProgress, DueOn: "2024-06-01"},
		{ID: 3, LeadUnitID: 7, LeadUnitName: "Xã A", Status: dondoc.StatusDraft, DueOn: "2024-06-01"},
		{ID: 4, LeadUnitID: 7, LeadUnitName: "Xã A", Status: dondoc.StatusCancelled},
		{ID: 5, LeadUnitID: 7, LeadUnitName: "Xã A", Status: dondoc.StatusCompletionRequested, DueOn: "2024-06-30"},
	}
	escalations := []dondoc.EscalationFact{
		{ID: 1, FromUnitID: 8, FromUnitName: "Xã B", RaisedOn: "2024-06-01"},
		{ID: 2, FromUnitID: 8, FromUnitName: "Xã B", RaisedOn: "2024-05-01", AnsweredOn: "2024-06-09"},
		{ID: 3, FromUnitID: 8, FromUnitName: "Xã B", RaisedOn: "2024-05-01", AnsweredOn: "2024-06-11"},
	}
	s := scorecardOf(dondoc.ReportFilter{From: "2024-05-01", To: "2024-06-30"}, "2024-06-10", tasks, escalations, nil)
	got := fmt.Sprintf("%+v", s.Rows)
	if len(s.Rows) != 2 {
		t.Fatalf("rows = %s", got)
	}
	a, b := s.Rows[0], s.Rows[1]
	if a.UnitName != "Xã A" || a.Assigned != 3 || a.DoneOnTime != 1 || a.Overdue != 1 || a.MaxDaysOverdue != 9 ||
		a.InProgress != 1 || a.Extensions != 2 || a.Rank == nil || *a.Rank != 1 || *a.OnTimeRate != 1 {
		t.Errorf("Xã A = %+v", a)
	}
	if b.UnitName != "Xã B" || b.Assigned != 0 || b.OpenEscalations != 2 || b.OldestEscalationDays != 40 || b.Rank != nil {
		t.Errorf("Xã B = %+v", b)
	}
}

// TestScorecardPerHead attributes each result to whoever held the accountable post on the day it
// was decided: the completion day for done tasks, the day judged for the others.
func TestScorecardPerHead(t *testing.T) {
	post := int64(40)
	other := int64(41)
	holdings := []dondoc.HoldingFact{
		{PostID: 40, PostTitle: "Chủ tịch UBND xã", IsHead: true, UnitID: 7, UnitName: "Xã A", PersonID: 1, PersonName: "Nguyễn Văn An",
			From: "2021-07-01", To: "2024-05-31"},
		{PostID: 40, PostTitle: "Chủ tịch UBND xã", IsHead: true, UnitID: 7, UnitName: "Xã A", PersonID: 2, PersonName: "Trần Thị Bình",
			From: "2024-06-01"},
		{PostID: 41, PostTitle: "Chủ tịch UBND xã", IsHead: true, UnitID: 8, UnitName: "Xã B", PersonID: 3, PersonName: "Lê Văn Cường",
			From: "2024-06-05"},
	}
	fact := func(id int64, p *int64, status dondoc.Status, due, done dondoc.Date) dondoc.TaskFact {
		unit, name := int64(7), "Xã A"
		if p == &other {
			unit, name = 8, "Xã B"
		}
		return dondoc.TaskFact{ID: id, LeadUnitID: unit, LeadUnitName: name, AccountablePostID: p, Status: status, DueOn: due, CompletedOn: done}
	}
	tasks := []dondoc.TaskFact{
		fact(1, &post, dondoc.StatusDone, "2024-05-20", "2024-05-10"),  // An, on time
		fact(2, &post, dondoc.StatusDone, "2024-05-20", "2024-06-02"),  // Bình, late
		fact(3, &post, dondoc.StatusAssigned, "2024-06-01", ""),        // Bình, overdue on the day judged
		fact(4, nil, dondoc.StatusDone, "2024-06-01", "2024-05-01"),    // nobody answers for it
		fact(5, &other, dondoc.StatusDone, "2024-06-30", "2024-06-01"), // the post was vacant that day
		fact(6, &other, dondoc.StatusDone, "2024-06-30", "2024-06-08"), // Cường, on time
	}
	escalations := []dondoc.EscalationFact{{ID: 1, FromUnitID: 7, FromUnitName: "Xã A", RaisedOn: "2024-06-01"}}
	s := scorecardOf(dondoc.ReportFilter{From: "2024-05-01", To: "2024-06-30"}, "2024-06-10", tasks, escalations, holdings)
	var got []string
	for _, h := range s.Heads {
		r := h.Record
		rank := 0
		if r.Rank != nil {
			rank = *r.Rank
		}
		got = append(got, fmt.Sprintf("%d %s %s %d %d/%d overdue=%d esc=%d", rank, h.PersonName, r.UnitName, r.Assigned,
			r.DoneOnTime, r.DoneLate, r.Overdue, r.OpenEscalations))
	}
	want := []string{"1 Lê Văn Cường Xã B 1 1/0 overdue=0 esc=0", "1 Nguyễn Văn An Xã A 1 1/0 overdue=0 esc=0",
		"3 Trần Thị Bình Xã A 2 0/1 overdue=1 esc=1"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("heads:\n got %q\nwant %q", got, want)
	}
	if len(s.Rows) != 2 || s.Total.Assigned != 6 {
		t.Errorf("unit rows keep every task: %+v", s.Rows)
	}
}

// scorecardOf groups hand-made tasks as storage does (TaskGroups, OverdueTasks), classing each by
// TaskFact.ClassOn, and computes the scorecard from the groups. The storage tests check that SQL
// classes and groups the same way.
func scorecardOf(f dondoc.ReportFilter, asOf dondoc.Date, tasks []dondoc.TaskFact, escalations []dondoc.EscalationFact,
	holdings []dondoc.HoldingFact) *dondoc.Scorecard {
	type key struct {
		unit  int64
		post  int64
		class dondoc.TaskClass
		day   dondoc.Date
	}
	groups := map[key]*dondoc.TaskGroupFact{}
	var order []key
	var overdue []dondoc.OverdueTask
	for i := range tasks {
		t := &tasks[i]
		class := t.ClassOn(asOf)
		if class == "" {
			continue
		}
		k := key{unit: t.LeadUnitID, class: class}
		if t.AccountablePostID != nil {
			k.post = *t.AccountablePostID
			if class.Done() {
				k.day = t.CompletedOn
			}
		}
		g, ok := groups[k]
		if !ok {
			g = &dondoc.TaskGroupFact{LeadUnitID: t.LeadUnitID, LeadUnitName: t.LeadUnitName, AccountablePostID: t.AccountablePostID,
				Class: class, CompletedOn: k.day}
			groups[k] = g
			order = append(order, k)
		}
		g.Count++
		g.Extensions += t.Extensions
		if class == dondoc.ClassOverdue {
			if g.OldestDueOn == "" || t.DueOn < g.OldestDueOn {
				g.OldestDueOn = t.DueOn
			}
			overdue = append(overdue, dondoc.OverdueTask{TaskID: t.ID, Title: t.Title, UnitID: t.LeadUnitID, UnitName: t.LeadUnitName,
				DueOn: t.DueOn, DaysOverdue: t.DueOn.DaysUntil(asOf)})
		}
	}
	out := make([]dondoc.TaskGroupFact, len(order))
	for i, k := range order {
		out[i] = *groups[k]
	}
	slices.SortFunc(overdue, func(a, b dondoc.OverdueTask) int {
		return cmp.Or(cmp.Compare(a.DueOn, b.DueOn), cmp.Compare(a.TaskID, b.TaskID))
	})
	if len(overdue) > dondoc.ScorecardOverdueLimit {
		overdue = overdue[:dondoc.ScorecardOverdueLimit]
	}
	return Scorecard(f, asOf, out, overdue, escalations, holdings)
}

// TestScorecardOverdueListBounded lists only the longest overdue tasks while the counts keep all
// of them, and the report and the spreadsheet say how many of how many they list.
func TestScorecardOverdueListBounded(t *testing.T) {
	var tasks []dondoc.TaskFact
	for i := range 130 {
		tasks = append(tasks, dondoc.TaskFact{ID: int64(i + 1), Title: fmt.Sprintf("Nhiệm vụ %d", i+1), LeadUnitID: 7, LeadUnitName: "Xã A",
			Status: dondoc.StatusInProgress, DueOn: dondoc.Date("2024-06-09").AddDays(-i % 40)})
	}
	s := scorecardOf(dondoc.ReportFilter{From: "2024-01-01", To: "2024-06-30"}, "2024-06-10", tasks, nil, nil)
	if s.Total.Overdue != 130 || len(s.OverdueTasks) != dondoc.ScorecardOverdueLimit || s.Total.MaxDaysOverdue != 40 {
		t.Fatalf("overdue %d, listed %d, longest %d", s.Total.Overdue, len(s.OverdueTasks), s.Total.MaxDaysOverdue)
	}
	if first := s.OverdueTasks[0]; first.DaysOverdue != 40 || first.TaskID != 40 {
		t.Errorf("first listed %+v, want task 40, 40 days overdue", first)
	}
	var said []string
	for _, b := range ScorecardDocument(s, Frame{}).Body {
		if b.Kind == ParagraphBlock {
			said = append(said, b.Text)
		}
	}
	if want := "Danh sách gồm 50 trong số 130 nhiệm vụ quá hạn, quá hạn lâu nhất trước."; !slices.Contains(said, want) {
		t.Errorf("report says %q, want %q", said, want)
	}
	var buf bytes.Buffer
	if err := WriteScorecardXLSX(&buf, s); err != nil {
		t.Fatal(err)
	}
	_, sheets := readBack(t, &buf)
	rows := sheets[ScorecardSheets[2]]
	if len(rows) != dondoc.ScorecardOverdueLimit+2 || rows[len(rows)-1][1] != "Danh sách gồm 100 trong số 130 nhiệm vụ quá hạn, quá hạn lâu nhất trước." {
		t.Errorf("overdue sheet: %d rows, last %q", len(rows), rows[len(rows)-1])
	}
}

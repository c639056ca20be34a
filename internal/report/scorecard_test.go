package report

import (
	"fmt"
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
	s := Scorecard(dondoc.ReportFilter{From: "2024-05-01", To: "2024-06-30"}, "2024-06-10", tasks, escalations, nil)
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
	s := Scorecard(dondoc.ReportFilter{From: "2024-05-01", To: "2024-06-30"}, "2024-06-10", tasks, escalations, holdings)
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

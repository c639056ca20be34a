package dondoc

import (
	"slices"
	"testing"
	"time"
)

// TestTaskCountedIn states which tasks a scorecard over a range counts, including a task recorded
// in the evening (already the next day in Vietnam) and one recorded after its completion.
func TestTaskCountedIn(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	const from, asOf = Date("2025-01-01"), Date("2025-06-30")
	tests := []struct {
		name string
		fact TaskFact
		want bool
	}{
		{"open, recorded in range", TaskFact{Status: StatusInProgress, CreatedAt: at("2025-03-01T02:00:00Z")}, true},
		{"open, recorded before range", TaskFact{Status: StatusAssigned, CreatedAt: at("2024-03-01T02:00:00Z")}, true},
		{"open, recorded after", TaskFact{Status: StatusInProgress, CreatedAt: at("2025-07-01T02:00:00Z")}, false},
		{"recorded 30/06 at 18:00 UTC, 01/07 in Vietnam", TaskFact{Status: StatusInProgress, CreatedAt: at("2025-06-30T18:00:00Z")}, false},
		{"recorded 30/06 at 16:00 UTC, still 30/06 in Vietnam", TaskFact{Status: StatusInProgress, CreatedAt: at("2025-06-30T16:00:00Z")}, true},
		{"draft", TaskFact{Status: StatusDraft, CreatedAt: at("2025-03-01T02:00:00Z")}, false},
		{"cancelled", TaskFact{Status: StatusCancelled, CreatedAt: at("2025-03-01T02:00:00Z")}, false},
		{"done in range", TaskFact{Status: StatusDone, CompletedOn: "2025-04-01", CreatedAt: at("2025-03-01T02:00:00Z")}, true},
		{"done before range", TaskFact{Status: StatusDone, CompletedOn: "2024-12-31", CreatedAt: at("2024-03-01T02:00:00Z")}, false},
		{"done after range, open at its end", TaskFact{Status: StatusDone, CompletedOn: "2025-08-01", CreatedAt: at("2025-03-01T02:00:00Z")}, true},
		{"done in range, recorded after it", TaskFact{Status: StatusDone, CompletedOn: "2025-05-01", CreatedAt: at("2025-09-01T02:00:00Z")}, true},
		{"done after range, recorded after it", TaskFact{Status: StatusDone, CompletedOn: "2025-08-01", CreatedAt: at("2025-09-01T02:00:00Z")}, false},
	}
	for _, tt := range tests {
		if got := tt.fact.CountedIn(from, asOf); got != tt.want {
			t.Errorf("%s: counted %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestHolderChanges finds the days inside a range on which a post changed hands, the day after a
// term ended included, and leaves out those at or outside the range's ends.
func TestHolderChanges(t *testing.T) {
	holdings := []HoldingFact{
		{PostID: 1, From: "2021-07-01", To: "2025-03-14"},
		{PostID: 1, From: "2025-04-01"},
		{PostID: 2, From: "2024-01-01", To: "2025-12-31"},
		{PostID: 3, From: "2025-01-01"},
		{PostID: 4, From: "2025-02-01", To: "2025-02-28"},
		{PostID: 4, From: "2025-03-01"},
	}
	got := HolderChanges(holdings, "2025-01-01", "2025-06-30")
	want := map[int64][]Date{1: {"2025-03-15", "2025-04-01"}, 4: {"2025-02-01", "2025-03-01"}}
	if len(got) != len(want) {
		t.Fatalf("changes %v, want %v", got, want)
	}
	for post, days := range want {
		if !slices.Equal(got[post], days) {
			t.Errorf("post %d: %v, want %v", post, got[post], days)
		}
	}
}

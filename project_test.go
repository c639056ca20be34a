package dondoc

import (
	"slices"
	"testing"
)

func TestJudgeMilestone(t *testing.T) {
	const today = Date("2024-06-10")
	tests := []struct {
		m    Milestone
		want MilestoneStatus
		days int
	}{
		{Milestone{Planned: "2024-05-31", Actual: "2024-05-30"}, MilestoneDone, 0},
		{Milestone{Planned: "2024-05-31", Actual: "2024-05-31"}, MilestoneDone, 0},
		{Milestone{Planned: "2024-05-31", Actual: "2024-06-03"}, MilestoneDoneLate, 3},
		{Milestone{Planned: "2024-05-31"}, MilestoneLate, 10},
		{Milestone{Planned: "2024-06-10"}, MilestonePending, 0},
		{Milestone{Planned: "2024-12-31"}, MilestonePending, 0},
	}
	for _, tt := range tests {
		got := JudgeMilestone(tt.m, today)
		if got.Status != tt.want || got.DaysLate != tt.days {
			t.Errorf("%+v: %s %d, want %s %d", tt.m, got.Status, got.DaysLate, tt.want, tt.days)
		}
	}
}

func TestComputeProgress(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	ds := []Disbursement{ // out of order on purpose
		{Month: "2024-02", Planned: 50, Actual: f(40)},
		{Month: "2023-12", Planned: 100, Actual: f(100)},
		{Month: "2024-01", Planned: 50},
	}
	tests := []struct {
		name      string
		today     Date
		threshold float64
		month     string
		planned   float64
		actual    float64
		behind    bool
	}{
		// In January the figures run to December: on plan.
		{"january counts december", "2024-01-20", 10, "2023-12", 100, 100, false},
		// In February: 150 planned, 100 disbursed, 66.7% of plan.
		{"february behind at 10%", "2024-02-05", 10, "2024-01", 150, 100, true},
		{"february on plan at 34%", "2024-02-05", 34, "2024-01", 150, 100, false},
		{"february behind at 33%", "2024-02-05", 33, "2024-01", 150, 100, true},
		// In March: 200 planned, 140 disbursed, 70%.
		{"march at 30%", "2024-03-01", 30, "2024-02", 200, 140, false},
		{"before any plan", "2023-11-30", 10, "2023-10", 0, 0, false},
	}
	for _, tt := range tests {
		pr := ComputeProgress(Project{}, ds, tt.today, tt.threshold)
		if pr.AsOfMonth != tt.month || pr.CumPlanned != tt.planned || pr.CumActual != tt.actual || pr.Behind != tt.behind {
			t.Errorf("%s: month %s %v/%v behind %v, want %s %v/%v %v", tt.name, pr.AsOfMonth, pr.CumActual, pr.CumPlanned, pr.Behind,
				tt.month, tt.actual, tt.planned, tt.behind)
		}
		if (pr.Rate == nil) != (tt.planned == 0) || len(pr.Reasons) != map[bool]int{true: 1, false: 0}[tt.behind] {
			t.Errorf("%s: rate %v reasons %q", tt.name, pr.Rate, pr.Reasons)
		}
	}
	pr := ComputeProgress(Project{}, ds, "2024-03-01", 10)
	months := []string{}
	for _, m := range pr.Months {
		months = append(months, m.Month)
	}
	if !slices.Equal(months, []string{"2023-12", "2024-01", "2024-02"}) || pr.Months[2].CumActual != 140 || ds[0].Month != "2024-02" {
		t.Errorf("months %v (input reordered: %v)", months, ds[0].Month != "2024-02")
	}
	late := ComputeProgress(Project{Milestones: []Milestone{{Name: "Hợp long", Planned: "2024-01-31"}}}, nil, "2024-02-05", 10)
	if !late.Behind || len(late.Reasons) != 1 || late.Rate != nil {
		t.Errorf("late milestone without disbursement: %+v", late)
	}
}

func TestValidateDisbursement(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		month string
		in    DisbursementInput
		field string
	}{
		{"2024-05", DisbursementInput{Planned: f(1)}, ""},
		{"2024-05", DisbursementInput{Actual: f(0)}, ""},
		{"2024-13", DisbursementInput{Actual: f(1)}, "month"},
		{"2024", DisbursementInput{Actual: f(1)}, "month"},
		{"2024-05", DisbursementInput{}, "actual"},
		{"2024-05", DisbursementInput{Planned: f(-1)}, "planned"},
		{"2024-05", DisbursementInput{Actual: f(-0.5)}, "actual"},
	}
	for _, tt := range tests {
		err := ValidateDisbursement(tt.month, &tt.in)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s %+v: %v", tt.month, tt.in, err)
			}
			continue
		}
		var e *Error
		if !IsCode(err, EInvalid) || !asError(err, &e) || e.Field != tt.field {
			t.Errorf("%s %+v: %v, want invalid %s", tt.month, tt.in, err, tt.field)
		}
	}
	for v, ok := range map[float64]bool{0: true, 100: true, 10.5: true, -1: false, 100.1: false} {
		if (ValidateThreshold(v) == nil) != ok {
			t.Errorf("threshold %v accepted = %v", v, !ok)
		}
	}
}

package calendar

import (
	"reflect"
	"testing"

	"dondoc"
)

func TestPlanConversionRoundTrips(t *testing.T) {
	for _, p := range KnownPlans() {
		if got := PlanOf(p.Domain()); !reflect.DeepEqual(got, p) {
			t.Errorf("%d: round trip = %+v, want %+v", p.Year, got, p)
		}
	}
	if _, ok := KnownPlan(2025); !ok {
		t.Error("KnownPlan(2025) not found")
	}
	if _, ok := KnownPlan(1999); ok {
		t.Error("KnownPlan(1999) found")
	}
}

func TestCalendarDays(t *testing.T) {
	cal, err := New(KnownPlans()...)
	if err != nil {
		t.Fatal(err)
	}
	// Tết Ất Tỵ 2025: mùng 1 is Wednesday 29/1. The decision gives 25/1 (Saturday) to 2/2 off, with
	// Monday 27/1 off and Monday 3/2 worked instead of the default compensatory day.
	got := cal.Days("2025-01-25", "2025-02-03")
	want := []struct {
		date dondoc.Date
		kind string
	}{
		{"2025-01-27", dondoc.DayKindDayOff},
		{"2025-01-28", dondoc.DayKindHoliday},
		{"2025-01-29", dondoc.DayKindHoliday},
		{"2025-01-30", dondoc.DayKindHoliday},
		{"2025-01-31", dondoc.DayKindHoliday},
		{"2025-02-01", dondoc.DayKindHoliday},
		{"2025-02-03", dondoc.DayKindWorkday},
	}
	if len(got) != len(want) {
		t.Fatalf("Days = %+v", got)
	}
	for i, w := range want {
		if got[i].Date != w.date || got[i].Kind != w.kind || got[i].Name == "" {
			t.Errorf("day %d = %+v, want %s %s", i, got[i], w.date, w.kind)
		}
	}
	if got[2].Name != "Tết Nguyên đán (mùng 1)" {
		t.Errorf("mùng 1 named %q", got[2].Name)
	}
	// A whole year: 2026 follows the Labour Code with no adjustment.
	year := cal.Days("2026-01-01", "2026-12-31")
	off := 0
	for _, d := range year {
		if d.Kind == dondoc.DayKindHoliday {
			off++
		}
		if h, _ := cal.IsHoliday(d.Date); !h {
			t.Errorf("%s listed but not a holiday", d.Date)
		}
	}
	if off < 11 {
		t.Errorf("2026 lists %d holidays, want at least the 11 of the Labour Code", off)
	}
	if cal.Days("2025-02-03", "2025-01-25") != nil || cal.Days("x", "2025-01-25") != nil {
		t.Error("Days of a reversed or invalid range is not empty")
	}
}

func TestDaysNamesUnnotedAdjustments(t *testing.T) {
	cal, err := New(Plan{Year: 2025, Adjustments: []Adjustment{
		{Date: "2025-02-03", Kind: Workday},
		{Date: "2025-04-26", Kind: Workday},
		{Date: "2025-05-02", Kind: DayOff},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[dondoc.Date]string{
		"2025-02-03": "Ngày làm việc, không nghỉ: Nghỉ bù Tết Nguyên đán (mùng 4)",
		"2025-04-26": "Ngày làm bù",
		"2025-05-02": "Ngày nghỉ theo lịch nghỉ hằng năm",
	}
	for _, d := range cal.Days("2025-01-01", "2025-12-31") {
		if w, ok := want[d.Date]; ok && d.Name != w {
			t.Errorf("%s named %q, want %q", d.Date, d.Name, w)
		}
		delete(want, d.Date)
	}
	if len(want) != 0 {
		t.Errorf("not listed: %v", want)
	}
}

package calendar

import (
	"errors"
	"strings"
	"testing"

	"dondoc"
)

// TestStatutoryHolidays checks the Labour Code's days off without any yearly decision, including
// compensatory days for holidays on a weekend (2022: 30/4 and 1/5 on Saturday and Sunday, Giỗ Tổ on
// Sunday 10/4, all moved to the following Monday and Tuesday as they were that year).
func TestStatutoryHolidays(t *testing.T) {
	var c Calendar
	tests := []struct {
		date dondoc.Date
		name string // "" for a day that is not a holiday
	}{
		{"2025-01-01", "Tết Dương lịch"},
		{"2025-01-27", ""},
		{"2025-01-28", "Tết Nguyên đán (ngày cuối năm âm lịch)"},
		{"2025-01-29", "Tết Nguyên đán (mùng 1)"},
		{"2025-01-31", "Tết Nguyên đán (mùng 3)"},
		{"2025-02-01", "Tết Nguyên đán (mùng 4)"},
		{"2025-02-02", ""},
		{"2025-02-03", "Nghỉ bù Tết Nguyên đán (mùng 4)"},
		{"2025-02-04", ""},
		{"2025-04-07", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
		{"2025-04-30", "Ngày Chiến thắng (30/4)"},
		{"2025-05-01", "Ngày Quốc tế lao động (1/5)"},
		{"2025-05-02", ""},
		{"2025-09-01", "Quốc khánh (ngày liền kề 2/9)"},
		{"2025-09-02", "Quốc khánh (2/9)"},
		{"2025-09-03", ""},
		{"2022-04-10", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
		{"2022-04-11", "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
		{"2022-05-02", "Nghỉ bù Ngày Chiến thắng (30/4)"},
		{"2022-05-03", "Nghỉ bù Ngày Quốc tế lao động (1/5)"},
		{"2022-05-04", ""},
		{"2024-04-18", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
		{"2024-09-03", "Nghỉ bù Quốc khánh (ngày liền kề 2/9)"},
		{"2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
		{"2030-02-01", "Tết Nguyên đán (ngày cuối năm âm lịch)"},
		{"2030-02-02", "Tết Nguyên đán (mùng 1)"},
	}
	for _, tt := range tests {
		got, name := c.IsHoliday(tt.date)
		if got != (tt.name != "") || name != tt.name {
			t.Errorf("IsHoliday(%s) = %v, %q; want %q", tt.date, got, name, tt.name)
		}
	}
}

func TestKnownPlans(t *testing.T) {
	plans := KnownPlans()
	for _, p := range plans {
		if err := p.Validate(); err != nil {
			t.Errorf("plan %d: %v", p.Year, err)
		}
	}
	c, err := New(plans...)
	if err != nil {
		t.Fatal(err)
	}
	// Each row is a span of days and whether they are worked, as the decisions announced them.
	tests := []struct {
		from, to dondoc.Date
		working  bool
	}{
		{"2024-02-07", "2024-02-07", true},
		{"2024-02-08", "2024-02-14", false}, // Tết Giáp Thìn
		{"2024-02-15", "2024-02-16", true},
		{"2024-04-26", "2024-04-26", true},
		{"2024-04-27", "2024-05-01", false}, // 30/4–1/5, 29/4 swapped
		{"2024-05-02", "2024-05-04", true},  // 4/5 is the make-up Saturday
		{"2024-08-30", "2024-08-30", true},
		{"2024-08-31", "2024-09-03", false}, // Quốc khánh
		{"2024-09-04", "2024-09-04", true},
		{"2025-01-24", "2025-01-24", true},
		{"2025-01-25", "2025-02-02", false}, // Tết Ất Tỵ, nine days
		{"2025-02-03", "2025-02-03", true},
		{"2025-04-25", "2025-04-26", true}, // 26/4 is the make-up Saturday
		{"2025-04-27", "2025-04-27", false},
		{"2025-04-28", "2025-04-29", true},
		{"2025-04-30", "2025-05-04", false}, // 30/4–1/5, 2/5 swapped
		{"2025-05-05", "2025-05-05", true},
		{"2025-08-29", "2025-08-29", true},
		{"2025-08-30", "2025-09-02", false}, // Quốc khánh
		{"2025-09-03", "2025-09-03", true},
		{"2026-02-13", "2026-02-13", true},
		{"2026-02-14", "2026-02-22", false}, // Tết Bính Ngọ under the default
		{"2026-02-23", "2026-02-23", true},
	}
	for _, tt := range tests {
		for d := tt.from; d <= tt.to; d = d.AddDays(1) {
			if got := c.IsWorkingDay(d); got != tt.working {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", d, got, tt.working)
			}
		}
	}
	if h, name := c.IsHoliday("2025-05-02"); !h || !strings.Contains(name, "26/04/2025") {
		t.Errorf("IsHoliday(2025-05-02) = %v, %q; want the swap named by its note", h, name)
	}
	if h, _ := c.IsHoliday("2025-02-03"); h {
		t.Error("2025-02-03 was made a working day, not a holiday")
	}
	// KnownPlans hands out fresh data each time, so that callers may edit it.
	plans[0].Adjustments[0].Note = "changed"
	if KnownPlans()[0].Adjustments[0].Note == "changed" {
		t.Error("KnownPlans shares its data between callers")
	}
}

func TestPlanValidate(t *testing.T) {
	adj := func(date dondoc.Date, kind string) Plan {
		return Plan{Year: 2025, Adjustments: []Adjustment{{Date: date, Kind: kind, Note: "thử"}}}
	}
	tests := []struct {
		name  string
		plan  Plan
		field string
		vi    string // part of the Vietnamese message
	}{
		{"year before the range", Plan{Year: 1899}, "year", "Năm phải từ"},
		{"year after the range", Plan{Year: 2200}, "year", "Năm phải từ"},
		{"malformed date", adj("2025-4-28", DayOff), "adjustments[0].date", "YYYY-MM-DD"},
		{"impossible date", adj("2025-02-29", DayOff), "adjustments[0].date", "YYYY-MM-DD"},
		{"date in another year", adj("2024-12-31", DayOff), "adjustments[0].date", "không thuộc năm 2025"},
		{"unknown kind", adj("2025-04-28", "holiday"), "adjustments[0].kind", "day_off hoặc workday"},
		{"day off on a holiday", adj("2025-04-30", DayOff), "adjustments[0].date", "đã là ngày nghỉ"},
		{"day off on a compensatory day", adj("2025-02-03", DayOff), "adjustments[0].date", "đã là ngày nghỉ"},
		{"day off on a weekend", adj("2025-04-26", DayOff), "adjustments[0].date", "cuối tuần"},
		{"workday on a working day", adj("2025-04-28", Workday), "adjustments[0].date", "vốn đã là ngày làm việc"},
		{"workday on a fixed holiday", adj("2025-04-30", Workday), "adjustments[0].date", "Bộ luật Lao động"},
		{"workday on mùng 1 Tết", adj("2025-01-29", Workday), "adjustments[0].date", "Bộ luật Lao động"},
		{"duplicate date", Plan{Year: 2025, Adjustments: []Adjustment{
			{Date: "2025-05-02", Kind: DayOff}, {Date: "2025-04-26", Kind: Workday}, {Date: "2025-05-02", Kind: DayOff},
		}}, "adjustments[2].date", "dòng 1"},
		{"control character in the note", Plan{Year: 2025, Adjustments: []Adjustment{
			{Date: "2025-05-02", Kind: DayOff, Note: "a\x00b"},
		}}, "adjustments[0].note", "ký tự điều khiển"},
		{"note too long", Plan{Year: 2025, Adjustments: []Adjustment{
			{Date: "2025-05-02", Kind: DayOff, Note: strings.Repeat("x", 501)},
		}}, "adjustments[0].note", "Quá dài"},
		{"too many adjustments", Plan{Year: 2025, Adjustments: make([]Adjustment, maxAdjustments+1)}, "adjustments", "Quá nhiều"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.plan.Validate()
			var e *dondoc.Error
			if !errors.As(err, &e) || e.Code != dondoc.EInvalid || e.Field != tt.field || !strings.Contains(e.Message, tt.vi) {
				t.Fatalf("Validate() = %v; want an invalid %q error saying %q", err, tt.field, tt.vi)
			}
			if _, err := New(tt.plan); !dondoc.IsCode(err, dondoc.EInvalid) {
				t.Fatalf("New accepted the plan: %v", err)
			}
		})
	}
	// What the rules allow: moving a day Tết or Quốc khánh may move, and a make-up Sunday.
	ok := Plan{Year: 2026, Adjustments: []Adjustment{
		{Date: "2026-09-01", Kind: Workday, Note: "Ngày nghỉ thứ hai của Quốc khánh là 03/09"},
		{Date: "2026-09-03", Kind: DayOff, Note: "Quốc khánh (ngày liền kề)"},
		{Date: "2026-02-20", Kind: Workday, Note: "mùng 4 Tết đi làm"},
		{Date: "2026-02-13", Kind: DayOff, Note: "26 tháng Chạp nghỉ"},
		{Date: "2026-03-01", Kind: Workday, Note: "làm bù Chủ nhật"},
	}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a valid plan was refused: %v", err)
	}
	if err := (Plan{Year: 2026}).Validate(); err != nil {
		t.Fatalf("an empty plan was refused: %v", err)
	}
}

func TestNewRefusesTwoPlansForOneYear(t *testing.T) {
	_, err := New(Plan{Year: 2025}, Plan{Year: 2024}, Plan{Year: 2025})
	var e *dondoc.Error
	if !errors.As(err, &e) || e.Field != "year" || !strings.Contains(e.Message, "2025") {
		t.Fatalf("New = %v; want an invalid year error", err)
	}
}

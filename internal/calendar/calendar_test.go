package calendar

import (
	"fmt"
	"sync"
	"testing"

	"dondoc"
)

// known is the calendar with the decisions dondoc ships with.
func known(t testing.TB) *Calendar {
	t.Helper()
	c, err := New(KnownPlans()...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAddWorkingDays(t *testing.T) {
	c := known(t)
	var plain Calendar // the Labour Code without yearly decisions
	tests := []struct {
		name string
		cal  *Calendar
		from dondoc.Date
		n    int
		want dondoc.Date
	}{
		{"ordinary week", c, "2025-03-03", 4, "2025-03-07"},
		{"over a weekend", c, "2025-03-06", 2, "2025-03-10"},
		{"received on a Saturday", c, "2025-03-08", 1, "2025-03-10"},
		{"across Tết Ất Tỵ", c, "2025-01-24", 1, "2025-02-03"},
		{"five days across Tết Ất Tỵ", c, "2025-01-24", 5, "2025-02-07"},
		{"Tết Ất Tỵ without the decision", &plain, "2025-01-24", 1, "2025-01-27"},
		{"Tết Ất Tỵ without the decision, to its end", &plain, "2025-01-24", 2, "2025-02-04"},
		{"ten days across Tết Giáp Thìn", c, "2024-02-05", 10, "2024-02-26"},
		{"onto a make-up Saturday", c, "2025-04-25", 1, "2025-04-26"},
		{"across the swap of 2/5/2025", c, "2025-04-25", 4, "2025-05-05"},
		{"across 30/4 without the decision", &plain, "2025-04-25", 3, "2025-05-02"},
		{"zero days", c, "2025-05-01", 0, "2025-05-01"},
		{"backwards across Tết", c, "2025-02-03", -1, "2025-01-24"},
		{"backwards onto a make-up Saturday", c, "2025-04-28", -1, "2025-04-26"},
		{"invalid date", c, "2025-02-30", 3, ""},
		{"past year 9999", c, "9999-12-30", 5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.AddWorkingDays(tt.from, tt.n); got != tt.want {
				t.Fatalf("AddWorkingDays(%s, %d) = %q, want %q", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := known(t)
	tests := []struct {
		a, b dondoc.Date
		want int
	}{
		{"2025-01-24", "2025-02-07", 5},
		{"2025-02-07", "2025-01-24", -5},
		{"2025-01-24", "2025-01-24", 0},
		{"2025-04-25", "2025-05-05", 4},
		// 2025 has 261 weekdays; 12 of them are off (1/1, five days of Tết, 7/4, 30/4–2/5, 1–2/9)
		// and Saturday 26/4 is worked.
		{"2024-12-31", "2025-12-31", 250},
		{"2025-01-24", "not a date", 0},
	}
	for _, tt := range tests {
		if got := c.WorkingDaysBetween(tt.a, tt.b); got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	// AddWorkingDays and WorkingDaysBetween agree on every start day of 2024-2026, and counting
	// back from a working day and forward again returns to it.
	for d := dondoc.Date("2024-01-01"); d < "2027-01-01"; d = d.AddDays(1) {
		for _, n := range []int{1, 3, 10, 30} {
			if got := c.WorkingDaysBetween(d, c.AddWorkingDays(d, n)); got != n {
				t.Fatalf("WorkingDaysBetween(%s, AddWorkingDays(%s, %d)) = %d", d, d, n, got)
			}
			if back := c.AddWorkingDays(d, -n); c.IsWorkingDay(d) && c.AddWorkingDays(back, n) != d {
				t.Fatalf("AddWorkingDays(%s, -%d) = %s, which is not %d working days before", d, n, back, n)
			}
		}
	}
}

// TestHolidayFunc checks that c.Holiday fits dondoc's deadline arithmetic and agrees with the
// calendar on weekdays, and shows what it cannot express: a make-up Saturday.
func TestHolidayFunc(t *testing.T) {
	c := known(t)
	for d := dondoc.Date("2024-01-01"); d < "2027-01-01"; d = d.AddDays(1) {
		if wd := d.Time().Weekday(); wd >= 1 && wd <= 5 && c.Holiday(d) == c.IsWorkingDay(d) {
			t.Errorf("%s: Holiday %v but IsWorkingDay %v", d, c.Holiday(d), c.IsWorkingDay(d))
		}
	}
	dl := dondoc.Deadline{Kind: dondoc.DeadlineWorkingDays, WorkingDays: 5}
	if got := dl.Due("2025-01-24", c.Holiday); got != "2025-02-07" {
		t.Errorf("Deadline.Due across Tết = %s, want 2025-02-07", got)
	}
	if got := dondoc.AddWorkingDays("2025-04-25", 1, c.Holiday); got != "2025-04-28" {
		t.Errorf("dondoc.AddWorkingDays = %s; it skips the make-up Saturday, want 2025-04-28", got)
	}
	if got := c.AddWorkingDays("2025-04-25", 1); got != "2025-04-26" {
		t.Errorf("Calendar.AddWorkingDays = %s, want the make-up Saturday 2025-04-26", got)
	}
}

func TestWorkingDayOnOrAfter(t *testing.T) {
	c := known(t)
	tests := []struct{ in, want dondoc.Date }{
		{"2025-04-29", "2025-04-29"},
		{"2025-04-30", "2025-05-05"},
		{"2025-04-26", "2025-04-26"},
		{"2025-05-03", "2025-05-05"},
		{"2025-01-25", "2025-02-03"},
		{"bad", ""},
	}
	for _, tt := range tests {
		if got := c.WorkingDayOnOrAfter(tt.in); got != tt.want {
			t.Errorf("WorkingDayOnOrAfter(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDayOffWithoutNote(t *testing.T) {
	c, err := New(Plan{Year: 2025, Adjustments: []Adjustment{{Date: "2025-05-02", Kind: DayOff}}})
	if err != nil {
		t.Fatal(err)
	}
	if h, name := c.IsHoliday("2025-05-02"); !h || name != "Ngày nghỉ theo lịch nghỉ hằng năm" {
		t.Errorf("IsHoliday = %v, %q; want the generic name", h, name)
	}
}

func TestInvalidDates(t *testing.T) {
	c := known(t)
	for _, d := range []dondoc.Date{"", "2025-02-29", "tomorrow"} {
		if c.IsWorkingDay(d) {
			t.Errorf("IsWorkingDay(%q) = true", d)
		}
		if h, name := c.IsHoliday(d); h || name != "" {
			t.Errorf("IsHoliday(%q) = %v, %q", d, h, name)
		}
	}
}

// TestConcurrentUse is meant for the race detector: many goroutines fill the calendar's masks at once.
func TestConcurrentUse(t *testing.T) {
	c := known(t)
	want := c.WorkingDaysBetween("2000-01-01", "2040-01-01")
	c = known(t)
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := range results {
		wg.Go(func() {
			results[i] = c.WorkingDaysBetween("2000-01-01", "2040-01-01")
		})
	}
	wg.Wait()
	for i, got := range results {
		if got != want {
			t.Errorf("goroutine %d counted %d working days, want %d", i, got, want)
		}
	}
}

func ExampleCalendar_AddWorkingDays() {
	c, err := New(KnownPlans()...)
	if err != nil {
		panic(err)
	}
	// A document received on Friday 24 January 2025, to be handled within 5 working days: Tết Ất Tỵ
	// is off from 25 January to 2 February.
	fmt.Println(c.AddWorkingDays("2025-01-24", 5))
	// Output: 2025-02-07
}

func BenchmarkAddWorkingDays(b *testing.B) {
	c := known(b)
	c.AddWorkingDays("2025-01-01", 400) // fill the masks
	for b.Loop() {
		c.AddWorkingDays("2025-01-24", 250)
	}
}

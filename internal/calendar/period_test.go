package calendar

import (
	"errors"
	"testing"

	"dondoc"
)

func TestPeriodOf(t *testing.T) {
	tests := []struct {
		typ        dondoc.PeriodType
		date       dondoc.Date
		key        string
		start, end dondoc.Date
	}{
		{dondoc.PeriodMonth, "2024-05-14", "2024-05", "2024-04-15", "2024-05-14"},
		{dondoc.PeriodMonth, "2024-05-15", "2024-06", "2024-05-15", "2024-06-14"},
		{dondoc.PeriodMonth, "2024-04-15", "2024-05", "2024-04-15", "2024-05-14"},
		{dondoc.PeriodMonth, "2024-01-01", "2024-01", "2023-12-15", "2024-01-14"},
		{dondoc.PeriodMonth, "2023-12-15", "2024-01", "2023-12-15", "2024-01-14"},
		{dondoc.PeriodMonth, "2024-12-31", "2025-01", "2024-12-15", "2025-01-14"},
		{dondoc.PeriodMonth, "2024-02-29", "2024-03", "2024-02-15", "2024-03-14"},
		{dondoc.PeriodQuarter, "2024-01-01", "2024-Q1", "2023-12-15", "2024-03-14"},
		{dondoc.PeriodQuarter, "2024-03-14", "2024-Q1", "2023-12-15", "2024-03-14"},
		{dondoc.PeriodQuarter, "2024-03-15", "2024-Q2", "2024-03-15", "2024-06-14"},
		{dondoc.PeriodQuarter, "2024-09-14", "2024-Q3", "2024-06-15", "2024-09-14"},
		{dondoc.PeriodQuarter, "2024-12-14", "2024-Q4", "2024-09-15", "2024-12-14"},
		{dondoc.PeriodQuarter, "2024-12-15", "2025-Q1", "2024-12-15", "2025-03-14"},
		{dondoc.PeriodHalfYear, "2024-06-14", "2024-H1", "2023-12-15", "2024-06-14"},
		{dondoc.PeriodHalfYear, "2024-06-15", "2024-H2", "2024-06-15", "2024-12-14"},
		{dondoc.PeriodHalfYear, "2024-12-15", "2025-H1", "2024-12-15", "2025-06-14"},
		{dondoc.PeriodYear, "2024-01-01", "2024", "2023-12-15", "2024-12-14"},
		{dondoc.PeriodYear, "2024-12-14", "2024", "2023-12-15", "2024-12-14"},
		{dondoc.PeriodYear, "2024-12-15", "2025", "2024-12-15", "2025-12-14"},
	}
	for _, tt := range tests {
		p, err := PeriodOf(tt.typ, tt.date)
		want := Period{Type: tt.typ, Key: tt.key, Start: tt.start, End: tt.end}
		if err != nil || p != want {
			t.Errorf("PeriodOf(%s, %s) = %+v, %v; want %+v", tt.typ, tt.date, p, err, want)
		}
		if byKey, err := PeriodByKey(tt.key); err != nil || byKey != want {
			t.Errorf("PeriodByKey(%s) = %+v, %v; want %+v", tt.key, byKey, err, want)
		}
	}
}

func TestPeriodOfRefuses(t *testing.T) {
	tests := []struct {
		typ   dondoc.PeriodType
		date  dondoc.Date
		field string
	}{
		{dondoc.PeriodTerm, "2024-05-01", "type"},
		{"week", "2024-05-01", "type"},
		{dondoc.PeriodMonth, "2024-05-32", "date"},
		{dondoc.PeriodMonth, "", "date"},
		{dondoc.PeriodYear, "9999-12-20", "date"},
		{dondoc.PeriodMonth, "0001-01-01", "date"},
	}
	for _, tt := range tests {
		p, err := PeriodOf(tt.typ, tt.date)
		var e *dondoc.Error
		if !errors.As(err, &e) || e.Code != dondoc.EInvalid || e.Field != tt.field {
			t.Errorf("PeriodOf(%q, %q) = %+v, %v; want an invalid %q error", tt.typ, tt.date, p, err, tt.field)
		}
	}
}

func TestPeriodByKeyRefuses(t *testing.T) {
	for _, key := range []string{"", "2024-13", "2024-Q5", "2024-H3", "2024-5", "2021-2025", "0000-01", "24"} {
		p, err := PeriodByKey(key)
		var e *dondoc.Error
		if !errors.As(err, &e) || e.Code != dondoc.EInvalid || e.Field != "period" {
			t.Errorf("PeriodByKey(%q) = %+v, %v; want an invalid period error", key, p, err)
		}
	}
}

// TestNext walks each type of period over thirty years and checks that periods follow each other
// without gap or overlap and that every day falls in the period that PeriodOf gives.
func TestNext(t *testing.T) {
	tests := []struct {
		typ        dondoc.PeriodType
		first      string
		second     string
		perYear    int
		afterYears string
	}{
		{dondoc.PeriodMonth, "2024-12", "2025-01", 12, "2054-12"},
		{dondoc.PeriodQuarter, "2024-Q4", "2025-Q1", 4, "2054-Q4"},
		{dondoc.PeriodHalfYear, "2024-H2", "2025-H1", 2, "2054-H2"},
		{dondoc.PeriodYear, "2024", "2025", 1, "2054"},
	}
	for _, tt := range tests {
		p, err := PeriodByKey(tt.first)
		if err != nil {
			t.Fatal(err)
		}
		if next := p.Next(); next.Key != tt.second {
			t.Errorf("%s.Next() = %q, want %q", tt.first, next.Key, tt.second)
		}
		for i := 0; i < 30*tt.perYear; i++ {
			next := p.Next()
			if next.Type != tt.typ || next.Start != p.End.AddDays(1) || next.End < next.Start {
				t.Fatalf("%+v follows %+v", next, p)
			}
			for _, d := range []dondoc.Date{next.Start, next.End} {
				if got, err := PeriodOf(tt.typ, d); err != nil || got != next {
					t.Fatalf("PeriodOf(%s, %s) = %+v, %v; want %+v", tt.typ, d, got, err, next)
				}
			}
			p = next
		}
		if p.Key != tt.afterYears {
			t.Errorf("thirty years after %s came %s, want %s", tt.first, p.Key, tt.afterYears)
		}
	}
	if next := (Period{}).Next(); next != (Period{}) {
		t.Errorf("the zero Period's next is %+v", next)
	}
	last, _ := PeriodByKey("9999")
	if next := last.Next(); next != (Period{}) {
		t.Errorf("the period after 9999 is %+v", next)
	}
}

func TestDueDate(t *testing.T) {
	tests := []struct {
		key  string
		day  int
		want dondoc.Date
	}{
		{"2024-05", 20, "2024-05-20"},
		{"2024-05", 15, "2024-05-15"},
		{"2024-05", 14, "2024-06-14"},
		{"2024-05", 5, "2024-06-05"},
		{"2024-05", 0, "2024-05-14"},
		{"2024-05", 31, "2024-05-31"},
		{"2024-06", 31, "2024-06-30"},
		{"2024-02", 30, "2024-02-29"},
		{"2025-02", 31, "2025-02-28"},
		{"2024-12", 10, "2025-01-10"},
		{"2024-Q2", 20, "2024-06-20"},
		{"2024-Q4", 10, "2025-01-10"},
		{"2024-H1", 25, "2024-06-25"},
		{"2024", 20, "2024-12-20"},
		{"2024", 15, "2024-12-15"},
		{"2024", 1, "2025-01-01"},
	}
	for _, tt := range tests {
		p, err := PeriodByKey(tt.key)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := DueDate(p, tt.day); err != nil || got != tt.want {
			t.Errorf("DueDate(%s, %d) = %s, %v; want %s", tt.key, tt.day, got, err, tt.want)
		}
	}
	month, _ := PeriodByKey("2024-05")
	last, _ := PeriodByKey("9999-12")
	for _, tt := range []struct {
		p     Period
		day   int
		field string
	}{
		{month, -1, "day_of_period"},
		{month, 32, "day_of_period"},
		{Period{}, 20, "period"},
		{last, 5, "period"},
	} {
		got, err := DueDate(tt.p, tt.day)
		var e *dondoc.Error
		if !errors.As(err, &e) || e.Code != dondoc.EInvalid || e.Field != tt.field {
			t.Errorf("DueDate(%+v, %d) = %s, %v; want an invalid %q error", tt.p, tt.day, got, err, tt.field)
		}
	}
}

func TestOccurrences(t *testing.T) {
	type occ struct {
		key string
		due dondoc.Date
	}
	tests := []struct {
		name       string
		recurrence string
		day        int
		from, to   dondoc.Date
		want       []occ
	}{
		{"monthly, starting after a cut-off but before its due date", "monthly", 20, "2024-05-16", "2024-08-31",
			[]occ{{"2024-05", "2024-05-20"}, {"2024-06", "2024-06-20"}, {"2024-07", "2024-07-20"}, {"2024-08", "2024-08-20"}}},
		{"monthly, starting after a due date", "monthly", 20, "2024-05-21", "2024-07-20",
			[]occ{{"2024-06", "2024-06-20"}, {"2024-07", "2024-07-20"}}},
		{"monthly, due in the next month", "monthly", 5, "2024-05-01", "2024-07-31",
			[]occ{{"2024-04", "2024-05-05"}, {"2024-05", "2024-06-05"}, {"2024-06", "2024-07-05"}}},
		{"quarterly, across the year", "quarterly", 10, "2024-01-01", "2024-12-31",
			[]occ{{"2023-Q4", "2024-01-10"}, {"2024-Q1", "2024-04-10"}, {"2024-Q2", "2024-07-10"}, {"2024-Q3", "2024-10-10"}}},
		{"half-yearly", "half_yearly", 20, "2024-01-01", "2025-06-30",
			[]occ{{"2024-H1", "2024-06-20"}, {"2024-H2", "2024-12-20"}, {"2025-H1", "2025-06-20"}}},
		{"yearly at the cut-off", "yearly", 0, "2024-01-01", "2025-12-31",
			[]occ{{"2024", "2024-12-14"}, {"2025", "2025-12-14"}}},
		{"one day", "monthly", 20, "2024-05-20", "2024-05-20", []occ{{"2024-05", "2024-05-20"}}},
		{"nothing due", "monthly", 20, "2024-05-21", "2024-06-19", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Occurrences(tt.recurrence, tt.day, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d occurrences %+v, want %v", len(got), got, tt.want)
			}
			for i, o := range got {
				if o.Period.Key != tt.want[i].key || o.Due != tt.want[i].due {
					t.Errorf("occurrence %d = %s due %s, want %s due %s", i, o.Period.Key, o.Due, tt.want[i].key, tt.want[i].due)
				}
			}
		})
	}
}

func TestOccurrencesRefuses(t *testing.T) {
	tests := []struct {
		recurrence string
		day        int
		from, to   dondoc.Date
		field      string
	}{
		{"weekly", 20, "2024-01-01", "2024-12-31", "recurrence"},
		{"monthly", 32, "2024-01-01", "2024-12-31", "day_of_period"},
		{"monthly", -1, "2024-01-01", "2024-12-31", "day_of_period"},
		{"monthly", 20, "", "2024-12-31", "from"},
		{"monthly", 20, "2024-01-01", "2024-02-30", "to"},
		{"monthly", 20, "2024-12-31", "2024-01-01", "to"},
		{"monthly", 20, "1900-01-01", "2100-12-31", "to"},
	}
	for _, tt := range tests {
		got, err := Occurrences(tt.recurrence, tt.day, tt.from, tt.to)
		var e *dondoc.Error
		if !errors.As(err, &e) || e.Code != dondoc.EInvalid || e.Field != tt.field {
			t.Errorf("Occurrences(%q, %d, %q, %q) = %d items, %v; want an invalid %q error",
				tt.recurrence, tt.day, tt.from, tt.to, len(got), err, tt.field)
		}
	}
}

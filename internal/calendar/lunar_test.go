package calendar

import (
	"errors"
	"testing"
	"time"

	"dondoc"
)

// tet lists mùng 1 Tết in the Vietnamese calendar as published (Hồ Ngọc Đức's tables, the Vietnamese
// press). It differs from Chinese New Year in 1985 (China: 1985-02-20), 2007 (China: 2007-02-18)
// and 2030 (China: 2030-02-03), which shows the calendar is computed for UTC+7.
var tet = map[int]dondoc.Date{
	1985: "1985-01-21",
	2000: "2000-02-05", 2001: "2001-01-24", 2002: "2002-02-12", 2003: "2003-02-01", 2004: "2004-01-22",
	2005: "2005-02-09", 2006: "2006-01-29", 2007: "2007-02-17", 2008: "2008-02-07", 2009: "2009-01-26",
	2010: "2010-02-14", 2011: "2011-02-03", 2012: "2012-01-23", 2013: "2013-02-10", 2014: "2014-01-31",
	2015: "2015-02-19", 2016: "2016-02-08", 2017: "2017-01-28", 2018: "2018-02-16", 2019: "2019-02-05",
	2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10",
	2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13",
	2030: "2030-02-02", 2031: "2031-01-23", 2032: "2032-02-11", 2033: "2033-01-31", 2034: "2034-02-19",
	2035: "2035-02-08",
}

func TestTet(t *testing.T) {
	if len(tet) != 37 {
		t.Fatalf("the table must cover 1985 and every year 2000-2035, has %d years", len(tet))
	}
	for year, want := range tet {
		got, err := LunarToSolar(Lunar{Year: year, Month: 1, Day: 1})
		if err != nil || got != want {
			t.Errorf("Tết %d: got %s, %v; want %s", year, got, err, want)
		}
		if l := SolarToLunar(want); l != (Lunar{Year: year, Month: 1, Day: 1}) {
			t.Errorf("SolarToLunar(%s) = %+v, want mùng 1 tháng Giêng %d", want, l, year)
		}
		if eve := SolarToLunar(want.AddDays(-1)); eve.Year != year-1 || eve.Month != 12 || eve.Leap {
			t.Errorf("the day before Tết %d is %+v, want the last day of month 12 of %d", year, eve, year-1)
		}
	}
}

func TestGioToHungVuong(t *testing.T) {
	tests := []struct {
		year int
		want dondoc.Date
	}{
		{2019, "2019-04-14"}, {2020, "2020-04-02"}, {2021, "2021-04-21"}, {2022, "2022-04-10"},
		{2023, "2023-04-29"}, {2024, "2024-04-18"}, {2025, "2025-04-07"}, {2026, "2026-04-26"},
	}
	for _, tt := range tests {
		got, err := LunarToSolar(Lunar{Year: tt.year, Month: 3, Day: 10})
		if err != nil || got != tt.want {
			t.Errorf("10/3 âm lịch %d: got %s, %v; want %s", tt.year, got, err, tt.want)
		}
	}
}

// TestLeapMonths checks the leap months of the Vietnamese calendar and the first day of some. 1985
// had a leap second month in Viet Nam where China had a leap tenth month in 1984.
func TestLeapMonths(t *testing.T) {
	tests := []struct {
		year, month int
		first       dondoc.Date // day 1 of the leap month, when checked
	}{
		{1985, 2, ""}, {2001, 4, ""}, {2004, 2, ""}, {2006, 7, ""}, {2009, 5, ""}, {2012, 4, ""},
		{2014, 9, ""}, {2017, 6, ""}, {2020, 4, "2020-05-23"}, {2023, 2, "2023-03-22"},
		{2025, 6, "2025-07-25"}, {2028, 5, ""}, {2031, 3, ""}, {2033, 11, ""},
	}
	for _, tt := range tests {
		got, err := LunarToSolar(Lunar{Year: tt.year, Month: tt.month, Day: 1, Leap: true})
		if err != nil || (tt.first != "" && got != tt.first) {
			t.Errorf("leap month %d of %d: got %s, %v; want %s", tt.month, tt.year, got, err, tt.first)
			continue
		}
		if l := SolarToLunar(got); l != (Lunar{Year: tt.year, Month: tt.month, Day: 1, Leap: true}) {
			t.Errorf("SolarToLunar(%s) = %+v, want day 1 of leap month %d of %d", got, l, tt.month, tt.year)
		}
		// The leap month follows the ordinary month of the same number.
		if before := SolarToLunar(got.AddDays(-1)); before.Month != tt.month || before.Leap {
			t.Errorf("the day before leap month %d of %d is %+v", tt.month, tt.year, before)
		}
	}
}

// TestNoThirtiethOfLastMonth checks a fact the press published: the twelfth month has 29 days for
// the Tết of 2025 to 2032, and "30 Tết" returns on 30 January 2033.
func TestNoThirtiethOfLastMonth(t *testing.T) {
	for year := 2024; year <= 2031; year++ {
		if _, err := LunarToSolar(Lunar{Year: year, Month: 12, Day: 30}); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Errorf("30 tháng Chạp %d exists (err %v), want refused", year, err)
		}
	}
	if got, err := LunarToSolar(Lunar{Year: 2032, Month: 12, Day: 30}); err != nil || got != "2033-01-30" {
		t.Errorf("30 tháng Chạp 2032 = %s, %v; want 2033-01-30", got, err)
	}
}

// TestRoundTrip walks every day from 1900 to 2199 and checks that the lunar dates count up one day
// at a time through months of 29 or 30 days and years of 12 or 13 months, and convert back.
func TestRoundTrip(t *testing.T) {
	first, last := dayFromCivil(1900, 1, 1), dayFromCivil(2199, 12, 31)
	prev := SolarToLunar(first.date())
	months, leaps := 0, 0
	counting := false // the first lunar year is seen only in part
	for x := first + 1; x <= last; x++ {
		d := x.date()
		l := SolarToLunar(d)
		back, err := LunarToSolar(l)
		if err != nil || back != d {
			t.Fatalf("%s → %+v → %s, %v", d, l, back, err)
		}
		switch {
		case l.Day == prev.Day+1 && l.Month == prev.Month && l.Leap == prev.Leap && l.Year == prev.Year:
		case l.Day == 1 && (prev.Day == 29 || prev.Day == 30):
			months++
			if l.Leap {
				leaps++
				if l.Month != prev.Month || l.Year != prev.Year {
					t.Fatalf("%s: leap month %+v does not follow month %+v", d, l, prev)
				}
				break
			}
			wantMonth, wantYear := prev.Month+1, prev.Year
			if wantMonth == 13 {
				wantMonth, wantYear = 1, prev.Year+1
				if counting && (months < 12 || months > 13 || (months == 13) != (leaps == 1)) {
					t.Fatalf("%s: lunar year %d had %d months and %d leap months", d, prev.Year, months, leaps)
				}
				months, leaps, counting = 0, 0, true
			}
			if l.Month != wantMonth || l.Year != wantYear {
				t.Fatalf("%s: %+v follows %+v", d, l, prev)
			}
		default:
			t.Fatalf("%s: %+v follows %+v", d, l, prev)
		}
		prev = l
	}
}

func TestLunarToSolarRefuses(t *testing.T) {
	tests := []struct {
		name  string
		in    Lunar
		field string
	}{
		{"year zero", Lunar{Year: 0, Month: 1, Day: 1}, "year"},
		{"month zero", Lunar{Year: 2025, Month: 0, Day: 1}, "month"},
		{"month 13", Lunar{Year: 2025, Month: 13, Day: 1}, "month"},
		{"day zero", Lunar{Year: 2025, Month: 1, Day: 0}, "day"},
		{"day 31", Lunar{Year: 2025, Month: 1, Day: 31}, "day"},
		{"30th of a short month", Lunar{Year: 2025, Month: 12, Day: 30}, "day"},
		{"leap month in a common year", Lunar{Year: 2024, Month: 6, Day: 1, Leap: true}, "leap"},
		{"wrong leap month", Lunar{Year: 2025, Month: 5, Day: 1, Leap: true}, "leap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LunarToSolar(tt.in)
			var e *dondoc.Error
			if !errors.As(err, &e) || e.Code != dondoc.EInvalid || e.Field != tt.field || e.Message == "" {
				t.Fatalf("LunarToSolar(%+v) = %q, %v; want an invalid %q error", tt.in, got, err, tt.field)
			}
		})
	}
}

func TestSolarToLunarInvalidDate(t *testing.T) {
	for _, d := range []dondoc.Date{"", "2025-02-29", "2025-1-01", "2025-13-01", "20250101", "abcd-ef-gh"} {
		if l := SolarToLunar(d); !l.IsZero() {
			t.Errorf("SolarToLunar(%q) = %+v, want the zero Lunar", d, l)
		}
	}
}

// TestDays checks the day-number arithmetic against the time package.
func TestDays(t *testing.T) {
	start := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []time.Time{start, time.Date(1582, 10, 15, 0, 0, 0, 0, time.UTC), time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)} {
		for i := 0; i < 800; i++ {
			tm := tt.AddDate(0, 0, i)
			x := dayFromCivil(tm.Year(), int(tm.Month()), tm.Day())
			if want := dondoc.Date(tm.Format(dondoc.DateLayout)); x.date() != want {
				t.Fatalf("day %d writes %s, want %s", x, x.date(), want)
			}
			if x.weekday() != tm.Weekday() {
				t.Fatalf("%s: weekday %s, want %s", tm.Format(dondoc.DateLayout), x.weekday(), tm.Weekday())
			}
		}
	}
	for x := dayFromCivil(1900, 1, 1); x <= dayFromCivil(2200, 12, 31); x++ {
		d := x.date()
		if y, ok := dayOf(d); !ok || y != x {
			t.Fatalf("dayOf(%s) = %d, %v; want %d", d, y, ok, x)
		}
		tm := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(x-unixEpoch))
		if string(d) != tm.Format(dondoc.DateLayout) || x.weekday() != tm.Weekday() {
			t.Fatalf("day %d: %s %s, want %s %s", x, d, x.weekday(), tm.Format(dondoc.DateLayout), tm.Weekday())
		}
	}
	if got := dayFromCivil(9999, 12, 31) + 1; got.date() != "" {
		t.Errorf("a day after 9999-12-31 writes %q, want the zero Date", got.date())
	}
}

func BenchmarkSolarToLunar(b *testing.B) {
	first := dayFromCivil(2000, 1, 1)
	dates := make([]dondoc.Date, 4096)
	for i := range dates {
		dates[i] = (first + day(i*7)).date()
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		SolarToLunar(dates[i%len(dates)])
	}
}

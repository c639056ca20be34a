package calendar

import (
	"time"

	"dondoc"
)

// A day is a Julian day number: the count of days since 1 January 4713 BC (Julian calendar).
// Dates are carried as day numbers inside the package because the astronomy is written in them,
// and because adding, comparing and finding the weekday are then plain integer arithmetic.
type day int

// unixEpoch is the Julian day number of 1970-01-01.
const unixEpoch day = 2440588

// The day numbers of the first and last dates a dondoc.Date can write (four-digit years).
var (
	firstDay = dayFromCivil(1, 1, 1)
	lastDay  = dayFromCivil(9999, 12, 31)
)

// dayFromCivil converts a proleptic Gregorian date to its day number. It counts in 400-year eras
// of 146097 days, with years starting on 1 March so that the leap day falls at the end of a year.
func dayFromCivil(y, m, d int) day {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400 // year of era, 0..399
	mp := (m + 9) % 12 // month counted from March, 0..11
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return day(era*146097+doe-719468) + unixEpoch
}

// civil converts a day number back to its proleptic Gregorian year, month and day.
func (x day) civil() (y, m, d int) {
	z := int(x-unixEpoch) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = (mp+2)%12 + 1
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

// weekday returns the day of the week; day number 0 was a Monday.
func (x day) weekday() time.Weekday { return time.Weekday((int(x)%7 + 7 + 1) % 7) }

// weekend reports whether the day is a Saturday or Sunday, the weekly rest days of the civil
// service.
func (x day) weekend() bool {
	wd := x.weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// date writes the day as a dondoc.Date, or the zero Date when it lies outside the four-digit years.
func (x day) date() dondoc.Date {
	if x < firstDay || x > lastDay {
		return ""
	}
	y, m, d := x.civil()
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-',
		byte('0' + d/10), byte('0' + d%10),
	}
	return dondoc.Date(b[:])
}

// dayOf parses a dondoc.Date written YYYY-MM-DD. It reports false for anything else, including
// impossible dates such as 2025-02-29.
func dayOf(d dondoc.Date) (day, bool) {
	s := string(d)
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	dd, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || dd < 1 || dd > monthLength(y, m) {
		return 0, false
	}
	return dayFromCivil(y, m, dd), true
}

// digits parses a run of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// monthLength returns the number of days in a Gregorian month.
func monthLength(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

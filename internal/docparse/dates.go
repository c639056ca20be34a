package docparse

import (
	"regexp"
	"strconv"
	"time"

	"dondoc"
)

// Date forms, matched on the shadow (folded) text at a given position. Official headers write
// "ngày 06 tháng 5 năm 2024"; citations also write 22/12/2024, 22-12-2024 and 20.7.2020; some
// pages glue the words ("ngày21 tháng 01 năm 2011", "11tháng 12").
var (
	dateWordsRE = regexp.MustCompile(`^(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam|,)\s*(\d{4})`)
	dateNumRE   = regexp.MustCompile(`^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*([/.-])\s*(\d{4})`)
	dayMonthRE  = regexp.MustCompile(`^(\d{1,2})\s*/\s*(\d{1,2})(?:[^0-9/.-]|\.[^0-9]|\.?$)`)
	monthYearRE = regexp.MustCompile(`^(\d{1,2})\s*(?:/|nam)\s*(\d{4})`)
)

// ymd is a calendar date split into parts, before validation.
type ymd struct{ y, m, d int }

// date returns the dondoc date of v, or "" when the parts do not form a real date.
func (v ymd) date() dondoc.Date {
	if v.y < 1900 || v.y > 2200 || v.m < 1 || v.m > 12 || v.d < 1 || v.d > 31 {
		return ""
	}
	t := time.Date(v.y, time.Month(v.m), v.d, 0, 0, 0, 0, time.UTC)
	if t.Day() != v.d {
		return ""
	}
	return dondoc.Date(t.Format(dondoc.DateLayout))
}

// atoi converts a short digit string that a regular expression has already validated.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// parseFullDate parses a date with its year at position i of the shadow string s and returns it
// with the shadow position after it.
func parseFullDate(s string, i int) (dondoc.Date, int, bool) {
	if i < 0 || i >= len(s) {
		return "", i, false
	}
	if m := dateWordsRE.FindStringSubmatchIndex(s[i:]); m != nil {
		v := ymd{atoi(s[i+m[6] : i+m[7]]), atoi(s[i+m[4] : i+m[5]]), atoi(s[i+m[2] : i+m[3]])}
		if d := v.date(); d != "" {
			return d, i + m[1], true
		}
	}
	if m := dateNumRE.FindStringSubmatchIndex(s[i:]); m != nil && s[i+m[4]] == s[i+m[8]] {
		v := ymd{atoi(s[i+m[10] : i+m[11]]), atoi(s[i+m[6] : i+m[7]]), atoi(s[i+m[2] : i+m[3]])}
		if d := v.date(); d != "" {
			return d, i + m[1], true
		}
	}
	return "", i, false
}

// parseDayMonth parses "15/7" (no year) at position i of s; the year comes from the document date:
// the first such day on or after the document date, since deadlines lie ahead.
func parseDayMonth(s string, i int, docDate dondoc.Date) (dondoc.Date, int, bool) {
	m := dayMonthRE.FindStringSubmatchIndex(s[i:])
	if m == nil || !docDate.Valid() {
		return "", i, false
	}
	day, month := atoi(s[i+m[2]:i+m[3]]), atoi(s[i+m[4]:i+m[5]])
	y := docDate.Time().Year()
	d := ymd{y, month, day}.date()
	if d == "" {
		return "", i, false
	}
	if d < docDate {
		d = ymd{y + 1, month, day}.date()
	}
	return d, i + m[5], d != ""
}

// monthEnd returns the last day of a month.
func monthEnd(y, m int) dondoc.Date {
	t := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
	return dondoc.Date(t.Format(dondoc.DateLayout))
}

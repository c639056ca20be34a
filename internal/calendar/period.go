package calendar

import (
	"strconv"

	"dondoc"
)

// Period is a reporting period as Nghị định 09/2019/NĐ-CP, Điều 12 fixes its data cut-off
// (thời gian chốt số liệu): a month runs from the 15th of the previous month to the 14th, which
// leaves the rest of the month to compile and send the report; a quarter, a half-year and a year run
// likewise from the 15th of the month before their first month to the 14th of their last month
// (a year: 15/12 of the year before to 14/12).
type Period struct {
	Type dondoc.PeriodType `json:"type"`
	// Key names the period as targets and actuals store it: "2024-05", "2024-Q2", "2024-H1", "2024".
	Key   string      `json:"key"`
	Start dondoc.Date `json:"start"`
	// End is the cut-off: the last day whose data the report covers.
	End dondoc.Date `json:"end"`
}

// Occurrence is one report that a recurring obligation calls for: the period it covers and the
// day it is due.
type Occurrence struct {
	Period Period      `json:"period"`
	Due    dondoc.Date `json:"due"`
}

// maxOccurrences bounds what Occurrences expands, a century of monthly reports, so that a mistaken
// range cannot exhaust memory.
const maxOccurrences = 1200

// PeriodOf returns the period of the given type that contains d. A day from the 15th on belongs to
// the next month's period: PeriodOf(month, 2024-05-20) is "2024-06". Only the types of Nghị định
// 09/2019 (month, quarter, half_year, year) have periods; a term does not.
func PeriodOf(t dondoc.PeriodType, d dondoc.Date) (Period, error) {
	x, ok := dayOf(d)
	if !ok {
		return Period{}, dondoc.Invalid("date", "Ngày phải có dạng YYYY-MM-DD.", "date must be YYYY-MM-DD.")
	}
	y, m, dd := x.civil()
	if dd >= 15 {
		if m++; m > 12 {
			y, m = y+1, 1
		}
	}
	return periodFor(t, y, m)
}

// PeriodByKey returns the period a key names, such as "2024-05", "2024-Q2", "2024-H1" or "2024".
func PeriodByKey(key string) (Period, error) {
	t := dondoc.PeriodTypeOf(key)
	if t == "" || t == dondoc.PeriodTerm {
		return Period{}, dondoc.Invalid("period",
			"Kỳ báo cáo phải có dạng 2024, 2024-05, 2024-Q2 hoặc 2024-H1.",
			"The period must look like 2024, 2024-05, 2024-Q2 or 2024-H1.")
	}
	y, _ := strconv.Atoi(key[:4])
	m := 12
	switch t {
	case dondoc.PeriodMonth:
		m, _ = strconv.Atoi(key[5:])
	case dondoc.PeriodQuarter:
		q, _ := strconv.Atoi(key[6:])
		m = 3 * q
	case dondoc.PeriodHalfYear:
		h, _ := strconv.Atoi(key[6:])
		m = 6 * h
	}
	p, err := periodFor(t, y, m)
	if err != nil {
		return Period{}, dondoc.Invalid("period", "Kỳ báo cáo nằm ngoài phạm vi hỗ trợ.", "The period is out of range.")
	}
	return p, nil
}

// periodFor builds the period of type t that contains the monthly period of month m of year y.
func periodFor(t dondoc.PeriodType, y, m int) (Period, error) {
	first, last := m, m
	ys := pad(y, 4)
	key := ys + "-" + pad(m, 2)
	switch t {
	case dondoc.PeriodMonth:
	case dondoc.PeriodQuarter:
		q := (m-1)/3 + 1
		first, last, key = 3*q-2, 3*q, ys+"-Q"+strconv.Itoa(q)
	case dondoc.PeriodHalfYear:
		h := (m-1)/6 + 1
		first, last, key = 6*h-5, 6*h, ys+"-H"+strconv.Itoa(h)
	case dondoc.PeriodYear:
		first, last, key = 1, 12, ys
	default:
		return Period{}, dondoc.Invalid("type",
			"Loại kỳ báo cáo phải là month, quarter, half_year hoặc year.",
			"The period type must be month, quarter, half_year or year.")
	}
	startY, startM := y, first-1
	if startM == 0 {
		startY, startM = y-1, 12
	}
	p := Period{Type: t, Key: key, Start: dayFromCivil(startY, startM, 15).date(), End: dayFromCivil(y, last, 14).date()}
	if p.Start == "" || p.End == "" {
		return Period{}, dondoc.Invalid("date", "Ngày nằm ngoài phạm vi hỗ trợ.", "The date is out of range.")
	}
	return p, nil
}

// pad writes n with leading zeros to width digits.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// Next returns the period of the same type that follows p, or the zero Period when p was not
// made by this package or no period follows it before year 10000.
func (p Period) Next() Period {
	x, ok := dayOf(p.End)
	if !ok {
		return Period{}
	}
	next, err := PeriodOf(p.Type, (x + 1).date())
	if err != nil {
		return Period{}
	}
	return next
}

// previous returns the period of the same type before p, which must be valid.
func (p Period) previous() (Period, error) {
	x, _ := dayOf(p.Start)
	return PeriodOf(p.Type, (x - 1).date())
}

// DueDate returns the day a report on period p must be sent when the obligation names a day of
// the month ("gửi trước ngày 20 hằng tháng", "ngày 5 tháng đầu quý sau"): the first date after the
// cut-off that falls on that day of its month. With the cut-off on the 14th, day 20 is the 20th of
// the same month and day 5 is the 5th of the next month; a day past the end of a short month is
// the month's last day. Day 0, for an obligation without a day ("định kỳ hằng quý"), is the
// cut-off itself. Nghị định 09/2019 leaves the sending deadline to each reporting regime, and
// whether "trước ngày 15" means the 14th or the 15th is for the caller to decide.
func DueDate(p Period, dayOfMonth int) (dondoc.Date, error) {
	if dayOfMonth < 0 || dayOfMonth > 31 {
		return "", dondoc.Invalid("day_of_period", "Ngày trong kỳ phải từ 1 đến 31.", "day_of_period must be between 1 and 31.")
	}
	end, ok := dayOf(p.End)
	if !ok {
		return "", dondoc.Invalid("period", "Kỳ báo cáo không hợp lệ.", "Invalid period.")
	}
	if dayOfMonth == 0 {
		return p.End, nil
	}
	y, m, d := end.civil()
	if dayOfMonth <= d {
		if m++; m > 12 {
			y, m = y+1, 1
		}
	}
	due := dayFromCivil(y, m, min(dayOfMonth, monthLength(y, m))).date()
	if due == "" {
		return "", dondoc.Invalid("period", "Ngày đến hạn nằm ngoài phạm vi hỗ trợ.", "The due date is out of range.")
	}
	return due, nil
}

// recurrencePeriods maps the recurrences of dondoc.Deadline to the periods they report on.
var recurrencePeriods = map[string]dondoc.PeriodType{
	"monthly":     dondoc.PeriodMonth,
	"quarterly":   dondoc.PeriodQuarter,
	"half_yearly": dondoc.PeriodHalfYear,
	"yearly":      dondoc.PeriodYear,
}

// Occurrences expands a recurring obligation (monthly, quarterly, half_yearly or yearly, with the
// day of the month it is due as DueDate reads it) into the reports due from from to to, both
// included, in order. Each report covers the period whose due date it is, so an obligation that
// starts on 16 May with reports due on the 20th owes the report on the period that ended on 14 May.
// Due dates are not moved off weekends and holidays; Calendar.WorkingDayOnOrAfter does that.
func Occurrences(recurrence string, dayOfMonth int, from, to dondoc.Date) ([]Occurrence, error) {
	t, ok := recurrencePeriods[recurrence]
	if !ok {
		return nil, dondoc.Invalid("recurrence",
			"Chu kỳ phải là monthly, quarterly, half_yearly hoặc yearly.",
			"recurrence must be monthly, quarterly, half_yearly or yearly.")
	}
	if dayOfMonth < 0 || dayOfMonth > 31 {
		return nil, dondoc.Invalid("day_of_period", "Ngày trong kỳ phải từ 1 đến 31.", "day_of_period must be between 1 and 31.")
	}
	p, err := PeriodOf(t, from)
	if err != nil {
		return nil, dondoc.Invalid("from", "Ngày phải có dạng YYYY-MM-DD.", "from must be YYYY-MM-DD.")
	}
	if _, ok := dayOf(to); !ok {
		return nil, dondoc.Invalid("to", "Ngày phải có dạng YYYY-MM-DD.", "to must be YYYY-MM-DD.")
	}
	if to < from {
		return nil, dondoc.Invalid("to", "Ngày kết thúc không được trước ngày bắt đầu.", "to must not be before from.")
	}
	// The report on the period before the one containing from may still be due after from.
	if prev, err := p.previous(); err == nil {
		if due, err := DueDate(prev, dayOfMonth); err == nil && due >= from {
			p = prev
		}
	}
	var out []Occurrence
	for p.Key != "" {
		due, err := DueDate(p, dayOfMonth)
		if err != nil || due > to {
			break
		}
		if len(out) == maxOccurrences {
			return nil, dondoc.Invalid("to",
				"Khoảng thời gian quá dài (tối đa "+strconv.Itoa(maxOccurrences)+" kỳ báo cáo).",
				"The range is too long (at most "+strconv.Itoa(maxOccurrences)+" reports).")
		}
		out = append(out, Occurrence{Period: p, Due: due})
		p = p.Next()
	}
	return out, nil
}

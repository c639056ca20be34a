package calendar

import (
	"strconv"
	"sync"

	"dondoc"
)

// Calendar tells working days from days off for the civil service: Monday to Friday are worked
// unless the Labour Code or the government's yearly decision makes them a day off, and a weekend
// day is worked when a decision makes it a make-up day (ngày làm bù).
//
// A Calendar is safe for concurrent use and must not be copied. The zero Calendar applies the
// Labour Code without yearly adjustments.
type Calendar struct {
	adjustments map[day]Adjustment

	mu    sync.Mutex
	masks map[int]*yearMask
}

// yearMask records which days of one Gregorian year are worked, one bit a day, so that counting
// working days costs a bit test a day instead of map look-ups and lunar arithmetic.
type yearMask struct {
	first, end day // 1 January of the year and of the next
	work       [6]uint64
}

// New builds a calendar from the yearly plans, validating each (see Plan.Validate; an error names
// the field within the plan at fault). Two plans for the same year are refused, since it would be
// unclear which decision is in force.
func New(plans ...Plan) (*Calendar, error) {
	c := &Calendar{adjustments: map[day]Adjustment{}}
	years := make(map[int]bool, len(plans))
	for _, p := range plans {
		if years[p.Year] {
			return nil, dondoc.Invalid("year",
				"Năm "+strconv.Itoa(p.Year)+" có hai lịch điều chỉnh.",
				"Two plans are given for "+strconv.Itoa(p.Year)+".")
		}
		years[p.Year] = true
		if err := p.Validate(); err != nil {
			return nil, err
		}
		for _, a := range p.Adjustments {
			x, _ := dayOf(a.Date)
			c.adjustments[x] = a
		}
	}
	return c, nil
}

// mask returns the working days of Gregorian year y, computing them on first use.
func (c *Calendar) mask(y int) *yearMask {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.masks[y]; ok {
		return m
	}
	holidays := statutoryDays(y)
	m := &yearMask{first: dayFromCivil(y, 1, 1), end: dayFromCivil(y+1, 1, 1)}
	for x := m.first; x < m.end; x++ {
		working := !x.weekend() && !holidays.has(x)
		if a, ok := c.adjustments[x]; ok {
			working = a.Kind == Workday
		}
		if working {
			i := x - m.first
			m.work[i/64] |= 1 << (i % 64)
		}
	}
	if c.masks == nil {
		c.masks = map[int]*yearMask{}
	}
	c.masks[y] = m
	return m
}

// cursor walks the calendar day by day and keeps the mask of the year it is in, so that a long
// walk takes the lock once a year rather than once a day.
type cursor struct {
	c *Calendar
	m *yearMask
}

// working reports whether x is a working day.
func (cur *cursor) working(x day) bool {
	if cur.m == nil || x < cur.m.first || x >= cur.m.end {
		y, _, _ := x.civil()
		cur.m = cur.c.mask(y)
	}
	i := x - cur.m.first
	return cur.m.work[i/64]&(1<<(i%64)) != 0
}

// IsWorkingDay reports whether d is a working day: Monday to Friday and not a holiday, or a
// make-up Saturday. An invalid date is not a working day.
func (c *Calendar) IsWorkingDay(d dondoc.Date) bool {
	x, ok := dayOf(d)
	if !ok {
		return false
	}
	cur := cursor{c: c}
	return cur.working(x)
}

// IsHoliday reports whether d is a day off other than an ordinary weekend day, and names it:
// a public holiday, a compensatory day, or a day off set by a yearly decision (named by its
// note). A holiday that falls on a weekend still counts, so that lists and feeds can show it.
func (c *Calendar) IsHoliday(d dondoc.Date) (bool, string) {
	x, ok := dayOf(d)
	if !ok {
		return false, ""
	}
	if a, ok := c.adjustments[x]; ok {
		if a.Kind == Workday {
			return false, ""
		}
		if a.Note == "" {
			return true, "Ngày nghỉ theo lịch nghỉ hằng năm"
		}
		return true, a.Note
	}
	y, _, _ := x.civil()
	if h, ok := statutoryDays(y)[x]; ok {
		return true, h.name
	}
	return false, ""
}

// Holiday reports whether d is a holiday; its method value c.Holiday has the type that
// dondoc.Deadline.Due and dondoc.AddWorkingDays take. Those count Saturdays and Sundays as days
// off without asking, so they miss make-up Saturdays; Calendar.AddWorkingDays is the exact count
// and should be preferred where a Calendar is at hand.
func (c *Calendar) Holiday(d dondoc.Date) bool {
	h, _ := c.IsHoliday(d)
	return h
}

// AddWorkingDays returns the n-th working day after from, which is how "trong n ngày làm việc kể
// từ ngày nhận" is counted: the day of receipt does not count, whether or not it is worked. A
// negative n counts back to the n-th working day before from; zero returns from. It returns the
// zero Date for an invalid date or when the count runs past year 9999.
func (c *Calendar) AddWorkingDays(from dondoc.Date, n int) dondoc.Date {
	x, ok := dayOf(from)
	if !ok {
		return ""
	}
	step := day(1)
	if n < 0 {
		step, n = -1, -n
	}
	cur := cursor{c: c}
	for n > 0 {
		x += step
		if x < firstDay || x > lastDay {
			return ""
		}
		if cur.working(x) {
			n--
		}
	}
	return x.date()
}

// WorkingDaysBetween counts the working days after a up to and including b, so that
// WorkingDaysBetween(a, AddWorkingDays(a, n)) is n for n ≥ 0: how far into "n ngày làm việc" a
// task received on a stands on day b. When b is before a the count is the negative of
// WorkingDaysBetween(b, a). An invalid date counts no working days.
func (c *Calendar) WorkingDaysBetween(a, b dondoc.Date) int {
	x, ok1 := dayOf(a)
	y, ok2 := dayOf(b)
	if !ok1 || !ok2 {
		return 0
	}
	sign := 1
	if y < x {
		x, y, sign = y, x, -1
	}
	n := 0
	cur := cursor{c: c}
	for x < y {
		x++
		if cur.working(x) {
			n++
		}
	}
	return sign * n
}

// WorkingDayOnOrAfter returns d when it is a working day, otherwise the next working day. A time
// limit whose last day is a weekend or holiday ends on the next working day (Bộ luật Dân sự 2015,
// Điều 148, khoản 5), so a due date is moved with it. It returns the zero Date for an invalid date.
func (c *Calendar) WorkingDayOnOrAfter(d dondoc.Date) dondoc.Date {
	x, ok := dayOf(d)
	if !ok {
		return ""
	}
	cur := cursor{c: c}
	for !cur.working(x) {
		x++
		if x > lastDay {
			return ""
		}
	}
	return x.date()
}

package calendar

import (
	"slices"
	"strconv"
	"sync"

	"dondoc"
)

// holiday is a day off that the Labour Code grants by itself, before any yearly decision.
type holiday struct {
	name string
	// fixed marks the days the Code names outright (1/1, mùng 1 to mùng 3 Tết, 10/3 lunar, 30/4,
	// 1/5, 2/9). The other days off (the last day of the lunar year and mùng 4, the day next to
	// 2/9, and compensatory days) are the ones the government may move each year, so only they can
	// be turned into working days by an adjustment.
	fixed bool
}

// statutory maps every day of one Gregorian year that is off under the Labour Code, including the
// compensatory days for holidays that fall on a weekend, to the holiday it is.
type statutory map[day]holiday

// has reports whether x is a statutory day off.
func (s statutory) has(x day) bool {
	_, ok := s[x]
	return ok
}

// statutoryCache keeps the statutory days off of each year once computed, since they depend only
// on the year and the lunar arithmetic behind them is the costly part of a calendar.
var statutoryCache sync.Map // int → statutory

// statutoryDays returns the days off that the Labour Code 2019 grants in Gregorian year y.
//
// Bộ luật Lao động 2019, Điều 112, khoản 1 grants: Tết Dương lịch (1/1), five days of Tết Âm lịch,
// Ngày Chiến thắng (30/4), Ngày Quốc tế lao động (1/5), two days of Quốc khánh (2/9 and the day
// before or after it) and Giỗ Tổ Hùng Vương (10/3 lunar). The Prime Minister fixes the five days of
// Tết and the second day of Quốc khánh every year (khoản 3); by default they are the last day of
// the lunar year with mùng 1 to mùng 4, and 1/9, as in recent years. Điều 111, khoản 3 moves a
// holiday that falls on the weekly rest day to the next working day.
//
// The rules of the 2019 Code are applied to every year, including years before 2021 when older
// codes gave fewer days: dondoc tracks current work, and a Plan can still correct the days the
// government may move.
func statutoryDays(y int) statutory {
	if s, ok := statutoryCache.Load(y); ok {
		return s.(statutory)
	}
	s := statutory{}
	add := func(x day, name string, fixed bool) { s[x] = holiday{name: name, fixed: fixed} }
	add(dayFromCivil(y, 1, 1), "Tết Dương lịch", true)
	if tet, err := dayOfLunar(Lunar{Year: y, Month: 1, Day: 1}); err == nil {
		add(tet-1, "Tết Nguyên đán (ngày cuối năm âm lịch)", false)
		add(tet, "Tết Nguyên đán (mùng 1)", true)
		add(tet+1, "Tết Nguyên đán (mùng 2)", true)
		add(tet+2, "Tết Nguyên đán (mùng 3)", true)
		add(tet+3, "Tết Nguyên đán (mùng 4)", false)
	}
	if gio, err := dayOfLunar(Lunar{Year: y, Month: 3, Day: 10}); err == nil {
		add(gio, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", true)
	}
	add(dayFromCivil(y, 4, 30), "Ngày Chiến thắng (30/4)", true)
	add(dayFromCivil(y, 5, 1), "Ngày Quốc tế lao động (1/5)", true)
	add(dayFromCivil(y, 9, 1), "Quốc khánh (ngày liền kề 2/9)", false)
	add(dayFromCivil(y, 9, 2), "Quốc khánh (2/9)", true)

	holidays := make([]day, 0, len(s))
	for x := range s {
		holidays = append(holidays, x)
	}
	slices.Sort(holidays)
	for _, x := range holidays {
		if !x.weekend() {
			continue
		}
		next := x + 1
		for next.weekend() || s.has(next) {
			next++
		}
		add(next, "Nghỉ bù "+s[x].name, false)
	}
	actual, _ := statutoryCache.LoadOrStore(y, s)
	return actual.(statutory)
}

// The kinds of Adjustment.
const (
	// DayOff turns a working day into a day off, such as a weekday swapped for a later Saturday or
	// a day of Tết placed elsewhere than the default.
	DayOff = "day_off"
	// Workday turns a day off into a working day: a make-up Saturday (ngày làm bù), or a default
	// day off that the yearly decision moved elsewhere.
	Workday = "workday"
)

// Adjustment is one day that the government's yearly decision on holidays (thông báo về lịch nghỉ
// Tết, nghỉ lễ cho cán bộ, công chức, viên chức) makes different from what the Labour Code gives
// by default. These decisions change every year, so they are data an administrator records
// rather than rules in code.
type Adjustment struct {
	Date dondoc.Date `json:"date"`
	// Kind is DayOff or Workday.
	Kind string `json:"kind"`
	// Note says why, usually with the number of the decision, and names the day off in lists.
	Note string `json:"note"`
}

// Plan is the set of adjustments for one Gregorian year. Adjustments are filed under the year
// their date falls in, even when the decision that made them concerns a holiday of the next year.
type Plan struct {
	Year        int          `json:"year"`
	Adjustments []Adjustment `json:"adjustments"`
}

// The years a Plan may be filed for: the span over which the lunar calendar is tested, so that the
// holidays an adjustment is measured against are known to be right.
const (
	FirstYear = 1900
	LastYear  = 2199
)

// maxAdjustments bounds a year's plan; real decisions change a handful of days.
const maxAdjustments = 100

// Validate checks a plan on its own: each adjustment must be a valid date inside the plan's year,
// of a known kind, on a distinct day, and must change something — a day off only on a day that is
// otherwise worked, a working day only on a weekend or on a default day off that the yearly
// decision may move (never on a holiday the Labour Code fixes, such as 30/4).
func (p Plan) Validate() error {
	ys := strconv.Itoa(p.Year)
	if p.Year < FirstYear || p.Year > LastYear {
		return dondoc.Invalid("year",
			"Năm phải từ "+strconv.Itoa(FirstYear)+" đến "+strconv.Itoa(LastYear)+".",
			"The year must be between "+strconv.Itoa(FirstYear)+" and "+strconv.Itoa(LastYear)+".")
	}
	if len(p.Adjustments) > maxAdjustments {
		return dondoc.Invalid("adjustments",
			"Quá nhiều ngày điều chỉnh (tối đa "+strconv.Itoa(maxAdjustments)+").",
			"Too many adjustments (at most "+strconv.Itoa(maxAdjustments)+").")
	}
	holidays := statutoryDays(p.Year)
	seen := make(map[day]int, len(p.Adjustments))
	for i, a := range p.Adjustments {
		field := "adjustments[" + strconv.Itoa(i) + "]"
		x, ok := dayOf(a.Date)
		if !ok {
			return dondoc.Invalid(field+".date", "Ngày phải có dạng YYYY-MM-DD.", "date must be YYYY-MM-DD.")
		}
		if y, _, _ := x.civil(); y != p.Year {
			return dondoc.Invalid(field+".date",
				"Ngày "+a.Date.Format()+" không thuộc năm "+ys+"; hãy ghi vào lịch năm "+strconv.Itoa(y)+".",
				"Date "+string(a.Date)+" is not in "+ys+"; file it under "+strconv.Itoa(y)+".")
		}
		if j, dup := seen[x]; dup {
			return dondoc.Invalid(field+".date",
				"Ngày "+a.Date.Format()+" đã được điều chỉnh ở dòng "+strconv.Itoa(j+1)+".",
				"Date "+string(a.Date)+" is already adjusted at adjustments["+strconv.Itoa(j)+"].")
		}
		seen[x] = i
		h, isHoliday := holidays[x]
		switch a.Kind {
		case DayOff:
			if isHoliday {
				return dondoc.Invalid(field+".date",
					"Ngày "+a.Date.Format()+" đã là ngày nghỉ ("+h.name+").",
					"Date "+string(a.Date)+" is already a day off.")
			}
			if x.weekend() {
				return dondoc.Invalid(field+".date",
					"Ngày "+a.Date.Format()+" là ngày nghỉ cuối tuần.",
					"Date "+string(a.Date)+" is a weekend day.")
			}
		case Workday:
			if h.fixed {
				return dondoc.Invalid(field+".date",
					"Ngày "+a.Date.Format()+" là ngày lễ do Bộ luật Lao động ấn định ("+h.name+"), không thể làm việc.",
					"Date "+string(a.Date)+" is a holiday fixed by the Labour Code and cannot be a working day.")
			}
			if !isHoliday && !x.weekend() {
				return dondoc.Invalid(field+".date",
					"Ngày "+a.Date.Format()+" vốn đã là ngày làm việc.",
					"Date "+string(a.Date)+" is already a working day.")
			}
		default:
			return dondoc.Invalid(field+".kind", "Loại điều chỉnh phải là day_off hoặc workday.", "kind must be day_off or workday.")
		}
		if err := dondoc.OptionalText(field+".note", a.Note, 500); err != nil {
			return err
		}
	}
	return nil
}

// KnownPlans returns the yearly decisions for civil servants that dondoc ships with, as seed data
// for the administrator, who records later decisions and corrects these if need be. Only
// decisions established with confidence are included; days that follow the Labour Code's default
// need no adjustment.
//
//   - 2024: Tết Giáp Thìn off from Thursday 8/2 to Wednesday 14/2,
//     so 8/2 is off and 15/2, which the default would give as a compensatory day, is worked;
//     30/4–1/5 joined to the weekend by taking Monday 29/4 off and working Saturday 4/5.
//     Quốc khánh (31/8–3/9) matches the default.
//   - 2025: Tết Ất Tỵ off from Saturday 25/1 to Sunday 2/2, so Monday 27/1 is off and Monday 3/2,
//     the default compensatory day for mùng 4 falling on Saturday 1/2, is worked; 30/4–1/5 joined
//     to the weekend by taking Friday 2/5 off and working Saturday 26/4. Quốc khánh (30/8–2/9,
//     with 1/9) matches the default.
//   - 2026: under the default, Tết Bính Ngọ (mùng 1 on Tuesday 17/2) is off from Saturday 14/2 to
//     Sunday 22/2 with no adjustment. The decisions for the rest of 2026, including whether the
//     second day of Quốc khánh is 1/9 or 3/9, were not established with confidence, so 2026
//     carries no adjustment and is left to the administrator.
func KnownPlans() []Plan {
	return []Plan{
		{Year: 2024, Adjustments: []Adjustment{
			{Date: "2024-02-08", Kind: DayOff, Note: "Nghỉ Tết Giáp Thìn (29 tháng Chạp), thay cho ngày 15/02/2024"},
			{Date: "2024-02-15", Kind: Workday, Note: "Đi làm: ngày nghỉ bù Tết đã chuyển lên 08/02/2024"},
			{Date: "2024-04-29", Kind: DayOff, Note: "Nghỉ hoán đổi, làm bù thứ Bảy 04/05/2024"},
			{Date: "2024-05-04", Kind: Workday, Note: "Làm bù cho ngày nghỉ 29/04/2024"},
		}},
		{Year: 2025, Adjustments: []Adjustment{
			{Date: "2025-01-27", Kind: DayOff, Note: "Nghỉ Tết Ất Tỵ (28 tháng Chạp), thay cho ngày 03/02/2025"},
			{Date: "2025-02-03", Kind: Workday, Note: "Đi làm: ngày nghỉ bù Tết đã chuyển lên 27/01/2025"},
			{Date: "2025-04-26", Kind: Workday, Note: "Làm bù cho ngày nghỉ 02/05/2025"},
			{Date: "2025-05-02", Kind: DayOff, Note: "Nghỉ hoán đổi, làm bù thứ Bảy 26/04/2025"},
		}},
	}
}

package calendar

import (
	"math"
	"strconv"

	"dondoc"
)

// Lunar is a date of the Vietnamese lunar calendar (âm lịch). Year is the Gregorian year in which
// the lunar year begins, so Tết of Year falls in January or February of Year; months run from 1
// (tháng Giêng) to 12 (tháng Chạp), and Leap marks the intercalary month (tháng nhuận) that repeats
// the number of the month before it.
type Lunar struct {
	Year  int  `json:"year"`
	Month int  `json:"month"`
	Day   int  `json:"day"`
	Leap  bool `json:"leap"`
}

// IsZero reports whether l is the zero Lunar, which SolarToLunar returns for an invalid date.
func (l Lunar) IsZero() bool { return l == Lunar{} }

// The calendar is computed with the method that Hồ Ngọc Đức published for the Vietnamese calendar:
// a month begins on the day (in local time) of a new moon, month 11 is the month that contains the
// winter solstice, and in a year of 13 months the first month after month 11 that contains no
// principal term (trung khí) is the leap month. New moons and the sun's longitude come from the
// low-precision series of Jean Meeus, Astronomical Algorithms (1998), chapters 25 and 49.
const (
	// timeZone is the offset, in hours, of the meridian the calendar is computed for. Viet Nam has
	// used 105°E (UTC+7) since 1968; the Chinese calendar uses 120°E (UTC+8), which is why Tết 1985
	// fell on 21 January in Viet Nam and on 20 February in China.
	timeZone = 7.0
	// synodicMonth is the mean length of a lunation in days.
	synodicMonth = 29.530588853
	// newMoonEpoch is the Julian date of the new moon of 1900-01-01 13:52 UTC, lunation number 0.
	newMoonEpoch = 2415021.076998695
)

// newMoon returns the Julian date (days since noon UTC, 1 January 4713 BC) of lunation k, the k-th
// new moon after newMoonEpoch. The error is about two minutes, far below what deciding a day needs
// except when a new moon falls within minutes of local midnight.
func newMoon(k int) float64 {
	const rad = math.Pi / 180
	kf := float64(k)
	t := kf / 1236.85 // Julian centuries since 1900 January 0.5
	t2 := t * t
	t3 := t2 * t
	mean := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3 +
		0.00033*math.Sin((166.56+132.87*t-0.009173*t2)*rad)
	sunAnomaly := (359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3) * rad
	moonAnomaly := (306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3) * rad
	moonLatitude := (21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3) * rad
	correction := (0.1734-0.000393*t)*math.Sin(sunAnomaly) +
		0.0021*math.Sin(2*sunAnomaly) -
		0.4068*math.Sin(moonAnomaly) +
		0.0161*math.Sin(2*moonAnomaly) -
		0.0004*math.Sin(3*moonAnomaly) +
		0.0104*math.Sin(2*moonLatitude) -
		0.0051*math.Sin(sunAnomaly+moonAnomaly) -
		0.0074*math.Sin(sunAnomaly-moonAnomaly) +
		0.0004*math.Sin(2*moonLatitude+sunAnomaly) -
		0.0004*math.Sin(2*moonLatitude-sunAnomaly) -
		0.0006*math.Sin(2*moonLatitude+moonAnomaly) +
		0.0010*math.Sin(2*moonLatitude-moonAnomaly) +
		0.0005*math.Sin(2*moonAnomaly+sunAnomaly)
	// The series gives dynamical time; subtracting ΔT (in days) turns it into universal time.
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return mean + correction - deltaT
}

// newMoonDay returns the local day on which lunation k begins: the first day of a lunar month.
func newMoonDay(k int) day {
	return day(math.Floor(newMoon(k) + 0.5 + timeZone/24))
}

// sunLongitude returns the sun's geometric ecliptic longitude in degrees, in [0, 360), at the
// Julian date jd.
func sunLongitude(jd float64) float64 {
	const rad = math.Pi / 180
	t := (jd - 2451545.0) / 36525 // Julian centuries since J2000.0
	t2 := t * t
	anomaly := (357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2) * rad
	mean := 280.46645 + 36000.76983*t + 0.0003032*t2
	center := (1.914600-0.004817*t-0.000014*t2)*math.Sin(anomaly) +
		(0.019993-0.000101*t)*math.Sin(2*anomaly) +
		0.000290*math.Sin(3*anomaly)
	l := math.Mod(mean+center, 360)
	if l < 0 {
		l += 360
	}
	return l
}

// sector returns which twelfth of the ecliptic, counted from the March equinox, the sun is in at
// the local midnight that begins day x. The principal terms are the borders between sectors, so a
// lunar month contains a principal term exactly when the sector at its first day differs from the
// sector at the first day of the next month. Sector 9 begins at the winter solstice.
func sector(x day) int {
	return int(sunLongitude(float64(x)-0.5-timeZone/24) / 30)
}

// month11 returns the lunation that begins month 11 of the lunar year that is current at the end
// of Gregorian year y: the month containing the December solstice of y.
func month11(y int) int {
	k := int(math.Floor(float64(dayFromCivil(y, 12, 31)-2415021) / synodicMonth))
	// Lunation k is the last one to begin by about 31 December. If the sun has passed the solstice
	// when it begins, the solstice fell in the month before.
	if sector(newMoonDay(k)) >= 9 {
		k--
	}
	return k
}

// leapOffset returns, for a lunar year of 13 months starting at lunation k11 (month 11), how many
// months after month 11 the leap month comes: the first month without a principal term. One
// always exists between offsets 1 and 12, since 13 months share the 12 terms and month 11 holds
// the solstice.
func leapOffset(k11 int) int {
	for i := 1; ; i++ {
		if sector(newMoonDay(k11+i)) == sector(newMoonDay(k11+i+1)) {
			return i
		}
	}
}

// lunationOf returns the lunation whose month contains day x.
func lunationOf(x day) int {
	k := int(math.Floor((float64(x) - newMoonEpoch) / synodicMonth))
	// The estimate comes from the mean month; the true new moon can be up to about a day away.
	for newMoonDay(k) > x {
		k--
	}
	for newMoonDay(k+1) <= x {
		k++
	}
	return k
}

// SolarToLunar converts a Gregorian date to the Vietnamese lunar calendar. It returns the zero
// Lunar for a date that is not a valid YYYY-MM-DD.
//
// The Tết dates it gives match the published Vietnamese ones, and the conversion is consistent in
// both directions for every day of 1900–2199 (see the tests). Before 1968 Viet Nam used a calendar
// computed for UTC+8, which differs from this one on some days; dondoc needs the modern rule, the
// one the Labour Code's lunar holidays follow.
func SolarToLunar(d dondoc.Date) Lunar {
	x, ok := dayOf(d)
	if !ok {
		return Lunar{}
	}
	return lunarOf(x)
}

// lunarOf converts a day number to its lunar date.
func lunarOf(x day) Lunar {
	k := lunationOf(x)
	y, _, _ := x.civil()
	// Lunar months are numbered between two months 11: from lunation a (month 11 of the previous
	// lunar year) up to lunation b, the next month 11.
	a, b := month11(y), 0
	year := y
	if a >= k {
		a, b = month11(y-1), a
	} else {
		b = month11(y + 1)
		year++
	}
	diff := k - a
	l := Lunar{Year: year, Month: diff + 11, Day: int(x-newMoonDay(k)) + 1}
	if b-a == 13 {
		if leap := leapOffset(a); diff >= leap {
			l.Month = diff + 10
			l.Leap = diff == leap
		}
	}
	if l.Month > 12 {
		l.Month -= 12
	}
	// Months 11 and 12 at the start of the span belong to the lunar year before.
	if l.Month >= 11 && diff < 4 {
		l.Year--
	}
	return l
}

// LunarToSolar converts a Vietnamese lunar date to the Gregorian calendar. It refuses a month or
// day that does not exist, such as a leap month in a year without one or day 30 of a month of 29
// days, with a *dondoc.Error naming the field at fault.
func LunarToSolar(l Lunar) (dondoc.Date, error) {
	x, err := dayOfLunar(l)
	if err != nil {
		return "", err
	}
	return x.date(), nil
}

// dayOfLunar converts a lunar date to its day number.
func dayOfLunar(l Lunar) (day, error) {
	if l.Year < 1 || l.Year > 9998 {
		return 0, dondoc.Invalid("year", "Năm âm lịch phải từ 1 đến 9998.", "The lunar year must be between 1 and 9998.")
	}
	if l.Month < 1 || l.Month > 12 {
		return 0, dondoc.Invalid("month", "Tháng âm lịch phải từ 1 đến 12.", "The lunar month must be between 1 and 12.")
	}
	if l.Day < 1 || l.Day > 30 {
		return 0, dondoc.Invalid("day", "Ngày âm lịch phải từ 1 đến 30.", "The lunar day must be between 1 and 30.")
	}
	var a, b int
	if l.Month >= 11 {
		a, b = month11(l.Year), month11(l.Year+1)
	} else {
		a, b = month11(l.Year-1), month11(l.Year)
	}
	offset := (l.Month + 1) % 12 // months after month 11
	switch {
	case b-a == 13:
		leap := leapOffset(a)
		leapMonth := (leap+9)%12 + 1 // the number the leap month repeats
		if l.Leap && l.Month != leapMonth {
			return 0, dondoc.Invalid("leap",
				"Năm âm lịch "+strconv.Itoa(l.Year)+" nhuận tháng "+strconv.Itoa(leapMonth)+", không nhuận tháng "+strconv.Itoa(l.Month)+".",
				"Lunar year "+strconv.Itoa(l.Year)+" has leap month "+strconv.Itoa(leapMonth)+", not "+strconv.Itoa(l.Month)+".")
		}
		if l.Leap || offset >= leap {
			offset++
		}
	case l.Leap:
		return 0, dondoc.Invalid("leap",
			"Năm âm lịch "+strconv.Itoa(l.Year)+" không có tháng nhuận.",
			"Lunar year "+strconv.Itoa(l.Year)+" has no leap month.")
	}
	start := newMoonDay(a + offset)
	if length := int(newMoonDay(a+offset+1) - start); l.Day > length {
		return 0, dondoc.Invalid("day",
			"Tháng này chỉ có "+strconv.Itoa(length)+" ngày.",
			"This lunar month has only "+strconv.Itoa(length)+" days.")
	}
	return start + day(l.Day-1), nil
}

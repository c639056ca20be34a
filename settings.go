package dondoc

import (
	"context"
	"strconv"
	"time"
)

// FollowUp holds the settings of follow-up that are not the ladder itself: the time zone in which
// quiet hours and the digest hour are read, how many days before its deadline a task shows as due
// soon, the quiet hours in which no message is sent, and the hour at which the daily scan and the
// digests run. An administrator or office changes them without a new release.
type FollowUp struct {
	// Timezone is an IANA zone name such as Asia/Ho_Chi_Minh.
	Timezone string `json:"timezone"`
	// DueSoonDays is how many days before its deadline an open task shows as due soon.
	DueSoonDays int `json:"due_soon_days"`
	// QuietStart and QuietEnd bound the quiet hours, "HH:MM" in Timezone; the quiet hours run from
	// QuietStart up to QuietEnd and may span midnight. Equal times mean no quiet hours.
	QuietStart string `json:"quiet_start"`
	QuietEnd   string `json:"quiet_end"`
	// DigestHour is the hour, in Timezone, at which the daily scan runs and the digests go out.
	DigestHour int `json:"digest_hour"`
}

// DefaultDueSoonDays is the default of FollowUp.DueSoonDays: three days' notice lets a unit finish
// or ask for an extension in time.
const DefaultDueSoonDays = 3

// MaxDueSoonDays bounds FollowUp.DueSoonDays: beyond a month "due soon" would cover most tasks.
const MaxDueSoonDays = 30

// DefaultFollowUp returns the settings in force until an administrator changes them: Viet Nam
// time, three days' notice, no messages from 21:00 to 07:00, and the digest at 07:00.
func DefaultFollowUp() FollowUp {
	return FollowUp{Timezone: "Asia/Ho_Chi_Minh", DueSoonDays: DefaultDueSoonDays,
		QuietStart: "21:00", QuietEnd: "07:00", DigestHour: 7}
}

// Validate checks the settings, naming the field at fault in Vietnamese and English.
func (f FollowUp) Validate() error {
	if f.Timezone == "" || f.Timezone == "Local" {
		return Invalid("timezone", "Cần ghi múi giờ theo tên IANA, ví dụ Asia/Ho_Chi_Minh.",
			"timezone must be an IANA zone name such as Asia/Ho_Chi_Minh.")
	}
	if _, err := time.LoadLocation(f.Timezone); err != nil {
		return Invalid("timezone", "Múi giờ “"+f.Timezone+"” không tồn tại; hãy dùng tên IANA, ví dụ Asia/Ho_Chi_Minh.",
			"Unknown time zone “"+f.Timezone+"”; use an IANA name such as Asia/Ho_Chi_Minh.")
	}
	if f.DueSoonDays < 0 || f.DueSoonDays > MaxDueSoonDays {
		return Invalid("due_soon_days", "Số ngày báo sắp đến hạn phải từ 0 đến "+strconv.Itoa(MaxDueSoonDays)+".",
			"due_soon_days must be between 0 and "+strconv.Itoa(MaxDueSoonDays)+".")
	}
	start, ok := clockMinutes(f.QuietStart)
	if !ok {
		return Invalid("quiet_start", "Giờ bắt đầu giờ yên lặng phải có dạng HH:MM, ví dụ 21:00.",
			"quiet_start must be HH:MM, such as 21:00.")
	}
	end, ok := clockMinutes(f.QuietEnd)
	if !ok {
		return Invalid("quiet_end", "Giờ kết thúc giờ yên lặng phải có dạng HH:MM, ví dụ 07:00.",
			"quiet_end must be HH:MM, such as 07:00.")
	}
	if f.DigestHour < 0 || f.DigestHour > 23 {
		return Invalid("digest_hour", "Giờ gửi bản tổng hợp phải từ 0 đến 23.", "digest_hour must be between 0 and 23.")
	}
	if quiet(start, end, f.DigestHour*60) {
		return Invalid("digest_hour",
			"Giờ gửi bản tổng hợp ("+strconv.Itoa(f.DigestHour)+" giờ) nằm trong giờ yên lặng "+f.QuietStart+"–"+f.QuietEnd+".",
			"digest_hour ("+strconv.Itoa(f.DigestHour)+":00) falls inside the quiet hours "+f.QuietStart+"–"+f.QuietEnd+".")
	}
	return nil
}

// Location returns the time zone of the settings, or Viet Nam's when the name is not a known zone,
// which Validate refuses before anything is stored.
func (f FollowUp) Location() *time.Location {
	if f.Timezone == "" || f.Timezone == "Local" {
		return Location
	}
	loc, err := time.LoadLocation(f.Timezone)
	if err != nil {
		return Location
	}
	return loc
}

// NextSendTime returns when a message may be sent that is ready at now: now itself outside the
// quiet hours, otherwise the end of the quiet hours, read in the settings' time zone. Settings with
// malformed quiet hours, which Validate refuses, have none.
func (f FollowUp) NextSendTime(now time.Time) time.Time {
	start, ok1 := clockMinutes(f.QuietStart)
	end, ok2 := clockMinutes(f.QuietEnd)
	loc := f.Location()
	t := now.In(loc)
	if !ok1 || !ok2 || !quiet(start, end, t.Hour()*60+t.Minute()) {
		return now
	}
	next := time.Date(t.Year(), t.Month(), t.Day(), end/60, end%60, 0, 0, loc)
	if !next.After(t) {
		next = time.Date(t.Year(), t.Month(), t.Day()+1, end/60, end%60, 0, 0, loc)
	}
	return next
}

// quiet reports whether minute m of the day falls in the quiet hours from start up to end, which
// span midnight when start is after end.
func quiet(start, end, m int) bool {
	switch {
	case start == end:
		return false
	case start < end:
		return m >= start && m < end
	}
	return m >= start || m < end
}

// clockMinutes parses a time of day written HH:MM into minutes after midnight.
func clockMinutes(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || s[0] < '0' || s[0] > '9' || s[3] < '0' || s[3] > '9' ||
		h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// FollowUpSetting is the follow-up settings in force with the version of their stored setting,
// which clients send back in If-Match to change them.
type FollowUpSetting struct {
	FollowUp
	Version int64 `json:"version"`
}

// CalendarAdjustment is one day that a yearly decision on holidays makes a day off or a working
// day, as the API and storage carry it; internal/calendar.Adjustment has the same fields and is
// the one that checks it.
type CalendarAdjustment struct {
	Date Date `json:"date"`
	// Kind is "day_off" or "workday".
	Kind string `json:"kind"`
	Note string `json:"note"`
}

// CalendarPlan is the yearly decision on holidays for one Gregorian year, the data behind the
// working-day calendar, in the form that crosses the service interfaces (internal/calendar.Plan
// has the same fields).
type CalendarPlan struct {
	Year        int                  `json:"year"`
	Adjustments []CalendarAdjustment `json:"adjustments"`
}

// The sources of a year's plan in force.
const (
	// PlanStored is a plan an administrator stored.
	PlanStored = "stored"
	// PlanKnown is a decision dondoc ships with, in force until one is stored for the year.
	PlanKnown = "known"
	// PlanDefault is a year with neither: the Labour Code's defaults apply unadjusted.
	PlanDefault = "default"
)

// CalendarPlanSetting is the plan in force for one year, with the version of its stored setting
// (1 until one is stored) and where it comes from.
type CalendarPlanSetting struct {
	CalendarPlan
	Version int64  `json:"version"`
	Source  string `json:"source"`
}

// CalendarYear summarises a year that has a plan, stored or shipped, for the list of years.
type CalendarYear struct {
	Year        int    `json:"year"`
	Version     int64  `json:"version"`
	Source      string `json:"source"`
	Adjustments int    `json:"adjustments"`
}

// The kinds of CalendarDay.
const (
	// DayKindHoliday is a public holiday or compensatory day of the Labour Code.
	DayKindHoliday = "holiday"
	// DayKindDayOff is a weekday made a day off by a yearly decision.
	DayKindDayOff = "day_off"
	// DayKindWorkday is a day made a working day by a yearly decision, such as a make-up Saturday.
	DayKindWorkday = "workday"
)

// CalendarDay is a day that is not an ordinary weekday or weekend day, with its name, for pages
// and feeds that show the days off.
type CalendarDay struct {
	Date Date   `json:"date"`
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// MaxCalendarSpan bounds the days one calendar listing covers, a little more than a year.
const MaxCalendarSpan = 400

// SettingsService reads and changes the yearly holiday plans and the follow-up settings, and
// lists the days off in force. Changes take effect at once on the instance that makes them.
type SettingsService interface {
	// FollowUpSettings returns the follow-up settings in force, the defaults until first set.
	FollowUpSettings(ctx context.Context) (*FollowUpSetting, error)
	// SetFollowUpSettings validates and stores the settings over the version the caller read.
	SetFollowUpSettings(ctx context.Context, version int64, f FollowUp) (*FollowUpSetting, error)
	// CalendarYears lists the years with a stored or shipped plan.
	CalendarYears(ctx context.Context) ([]CalendarYear, error)
	// CalendarPlan returns the plan in force for a year.
	CalendarPlan(ctx context.Context, year int) (*CalendarPlanSetting, error)
	// SetCalendarPlan validates and stores a year's plan over the version the caller read.
	SetCalendarPlan(ctx context.Context, version int64, p CalendarPlan) (*CalendarPlanSetting, error)
	// CalendarDays lists the holidays, days off and make-up working days from from to to, at most
	// MaxCalendarSpan days.
	CalendarDays(ctx context.Context, from, to Date) ([]CalendarDay, error)
}

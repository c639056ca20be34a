package dondoc

import (
	"encoding/json"
	"math"
	"time"
)

// Date is a calendar date without time of day, written "2006-01-02". Deadlines, document dates and
// periods are dates in Vietnamese practice, and a string form sorts correctly in both databases.
// The zero value means "no date".
type Date string

// DateLayout is the ISO layout used in storage and the API.
const DateLayout = "2006-01-02"

// NoDate is the sort key stored for tasks without a deadline, so that they sort after every real
// date and never count as overdue.
const NoDate Date = "9999-12-31"

// Location is the time zone in which "today" is decided: a deadline falls due at the end of a day in
// Viet Nam, whatever the server's zone.
var Location = mustLoadLocation("Asia/Ho_Chi_Minh")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}

// ParseDate parses an ISO date and rejects impossible ones such as 2024-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return "", err
	}
	return Date(t.Format(DateLayout)), nil
}

// DateOf returns the date of t in Viet Nam.
func DateOf(t time.Time) Date { return Date(t.In(Location).Format(DateLayout)) }

// Today returns the current date in Viet Nam for the given instant.
func Today(now time.Time) Date { return DateOf(now) }

// IsZero reports whether the date is absent.
func (d Date) IsZero() bool { return d == "" }

// Valid reports whether the date is present and well formed.
func (d Date) Valid() bool {
	if d == "" {
		return false
	}
	_, err := time.Parse(DateLayout, string(d))
	return err == nil
}

// Time returns midnight of the date in Viet Nam.
func (d Date) Time() time.Time {
	t, _ := time.ParseInLocation(DateLayout, string(d), Location)
	return t
}

// AddDays returns the date n calendar days later (or earlier for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// DaysUntil returns the number of calendar days from d to other; negative when other is earlier.
func (d Date) DaysUntil(other Date) int {
	// Rounding absorbs the hour lost or gained where a zone changes its offset.
	a, b := d.Time(), other.Time()
	return int(math.Round(b.Sub(a).Hours() / 24))
}

// Format returns the date as Vietnamese readers write it, dd/mm/yyyy.
func (d Date) Format() string {
	if !d.Valid() {
		return ""
	}
	return d.Time().Format("02/01/2006")
}

// MarshalJSON writes an absent date as null rather than an empty string, which clients handle more
// naturally.
func (d Date) MarshalJSON() ([]byte, error) {
	if d == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(d))
}

// UnmarshalJSON accepts null or an ISO date and rejects anything else, so that bad dates never reach
// the storage layer.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = ""
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return &ValueError{Value: s, Message: "Ngày không hợp lệ; cần dạng YYYY-MM-DD.", MessageEN: "Invalid date; expected YYYY-MM-DD."}
	}
	*d = v
	return nil
}

// ValueError reports a JSON value that a custom decoder rejected. The decoder does not know the
// field it sits in, so the API locates the value in the request to name the field.
type ValueError struct {
	Value     string
	Message   string
	MessageEN string
}

func (e *ValueError) Error() string { return e.MessageEN + ": " + e.Value }

// AddWorkingDays returns the date n working days after from. A working day is Monday to Friday
// and not a holiday; the holiday function comes from the calendar so that the government's yearly
// day swaps apply. A nil function treats only weekends as days off.
func AddWorkingDays(from Date, n int, holiday func(Date) bool) Date {
	d := from
	for n > 0 {
		d = d.AddDays(1)
		wd := d.Time().Weekday()
		if wd == time.Saturday || wd == time.Sunday || (holiday != nil && holiday(d)) {
			continue
		}
		n--
	}
	return d
}

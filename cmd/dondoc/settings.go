package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"dondoc"
	"dondoc/internal/sqldb"
)

const settingsUsage = `usage:
  dondoc settings show [--data ./data] [--db DSN]
  dondoc settings set follow-up FILE.json [--data ./data] [--db DSN]`

const calendarUsage = `usage:
  dondoc calendar show YEAR [--data ./data] [--db DSN]
  dondoc calendar set YEAR FILE.json [--data ./data] [--db DSN]`

// settingsCmd shows the follow-up settings, the reminder ladder and the yearly plans, or replaces
// the follow-up settings from a JSON file (as GET /api/v1/settings/follow-up returns them), as the
// system, with an audit row.
func settingsCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(settingsUsage)
	}
	var c config
	fs := flag.NewFlagSet("settings", flag.ContinueOnError)
	fs.SetOutput(stdout)
	dbFlags(fs, &c)
	rest, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case args[0] == "show" && len(rest) == 0:
	case args[0] == "set" && len(rest) == 2 && rest[0] == "follow-up":
	default:
		return errors.New(settingsUsage)
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := dondoc.WithActor(ctx, dondoc.SystemActor)
	if args[0] == "set" {
		var in struct {
			dondoc.FollowUp
			Version int64 `json:"version"`
		}
		if err := readJSON(rest[1], &in); err != nil {
			return err
		}
		cur, err := db.FollowUpSettings(sys)
		if err != nil {
			return err
		}
		s, err := db.SetFollowUpSettings(sys, cur.Version, in.FollowUp)
		if err != nil {
			return inVietnamese(err)
		}
		fmt.Fprintf(stdout, "Đã lưu thiết lập đôn đốc (phiên bản %d).\n", s.Version)
		return nil
	}
	return showSettings(sys, db, stdout)
}

// showSettings prints every setting an administrator edits.
func showSettings(ctx context.Context, db *sqldb.DB, out io.Writer) error {
	f, err := db.FollowUpSettings(ctx)
	if err != nil {
		return err
	}
	l, err := db.ReminderLadder(ctx)
	if err != nil {
		return err
	}
	years, err := db.CalendarYears(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Thiết lập đôn đốc (follow-up, phiên bản %d):\n", f.Version)
	fmt.Fprintf(out, "  múi giờ (timezone):                  %s\n", f.Timezone)
	fmt.Fprintf(out, "  báo sắp đến hạn trước (due_soon_days): %d ngày\n", f.DueSoonDays)
	fmt.Fprintf(out, "  giờ yên lặng (quiet_start–quiet_end): %s–%s\n", f.QuietStart, f.QuietEnd)
	fmt.Fprintf(out, "  giờ gửi bản tổng hợp (digest_hour):  %d giờ\n", f.DigestHour)
	ladder, err := json.Marshal(l.Ladder)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Thang nhắc việc (reminder-ladder, phiên bản %d): %s\n", l.Version, ladder)
	fmt.Fprintln(out, "Lịch nghỉ hằng năm:")
	for _, y := range years {
		source := "có sẵn"
		if y.Source == dondoc.PlanStored {
			source = "đã lưu"
		}
		fmt.Fprintf(out, "  %d  %-7s phiên bản %d, %d ngày điều chỉnh\n", y.Year, source, y.Version, y.Adjustments)
	}
	return nil
}

// calendarCmd prints the days off of a year by the calendar in force, or replaces a year's plan
// from a JSON file (as GET /api/v1/settings/calendar/{year} returns it), as the system, with an
// audit row.
func calendarCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) < 2 || (args[0] != "show" && args[0] != "set") {
		return errors.New(calendarUsage)
	}
	year, err := strconv.Atoi(args[1])
	if err != nil {
		return fmt.Errorf("năm %q không phải là số\n%s", args[1], calendarUsage)
	}
	var c config
	fs := flag.NewFlagSet("calendar", flag.ContinueOnError)
	fs.SetOutput(stdout)
	dbFlags(fs, &c)
	rest, err := parseInterspersed(fs, args[2:])
	if err != nil {
		return err
	}
	if (args[0] == "show" && len(rest) != 0) || (args[0] == "set" && len(rest) != 1) {
		return errors.New(calendarUsage)
	}
	var plan dondoc.CalendarPlan
	if args[0] == "set" {
		var in struct {
			dondoc.CalendarPlan
			Version int64  `json:"version"`
			Source  string `json:"source"`
		}
		if err := readJSON(rest[0], &in); err != nil {
			return err
		}
		if in.Year != 0 && in.Year != year {
			return fmt.Errorf("year: năm trong tệp (%d) khác năm trên dòng lệnh (%d)", in.Year, year)
		}
		plan, plan.Year = in.CalendarPlan, year
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := dondoc.WithActor(ctx, dondoc.SystemActor)
	cur, err := db.CalendarPlan(sys, year)
	if err != nil {
		return inVietnamese(err)
	}
	if args[0] == "set" {
		s, err := db.SetCalendarPlan(sys, cur.Version, plan)
		if err != nil {
			return inVietnamese(err)
		}
		fmt.Fprintf(stdout, "Đã lưu lịch nghỉ năm %d (phiên bản %d, %d ngày điều chỉnh).\n", year, s.Version, len(s.Adjustments))
		return nil
	}
	return showYear(sys, db, cur, stdout)
}

// weekdays names the days of the week as Vietnamese calendars do.
var weekdays = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// showYear prints a year's holidays, days off and make-up working days, dd/mm/yyyy.
func showYear(ctx context.Context, db *sqldb.DB, plan *dondoc.CalendarPlanSetting, out io.Writer) error {
	y := strconv.Itoa(plan.Year)
	days, err := db.CalendarDays(ctx, dondoc.Date(y+"-01-01"), dondoc.Date(y+"-12-31"))
	if err != nil {
		return inVietnamese(err)
	}
	source := map[string]string{dondoc.PlanStored: "đã lưu", dondoc.PlanKnown: "có sẵn trong dondoc",
		dondoc.PlanDefault: "theo Bộ luật Lao động, chưa có điều chỉnh"}[plan.Source]
	fmt.Fprintf(out, "Lịch nghỉ năm %s (%s, phiên bản %d):\n", y, source, plan.Version)
	for _, d := range days {
		what := "nghỉ"
		if d.Kind == dondoc.DayKindWorkday {
			what = "đi làm"
		}
		fmt.Fprintf(out, "  %s  %-8s  %-6s  %s\n", d.Date.Format(), weekdays[d.Date.Time().Weekday()], what, d.Name)
	}
	return nil
}

// parseInterspersed parses flags that may come before, between or after the positional arguments,
// as in "dondoc calendar set 2026 plan.json --data ./data", and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// readJSON decodes a file ("-" for standard input) strictly: an unknown field or trailing data is
// refused, as the API refuses them.
func readJSON(name string, v any) error {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(os.Stdin)
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: không đọc được JSON: %w", name, err)
	}
	if dec.More() {
		return fmt.Errorf("%s: còn dữ liệu sau đối tượng JSON", name)
	}
	return nil
}

// inVietnamese words a domain error for the command line in Vietnamese, with the field at fault;
// errors.As still finds the domain error under it.
func inVietnamese(err error) error {
	var de *dondoc.Error
	if !errors.As(err, &de) || de.Message == "" {
		return err
	}
	return viError{de}
}

// viError is a domain error that prints its Vietnamese message.
type viError struct{ e *dondoc.Error }

func (v viError) Error() string {
	if v.e.Field != "" {
		return v.e.Field + ": " + v.e.Message
	}
	return v.e.Message
}

func (v viError) Unwrap() error { return v.e }

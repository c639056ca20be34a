package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"dondoc"
	"dondoc/internal/calendar"
	"dondoc/internal/sqldb"
)

// useCalendar puts the stored settings in force and wires the working-day calendar in force into
// the storage layer's deadlines in working days, the days the reminder scan runs, and the reports
// recurring obligations owe, with due dates that fall on a day off moved to the next working day.
// Each call asks for the calendar in force, so that a changed plan applies from then on.
func useCalendar(ctx context.Context, db *sqldb.DB) error {
	if err := db.LoadSettings(ctx); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	db.UseWorkCalendar()
	db.Obligations = func(recurrence string, dayOfPeriod int, from, to dondoc.Date) ([]dondoc.Obligation, error) {
		occ, err := calendar.Occurrences(recurrence, dayOfPeriod, from, to)
		if err != nil {
			return nil, err
		}
		out := make([]dondoc.Obligation, len(occ))
		for i, o := range occ {
			due := o.Due
			if d := db.WorkCalendar().WorkingDayOnOrAfter(due); d != "" {
				due = d
			}
			out[i] = dondoc.Obligation{Period: o.Period.Key, Start: o.Period.Start, End: o.Period.End, Due: due}
		}
		return out, nil
	}
	return nil
}

// remind runs the daily reminder scan: with --dry-run it prints what the ladder calls for on the
// day and to whom, writing nothing; otherwise it records the reminders, once, for the channels to
// send.
func remind(ctx context.Context, args []string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("remind", flag.ContinueOnError)
	fs.SetOutput(stdout)
	dry := fs.Bool("dry-run", false, "print the reminders due without recording them")
	date := fs.String("date", "", "the day to scan, YYYY-MM-DD (default: today in Viet Nam)")
	dbFlags(fs, &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("usage: dondoc remind [--dry-run] [--date YYYY-MM-DD]")
	}
	day := dondoc.Today(time.Now())
	if *date != "" {
		d, err := dondoc.ParseDate(*date)
		if err != nil {
			return fmt.Errorf("--date: %q is not a date YYYY-MM-DD", *date)
		}
		day = d
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := dondoc.WithActor(ctx, dondoc.SystemActor)
	if !*dry {
		res, err := db.Scan(sys, day)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Nhắc việc ngày %s: %d lượt nhắc theo thang, %d lượt mới được ghi.\n", day.Format(), res.Planned, res.Written)
		return nil
	}
	fmt.Fprintf(stdout, "Nhắc việc ngày %s (chạy thử, không ghi):\n", day.Format())
	n := 0
	err = db.PlanReminders(sys, day, func(batch []sqldb.PlannedReminder) error {
		for _, p := range batch {
			n++
			if _, err := fmt.Fprintf(stdout, "  %s  %-16s %-12s %-34s %s\n", p.On, p.Username, p.Role, describeStep(p), subjectOf(p)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintln(stdout, "  Không có việc cần nhắc.")
		return nil
	}
	fmt.Fprintf(stdout, "Tổng cộng %d lượt nhắc.\n", n)
	return nil
}

// describeStep says in words where a reminder stands on the ladder.
func describeStep(p sqldb.PlannedReminder) string {
	what := map[dondoc.ReminderKind]string{
		dondoc.ReminderTask: "nhiệm vụ", dondoc.ReminderReport: "báo cáo kỳ " + p.Period,
		dondoc.ReminderConfirmation: "chờ xác nhận hoàn thành", dondoc.ReminderExtension: "chờ quyết định gia hạn",
		dondoc.ReminderEscalation: "kiến nghị chưa trả lời",
	}[p.Kind]
	switch {
	case p.Kind == dondoc.ReminderConfirmation || p.Kind == dondoc.ReminderExtension:
		return what + " " + strconv.Itoa(p.Step) + " ngày"
	case p.Step < 0:
		return what + ", còn " + strconv.Itoa(-p.Step) + " ngày"
	case p.Step == 0:
		return what + ", đến hạn hôm nay"
	}
	return what + ", quá hạn " + strconv.Itoa(p.Step) + " ngày"
}

// subjectOf names the task or escalation a reminder is about.
func subjectOf(p sqldb.PlannedReminder) string {
	if p.EscalationID != nil {
		return "kiến nghị #" + strconv.FormatInt(*p.EscalationID, 10) + " «" + p.Title + "»"
	}
	if p.TaskID != nil {
		return "nhiệm vụ #" + strconv.FormatInt(*p.TaskID, 10) + " «" + p.Title + "»"
	}
	return p.Title
}

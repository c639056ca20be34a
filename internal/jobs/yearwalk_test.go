package jobs_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"dondoc"
	"dondoc/internal/calendar"
	"dondoc/internal/jobs"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// vn returns the instant of day at hour:minute in Viet Nam.
func vn(day dondoc.Date, hour, minute int) time.Time {
	t, err := time.ParseInLocation(dondoc.DateLayout, string(day), dondoc.Location)
	if err != nil {
		panic(err)
	}
	return t.Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
}

// sleepUntil moves the bubble's fake clock to t.
func sleepUntil(t time.Time) { time.Sleep(time.Until(t)) }

// yearWant is every message of the walk: when it reached whom (Viet Nam time), what kind it is,
// and for a digest each line of what it chases. 2024 is the year of the walk: Tết kept the offices
// shut from Thursday 8 to Wednesday 14 February, Giỗ Tổ Hùng Vương fell on Thursday 18 April,
// 29 April to 1 May were days off, made up on Saturday 4 May, and 2–3 September were days off.
var yearWant = []string{
	// Assigned on Monday 15 January with 8 working days: due Thursday 25 January.
	"2024-01-15 09:00 head task.assigned",
	"2024-01-15 09:00 officer task.assigned",
	// 3 days and 1 day before, and on the day, to the officer.
	"2024-01-22 07:00 officer digest: Giải ngân vốn [còn 3 ngày, hạn 25/01/2024]",
	"2024-01-24 07:00 officer digest: Giải ngân vốn [còn 1 ngày, hạn 25/01/2024]",
	"2024-01-25 07:00 officer digest: Giải ngân vốn [hạn hôm nay, 25/01/2024]",
	// A week overdue: the officer and, from the seventh day, the head.
	"2024-02-01 07:00 head digest: Giải ngân vốn [quá hạn 7 ngày, hạn 25/01/2024]",
	"2024-02-01 07:00 officer digest: Giải ngân vốn [quá hạn 7 ngày, hạn 25/01/2024]",
	"2024-02-02 10:00 office extension.requested",
	// Day 14 (8 February) and the extension's first week (9 February) fell in Tết: held until the
	// first working day, which is also day 21.
	"2024-02-15 07:00 head digest: Giải ngân vốn [quá hạn 21 ngày, hạn 25/01/2024]",
	"2024-02-15 07:00 office digest: Giải ngân vốn [chờ 7 ngày, từ ngày 02/02/2024]",
	"2024-02-15 07:00 officer digest: Giải ngân vốn [quá hạn 21 ngày, hạn 25/01/2024]",
	// Granted to Thursday 14 March: the ladder starts again from the new deadline.
	"2024-02-15 10:00 head extension.decided",
	"2024-02-15 10:00 officer extension.decided",
	"2024-03-11 07:00 officer digest: Giải ngân vốn [còn 3 ngày, hạn 14/03/2024]",
	"2024-03-13 07:00 officer digest: Giải ngân vốn [còn 1 ngày, hạn 14/03/2024]",
	"2024-03-14 07:00 officer digest: Giải ngân vốn [hạn hôm nay, 14/03/2024]",
	"2024-03-21 07:00 head digest: Giải ngân vốn [quá hạn 7 ngày, hạn 14/03/2024]",
	"2024-03-21 07:00 officer digest: Giải ngân vốn [quá hạn 7 ngày, hạn 14/03/2024]",
	// The escalation, due for an answer on Friday 29 March, has its own ladder: the leaders of
	// the body addressed on the day and weekly after, its office too from the 30th day.
	"2024-03-22 10:00 leader escalation.raised",
	"2024-03-28 07:00 head digest: Giải ngân vốn [quá hạn 14 ngày, hạn 14/03/2024]",
	"2024-03-28 07:00 officer digest: Giải ngân vốn [quá hạn 14 ngày, hạn 14/03/2024]",
	"2024-03-29 07:00 leader digest: Thiếu vốn đối ứng [hạn hôm nay, 29/03/2024]",
	"2024-04-04 07:00 head digest: Giải ngân vốn [quá hạn 21 ngày, hạn 14/03/2024]",
	"2024-04-04 07:00 officer digest: Giải ngân vốn [quá hạn 21 ngày, hạn 14/03/2024]",
	"2024-04-05 07:00 leader digest: Thiếu vốn đối ứng [quá hạn 7 ngày, hạn 29/03/2024]",
	"2024-04-11 07:00 head digest: Giải ngân vốn [quá hạn 28 ngày, hạn 14/03/2024]",
	"2024-04-11 07:00 officer digest: Giải ngân vốn [quá hạn 28 ngày, hạn 14/03/2024]",
	"2024-04-12 07:00 leader digest: Thiếu vốn đối ứng [quá hạn 14 ngày, hạn 29/03/2024]",
	// Day 30 fell on Saturday 13 April: held until Monday, and now the assigner's office and the
	// leader in charge are told too.
	"2024-04-15 07:00 head digest: Giải ngân vốn [quá hạn 30 ngày, hạn 14/03/2024]",
	"2024-04-15 07:00 leader digest: Giải ngân vốn [quá hạn 30 ngày, hạn 14/03/2024]",
	"2024-04-15 07:00 office digest: Giải ngân vốn [quá hạn 30 ngày, hạn 14/03/2024]",
	"2024-04-15 07:00 officer digest: Giải ngân vốn [quá hạn 30 ngày, hạn 14/03/2024]",
	// Day 35 fell on Giỗ Tổ Hùng Vương: held until Friday.
	"2024-04-19 07:00 head digest: Giải ngân vốn [quá hạn 35 ngày, hạn 14/03/2024]",
	"2024-04-19 07:00 leader digest: Giải ngân vốn [quá hạn 35 ngày, hạn 14/03/2024] | Thiếu vốn đối ứng [quá hạn 21 ngày, hạn 29/03/2024]",
	"2024-04-19 07:00 office digest: Giải ngân vốn [quá hạn 35 ngày, hạn 14/03/2024]",
	"2024-04-19 07:00 officer digest: Giải ngân vốn [quá hạn 35 ngày, hạn 14/03/2024]",
	"2024-04-25 07:00 head digest: Giải ngân vốn [quá hạn 42 ngày, hạn 14/03/2024]",
	"2024-04-25 07:00 leader digest: Giải ngân vốn [quá hạn 42 ngày, hạn 14/03/2024]",
	"2024-04-25 07:00 office digest: Giải ngân vốn [quá hạn 42 ngày, hạn 14/03/2024]",
	"2024-04-25 07:00 officer digest: Giải ngân vốn [quá hạn 42 ngày, hạn 14/03/2024]",
	"2024-04-26 07:00 leader digest: Thiếu vốn đối ứng [quá hạn 28 ngày, hạn 29/03/2024]",
	// The escalation's day 30 fell on Sunday 28 April, before three days off: held until
	// Thursday 2 May, the task's day 49.
	"2024-05-02 07:00 head digest: Giải ngân vốn [quá hạn 49 ngày, hạn 14/03/2024]",
	"2024-05-02 07:00 leader digest: Giải ngân vốn [quá hạn 49 ngày, hạn 14/03/2024] | Thiếu vốn đối ứng [quá hạn 30 ngày, hạn 29/03/2024]",
	"2024-05-02 07:00 office digest: Giải ngân vốn [quá hạn 49 ngày, hạn 14/03/2024] | Thiếu vốn đối ứng [quá hạn 30 ngày, hạn 29/03/2024]",
	"2024-05-02 07:00 officer digest: Giải ngân vốn [quá hạn 49 ngày, hạn 14/03/2024]",
	"2024-05-03 07:00 leader digest: Thiếu vốn đối ứng [quá hạn 35 ngày, hạn 29/03/2024]",
	"2024-05-03 07:00 office digest: Thiếu vốn đối ứng [quá hạn 35 ngày, hạn 29/03/2024]",
	"2024-05-06 10:00 head escalation.answered",
	"2024-05-06 10:00 officer escalation.answered",
	"2024-05-09 07:00 head digest: Giải ngân vốn [quá hạn 56 ngày, hạn 14/03/2024]",
	"2024-05-09 07:00 leader digest: Giải ngân vốn [quá hạn 56 ngày, hạn 14/03/2024]",
	"2024-05-09 07:00 office digest: Giải ngân vốn [quá hạn 56 ngày, hạn 14/03/2024]",
	"2024-05-09 07:00 officer digest: Giải ngân vốn [quá hạn 56 ngày, hạn 14/03/2024]",
	// Completion requested on Monday 13 May: the task's ladder stops, and the assigner's office
	// is chased weekly to confirm.
	"2024-05-13 10:00 office task.completion_requested",
	"2024-05-20 07:00 office digest: Giải ngân vốn [chờ 7 ngày, từ ngày 13/05/2024]",
	"2024-05-27 07:00 office digest: Giải ngân vốn [chờ 14 ngày, từ ngày 13/05/2024]",
	// Confirmed: nothing more for the rest of the year.
	"2024-05-29 10:00 head task.completion_confirmed",
	"2024-05-29 10:00 officer task.completion_confirmed",
}

// TestYearWalk walks one task through 2024 on a fake clock, running the daily scan and the
// digests with the job code River runs, at the times River's schedule sets, and checks every
// message's time and recipient against yearWant.
//
// The River client itself is not started in the bubble: its leader election (every 5 s), job
// polling and maintenance services wake every few seconds, which over a year of fake time is
// millions of database round trips, and River's queries fall back to the database server's now()
// for job and leader times, which the bubble's clock does not reach. The test therefore builds the
// queue as the server does but works its jobs itself: the periodic scan at each time the queue's
// schedule names, through the worker River runs, with the queue's client in the context so that
// the scan queues the digests in River's tables, then each queued digest through its worker.
func TestYearWalk(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			if engine == "postgres" {
				sqldbtest.PostgresURL(t)
			}
			synctest.Test(t, func(t *testing.T) {
				var db *sqldb.DB
				if engine == "postgres" {
					db = sqldbtest.OpenPostgres(t)
				} else {
					db = sqldbtest.OpenSQLite(t)
				}
				got := walkYear(t, db)
				if !slices.Equal(got, yearWant) {
					t.Errorf("messages of the year:\n%s", diffLines(got, yearWant))
				}
			})
		})
	}
}

// walkYear runs the year and returns every message as yearWant writes it, sorted.
func walkYear(t *testing.T, db *sqldb.DB) []string {
	ctx := context.Background()
	sleepUntil(vn("2024-01-15", 6, 0))
	cal, err := calendar.New(calendar.KnownPlans()...)
	if err != nil {
		t.Fatal(err)
	}
	db.WorkingDays, db.IsWorkingDay = cal.AddWorkingDays, cal.IsWorkingDay
	if err := jobs.Migrate(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	r, err := jobs.New(jobs.Config{DB: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}

	p := sqldbtest.NewProvince(t, db)
	people := map[string]context.Context{}
	for _, g := range []struct {
		name string
		role dondoc.Role
		unit *dondoc.Unit
	}{
		{"officer", dondoc.RoleUnitOfficer, p.DistrictA},
		{"head", dondoc.RoleUnitHead, p.DistrictA},
		{"office", dondoc.RoleOffice, p.Root},
		{"leader", dondoc.RoleLeader, p.Root},
	} {
		u, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: g.name, DisplayName: g.name,
			Grants: []dondoc.Grant{{Role: g.role, UnitID: g.unit.ID}}}, "x")
		if err != nil {
			t.Fatal(err)
		}
		people[g.name] = sqldbtest.As(u.ID, g.role, g.unit)
	}
	officer, office, leader := people["officer"], people["office"], people["leader"]

	var task *dondoc.Task
	var esc *dondoc.Escalation
	transition := func(ctx context.Context, a dondoc.Action) {
		cur, err := db.GetTask(office, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if task, err = db.Transition(ctx, cur.ID, cur.Version, dondoc.TransitionInput{Action: a}); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	changes := []struct {
		at time.Time
		do func()
	}{
		{vn("2024-01-15", 9, 0), func() {
			task, err = db.CreateTask(office, dondoc.TaskInput{Title: "Giải ngân vốn", LeadUnitID: p.DistrictA.ID, AssignerUnitID: p.Office.ID,
				Assign: true, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineWorkingDays, WorkingDays: 8}})
			if err != nil {
				t.Fatal(err)
			}
			if task.DueOn != "2024-01-25" {
				t.Fatalf("8 working days from Monday 15 January = %s, want Thursday 25 January", task.DueOn)
			}
		}},
		{vn("2024-02-02", 10, 0), func() {
			if _, err := db.RequestExtension(officer, task.ID, dondoc.ExtensionInput{Proposed: "2024-03-14", Reason: "Chờ phân bổ vốn"}); err != nil {
				t.Fatal(err)
			}
		}},
		{vn("2024-02-15", 10, 0), func() {
			xs, err := db.ListExtensions(office, task.ID)
			if err != nil || len(xs) != 1 {
				t.Fatalf("extensions %v, %v", xs, err)
			}
			if _, err := db.DecideExtension(office, xs[0].ID, xs[0].Version, dondoc.ReviewDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
		}},
		{vn("2024-03-22", 10, 0), func() {
			esc, err = db.RaiseEscalation(officer, dondoc.EscalationInput{TaskID: &task.ID, FromUnitID: p.DistrictA.ID, ToUnitID: p.Root.ID,
				Subject: "Thiếu vốn đối ứng", ResponseDue: "2024-03-29"})
			if err != nil {
				t.Fatal(err)
			}
		}},
		{vn("2024-05-06", 10, 0), func() {
			if _, err := db.AnswerEscalation(leader, esc.ID, esc.Version, dondoc.DirectionInput{Direction: "Sở Tài chính cân đối vốn đối ứng"}); err != nil {
				t.Fatal(err)
			}
		}},
		{vn("2024-05-13", 10, 0), func() { transition(officer, dondoc.ActionRequestCompletion) }},
		{vn("2024-05-29", 10, 0), func() { transition(office, dondoc.ActionConfirm) }},
	}

	end := vn("2025-01-01", 0, 0)
	for {
		next, day := jobs.NextScan(db, time.Now())
		for len(changes) > 0 && !changes[0].at.After(next) {
			sleepUntil(changes[0].at)
			changes[0].do()
			changes = changes[1:]
		}
		if next.After(end) {
			break
		}
		sleepUntil(next)
		if err := r.WorkScan(ctx, day); err != nil {
			t.Fatalf("scan of %s: %v", day, err)
		}
		if _, err := r.WorkDigests(ctx); err != nil {
			t.Fatalf("digests of %s: %v", day, err)
		}
	}
	if pending, err := db.PendingReminders(sqldbtest.System(), 100); err != nil || len(pending) != 0 {
		t.Errorf("reminders left pending at the end of the year: %+v, %v", pending, err)
	}

	var got []string
	for name, ctx := range people {
		for cursor := ""; ; {
			page, err := db.ListNotifications(ctx, false, cursor, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range page.Items {
				line := n.CreatedAt.In(dondoc.Location).Format("2006-01-02 15:04") + " " + name + " "
				if n.Kind != sqldb.DigestKind {
					got = append(got, line+n.Kind)
					continue
				}
				var items []string
				for _, l := range strings.Split(strings.TrimSpace(n.Body), "\n")[1:] {
					items = append(items, strings.TrimPrefix(l, "- "))
				}
				got = append(got, line+"digest: "+strings.Join(items, " | "))
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
	}
	slices.Sort(got)
	return got
}

// diffLines shows the lines only in got (+) and only in want (-).
func diffLines(got, want []string) string {
	var out []string
	for _, g := range got {
		if !slices.Contains(want, g) {
			out = append(out, "+ "+g)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			out = append(out, "- "+w)
		}
	}
	if len(out) == 0 {
		return "the same lines in another order"
	}
	return strings.Join(out, "\n")
}

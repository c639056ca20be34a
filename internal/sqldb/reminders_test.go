package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/calendar"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// useCalendar wires the calendar into db as the command does.
func useCalendar(t testing.TB, db *sqldb.DB) {
	t.Helper()
	cal, err := calendar.New(calendar.KnownPlans()...)
	if err != nil {
		t.Fatal(err)
	}
	db.WorkingDays, db.IsWorkingDay = cal.AddWorkingDays, cal.IsWorkingDay
	db.Obligations = func(recurrence string, day int, from, to dondoc.Date) ([]dondoc.Obligation, error) {
		occ, err := calendar.Occurrences(recurrence, day, from, to)
		if err != nil {
			return nil, err
		}
		out := make([]dondoc.Obligation, len(occ))
		for i, o := range occ {
			out[i] = dondoc.Obligation{Period: o.Period.Key, Start: o.Period.Start, End: o.Period.End, Due: cal.WorkingDayOnOrAfter(o.Due)}
		}
		return out, nil
	}
}

// people creates one user per name with one grant each and returns their ids.
func people(t *testing.T, db *sqldb.DB, grants map[string]dondoc.Grant) map[string]int64 {
	t.Helper()
	names := make([]string, 0, len(grants))
	for n := range grants {
		names = append(names, n)
	}
	sort.Strings(names)
	ids := map[string]int64{}
	for _, n := range names {
		u, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: n, DisplayName: n, Grants: []dondoc.Grant{grants[n]}}, "x")
		if err != nil {
			t.Fatal(err)
		}
		ids[n] = u.ID
	}
	return ids
}

// plannedLines renders what a scan plans as "username kind step on title", sorted.
func plannedLines(t *testing.T, db *sqldb.DB, day dondoc.Date) []string {
	t.Helper()
	var out []string
	err := db.PlanReminders(sqldbtest.System(), day, func(b []sqldb.PlannedReminder) error {
		for _, p := range b {
			out = append(out, fmt.Sprintf("%s %s %d %s %s%s", p.Username, p.Kind, p.Step, p.On, p.Title, p.Period))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestWorkingDayDeadlines(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		useCalendar(t, db)
		fixNow(db, "2026-04-24")
		p := sqldbtest.NewProvince(t, db)
		// Received on Friday 24 April 2026: Monday 27 April (for Giỗ Tổ Hùng Vương on Sunday 26),
		// 30 April and 1 May are days off, so five working days run to Wednesday 6 May, where
		// counting weekends alone gives Friday 1 May.
		task, err := db.CreateTask(sqldbtest.System(), dondoc.TaskInput{Title: "Báo cáo nhanh", LeadUnitID: p.DistrictA.ID,
			AssignerUnitID: p.Office.ID, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineWorkingDays, WorkingDays: 5}})
		if err != nil {
			t.Fatal(err)
		}
		if task.DueOn != "2026-05-06" {
			t.Fatalf("due on %s, want 2026-05-06", task.DueOn)
		}
		in := dondoc.TaskInput{Title: task.Title, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineWorkingDays, WorkingDays: 3}}
		task, err = db.UpdateTask(sqldbtest.System(), task.ID, task.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		if task.DueOn != "2026-05-04" {
			t.Fatalf("after update due on %s, want 2026-05-04", task.DueOn)
		}
		db.WorkingDays = nil
		task, err = db.UpdateTask(sqldbtest.System(), task.ID, task.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		if task.DueOn != "2026-04-29" {
			t.Fatalf("weekends only: due on %s, want 2026-04-29", task.DueOn)
		}
	})
}

func TestNextObligations(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		useCalendar(t, db)
		fixNow(db, "2026-01-05")
		p := sqldbtest.NewProvince(t, db)
		ids := people(t, db, map[string]dondoc.Grant{"officer": {Role: dondoc.RoleUnitOfficer, UnitID: p.DistrictA.ID}})
		rec, err := db.CreateTask(sqldbtest.System(), dondoc.TaskInput{Title: "Báo cáo tháng", LeadUnitID: p.DistrictA.ID, Assign: true,
			AssignerUnitID: p.Office.ID, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineRecurring, Recurrence: "monthly", DayOfPeriod: 20}})
		if err != nil {
			t.Fatal(err)
		}
		sqldbtest.Task(t, db, p.Office, p.DistrictA, "Việc có hạn", "2026-03-01")
		fixNow(db, "2026-03-02")
		list, err := db.NextObligations(sqldbtest.System(), 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		// The January report (period to 14 January, due Tuesday 20 January) is owed first.
		if len(list) != 1 || list[0].TaskID != rec.ID || list[0].Obligation.Period != "2026-01" || list[0].Obligation.Due != "2026-01-20" {
			t.Fatalf("next obligations = %+v", list)
		}
		percent := 50
		officer := sqldbtest.As(ids["officer"], dondoc.RoleUnitOfficer, p.DistrictA)
		if _, err := db.SubmitReport(officer, rec.ID, dondoc.ReportInput{Period: "2026-01", Text: "Đã làm", Percent: &percent}); err != nil {
			t.Fatal(err)
		}
		list, err = db.NextObligations(sqldbtest.System(), 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		// February's report falls due on 20 February 2026, inside the Tết break, so on Monday 23.
		if len(list) != 1 || list[0].Obligation.Period != "2026-02" || list[0].Obligation.Due != "2026-02-23" {
			t.Fatalf("after the January report: %+v", list)
		}
		if list, err := db.NextObligations(sqldbtest.As(99, dondoc.RoleUnitOfficer, p.DistrictB), 0, 50); err != nil || len(list) != 0 {
			t.Errorf("another district sees %+v, %v", list, err)
		}
		if list, err := db.NextObligations(sqldbtest.System(), rec.ID, 50); err != nil || len(list) != 0 {
			t.Errorf("after the last id: %+v, %v", list, err)
		}
	})
}

func TestScan(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		useCalendar(t, db)
		fixNow(db, "2026-09-01")
		p := sqldbtest.NewProvince(t, db)
		ids := people(t, db, map[string]dondoc.Grant{
			"officer":  {Role: dondoc.RoleUnitOfficer, UnitID: p.DistrictA.ID},
			"head":     {Role: dondoc.RoleUnitHead, UnitID: p.DistrictA.ID},
			"office":   {Role: dondoc.RoleOffice, UnitID: p.Root.ID},
			"leader":   {Role: dondoc.RoleLeader, UnitID: p.Root.ID},
			"commune":  {Role: dondoc.RoleUnitOfficer, UnitID: p.CommuneA.ID},
			"officerB": {Role: dondoc.RoleUnitOfficer, UnitID: p.DistrictB.ID},
			"headB":    {Role: dondoc.RoleUnitHead, UnitID: p.DistrictB.ID},
		})
		sys := sqldbtest.System()
		// Friday 27 November 2026 is the scan day.
		sqldbtest.Task(t, db, p.Office, p.DistrictA, "Sắp đến hạn", "2026-11-30")
		sqldbtest.Task(t, db, p.Office, p.DistrictA, "Quá hạn ba tuần", "2026-11-06")
		sqldbtest.Task(t, db, p.Office, p.DistrictA, "Quá hạn một tháng", "2026-10-28")
		sqldbtest.Task(t, db, p.Office, p.DistrictA, "Quá hạn lệch ngày", "2026-11-25")
		sqldbtest.Task(t, db, p.Office, p.DistrictA, "Còn xa", "2026-12-31")
		sqldbtest.Task(t, db, p.Office, p.DistrictA, "Quá hạn từ thứ ba", "2026-11-24")
		// A draft is not running: it is never chased, though a week past its date.
		if _, err := db.CreateTask(sys, dondoc.TaskInput{Title: "Bản nháp", LeadUnitID: p.DistrictA.ID, AssignerUnitID: p.Office.ID,
			Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2026-11-20"}}); err != nil {
			t.Fatal(err)
		}
		waiting := sqldbtest.Task(t, db, p.Office, p.DistrictB, "Chờ xác nhận", "2026-12-31")
		officerB := sqldbtest.As(ids["officerB"], dondoc.RoleUnitOfficer, p.DistrictB)
		fixNow(db, "2026-11-20")
		if _, err := db.Transition(officerB, waiting.ID, waiting.Version, dondoc.TransitionInput{Action: dondoc.ActionRequestCompletion}); err != nil {
			t.Fatal(err)
		}
		ext := sqldbtest.Task(t, db, p.Office, p.DistrictB, "Xin gia hạn", "2026-12-31")
		if _, err := db.RequestExtension(officerB, ext.ID, dondoc.ExtensionInput{Proposed: "2027-02-01", Reason: "Thiếu vốn"}); err != nil {
			t.Fatal(err)
		}
		headB := sqldbtest.As(ids["headB"], dondoc.RoleUnitHead, p.DistrictB)
		fixNow(db, "2026-10-01")
		if _, err := db.RaiseEscalation(headB, dondoc.EscalationInput{TaskID: &ext.ID, FromUnitID: p.DistrictB.ID, ToUnitID: p.Root.ID,
			Subject: "Đề nghị bổ sung vốn", ResponseDue: "2026-10-28"}); err != nil {
			t.Fatal(err)
		}
		fixNow(db, "2026-11-27")

		want := []string{
			"head task 21 2026-11-27 Quá hạn ba tuần",
			"head task 30 2026-11-27 Quá hạn một tháng",
			"leader escalation 30 2026-11-27 Đề nghị bổ sung vốn",
			"leader task 30 2026-11-27 Quá hạn một tháng",
			"office extension 7 2026-11-27 Xin gia hạn",
			"office task 30 2026-11-27 Quá hạn một tháng",
			"officer task -1 2026-11-29 Sắp đến hạn",
			"officer task -3 2026-11-27 Sắp đến hạn",
			"officer task 21 2026-11-27 Quá hạn ba tuần",
			"officer task 30 2026-11-27 Quá hạn một tháng",
			"office confirmation 7 2026-11-27 Chờ xác nhận",
			"office escalation 30 2026-11-27 Đề nghị bổ sung vốn",
		}
		sort.Strings(want)
		if got := plannedLines(t, db, "2026-11-27"); !slices.Equal(got, want) {
			t.Fatalf("planned on Friday:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		res, err := db.Scan(sys, "2026-11-27")
		if err != nil || res.Planned != len(want) || res.Written != len(want) {
			t.Fatalf("Scan = %+v, %v; want %d written", res, err, len(want))
		}
		if res, err := db.Scan(sys, "2026-11-27"); err != nil || res.Written != 0 || res.Planned != len(want) {
			t.Fatalf("second scan = %+v, %v; want nothing written", res, err)
		}
		// Saturday is a day off: nothing; Monday catches up the overdue steps of the weekend.
		if got := plannedLines(t, db, "2026-11-28"); len(got) != 0 {
			t.Fatalf("planned on Saturday: %v", got)
		}
		if got := plannedLines(t, db, "2026-11-30"); slices.Contains(got, "officer task 7 2026-12-02 Quá hạn lệch ngày") ||
			!slices.Contains(got, "officer task 0 2026-11-30 Sắp đến hạn") {
			t.Fatalf("planned on Monday: %v", got)
		}
		// With no scan recorded since Friday, Wednesday's scan catches up Tuesday's overdue step.
		if got := plannedLines(t, db, "2026-12-02"); !slices.Contains(got, "head task 7 2026-12-02 Quá hạn lệch ngày") ||
			!slices.Contains(got, "officer task 7 2026-12-01 Quá hạn từ thứ ba") {
			t.Fatalf("planned on Wednesday: %v", got)
		}

		pending, err := db.PendingReminders(sys, 100)
		if err != nil || len(pending) != len(want) {
			t.Fatalf("pending = %d, %v", len(pending), err)
		}
		d, err := db.Digest(sys, ids["officer"], "2026-11-27")
		if err != nil {
			t.Fatal(err)
		}
		wantBody := "Nhắc việc ngày 27/11/2026: 2 nhiệm vụ quá hạn, 1 nhiệm vụ sắp đến hạn.\n" +
			"- Quá hạn một tháng [quá hạn 30 ngày, hạn 28/10/2026]\n" +
			"- Quá hạn ba tuần [quá hạn 21 ngày, hạn 06/11/2026]\n" +
			"- Sắp đến hạn [còn 1 ngày, hạn 30/11/2026]\n"
		if d.Body != wantBody || len(d.ReminderIDs) != 4 {
			t.Fatalf("digest:\n%s\nwant:\n%s(ids %v)", d.Body, wantBody, d.ReminderIDs)
		}
		n, err := db.MarkSent(sys, d.ReminderIDs)
		if err != nil || n != 4 {
			t.Fatalf("MarkSent = %d, %v", n, err)
		}
		if n, err := db.MarkSent(sys, d.ReminderIDs); err != nil || n != 0 {
			t.Fatalf("second MarkSent = %d, %v", n, err)
		}
		pending, err = db.PendingReminders(sys, 100)
		if err != nil || len(pending) != len(want)-4 {
			t.Fatalf("pending after sending = %d, %v", len(pending), err)
		}
		for _, r := range pending {
			if r.RecipientID == ids["officer"] || r.SentAt != nil {
				t.Errorf("sent reminder still pending: %+v", r)
			}
		}
		if d, err := db.Digest(sys, ids["officer"], "2026-11-27"); err != nil || len(d.ReminderIDs) != 0 {
			t.Errorf("digest after sending = %+v, %v", d, err)
		}

		officer := sqldbtest.As(ids["officer"], dondoc.RoleUnitOfficer, p.DistrictA)
		if _, err := db.Scan(officer, "2026-11-27"); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("an officer ran the scan: %v", err)
		}
		if _, err := db.PendingReminders(officer, 10); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("an officer read the queue: %v", err)
		}
		if _, err := db.Scan(sys, "2026-13-01"); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Errorf("bad date: %v", err)
		}
		// Once Tuesday is scanned, Wednesday no longer carries Tuesday's step.
		if res, err := db.Scan(sys, "2026-12-01"); err != nil || res.Written == 0 {
			t.Fatalf("Tuesday's scan = %+v, %v", res, err)
		}
		if got := plannedLines(t, db, "2026-12-02"); slices.Contains(got, "officer task 7 2026-12-01 Quá hạn từ thứ ba") {
			t.Errorf("Wednesday repeats Tuesday: %v", got)
		}
	})
}

func TestScanRecurringReports(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		useCalendar(t, db)
		fixNow(db, "2026-01-05")
		p := sqldbtest.NewProvince(t, db)
		people(t, db, map[string]dondoc.Grant{"officer": {Role: dondoc.RoleUnitOfficer, UnitID: p.DistrictA.ID}})
		if _, err := db.CreateTask(sqldbtest.System(), dondoc.TaskInput{Title: "Báo cáo tháng", LeadUnitID: p.DistrictA.ID, Assign: true,
			AssignerUnitID: p.Office.ID, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineRecurring, Recurrence: "monthly", DayOfPeriod: 20}}); err != nil {
			t.Fatal(err)
		}
		// 17 January 2026 is a Saturday, so Friday 16 January carries the step three days before.
		if got := plannedLines(t, db, "2026-01-16"); !slices.Equal(got, []string{"officer report -3 2026-01-17 Báo cáo tháng2026-01"}) {
			t.Fatalf("planned: %v", got)
		}
		if got := plannedLines(t, db, "2026-01-27"); !slices.Equal(got, []string{"officer report 7 2026-01-27 Báo cáo tháng2026-01"}) {
			t.Fatalf("planned a week late: %v", got)
		}
	})
}

func TestReminderLadderSetting(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		s, err := db.ReminderLadder(office)
		if err != nil || s.Version != 1 || !slices.Equal(s.BeforeDays, []int{3, 1}) || s.OverdueEveryDays != 7 {
			t.Fatalf("default ladder = %+v, %v", s, err)
		}
		l := dondoc.Ladder{BeforeDays: []int{5, 2}, OverdueEveryDays: 3, HeadAfterDays: 6, AssignerAfterDays: 12}
		if _, err := db.SetReminderLadder(office, 2, l); !dondoc.IsCode(err, dondoc.EStale) {
			t.Fatalf("set over a version never read: %v", err)
		}
		s, err = db.SetReminderLadder(office, 1, l)
		if err != nil || s.Version != 2 || !slices.Equal(s.BeforeDays, []int{5, 2}) || s.OnDay {
			t.Fatalf("set = %+v, %v", s, err)
		}
		if _, err := db.SetReminderLadder(office, 1, l); !dondoc.IsCode(err, dondoc.EStale) {
			t.Fatalf("stale set: %v", err)
		}
		bad := l
		bad.BeforeDays = []int{2, 5}
		if _, err := db.SetReminderLadder(office, 2, bad); !dondoc.IsCode(err, dondoc.EInvalid) || err.(*dondoc.Error).Field != "before_days[1]" {
			t.Fatalf("bad ladder: %v", err)
		}
		l.BeforeDays = nil
		s, err = db.SetReminderLadder(office, 2, l)
		if err != nil || s.Version != 3 || s.BeforeDays == nil || len(s.BeforeDays) != 0 {
			t.Fatalf("no steps before = %+v, %v", s, err)
		}
		officer := sqldbtest.As(2, dondoc.RoleUnitOfficer, p.DistrictA)
		if _, err := db.ReminderLadder(officer); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("an officer read the ladder: %v", err)
		}
		if _, err := db.SetReminderLadder(officer, 3, l); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("an officer set the ladder: %v", err)
		}
		if _, err := db.ReminderLadder(context.Background()); !dondoc.IsCode(err, dondoc.EUnauthorized) {
			t.Errorf("anonymous read: %v", err)
		}
	})
}

// BenchmarkScan times the daily scan over DONDOC_BENCH_TASKS open tasks (default 100,000) on
// SQLite, seeded with raw SQL, each iteration scanning the next working day so that every scan
// writes its day's reminders. It reports the peak heap, which must stay flat as tasks grow:
//
//	DONDOC_BENCH_TASKS=100000 go test ./internal/sqldb -run '^$' -bench Scan -benchtime 5x
func BenchmarkScan(b *testing.B) {
	n := 100_000
	if s := os.Getenv("DONDOC_BENCH_TASKS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	ctx := context.Background()
	dir := b.TempDir()
	db, err := sqldb.Open(ctx, "", dir)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	useCalendar(b, db)
	p := sqldbtest.NewProvince(b, db)
	var leads []*dondoc.Unit
	for i := range 40 {
		parent := p.DistrictA
		if i%2 == 1 {
			parent = p.DistrictB
		}
		leads = append(leads, sqldbtest.Unit(b, db, parent, dondoc.KindCommune, "Xã "+strconv.Itoa(i)))
	}
	grant := func(name string, role dondoc.Role, unit int64) {
		if _, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: name, DisplayName: name,
			Grants: []dondoc.Grant{{Role: role, UnitID: unit}}}, "x"); err != nil {
			b.Fatal(err)
		}
	}
	grant("office", dondoc.RoleOffice, p.Root.ID)
	grant("leader", dondoc.RoleLeader, p.Root.ID)
	for i, u := range leads {
		grant("officer"+strconv.Itoa(i), dondoc.RoleUnitOfficer, u.ID)
		grant("head"+strconv.Itoa(i), dondoc.RoleUnitHead, u.ID)
	}
	if err := seedOpenTasks(ctx, filepath.Join(dir, "dondoc.db"), n, leads, p.Office.ID); err != nil {
		b.Fatal(err)
	}
	sys := sqldbtest.System()
	day := dondoc.Date("2026-11-26")
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	})
	runtime.GC()
	written := 0
	b.ResetTimer()
	for b.Loop() {
		for !db.IsWorkingDay(day) {
			day = day.AddDays(1)
		}
		res, err := db.Scan(sys, day)
		if err != nil {
			b.Fatal(err)
		}
		written += res.Written
		day = day.AddDays(1)
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(written)/float64(b.N), "reminders/scan")
	b.ReportMetric(float64(peak.Load())/(1<<20), "MB-heap-peak")
}

// seedOpenTasks inserts n open tasks with raw SQL in large transactions, due within a year either
// side of the benchmark's days, a tenth of them waiting for confirmation.
func seedOpenTasks(ctx context.Context, path string, n int, leads []*dondoc.Unit, assigner int64) error {
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)")
	if err != nil {
		return err
	}
	defer raw.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now().UTC()
	base := dondoc.Date("2026-11-26")
	for done := 0; done < n; {
		tx, err := raw.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		m := min(5000, n-done)
		for i := range m {
			status := "in_progress"
			if (done+i)%10 == 0 {
				status = "completion_requested"
			}
			due := base.AddDays(rng.IntN(730) - 365)
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO tasks (title, lead_unit_id, assigner_unit_id, deadline, due_on, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, "Nhiệm vụ "+strconv.Itoa(done+i), leads[rng.IntN(len(leads))].ID, assigner,
				`{"kind":"date","date":"`+string(due)+`"}`, string(due), status, now, now).Scan(&id); err != nil {
				tx.Rollback()
				return err
			}
			if status == "completion_requested" {
				at := base.AddDays(-rng.IntN(60)).Time()
				if _, err := tx.ExecContext(ctx, `INSERT INTO task_events (task_id, kind, actor, at) VALUES (?, 'request_completion', 'seed', ?)`, id, at); err != nil {
					tx.Rollback()
					return err
				}
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		done += m
	}
	_, err = raw.ExecContext(ctx, "ANALYZE; DELETE FROM sqlite_stat4")
	return err
}

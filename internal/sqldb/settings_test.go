package sqldb_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
	// The zones of the tests load on machines without system tzdata, as in the command.
	_ "time/tzdata"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// at returns a fixed clock at the given day and hour in Viet Nam.
func at(day dondoc.Date, hour int) func() time.Time {
	t := day.Time()
	return func() time.Time { return time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, dondoc.Location) }
}

// invalidField asserts err is an invalid-input error naming field.
func invalidField(t *testing.T, what string, err error, field string) {
	t.Helper()
	var de *dondoc.Error
	if !errors.As(err, &de) || de.Code != dondoc.EInvalid || de.Field != field {
		t.Errorf("%s: error = %v, want invalid %s", what, err, field)
	}
}

func TestFollowUpSettingsStore(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		db.Now = at("2025-03-03", 10)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		s, err := db.FollowUpSettings(office)
		if err != nil || s.Version != 1 || s.FollowUp != dondoc.DefaultFollowUp() {
			t.Fatalf("default = %+v, %v", s, err)
		}
		task := sqldbtest.Task(t, db, p.Root, p.DistrictA, "Báo cáo", "2025-03-08")
		got, err := db.GetTask(sqldbtest.System(), task.ID)
		if err != nil || got.Timing.DueSoon {
			t.Fatalf("due in five days shows due soon with three days' notice: %+v, %v", got.Timing, err)
		}

		f := dondoc.DefaultFollowUp()
		f.Timezone = "Mars/Olympus"
		_, err = db.SetFollowUpSettings(office, 1, f)
		invalidField(t, "unknown zone", err, "timezone")
		f = dondoc.DefaultFollowUp()
		f.DigestHour = 22
		_, err = db.SetFollowUpSettings(office, 1, f)
		invalidField(t, "digest in quiet hours", err, "digest_hour")
		if s, err := db.FollowUpSettings(office); err != nil || s.Version != 1 {
			t.Fatalf("a refused setting changed the store: %+v, %v", s, err)
		}

		f = dondoc.FollowUp{Timezone: "Asia/Bangkok", DueSoonDays: 5, QuietStart: "22:00", QuietEnd: "06:00", DigestHour: 6}
		if _, err := db.SetFollowUpSettings(office, 2, f); !dondoc.IsCode(err, dondoc.EStale) {
			t.Fatalf("set over a version never read: %v", err)
		}
		s, err = db.SetFollowUpSettings(office, 1, f)
		if err != nil || s.Version != 2 || s.FollowUp != f {
			t.Fatalf("set = %+v, %v", s, err)
		}
		if db.FollowUpInForce() != f {
			t.Errorf("in force = %+v, want %+v", db.FollowUpInForce(), f)
		}
		if got, err := db.GetTask(sqldbtest.System(), task.ID); err != nil || !got.Timing.DueSoon {
			t.Errorf("due in five days with five days' notice: %+v, %v", got.Timing, err)
		}
		if _, err := db.SetFollowUpSettings(office, 1, f); !dondoc.IsCode(err, dondoc.EStale) {
			t.Errorf("stale set: %v", err)
		}

		audit, err := db.ListAudit(sqldbtest.System(), "setting", 0, "", 10)
		if err != nil || len(audit.Items) != 1 || audit.Items[0].Action != "setting.update" ||
			!strings.Contains(audit.Items[0].After, `"follow-up"`) || !strings.Contains(audit.Items[0].After, "Asia/Bangkok") {
			t.Errorf("audit = %+v, %v", audit, err)
		}

		officer := sqldbtest.As(2, dondoc.RoleUnitOfficer, p.DistrictA)
		if _, err := db.FollowUpSettings(officer); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("an officer read the settings: %v", err)
		}
		if _, err := db.SetFollowUpSettings(officer, 2, f); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("an officer set the settings: %v", err)
		}
		if _, err := db.FollowUpSettings(context.Background()); !dondoc.IsCode(err, dondoc.EUnauthorized) {
			t.Errorf("anonymous read: %v", err)
		}
	})
}

func TestCalendarPlanStore(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		db.UseWorkCalendar()
		// Friday 2 January 2026: one working day later is Monday 5 January.
		db.Now = at("2026-01-02", 10)
		admin := sqldbtest.As(1, dondoc.RoleAdmin, p.Root)
		before, err := db.CreateTask(sqldbtest.System(), dondoc.TaskInput{Title: "Trong 1 ngày làm việc", LeadUnitID: p.DistrictA.ID,
			AssignerUnitID: p.Root.ID, Assign: true, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineWorkingDays, WorkingDays: 1}})
		if err != nil || before.DueOn != "2026-01-05" {
			t.Fatalf("due before the change = %+v, %v", before, err)
		}

		known, err := db.CalendarPlan(admin, 2025)
		if err != nil || known.Source != dondoc.PlanKnown || known.Version != 1 || len(known.Adjustments) != 4 {
			t.Fatalf("2025 = %+v, %v", known, err)
		}
		empty, err := db.CalendarPlan(admin, 2026)
		if err != nil || empty.Source != dondoc.PlanDefault || empty.Version != 1 || empty.Adjustments == nil || len(empty.Adjustments) != 0 {
			t.Fatalf("2026 = %+v, %v", empty, err)
		}
		_, err = db.CalendarPlan(admin, 1800)
		invalidField(t, "year 1800", err, "year")

		plan := dondoc.CalendarPlan{Year: 2026, Adjustments: []dondoc.CalendarAdjustment{
			{Date: "2026-01-05", Kind: "day_off", Note: "Nghỉ nối Tết Dương lịch"},
			{Date: "2026-01-10", Kind: "workday", Note: "Làm bù cho ngày 05/01/2026"},
		}}
		refused := []struct {
			name  string
			plan  dondoc.CalendarPlan
			field string
		}{
			{"a day of another year", dondoc.CalendarPlan{Year: 2026, Adjustments: []dondoc.CalendarAdjustment{
				{Date: "2025-12-31", Kind: "day_off"}}}, "adjustments[0].date"},
			{"the same day twice", dondoc.CalendarPlan{Year: 2026, Adjustments: []dondoc.CalendarAdjustment{
				{Date: "2026-01-05", Kind: "day_off"}, {Date: "2026-01-05", Kind: "day_off"}}}, "adjustments[1].date"},
			{"working on 30/4", dondoc.CalendarPlan{Year: 2026, Adjustments: []dondoc.CalendarAdjustment{
				{Date: "2026-04-30", Kind: "workday"}}}, "adjustments[0].date"},
			{"unknown kind", dondoc.CalendarPlan{Year: 2026, Adjustments: []dondoc.CalendarAdjustment{
				{Date: "2026-01-05", Kind: "holiday"}}}, "adjustments[0].kind"},
			{"year out of range", dondoc.CalendarPlan{Year: 3000}, "year"},
		}
		for _, tt := range refused {
			_, err := db.SetCalendarPlan(admin, 1, tt.plan)
			invalidField(t, tt.name, err, tt.field)
		}
		if s, err := db.CalendarPlan(admin, 2026); err != nil || s.Version != 1 {
			t.Fatalf("a refused plan changed the store: %+v, %v", s, err)
		}

		s, err := db.SetCalendarPlan(admin, 1, plan)
		if err != nil || s.Version != 2 || s.Source != dondoc.PlanStored || len(s.Adjustments) != 2 {
			t.Fatalf("set = %+v, %v", s, err)
		}
		// In force at once: the day off and the make-up Saturday, in checks and in deadlines.
		if db.IsWorkingDay("2026-01-05") || !db.IsWorkingDay("2026-01-10") {
			t.Error("the stored plan is not in force")
		}
		after, err := db.CreateTask(sqldbtest.System(), dondoc.TaskInput{Title: "Trong 1 ngày làm việc", LeadUnitID: p.DistrictA.ID,
			AssignerUnitID: p.Root.ID, Assign: true, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineWorkingDays, WorkingDays: 1}})
		if err != nil || after.DueOn != "2026-01-06" {
			t.Fatalf("due after the change = %+v, %v", after.DueOn, err)
		}
		days, err := db.CalendarDays(sqldbtest.As(2, dondoc.RoleViewer, p.DistrictA), "2026-01-01", "2026-01-31")
		if err != nil || len(days) != 3 || days[0].Date != "2026-01-01" || days[1].Name != "Nghỉ nối Tết Dương lịch" || days[2].Kind != dondoc.DayKindWorkday {
			t.Errorf("days of January 2026 = %+v, %v", days, err)
		}

		years, err := db.CalendarYears(admin)
		if err != nil || len(years) != 3 || years[2].Year != 2026 || years[2].Source != dondoc.PlanStored || years[2].Version != 2 ||
			years[0].Source != dondoc.PlanKnown {
			t.Errorf("years = %+v, %v", years, err)
		}
		// Storing over a shipped plan replaces it.
		if _, err := db.SetCalendarPlan(admin, 1, dondoc.CalendarPlan{Year: 2025}); err != nil {
			t.Fatal(err)
		}
		if !db.IsWorkingDay("2025-05-02") {
			t.Error("2025's shipped day off still in force after an empty plan was stored")
		}

		audit, err := db.ListAudit(admin, "setting", 0, "", 10)
		if err != nil || len(audit.Items) != 2 || !strings.Contains(audit.Items[1].After, `"calendar/2026"`) {
			t.Errorf("audit = %+v, %v", audit, err)
		}
		officer := sqldbtest.As(3, dondoc.RoleUnitOfficer, p.DistrictA)
		if _, err := db.SetCalendarPlan(officer, 2, plan); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("an officer set a plan: %v", err)
		}
		if _, err := db.CalendarYears(officer); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("an officer listed the plans: %v", err)
		}
	})
}

func TestCalendarDaysBounds(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := sqldbtest.System()
		tests := []struct {
			from, to dondoc.Date
			field    string
		}{
			{"2025-13-01", "2025-12-31", "from"},
			{"2025-01-01", "", "to"},
			{"2025-02-01", "2025-01-31", "to"},
			{"2025-01-01", "2026-02-05", "to"},
		}
		for _, tt := range tests {
			_, err := db.CalendarDays(ctx, tt.from, tt.to)
			invalidField(t, string(tt.from)+"–"+string(tt.to), err, tt.field)
		}
		// 400 days is the most one listing covers.
		if days, err := db.CalendarDays(ctx, "2025-01-01", "2026-02-04"); err != nil || len(days) == 0 {
			t.Errorf("400 days: %d days, %v", len(days), err)
		}
		if _, err := db.CalendarDays(context.Background(), "2025-01-01", "2025-01-31"); !dondoc.IsCode(err, dondoc.EUnauthorized) {
			t.Errorf("anonymous: %v", err)
		}
	})
}

// openTwice opens two handles on one fresh database, as two instances sharing it would.
func openTwice(t *testing.T, engine sqldb.Engine) (*sqldb.DB, *sqldb.DB) {
	ctx := context.Background()
	dsn, dir := "", t.TempDir()
	if engine == sqldb.Postgres {
		var drop func() error
		var err error
		dsn, drop, err = sqldbtest.NewPostgresDatabase(ctx, sqldbtest.PostgresURL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = drop() })
	} else {
		dsn = filepath.Join(dir, "shared.db")
	}
	var dbs [2]*sqldb.DB
	for i := range dbs {
		db, err := sqldb.Open(ctx, dsn, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.LoadSettings(ctx); err != nil {
			t.Fatal(err)
		}
		db.UseWorkCalendar()
		dbs[i] = db
	}
	return dbs[0], dbs[1]
}

func TestSettingsReachOtherInstances(t *testing.T) {
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			a, b := openTwice(t, engine)
			ctx := sqldbtest.System()
			if _, err := a.SetCalendarPlan(ctx, 1, dondoc.CalendarPlan{Year: 2026, Adjustments: []dondoc.CalendarAdjustment{
				{Date: "2026-01-05", Kind: "day_off"}}}); err != nil {
				t.Fatal(err)
			}
			f := dondoc.DefaultFollowUp()
			f.DueSoonDays = 9
			if _, err := a.SetFollowUpSettings(ctx, 1, f); err != nil {
				t.Fatal(err)
			}
			if a.IsWorkingDay("2026-01-05") || !b.IsWorkingDay("2026-01-05") || b.FollowUpInForce().DueSoonDays != 3 {
				t.Fatal("the change is not in force on its instance only")
			}
			if err := b.RefreshSettings(context.Background()); err != nil {
				t.Fatal(err)
			}
			if b.IsWorkingDay("2026-01-05") || b.FollowUpInForce().DueSoonDays != 9 {
				t.Fatal("RefreshSettings did not pick up the other instance's change")
			}

			// The watcher picks up the next change within its interval.
			watch, stop := context.WithCancel(context.Background())
			defer stop()
			go b.WatchSettings(watch, 20*time.Millisecond)
			if _, err := a.SetCalendarPlan(ctx, 2, dondoc.CalendarPlan{Year: 2026}); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(5 * time.Second)
			for !b.IsWorkingDay("2026-01-05") {
				if time.Now().After(deadline) {
					t.Fatal("WatchSettings did not pick up the change in 5 s")
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

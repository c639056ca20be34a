package notify_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"dondoc"
	"dondoc/internal/calendar"
	"dondoc/internal/notify"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// wireCalendar gives db the working-day calendar and the reporting periods, as the command does.
func wireCalendar(t *testing.T, db *sqldb.DB) {
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

// TestFeedWithReportCutoffs builds a commune officer's feed over a database holding a monthly and
// a quarterly reporting obligation, a dated task, an escalation and a field visit, writes it as
// iCalendar and reads it back with an independent library: each report of the window is one
// all-day event on its due day (moved off days off), named by its period in Vietnamese, with a UID
// that names the task and the period and stays the same on the next request.
func TestFeedWithReportCutoffs(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		wireCalendar(t, db)
		now := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		sys := sqldbtest.System()
		p := sqldbtest.NewProvince(t, db)
		user := func(name string, role dondoc.Role, u *dondoc.Unit) context.Context {
			created, err := db.CreateUserWithHash(sys, dondoc.UserInput{Username: name, DisplayName: "Cán bộ " + name,
				Grants: []dondoc.Grant{{Role: role, UnitID: u.ID}}}, "x")
			if err != nil {
				t.Fatal(err)
			}
			a, err := db.ActorForUser(context.Background(), created.ID)
			if err != nil {
				t.Fatal(err)
			}
			return dondoc.WithActor(context.Background(), a)
		}
		officer := user("chuyen.vien", dondoc.RoleUnitOfficer, p.CommuneA)
		recurring := func(lead *dondoc.Unit, title, recurrence string, day int) *dondoc.Task {
			task, err := db.CreateTask(sys, dondoc.TaskInput{Title: title, LeadUnitID: lead.ID, AssignerUnitID: p.Office.ID, Assign: true,
				Deadline: dondoc.Deadline{Kind: dondoc.DeadlineRecurring, Recurrence: recurrence, DayOfPeriod: day}})
			if err != nil {
				t.Fatal(err)
			}
			return task
		}
		monthly := recurring(p.CommuneA, "Báo cáo tình hình giải ngân vốn đầu tư công", "monthly", 20)
		quarterly := recurring(p.CommuneA, "Báo cáo kết quả chuyển đổi số", "quarterly", 0)
		elsewhere := recurring(p.CommuneB, "Báo cáo của xã khác", "monthly", 20)
		dated := sqldbtest.Task(t, db, p.Root, p.CommuneA, "Hoàn thành giải phóng mặt bằng", "2026-12-31")
		esc, err := db.RaiseEscalation(officer, dondoc.EscalationInput{TaskID: &dated.ID, FromUnitID: p.CommuneA.ID, ToUnitID: p.Office.ID,
			Subject: "Vướng mặt bằng 3 hộ", ResponseDue: "2026-12-10"})
		if err != nil {
			t.Fatal(err)
		}
		leader, err := db.CreatePerson(sys, dondoc.Person{FullName: "Nguyễn Văn Lãnh"})
		if err != nil {
			t.Fatal(err)
		}
		visit, err := db.RecordFieldVisit(user("lanh.dao", dondoc.RoleLeader, p.Root), dondoc.FieldVisitInput{LeaderID: leader.ID,
			Area: "Giao thông", Date: "2026-11-20", UnitIDs: []int64{p.CommuneA.ID}, Summary: "Kiểm tra tiến độ", Findings: []string{"Đẩy nhanh"}})
		if err != nil {
			t.Fatal(err)
		}

		now = time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
		percent := 60
		if _, err := db.SubmitReport(officer, monthly.ID, dondoc.ReportInput{Period: "2026-10", Text: "Đã giải ngân 60%", Percent: &percent}); err != nil {
			t.Fatal(err)
		}
		_, token, err := db.CreateFeed(officer, dondoc.FeedInput{})
		if err != nil {
			t.Fatal(err)
		}
		write := func() string {
			t.Helper()
			cal, err := db.FeedCalendar(context.Background(), token)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := notify.WriteCalendar(&buf, cal, "https://dondoc.example.vn", now); err != nil {
				t.Fatal(err)
			}
			return buf.String()
		}
		raw := write()
		parsed, err := ics.ParseCalendar(strings.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		type event struct{ start, summary, description string }
		events := map[string]event{}
		for _, e := range parsed.Events() {
			start, err := e.GetAllDayStartAt()
			if err != nil {
				t.Fatalf("event %s: %v", e.Id(), err)
			}
			ev := event{start: start.Format(time.DateOnly), summary: ics.FromText(e.GetProperty(ics.ComponentPropertySummary).Value)}
			if d := e.GetProperty(ics.ComponentPropertyDescription); d != nil {
				ev.description = ics.FromText(d.Value)
			}
			if _, dup := events[e.Id()]; dup {
				t.Errorf("UID %s appears twice", e.Id())
			}
			events[e.Id()] = ev
		}
		reports := map[string]int{}
		for uid := range events {
			if rest, ok := strings.CutPrefix(uid, "report-"); ok {
				reports[strings.SplitN(rest, "-", 2)[0]]++
			}
		}
		id := func(task *dondoc.Task) string { return itoa(task.ID) }
		// The window runs from 27 September 2026 to 31 December 2027: the monthly reports on the
		// periods of October 2026 to December 2027 (15), the quarterly ones on Q4/2026 to Q4/2027 (5).
		if reports[id(monthly)] != 15 || reports[id(quarterly)] != 5 || reports[id(elsewhere)] != 0 || len(reports) != 2 {
			t.Errorf("report events per task %v, want 15 monthly and 5 quarterly", reports)
		}
		for uid, want := range map[string]event{
			"report-" + id(monthly) + "-2026-10@dondoc": {start: "2026-10-20",
				summary:     "Báo cáo tháng 10/2026 – hạn 20/10/2026: Báo cáo tình hình giải ngân vốn đầu tư công",
				description: "Kỳ báo cáo từ 15/09/2026 đến 14/10/2026 (chốt số liệu ngày 14/10/2026). Đã nộp báo cáo.\nhttps://dondoc.example.vn/nhiem-vu/" + id(monthly)},
			// 20 December 2026 is a Sunday: the report is due on Monday 21.
			"report-" + id(monthly) + "-2026-12@dondoc": {start: "2026-12-21",
				summary:     "Báo cáo tháng 12/2026 – hạn 21/12/2026: Báo cáo tình hình giải ngân vốn đầu tư công",
				description: "Kỳ báo cáo từ 15/11/2026 đến 14/12/2026 (chốt số liệu ngày 14/12/2026). Chưa nộp báo cáo.\nhttps://dondoc.example.vn/nhiem-vu/" + id(monthly)},
			"report-" + id(quarterly) + "-2026-Q4@dondoc": {start: "2026-12-14",
				summary:     "Báo cáo quý IV/2026 – hạn 14/12/2026: Báo cáo kết quả chuyển đổi số",
				description: "Kỳ báo cáo từ 15/09/2026 đến 14/12/2026 (chốt số liệu ngày 14/12/2026). Chưa nộp báo cáo.\nhttps://dondoc.example.vn/nhiem-vu/" + id(quarterly)},
			// The cut-off of the first quarter of 2027, Sunday 14 March, falls due on Monday 15.
			"report-" + id(quarterly) + "-2027-Q1@dondoc": {start: "2027-03-15",
				summary:     "Báo cáo quý I/2027 – hạn 15/03/2027: Báo cáo kết quả chuyển đổi số",
				description: "Kỳ báo cáo từ 15/12/2026 đến 14/03/2027 (chốt số liệu ngày 14/03/2027). Chưa nộp báo cáo.\nhttps://dondoc.example.vn/nhiem-vu/" + id(quarterly)},
			"task-" + id(dated) + "@dondoc": {start: "2026-12-31", summary: "Hoàn thành giải phóng mặt bằng",
				description: "Hạn hoàn thành nhiệm vụ. Trạng thái: " + dondoc.StatusLabelVI[dated.Status] + "\nhttps://dondoc.example.vn/nhiem-vu/" + id(dated)},
			"escalation-" + itoa(esc.ID) + "@dondoc": {start: "2026-12-10", summary: "Hạn trả lời kiến nghị: Vướng mặt bằng 3 hộ",
				description: "Trạng thái: chờ trả lời\nhttps://dondoc.example.vn/nhiem-vu/" + id(dated)},
			"visit-" + itoa(visit.ID) + "@dondoc": {start: "2026-11-20", summary: "Đi cơ sở: Nguyễn Văn Lãnh (Giao thông)", description: "Kiểm tra tiến độ"},
		} {
			if got, ok := events[uid]; !ok || got != want {
				t.Errorf("%s:\n got %+v\nwant %+v", uid, got, want)
			}
		}
		if _, ok := events["report-"+id(monthly)+"-2026-09@dondoc"]; ok {
			t.Error("a report due before the window is in the feed")
		}
		if _, ok := events["report-"+id(monthly)+"-2028-01@dondoc"]; ok {
			t.Error("a report due after the window is in the feed")
		}
		if again := write(); again != raw {
			t.Error("the same feed at the same time reads differently on a second request")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

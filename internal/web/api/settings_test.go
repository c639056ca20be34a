package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	// The zones of the tests load on machines without system tzdata, as in the command.
	_ "time/tzdata"

	"dondoc"
	"dondoc/internal/web/api"
)

// runSettingsAPI runs fn against an API that serves the settings, on every engine, with the
// calendar in force wired in as the command wires it.
func runSettingsAPI(t *testing.T, fn func(t *testing.T, e *env)) {
	runAPI(t, func(t *testing.T, e *env) {
		e.db.UseWorkCalendar()
		e.srv.Close()
		e.srv = httptest.NewServer(api.New(api.Services{Accounts: e.db, Settings: e.db}))
		t.Cleanup(e.srv.Close)
		fn(t, e)
	})
}

func TestFollowUpSettingsAPI(t *testing.T) {
	runSettingsAPI(t, func(t *testing.T, e *env) {
		const path = "/api/v1/settings/follow-up"
		res := e.do("office", "GET", path, nil)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("GET: %d %s %s", res.Status, res.Header.Get("ETag"), res.Body)
		}
		var got dondoc.FollowUpSetting
		res.JSON(t, &got)
		if got.FollowUp != dondoc.DefaultFollowUp() {
			t.Fatalf("default = %+v", got)
		}
		good := map[string]any{"timezone": "Asia/Bangkok", "due_soon_days": 5, "quiet_start": "22:00", "quiet_end": "06:30",
			"digest_hour": 8, "version": 1}
		with := func(k string, v any) map[string]any {
			m := map[string]any{}
			for k, v := range good {
				m[k] = v
			}
			m[k] = v
			return m
		}
		v1 := []string{"If-Match", `"v1"`}
		tests := []struct {
			name   string
			who    string
			body   any
			header []string
			status int
			field  string
		}{
			{"no If-Match", "office", good, nil, http.StatusPreconditionRequired, "If-Match"},
			{"unknown zone", "office", with("timezone", "Asia/Hanoi"), v1, http.StatusBadRequest, "timezone"},
			{"notice too long", "office", with("due_soon_days", 31), v1, http.StatusBadRequest, "due_soon_days"},
			{"quiet start malformed", "office", with("quiet_start", "22h"), v1, http.StatusBadRequest, "quiet_start"},
			{"quiet end malformed", "office", with("quiet_end", "6:30"), v1, http.StatusBadRequest, "quiet_end"},
			{"digest hour out of range", "office", with("digest_hour", 24), v1, http.StatusBadRequest, "digest_hour"},
			{"digest in quiet hours", "office", with("digest_hour", 23), v1, http.StatusBadRequest, "digest_hour"},
			{"unknown field", "office", with("quiet", true), v1, http.StatusBadRequest, "quiet"},
			{"officer", "officerA", good, v1, http.StatusForbidden, ""},
			{"anonymous", "", good, v1, http.StatusUnauthorized, ""},
			{"stale", "admin", good, []string{"If-Match", `"v4"`}, http.StatusPreconditionFailed, ""},
		}
		for _, tt := range tests {
			res := e.do(tt.who, "PUT", path, tt.body, tt.header...)
			if res.Status != tt.status || res.Problem(t).Field != tt.field {
				t.Errorf("%s: %d %s, want %d field %q", tt.name, res.Status, res.Body, tt.status, tt.field)
			}
		}
		res = e.do("admin", "PUT", path, good, v1...)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("PUT: %d %s", res.Status, res.Body)
		}
		res.JSON(t, &got)
		if got.Timezone != "Asia/Bangkok" || got.DueSoonDays != 5 || got.QuietEnd != "06:30" || got.DigestHour != 8 || got.Version != 2 {
			t.Fatalf("stored = %+v", got)
		}
		if e.db.FollowUpInForce().DueSoonDays != 5 {
			t.Error("the stored settings are not in force")
		}
		if res := e.do("office", "GET", path, nil); res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` {
			t.Errorf("GET after PUT: %d %s", res.Status, res.Body)
		}
		for _, who := range []string{"viewer", "leader", "officerA"} {
			if res := e.do(who, "GET", path, nil); res.Status != http.StatusNotFound {
				t.Errorf("%s GET: %d %s", who, res.Status, res.Body)
			}
		}
	})
}

func TestCalendarSettingsAPI(t *testing.T) {
	runSettingsAPI(t, func(t *testing.T, e *env) {
		res := e.do("office", "GET", "/api/v1/settings/calendar", nil)
		var years struct{ Items []dondoc.CalendarYear }
		res.JSON(t, &years)
		if res.Status != http.StatusOK || len(years.Items) != 2 || years.Items[0].Year != 2024 || years.Items[1].Source != "known" {
			t.Fatalf("GET years: %d %s", res.Status, res.Body)
		}
		res = e.do("office", "GET", "/api/v1/settings/calendar/2025", nil)
		var plan dondoc.CalendarPlanSetting
		res.JSON(t, &plan)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v1"` || plan.Source != "known" || len(plan.Adjustments) != 4 {
			t.Fatalf("GET 2025: %d %s", res.Status, res.Body)
		}

		const path = "/api/v1/settings/calendar/2026"
		good := map[string]any{"year": 2026, "adjustments": []map[string]any{
			{"date": "2026-01-05", "kind": "day_off", "note": "Nghỉ nối Tết Dương lịch"},
			{"date": "2026-01-10", "kind": "workday", "note": "Làm bù cho ngày 05/01/2026"},
		}}
		adjust := func(days ...map[string]any) map[string]any { return map[string]any{"adjustments": days} }
		v1 := []string{"If-Match", `"v1"`}
		tests := []struct {
			name   string
			who    string
			path   string
			body   any
			header []string
			status int
			field  string
		}{
			{"no If-Match", "office", path, good, nil, http.StatusPreconditionRequired, "If-Match"},
			{"year of the body differs", "office", path, map[string]any{"year": 2025, "adjustments": []any{}}, v1, http.StatusBadRequest, "year"},
			{"day of another year", "office", path, adjust(map[string]any{"date": "2027-01-04", "kind": "day_off"}), v1, http.StatusBadRequest, "adjustments[0].date"},
			{"same day twice", "office", path, adjust(map[string]any{"date": "2026-01-05", "kind": "day_off"},
				map[string]any{"date": "2026-01-05", "kind": "workday"}), v1, http.StatusBadRequest, "adjustments[1].date"},
			{"day off on a holiday", "office", path, adjust(map[string]any{"date": "2026-09-02", "kind": "day_off"}), v1, http.StatusBadRequest, "adjustments[0].date"},
			{"malformed date", "office", path, adjust(map[string]any{"date": "05/01/2026", "kind": "day_off"}), v1, http.StatusBadRequest, "adjustments[0].date"},
			{"unknown kind", "office", path, adjust(map[string]any{"date": "2026-01-05", "kind": "le"}), v1, http.StatusBadRequest, "adjustments[0].kind"},
			{"unknown field", "office", path, map[string]any{"adjustment": []any{}}, v1, http.StatusBadRequest, "adjustment"},
			{"year out of range", "office", "/api/v1/settings/calendar/1800", map[string]any{"adjustments": []any{}}, v1, http.StatusBadRequest, "year"},
			{"year not a number", "office", "/api/v1/settings/calendar/abc", good, v1, http.StatusNotFound, ""},
			{"officer", "officerA", path, good, v1, http.StatusForbidden, ""},
			{"anonymous", "", path, good, v1, http.StatusUnauthorized, ""},
			{"stale", "admin", path, good, []string{"If-Match", `"v2"`}, http.StatusPreconditionFailed, ""},
		}
		for _, tt := range tests {
			res := e.do(tt.who, "PUT", tt.path, tt.body, tt.header...)
			if res.Status != tt.status || res.Problem(t).Field != tt.field {
				t.Errorf("%s: %d %s, want %d field %q", tt.name, res.Status, res.Body, tt.status, tt.field)
			}
		}
		if res := e.do("office", "GET", path, nil); res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("a refused plan changed the store: %s", res.Body)
		}

		res = e.do("admin", "PUT", path, good, v1...)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("PUT: %d %s", res.Status, res.Body)
		}
		res.JSON(t, &plan)
		if plan.Source != "stored" || len(plan.Adjustments) != 2 || plan.Version != 2 {
			t.Fatalf("stored = %+v", plan)
		}
		if e.db.IsWorkingDay("2026-01-05") {
			t.Error("the stored plan is not in force")
		}

		// Anyone signed in lists the days off in force.
		res = e.do("officerA", "GET", "/api/v1/calendar?from=2026-01-01&to=2026-01-31", nil)
		var days struct{ Items []dondoc.CalendarDay }
		res.JSON(t, &days)
		if res.Status != http.StatusOK || len(days.Items) != 3 || days.Items[1].Date != "2026-01-05" || days.Items[1].Name != "Nghỉ nối Tết Dương lịch" ||
			days.Items[2].Kind != "workday" {
			t.Fatalf("GET calendar: %d %s", res.Status, res.Body)
		}
		for _, tt := range []struct{ query, field string }{
			{"to=2026-01-31", "from"},
			{"from=2026-01-01", "to"},
			{"from=2026-01-32&to=2026-02-01", "from"},
			{"from=2026-02-01&to=2026-01-01", "to"},
			{"from=2025-01-01&to=2026-12-31", "to"},
		} {
			res := e.do("officerA", "GET", "/api/v1/calendar?"+tt.query, nil)
			if res.Status != http.StatusBadRequest || res.Problem(t).Field != tt.field {
				t.Errorf("GET calendar?%s: %d %s, want 400 field %s", tt.query, res.Status, res.Body, tt.field)
			}
		}
		if res := e.do("", "GET", "/api/v1/calendar?from=2026-01-01&to=2026-01-31", nil); res.Status != http.StatusUnauthorized {
			t.Errorf("anonymous GET calendar: %d", res.Status)
		}
	})
}

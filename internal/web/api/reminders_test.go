package api_test

import (
	"net/http"
	"testing"

	"dondoc"
)

func TestReminderLadderAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		const path = "/api/v1/settings/reminder-ladder"
		res := e.do("office", "GET", path, nil)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("GET: %d %s %s", res.Status, res.Header.Get("ETag"), res.Body)
		}
		var got dondoc.LadderSetting
		res.JSON(t, &got)
		if len(got.BeforeDays) != 2 || got.BeforeDays[0] != 3 || !got.OnDay || got.OverdueEveryDays != 7 || got.AssignerAfterDays != 30 {
			t.Fatalf("default ladder = %+v", got)
		}

		ladder := map[string]any{"before_days": []int{5, 2}, "on_day": false, "overdue_every_days": 3,
			"head_after_days": 6, "assigner_after_days": 12, "version": 1}
		tests := []struct {
			name   string
			who    string
			body   any
			header []string
			status int
			field  string
		}{
			{"no If-Match", "office", ladder, nil, http.StatusPreconditionRequired, "If-Match"},
			{"later step first", "office", map[string]any{"before_days": []int{1, 3}}, []string{"If-Match", `"v1"`}, http.StatusBadRequest, "before_days[1]"},
			{"negative repeat", "office", map[string]any{"overdue_every_days": -1}, []string{"If-Match", `"v1"`}, http.StatusBadRequest, "overdue_every_days"},
			{"unknown field", "office", map[string]any{"quiet_hours": 5}, []string{"If-Match", `"v1"`}, http.StatusBadRequest, "quiet_hours"},
			{"officer", "officerA", ladder, []string{"If-Match", `"v1"`}, http.StatusForbidden, ""},
			{"anonymous", "", ladder, []string{"If-Match", `"v1"`}, http.StatusUnauthorized, ""},
			{"stale", "admin", ladder, []string{"If-Match", `"v7"`}, http.StatusPreconditionFailed, ""},
		}
		for _, tt := range tests {
			res := e.do(tt.who, "PUT", path, tt.body, tt.header...)
			if res.Status != tt.status || res.Problem(t).Field != tt.field {
				t.Errorf("%s: %d %s, want %d field %q", tt.name, res.Status, res.Body, tt.status, tt.field)
			}
		}

		res = e.do("admin", "PUT", path, ladder, "If-Match", `"v1"`)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("PUT: %d %s", res.Status, res.Body)
		}
		res.JSON(t, &got)
		if len(got.BeforeDays) != 2 || got.BeforeDays[0] != 5 || got.OnDay || got.HeadAfterDays != 6 || got.Version != 2 {
			t.Fatalf("stored ladder = %+v", got)
		}
		if res := e.do("office", "PUT", path, ladder, "If-Match", `"v1"`); res.Status != http.StatusPreconditionFailed {
			t.Errorf("PUT over an old version: %d %s", res.Status, res.Body)
		}
		res = e.do("office", "GET", path, nil)
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("GET after PUT: %d %s", res.Status, res.Body)
		}
		for _, who := range []string{"viewer", "leader", "officerA"} {
			if res := e.do(who, "GET", path, nil); res.Status != http.StatusNotFound {
				t.Errorf("%s GET: %d %s", who, res.Status, res.Body)
			}
		}
	})
}

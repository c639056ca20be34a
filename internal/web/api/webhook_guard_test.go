package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dondoc/internal/notify"
	"dondoc/internal/web/api"
)

// TestWebhookGuardRoute creates webhooks through the API wired as the server wires it, with the
// URL guard in front of the storage: a URL aimed inside the network is refused with a problem on
// the field "url" that names the address, and nothing is stored.
func TestWebhookGuardRoute(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		e.srv.Close()
		e.srv = httptest.NewServer(api.New(api.Services{Accounts: e.db,
			Webhooks: &notify.GuardedWebhooks{WebhookService: e.db, Guard: &notify.Guard{}}}))
		t.Cleanup(e.srv.Close)
		unit := e.p.DistrictA.ID
		for url, want := range map[string]string{
			"http://127.0.0.1:8080/hook":                "127.0.0.1: địa chỉ loopback",
			"http://10.0.0.5/hook":                      "10.0.0.5: địa chỉ mạng riêng",
			"http://169.254.169.254/latest/meta-data/":  "169.254.169.254: địa chỉ link-local",
			"http://[::]/hook":                          "địa chỉ không xác định",
			"https://user:pass@hscv.yendung.gov.vn/x":   "không chứa tên đăng nhập",
			"gopher://hscv.yendung.gov.vn/x":            "URL http hoặc https",
			"http://[ff02::1]:9000/hook":                "địa chỉ multicast",
			"http://192.168.1.10:8080/dondoc?chi=nhanh": "Chỉ được phép khi máy chủ dondoc chạy với --webhook-allow-private.",
		} {
			res := e.do("headA", "POST", "/api/v1/webhooks", map[string]any{"unit_id": unit, "url": url, "events": []string{"task.overdue"}})
			expectField(t, res, "url", url)
			if p := res.Problem(t); !strings.Contains(p.Detail, want) {
				t.Errorf("%s: %q, want it to say %q", url, p.Detail, want)
			}
		}
		res := e.do("headA", "GET", "/api/v1/webhooks", nil)
		expectStatus(t, res, http.StatusOK, "list webhooks")
		var l struct{ Items []any }
		res.JSON(t, &l)
		if len(l.Items) != 0 {
			t.Errorf("refused webhooks were stored: %v", l.Items)
		}
	})
}

package auth

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestBearerToken(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		want    string
		wantOK  bool
	}{
		{"absent", nil, "", false},
		{"empty", []string{""}, "", false},
		{"canonical", []string{"Bearer ddk_abc"}, "ddk_abc", true},
		{"lower-case scheme", []string{"bearer ddk_abc"}, "ddk_abc", true},
		{"upper-case scheme", []string{"BEARER ddk_abc"}, "ddk_abc", true},
		{"surrounding whitespace", []string{"  Bearer   ddk_abc \t"}, "ddk_abc", true},
		{"scheme only", []string{"Bearer"}, "", false},
		{"scheme and space", []string{"Bearer "}, "", false},
		{"basic scheme", []string{"Basic dXNlcjpwYXNz"}, "", false},
		{"scheme prefix only", []string{"Bearerddk_abc"}, "", false},
		{"extra field", []string{"Bearer ddk_abc extra"}, "", false},
		{"first header wins", []string{"Bearer first", "Bearer second"}, "first", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			for _, h := range tt.headers {
				r.Header.Add("Authorization", h)
			}
			got, ok := BearerToken(r)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("BearerToken(%q) = %q, %v; want %q, %v", tt.headers, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// responseCookie returns the single cookie set on rec, failing otherwise.
func responseCookie(t *testing.T, rec *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 {
		t.Fatalf("got %d cookies, want 1: %v", len(cookies), rec.Header().Values("Set-Cookie"))
	}
	return cookies[0]
}

// checkCommonAttributes checks the attributes that setting and clearing the
// session cookie must share for browsers to treat them as the same cookie.
func checkCommonAttributes(t *testing.T, c *http.Cookie, secure bool) {
	t.Helper()
	if c.Name != SessionCookie {
		t.Errorf("Name = %q, want %q", c.Name, SessionCookie)
	}
	if c.Path != "/" {
		t.Errorf("Path = %q, want /", c.Path)
	}
	if !c.HttpOnly {
		t.Error("HttpOnly = false, want true")
	}
	if c.SameSite != http.SameSiteLaxMode {
		t.Errorf("SameSite = %v, want Lax", c.SameSite)
	}
	if c.Secure != secure {
		t.Errorf("Secure = %v, want %v", c.Secure, secure)
	}
}

func TestSetSessionCookie(t *testing.T) {
	expires := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		secure bool
	}{
		{"https", true},
		{"plain http for development", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			SetSessionCookie(rec, "dds_secret", expires, tt.secure)
			c := responseCookie(t, rec)
			checkCommonAttributes(t, c, tt.secure)
			if c.Value != "dds_secret" {
				t.Errorf("Value = %q, want dds_secret", c.Value)
			}
			if !c.Expires.Equal(expires) {
				t.Errorf("Expires = %v, want %v", c.Expires, expires)
			}
		})
	}
}

func TestClearSessionCookie(t *testing.T) {
	tests := []struct {
		name   string
		secure bool
	}{
		{"https", true},
		{"plain http for development", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			ClearSessionCookie(rec, tt.secure)
			c := responseCookie(t, rec)
			checkCommonAttributes(t, c, tt.secure)
			if c.Value != "" {
				t.Errorf("Value = %q, want empty", c.Value)
			}
			if c.MaxAge >= 0 {
				t.Errorf("MaxAge = %d, want negative (Max-Age=0 on the wire)", c.MaxAge)
			}
			if !c.Expires.Before(time.Now()) {
				t.Errorf("Expires = %v, want in the past", c.Expires)
			}
		})
	}
}

func TestSessionFromRequest(t *testing.T) {
	tests := []struct {
		name    string
		cookies []*http.Cookie
		want    string
		wantOK  bool
	}{
		{"no cookie", nil, "", false},
		{"other cookie only", []*http.Cookie{{Name: "lang", Value: "vi"}}, "", false},
		{"empty session cookie", []*http.Cookie{{Name: SessionCookie, Value: ""}}, "", false},
		{"session cookie", []*http.Cookie{{Name: SessionCookie, Value: "dds_abc"}}, "dds_abc", true},
		{"among other cookies", []*http.Cookie{{Name: "lang", Value: "vi"}, {Name: SessionCookie, Value: "dds_abc"}}, "dds_abc", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			for _, c := range tt.cookies {
				r.AddCookie(c)
			}
			got, ok := SessionFromRequest(r)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("SessionFromRequest = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestSessionCookieRoundTrip(t *testing.T) {
	rec := httptest.NewRecorder()
	SetSessionCookie(rec, "dds_round_trip", time.Now().Add(time.Hour), true)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(responseCookie(t, rec))
	if got, ok := SessionFromRequest(r); !ok || got != "dds_round_trip" {
		t.Errorf("SessionFromRequest = %q, %v; want dds_round_trip, true", got, ok)
	}
}

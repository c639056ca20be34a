package dondoc_test

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"dondoc"
)

// rfcSecret is the SHA-1 key of RFC 6238's test vectors ("12345678901234567890") in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestTOTPCodeRFCVectors(t *testing.T) {
	for _, tt := range []struct {
		unix int64
		want string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1234567890, "005924"},
		{2000000000, "279037"},
	} {
		got, err := dondoc.TOTPCode(rfcSecret, time.Unix(tt.unix, 0))
		if err != nil || got != tt.want {
			t.Errorf("TOTPCode(%d) = %q, %v; want %q", tt.unix, got, err, tt.want)
		}
	}
}

func TestMatchTOTP(t *testing.T) {
	now := time.Unix(1234567890, 0)
	step := dondoc.TOTPStep(now)
	code := func(d time.Duration) string {
		c, err := dondoc.TOTPCode(rfcSecret, now.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tt := range []struct {
		name     string
		code     string
		lastStep int64
		want     int64
	}{
		{"current", code(0), 0, step},
		{"with spaces", code(0)[:3] + " " + code(0)[3:], 0, step},
		{"previous step", code(-dondoc.TOTPPeriod), 0, step - 1},
		{"next step", code(dondoc.TOTPPeriod), 0, step + 1},
		{"two steps old", code(-2 * dondoc.TOTPPeriod), 0, 0},
		{"two steps ahead", code(2 * dondoc.TOTPPeriod), 0, 0},
		{"replayed", code(0), step, 0},
		{"older than last used", code(-dondoc.TOTPPeriod), step, 0},
		{"letters", "abcdef", 0, 0},
		{"short", code(0)[:5], 0, 0},
		{"empty", "", 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dondoc.MatchTOTP(rfcSecret, tt.code, now, tt.lastStep)
			if tt.want == 0 {
				if !errors.Is(err, dondoc.ErrBadTOTPCode) || dondoc.ErrBadTOTPCode.Field != "code" {
					t.Fatalf("MatchTOTP = %d, %v; want the bad-code error", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("MatchTOTP = %d, %v; want step %d", got, err, tt.want)
			}
		})
	}
}

func TestNewTOTPSecret(t *testing.T) {
	a, err := dondoc.NewTOTPSecret("lan.nt")
	if err != nil {
		t.Fatal(err)
	}
	b, err := dondoc.NewTOTPSecret("lan.nt")
	if err != nil {
		t.Fatal(err)
	}
	if a.Secret == b.Secret || len(a.Secret) < 16 {
		t.Fatalf("secrets %q and %q: want distinct and at least 80 bits", a.Secret, b.Secret)
	}
	u, err := url.Parse(a.URL)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("secret") != a.Secret || u.Query().Get("issuer") != dondoc.TOTPIssuer {
		t.Fatalf("URL %q: want otpauth://totp with the secret and issuer", a.URL)
	}
	c, err := dondoc.TOTPCode(a.Secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dondoc.MatchTOTP(a.Secret, c, time.Now(), 0); err != nil {
		t.Fatalf("a fresh secret's own code is refused: %v", err)
	}
}

func TestNeedSecondFactor(t *testing.T) {
	exp := time.Unix(100, 0)
	err := error(dondoc.NeedSecondFactor("ddc_x", exp))
	if !dondoc.IsCode(err, dondoc.EUnauthorized) {
		t.Fatalf("code = %s, want unauthorized so that unaware callers refuse", dondoc.ErrorCode(err))
	}
	s, ok := dondoc.AsSecondFactor(err)
	if !ok || s.Challenge != "ddc_x" || !s.ExpiresAt.Equal(exp) {
		t.Fatalf("AsSecondFactor = %+v, %v", s, ok)
	}
	if _, ok := dondoc.AsSecondFactor(dondoc.Invalid("x", "x", "x")); ok {
		t.Fatal("AsSecondFactor found a challenge in an unrelated error")
	}
}

package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestHashPasswordRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		password string
		attempt  string
		want     bool
	}{
		{"correct ascii", "correct horse battery", "correct horse battery", true},
		{"correct vietnamese", "mật khẩu bí mật", "mật khẩu bí mật", true},
		{"wrong password", "correct horse battery", "correct horse batterY", false},
		{"empty attempt", "correct horse battery", "", false},
		{"unnormalised vietnamese", "mật khẩu", "ma\u0323\u0302t khẩu", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hash, err := HashPassword(TestParams, tt.password)
			if err != nil {
				t.Fatalf("HashPassword: %v", err)
			}
			got, err := CheckPassword(tt.attempt, hash)
			if err != nil {
				t.Fatalf("CheckPassword: %v", err)
			}
			if got != tt.want {
				t.Errorf("CheckPassword(%q) = %v, want %v", tt.attempt, got, tt.want)
			}
		})
	}
}

func TestHashPasswordFormat(t *testing.T) {
	tests := []struct {
		name   string
		params Params
		prefix string
	}{
		{"default params", DefaultParams, "$argon2id$v=19$m=19456,t=2,p=1$"},
		{"test params", TestParams, "$argon2id$v=19$m=64,t=1,p=1$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hash, err := HashPassword(tt.params, "correct horse battery")
			if err != nil {
				t.Fatalf("HashPassword: %v", err)
			}
			if !strings.HasPrefix(hash, tt.prefix) {
				t.Errorf("hash = %q, want prefix %q", hash, tt.prefix)
			}
		})
	}
}

func TestHashPasswordSalted(t *testing.T) {
	a, err := HashPassword(TestParams, "same password")
	if err != nil {
		t.Fatal(err)
	}
	b, err := HashPassword(TestParams, "same password")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Errorf("two hashes of the same password are equal: %q", a)
	}
}

func TestHashPasswordInvalidParams(t *testing.T) {
	tests := []struct {
		name   string
		params Params
	}{
		{"zero value", Params{}},
		{"zero iterations", Params{Memory: 64, Parallelism: 1, SaltLength: 16, KeyLength: 32}},
		{"zero parallelism", Params{Memory: 64, Iterations: 1, SaltLength: 16, KeyLength: 32}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := HashPassword(tt.params, "password"); !errors.Is(err, ErrInvalidParams) {
				t.Errorf("err = %v, want %v", err, ErrInvalidParams)
			}
		})
	}
}

func TestCheckPasswordMalformedHash(t *testing.T) {
	tests := []struct {
		name string
		hash string
	}{
		{"empty", ""},
		{"garbage", "not a hash"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i variant", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := CheckPassword("password", tt.hash)
			if err == nil {
				t.Fatalf("CheckPassword(%q) error = nil, want error", tt.hash)
			}
			if ok {
				t.Errorf("CheckPassword(%q) = true on error", tt.hash)
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name     string
		password string
		want     error
	}{
		{"empty", "", ErrPasswordTooShort},
		{"seven bytes", "1234567", ErrPasswordTooShort},
		{"eight bytes", "12345678", nil},
		{"three vietnamese letters are nine bytes", "ậẩế", nil},
		{"two vietnamese letters are six bytes", "ậẩ", ErrPasswordTooShort},
		{"max length", strings.Repeat("a", 256), nil},
		{"over max length", strings.Repeat("a", 257), ErrPasswordTooLong},
		{"over max length and invalid", strings.Repeat("\xff", 257), ErrPasswordTooLong},
		{"invalid utf-8", "password\xff", ErrPasswordInvalid},
		{"short and invalid", "\xff", ErrPasswordInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidatePassword(tt.password); !errors.Is(err, tt.want) {
				t.Errorf("ValidatePassword(%q) = %v, want %v", tt.password, err, tt.want)
			}
		})
	}
}

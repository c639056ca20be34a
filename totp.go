package dondoc

import (
	"context"
	"crypto/subtle"
	"errors"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// The parameters of the time-based one-time codes (RFC 6238) of the second factor. They are the
// defaults every authenticator app understands: 6 digits, SHA-1, a new code every 30 seconds.
const (
	// TOTPPeriod is how long one code lives.
	TOTPPeriod = 30 * time.Second
	// TOTPSkew is how many periods before or after the server's clock a code is still accepted,
	// because phones and servers rarely agree to the second.
	TOTPSkew = 1
	// TOTPChallengeTTL is how long the step between a correct password and the code may take.
	TOTPChallengeTTL = 5 * time.Minute
	// TOTPMaxFailures is how many wrong codes in a row at sign-in void the user's challenges and
	// lock the second step for TOTPLockout, so that the code cannot be guessed even by someone who
	// knows the password and opens many challenges.
	TOTPMaxFailures = 5
	// TOTPLockout is how long sign-in with a code waits after TOTPMaxFailures wrong codes.
	TOTPLockout = 15 * time.Minute
	// TOTPIssuer names dondoc in authenticator apps.
	TOTPIssuer = "dondoc"
)

// TOTPStatus says whether a user has a second factor: Enabled once confirmed with a code, Pending
// while an enrolment waits for its first code.
type TOTPStatus struct {
	Enabled   bool       `json:"enabled"`
	Pending   bool       `json:"pending"`
	EnabledAt *time.Time `json:"enabled_at"`
}

// TOTPEnrolment is what a user types or scans into an authenticator app to start enrolment. The
// secret is shown once, at this moment.
type TOTPEnrolment struct {
	Secret string `json:"secret"`
	URL    string `json:"otpauth_url"`
}

// SecondFactorRequired is the cause Login wraps when the password was right but the user has a
// second factor: no session is opened, and Challenge (valid until ExpiresAt, single use) lets the
// client finish the sign-in with a code. Callers that do not know about it see an unauthorized
// error, so a password alone never opens a session.
type SecondFactorRequired struct {
	Challenge string
	ExpiresAt time.Time
}

// Error describes the situation for logs.
func (e *SecondFactorRequired) Error() string { return "second factor required" }

// NeedSecondFactor wraps a challenge in the unauthorized error that Login returns.
func NeedSecondFactor(challenge string, expires time.Time) *Error {
	e := Errorf(EUnauthorized, "code", "Hãy nhập mã xác thực từ ứng dụng xác thực.", "Enter the code from your authenticator app.")
	e.Err = &SecondFactorRequired{Challenge: challenge, ExpiresAt: expires}
	return e
}

// AsSecondFactor returns the challenge inside err, if Login asked for a second factor.
func AsSecondFactor(err error) (*SecondFactorRequired, bool) {
	var s *SecondFactorRequired
	ok := errors.As(err, &s)
	return s, ok
}

// ErrBadTOTPCode is the one answer to a wrong, expired or reused code: telling them apart would
// help a guesser.
var ErrBadTOTPCode = Invalid("code", "Mã xác thực không đúng hoặc đã hết hạn.", "The code is wrong or has expired.")

// TOTPService manages the second factor of accounts and finishes sign-ins that need it.
type TOTPService interface {
	// TOTPStatus reports the calling user's second factor.
	TOTPStatus(ctx context.Context) (*TOTPStatus, error)
	// StartTOTP creates a new secret for the calling user; it is not used until confirmed.
	StartTOTP(ctx context.Context) (*TOTPEnrolment, error)
	// ConfirmTOTP enables the pending secret once the user proves their app shows its codes.
	ConfirmTOTP(ctx context.Context, code string) error
	// DisableTOTP removes the calling user's second factor; a current code proves it is them.
	DisableTOTP(ctx context.Context, code string) error
	// ResetTOTP removes another user's second factor, for administrators when a phone is lost.
	ResetTOTP(ctx context.Context, userID int64) error
	// CompleteLogin finishes a sign-in challenge with a code and opens the session.
	CompleteLogin(ctx context.Context, challenge, code string) (secret string, expires time.Time, err error)
}

// NewTOTPSecret creates a random secret for account and the otpauth:// URL that authenticator
// apps read.
func NewTOTPSecret(account string) (*TOTPEnrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: account, Period: uint(TOTPPeriod / time.Second),
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, Internal(err)
	}
	return &TOTPEnrolment{Secret: key.Secret(), URL: key.URL()}, nil
}

// TOTPStep returns the number of the period t falls in; codes are tied to it, and storing the
// last one used lets a code be refused the second time.
func TOTPStep(t time.Time) int64 { return t.Unix() / int64(TOTPPeriod/time.Second) }

// TOTPCode returns the code for secret at time t, as an authenticator app would show it.
func TOTPCode(secret string, t time.Time) (string, error) {
	code, err := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: uint(TOTPPeriod / time.Second),
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", Internal(err)
	}
	return code, nil
}

// MatchTOTP checks code against secret at now, allowing TOTPSkew periods either way, and returns
// the step it belongs to. A step not after lastStep is refused, so each code works once.
func MatchTOTP(secret, code string, now time.Time, lastStep int64) (int64, error) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return 0, ErrBadTOTPCode
	}
	step := TOTPStep(now)
	for d := int64(-TOTPSkew); d <= TOTPSkew; d++ {
		s := step + d
		if s <= lastStep {
			continue
		}
		want, err := TOTPCode(secret, time.Unix(s*int64(TOTPPeriod/time.Second), 0))
		if err != nil {
			return 0, err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, nil
		}
	}
	return 0, ErrBadTOTPCode
}

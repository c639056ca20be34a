package auth

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
)

// Password length limits, in bytes. The minimum follows the NIST SP 800-63B
// floor for user-chosen secrets; the maximum stops a client from making the
// server hash megabytes of input on every login attempt.
const (
	minPasswordLen = 8
	maxPasswordLen = 256
)

// Errors returned by ValidatePassword. They are sentinels so that handlers can
// map each one to a specific, translated message with errors.Is instead of
// matching error text.
var (
	// ErrPasswordTooShort means the password has fewer than 8 bytes, which is
	// too easy to guess offline should the hash database ever leak.
	ErrPasswordTooShort = errors.New("auth: password too short")

	// ErrPasswordTooLong means the password exceeds 256 bytes; the cap exists
	// so that login requests cannot be used to burn server CPU.
	ErrPasswordTooLong = errors.New("auth: password too long")

	// ErrPasswordInvalid means the password is not valid UTF-8, which would
	// make it impossible to type the same password reliably again and could
	// be mangled differently by browsers and databases.
	ErrPasswordInvalid = errors.New("auth: password is not valid UTF-8")
)

// ErrInvalidParams is returned by HashPassword when Params has a zero
// Iterations or Parallelism, because the argon2 implementation would panic on
// such values instead of reporting an error.
var ErrInvalidParams = errors.New("auth: invalid argon2id parameters")

// Params holds the argon2id cost parameters. It is our own type, rather than
// the library's, so that callers do not need to import the hashing library
// and so that the library could be swapped without changing call sites.
type Params struct {
	// Memory is the memory cost in KiB.
	Memory uint32
	// Iterations is the number of passes over the memory.
	Iterations uint32
	// Parallelism is the number of lanes; it is part of the hash, so changing
	// it changes the output for the same salt.
	Parallelism uint8
	// SaltLength is the length of the random salt in bytes.
	SaltLength uint32
	// KeyLength is the length of the derived key in bytes.
	KeyLength uint32
}

// DefaultParams are the production parameters: the OWASP recommendation of
// 19 MiB, 2 iterations and 1 lane. The library's own defaults (64 MiB and one
// lane per CPU) are too heavy for the small two-core servers this service is
// deployed on, where several logins may be hashed at the same time.
var DefaultParams = Params{
	Memory:      19 * 1024,
	Iterations:  2,
	Parallelism: 1,
	SaltLength:  16,
	KeyLength:   32,
}

// TestParams are deliberately weak parameters that make hashing nearly free.
// They exist only so that unit tests which hash many passwords stay fast; they
// must never be used for real or demo accounts, because a hash made with them
// can be brute-forced cheaply.
var TestParams = Params{
	Memory:      64,
	Iterations:  1,
	Parallelism: 1,
	SaltLength:  16,
	KeyLength:   32,
}

// HashPassword hashes password with argon2id and a fresh random salt, and
// returns it as a PHC string ("$argon2id$v=19$m=...,t=...,p=...$salt$key").
// The PHC form stores the parameters next to the hash, so that DefaultParams
// can be raised later without breaking existing hashes. It does not call
// ValidatePassword, because length rules apply when a password is chosen, not
// every time one is hashed.
func HashPassword(p Params, password string) (string, error) {
	if p.Iterations == 0 || p.Parallelism == 0 {
		return "", ErrInvalidParams
	}
	hash, err := argon2id.CreateHash(password, &argon2id.Params{
		Memory:      p.Memory,
		Iterations:  p.Iterations,
		Parallelism: p.Parallelism,
		SaltLength:  p.SaltLength,
		KeyLength:   p.KeyLength,
	})
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return hash, nil
}

// CheckPassword reports whether password matches a PHC hash produced by
// HashPassword. The comparison is constant-time (done by the library), so
// response timing does not reveal how much of a guess was right. A malformed
// hash is reported as an error rather than a mismatch, because it indicates
// corrupt data rather than a wrong password.
func CheckPassword(password, hash string) (bool, error) {
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return false, fmt.Errorf("auth: check password: %w", err)
	}
	return ok, nil
}

// ValidatePassword enforces the rules for a newly chosen password: between 8
// and 256 bytes and valid UTF-8. Lengths are counted in bytes, not characters,
// because the cost the maximum guards against is per byte; note that a
// Vietnamese letter with diacritics takes 2 or 3 bytes. Callers that want
// relaxed rules, such as demo seeding, simply do not call it.
func ValidatePassword(password string) error {
	switch {
	case len(password) > maxPasswordLen:
		return ErrPasswordTooLong
	case !utf8.ValidString(password):
		return ErrPasswordInvalid
	case len(password) < minPasswordLen:
		return ErrPasswordTooShort
	}
	return nil
}

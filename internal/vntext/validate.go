package vntext

import (
	"errors"
	"unicode/utf8"
)

// Errors returned by ValidUTF8Text. They are sentinels so that callers can
// map each to a user-facing message or an HTTP status with errors.Is and wrap
// them with the name of the offending field.
var (
	// ErrInvalidUTF8 reports bytes that are not valid UTF-8, typically text
	// in a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258) that would
	// be stored as mojibake.
	ErrInvalidUTF8 = errors.New("text is not valid UTF-8")
	// ErrControlChar reports a NUL or other C0 control character other than
	// tab, line feed and carriage return; these break storage, exports and
	// terminals and never belong in document text.
	ErrControlChar = errors.New("text contains a control character")
	// ErrTooLong reports text longer than the allowed number of bytes.
	ErrTooLong = errors.New("text is too long")
)

// ValidUTF8Text checks untrusted text before it is stored. It returns
// ErrTooLong when s is longer than maxBytes bytes (bytes, not characters,
// because storage limits are in bytes and a Vietnamese letter takes up to
// three), ErrInvalidUTF8 when s is not valid UTF-8, and ErrControlChar when s
// contains a C0 control character (U+0000 to U+001F) other than tab, line feed
// or carriage return. The length is checked first so that oversized input is
// rejected without being scanned; otherwise the first offending byte decides.
// It returns nil for acceptable text.
func ValidUTF8Text(s string, maxBytes int) error {
	if len(s) > maxBytes {
		return ErrTooLong
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return ErrControlChar
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return ErrInvalidUTF8
		}
		i += size
	}
	return nil
}

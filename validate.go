package dondoc

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxBodyText bounds long free text such as a document body, so that one request cannot fill the
// database.
const MaxBodyText = 1 << 20

// RequireText checks that a required text field is present, valid UTF-8 without control
// characters, and not longer than max bytes.
func RequireText(field, s string, max int) error {
	if strings.TrimSpace(s) == "" {
		return Invalid(field, "Trường này là bắt buộc.", "This field is required.")
	}
	return OptionalText(field, s, max)
}

// OptionalText checks a text field that may be empty.
func OptionalText(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return Invalid(field, "Văn bản không phải UTF-8 hợp lệ.", "Text is not valid UTF-8.")
	}
	if len(s) > max {
		return Invalid(field, "Quá dài (tối đa "+itoa(max)+" byte).", "Too long (at most "+itoa(max)+" bytes).")
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			return Invalid(field, "Có ký tự điều khiển không hợp lệ.", "Contains a control character.")
		}
	}
	return nil
}

// itoa formats list indexes and limits in error messages and field names.
func itoa(n int) string { return strconv.Itoa(n) }

package dondoc

import (
	"errors"
	"fmt"
)

// Code classifies an error so that every adapter can react to it the same way; the HTTP layer maps
// each code to one status in one place.
type Code string

// The error codes of dondoc. They are few on purpose: callers branch on the code, not on messages.
const (
	ENotFound     Code = "not_found"
	EInvalid      Code = "invalid"
	EConflict     Code = "conflict"
	EStale        Code = "stale"
	EForbidden    Code = "forbidden"
	EUnauthorized Code = "unauthorized"
	EInternal     Code = "internal"
)

// Error is the one error type of dondoc. Message is Vietnamese, because that is what users read;
// MessageEN serves clients that ask for English. Field names the input that was wrong, in the JSON
// spelling of the API, so that a form or a client can point at it.
type Error struct {
	Code      Code
	Field     string
	Message   string
	MessageEN string
	Err       error
}

// Error returns the English message, since error strings end up in logs read by developers.
func (e *Error) Error() string {
	msg := e.MessageEN
	if msg == "" {
		msg = e.Message
	}
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, msg, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, msg)
}

// Unwrap exposes the cause so that errors.Is and errors.As see through the domain error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a domain error with messages in both languages.
func Errorf(code Code, field, vi, en string) *Error {
	return &Error{Code: code, Field: field, Message: vi, MessageEN: en}
}

// Invalid reports bad input in one field; it is the most common error a user sees.
func Invalid(field, vi, en string) *Error { return Errorf(EInvalid, field, vi, en) }

// NotFound reports a missing row, or one outside the caller's scope: the two must look the same so
// that scope does not leak which rows exist.
func NotFound(what string) *Error {
	return Errorf(ENotFound, "", "Không tìm thấy "+whatVI(what)+".", what+" not found.")
}

// Forbidden reports an action the caller may not take on a row they can see.
func Forbidden(vi, en string) *Error { return Errorf(EForbidden, "", vi, en) }

// Conflict reports a state that does not allow the action, such as confirming a task nobody asked
// to close.
func Conflict(vi, en string) *Error { return Errorf(EConflict, "", vi, en) }

// Stale reports that the caller edited an old version; the client must reload, never overwrite.
func Stale() *Error {
	return Errorf(EStale, "", "Dữ liệu đã được người khác thay đổi; hãy tải lại trước khi sửa.",
		"The record was changed by someone else; reload it before editing.")
}

// Internal wraps an unexpected failure without showing its details to users.
func Internal(err error) *Error {
	return &Error{Code: EInternal, Message: "Lỗi hệ thống; xin thử lại sau.", MessageEN: "Internal error; please try again later.", Err: err}
}

// ErrorCode returns the code of err, or EInternal for errors that are not domain errors.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// IsCode reports whether err carries the given code.
func IsCode(err error, code Code) bool { return err != nil && ErrorCode(err) == code }

// whatVI translates the object names used with NotFound, so that the Vietnamese message reads
// naturally.
func whatVI(what string) string {
	if vi, ok := objectNamesVI[what]; ok {
		return vi
	}
	return what
}

var objectNamesVI = map[string]string{
	"unit":            "đơn vị",
	"unit group":      "nhóm đơn vị",
	"person":          "cán bộ",
	"post":            "chức vụ",
	"holding":         "quá trình giữ chức vụ",
	"document":        "văn bản",
	"task":            "nhiệm vụ",
	"progress report": "báo cáo tiến độ",
	"extension":       "đề nghị gia hạn",
	"escalation":      "kiến nghị",
	"field visit":     "chuyến đi cơ sở",
	"project":         "dự án",
	"indicator":       "chỉ tiêu",
	"target":          "kế hoạch chỉ tiêu",
	"actual":          "số liệu thực hiện",
	"user":            "tài khoản",
	"grant":           "quyền",
	"token":           "mã truy cập",
	"session":         "phiên đăng nhập",
}

// Package httpstatus is the one place where dondoc's error codes become HTTP statuses, shared by
// the JSON API and the pages so that the same failure answers the same way in both.
package httpstatus

import (
	"net/http"

	"dondoc"
)

// Of returns the HTTP status for err: its domain code's status, or 500 for anything else.
func Of(err error) int { return OfCode(dondoc.ErrorCode(err)) }

// OfCode returns the HTTP status for a domain error code.
func OfCode(code dondoc.Code) int {
	switch code {
	case dondoc.ENotFound:
		return http.StatusNotFound
	case dondoc.EInvalid:
		return http.StatusBadRequest
	case dondoc.EConflict:
		return http.StatusConflict
	case dondoc.EStale:
		return http.StatusPreconditionFailed
	case dondoc.EForbidden:
		return http.StatusForbidden
	case dondoc.EUnauthorized:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

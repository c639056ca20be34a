package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// Problem is an RFC 9457 problem document. Field names the input at fault in the JSON spelling of
// the API, so that clients can point at it.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Field  string `json:"field,omitempty"`
}

var titles = map[int][2]string{
	400: {"Dữ liệu không hợp lệ", "Invalid input"},
	401: {"Chưa đăng nhập", "Unauthorized"},
	403: {"Không có quyền", "Forbidden"},
	404: {"Không tìm thấy", "Not found"},
	405: {"Phương thức không được hỗ trợ", "Method not allowed"},
	409: {"Xung đột trạng thái", "Conflict"},
	412: {"Dữ liệu đã thay đổi", "Precondition failed"},
	413: {"Yêu cầu quá lớn", "Request too large"},
	415: {"Kiểu nội dung không được hỗ trợ", "Unsupported media type"},
	428: {"Thiếu phiên bản (If-Match)", "Precondition required"},
	500: {"Lỗi hệ thống", "Internal error"},
}

// english reports whether the client prefers English; Vietnamese is the default.
func english(r *http.Request) bool {
	al := strings.ToLower(r.Header.Get("Accept-Language"))
	if al == "" {
		return false
	}
	first := strings.TrimSpace(strings.SplitN(strings.SplitN(al, ",", 2)[0], ";", 2)[0])
	return strings.HasPrefix(first, "en")
}

// writeError answers with a problem document for err. Internal errors are logged with their cause
// and shown to the client without it.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var de *dondoc.Error
	if !errors.As(err, &de) {
		de = dondoc.Internal(err)
	}
	status := httpstatus.OfCode(de.Code)
	var he *httpError
	if errors.As(err, &he) {
		status = he.status
	}
	if status >= 500 {
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeProblem(w, r, status, string(de.Code), de.Field, de.Message, de.MessageEN)
}

func writeProblem(w http.ResponseWriter, r *http.Request, status int, code, field, vi, en string) {
	t := titles[status]
	p := Problem{Type: "about:blank", Status: status, Code: code, Field: field, Title: t[0], Detail: vi}
	if english(r) {
		p.Title, p.Detail = t[1], en
		w.Header().Set("Content-Language", "en")
	} else {
		w.Header().Set("Content-Language", "vi")
	}
	if p.Title == "" {
		p.Title = http.StatusText(status)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

// httpError is a domain error that needs a status the domain does not know, such as 413 or 428.
type httpError struct {
	err    *dondoc.Error
	status int
}

func (e *httpError) Error() string { return e.err.Error() }
func (e *httpError) Unwrap() error { return e.err }

func newHTTPError(status int, code dondoc.Code, field, vi, en string) error {
	return &httpError{err: dondoc.Errorf(code, field, vi, en), status: status}
}

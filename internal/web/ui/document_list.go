package ui

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// documentRoutes registers the document pages and the ingest flow that registers documents.
func (u *UI) documentRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /van-ban", u.authed(u.showDocumentList))
	m.HandleFunc("GET /van-ban/{id}", u.authed(u.showDocument))
	m.HandleFunc("GET /van-ban/nhap", u.authed(u.showUpload))
	m.HandleFunc("POST /van-ban/nhap", u.authed(u.upload))
	m.HandleFunc("GET /van-ban/nhap/{draft}", u.authed(u.showDraft))
	m.HandleFunc("POST /van-ban/nhap/{draft}", u.authed(u.confirmDraft))
	m.HandleFunc("POST /van-ban/nhap/{draft}/huy", u.authed(u.discardDraft))
}

// documentTypes are the types the type filter offers, the ones directives and their follow-up
// use most; a type typed into the address that is not among them is offered too.
var documentTypes = []string{"Nghị quyết", "Chỉ thị", "Kết luận", "Quyết định", "Kế hoạch", "Chương trình",
	"Thông báo", "Công văn", "Hướng dẫn", "Quy định", "Đề án", "Báo cáo"}

// documentRow is a document as the list shows it.
type documentRow struct {
	Doc dondoc.Document
	// System is "Đảng" or "Nhà nước" as the number-symbol tells, empty when it does not.
	System string
}

// documentListView is the document list with its filters as the user set them, so that the form
// shows what was asked and the address can be shared.
type documentListView struct {
	Q, System, Type, Issuer, Year string
	Open                          bool
	// Cites keeps the documents citing this one, as the document page's "see all" link asks.
	Cites   int64
	Types   []string
	Rows    []documentRow
	MoreURL string
	// Errors holds a message per filter field; Error a message about the whole search.
	Errors   map[string]string
	Error    string
	Filtered bool
	// CanIngest shows the link to upload a document to those who may.
	CanIngest bool
}

// documentListPageSize is how many documents a page of the list shows before "Xem thêm".
const documentListPageSize = 25

// systemLabel names the numbering system of a document.
func systemLabel(l lang, d dondoc.Document) string {
	if d.Number == nil {
		return ""
	}
	switch d.Number.System {
	case dondoc.SystemParty:
		return l.tr("Đảng")
	case dondoc.SystemState:
		return l.tr("Nhà nước")
	}
	return ""
}

// showDocumentList lists documents newest first with the filters of the query string, all of
// which the document service applies in one query per page. An htmx request for the results or
// for the next page gets only that fragment.
func (u *UI) showDocumentList(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	q := r.URL.Query()
	data := &documentListView{
		Q: strings.TrimSpace(q.Get("q")), System: q.Get("system"), Type: strings.TrimSpace(q.Get("type")),
		Issuer: strings.TrimSpace(q.Get("issuer")), Year: strings.TrimSpace(q.Get("year")), Open: q.Get("open") == "1",
		Types: documentTypes, Errors: map[string]string{}, CanIngest: u.s.Ingest != nil && dondoc.CanRegisterDocument(v.Actor),
	}
	var errs []error
	if c := q.Get("cites"); c != "" {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil || id <= 0 {
			errs = append(errs, dondoc.Invalid("cites", "Văn bản được dẫn chiếu không hợp lệ.", "Invalid cited document."))
		}
		data.Cites = id
	}
	data.Filtered = data.Q != "" || data.System != "" || data.Type != "" || data.Issuer != "" || data.Year != "" || data.Open || data.Cites != 0
	if data.Type != "" && !slices.Contains(documentTypes, data.Type) {
		data.Types = append(append([]string{}, documentTypes...), data.Type)
	}
	f := dondoc.DocumentFilter{Q: data.Q, Type: data.Type, System: data.System, Issuer: data.Issuer, OpenTasks: data.Open,
		Cites: max(data.Cites, 0), Cursor: q.Get("cursor"), Limit: documentListPageSize}
	if data.Year != "" {
		y, err := strconv.Atoi(data.Year)
		if err != nil || len(data.Year) != 4 {
			// Out of range years are the filter's to refuse; this catches what is not a year at all.
			y = -1
		}
		f.Year = y
	}
	// Every field's message at once: the filter's Validate stops at the first.
	for _, one := range []dondoc.DocumentFilter{{Q: f.Q}, {Type: f.Type}, {System: f.System}, {Issuer: f.Issuer}, {Year: f.Year}} {
		if err := one.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	status := http.StatusOK
	if len(errs) == 0 {
		page, err := u.s.Documents.ListDocuments(ctx, f)
		if err == nil {
			for _, d := range page.Items {
				data.Rows = append(data.Rows, documentRow{Doc: d, System: systemLabel(v.Lang, d)})
			}
			if page.NextCursor != "" {
				more := url.Values{}
				for _, k := range []string{"q", "system", "type", "issuer", "year", "open", "cites"} {
					if val := q.Get(k); val != "" {
						more.Set(k, val)
					}
				}
				more.Set("cursor", page.NextCursor)
				data.MoreURL = "/van-ban?" + more.Encode()
			}
		} else {
			errs = append(errs, err)
		}
	}
	for _, err := range errs {
		if dondoc.ErrorCode(err) == dondoc.EInternal {
			u.renderError(w, r, v, err)
			return
		}
		status = httpstatus.Of(err)
		field := fieldOf(err)
		switch field {
		case "q", "system", "type", "issuer", "year":
			if data.Errors[field] == "" {
				data.Errors[field] = v.Lang.errorText(err)
			}
		default:
			data.Error = v.Lang.errorText(err)
		}
		data.Rows, data.MoreURL = nil, ""
	}
	if r.Header.Get("HX-Request") == "true" {
		// htmx swaps only successful answers; a bad filter typed into the search box must still
		// replace the results with its message, so the fragment answers 200.
		status = http.StatusOK
		switch r.Header.Get("HX-Target") {
		case "document-results":
			u.renderFragment(w, r, status, "document-list", "results", data)
			return
		case "more-row":
			u.renderFragment(w, r, status, "document-list", "rows", data)
			return
		}
	}
	u.render(w, r, status, view{Page: "document-list", Title: "Văn bản", Viewer: v, Nav: "documents", Data: data})
}

// fieldOf returns the field a domain error names.
func fieldOf(err error) string {
	var e *dondoc.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

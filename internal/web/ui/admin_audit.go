package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// auditView is a page of the audit log, newest first, optionally about one object.
type auditView struct {
	ObjectType string
	ObjectID   string
	Events     []auditItem
	MoreURL    string
	Error      string
}

// auditItem is one audit event as people read it.
type auditItem struct {
	Event dondoc.AuditEvent
	At    string
}

// auditPageSize is how many events a page of the log shows.
const auditPageSize = 50

// showAudit shows who changed what and when, filtered by the kind and number of the object.
func (u *UI) showAudit(w http.ResponseWriter, r *http.Request, v *viewer) {
	q := r.URL.Query()
	data := &auditView{ObjectType: strings.TrimSpace(q.Get("loai")), ObjectID: strings.TrimSpace(q.Get("so"))}
	status := http.StatusOK
	var objectID int64
	err := dondoc.OptionalText("loai", data.ObjectType, 50)
	if err == nil && data.ObjectID != "" {
		if n, perr := strconv.ParseInt(data.ObjectID, 10, 64); perr != nil || n <= 0 {
			err = dondoc.Invalid("so", "Số đối tượng phải là số nguyên dương.", "The object number must be a positive whole number.")
		} else {
			objectID = n
		}
	}
	if err == nil {
		var page *dondoc.Page[dondoc.AuditEvent]
		page, err = u.s.Accounts.ListAudit(r.Context(), data.ObjectType, objectID, q.Get("cursor"), auditPageSize)
		if err == nil {
			for _, e := range page.Items {
				data.Events = append(data.Events, auditItem{Event: e, At: formatTime(e.At)})
			}
			if page.NextCursor != "" {
				next := url.Values{}
				for _, k := range []string{"loai", "so"} {
					if val := q.Get(k); val != "" {
						next.Set(k, val)
					}
				}
				next.Set("cursor", page.NextCursor)
				data.MoreURL = "/quan-tri/nhat-ky?" + next.Encode()
			}
		}
	}
	if err != nil {
		if dondoc.ErrorCode(err) != dondoc.EInvalid {
			u.renderError(w, r, v, err)
			return
		}
		status, data.Error = httpstatus.Of(err), v.Lang.errorText(err)
	}
	u.render(w, r, status, view{Page: "admin-audit", Title: "Nhật ký thay đổi", Viewer: v, Nav: "admin", Data: data})
}

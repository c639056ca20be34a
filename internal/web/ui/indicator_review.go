package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"dondoc"
)

// reviewIndicatorActual takes a review step on a reported value: the unit head approves it, the
// office accepts it, either returns it with a note. A refused step comes back on the grid with the
// message next to that value's note, and nothing changes.
func (u *UI) reviewIndicatorActual(w http.ResponseWriter, r *http.Request, v *viewer) {
	u.postEntryRow(w, r, v, entryRowForm{
		rows:    func(data *entryView) []*entryRow { return data.Reviews },
		key:     "actual",
		id:      func(row *entryRow) int64 { return row.Actual.ID },
		missing: "Số liệu này không chờ bạn duyệt; hãy tải lại trang.",
		done:    "da-duyet",
		do: func(ctx context.Context, _ *entryView, row *entryRow, actual int64, p url.Values) error {
			row.ReviewNote = strings.TrimSpace(p.Get("note"))
			d := dondoc.ReviewDecision{Approve: p.Get("decision") == "approve", Note: row.ReviewNote}
			version, err := parseVersion(p.Get("version"))
			if err == nil && !d.Approve && d.Note == "" {
				err = dondoc.Invalid("note", "Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.", "Say why the value is returned, so that the unit knows what to correct.")
			}
			if err == nil {
				_, err = u.s.Indicators.ReviewActual(ctx, actual, version, d)
			}
			return err
		},
		refused: func(l lang, row *entryRow, err error) { row.ReviewError = l.errorText(err) },
	})
}

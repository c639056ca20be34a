package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"dondoc"
)

// reopenFields maps the service's fields of an exception to the inputs of its form.
var reopenFields = map[string]string{"until": "until", "reason": "reason"}

// reopenIndicatorEntry lets a unit enter a locked period until a day: an exception the office over
// the unit grants, with its reason. A refused grant comes back with the message next to its field
// and what was typed; nothing changes.
func (u *UI) reopenIndicatorEntry(w http.ResponseWriter, r *http.Request, v *viewer) {
	u.postEntryRow(w, r, v, entryRowForm{
		rows:    func(data *entryView) []*entryRow { return data.Reopenable },
		key:     "unit",
		id:      func(row *entryRow) int64 { return row.UnitID },
		missing: "Kỳ này không khóa với đơn vị, hoặc bạn không có quyền mở; hãy tải lại trang.",
		done:    "da-mo",
		do: func(ctx context.Context, data *entryView, row *entryRow, unit int64, p url.Values) error {
			row.Reopen.Until, row.Reopen.Reason = strings.TrimSpace(p.Get("until")), p.Get("reason")
			in := dondoc.EntryExceptionInput{UnitID: unit, Period: data.Period, Reason: row.Reopen.Reason}
			if d, ok := parseFormDate(row.Reopen.Until); ok {
				in.Until = d
			} else if row.Reopen.Until != "" {
				return dondoc.Invalid("until", "Hạn cho phép nhập phải có dạng dd/mm/yyyy.", "The last day must look like dd/mm/yyyy.")
			}
			_, err := u.s.Indicators.GrantEntryException(ctx, data.Indicator.ID, in)
			return err
		},
		refused: func(l lang, row *entryRow, err error) { row.Reopen.Errors = fieldErrors(l, err, reopenFields) },
	})
}

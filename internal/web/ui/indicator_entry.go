package ui

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dondoc"
	"dondoc/internal/calendar"
	"dondoc/internal/report"
	"dondoc/internal/web/httpstatus"
)

// entryPart is one disaggregation cell of a row, such as the houses of poor households.
type entryPart struct {
	Name  string
	Input string
	Value string
	Error string
}

// entryRow is one unit of the entry grid: the value it reported for the period (if any), what the
// user typed, whether it may still be entered, and the review step the user may take on it.
type entryRow struct {
	UnitID int64
	Name   string
	// Child marks a unit below the grid's top unit, whose own units open a grid of their own.
	Child       bool
	Actual      *dondoc.Actual
	State       statusView
	Value       string
	Denominator string
	Note        string
	Parts       []entryPart
	Editable    bool
	// Locked says why the period is closed to this unit, when it is.
	Locked string
	Errors formErrors
	// Review is the word of the review step the user may take ("Duyệt", "Tiếp nhận"); empty when
	// the value does not wait for them.
	Review      string
	ReviewNote  string
	ReviewError string
	SubmittedBy string
	SubmittedAt string
	// Reopen holds the office's grant of an exception for a locked row, as typed, with its errors.
	Reopen reopenForm
	path   string
}

// reopenForm is the office's form that lets a unit enter a locked period until a day.
type reopenForm struct {
	Until  string
	Reason string
	Errors formErrors
}

// entryView is the data of the entry grid of one indicator and period.
type entryView struct {
	Indicator   dondoc.Indicator
	Period      string
	PeriodError string
	Prev, Next  string
	TopID       int64
	Ratio       bool
	Parts       []string
	Rows        []*entryRow
	Editable    bool
	Reviews     []*entryRow
	// Reopenable are the locked rows whose entry the user (the office over them) may reopen.
	Reopenable []*entryRow
	Errors     formErrors
	Saved      string
	// TemplateXLSX and TemplateCSV are the download links of the bulk-entry template, served by
	// the API with the same rules.
	TemplateXLSX string
	TemplateCSV  string
	// CanTargets offers the import of targets to those who set them.
	CanTargets     bool
	Kind           string
	ImportError    string
	ImportProblems []importProblem
}

// importProblem is one problem of an imported file, in the page's language.
type importProblem struct {
	Row     int
	Column  string
	Message string
}

// showIndicatorEntry shows the entry grid: a row per unit the user reports for (the top unit and
// the units directly under it), with the value stored for the period, its review status, and
// locked rows marked with the reason.
func (u *UI) showIndicatorEntry(w http.ResponseWriter, r *http.Request, v *viewer) {
	q := r.URL.Query()
	data, err := u.loadEntry(r.Context(), r, v, q.Get("ky"), q.Get("don-vi"))
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	status := http.StatusOK
	if data.PeriodError != "" {
		status = http.StatusBadRequest
	}
	sent, _ := strconv.Atoi(q.Get("da-gui"))
	imported, _ := strconv.Atoi(q.Get("da-nhap"))
	switch {
	case sent > 0:
		data.Saved = v.Lang.trf("Đã gửi %s số liệu; số liệu chờ thủ trưởng đơn vị duyệt.", v.Lang.number(float64(sent), 0))
	case imported > 0:
		data.Saved = v.Lang.trf("Đã ghi %s dòng từ tệp.", v.Lang.number(float64(imported), 0))
	case q.Get("da-duyet") != "":
		data.Saved = v.Lang.tr("Đã ghi ý kiến duyệt.")
	case q.Get("da-mo") != "":
		data.Saved = v.Lang.tr("Đã cho phép đơn vị nhập bổ sung số liệu của kỳ.")
	}
	u.renderEntry(w, r, status, v, data)
}

// renderEntry writes the entry grid with the status of the answer.
func (u *UI) renderEntry(w http.ResponseWriter, r *http.Request, status int, v *viewer, data *entryView) {
	u.render(w, r, status, view{Page: "indicator-entry", Title: "Nhập số liệu chỉ tiêu", Viewer: v, Nav: "indicators", Data: data})
}

// loadEntry reads what the grid shows for a period and a top unit, as the GET shows it and as a
// refused POST shows it again before the typed values are put back.
func (u *UI) loadEntry(ctx context.Context, r *http.Request, v *viewer, period, top string) (*entryView, error) {
	id, err := indicatorID(r)
	if err != nil {
		return nil, err
	}
	ind, err := u.indicatorByID(ctx, id)
	if err != nil {
		return nil, err
	}
	today := dondoc.Today(time.Now())
	period = strings.TrimSpace(period)
	if period == "" {
		p, err := calendar.PeriodOf(ind.PeriodType, today)
		if err != nil {
			return nil, err
		}
		period = p.Key
	}
	data := &entryView{Indicator: *ind, Period: period, Ratio: ind.Aggregation == dondoc.AggRatio, Parts: ind.Disaggregations,
		Kind: string(dondoc.ImportActuals), CanTargets: v.Actor.HasRole("", dondoc.RoleOffice, dondoc.RoleLeader), Errors: formErrors{}}
	if dondoc.PeriodTypeOf(period) != ind.PeriodType {
		in := dondoc.ValueInput{UnitID: 1, Period: period, Value: new(float64)}
		data.PeriodError = v.Lang.errorText(in.ValidateActual(ind))
		return data, nil
	}
	data.Prev, data.Next = shiftPeriod(period, -1), shiftPeriod(period, 1)
	q := url.Values{"kind": {string(dondoc.ImportActuals)}, "period": {period}}.Encode()
	data.TemplateXLSX = "/api/v1/indicators/" + itoa(id) + "/template.xlsx?" + q
	data.TemplateCSV = "/api/v1/indicators/" + itoa(id) + "/template.csv?" + q
	tmpl, err := u.s.Indicators.ImportTemplate(ctx, id, dondoc.ImportActuals, period)
	if err != nil {
		return nil, err
	}
	if len(tmpl.Units) == 0 {
		return data, nil
	}
	data.TopID = tmpl.Units[0].ID
	if n, err := strconv.ParseInt(top, 10, 64); err == nil && n > 0 {
		data.TopID = n
	}
	topUnit, err := u.s.Org.GetUnit(ctx, data.TopID)
	if err != nil {
		return nil, err
	}
	children, err := u.listUnits(ctx, dondoc.UnitFilter{ParentID: &data.TopID, AsOf: today})
	if err != nil {
		return nil, err
	}
	paths := map[int64]string{topUnit.ID: topUnit.Path}
	for _, c := range children {
		paths[c.ID] = c.Path
	}
	actuals, err := u.s.Indicators.ListActuals(ctx, id, 0)
	if err != nil {
		return nil, err
	}
	byUnit := map[int64]*dondoc.Actual{}
	for i := range actuals {
		if actuals[i].Period == period {
			byUnit[actuals[i].UnitID] = &actuals[i]
		}
	}
	locked, err := u.lockedUnits(ctx, v.Lang, id, period, today)
	if err != nil {
		return nil, err
	}
	for _, tu := range tmpl.Units {
		path, ok := paths[tu.ID]
		if !ok {
			continue
		}
		row := &entryRow{UnitID: tu.ID, Name: tu.Name, Child: tu.ID != data.TopID, Actual: byUnit[tu.ID], path: path, Errors: formErrors{}}
		row.Locked = locked(tu.ID)
		if row.Locked != "" && dondoc.CanGrantEntryException(v.Actor, path) {
			row.Reopen = reopenForm{Until: string(today.AddDays(7)), Errors: formErrors{}}
			data.Reopenable = append(data.Reopenable, row)
		}
		row.Editable = row.Locked == "" && (row.Actual == nil || row.Actual.Status.Resubmittable())
		data.Editable = data.Editable || row.Editable
		row.State = actualState(v.Lang, row.Actual)
		for _, p := range ind.Disaggregations {
			row.Parts = append(row.Parts, entryPart{Name: p, Input: "p-" + itoa(tu.ID) + "-" + strconv.Itoa(len(row.Parts))})
		}
		if a := row.Actual; a != nil {
			row.Value = plainFigure(v.Lang, a.Value)
			if a.Denominator != nil {
				row.Denominator = plainFigure(v.Lang, *a.Denominator)
			}
			for i := range row.Parts {
				if x, ok := a.Parts[row.Parts[i].Name]; ok {
					row.Parts[i].Value = plainFigure(v.Lang, x)
				}
			}
			row.Note = a.Note
			row.SubmittedAt = dondoc.Today(a.SubmittedAt).Format()
			if _, err := dondoc.ReviewActualStep(v.Actor, path, a.Status, dondoc.ReviewDecision{Approve: true}); err == nil {
				if row.SubmittedBy, err = u.submitter(ctx, a.ID); err != nil {
					return nil, err
				}
				row.Review = v.Lang.tr("Duyệt")
				if a.Status == dondoc.ActualApproved {
					row.Review = v.Lang.tr("Tiếp nhận")
				}
				data.Reviews = append(data.Reviews, row)
			}
		}
		data.Rows = append(data.Rows, row)
	}
	return data, nil
}

// submitter names who last submitted an actual, from its history, which the reviewer may read
// even where the accounts service would not show the user.
func (u *UI) submitter(ctx context.Context, actualID int64) (string, error) {
	events, err := u.s.Indicators.ActualHistory(ctx, actualID)
	if err != nil {
		return "", err
	}
	name := ""
	for _, e := range events {
		if e.Status == dondoc.ActualSubmitted {
			name = e.Actor
		}
	}
	return name, nil
}

// lockedUnits returns, for the period, why entry is closed to a unit: the period has passed its
// expiry and the office granted the unit no exception still running. It returns "" for a unit
// that may enter.
func (u *UI) lockedUnits(ctx context.Context, l lang, id int64, period string, today dondoc.Date) (func(int64) string, error) {
	open := func(int64) string { return "" }
	s, err := u.s.Indicators.EntrySetting(ctx)
	if err != nil {
		return nil, err
	}
	p, err := calendar.PeriodByKey(period)
	if err != nil || !s.Locked(p.End, today) {
		return open, nil
	}
	exceptions, err := u.s.Indicators.ListEntryExceptions(ctx, id, 0)
	if err != nil {
		return nil, err
	}
	reopened := map[int64]bool{}
	for _, e := range exceptions {
		if e.Period == period && e.ActiveOn(today) {
			reopened[e.UnitID] = true
		}
	}
	reason := l.errorText(dondoc.PeriodLocked(period, s.Expiry(p.End)))
	return func(unit int64) string {
		if reopened[unit] {
			return ""
		}
		return reason
	}, nil
}

// actualState is how a reported value's review status shows.
func actualState(l lang, a *dondoc.Actual) statusView {
	if a == nil {
		return statusView{Class: "idle", Label: l.tr("Chưa báo cáo"), Shape: shapeIdle}
	}
	switch a.Status {
	case dondoc.ActualSubmitted:
		return statusView{Class: "active", Label: l.tr("Chờ thủ trưởng duyệt"), Shape: shapeActive}
	case dondoc.ActualApproved:
		return statusView{Class: "active", Label: l.tr("Chờ văn phòng tiếp nhận"), Shape: shapeActive}
	case dondoc.ActualAccepted:
		return statusView{Class: "done", Label: l.tr("Đã tiếp nhận"), Shape: shapeDone}
	}
	return statusView{Class: "overdue", Label: l.tr("Bị trả lại"), Shape: shapeOverdue}
}

// submitIndicatorEntry sends the values typed in the grid, all or nothing: a cell that is not a
// number, or a value the rules refuse, is shown with its message in that cell, everything typed
// stays, and nothing is saved. Rows left empty or unchanged are not sent.
func (u *UI) submitIndicatorEntry(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	data, p := u.postedEntry(w, r, v)
	if data == nil {
		return
	}
	if data.PeriodError != "" {
		u.renderEntry(w, r, http.StatusBadRequest, v, data)
		return
	}
	var rows []dondoc.ImportRow
	var sent []*entryRow
	for _, row := range data.Rows {
		if !row.Editable {
			continue
		}
		row.Value, row.Denominator, row.Note = strings.TrimSpace(p.Get("v-"+itoa(row.UnitID))), strings.TrimSpace(p.Get("d-"+itoa(row.UnitID))), p.Get("n-"+itoa(row.UnitID))
		typed := row.Value != "" || row.Denominator != "" || strings.TrimSpace(row.Note) != ""
		for i := range row.Parts {
			row.Parts[i].Value = strings.TrimSpace(p.Get(row.Parts[i].Input))
			typed = typed || row.Parts[i].Value != ""
		}
		if !typed {
			continue
		}
		ir := dondoc.ImportRow{Row: len(rows) + 1, Input: dondoc.ValueInput{UnitID: row.UnitID, Period: data.Period, Note: row.Note}}
		ir.Input.Value = parseCell(&ir, "value", row.Value)
		if row.Denominator != "" {
			ir.Input.Denominator = parseCell(&ir, "denominator", row.Denominator)
		}
		for _, part := range row.Parts {
			if part.Value == "" {
				continue
			}
			if x := parseCell(&ir, "parts."+part.Name, part.Value); x != nil {
				if ir.Input.Parts == nil {
					ir.Input.Parts = map[string]float64{}
				}
				ir.Input.Parts[part.Name] = *x
			}
		}
		if len(ir.Problems) == 0 && unchanged(row.Actual, ir.Input) {
			continue
		}
		rows = append(rows, ir)
		sent = append(sent, row)
	}
	if len(rows) == 0 {
		data.Errors[""] = v.Lang.tr("Chưa có số liệu mới nào để gửi: hãy nhập giá trị vào ô của đơn vị.")
		u.renderEntry(w, r, http.StatusUnprocessableEntity, v, data)
		return
	}
	res, err := u.s.Indicators.ImportValues(ctx, data.Indicator.ID, dondoc.ImportActuals, rows)
	if err != nil {
		if dondoc.ErrorCode(err) == dondoc.EInternal || dondoc.ErrorCode(err) == dondoc.ENotFound {
			u.renderError(w, r, v, err)
			return
		}
		data.Errors[""] = v.Lang.errorText(err)
		u.renderEntry(w, r, httpstatus.Of(err), v, data)
		return
	}
	if len(res.Problems) > 0 {
		for _, pr := range res.Problems {
			row := sent[pr.Row-1]
			msg := pr.Message
			if v.Lang == langEN && pr.MessageEN != "" {
				msg = pr.MessageEN
			}
			field := pr.Field
			if k, ok := strings.CutPrefix(field, "parts."); ok {
				for i := range row.Parts {
					if row.Parts[i].Name == k && row.Parts[i].Error == "" {
						row.Parts[i].Error = msg
					}
				}
				continue
			}
			if field != "value" && field != "denominator" && field != "note" {
				field = ""
			}
			if _, dup := row.Errors[field]; !dup {
				row.Errors[field] = msg
			}
		}
		data.Errors[""] = v.Lang.tr("Có ô chưa hợp lệ; chưa số liệu nào được gửi. Hãy sửa các ô được đánh dấu.")
		u.renderEntry(w, r, http.StatusUnprocessableEntity, v, data)
		return
	}
	http.Redirect(w, r, entryURL(data.Indicator.ID, data.Period, data.TopID)+"&da-gui="+strconv.Itoa(res.Written), http.StatusSeeOther)
}

// entryURL is the address of the grid for a period and top unit.
func entryURL(id int64, period string, top int64) string {
	return "/chi-tieu/" + itoa(id) + "/nhap?" + url.Values{"ky": {period}, "don-vi": {itoa(top)}}.Encode()
}

// parseCell reads a number typed in a cell as the import reads a spreadsheet cell (1.234,5 or
// 1234.5), recording on the row why it is not one. An empty value cell is left to the rules,
// which say that the value is required.
func parseCell(row *dondoc.ImportRow, field, s string) *float64 {
	if s == "" {
		return nil
	}
	x, err := report.ParseNumber(s)
	if err != nil {
		var e *dondoc.Error
		if errors.As(err, &e) {
			row.Problem(field, e.Message, e.MessageEN)
		} else {
			row.Problem(field, "Không phải là số.", "Not a number.")
		}
		return nil
	}
	return &x
}

// unchanged reports whether a row typed is what is already stored and under review, which is then
// not sent again: a resubmission would restart the review for nothing.
func unchanged(a *dondoc.Actual, in dondoc.ValueInput) bool {
	if a == nil || a.Status != dondoc.ActualSubmitted || in.Value == nil || *in.Value != a.Value || in.Note != a.Note {
		return false
	}
	if (in.Denominator == nil) != (a.Denominator == nil) || (in.Denominator != nil && *in.Denominator != *a.Denominator) {
		return false
	}
	return maps.Equal(in.Parts, a.Parts)
}

// shiftPeriod returns the period n periods after key, of the same kind: the month, quarter,
// half-year or year next to it.
func shiftPeriod(key string, n int) string {
	y, _ := strconv.Atoi(key[:4])
	per, idx := 0, 0
	switch dondoc.PeriodTypeOf(key) {
	case dondoc.PeriodMonth:
		per, idx = 12, atoiOr(key[5:])
	case dondoc.PeriodQuarter:
		per, idx = 4, atoiOr(key[6:])
	case dondoc.PeriodHalfYear:
		per, idx = 2, atoiOr(key[6:])
	case dondoc.PeriodYear:
		return strconv.Itoa(y + n)
	default:
		return ""
	}
	i := y*per + idx - 1 + n
	y, idx = i/per, i%per+1
	switch per {
	case 12:
		return strconv.Itoa(y) + "-" + twoDigits(idx)
	case 4:
		return strconv.Itoa(y) + "-Q" + strconv.Itoa(idx)
	}
	return strconv.Itoa(y) + "-H" + strconv.Itoa(idx)
}

// atoiOr reads a number that a period key's pattern already checked.
func atoiOr(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// twoDigits writes a month number with a leading zero.
func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// ladderForm is the reminder ladder as the settings form shows and submits it: numbers as typed,
// so that a bad entry comes back exactly as the user wrote it.
type ladderForm struct {
	BeforeDays        string
	OnDay             bool
	OverdueEveryDays  string
	HeadAfterDays     string
	AssignerAfterDays string
	Version           string
}

// settingsView is the settings page: the reminder ladder in force, its form, and the messages by
// their fields.
type settingsView struct {
	Ladder    ladderForm
	CanChange bool
	Errors    map[string]string
	Done      string
}

// formOfLadder writes a ladder into the form's words.
func formOfLadder(s *dondoc.LadderSetting) ladderForm {
	days := make([]string, len(s.BeforeDays))
	for i, d := range s.BeforeDays {
		days[i] = strconv.Itoa(d)
	}
	return ladderForm{
		BeforeDays: strings.Join(days, ", "), OnDay: s.OnDay,
		OverdueEveryDays: strconv.Itoa(s.OverdueEveryDays), HeadAfterDays: strconv.Itoa(s.HeadAfterDays),
		AssignerAfterDays: strconv.Itoa(s.AssignerAfterDays), Version: strconv.FormatInt(s.Version, 10),
	}
}

// showSettings shows the reminder ladder in force and, to those who may, the form to change it.
func (u *UI) showSettings(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !canAdminister(v.Actor) {
		u.renderError(w, r, v, adminForbidden())
		return
	}
	s, err := u.s.Reminders.ReminderLadder(r.Context())
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data := &settingsView{Ladder: formOfLadder(s), CanChange: dondoc.CanManageReminders(v.Actor), Errors: map[string]string{}}
	if r.URL.Query().Get("da-luu") == "nhac-viec" {
		data.Done = v.Lang.tr("Đã lưu thang nhắc việc.")
	}
	u.renderSettings(w, r, http.StatusOK, v, data)
}

func (u *UI) renderSettings(w http.ResponseWriter, r *http.Request, status int, v *viewer, data *settingsView) {
	u.render(w, r, status, view{Page: "admin-settings", Title: "Cài đặt", Viewer: v, Nav: "admin", Data: data})
}

// saveLadder parses the ladder form and stores it over the version the page showed. Numbers that
// are not numbers are refused here, by their field; the domain's own rules (order of the steps,
// bounds) come back from the service with the field they concern.
func (u *UI) saveLadder(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := r.ParseForm(); err != nil {
		u.renderError(w, r, v, dondoc.Invalid("", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form."))
		return
	}
	f := r.PostForm
	form := ladderForm{
		BeforeDays: f.Get("before_days"), OnDay: f.Get("on_day") == "1",
		OverdueEveryDays: f.Get("overdue_every_days"), HeadAfterDays: f.Get("head_after_days"),
		AssignerAfterDays: f.Get("assigner_after_days"), Version: f.Get("version"),
	}
	l, version, err := parseLadder(form)
	if err == nil {
		_, err = u.s.Reminders.SetReminderLadder(r.Context(), version, l)
	}
	if err == nil {
		http.Redirect(w, r, "/quan-tri/cai-dat?da-luu=nhac-viec", http.StatusSeeOther)
		return
	}
	code := dondoc.ErrorCode(err)
	if code != dondoc.EInvalid && code != dondoc.EStale {
		u.renderError(w, r, v, err)
		return
	}
	data := &settingsView{Ladder: form, CanChange: true, Errors: map[string]string{}}
	field := ""
	var e *dondoc.Error
	if errors.As(err, &e) {
		// "before_days[1]" is a part of the one before-days field.
		field, _, _ = strings.Cut(e.Field, "[")
	}
	if code == dondoc.EStale {
		field = ""
		if s, lerr := u.s.Reminders.ReminderLadder(r.Context()); lerr == nil {
			data.Ladder.Version = strconv.FormatInt(s.Version, 10)
		}
	}
	data.Errors[field] = v.Lang.errorText(err)
	u.renderSettings(w, r, httpstatus.Of(err), v, data)
}

// parseLadder reads the form's numbers, naming the field of the first that is not a whole number.
func parseLadder(form ladderForm) (dondoc.Ladder, int64, error) {
	var l dondoc.Ladder
	l.OnDay = form.OnDay
	version, err := strconv.ParseInt(form.Version, 10, 64)
	if err != nil || version < 0 {
		return l, 0, dondoc.Invalid("version", "Thiếu phiên bản của cài đặt; hãy tải lại trang.", "Missing version.")
	}
	for part := range strings.SplitSeq(form.BeforeDays, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		d, err := strconv.Atoi(part)
		if err != nil {
			return l, 0, dondoc.Invalid("before_days", "Các mốc nhắc trước hạn phải là số ngày, cách nhau bằng dấu phẩy (ví dụ: 3, 1).",
				"Days before the deadline must be whole numbers separated by commas (e.g. 3, 1).")
		}
		l.BeforeDays = append(l.BeforeDays, d)
	}
	for _, x := range []struct {
		field, value string
		dst          *int
	}{
		{"overdue_every_days", form.OverdueEveryDays, &l.OverdueEveryDays},
		{"head_after_days", form.HeadAfterDays, &l.HeadAfterDays},
		{"assigner_after_days", form.AssignerAfterDays, &l.AssignerAfterDays},
	} {
		n, err := strconv.Atoi(strings.TrimSpace(x.value))
		if err != nil {
			return l, 0, dondoc.Invalid(x.field, "Hãy nhập một số ngày.", "Enter a number of days.")
		}
		*x.dst = n
	}
	return l, version, nil
}

// settingField is one labelled input of a settings form, with its message when it was refused.
type settingField struct {
	Name, Label, Value, Error string
	Enabled                   bool
}

// settingFieldOf gathers what the setting-field template needs in one value, since a template passes a
// single value to another. The label is the Vietnamese text, translated by the template.
func settingFieldOf(name, label, value string, errs map[string]string, enabled bool) settingField {
	return settingField{Name: name, Label: label, Value: value, Error: errs[name], Enabled: enabled}
}

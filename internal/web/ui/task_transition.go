package ui

import (
	"net/http"
	"strconv"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// transitionTask takes the action the user chose on the task page, against the version the page
// showed. When someone changed the task first, the page is shown again with the fresh task, who
// changed it, and the note the user typed, so that nothing is overwritten and nothing is lost.
func (u *UI) transitionTask(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		u.renderError(w, r, v, dondoc.Invalid("", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form."))
		return
	}
	in := dondoc.TransitionInput{Action: dondoc.Action(r.PostForm.Get("action")), Note: r.PostForm.Get("note")}
	version, verr := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	switch {
	case verr != nil || version <= 0:
		err = dondoc.Invalid("version", "Thiếu phiên bản của nhiệm vụ; hãy tải lại trang.", "Missing version.")
	case actionLabels[in.Action] == "":
		err = dondoc.Invalid("action", "Thao tác không hợp lệ.", "Unknown action.")
	default:
		err = dondoc.OptionalText("note", in.Note, 5000)
	}
	if err == nil {
		_, err = u.s.Tasks.Transition(ctx, id, version, in)
	}
	if err == nil {
		http.Redirect(w, r, "/nhiem-vu/"+itoa(id)+"?da-luu="+string(in.Action), http.StatusSeeOther)
		return
	}
	if dondoc.ErrorCode(err) == dondoc.EInternal || dondoc.ErrorCode(err) == dondoc.ENotFound {
		u.renderError(w, r, v, err)
		return
	}
	data, lerr := u.task(ctx, v, id)
	if lerr != nil {
		u.renderError(w, r, v, lerr)
		return
	}
	data.Note = in.Note
	data.Error = v.Lang.errorText(err)
	if dondoc.IsCode(err, dondoc.EStale) {
		data.Error = staleMessage(v.Lang, data)
	}
	u.renderTask(w, r, httpstatus.Of(err), v, data)
}

// staleMessage says that someone changed the task first and, from the timeline, who and when.
func staleMessage(l lang, data *taskView) string {
	msg := l.tr("Nhiệm vụ vừa được người khác thay đổi trước bạn")
	if len(data.Events) > 0 {
		e := data.Events[0]
		msg += " (" + l.trf("%s: “%s” lúc %s", e.Actor, e.What, e.At) + ")"
	}
	return msg + l.tr(". Trang đã hiện dữ liệu mới nhất; hãy xem lại rồi thao tác lại nếu vẫn cần.")
}

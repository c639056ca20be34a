package ui

import (
	"net/http"
	"strconv"

	"dondoc"
)

// transitionTask takes the action the user chose on the task page, against the version the page
// showed. When someone changed the task first, the page is shown again with the fresh task, who
// changed it, and the note the user typed, so that nothing is overwritten and nothing is lost.
func (u *UI) transitionTask(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	id, err := pathID(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		u.renderError(w, r, v, err)
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
	u.answerForm(w, r, v, err, "/nhiem-vu/"+itoa(id)+"?da-luu="+string(in.Action), func(status int) {
		u.taskAgain(w, r, v, status, id, err, nil, func(data *taskView, errs formErrors) {
			data.Note, data.Error = in.Note, errs[""]
		})
	})
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

package ui

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"dondoc"
)

// taskView is the task page: the task with its units named, its timeline newest first, and the
// actions this user is expected to take.
type taskView struct {
	Task           dondoc.Task
	LeadUnit       string
	AssignerUnit   string
	AccountablePos string
	Coordinators   []coordinatorView
	Events         []eventView
	Actions        []actionView
	// FollowUp holds the reports, extension requests and forms of the work around the task.
	FollowUp followUpView
	// Note keeps what was typed in the action form when the action failed.
	Note string
	// Error explains why the last action failed; Done names the action that just succeeded.
	Error string
	Done  string
}

// coordinatorView is a coordinating unit with its part and its own status, and the form by which
// that unit updates its part when this user may.
type coordinatorView struct {
	UnitID int64
	Unit   string
	Part   string
	Status string
	// Value is the coordinator's status, which the update form starts from.
	Value     dondoc.Status
	CanUpdate bool
	Form      inlineForm
}

// eventView is one entry of the timeline as people read it.
type eventView struct {
	At    string
	Actor string
	What  string
	Note  string
}

// actionView is a lifecycle action offered as a button.
type actionView struct {
	Action  dondoc.Action
	Label   string
	Primary bool
}

// actionLabels are the button words of the actions the task page offers.
var actionLabels = map[dondoc.Action]string{
	dondoc.ActionAssign:            "Giao nhiệm vụ",
	dondoc.ActionRequestCompletion: "Đề nghị hoàn thành",
	dondoc.ActionConfirm:           "Xác nhận hoàn thành",
	dondoc.ActionReject:            "Trả lại",
}

// doneLabels tell the user what the action they just took did.
var doneLabels = map[dondoc.Action]string{
	dondoc.ActionAssign:            "Đã giao nhiệm vụ.",
	dondoc.ActionRequestCompletion: "Đã gửi đề nghị hoàn thành.",
	dondoc.ActionConfirm:           "Đã xác nhận hoàn thành.",
	dondoc.ActionReject:            "Đã trả lại nhiệm vụ cho đơn vị chủ trì.",
}

// eventLabels name the timeline's event kinds in Vietnamese.
var eventLabels = map[string]string{
	"created":             "Tạo nhiệm vụ",
	"child_added":         "Thêm nhiệm vụ con",
	"cascaded":            "Giao tiếp cho đơn vị cấp dưới",
	"updated":             "Sửa thông tin nhiệm vụ",
	"assign":              "Giao nhiệm vụ",
	"report":              "Báo cáo",
	"request_completion":  "Đề nghị hoàn thành",
	"confirm":             "Xác nhận hoàn thành",
	"reject":              "Trả lại",
	"suspend":             "Tạm dừng",
	"resume":              "Tiếp tục thực hiện",
	"cancel":              "Hủy nhiệm vụ",
	"transfer":            "Chuyển đơn vị thực hiện",
	"report_submitted":    "Gửi báo cáo tiến độ",
	"report_approved":     "Thủ trưởng đơn vị duyệt báo cáo",
	"report_accepted":     "Cơ quan giao nhiệm vụ tiếp nhận báo cáo",
	"report_returned":     "Trả lại báo cáo",
	"extension_requested": "Đề xuất gia hạn",
	"extension_approved":  "Đồng ý gia hạn",
	"extension_rejected":  "Không đồng ý gia hạn",
	"escalation_raised":   "Gửi kiến nghị",
	"escalation_answered": "Có ý kiến chỉ đạo",
	"escalation_closed":   "Đóng kiến nghị",
	"deadline_changed":    "Đổi thời hạn theo ý kiến chỉ đạo",
	"coordination":        "Đơn vị phối hợp cập nhật phần việc",
	"from_finding":        "Tạo từ kết luận sau kiểm tra",
	"unit_change":         "Thay đổi đơn vị",
}

// showTask shows one task.
func (u *UI) showTask(w http.ResponseWriter, r *http.Request, v *viewer) {
	id, err := pathID(r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data, err := u.task(r.Context(), v, id)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	saved := r.URL.Query().Get("da-luu")
	if a := dondoc.Action(saved); doneLabels[a] != "" {
		data.Done = v.Lang.tr(doneLabels[a])
	} else if followUpDone[saved] != "" {
		data.Done = v.Lang.tr(followUpDone[saved])
	}
	u.renderTask(w, r, http.StatusOK, v, data)
}

func (u *UI) renderTask(w http.ResponseWriter, r *http.Request, status int, v *viewer, data *taskView) {
	u.render(w, r, status, view{Page: "task-view", Title: data.Task.Title, Viewer: v, Nav: "tasks", Data: data})
}

// task loads everything the task page shows.
func (u *UI) task(ctx context.Context, v *viewer, id int64) (*taskView, error) {
	t, err := u.s.Tasks.GetTask(ctx, id)
	if err != nil {
		return nil, err
	}
	data := &taskView{Task: *t}
	names := newUnitNames(u.s.Org, v.Lang)
	lead, err := names.unit(ctx, t.LeadUnitID)
	if err != nil {
		return nil, err
	}
	assigner, err := names.unit(ctx, t.AssignerUnitID)
	if err != nil {
		return nil, err
	}
	data.LeadUnit, data.AssignerUnit = lead.Name, assigner.Name
	units := dondoc.TaskUnits{LeadPath: lead.Path, AssignerPath: assigner.Path}
	for _, c := range t.Coordinators {
		cu, err := names.unit(ctx, c.UnitID)
		if err != nil {
			return nil, err
		}
		units.CoordinatorPath = append(units.CoordinatorPath, cu.Path)
		data.Coordinators = append(data.Coordinators, coordinatorView{UnitID: c.UnitID, Unit: cu.Name, Part: c.Part,
			Status: lifecycleLabel(v.Lang, c.Status), Value: c.Status,
			CanUpdate: t.Status.Open() && dondoc.CanUpdateCoordination(v.Actor, cu.Path, units)})
	}
	if t.AccountablePostID != nil {
		posts, err := u.s.Org.ListPosts(ctx, t.LeadUnitID)
		if err != nil {
			return nil, err
		}
		for _, p := range posts {
			if p.ID == *t.AccountablePostID {
				data.AccountablePos = p.Title
			}
		}
	}
	events, err := u.s.Tasks.Timeline(ctx, id)
	if err != nil {
		return nil, err
	}
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		what := e.Kind
		if label := eventLabels[e.Kind]; label != "" {
			what = v.Lang.tr(label)
		}
		note := e.Note
		if e.Kind == "report_submitted" && note != "" {
			// The note of a submitted report is its period.
			note = v.Lang.trf("Kỳ báo cáo: %s", note)
		}
		data.Events = append(data.Events, eventView{At: formatTime(e.At), Actor: e.Actor, What: what, Note: note})
	}
	data.Actions = expectedActions(v, t, units)
	if err := u.followUp(ctx, v, data, units, lead, events); err != nil {
		return nil, err
	}
	return data, nil
}

// expectedActions returns the lifecycle actions the page offers this user on this task: what the
// task's state waits for, and only what the domain's permission rule allows.
func expectedActions(v *viewer, t *dondoc.Task, units dondoc.TaskUnits) []actionView {
	var candidates []dondoc.Action
	switch t.Status {
	case dondoc.StatusDraft:
		candidates = []dondoc.Action{dondoc.ActionAssign}
	case dondoc.StatusAssigned, dondoc.StatusInProgress:
		candidates = []dondoc.Action{dondoc.ActionRequestCompletion}
	case dondoc.StatusCompletionRequested:
		candidates = []dondoc.Action{dondoc.ActionConfirm, dondoc.ActionReject}
	}
	var out []actionView
	for i, act := range candidates {
		if dondoc.CanDo(v.Actor, act, units) {
			out = append(out, actionView{Action: act, Label: v.Lang.tr(actionLabels[act]), Primary: i == 0})
		}
	}
	return out
}

// formatTime writes a moment as Vietnamese readers do, in Viet Nam's time: "14:05 06/05/2024".
func formatTime(t time.Time) string {
	return t.In(dondoc.Location).Format("15:04 02/01/2006")
}

// pathID parses the task number of the path; a malformed one names no task.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, dondoc.NotFound("task")
	}
	return id, nil
}

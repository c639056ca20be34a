package ui

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"dondoc"
)

// followUpView is the work around a task as its page shows it: the progress reports and extension
// requests with the decisions waiting for this user, and the forms this user may open.
type followUpView struct {
	Reports    []reportView
	Extensions []extensionView
	// The forms of the task this user may open, each on its own page.
	CanReport, CanExtend, CanTransfer, CanCascade bool
}

// Any reports whether there is any form to offer, so that the page can leave out an empty box.
func (f followUpView) Any() bool {
	return f.CanReport || f.CanExtend || f.CanTransfer || f.CanCascade
}

// inlineForm is a small form on the task page (a review, a decision, a coordinator's update): what
// was typed and why it failed, so that a refused form is shown again as it was.
type inlineForm struct {
	Note   string
	Status string
	Errors formErrors
}

// reportView is a progress report with the review this user may give it.
type reportView struct {
	Report      dondoc.ProgressReport
	StatusLabel string
	By          string
	At          string
	// Review names the step this user may take: "approve" for the lead unit's head, "accept" for
	// the assigning side; empty when the report waits for nobody or for someone else.
	Review      string
	CanEscalate bool
	Form        inlineForm
}

// extensionView is an extension request with the decision this user may take on it.
type extensionView struct {
	Extension   dondoc.Extension
	StatusLabel string
	By          string
	CanDecide   bool
	Form        inlineForm
}

// reportStatusLabels name the report statuses on the page.
var reportStatusLabels = map[dondoc.ReportStatus]string{
	dondoc.ReportSubmitted: "Chờ thủ trưởng đơn vị duyệt",
	dondoc.ReportApproved:  "Chờ cơ quan giao nhiệm vụ tiếp nhận",
	dondoc.ReportAccepted:  "Đã tiếp nhận",
	dondoc.ReportReturned:  "Bị trả lại",
}

// extensionStatusLabels name the extension statuses on the page.
var extensionStatusLabels = map[dondoc.ExtensionStatus]string{
	dondoc.ExtensionPending:  "Chờ quyết định",
	dondoc.ExtensionApproved: "Đồng ý gia hạn",
	dondoc.ExtensionRejected: "Không đồng ý gia hạn",
}

// followUpDone tell the user what the form they just sent did, keyed by the da-luu parameter of
// the redirect.
var followUpDone = map[string]string{
	"bao-cao":         "Đã gửi báo cáo tiến độ.",
	"duyet-bao-cao":   "Đã duyệt báo cáo.",
	"tiep-nhan":       "Đã tiếp nhận báo cáo.",
	"tra-lai-bao-cao": "Đã trả lại báo cáo.",
	"gia-han":         "Đã gửi đề xuất gia hạn.",
	"dong-y-gia-han":  "Đã đồng ý gia hạn.",
	"khong-gia-han":   "Đã không đồng ý gia hạn.",
	"chuyen-don-vi":   "Đã chuyển đơn vị thực hiện.",
	"giao-cap-duoi":   "Đã giao nhiệm vụ cho đơn vị cấp dưới.",
	"phoi-hop":        "Đã cập nhật phần việc của đơn vị phối hợp.",
	"kien-nghi":       "Đã gửi kiến nghị.",
}

// followUp fills the reports, extension requests and forms of the task page. Every offer follows
// the domain's rules for this user, so that the page never shows a button the service would
// refuse.
func (u *UI) followUp(ctx context.Context, v *viewer, data *taskView, units dondoc.TaskUnits, lead *dondoc.Unit, events []dondoc.Event) error {
	t := &data.Task
	a := v.Actor
	f := &data.FollowUp
	reportable := t.Status == dondoc.StatusAssigned || t.Status == dondoc.StatusInProgress
	f.CanReport = reportable && dondoc.CanSubmitReport(a, units)
	f.CanExtend = t.Status.Open() && t.DueOn.Valid() && t.DueOn != dondoc.NoDate && dondoc.CanRequestExtension(a, units)
	f.CanTransfer = slices.Contains([]dondoc.Status{dondoc.StatusDraft, dondoc.StatusAssigned, dondoc.StatusInProgress}, t.Status) &&
		dondoc.CanDo(a, dondoc.ActionTransfer, units)
	if (t.Status == dondoc.StatusDraft || t.Status.Open()) && dondoc.CanCreateTask(a, lead.Path) {
		parent := lead.ID
		children, err := u.s.Org.ListUnits(ctx, dondoc.UnitFilter{ParentID: &parent, Limit: 1})
		if err != nil {
			return err
		}
		f.CanCascade = len(children.Items) > 0
	}
	if u.s.Workflow == nil {
		return nil
	}
	reports, err := u.s.Workflow.ListReports(ctx, t.ID)
	if err != nil {
		return err
	}
	people := newUserNames(u.s.Accounts)
	// Who submitted each report and asked for each extension, as the timeline recorded it, for
	// users whose accounts this user may not read.
	reportBy, extBy := map[int64]string{}, map[int64]string{}
	for _, e := range events {
		var d struct {
			ReportID    int64 `json:"report_id"`
			ExtensionID int64 `json:"extension_id"`
		}
		if e.Data == "" || json.Unmarshal([]byte(e.Data), &d) != nil {
			continue
		}
		switch e.Kind {
		case "report_submitted":
			reportBy[d.ReportID] = e.Actor
		case "extension_requested":
			extBy[d.ExtensionID] = e.Actor
		}
	}
	// Newest first, as the timeline reads.
	for i := len(reports) - 1; i >= 0; i-- {
		rep := reports[i]
		rv := reportView{Report: rep, StatusLabel: v.Lang.tr(reportStatusLabels[rep.Status]), By: cmp.Or(people.name(ctx, rep.SubmittedBy), reportBy[rep.ID]),
			At: formatTime(rep.CreatedAt)}
		switch rep.Status {
		case dondoc.ReportSubmitted:
			if a.HasRole(units.LeadPath, dondoc.RoleUnitHead) {
				rv.Review = "approve"
			}
		case dondoc.ReportApproved:
			if a.HasRole(units.AssignerPath, dondoc.RoleOffice, dondoc.RoleLeader) {
				rv.Review = "accept"
			}
		}
		rv.CanEscalate = (rep.Difficulties != "" || rep.Proposals != "") && rep.Status != dondoc.ReportReturned &&
			dondoc.CanRaiseEscalation(a, units.LeadPath)
		f.Reports = append(f.Reports, rv)
	}
	exts, err := u.s.Workflow.ListExtensions(ctx, t.ID)
	if err != nil {
		return err
	}
	for i := len(exts) - 1; i >= 0; i-- {
		x := exts[i]
		f.Extensions = append(f.Extensions, extensionView{Extension: x, StatusLabel: v.Lang.tr(extensionStatusLabels[x.Status]),
			By:        cmp.Or(people.name(ctx, x.RequestedBy), extBy[x.ID]),
			CanDecide: x.Status == dondoc.ExtensionPending && t.Status.Open() && dondoc.CanDecideExtension(a, units)})
	}
	return nil
}

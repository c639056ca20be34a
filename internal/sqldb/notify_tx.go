package sqldb

import (
	"unicode/utf8"

	"dondoc"
)

// The kinds of the notifications that changes write in their own transaction, telling people the
// moment work arrives for them instead of waiting for the daily scan to chase a deadline.
const (
	// KindTaskAssigned tells the lead unit's officers and head that a task was assigned to them.
	KindTaskAssigned = "task.assigned"
	// KindTaskDirected tells the lead unit that a leader's direction on an escalation created a
	// task for them.
	KindTaskDirected = "task.directed"
	// KindTaskTransferred tells the new lead unit that a task was transferred to them.
	KindTaskTransferred = "task.transferred"
	// KindCompletionRequested tells the assigning side's office that a task waits for its
	// confirmation.
	KindCompletionRequested = "task.completion_requested"
	// KindCompletionConfirmed tells the lead unit that its completion was confirmed.
	KindCompletionConfirmed = "task.completion_confirmed"
	// KindCompletionRejected tells the lead unit that its completion request was sent back.
	KindCompletionRejected = "task.completion_rejected"
	// KindExtensionRequested tells the assigning side's office that an extension waits for its
	// decision.
	KindExtensionRequested = "extension.requested"
	// KindExtensionDecided tells the lead unit how its extension request was decided.
	KindExtensionDecided = "extension.decided"
	// KindReportSubmitted tells the lead unit's head that a progress report waits for approval.
	KindReportSubmitted = "report.submitted"
	// KindReportApproved tells the assigning side's office that an approved report waits to be
	// accepted.
	KindReportApproved = "report.approved"
	// KindEscalationRaised tells the leaders of the body addressed that an escalation waits for
	// their answer.
	KindEscalationRaised = "escalation.raised"
	// KindEscalationAnswered tells the raising unit that its escalation was answered.
	KindEscalationAnswered = "escalation.answered"
)

// notificationCreated is the webhook event that carries a copy of a new notification.
const notificationCreated = "notification.created"

// sideRaiser is the unit that raised an escalation, which its answer goes back to.
const sideRaiser dondoc.UnitSide = "raiser"

// The people a change must reach, named as the reminder ladder names them, so that the scan and
// the changes agree on who acts for a unit.
var (
	// leadPeople are the lead unit's focal officers and its head, who do the work.
	leadPeople = []dondoc.Addressee{{Role: dondoc.RoleUnitOfficer, Side: dondoc.SideLead, Exact: true},
		{Role: dondoc.RoleUnitHead, Side: dondoc.SideLead, Exact: true}}
	// leadHead is the lead unit's head, who approves its reports.
	leadHead = []dondoc.Addressee{{Role: dondoc.RoleUnitHead, Side: dondoc.SideLead, Exact: true}}
	// assignerOffice is the office over the assigning unit, which confirms and decides for it.
	assignerOffice = []dondoc.Addressee{{Role: dondoc.RoleOffice, Side: dondoc.SideAssigner}}
	// targetLeaders are the leaders over the body an escalation is addressed to.
	targetLeaders = []dondoc.Addressee{{Role: dondoc.RoleLeader, Side: dondoc.SideTarget}}
	// raiserPeople are the officers and the head of the unit that raised an escalation.
	raiserPeople = []dondoc.Addressee{{Role: dondoc.RoleUnitOfficer, Side: sideRaiser, Exact: true},
		{Role: dondoc.RoleUnitHead, Side: sideRaiser, Exact: true}}
)

// notice is one message a change sends to the people who must act on it.
type notice struct {
	kind    string
	subject string
	body    string
	taskID  *int64
}

// The longest subject and body a notification stores, in bytes (see NotificationInput).
const (
	maxSubject = 300
	maxBody    = 20_000
)

// clip shortens s to at most max bytes on a character boundary, marking the cut with an ellipsis,
// so that a long title makes a shorter subject rather than no notification at all.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// notifyRole writes one in-app notification per person the addressees designate on units, found by
// the same resolver as the daily scan's recipients, and queues its copy for the person's webhooks
// subscribed to notification.created, inside the transaction of the change that causes it: the
// notification commits with the change or not at all. The person who made the change is not told
// of it. It returns how many notifications it wrote.
func (tx *Tx) notifyRole(n notice, units map[dondoc.UnitSide]int64, to ...dondoc.Addressee) (int, error) {
	subject, body := clip(n.subject, maxSubject), clip(n.body, maxBody)
	link := ""
	if n.taskID != nil {
		link = taskPage(*n.taskID)
	}
	skip := int64(0)
	if tx.actor != nil {
		skip = tx.actor.UserID
	}
	r := newResolver(func(dest any, q string, args ...any) error { return tx.Select(dest, tx.Rebind(q), args...) })
	var users []int64
	if err := r.resolve(units, to, skip, func(u userRef, _ dondoc.Addressee) { users = append(users, u.ID) }); err != nil {
		return 0, err
	}
	for _, u := range users {
		in := dondoc.NotificationInput{UserID: u, Kind: n.kind, Subject: subject, Body: body, Link: link, TaskID: n.taskID}
		if err := in.Validate(); err != nil {
			return 0, err
		}
		id, err := tx.insert(`INSERT INTO notifications (user_id, kind, subject, body, link, task_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			in.UserID, in.Kind, in.Subject, in.Body, in.Link, in.TaskID, tx.now)
		if err != nil {
			return 0, err
		}
		if err := tx.audit("notification.create", "notification", id, nil, map[string]any{"user_id": u, "kind": in.Kind}); err != nil {
			return 0, err
		}
		// The recipient's own webhooks carry a copy outward, queued with the notification.
		n := dondoc.Notification{ID: id, UserID: u, Kind: in.Kind, Subject: in.Subject, Body: in.Body, Link: in.Link,
			TaskID: in.TaskID, CreatedAt: tx.now}
		if _, err := tx.enqueueWebhookEvent(notificationCreated, 0, u, n); err != nil {
			return 0, err
		}
	}
	return len(users), nil
}

// taskSides maps the sides of a task to its units.
func taskSides(lead, assigner int64) map[dondoc.UnitSide]int64 {
	return map[dondoc.UnitSide]int64{dondoc.SideLead: lead, dondoc.SideAssigner: assigner}
}

// dueText says when a task is due, for the body of a notification.
func dueText(due string) string {
	if d := dondoc.Date(due); d.Valid() && d != dondoc.NoDate {
		return "Hạn hoàn thành: " + d.Format() + "."
	}
	return "Nhiệm vụ không có hạn cụ thể."
}

// withNote adds what the person who acted wrote to a body.
func withNote(body, label, note string) string {
	if note == "" {
		return body
	}
	return body + "\n" + label + ": " + note
}

// notifyAssigned tells the lead unit of a task just assigned to it, or created for it by a
// leader's direction (sourceKind "escalation").
func (tx *Tx) notifyAssigned(id int64, title string, lead, assigner int64, due, sourceKind string) error {
	n := notice{kind: KindTaskAssigned, subject: "Nhiệm vụ mới được giao: " + title,
		body: "Đơn vị được giao chủ trì nhiệm vụ “" + title + "”. " + dueText(due), taskID: &id}
	if sourceKind == "escalation" {
		n.kind, n.subject = KindTaskDirected, "Nhiệm vụ mới theo ý kiến chỉ đạo: "+title
		n.body = "Ý kiến chỉ đạo về một kiến nghị giao đơn vị chủ trì nhiệm vụ “" + title + "”. " + dueText(due)
	}
	_, err := tx.notifyRole(n, taskSides(lead, assigner), leadPeople...)
	return err
}

// notifyTransition tells the side that must act next after a task changed status: the lead unit
// of a task assigned or transferred to it, or whose completion was confirmed or sent back, and the
// assigning side's office of a completion waiting for its confirmation. lead is the lead unit
// after the change.
func (tx *Tx) notifyTransition(r *taskRow, lead int64, in dondoc.TransitionInput) error {
	id := r.ID
	units := taskSides(lead, r.AssignerUnitID)
	var n notice
	to := leadPeople
	switch in.Action {
	case dondoc.ActionAssign:
		return tx.notifyAssigned(id, r.Title, lead, r.AssignerUnitID, r.DueOn, "")
	case dondoc.ActionTransfer:
		n = notice{kind: KindTaskTransferred, subject: "Nhiệm vụ được chuyển đến đơn vị: " + r.Title,
			body: withNote("Đơn vị được chuyển giao chủ trì nhiệm vụ “"+r.Title+"”. "+dueText(r.DueOn), "Ghi chú", in.Note)}
	case dondoc.ActionRequestCompletion:
		to = assignerOffice
		n = notice{kind: KindCompletionRequested, subject: "Đề nghị xác nhận hoàn thành: " + r.Title,
			body: withNote("Đơn vị chủ trì đề nghị xác nhận hoàn thành nhiệm vụ “"+r.Title+"”.", "Ghi chú", in.Note)}
	case dondoc.ActionConfirm:
		n = notice{kind: KindCompletionConfirmed, subject: "Nhiệm vụ được xác nhận hoàn thành: " + r.Title,
			body: withNote("Đơn vị giao nhiệm vụ đã xác nhận hoàn thành nhiệm vụ “"+r.Title+"”.", "Ghi chú", in.Note)}
	case dondoc.ActionReject:
		n = notice{kind: KindCompletionRejected, subject: "Đề nghị hoàn thành bị trả lại: " + r.Title,
			body: withNote("Đơn vị giao nhiệm vụ chưa xác nhận hoàn thành nhiệm vụ “"+r.Title+"”.", "Lý do", in.Note)}
	default:
		return nil
	}
	n.taskID = &id
	_, err := tx.notifyRole(n, units, to...)
	return err
}

// notifyReport tells the lead unit's head of a report waiting for approval, and the assigning
// side's office of an approved report waiting to be accepted.
func (tx *Tx) notifyReport(r *taskRow, status dondoc.ReportStatus, period string) error {
	id := r.ID
	label := "Báo cáo tiến độ"
	if period != "" {
		label += " kỳ " + period
	}
	switch status {
	case dondoc.ReportSubmitted:
		_, err := tx.notifyRole(notice{kind: KindReportSubmitted, subject: "Báo cáo tiến độ chờ thủ trưởng duyệt: " + r.Title,
			body: label + " nhiệm vụ “" + r.Title + "” chờ thủ trưởng đơn vị duyệt trước khi gửi lên.", taskID: &id},
			taskSides(r.LeadUnitID, r.AssignerUnitID), leadHead...)
		return err
	case dondoc.ReportApproved:
		_, err := tx.notifyRole(notice{kind: KindReportApproved, subject: "Báo cáo tiến độ chờ tiếp nhận: " + r.Title,
			body: label + " nhiệm vụ “" + r.Title + "” đã được thủ trưởng đơn vị chủ trì duyệt, chờ tiếp nhận.", taskID: &id},
			taskSides(r.LeadUnitID, r.AssignerUnitID), assignerOffice...)
		return err
	}
	return nil
}

// notifyExtensionRequested tells the assigning side's office of an extension waiting for its
// decision.
func (tx *Tx) notifyExtensionRequested(r *taskRow, proposed dondoc.Date, reason string) error {
	id := r.ID
	_, err := tx.notifyRole(notice{kind: KindExtensionRequested, subject: "Đề nghị gia hạn chờ quyết định: " + r.Title,
		body:   withNote("Đơn vị chủ trì đề nghị gia hạn nhiệm vụ “"+r.Title+"” đến ngày "+proposed.Format()+".", "Lý do", reason),
		taskID: &id}, taskSides(r.LeadUnitID, r.AssignerUnitID), assignerOffice...)
	return err
}

// notifyExtensionDecided tells the lead unit how its extension request was decided.
func (tx *Tx) notifyExtensionDecided(r *taskRow, proposed dondoc.Date, approved bool, note string) error {
	id := r.ID
	n := notice{kind: KindExtensionDecided, taskID: &id}
	if approved {
		n.subject = "Đề nghị gia hạn được chấp thuận: " + r.Title
		n.body = withNote("Hạn mới của nhiệm vụ “"+r.Title+"”: "+proposed.Format()+".", "Ghi chú", note)
	} else {
		n.subject = "Đề nghị gia hạn không được chấp thuận: " + r.Title
		n.body = withNote("Nhiệm vụ “"+r.Title+"” giữ nguyên hạn "+dondoc.Date(r.DueOn).Format()+".", "Lý do", note)
	}
	_, err := tx.notifyRole(n, taskSides(r.LeadUnitID, r.AssignerUnitID), leadPeople...)
	return err
}

// notifyEscalationRaised tells the leaders of the body addressed of an escalation waiting for
// their answer.
func (tx *Tx) notifyEscalationRaised(in dondoc.EscalationInput) error {
	_, err := tx.notifyRole(notice{kind: KindEscalationRaised, subject: "Kiến nghị chờ trả lời: " + in.Subject,
		body: "Hạn trả lời: " + in.ResponseDue.Format() + ".\n" + in.Text, taskID: in.TaskID},
		map[dondoc.UnitSide]int64{dondoc.SideTarget: in.ToUnitID}, targetLeaders...)
	return err
}

// notifyEscalationAnswered tells the raising unit of the direction given on its escalation.
func (tx *Tx) notifyEscalationAnswered(e *lockedEscalation, direction string) error {
	_, err := tx.notifyRole(notice{kind: KindEscalationAnswered, subject: "Kiến nghị đã có ý kiến chỉ đạo: " + e.Subject,
		body: "Ý kiến chỉ đạo: " + direction, taskID: e.TaskID},
		map[dondoc.UnitSide]int64{sideRaiser: e.FromUnitID}, raiserPeople...)
	return err
}

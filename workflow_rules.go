package dondoc

// This file holds the rules of the work around a task: who may report, review, ask for more time,
// escalate and record field visits, and what a valid request looks like. Storage applies them; it
// does not repeat them.

// leadSide reports whether the actor works for the lead unit of a task (its head or officers),
// which is the side that reports and asks for more time.
func leadSide(a *Actor, u TaskUnits) bool {
	return a.HasRole(u.LeadPath, RoleUnitHead, RoleUnitOfficer)
}

// assignerSide reports whether the actor speaks for the unit that assigned a task: its office and
// its leaders accept reports and decide extensions.
func assignerSide(a *Actor, u TaskUnits) bool {
	return a.HasRole(u.AssignerPath, RoleOffice, RoleLeader)
}

// CanSubmitReport reports whether the actor may submit a progress report on a task: the lead unit
// reports on its own work.
func CanSubmitReport(a *Actor, u TaskUnits) bool { return leadSide(a, u) }

// CanRequestExtension reports whether the actor may ask to move a task's deadline; like reports,
// the request comes from the lead unit that carries the work.
func CanRequestExtension(a *Actor, u TaskUnits) bool { return leadSide(a, u) }

// CanDecideExtension reports whether the actor may grant or refuse more time: only the side that
// set the deadline may move it.
func CanDecideExtension(a *Actor, u TaskUnits) bool { return assignerSide(a, u) }

// NextReportStatus decides a review of a progress report. A submitted report goes first to the head
// of the lead unit, who approves it or returns it; an approved report then goes to the assigning
// side, who accepts it or returns it. A report in any other status is a conflict; a reviewer who is
// not the one the status waits for is forbidden.
func NextReportStatus(a *Actor, current ReportStatus, u TaskUnits, approve bool) (ReportStatus, error) {
	switch current {
	case ReportSubmitted:
		if !a.HasRole(u.LeadPath, RoleUnitHead) {
			return "", Forbidden("Chỉ thủ trưởng đơn vị chủ trì được duyệt báo cáo trước khi gửi lên.",
				"Only the head of the lead unit may approve the report before it goes up.")
		}
		if approve {
			return ReportApproved, nil
		}
		return ReportReturned, nil
	case ReportApproved:
		if !assignerSide(a, u) {
			return "", Forbidden("Chỉ đơn vị giao nhiệm vụ được tiếp nhận báo cáo đã duyệt.",
				"Only the assigning side may accept an approved report.")
		}
		if approve {
			return ReportAccepted, nil
		}
		return ReportReturned, nil
	}
	return "", Conflict("Báo cáo ở trạng thái “"+ReportStatusLabelVI[current]+"” nên không thể xem xét nữa.",
		"A report in status "+string(current)+" cannot be reviewed.")
}

// ReportStatusLabelVI is the Vietnamese word for each report status, as users see it.
var ReportStatusLabelVI = map[ReportStatus]string{
	ReportSubmitted: "đã gửi", ReportApproved: "đã duyệt", ReportAccepted: "đã tiếp nhận", ReportReturned: "bị trả lại",
}

// CheckExtensionLimit refuses a new request once a task has had as many extensions as allowed:
// practice limits how often a deadline may slip.
func CheckExtensionLimit(used, limit int) error {
	if used >= limit {
		return Conflict("Nhiệm vụ đã gia hạn tối đa "+itoa(limit)+" lần.",
			"The task has already been extended the maximum of "+itoa(limit)+" times.")
	}
	return nil
}

// Validate checks a review decision. A refusal must say why, so that the unit knows what to
// change; an approval may come without a note.
func (d *ReviewDecision) Validate() error {
	if d.Approve {
		return OptionalText("note", d.Note, 10_000)
	}
	return RequireText("note", d.Note, 10_000)
}

// Validate checks an extension request against the deadline in force: the proposed date must be a
// real date after it, and the reason must be given.
func (in *ExtensionInput) Validate(currentDue Date) error {
	if in.Proposed == "" {
		return Invalid("proposed", "Hạn đề nghị là bắt buộc.", "proposed is required.")
	}
	if !in.Proposed.Valid() {
		return Invalid("proposed", "Hạn đề nghị phải là ngày dạng YYYY-MM-DD.", "proposed must be a date YYYY-MM-DD.")
	}
	if currentDue == "" || currentDue == NoDate {
		return Errorf(EConflict, "proposed", "Nhiệm vụ không có hạn xử lý cụ thể nên không cần gia hạn.",
			"The task has no fixed deadline to extend.")
	}
	if in.Proposed <= currentDue {
		return Invalid("proposed", "Hạn đề nghị phải sau hạn hiện tại ("+currentDue.Format()+").",
			"proposed must be after the current deadline ("+string(currentDue)+").")
	}
	return RequireText("reason", in.Reason, 10_000)
}

// Validate checks an escalation before its units and task are looked up; today bounds the response
// deadline, which may not lie in the past.
func (in *EscalationInput) Validate(today Date) error {
	if in.FromUnitID <= 0 {
		return Invalid("from_unit_id", "Đơn vị kiến nghị là bắt buộc.", "from_unit_id is required.")
	}
	if in.ToUnitID <= 0 {
		return Invalid("to_unit_id", "Đơn vị nhận kiến nghị là bắt buộc.", "to_unit_id is required.")
	}
	if in.ToUnitID == in.FromUnitID {
		return Invalid("to_unit_id", "Đơn vị nhận kiến nghị phải khác đơn vị kiến nghị.", "to_unit_id must differ from from_unit_id.")
	}
	if err := RequireText("subject", in.Subject, 1000); err != nil {
		return err
	}
	if err := OptionalText("text", in.Text, 50_000); err != nil {
		return err
	}
	if in.ResponseDue == "" {
		return Invalid("response_due", "Hạn trả lời là bắt buộc.", "response_due is required.")
	}
	if !in.ResponseDue.Valid() {
		return Invalid("response_due", "Hạn trả lời phải là ngày dạng YYYY-MM-DD.", "response_due must be a date YYYY-MM-DD.")
	}
	if in.ResponseDue < today {
		return Invalid("response_due", "Hạn trả lời không được trước ngày hôm nay.", "response_due must not be before today.")
	}
	if in.ReportID != nil && in.TaskID == nil {
		return Invalid("task_id", "Kiến nghị từ báo cáo phải ghi rõ nhiệm vụ của báo cáo.", "task_id is required with report_id.")
	}
	return nil
}

// CanRaiseEscalation reports whether the actor may raise an escalation in the name of a unit: its
// head, its officers, or the office that follows its work.
func CanRaiseEscalation(a *Actor, fromPath string) bool {
	return a.HasRole(fromPath, RoleUnitHead, RoleUnitOfficer, RoleOffice)
}

// CanAnswerEscalation reports whether the actor may answer an escalation with a direction: only a
// leader over the unit it is addressed to gives directions.
func CanAnswerEscalation(a *Actor, toPath string) bool { return a.HasRole(toPath, RoleLeader) }

// CanCloseEscalation reports whether the actor may close an answered escalation: the side that
// raised it says when the difficulty is resolved.
func CanCloseEscalation(a *Actor, fromPath string) bool { return CanRaiseEscalation(a, fromPath) }

// MaxDirectionTasks bounds the tasks one direction may create, so that one request stays small.
const MaxDirectionTasks = 100

// Validate checks a direction: its text is required, its new deadline must be a real date, and the
// tasks it creates are checked one by one when they are created.
func (in *DirectionInput) Validate() error {
	if err := RequireText("direction", in.Direction, 50_000); err != nil {
		return err
	}
	if len(in.NewTasks) > MaxDirectionTasks {
		return Invalid("new_tasks", "Quá nhiều nhiệm vụ mới (tối đa "+itoa(MaxDirectionTasks)+").",
			"Too many new tasks (at most "+itoa(MaxDirectionTasks)+").")
	}
	if in.NewDeadline != "" && !in.NewDeadline.Valid() {
		return Invalid("new_deadline", "Hạn mới phải là ngày dạng YYYY-MM-DD.", "new_deadline must be a date YYYY-MM-DD.")
	}
	return nil
}

// CanRecordFieldVisit reports whether the actor may record a visit to the units at paths: leaders
// go to their areas, and the office records the visit for them, so either must cover every unit
// visited.
func CanRecordFieldVisit(a *Actor, paths []string) bool {
	for _, p := range paths {
		if !a.HasRole(p, RoleLeader, RoleOffice) {
			return false
		}
	}
	return len(paths) > 0
}

// MaxVisitItems bounds the units and findings of one visit.
const MaxVisitItems = 500

// Validate checks a field visit before its people and units are looked up.
func (in *FieldVisitInput) Validate() error {
	if in.LeaderID <= 0 {
		return Invalid("leader_person_id", "Lãnh đạo đi cơ sở là bắt buộc.", "leader_person_id is required.")
	}
	if in.Date == "" {
		return Invalid("date", "Ngày đi cơ sở là bắt buộc.", "date is required.")
	}
	if !in.Date.Valid() {
		return Invalid("date", "Ngày đi cơ sở phải là ngày dạng YYYY-MM-DD.", "date must be a date YYYY-MM-DD.")
	}
	if err := OptionalText("area", in.Area, 1000); err != nil {
		return err
	}
	if err := OptionalText("summary", in.Summary, 50_000); err != nil {
		return err
	}
	if len(in.UnitIDs) == 0 {
		return Invalid("unit_ids", "Cần ít nhất một đơn vị được đến làm việc.", "At least one visited unit is required.")
	}
	if len(in.UnitIDs) > MaxVisitItems {
		return Invalid("unit_ids", "Quá nhiều đơn vị.", "Too many units.")
	}
	seen := map[int64]bool{}
	for i, u := range in.UnitIDs {
		field := "unit_ids[" + itoa(i) + "]"
		if u <= 0 {
			return Invalid(field, "Mã đơn vị không hợp lệ.", "Invalid unit id.")
		}
		if seen[u] {
			return Invalid(field, "Đơn vị bị lặp.", "Unit repeated.")
		}
		seen[u] = true
	}
	if len(in.Findings) > MaxVisitItems {
		return Invalid("findings", "Quá nhiều kết luận.", "Too many findings.")
	}
	for i, f := range in.Findings {
		if err := RequireText("findings["+itoa(i)+"]", f, 10_000); err != nil {
			return err
		}
	}
	return nil
}

// CheckExtendable refuses to move the deadline of a task that is not running: a done, suspended or
// cancelled task has no deadline left to extend.
func CheckExtendable(s Status) error {
	if !s.Open() {
		return Conflict("Không thể đổi hạn khi nhiệm vụ đang ở trạng thái “"+StatusLabelVI[s]+"”.",
			"Cannot move the deadline of a task in status "+string(s)+".")
	}
	return nil
}

// ExtendedDeadline is the deadline a task gets when it is moved to a new date: a plain date, keeping
// the words of the document so that the original assignment stays readable.
func ExtendedDeadline(old Deadline, to Date) Deadline {
	return Deadline{Kind: DeadlineDate, Date: to, Phrase: old.Phrase}
}

// CheckEscalationStep allows the two steps of an escalation: an open one is answered, an answered
// one is closed. Anything else is a conflict naming the current status.
func CheckEscalationStep(from, to EscalationStatus) error {
	if (from == EscalationOpen && to == EscalationAnswered) || (from == EscalationAnswered && to == EscalationClosed) {
		return nil
	}
	return Conflict("Kiến nghị đang ở trạng thái “"+EscalationStatusLabelVI[from]+"” nên không thể chuyển sang “"+EscalationStatusLabelVI[to]+"”.",
		"An escalation in status "+string(from)+" cannot become "+string(to)+".")
}

// EscalationStatusLabelVI is the Vietnamese word for each escalation status.
var EscalationStatusLabelVI = map[EscalationStatus]string{
	EscalationOpen: "chờ trả lời", EscalationAnswered: "đã trả lời", EscalationClosed: "đã đóng",
}

// Valid reports whether s is a known escalation status.
func (s EscalationStatus) Valid() bool {
	_, ok := EscalationStatusLabelVI[s]
	return ok
}

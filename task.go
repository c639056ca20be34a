package dondoc

import (
	"context"
	"time"
)

// Status is where a task stands in its lifecycle. Overdue, due soon, on time and late are not
// statuses: they are computed from the deadline in force whenever a task is read.
type Status string

// The task statuses of DESIGN.md.
const (
	StatusDraft               Status = "draft"
	StatusAssigned            Status = "assigned"
	StatusInProgress          Status = "in_progress"
	StatusCompletionRequested Status = "completion_requested"
	StatusDone                Status = "done"
	StatusSuspended           Status = "suspended"
	StatusCancelled           Status = "cancelled"
)

// Statuses lists every status.
var Statuses = []Status{StatusDraft, StatusAssigned, StatusInProgress, StatusCompletionRequested,
	StatusDone, StatusSuspended, StatusCancelled}

// OpenStatuses are the statuses in which a task is running and its deadline counts.
var OpenStatuses = []Status{StatusAssigned, StatusInProgress, StatusCompletionRequested}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Open reports whether the deadline of a task in this status is running.
func (s Status) Open() bool {
	return s == StatusAssigned || s == StatusInProgress || s == StatusCompletionRequested
}

// DeadlineKind is the form of a deadline as directives write it.
type DeadlineKind string

// The deadline kinds: a date, N working days from receipt, a recurring obligation, or none
// ("thường xuyên").
const (
	DeadlineNone        DeadlineKind = "none"
	DeadlineDate        DeadlineKind = "date"
	DeadlineWorkingDays DeadlineKind = "working_days"
	DeadlineRecurring   DeadlineKind = "recurring"
)

// Recurrences are the periods of a recurring obligation.
var Recurrences = []string{"monthly", "quarterly", "half_yearly", "yearly"}

// Deadline is a task's deadline as assigned. Phrase keeps the words of the document ("trước ngày
// 15 hằng tháng") so that nothing is lost when it is turned into a date.
type Deadline struct {
	Kind        DeadlineKind `json:"kind"`
	Date        Date         `json:"date,omitempty"`
	WorkingDays int          `json:"working_days,omitempty"`
	Recurrence  string       `json:"recurrence,omitempty"`
	DayOfPeriod int          `json:"day_of_period,omitempty"`
	Phrase      string       `json:"phrase,omitempty"`
}

// Validate checks the deadline against the date the task starts from (the document date, or
// today for a task without a document).
func (d Deadline) Validate(field string, start Date) error {
	switch d.Kind {
	case DeadlineNone, "":
	case DeadlineDate:
		if !d.Date.Valid() {
			return Invalid(field+".date", "Hạn xử lý phải là ngày dạng YYYY-MM-DD.", "deadline date must be YYYY-MM-DD.")
		}
		if start != "" && d.Date < start {
			return Invalid(field+".date", "Hạn xử lý không được trước ngày ban hành văn bản.", "The deadline must not be before the document date.")
		}
	case DeadlineWorkingDays:
		if d.WorkingDays < 1 || d.WorkingDays > 365 {
			return Invalid(field+".working_days", "Số ngày làm việc phải từ 1 đến 365.", "working_days must be between 1 and 365.")
		}
	case DeadlineRecurring:
		if !contains(Recurrences, d.Recurrence) {
			return Invalid(field+".recurrence", "Chu kỳ phải là monthly, quarterly, half_yearly hoặc yearly.", "recurrence must be monthly, quarterly, half_yearly or yearly.")
		}
		if d.DayOfPeriod < 0 || d.DayOfPeriod > 31 {
			return Invalid(field+".day_of_period", "Ngày trong kỳ phải từ 1 đến 31.", "day_of_period must be between 1 and 31.")
		}
	default:
		return Invalid(field+".kind", "Loại hạn xử lý không hợp lệ.", "Unknown deadline kind.")
	}
	return OptionalText(field+".phrase", d.Phrase, 500)
}

// Due resolves the deadline in force to a date: the date itself, or N working days after receipt.
// Recurring and open-ended obligations have no single due date and give NoDate.
func (d Deadline) Due(receivedOn Date, holiday func(Date) bool) Date {
	switch d.Kind {
	case DeadlineDate:
		return d.Date
	case DeadlineWorkingDays:
		if receivedOn.Valid() {
			return AddWorkingDays(receivedOn, d.WorkingDays, holiday)
		}
	}
	return NoDate
}

// Coordinator is a unit that takes part in a task under the lead unit, with its own part of the
// work and its own status.
type Coordinator struct {
	UnitID int64  `json:"unit_id"`
	Part   string `json:"part,omitempty"`
	Status Status `json:"status"`
}

// Task is a tracked piece of work assigned to a lead unit.
type Task struct {
	ID                int64         `json:"id"`
	DocumentID        *int64        `json:"document_id"`
	ClauseID          string        `json:"clause_id,omitempty"`
	SourceKind        string        `json:"source_kind"`
	SourceID          *int64        `json:"source_id"`
	ParentID          *int64        `json:"parent_id"`
	ProjectID         *int64        `json:"project_id"`
	Title             string        `json:"title"`
	Text              string        `json:"text,omitempty"`
	LeadUnitID        int64         `json:"lead_unit_id"`
	Coordinators      []Coordinator `json:"coordinators"`
	AccountablePostID *int64        `json:"accountable_post_id"`
	AssignerUnitID    int64         `json:"assigner_unit_id"`
	ReportToUnitID    *int64        `json:"report_to_unit_id"`
	Deadline          Deadline      `json:"deadline"`
	DueOn             Date          `json:"due_on"`
	Key               bool          `json:"key"`
	Status            Status        `json:"status"`
	StatusBefore      Status        `json:"-"`
	Progress          int           `json:"progress"`
	Extensions        int           `json:"extensions"`
	CompletedOn       Date          `json:"completed_on"`
	ChildCount        int           `json:"child_count"`
	Version           int64         `json:"version"`
	CreatedAt         time.Time     `json:"created_at"`
	UpdatedAt         time.Time     `json:"updated_at"`

	// Timing is computed on every read from the deadline in force; it is never stored.
	Timing Timing `json:"timing"`
}

// Timing is the computed state of a task against its deadline.
type Timing struct {
	Overdue     bool   `json:"overdue"`
	DueSoon     bool   `json:"due_soon"`
	DaysLeft    *int   `json:"days_left"`
	DaysOverdue int    `json:"days_overdue,omitempty"`
	Outcome     string `json:"outcome,omitempty"` // on_time or late, for done tasks
}

// ComputeTiming fills t.Timing for the given day, showing an open task as due soon from
// dueSoonDays before its deadline (FollowUp.DueSoonDays). It is the one place where overdue and
// on-time are decided, so that lists, pages and reports agree.
func (t *Task) ComputeTiming(today Date, dueSoonDays int) {
	t.Timing = Timing{}
	if t.DueOn == "" || t.DueOn == NoDate {
		return
	}
	switch {
	case t.Status.Open():
		left := today.DaysUntil(t.DueOn)
		t.Timing.DaysLeft = &left
		if left < 0 {
			t.Timing.Overdue = true
			t.Timing.DaysOverdue = -left
		} else if left <= dueSoonDays {
			t.Timing.DueSoon = true
		}
	case t.Status == StatusDone && t.CompletedOn != "":
		if t.CompletedOn <= t.DueOn {
			t.Timing.Outcome = "on_time"
		} else {
			t.Timing.Outcome = "late"
		}
	}
}

// TaskInput is what a client sends to create a task or change its fields.
type TaskInput struct {
	DocumentID        *int64        `json:"document_id"`
	ClauseID          string        `json:"clause_id"`
	ParentID          *int64        `json:"parent_id"`
	ProjectID         *int64        `json:"project_id"`
	Title             string        `json:"title"`
	Text              string        `json:"text"`
	LeadUnitID        int64         `json:"lead_unit_id"`
	Coordinators      []Coordinator `json:"coordinators"`
	AccountablePostID *int64        `json:"accountable_post_id"`
	AssignerUnitID    int64         `json:"assigner_unit_id"`
	ReportToUnitID    *int64        `json:"report_to_unit_id"`
	Deadline          Deadline      `json:"deadline"`
	Key               bool          `json:"key"`
	// Assign creates the task directly in the assigned state instead of as a draft.
	Assign bool `json:"assign"`
	// CascadeTo creates one child task per unit, each led by that unit, under the new task.
	CascadeTo []int64 `json:"cascade_to"`
}

// Validate checks a task input; start is the date the deadline may not precede.
func (in *TaskInput) Validate(start Date) error {
	if err := RequireText("title", in.Title, 1000); err != nil {
		return err
	}
	if err := OptionalText("text", in.Text, 100_000); err != nil {
		return err
	}
	if err := OptionalText("clause_id", in.ClauseID, 50); err != nil {
		return err
	}
	if in.LeadUnitID <= 0 {
		return Invalid("lead_unit_id", "Đơn vị chủ trì là bắt buộc.", "lead_unit_id is required.")
	}
	if in.AssignerUnitID <= 0 {
		return Invalid("assigner_unit_id", "Đơn vị giao nhiệm vụ là bắt buộc.", "assigner_unit_id is required.")
	}
	if len(in.Coordinators) > 200 {
		return Invalid("coordinators", "Quá nhiều đơn vị phối hợp.", "Too many coordinators.")
	}
	seen := map[int64]bool{in.LeadUnitID: true}
	for i, c := range in.Coordinators {
		field := "coordinators[" + itoa(i) + "]"
		if c.UnitID <= 0 {
			return Invalid(field+".unit_id", "Thiếu đơn vị phối hợp.", "unit_id is required.")
		}
		if seen[c.UnitID] {
			return Invalid(field+".unit_id", "Đơn vị bị lặp hoặc trùng đơn vị chủ trì.", "Unit repeated or equal to the lead unit.")
		}
		seen[c.UnitID] = true
		if err := OptionalText(field+".part", c.Part, 2000); err != nil {
			return err
		}
	}
	if len(in.CascadeTo) > 5000 {
		return Invalid("cascade_to", "Quá nhiều đơn vị.", "Too many units.")
	}
	return in.Deadline.Validate("deadline", start)
}

// Action is a transition of the task lifecycle; each is recorded as an event on the timeline.
type Action string

// The lifecycle actions of DESIGN.md.
const (
	ActionAssign            Action = "assign"
	ActionReport            Action = "report"
	ActionRequestCompletion Action = "request_completion"
	ActionConfirm           Action = "confirm"
	ActionReject            Action = "reject"
	ActionSuspend           Action = "suspend"
	ActionResume            Action = "resume"
	ActionCancel            Action = "cancel"
	ActionTransfer          Action = "transfer"
)

// Actions lists every lifecycle action.
var Actions = []Action{ActionAssign, ActionReport, ActionRequestCompletion, ActionConfirm, ActionReject,
	ActionSuspend, ActionResume, ActionCancel, ActionTransfer}

// transitions is the state machine: for each action, the states it may start from and the state it
// leads to. Resume returns to the state before suspension and transfer keeps the state, so their
// targets are decided in Next.
var transitions = map[Action]struct {
	from []Status
	to   Status
}{
	ActionAssign:            {[]Status{StatusDraft}, StatusAssigned},
	ActionReport:            {[]Status{StatusAssigned, StatusInProgress}, StatusInProgress},
	ActionRequestCompletion: {[]Status{StatusAssigned, StatusInProgress}, StatusCompletionRequested},
	ActionConfirm:           {[]Status{StatusCompletionRequested}, StatusDone},
	ActionReject:            {[]Status{StatusCompletionRequested}, StatusInProgress},
	ActionSuspend:           {[]Status{StatusAssigned, StatusInProgress, StatusCompletionRequested}, StatusSuspended},
	ActionResume:            {[]Status{StatusSuspended}, ""},
	ActionCancel:            {[]Status{StatusDraft, StatusAssigned, StatusInProgress, StatusCompletionRequested, StatusSuspended}, StatusCancelled},
	ActionTransfer:          {[]Status{StatusDraft, StatusAssigned, StatusInProgress}, ""},
}

// Next returns the status a task reaches by the action, or a conflict error naming the current
// status when the action is not allowed from it.
func (t *Task) Next(a Action) (Status, error) {
	tr, ok := transitions[a]
	if !ok {
		return "", Invalid("action", "Thao tác không hợp lệ.", "Unknown action.")
	}
	allowed := false
	for _, s := range tr.from {
		if s == t.Status {
			allowed = true
			break
		}
	}
	if !allowed {
		return "", Errorf(EConflict, "action",
			"Không thể "+ActionLabelVI[a]+" khi nhiệm vụ đang ở trạng thái “"+StatusLabelVI[t.Status]+"”.",
			"Cannot "+string(a)+" a task in status "+string(t.Status)+".")
	}
	switch a {
	case ActionResume:
		if t.StatusBefore.Open() {
			return t.StatusBefore, nil
		}
		return StatusInProgress, nil
	case ActionTransfer:
		return t.Status, nil
	}
	return tr.to, nil
}

// StatusLabelVI is the Vietnamese word for each status, as users see it.
var StatusLabelVI = map[Status]string{
	StatusDraft: "dự thảo", StatusAssigned: "đã giao", StatusInProgress: "đang thực hiện",
	StatusCompletionRequested: "chờ xác nhận hoàn thành", StatusDone: "hoàn thành",
	StatusSuspended: "tạm dừng", StatusCancelled: "đã hủy",
}

// ActionLabelVI is the Vietnamese verb for each action.
var ActionLabelVI = map[Action]string{
	ActionAssign: "giao", ActionReport: "báo cáo", ActionRequestCompletion: "đề nghị hoàn thành",
	ActionConfirm: "xác nhận hoàn thành", ActionReject: "trả lại", ActionSuspend: "tạm dừng",
	ActionResume: "tiếp tục", ActionCancel: "hủy", ActionTransfer: "chuyển",
}

// TaskUnits carries the unit paths a permission decision needs.
type TaskUnits struct {
	LeadPath        string
	AssignerPath    string
	CoordinatorPath []string
}

// CanDo is the single permission rule of the task lifecycle. The assigning side (office and
// leaders over the assigner unit) assigns, confirms, rejects, suspends, resumes, cancels and
// transfers; the lead unit (its head and officers) reports and asks to close. The office of the
// assigner may also report on behalf of a unit, as offices do when a unit reports on paper.
func CanDo(a *Actor, act Action, u TaskUnits) bool {
	assignerSide := a.HasRole(u.AssignerPath, RoleOffice, RoleLeader)
	leadSide := a.HasRole(u.LeadPath, RoleUnitHead, RoleUnitOfficer)
	switch act {
	case ActionReport:
		return leadSide || assignerSide || a.HasRole(u.LeadPath, RoleOffice)
	case ActionRequestCompletion:
		return leadSide || assignerSide
	default:
		return assignerSide
	}
}

// CanEditTask reports whether the actor may change a task's fields, which only the assigning side
// may do.
func CanEditTask(a *Actor, u TaskUnits) bool {
	return a.HasRole(u.AssignerPath, RoleOffice, RoleLeader)
}

// CanCreateTask reports whether the actor may create a task assigned by a unit.
func CanCreateTask(a *Actor, assignerPath string) bool {
	return a.HasRole(assignerPath, RoleOffice, RoleLeader)
}

// TransitionInput carries the optional data of a lifecycle action.
type TransitionInput struct {
	Action Action `json:"action"`
	Note   string `json:"note"`
	// ToUnitID is the new lead unit for a transfer.
	ToUnitID int64 `json:"to_unit_id"`
	// CompletedOn is the completion date for a confirmation; today when empty.
	CompletedOn Date `json:"completed_on"`
}

// Event is one entry on a task's timeline. Nothing about a task changes without one.
type Event struct {
	ID      int64     `json:"id"`
	TaskID  int64     `json:"task_id"`
	Kind    string    `json:"kind"`
	ActorID *int64    `json:"actor_id"`
	Actor   string    `json:"actor"`
	At      time.Time `json:"at"`
	Note    string    `json:"note,omitempty"`
	Data    string    `json:"data,omitempty"`
}

// TaskFilter narrows task lists. UnitID selects tasks led by a unit or any unit under it.
type TaskFilter struct {
	UnitID    int64
	Status    []Status
	Overdue   *bool
	DueBefore Date
	// DueFrom is the first deadline kept, inclusive; tasks without a deadline are then left out.
	DueFrom Date
	// Colour keeps the tasks showing in one colour of the home page, as Task.ComputeTiming
	// colours them with the due-soon setting in force.
	Colour     TaskColour
	DocumentID int64
	ParentID   int64
	Key        *bool
	Q          string
	Cursor     string
	Limit      int
}

// TaskColour is the colour a task shows in lists and counts (TaskCounts): a filter by colour
// selects what the home page counts, so that a figure links to its tasks.
type TaskColour string

// The task colours. Active is an open task neither overdue nor due soon.
const (
	ColourOverdue TaskColour = "overdue"
	ColourDueSoon TaskColour = "due_soon"
	ColourActive  TaskColour = "active"
	ColourDone    TaskColour = "done"
)

// CascadeInput gives an existing task on to units under its lead unit: one child task per unit,
// led by that unit, assigned by the parent's lead unit, with the parent's document, clause,
// project and key flag. Title and Deadline default to the parent's.
type CascadeInput struct {
	Units    []int64  `json:"units"`
	Title    string   `json:"title"`
	Deadline Deadline `json:"deadline"`
}

// MaxCascadeUnits bounds one cascade, as TaskInput.CascadeTo is bounded.
const MaxCascadeUnits = 5000

// Validate checks a cascade's own fields; the units are checked against the parent in storage.
func (in *CascadeInput) Validate() error {
	if len(in.Units) == 0 {
		return Invalid("units", "Hãy chọn ít nhất một đơn vị.", "Choose at least one unit.")
	}
	if len(in.Units) > MaxCascadeUnits {
		return Invalid("units", "Quá nhiều đơn vị.", "Too many units.")
	}
	seen := make(map[int64]bool, len(in.Units))
	for i, u := range in.Units {
		field := "units[" + itoa(i) + "]"
		if u <= 0 {
			return Invalid(field, "Mã đơn vị không hợp lệ.", "Invalid unit id.")
		}
		if seen[u] {
			return Invalid(field, "Đơn vị bị chọn hai lần.", "The unit is chosen twice.")
		}
		seen[u] = true
	}
	return OptionalText("title", in.Title, 1000)
}

// TaskService creates tasks, moves them through the lifecycle and lists them in scope.
type TaskService interface {
	CreateTask(ctx context.Context, in TaskInput) (*Task, error)
	GetTask(ctx context.Context, id int64) (*Task, error)
	UpdateTask(ctx context.Context, id, version int64, in TaskInput) (*Task, error)
	Transition(ctx context.Context, id, version int64, in TransitionInput) (*Task, error)
	ListTasks(ctx context.Context, f TaskFilter) (*Page[Task], error)
	// Cascade gives task id on to units under its lead unit in one transaction: every child task
	// is created, or none is.
	Cascade(ctx context.Context, id int64, in CascadeInput) ([]Task, error)
	Timeline(ctx context.Context, id int64) ([]Event, error)
	// UpdateCoordination sets a coordinating unit's status for its own part of an open task.
	UpdateCoordination(ctx context.Context, id, version, unitID int64, in CoordinationInput) (*Task, error)
}

// CoordinatorStatuses are the statuses a coordinating unit may give its own part.
var CoordinatorStatuses = []Status{StatusInProgress, StatusDone}

// CanUpdateCoordination reports whether the actor may set the status of a coordinating unit's part:
// that unit's head and officers, or the assigning side.
func CanUpdateCoordination(a *Actor, coordinatorPath string, u TaskUnits) bool {
	return a.HasRole(coordinatorPath, RoleUnitHead, RoleUnitOfficer) || a.HasRole(u.AssignerPath, RoleOffice, RoleLeader)
}

// CoordinationInput is a coordinating unit's report on its own part of a task.
type CoordinationInput struct {
	Status Status `json:"status"`
	Note   string `json:"note"`
}

// Validate checks a coordination update.
func (in *CoordinationInput) Validate() error {
	if in.Status != StatusInProgress && in.Status != StatusDone {
		return Invalid("status", "Trạng thái phần phối hợp phải là in_progress hoặc done.", "status must be in_progress or done.")
	}
	return OptionalText("note", in.Note, 10_000)
}

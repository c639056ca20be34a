package dondoc

import (
	"context"
	"time"
)

// ReportStatus is where a progress report stands: submitted by an officer, approved by the unit
// head, then accepted (or returned) by the assigner.
type ReportStatus string

// The progress report statuses.
const (
	ReportSubmitted ReportStatus = "submitted"
	ReportApproved  ReportStatus = "approved"
	ReportAccepted  ReportStatus = "accepted"
	ReportReturned  ReportStatus = "returned"
)

// ProgressReport is a unit's account of a task: what was done, how far, and what stands in the way.
type ProgressReport struct {
	ID           int64        `json:"id"`
	TaskID       int64        `json:"task_id"`
	Period       string       `json:"period,omitempty"`
	Text         string       `json:"text"`
	Percent      int          `json:"percent"`
	Difficulties string       `json:"difficulties,omitempty"`
	Proposals    string       `json:"proposals,omitempty"`
	Status       ReportStatus `json:"status"`
	SubmittedBy  int64        `json:"submitted_by"`
	ApprovedBy   *int64       `json:"approved_by"`
	AcceptedBy   *int64       `json:"accepted_by"`
	Note         string       `json:"note,omitempty"`
	// Attachments are the files sent with the report, in the order given; never nil.
	Attachments []Attachment `json:"attachments"`
	Version     int64        `json:"version"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// ReportInput is what an officer submits.
type ReportInput struct {
	Period       string `json:"period"`
	Text         string `json:"text"`
	Percent      *int   `json:"percent"`
	Difficulties string `json:"difficulties"`
	Proposals    string `json:"proposals"`
	// Attachments are files uploaded beforehand (POST /api/v1/files) to send with the report.
	Attachments []AttachmentInput `json:"attachments"`
}

// Validate checks a progress report.
func (in *ReportInput) Validate() error {
	if err := RequireText("text", in.Text, 50_000); err != nil {
		return err
	}
	if in.Percent == nil {
		return Invalid("percent", "Tỷ lệ hoàn thành là bắt buộc.", "percent is required.")
	}
	if *in.Percent < 0 || *in.Percent > 100 {
		return Invalid("percent", "Tỷ lệ hoàn thành phải từ 0 đến 100.", "percent must be between 0 and 100.")
	}
	for _, f := range []struct{ name, v string }{{"period", in.Period}, {"difficulties", in.Difficulties}, {"proposals", in.Proposals}} {
		if err := OptionalText(f.name, f.v, 50_000); err != nil {
			return err
		}
	}
	return validateAttachments(in.Attachments)
}

// ReviewDecision is a unit head's or assigner's decision on a report or a request.
type ReviewDecision struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note"`
}

// ExtensionStatus is the state of an extension request.
type ExtensionStatus string

// The extension statuses.
const (
	ExtensionPending  ExtensionStatus = "pending"
	ExtensionApproved ExtensionStatus = "approved"
	ExtensionRejected ExtensionStatus = "rejected"
)

// MaxExtensions is how many extensions a task may receive by default.
const MaxExtensions = 2

// Extension is a request to move a task's deadline.
type Extension struct {
	ID          int64           `json:"id"`
	TaskID      int64           `json:"task_id"`
	Proposed    Date            `json:"proposed"`
	Reason      string          `json:"reason"`
	Status      ExtensionStatus `json:"status"`
	RequestedBy int64           `json:"requested_by"`
	DecidedBy   *int64          `json:"decided_by"`
	Note        string          `json:"note,omitempty"`
	Version     int64           `json:"version"`
	CreatedAt   time.Time       `json:"created_at"`
}

// ExtensionInput is what a unit sends to ask for more time.
type ExtensionInput struct {
	Proposed Date   `json:"proposed"`
	Reason   string `json:"reason"`
}

// EscalationStatus is the state of an escalation.
type EscalationStatus string

// The escalation statuses: open until a leader answers, then closed by the unit when resolved.
const (
	EscalationOpen     EscalationStatus = "open"
	EscalationAnswered EscalationStatus = "answered"
	EscalationClosed   EscalationStatus = "closed"
)

// Escalation is a difficulty raised to the assigning body or the Standing Committee (kiến nghị).
type Escalation struct {
	ID              int64            `json:"id"`
	TaskID          *int64           `json:"task_id"`
	ReportID        *int64           `json:"report_id"`
	FromUnitID      int64            `json:"from_unit_id"`
	ToUnitID        int64            `json:"to_unit_id"`
	Subject         string           `json:"subject"`
	Text            string           `json:"text"`
	ResponseDue     Date             `json:"response_due"`
	Status          EscalationStatus `json:"status"`
	Direction       string           `json:"direction,omitempty"`
	AnsweredBy      *int64           `json:"answered_by"`
	AnsweredOn      Date             `json:"answered_on"`
	RaisedBy        int64            `json:"raised_by"`
	RaisedOn        Date             `json:"raised_on"`
	DaysOutstanding int              `json:"days_outstanding"`
	Version         int64            `json:"version"`
	CreatedAt       time.Time        `json:"created_at"`
}

// ComputeOutstanding fills the days an escalation has waited: until the answer, or until today.
func (e *Escalation) ComputeOutstanding(today Date) {
	end := today
	if e.AnsweredOn != "" {
		end = e.AnsweredOn
	}
	e.DaysOutstanding = e.RaisedOn.DaysUntil(end)
}

// EscalationInput raises an escalation.
type EscalationInput struct {
	TaskID      *int64 `json:"task_id"`
	ReportID    *int64 `json:"report_id"`
	FromUnitID  int64  `json:"from_unit_id"`
	ToUnitID    int64  `json:"to_unit_id"`
	Subject     string `json:"subject"`
	Text        string `json:"text"`
	ResponseDue Date   `json:"response_due"`
}

// DirectionInput is a leader's answer to an escalation: a direction, and optionally new tasks and
// a new deadline for the escalated task.
type DirectionInput struct {
	Direction   string      `json:"direction"`
	NewTasks    []TaskInput `json:"new_tasks"`
	NewDeadline Date        `json:"new_deadline"`
}

// FieldVisit is a leader's visit to an assigned area or field (đi cơ sở), whose findings become
// tasks.
type FieldVisit struct {
	ID        int64     `json:"id"`
	LeaderID  int64     `json:"leader_person_id"`
	PostID    *int64    `json:"post_id"`
	Area      string    `json:"area"`
	Date      Date      `json:"date"`
	UnitIDs   []int64   `json:"unit_ids"`
	Summary   string    `json:"summary,omitempty"`
	Findings  []Finding `json:"findings"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// Finding is one conclusion of a field visit; TaskID is set once it became a task.
type Finding struct {
	ID     int64  `json:"id"`
	Text   string `json:"text"`
	TaskID *int64 `json:"task_id"`
}

// FieldVisitInput records a visit.
type FieldVisitInput struct {
	LeaderID int64    `json:"leader_person_id"`
	PostID   *int64   `json:"post_id"`
	Area     string   `json:"area"`
	Date     Date     `json:"date"`
	UnitIDs  []int64  `json:"unit_ids"`
	Summary  string   `json:"summary"`
	Findings []string `json:"findings"`
}

// WorkflowService handles the work around a task: reports, extensions, escalations, field visits.
type WorkflowService interface {
	SubmitReport(ctx context.Context, taskID int64, in ReportInput) (*ProgressReport, error)
	ReviewReport(ctx context.Context, reportID, version int64, d ReviewDecision) (*ProgressReport, error)
	ListReports(ctx context.Context, taskID int64) ([]ProgressReport, error)

	RequestExtension(ctx context.Context, taskID int64, in ExtensionInput) (*Extension, error)
	DecideExtension(ctx context.Context, extID, version int64, d ReviewDecision) (*Extension, error)
	ListExtensions(ctx context.Context, taskID int64) ([]Extension, error)

	RaiseEscalation(ctx context.Context, in EscalationInput) (*Escalation, error)
	GetEscalation(ctx context.Context, id int64) (*Escalation, error)
	AnswerEscalation(ctx context.Context, id, version int64, in DirectionInput) (*Escalation, error)
	CloseEscalation(ctx context.Context, id, version int64) (*Escalation, error)
	ListEscalations(ctx context.Context, status EscalationStatus, cursor string, limit int) (*Page[Escalation], error)

	RecordFieldVisit(ctx context.Context, in FieldVisitInput) (*FieldVisit, error)
	GetFieldVisit(ctx context.Context, id int64) (*FieldVisit, error)
	ListFieldVisits(ctx context.Context, cursor string, limit int) (*Page[FieldVisit], error)
	// FindingToTask turns a finding into a task and links the two.
	FindingToTask(ctx context.Context, visitID, findingID int64, in TaskInput) (*Task, error)
}

package dondoc

import (
	"context"
	"time"
)

// TaskCounts are the tasks a filter selects, counted by the colour they show in, so that a home
// page can show a province's figures without reading every task. The colours follow
// Task.ComputeTiming: Overdue (red) and DueSoon (yellow) are open tasks past or near their
// deadline, Active (blue) the other open ones, Done (green) the completed ones.
type TaskCounts struct {
	Total   int `json:"total"`
	Overdue int `json:"overdue"`
	DueSoon int `json:"due_soon"`
	Active  int `json:"active"`
	Done    int `json:"done"`
	// DoneOnTime and DoneLate split the done tasks that had a deadline by whether they finished
	// by it; done tasks without a deadline are in neither.
	DoneOnTime int `json:"done_on_time"`
	DoneLate   int `json:"done_late"`
}

// OnTimeRate is the share of done tasks with a deadline that finished by it, as the scorecard
// computes it; ok is false when no such task is done yet.
func (c TaskCounts) OnTimeRate() (rate float64, ok bool) {
	if n := c.DoneOnTime + c.DoneLate; n > 0 {
		return float64(c.DoneOnTime) / float64(n), true
	}
	return 0, false
}

// TaskCounter counts the tasks in the caller's scope that a filter selects, with the same filter
// and scope as TaskService.ListTasks (the cursor and limit are ignored), in one query instead of
// a page at a time.
type TaskCounter interface {
	CountTasks(ctx context.Context, f TaskFilter) (*TaskCounts, error)
	// WaitingForMe counts what waits for the caller's decision and lists the oldest limit of
	// each kind.
	WaitingForMe(ctx context.Context, limit int) (*Waiting, error)
}

// WaitingKind says what kind of decision an item waits for.
type WaitingKind string

// The kinds of waiting item.
const (
	// WaitingReport is a progress report: submitted, for the head of the lead unit to approve, or
	// approved, for the assigning side to accept.
	WaitingReport WaitingKind = "report"
	// WaitingCompletion is a task whose lead unit asked the assigning side to confirm it done.
	WaitingCompletion WaitingKind = "completion"
	// WaitingExtension is an extension request for the assigning side to decide.
	WaitingExtension WaitingKind = "extension"
	// WaitingEscalation is an open escalation addressed to one of the caller's units.
	WaitingEscalation WaitingKind = "escalation"
)

// WaitingItem is one thing waiting for the caller: ID is the report's, request's or escalation's
// number (the task's for a completion), TaskID the task it concerns, Since when it started to
// wait.
type WaitingItem struct {
	Kind   WaitingKind `json:"kind"`
	ID     int64       `json:"id"`
	TaskID *int64      `json:"task_id"`
	Title  string      `json:"title"`
	Since  time.Time   `json:"since"`
	// Days is how many days it has waited, counted as Escalation.ComputeOutstanding counts them.
	Days int `json:"days"`
}

// Waiting is what waits for the caller's decision, as the home page shows it: who must approve a
// report, confirm a completion, decide an extension or answer an escalation follows the same
// rules as the actions themselves (NextReportStatus, CanDo, CanDecideExtension), so that nothing
// is listed that the caller could not act on. Escalations are those addressed to a unit the
// caller leads, heads or serves as office.
type Waiting struct {
	Reports     int           `json:"reports"`
	Completions int           `json:"completions"`
	Extensions  int           `json:"extensions"`
	Escalations int           `json:"escalations"`
	Items       []WaitingItem `json:"items"`
}

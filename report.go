package dondoc

import (
	"context"
	"slices"
	"time"
)

// ReportFilter selects what a report covers. From and To bound a scorecard's date range; UnitID
// narrows it to tasks led by a unit or any unit under it; DocumentID selects the tasks of one
// document for a review report.
type ReportFilter struct {
	From       Date
	To         Date
	UnitID     int64
	DocumentID int64
}

// Validate checks a scorecard's filter: both ends of the range are required and the range may not
// run backwards, because a scorecard without a period cannot be compared with another one.
func (f *ReportFilter) Validate() error {
	if f.From == "" || !f.From.Valid() {
		return Invalid("from", "Cần ngày bắt đầu dạng YYYY-MM-DD.", "A start date (YYYY-MM-DD) is required.")
	}
	if f.To == "" || !f.To.Valid() {
		return Invalid("to", "Cần ngày kết thúc dạng YYYY-MM-DD.", "An end date (YYYY-MM-DD) is required.")
	}
	if f.To < f.From {
		return Invalid("to", "Ngày kết thúc không được trước ngày bắt đầu.", "The end date may not precede the start date.")
	}
	return nil
}

// AsOf is the day on which a scorecard judges the tasks: the end of the range, or today when the
// range has not ended yet, since nothing after today is known.
func (f *ReportFilter) AsOf(today Date) Date {
	if f.To != "" && f.To < today {
		return f.To
	}
	return today
}

// TaskFact is the part of a task that reports count: a document's review reads one per task, and
// it is the task a scorecard's classification (ClassOn) is stated for, though storage hands a
// scorecard groups of tasks (TaskGroupFact) rather than these.
type TaskFact struct {
	ID           int64  `json:"id"`
	DocumentID   *int64 `json:"document_id"`
	Title        string `json:"title"`
	LeadUnitID   int64  `json:"lead_unit_id"`
	LeadUnitName string `json:"lead_unit_name"`
	// AccountablePostID is the post that answers for the task, usually the head of the lead unit.
	AccountablePostID *int64    `json:"accountable_post_id"`
	Status            Status    `json:"status"`
	DueOn             Date      `json:"due_on"`
	CompletedOn       Date      `json:"completed_on"`
	Extensions        int       `json:"extensions"`
	CreatedAt         time.Time `json:"created_at"`
}

// TimingOn returns the timing of the task as it stood at the end of day asOf. A task completed
// after asOf was still open that day, so it is judged as in progress; everything else goes through
// Task.ComputeTiming, so that reports and task lists mean the same by overdue, on time and late.
// Reports count no "due soon", so the default notice serves.
func (f *TaskFact) TimingOn(asOf Date) (Status, Timing) {
	t := Task{Status: f.Status, DueOn: f.DueOn, CompletedOn: f.CompletedOn}
	if t.Status == StatusDone && t.CompletedOn > asOf {
		t.Status, t.CompletedOn = StatusInProgress, ""
	}
	t.ComputeTiming(asOf, DefaultDueSoonDays)
	return t.Status, t.Timing
}

// TaskClass is what a scorecard makes of a task on the day it judges: each counted task falls in
// exactly one class, so that the columns of a scorecard add up to the tasks assigned.
type TaskClass string

// The classes of a counted task on the day judged. A task completed after that day was still open
// on it, so it is overdue or in progress, never done.
const (
	ClassDoneOnTime          TaskClass = "done_on_time"
	ClassDoneLate            TaskClass = "done_late"
	ClassDoneNoDeadline      TaskClass = "done_no_deadline"
	ClassOverdue             TaskClass = "overdue"
	ClassInProgress          TaskClass = "in_progress"
	ClassCompletionRequested TaskClass = "completion_requested"
	ClassSuspended           TaskClass = "suspended"
)

// Done reports whether the class is one of the completed ones, whose result belongs to the day of
// completion rather than the day judged.
func (c TaskClass) Done() bool {
	return c == ClassDoneOnTime || c == ClassDoneLate || c == ClassDoneNoDeadline
}

// UncountedStatuses are the statuses a scorecard leaves out: nobody owes a draft or a cancelled
// task.
var UncountedStatuses = []Status{StatusDraft, StatusCancelled}

// DeadlineTest is the condition a class rule puts on a task's deadline, read from the timing the
// task had on the day judged.
type DeadlineTest int

// The deadline tests: none, completed by the deadline, completed after it, and open past it.
const (
	DeadlineAny DeadlineTest = iota
	DeadlineMet
	DeadlineMissed
	DeadlinePassed
)

// TaskClassRule puts a task in Class when its status on the day judged is one of Statuses (any
// status when nil) and its deadline passes the test.
type TaskClassRule struct {
	Class    TaskClass
	Statuses []Status
	Deadline DeadlineTest
}

// TaskClassRules are the scorecard's classes, the first matching rule winning. They are the one
// description of the classification: TaskFact.ClassOn reads them against TimingOn. Storage keeps
// the same rules as dated events in its task tallies, so that a province's million tasks need not
// be read one by one; tests run both over the same generated tasks, many ranges and many changes,
// so the two cannot drift apart unnoticed.
var TaskClassRules = []TaskClassRule{
	{Class: ClassDoneOnTime, Statuses: []Status{StatusDone}, Deadline: DeadlineMet},
	{Class: ClassDoneLate, Statuses: []Status{StatusDone}, Deadline: DeadlineMissed},
	{Class: ClassDoneNoDeadline, Statuses: []Status{StatusDone}},
	{Class: ClassOverdue, Statuses: OpenStatuses, Deadline: DeadlinePassed},
	{Class: ClassCompletionRequested, Statuses: []Status{StatusCompletionRequested}},
	{Class: ClassInProgress, Statuses: []Status{StatusAssigned, StatusInProgress}},
	{Class: ClassSuspended},
}

// Matches reports whether a task in the status and timing it had on the day judged falls under
// the rule.
func (r *TaskClassRule) Matches(status Status, timing Timing) bool {
	if r.Statuses != nil && !slices.Contains(r.Statuses, status) {
		return false
	}
	switch r.Deadline {
	case DeadlineMet:
		return timing.Outcome == "on_time"
	case DeadlineMissed:
		return timing.Outcome == "late"
	case DeadlinePassed:
		return timing.Overdue
	}
	return true
}

// ClassOn returns the class of the task at the end of day asOf by TaskClassRules, or "" for a
// task a scorecard does not count.
func (f *TaskFact) ClassOn(asOf Date) TaskClass {
	if slices.Contains(UncountedStatuses, f.Status) {
		return ""
	}
	status, timing := f.TimingOn(asOf)
	for i := range TaskClassRules {
		if TaskClassRules[i].Matches(status, timing) {
			return TaskClassRules[i].Class
		}
	}
	return ""
}

// CountedIn reports whether a scorecard over the days from to asOf counts the task. Nobody owes a
// draft or a cancelled task. A done task counts when it was completed in the range or was still
// open at its end; one recorded only after its completion counts from the day it was completed,
// since the work was done then. Any other task counts once it was recorded, on or before asOf.
// The day a task was recorded is the date of CreatedAt in Vietnam.
func (f *TaskFact) CountedIn(from, asOf Date) bool {
	if slices.Contains(UncountedStatuses, f.Status) {
		return false
	}
	recorded := DateOf(f.CreatedAt)
	if f.Status != StatusDone {
		return recorded <= asOf
	}
	completed := f.CompletedOn
	if completed == "" {
		completed = recorded
	}
	return completed >= from && min(recorded, completed) <= asOf
}

// TaskGroupFact counts the tasks of a scorecard that share a lead unit, an accountable post, a
// class on the day judged and, for completed tasks with an accountable post, a span of days of
// completion in which the post's holder did not change. Storage groups a province's million tasks
// into these so that a scorecard reads a few hundred rows, while the span still says who held the
// post when the tasks were done.
type TaskGroupFact struct {
	LeadUnitID        int64     `json:"lead_unit_id"`
	LeadUnitName      string    `json:"lead_unit_name"`
	AccountablePostID *int64    `json:"accountable_post_id"`
	Class             TaskClass `json:"class"`
	// CompletedOn is, for a done group with an accountable post, a day of completion of its tasks:
	// the first day of the span that storage split at the post's HolderChanges, so that whoever
	// held the post on it held it on every day of the span. It is empty for other groups.
	CompletedOn Date `json:"completed_on"`
	Count       int  `json:"count"`
	Extensions  int  `json:"extensions"`
	// OldestDueOn is the earliest deadline in an overdue group, from which its longest delay
	// follows; it is empty for the other classes.
	OldestDueOn Date `json:"oldest_due_on"`
}

// ScorecardOverdueLimit bounds the overdue tasks a scorecard lists: the longest overdue first,
// since a province may have tens of thousands and the counts already say how many there are.
const ScorecardOverdueLimit = 100

// EscalationFact is the part of an escalation that a scorecard counts: who raised it, when, and
// when it was answered (empty while open).
type EscalationFact struct {
	ID           int64  `json:"id"`
	FromUnitID   int64  `json:"from_unit_id"`
	FromUnitName string `json:"from_unit_name"`
	RaisedOn     Date   `json:"raised_on"`
	AnsweredOn   Date   `json:"answered_on"`
}

// OpenOn reports whether the escalation was waiting for an answer at the end of day asOf, and for
// how many days it had waited, counted as Escalation.ComputeOutstanding counts them.
func (e *EscalationFact) OpenOn(asOf Date) (open bool, days int) {
	if e.RaisedOn > asOf || (e.AnsweredOn != "" && e.AnsweredOn <= asOf) {
		return false, 0
	}
	x := Escalation{RaisedOn: e.RaisedOn}
	x.ComputeOutstanding(asOf)
	return true, x.DaysOutstanding
}

// HoldingFact is one term of a person in a post of a unit in scope, from From to To inclusive (To
// empty while it runs). A scorecard per head attributes each result to whoever held the
// accountable post on the day it was decided.
type HoldingFact struct {
	PostID     int64  `json:"post_id"`
	PostTitle  string `json:"post_title"`
	IsHead     bool   `json:"is_head"`
	UnitID     int64  `json:"unit_id"`
	UnitName   string `json:"unit_name"`
	PersonID   int64  `json:"person_id"`
	PersonName string `json:"person_name"`
	From       Date   `json:"from"`
	To         Date   `json:"to"`
}

// Covers reports whether the term includes the day.
func (h *HoldingFact) Covers(day Date) bool {
	return h.From <= day && (h.To == "" || day <= h.To)
}

// HolderChanges returns, for each post with a term that begins or ends inside the range, the days
// after from and up to asOf on which its holder changed (the first day of a term, the day after
// the last), in order. Between two of these days, and between from and the first of them, a post
// has one holder or none, so that a scorecard can count a post's completed tasks per span of days
// instead of per day and still credit each to whoever held the post.
func HolderChanges(holdings []HoldingFact, from, asOf Date) map[int64][]Date {
	out := map[int64][]Date{}
	for _, h := range holdings {
		days := []Date{h.From}
		if h.To != "" {
			days = append(days, h.To.AddDays(1))
		}
		for _, d := range days {
			if d > from && d <= asOf && !slices.Contains(out[h.PostID], d) {
				out[h.PostID] = append(out[h.PostID], d)
			}
		}
	}
	for _, days := range out {
		slices.Sort(days)
	}
	return out
}

// ScorecardRow is the record of one lead unit over a date range. Assigned is the sum of the done,
// overdue, in-progress and suspended counts, so that every task is counted exactly once.
type ScorecardRow struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	// Rank orders units by on-time rate; equal rates share a rank and the next rank skips ("1, 1,
	// 3"). It is null for a unit with no completed task that had a deadline.
	Rank           *int `json:"rank"`
	Assigned       int  `json:"assigned"`
	DoneOnTime     int  `json:"done_on_time"`
	DoneLate       int  `json:"done_late"`
	DoneNoDeadline int  `json:"done_no_deadline"`
	Overdue        int  `json:"overdue"`
	MaxDaysOverdue int  `json:"max_days_overdue"`
	InProgress     int  `json:"in_progress"`
	Suspended      int  `json:"suspended"`
	// OnTimeRate is DoneOnTime / (DoneOnTime + DoneLate); tasks without a deadline cannot be late,
	// nor on time, so they stay out of it. It is null when that denominator is zero.
	OnTimeRate           *float64 `json:"on_time_rate"`
	Extensions           int      `json:"extensions"`
	OpenEscalations      int      `json:"open_escalations"`
	OldestEscalationDays int      `json:"oldest_escalation_days"`
}

// HeadScorecardRow is the record of one person in one accountable post over the range: the tasks
// decided while they held it (completed during their term, or open on the day judged while they
// held it) and the open escalations of the unit they head. Record carries the counts and the rank
// among heads; its unit is the post's unit.
type HeadScorecardRow struct {
	PersonID   int64        `json:"person_id"`
	PersonName string       `json:"person_name"`
	PostID     int64        `json:"post_id"`
	PostTitle  string       `json:"post_title"`
	Record     ScorecardRow `json:"record"`
}

// OverdueTask is one open task past its deadline on the day a scorecard judges, for drilling down
// from a unit's overdue count.
type OverdueTask struct {
	TaskID      int64  `json:"task_id"`
	Title       string `json:"title"`
	UnitID      int64  `json:"unit_id"`
	UnitName    string `json:"unit_name"`
	DueOn       Date   `json:"due_on"`
	DaysOverdue int    `json:"days_overdue"`
}

// Scorecard is the result of a scorecard: one row per lead unit, ranked, with a total row, the
// same per head of unit, and the overdue tasks behind the counts. Tasks whose accountable post
// had no holder on the day they were decided appear in the unit rows only.
type Scorecard struct {
	From   Date               `json:"from"`
	To     Date               `json:"to"`
	AsOf   Date               `json:"as_of"`
	UnitID int64              `json:"unit_id"`
	Rows   []ScorecardRow     `json:"rows"`
	Total  ScorecardRow       `json:"total"`
	Heads  []HeadScorecardRow `json:"heads"`
	// OverdueTasks are the ScorecardOverdueLimit longest overdue tasks, the longest first; there
	// are Total.Overdue in all.
	OverdueTasks []OverdueTask `json:"overdue_tasks"`
}

// ReviewRow counts one lead unit's tasks of a document by status, with how many of the open ones
// are overdue and how the done ones finished.
type ReviewRow struct {
	UnitID     int64          `json:"unit_id"`
	UnitName   string         `json:"unit_name"`
	Total      int            `json:"total"`
	ByStatus   map[Status]int `json:"by_status"`
	Overdue    int            `json:"overdue"`
	DoneOnTime int            `json:"done_on_time"`
	DoneLate   int            `json:"done_late"`
}

// ReviewReport is the review (rà soát) of every task of one document, by lead unit and status, as
// a Standing Committee asks when it tells units to keep pushing an earlier resolution.
type ReviewReport struct {
	DocumentID   int64       `json:"document_id"`
	NumberSymbol string      `json:"number_symbol"`
	Subject      string      `json:"subject"`
	AsOf         Date        `json:"as_of"`
	Rows         []ReviewRow `json:"rows"`
	Total        ReviewRow   `json:"total"`
}

// ReportService produces reports over the tasks in the caller's scope. Only tasks led by units the
// caller covers are counted, since a report judges the lead unit.
type ReportService interface {
	Scorecard(ctx context.Context, f ReportFilter) (*Scorecard, error)
	Review(ctx context.Context, documentID int64) (*ReviewReport, error)
}

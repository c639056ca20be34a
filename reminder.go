package dondoc

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Ladder is the reminder ladder, the one setting that says when dondoc chases a piece of work and
// whom it tells: before the deadline to the lead unit's focal officers, on the day, and once
// overdue every few days to the officers, after a while also to the unit's head, and after longer
// to the assigning side and the leader in charge. The same ladder chases reports due on recurring
// obligations, completion requests and extension requests waiting for a decision, and escalations
// past their response deadline, so that nothing waits silently.
type Ladder struct {
	// BeforeDays are the calendar days before the deadline on which the officers are reminded.
	BeforeDays []int `json:"before_days"`
	// OnDay reminds the officers on the deadline itself.
	OnDay bool `json:"on_day"`
	// OverdueEveryDays repeats the reminder every so many days once the deadline has passed.
	OverdueEveryDays int `json:"overdue_every_days"`
	// HeadAfterDays is how long overdue work runs before the unit's head is told too.
	HeadAfterDays int `json:"head_after_days"`
	// AssignerAfterDays is how long overdue work runs before the assigning side and the leader in
	// charge of the area are told too.
	AssignerAfterDays int `json:"assigner_after_days"`
}

// DefaultLadder is the ladder in force until an administrator sets another: 3 days and 1 day
// before, on the day, weekly once overdue, the head from the first week, the assigner and the
// leader in charge after 30 days, as offices chase work by hand today.
func DefaultLadder() Ladder {
	return Ladder{BeforeDays: []int{3, 1}, OnDay: true, OverdueEveryDays: 7, HeadAfterDays: 7, AssignerAfterDays: 30}
}

// maxLadderDays bounds every number in the ladder to a year and a bit, beyond which a reminder
// is no longer a reminder.
const maxLadderDays = 400

// Validate refuses a ladder that would chase nobody or chase in the wrong order, naming the field
// at fault: negative or absurd numbers, the same day twice, days before the deadline not in
// descending order, or the assigner told before the head.
func (l Ladder) Validate() error {
	for i, d := range l.BeforeDays {
		f := "before_days[" + strconv.Itoa(i) + "]"
		if d < 1 || d > maxLadderDays {
			return Invalid(f, "Số ngày nhắc trước hạn phải từ 1 đến "+strconv.Itoa(maxLadderDays)+".",
				"Days before the deadline must be between 1 and "+strconv.Itoa(maxLadderDays)+".")
		}
		if i > 0 && d == l.BeforeDays[i-1] {
			return Invalid(f, "Số ngày nhắc trước hạn bị trùng.", "Duplicate day before the deadline.")
		}
		if i > 0 && d > l.BeforeDays[i-1] {
			return Invalid(f, "Các mốc nhắc trước hạn phải xếp từ xa đến gần hạn (giảm dần).",
				"Days before the deadline must be in descending order, the earliest step first.")
		}
	}
	for _, x := range []struct {
		field string
		v     int
	}{{"overdue_every_days", l.OverdueEveryDays}, {"head_after_days", l.HeadAfterDays}, {"assigner_after_days", l.AssignerAfterDays}} {
		if x.v < 0 || x.v > maxLadderDays {
			return Invalid(x.field, "Số ngày phải từ 0 đến "+strconv.Itoa(maxLadderDays)+".",
				"Days must be between 0 and "+strconv.Itoa(maxLadderDays)+".")
		}
	}
	if l.HeadAfterDays > 0 && l.AssignerAfterDays > 0 && l.AssignerAfterDays < l.HeadAfterDays {
		return Invalid("assigner_after_days", "Mốc báo đơn vị giao nhiệm vụ không được trước mốc báo thủ trưởng đơn vị.",
			"The assigner step must not come before the head step.")
	}
	return nil
}

// ReminderKind says what a reminder chases; together with its step it decides the wording of the
// message and the recipients.
type ReminderKind string

// The kinds of reminders.
const (
	// ReminderTask chases a task's deadline in force.
	ReminderTask ReminderKind = "task"
	// ReminderReport chases the report a recurring obligation owes for one period.
	ReminderReport ReminderKind = "report"
	// ReminderConfirmation chases the assigning side to confirm or reject a completion request.
	ReminderConfirmation ReminderKind = "confirmation"
	// ReminderExtension chases the assigning side to decide on an extension request.
	ReminderExtension ReminderKind = "extension"
	// ReminderEscalation chases the leaders of the unit an escalation was raised to.
	ReminderEscalation ReminderKind = "escalation"
)

// ReminderKinds lists every kind.
var ReminderKinds = []ReminderKind{ReminderTask, ReminderReport, ReminderConfirmation, ReminderExtension, ReminderEscalation}

// UnitSide names which of a piece of work's units a recipient is found on.
type UnitSide string

// The unit sides.
const (
	// SideLead is the task's lead unit.
	SideLead UnitSide = "lead"
	// SideAssigner is the unit that assigned the task.
	SideAssigner UnitSide = "assigner"
	// SideTarget is the unit an escalation was raised to.
	SideTarget UnitSide = "target"
)

// Addressee designates the people a reminder goes to by role: the users holding Role on the
// unit at Side itself (Exact) or on any unit above it or the unit itself (not Exact), as a leader
// or office over a district covers its communes.
type Addressee struct {
	Role  Role     `json:"role"`
	Side  UnitSide `json:"side"`
	Exact bool     `json:"exact"`
}

// ReminderFacts is what the ladder needs to know about one piece of work.
type ReminderFacts struct {
	Kind ReminderKind
	// Due is the deadline in force (tasks, reports, escalations) or the day the request started
	// waiting (confirmations, extensions).
	Due Date
}

// ReminderDue is one reminder the ladder calls for: Step counts days from the due date (negative
// before it, 0 on the day, positive overdue or waiting), On is the day it falls on.
type ReminderDue struct {
	Kind       ReminderKind `json:"kind"`
	Step       int          `json:"step"`
	On         Date         `json:"on"`
	Recipients []Addressee  `json:"recipients"`
}

// The recipient levels of a ladder: the first rung, the head, and the top.
var reminderRungs = map[ReminderKind][3][]Addressee{
	ReminderTask: {
		{{RoleUnitOfficer, SideLead, true}},
		{{RoleUnitHead, SideLead, true}},
		{{RoleOffice, SideAssigner, false}, {RoleLeader, SideLead, false}},
	},
	ReminderConfirmation: {
		{{RoleOffice, SideAssigner, false}},
		{{RoleUnitHead, SideAssigner, true}},
		{{RoleLeader, SideAssigner, false}},
	},
	ReminderEscalation: {
		{{RoleLeader, SideTarget, false}},
		{{RoleUnitHead, SideTarget, true}},
		{{RoleOffice, SideTarget, false}},
	},
}

func init() {
	reminderRungs[ReminderReport] = reminderRungs[ReminderTask]
	reminderRungs[ReminderExtension] = reminderRungs[ReminderConfirmation]
}

// waiting reports whether the kind chases a request rather than a deadline: it has no steps
// before its due date, and no step on the day, since the request itself was the news that day.
func (k ReminderKind) waiting() bool { return k == ReminderConfirmation || k == ReminderExtension }

// Due decides which reminders the ladder calls for on day today about one piece of work. It is a
// pure function, the heart of chasing: the daily scan calls it for every open piece of work.
func Due(l Ladder, f ReminderFacts, today Date) []ReminderDue {
	rungs, ok := reminderRungs[f.Kind]
	if !ok || !f.Due.Valid() || f.Due == NoDate || !today.Valid() {
		return nil
	}
	step := f.Due.DaysUntil(today)
	var who []Addressee
	switch {
	case step < 0:
		if f.Kind.waiting() || f.Kind == ReminderEscalation || !slices.Contains(l.BeforeDays, -step) {
			return nil
		}
		who = rungs[0]
	case step == 0:
		if f.Kind.waiting() || !l.OnDay {
			return nil
		}
		who = rungs[0]
	default:
		every := l.OverdueEveryDays > 0 && step%l.OverdueEveryDays == 0
		if !every && step != l.HeadAfterDays && step != l.AssignerAfterDays {
			return nil
		}
		who = slices.Clone(rungs[0])
		if l.HeadAfterDays > 0 && step >= l.HeadAfterDays {
			who = append(who, rungs[1]...)
		}
		if l.AssignerAfterDays > 0 && step >= l.AssignerAfterDays {
			who = append(who, rungs[2]...)
		}
	}
	return []ReminderDue{{Kind: f.Kind, Step: step, On: today, Recipients: who}}
}

// DueOnWorkingDay is Due for a scan that runs only on working days: on working day today it also
// covers the days off around it, so that no step is lost over a weekend or a holiday. Steps before
// and on the due date that fall on the days off after today are sent today, early rather than
// late; overdue steps that fell on the days off since prev, the last working day before today, are
// sent today. next is the first working day after today.
func DueOnWorkingDay(l Ladder, f ReminderFacts, prev, today, next Date) []ReminderDue {
	var out []ReminderDue
	for d := prev.AddDays(1); d < today; d = d.AddDays(1) {
		for _, r := range Due(l, f, d) {
			if r.Step > 0 {
				out = append(out, r)
			}
		}
	}
	out = append(out, Due(l, f, today)...)
	for d := today.AddDays(1); d < next; d = d.AddDays(1) {
		for _, r := range Due(l, f, d) {
			if r.Step <= 0 {
				out = append(out, r)
			}
		}
	}
	return out
}

// CanManageReminders reports whether the actor may read and change the reminder ladder: the
// administrators who run dondoc and the offices who chase the work.
func CanManageReminders(a *Actor) bool { return a.HasRole("", RoleAdmin, RoleOffice) }

// Reminder is one stored reminder to one person, written once by the daily scan and marked sent
// when a channel has delivered it.
type Reminder struct {
	ID           int64        `json:"id"`
	Kind         ReminderKind `json:"kind"`
	TaskID       *int64       `json:"task_id"`
	EscalationID *int64       `json:"escalation_id"`
	Period       string       `json:"period,omitempty"`
	Step         int          `json:"step"`
	RecipientID  int64        `json:"recipient_user_id"`
	DueOn        Date         `json:"due_on"`
	Title        string       `json:"title"`
	SentAt       *time.Time   `json:"sent_at"`
}

// Digest is one person's pending reminders of a day gathered into a single message, so that a
// busy officer gets one letter a day instead of a flood.
type Digest struct {
	UserID      int64   `json:"user_id"`
	Day         Date    `json:"day"`
	Subject     string  `json:"subject"`
	Body        string  `json:"body"`
	ReminderIDs []int64 `json:"reminder_ids"`
}

// LadderSetting is the ladder in force with the version of its stored setting, which clients send
// back in If-Match to change it.
type LadderSetting struct {
	Ladder
	Version int64 `json:"version"`
}

// ReminderService reads and changes the reminder ladder.
type ReminderService interface {
	// ReminderLadder returns the ladder in force, the default one until it is first set.
	ReminderLadder(ctx context.Context) (*LadderSetting, error)
	// SetReminderLadder validates and stores a ladder over the version the caller read.
	SetReminderLadder(ctx context.Context, version int64, l Ladder) (*LadderSetting, error)
}

// digestGroups are the groups of a digest in the order they are read, most urgent first, with the
// Vietnamese words for what each counts.
var digestGroups = []struct {
	kind  ReminderKind
	phase int // -1 before the due date, 0 on it, 1 after; 2 any
	label string
}{
	{ReminderTask, 1, "nhiệm vụ quá hạn"},
	{ReminderTask, 0, "nhiệm vụ đến hạn hôm nay"},
	{ReminderTask, -1, "nhiệm vụ sắp đến hạn"},
	{ReminderReport, 1, "báo cáo định kỳ quá hạn"},
	{ReminderReport, 0, "báo cáo định kỳ đến hạn hôm nay"},
	{ReminderReport, -1, "báo cáo định kỳ sắp đến hạn"},
	{ReminderConfirmation, 2, "đề nghị hoàn thành chờ xác nhận"},
	{ReminderExtension, 2, "đề nghị gia hạn chờ quyết định"},
	{ReminderEscalation, 2, "kiến nghị quá hạn trả lời"},
}

func phaseOf(step int) int {
	switch {
	case step < 0:
		return -1
	case step == 0:
		return 0
	}
	return 1
}

// BuildDigest gathers one person's pending reminders into one message for day: a count per group
// ("3 nhiệm vụ quá hạn, 2 nhiệm vụ sắp đến hạn"), then one line per piece of work with how late or
// how close it is, oldest deadline first. A piece of work reminded on several steps is counted and
// listed once, by its latest step.
func BuildDigest(userID int64, day Date, rs []Reminder) Digest {
	d := Digest{UserID: userID, Day: day, Subject: "Nhắc việc ngày " + day.Format(), ReminderIDs: []int64{}}
	type item struct {
		r   Reminder
		due Date
	}
	latest := map[string]int{}
	var items []item
	for _, r := range rs {
		d.ReminderIDs = append(d.ReminderIDs, r.ID)
		key := string(r.Kind) + "|" + r.Period + "|"
		switch {
		case r.EscalationID != nil:
			key += "e" + strconv.FormatInt(*r.EscalationID, 10)
		case r.TaskID != nil:
			key += "t" + strconv.FormatInt(*r.TaskID, 10)
		}
		it := item{r: r, due: r.DueOn.AddDays(-r.Step)}
		if i, ok := latest[key]; ok {
			if r.Step > items[i].r.Step {
				items[i] = it
			}
			continue
		}
		latest[key] = len(items)
		items = append(items, it)
	}
	// Within a group the oldest deadline comes first: the work most overdue is read first.
	slices.SortStableFunc(items, func(a, b item) int { return strings.Compare(string(a.due), string(b.due)) })
	var counts []string
	var lines []string
	for _, g := range digestGroups {
		n := 0
		for _, it := range items {
			if it.r.Kind != g.kind || (g.phase != 2 && phaseOf(it.r.Step) != g.phase) {
				continue
			}
			n++
			lines = append(lines, "- "+digestLine(it.r, it.due))
		}
		if n > 0 {
			counts = append(counts, strconv.Itoa(n)+" "+g.label)
		}
	}
	if len(counts) == 0 {
		d.Body = d.Subject + ": không có việc cần nhắc."
		return d
	}
	d.Body = d.Subject + ": " + strings.Join(counts, ", ") + ".\n" + strings.Join(lines, "\n") + "\n"
	return d
}

// digestLine describes one piece of work in a digest.
func digestLine(r Reminder, due Date) string {
	title := r.Title
	if r.Period != "" {
		title += " (kỳ " + r.Period + ")"
	}
	var when string
	switch {
	case r.Kind.waiting():
		when = "chờ " + strconv.Itoa(r.Step) + " ngày, từ ngày " + due.Format()
	case r.Step < 0:
		when = "còn " + strconv.Itoa(-r.Step) + " ngày, hạn " + due.Format()
	case r.Step == 0:
		when = "hạn hôm nay, " + due.Format()
	default:
		when = "quá hạn " + strconv.Itoa(r.Step) + " ngày, hạn " + due.Format()
	}
	return title + " [" + when + "]"
}

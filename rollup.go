package dondoc

import (
	"context"
	"math"
)

// TrafficLight is the status of an indicator against its trajectory, as leaders read it on a
// dashboard.
type TrafficLight string

// The traffic lights.
const (
	LightGreen TrafficLight = "green"
	LightAmber TrafficLight = "amber"
	LightRed   TrafficLight = "red"
)

// IndicatorStatus holds the thresholds that turn an achievement into a traffic light, and the day
// on which a period's report is due for timeliness. An administrator or office changes them without
// a new release.
type IndicatorStatus struct {
	// GreenAt is the achievement, in percent of the trajectory, from which a value is green.
	GreenAt float64 `json:"green_at"`
	// AmberAt is the achievement from which a value below GreenAt is amber; below it is red.
	AmberAt float64 `json:"amber_at"`
	// DueDay is the day of the month after a period's cut-off by which its report counts as on
	// time, as calendar.DueDate reads it; 0 means the cut-off itself (Nghị định 09/2019, Điều 12).
	DueDay int `json:"due_day"`
}

// DefaultIndicatorStatus returns the thresholds in force until an administrator changes them: on
// the trajectory or above is green, at least four fifths of it amber, less red; reports are due by
// the cut-off.
func DefaultIndicatorStatus() IndicatorStatus {
	return IndicatorStatus{GreenAt: 100, AmberAt: 80}
}

// MaxGreenAt bounds IndicatorStatus.GreenAt: a threshold ten times the plan would make every value
// red and is surely a typing mistake.
const MaxGreenAt = 1000

// Validate checks the thresholds, naming the field at fault.
func (s IndicatorStatus) Validate() error {
	if !finite(s.GreenAt) || s.GreenAt <= 0 || s.GreenAt > MaxGreenAt {
		return Invalid("green_at", "Ngưỡng xanh phải lớn hơn 0 và không quá "+itoa(MaxGreenAt)+" (%).",
			"green_at must be above 0 and at most "+itoa(MaxGreenAt)+" (percent).")
	}
	if !finite(s.AmberAt) || s.AmberAt <= 0 {
		return Invalid("amber_at", "Ngưỡng vàng phải lớn hơn 0 (%).", "amber_at must be above 0 (percent).")
	}
	if s.AmberAt > s.GreenAt {
		return Invalid("amber_at", "Ngưỡng vàng không được cao hơn ngưỡng xanh.", "amber_at may not exceed green_at.")
	}
	if s.DueDay < 0 || s.DueDay > 31 {
		return Invalid("due_day", "Ngày hạn gửi báo cáo phải từ 0 (ngày chốt số liệu) đến 31.",
			"due_day must be between 0 (the cut-off) and 31.")
	}
	return nil
}

// Light returns the traffic light of an achievement in percent.
func (s IndicatorStatus) Light(achievement float64) TrafficLight {
	switch {
	case achievement >= s.GreenAt:
		return LightGreen
	case achievement >= s.AmberAt:
		return LightAmber
	}
	return LightRed
}

// IndicatorStatusSetting is the thresholds in force with the version of their stored setting,
// which clients send back in If-Match to change them.
type IndicatorStatusSetting struct {
	IndicatorStatus
	Version int64 `json:"version"`
}

// CanManageIndicatorStatus reports whether the actor may change the status thresholds: those who
// define indicators decide how they are judged.
func CanManageIndicatorStatus(a *Actor) bool { return CanDefineIndicator(a) }

// MergeMode says on which unit tree a series across a reorganisation is shown.
type MergeMode string

// The merge modes.
const (
	// MergeThen shows every period on the tree of that period: a commune merged in July keeps
	// its own row with its figures up to June.
	MergeThen MergeMode = "then"
	// MergeToday shows the whole series on today's units: the figures of a merged commune are
	// added to the commune it joined, for every period.
	MergeToday MergeMode = "today"
)

// MaxRollupColumns bounds the periods of one roll-up, ten years of months.
const MaxRollupColumns = 120

// MaxRollupLevel bounds how many levels below the chosen unit a roll-up lists.
const MaxRollupLevel = 4

// RollupQuery selects a roll-up of one indicator: the unit whose subtree it covers, the periods
// from From to To (keys such as "2024", "2024-Q2", "2024-05"), the granularity By of its columns,
// how many levels of units below the unit get a row, the tree for reorganised units, and whether
// values not yet accepted by the office count.
type RollupQuery struct {
	IndicatorID      int64      `json:"indicator_id"`
	UnitID           int64      `json:"unit_id"`
	From             string     `json:"from"`
	To               string     `json:"to"`
	By               PeriodType `json:"by"`
	Level            int        `json:"level"`
	Merge            MergeMode  `json:"merge"`
	IncludeSubmitted bool       `json:"include_submitted"`
}

// Validate checks the parts of a query that do not depend on the indicator.
func (q *RollupQuery) Validate() error {
	if q.IndicatorID <= 0 {
		return Invalid("indicator", "Cần chọn chỉ tiêu.", "An indicator is required.")
	}
	if q.From != "" && !reportablePeriod(q.From) {
		return Invalid("from", "Kỳ bắt đầu phải có dạng 2024, 2024-H1, 2024-Q2 hoặc 2024-05.", "from must look like 2024, 2024-H1, 2024-Q2 or 2024-05.")
	}
	if q.To != "" && !reportablePeriod(q.To) {
		return Invalid("to", "Kỳ kết thúc phải có dạng 2024, 2024-H1, 2024-Q2 hoặc 2024-05.", "to must look like 2024, 2024-H1, 2024-Q2 or 2024-05.")
	}
	switch q.By {
	case "", PeriodMonth, PeriodQuarter, PeriodHalfYear, PeriodYear:
	default:
		return Invalid("by", "Cột theo kỳ phải là month, quarter, half_year hoặc year.", "by must be month, quarter, half_year or year.")
	}
	if q.Level < 0 || q.Level > MaxRollupLevel {
		return Invalid("level", "Số cấp đơn vị phải từ 0 đến "+itoa(MaxRollupLevel)+".", "level must be between 0 and "+itoa(MaxRollupLevel)+".")
	}
	switch q.Merge {
	case "", MergeThen, MergeToday:
	default:
		return Invalid("merge", "Cách thể hiện đơn vị sáp nhập phải là then hoặc today.", "merge must be then or today.")
	}
	return nil
}

// reportablePeriod reports whether key names a period a report can cover: a month, quarter,
// half-year or year, not a term.
func reportablePeriod(key string) bool {
	t := PeriodTypeOf(key)
	return t != "" && t != PeriodTerm
}

// RollupCell is an indicator's value for one unit's subtree in one period. Value follows the
// indicator's rule: a sum; a ratio of the summed numerator and denominator (in percent when the
// indicator is measured in %); the last value of each unit, summed over units; or the average of
// every value. YTD is the same from the start of the period's year to its end. Target is the
// trajectory at the end of the period (cumulative from January for a sum, the year's level for
// the other rules), Achievement is YTD in percent of Target (reversed when lower is better), and
// Status is its traffic light. Fields are null where nothing was reported or no target is set.
type RollupCell struct {
	Period      string             `json:"period"`
	Value       *float64           `json:"value"`
	Numerator   *float64           `json:"numerator,omitempty"`
	Denominator *float64           `json:"denominator,omitempty"`
	Parts       map[string]float64 `json:"parts,omitempty"`
	// Reports is how many reported values the cell aggregates.
	Reports     int          `json:"reports"`
	YTD         *float64     `json:"ytd"`
	Target      *float64     `json:"target"`
	Achievement *float64     `json:"achievement"`
	Status      TrafficLight `json:"status,omitempty"`
}

// RollupRow is one unit with its subtree's values per period and over the whole range. Depth is 0
// for the chosen unit, 1 for its children and so on; ValidTo is set for a unit that has since been
// merged or dissolved.
type RollupRow struct {
	UnitID    int64        `json:"unit_id"`
	UnitName  string       `json:"unit_name"`
	Kind      UnitKind     `json:"kind"`
	ParentID  *int64       `json:"parent_id"`
	Depth     int          `json:"depth"`
	ValidFrom Date         `json:"valid_from"`
	ValidTo   Date         `json:"valid_to"`
	Cells     []RollupCell `json:"cells"`
	Total     RollupCell   `json:"total"`
}

// Rollup is the result of a roll-up: the indicator, the query as resolved (defaults filled in),
// the day it was computed, the thresholds applied, the column periods and one row per unit in tree
// order.
type Rollup struct {
	Indicator        Indicator       `json:"indicator"`
	UnitID           int64           `json:"unit_id"`
	From             string          `json:"from"`
	To               string          `json:"to"`
	By               PeriodType      `json:"by"`
	Level            int             `json:"level"`
	Merge            MergeMode       `json:"merge"`
	IncludeSubmitted bool            `json:"include_submitted"`
	AsOf             Date            `json:"as_of"`
	Thresholds       IndicatorStatus `json:"thresholds"`
	Periods          []string        `json:"periods"`
	Rows             []RollupRow     `json:"rows"`
}

// CompletenessQuery selects a report on reporting completeness and timeliness of one indicator in
// the periods From to To (at the indicator's granularity; a coarser key covers its periods) for a
// unit's subtree, with rows down Level levels.
type CompletenessQuery struct {
	IndicatorID int64  `json:"indicator_id"`
	UnitID      int64  `json:"unit_id"`
	From        string `json:"from"`
	To          string `json:"to"`
	Level       int    `json:"level"`
}

// Validate checks the parts of a completeness query that do not depend on the indicator.
func (q *CompletenessQuery) Validate() error {
	r := RollupQuery{IndicatorID: q.IndicatorID, From: q.From, To: q.To, Level: q.Level}
	return r.Validate()
}

// CompletenessCounts are the counts DHIS2 reports: how many reports were expected (units that
// should report times periods), how many were received, and how many of those by the due day.
// Completeness and Timeliness are Received and OnTime in percent of Expected, null when nothing
// was expected.
type CompletenessCounts struct {
	Expected     int      `json:"expected"`
	Received     int      `json:"received"`
	OnTime       int      `json:"on_time"`
	Completeness *float64 `json:"completeness"`
	Timeliness   *float64 `json:"timeliness"`
}

// Rates fills in Completeness and Timeliness from the counts.
func (c *CompletenessCounts) Rates() {
	c.Completeness, c.Timeliness = nil, nil
	if c.Expected == 0 {
		return
	}
	comp := RoundRatio(float64(c.Received) * 100 / float64(c.Expected))
	tim := RoundRatio(float64(c.OnTime) * 100 / float64(c.Expected))
	c.Completeness, c.Timeliness = &comp, &tim
}

// CompletenessRow is one unit with the counts of the reports expected from it and its subtree.
type CompletenessRow struct {
	UnitID   int64    `json:"unit_id"`
	UnitName string   `json:"unit_name"`
	Kind     UnitKind `json:"kind"`
	ParentID *int64   `json:"parent_id"`
	Depth    int      `json:"depth"`
	CompletenessCounts
}

// CompletenessLevel sums the counts of the reporting units of one kind, such as every commune.
type CompletenessLevel struct {
	Kind UnitKind `json:"kind"`
	CompletenessCounts
}

// CompletenessPeriod is one reporting period with the day its report was due.
type CompletenessPeriod struct {
	Key string `json:"key"`
	Due Date   `json:"due"`
}

// Completeness is the result of a completeness report. A unit is expected to report a period when
// it exists on the period's cut-off and has a target or a reported value of the indicator in the
// years covered; a report counts as received once submitted (a returned one does not), and on time
// when its last submission came by the due day.
type Completeness struct {
	Indicator Indicator            `json:"indicator"`
	UnitID    int64                `json:"unit_id"`
	From      string               `json:"from"`
	To        string               `json:"to"`
	Level     int                  `json:"level"`
	AsOf      Date                 `json:"as_of"`
	Periods   []CompletenessPeriod `json:"periods"`
	Rows      []CompletenessRow    `json:"rows"`
	Levels    []CompletenessLevel  `json:"levels"`
}

// UnitFact is the part of a unit that a roll-up needs to place it in the tree of any period.
type UnitFact struct {
	ID        int64    `json:"id"`
	ParentID  *int64   `json:"parent_id"`
	Kind      UnitKind `json:"kind"`
	Name      string   `json:"name"`
	ValidFrom Date     `json:"valid_from"`
	ValidTo   Date     `json:"valid_to"`
}

// ValidOn reports whether the unit existed on day d.
func (u *UnitFact) ValidOn(d Date) bool {
	return (u.ValidFrom == "" || u.ValidFrom <= d) && (u.ValidTo == "" || d <= u.ValidTo)
}

// Overlaps reports whether the unit existed on some day from from to to.
func (u *UnitFact) Overlaps(from, to Date) bool {
	return (u.ValidFrom == "" || u.ValidFrom <= to) && (u.ValidTo == "" || from <= u.ValidTo)
}

// UnitChangeFact is a recorded merge, split, rename or move, as a roll-up maps old units to new.
type UnitChangeFact struct {
	Kind         UnitChangeKind `json:"kind"`
	Effective    Date           `json:"effective"`
	Predecessors []int64        `json:"predecessors"`
	Successors   []int64        `json:"successors"`
	// FromParents gives, for a move, the parent each moved unit had before it. A move recorded
	// before dondoc kept it, or of a unit that was a root, has none for that unit, which then
	// counts under its new parent in every period.
	FromParents map[int64]int64 `json:"from_parents,omitempty"`
}

// ActualFact is the part of an actual that roll-ups and completeness count. SubmittedOn is the day
// (in Viet Nam) of its last submission.
type ActualFact struct {
	UnitID      int64              `json:"unit_id"`
	Period      string             `json:"period"`
	Value       float64            `json:"value"`
	Denominator *float64           `json:"denominator"`
	Parts       map[string]float64 `json:"parts,omitempty"`
	Status      ActualStatus       `json:"status"`
	SubmittedOn Date               `json:"submitted_on"`
}

// TargetFact is the part of a target that a trajectory needs.
type TargetFact struct {
	UnitID int64   `json:"unit_id"`
	Period string  `json:"period"`
	Value  float64 `json:"value"`
}

// IndicatorFactQuery selects the facts of one indicator for a unit's subtree in the years FromYear
// to ToYear. Statuses lists the actual statuses to read (accepted only when empty); Submissions
// asks for the day of each submission, which only completeness needs.
type IndicatorFactQuery struct {
	IndicatorID int64
	UnitID      int64
	FromYear    int
	ToYear      int
	Statuses    []ActualStatus
	Submissions bool
}

// IndicatorFacts is what storage hands the roll-up: the indicator, the unit the query resolved to,
// every unit of its subtree that ever existed (and units merged into it from elsewhere) in
// Vietnamese name order, which is the order of sibling rows, the recorded reorganisations, the
// actuals and the targets.
type IndicatorFacts struct {
	Indicator Indicator        `json:"indicator"`
	RootID    int64            `json:"root_id"`
	Units     []UnitFact       `json:"units"`
	Changes   []UnitChangeFact `json:"changes"`
	Actuals   []ActualFact     `json:"actuals"`
	Targets   []TargetFact     `json:"targets"`
}

// RollupService computes roll-ups and completeness over the units in the caller's scope and keeps
// the status thresholds.
type RollupService interface {
	Rollup(ctx context.Context, q RollupQuery) (*Rollup, error)
	Completeness(ctx context.Context, q CompletenessQuery) (*Completeness, error)
	IndicatorStatusSetting(ctx context.Context) (*IndicatorStatusSetting, error)
	SetIndicatorStatus(ctx context.Context, version int64, s IndicatorStatus) (*IndicatorStatusSetting, error)
}

// RoundRatio rounds a ratio to nine significant decimals, enough for any percentage a report
// shows while hiding the noise of binary floating point in JSON.
func RoundRatio(v float64) float64 {
	if v == 0 || !finite(v) {
		return v
	}
	p := math.Pow(10, 9-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

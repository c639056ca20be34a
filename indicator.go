package dondoc

import (
	"context"
	"math"
	"regexp"
	"slices"
	"time"
)

// Aggregation says how an indicator's values combine over units and over time.
type Aggregation string

// The aggregation rules.
const (
	AggSum     Aggregation = "sum"
	AggRatio   Aggregation = "ratio"
	AggLast    Aggregation = "last"
	AggAverage Aggregation = "average"
)

// PeriodType is the granularity at which an indicator is reported.
type PeriodType string

// The period types.
const (
	PeriodMonth    PeriodType = "month"
	PeriodQuarter  PeriodType = "quarter"
	PeriodHalfYear PeriodType = "half_year"
	PeriodYear     PeriodType = "year"
	PeriodTerm     PeriodType = "term"
)

// periodKeyRE accepts the period keys stored with targets and actuals: "2024", "2024-05",
// "2024-Q2", "2024-H1", "2020-2025". Keys are compared as text, so no date function is needed in SQL.
var periodKeyRE = regexp.MustCompile(`^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12])|-(\d{4}))?$`)

// ValidPeriod reports whether key is a well-formed period key, a term running forwards included.
func ValidPeriod(key string) bool { return PeriodTypeOf(key) != "" }

// PeriodTypeOf returns the granularity of a well-formed period key ("2024-05" is a month,
// "2021-2025" a term), or "" for a malformed key or a term that does not run forwards.
func PeriodTypeOf(key string) PeriodType {
	m := periodKeyRE.FindStringSubmatch(key)
	switch {
	case m == nil:
		return ""
	case m[2] != "":
		return PeriodMonth
	case m[3] != "":
		return PeriodQuarter
	case m[4] != "":
		return PeriodHalfYear
	case m[5] != "":
		if m[5] <= m[1] {
			return ""
		}
		return PeriodTerm
	}
	return PeriodYear
}

// periodExample shows what a period key of each type looks like, so that an error about a
// mismatched period says what was expected.
var periodExample = map[PeriodType]string{
	PeriodMonth: "2024-05", PeriodQuarter: "2024-Q2", PeriodHalfYear: "2024-H1", PeriodYear: "2024",
}

// finite reports whether v is an ordinary number; NaN and infinities would poison every sum.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Indicator is a measured quantity such as disbursement of public investment.
type Indicator struct {
	ID              int64       `json:"id"`
	Code            string      `json:"code"`
	Name            string      `json:"name"`
	Measure         string      `json:"measure"`
	Aggregation     Aggregation `json:"aggregation"`
	PeriodType      PeriodType  `json:"period_type"`
	HigherIsBetter  bool        `json:"higher_is_better"`
	Disaggregations []string    `json:"disaggregations"`
	Version         int64       `json:"version"`
}

// Validate checks an indicator definition.
func (i *Indicator) Validate() error {
	if err := RequireText("code", i.Code, 50); err != nil {
		return err
	}
	if err := RequireText("name", i.Name, 500); err != nil {
		return err
	}
	if err := RequireText("measure", i.Measure, 50); err != nil {
		return err
	}
	switch i.Aggregation {
	case AggSum, AggRatio, AggLast, AggAverage:
	default:
		return Invalid("aggregation", "Cách tổng hợp phải là sum, ratio, last hoặc average.", "aggregation must be sum, ratio, last or average.")
	}
	switch i.PeriodType {
	case PeriodMonth, PeriodQuarter, PeriodHalfYear, PeriodYear:
	default:
		return Invalid("period_type", "Kỳ báo cáo phải là month, quarter, half_year hoặc year.", "period_type must be month, quarter, half_year or year.")
	}
	seen := make(map[string]bool, len(i.Disaggregations))
	for n, d := range i.Disaggregations {
		field := "disaggregations[" + itoa(n) + "]"
		if err := RequireText(field, d, 100); err != nil {
			return err
		}
		if seen[d] {
			return Invalid(field, "Tiêu chí phân tổ bị trùng: "+d+".", "Duplicate disaggregation: "+d+".")
		}
		seen[d] = true
	}
	return nil
}

// Target is the planned value of an indicator for a unit in a period.
type Target struct {
	ID          int64   `json:"id"`
	IndicatorID int64   `json:"indicator_id"`
	UnitID      int64   `json:"unit_id"`
	Period      string  `json:"period"`
	Value       float64 `json:"value"`
	Version     int64   `json:"version"`
}

// ActualStatus is where an actual value stands: submitted by an officer, approved by the unit head,
// accepted by the office.
type ActualStatus string

// The actual statuses.
const (
	ActualSubmitted ActualStatus = "submitted"
	ActualApproved  ActualStatus = "approved"
	ActualAccepted  ActualStatus = "accepted"
	ActualReturned  ActualStatus = "returned"
)

// Actual is a reported value of an indicator for a unit in a period. Denominator serves ratio
// indicators (disbursed over allocated); Parts holds the disaggregated values.
type Actual struct {
	ID          int64              `json:"id"`
	IndicatorID int64              `json:"indicator_id"`
	UnitID      int64              `json:"unit_id"`
	Period      string             `json:"period"`
	Value       float64            `json:"value"`
	Denominator *float64           `json:"denominator"`
	Parts       map[string]float64 `json:"parts,omitempty"`
	Status      ActualStatus       `json:"status"`
	Note        string             `json:"note,omitempty"`
	SubmittedBy int64              `json:"submitted_by"`
	SubmittedAt time.Time          `json:"submitted_at"`
	Version     int64              `json:"version"`
}

// ValueInput is a target or an actual as a client sends it.
type ValueInput struct {
	UnitID      int64              `json:"unit_id"`
	Period      string             `json:"period"`
	Value       *float64           `json:"value"`
	Denominator *float64           `json:"denominator"`
	Parts       map[string]float64 `json:"parts"`
	Note        string             `json:"note"`
}

// Validate checks what every value input needs, whatever it will become: a unit, a well-formed
// period key, a finite value and a short note.
func (in *ValueInput) Validate() error {
	if in.UnitID <= 0 {
		return Invalid("unit_id", "Đơn vị là bắt buộc.", "unit_id is required.")
	}
	if !ValidPeriod(in.Period) {
		return Invalid("period", "Kỳ không hợp lệ (ví dụ 2024, 2024-05, 2024-Q2, 2024-H1, 2021-2025).",
			"period must look like 2024, 2024-05, 2024-Q2, 2024-H1 or 2021-2025.")
	}
	if in.Value == nil {
		return Invalid("value", "Giá trị là bắt buộc.", "value is required.")
	}
	if !finite(*in.Value) {
		return Invalid("value", "Giá trị phải là một số hữu hạn.", "value must be a finite number.")
	}
	return OptionalText("note", in.Note, 5000)
}

// ValidateTarget checks a target: a plan may be set for a year, a quarter, a half-year, a month or
// a whole term, but it is one number, so a denominator or parts would be silently lost and are
// refused.
func (in *ValueInput) ValidateTarget() error {
	if err := in.Validate(); err != nil {
		return err
	}
	if in.Denominator != nil {
		return Invalid("denominator", "Kế hoạch chỉ tiêu không có mẫu số.", "A target has no denominator.")
	}
	if len(in.Parts) > 0 {
		return Invalid("parts", "Kế hoạch chỉ tiêu không chia theo phân tổ.", "A target has no parts.")
	}
	return nil
}

// ValidateActual checks an actual against its indicator: the period must have the indicator's
// granularity (a monthly indicator is reported as "2024-05"), a ratio needs a positive denominator
// while other indicators take none, and parts may only name the indicator's disaggregations.
func (in *ValueInput) ValidateActual(ind *Indicator) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if PeriodTypeOf(in.Period) != ind.PeriodType {
		ex := periodExample[ind.PeriodType]
		return Invalid("period", "Chỉ tiêu này báo cáo theo kỳ dạng "+ex+".", "This indicator is reported for periods like "+ex+".")
	}
	if ind.Aggregation == AggRatio {
		if in.Denominator == nil || !finite(*in.Denominator) || *in.Denominator <= 0 {
			return Invalid("denominator", "Chỉ tiêu tỷ lệ cần mẫu số dương.", "A ratio indicator needs a positive denominator.")
		}
	} else if in.Denominator != nil {
		return Invalid("denominator", "Chỉ tiêu này không có mẫu số.", "This indicator takes no denominator.")
	}
	for _, k := range sortedKeys(in.Parts) {
		field := "parts." + k
		if !slices.Contains(ind.Disaggregations, k) {
			return Invalid(field, "Chỉ tiêu không có phân tổ này.", "The indicator has no such disaggregation.")
		}
		if !finite(in.Parts[k]) {
			return Invalid(field, "Giá trị phải là một số hữu hạn.", "The value must be a finite number.")
		}
	}
	return nil
}

// sortedKeys returns the keys of m in order, so that the first bad part reported is always the
// same one.
func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// CanDefineIndicator reports whether the actor may define indicators. Indicators are shared by
// the whole deployment, so an office or admin grant anywhere suffices.
func CanDefineIndicator(a *Actor) bool { return a.HasRole("", RoleOffice, RoleAdmin) }

// CanSetTarget reports whether the actor may set a unit's targets: the office or a leader over the
// unit, who hand the plan down.
func CanSetTarget(a *Actor, unitPath string) bool { return a.HasRole(unitPath, RoleOffice, RoleLeader) }

// CanSubmitActual reports whether the actor may report a unit's actual values: its officers and
// head, or an office over it that records figures received on paper.
func CanSubmitActual(a *Actor, unitPath string) bool {
	return a.HasRole(unitPath, RoleUnitOfficer, RoleUnitHead, RoleOffice)
}

// Resubmittable reports whether an actual with this status may be replaced by a new submission:
// a value still under review or sent back may be corrected, an approved or accepted one is settled.
func (s ActualStatus) Resubmittable() bool { return s == ActualSubmitted || s == ActualReturned }

// ReviewActualStep applies a review decision to an actual of the unit at unitPath: the unit head
// approves a submitted value before it goes up, then the office over the unit accepts it; either
// may return it instead. A value not awaiting review is a conflict; a reviewer without the role at
// that step is forbidden.
func ReviewActualStep(a *Actor, unitPath string, status ActualStatus, d ReviewDecision) (ActualStatus, error) {
	var next ActualStatus
	switch status {
	case ActualSubmitted:
		if !a.HasRole(unitPath, RoleUnitHead) {
			return "", Forbidden("Chỉ thủ trưởng đơn vị được duyệt số liệu của đơn vị.", "Only the unit head may approve the unit's figures.")
		}
		next = ActualApproved
	case ActualApproved:
		if !a.HasRole(unitPath, RoleOffice) {
			return "", Forbidden("Chỉ văn phòng cấp trên được tiếp nhận số liệu.", "Only the office over the unit may accept the figures.")
		}
		next = ActualAccepted
	default:
		return "", Conflict("Số liệu đang ở trạng thái “"+actualStatusVI[status]+"”, không chờ duyệt.",
			"An actual in status "+string(status)+" is not awaiting review.")
	}
	if !d.Approve {
		next = ActualReturned
	}
	return next, nil
}

var actualStatusVI = map[ActualStatus]string{
	ActualSubmitted: "đã gửi", ActualApproved: "đã duyệt", ActualAccepted: "đã tiếp nhận", ActualReturned: "bị trả lại",
}

// CanManageProject reports whether the actor may register a key project of an investor unit: the
// office or a leader over that unit.
func CanManageProject(a *Actor, investorPath string) bool {
	return a.HasRole(investorPath, RoleOffice, RoleLeader)
}

// CanReadProjects reports whether the actor may read key projects. They are followed by the whole
// province, so any read role anywhere suffices.
func CanReadProjects(a *Actor) bool { return a.HasRole("", ReadRoles...) }

// Project is a key project (dự án trọng điểm) such as the Đồng Việt bridge.
type Project struct {
	ID              int64       `json:"id"`
	Name            string      `json:"name"`
	InvestorUnitID  int64       `json:"investor_unit_id"`
	TotalInvestment float64     `json:"total_investment"`
	PlannedStart    Date        `json:"planned_start"`
	PlannedEnd      Date        `json:"planned_end"`
	IndicatorID     *int64      `json:"indicator_id"`
	Milestones      []Milestone `json:"milestones"`
	Version         int64       `json:"version"`
}

// Milestone is a planned step of a project with its actual date once reached.
type Milestone struct {
	Name    string `json:"name"`
	Planned Date   `json:"planned"`
	Actual  Date   `json:"actual"`
}

// Validate checks a project.
func (p *Project) Validate() error {
	if err := RequireText("name", p.Name, 500); err != nil {
		return err
	}
	if p.InvestorUnitID <= 0 {
		return Invalid("investor_unit_id", "Chủ đầu tư là bắt buộc.", "investor_unit_id is required.")
	}
	if !finite(p.TotalInvestment) || p.TotalInvestment < 0 {
		return Invalid("total_investment", "Tổng mức đầu tư không được âm.", "total_investment must not be negative.")
	}
	if p.PlannedStart != "" && !p.PlannedStart.Valid() {
		return Invalid("planned_start", "Ngày khởi công không hợp lệ.", "Invalid planned_start.")
	}
	if p.PlannedEnd != "" && !p.PlannedEnd.Valid() {
		return Invalid("planned_end", "Ngày hoàn thành không hợp lệ.", "Invalid planned_end.")
	}
	if p.IndicatorID != nil && *p.IndicatorID <= 0 {
		return Invalid("indicator_id", "Chỉ tiêu không tồn tại.", "Unknown indicator.")
	}
	if p.PlannedStart != "" && p.PlannedEnd != "" && p.PlannedEnd < p.PlannedStart {
		return Invalid("planned_end", "Ngày kết thúc phải sau ngày khởi công.", "planned_end must not be before planned_start.")
	}
	for i, m := range p.Milestones {
		if err := RequireText("milestones["+itoa(i)+"].name", m.Name, 300); err != nil {
			return err
		}
		if !m.Planned.Valid() {
			return Invalid("milestones["+itoa(i)+"].planned", "Ngày kế hoạch không hợp lệ.", "Invalid planned date.")
		}
		if m.Actual != "" && !m.Actual.Valid() {
			return Invalid("milestones["+itoa(i)+"].actual", "Ngày thực tế không hợp lệ.", "Invalid actual date.")
		}
	}
	return nil
}

// IndicatorService stores indicators, targets, actuals and key projects; roll-ups come from the
// report package.
type IndicatorService interface {
	CreateIndicator(ctx context.Context, in Indicator) (*Indicator, error)
	ListIndicators(ctx context.Context) ([]Indicator, error)
	SetTarget(ctx context.Context, indicatorID int64, in ValueInput) (*Target, error)
	ListTargets(ctx context.Context, indicatorID int64, unitID int64) ([]Target, error)
	SubmitActual(ctx context.Context, indicatorID int64, in ValueInput) (*Actual, error)
	ReviewActual(ctx context.Context, actualID, version int64, d ReviewDecision) (*Actual, error)
	ListActuals(ctx context.Context, indicatorID int64, unitID int64) ([]Actual, error)

	CreateProject(ctx context.Context, p Project) (*Project, error)
	GetProject(ctx context.Context, id int64) (*Project, error)
	ListProjects(ctx context.Context) ([]Project, error)
}

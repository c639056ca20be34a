package dondoc

import (
	"context"
	"regexp"
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

// ValidPeriod reports whether key is a well-formed period key.
func ValidPeriod(key string) bool { return periodKeyRE.MatchString(key) }

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
	for n, d := range i.Disaggregations {
		if err := RequireText("disaggregations["+itoa(n)+"]", d, 100); err != nil {
			return err
		}
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

// Validate checks a value input.
func (in *ValueInput) Validate() error {
	if in.UnitID <= 0 {
		return Invalid("unit_id", "Đơn vị là bắt buộc.", "unit_id is required.")
	}
	if !ValidPeriod(in.Period) {
		return Invalid("period", "Kỳ không hợp lệ (ví dụ 2024, 2024-05, 2024-Q2, 2024-H1).", "period must look like 2024, 2024-05, 2024-Q2 or 2024-H1.")
	}
	if in.Value == nil {
		return Invalid("value", "Giá trị là bắt buộc.", "value is required.")
	}
	return OptionalText("note", in.Note, 5000)
}

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
	if p.TotalInvestment < 0 {
		return Invalid("total_investment", "Tổng mức đầu tư không được âm.", "total_investment must not be negative.")
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

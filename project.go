package dondoc

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

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
	return ValidateMilestones(p.Milestones)
}

// ValidateMilestones checks a project's milestones: each has a name and a planned date, and an
// actual date once reached.
func ValidateMilestones(ms []Milestone) error {
	for i, m := range ms {
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

// CanReportDisbursement reports whether the actor may record what a project disbursed in a month:
// the investor unit's officers and head, who hold the figures, or an office or leader over it.
func CanReportDisbursement(a *Actor, investorPath string) bool {
	return a.HasRole(investorPath, RoleUnitOfficer, RoleUnitHead, RoleOffice, RoleLeader)
}

// Disbursement is a key project's planned and actual disbursement in one calendar month, in the
// unit of its total investment. Actual is nil until the month's figure is reported.
type Disbursement struct {
	Month   string   `json:"month"`
	Planned float64  `json:"planned"`
	Actual  *float64 `json:"actual"`
	Note    string   `json:"note,omitempty"`
	Version int64    `json:"version"`
}

// DisbursementInput is a month's figures as a client sends them. A nil Planned keeps the stored
// plan, so that the investor's officers can report what was disbursed without touching the plan
// that the office set; a nil Actual means not yet reported.
type DisbursementInput struct {
	Planned *float64 `json:"planned"`
	Actual  *float64 `json:"actual"`
	Note    string   `json:"note"`
}

// ValidateDisbursement checks a month key ("2024-05") and the figures, which are amounts of money
// and so finite and not negative.
func ValidateDisbursement(month string, in *DisbursementInput) error {
	if PeriodTypeOf(month) != PeriodMonth {
		return Invalid("month", "Tháng phải có dạng YYYY-MM, ví dụ 2024-05.", "month must look like 2024-05.")
	}
	for _, f := range []struct {
		name string
		v    *float64
	}{{"planned", in.Planned}, {"actual", in.Actual}} {
		if f.v != nil && (!finite(*f.v) || *f.v < 0) {
			return Invalid(f.name, "Số tiền phải là số không âm.", f.name+" must be a non-negative number.")
		}
	}
	if in.Planned == nil && in.Actual == nil {
		return Invalid("actual", "Cần kế hoạch hoặc số giải ngân của tháng.", "Send planned or actual for the month.")
	}
	return OptionalText("note", in.Note, 2000)
}

// DisbursementMonth is one month of a project's disbursement with the running totals from the
// first month on.
type DisbursementMonth struct {
	Disbursement
	CumPlanned float64 `json:"cum_planned"`
	CumActual  float64 `json:"cum_actual"`
}

// MilestoneStatus says where a milestone stands on a day.
type MilestoneStatus string

// The milestone statuses.
const (
	MilestoneDone     MilestoneStatus = "done"
	MilestoneDoneLate MilestoneStatus = "done_late"
	MilestoneLate     MilestoneStatus = "late"
	MilestonePending  MilestoneStatus = "pending"
)

// MilestoneProgress is a milestone judged on a day: DaysLate counts the days past its planned date,
// up to the actual date once reached or up to the day while still open.
type MilestoneProgress struct {
	Milestone
	Status   MilestoneStatus `json:"status"`
	DaysLate int             `json:"days_late"`
}

// JudgeMilestone returns where a milestone stands on day today.
func JudgeMilestone(m Milestone, today Date) MilestoneProgress {
	out := MilestoneProgress{Milestone: m, Status: MilestonePending}
	switch {
	case m.Actual != "" && m.Actual <= m.Planned:
		out.Status = MilestoneDone
	case m.Actual != "":
		out.Status, out.DaysLate = MilestoneDoneLate, m.Planned.DaysUntil(m.Actual)
	case today > m.Planned:
		out.Status, out.DaysLate = MilestoneLate, m.Planned.DaysUntil(today)
	}
	return out
}

// Difficulty is an open problem of a key project: an unanswered escalation about one of its tasks,
// or one of its tasks past its deadline.
type Difficulty struct {
	Kind     string `json:"kind"`
	ID       int64  `json:"id"`
	TaskID   int64  `json:"task_id"`
	Title    string `json:"title"`
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Since    Date   `json:"since"`
	DaysOpen int    `json:"days_open"`
}

// The kinds of difficulty.
const (
	DifficultyEscalation  = "escalation"
	DifficultyOverdueTask = "overdue_task"
)

// DefaultBehindThreshold is how far, in percent of the cumulative plan, actual disbursement may
// trail before a project is behind plan.
const DefaultBehindThreshold = 10

// ValidateThreshold checks a behind-plan threshold, a percentage from 0 to 100.
func ValidateThreshold(t float64) error {
	if !finite(t) || t < 0 || t > 100 {
		return Invalid("threshold", "Ngưỡng chậm tiến độ phải từ 0 đến 100 (%).", "threshold must be between 0 and 100 (%).")
	}
	return nil
}

// ProjectProgress is a key project on a day: its disbursement by month against plan, its
// milestones, its open difficulties, and whether it is behind plan and why.
type ProjectProgress struct {
	Project Project `json:"project"`
	AsOf    Date    `json:"as_of"`
	// AsOfMonth is the last month counted in the cumulative figures: the month before the current
	// one, whose figures are complete.
	AsOfMonth  string              `json:"as_of_month"`
	Months     []DisbursementMonth `json:"months"`
	CumPlanned float64             `json:"cum_planned"`
	CumActual  float64             `json:"cum_actual"`
	// Rate is CumActual over CumPlanned, nil while nothing was planned.
	Rate         *float64            `json:"rate"`
	Milestones   []MilestoneProgress `json:"milestones"`
	Difficulties []Difficulty        `json:"difficulties"`
	Threshold    float64             `json:"threshold"`
	Behind       bool                `json:"behind"`
	Reasons      []string            `json:"reasons"`
}

// monthOf returns the calendar month "YYYY-MM" of a day.
func monthOf(d Date) string { return string(d)[:7] }

// previousMonth returns the month before a month key "YYYY-MM".
func previousMonth(m string) string {
	y, _ := strconv.Atoi(m[:4])
	mm, _ := strconv.Atoi(m[5:])
	if mm--; mm == 0 {
		y, mm = y-1, 12
	}
	s := strconv.Itoa(mm)
	if mm < 10 {
		s = "0" + s
	}
	return strconv.Itoa(y) + "-" + s
}

// ComputeProgress judges a project on day today from its monthly disbursements (in any order) and
// milestones. The cumulative figures run to the end of the month before today's, since the current
// month is not over: a month in that span without a reported figure counts as nothing disbursed.
// The project is behind plan when the cumulative actual trails the cumulative plan by more than
// threshold percent of the plan, or when a milestone is past its planned date and not reached.
func ComputeProgress(p Project, ds []Disbursement, today Date, threshold float64) ProjectProgress {
	out := ProjectProgress{Project: p, AsOf: today, AsOfMonth: previousMonth(monthOf(today)), Threshold: threshold,
		Months: []DisbursementMonth{}, Milestones: []MilestoneProgress{}, Difficulties: []Difficulty{}, Reasons: []string{}}
	sorted := slices.SortedFunc(slices.Values(ds), func(a, b Disbursement) int { return strings.Compare(a.Month, b.Month) })
	var cp, ca float64
	for _, d := range sorted {
		cp += d.Planned
		if d.Actual != nil {
			ca += *d.Actual
		}
		out.Months = append(out.Months, DisbursementMonth{Disbursement: d, CumPlanned: cp, CumActual: ca})
		if d.Month <= out.AsOfMonth {
			out.CumPlanned, out.CumActual = cp, ca
		}
	}
	if out.CumPlanned > 0 {
		r := out.CumActual / out.CumPlanned
		out.Rate = &r
		if out.CumActual < out.CumPlanned*(1-threshold/100) {
			out.Behind = true
			out.Reasons = append(out.Reasons, "Giải ngân lũy kế đến tháng "+out.AsOfMonth+" đạt "+
				strconv.FormatFloat(r*100, 'f', 1, 64)+"% kế hoạch, thấp hơn ngưỡng "+strconv.FormatFloat(100-threshold, 'f', -1, 64)+"%.")
		}
	}
	for _, m := range p.Milestones {
		mp := JudgeMilestone(m, today)
		out.Milestones = append(out.Milestones, mp)
		if mp.Status == MilestoneLate {
			out.Behind = true
			out.Reasons = append(out.Reasons, "Mốc “"+m.Name+"” chậm "+strconv.Itoa(mp.DaysLate)+" ngày so với kế hoạch ("+m.Planned.Format()+").")
		}
	}
	return out
}

// ProjectService stores key projects with their monthly disbursement and judges their progress.
type ProjectService interface {
	CreateProject(ctx context.Context, p Project) (*Project, error)
	GetProject(ctx context.Context, id int64) (*Project, error)
	ListProjects(ctx context.Context) ([]Project, error)
	SetMilestones(ctx context.Context, projectID, version int64, ms []Milestone) (*Project, error)
	SetDisbursement(ctx context.Context, projectID int64, month string, in DisbursementInput) (*Disbursement, error)
	ProjectProgress(ctx context.Context, projectID int64, threshold float64) (*ProjectProgress, error)
	ProjectWatchlist(ctx context.Context, threshold float64) ([]ProjectProgress, error)
}

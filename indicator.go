package dondoc

import (
	"context"
	"errors"
	"math"
	"regexp"
	"slices"
	"strings"
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

// CheckPeriod refuses a period key without the indicator's granularity: a monthly indicator is
// reported, reopened and templated for periods like "2024-05".
func (i *Indicator) CheckPeriod(key string) error {
	if PeriodTypeOf(key) != i.PeriodType {
		ex := periodExample[i.PeriodType]
		return Invalid("period", "Chỉ tiêu này báo cáo theo kỳ dạng "+ex+".", "This indicator is reported for periods like "+ex+".")
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
	if err := ind.CheckPeriod(in.Period); err != nil {
		return err
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
// may return it instead, saying why, since the unit must know what to correct. A value not awaiting
// review is a conflict; a reviewer without the role at that step is forbidden.
func ReviewActualStep(a *Actor, unitPath string, status ActualStatus, d ReviewDecision) (ActualStatus, error) {
	if err := d.Validate(); err != nil {
		return "", err
	}
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

// ActualEvent is one step in the life of an actual value, read from its audit trail: a submission,
// a resubmission, an approval, an acceptance, a return or an import, with who took it and when.
type ActualEvent struct {
	ID      int64        `json:"id"`
	Action  string       `json:"action"`
	At      time.Time    `json:"at"`
	ActorID *int64       `json:"actor_id"`
	Actor   string       `json:"actor"`
	Status  ActualStatus `json:"status"`
	Value   *float64     `json:"value"`
	Note    string       `json:"note,omitempty"`
}

// EntrySettingKey is the key under which the entry-locking setting is stored in the settings table.
const EntrySettingKey = "indicator-entry"

// EntrySetting says when entry of an indicator's values for a period locks: GraceDays calendar
// days after the period's cut-off (Nghị định 09/2019: the 14th of its last month). Locking is off
// until an office turns it on, so that figures of past periods can be loaded into a new deployment.
type EntrySetting struct {
	Enabled   bool `json:"enabled"`
	GraceDays int  `json:"grace_days"`
}

// EntrySettingValue is the entry setting in force with its version, for optimistic concurrency.
type EntrySettingValue struct {
	EntrySetting
	Version int64 `json:"version"`
}

// maxGraceDays bounds the grace after a cut-off: more than a year would never lock anything.
const maxGraceDays = 366

// DefaultEntrySetting is the setting in force until one is stored: five days of grace, locking off.
func DefaultEntrySetting() EntrySetting { return EntrySetting{Enabled: false, GraceDays: 5} }

// Validate checks the grace, which must be a whole number of days from 0 to a year.
func (s EntrySetting) Validate() error {
	if s.GraceDays < 0 || s.GraceDays > maxGraceDays {
		return Invalid("grace_days", "Số ngày gia hạn nhập liệu phải từ 0 đến "+itoa(maxGraceDays)+".",
			"grace_days must be between 0 and "+itoa(maxGraceDays)+".")
	}
	return nil
}

// Expiry returns the last day on which values of a period with this cut-off may still be entered.
func (s EntrySetting) Expiry(cutoff Date) Date { return cutoff.AddDays(s.GraceDays) }

// Locked reports whether entry for a period with this cut-off is closed on day today, before any
// exception an office granted.
func (s EntrySetting) Locked(cutoff, today Date) bool { return s.Enabled && today > s.Expiry(cutoff) }

// PeriodLocked is the refusal of a value entered for a locked period. It names the field period and
// says from when and how to reopen it, since the officer cannot do anything else about it.
func PeriodLocked(period string, expiry Date) error {
	return Errorf(EConflict, "period", "Kỳ "+period+" đã khóa nhập số liệu sau ngày "+expiry.Format()+
		"; cần văn phòng cấp trên cho phép nhập bổ sung.",
		"Entry for period "+period+" closed after "+string(expiry)+"; ask the office for an exception.")
}

// CanManageEntrySetting reports whether the actor may change when entry locks: the setting is
// shared by the whole deployment, so an office or admin grant anywhere suffices.
func CanManageEntrySetting(a *Actor) bool { return a.HasRole("", RoleAdmin, RoleOffice) }

// CanGrantEntryException reports whether the actor may reopen entry for a unit: the office over
// the unit, which receives its figures.
func CanGrantEntryException(a *Actor, unitPath string) bool { return a.HasRole(unitPath, RoleOffice) }

// EntryException lets one unit enter one indicator's value for one locked period until a day.
type EntryException struct {
	ID          int64      `json:"id"`
	IndicatorID int64      `json:"indicator_id"`
	UnitID      int64      `json:"unit_id"`
	Period      string     `json:"period"`
	Until       Date       `json:"until"`
	Reason      string     `json:"reason"`
	GrantedBy   *int64     `json:"granted_by"`
	GrantedAt   time.Time  `json:"granted_at"`
	RevokedBy   *int64     `json:"revoked_by"`
	RevokedAt   *time.Time `json:"revoked_at"`
	Active      bool       `json:"active"`
	Version     int64      `json:"version"`
}

// ActiveOn reports whether the exception still reopens entry on day today: not revoked and not past
// its last day.
func (e *EntryException) ActiveOn(today Date) bool { return e.RevokedAt == nil && today <= e.Until }

// EntryExceptionInput is an office's grant as a client sends it.
type EntryExceptionInput struct {
	UnitID int64  `json:"unit_id"`
	Period string `json:"period"`
	Until  Date   `json:"until"`
	Reason string `json:"reason"`
}

// Validate checks a grant against its indicator on day today: a period of the indicator's kind, a
// last day that has not passed, and a reason, since reopening a closed period must be explained.
func (in *EntryExceptionInput) Validate(ind *Indicator, today Date) error {
	if in.UnitID <= 0 {
		return Invalid("unit_id", "Đơn vị là bắt buộc.", "unit_id is required.")
	}
	if err := ind.CheckPeriod(in.Period); err != nil {
		return err
	}
	if in.Until == "" || !in.Until.Valid() {
		return Invalid("until", "Hạn cho phép nhập phải có dạng YYYY-MM-DD.", "until must be a date YYYY-MM-DD.")
	}
	if in.Until < today {
		return Invalid("until", "Hạn cho phép nhập đã qua.", "until has already passed.")
	}
	return RequireText("reason", in.Reason, 2000)
}

// ImportKind says what a bulk import writes: targets (plans) or actuals (reported values).
type ImportKind string

// The import kinds.
const (
	ImportTargets ImportKind = "targets"
	ImportActuals ImportKind = "actuals"
)

// ParseImportKind reads the kind of an import or template; the default is actuals, which units
// enter every period, while targets are set once a year.
func ParseImportKind(s string) (ImportKind, error) {
	switch ImportKind(s) {
	case "", ImportActuals:
		return ImportActuals, nil
	case ImportTargets:
		return ImportTargets, nil
	}
	return "", Invalid("kind", "Loại nhập liệu phải là targets hoặc actuals.", "kind must be targets or actuals.")
}

// The columns of an import template, by the field they fill. The headers are what the officer
// reads and writes, so a row's problem names the column by its header.
const (
	ColUnitID      = "Mã đơn vị"
	ColUnitName    = "Tên đơn vị"
	ColPeriod      = "Kỳ"
	ColValue       = "Giá trị"
	ColDenominator = "Mẫu số"
	ColNote        = "Ghi chú"
	// ColPartPrefix starts the header of a disaggregation's column: "Phân tổ: hộ nghèo".
	ColPartPrefix = "Phân tổ: "
)

// ImportColumn returns the header of the template column that feeds a field of ValueInput.
func ImportColumn(field string) string {
	switch field {
	case "unit_id":
		return ColUnitID
	case "period":
		return ColPeriod
	case "value":
		return ColValue
	case "denominator":
		return ColDenominator
	case "note":
		return ColNote
	}
	if k, ok := strings.CutPrefix(field, "parts."); ok {
		return ColPartPrefix + k
	}
	return field
}

// ImportRow is one data row of an imported file, numbered as the spreadsheet numbers it (the
// header is row 1). Problems holds what the file reader already found wrong with it, such as a
// value that is not a number; storage adds what only it can tell.
type ImportRow struct {
	Row      int          `json:"row"`
	Input    ValueInput   `json:"input"`
	Problems []RowProblem `json:"problems,omitempty"`
}

// RowProblem is one reason why one cell of an imported row cannot be written.
type RowProblem struct {
	Row       int    `json:"row"`
	Column    string `json:"column"`
	Field     string `json:"field"`
	Message   string `json:"message"`
	MessageEN string `json:"message_en"`
}

// Problem records a problem of the row on a field, naming the template column that feeds it.
func (r *ImportRow) Problem(field, vi, en string) {
	r.Problems = append(r.Problems, RowProblem{Row: r.Row, Column: ImportColumn(field), Field: field, Message: vi, MessageEN: en})
}

// ProblemFrom records err as the row's problem, on the field the error names or on fallback.
func (r *ImportRow) ProblemFrom(err error, fallback string) {
	var e *Error
	if !errors.As(err, &e) {
		r.Problem(fallback, "Lỗi không xác định.", err.Error())
		return
	}
	field := e.Field
	if field == "" {
		field = fallback
	}
	r.Problem(field, e.Message, e.MessageEN)
}

// HasProblem reports whether the row already has a problem on field, so that a value the reader
// could not parse is not reported a second time as missing.
func (r *ImportRow) HasProblem(field string) bool {
	return slices.ContainsFunc(r.Problems, func(p RowProblem) bool { return p.Field == field })
}

// ImportResult is the outcome of an import: every row written, or none and the problems of every
// bad row.
type ImportResult struct {
	Kind     ImportKind   `json:"kind"`
	Rows     int          `json:"rows"`
	Written  int          `json:"written"`
	Problems []RowProblem `json:"problems"`
}

// ImportTemplate is what a template lists: the indicator, the kind and period, and the units the
// caller may enter values for, with the value already stored when there is one.
type ImportTemplate struct {
	Indicator Indicator      `json:"indicator"`
	Kind      ImportKind     `json:"kind"`
	Period    string         `json:"period"`
	Units     []TemplateUnit `json:"units"`
}

// TemplateUnit is one row of a template.
type TemplateUnit struct {
	ID    int64    `json:"id"`
	Name  string   `json:"name"`
	Value *float64 `json:"value"`
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
	ActualHistory(ctx context.Context, actualID int64) ([]ActualEvent, error)

	EntrySetting(ctx context.Context) (*EntrySettingValue, error)
	SetEntrySetting(ctx context.Context, version int64, s EntrySetting) (*EntrySettingValue, error)
	GrantEntryException(ctx context.Context, indicatorID int64, in EntryExceptionInput) (*EntryException, error)
	ListEntryExceptions(ctx context.Context, indicatorID int64, unitID int64) ([]EntryException, error)
	RevokeEntryException(ctx context.Context, id, version int64) (*EntryException, error)

	ImportTemplate(ctx context.Context, indicatorID int64, kind ImportKind, period string) (*ImportTemplate, error)
	ImportValues(ctx context.Context, indicatorID int64, kind ImportKind, rows []ImportRow) (*ImportResult, error)

	ProjectService
}

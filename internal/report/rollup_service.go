package report

import (
	"context"

	"dondoc"
)

// RollupFacts is what roll-ups need from storage: the facts of one indicator over a unit's subtree
// and the status thresholds. The storage that serves the task facts serves these too, so Service
// finds them on its Facts without another field to wire.
type RollupFacts interface {
	IndicatorFacts(ctx context.Context, q dondoc.IndicatorFactQuery) (*dondoc.IndicatorFacts, error)
	IndicatorStatusSetting(ctx context.Context) (*dondoc.IndicatorStatusSetting, error)
	SetIndicatorStatus(ctx context.Context, version int64, s dondoc.IndicatorStatus) (*dondoc.IndicatorStatusSetting, error)
}

// Service serves roll-ups as well as scorecards.
var _ dondoc.RollupService = (*Service)(nil)

// maxRollupYears bounds the years one roll-up reads, ten as MaxRollupColumns allows for months.
const maxRollupYears = 10

// rollupFacts returns the storage's indicator facts, or an internal error when the storage given
// to the service does not serve them.
func (s *Service) rollupFacts() (RollupFacts, error) {
	rf, ok := s.Facts.(RollupFacts)
	if !ok {
		return nil, dondoc.Errorf(dondoc.EInternal, "", "Máy chủ chưa hỗ trợ tổng hợp chỉ tiêu.", "Roll-ups are not available.")
	}
	return rf, nil
}

// rollupYears fills in the range and checks that it runs forwards over at most maxRollupYears.
func rollupYears(from, to string, asOf dondoc.Date) (string, string, int, int, error) {
	from, to, fy, ty := DefaultRange(from, to, asOf)
	if ty < fy {
		return "", "", 0, 0, dondoc.Invalid("to", "Kỳ kết thúc không được trước kỳ bắt đầu.", "to may not precede from.")
	}
	if ty-fy >= maxRollupYears {
		return "", "", 0, 0, dondoc.Invalid("to", "Mỗi lần tổng hợp tối đa 10 năm.", "A roll-up covers at most ten years.")
	}
	return from, to, fy, ty, nil
}

// indicatorData fills in and checks the years a query spans, then reads the indicator's facts over
// them and the status thresholds in force: the steps a roll-up and a completeness count share.
// fq names the indicator, unit and statuses; the years are set here.
func (s *Service) indicatorData(ctx context.Context, from, to *string, fq dondoc.IndicatorFactQuery) (
	*dondoc.IndicatorFacts, dondoc.IndicatorStatus, dondoc.Date, error) {
	rf, err := s.rollupFacts()
	if err != nil {
		return nil, dondoc.IndicatorStatus{}, "", err
	}
	asOf := s.Today()
	if *from, *to, fq.FromYear, fq.ToYear, err = rollupYears(*from, *to, asOf); err != nil {
		return nil, dondoc.IndicatorStatus{}, "", err
	}
	facts, err := rf.IndicatorFacts(ctx, fq)
	if err != nil {
		return nil, dondoc.IndicatorStatus{}, "", err
	}
	th, err := rf.IndicatorStatusSetting(ctx)
	if err != nil {
		return nil, dondoc.IndicatorStatus{}, "", err
	}
	return facts, th.IndicatorStatus, asOf, nil
}

// Rollup aggregates an indicator over the subtree of a unit and over the periods asked for, with
// year-to-date values and their status against the trajectory. Only accepted values count, unless
// the query includes those still under review.
func (s *Service) Rollup(ctx context.Context, q dondoc.RollupQuery) (*dondoc.Rollup, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	statuses := []dondoc.ActualStatus{dondoc.ActualAccepted}
	if q.IncludeSubmitted {
		statuses = append(statuses, dondoc.ActualApproved, dondoc.ActualSubmitted)
	}
	facts, th, asOf, err := s.indicatorData(ctx, &q.From, &q.To,
		dondoc.IndicatorFactQuery{IndicatorID: q.IndicatorID, UnitID: q.UnitID, Statuses: statuses})
	if err != nil {
		return nil, err
	}
	return ComputeRollup(q, facts, th, asOf)
}

// Completeness counts the reports of an indicator expected, received and received on time over
// the subtree of a unit. A report still under review has been received; a returned one has not.
func (s *Service) Completeness(ctx context.Context, q dondoc.CompletenessQuery) (*dondoc.Completeness, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	facts, th, asOf, err := s.indicatorData(ctx, &q.From, &q.To, dondoc.IndicatorFactQuery{IndicatorID: q.IndicatorID,
		UnitID: q.UnitID, Submissions: true,
		Statuses: []dondoc.ActualStatus{dondoc.ActualSubmitted, dondoc.ActualApproved, dondoc.ActualAccepted}})
	if dondoc.IsCode(err, dondoc.ENotFound) {
		return nil, dondoc.Invalid("indicator", "Chỉ tiêu không tồn tại.", "Unknown indicator.")
	}
	if err != nil {
		return nil, err
	}
	return ComputeCompleteness(q, facts, th, asOf)
}

// IndicatorStatusSetting returns the status thresholds in force.
func (s *Service) IndicatorStatusSetting(ctx context.Context) (*dondoc.IndicatorStatusSetting, error) {
	rf, err := s.rollupFacts()
	if err != nil {
		return nil, err
	}
	return rf.IndicatorStatusSetting(ctx)
}

// SetIndicatorStatus stores new status thresholds over the version the caller read.
func (s *Service) SetIndicatorStatus(ctx context.Context, version int64, st dondoc.IndicatorStatus) (*dondoc.IndicatorStatusSetting, error) {
	rf, err := s.rollupFacts()
	if err != nil {
		return nil, err
	}
	return rf.SetIndicatorStatus(ctx, version, st)
}

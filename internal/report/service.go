package report

import (
	"context"

	"dondoc"
)

// Facts is what the reports need from storage: the facts of tasks, escalations and post holdings
// in the caller's scope. The storage layer implements it; keeping the computation here lets the
// rules of counting live in one place, apart from SQL.
type Facts interface {
	TaskFacts(ctx context.Context, documentID int64) ([]dondoc.TaskFact, error)
	// TaskGroups splits each post's completed tasks at the days in changes (dondoc.HolderChanges).
	TaskGroups(ctx context.Context, f dondoc.ReportFilter, asOf dondoc.Date, changes map[int64][]dondoc.Date) ([]dondoc.TaskGroupFact, error)
	OverdueTasks(ctx context.Context, f dondoc.ReportFilter, asOf dondoc.Date, limit int) ([]dondoc.OverdueTask, error)
	EscalationFacts(ctx context.Context, unitID int64, asOf dondoc.Date) ([]dondoc.EscalationFact, error)
	HoldingFacts(ctx context.Context, unitID int64, from, asOf dondoc.Date) ([]dondoc.HoldingFact, error)
}

// Service implements dondoc.ReportService over the facts storage provides.
type Service struct {
	Facts     Facts
	Documents dondoc.DocumentService
	// Today returns the current date in Viet Nam; it comes from the database's clock so that
	// tests can fix it.
	Today func() dondoc.Date
}

// Scorecard counts, per lead unit in the caller's scope and per holder of an accountable post, the
// tasks that ran during the range and the escalations open at its end, and ranks both by on-time
// rate.
func (s *Service) Scorecard(ctx context.Context, f dondoc.ReportFilter) (*dondoc.Scorecard, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	f.DocumentID = 0
	asOf := f.AsOf(s.Today())
	holdings, err := s.Facts.HoldingFacts(ctx, f.UnitID, f.From, asOf)
	if err != nil {
		return nil, err
	}
	groups, err := s.Facts.TaskGroups(ctx, f, asOf, dondoc.HolderChanges(holdings, f.From, asOf))
	if err != nil {
		return nil, err
	}
	overdue, err := s.Facts.OverdueTasks(ctx, f, asOf, dondoc.ScorecardOverdueLimit)
	if err != nil {
		return nil, err
	}
	escalations, err := s.Facts.EscalationFacts(ctx, f.UnitID, asOf)
	if err != nil {
		return nil, err
	}
	return Scorecard(f, asOf, groups, overdue, escalations, holdings), nil
}

// Review counts every task of a document led by a unit in the caller's scope, by unit and status
// as they stand today. A document that does not exist or that the caller cannot read is bad input
// in the query parameter "document".
func (s *Service) Review(ctx context.Context, documentID int64) (*dondoc.ReviewReport, error) {
	if documentID <= 0 {
		return nil, dondoc.Invalid("document", "Cần chọn văn bản.", "A document is required.")
	}
	doc, err := s.Documents.GetDocument(ctx, documentID)
	if dondoc.IsCode(err, dondoc.ENotFound) {
		return nil, dondoc.Invalid("document", "Văn bản không tồn tại.", "Unknown document.")
	}
	if err != nil {
		return nil, err
	}
	tasks, err := s.Facts.TaskFacts(ctx, documentID)
	if err != nil {
		return nil, err
	}
	return Review(doc, s.Today(), tasks), nil
}

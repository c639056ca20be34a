package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"dondoc"
	"dondoc/internal/vntext"
)

// DB serves indicators, targets, actuals and key projects to the API and the pages.
var _ dondoc.IndicatorService = (*DB)(nil)

// indicatorRow is the stored shape of an indicator; disaggregations are a JSON list.
type indicatorRow struct {
	ID              int64     `db:"id"`
	Code            string    `db:"code"`
	Name            string    `db:"name"`
	Measure         string    `db:"measure"`
	Aggregation     string    `db:"aggregation"`
	PeriodType      string    `db:"period_type"`
	HigherIsBetter  bool      `db:"higher_is_better"`
	Disaggregations string    `db:"disaggregations"`
	Version         int64     `db:"version"`
	CreatedAt       time.Time `db:"created_at"`
}

const indicatorColumns = `i.id, i.code, i.name, i.measure, i.aggregation, i.period_type, i.higher_is_better,
	i.disaggregations, i.version, i.created_at`

func (r *indicatorRow) indicator() dondoc.Indicator {
	ind := dondoc.Indicator{ID: r.ID, Code: r.Code, Name: r.Name, Measure: r.Measure,
		Aggregation: dondoc.Aggregation(r.Aggregation), PeriodType: dondoc.PeriodType(r.PeriodType),
		HigherIsBetter: r.HigherIsBetter, Disaggregations: []string{}, Version: r.Version}
	if r.Disaggregations != "" {
		_ = json.Unmarshal([]byte(r.Disaggregations), &ind.Disaggregations)
	}
	return ind
}

// CreateIndicator defines an indicator. Its code is its identity in reports and imports, so a
// second indicator with the same code is a conflict on the field code.
func (db *DB) CreateIndicator(ctx context.Context, in dondoc.Indicator) (*dondoc.Indicator, error) {
	in.Code = strings.TrimSpace(in.Code)
	in.Name, in.Measure = vntext.NFC(strings.TrimSpace(in.Name)), vntext.NFC(strings.TrimSpace(in.Measure))
	dis := make([]string, len(in.Disaggregations))
	for i, d := range in.Disaggregations {
		dis[i] = vntext.NFC(strings.TrimSpace(d))
	}
	in.Disaggregations = dis
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if !dondoc.CanDefineIndicator(tx.actor) {
			return dondoc.Forbidden("Chỉ văn phòng hoặc quản trị được định nghĩa chỉ tiêu.", "Only an office or an admin may define indicators.")
		}
		disJSON, err := json.Marshal(in.Disaggregations)
		if err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO indicators (code, name, measure, aggregation, period_type, higher_is_better, disaggregations, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, in.Code, in.Name, in.Measure, string(in.Aggregation), string(in.PeriodType),
			in.HigherIsBetter, string(disJSON), tx.now)
		if err != nil {
			if dondoc.IsCode(translate(err), dondoc.EConflict) {
				return dondoc.Errorf(dondoc.EConflict, "code", "Mã chỉ tiêu "+in.Code+" đã được dùng.", "Indicator code "+in.Code+" is already in use.")
			}
			return err
		}
		return tx.audit("indicator.create", "indicator", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.indicator(ctx, id)
}

// indicator loads one indicator. Definitions are shared by the whole deployment, so any signed-in
// caller may read them.
func (db *DB) indicator(ctx context.Context, id int64) (*dondoc.Indicator, error) {
	var r indicatorRow
	if err := db.get(ctx, "indicator", &r, `SELECT `+indicatorColumns+` FROM indicators i WHERE i.id = ?`, id); err != nil {
		return nil, err
	}
	ind := r.indicator()
	return &ind, nil
}

// indicator loads one indicator inside a write transaction.
func (tx *Tx) indicator(id int64) (*dondoc.Indicator, error) {
	var r indicatorRow
	if err := tx.get("indicator", &r, `SELECT `+indicatorColumns+` FROM indicators i WHERE i.id = ?`, id); err != nil {
		return nil, err
	}
	ind := r.indicator()
	return &ind, nil
}

// ListIndicators lists every indicator in Vietnamese name order.
func (db *DB) ListIndicators(ctx context.Context) ([]dondoc.Indicator, error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	var rows []indicatorRow
	if err := db.sel(ctx, &rows, `SELECT `+indicatorColumns+` FROM indicators i ORDER BY i.name COLLATE vi, i.id`); err != nil {
		return nil, err
	}
	out := make([]dondoc.Indicator, len(rows))
	for i := range rows {
		out[i] = rows[i].indicator()
	}
	return out, nil
}

// targetRow is the stored shape of a target.
type targetRow struct {
	ID          int64   `db:"id"`
	IndicatorID int64   `db:"indicator_id"`
	UnitID      int64   `db:"unit_id"`
	Period      string  `db:"period"`
	Value       float64 `db:"value"`
	Version     int64   `db:"version"`
}

const targetColumns = `t.id, t.indicator_id, t.unit_id, t.period, t.value, t.version`

func (r *targetRow) target() dondoc.Target {
	return dondoc.Target{ID: r.ID, IndicatorID: r.IndicatorID, UnitID: r.UnitID, Period: r.Period, Value: r.Value, Version: r.Version}
}

// SetTarget sets the planned value of an indicator for a unit and period, replacing an earlier
// plan for the same period: a plan is revised, not duplicated. The version counts the revisions;
// the audit row keeps the value it replaced and the note explaining the revision, since a target
// has no note of its own.
func (db *DB) SetTarget(ctx context.Context, indicatorID int64, in dondoc.ValueInput) (*dondoc.Target, error) {
	in.Period = strings.TrimSpace(in.Period)
	var out dondoc.Target
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.indicator(indicatorID); err != nil {
			return err
		}
		if err := in.ValidateTarget(); err != nil {
			return err
		}
		path, err := tx.unitPath("unit_id", in.UnitID)
		if err != nil {
			return err
		}
		if !dondoc.CanSetTarget(tx.actor, path) {
			return dondoc.Errorf(dondoc.EForbidden, "unit_id", "Bạn không có quyền giao chỉ tiêu cho đơn vị này.", "You may not set targets for this unit.")
		}
		var before *dondoc.Target
		var old targetRow
		err = tx.get("target", &old, `SELECT `+targetColumns+` FROM targets t WHERE t.indicator_id = ? AND t.unit_id = ? AND t.period = ?`,
			indicatorID, in.UnitID, in.Period)
		switch {
		case err == nil:
			t := old.target()
			before = &t
		case !dondoc.IsCode(err, dondoc.ENotFound):
			return err
		}
		id, err := tx.insert(`INSERT INTO targets (indicator_id, unit_id, period, value) VALUES (?, ?, ?, ?)
			ON CONFLICT (indicator_id, unit_id, period) DO UPDATE SET value = excluded.value, version = targets.version + 1`,
			indicatorID, in.UnitID, in.Period, *in.Value)
		if err != nil {
			return err
		}
		var r targetRow
		if err := tx.get("target", &r, `SELECT `+targetColumns+` FROM targets t WHERE t.id = ?`, id); err != nil {
			return err
		}
		out = r.target()
		after := map[string]any{"target": out, "note": in.Note}
		if before == nil {
			return tx.audit("target.create", "target", id, nil, after)
		}
		return tx.audit("target.update", "target", id, before, after)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// unitFilter returns the condition that keeps rows of one unit when unitID is set, checking that
// the unit exists so that a mistyped filter is reported instead of answering an empty list.
func (db *DB) unitFilter(ctx context.Context, column string, unitID int64) (string, []any, error) {
	if unitID <= 0 {
		return "1=1", nil, nil
	}
	var n int
	if err := db.get(ctx, "unit", &n, `SELECT COUNT(*) FROM units WHERE id = ?`, unitID); err != nil {
		return "", nil, err
	}
	if n == 0 {
		return "", nil, dondoc.Invalid("unit", "Đơn vị không tồn tại.", "Unknown unit.")
	}
	return column + " = ?", []any{unitID}, nil
}

// ListTargets lists an indicator's targets for the units in the caller's scope, optionally for one
// unit only, by period then unit.
func (db *DB) ListTargets(ctx context.Context, indicatorID int64, unitID int64) ([]dondoc.Target, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := db.indicator(ctx, indicatorID); err != nil {
		return nil, err
	}
	ucond, uargs, err := db.unitFilter(ctx, "t.unit_id", unitID)
	if err != nil {
		return nil, err
	}
	cond, args := scopeCondition(a, "t.unit_id")
	args = append(append([]any{indicatorID}, args...), uargs...)
	var rows []targetRow
	if err := db.sel(ctx, &rows, `SELECT `+targetColumns+` FROM targets t WHERE t.indicator_id = ? AND `+cond+` AND `+ucond+
		` ORDER BY t.period, t.unit_id, t.id`, args...); err != nil {
		return nil, err
	}
	out := make([]dondoc.Target, len(rows))
	for i := range rows {
		out[i] = rows[i].target()
	}
	return out, nil
}

// actualRow is the stored shape of an actual; parts are a JSON object, empty when there are none.
type actualRow struct {
	ID          int64     `db:"id"`
	IndicatorID int64     `db:"indicator_id"`
	UnitID      int64     `db:"unit_id"`
	Period      string    `db:"period"`
	Value       float64   `db:"value"`
	Denominator *float64  `db:"denominator"`
	Parts       string    `db:"parts"`
	Status      string    `db:"status"`
	Note        string    `db:"note"`
	SubmittedBy int64     `db:"submitted_by"`
	SubmittedAt time.Time `db:"submitted_at"`
	Version     int64     `db:"version"`
}

const actualColumns = `a.id, a.indicator_id, a.unit_id, a.period, a.value, a.denominator, a.parts, a.status, a.note,
	a.submitted_by, a.submitted_at, a.version`

func (r *actualRow) actual() dondoc.Actual {
	x := dondoc.Actual{ID: r.ID, IndicatorID: r.IndicatorID, UnitID: r.UnitID, Period: r.Period, Value: r.Value,
		Denominator: r.Denominator, Status: dondoc.ActualStatus(r.Status), Note: r.Note, SubmittedBy: r.SubmittedBy,
		SubmittedAt: r.SubmittedAt.UTC(), Version: r.Version}
	if r.Parts != "" {
		_ = json.Unmarshal([]byte(r.Parts), &x.Parts)
	}
	return x
}

// SubmitActual records a unit's actual value for a period. A value still under review or returned
// is replaced by the new submission, which starts its review again; an approved or accepted value
// is settled and cannot be resubmitted. Only a user account may submit, since the value carries
// who reported it.
func (db *DB) SubmitActual(ctx context.Context, indicatorID int64, in dondoc.ValueInput) (*dondoc.Actual, error) {
	in.Period = strings.TrimSpace(in.Period)
	in.Note = vntext.NFC(strings.TrimSpace(in.Note))
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		ind, err := tx.indicator(indicatorID)
		if err != nil {
			return err
		}
		if err := in.ValidateActual(ind); err != nil {
			return err
		}
		path, err := tx.unitPath("unit_id", in.UnitID)
		if err != nil {
			return err
		}
		if tx.actorID() == nil || !dondoc.CanSubmitActual(tx.actor, path) {
			return dondoc.Errorf(dondoc.EForbidden, "unit_id", "Bạn không có quyền báo cáo số liệu của đơn vị này.", "You may not report figures for this unit.")
		}
		var before *dondoc.Actual
		var old actualRow
		err = tx.get("actual", &old, `SELECT `+actualColumns+` FROM actuals a WHERE a.indicator_id = ? AND a.unit_id = ? AND a.period = ?`,
			indicatorID, in.UnitID, in.Period)
		switch {
		case err == nil:
			x := old.actual()
			before = &x
			if !x.Status.Resubmittable() {
				return settledActual()
			}
		case !dondoc.IsCode(err, dondoc.ENotFound):
			return err
		}
		parts := ""
		if len(in.Parts) > 0 {
			b, err := json.Marshal(in.Parts)
			if err != nil {
				return err
			}
			parts = string(b)
		}
		// The WHERE clause repeats the settled-value rule inside the statement, so that a review
		// committed by another instance between the read above and this write still wins.
		id, err = tx.insert(`INSERT INTO actuals (indicator_id, unit_id, period, value, denominator, parts, status, note, submitted_by, submitted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (indicator_id, unit_id, period) DO UPDATE SET value = excluded.value, denominator = excluded.denominator,
				parts = excluded.parts, status = excluded.status, note = excluded.note, submitted_by = excluded.submitted_by,
				submitted_at = excluded.submitted_at, version = actuals.version + 1
			WHERE actuals.status IN (?, ?)`,
			indicatorID, in.UnitID, in.Period, *in.Value, in.Denominator, parts, string(dondoc.ActualSubmitted), in.Note,
			*tx.actorID(), tx.now, string(dondoc.ActualSubmitted), string(dondoc.ActualReturned))
		if errors.Is(err, sql.ErrNoRows) {
			return settledActual()
		}
		if err != nil {
			return err
		}
		var r actualRow
		if err := tx.get("actual", &r, `SELECT `+actualColumns+` FROM actuals a WHERE a.id = ?`, id); err != nil {
			return err
		}
		if before == nil {
			return tx.audit("actual.submit", "actual", id, nil, r.actual())
		}
		return tx.audit("actual.resubmit", "actual", id, before, r.actual())
	})
	if err != nil {
		return nil, err
	}
	return db.getActual(ctx, id)
}

func settledActual() error {
	return dondoc.Conflict("Số liệu kỳ này đã được duyệt hoặc tiếp nhận; không thể gửi lại.",
		"The figure for this period is already approved or accepted and cannot be resubmitted.")
}

// getActual returns an actual of a unit in the caller's scope; any other is not found.
func (db *DB) getActual(ctx context.Context, id int64) (*dondoc.Actual, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := scopeCondition(a, "a.unit_id")
	var r actualRow
	if err := db.get(ctx, "actual", &r, `SELECT `+actualColumns+` FROM actuals a WHERE a.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
		return nil, err
	}
	x := r.actual()
	return &x, nil
}

// ReviewActual applies a review decision to a submitted or approved actual: the unit head approves,
// then the office accepts; either may return the value to the unit, with the note saying why. An
// actual outside the caller's scope is not found; the review rule itself lives in the domain.
func (db *DB) ReviewActual(ctx context.Context, actualID, version int64, d dondoc.ReviewDecision) (*dondoc.Actual, error) {
	d.Note = vntext.NFC(strings.TrimSpace(d.Note))
	if err := dondoc.OptionalText("note", d.Note, 5000); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		cond, args := scopeCondition(tx.actor, "a.unit_id")
		var r struct {
			actualRow
			Path string `db:"path"`
		}
		if err := tx.get("actual", &r, `SELECT `+actualColumns+`, u.path FROM actuals a JOIN units u ON u.id = a.unit_id
			WHERE a.id = ? AND `+cond, append([]any{actualID}, args...)...); err != nil {
			return err
		}
		next, err := dondoc.ReviewActualStep(tx.actor, r.Path, dondoc.ActualStatus(r.Status), d)
		if err != nil {
			return err
		}
		if r.Version != version {
			return dondoc.Stale()
		}
		if err := tx.bumpVersion("actuals", actualID, version); err != nil {
			return err
		}
		// A returned value keeps the reviewer's reason where the unit will read it; the submitter's
		// own note stays in the audit row's before image.
		note := r.Note
		if next == dondoc.ActualReturned && d.Note != "" {
			note = d.Note
		}
		if _, err := tx.exec(`UPDATE actuals SET status = ?, note = ? WHERE id = ?`, string(next), note, actualID); err != nil {
			return err
		}
		action := map[dondoc.ActualStatus]string{dondoc.ActualApproved: "actual.approve", dondoc.ActualAccepted: "actual.accept",
			dondoc.ActualReturned: "actual.return"}[next]
		return tx.audit(action, "actual", actualID, map[string]any{"status": r.Status, "note": r.Note},
			map[string]any{"status": next, "note": note, "review_note": d.Note})
	})
	if err != nil {
		return nil, err
	}
	return db.getActual(ctx, actualID)
}

// ListActuals lists an indicator's actuals for the units in the caller's scope, optionally for one
// unit only, by period then unit.
func (db *DB) ListActuals(ctx context.Context, indicatorID int64, unitID int64) ([]dondoc.Actual, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := db.indicator(ctx, indicatorID); err != nil {
		return nil, err
	}
	ucond, uargs, err := db.unitFilter(ctx, "a.unit_id", unitID)
	if err != nil {
		return nil, err
	}
	cond, args := scopeCondition(a, "a.unit_id")
	args = append(append([]any{indicatorID}, args...), uargs...)
	var rows []actualRow
	if err := db.sel(ctx, &rows, `SELECT `+actualColumns+` FROM actuals a WHERE a.indicator_id = ? AND `+cond+` AND `+ucond+
		` ORDER BY a.period, a.unit_id, a.id`, args...); err != nil {
		return nil, err
	}
	out := make([]dondoc.Actual, len(rows))
	for i := range rows {
		out[i] = rows[i].actual()
	}
	return out, nil
}

// projectRow is the stored shape of a key project; milestones are a JSON list.
type projectRow struct {
	ID              int64     `db:"id"`
	Name            string    `db:"name"`
	InvestorUnitID  int64     `db:"investor_unit_id"`
	TotalInvestment float64   `db:"total_investment"`
	PlannedStart    string    `db:"planned_start"`
	PlannedEnd      string    `db:"planned_end"`
	IndicatorID     *int64    `db:"indicator_id"`
	Milestones      string    `db:"milestones"`
	Version         int64     `db:"version"`
	CreatedAt       time.Time `db:"created_at"`
}

const projectColumns = `p.id, p.name, p.investor_unit_id, p.total_investment, p.planned_start, p.planned_end, p.indicator_id,
	p.milestones, p.version, p.created_at`

func (r *projectRow) project() dondoc.Project {
	p := dondoc.Project{ID: r.ID, Name: r.Name, InvestorUnitID: r.InvestorUnitID, TotalInvestment: r.TotalInvestment,
		PlannedStart: dondoc.Date(r.PlannedStart), PlannedEnd: dondoc.Date(r.PlannedEnd), IndicatorID: r.IndicatorID,
		Milestones: []dondoc.Milestone{}, Version: r.Version}
	if r.Milestones != "" {
		_ = json.Unmarshal([]byte(r.Milestones), &p.Milestones)
	}
	return p
}

// CreateProject registers a key project of an investor unit, optionally linked to the indicator
// that measures its disbursement, with its planned milestones.
func (db *DB) CreateProject(ctx context.Context, p dondoc.Project) (*dondoc.Project, error) {
	p.Name = vntext.NFC(strings.TrimSpace(p.Name))
	ms := make([]dondoc.Milestone, len(p.Milestones))
	for i, m := range p.Milestones {
		m.Name = vntext.NFC(strings.TrimSpace(m.Name))
		ms[i] = m
	}
	p.Milestones = ms
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		path, err := tx.unitPath("investor_unit_id", p.InvestorUnitID)
		if err != nil {
			return err
		}
		if !dondoc.CanManageProject(tx.actor, path) {
			return dondoc.Errorf(dondoc.EForbidden, "investor_unit_id", "Bạn không có quyền đăng ký dự án của chủ đầu tư này.",
				"You may not register projects of this investor.")
		}
		if p.IndicatorID != nil {
			if _, err := tx.indicator(*p.IndicatorID); dondoc.IsCode(err, dondoc.ENotFound) {
				return dondoc.Invalid("indicator_id", "Chỉ tiêu không tồn tại.", "Unknown indicator.")
			} else if err != nil {
				return err
			}
		}
		msJSON, err := json.Marshal(p.Milestones)
		if err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO projects (name, investor_unit_id, total_investment, planned_start, planned_end, indicator_id,
			milestones, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.Name, p.InvestorUnitID, p.TotalInvestment,
			string(p.PlannedStart), string(p.PlannedEnd), p.IndicatorID, string(msJSON), tx.now)
		if err != nil {
			return err
		}
		return tx.audit("project.create", "project", id, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return db.GetProject(ctx, id)
}

// GetProject returns a key project. Key projects are followed by the whole province, so any read
// role suffices; a caller without one finds none.
func (db *DB) GetProject(ctx context.Context, id int64) (*dondoc.Project, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !dondoc.CanReadProjects(a) {
		return nil, dondoc.NotFound("project")
	}
	var r projectRow
	if err := db.get(ctx, "project", &r, `SELECT `+projectColumns+` FROM projects p WHERE p.id = ?`, id); err != nil {
		return nil, err
	}
	p := r.project()
	return &p, nil
}

// ListProjects lists the key projects in Vietnamese name order; a caller without a read role sees
// an empty list.
func (db *DB) ListProjects(ctx context.Context) ([]dondoc.Project, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	out := []dondoc.Project{}
	if !dondoc.CanReadProjects(a) {
		return out, nil
	}
	var rows []projectRow
	if err := db.sel(ctx, &rows, `SELECT `+projectColumns+` FROM projects p ORDER BY p.name COLLATE vi, p.id`); err != nil {
		return nil, err
	}
	for i := range rows {
		out = append(out, rows[i].project())
	}
	return out, nil
}

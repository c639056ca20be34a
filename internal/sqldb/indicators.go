package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"dondoc"
	"dondoc/internal/calendar"
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
	var out *dondoc.Target
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.indicator(indicatorID); err != nil {
			return err
		}
		before, err := tx.checkTarget(indicatorID, in)
		if err != nil {
			return err
		}
		out, err = tx.writeTarget(indicatorID, in, before)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkTarget checks a target the caller wants to set, without writing, and returns the plan it
// would replace (nil for a first plan).
func (tx *Tx) checkTarget(indicatorID int64, in dondoc.ValueInput) (*dondoc.Target, error) {
	if err := in.ValidateTarget(); err != nil {
		return nil, err
	}
	path, err := tx.unitPath("unit_id", in.UnitID)
	if err != nil {
		return nil, err
	}
	if !dondoc.CanSetTarget(tx.actor, path) {
		return nil, dondoc.Errorf(dondoc.EForbidden, "unit_id", "Bạn không có quyền giao chỉ tiêu cho đơn vị này.", "You may not set targets for this unit.")
	}
	var old targetRow
	err = tx.get("target", &old, `SELECT `+targetColumns+` FROM targets t WHERE t.indicator_id = ? AND t.unit_id = ? AND t.period = ?`,
		indicatorID, in.UnitID, in.Period)
	switch {
	case err == nil:
		t := old.target()
		return &t, nil
	case dondoc.IsCode(err, dondoc.ENotFound):
		return nil, nil
	}
	return nil, err
}

// writeTarget stores a target that checkTarget accepted, with its audit row.
func (tx *Tx) writeTarget(indicatorID int64, in dondoc.ValueInput, before *dondoc.Target) (*dondoc.Target, error) {
	id, err := tx.insert(`INSERT INTO targets (indicator_id, unit_id, period, value) VALUES (?, ?, ?, ?)
		ON CONFLICT (indicator_id, unit_id, period) DO UPDATE SET value = excluded.value, version = targets.version + 1`,
		indicatorID, in.UnitID, in.Period, *in.Value)
	if err != nil {
		return nil, err
	}
	var r targetRow
	if err := tx.get("target", &r, `SELECT `+targetColumns+` FROM targets t WHERE t.id = ?`, id); err != nil {
		return nil, err
	}
	out := r.target()
	after := map[string]any{"target": out, "note": in.Note}
	if before == nil {
		return &out, tx.audit("target.create", "target", id, nil, after)
	}
	return &out, tx.audit("target.update", "target", id, before, after)
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
// is settled and cannot be resubmitted. Entry for a period locks some days after its cut-off (see
// dondoc.EntrySetting) unless the office has granted the unit an exception. Only a user account may
// submit, since the value carries who reported it.
func (db *DB) SubmitActual(ctx context.Context, indicatorID int64, in dondoc.ValueInput) (*dondoc.Actual, error) {
	in.Period = strings.TrimSpace(in.Period)
	in.Note = vntext.NFC(strings.TrimSpace(in.Note))
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		ind, err := tx.indicator(indicatorID)
		if err != nil {
			return err
		}
		setting, err := tx.entrySetting()
		if err != nil {
			return err
		}
		before, err := tx.checkActual(ind, setting, in)
		if err != nil {
			return err
		}
		id, err = tx.writeActual(ind, in, before)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.getActual(ctx, id)
}

// checkActual checks an actual the caller wants to submit, without writing: the value against its
// indicator, the caller's right over the unit, the value it would replace (which must not be
// settled) and the entry lock. It returns the value replaced, nil for a first submission.
func (tx *Tx) checkActual(ind *dondoc.Indicator, setting dondoc.EntrySetting, in dondoc.ValueInput) (*dondoc.Actual, error) {
	if err := in.ValidateActual(ind); err != nil {
		return nil, err
	}
	path, err := tx.unitPath("unit_id", in.UnitID)
	if err != nil {
		return nil, err
	}
	if tx.actorID() == nil || !dondoc.CanSubmitActual(tx.actor, path) {
		return nil, dondoc.Errorf(dondoc.EForbidden, "unit_id", "Bạn không có quyền báo cáo số liệu của đơn vị này.", "You may not report figures for this unit.")
	}
	var before *dondoc.Actual
	var old actualRow
	err = tx.get("actual", &old, `SELECT `+actualColumns+` FROM actuals a WHERE a.indicator_id = ? AND a.unit_id = ? AND a.period = ?`,
		ind.ID, in.UnitID, in.Period)
	switch {
	case err == nil:
		x := old.actual()
		before = &x
		if !x.Status.Resubmittable() {
			return nil, settledActual()
		}
	case !dondoc.IsCode(err, dondoc.ENotFound):
		return nil, err
	}
	if err := tx.checkEntryOpen(ind.ID, in.UnitID, in.Period, setting); err != nil {
		return nil, err
	}
	return before, nil
}

// writeActual stores an actual that checkActual accepted, with its audit row.
func (tx *Tx) writeActual(ind *dondoc.Indicator, in dondoc.ValueInput, before *dondoc.Actual) (int64, error) {
	parts := ""
	if len(in.Parts) > 0 {
		b, err := json.Marshal(in.Parts)
		if err != nil {
			return 0, err
		}
		parts = string(b)
	}
	// The WHERE clause repeats the settled-value rule inside the statement, so that a review
	// committed by another instance between the read above and this write still wins.
	id, err := tx.insert(`INSERT INTO actuals (indicator_id, unit_id, period, value, denominator, parts, status, note, submitted_by, submitted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (indicator_id, unit_id, period) DO UPDATE SET value = excluded.value, denominator = excluded.denominator,
			parts = excluded.parts, status = excluded.status, note = excluded.note, submitted_by = excluded.submitted_by,
			submitted_at = excluded.submitted_at, version = actuals.version + 1
		WHERE actuals.status IN (?, ?)`,
		ind.ID, in.UnitID, in.Period, *in.Value, in.Denominator, parts, string(dondoc.ActualSubmitted), in.Note,
		*tx.actorID(), tx.now, string(dondoc.ActualSubmitted), string(dondoc.ActualReturned))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, settledActual()
	}
	if err != nil {
		return 0, err
	}
	var r actualRow
	if err := tx.get("actual", &r, `SELECT `+actualColumns+` FROM actuals a WHERE a.id = ?`, id); err != nil {
		return 0, err
	}
	if before == nil {
		return id, tx.audit("actual.submit", "actual", id, nil, r.actual())
	}
	return id, tx.audit("actual.resubmit", "actual", id, before, r.actual())
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
		return tx.audit(action, "actual", actualID,
			map[string]any{"status": r.Status, "note": r.Note, "value": r.Value, "version": r.Version},
			map[string]any{"status": next, "note": note, "review_note": d.Note, "value": r.Value, "version": r.Version + 1})
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

// ActualHistory lists the steps of an actual value from its audit trail, oldest first: every
// submission, resubmission and review, with who took it, when, the status it left and the note.
// An actual outside the caller's scope is not found.
func (db *DB) ActualHistory(ctx context.Context, actualID int64) ([]dondoc.ActualEvent, error) {
	if _, err := db.getActual(ctx, actualID); err != nil {
		return nil, err
	}
	var rows []struct {
		ID      int64     `db:"id"`
		ActorID *int64    `db:"actor_id"`
		Actor   string    `db:"actor"`
		Action  string    `db:"action"`
		At      time.Time `db:"at"`
		After   string    `db:"after_json"`
	}
	if err := db.sel(ctx, &rows, `SELECT id, actor_id, actor, action, at, after_json FROM audit_log
		WHERE object_type = 'actual' AND object_id = ? ORDER BY id`, actualID); err != nil {
		return nil, err
	}
	out := make([]dondoc.ActualEvent, 0, len(rows))
	for _, r := range rows {
		var after struct {
			Status     dondoc.ActualStatus `json:"status"`
			Value      *float64            `json:"value"`
			Note       string              `json:"note"`
			ReviewNote *string             `json:"review_note"`
		}
		if r.After != "" {
			if err := json.Unmarshal([]byte(r.After), &after); err != nil {
				return nil, dondoc.Internal(err)
			}
		}
		note := after.Note
		if after.ReviewNote != nil {
			note = *after.ReviewNote
		}
		out = append(out, dondoc.ActualEvent{ID: r.ID, Action: r.Action, At: r.At.UTC(), ActorID: r.ActorID, Actor: r.Actor,
			Status: after.Status, Value: after.Value, Note: note})
	}
	return out, nil
}

// EntrySetting returns the entry-locking setting in force: the stored one, or the default at
// version 1 until one is stored. Any signed-in caller may read it, since officers need to know
// until when they may enter figures.
func (db *DB) EntrySetting(ctx context.Context) (*dondoc.EntrySettingValue, error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	s, version, err := storedSetting(ctx, db, dondoc.EntrySettingKey, dondoc.DefaultEntrySetting())
	if err != nil {
		return nil, err
	}
	return &dondoc.EntrySettingValue{EntrySetting: s, Version: version}, nil
}

// entrySetting reads the entry-locking setting inside a write transaction.
func (tx *Tx) entrySetting() (dondoc.EntrySetting, error) {
	var vals []string
	if err := tx.Select(&vals, tx.Rebind(`SELECT value FROM settings WHERE key = ?`), dondoc.EntrySettingKey); err != nil {
		return dondoc.EntrySetting{}, err
	}
	if len(vals) == 0 {
		return dondoc.DefaultEntrySetting(), nil
	}
	var s dondoc.EntrySetting
	if err := json.Unmarshal([]byte(vals[0]), &s); err != nil {
		return s, dondoc.Internal(err)
	}
	return s, nil
}

// SetEntrySetting validates and stores the entry-locking setting over the version the caller read,
// with an audit row; a setting changed meanwhile is refused as stale.
func (db *DB) SetEntrySetting(ctx context.Context, version int64, s dondoc.EntrySetting) (*dondoc.EntrySettingValue, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !dondoc.CanManageEntrySetting(a) {
		return nil, dondoc.Forbidden("Chỉ quản trị viên và văn phòng được sửa thời hạn nhập số liệu.",
			"Only administrators and offices may change when entry locks.")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := db.putSetting(ctx, dondoc.EntrySettingKey, version, s); err != nil {
		return nil, err
	}
	return db.EntrySetting(ctx)
}

// checkEntryOpen refuses a value for a period whose entry has locked, unless an unrevoked exception
// for the unit, indicator and period runs at least until today.
func (tx *Tx) checkEntryOpen(indicatorID, unitID int64, period string, s dondoc.EntrySetting) error {
	if !s.Enabled {
		return nil
	}
	p, err := calendar.PeriodByKey(period)
	if err != nil {
		return err
	}
	today := dondoc.Today(tx.now)
	if !s.Locked(p.End, today) {
		return nil
	}
	var n int
	if err := tx.get("exception", &n, `SELECT COUNT(*) FROM indicator_entry_exceptions
		WHERE indicator_id = ? AND unit_id = ? AND period = ? AND revoked_at IS NULL AND valid_until >= ?`,
		indicatorID, unitID, period, string(today)); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return dondoc.PeriodLocked(period, s.Expiry(p.End))
}

// exceptionRow is the stored shape of an entry exception.
type exceptionRow struct {
	ID          int64      `db:"id"`
	IndicatorID int64      `db:"indicator_id"`
	UnitID      int64      `db:"unit_id"`
	Period      string     `db:"period"`
	ValidUntil  string     `db:"valid_until"`
	Reason      string     `db:"reason"`
	GrantedBy   *int64     `db:"granted_by"`
	GrantedAt   time.Time  `db:"granted_at"`
	RevokedBy   *int64     `db:"revoked_by"`
	RevokedAt   *time.Time `db:"revoked_at"`
	Version     int64      `db:"version"`
}

const exceptionColumns = `x.id, x.indicator_id, x.unit_id, x.period, x.valid_until, x.reason, x.granted_by, x.granted_at,
	x.revoked_by, x.revoked_at, x.version`

func (r *exceptionRow) exception(today dondoc.Date) dondoc.EntryException {
	e := dondoc.EntryException{ID: r.ID, IndicatorID: r.IndicatorID, UnitID: r.UnitID, Period: r.Period, Until: dondoc.Date(r.ValidUntil),
		Reason: r.Reason, GrantedBy: r.GrantedBy, GrantedAt: r.GrantedAt.UTC(), RevokedBy: r.RevokedBy, Version: r.Version}
	if r.RevokedAt != nil {
		t := r.RevokedAt.UTC()
		e.RevokedAt = &t
	}
	e.Active = e.ActiveOn(today)
	return e
}

// GrantEntryException lets a unit enter an indicator's value for a period until a day, whether or
// not the period has locked yet. Only the office over the unit may grant it; a new grant for the
// same unit, indicator and period replaces the one in force, which is revoked in the same
// transaction, and both steps are audited.
func (db *DB) GrantEntryException(ctx context.Context, indicatorID int64, in dondoc.EntryExceptionInput) (*dondoc.EntryException, error) {
	in.Period = strings.TrimSpace(in.Period)
	in.Reason = vntext.NFC(strings.TrimSpace(in.Reason))
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		ind, err := tx.indicator(indicatorID)
		if err != nil {
			return err
		}
		today := dondoc.Today(tx.now)
		if err := in.Validate(ind, today); err != nil {
			return err
		}
		path, err := tx.unitPath("unit_id", in.UnitID)
		if err != nil {
			return err
		}
		if !dondoc.CanGrantEntryException(tx.actor, path) {
			return dondoc.Errorf(dondoc.EForbidden, "unit_id", "Chỉ văn phòng cấp trên của đơn vị được cho phép nhập bổ sung.",
				"Only the office over the unit may reopen entry.")
		}
		var old []exceptionRow
		if err := tx.Select(&old, tx.Rebind(`SELECT `+exceptionColumns+` FROM indicator_entry_exceptions x
			WHERE x.indicator_id = ? AND x.unit_id = ? AND x.period = ? AND x.revoked_at IS NULL`), indicatorID, in.UnitID, in.Period); err != nil {
			return err
		}
		for _, o := range old {
			if err := tx.revokeException(o, today); err != nil {
				return err
			}
		}
		id, err = tx.insert(`INSERT INTO indicator_entry_exceptions (indicator_id, unit_id, period, valid_until, reason, granted_by, granted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, indicatorID, in.UnitID, in.Period, string(in.Until), in.Reason, tx.actorID(), tx.now)
		if err != nil {
			return err
		}
		return tx.audit("entry_exception.grant", "entry_exception", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.entryException(ctx, id)
}

// revokeException marks an exception revoked by the caller, with its audit row.
func (tx *Tx) revokeException(r exceptionRow, today dondoc.Date) error {
	if err := tx.bumpVersion("indicator_entry_exceptions", r.ID, r.Version); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE indicator_entry_exceptions SET revoked_by = ?, revoked_at = ? WHERE id = ?`,
		tx.actorID(), tx.now, r.ID); err != nil {
		return err
	}
	return tx.audit("entry_exception.revoke", "entry_exception", r.ID, r.exception(today),
		map[string]any{"revoked_at": tx.now, "revoked_by": tx.actorID()})
}

// entryException loads an exception of a unit in the caller's scope; any other is not found.
func (db *DB) entryException(ctx context.Context, id int64) (*dondoc.EntryException, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := scopeCondition(a, "x.unit_id")
	var r exceptionRow
	if err := db.get(ctx, "exception", &r, `SELECT `+exceptionColumns+` FROM indicator_entry_exceptions x WHERE x.id = ? AND `+cond,
		append([]any{id}, args...)...); err != nil {
		return nil, err
	}
	e := r.exception(dondoc.Today(db.Now()))
	return &e, nil
}

// ListEntryExceptions lists an indicator's exceptions, revoked and expired ones included, for the
// units in the caller's scope, optionally for one unit only, newest first.
func (db *DB) ListEntryExceptions(ctx context.Context, indicatorID int64, unitID int64) ([]dondoc.EntryException, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := db.indicator(ctx, indicatorID); err != nil {
		return nil, err
	}
	ucond, uargs, err := db.unitFilter(ctx, "x.unit_id", unitID)
	if err != nil {
		return nil, err
	}
	cond, args := scopeCondition(a, "x.unit_id")
	args = append(append([]any{indicatorID}, args...), uargs...)
	var rows []exceptionRow
	if err := db.sel(ctx, &rows, `SELECT `+exceptionColumns+` FROM indicator_entry_exceptions x WHERE x.indicator_id = ? AND `+cond+
		` AND `+ucond+` ORDER BY x.id DESC`, args...); err != nil {
		return nil, err
	}
	today := dondoc.Today(db.Now())
	out := make([]dondoc.EntryException, len(rows))
	for i := range rows {
		out[i] = rows[i].exception(today)
	}
	return out, nil
}

// RevokeEntryException ends an exception before its last day, at the version the caller read.
// Only the office over the unit may revoke it; an exception outside the caller's scope is not
// found, and one already revoked is a conflict.
func (db *DB) RevokeEntryException(ctx context.Context, id, version int64) (*dondoc.EntryException, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		cond, args := scopeCondition(tx.actor, "x.unit_id")
		var r struct {
			exceptionRow
			Path string `db:"path"`
		}
		if err := tx.get("exception", &r, `SELECT `+exceptionColumns+`, u.path FROM indicator_entry_exceptions x
			JOIN units u ON u.id = x.unit_id WHERE x.id = ? AND `+cond, append([]any{id}, args...)...); err != nil {
			return err
		}
		if !dondoc.CanGrantEntryException(tx.actor, r.Path) {
			return dondoc.Forbidden("Chỉ văn phòng cấp trên của đơn vị được thu hồi cho phép nhập bổ sung.",
				"Only the office over the unit may revoke an exception.")
		}
		if r.RevokedAt != nil {
			return dondoc.Conflict("Cho phép nhập bổ sung này đã bị thu hồi.", "The exception is already revoked.")
		}
		if r.Version != version {
			return dondoc.Stale()
		}
		return tx.revokeException(r.exceptionRow, dondoc.Today(tx.now))
	})
	if err != nil {
		return nil, err
	}
	return db.entryException(ctx, id)
}

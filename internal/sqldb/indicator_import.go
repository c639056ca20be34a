package sqldb

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/vntext"
)

// ImportTemplate lists what a bulk-entry template for an indicator and period holds: every unit
// in force today that the caller may enter values of this kind for, in tree order, with the value
// already stored for the period when there is one. Actuals take a period of the indicator's kind;
// a target may be set for any period, a whole term included.
func (db *DB) ImportTemplate(ctx context.Context, indicatorID int64, kind dondoc.ImportKind, period string) (*dondoc.ImportTemplate, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	ind, err := db.indicator(ctx, indicatorID)
	if err != nil {
		return nil, err
	}
	period = strings.TrimSpace(period)
	if err := templatePeriod(ind, kind, period); err != nil {
		return nil, err
	}
	cond, args := scopeCondition(a, "u.id")
	var units []struct {
		ID   int64  `db:"id"`
		Name string `db:"name"`
		Path string `db:"path"`
	}
	today := dondoc.Today(db.Now())
	if err := db.sel(ctx, &units, `SELECT u.id, u.name, u.path FROM units u WHERE `+cond+
		` AND (u.valid_to = '' OR u.valid_to >= ?) ORDER BY u.path, u.id`, append(args, string(today))...); err != nil {
		return nil, err
	}
	table := "actuals"
	if kind == dondoc.ImportTargets {
		table = "targets"
	}
	var stored []struct {
		UnitID int64   `db:"unit_id"`
		Value  float64 `db:"value"`
	}
	if err := db.sel(ctx, &stored, `SELECT unit_id, value FROM `+table+` WHERE indicator_id = ? AND period = ?`, indicatorID, period); err != nil {
		return nil, err
	}
	values := make(map[int64]float64, len(stored))
	for _, s := range stored {
		values[s.UnitID] = s.Value
	}
	out := &dondoc.ImportTemplate{Indicator: *ind, Kind: kind, Period: period, Units: []dondoc.TemplateUnit{}}
	for _, u := range units {
		if !canImport(a, kind, u.Path) {
			continue
		}
		tu := dondoc.TemplateUnit{ID: u.ID, Name: u.Name}
		if v, ok := values[u.ID]; ok {
			tu.Value = &v
		}
		out.Units = append(out.Units, tu)
	}
	return out, nil
}

// templatePeriod checks the period of a template: required and well formed, and of the indicator's
// kind for actuals.
func templatePeriod(ind *dondoc.Indicator, kind dondoc.ImportKind, period string) error {
	in := dondoc.ValueInput{UnitID: ind.ID, Period: period, Value: new(float64)}
	if err := in.Validate(); err != nil || kind == dondoc.ImportTargets {
		return err
	}
	return ind.CheckPeriod(period)
}

// canImport reports whether the actor may write values of kind for the unit at path.
func canImport(a *dondoc.Actor, kind dondoc.ImportKind, path string) bool {
	if kind == dondoc.ImportTargets {
		return dondoc.CanSetTarget(a, path)
	}
	return dondoc.CanSubmitActual(a, path)
}

// ImportValues writes the rows of an imported file as targets or actuals of an indicator, in one
// transaction and all or nothing: every row is checked as a single submission would be (unit
// known and in the caller's scope, period of the right kind and not locked, value a number, no
// settled actual replaced), a unit and period given twice is a duplicate, and when any row has a
// problem nothing is written and the result lists the problems of every bad row. Problems found by
// the file reader come in with the rows and count the same.
func (db *DB) ImportValues(ctx context.Context, indicatorID int64, kind dondoc.ImportKind, rows []dondoc.ImportRow) (*dondoc.ImportResult, error) {
	if len(rows) == 0 {
		return nil, dondoc.Invalid("file", "Tệp không có dòng số liệu nào.", "The file has no data rows.")
	}
	res := &dondoc.ImportResult{Kind: kind, Rows: len(rows), Problems: []dondoc.RowProblem{}}
	err := db.inTx(ctx, func(tx *Tx) error {
		ind, err := tx.indicator(indicatorID)
		if err != nil {
			return err
		}
		setting, err := tx.entrySetting()
		if err != nil {
			return err
		}
		type key struct {
			unit   int64
			period string
		}
		seen := make(map[key]int, len(rows))
		beforeActual := make([]*dondoc.Actual, len(rows))
		beforeTarget := make([]*dondoc.Target, len(rows))
		for i := range rows {
			r := &rows[i]
			r.Input.Period = strings.TrimSpace(r.Input.Period)
			r.Input.Note = vntext.NFC(strings.TrimSpace(r.Input.Note))
			if !r.HasProblem("unit_id") {
				if _, err := tx.unitPath("unit_id", r.Input.UnitID); err != nil {
					if !dondoc.IsCode(err, dondoc.EInvalid) {
						return err
					}
					r.Problem("unit_id", "Đơn vị không tồn tại (mã "+strconv.FormatInt(r.Input.UnitID, 10)+").",
						"Unknown unit (id "+strconv.FormatInt(r.Input.UnitID, 10)+").")
				}
			}
			if r.HasProblem("unit_id") {
				continue
			}
			k := key{r.Input.UnitID, r.Input.Period}
			if first, dup := seen[k]; dup {
				r.Problem("unit_id", "Trùng đơn vị và kỳ với dòng "+strconv.Itoa(first)+".",
					"Same unit and period as row "+strconv.Itoa(first)+".")
				continue
			}
			seen[k] = r.Row
			// A cell the reader could not read is already reported; a stand-in value lets the
			// remaining checks of the row run and report their own problems.
			in := r.Input
			if in.Value == nil && r.HasProblem("value") {
				in.Value = new(float64)
			}
			if kind == dondoc.ImportTargets {
				beforeTarget[i], err = tx.checkTarget(ind.ID, in)
			} else {
				beforeActual[i], err = tx.checkActual(ind, setting, in)
			}
			if err == nil {
				continue
			}
			var de *dondoc.Error
			if !errors.As(err, &de) || de.Code == dondoc.EInternal {
				return err
			}
			field := de.Field
			if field == "" {
				field = "value"
			}
			if !r.HasProblem(field) {
				r.ProblemFrom(err, "value")
			}
		}
		for _, r := range rows {
			res.Problems = append(res.Problems, r.Problems...)
		}
		if len(res.Problems) > 0 {
			return nil
		}
		for i, r := range rows {
			if kind == dondoc.ImportTargets {
				_, err = tx.writeTarget(ind.ID, r.Input, beforeTarget[i])
			} else {
				_, err = tx.writeActual(ind, r.Input, beforeActual[i])
			}
			if err != nil {
				return err
			}
			res.Written++
		}
		return tx.audit("indicator.import", "indicator", ind.ID, nil, map[string]any{"kind": kind, "rows": len(rows)})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

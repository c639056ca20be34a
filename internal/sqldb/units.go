package sqldb

import (
	"context"
	"strconv"
	"strings"
	"time"

	"dondoc"
	"dondoc/internal/vntext"
)

type unitRow struct {
	ID        int64     `db:"id"`
	ParentID  *int64    `db:"parent_id"`
	Kind      string    `db:"kind"`
	Code      string    `db:"code"`
	Name      string    `db:"name"`
	ShortName string    `db:"short_name"`
	Path      string    `db:"path"`
	ValidFrom string    `db:"valid_from"`
	ValidTo   string    `db:"valid_to"`
	Version   int64     `db:"version"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

const unitColumns = `u.id, u.parent_id, u.kind, u.code, u.name, u.short_name, u.path, u.valid_from, u.valid_to, u.version, u.created_at, u.updated_at`

func (r *unitRow) unit() dondoc.Unit {
	return dondoc.Unit{ID: r.ID, ParentID: r.ParentID, Kind: dondoc.UnitKind(r.Kind), Code: r.Code, Name: r.Name,
		ShortName: r.ShortName, Path: r.Path, ValidFrom: dondoc.Date(r.ValidFrom), ValidTo: dondoc.Date(r.ValidTo),
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// CreateUnit adds a unit under its parent. Only an admin over the parent (or over everything, for a
// root) may do so.
func (db *DB) CreateUnit(ctx context.Context, in dondoc.UnitInput) (*dondoc.Unit, error) {
	in.Name, in.ShortName = vntext.NFC(strings.TrimSpace(in.Name)), vntext.NFC(strings.TrimSpace(in.ShortName))
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		parentPath := "/"
		if in.ParentID != nil {
			p, err := tx.unitPath("parent_id", *in.ParentID)
			if err != nil {
				return err
			}
			parentPath = p
		}
		// A root unit (a whole province) is created only by the system itself, from the command line
		// or the demo loader; below it, admins manage their own subtree.
		if !tx.actor.System && (in.ParentID == nil || !tx.actor.CanAdminister(parentPath)) {
			return dondoc.Forbidden("Bạn không có quyền quản trị đơn vị này.", "You may not administer this unit.")
		}
		var err error
		id, err = tx.insert(`INSERT INTO units (parent_id, kind, code, name, name_folded, short_name, valid_from, valid_to, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.ParentID, string(in.Kind), in.Code, in.Name, vntext.Fold(in.Name+" "+in.ShortName),
			in.ShortName, string(in.ValidFrom), string(in.ValidTo), tx.now, tx.now)
		if err != nil {
			return err
		}
		path := parentPath + strconv.FormatInt(id, 10) + "/"
		if _, err := tx.exec(`UPDATE units SET path = ? WHERE id = ?`, path, id); err != nil {
			return err
		}
		return tx.audit("unit.create", "unit", id, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return db.GetUnit(ctx, id)
}

// GetUnit returns a unit. The unit tree is not secret within a deployment: every signed-in user may
// read it, because assigning and reporting need the names of other units.
func (db *DB) GetUnit(ctx context.Context, id int64) (*dondoc.Unit, error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	var r unitRow
	if err := db.get(ctx, "unit", &r, `SELECT `+unitColumns+` FROM units u WHERE u.id = ?`, id); err != nil {
		return nil, err
	}
	u := r.unit()
	return &u, nil
}

// UpdateUnit renames or re-dates a unit. Moving a unit to another parent is a unit change, recorded
// with RecordUnitChange, so it is refused here.
func (db *DB) UpdateUnit(ctx context.Context, id, version int64, in dondoc.UnitInput) (*dondoc.Unit, error) {
	in.Name, in.ShortName = vntext.NFC(strings.TrimSpace(in.Name)), vntext.NFC(strings.TrimSpace(in.ShortName))
	if err := in.Validate(); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var r unitRow
		if err := tx.get("unit", &r, `SELECT `+unitColumns+` FROM units u WHERE u.id = ?`, id); err != nil {
			return err
		}
		if !tx.actor.CanAdminister(r.Path) {
			return dondoc.Forbidden("Bạn không có quyền quản trị đơn vị này.", "You may not administer this unit.")
		}
		if (in.ParentID == nil) != (r.ParentID == nil) || (in.ParentID != nil && *in.ParentID != *r.ParentID) {
			return dondoc.Invalid("parent_id", "Chuyển đơn vị sang đơn vị cấp trên khác phải ghi nhận bằng thay đổi đơn vị.", "Moving a unit is recorded as a unit change.")
		}
		if err := tx.bumpVersion("units", id, version); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE units SET kind = ?, code = ?, name = ?, name_folded = ?, short_name = ?, valid_from = ?, valid_to = ?, updated_at = ? WHERE id = ?`,
			string(in.Kind), in.Code, in.Name, vntext.Fold(in.Name+" "+in.ShortName), in.ShortName, string(in.ValidFrom), string(in.ValidTo), tx.now, id); err != nil {
			return err
		}
		return tx.audit("unit.update", "unit", id, r.unit(), in)
	})
	if err != nil {
		return nil, err
	}
	return db.GetUnit(ctx, id)
}

// ListUnits lists units in Vietnamese name order, filtered by parent, kind, name and validity date.
func (db *DB) ListUnits(ctx context.Context, f dondoc.UnitFilter) (*dondoc.Page[dondoc.Unit], error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	limit := dondoc.PageSize(f.Limit)
	where := []string{"1=1"}
	var args []any
	if f.ParentID != nil {
		where = append(where, "u.parent_id = ?")
		args = append(args, *f.ParentID)
	}
	if f.Kind != "" {
		if !f.Kind.Valid() {
			return nil, dondoc.Invalid("kind", "Loại đơn vị không hợp lệ.", "Unknown unit kind.")
		}
		where = append(where, "u.kind = ?")
		args = append(args, string(f.Kind))
	}
	for _, term := range vntext.FoldQuery(f.Q) {
		where = append(where, "(' ' || u.name_folded || ' ') LIKE ?")
		args = append(args, "% "+term+"%")
	}
	if f.AsOf != "" {
		if !f.AsOf.Valid() {
			return nil, dondoc.Invalid("as_of", "Ngày không hợp lệ.", "Invalid date.")
		}
		where = append(where, "(u.valid_from = '' OR u.valid_from <= ?) AND (u.valid_to = '' OR u.valid_to >= ?)")
		args = append(args, string(f.AsOf), string(f.AsOf))
	}
	// Units are few (a province has thousands, not millions), so an offset cursor over the
	// collated order is cheap and keeps the Vietnamese order exact.
	offset := 0
	if f.Cursor != "" {
		_, off, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, err
		}
		offset = int(off)
	}
	args = append(args, limit+1, offset)
	var rows []unitRow
	if err := db.sel(ctx, &rows, `SELECT `+unitColumns+` FROM units u WHERE `+strings.Join(where, " AND ")+
		` ORDER BY u.name COLLATE vi, u.id LIMIT ? OFFSET ?`, args...); err != nil {
		return nil, err
	}
	page := &dondoc.Page[dondoc.Unit]{Items: make([]dondoc.Unit, 0, len(rows))}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextCursor = encodeCursor("o", int64(offset+limit))
	}
	for i := range rows {
		page.Items = append(page.Items, rows[i].unit())
	}
	return page, nil
}

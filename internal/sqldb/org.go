package sqldb

import (
	"context"
	"strconv"
	"strings"
	"time"

	"dondoc"
	"dondoc/internal/vntext"
)

// RecordUnitChange records a merge, split, rename or move with its effective date and carries the
// tree along: predecessors that do not continue end the day before, successors begin on the
// effective date, open tasks and future targets follow a single successor, and a move rewrites the
// materialised path of the whole subtree and keeps the parent each unit left, for roll-ups of the
// periods before it. Only admins over every unit involved may record it, and
// all of it commits or none of it does.
func (db *DB) RecordUnitChange(ctx context.Context, c dondoc.UnitChange) (*dondoc.UnitChange, error) {
	// A move changes the paths that cached actors' grants carry.
	defer db.actors.clear()
	c.Note = vntext.NFC(strings.TrimSpace(c.Note))
	c.MovedTasks, c.MovedTargets = []int64{}, []int64{}
	if c.Successors == nil {
		c.Successors = []int64{}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		preds, err := tx.changeUnits("predecessors", c.Predecessors)
		if err != nil {
			return err
		}
		succs, err := tx.changeUnits("successors", c.Successors)
		if err != nil {
			return err
		}
		var parentPath string
		if c.Kind == dondoc.ChangeMove {
			if parentPath, err = tx.unitPath("parent_id", *c.ParentID); err != nil {
				return err
			}
		}
		for _, u := range append(append([]unitRow{}, preds...), succs...) {
			if !tx.actor.CanAdminister(u.Path) {
				return forbiddenUnitChange()
			}
		}
		if parentPath != "" && !tx.actor.CanAdminister(parentPath) {
			return forbiddenUnitChange()
		}
		c.ID, err = tx.insert(`INSERT INTO unit_changes (kind, effective, note, created_at) VALUES (?, ?, ?, ?)`,
			string(c.Kind), string(c.Effective), c.Note, tx.now)
		if err != nil {
			return err
		}
		for _, side := range []struct {
			role string
			ids  []int64
		}{{"predecessor", c.Predecessors}, {"successor", c.Successors}} {
			for _, id := range side.ids {
				if _, err := tx.exec(`INSERT INTO unit_change_links (change_id, unit_id, role) VALUES (?, ?, ?)`, c.ID, id, side.role); err != nil {
					return err
				}
			}
		}
		if c.Kind == dondoc.ChangeMove {
			err = tx.moveUnits(&c)
		} else {
			err = tx.succeedUnits(&c, preds, succs)
		}
		if err != nil {
			return err
		}
		return tx.audit("unit_change.create", "unit_change", c.ID, nil, c)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

func forbiddenUnitChange() error {
	return dondoc.Forbidden("Chỉ quản trị viên của mọi đơn vị liên quan được ghi nhận thay đổi đơn vị.",
		"Only an administrator of every unit involved may record a unit change.")
}

// changeUnits loads the units a change names, reporting an unknown one in its list entry.
func (tx *Tx) changeUnits(field string, ids []int64) ([]unitRow, error) {
	out := make([]unitRow, len(ids))
	for i, id := range ids {
		err := tx.get("unit", &out[i], `SELECT `+unitColumns+` FROM units u WHERE u.id = ?`, id)
		if dondoc.IsCode(err, dondoc.ENotFound) {
			return nil, dondoc.Invalid(field+"["+itoa(i)+"]", "Đơn vị không tồn tại.", "Unknown unit.")
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// succeedUnits applies a merge, split or rename: it closes the predecessors that do not continue,
// opens the successors, and hands open tasks and future targets to a single successor.
func (tx *Tx) succeedUnits(c *dondoc.UnitChange, preds, succs []unitRow) error {
	// A unit on both sides continues through the change (the province that keeps its name in a
	// merge, the unit that is renamed in place): its dates, tasks and targets stay as they are.
	continuing := make(map[int64]bool, len(succs))
	for _, s := range succs {
		continuing[s.ID] = true
	}
	predecessor := make(map[int64]bool, len(preds))
	for _, p := range preds {
		predecessor[p.ID] = true
	}
	end := c.Effective.AddDays(-1)
	for i, p := range preds {
		if continuing[p.ID] {
			continue
		}
		if p.ValidFrom != "" && p.ValidFrom > string(end) {
			return dondoc.Invalid("effective", "Ngày có hiệu lực phải sau ngày đơn vị “"+p.Name+"” bắt đầu có hiệu lực.",
				"The effective date must come after the day "+p.Name+" came into force.")
		}
		if p.ValidTo != "" && p.ValidTo < string(end) {
			return dondoc.Invalid("predecessors["+itoa(i)+"]", "Đơn vị đã hết hiệu lực trước ngày thay đổi.", "The unit had ended before the change.")
		}
		if err := tx.setValidity(p, "valid_to", string(end), c.ID); err != nil {
			return err
		}
	}
	for i, s := range succs {
		if predecessor[s.ID] {
			continue
		}
		if s.ValidTo != "" && s.ValidTo < string(c.Effective) {
			return dondoc.Invalid("successors["+itoa(i)+"]", "Đơn vị đã hết hiệu lực trước ngày thay đổi.", "The unit had ended before the change.")
		}
		if s.ValidFrom != "" && s.ValidFrom > string(c.Effective) {
			return dondoc.Invalid("successors["+itoa(i)+"]", "Đơn vị sau thay đổi phải có hiệu lực từ ngày thay đổi.", "A successor must be in force on the effective date.")
		}
		if s.ValidFrom == "" {
			if err := tx.setValidity(s, "valid_from", string(c.Effective), c.ID); err != nil {
				return err
			}
		}
	}
	if !dondoc.ChangeMovesTasks(c) {
		return nil
	}
	to := c.Successors[0]
	for _, p := range preds {
		if continuing[p.ID] {
			continue
		}
		if err := tx.moveOpenTasks(c, p.ID, to); err != nil {
			return err
		}
		if err := tx.moveTargets(c, p.ID, to); err != nil {
			return err
		}
	}
	return nil
}

// setValidity sets one validity date of a unit with its audit row, bumping the version so that a
// client holding the old one cannot overwrite the change.
func (tx *Tx) setValidity(u unitRow, column, value string, changeID int64) error {
	if _, err := tx.exec(`UPDATE units SET `+column+` = ?, version = version + 1, updated_at = ? WHERE id = ?`, value, tx.now, u.ID); err != nil {
		return err
	}
	before := map[string]any{"valid_from": u.ValidFrom, "valid_to": u.ValidTo}
	return tx.audit("unit.unit_change", "unit", u.ID, before, map[string]any{column: value, "change_id": changeID})
}

// openStatusList is the SQL list of open task statuses, built from the domain's list.
func openStatusList() string {
	parts := make([]string, len(dondoc.OpenTaskStatuses))
	for i, s := range dondoc.OpenTaskStatuses {
		parts[i] = "'" + string(s) + "'"
	}
	return strings.Join(parts, ",")
}

// moveOpenTasks hands the open tasks led by a predecessor to the successor, each with a timeline
// event and an audit row, so that the history shows why the lead unit changed.
func (tx *Tx) moveOpenTasks(c *dondoc.UnitChange, from, to int64) error {
	var ids []int64
	if err := tx.Select(&ids, tx.Rebind(`SELECT id FROM tasks WHERE lead_unit_id = ? AND status IN (`+openStatusList()+`) ORDER BY id`), from); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.exec(`UPDATE tasks SET lead_unit_id = ?, version = version + 1, updated_at = ? WHERE id = ?`, to, tx.now, id); err != nil {
			return err
		}
		data := map[string]any{"change_id": c.ID, "change_kind": c.Kind, "effective": c.Effective, "from_unit_id": from, "to_unit_id": to}
		if err := tx.event(id, "unit_change", c.Note, data); err != nil {
			return err
		}
		if err := tx.audit("task.unit_change", "task", id, map[string]any{"lead_unit_id": from}, data); err != nil {
			return err
		}
		c.MovedTasks = append(c.MovedTasks, id)
	}
	return nil
}

// moveTargets hands a predecessor's targets for periods starting on or after the change to the
// successor. Where the successor already has a target for the same indicator and period, that one
// was set for the new unit and governs, so the predecessor's stays where it was.
func (tx *Tx) moveTargets(c *dondoc.UnitChange, from, to int64) error {
	var rows []struct {
		ID          int64  `db:"id"`
		IndicatorID int64  `db:"indicator_id"`
		Period      string `db:"period"`
	}
	if err := tx.Select(&rows, tx.Rebind(`SELECT id, indicator_id, period FROM targets WHERE unit_id = ? ORDER BY id`), from); err != nil {
		return err
	}
	for _, r := range rows {
		if !dondoc.TargetFollowsChange(r.Period, c.Effective) {
			continue
		}
		var n int
		if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM targets WHERE indicator_id = ? AND unit_id = ? AND period = ?`), r.IndicatorID, to, r.Period); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		if _, err := tx.exec(`UPDATE targets SET unit_id = ?, version = version + 1 WHERE id = ?`, to, r.ID); err != nil {
			return err
		}
		if err := tx.audit("target.unit_change", "target", r.ID, map[string]any{"unit_id": from},
			map[string]any{"unit_id": to, "change_id": c.ID}); err != nil {
			return err
		}
		c.MovedTargets = append(c.MovedTargets, r.ID)
	}
	return nil
}

// moveUnits hangs each predecessor under the new parent and rewrites the materialised path of the
// unit and its whole subtree in one statement. Paths are read afresh for each unit, so moving a
// unit together with one of its descendants stays consistent.
func (tx *Tx) moveUnits(c *dondoc.UnitChange) error {
	for i, id := range c.Predecessors {
		var u unitRow
		if err := tx.get("unit", &u, `SELECT `+unitColumns+` FROM units u WHERE u.id = ?`, id); err != nil {
			return err
		}
		parentPath, err := tx.unitPath("parent_id", *c.ParentID)
		if err != nil {
			return err
		}
		if dondoc.PathCovers(u.Path, parentPath) {
			return dondoc.Invalid("parent_id", "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.", "A unit cannot move under itself or its own subtree.")
		}
		if u.ParentID != nil && *u.ParentID == *c.ParentID {
			return dondoc.Invalid("predecessors["+itoa(i)+"]", "Đơn vị đã trực thuộc đơn vị cấp trên này.", "The unit is already under this parent.")
		}
		newPath := parentPath + strconv.FormatInt(u.ID, 10) + "/"
		// SUBSTR and || behave the same on both engines; comparing a prefix with SUBSTR rather than a
		// range keeps the selection exact whatever the column's collation.
		if _, err := tx.exec(`UPDATE units SET path = CAST(? AS TEXT) || SUBSTR(path, ?), version = version + 1, updated_at = ?
			WHERE SUBSTR(path, 1, ?) = ?`, newPath, len(u.Path)+1, tx.now, len(u.Path), u.Path); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE units SET parent_id = ? WHERE id = ?`, *c.ParentID, u.ID); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE unit_change_links SET from_parent_id = ? WHERE change_id = ? AND unit_id = ? AND role = 'predecessor'`,
			u.ParentID, c.ID, u.ID); err != nil {
			return err
		}
		if err := tx.audit("unit.move", "unit", u.ID, map[string]any{"parent_id": u.ParentID, "path": u.Path},
			map[string]any{"parent_id": *c.ParentID, "path": newPath, "change_id": c.ID}); err != nil {
			return err
		}
	}
	return nil
}

type groupRow struct {
	ID      int64  `db:"id"`
	Name    string `db:"name"`
	Version int64  `db:"version"`
}

// CreateGroup adds a named set of units. Admins and offices create groups, and only of units they
// manage, so that nobody can address units outside their reach through a group.
func (db *DB) CreateGroup(ctx context.Context, g dondoc.UnitGroup) (*dondoc.UnitGroup, error) {
	g.Name = vntext.NFC(strings.TrimSpace(g.Name))
	if err := g.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if !dondoc.CanManageOrg(tx.actor, "") {
			return forbiddenOrg()
		}
		for i, u := range g.UnitIDs {
			path, err := tx.unitPath("unit_ids["+itoa(i)+"]", u)
			if err != nil {
				return err
			}
			if !dondoc.CanManageOrg(tx.actor, path) {
				return forbiddenOrg()
			}
		}
		var n int
		if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM unit_groups WHERE name = ?`), g.Name); err != nil {
			return err
		}
		if n > 0 {
			return dondoc.Errorf(dondoc.EConflict, "name", "Đã có nhóm đơn vị cùng tên.", "A unit group with this name exists.")
		}
		var err error
		id, err = tx.insert(`INSERT INTO unit_groups (name, name_folded, created_at) VALUES (?, ?, ?)`, g.Name, vntext.Fold(g.Name), tx.now)
		if err != nil {
			return err
		}
		for _, u := range g.UnitIDs {
			if _, err := tx.exec(`INSERT INTO unit_group_members (group_id, unit_id) VALUES (?, ?)`, id, u); err != nil {
				return err
			}
		}
		return tx.audit("unit_group.create", "unit_group", id, nil, g)
	})
	if err != nil {
		return nil, err
	}
	return db.GetGroup(ctx, id)
}

func forbiddenOrg() error {
	return dondoc.Forbidden("Bạn không có quyền quản lý tổ chức, cán bộ của đơn vị này.", "You may not manage the organisation of this unit.")
}

// GetGroup returns a group with its members in Vietnamese name order.
func (db *DB) GetGroup(ctx context.Context, id int64) (*dondoc.UnitGroup, error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	var r groupRow
	if err := db.get(ctx, "unit group", &r, `SELECT id, name, version FROM unit_groups WHERE id = ?`, id); err != nil {
		return nil, err
	}
	groups, err := db.groupMembers(ctx, []groupRow{r}, `WHERE m.group_id = ?`, id)
	if err != nil {
		return nil, err
	}
	return &groups[0], nil
}

// ListGroups lists every group in Vietnamese name order; groups are few and read by everyone who
// addresses documents.
func (db *DB) ListGroups(ctx context.Context) ([]dondoc.UnitGroup, error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	var rows []groupRow
	if err := db.sel(ctx, &rows, `SELECT id, name, version FROM unit_groups ORDER BY name COLLATE vi, id`); err != nil {
		return nil, err
	}
	return db.groupMembers(ctx, rows, ``)
}

// groupMembers attaches the member ids to groups with one query.
func (db *DB) groupMembers(ctx context.Context, rows []groupRow, where string, args ...any) ([]dondoc.UnitGroup, error) {
	out := make([]dondoc.UnitGroup, len(rows))
	byID := make(map[int64]*dondoc.UnitGroup, len(rows))
	for i, r := range rows {
		out[i] = dondoc.UnitGroup{ID: r.ID, Name: r.Name, Version: r.Version, UnitIDs: []int64{}}
		byID[r.ID] = &out[i]
	}
	if len(rows) == 0 {
		return out, nil
	}
	var members []struct {
		GroupID int64 `db:"group_id"`
		UnitID  int64 `db:"unit_id"`
	}
	if err := db.sel(ctx, &members, `SELECT m.group_id, m.unit_id FROM unit_group_members m JOIN units u ON u.id = m.unit_id `+where+
		` ORDER BY m.group_id, u.name COLLATE vi, u.id`, args...); err != nil {
		return nil, err
	}
	for _, m := range members {
		if g := byID[m.GroupID]; g != nil {
			g.UnitIDs = append(g.UnitIDs, m.UnitID)
		}
	}
	return out, nil
}

type personRow struct {
	ID       int64     `db:"id"`
	FullName string    `db:"full_name"`
	Email    string    `db:"email"`
	Phone    string    `db:"phone"`
	Version  int64     `db:"version"`
	Created  time.Time `db:"created_at"`
}

const personColumns = `p.id, p.full_name, p.email, p.phone, p.version, p.created_at`

func (r *personRow) person() dondoc.Person {
	return dondoc.Person{ID: r.ID, FullName: r.FullName, Email: r.Email, Phone: r.Phone, Version: r.Version}
}

// CreatePerson adds an official. The name is stored in NFC, so that the same name typed on two
// keyboards is one name, with a folded copy for accent-insensitive search.
func (db *DB) CreatePerson(ctx context.Context, p dondoc.Person) (*dondoc.Person, error) {
	p.FullName = vntext.NFC(strings.Join(strings.Fields(p.FullName), " "))
	p.Email, p.Phone = strings.TrimSpace(p.Email), strings.TrimSpace(p.Phone)
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if !dondoc.CanManageOrg(tx.actor, "") {
			return forbiddenOrg()
		}
		var err error
		id, err = tx.insert(`INSERT INTO people (full_name, name_folded, email, phone, created_at) VALUES (?, ?, ?, ?, ?)`,
			p.FullName, vntext.Fold(p.FullName), p.Email, p.Phone, tx.now)
		if err != nil {
			return err
		}
		return tx.audit("person.create", "person", id, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return db.GetPerson(ctx, id)
}

// GetPerson returns an official.
func (db *DB) GetPerson(ctx context.Context, id int64) (*dondoc.Person, error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	var r personRow
	if err := db.get(ctx, "person", &r, `SELECT `+personColumns+` FROM people p WHERE p.id = ?`, id); err != nil {
		return nil, err
	}
	p := r.person()
	return &p, nil
}

// ListPeople lists officials in Vietnamese name order, optionally those whose name has words
// starting with every term of q whatever its accents ("nguyen van" finds "Nguyễn Văn An").
func (db *DB) ListPeople(ctx context.Context, q string, cursor string, limit int) (*dondoc.Page[dondoc.Person], error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	if err := dondoc.OptionalText("q", q, 500); err != nil {
		return nil, err
	}
	limit = dondoc.PageSize(limit)
	where := []string{"1=1"}
	var args []any
	for _, term := range vntext.FoldQuery(q) {
		where = append(where, "(' ' || p.name_folded || ' ') LIKE ?")
		args = append(args, "% "+term+"%")
	}
	// As with units, the list is small enough that an offset keeps the collated order exact.
	offset := 0
	if cursor != "" {
		_, off, err := decodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		offset = int(off)
	}
	args = append(args, limit+1, offset)
	var rows []personRow
	if err := db.sel(ctx, &rows, `SELECT `+personColumns+` FROM people p WHERE `+strings.Join(where, " AND ")+
		` ORDER BY p.full_name COLLATE vi, p.id LIMIT ? OFFSET ?`, args...); err != nil {
		return nil, err
	}
	page := &dondoc.Page[dondoc.Person]{Items: make([]dondoc.Person, 0, len(rows))}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextCursor = encodeCursor("o", int64(offset+limit))
	}
	for i := range rows {
		page.Items = append(page.Items, rows[i].person())
	}
	return page, nil
}

type postRow struct {
	ID      int64  `db:"id"`
	UnitID  int64  `db:"unit_id"`
	Title   string `db:"title"`
	IsHead  bool   `db:"is_head"`
	Area    string `db:"area"`
	Version int64  `db:"version"`
}

const postColumns = `p.id, p.unit_id, p.title, p.is_head, p.area, p.version`

func (r *postRow) post() dondoc.Post {
	return dondoc.Post{ID: r.ID, UnitID: r.UnitID, Title: r.Title, IsHead: r.IsHead, Area: r.Area, Version: r.Version}
}

// CreatePost adds a post to a unit. A unit has one head, who answers for its results, so a second
// head post is refused with a message that says so; the unique index only backs this up.
func (db *DB) CreatePost(ctx context.Context, p dondoc.Post) (*dondoc.Post, error) {
	p.Title, p.Area = vntext.NFC(strings.TrimSpace(p.Title)), vntext.NFC(strings.TrimSpace(p.Area))
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		path, err := tx.unitPath("unit_id", p.UnitID)
		if err != nil {
			return err
		}
		if !dondoc.CanManageOrg(tx.actor, path) {
			return forbiddenOrg()
		}
		if p.IsHead {
			var n int
			if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM posts WHERE unit_id = ? AND is_head`), p.UnitID); err != nil {
				return err
			}
			if n > 0 {
				return dondoc.Errorf(dondoc.EConflict, "is_head", "Đơn vị này đã có chức vụ người đứng đầu; mỗi đơn vị chỉ có một người đứng đầu.",
					"This unit already has a head post; a unit has only one head.")
			}
		}
		id, err = tx.insert(`INSERT INTO posts (unit_id, title, is_head, area, created_at) VALUES (?, ?, ?, ?, ?)`,
			p.UnitID, p.Title, p.IsHead, p.Area, tx.now)
		if err != nil {
			return err
		}
		return tx.audit("post.create", "post", id, nil, p)
	})
	if err != nil {
		return nil, err
	}
	var r postRow
	if err := db.get(ctx, "post", &r, `SELECT `+postColumns+` FROM posts p WHERE p.id = ?`, id); err != nil {
		return nil, err
	}
	out := r.post()
	return &out, nil
}

// ListPosts lists the posts of a unit, the head first, then by title.
func (db *DB) ListPosts(ctx context.Context, unitID int64) ([]dondoc.Post, error) {
	if _, err := db.GetUnit(ctx, unitID); err != nil {
		return nil, err
	}
	var rows []postRow
	if err := db.sel(ctx, &rows, `SELECT `+postColumns+` FROM posts p WHERE p.unit_id = ? ORDER BY p.is_head DESC, p.title COLLATE vi, p.id`, unitID); err != nil {
		return nil, err
	}
	out := make([]dondoc.Post, len(rows))
	for i := range rows {
		out[i] = rows[i].post()
	}
	return out, nil
}

type holdingRow struct {
	ID       int64  `db:"id"`
	PostID   int64  `db:"post_id"`
	PersonID int64  `db:"person_id"`
	From     string `db:"held_from"`
	To       string `db:"held_to"`
}

func (r *holdingRow) holding() dondoc.Holding {
	return dondoc.Holding{ID: r.ID, PostID: r.PostID, PersonID: r.PersonID, From: dondoc.Date(r.From), To: dondoc.Date(r.To)}
}

// AssignHolder gives a post to a person from a date. The current holder's term ends the day
// before, in the same transaction, so that the post never has two holders nor a gap, and results
// are attributed to whoever held it on each day.
func (db *DB) AssignHolder(ctx context.Context, postID, personID int64, from dondoc.Date) (*dondoc.Holding, error) {
	if !from.Valid() {
		return nil, dondoc.Invalid("from", "Cần ngày bắt đầu giữ chức vụ dạng YYYY-MM-DD.", "A start date (YYYY-MM-DD) is required.")
	}
	var out dondoc.Holding
	err := db.inTx(ctx, func(tx *Tx) error {
		var path string
		if err := tx.get("post", &path, `SELECT u.path FROM posts p JOIN units u ON u.id = p.unit_id WHERE p.id = ?`, postID); err != nil {
			return err
		}
		if !dondoc.CanManageOrg(tx.actor, path) {
			return forbiddenOrg()
		}
		var n int
		if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM people WHERE id = ?`), personID); err != nil {
			return err
		}
		if n == 0 {
			return dondoc.Invalid("person_id", "Cán bộ không tồn tại.", "Unknown person.")
		}
		var latest []holdingRow
		if err := tx.Select(&latest, tx.Rebind(`SELECT id, post_id, person_id, held_from, held_to FROM holdings
			WHERE post_id = ? ORDER BY held_from DESC, id DESC LIMIT 1`), postID); err != nil {
			return err
		}
		if len(latest) == 1 {
			cur := latest[0]
			if string(from) <= cur.From {
				return dondoc.Invalid("from", "Ngày bắt đầu phải sau ngày "+dondoc.Date(cur.From).Format()+", ngày bắt đầu của người giữ chức vụ gần nhất.",
					"The start date must come after "+cur.From+", when the latest holder began.")
			}
			if cur.To != "" && string(from) <= cur.To {
				return dondoc.Invalid("from", "Ngày bắt đầu phải sau ngày "+dondoc.Date(cur.To).Format()+", ngày kết thúc của người giữ chức vụ gần nhất.",
					"The start date must come after "+cur.To+", when the latest holder ended.")
			}
			if cur.To == "" {
				end := string(from.AddDays(-1))
				if _, err := tx.exec(`UPDATE holdings SET held_to = ? WHERE id = ?`, end, cur.ID); err != nil {
					return err
				}
				ended := cur
				ended.To = end
				if err := tx.audit("holding.end", "holding", cur.ID, cur.holding(), ended.holding()); err != nil {
					return err
				}
			}
		}
		id, err := tx.insert(`INSERT INTO holdings (post_id, person_id, held_from) VALUES (?, ?, ?)`, postID, personID, string(from))
		if err != nil {
			return err
		}
		out = dondoc.Holding{ID: id, PostID: postID, PersonID: personID, From: from}
		return tx.audit("holding.create", "holding", id, nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ListHoldings lists who held a post, earliest first.
func (db *DB) ListHoldings(ctx context.Context, postID int64) ([]dondoc.Holding, error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	var id int64
	if err := db.get(ctx, "post", &id, `SELECT id FROM posts WHERE id = ?`, postID); err != nil {
		return nil, err
	}
	var rows []holdingRow
	if err := db.sel(ctx, &rows, `SELECT id, post_id, person_id, held_from, held_to FROM holdings WHERE post_id = ? ORDER BY held_from, id`, postID); err != nil {
		return nil, err
	}
	out := make([]dondoc.Holding, len(rows))
	for i := range rows {
		out[i] = rows[i].holding()
	}
	return out, nil
}

// The storage layer implements the organisation service.
var _ dondoc.OrgService = (*DB)(nil)

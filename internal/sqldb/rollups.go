package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"weak"

	"dondoc"
)

// indicatorStatusKey is the settings key of the status thresholds.
const indicatorStatusKey = "indicator-status"

// IndicatorFacts reads what a roll-up of one indicator needs, in a handful of queries whatever the
// size of the tree: the unit the query names (or the one unit the caller's scope starts from),
// every unit of its subtree that ever existed, the recorded reorganisations, the units merged into
// the subtree from elsewhere, and the actuals and targets of all of them in the years asked for.
// The unit must be one the caller may read; its whole subtree then is. Figures of a unit merged in
// from outside the caller's scope come along, since the unit that carries them today is in it.
func (db *DB) IndicatorFacts(ctx context.Context, q dondoc.IndicatorFactQuery) (*dondoc.IndicatorFacts, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	ind, err := db.indicator(ctx, q.IndicatorID)
	if err != nil {
		return nil, err
	}
	root, path, err := db.rollupRoot(ctx, a, q.UnitID)
	if err != nil {
		return nil, err
	}
	out := &dondoc.IndicatorFacts{Indicator: *ind, RootID: root, Actuals: []dondoc.ActualFact{}, Targets: []dondoc.TargetFact{}}
	tree, err := db.treeFacts(ctx, path)
	if err != nil {
		return nil, err
	}
	out.Units, out.Changes = tree.units, tree.changes
	extra := tree.extra
	unitCond := `(x.unit_id IN (SELECT id FROM units WHERE path >= ? AND path < ?)`
	if len(extra) > 0 {
		unitCond += ` OR x.unit_id IN (` + idList(extra) + `)`
	}
	unitCond += `)`
	// Over most of the tree, reading the indicator's values and targets whole and dropping the few
	// of other units costs less than looking each unit up.
	actualCond, actualArgs, keep := unitCond, []any{path, path + "~"}, map[int64]bool(nil)
	if 2*len(tree.units) >= tree.total {
		actualCond, actualArgs, keep = "1=1", nil, tree.ids
	}
	if out.Actuals, err = db.cachedActualFacts(ctx, q, ind, path+"@"+tree.stamp, actualCond, actualArgs, keep); err != nil {
		return nil, err
	}
	var targets []struct {
		UnitID int64   `db:"unit_id"`
		Period string  `db:"period"`
		Value  float64 `db:"value"`
	}
	if err := db.sel(ctx, &targets, `SELECT x.unit_id, x.period, x.value FROM targets x WHERE x.indicator_id = ? AND `+actualCond+
		` ORDER BY x.unit_id, x.period`, append([]any{q.IndicatorID}, actualArgs...)...); err != nil {
		return nil, err
	}
	for _, t := range targets {
		if keep == nil || keep[t.UnitID] {
			out.Targets = append(out.Targets, dondoc.TargetFact{UnitID: t.UnitID, Period: t.Period, Value: t.Value})
		}
	}
	return out, nil
}

// treeFacts is a subtree as roll-ups read it: its units, every recorded change, and the units
// outside it whose merges end inside it (whose units are included).
type treeFacts struct {
	stamp   string
	units   []dondoc.UnitFact
	ids     map[int64]bool
	changes []dondoc.UnitChangeFact
	extra   []int64
	// total is how many units the whole deployment has.
	total int
}

// treeCacheSize bounds how many subtrees are kept; a deployment's dashboards ask for a few.
const treeCacheSize = 16

// treeCaches holds the subtrees recently read per open database, as factCaches does for actuals.
var treeCaches sync.Map // weak.Pointer[DB] → *treeCache

type treeCache struct {
	mu    sync.Mutex
	trees map[string]*treeFacts // by root path
}

// treeFacts returns the subtree under path, from memory while no unit and no unit change was
// added or altered since it was read: every change to a unit bumps its version, so the count and
// the sum of versions of the units with the count of changes tell, in one query, whether the tree
// is as it was. The result is shared: callers must not change it.
func (db *DB) treeFacts(ctx context.Context, path string) (*treeFacts, error) {
	var st []struct {
		Units    int64 `db:"units"`
		Versions int64 `db:"versions"`
		Changes  int64 `db:"changes"`
	}
	if err := db.sel(ctx, &st, `SELECT COUNT(*) AS units, COALESCE(SUM(version), 0) AS versions,
		(SELECT COUNT(*) FROM unit_changes) AS changes FROM units`); err != nil {
		return nil, err
	}
	stamp := strconv.FormatInt(st[0].Units, 10) + "/" + strconv.FormatInt(st[0].Versions, 10) + "/" + strconv.FormatInt(st[0].Changes, 10)
	key := weak.Make(db)
	v, loaded := treeCaches.LoadOrStore(key, &treeCache{trees: map[string]*treeFacts{}})
	if !loaded {
		runtime.AddCleanup(db, func(k weak.Pointer[DB]) { treeCaches.Delete(k) }, key)
	}
	c := v.(*treeCache)
	c.mu.Lock()
	t, ok := c.trees[path]
	c.mu.Unlock()
	if ok && t.stamp == stamp {
		return t, nil
	}
	t = &treeFacts{stamp: stamp, total: int(st[0].Units)}
	var err error
	if t.units, err = db.unitFacts(ctx, `u.path >= ? AND u.path < ?`, path, path+"~"); err != nil {
		return nil, err
	}
	if t.changes, err = db.unitChangeFacts(ctx); err != nil {
		return nil, err
	}
	inTree := make(map[int64]bool, len(t.units))
	for _, u := range t.units {
		inTree[u.ID] = true
	}
	t.extra = append(mergedInto(t.changes, inTree), movedOut(t.changes, inTree)...)
	slices.Sort(t.extra)
	if len(t.extra) > 0 {
		more, err := db.unitFacts(ctx, `u.id IN (`+idList(t.extra)+`)`)
		if err != nil {
			return nil, err
		}
		t.units = append(t.units, more...)
	}
	t.ids = make(map[int64]bool, len(t.units))
	for _, u := range t.units {
		t.ids[u.ID] = true
	}
	c.mu.Lock()
	if len(c.trees) >= treeCacheSize {
		clear(c.trees)
	}
	c.trees[path] = t
	c.mu.Unlock()
	return t, nil
}

// rollupRoot resolves the unit a roll-up covers: the one named, which the caller must be able to
// read, or without one the single unit the caller's scope starts from (the single root for those
// who see everything). A caller whose scope starts from several units must name one.
func (db *DB) rollupRoot(ctx context.Context, a *dondoc.Actor, unitID int64) (int64, string, error) {
	if unitID != 0 {
		var path string
		err := db.get(ctx, "unit", &path, `SELECT path FROM units WHERE id = ?`, unitID)
		if dondoc.IsCode(err, dondoc.ENotFound) {
			return 0, "", dondoc.Invalid("unit", "Đơn vị không tồn tại.", "Unknown unit.")
		}
		if err != nil {
			return 0, "", err
		}
		if !a.CanRead(path) {
			return 0, "", dondoc.Errorf(dondoc.EForbidden, "unit", "Đơn vị này nằm ngoài phạm vi của bạn.", "The unit is outside your scope.")
		}
		return unitID, path, nil
	}
	paths, all := a.ScopePaths()
	var rows []struct {
		ID   int64  `db:"id"`
		Path string `db:"path"`
	}
	var err error
	switch {
	case all:
		err = db.sel(ctx, &rows, `SELECT id, path FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 2`)
	case len(paths) == 1:
		err = db.sel(ctx, &rows, `SELECT id, path FROM units WHERE path = ?`, paths[0])
	}
	if err != nil {
		return 0, "", err
	}
	if len(rows) != 1 {
		return 0, "", dondoc.Invalid("unit", "Cần chọn đơn vị.", "A unit is required.")
	}
	return rows[0].ID, rows[0].Path, nil
}

// unitFacts reads the units that satisfy cond in Vietnamese name order, the order rows show them.
func (db *DB) unitFacts(ctx context.Context, cond string, args ...any) ([]dondoc.UnitFact, error) {
	var rows []struct {
		ID        int64  `db:"id"`
		ParentID  *int64 `db:"parent_id"`
		Kind      string `db:"kind"`
		Name      string `db:"name"`
		ValidFrom string `db:"valid_from"`
		ValidTo   string `db:"valid_to"`
	}
	if err := db.sel(ctx, &rows, `SELECT u.id, u.parent_id, u.kind, u.name, u.valid_from, u.valid_to FROM units u WHERE `+cond+
		` ORDER BY u.name COLLATE vi, u.id`, args...); err != nil {
		return nil, err
	}
	out := make([]dondoc.UnitFact, len(rows))
	for i, r := range rows {
		out[i] = dondoc.UnitFact{ID: r.ID, ParentID: r.ParentID, Kind: dondoc.UnitKind(r.Kind), Name: r.Name,
			ValidFrom: dondoc.Date(r.ValidFrom), ValidTo: dondoc.Date(r.ValidTo)}
	}
	return out, nil
}

// unitChangeFacts reads every recorded reorganisation with its predecessors and successors. There
// are few of them (one per merge decision), so all are read in one query.
func (db *DB) unitChangeFacts(ctx context.Context) ([]dondoc.UnitChangeFact, error) {
	var rows []struct {
		ID        int64  `db:"id"`
		Kind      string `db:"kind"`
		Effective string `db:"effective"`
		UnitID    int64  `db:"unit_id"`
		Role      string `db:"role"`
		From      *int64 `db:"from_parent_id"`
	}
	if err := db.sel(ctx, &rows, `SELECT c.id, c.kind, c.effective, l.unit_id, l.role, l.from_parent_id FROM unit_changes c
		JOIN unit_change_links l ON l.change_id = c.id ORDER BY c.effective, c.id, l.unit_id`); err != nil {
		return nil, err
	}
	out := []dondoc.UnitChangeFact{}
	var last int64
	for _, r := range rows {
		if len(out) == 0 || r.ID != last {
			out = append(out, dondoc.UnitChangeFact{Kind: dondoc.UnitChangeKind(r.Kind), Effective: dondoc.Date(r.Effective),
				Predecessors: []int64{}, Successors: []int64{}})
			last = r.ID
		}
		c := &out[len(out)-1]
		if r.Role == "predecessor" {
			c.Predecessors = append(c.Predecessors, r.UnitID)
			if r.From != nil {
				if c.FromParents == nil {
					c.FromParents = map[int64]int64{}
				}
				c.FromParents[r.UnitID] = *r.From
			}
		} else {
			c.Successors = append(c.Successors, r.UnitID)
		}
	}
	return out, nil
}

// movedOut returns the units outside the tree that a move took out of it, so that a roll-up of a
// period before the move still adds their figures to the parent they had then.
func movedOut(changes []dondoc.UnitChangeFact, inTree map[int64]bool) []int64 {
	var out []int64
	for _, c := range changes {
		for unit, from := range c.FromParents {
			if inTree[from] && !inTree[unit] && !slices.Contains(out, unit) {
				out = append(out, unit)
			}
		}
	}
	return out
}

// mergedInto returns the units outside the tree whose chain of merges and renames ends inside it,
// so that a series on today's units includes them.
func mergedInto(changes []dondoc.UnitChangeFact, inTree map[int64]bool) []int64 {
	succ := map[int64]int64{}
	for _, c := range changes {
		if (c.Kind != dondoc.ChangeMerge && c.Kind != dondoc.ChangeRename) || len(c.Successors) != 1 {
			continue
		}
		for _, p := range c.Predecessors {
			if p != c.Successors[0] {
				succ[p] = c.Successors[0]
			}
		}
	}
	var out []int64
	for p := range succ {
		if inTree[p] {
			continue
		}
		id := p
		for range 32 {
			next, ok := succ[id]
			if !ok {
				break
			}
			id = next
		}
		if inTree[id] {
			out = append(out, p)
		}
	}
	return out
}

// idList writes ids for an IN list; they are integers from the database, never client text.
func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// factCacheLimit bounds the actuals the roll-up cache holds per database, about 80 MB: a national
// roll-up of 20 indicators over a year fits, and older entries give way to newer ones.
const factCacheLimit = 1_000_000

// factCache keeps the actuals that recent roll-ups read, each with the version of its indicator's
// figures when it was read (see the table indicator_data_versions, which triggers on actuals keep
// up to date). A roll-up reads that version first and uses the kept actuals only while it has not
// changed, so the cache can never serve figures older than those stored, on any instance.
type factCache struct {
	mu      sync.Mutex
	entries map[factKey]*factEntry
	order   []factKey // oldest first
	size    int
}

// factKey identifies what one read of actuals selected. The tree names the subtree's root path
// and the stamp of the units when it was read, since a unit moved or merged into the subtree
// brings its own figures along.
type factKey struct {
	indicator        int64
	tree             string
	fromYear, toYear int
	statuses         string
	submissions      bool
}

type factEntry struct {
	version int64
	actuals []dondoc.ActualFact
}

// factCaches holds one cache per open database, dropped when the database is garbage-collected.
var factCaches sync.Map // weak.Pointer[DB] → *factCache

// factCache returns the cache of db.
func (db *DB) factCache() *factCache {
	key := weak.Make(db)
	if c, ok := factCaches.Load(key); ok {
		return c.(*factCache)
	}
	c, loaded := factCaches.LoadOrStore(key, &factCache{entries: map[factKey]*factEntry{}})
	if !loaded {
		runtime.AddCleanup(db, func(k weak.Pointer[DB]) { factCaches.Delete(k) }, key)
	}
	return c.(*factCache)
}

// get returns the entry kept under k, whatever its version, or nil.
func (c *factCache) get(k factKey) *factEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[k]
}

func (c *factCache) put(k factKey, version int64, actuals []dondoc.ActualFact) {
	if len(actuals) > factCacheLimit {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[k]; ok {
		c.size -= len(old.actuals)
		c.order = slices.DeleteFunc(c.order, func(x factKey) bool { return x == k })
	}
	for c.size+len(actuals) > factCacheLimit && len(c.order) > 0 {
		oldest := c.order[0]
		c.order = c.order[1:]
		c.size -= len(c.entries[oldest].actuals)
		delete(c.entries, oldest)
	}
	c.entries[k] = &factEntry{version: version, actuals: actuals}
	c.order = append(c.order, k)
	c.size += len(actuals)
}

// cachedActualFacts returns the actuals actualFacts would read, from the cache while the
// indicator's figures have not changed since they were kept. The version is read before the
// actuals, so that a write landing in between makes the kept copy look older, never newer, than
// it is. The actuals returned are shared: callers must not change them.
func (db *DB) cachedActualFacts(ctx context.Context, q dondoc.IndicatorFactQuery, ind *dondoc.Indicator, tree string,
	unitCond string, unitArgs []any, keep map[int64]bool) ([]dondoc.ActualFact, error) {
	var versions []int64
	if err := db.sel(ctx, &versions, `SELECT version FROM indicator_data_versions WHERE indicator_id = ?`, q.IndicatorID); err != nil {
		return nil, err
	}
	version := int64(0)
	if len(versions) == 1 {
		version = versions[0]
	}
	statuses := make([]string, len(q.Statuses))
	for i, s := range q.Statuses {
		statuses[i] = string(s)
	}
	k := factKey{indicator: q.IndicatorID, tree: tree, fromYear: q.FromYear, toYear: q.ToYear,
		statuses: strings.Join(statuses, ","), submissions: q.Submissions}
	c := db.factCache()
	e := c.get(k)
	if e != nil && e.version == version {
		return e.actuals, nil
	}
	if e != nil && e.version < version && version-e.version < actualChangesKept {
		actuals, ok, err := db.patchActualFacts(ctx, q, ind, unitCond, unitArgs, keep, e, version)
		if err != nil {
			return nil, err
		}
		if ok {
			c.put(k, version, actuals)
			return actuals, nil
		}
	}
	actuals, err := db.actualFacts(ctx, q, ind, unitCond, unitArgs, keep, nil)
	if err != nil {
		return nil, err
	}
	c.put(k, version, actuals)
	return actuals, nil
}

// actualChangesKept is how many versions of an indicator's figures actual_changes remembers (see
// migration 00017): a kept copy older than that cannot know all that changed since.
const actualChangesKept = 100_000

// actualKey names one value of an indicator: its unit and period.
type actualKey struct {
	UnitID int64  `db:"unit_id"`
	Period string `db:"period"`
}

// patchActualFacts brings a kept copy of an indicator's actuals from its version up to version by
// reading again only the values that actual_changes says changed in between, and reports false
// when so many changed that reading them all costs less. A value changed again after version is
// read as it now stands, which a later patch reads once more; that is harmless.
func (db *DB) patchActualFacts(ctx context.Context, q dondoc.IndicatorFactQuery, ind *dondoc.Indicator, unitCond string,
	unitArgs []any, keep map[int64]bool, e *factEntry, version int64) ([]dondoc.ActualFact, bool, error) {
	var keys []actualKey
	if err := db.sel(ctx, &keys, `SELECT DISTINCT unit_id, period FROM actual_changes WHERE indicator_id = ? AND version > ? AND version <= ?`,
		q.IndicatorID, e.version, version); err != nil {
		return nil, false, err
	}
	if 4*len(keys) > len(e.actuals) {
		return nil, false, nil
	}
	// With the keys in order, each chunk's values come back in order after the last chunk's.
	slices.SortFunc(keys, actualKey.compare)
	var fresh []dondoc.ActualFact
	for chunk := range slices.Chunk(keys, 400) {
		got, err := db.actualFacts(ctx, q, ind, unitCond, unitArgs, keep, chunk)
		if err != nil {
			return nil, false, err
		}
		fresh = append(fresh, got...)
	}
	// The kept copy is in unit and period order (see actualFacts): each changed value is found by
	// binary search, the runs between are copied whole, and the order is kept, so that the
	// patched copy adds up in the same order as one read afresh.
	old := e.actuals
	out := make([]dondoc.ActualFact, 0, len(old)+len(fresh))
	for _, k := range keys {
		i, found := slices.BinarySearchFunc(old, k, func(a dondoc.ActualFact, k actualKey) int { return keyOf(a).compare(k) })
		out = append(out, old[:i]...)
		for len(fresh) > 0 && keyOf(fresh[0]) == k {
			out = append(out, fresh[0])
			fresh = fresh[1:]
		}
		if found {
			i++
		}
		old = old[i:]
	}
	out = append(out, old...)
	return out, true, nil
}

// actualFacts reads the actuals of the indicator with the statuses asked for, of the units in
// unitCond (and in keep, when given), in the years asked for. Rows are scanned by hand and only the
// columns the indicator uses are read: a national roll-up reads tens of thousands of them, the
// denominator serves ratios only, the parts only indicators with breakdowns, and the submission
// time only completeness.
func (db *DB) actualFacts(ctx context.Context, q dondoc.IndicatorFactQuery, ind *dondoc.Indicator, unitCond string, unitArgs []any,
	keep map[int64]bool, only []actualKey) ([]dondoc.ActualFact, error) {
	statuses := q.Statuses
	if len(statuses) == 0 {
		statuses = []dondoc.ActualStatus{dondoc.ActualAccepted}
	}
	args := []any{q.IndicatorID, strconv.Itoa(q.FromYear), strconv.Itoa(q.ToYear + 1)}
	marks := make([]string, len(statuses))
	for i, s := range statuses {
		marks[i] = "?"
		args = append(args, string(s))
	}
	args = append(args, unitArgs...)
	onlyCond := ""
	if only != nil {
		// One equality per value, so that each finds its row through the unique index.
		onlyCond = ` AND (` + strings.TrimSuffix(strings.Repeat(`(x.unit_id = ? AND x.period = ?) OR `, len(only)), " OR ") + `)`
		for _, k := range only {
			args = append(args, k.UnitID, k.Period)
		}
	}
	var (
		f      dondoc.ActualFact
		period sql.RawBytes
		status string
		den    sql.NullFloat64
		parts  string
		at     time.Time
	)
	// With one status asked for, every row has it and the column need not be read.
	cols := `x.unit_id, x.period, x.value`
	dest := []any{&f.UnitID, &period, &f.Value}
	if len(statuses) > 1 {
		cols += `, x.status`
		dest = append(dest, &status)
	} else {
		status = string(statuses[0])
	}
	withDen, withParts := ind.Aggregation == dondoc.AggRatio, len(ind.Disaggregations) > 0
	if withDen {
		cols += `, x.denominator`
		dest = append(dest, &den)
	}
	if withParts {
		cols += `, x.parts`
		dest = append(dest, &parts)
	}
	if q.Submissions {
		cols += `, x.submitted_at`
		dest = append(dest, &at)
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT `+cols+` FROM actuals x
		WHERE x.indicator_id = ? AND x.period >= ? AND x.period < ? AND x.status IN (`+strings.Join(marks, ",")+`) AND `+unitCond+onlyCond+`
		ORDER BY x.unit_id, x.period`), args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []dondoc.ActualFact{}
	periods, keys := map[string]string{}, map[string]string{}
	for rows.Next() {
		parts = ""
		if err := rows.Scan(dest...); err != nil {
			return nil, translate(err)
		}
		if keep != nil && !keep[f.UnitID] {
			continue
		}
		x := f
		// A year has a dozen period keys; each is allocated once, not once a row.
		p, ok := periods[string(period)]
		if !ok {
			p = string(period)
			periods[p] = p
		}
		x.Period = p
		x.Status = dondoc.ActualStatus(status)
		if withDen && den.Valid {
			d := den.Float64
			x.Denominator = &d
		}
		if parts != "" {
			if x.Parts, err = decodeParts(parts, keys); err != nil {
				return nil, dondoc.Internal(err)
			}
		}
		if q.Submissions {
			x.SubmittedOn = dondoc.DateOf(at)
		}
		out = append(out, x)
	}
	// Kept copies are patched by binary search, so they must be in this order whatever the
	// database's collation made of the periods.
	if !slices.IsSortedFunc(out, compareActuals) {
		slices.SortFunc(out, compareActuals)
	}
	return out, translate(rows.Err())
}

// compareActuals orders actuals by unit and period.
func compareActuals(a, b dondoc.ActualFact) int { return keyOf(a).compare(keyOf(b)) }

// keyOf returns the unit and period of an actual.
func keyOf(a dondoc.ActualFact) actualKey { return actualKey{a.UnitID, a.Period} }

// compare orders keys by unit, then period.
func (k actualKey) compare(o actualKey) int {
	return cmp.Or(cmp.Compare(k.UnitID, o.UnitID), cmp.Compare(k.Period, o.Period))
}

// IndicatorStatusSetting returns the status thresholds as stored, or the defaults at version 1
// until they are first stored. Anyone signed in may read them, since every roll-up shows them.
func (db *DB) IndicatorStatusSetting(ctx context.Context) (*dondoc.IndicatorStatusSetting, error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	s, version, err := storedSetting(ctx, db, indicatorStatusKey, dondoc.DefaultIndicatorStatus())
	if err != nil {
		return nil, err
	}
	return &dondoc.IndicatorStatusSetting{IndicatorStatus: s, Version: version}, nil
}

// SetIndicatorStatus validates the thresholds and stores them over the version the caller read,
// with an audit row; only those who define indicators may change them.
func (db *DB) SetIndicatorStatus(ctx context.Context, version int64, s dondoc.IndicatorStatus) (*dondoc.IndicatorStatusSetting, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !dondoc.CanManageIndicatorStatus(a) {
		return nil, dondoc.Forbidden("Chỉ văn phòng hoặc quản trị được sửa ngưỡng đánh giá chỉ tiêu.",
			"Only an office or an admin may change the indicator status thresholds.")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := db.putSetting(ctx, indicatorStatusKey, version, s); err != nil {
		return nil, err
	}
	return db.IndicatorStatusSetting(ctx)
}

// bulkRows is how many rows one multi-row INSERT of BulkLoadActuals carries: 500 rows of nine
// values stay under the parameter limits of both engines.
const bulkRows = 500

// BulkLoadActuals writes actual values as they stand, status and submission day included, with
// multi-row inserts in one transaction and without audit rows. It serves generated benchmark data
// and the loading of historic figures kept elsewhere, where replaying every submission and review
// through SubmitActual would take hours; only the system actor may call it. submittedBy names the
// account the values are recorded under. An actual for a unit and period already stored is a
// conflict, and then nothing is written.
func (db *DB) BulkLoadActuals(ctx context.Context, indicatorID, submittedBy int64, actuals []dondoc.ActualFact) error {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return err
	}
	if !a.System {
		return dondoc.Forbidden("Chỉ hệ thống được nạp số liệu hàng loạt.", "Only the system may bulk-load figures.")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		for start := 0; start < len(actuals); start += bulkRows {
			chunk := actuals[start:min(start+bulkRows, len(actuals))]
			var b strings.Builder
			b.WriteString(`INSERT INTO actuals (indicator_id, unit_id, period, value, denominator, parts, status, submitted_by, submitted_at) VALUES `)
			args := make([]any, 0, len(chunk)*9)
			for i, x := range chunk {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?)")
				parts := ""
				if len(x.Parts) > 0 {
					p, err := json.Marshal(x.Parts)
					if err != nil {
						return err
					}
					parts = string(p)
				}
				at := tx.now
				if x.SubmittedOn != "" {
					// Noon in Viet Nam, so that the day reads the same in any time zone the
					// database converts to.
					at = x.SubmittedOn.Time().Add(12 * time.Hour).UTC()
				}
				status := x.Status
				if status == "" {
					status = dondoc.ActualAccepted
				}
				args = append(args, indicatorID, x.UnitID, x.Period, x.Value, x.Denominator, parts, string(status), submittedBy, at)
			}
			if _, err := tx.exec(b.String(), args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// decodeParts reads the parts of an actual, a JSON object of numbers as SubmitActual writes it,
// without reflection: a national roll-up of an indicator with breakdowns reads tens of thousands
// of them. Keys are taken from (and added to) keys, so that each name is allocated once. Anything
// beyond plain keys and numbers goes through encoding/json.
func decodeParts(s string, keys map[string]string) (map[string]float64, error) {
	out := map[string]float64{}
	i := 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
			i++
		}
	}
	slow := func() (map[string]float64, error) {
		var m map[string]float64
		err := json.Unmarshal([]byte(s), &m)
		return m, err
	}
	skip()
	if i >= len(s) || s[i] != '{' {
		return slow()
	}
	i++
	for {
		skip()
		if i < len(s) && s[i] == '}' && len(out) == 0 {
			return out, nil
		}
		if i >= len(s) || s[i] != '"' {
			return slow()
		}
		end := strings.IndexByte(s[i+1:], '"')
		if end < 0 {
			return slow()
		}
		raw := s[i+1 : i+1+end]
		if strings.IndexByte(raw, '\\') >= 0 {
			return slow()
		}
		key, ok := keys[raw]
		if !ok {
			key = strings.Clone(raw)
			keys[key] = key
		}
		i += end + 2
		skip()
		if i >= len(s) || s[i] != ':' {
			return slow()
		}
		i++
		skip()
		j := i
		for j < len(s) && s[j] != ',' && s[j] != '}' && s[j] != ' ' {
			j++
		}
		v, err := strconv.ParseFloat(s[i:j], 64)
		if err != nil {
			return slow()
		}
		out[key] = v
		i = j
		skip()
		if i < len(s) && s[i] == ',' {
			i++
			continue
		}
		if i < len(s) && s[i] == '}' {
			return out, nil
		}
		return slow()
	}
}

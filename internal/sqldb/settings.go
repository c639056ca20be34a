package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dondoc"
	"dondoc/internal/calendar"
)

var _ dondoc.SettingsService = (*DB)(nil)

// followUpKey is the settings key of the follow-up settings.
const followUpKey = "follow-up"

// calendarKeyPrefix starts the settings key of each year's holiday plan, such as "calendar/2025".
const calendarKeyPrefix = "calendar/"

// calendarKey is the settings key of year y's plan.
func calendarKey(y int) string { return calendarKeyPrefix + strconv.Itoa(y) }

// settingsHolder keeps the settings in force on this instance: the working-day calendar built from
// the stored and shipped plans, and the follow-up settings. It is replaced whole after a change,
// so that readers never see half of one; mu keeps two reloads from storing out of order.
type settingsHolder struct {
	mu  sync.Mutex
	cur atomic.Pointer[settingsState]
}

// settingsState is one snapshot of the settings in force.
type settingsState struct {
	cal      *calendar.Calendar
	followUp dondoc.FollowUp
	// fingerprint lists the key and version of every setting the snapshot was built from; another
	// instance's change alters it.
	fingerprint string
}

// defaultSettings is the snapshot before any setting is read: the shipped plans and the default
// follow-up settings.
func defaultSettings() *settingsState {
	cal, err := calendar.New(calendar.KnownPlans()...)
	if err != nil {
		// The shipped plans are checked by the calendar's tests; failing here is a programming error.
		panic(err)
	}
	return &settingsState{cal: cal, followUp: dondoc.DefaultFollowUp()}
}

// state returns the snapshot in force, the defaults until LoadSettings first runs.
func (db *DB) state() *settingsState {
	if s := db.settings.cur.Load(); s != nil {
		return s
	}
	db.settings.cur.CompareAndSwap(nil, defaultSettings())
	return db.settings.cur.Load()
}

// WorkCalendar returns the working-day calendar in force on this instance: the yearly plans
// stored by administrators over the ones dondoc ships with. It changes after SetCalendarPlan here
// and after RefreshSettings notices a change made elsewhere, so callers should ask for it each
// time rather than keep it.
func (db *DB) WorkCalendar() *calendar.Calendar { return db.state().cal }

// UseWorkCalendar wires the calendar in force into deadlines in working days and the working-day
// checks of the reminder scan, asking for it on every call so that a changed plan applies from
// then on.
func (db *DB) UseWorkCalendar() {
	db.WorkingDays = func(from dondoc.Date, n int) dondoc.Date { return db.WorkCalendar().AddWorkingDays(from, n) }
	db.IsWorkingDay = func(d dondoc.Date) bool { return db.WorkCalendar().IsWorkingDay(d) }
}

// FollowUpInForce returns the follow-up settings in force on this instance, for the background
// jobs that decide when to send; it needs no actor.
func (db *DB) FollowUpInForce() dondoc.FollowUp { return db.state().followUp }

// dueSoonDays is how many days before its deadline a task shows as due soon.
func (db *DB) dueSoonDays() int { return db.state().followUp.DueSoonDays }

// settingRow is one stored setting.
type settingRow struct {
	Key     string `db:"key"`
	Value   string `db:"value"`
	Version int64  `db:"version"`
}

// settingsQuery selects the settings that make up the snapshot.
const settingsQuery = ` FROM settings WHERE key = ? OR key LIKE ? ORDER BY key`

// LoadSettings reads the stored plans and follow-up settings and puts them in force on this
// instance. A stored plan that no longer passes the calendar's checks (after a correction of the
// holiday rules) gives way to the shipped plan of its year, so that one bad year cannot stop the
// server.
func (db *DB) LoadSettings(ctx context.Context) error {
	db.settings.mu.Lock()
	defer db.settings.mu.Unlock()
	var rows []settingRow
	if err := db.sel(ctx, &rows, `SELECT key, value, version`+settingsQuery, followUpKey, calendarKeyPrefix+"%"); err != nil {
		return err
	}
	s := &settingsState{followUp: dondoc.DefaultFollowUp()}
	plans := map[int]calendar.Plan{}
	for _, p := range calendar.KnownPlans() {
		plans[p.Year] = p
	}
	var fp strings.Builder
	for _, r := range rows {
		fp.WriteString(r.Key + "=" + strconv.FormatInt(r.Version, 10) + ";")
		if r.Key == followUpKey {
			var f dondoc.FollowUp
			if err := json.Unmarshal([]byte(r.Value), &f); err != nil {
				return dondoc.Internal(err)
			}
			if f.Validate() == nil {
				s.followUp = f
			}
			continue
		}
		var p dondoc.CalendarPlan
		if err := json.Unmarshal([]byte(r.Value), &p); err != nil {
			return dondoc.Internal(err)
		}
		if cp := calendar.PlanOf(p); cp.Validate() == nil && calendarKey(p.Year) == r.Key {
			plans[p.Year] = cp
		}
	}
	list := make([]calendar.Plan, 0, len(plans))
	for _, p := range plans {
		list = append(list, p)
	}
	cal, err := calendar.New(list...)
	if err != nil {
		return dondoc.Internal(err)
	}
	s.cal, s.fingerprint = cal, fp.String()
	db.settings.cur.Store(s)
	return nil
}

// RefreshSettings reloads the settings if another instance sharing the database changed them
// since this one last loaded them; it reads only the keys and versions when nothing changed.
func (db *DB) RefreshSettings(ctx context.Context) error {
	var rows []settingRow
	if err := db.sel(ctx, &rows, `SELECT key, version`+settingsQuery, followUpKey, calendarKeyPrefix+"%"); err != nil {
		return err
	}
	var fp strings.Builder
	for _, r := range rows {
		fp.WriteString(r.Key + "=" + strconv.FormatInt(r.Version, 10) + ";")
	}
	if s := db.settings.cur.Load(); s != nil && s.fingerprint == fp.String() {
		return nil
	}
	return db.LoadSettings(ctx)
}

// WatchSettings calls RefreshSettings every interval until ctx ends, so that a change made on
// another instance takes effect here within that interval. A failed check is tried again at the
// next tick: the settings in force stay as they were meanwhile.
func (db *DB) WatchSettings(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = db.RefreshSettings(ctx)
		}
	}
}

// canManageSettings refuses readers who may not manage settings as if the setting did not exist,
// as the reminder ladder does.
func canManageSettings(ctx context.Context) error {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return err
	}
	if !dondoc.CanManageReminders(a) {
		return dondoc.Errorf(dondoc.ENotFound, "", "Không tìm thấy thiết lập.", "setting not found.")
	}
	return nil
}

// canChangeSettings refuses writers who may not change settings.
func canChangeSettings(ctx context.Context) error {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return err
	}
	if !dondoc.CanManageReminders(a) {
		return dondoc.Forbidden("Chỉ quản trị viên và văn phòng được sửa thiết lập.",
			"Only administrators and offices may change settings.")
	}
	return nil
}

// storedSetting reads the setting under key into a T, or gives def at version 1 while none is
// stored, the one rule every setting follows.
func storedSetting[T any](ctx context.Context, db *DB, key string, def T) (T, int64, error) {
	row, ok, err := db.setting(ctx, key)
	if err != nil || !ok {
		return def, 1, err
	}
	var v T
	if err := json.Unmarshal([]byte(row.Value), &v); err != nil {
		return def, 0, dondoc.Internal(err)
	}
	return v, row.Version, nil
}

// setting reads one stored setting; ok is false when none is stored.
func (db *DB) setting(ctx context.Context, key string) (row settingRow, ok bool, err error) {
	var rows []settingRow
	if err := db.sel(ctx, &rows, `SELECT key, value, version FROM settings WHERE key = ?`, key); err != nil {
		return settingRow{}, false, err
	}
	if len(rows) == 0 {
		return settingRow{}, false, nil
	}
	return rows[0], true, nil
}

// putSetting stores value under key over the version the caller read, with an audit row, and
// puts the new settings in force on this instance. A setting never stored is at version 1, so
// storing over it creates version 2; a setting changed meanwhile is refused as stale.
func (db *DB) putSetting(ctx context.Context, key string, version int64, value any) error {
	text, err := json.Marshal(value)
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		var before []string
		if err := tx.Select(&before, tx.Rebind(`SELECT value FROM settings WHERE key = ?`), key); err != nil {
			return err
		}
		var res sql.Result
		var err error
		if len(before) == 0 {
			if version != 1 {
				return dondoc.Stale()
			}
			res, err = tx.exec(`INSERT INTO settings (key, value, version, updated_at) VALUES (?, ?, 2, ?) ON CONFLICT DO NOTHING`,
				key, string(text), tx.now)
		} else {
			res, err = tx.exec(`UPDATE settings SET value = ?, version = version + 1, updated_at = ? WHERE key = ? AND version = ?`,
				string(text), tx.now, key, version)
		}
		if err := staleUnlessChanged(res, err); err != nil {
			return err
		}
		var old any
		if len(before) == 1 {
			old = json.RawMessage(before[0])
		}
		return tx.audit("setting.update", "setting", 0, map[string]any{"key": key, "value": old},
			map[string]any{"key": key, "value": json.RawMessage(text)})
	})
	if err != nil {
		return err
	}
	// The change is committed; should reading it back fail, the next refresh puts it in force.
	_ = db.LoadSettings(ctx)
	return nil
}

// FollowUpSettings returns the follow-up settings as stored, or the defaults at version 1 until
// they are first stored. Only administrators and offices read them.
func (db *DB) FollowUpSettings(ctx context.Context) (*dondoc.FollowUpSetting, error) {
	if err := canManageSettings(ctx); err != nil {
		return nil, err
	}
	return db.followUpSetting(ctx)
}

func (db *DB) followUpSetting(ctx context.Context) (*dondoc.FollowUpSetting, error) {
	row, ok, err := db.setting(ctx, followUpKey)
	if err != nil {
		return nil, err
	}
	if !ok {
		return &dondoc.FollowUpSetting{FollowUp: dondoc.DefaultFollowUp(), Version: 1}, nil
	}
	s := &dondoc.FollowUpSetting{Version: row.Version}
	if err := json.Unmarshal([]byte(row.Value), &s.FollowUp); err != nil {
		return nil, dondoc.Internal(err)
	}
	return s, nil
}

// SetFollowUpSettings validates the follow-up settings and stores them over the version the caller
// read, with an audit row; they take effect at once on this instance.
func (db *DB) SetFollowUpSettings(ctx context.Context, version int64, f dondoc.FollowUp) (*dondoc.FollowUpSetting, error) {
	if err := canChangeSettings(ctx); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if err := db.putSetting(ctx, followUpKey, version, f); err != nil {
		return nil, err
	}
	return db.followUpSetting(ctx)
}

// validYear refuses a year outside the span the calendar covers.
func validYear(y int) error {
	if y < calendar.FirstYear || y > calendar.LastYear {
		return dondoc.Invalid("year",
			"Năm phải từ "+strconv.Itoa(calendar.FirstYear)+" đến "+strconv.Itoa(calendar.LastYear)+".",
			"The year must be between "+strconv.Itoa(calendar.FirstYear)+" and "+strconv.Itoa(calendar.LastYear)+".")
	}
	return nil
}

// CalendarPlan returns the plan in force for year y: the stored one, else the one dondoc ships
// with, else an empty plan (the Labour Code's defaults), the last two at version 1. Only
// administrators and offices read it.
func (db *DB) CalendarPlan(ctx context.Context, y int) (*dondoc.CalendarPlanSetting, error) {
	if err := canManageSettings(ctx); err != nil {
		return nil, err
	}
	if err := validYear(y); err != nil {
		return nil, err
	}
	return db.calendarPlan(ctx, y)
}

func (db *DB) calendarPlan(ctx context.Context, y int) (*dondoc.CalendarPlanSetting, error) {
	row, ok, err := db.setting(ctx, calendarKey(y))
	if err != nil {
		return nil, err
	}
	if ok {
		s := &dondoc.CalendarPlanSetting{Version: row.Version, Source: dondoc.PlanStored}
		if err := json.Unmarshal([]byte(row.Value), &s.CalendarPlan); err != nil {
			return nil, dondoc.Internal(err)
		}
		if s.Adjustments == nil {
			s.Adjustments = []dondoc.CalendarAdjustment{}
		}
		return s, nil
	}
	if p, ok := calendar.KnownPlan(y); ok {
		return &dondoc.CalendarPlanSetting{CalendarPlan: p.Domain(), Version: 1, Source: dondoc.PlanKnown}, nil
	}
	return &dondoc.CalendarPlanSetting{CalendarPlan: dondoc.CalendarPlan{Year: y, Adjustments: []dondoc.CalendarAdjustment{}},
		Version: 1, Source: dondoc.PlanDefault}, nil
}

// SetCalendarPlan validates a year's plan (see calendar.Plan.Validate) and stores it over the
// version the caller read, with an audit row. The calendar in force is rebuilt at once on this
// instance, so that deadlines in working days counted from now on, working-day checks and the
// reminder scan use it; other instances pick it up at their next RefreshSettings.
func (db *DB) SetCalendarPlan(ctx context.Context, version int64, p dondoc.CalendarPlan) (*dondoc.CalendarPlanSetting, error) {
	if err := canChangeSettings(ctx); err != nil {
		return nil, err
	}
	if p.Adjustments == nil {
		p.Adjustments = []dondoc.CalendarAdjustment{}
	}
	if err := calendar.PlanOf(p).Validate(); err != nil {
		return nil, err
	}
	if err := db.putSetting(ctx, calendarKey(p.Year), version, p); err != nil {
		return nil, err
	}
	return db.calendarPlan(ctx, p.Year)
}

// CalendarYears lists the years that have a stored or shipped plan, in order. Only administrators
// and offices read it.
func (db *DB) CalendarYears(ctx context.Context) ([]dondoc.CalendarYear, error) {
	if err := canManageSettings(ctx); err != nil {
		return nil, err
	}
	var rows []settingRow
	if err := db.sel(ctx, &rows, `SELECT key, value, version FROM settings WHERE key LIKE ?`, calendarKeyPrefix+"%"); err != nil {
		return nil, err
	}
	years := map[int]dondoc.CalendarYear{}
	for _, p := range calendar.KnownPlans() {
		years[p.Year] = dondoc.CalendarYear{Year: p.Year, Version: 1, Source: dondoc.PlanKnown, Adjustments: len(p.Adjustments)}
	}
	for _, r := range rows {
		var p dondoc.CalendarPlan
		if err := json.Unmarshal([]byte(r.Value), &p); err != nil {
			return nil, dondoc.Internal(err)
		}
		years[p.Year] = dondoc.CalendarYear{Year: p.Year, Version: r.Version, Source: dondoc.PlanStored, Adjustments: len(p.Adjustments)}
	}
	out := make([]dondoc.CalendarYear, 0, len(years))
	for _, y := range years {
		out = append(out, y)
	}
	slices.SortFunc(out, func(a, b dondoc.CalendarYear) int { return a.Year - b.Year })
	return out, nil
}

// CalendarDays lists the holidays, days off and make-up working days from from to to by the
// calendar in force. Anyone signed in may read it: the days off are public.
func (db *DB) CalendarDays(ctx context.Context, from, to dondoc.Date) ([]dondoc.CalendarDay, error) {
	if _, err := dondoc.RequireActor(ctx); err != nil {
		return nil, err
	}
	if !from.Valid() {
		return nil, dondoc.Invalid("from", "Ngày bắt đầu phải có dạng YYYY-MM-DD.", "from must be YYYY-MM-DD.")
	}
	if !to.Valid() {
		return nil, dondoc.Invalid("to", "Ngày kết thúc phải có dạng YYYY-MM-DD.", "to must be YYYY-MM-DD.")
	}
	if to < from {
		return nil, dondoc.Invalid("to", "Ngày kết thúc không được trước ngày bắt đầu.", "to must not be before from.")
	}
	if from.DaysUntil(to) >= dondoc.MaxCalendarSpan {
		return nil, dondoc.Invalid("to", "Mỗi lần chỉ xem được tối đa "+strconv.Itoa(dondoc.MaxCalendarSpan)+" ngày.",
			"At most "+strconv.Itoa(dondoc.MaxCalendarSpan)+" days can be listed at a time.")
	}
	days := db.WorkCalendar().Days(from, to)
	if days == nil {
		days = []dondoc.CalendarDay{}
	}
	return days, nil
}

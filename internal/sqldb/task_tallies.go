package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"dondoc"
)

// tallyRun is a run of task_tallies buckets of one grain, from and to inclusive, whose sum a count
// adds (sign 1) or takes away (sign -1).
type tallyRun struct {
	sign     int
	grain    string
	from, to string
}

// prefixRuns returns the runs whose signed sum counts every event on or before day. That sum is
// the years before the day's year, the months of its year before its month and the days of its
// month up to it; where fewer rows serve, it is the whole year less the months after, or the
// whole month less the days after, so that no sum reads more than 6 month rows or 15 day rows a
// unit and kind.
func prefixRuns(day dondoc.Date) []tallyRun {
	t := day.Time()
	y, m, d := t.Year(), int(t.Month()), t.Day()
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	month := func(k int) string { return fmt.Sprintf("%04d-%02d", y, k) }
	var runs []tallyRun
	months := m // the whole months of the year the sum needs, from January
	if last-d < d {
		if d < last {
			runs = append(runs, tallyRun{-1, "d", string(day.AddDays(1)), fmt.Sprintf("%s-%02d", month(m), last)})
		}
	} else {
		months = m - 1
		runs = append(runs, tallyRun{1, "d", month(m) + "-01", string(day)})
	}
	if months <= 12-months {
		runs = append(runs, tallyRun{1, "y", "0000", fmt.Sprintf("%04d", y-1)})
		if months > 0 {
			runs = append(runs, tallyRun{1, "m", month(1), month(months)})
		}
	} else {
		runs = append(runs, tallyRun{1, "y", "0000", fmt.Sprintf("%04d", y)})
		if months < 12 {
			runs = append(runs, tallyRun{-1, "m", month(months + 1), month(12)})
		}
	}
	return runs
}

// spanRuns returns the runs whose sum counts the events from lo to hi inclusive: whole years where
// the span covers them, whole months where it covers those, and single days at its ends.
func spanRuns(lo, hi dondoc.Date) []tallyRun {
	var runs []tallyRun
	for d := lo; d <= hi; {
		t := d.Time()
		grain, bucket, next := "d", string(d), d.AddDays(1)
		if t.Day() == 1 {
			if y := t.AddDate(1, 0, 0); t.YearDay() == 1 && dondoc.DateOf(y).AddDays(-1) <= hi {
				grain, bucket, next = "y", string(d[:4]), dondoc.DateOf(y)
			} else if m := t.AddDate(0, 1, 0); dondoc.DateOf(m).AddDays(-1) <= hi {
				grain, bucket, next = "m", string(d[:7]), dondoc.DateOf(m)
			}
		}
		if n := len(runs); n > 0 && runs[n-1].grain == grain {
			runs[n-1].to = bucket
		} else {
			runs = append(runs, tallyRun{1, grain, bucket, bucket})
		}
		d = next
	}
	return runs
}

// The kinds of event in task_tallies (see migration 00015), all of them and the completions. A sum
// names the kinds it reads, so that the index finds each kind's run of buckets directly.
var (
	tallyKinds = []string{"open:run", "open:req", "open:susp", "open:done", "done:on_time", "done:late", "done:none",
		"od:run", "od:req", "od:done", "odshut"}
	tallyDoneKinds = []string{"done:on_time", "done:late", "done:none"}
)

// tallyPart is one sum a scorecard asks of task_tallies: the events in runs, only completions when
// done is set, and only of the given posts when posts is not nil.
type tallyPart struct {
	runs  []tallyRun
	done  bool
	posts []int64
	// from is the first day of the span a part of completions counts.
	from dondoc.Date
}

// tallySums are the signed sums of one part for one lead unit and post, per kind in the order of
// tallyKinds.
type tallySums struct {
	part     int
	unitID   int64
	unitName string
	postID   int64
	kinds    []tallyCount
}

// of returns the sum of a kind.
func (s *tallySums) of(kind string) tallyCount { return s.kinds[slices.Index(tallyKinds, kind)] }

// Statements are kept under these sizes: SQLite refuses more than 500 terms in a compound SELECT
// and 32,766 parameters.
const (
	tallyBranchesPerQuery = 150
	tallyArgsPerQuery     = 20_000
)

// sumTallies runs the parts over the tallies of the lead units that where (on lead_unit_id)
// keeps, a few parts per statement. The database adds up each part per unit and post and turns
// the kinds into columns, so that a province's scorecard reads a few hundred rows, not the
// thousands of tally rows behind them.
func (db *DB) sumTallies(ctx context.Context, parts []tallyPart, where string, whereArgs []any) ([]tallySums, error) {
	var cols []string
	for i, k := range tallyKinds {
		cols = append(cols, fmt.Sprintf(`CAST(SUM(CASE WHEN x.kind = '%s' THEN x.n ELSE 0 END) AS BIGINT) AS n%d,
			CAST(SUM(CASE WHEN x.kind = '%s' THEN x.ext ELSE 0 END) AS BIGINT) AS e%d`, k, i, k, i))
	}
	var out []tallySums
	var branches []string
	var args []any
	flush := func() error {
		if len(branches) == 0 {
			return nil
		}
		var zz []struct{}
		_ = db.sel(ctx, &zz, `SELECT 1 FROM (SELECT g.*, u.name FROM (SELECT x.part, x.lead_unit_id, x.post_id, `+
			strings.Join(cols, ", ")+` FROM (`+strings.Join(branches, " UNION ALL ")+`) x GROUP BY x.part, x.lead_unit_id, x.post_id) g
			JOIN units u ON u.id = g.lead_unit_id) zz WHERE 1=0`, args...)
		// The sums read a few thousand index entries. PostgreSQL would hand them to parallel
		// workers, whose start costs more than the reading on a small machine, so the statement
		// runs in a read-only transaction that turns them off.
		tx, err := db.read.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return translate(err)
		}
		defer tx.Rollback()
		if db.Engine == Postgres {
			if _, err := tx.ExecContext(ctx, `SET LOCAL max_parallel_workers_per_gather = 0`); err != nil {
				return translate(err)
			}
		}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT g.*, u.name FROM (SELECT x.part, x.lead_unit_id, x.post_id, `+
			strings.Join(cols, ", ")+` FROM (`+strings.Join(branches, " UNION ALL ")+`) x GROUP BY x.part, x.lead_unit_id, x.post_id) g
			JOIN units u ON u.id = g.lead_unit_id`), args...)
		if err != nil {
			return translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			r := tallySums{kinds: make([]tallyCount, len(tallyKinds))}
			dest := []any{&r.part, &r.unitID, &r.postID}
			for i := range r.kinds {
				dest = append(dest, &r.kinds[i].n, &r.kinds[i].ext)
			}
			if err := rows.Scan(append(dest, &r.unitName)...); err != nil {
				return translate(err)
			}
			out = append(out, r)
		}
		branches, args = branches[:0], args[:0]
		return translate(rows.Err())
	}
	for i, p := range parts {
		if len(branches)+len(p.runs) > tallyBranchesPerQuery || len(args)+len(p.runs)*(len(whereArgs)+3+len(p.posts)) > tallyArgsPerQuery {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		for _, r := range p.runs {
			cond := where + ` AND grain = ? AND bucket BETWEEN ? AND ?`
			args = append(append(args, whereArgs...), r.grain, r.from, r.to)
			kinds := tallyKinds
			if p.done {
				kinds = tallyDoneKinds
			}
			cond += ` AND kind IN ('` + strings.Join(kinds, "', '") + `')`
			if p.posts != nil {
				cond += ` AND post_id IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(p.posts)), ", ") + `)`
				for _, id := range p.posts {
					args = append(args, id)
				}
			}
			sign := ""
			if r.sign < 0 {
				sign = "-"
			}
			branches = append(branches, `SELECT `+strconv.Itoa(i)+` AS part, lead_unit_id, post_id, kind, `+sign+`n AS n, `+sign+
				`ext AS ext FROM task_tallies WHERE `+cond)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// tallyCount is a count of tasks with their extensions.
type tallyCount struct{ n, ext int }

// minus and plus take away and add the tasks of another count.
func (c tallyCount) minus(o tallyCount) tallyCount { return tallyCount{c.n - o.n, c.ext - o.ext} }
func (c tallyCount) plus(o tallyCount) tallyCount  { return tallyCount{c.n + o.n, c.ext + o.ext} }

// doneClasses names the scorecard class of each kind of completion in task_tallies.
var doneClasses = map[string]dondoc.TaskClass{
	"done:on_time": dondoc.ClassDoneOnTime, "done:late": dondoc.ClassDoneLate, "done:none": dondoc.ClassDoneNoDeadline,
}

// groupKey is a lead unit and accountable post (0 for none).
type groupKey struct{ unit, post int64 }

// TaskGroups counts the tasks a scorecard judges on asOf by lead unit, accountable post and class
// from task_tallies, which the triggers of migration 00015 keep, so that a province's scorecard
// reads a few hundred rows a unit whatever its number of tasks. The tasks open on asOf are
// classed by what was open and overdue up to that day; the completed ones are counted over the
// range, per span between the days in changes for the posts that have them, so that each span
// had one holder. TaskFact.CountedIn and TaskFact.ClassOn state the rules the tallies follow; a
// test holds the two against each other. The groups come in no particular order.
func (db *DB) TaskGroups(ctx context.Context, f dondoc.ReportFilter, asOf dondoc.Date, changes map[int64][]dondoc.Date) ([]dondoc.TaskGroupFact, error) {
	where, whereArgs, err := db.reportWhere(ctx, f.UnitID, "lead_unit_id")
	if err != nil {
		return nil, err
	}
	parts := []tallyPart{{runs: prefixRuns(asOf)}, {runs: spanRuns(f.From, asOf), done: true, from: f.From}}
	// Posts whose holder changed on the same days share their parts.
	byDays := map[string][]int64{}
	for post, days := range changes {
		if len(days) > 0 {
			k := fmt.Sprint(days)
			byDays[k] = append(byDays[k], post)
		}
	}
	split := map[int64]bool{}
	for _, k := range slices.Sorted(maps.Keys(byDays)) {
		posts := byDays[k]
		slices.Sort(posts)
		for _, p := range posts {
			split[p] = true
		}
		lo := f.From
		for _, day := range append(slices.Clone(changes[posts[0]]), asOf.AddDays(1)) {
			parts = append(parts, tallyPart{runs: spanRuns(lo, day.AddDays(-1)), done: true, posts: posts, from: lo})
			lo = day
		}
	}
	rows, err := db.sumTallies(ctx, parts, where, whereArgs)
	if err != nil {
		return nil, err
	}
	var out []dondoc.TaskGroupFact
	var overdue []groupKey
	for _, r := range rows {
		for i, c := range r.kinds {
			if c.n < 0 {
				return nil, dondoc.Internal(fmt.Errorf("task tallies of unit %d, post %d, kind %s sum to %d", r.unitID, r.postID, tallyKinds[i], c.n))
			}
		}
		k := groupKey{r.unitID, r.postID}
		if r.part > 0 {
			if r.part == 1 && split[r.postID] {
				continue
			}
			for _, kind := range tallyDoneKinds {
				if c := r.of(kind); c.n > 0 {
					g := taskGroup(k, r.unitName, doneClasses[kind], c)
					if r.postID != 0 {
						g.CompletedOn = parts[r.part].from
					}
					out = append(out, g)
				}
			}
			continue
		}
		var closed tallyCount
		for _, kind := range tallyDoneKinds {
			closed = closed.plus(r.of(kind))
		}
		odDone := r.of("od:done").minus(r.of("odshut"))
		classes := []struct {
			class dondoc.TaskClass
			count tallyCount
		}{
			{dondoc.ClassOverdue, r.of("od:run").plus(r.of("od:req")).plus(odDone)},
			{dondoc.ClassInProgress, r.of("open:run").minus(r.of("od:run")).plus(r.of("open:done").minus(closed).minus(odDone))},
			{dondoc.ClassCompletionRequested, r.of("open:req").minus(r.of("od:req"))},
			{dondoc.ClassSuspended, r.of("open:susp")},
		}
		for _, x := range classes {
			if x.count.n < 0 {
				return nil, dondoc.Internal(fmt.Errorf("task tallies of unit %d, post %d give %d %s tasks", k.unit, k.post, x.count.n, x.class))
			}
			if x.count.n > 0 {
				out = append(out, taskGroup(k, r.unitName, x.class, x.count))
			}
		}
		if classes[0].count.n > 0 {
			overdue = append(overdue, k)
		}
	}
	oldest, err := db.oldestOverdue(ctx, overdue, asOf)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Class == dondoc.ClassOverdue {
			k := groupKey{out[i].LeadUnitID, 0}
			if out[i].AccountablePostID != nil {
				k.post = *out[i].AccountablePostID
			}
			out[i].OldestDueOn = oldest[k]
		}
	}
	return out, nil
}

// taskGroup returns the group of a lead unit and post (0 for none) in a class.
func taskGroup(k groupKey, unitName string, class dondoc.TaskClass, c tallyCount) dondoc.TaskGroupFact {
	g := dondoc.TaskGroupFact{LeadUnitID: k.unit, LeadUnitName: unitName, Class: class, Count: c.n, Extensions: c.ext}
	if k.post != 0 {
		post := k.post
		g.AccountablePostID = &post
	}
	return g
}

// oldestOverdue returns the earliest deadline of the tasks overdue on asOf of each group, which the
// tallies cannot keep. It walks each group's tasks along tasks_lead_due, earliest deadline first,
// to the first one overdue on asOf: open, or done but completed after asOf. The first rows of the
// walk are old tasks, of which the done ones were mostly completed long before, so it ends after
// a few rows.
func (db *DB) oldestOverdue(ctx context.Context, groups []groupKey, asOf dondoc.Date) (map[groupKey]dondoc.Date, error) {
	out := map[groupKey]dondoc.Date{}
	end := asOf.AddDays(1).Time().UTC()
	statuses := make([]string, len(dondoc.OpenStatuses))
	for i, st := range dondoc.OpenStatuses {
		statuses[i] = string(st)
	}
	for _, withPost := range []bool{true, false} {
		var batch []groupKey
		for _, k := range groups {
			if (k.post != 0) == withPost {
				batch = append(batch, k)
			}
		}
		post := `t.accountable_post_id IS NULL`
		if withPost {
			post = `t.accountable_post_id = g.column2`
		}
		for len(batch) > 0 {
			n := min(len(batch), 500)
			args := []any{string(asOf), end, string(asOf)}
			for _, k := range batch[:n] {
				args = append(args, k.unit, k.post)
			}
			var rows []struct {
				Unit int64   `db:"lead_unit_id"`
				Post int64   `db:"post_id"`
				Due  *string `db:"due"`
			}
			if err := db.sel(ctx, &rows, `SELECT g.column1 AS lead_unit_id, g.column2 AS post_id,
				(SELECT t.due_on FROM tasks t WHERE t.lead_unit_id = g.column1 AND `+post+` AND t.due_on <> '' AND t.due_on < ?
					AND t.created_at < ? AND (t.status IN ('`+strings.Join(statuses, "', '")+`') OR (t.status = 'done' AND t.completed_on > ?))
					ORDER BY t.due_on LIMIT 1) AS due
				FROM (VALUES `+strings.TrimSuffix(strings.Repeat("(CAST(? AS BIGINT), CAST(? AS BIGINT)), ", n), ", ")+`) g`, args...); err != nil {
				return nil, err
			}
			for _, r := range rows {
				if r.Due != nil {
					out[groupKey{r.Unit, r.Post}] = dondoc.Date(*r.Due)
				}
			}
			batch = batch[n:]
		}
	}
	return out, nil
}

// tallyEvents is the query of the rows every task adds to task_tallies, computed afresh from the
// tasks through the one statement of the events each engine has (see migration 00015).
func (db *DB) tallyEvents() string {
	if db.Engine == Postgres {
		return `SELECT e.lead_unit_id, e.grain, e.bucket, e.post_id, e.kind, COUNT(*) AS n, SUM(e.ext) AS ext
			FROM tasks t CROSS JOIN LATERAL task_tally_events(t) e GROUP BY e.lead_unit_id, e.grain, e.bucket, e.post_id, e.kind`
	}
	return `SELECT lead_unit_id, grain, bucket, post_id, kind, COUNT(*) AS n, SUM(ext) AS ext FROM task_tally_events
		GROUP BY lead_unit_id, grain, bucket, post_id, kind`
}

// TaskTallyDrift compares task_tallies with the tallies computed afresh from the tasks and
// returns a line for each count that differs, none while the triggers have kept them in step. It
// is for the operator's command line and for tests: the triggers run in every transaction that
// writes a task, so only work done around them (a restore with triggers disabled, a hand-made
// SQL session) can put the two out of step.
func (db *DB) TaskTallyDrift(ctx context.Context) ([]string, error) {
	var rows []struct {
		Key  string `db:"k"`
		Kept int64  `db:"kept"`
		Want int64  `db:"want"`
	}
	key := `lead_unit_id || ' ' || grain || ' ' || bucket || ' ' || post_id || ' ' || kind`
	err := db.sel(ctx, &rows, `SELECT k, CAST(SUM(kept) AS BIGINT) AS kept, CAST(SUM(want) AS BIGINT) AS want FROM (
			SELECT `+key+` || ' n' AS k, n AS kept, 0 AS want FROM task_tallies
			UNION ALL SELECT `+key+` || ' ext', ext, 0 FROM task_tallies
			UNION ALL SELECT `+key+` || ' n', 0, n FROM (`+db.tallyEvents()+`) e
			UNION ALL SELECT `+key+` || ' ext', 0, ext FROM (`+db.tallyEvents()+`) e
		) d GROUP BY k HAVING SUM(kept) <> SUM(want) ORDER BY k`)
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("unit %s: kept %d, want %d", r.Key, r.Kept, r.Want)
	}
	return out, err
}

// RebuildTaskTallies recomputes task_tallies from the tasks and returns how many rows it wrote.
// Writers of tasks wait until it commits (SQLite has one writer; PostgreSQL's tasks are locked
// against changes meanwhile), so that no task's events are counted twice or lost.
func (db *DB) RebuildTaskTallies(ctx context.Context) (int64, error) {
	var n int64
	err := db.inTx(dondoc.WithActor(ctx, dondoc.SystemActor), func(tx *Tx) error {
		if db.Engine == Postgres {
			if _, err := tx.exec(`LOCK TABLE tasks IN SHARE MODE`); err != nil {
				return err
			}
		}
		if _, err := tx.exec(`DELETE FROM task_tallies`); err != nil {
			return err
		}
		res, err := tx.exec(`INSERT INTO task_tallies (lead_unit_id, grain, bucket, post_id, kind, n, ext) ` + db.tallyEvents())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

package sqldb_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// tallyTask is a task planted for the tally tests, as the rules see it.
type tallyTask struct {
	id   int64
	fact dondoc.TaskFact
}

// TestTaskTalliesFollowTheRules plants tasks in every state, including tasks recorded after their
// completion and tasks recorded late in the evening (the next day in Vietnam), changes and deletes
// some of them as the services and an administrator might, and then holds the scorecard groups that
// storage reads from the tallies against TaskFact.CountedIn and ClassOn over many ranges, with and
// without changes of holder. The tallies must also equal those computed afresh from the tasks.
func TestTaskTalliesFollowTheRules(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := sqldbtest.System()
		province := sqldbtest.Unit(t, db, nil, dondoc.KindProvince, "Tỉnh Thử")
		var units []*dondoc.Unit
		var posts []int64
		for i := range 3 {
			u := sqldbtest.Unit(t, db, province, dondoc.KindCommune, fmt.Sprintf("Xã %d", i+1))
			units = append(units, u)
			p, err := db.CreatePost(ctx, dondoc.Post{UnitID: u.ID, Title: "Chủ tịch UBND xã", IsHead: true})
			if err != nil {
				t.Fatal(err)
			}
			posts = append(posts, p.ID)
		}
		other := sqldbtest.Unit(t, db, nil, dondoc.KindProvince, "Tỉnh Khác")
		raw := sqldb.RawDB(db)
		rng := rand.New(rand.NewPCG(3, 5))
		start := time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)
		statuses := []dondoc.Status{dondoc.StatusDraft, dondoc.StatusAssigned, dondoc.StatusInProgress, dondoc.StatusCompletionRequested,
			dondoc.StatusDone, dondoc.StatusDone, dondoc.StatusDone, dondoc.StatusSuspended, dondoc.StatusCancelled}
		// random draws the columns the rules read; a done task may be completed before it was recorded.
		random := func() (lead int64, post *int64, status dondoc.Status, due, completed dondoc.Date, ext int, created time.Time) {
			u := rng.IntN(len(units) + 1)
			if u == len(units) {
				lead = other.ID
			} else {
				lead = units[u].ID
				if rng.IntN(4) > 0 {
					post = &posts[rng.IntN(len(posts))]
				}
			}
			created = start.Add(time.Duration(rng.IntN(600*24)) * time.Hour).Add(time.Duration(rng.IntN(60)) * time.Minute)
			status = statuses[rng.IntN(len(statuses))]
			due = dondoc.NoDate
			if rng.IntN(5) > 0 {
				due = dondoc.DateOf(created).AddDays(rng.IntN(120) - 20)
			}
			if status == dondoc.StatusDone {
				completed = dondoc.DateOf(created).AddDays(rng.IntN(150) - 15)
			}
			return lead, post, status, due, completed, rng.IntN(3), created
		}
		for i := range 600 {
			lead, post, status, due, completed, ext, created := random()
			if _, err := raw.ExecContext(ctx, raw.Rebind(`INSERT INTO tasks (title, lead_unit_id, accountable_post_id, assigner_unit_id,
				due_on, status, extensions, completed_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
				fmt.Sprintf("Nhiệm vụ %d", i), lead, post, province.ID, string(due), string(status), ext, string(completed), created, created); err != nil {
				t.Fatal(err)
			}
		}
		// Change a third of the tasks, one column or all at once, and delete a few.
		for id := int64(1); id <= 600; id++ {
			lead, post, status, due, completed, ext, created := random()
			var err error
			switch rng.IntN(12) {
			case 0:
				_, err = raw.ExecContext(ctx, raw.Rebind(`UPDATE tasks SET status = ?, completed_on = ? WHERE id = ?`), string(status), string(completed), id)
			case 1:
				_, err = raw.ExecContext(ctx, raw.Rebind(`UPDATE tasks SET due_on = ?, extensions = extensions + 1 WHERE id = ?`), string(due), id)
			case 2:
				_, err = raw.ExecContext(ctx, raw.Rebind(`UPDATE tasks SET lead_unit_id = ?, accountable_post_id = ? WHERE id = ?`), lead, post, id)
			case 3:
				_, err = raw.ExecContext(ctx, raw.Rebind(`UPDATE tasks SET lead_unit_id = ?, accountable_post_id = ?, status = ?, due_on = ?,
					completed_on = ?, extensions = ?, created_at = ? WHERE id = ?`), lead, post, string(status), string(due), string(completed), ext, created, id)
			case 4:
				_, err = raw.ExecContext(ctx, raw.Rebind(`UPDATE tasks SET title = 'Đổi tên', progress = 50 WHERE id = ?`), id)
			case 5:
				_, err = raw.ExecContext(ctx, raw.Rebind(`DELETE FROM tasks WHERE id = ?`), id)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := raw.ExecContext(ctx, `UPDATE tasks SET extensions = extensions + 1 WHERE id % 7 = 0`); err != nil {
			t.Fatal(err)
		}
		drift, err := db.TaskTallyDrift(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(drift) > 0 {
			t.Fatalf("%d tally rows out of step with the tasks, e.g. %v", len(drift), drift[:min(5, len(drift))])
		}
		// Tallies put out of step by hand are found, and a rebuild puts them right.
		if _, err := raw.ExecContext(ctx, `UPDATE task_tallies SET n = n + 1 WHERE grain = 'y'`); err != nil {
			t.Fatal(err)
		}
		if drift, err := db.TaskTallyDrift(ctx); err != nil || len(drift) == 0 {
			t.Fatalf("drift after a hand-made change: %v, %v", drift, err)
		}
		if n, err := db.RebuildTaskTallies(ctx); err != nil || n == 0 {
			t.Fatalf("rebuild: %d rows, %v", n, err)
		}
		if drift, err := db.TaskTallyDrift(ctx); err != nil || len(drift) > 0 {
			t.Fatalf("drift after the rebuild: %v, %v", drift, err)
		}
		var stored []struct {
			ID        int64     `db:"id"`
			Lead      int64     `db:"lead_unit_id"`
			Post      *int64    `db:"accountable_post_id"`
			Status    string    `db:"status"`
			Due       string    `db:"due_on"`
			Completed string    `db:"completed_on"`
			Ext       int       `db:"extensions"`
			Created   time.Time `db:"created_at"`
		}
		if err := raw.SelectContext(ctx, &stored, `SELECT id, lead_unit_id, accountable_post_id, status, due_on, completed_on, extensions,
			created_at FROM tasks`); err != nil {
			t.Fatal(err)
		}
		var tasks []tallyTask
		for _, r := range stored {
			if r.Lead == other.ID {
				continue
			}
			tasks = append(tasks, tallyTask{r.ID, dondoc.TaskFact{ID: r.ID, LeadUnitID: r.Lead, AccountablePostID: r.Post,
				Status: dondoc.Status(r.Status), DueOn: dondoc.Date(r.Due), CompletedOn: dondoc.Date(r.Completed), Extensions: r.Ext,
				CreatedAt: r.Created}})
		}
		days := func() dondoc.Date { return dondoc.DateOf(start).AddDays(rng.IntN(700) - 30) }
		for i := range 40 {
			from, asOf := days(), days()
			if asOf < from {
				from, asOf = asOf, from
			}
			if i%4 == 0 { // months and years, where the sums read the fewest rows
				from, asOf = from[:8]+"01", dondoc.Date(from[:4]+"-12-31")
			}
			changes := map[int64][]dondoc.Date{}
			if i%2 == 1 {
				for _, p := range posts[:2] {
					for range 1 + rng.IntN(2) {
						if d := from.AddDays(1 + rng.IntN(max(1, from.DaysUntil(asOf)))); d <= asOf && !slices.Contains(changes[p], d) {
							changes[p] = append(changes[p], d)
						}
					}
					slices.Sort(changes[p])
				}
			}
			f := dondoc.ReportFilter{From: from, To: asOf, UnitID: province.ID}
			groups, err := db.TaskGroups(ctx, f, asOf, changes)
			if err != nil {
				t.Fatal(err)
			}
			got, want := describeGroups(groups), expectedGroups(tasks, from, asOf, changes)
			if !slices.Equal(got, want) {
				t.Errorf("%s to %s, changes %v:\n got %v\nwant %v", from, asOf, changes, got, want)
			}
		}
	})
}

// describeGroups renders groups in a fixed order for comparison.
func describeGroups(groups []dondoc.TaskGroupFact) []string {
	var out []string
	for _, g := range groups {
		post := int64(0)
		if g.AccountablePostID != nil {
			post = *g.AccountablePostID
		}
		out = append(out, fmt.Sprintf("unit %d post %d %s from %s: %d tasks, %d ext, oldest due %s", g.LeadUnitID, post, g.Class,
			g.CompletedOn, g.Count, g.Extensions, g.OldestDueOn))
	}
	slices.Sort(out)
	return out
}

// expectedGroups groups the tasks by the domain's rules: counted by CountedIn, classed by ClassOn,
// and completed tasks of a post placed in the span of changes their completion falls in.
func expectedGroups(tasks []tallyTask, from, asOf dondoc.Date, changes map[int64][]dondoc.Date) []string {
	type key struct {
		unit, post int64
		class      dondoc.TaskClass
		span       dondoc.Date
	}
	type sum struct {
		n, ext int
		oldest dondoc.Date
	}
	sums := map[key]*sum{}
	for _, x := range tasks {
		f := x.fact
		if !f.CountedIn(from, asOf) {
			continue
		}
		k := key{unit: f.LeadUnitID, class: f.ClassOn(asOf)}
		if f.AccountablePostID != nil {
			k.post = *f.AccountablePostID
			if k.class.Done() {
				k.span = from
				for _, d := range changes[k.post] {
					if d <= f.CompletedOn {
						k.span = d
					}
				}
			}
		}
		s := sums[k]
		if s == nil {
			s = &sum{}
			sums[k] = s
		}
		s.n++
		s.ext += f.Extensions
		if k.class == dondoc.ClassOverdue && (s.oldest == "" || f.DueOn < s.oldest) {
			s.oldest = f.DueOn
		}
	}
	var out []string
	for k, s := range sums {
		out = append(out, fmt.Sprintf("unit %d post %d %s from %s: %d tasks, %d ext, oldest due %s", k.unit, k.post, k.class, k.span,
			s.n, s.ext, s.oldest))
	}
	slices.SortFunc(out, cmp.Compare)
	return out
}

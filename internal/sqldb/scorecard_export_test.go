package sqldb

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// RawDB returns the writing pool, so that a benchmark can bulk-load rows and a test can plant
// tasks in states the services would not produce in one step.
func RawDB(db *DB) *sqlx.DB { return db.write }

// TaskTallyDrift returns the rows of task_tallies that differ from the tallies computed afresh
// from the tasks, so that a test can tell whether the triggers kept them in step.
func TaskTallyDrift(ctx context.Context, db *DB) ([]string, error) {
	events := `SELECT lead_unit_id, grain, bucket, post_id, kind, COUNT(*) AS n, SUM(ext) AS ext FROM task_tally_events
		GROUP BY lead_unit_id, grain, bucket, post_id, kind`
	if db.Engine == Postgres {
		events = `SELECT e.lead_unit_id, e.grain, e.bucket, e.post_id, e.kind, COUNT(*) AS n, SUM(e.ext) AS ext
			FROM tasks t CROSS JOIN LATERAL task_tally_events(t) e GROUP BY e.lead_unit_id, e.grain, e.bucket, e.post_id, e.kind`
	}
	var rows []struct {
		Key  string `db:"k"`
		Kept int64  `db:"kept"`
		Want int64  `db:"want"`
	}
	err := db.sel(ctx, &rows, `SELECT k, CAST(SUM(kept) AS BIGINT) AS kept, CAST(SUM(want) AS BIGINT) AS want FROM (
			SELECT lead_unit_id || ' ' || grain || ' ' || bucket || ' ' || post_id || ' ' || kind || ' n' AS k, n AS kept, 0 AS want FROM task_tallies
			UNION ALL SELECT lead_unit_id || ' ' || grain || ' ' || bucket || ' ' || post_id || ' ' || kind || ' ext', ext, 0 FROM task_tallies
			UNION ALL SELECT lead_unit_id || ' ' || grain || ' ' || bucket || ' ' || post_id || ' ' || kind || ' n', 0, n FROM (`+events+`) e
			UNION ALL SELECT lead_unit_id || ' ' || grain || ' ' || bucket || ' ' || post_id || ' ' || kind || ' ext', 0, ext FROM (`+events+`) e
		) d GROUP BY k HAVING SUM(kept) <> SUM(want) ORDER BY k`)
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s: kept %d, want %d", r.Key, r.Kept, r.Want))
	}
	return out, err
}

// WithoutFactCache runs fn with the actuals that roll-ups keep in memory set aside and puts them
// back after, so that a test can compare a kept and patched copy with one read afresh.
func WithoutFactCache(db *DB, fn func()) {
	c := db.factCache()
	c.mu.Lock()
	entries, order, size := c.entries, c.order, c.size
	c.entries, c.order, c.size = map[factKey]*factEntry{}, nil, 0
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.entries, c.order, c.size = entries, order, size
		c.mu.Unlock()
	}()
	fn()
}

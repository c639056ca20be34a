package sqldb

import (
	"context"

	"github.com/jmoiron/sqlx"

	"dondoc"
)

// RawDB returns the writing pool, so that a benchmark can bulk-load rows and a test can plant
// tasks in states the services would not produce in one step.
func RawDB(db *DB) *sqlx.DB { return db.write }

// TaskClasses returns the class that the scorecard's SQL gives each counted task on asOf, so that
// a test can hold it against TaskFact.ClassOn.
func TaskClasses(ctx context.Context, db *DB, asOf dondoc.Date) (map[int64]dondoc.TaskClass, error) {
	class, args := classCase(asOf)
	var rows []struct {
		ID    int64  `db:"id"`
		Class string `db:"class"`
	}
	if err := db.sel(ctx, &rows, `SELECT t.id, `+class+` AS class FROM tasks t WHERE t.status NOT IN ('draft', 'cancelled')`, args...); err != nil {
		return nil, err
	}
	out := map[int64]dondoc.TaskClass{}
	for _, r := range rows {
		out[r.ID] = dondoc.TaskClass(r.Class)
	}
	return out, nil
}

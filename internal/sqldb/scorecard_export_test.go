package sqldb

import (
	"github.com/jmoiron/sqlx"
)

// RawDB returns the writing pool, so that a benchmark can bulk-load rows and a test can plant
// tasks in states the services would not produce in one step.
func RawDB(db *DB) *sqlx.DB { return db.write }

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

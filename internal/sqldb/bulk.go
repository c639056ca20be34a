package sqldb

import (
	"context"
	"fmt"
)

// FastLoad runs fn, which loads many rows through the ordinary services, without an fsync per
// commit on SQLite, then makes everything durable with one checkpoint. It serves the demo loader,
// which must fill a fresh database within the three seconds a newcomer waits. A crash during fn
// can lose part of the load but never an acknowledged write from elsewhere, since only fresh
// databases are loaded this way. On PostgreSQL fn runs as is.
func (db *DB) FastLoad(ctx context.Context, fn func() error) error {
	if db.Engine != SQLite {
		return fn()
	}
	if _, err := db.write.ExecContext(ctx, "PRAGMA synchronous = OFF"); err != nil {
		return fmt.Errorf("fast load: %w", err)
	}
	err := fn()
	if _, e := db.write.ExecContext(ctx, "PRAGMA synchronous = FULL"); e != nil && err == nil {
		err = fmt.Errorf("fast load: %w", e)
	}
	if _, e := db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(FULL)"); e != nil && err == nil {
		err = fmt.Errorf("fast load: %w", e)
	}
	return err
}

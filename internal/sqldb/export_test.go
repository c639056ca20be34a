package sqldb

import "context"

// ForgetFoldedIssuers empties documents.issuer_folded, as on a database migrated to 00012 before
// the server filled it, so that a test can watch Migrate fill it again.
func ForgetFoldedIssuers(ctx context.Context, db *DB) error {
	_, err := db.write.ExecContext(ctx, `UPDATE documents SET issuer_folded = ''`)
	return err
}

package app_test

import (
	"context"
	"testing"

	"dondoc"
	"dondoc/internal/app"
	"dondoc/internal/app/apptest"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// TestWarmRollups reads ahead every indicator of the demo province, and says why it cannot when
// the deployment has two roots and so no single tree to start from.
func TestWarmRollups(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		apptest.LoadDemo(t, db)
		ctx := context.Background()
		if err := app.WarmRollups(ctx, db); err != nil {
			t.Fatalf("warm the demo province: %v", err)
		}
		sqldbtest.Unit(t, db, nil, dondoc.KindProvince, "Tỉnh Khác")
		if err := app.WarmRollups(ctx, db); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Errorf("two roots: %v, want the unit asked for", err)
		}
	})
}

package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// BenchmarkRollup times the roll-up of 20 indicators × 12 months of 2025 over every commune of a
// generated national tree after the 2025 reform (34 provinces, DONDOC_BENCH_COMMUNES communes,
// default 3,321, no districts) to the nation and its provinces, on SQLite and on PostgreSQL
// (when DONDOC_TEST_POSTGRES is set): cold (nothing kept in memory, as after a restart), after a
// change (one value of each indicator changed since the last roll-up, so only it is read again)
// and warm (nothing changed: the values kept in memory serve). Two baselines run in the
// same process on the same data: a raw SQL SUM of each indicator's values (what the engine needs
// to touch every row), and a raw read of each indicator's (unit, period, value) rows into Go
// (what a cold roll-up that keeps the tree in Go must at least pay):
//
//	DONDOC_TEST_POSTGRES=postgres://... go test ./internal/sqldb -run '^$' -bench Rollup -benchtime 5x
func BenchmarkRollup(b *testing.B) {
	communes := 3321
	if s := os.Getenv("DONDOC_BENCH_COMMUNES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 34 {
			b.Fatalf("DONDOC_BENCH_COMMUNES=%q: want a number of at least 34", s)
		}
		communes = v
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			db, raw, bind := openBench(b, engine)
			start := time.Now()
			root, inds, rows := seedNation(b, db, communes)
			b.Logf("%s: %d provinces, %d communes, %d indicators, %d actuals loaded in %s", engine, 34, communes, len(inds), rows,
				time.Since(start).Round(time.Millisecond))
			if _, err := raw.ExecContext(ctx, "ANALYZE"); err != nil {
				b.Fatal(err)
			}
			svc := &report.Service{Facts: db, Documents: db, Today: func() dondoc.Date { return "2025-12-20" }}
			sys := sqldbtest.System()
			size := fmt.Sprintf("communes=%d,actuals=%d/", communes, rows)
			b.Run(size+"baseline-sql-sum", func(b *testing.B) {
				defer reportCPU(b)()
				for b.Loop() {
					for _, ind := range inds {
						var sum float64
						if err := raw.QueryRowContext(ctx, bind(`SELECT SUM(value) FROM actuals WHERE indicator_id = ? AND status = 'accepted'`), ind.ID).Scan(&sum); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
			b.Run(size+"baseline-sql-read", func(b *testing.B) {
				defer reportCPU(b)()
				for b.Loop() {
					for _, ind := range inds {
						rs, err := raw.QueryContext(ctx, bind(`SELECT unit_id, period, value FROM actuals WHERE indicator_id = ? AND status = 'accepted'`), ind.ID)
						if err != nil {
							b.Fatal(err)
						}
						var (
							u int64
							p string
							v float64
						)
						for rs.Next() {
							if err := rs.Scan(&u, &p, &v); err != nil {
								b.Fatal(err)
							}
						}
						if err := rs.Err(); err != nil {
							b.Fatal(err)
						}
						rs.Close()
					}
				}
			})
			rollupAll := func(b *testing.B) {
				for _, ind := range inds {
					r, err := svc.Rollup(sys, dondoc.RollupQuery{IndicatorID: ind.ID, UnitID: root, From: "2025-01", To: "2025-12", Level: 1})
					if err != nil {
						b.Fatal(err)
					}
					if len(r.Rows) != 35 || r.Rows[0].Total.Reports != communes*12 {
						b.Fatalf("%s: %d rows, %d reports at the top, want 35 and %d", ind.Code, len(r.Rows), r.Rows[0].Total.Reports, communes*12)
					}
				}
			}
			// Cold: nothing kept in memory, as on the first roll-up after the server starts; every
			// indicator's values are read from the database.
			b.Run(size+"rollup-20x12-cold", func(b *testing.B) {
				defer reportCPU(b)()
				for b.Loop() {
					sqldb.WithoutFactCache(db, func() { rollupAll(b) })
				}
			})
			// After a change: one value of every indicator changed since the last roll-up (the
			// change is not timed), as when a commune's figures are accepted between two looks at
			// the dashboard; only the changed values are read again.
			b.Run(size+"rollup-20x12-after-change", func(b *testing.B) {
				rollupAll(b)
				defer reportCPU(b)()
				for i := 0; b.Loop(); i++ {
					b.StopTimer()
					for _, ind := range inds {
						if _, err := raw.ExecContext(ctx, bind(`UPDATE actuals SET value = value + 1 WHERE id = (SELECT MIN(id) + ? FROM actuals
							WHERE indicator_id = ?)`), i%100, ind.ID); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
					rollupAll(b)
				}
			})
			// Warm: nothing changed since the last roll-up, as on a dashboard read again and again.
			b.Run(size+"rollup-20x12-warm", func(b *testing.B) {
				rollupAll(b)
				defer reportCPU(b)()
				for b.Loop() {
					rollupAll(b)
				}
			})
		})
	}
}

// reportCPU starts counting this process's CPU time and returns the function that reports it per
// operation. On a machine shared with other work, CPU time says more than elapsed time about the
// cost of a roll-up; it includes SQLite, which runs in the process, but not the PostgreSQL server.
func reportCPU(b *testing.B) func() {
	start, ok := processCPU()
	return func() {
		if end, _ := processCPU(); ok {
			b.ReportMetric(float64((end-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		}
	}
}

// openBench opens a fresh migrated database of the engine with a plain connection to it for the
// baselines, and the function that writes a query's placeholders for that connection.
func openBench(b *testing.B, engine string) (*sqldb.DB, *sql.DB, func(string) string) {
	b.Helper()
	ctx := context.Background()
	if engine == "sqlite" {
		dir := b.TempDir()
		db, err := sqldb.Open(ctx, "", dir)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "dondoc.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { raw.Close() })
		return db, raw, func(q string) string { return q }
	}
	dsn, drop, err := sqldbtest.NewPostgresDatabase(ctx, sqldbtest.PostgresURL(b))
	if err != nil {
		b.Fatal(err)
	}
	db, err := sqldb.Open(ctx, dsn, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		raw.Close()
		db.Close()
		_ = drop()
	})
	return db, raw, func(q string) string {
		n := 0
		out := make([]byte, 0, len(q)+8)
		for i := 0; i < len(q); i++ {
			if q[i] == '?' {
				n++
				out = append(out, '$')
				out = strconv.AppendInt(out, int64(n), 10)
				continue
			}
			out = append(out, q[i])
		}
		return string(out)
	}
}

// seedNation creates the national tree and 20 indicators (sums, ratios, last values, an average,
// some with breakdowns) with a year's target for every province and an accepted value for every
// commune and month of 2025. It returns the root, the indicators and the number of actuals.
func seedNation(b *testing.B, db *sqldb.DB, communes int) (int64, []*dondoc.Indicator, int) {
	b.Helper()
	ctx := context.Background()
	sys := sqldbtest.System()
	var root int64
	var leaves []int64
	var provinces []int64
	err := db.FastLoad(ctx, func() error {
		r, err := db.CreateUnit(sys, dondoc.UnitInput{Kind: dondoc.KindOther, Name: "Cả nước"})
		if err != nil {
			return err
		}
		root = r.ID
		for p := range 34 {
			prov, err := db.CreateUnit(sys, dondoc.UnitInput{ParentID: &root, Kind: dondoc.KindProvince, Name: fmt.Sprintf("Tỉnh %02d", p+1)})
			if err != nil {
				return err
			}
			provinces = append(provinces, prov.ID)
			// 3,321 communes share out as 97 or 98 a province.
			n := communes / 34
			if p < communes%34 {
				n++
			}
			for c := range n {
				com, err := db.CreateUnit(sys, dondoc.UnitInput{ParentID: &prov.ID, Kind: dondoc.KindCommune, Name: fmt.Sprintf("Xã %02d-%03d", p+1, c+1)})
				if err != nil {
					return err
				}
				leaves = append(leaves, com.ID)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	u, err := db.CreateUserWithHash(sys, dondoc.UserInput{Username: "nhaplieu", DisplayName: "Nhập liệu"}, "unused-hash")
	if err != nil {
		b.Fatal(err)
	}
	var inds []*dondoc.Indicator
	rows := 0
	for i := range 20 {
		in := dondoc.Indicator{Code: fmt.Sprintf("CT%02d", i+1), Name: fmt.Sprintf("Chỉ tiêu %02d", i+1), Measure: "tỷ đồng",
			Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth, HigherIsBetter: true}
		switch {
		case i >= 14 && i < 17:
			in.Aggregation, in.Measure = dondoc.AggRatio, "%"
		case i >= 17 && i < 19:
			in.Aggregation = dondoc.AggLast
		case i == 19:
			in.Aggregation = dondoc.AggAverage
		}
		if i < 3 {
			in.Disaggregations = []string{"hộ nghèo", "hộ cận nghèo"}
		}
		ind, err := db.CreateIndicator(sys, in)
		if err != nil {
			b.Fatal(err)
		}
		inds = append(inds, ind)
		acts := make([]dondoc.ActualFact, 0, len(leaves)*12)
		for n, leaf := range leaves {
			for m := 1; m <= 12; m++ {
				a := dondoc.ActualFact{UnitID: leaf, Period: fmt.Sprintf("2025-%02d", m), Value: float64((n*7+m*3+i)%50 + 1),
					Status: dondoc.ActualAccepted, SubmittedOn: dondoc.Date(fmt.Sprintf("2025-%02d-10", m))}
				if in.Aggregation == dondoc.AggRatio {
					d := a.Value * 2
					a.Denominator = &d
				}
				if len(in.Disaggregations) > 0 {
					a.Parts = map[string]float64{"hộ nghèo": a.Value - 1, "hộ cận nghèo": 1}
				}
				acts = append(acts, a)
			}
		}
		if err := db.FastLoad(ctx, func() error { return db.BulkLoadActuals(sys, ind.ID, u.ID, acts) }); err != nil {
			b.Fatal(err)
		}
		rows += len(acts)
		for _, p := range provinces {
			v := 1000.0
			if _, err := db.SetTarget(sys, ind.ID, dondoc.ValueInput{UnitID: p, Period: "2025", Value: &v}); err != nil {
				b.Fatal(err)
			}
		}
	}
	return root, inds, rows
}

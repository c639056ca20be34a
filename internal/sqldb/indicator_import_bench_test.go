package sqldb_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// BenchmarkImport times the import of one period's actuals for DONDOC_BENCH_UNITS communes (default
// 500) in one transaction, against the baseline of the same rows submitted one by one, measured in
// the same run, on each engine; it reports the import's time as a share of the baseline's:
//
//	DONDOC_BENCH_UNITS=3321 go test ./internal/sqldb -run '^$' -bench Import -benchtime 3x
func BenchmarkImport(b *testing.B) {
	n := 500
	if s := os.Getenv("DONDOC_BENCH_UNITS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	engines := map[string]func(testing.TB) *sqldb.DB{"sqlite": sqldbtest.OpenSQLite, "postgres": sqldbtest.OpenPostgres}
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			db := engines[name](b)
			fixed, _ := time.ParseInLocation("2006-01-02", "2024-05-16", dondoc.Location)
			db.Now = func() time.Time { return fixed }
			p := sqldbtest.NewProvince(b, db)
			ind, err := db.CreateIndicator(sqldbtest.System(), dondoc.Indicator{Code: "NHA-TAM", Name: "Nhà tạm được xóa", Measure: "căn",
				Aggregation: dondoc.AggSum, PeriodType: dondoc.PeriodMonth})
			if err != nil {
				b.Fatal(err)
			}
			u, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: "office", DisplayName: "office"}, "x")
			if err != nil {
				b.Fatal(err)
			}
			office := sqldbtest.As(u.ID, dondoc.RoleOffice, p.Root)
			rows := make([]dondoc.ImportRow, n)
			for i := range rows {
				c := sqldbtest.Unit(b, db, p.DistrictA, dondoc.KindCommune, "Xã "+strconv.Itoa(i))
				rows[i] = row(i+2, c.ID, "2024-05", float64(i))
			}
			var base, imp time.Duration
			b.ResetTimer()
			for b.Loop() {
				start := time.Now()
				for _, r := range rows {
					if _, err := db.SubmitActual(office, ind.ID, r.Input); err != nil {
						b.Fatal(err)
					}
				}
				base += time.Since(start)
				start = time.Now()
				res, err := db.ImportValues(office, ind.ID, dondoc.ImportActuals, rows)
				if err != nil || res.Written != n {
					b.Fatalf("import: %+v, %v", res, err)
				}
				imp += time.Since(start)
			}
			b.ReportMetric(float64(n), "rows")
			b.ReportMetric(float64(imp.Milliseconds())/float64(b.N), "import-ms")
			b.ReportMetric(float64(base.Milliseconds())/float64(b.N), "one-by-one-ms")
			b.ReportMetric(float64(imp)/float64(base), "import/one-by-one")
		})
	}
}

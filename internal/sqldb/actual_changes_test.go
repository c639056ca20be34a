package sqldb_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// TestKeptActualsFollowChanges reads an indicator's facts, so that roll-ups keep its values, then
// changes values (new figures, corrections, statuses moving in and out of those read, values of
// other years, deletions) a few at a time, and checks after each round that the kept copy, patched
// round after round from actual_changes, holds exactly what a fresh read finds, for the accepted
// values and for the values under review with their days of submission.
func TestKeptActualsFollowChanges(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		r := newRollupTree(t, db)
		ind := loadHouses(t, db, r)
		ctx := sqldbtest.System()
		raw := sqldb.RawDB(db)
		rng := rand.New(rand.NewPCG(5, 8))
		units := []*dondoc.Unit{r.a, r.b, r.c}
		var acts []dondoc.ActualFact
		for _, u := range units {
			for m := 1; m <= 12; m++ {
				if u == r.a && m > 6 {
					continue
				}
				acts = append(acts, fact(u, fmt.Sprintf("2025-%02d", m), float64(m), dondoc.ActualAccepted, ""))
			}
		}
		r.load(t, db, ind, acts...)
		queries := []dondoc.IndicatorFactQuery{
			{IndicatorID: ind.ID, UnitID: r.p.ID, FromYear: 2024, ToYear: 2025},
			{IndicatorID: ind.ID, UnitID: r.p.ID, FromYear: 2025, ToYear: 2025,
				Statuses: []dondoc.ActualStatus{dondoc.ActualAccepted, dondoc.ActualApproved, dondoc.ActualSubmitted}, Submissions: true},
			{IndicatorID: ind.ID, UnitID: r.d2.ID, FromYear: 2025, ToYear: 2025},
		}
		read := func(q dondoc.IndicatorFactQuery) []string {
			t.Helper()
			f, err := db.IndicatorFacts(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			out := make([]string, len(f.Actuals))
			for i, a := range f.Actuals {
				den := "-"
				if a.Denominator != nil {
					den = fmt.Sprint(*a.Denominator)
				}
				out[i] = fmt.Sprintf("%d %s %g/%s %v %s %s", a.UnitID, a.Period, a.Value, den, a.Parts, a.Status, a.SubmittedOn)
			}
			return out
		}
		for _, q := range queries {
			read(q)
		}
		statuses := []dondoc.ActualStatus{dondoc.ActualAccepted, dondoc.ActualApproved, dondoc.ActualSubmitted, dondoc.ActualReturned}
		for round := range 12 {
			for range 1 + rng.IntN(3) {
				u := units[rng.IntN(len(units))]
				period := fmt.Sprintf("%d-%02d", 2024+rng.IntN(2), 1+rng.IntN(12))
				var err error
				switch rng.IntN(4) {
				case 0: // a new or corrected figure
					_, err = raw.ExecContext(ctx, raw.Rebind(`UPDATE actuals SET value = value + 1 WHERE indicator_id = ? AND unit_id = ? AND period = ?`),
						ind.ID, u.ID, period)
				case 1:
					_, err = raw.ExecContext(ctx, raw.Rebind(`UPDATE actuals SET status = ? WHERE indicator_id = ? AND unit_id = ? AND period = ?`),
						string(statuses[rng.IntN(len(statuses))]), ind.ID, u.ID, period)
				case 2:
					_, err = raw.ExecContext(ctx, raw.Rebind(`DELETE FROM actuals WHERE indicator_id = ? AND unit_id = ? AND period = ?`), ind.ID, u.ID, period)
				default:
					a := fact(u, period, float64(rng.IntN(90)), statuses[rng.IntN(len(statuses))], "")
					var n int
					if err = raw.GetContext(ctx, &n, raw.Rebind(`SELECT COUNT(*) FROM actuals WHERE indicator_id = ? AND unit_id = ? AND period = ?`),
						ind.ID, u.ID, period); err == nil && n == 0 {
						r.load(t, db, ind, a)
					}
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			for i, q := range queries {
				kept := read(q)
				var fresh []string
				sqldb.WithoutFactCache(db, func() { fresh = read(q) })
				if !slices.Equal(kept, fresh) {
					t.Fatalf("round %d, query %d: kept copy\n%v\nread afresh\n%v", round, i, kept, fresh)
				}
			}
		}
	})
}

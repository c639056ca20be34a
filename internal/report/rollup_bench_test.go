package report

import (
	"fmt"
	"testing"

	"dondoc"
)

// BenchmarkComputeRollup times the computation alone of one indicator's national roll-up (34
// provinces, 3,321 communes, 12 months), with no storage, against a baseline that only sums the
// same values in a loop; the storage benchmark in internal/sqldb measures the whole path.
func BenchmarkComputeRollup(b *testing.B) {
	units := []dondoc.UnitFact{{ID: 1, Kind: dondoc.KindOther, Name: "Cả nước"}}
	var actuals []dondoc.ActualFact
	id := int64(100)
	for p := range 34 {
		pid := int64(2 + p)
		units = append(units, dondoc.UnitFact{ID: pid, ParentID: ptr(int64(1)), Kind: dondoc.KindProvince, Name: fmt.Sprintf("Tỉnh %02d", p+1)})
		n := 3321 / 34
		if p < 3321%34 {
			n++
		}
		for c := range n {
			id++
			units = append(units, dondoc.UnitFact{ID: id, ParentID: ptr(pid), Kind: dondoc.KindCommune, Name: fmt.Sprintf("Xã %03d", c+1)})
			for m := 1; m <= 12; m++ {
				actuals = append(actuals, act(id, fmt.Sprintf("2025-%02d", m), float64(m)))
			}
		}
	}
	targets := []dondoc.TargetFact{}
	for p := range 34 {
		targets = append(targets, dondoc.TargetFact{UnitID: int64(2 + p), Period: "2025", Value: 1000})
	}
	for _, rule := range []dondoc.Aggregation{dondoc.AggSum, dondoc.AggRatio, dondoc.AggLast} {
		ind := dondoc.Indicator{ID: 1, Code: "B", Name: "B", Measure: "%", Aggregation: rule, PeriodType: dondoc.PeriodMonth, HigherIsBetter: true}
		acts := actuals
		if rule == dondoc.AggRatio {
			acts = make([]dondoc.ActualFact, len(actuals))
			for i, a := range actuals {
				a.Denominator = ptr(a.Value * 2)
				acts[i] = a
			}
		}
		f := &dondoc.IndicatorFacts{Indicator: ind, RootID: 1, Units: units, Changes: []dondoc.UnitChangeFact{}, Actuals: acts, Targets: targets}
		q := dondoc.RollupQuery{IndicatorID: 1, From: "2025-01", To: "2025-12", Level: 1}
		b.Run(fmt.Sprintf("actuals=%d/baseline-loop-sum", len(acts)), func(b *testing.B) {
			for b.Loop() {
				var s float64
				for i := range acts {
					s += acts[i].Value
				}
				if s == 0 {
					b.Fatal("no values")
				}
			}
		})
		b.Run(fmt.Sprintf("actuals=%d/%s", len(acts), rule), func(b *testing.B) {
			for b.Loop() {
				r, err := ComputeRollup(q, f, dondoc.DefaultIndicatorStatus(), "2025-12-20")
				if err != nil || len(r.Rows) != 35 {
					b.Fatalf("%v, %d rows", err, len(r.Rows))
				}
			}
		})
	}
}

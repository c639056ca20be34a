package report

import (
	"fmt"
	"strings"
	"testing"

	"dondoc"
)

// The hand-made province of these tests: P has districts D1 and D2; D1 has communes A and B, and
// A is merged into B from 1 July 2024 (A's last day is 30 June); D2 has commune C.
const (
	idP, idD1, idD2, idA, idB, idC = 1, 2, 3, 10, 11, 20
)

func ptr[T any](v T) *T { return &v }

// testUnits lists the units in name order, as storage does.
func testUnits() []dondoc.UnitFact {
	return []dondoc.UnitFact{
		{ID: idP, Kind: dondoc.KindProvince, Name: "Tỉnh P"},
		{ID: idD2, ParentID: ptr(int64(idP)), Kind: dondoc.KindDistrict, Name: "Huyện Hai"},
		{ID: idD1, ParentID: ptr(int64(idP)), Kind: dondoc.KindDistrict, Name: "Huyện Một"},
		{ID: idA, ParentID: ptr(int64(idD1)), Kind: dondoc.KindCommune, Name: "Xã An", ValidTo: "2024-06-30"},
		{ID: idB, ParentID: ptr(int64(idD1)), Kind: dondoc.KindCommune, Name: "Xã Bình"},
		{ID: idC, ParentID: ptr(int64(idD2)), Kind: dondoc.KindCommune, Name: "Xã Cường"},
	}
}

func testChanges() []dondoc.UnitChangeFact {
	return []dondoc.UnitChangeFact{{Kind: dondoc.ChangeMerge, Effective: "2024-07-01",
		Predecessors: []int64{idA, idB}, Successors: []int64{idB}}}
}

func facts(ind dondoc.Indicator, actuals []dondoc.ActualFact, targets []dondoc.TargetFact) *dondoc.IndicatorFacts {
	return &dondoc.IndicatorFacts{Indicator: ind, RootID: idP, Units: testUnits(), Changes: testChanges(), Actuals: actuals, Targets: targets}
}

func act(unit int64, period string, v float64) dondoc.ActualFact {
	return dondoc.ActualFact{UnitID: unit, Period: period, Value: v, Status: dondoc.ActualAccepted}
}

func ratio(unit int64, period string, num, den float64) dondoc.ActualFact {
	a := act(unit, period, num)
	a.Denominator = &den
	return a
}

// fmtNum prints an optional number for the tables below: "-" for null.
func fmtNum(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%g", *v)
}

// table renders chosen fields of every row's cells as one line per row, "name: cell | cell ...".
func table(r *dondoc.Rollup, cell func(c dondoc.RollupCell) string) string {
	var b strings.Builder
	for _, row := range r.Rows {
		b.WriteString(strings.Repeat("  ", row.Depth) + row.UnitName + ":")
		for _, c := range row.Cells {
			b.WriteString(" " + cell(c))
		}
		b.WriteString(" = " + cell(row.Total) + "\n")
	}
	return b.String()
}

var houses = dondoc.Indicator{ID: 1, Code: "XNT", Name: "Nhà tạm được xóa", Measure: "căn", Aggregation: dondoc.AggSum,
	PeriodType: dondoc.PeriodMonth, HigherIsBetter: true, Disaggregations: []string{"hộ nghèo", "hộ cận nghèo"}}

func houseActuals() []dondoc.ActualFact {
	a := []dondoc.ActualFact{
		act(idA, "2024-01", 2), act(idA, "2024-02", 3), act(idA, "2024-06", 4),
		act(idB, "2024-01", 1), act(idB, "2024-03", 5), act(idB, "2024-07", 6), act(idB, "2024-08", 2),
		act(idC, "2024-02", 7), act(idC, "2024-07", 1),
	}
	a[0].Parts = map[string]float64{"hộ nghèo": 2}
	a[3].Parts = map[string]float64{"hộ nghèo": 1}
	a[5].Parts = map[string]float64{"hộ nghèo": 4, "hộ cận nghèo": 2}
	return a
}

// houseTargets: D1 has a year plan of 24 (2 a month); D2 has plans for Q1 to Q3 and a year plan of
// 40, which leaves 16 for Q4; P has none and so expects what its districts do.
func houseTargets() []dondoc.TargetFact {
	return []dondoc.TargetFact{
		{UnitID: idD1, Period: "2024", Value: 24},
		{UnitID: idD2, Period: "2024", Value: 40},
		{UnitID: idD2, Period: "2024-Q1", Value: 6}, {UnitID: idD2, Period: "2024-Q2", Value: 6}, {UnitID: idD2, Period: "2024-Q3", Value: 12},
	}
}

func TestRollupSumByQuarterOnTheTreeOfThen(t *testing.T) {
	q := dondoc.RollupQuery{IndicatorID: 1, From: "2024", To: "2024", By: dondoc.PeriodQuarter, Level: 2, Merge: dondoc.MergeThen}
	r, err := ComputeRollup(q, facts(houses, houseActuals(), houseTargets()), dondoc.DefaultIndicatorStatus(), "2024-12-20")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(r.Periods, ","), "2024-Q1,2024-Q2,2024-Q3,2024-Q4"; got != want {
		t.Fatalf("periods = %s, want %s", got, want)
	}
	values := `Tỉnh P: 18 4 9 - = 31
  Huyện Hai: 7 - 1 - = 8
    Xã Cường: 7 - 1 - = 8
  Huyện Một: 11 4 8 - = 23
    Xã An: 5 4 - - = 9
    Xã Bình: 6 - 8 - = 14
`
	if got := table(r, func(c dondoc.RollupCell) string { return fmtNum(c.Value) }); got != values {
		t.Errorf("values:\n%s\nwant:\n%s", got, values)
	}
	ytd := `Tỉnh P: 18 22 31 31 = -
  Huyện Hai: 7 7 8 8 = -
    Xã Cường: 7 7 8 8 = -
  Huyện Một: 11 15 23 23 = -
    Xã An: 5 9 9 9 = -
    Xã Bình: 6 6 14 14 = -
`
	if got := table(r, func(c dondoc.RollupCell) string { return fmtNum(c.YTD) }); got != ytd {
		t.Errorf("year to date:\n%s\nwant:\n%s", got, ytd)
	}
	// D1: 2 a month. D2: its quarters, and 16 for Q4. P: the sum of both.
	status := `Tỉnh P: 12/150/green 24/91.6666667/amber 42/73.8095238/red 64/48.4375/red = 64/48.4375/red
  Huyện Hai: 6/116.666667/green 12/58.3333333/red 24/33.3333333/red 40/20/red = 40/20/red
    Xã Cường: -/-/ -/-/ -/-/ -/-/ = -/-/
  Huyện Một: 6/183.333333/green 12/125/green 18/127.777778/green 24/95.8333333/amber = 24/95.8333333/amber
    Xã An: -/-/ -/-/ -/-/ -/-/ = -/-/
    Xã Bình: -/-/ -/-/ -/-/ -/-/ = -/-/
`
	if got := table(r, func(c dondoc.RollupCell) string {
		return fmtNum(c.Target) + "/" + fmtNum(c.Achievement) + "/" + string(c.Status)
	}); got != status {
		t.Errorf("status:\n%s\nwant:\n%s", got, status)
	}
	d1 := r.Rows[3]
	if got := d1.Cells[0].Parts; got["hộ nghèo"] != 3 || len(got) != 1 {
		t.Errorf("D1 Q1 parts = %v, want hộ nghèo 3", got)
	}
	if got := d1.Total.Parts; got["hộ nghèo"] != 7 || got["hộ cận nghèo"] != 2 {
		t.Errorf("D1 total parts = %v, want hộ nghèo 7, hộ cận nghèo 2", got)
	}
	if d1.Total.Reports != 7 || r.Rows[0].Total.Reports != 9 {
		t.Errorf("reports = %d (D1), %d (P), want 7 and 9", d1.Total.Reports, r.Rows[0].Total.Reports)
	}
	if a := r.Rows[4]; a.UnitID != idA || a.ValidTo != "2024-06-30" || a.Depth != 2 || *a.ParentID != idD1 {
		t.Errorf("row of the merged commune = %+v", a)
	}
}

func TestRollupSumOnTodaysUnits(t *testing.T) {
	q := dondoc.RollupQuery{IndicatorID: 1, From: "2024", To: "2024", By: dondoc.PeriodQuarter, Level: 2, Merge: dondoc.MergeToday}
	r, err := ComputeRollup(q, facts(houses, houseActuals(), houseTargets()), dondoc.DefaultIndicatorStatus(), "2024-12-20")
	if err != nil {
		t.Fatal(err)
	}
	// A's figures belong to B for every quarter; the totals above do not change.
	values := `Tỉnh P: 18 4 9 - = 31
  Huyện Hai: 7 - 1 - = 8
    Xã Cường: 7 - 1 - = 8
  Huyện Một: 11 4 8 - = 23
    Xã Bình: 11 4 8 - = 23
`
	if got := table(r, func(c dondoc.RollupCell) string { return fmtNum(c.Value) }); got != values {
		t.Errorf("values:\n%s\nwant:\n%s", got, values)
	}
	// Asked before the merge, today's tree still has A.
	r, err = ComputeRollup(q, facts(houses, houseActuals(), nil), dondoc.DefaultIndicatorStatus(), "2024-06-01")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 6 {
		t.Errorf("%d rows before the merge, want 6", len(r.Rows))
	}
}

func TestRollupTargetsOfAMergedUnitFollowOnToday(t *testing.T) {
	targets := []dondoc.TargetFact{{UnitID: idA, Period: "2024", Value: 12}, {UnitID: idB, Period: "2024", Value: 24}}
	q := dondoc.RollupQuery{IndicatorID: 1, From: "2024-01", To: "2024-06", By: dondoc.PeriodHalfYear, Level: 2, Merge: dondoc.MergeToday}
	r, err := ComputeRollup(q, facts(houses, houseActuals(), targets), dondoc.DefaultIndicatorStatus(), "2024-12-20")
	if err != nil {
		t.Fatal(err)
	}
	// B carries A's plan: (12 + 24) / 2 for the half-year; D1 has none of its own and adds B's.
	got := table(r, func(c dondoc.RollupCell) string { return fmtNum(c.Value) + "/" + fmtNum(c.Target) })
	want := `Tỉnh P: 22/18 = 22/18
  Huyện Hai: 7/- = 7/-
    Xã Cường: 7/- = 7/-
  Huyện Một: 15/18 = 15/18
    Xã Bình: 15/18 = 15/18
`
	if got != want {
		t.Errorf("half-year:\n%s\nwant:\n%s", got, want)
	}
}

var disbursement = dondoc.Indicator{ID: 2, Code: "GN", Name: "Giải ngân", Measure: "%", Aggregation: dondoc.AggRatio,
	PeriodType: dondoc.PeriodMonth, HigherIsBetter: true}

func TestRollupRatioOfSums(t *testing.T) {
	actuals := []dondoc.ActualFact{
		ratio(idA, "2024-01", 10, 40), ratio(idA, "2024-02", 20, 40),
		ratio(idB, "2024-01", 30, 60),
		ratio(idC, "2024-01", 5, 50),
	}
	targets := []dondoc.TargetFact{{UnitID: idP, Period: "2024", Value: 95}, {UnitID: idD1, Period: "2021-2025", Value: 40}}
	q := dondoc.RollupQuery{IndicatorID: 2, From: "2024-01", To: "2024-02", Level: 1}
	r, err := ComputeRollup(q, facts(disbursement, actuals, targets), dondoc.DefaultIndicatorStatus(), "2024-12-20")
	if err != nil {
		t.Fatal(err)
	}
	// Numerators and denominators are summed apart: D1 in January is (10+30)/(40+60), not the mean
	// of 25% and 50%. P to date: 65/190. D1's term target of 40% applies to each year of it.
	got := table(r, func(c dondoc.RollupCell) string {
		return fmtNum(c.Value) + "(" + fmtNum(c.Numerator) + "/" + fmtNum(c.Denominator) + ") ytd " + fmtNum(c.YTD) + " " + string(c.Status)
	})
	want := `Tỉnh P: 30(45/150) ytd 30 red 50(20/40) ytd 34.2105263 red = 34.2105263(65/190) ytd - red
  Huyện Hai: 10(5/50) ytd 10  -(-/-) ytd 10  = 10(5/50) ytd - 
  Huyện Một: 40(40/100) ytd 40 green 50(20/40) ytd 42.8571429 green = 42.8571429(60/140) ytd - green
`
	if got != want {
		t.Errorf("ratio:\n%s\nwant:\n%s", got, want)
	}
	if a := r.Rows[0].Total.Achievement; a == nil || *a != 36.0110803 {
		t.Errorf("P achievement = %s, want 34.2105263/95 = 36.0110803%%", fmtNum(a))
	}
}

func TestRollupLastValue(t *testing.T) {
	beds := dondoc.Indicator{ID: 3, Code: "GB", Name: "Giường bệnh", Measure: "giường", Aggregation: dondoc.AggLast,
		PeriodType: dondoc.PeriodMonth, HigherIsBetter: true}
	actuals := []dondoc.ActualFact{act(idA, "2024-03", 110), act(idA, "2024-01", 100), act(idB, "2024-02", 50), act(idB, "2024-11", 70)}
	q := dondoc.RollupQuery{IndicatorID: 3, From: "2024", To: "2024", By: dondoc.PeriodQuarter, Level: 1}
	r, err := ComputeRollup(q, facts(beds, actuals, nil), dondoc.DefaultIndicatorStatus(), "2024-12-20")
	if err != nil {
		t.Fatal(err)
	}
	// Each commune's latest value, summed: Q1 110 + 50. A's stock carries over the quarters it
	// still existed in (the Q3 period starts on 15 June), then leaves with it.
	got := table(r, func(c dondoc.RollupCell) string { return fmtNum(c.Value) + "/" + fmtNum(c.YTD) })
	want := `Tỉnh P: 160/160 -/160 -/160 70/70 = 180/-
  Huyện Hai: -/- -/- -/- -/- = -/-
  Huyện Một: 160/160 -/160 -/160 70/70 = 180/-
`
	if got != want {
		t.Errorf("last:\n%s\nwant:\n%s", got, want)
	}
}

func TestRollupAverage(t *testing.T) {
	score := dondoc.Indicator{ID: 4, Code: "CS", Name: "Chỉ số hài lòng", Measure: "điểm", Aggregation: dondoc.AggAverage,
		PeriodType: dondoc.PeriodMonth, HigherIsBetter: true, Disaggregations: []string{"y tế"}}
	actuals := []dondoc.ActualFact{act(idA, "2024-01", 4), act(idB, "2024-01", 6), act(idC, "2024-01", 8), act(idC, "2024-02", 9)}
	actuals[0].Parts = map[string]float64{"y tế": 3}
	actuals[1].Parts = map[string]float64{"y tế": 6}
	targets := []dondoc.TargetFact{{UnitID: idP, Period: "2024", Value: 8}}
	q := dondoc.RollupQuery{IndicatorID: 4, From: "2024-01", To: "2024-02", Level: 1}
	r, err := ComputeRollup(q, facts(score, actuals, targets), dondoc.DefaultIndicatorStatus(), "2024-12-20")
	if err != nil {
		t.Fatal(err)
	}
	got := table(r, func(c dondoc.RollupCell) string {
		return fmtNum(c.Value) + "/" + fmtNum(c.YTD) + "/" + string(c.Status)
	})
	want := `Tỉnh P: 6/6/red 9/6.75/amber = 6.75/-/amber
  Huyện Hai: 8/8/ 9/8.5/ = 8.5/-/
  Huyện Một: 5/5/ -/5/ = 5/-/
`
	if got != want {
		t.Errorf("average:\n%s\nwant:\n%s", got, want)
	}
	if p := r.Rows[0].Cells[0].Parts["y tế"]; p != 3 {
		t.Errorf("P January part = %g, want (3+6)/3 reports = 3", p)
	}
}

func TestRollupQueryChecks(t *testing.T) {
	f := facts(houses, houseActuals(), nil)
	for _, tc := range []struct {
		q     dondoc.RollupQuery
		field string
	}{
		{dondoc.RollupQuery{IndicatorID: 1, From: "2024-05", To: "2024-04"}, "to"},
		{dondoc.RollupQuery{IndicatorID: 1, From: "2014", To: "2024"}, "to"},
		{dondoc.RollupQuery{IndicatorID: 1, From: "2024", To: "2024", By: "week"}, "by"},
	} {
		err := tc.q.Validate()
		if err == nil {
			_, err = ComputeRollup(tc.q, f, dondoc.DefaultIndicatorStatus(), "2024-12-20")
		}
		if e, ok := err.(*dondoc.Error); !ok || e.Field != tc.field {
			t.Errorf("%+v: error %v, want one on field %s", tc.q, err, tc.field)
		}
	}
	quarterly := houses
	quarterly.PeriodType = dondoc.PeriodQuarter
	_, err := ComputeRollup(dondoc.RollupQuery{IndicatorID: 1, From: "2024", To: "2024", By: dondoc.PeriodMonth},
		facts(quarterly, nil, nil), dondoc.DefaultIndicatorStatus(), "2024-12-20")
	if e, ok := err.(*dondoc.Error); !ok || e.Field != "by" {
		t.Errorf("monthly columns of a quarterly indicator: %v, want an error on by", err)
	}
}

func TestJudgeLowerIsBetter(t *testing.T) {
	ind := dondoc.Indicator{Aggregation: dondoc.AggSum, HigherIsBetter: false}
	th := dondoc.IndicatorStatus{GreenAt: 100, AmberAt: 80}
	for _, tc := range []struct {
		value, target float64
		ach           string
		light         dondoc.TrafficLight
	}{
		{8, 10, "125", dondoc.LightGreen},
		{12, 10, "83.3333333", dondoc.LightAmber},
		{20, 10, "50", dondoc.LightRed},
		{0, 10, "-", dondoc.LightGreen},
	} {
		var c dondoc.RollupCell
		judge(ind, th, &c, &tc.value, &tc.target)
		if fmtNum(c.Achievement) != tc.ach || c.Status != tc.light {
			t.Errorf("value %g target %g: %s %s, want %s %s", tc.value, tc.target, fmtNum(c.Achievement), c.Status, tc.ach, tc.light)
		}
	}
}

func TestIndicatorStatusValidate(t *testing.T) {
	for _, tc := range []struct {
		s     dondoc.IndicatorStatus
		field string
	}{
		{dondoc.DefaultIndicatorStatus(), ""},
		{dondoc.IndicatorStatus{GreenAt: 0, AmberAt: 0}, "green_at"},
		{dondoc.IndicatorStatus{GreenAt: 90, AmberAt: 95}, "amber_at"},
		{dondoc.IndicatorStatus{GreenAt: 90, AmberAt: -1}, "amber_at"},
		{dondoc.IndicatorStatus{GreenAt: 100, AmberAt: 80, DueDay: 32}, "due_day"},
		{dondoc.IndicatorStatus{GreenAt: 2000, AmberAt: 80}, "green_at"},
	} {
		err := tc.s.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", tc.s, err)
			}
			continue
		}
		if e, ok := err.(*dondoc.Error); !ok || e.Field != tc.field {
			t.Errorf("%+v: %v, want an error on %s", tc.s, err, tc.field)
		}
	}
}

func TestRollupYearColumnOfARangeEndingEarly(t *testing.T) {
	// A yearly column of January to June is judged against the trajectory at the end of June:
	// D1 expects 12 of its 24 and has 15; D2 expects its Q1 and Q2 plans, 12, and has 7.
	q := dondoc.RollupQuery{IndicatorID: 1, From: "2024-01", To: "2024-06", By: dondoc.PeriodYear, Level: 1}
	r, err := ComputeRollup(q, facts(houses, houseActuals(), houseTargets()), dondoc.DefaultIndicatorStatus(), "2024-12-20")
	if err != nil {
		t.Fatal(err)
	}
	got := table(r, func(c dondoc.RollupCell) string { return c.Period + " " + fmtNum(c.Value) + "/" + fmtNum(c.Target) })
	want := `Tỉnh P: 2024 22/24 = 2024-01/2024-06 22/24
  Huyện Hai: 2024 7/12 = 2024-01/2024-06 7/12
  Huyện Một: 2024 15/12 = 2024-01/2024-06 15/12
`
	if got != want {
		t.Errorf("year to June:\n%s\nwant:\n%s", got, want)
	}
}

// TestRollupUnitMovedMidYear moves commune C from district D2 to D1 on 1 April 2024. On the tree
// of then, C's first quarter belongs to D2 and the rest of the year to D1, in the values and the
// totals alike, and each quarter's year to date to the district C was in at its end; on today's
// tree C is under D1 throughout. A move recorded without the parent it left keeps C under
// D1 in every period, as before dondoc kept it.
func TestRollupUnitMovedMidYear(t *testing.T) {
	units := testUnits()
	for i := range units {
		if units[i].ID == idC {
			units[i].ParentID = ptr(int64(idD1))
		}
	}
	move := dondoc.UnitChangeFact{Kind: dondoc.ChangeMove, Effective: "2024-04-01", Predecessors: []int64{idC},
		Successors: []int64{}, FromParents: map[int64]int64{idC: idD2}}
	actuals := []dondoc.ActualFact{act(idB, "2024-02", 1), act(idC, "2024-02", 10), act(idC, "2024-05", 20), act(idC, "2024-08", 40)}
	rollup := func(merge dondoc.MergeMode, changes ...dondoc.UnitChangeFact) *dondoc.Rollup {
		t.Helper()
		f := &dondoc.IndicatorFacts{Indicator: houses, RootID: idP, Units: units, Changes: changes, Actuals: actuals}
		q := dondoc.RollupQuery{IndicatorID: 1, From: "2024", To: "2024", By: dondoc.PeriodQuarter, Level: 1, Merge: merge}
		r, err := ComputeRollup(q, f, dondoc.DefaultIndicatorStatus(), "2024-12-20")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	values := func(c dondoc.RollupCell) string { return fmtNum(c.Value) }
	ytd := func(c dondoc.RollupCell) string { return fmtNum(c.YTD) }
	tests := []struct {
		name string
		r    *dondoc.Rollup
		cell func(dondoc.RollupCell) string
		want string
	}{
		{"values, tree of then", rollup(dondoc.MergeThen, move), values, `Tỉnh P: 11 20 40 - = 71
  Huyện Hai: 10 - - - = 10
  Huyện Một: 1 20 40 - = 61
`},
		{"year to date, tree of then", rollup(dondoc.MergeThen, move), ytd, `Tỉnh P: 11 31 71 71 = -
  Huyện Hai: 10 - - - = -
  Huyện Một: 1 31 71 71 = -
`},
		{"values, today's tree", rollup(dondoc.MergeToday, move), values, `Tỉnh P: 11 20 40 - = 71
  Huyện Hai: - - - - = -
  Huyện Một: 11 20 40 - = 71
`},
		{"values, move without the parent it left", rollup(dondoc.MergeThen, dondoc.UnitChangeFact{Kind: dondoc.ChangeMove,
			Effective: "2024-04-01", Predecessors: []int64{idC}, Successors: []int64{}}), values, `Tỉnh P: 11 20 40 - = 71
  Huyện Hai: - - - - = -
  Huyện Một: 11 20 40 - = 71
`},
	}
	for _, tt := range tests {
		if got := table(tt.r, tt.cell); got != tt.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tt.name, got, tt.want)
		}
	}
}

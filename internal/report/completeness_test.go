package report

import (
	"fmt"
	"strings"
	"testing"

	"dondoc"
)

func sent(unit int64, period string, on dondoc.Date, status dondoc.ActualStatus) dondoc.ActualFact {
	return dondoc.ActualFact{UnitID: unit, Period: period, Value: 1, Status: status, SubmittedOn: on}
}

// completenessFacts: months May to August 2024 (cut-offs on the 14th). A exists until 30 June, so
// it owes May and June only. D2 has a target and so owes its own reports, which it never sends.
func completenessFacts() *dondoc.IndicatorFacts {
	return facts(houses, []dondoc.ActualFact{
		sent(idA, "2024-05", "2024-05-10", dondoc.ActualAccepted),
		sent(idA, "2024-06", "2024-06-20", dondoc.ActualAccepted),
		sent(idB, "2024-05", "2024-05-14", dondoc.ActualSubmitted),
		sent(idB, "2024-06", "2024-06-10", dondoc.ActualReturned),
		sent(idB, "2024-07", "2024-07-01", dondoc.ActualApproved),
		sent(idC, "2024-05", "2024-05-14", dondoc.ActualAccepted),
		sent(idC, "2024-06", "2024-06-14", dondoc.ActualAccepted),
		sent(idC, "2024-07", "2024-07-14", dondoc.ActualAccepted),
		sent(idC, "2024-08", "2024-08-15", dondoc.ActualAccepted),
	}, []dondoc.TargetFact{{UnitID: idD2, Period: "2024", Value: 10}})
}

func countsTable(c *dondoc.Completeness) string {
	var b strings.Builder
	line := func(name string, x dondoc.CompletenessCounts) {
		fmt.Fprintf(&b, "%s: %d/%d/%d %s %s\n", name, x.Expected, x.Received, x.OnTime, fmtNum(x.Completeness), fmtNum(x.Timeliness))
	}
	for _, r := range c.Rows {
		line(strings.Repeat("  ", r.Depth)+r.UnitName, r.CompletenessCounts)
	}
	for _, l := range c.Levels {
		line(string(l.Kind), l.CompletenessCounts)
	}
	return b.String()
}

func TestCompletenessAcrossAMerge(t *testing.T) {
	q := dondoc.CompletenessQuery{IndicatorID: 1, From: "2024-05", To: "2024-08", Level: 2}
	c, err := ComputeCompleteness(q, completenessFacts(), dondoc.DefaultIndicatorStatus(), "2024-12-20")
	if err != nil {
		t.Fatal(err)
	}
	// A: 2 expected, both received, May on time. B: 4 expected; June was returned, August never
	// came. C: 4 received, August late. D2: 4 expected, none received.
	want := `Tỉnh P: 14/8/6 57.1428571 42.8571429
  Huyện Hai: 8/4/3 50 37.5
    Xã Cường: 4/4/3 100 75
  Huyện Một: 6/4/3 66.6666667 50
    Xã An: 2/2/1 100 50
    Xã Bình: 4/2/2 50 50
district: 4/0/0 0 0
commune: 10/8/6 80 60
`
	if got := countsTable(c); got != want {
		t.Errorf("completeness:\n%s\nwant:\n%s", got, want)
	}
	if len(c.Periods) != 4 || c.Periods[0] != (dondoc.CompletenessPeriod{Key: "2024-05", Due: "2024-05-14"}) {
		t.Errorf("periods = %+v", c.Periods)
	}

	// Reports due on the 20th: A's June report and C's August report are on time.
	th := dondoc.DefaultIndicatorStatus()
	th.DueDay = 20
	c, err = ComputeCompleteness(q, completenessFacts(), th, "2024-12-20")
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Rows[0]; p.OnTime != 8 || c.Periods[1].Due != "2024-06-20" {
		t.Errorf("due on the 20th: P on time %d (want 8), June due %s", p.OnTime, c.Periods[1].Due)
	}
}

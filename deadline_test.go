package dondoc_test

import (
	"errors"
	"testing"

	"dondoc"
)

// monthly is a stand-in for the calendar: one report a month on the 20th for the month that ended
// on the 14th, keyed by that month.
func monthly(recurrence string, day int, from, to dondoc.Date) ([]dondoc.Obligation, error) {
	if recurrence != "monthly" {
		return nil, errors.New("only monthly")
	}
	var out []dondoc.Obligation
	for d := dondoc.Date(string(from)[:7] + "-01"); d <= to; d = dondoc.Date(d.Time().AddDate(0, 1, 0).Format(dondoc.DateLayout)) {
		due := dondoc.Date(string(d)[:8] + "20")
		if due >= from && due <= to {
			out = append(out, dondoc.Obligation{Period: string(d)[:7], Start: d.AddDays(-17), End: dondoc.Date(string(d)[:8] + "14"), Due: due})
		}
	}
	return out, nil
}

func TestObligations(t *testing.T) {
	rec := dondoc.Deadline{Kind: dondoc.DeadlineRecurring, Recurrence: "monthly", DayOfPeriod: 20}
	all, err := rec.Obligations("2026-01-05", "2026-04-30", monthly)
	if err != nil || len(all) != 4 || all[0].Period != "2026-01" || all[3].Due != "2026-04-20" {
		t.Fatalf("Obligations = %v, %v", all, err)
	}
	if none, err := (dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2026-05-01"}).Obligations("2026-01-01", "2026-12-31", monthly); err != nil || none != nil {
		t.Errorf("a dated deadline owes reports: %v, %v", none, err)
	}
	if _, err := rec.Obligations("2026-01-01", "2026-12-31", nil); !dondoc.IsCode(err, dondoc.EInternal) {
		t.Errorf("without an expander: %v, want internal", err)
	}
	if _, err := (dondoc.Deadline{Kind: dondoc.DeadlineRecurring, Recurrence: "yearly"}).Obligations("2026-01-01", "2026-12-31", monthly); err == nil {
		t.Error("an expander's error was lost")
	}

	tests := []struct {
		name     string
		start    dondoc.Date
		today    dondoc.Date
		reported []string
		want     string
		ok       bool
	}{
		{"first report ahead", "2026-01-05", "2026-01-10", nil, "2026-01", true},
		{"missing past report comes first", "2026-01-05", "2026-04-10", []string{"2026-02"}, "2026-01", true},
		{"all past reports in", "2026-01-05", "2026-04-10", []string{"2026-01", "2026-02", "2026-03"}, "2026-04", true},
		{"a year of reports in advance", "2026-01-05", "2026-01-10", months("2026-01", 15), "", false},
		{"task starting beyond the horizon", "2028-01-01", "2026-01-10", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := map[string]bool{}
			for _, p := range tt.reported {
				done[p] = true
			}
			o, ok, err := rec.NextObligation(tt.start, tt.today, func(p string) bool { return done[p] }, monthly)
			if err != nil || ok != tt.ok || o.Period != tt.want {
				t.Errorf("NextObligation = %+v, %v, %v; want %q, %v", o, ok, err, tt.want, tt.ok)
			}
		})
	}
}

// months lists n month keys from first.
func months(first string, n int) []string {
	d := dondoc.Date(first + "-01")
	var out []string
	for range n {
		out = append(out, string(d)[:7])
		d = dondoc.Date(d.Time().AddDate(0, 1, 0).Format(dondoc.DateLayout))
	}
	return out
}

package dondoc

import "errors"

// Obligation is one report a recurring deadline calls for: the period it covers (its key, as
// targets and actuals store periods, and its span up to the cut-off End) and the day it is due.
type Obligation struct {
	Period string `json:"period"`
	Start  Date   `json:"start"`
	End    Date   `json:"end"`
	Due    Date   `json:"due"`
}

// ObligationFunc expands a recurrence ("monthly", ...) with the day of the period its report is
// due into the obligations due from from to to, both included, in order. The calendar provides
// it (reporting periods of Nghị định 09/2019 and working days), so that this package stays free
// of the calendar's tables while deciding what a recurring deadline means.
type ObligationFunc func(recurrence string, dayOfPeriod int, from, to Date) ([]Obligation, error)

// obligationHorizon is how far after the day asked about NextObligation looks for a report: a
// yearly obligation falls due at most a year and a month after any day.
const obligationHorizon = 400

// Obligations expands a recurring deadline into the reports due from from to to. A deadline of
// another kind owes no periodic reports and gives none.
func (d Deadline) Obligations(from, to Date, expand ObligationFunc) ([]Obligation, error) {
	if d.Kind != DeadlineRecurring {
		return nil, nil
	}
	if expand == nil {
		return nil, Internal(errNoObligationFunc)
	}
	return expand(d.Recurrence, d.DayOfPeriod, from, to)
}

// NextObligation returns the first report of a recurring deadline, counted from start (the day
// the task began), that is not yet reported, as told by reported with the period's key, and that
// falls due no later than a year after today. ok is false when every report up to then is in or
// the deadline is not recurring. Reports not sent for past periods come first: a missing report
// stays owed until it is in.
func (d Deadline) NextObligation(start, today Date, reported func(period string) bool, expand ObligationFunc) (Obligation, bool, error) {
	to := today.AddDays(obligationHorizon)
	if start > to {
		return Obligation{}, false, nil
	}
	all, err := d.Obligations(start, to, expand)
	if err != nil {
		return Obligation{}, false, err
	}
	for _, o := range all {
		if reported == nil || !reported(o.Period) {
			return o, true, nil
		}
	}
	return Obligation{}, false, nil
}

// errNoObligationFunc reports a caller that asked for reports without wiring the calendar.
var errNoObligationFunc = errors.New("no obligation function configured for recurring deadlines")

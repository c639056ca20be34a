package calendar

import "dondoc"

// PlanOf converts the domain's form of a yearly plan, in which the API and storage carry it, to a
// Plan that can be validated and built into a Calendar.
func PlanOf(p dondoc.CalendarPlan) Plan {
	out := Plan{Year: p.Year, Adjustments: make([]Adjustment, len(p.Adjustments))}
	for i, a := range p.Adjustments {
		out.Adjustments[i] = Adjustment(a)
	}
	return out
}

// Domain converts a plan to the domain's form, so that the plans dondoc ships with can be shown
// and stored like the ones an administrator enters.
func (p Plan) Domain() dondoc.CalendarPlan {
	out := dondoc.CalendarPlan{Year: p.Year, Adjustments: make([]dondoc.CalendarAdjustment, len(p.Adjustments))}
	for i, a := range p.Adjustments {
		out.Adjustments[i] = dondoc.CalendarAdjustment(a)
	}
	return out
}

// KnownPlan returns the plan dondoc ships with for year y, if there is one.
func KnownPlan(y int) (Plan, bool) {
	for _, p := range KnownPlans() {
		if p.Year == y {
			return p, true
		}
	}
	return Plan{}, false
}

// Days lists, from from to to inclusive, every day that is not what its weekday alone makes it:
// the public holidays and compensatory days of the Labour Code, the days off of the yearly
// decisions, and their make-up working days, each with its name, so that pages and feeds can show
// them. It lists nothing for an invalid date or when to is before from.
func (c *Calendar) Days(from, to dondoc.Date) []dondoc.CalendarDay {
	x, ok1 := dayOf(from)
	end, ok2 := dayOf(to)
	if !ok1 || !ok2 {
		return nil
	}
	var out []dondoc.CalendarDay
	var holidays statutory
	year := 0
	for ; x <= end; x++ {
		if y, _, _ := x.civil(); y != year {
			year, holidays = y, statutoryDays(y)
		}
		h, isHoliday := holidays[x]
		if a, ok := c.adjustments[x]; ok {
			out = append(out, adjustedDay(x, a, h, isHoliday))
			continue
		}
		if isHoliday {
			out = append(out, dondoc.CalendarDay{Date: x.date(), Kind: dondoc.DayKindHoliday, Name: h.name})
		}
	}
	return out
}

// adjustedDay names a day that a yearly decision adjusts, by its note or else by what it does.
func adjustedDay(x day, a Adjustment, h holiday, isHoliday bool) dondoc.CalendarDay {
	d := dondoc.CalendarDay{Date: x.date(), Kind: dondoc.DayKindDayOff, Name: a.Note}
	if a.Kind == Workday {
		d.Kind = dondoc.DayKindWorkday
		if d.Name == "" && isHoliday {
			d.Name = "Ngày làm việc, không nghỉ: " + h.name
		} else if d.Name == "" {
			d.Name = "Ngày làm bù"
		}
	} else if d.Name == "" {
		d.Name = "Ngày nghỉ theo lịch nghỉ hằng năm"
	}
	return d
}

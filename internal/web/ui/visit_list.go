package ui

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"dondoc"
)

// visitRoutes registers the field visit pages (đi cơ sở): the leader's calendar, a visit with its
// findings, the form to record one and the form that turns a finding into a task.
func (u *UI) visitRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /di-co-so", u.authed(u.showVisits))
	m.HandleFunc("GET /di-co-so/moi", u.authed(u.showNewVisit))
	m.HandleFunc("POST /di-co-so", u.authed(u.recordVisit))
	m.HandleFunc("GET /di-co-so/{id}", u.authed(u.showVisit))
	m.HandleFunc("GET /di-co-so/{id}/ket-luan/{finding}", u.authed(u.showFindingTask))
	m.HandleFunc("POST /di-co-so/{id}/ket-luan/{finding}", u.authed(u.findingToTask))
}

// visitsView is the calendar: the visits to come, soonest first, then the past ones by month,
// newest first.
type visitsView struct {
	Upcoming []visitRow
	Months   []visitMonth
	// CanRecord offers the form to leaders and offices.
	CanRecord bool
	// Truncated is set when there were more visits than the calendar reads.
	Truncated bool
}

// visitMonth is the past visits of one month.
type visitMonth struct {
	Label  string
	Visits []visitRow
}

// visitRow is a visit in the calendar: when, where, who, and how many findings became tasks.
type visitRow struct {
	Visit  dondoc.FieldVisit
	Leader string
	Units  []string
	Tasks  int
}

// visitsMaxPages bounds how many pages of visits the calendar reads, newest first.
const visitsMaxPages = 10

// canRecordVisits reports whether the user may record visits somewhere: leaders and offices.
func canRecordVisits(a *dondoc.Actor) bool {
	return a.HasRole("", dondoc.RoleLeader, dondoc.RoleOffice)
}

// showVisits shows the calendar of field visits in the user's scope.
func (u *UI) showVisits(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	data := &visitsView{CanRecord: canRecordVisits(v.Actor)}
	var visits []dondoc.FieldVisit
	cursor := ""
	for i := 0; ; i++ {
		if i == visitsMaxPages {
			data.Truncated = true
			break
		}
		page, err := u.s.Workflow.ListFieldVisits(ctx, cursor, dondoc.MaxPageSize)
		if err != nil {
			u.renderError(w, r, v, err)
			return
		}
		visits = append(visits, page.Items...)
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	today := dondoc.Today(time.Now())
	slices.SortStableFunc(visits, func(a, b dondoc.FieldVisit) int { return strings.Compare(string(b.Date), string(a.Date)) })
	vn := newVisitNames(u.s.Org, v.Lang)
	for _, fv := range visits {
		row, err := vn.row(ctx, fv)
		if err != nil {
			u.renderError(w, r, v, err)
			return
		}
		if fv.Date >= today {
			data.Upcoming = append([]visitRow{row}, data.Upcoming...)
			continue
		}
		label := v.Lang.trf("Tháng %s", string(fv.Date)[5:7]+"/"+string(fv.Date)[:4])
		if n := len(data.Months); n == 0 || data.Months[n-1].Label != label {
			data.Months = append(data.Months, visitMonth{Label: label})
		}
		m := &data.Months[len(data.Months)-1]
		m.Visits = append(m.Visits, row)
	}
	u.render(w, r, http.StatusOK, view{Page: "visit-list", Title: "Đi cơ sở", Viewer: v, Nav: "visits", Data: data})
}

// visitNames names the leaders and units of visits for one page.
type visitNames struct {
	org    dondoc.OrgService
	units  *unitNames
	people map[int64]string
}

func newVisitNames(org dondoc.OrgService, l lang) *visitNames {
	return &visitNames{org: org, units: newUnitNames(org, l), people: map[int64]string{}}
}

// person returns a person's name, empty when the user may not see it.
func (n *visitNames) person(ctx context.Context, id int64) (string, error) {
	if name, ok := n.people[id]; ok {
		return name, nil
	}
	p, err := n.org.GetPerson(ctx, id)
	if hidden(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	n.people[id] = p.FullName
	return p.FullName, nil
}

func (n *visitNames) row(ctx context.Context, fv dondoc.FieldVisit) (visitRow, error) {
	row := visitRow{Visit: fv}
	var err error
	if row.Leader, err = n.person(ctx, fv.LeaderID); err != nil {
		return row, err
	}
	for _, id := range fv.UnitIDs {
		name, err := n.units.name(ctx, id)
		if err != nil {
			return row, err
		}
		row.Units = append(row.Units, name)
	}
	for _, f := range fv.Findings {
		if f.TaskID != nil {
			row.Tasks++
		}
	}
	return row, nil
}

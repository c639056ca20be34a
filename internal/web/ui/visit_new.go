package ui

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dondoc"
)

// visitForm is the form to record a visit and its findings. It keeps what was typed when the
// visit is refused, and grows by one finding when "Thêm kết luận" is pressed, so that it works
// without JavaScript on a phone.
type visitForm struct {
	Leader   int64
	Leaders  []unitOption
	Date     string
	Area     string
	Units    map[int64]bool
	Options  []unitOption
	Summary  string
	Findings []string
	Errors   formErrors
	// Added is set when a finding was just added, so that its box takes the focus.
	Added bool
}

// findingField is one finding's input, numbered from 1 as people count.
type findingField struct {
	N    int
	Text string
	// Focus puts the cursor in the box just added.
	Focus bool
}

// FindingRows numbers the findings for the form.
func (f *visitForm) FindingRows() []findingField {
	out := make([]findingField, len(f.Findings))
	for i, t := range f.Findings {
		out[i] = findingField{N: i + 1, Text: t, Focus: f.Added && i == len(f.Findings)-1}
	}
	return out
}

// visitFindingRows is how many empty findings a new form offers.
const visitFindingRows = 3

// visitFields maps the domain's fields of a visit to the form's inputs.
var visitFields = map[string]string{"leader_person_id": "leader", "date": "date", "area": "area", "unit_ids": "units",
	"summary": "summary", "findings": "findings"}

// showNewVisit shows the empty form, the leader being the user when the user is a person.
func (u *UI) showNewVisit(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	if !canRecordVisits(v.Actor) {
		u.renderError(w, r, v, dondoc.Forbidden("Chỉ lãnh đạo hoặc văn phòng được ghi nhận chuyến đi cơ sở.", "Only leaders or offices may record field visits."))
		return
	}
	f := &visitForm{Units: map[int64]bool{}, Findings: make([]string, visitFindingRows), Date: string(dondoc.Today(time.Now()))}
	if usr, err := u.s.Accounts.GetUser(ctx, v.Actor.UserID); err == nil && usr.PersonID != nil {
		f.Leader = *usr.PersonID
	}
	u.renderVisitForm(w, r, v, http.StatusOK, f)
}

// recordVisit records the visit, or shows the form again with the message next to its field.
func (u *UI) recordVisit(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		u.renderError(w, r, v, dondoc.Invalid("", "Biểu mẫu không đọc được.", "The form could not be read."))
		return
	}
	f := &visitForm{Date: strings.TrimSpace(r.PostFormValue("date")), Area: strings.TrimSpace(r.PostFormValue("area")),
		Summary: strings.TrimSpace(r.PostFormValue("summary")), Units: map[int64]bool{}, Errors: formErrors{}}
	f.Leader, _ = strconv.ParseInt(r.PostFormValue("leader"), 10, 64)
	in := dondoc.FieldVisitInput{LeaderID: f.Leader, Area: f.Area, Summary: f.Summary}
	for _, s := range r.PostForm["unit"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			f.Errors["units"] = v.Lang.tr("Đơn vị được chọn không hợp lệ.")
			continue
		}
		if !f.Units[id] {
			f.Units[id] = true
			in.UnitIDs = append(in.UnitIDs, id)
		}
	}
	for _, s := range r.PostForm["finding"] {
		f.Findings = append(f.Findings, strings.TrimSpace(s))
		if s = strings.TrimSpace(s); s != "" {
			in.Findings = append(in.Findings, s)
		}
	}
	if r.PostFormValue("add") != "" {
		// One more finding; nothing is recorded yet.
		f.Findings, f.Added = append(f.Findings, ""), true
		f.Errors = nil
		u.renderVisitForm(w, r, v, http.StatusOK, f)
		return
	}
	if d, ok := parseTypedDate(f.Date); ok {
		in.Date = d
	} else if f.Date != "" {
		f.Errors["date"] = v.Lang.tr("Ngày đi cơ sở phải là ngày dạng dd/mm/yyyy.")
	}
	if f.Leader <= 0 {
		f.Errors["leader"] = v.Lang.tr("Hãy chọn lãnh đạo đi cơ sở.")
	}
	if len(in.Findings) == 0 {
		f.Errors["findings"] = v.Lang.tr("Hãy ghi ít nhất một kết luận, kiến nghị sau kiểm tra.")
	}
	if len(f.Errors) == 0 {
		fv, err := u.s.Workflow.RecordFieldVisit(ctx, in)
		if err == nil {
			http.Redirect(w, r, "/di-co-so/"+itoa(fv.ID)+"?da-ghi=1", http.StatusSeeOther)
			return
		}
		if dondoc.ErrorCode(err) == dondoc.EInternal {
			u.renderError(w, r, v, err)
			return
		}
		f.Errors = visitFieldErrors(v.Lang, err)
	}
	u.renderVisitForm(w, r, v, http.StatusUnprocessableEntity, f)
}

// visitFieldErrors puts a domain error next to its input; "unit_ids[2]" and "findings[0]" belong
// to the lists they index.
func visitFieldErrors(l lang, err error) formErrors {
	fields := map[string]string{}
	var e *dondoc.Error
	if errors.As(err, &e) && e.Field != "" {
		base, _, _ := strings.Cut(e.Field, "[")
		if f, ok := visitFields[base]; ok {
			fields[e.Field] = f
		}
	}
	return fieldErrors(l, err, fields)
}

// renderVisitForm shows the form with the leaders and units to choose from.
func (u *UI) renderVisitForm(w http.ResponseWriter, r *http.Request, v *viewer, status int, f *visitForm) {
	ctx := r.Context()
	var err error
	if f.Options, err = u.visitUnits(ctx); err == nil {
		f.Leaders, err = u.visitLeaders(ctx, v, f.Leader)
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	if len(f.Findings) == 0 {
		f.Findings = []string{""}
	}
	u.render(w, r, status, view{Page: "visit-new", Title: "Ghi nhận chuyến đi cơ sở", Viewer: v, Nav: "visits", Data: f})
}

// visitUnits lists the units a visit may go to: every unit in the user's view, in tree order.
func (u *UI) visitUnits(ctx context.Context) ([]unitOption, error) {
	units, err := u.listUnits(ctx, dondoc.UnitFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]unitOption, 0, len(units))
	for _, unit := range units {
		out = append(out, unitOption{ID: unit.ID, Name: unit.Name})
	}
	return out, nil
}

// visitLeaders lists who may be the leader of a visit: the people holding posts today in the
// units the user leads or serves as office, and the one already chosen.
func (u *UI) visitLeaders(ctx context.Context, v *viewer, chosen int64) ([]unitOption, error) {
	seen := map[int64]bool{}
	var out []unitOption
	add := func(id int64) error {
		if id <= 0 || seen[id] {
			return nil
		}
		seen[id] = true
		p, err := u.s.Org.GetPerson(ctx, id)
		if hidden(err) {
			return nil
		}
		if err != nil {
			return err
		}
		out = append(out, unitOption{ID: p.ID, Name: p.FullName})
		return nil
	}
	if err := add(chosen); err != nil {
		return nil, err
	}
	for _, g := range v.Actor.Grants {
		if g.Role != dondoc.RoleLeader && g.Role != dondoc.RoleOffice {
			continue
		}
		posts, err := u.s.Org.ListPosts(ctx, g.UnitID)
		if err != nil {
			return nil, err
		}
		for _, p := range posts {
			holdings, err := u.s.Org.ListHoldings(ctx, p.ID)
			if err != nil {
				return nil, err
			}
			for _, h := range holdings {
				if h.To == "" {
					if err := add(h.PersonID); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	return out, nil
}

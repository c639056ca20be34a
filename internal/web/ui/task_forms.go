package ui

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"dondoc"
)

// followUpRoutes registers the forms of the work around a task (reports, extensions, transfers,
// cascades, coordinators' parts), the escalations and the notifications. Each form has its own
// file; they share the helpers below.
func (u *UI) followUpRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /nhiem-vu/{id}/bao-cao", u.authed(u.showReportForm))
	m.HandleFunc("POST /nhiem-vu/{id}/bao-cao", u.authed(u.submitReport))
	m.HandleFunc("POST /nhiem-vu/{id}/bao-cao/{rid}/xem-xet", u.authed(u.reviewReport))
	m.HandleFunc("GET /nhiem-vu/{id}/gia-han", u.authed(u.showExtensionForm))
	m.HandleFunc("POST /nhiem-vu/{id}/gia-han", u.authed(u.requestExtension))
	m.HandleFunc("POST /nhiem-vu/{id}/gia-han/{xid}/quyet-dinh", u.authed(u.decideExtension))
	m.HandleFunc("GET /nhiem-vu/{id}/chuyen-don-vi", u.authed(u.showTransferForm))
	m.HandleFunc("POST /nhiem-vu/{id}/chuyen-don-vi", u.authed(u.transferTask))
	m.HandleFunc("GET /nhiem-vu/{id}/giao-cap-duoi", u.authed(u.showCascadeForm))
	m.HandleFunc("POST /nhiem-vu/{id}/giao-cap-duoi", u.authed(u.cascadeTask))
	m.HandleFunc("POST /nhiem-vu/{id}/phoi-hop/{unit}", u.authed(u.updateCoordination))
	u.escalationRoutes(m)
	u.notificationRoutes(m)
}

// formErrors holds the message to show next to each field of a form; the empty key holds a
// message about the form as a whole.
type formErrors map[string]string

// fieldErrors turns a domain error into messages next to the form's fields. fields maps the
// domain's field names to the names of the form's inputs; a field the form does not show is
// reported above the form, so that no message is lost.
func fieldErrors(l lang, err error, fields map[string]string) formErrors {
	msg := l.errorText(err)
	var e *dondoc.Error
	if errors.As(err, &e) && e.Field != "" {
		if f, ok := fields[e.Field]; ok {
			return formErrors{f: msg}
		}
	}
	return formErrors{"": msg}
}

// formTask is a task loaded for one of its forms, with the unit paths the permission rules need
// and the names the form shows.
type formTask struct {
	Task     dondoc.Task
	Units    dondoc.TaskUnits
	Lead     *dondoc.Unit
	Assigner *dondoc.Unit
}

// loadFormTask reads the task of the path with its lead and assigning units.
func (u *UI) loadFormTask(ctx context.Context, r *http.Request) (*formTask, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return u.loadTaskByID(ctx, id)
}

// loadTaskByID reads a task with its lead and assigning units.
func (u *UI) loadTaskByID(ctx context.Context, id int64) (*formTask, error) {
	t, err := u.s.Tasks.GetTask(ctx, id)
	if err != nil {
		return nil, err
	}
	lead, err := u.s.Org.GetUnit(ctx, t.LeadUnitID)
	if err != nil {
		return nil, err
	}
	assigner, err := u.s.Org.GetUnit(ctx, t.AssignerUnitID)
	if err != nil {
		return nil, err
	}
	ft := &formTask{Task: *t, Lead: lead, Assigner: assigner,
		Units: dondoc.TaskUnits{LeadPath: lead.Path, AssignerPath: assigner.Path}}
	for _, c := range t.Coordinators {
		cu, err := u.s.Org.GetUnit(ctx, c.UnitID)
		if err != nil {
			return nil, err
		}
		ft.Units.CoordinatorPath = append(ft.Units.CoordinatorPath, cu.Path)
	}
	return ft, nil
}

// notAllowed is the answer to a form this user may not use on this task, as the domain would
// answer the request itself.
func notAllowed() error {
	return dondoc.Forbidden("Bạn không có quyền thực hiện thao tác này với nhiệm vụ.", "You may not take this action on the task.")
}

// parseForm reads a posted form, refusing a malformed body with a message rather than a crash.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return dondoc.Invalid("", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form.")
	}
	return nil
}

// parseFormDate reads a date as a date input sends it (2024-05-31) or as people type it
// (31/05/2024). ok is false for anything else, including an impossible date.
func parseFormDate(s string) (d dondoc.Date, ok bool) {
	s = strings.TrimSpace(s)
	if d, err := dondoc.ParseDate(s); err == nil {
		return d, true
	}
	if t, err := time.Parse("2/1/2006", s); err == nil {
		return dondoc.Date(t.Format(dondoc.DateLayout)), true
	}
	return "", false
}

// parseVersion reads the version a form was rendered with.
func parseVersion(s string) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		return 0, dondoc.Invalid("version", "Thiếu phiên bản của dữ liệu; hãy tải lại trang.", "Missing version.")
	}
	return v, nil
}

// unitOption is a unit offered in a select, indented by its depth in the tree.
type unitOption struct {
	ID    int64
	Name  string
	Depth int
}

// Label is the unit's name indented by its depth, so that a flat select shows the tree.
func (o unitOption) Label() string {
	return strings.Repeat("\u00a0\u00a0", o.Depth) + o.Name
}

// scopeUnits lists the units the user may read, in tree order, for the selects of the pages.
// Units are few (a province has thousands, not millions), so they are read in full.
func (u *UI) scopeUnits(ctx context.Context, v *viewer) ([]unitOption, error) {
	units, err := u.listUnits(ctx, dondoc.UnitFilter{})
	if err != nil {
		return nil, err
	}
	minDepth := -1
	var in []dondoc.Unit
	for _, un := range units {
		if v.Actor.CanRead(un.Path) {
			in = append(in, un)
			if d := strings.Count(un.Path, "/"); minDepth < 0 || d < minDepth {
				minDepth = d
			}
		}
	}
	slices.SortFunc(in, func(a, b dondoc.Unit) int { return cmp.Compare(a.Path, b.Path) })
	out := make([]unitOption, 0, len(in))
	for _, un := range in {
		out = append(out, unitOption{ID: un.ID, Name: un.Name, Depth: strings.Count(un.Path, "/") - minDepth})
	}
	return out, nil
}

// listUnits reads every unit the filter selects, page by page.
func (u *UI) listUnits(ctx context.Context, f dondoc.UnitFilter) ([]dondoc.Unit, error) {
	f.Limit = dondoc.MaxPageSize
	var out []dondoc.Unit
	for {
		page, err := u.s.Org.ListUnits(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out, nil
		}
		f.Cursor = page.NextCursor
	}
}

// userNames looks up the display names of the people a page names, once per user.
type userNames struct {
	accounts dondoc.AccountService
	names    map[int64]string
}

func newUserNames(a dondoc.AccountService) *userNames {
	return &userNames{accounts: a, names: map[int64]string{}}
}

// name returns the user's display name, or their username; a user the service will not show is
// left unnamed rather than failing the page.
func (n *userNames) name(ctx context.Context, id int64) string {
	if s, ok := n.names[id]; ok {
		return s
	}
	s := ""
	if usr, err := n.accounts.GetUser(ctx, id); err == nil {
		s = cmp.Or(usr.DisplayName, usr.Username)
	}
	n.names[id] = s
	return s
}

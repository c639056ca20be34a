package ui

import (
	"net/http"

	"dondoc"
)

// adminRoutes registers the administration pages: the unit tree with its posts and holders, users
// and their grants, the follow-up settings, and the audit log. The services decide who may read
// or change each; the pages only hide what a user cannot use.
func (u *UI) adminRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /quan-tri", u.authed(u.showAdmin))
	m.HandleFunc("GET /quan-tri/don-vi", u.authed(u.showUnits))
	m.HandleFunc("GET /quan-tri/don-vi/{id}", u.authed(u.showUnit))
	m.HandleFunc("GET /quan-tri/nguoi-dung", u.authed(u.showUsers))
	m.HandleFunc("GET /quan-tri/nguoi-dung/{id}", u.authed(u.showUser))
	m.HandleFunc("POST /quan-tri/nguoi-dung/{id}/quyen", u.authed(u.addGrant))
	m.HandleFunc("POST /quan-tri/quyen/{id}/thu-hoi", u.authed(u.revokeGrant))
	m.HandleFunc("POST /quan-tri/nguoi-dung/{id}/xac-thuc/dat-lai", u.authed(u.resetSecondFactor))
	m.HandleFunc("GET /quan-tri/cai-dat", u.authed(u.showSettings))
	m.HandleFunc("POST /quan-tri/cai-dat/nhac-viec", u.authed(u.saveLadder))
	m.HandleFunc("GET /quan-tri/nhat-ky", u.authed(u.showAudit))
}

// canAdminister says whether the administration entry is offered: to administrators and office
// staff, who keep the unit tree, the settings and the accounts.
func canAdminister(a *dondoc.Actor) bool { return a.HasRole("", dondoc.RoleAdmin, dondoc.RoleOffice) }

// showAdmin is the index of the administration pages.
func (u *UI) showAdmin(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !canAdminister(v.Actor) {
		u.renderError(w, r, v, adminForbidden())
		return
	}
	// Accounts are the administrator's alone; office staff see the rest.
	data := struct{ Accounts bool }{v.Actor.HasRole("", dondoc.RoleAdmin)}
	u.render(w, r, http.StatusOK, view{Page: "admin", Title: "Quản trị", Viewer: v, Nav: "admin", Data: data})
}

// adminForbidden is the answer to a user who is not an administrator or office staff.
func adminForbidden() error {
	return dondoc.Forbidden("Chỉ quản trị viên và văn phòng được dùng trang quản trị.",
		"Only administrators and the office may use the administration pages.")
}

// roleLabels are the words for the roles of a grant.
var roleLabels = []struct {
	Role  dondoc.Role
	Label string
}{
	{dondoc.RoleOffice, "Văn phòng (tham mưu)"},
	{dondoc.RoleLeader, "Lãnh đạo"},
	{dondoc.RoleUnitHead, "Thủ trưởng đơn vị"},
	{dondoc.RoleUnitOfficer, "Cán bộ đơn vị"},
	{dondoc.RoleViewer, "Chỉ xem"},
	{dondoc.RoleAdmin, "Quản trị hệ thống"},
}

// roleLabel is the word for a role in the language.
func roleLabel(l lang, r dondoc.Role) string {
	for _, x := range roleLabels {
		if x.Role == r {
			return l.tr(x.Label)
		}
	}
	return string(r)
}

package ui

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// usersView lists the accounts.
type usersView struct {
	Users []userItem
}

// userItem is an account with its grants named.
type userItem struct {
	User   dondoc.User
	Grants []grantItem
}

// grantItem is a grant as people read it: the role's word and the unit's name.
type grantItem struct {
	Grant dondoc.Grant
	Role  string
	Unit  string
}

// showUsers lists every account with its grants.
func (u *UI) showUsers(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	users, err := u.s.Accounts.ListUsers(ctx)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	names := newUnitNames(u.s.Org, v.Lang)
	data := &usersView{}
	for _, usr := range users {
		item, err := u.userItem(ctx, v.Lang, names, usr)
		if err != nil {
			u.renderError(w, r, v, err)
			return
		}
		data.Users = append(data.Users, item)
	}
	u.render(w, r, http.StatusOK, view{Page: "admin-users", Title: "Người dùng", Viewer: v, Nav: "admin", Data: data})
}

func (u *UI) userItem(ctx context.Context, l lang, names *unitNames, usr dondoc.User) (userItem, error) {
	item := userItem{User: usr}
	for _, g := range usr.Grants {
		name, err := names.name(ctx, g.UnitID)
		if err != nil {
			return item, err
		}
		item.Grants = append(item.Grants, grantItem{Grant: g, Role: roleLabel(l, g.Role), Unit: name})
	}
	return item, nil
}

// userView is one account with the form to grant a role.
type userView struct {
	userItem
	Roles []roleOption
	Units []dondoc.Unit
	// Form keeps what was typed when a grant failed; Errors puts each message by its field.
	Form   grantForm
	Errors map[string]string
	Done   string
}

// roleOption is a choice of the role select.
type roleOption struct {
	Value dondoc.Role
	Label string
}

// grantForm is the grant form as submitted.
type grantForm struct {
	Role   string
	UnitID string
}

// showUser shows one account and its grants.
func (u *UI) showUser(w http.ResponseWriter, r *http.Request, v *viewer) {
	id, err := pathID(r)
	if err != nil {
		u.renderError(w, r, v, dondoc.NotFound("user"))
		return
	}
	data, err := u.userPage(r.Context(), v.Lang, id)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	switch r.URL.Query().Get("da-luu") {
	case "cap-quyen":
		data.Done = v.Lang.tr("Đã cấp quyền.")
	case "thu-hoi":
		data.Done = v.Lang.tr("Đã thu hồi quyền.")
	case "dat-lai-xac-thuc":
		data.Done = v.Lang.tr("Đã đặt lại xác thực hai bước; người dùng đăng nhập bằng mật khẩu và có thể bật lại.")
	}
	u.renderUser(w, r, http.StatusOK, v, data)
}

func (u *UI) renderUser(w http.ResponseWriter, r *http.Request, status int, v *viewer, data *userView) {
	title := data.User.DisplayName
	if title == "" {
		title = data.User.Username
	}
	u.render(w, r, status, view{Page: "admin-user", Title: title, Viewer: v, Nav: "admin", Data: data})
}

func (u *UI) userPage(ctx context.Context, l lang, id int64) (*userView, error) {
	usr, err := u.s.Accounts.GetUser(ctx, id)
	if err != nil {
		return nil, err
	}
	item, err := u.userItem(ctx, l, newUnitNames(u.s.Org, l), *usr)
	if err != nil {
		return nil, err
	}
	units, err := u.allUnits(ctx, "")
	if err != nil {
		return nil, err
	}
	data := &userView{userItem: item, Units: units, Errors: map[string]string{}}
	for _, x := range roleLabels {
		data.Roles = append(data.Roles, roleOption{Value: x.Role, Label: l.tr(x.Label)})
	}
	return data, nil
}

// addGrant grants a role on a unit to the account. A bad choice shows the form again with the
// choice kept and the message by its field.
func (u *UI) addGrant(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		u.renderError(w, r, v, dondoc.NotFound("user"))
		return
	}
	if err := r.ParseForm(); err != nil {
		u.renderError(w, r, v, dondoc.Invalid("", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form."))
		return
	}
	form := grantForm{Role: r.PostForm.Get("role"), UnitID: r.PostForm.Get("unit")}
	g := dondoc.Grant{Role: dondoc.Role(form.Role)}
	unitID, perr := strconv.ParseInt(form.UnitID, 10, 64)
	switch {
	case form.Role == "":
		err = dondoc.Invalid("role", "Hãy chọn vai trò.", "Choose a role.")
	case perr != nil || unitID <= 0:
		err = dondoc.Invalid("unit", "Hãy chọn đơn vị.", "Choose a unit.")
	default:
		g.UnitID = unitID
		_, err = u.s.Accounts.AddGrant(ctx, id, g)
	}
	if err == nil {
		http.Redirect(w, r, "/quan-tri/nguoi-dung/"+itoa(id)+"?da-luu=cap-quyen", http.StatusSeeOther)
		return
	}
	u.formFailed(w, r, v, id, form, err)
}

// formFailed shows the user page again after a failed grant, with the message by its field.
func (u *UI) formFailed(w http.ResponseWriter, r *http.Request, v *viewer, id int64, form grantForm, err error) {
	code := dondoc.ErrorCode(err)
	if code != dondoc.EInvalid && code != dondoc.EConflict {
		u.renderError(w, r, v, err)
		return
	}
	data, lerr := u.userPage(r.Context(), v.Lang, id)
	if lerr != nil {
		u.renderError(w, r, v, lerr)
		return
	}
	data.Form = form
	field := ""
	var e *dondoc.Error
	if errors.As(err, &e) {
		field = e.Field
	}
	// The service names a grant's fields as parts of the grant ("grant.role").
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	if field == "unit_id" {
		field = "unit"
	}
	if field != "role" && field != "unit" {
		field = ""
	}
	data.Errors[field] = v.Lang.errorText(err)
	u.renderUser(w, r, httpstatus.Of(err), v, data)
}

// revokeGrant withdraws one grant and goes back to its account.
func (u *UI) revokeGrant(w http.ResponseWriter, r *http.Request, v *viewer) {
	id, err := pathID(r)
	if err != nil {
		u.renderError(w, r, v, dondoc.NotFound("grant"))
		return
	}
	if err := r.ParseForm(); err != nil {
		u.renderError(w, r, v, dondoc.Invalid("", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form."))
		return
	}
	user, perr := strconv.ParseInt(r.PostForm.Get("user"), 10, 64)
	if perr != nil || user <= 0 {
		u.renderError(w, r, v, dondoc.Invalid("user", "Thiếu tài khoản của quyền.", "Missing the grant's user."))
		return
	}
	if err := u.s.Accounts.RevokeGrant(r.Context(), id); err != nil {
		u.renderError(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/quan-tri/nguoi-dung/"+itoa(user)+"?da-luu=thu-hoi", http.StatusSeeOther)
}

// resetSecondFactor removes a user's second factor, for an administrator helping someone who lost
// their phone. An account without one is told so on its page, and nothing changes.
func (u *UI) resetSecondFactor(w http.ResponseWriter, r *http.Request, v *viewer) {
	id, err := pathID(r)
	if err != nil {
		u.renderError(w, r, v, dondoc.NotFound("user"))
		return
	}
	t, err := u.totpService()
	if err == nil {
		err = t.ResetTOTP(r.Context(), id)
	}
	if err == nil {
		http.Redirect(w, r, "/quan-tri/nguoi-dung/"+itoa(id)+"?da-luu=dat-lai-xac-thuc", http.StatusSeeOther)
		return
	}
	if dondoc.ErrorCode(err) != dondoc.EConflict {
		u.renderError(w, r, v, err)
		return
	}
	data, lerr := u.userPage(r.Context(), v.Lang, id)
	if lerr != nil {
		u.renderError(w, r, v, lerr)
		return
	}
	data.Errors["totp"] = v.Lang.errorText(err)
	u.renderUser(w, r, httpstatus.Of(err), v, data)
}

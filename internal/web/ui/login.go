package ui

import (
	"net/http"

	"dondoc"
	"dondoc/internal/auth"
	"dondoc/internal/web/httpstatus"
)

// loginView is the sign-in form: what was typed (never the password) and the messages next to the
// fields.
type loginView struct {
	Username string
	Next     string
	Expired  bool
	// Errors holds a message per field ("username", "password"), and "" for the form as a whole.
	Errors map[string]string
}

// showLogin shows the sign-in form. A user who is already signed in goes straight on.
func (u *UI) showLogin(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if secret, ok := auth.SessionFromRequest(r); ok {
		if _, err := u.s.Accounts.ActorForSession(r.Context(), secret); err == nil {
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
	}
	u.renderLogin(w, r, http.StatusOK, loginView{Next: next, Expired: r.URL.Query().Get("het-han") == "1"})
}

// login checks the credentials, opens a session and sends the user where they were going. A
// failure shows the form again with the username kept and the message next to its field.
func (u *UI) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		u.renderLogin(w, r, http.StatusBadRequest, loginView{Errors: map[string]string{"": langOf(r).tr("Biểu mẫu gửi lên không hợp lệ.")}})
		return
	}
	v := loginView{Username: r.PostForm.Get("username"), Next: safeNext(r.PostForm.Get("next")), Errors: map[string]string{}}
	password := r.PostForm.Get("password")
	l := langOf(r)
	if err := dondoc.RequireText("username", v.Username, 100); err != nil {
		v.Errors["username"] = l.tr("Hãy nhập tên đăng nhập.")
	}
	if password == "" {
		v.Errors["password"] = l.tr("Hãy nhập mật khẩu.")
	} else if len(password) > 256 {
		v.Errors["password"] = l.tr("Mật khẩu quá dài.")
	}
	if len(v.Errors) > 0 {
		u.renderLogin(w, r, http.StatusBadRequest, v)
		return
	}
	secret, expires, err := u.s.Accounts.Login(r.Context(), v.Username, password)
	if ch, ok := dondoc.AsSecondFactor(err); ok {
		u.toCodeStep(w, r, ch, v)
		return
	}
	if err != nil {
		u.logInternal(r.Context(), r, err)
		v.Errors[""] = l.errorText(err)
		u.renderLogin(w, r, httpstatus.Of(err), v)
		return
	}
	auth.SetSessionCookie(w, secret, expires, u.s.SecureCookies)
	http.Redirect(w, r, v.Next, http.StatusSeeOther)
}

func (u *UI) renderLogin(w http.ResponseWriter, r *http.Request, status int, v loginView) {
	u.render(w, r, status, view{Page: "login", Title: "Đăng nhập", Data: v})
}

// logout closes the session on the server, removes the cookie and shows the sign-in form.
func (u *UI) logout(w http.ResponseWriter, r *http.Request) {
	if secret, ok := auth.SessionFromRequest(r); ok {
		ctx := r.Context()
		if actor, err := u.s.Accounts.ActorForSession(ctx, secret); err == nil {
			ctx = dondoc.WithActor(ctx, actor)
		}
		if err := u.s.Accounts.Logout(ctx, secret); err != nil {
			u.renderError(w, r, nil, err)
			return
		}
	}
	auth.ClearSessionCookie(w, u.s.SecureCookies)
	http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
}

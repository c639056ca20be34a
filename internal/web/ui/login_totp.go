package ui

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"dondoc"
	"dondoc/internal/auth"
	"dondoc/internal/web/httpstatus"
)

// challengeCookie carries the sign-in challenge between the password and the code. It is HttpOnly,
// scoped to the sign-in pages and lives as long as the challenge, so it never reaches a script or
// an address bar.
const challengeCookie = "dondoc_challenge"

// codeView is the second step of signing in: the code from the authenticator app.
type codeView struct {
	Username string
	Next     string
	// Errors holds a message per field ("code"), and "" for the form as a whole.
	Errors map[string]string
}

func setChallengeCookie(w http.ResponseWriter, value string, expires time.Time, secure bool) {
	c := &http.Cookie{Name: challengeCookie, Value: value, Path: "/dang-nhap", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
	if value == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires
	}
	http.SetCookie(w, c)
}

// toCodeStep keeps the challenge of a correct password and sends the user to the code form, with
// the account and the page they were going to.
func (u *UI) toCodeStep(w http.ResponseWriter, r *http.Request, ch *dondoc.SecondFactorRequired, v loginView) {
	setChallengeCookie(w, ch.Challenge, ch.ExpiresAt, u.s.SecureCookies)
	q := url.Values{"ten": {v.Username}}
	if v.Next != "/" {
		q.Set("next", v.Next)
	}
	http.Redirect(w, r, "/dang-nhap/ma-xac-thuc?"+q.Encode(), http.StatusSeeOther)
}

// showCodeStep shows the code form; without a pending challenge it goes back to the password.
func (u *UI) showCodeStep(w http.ResponseWriter, r *http.Request) {
	v := codeView{Username: r.URL.Query().Get("ten"), Next: safeNext(r.URL.Query().Get("next")), Errors: map[string]string{}}
	if c, err := r.Cookie(challengeCookie); err != nil || c.Value == "" {
		http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(v.Next), http.StatusSeeOther)
		return
	}
	u.renderCodeStep(w, r, http.StatusOK, v)
}

// completeLogin checks the code against the challenge and opens the session. A wrong code shows the
// form again with the message next to the field; a challenge that expired or was voided sends the
// user back to the password with the reason.
func (u *UI) completeLogin(w http.ResponseWriter, r *http.Request) {
	l := langOf(r)
	if err := r.ParseForm(); err != nil {
		u.renderCodeStep(w, r, http.StatusBadRequest, codeView{Errors: map[string]string{"": l.tr("Biểu mẫu gửi lên không hợp lệ.")}})
		return
	}
	v := codeView{Username: r.PostForm.Get("username"), Next: safeNext(r.PostForm.Get("next")), Errors: map[string]string{}}
	code := r.PostForm.Get("code")
	c, err := r.Cookie(challengeCookie)
	if err != nil || c.Value == "" {
		u.renderLogin(w, r, http.StatusUnauthorized, loginView{Username: v.Username, Next: v.Next,
			Errors: map[string]string{"": l.tr("Bước xác thực đã hết hạn hoặc không còn hiệu lực; hãy đăng nhập lại.")}})
		return
	}
	if len(code) == 0 || len(code) > 20 {
		v.Errors["code"] = l.tr("Hãy nhập mã 6 chữ số từ ứng dụng xác thực.")
		u.renderCodeStep(w, r, http.StatusBadRequest, v)
		return
	}
	t, ok := u.s.Accounts.(dondoc.TOTPService)
	if !ok {
		u.renderError(w, r, nil, dondoc.Internal(errNoTOTP))
		return
	}
	secret, expires, err := t.CompleteLogin(r.Context(), c.Value, code)
	if err != nil {
		u.logInternal(r.Context(), r, err)
		var de *dondoc.Error
		if errors.As(err, &de) && de.Field == "code" {
			v.Errors["code"] = l.errorText(err)
			u.renderCodeStep(w, r, httpstatus.Of(err), v)
			return
		}
		setChallengeCookie(w, "", time.Time{}, u.s.SecureCookies)
		u.renderLogin(w, r, httpstatus.Of(err), loginView{Username: v.Username, Next: v.Next, Errors: map[string]string{"": l.errorText(err)}})
		return
	}
	setChallengeCookie(w, "", time.Time{}, u.s.SecureCookies)
	auth.SetSessionCookie(w, secret, expires, u.s.SecureCookies)
	http.Redirect(w, r, v.Next, http.StatusSeeOther)
}

func (u *UI) renderCodeStep(w http.ResponseWriter, r *http.Request, status int, v codeView) {
	u.render(w, r, status, view{Page: "login-code", Title: "Mã xác thực", Data: v})
}

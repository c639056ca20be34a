package ui

import (
	"errors"
	"fmt"
	"html/template"
	"image/color"
	"net/http"
	"strings"

	"github.com/boombuler/barcode/qr"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// errNoTOTP is the cause logged when the account service cannot hold a second factor.
var errNoTOTP = errors.New("the account service does not implement dondoc.TOTPService")

func (u *UI) accountRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /dang-nhap/ma-xac-thuc", u.showCodeStep)
	m.HandleFunc("POST /dang-nhap/ma-xac-thuc", u.completeLogin)
	m.HandleFunc("GET /tai-khoan/bao-mat", u.authed(u.showSecurity))
	m.HandleFunc("POST /tai-khoan/bao-mat/dang-ky", u.authed(u.startTOTP))
	m.HandleFunc("POST /tai-khoan/bao-mat/xac-nhan", u.authed(u.confirmTOTP))
	m.HandleFunc("POST /tai-khoan/bao-mat/tat", u.authed(u.disableTOTP))
}

// securityView is the account security page: the state of the second factor, the secret of an
// enrolment being set up, and the messages next to the code fields.
type securityView struct {
	Status dondoc.TOTPStatus
	// EnabledOn is the day the factor was turned on, in the page's date format.
	EnabledOn dondoc.Date
	// Secret and URL are set only right after starting an enrolment, and when its confirmation
	// failed; the server never shows a secret afterwards.
	Secret string
	URL    string
	// QRTitle names the QR code for screen readers, in the page's language.
	QRTitle string
	// Done says what just succeeded ("bat" or "tat"), for the notice after the redirect.
	Done   string
	Errors map[string]string
}

// Grouped writes the secret in groups of four, which is how people copy it into an app.
func (s securityView) Grouped() string {
	var b strings.Builder
	for i, r := range s.Secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Link is the otpauth:// address for the "open in app" link; html/template would otherwise refuse
// the scheme. It is built by the server from the secret, never taken from the request as is.
func (s securityView) Link() template.URL {
	if !strings.HasPrefix(s.URL, "otpauth://totp/") {
		return ""
	}
	return template.URL(s.URL)
}

// QR draws the otpauth:// address as a QR code in SVG, made here so that the page needs no
// script, no image request and no outside service. Each dark module is a unit square of one path,
// inside a quiet zone of four modules.
func (s securityView) QR() template.HTML {
	if s.Link() == "" {
		return ""
	}
	code, err := qr.Encode(s.URL, qr.M, qr.Auto)
	if err != nil {
		return ""
	}
	n := code.Bounds().Dx()
	var path strings.Builder
	for y := range n {
		for x := range n {
			if c, ok := color.GrayModel.Convert(code.At(x, y)).(color.Gray); ok && c.Y < 128 {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x+4, y+4)
			}
		}
	}
	return template.HTML(fmt.Sprintf(`<svg class="totp-qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="200" height="200" role="img" aria-labelledby="totp-qr-title">`+
		`<title id="totp-qr-title">%s</title><rect width="100%%" height="100%%" fill="#fff"/><path fill="#000" shape-rendering="crispEdges" d="%s"/></svg>`,
		n+8, n+8, template.HTMLEscapeString(s.QRTitle), path.String()))
}

func (u *UI) totpService() (dondoc.TOTPService, error) {
	t, ok := u.s.Accounts.(dondoc.TOTPService)
	if !ok {
		return nil, dondoc.Internal(errNoTOTP)
	}
	return t, nil
}

// showSecurity shows whether the user has a second factor and the form to change it.
func (u *UI) showSecurity(w http.ResponseWriter, r *http.Request, v *viewer) {
	sv := securityView{Done: r.URL.Query().Get("xong"), Errors: map[string]string{}}
	u.renderSecurity(w, r, v, http.StatusOK, sv)
}

func (u *UI) renderSecurity(w http.ResponseWriter, r *http.Request, v *viewer, status int, sv securityView) {
	t, err := u.totpService()
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	st, err := t.TOTPStatus(r.Context())
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	sv.Status = *st
	sv.QRTitle = v.Lang.tr("Mã QR để quét bằng ứng dụng xác thực")
	if st.EnabledAt != nil {
		sv.EnabledOn = dondoc.DateOf(*st.EnabledAt)
	}
	u.render(w, r, status, view{Page: "account-security", Title: "Bảo mật tài khoản", Viewer: v, Nav: "account", Data: sv})
}

// startTOTP creates a new secret and shows it at once with the confirmation form.
func (u *UI) startTOTP(w http.ResponseWriter, r *http.Request, v *viewer) {
	t, err := u.totpService()
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	enr, err := t.StartTOTP(r.Context())
	if err != nil {
		u.renderSecurity(w, r, v, httpstatus.Of(err), securityView{Errors: map[string]string{"": v.Lang.errorText(err)}})
		return
	}
	u.renderSecurity(w, r, v, http.StatusOK, securityView{Secret: enr.Secret, URL: enr.URL, Errors: map[string]string{}})
}

// confirmTOTP enables the pending secret with a code. A wrong code shows the secret again (from
// the form, as only the server's copy is ever checked) with the message next to the field.
func (u *UI) confirmTOTP(w http.ResponseWriter, r *http.Request, v *viewer) {
	u.totpAction(w, r, v, "bat", func(t dondoc.TOTPService, code string) error { return t.ConfirmTOTP(r.Context(), code) })
}

// disableTOTP removes the second factor with a current code.
func (u *UI) disableTOTP(w http.ResponseWriter, r *http.Request, v *viewer) {
	u.totpAction(w, r, v, "tat", func(t dondoc.TOTPService, code string) error { return t.DisableTOTP(r.Context(), code) })
}

func (u *UI) totpAction(w http.ResponseWriter, r *http.Request, v *viewer, done string, fn func(dondoc.TOTPService, string) error) {
	t, err := u.totpService()
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		u.renderSecurity(w, r, v, http.StatusBadRequest, securityView{Errors: map[string]string{"": v.Lang.tr("Biểu mẫu gửi lên không hợp lệ.")}})
		return
	}
	sv := securityView{Errors: map[string]string{}}
	if done == "bat" {
		sv.Secret, sv.URL = r.PostForm.Get("secret"), r.PostForm.Get("url")
	}
	code := strings.TrimSpace(r.PostForm.Get("code"))
	if code == "" {
		sv.Errors["code"] = v.Lang.tr("Hãy nhập mã 6 chữ số từ ứng dụng xác thực.")
		u.renderSecurity(w, r, v, http.StatusUnprocessableEntity, sv)
		return
	}
	if err := fn(t, code); err != nil {
		var de *dondoc.Error
		if errors.As(err, &de) && de.Field == "code" {
			sv.Errors["code"] = v.Lang.errorText(err)
			u.renderSecurity(w, r, v, http.StatusUnprocessableEntity, sv)
			return
		}
		sv.Errors[""] = v.Lang.errorText(err)
		u.logInternal(r.Context(), r, err)
		u.renderSecurity(w, r, v, httpstatus.Of(err), sv)
		return
	}
	http.Redirect(w, r, "/tai-khoan/bao-mat?xong="+done, http.StatusSeeOther)
}

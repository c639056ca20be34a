package api

import (
	"encoding/json"
	"net/http"
	"time"

	"dondoc"
	"dondoc/internal/auth"
)

func (a *API) totpRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/me/totp", a.authed(a.totpStatus))
	m.HandleFunc("POST /api/v1/me/totp", a.authed(a.startTOTP))
	m.HandleFunc("POST /api/v1/me/totp/confirm", a.authed(a.confirmTOTP))
	m.HandleFunc("DELETE /api/v1/me/totp", a.authed(a.disableTOTP))
	m.HandleFunc("DELETE /api/v1/users/{id}/totp", a.authed(a.resetTOTP))
}

// totp returns the second-factor service, which the account service provides when its storage
// supports it; without it every second-factor route answers 500 rather than pretending.
func (a *API) totp() (dondoc.TOTPService, error) {
	t, ok := a.s.Accounts.(dondoc.TOTPService)
	if !ok {
		return nil, dondoc.Errorf(dondoc.EInternal, "", "Máy chủ không hỗ trợ xác thực hai bước.", "The server does not support a second factor.")
	}
	return t, nil
}

// secondFactorProblem is the answer to a correct password of a user with a second factor: a
// problem document (code "second_factor_required") with the challenge to send back with a code.
type secondFactorProblem struct {
	Problem
	Challenge string    `json:"challenge"`
	ExpiresAt time.Time `json:"expires_at"`
}

// secondFactor finishes a sign-in at once when the client sent the code with the password, and
// otherwise answers 401 with the challenge.
func (a *API) secondFactor(w http.ResponseWriter, r *http.Request, ch *dondoc.SecondFactorRequired, code string) error {
	if code != "" {
		return a.completeLogin(w, r, ch.Challenge, code)
	}
	p := secondFactorProblem{Problem: Problem{Type: "about:blank", Status: http.StatusUnauthorized, Code: "second_factor_required", Field: "code",
		Title: titles[401][0], Detail: "Hãy nhập mã xác thực từ ứng dụng xác thực."}, Challenge: ch.Challenge, ExpiresAt: ch.ExpiresAt}
	w.Header().Set("Content-Language", "vi")
	if english(r) {
		p.Title, p.Detail = titles[401][1], "Enter the code from your authenticator app."
		w.Header().Set("Content-Language", "en")
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusUnauthorized)
	return json.NewEncoder(w).Encode(p)
}

// completeLogin finishes a challenge with a code and sets the session cookie.
func (a *API) completeLogin(w http.ResponseWriter, r *http.Request, challenge, code string) error {
	t, err := a.totp()
	if err != nil {
		return err
	}
	if err := dondoc.RequireText("code", code, 20); err != nil {
		return err
	}
	secret, expires, err := t.CompleteLogin(r.Context(), challenge, code)
	if err != nil {
		return err
	}
	auth.SetSessionCookie(w, secret, expires, a.s.SecureCookies)
	return writeJSON(w, http.StatusOK, map[string]any{"expires_at": expires})
}

type totpCodeInput struct {
	Code string `json:"code"`
}

func (a *API) totpStatus(w http.ResponseWriter, r *http.Request) error {
	t, err := a.totp()
	if err != nil {
		return err
	}
	st, err := t.TOTPStatus(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (a *API) startTOTP(w http.ResponseWriter, r *http.Request) error {
	t, err := a.totp()
	if err != nil {
		return err
	}
	enr, err := t.StartTOTP(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, enr)
}

func (a *API) confirmTOTP(w http.ResponseWriter, r *http.Request) error {
	t, err := a.totp()
	if err != nil {
		return err
	}
	in, err := decode[totpCodeInput](w, r)
	if err != nil {
		return err
	}
	if err := t.ConfirmTOTP(r.Context(), in.Code); err != nil {
		return err
	}
	return a.totpStatus(w, r)
}

func (a *API) disableTOTP(w http.ResponseWriter, r *http.Request) error {
	t, err := a.totp()
	if err != nil {
		return err
	}
	in, err := decode[totpCodeInput](w, r)
	if err != nil {
		return err
	}
	if err := t.DisableTOTP(r.Context(), in.Code); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) resetTOTP(w http.ResponseWriter, r *http.Request) error {
	t, err := a.totp()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := t.ResetTOTP(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

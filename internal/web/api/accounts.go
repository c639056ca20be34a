package api

import (
	"context"
	"net/http"
	"time"

	"dondoc"
	"dondoc/internal/auth"
)

func (a *API) accountRoutes(m *http.ServeMux) {
	m.HandleFunc("POST /api/v1/session", a.public(a.login))
	m.HandleFunc("DELETE /api/v1/session", a.authed(a.logout))
	m.HandleFunc("GET /api/v1/me", a.authed(a.me))
	m.HandleFunc("GET /api/v1/tokens", a.authed(a.listTokens))
	m.HandleFunc("POST /api/v1/tokens", a.authed(a.createToken))
	m.HandleFunc("DELETE /api/v1/tokens/{id}", a.authed(a.revokeToken))
	m.HandleFunc("GET /api/v1/users", a.authed(a.listUsers))
	m.HandleFunc("POST /api/v1/users", a.authed(a.createUser))
	m.HandleFunc("GET /api/v1/users/{id}", a.authed(a.getUser))
	m.HandleFunc("POST /api/v1/users/{id}/grants", a.authed(a.addGrant))
	m.HandleFunc("DELETE /api/v1/grants/{id}", a.authed(a.revokeGrant))
	m.HandleFunc("GET /api/v1/audit", a.authed(a.listAudit))
}

type loginInput struct {
	Username string `json:"username"`
	Password string `json:"password"`
	// Code and Challenge carry the second factor (totp.go): a code with the password, or a code
	// with the challenge that an earlier answer gave.
	Code      string `json:"code"`
	Challenge string `json:"challenge"`
}

func (a *API) login(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[loginInput](w, r)
	if err != nil {
		return err
	}
	if in.Challenge != "" {
		return a.completeLogin(w, r, in.Challenge, in.Code)
	}
	if err := dondoc.RequireText("username", in.Username, 100); err != nil {
		return err
	}
	if err := dondoc.RequireText("password", in.Password, 256); err != nil {
		return err
	}
	secret, expires, err := a.s.Accounts.Login(r.Context(), in.Username, in.Password)
	if ch, ok := dondoc.AsSecondFactor(err); ok {
		return a.secondFactor(w, r, ch, in.Code)
	}
	if err != nil {
		return err
	}
	auth.SetSessionCookie(w, secret, expires, a.s.SecureCookies)
	return writeJSON(w, http.StatusOK, map[string]any{"expires_at": expires})
}

func (a *API) logout(w http.ResponseWriter, r *http.Request) error {
	if s, ok := auth.SessionFromRequest(r); ok {
		if err := a.s.Accounts.Logout(r.Context(), s); err != nil {
			return err
		}
	}
	auth.ClearSessionCookie(w, a.s.SecureCookies)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	return getVersioned(w, r, func(ctx context.Context) (*dondoc.User, error) {
		return a.s.Accounts.GetUser(ctx, dondoc.ActorFrom(ctx).UserID)
	})
}

type tokenInput struct {
	Name      string     `json:"name"`
	ExpiresAt *time.Time `json:"expires_at"`
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[tokenInput](w, r)
	if err != nil {
		return err
	}
	tok, secret, err := a.s.Accounts.CreateToken(r.Context(), in.Name, in.ExpiresAt)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"token": tok, "secret": secret})
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, a.s.Accounts.ListTokens)
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request) error {
	return remove(w, r, a.s.Accounts.RevokeToken)
}

func (a *API) listUsers(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, a.s.Accounts.ListUsers)
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request) error {
	return create(w, r, "/api/v1/users/", a.s.Accounts.CreateUser)
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request) error {
	return getByID(w, r, a.s.Accounts.GetUser)
}

func (a *API) addGrant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := decode[dondoc.Grant](w, r)
	if err != nil {
		return err
	}
	g, err := a.s.Accounts.AddGrant(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, g)
}

func (a *API) revokeGrant(w http.ResponseWriter, r *http.Request) error {
	return remove(w, r, a.s.Accounts.RevokeGrant)
}

func (a *API) listAudit(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	objType, objID, cursor, limit := q.str("object_type"), q.int64("object_id"), q.str("cursor"), q.int("limit")
	if q.err != nil {
		return q.err
	}
	page, err := a.s.Accounts.ListAudit(r.Context(), objType, objID, cursor, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

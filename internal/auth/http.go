package auth

import (
	"net/http"
	"strings"
	"time"
)

// SessionCookie is the name of the cookie that carries the plain session
// token. It is a constant so that every handler and test agrees on it.
const SessionCookie = "dondoc_session"

// BearerToken extracts the token from an "Authorization: Bearer <token>"
// header, which is how API clients authenticate. The scheme is matched
// case-insensitively, as RFC 7235 requires, and surrounding whitespace is
// ignored. It returns false when the header is absent, uses another scheme,
// or does not consist of exactly a scheme and one token, so that a malformed
// header is never mistaken for a credential.
func BearerToken(r *http.Request) (string, bool) {
	fields := strings.Fields(r.Header.Get("Authorization"))
	if len(fields) != 2 || !strings.EqualFold(fields[0], "Bearer") {
		return "", false
	}
	return fields[1], true
}

// SetSessionCookie stores the plain session token in the browser. The cookie
// is HttpOnly so that injected scripts cannot read it, SameSite=Lax so that
// cross-site form posts do not carry it while ordinary links still do, and
// scoped to the whole site. Secure should be true whenever the site is served
// over HTTPS; it is a parameter only because local development uses HTTP.
func SetSessionCookie(w http.ResponseWriter, plain string, expires time.Time, secure bool) {
	http.SetCookie(w, sessionCookie(plain, expires, secure))
}

// ClearSessionCookie tells the browser to delete the session cookie, as on
// logout. It repeats the attributes used when setting the cookie because
// browsers only replace a cookie whose name, path and security match.
func ClearSessionCookie(w http.ResponseWriter, secure bool) {
	c := sessionCookie("", time.Unix(0, 0), secure)
	c.MaxAge = -1
	http.SetCookie(w, c)
}

// SessionFromRequest returns the plain session token from the request's
// session cookie. It returns false when the cookie is missing or empty, so
// that callers can treat the request as anonymous without a database lookup.
func SessionFromRequest(r *http.Request) (string, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return "", false
	}
	return c.Value, true
}

// sessionCookie builds the session cookie so that setting and clearing it
// always use the same attributes.
func sessionCookie(value string, expires time.Time, secure bool) *http.Cookie {
	return &http.Cookie{
		Name:     SessionCookie,
		Value:    value,
		Path:     "/",
		Expires:  expires,
		Secure:   secure,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
}

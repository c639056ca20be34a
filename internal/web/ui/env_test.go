package ui_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"dondoc/internal/app/apptest"

	"dondoc"
	"dondoc/internal/auth"
	"dondoc/internal/demo"
	"dondoc/internal/sqldb"
)

// env is the real server over a database with the demo province loaded.
type env struct {
	t   *testing.T
	db  *sqldb.DB
	srv *httptest.Server
}

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	apptest.LoadDemo(t, db)
	srv := httptest.NewServer(apptest.Handler(db))
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, srv: srv}
}

// client is a browser-like client of one user: it keeps cookies and does not follow redirects,
// so that tests see where each answer points.
type client struct {
	e    *env
	http *http.Client
}

func (e *env) client() *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &client{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signedIn returns a client signed in as a demo user, and that user's actor for asking the
// services directly what the pages should show.
func (e *env) signedIn(username string) (*client, *dondoc.Actor) {
	e.t.Helper()
	c := e.client()
	res := c.post("/dang-nhap", url.Values{"username": {username}, "password": {demo.Password}})
	if res.status != http.StatusSeeOther {
		e.t.Fatalf("sign in as %s: %d %s", username, res.status, res.body)
	}
	u, _ := url.Parse(e.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == auth.SessionCookie {
			a, err := e.db.ActorForSession(context.Background(), ck.Value)
			if err != nil {
				e.t.Fatal(err)
			}
			return c, a
		}
	}
	e.t.Fatalf("sign in as %s set no session cookie", username)
	return nil, nil
}

// response is an answer read in full.
type response struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(req *http.Request) response {
	c.e.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// get fetches a page; headers come in name, value pairs.
func (c *client) get(path string, headers ...string) response {
	c.e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	if err != nil {
		c.e.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}

// post submits a form as a browser on the same site does.
func (c *client) post(path string, form url.Values) response {
	c.e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// allTasks lists every task the actor sees with the filter, as the pages should count them.
func (e *env) allTasks(a *dondoc.Actor, f dondoc.TaskFilter) []dondoc.Task {
	e.t.Helper()
	ctx := dondoc.WithActor(context.Background(), a)
	f.Limit = dondoc.MaxPageSize
	var out []dondoc.Task
	for {
		page, err := e.db.ListTasks(ctx, f)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out
		}
		f.Cursor = page.NextCursor
	}
}

// contains fails the test when the body lacks any of the wanted strings.
func contains(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

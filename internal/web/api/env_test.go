package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"dondoc/internal/app/apptest"

	"dondoc"
	"dondoc/internal/auth"
	"dondoc/internal/filestore"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
	"dondoc/internal/web/api"
)

// env is a running API over a real database with one user per role, each with an API token.
type env struct {
	t      *testing.T
	db     *sqldb.DB
	srv    *httptest.Server
	p      *sqldbtest.Province
	tokens map[string]string
	users  map[string]int64
	files  *filestore.Store // where uploaded originals are stored, as the server stores them
}

// users of the test province: name → role and unit.
func (e *env) roleUnits() map[string]struct {
	role dondoc.Role
	unit *dondoc.Unit
} {
	p := e.p
	return map[string]struct {
		role dondoc.Role
		unit *dondoc.Unit
	}{
		"admin":    {dondoc.RoleAdmin, p.Root},
		"office":   {dondoc.RoleOffice, p.Root},
		"leader":   {dondoc.RoleLeader, p.Root},
		"viewer":   {dondoc.RoleViewer, p.Root},
		"headA":    {dondoc.RoleUnitHead, p.DistrictA},
		"officerA": {dondoc.RoleUnitOfficer, p.CommuneA},
		"officerB": {dondoc.RoleUnitOfficer, p.CommuneB},
		"dept":     {dondoc.RoleUnitOfficer, p.Department},
	}
}

// runAPI runs fn against a fresh API on every engine.
func runAPI(t *testing.T, fn func(t *testing.T, e *env)) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fn(t, newEnv(t, db))
	})
}

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	e := &env{t: t, db: db, p: sqldbtest.NewProvince(t, db), tokens: map[string]string{}, users: map[string]int64{},
		files: &filestore.Store{Dir: db.Files}}
	hash, err := auth.HashPassword(auth.TestParams, "mat-khau-thu")
	if err != nil {
		t.Fatal(err)
	}
	for name, ru := range e.roleUnits() {
		u, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: name, DisplayName: name,
			Grants: []dondoc.Grant{{Role: ru.role, UnitID: ru.unit.ID}}}, hash)
		if err != nil {
			t.Fatal(err)
		}
		actor, err := db.ActorForUser(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := db.CreateToken(dondoc.WithActor(context.Background(), actor), "test", nil)
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[name], e.users[name] = secret, u.ID
	}
	e.srv = httptest.NewServer(api.New(apptest.Services(db)))
	t.Cleanup(e.srv.Close)
	return e
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v and fails the test if it cannot.
func (r *response) JSON(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Problem decodes a problem document.
func (r *response) Problem(t *testing.T) api.Problem {
	t.Helper()
	var p api.Problem
	r.JSON(t, &p)
	return p
}

// do sends a request as the named user ("" for anonymous). body may be nil, a []byte sent as is,
// or a value encoded as JSON. headers come in name, value pairs. Every exchange is checked against
// the OpenAPI document.
func (e *env) do(who, method, path string, body any, headers ...string) *response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	var reqBody []byte
	if rd != nil {
		reqBody, _ = io.ReadAll(rd)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	r := &response{Status: res.StatusCode, Header: res.Header, Body: out}
	checkContract(e.t, req, reqBody, r)
	return r
}

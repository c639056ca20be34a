package api_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"dondoc"
	"dondoc/internal/web/api"
)

// catchAll is the pattern that answers every unknown /api/ route with a 404 problem; it is no
// operation of its own.
const catchAll = "/api/"

// registeredRoutes reads the routes the API registers from the package's source: every
// HandleFunc or Handle call whose first argument is a string literal "METHOD /path". Reading the
// source rather than probing the mux means that a route added anywhere in the package is seen.
func registeredRoutes(t *testing.T) map[string]token.Position {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	routes := map[string]token.Position{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: route pattern is not a string literal, so it cannot be checked against openapi.yaml", fset.Position(call.Pos()))
				return true
			}
			pattern, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			if pattern == catchAll {
				return true
			}
			pos := fset.Position(lit.Pos())
			method, path, ok := strings.Cut(pattern, " ")
			if !ok || method == "" || !strings.HasPrefix(path, "/") {
				t.Errorf("%s: route %q has no method; every route must name one", pos, pattern)
				return true
			}
			key := method + " " + specPath(strings.TrimSpace(path))
			if prev, dup := routes[key]; dup {
				t.Errorf("%s: route %s is registered twice (also at %s)", pos, key, prev)
			}
			routes[key] = pos
			return true
		})
	}
	if len(routes) == 0 {
		t.Fatal("no routes found in the package source")
	}
	return routes
}

// specPath turns a ServeMux pattern path into the path template OpenAPI uses: "{name...}"
// becomes "{name}" and the end-of-path marker "{$}" disappears.
func specPath(p string) string {
	p = strings.ReplaceAll(p, "{$}", "")
	return strings.ReplaceAll(p, "...}", "}")
}

// documentedRoutes lists "METHOD /path" for every operation of the document.
func documentedRoutes(doc *openapi3.T) map[string]*openapi3.Operation {
	out := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			out[method+" "+path] = op
		}
	}
	return out
}

// TestRoutesDocumented checks that every route the API registers is in openapi.yaml and every
// operation of openapi.yaml is served, so that the document can be neither incomplete nor ahead of
// the code.
func TestRoutesDocumented(t *testing.T) {
	doc, _, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	registered := registeredRoutes(t)
	documented := documentedRoutes(doc)
	for _, key := range slices.Sorted(maps.Keys(registered)) {
		if _, ok := documented[key]; !ok {
			t.Errorf("%s: route %s is not documented in openapi.yaml", registered[key], key)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(documented)) {
		if _, ok := registered[key]; !ok {
			t.Errorf("openapi.yaml documents %s (%s), which the API does not serve", key, documented[key].OperationID)
		}
	}
}

// TestOpenAPIDocumentConventions checks what the document must say about every operation beyond
// being valid OpenAPI: a unique operationId and a one-line summary, the answers of the shared
// machinery (401 for authenticated routes, 400/413/415 for JSON bodies, 404 for ids in the path,
// 412/428 with If-Match on updates), and ETag on versioned answers of updates.
func TestOpenAPIDocumentConventions(t *testing.T) {
	doc, _, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi.yaml declares OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	ids := map[string]string{}
	for key, op := range documentedRoutes(doc) {
		method, path, _ := strings.Cut(key, " ")
		if op.OperationID == "" {
			t.Errorf("%s: no operationId", key)
		} else if prev, dup := ids[op.OperationID]; dup {
			t.Errorf("%s: operationId %s is also used by %s", key, op.OperationID, prev)
		}
		ids[op.OperationID] = key
		if op.Summary == "" || strings.Contains(op.Summary, "\n") {
			t.Errorf("%s: summary must be one line, got %q", key, op.Summary)
		}
		if op.Responses == nil || op.Responses.Default() != nil {
			t.Errorf("%s: responses must be listed by status, without a default", key)
			continue
		}
		need := func(status int, why string) {
			t.Helper()
			if op.Responses.Status(status) == nil {
				t.Errorf("%s: no %d response, which %s", key, status, why)
			}
		}
		public := op.Security != nil && len(*op.Security) == 0
		if !public {
			need(http.StatusUnauthorized, "every authenticated route can answer")
		}
		if op.RequestBody != nil {
			for _, s := range []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType} {
				need(s, "every JSON body can cause")
			}
			if rb := op.RequestBody.Value; rb == nil || rb.Content.Get("application/json") == nil {
				t.Errorf("%s: request body must be application/json", key)
			}
		}
		if strings.Contains(path, "{") {
			need(http.StatusNotFound, "a path id that names nothing causes")
		}
		ifMatch := hasParameter(op, "header", "If-Match")
		if method == http.MethodPatch && !ifMatch {
			t.Errorf("%s: an update must take If-Match", key)
		}
		if ifMatch {
			need(http.StatusPreconditionFailed, "a stale If-Match causes")
			need(http.StatusPreconditionRequired, "a missing If-Match causes")
			for status, ref := range op.Responses.Map() {
				if strings.HasPrefix(status, "2") && ref.Value != nil && ref.Value.Headers["ETag"] == nil {
					t.Errorf("%s: response %s of an update must carry the new ETag", key, status)
				}
			}
		}
	}
}

func hasParameter(op *openapi3.Operation, in, name string) bool {
	for _, p := range op.Parameters {
		if p.Value != nil && p.Value.In == in && strings.EqualFold(p.Value.Name, name) {
			return true
		}
	}
	return false
}

// TestOpenAPIServed checks that the API serves the very document the contract tests check.
func TestOpenAPIServed(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		res := e.do("", "GET", "/api/v1/openapi.yaml", nil)
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/yaml") {
			t.Fatalf("openapi.yaml: %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		if !bytes.Equal(res.Body, api.OpenAPIDocument) {
			t.Error("the served document differs from the embedded one")
		}
	})
}

// TestUnknownRoutes checks that paths and methods the API does not serve answer a 404 problem,
// the one answer that openapi.yaml cannot list under a route.
func TestUnknownRoutes(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		for _, c := range []struct{ method, path string }{
			{"GET", "/api/v1/nothing-here"},
			{"DELETE", "/api/v1/tasks/1"},
			{"PUT", "/api/v1/units"},
			{"GET", "/api/v2/tasks"},
		} {
			res := e.do("office", c.method, c.path, nil)
			if res.Status != http.StatusNotFound || res.Problem(t).Code != "not_found" {
				t.Errorf("%s %s: %d %s", c.method, c.path, res.Status, res.Body)
			}
		}
	})
}

// TestAccountRoutesContract exercises every account route, so that each operation of
// openapi.yaml is checked against a real exchange, with the answers for the usual refusals.
func TestAccountRoutesContract(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		expect := func(res *response, status int, what string) {
			t.Helper()
			if res.Status != status {
				t.Fatalf("%s: %d, want %d: %s", what, res.Status, status, res.Body)
			}
		}
		in := map[string]any{"username": "van.thu.b", "display_name": "Văn thư xã Tân Thanh", "password": "mat-khau-du-dai",
			"grants": []map[string]any{{"role": "unit_officer", "unit_id": e.p.CommuneB.ID}}}
		res := e.do("admin", "POST", "/api/v1/users", in)
		expect(res, http.StatusCreated, "create user")
		var u dondoc.User
		res.JSON(t, &u)
		if res.Header.Get("Location") != fmt.Sprintf("/api/v1/users/%d", u.ID) || len(u.Grants) != 1 {
			t.Errorf("created user %+v at %s", u, res.Header.Get("Location"))
		}
		expect(e.do("admin", "POST", "/api/v1/users", in), http.StatusConflict, "repeated username")
		in["username"] = "khac"
		expect(e.do("office", "POST", "/api/v1/users", in), http.StatusForbidden, "office creates a user")

		expect(e.do("admin", "GET", "/api/v1/users", nil), http.StatusOK, "admin lists users")
		expect(e.do("office", "GET", "/api/v1/users", nil), http.StatusForbidden, "office lists users")
		userPath := fmt.Sprintf("/api/v1/users/%d", u.ID)
		expect(e.do("admin", "GET", userPath, nil), http.StatusOK, "admin reads a user")
		expect(e.do("office", "GET", userPath, nil), http.StatusNotFound, "office reads another user")
		expect(e.do("office", "GET", fmt.Sprintf("/api/v1/users/%d", e.users["office"]), nil), http.StatusOK, "office reads itself")

		res = e.do("admin", "POST", userPath+"/grants", map[string]any{"role": "viewer", "unit_id": e.p.DistrictB.ID})
		expect(res, http.StatusCreated, "add grant")
		var g dondoc.Grant
		res.JSON(t, &g)
		expect(e.do("admin", "POST", userPath+"/grants", map[string]any{"role": "chief", "unit_id": e.p.DistrictB.ID}),
			http.StatusBadRequest, "unknown role")
		expect(e.do("admin", "POST", "/api/v1/users/999999/grants", map[string]any{"role": "viewer", "unit_id": e.p.DistrictB.ID}),
			http.StatusNotFound, "grant to nobody")
		grantPath := fmt.Sprintf("/api/v1/grants/%d", g.ID)
		expect(e.do("admin", "DELETE", grantPath, nil), http.StatusNoContent, "revoke grant")
		expect(e.do("admin", "DELETE", grantPath, nil), http.StatusNotFound, "revoke grant again")

		res = e.do("officerA", "POST", "/api/v1/tokens", map[string]any{"name": "đồng bộ phần mềm quản lý văn bản"})
		expect(res, http.StatusCreated, "create token")
		var tok struct {
			Token  dondoc.APIToken
			Secret string
		}
		res.JSON(t, &tok)
		expect(e.do("officerA", "POST", "/api/v1/tokens", map[string]any{"name": "cũ", "expires_at": "2001-01-01T00:00:00Z"}),
			http.StatusBadRequest, "token expired at birth")
		expect(e.do("officerA", "GET", "/api/v1/tokens", nil), http.StatusOK, "list tokens")
		expect(e.do("", "GET", "/api/v1/me", nil, "Authorization", "Bearer "+tok.Secret), http.StatusOK, "use the new token")
		tokenPath := fmt.Sprintf("/api/v1/tokens/%d", tok.Token.ID)
		expect(e.do("officerB", "DELETE", tokenPath, nil), http.StatusNotFound, "revoke someone else's token")
		expect(e.do("officerA", "DELETE", tokenPath, nil), http.StatusNoContent, "revoke token")
		expect(e.do("", "GET", "/api/v1/me", nil, "Authorization", "Bearer "+tok.Secret), http.StatusUnauthorized, "use a revoked token")
		expect(e.do("", "GET", "/api/v1/me", nil, "Authorization", "Basic b2ZmaWNlOng="), http.StatusUnauthorized, "not a Bearer token")

		res = e.do("office", "GET", fmt.Sprintf("/api/v1/audit?object_type=user&object_id=%d&limit=1", u.ID), nil)
		expect(res, http.StatusOK, "read the audit log")
		var page dondoc.Page[dondoc.AuditEvent]
		res.JSON(t, &page)
		if len(page.Items) != 1 || page.NextCursor == "" || page.Items[0].ObjectID != u.ID {
			t.Errorf("audit page %+v", page)
		}
		expect(e.do("office", "GET", "/api/v1/audit?limit=1&cursor="+url.QueryEscape(page.NextCursor), nil), http.StatusOK, "next audit page")
		expect(e.do("office", "GET", "/api/v1/audit?object_id=-1", nil), http.StatusBadRequest, "negative object id")
		expect(e.do("officerA", "GET", "/api/v1/audit", nil), http.StatusForbidden, "an officer reads the audit log")
	})
}

// TestContractEmptyLists creates objects without their optional lists and reads them back: the
// document promises an empty array, never null, so that clients can iterate without a check.
func TestContractEmptyLists(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		for _, c := range []struct {
			who, path string
			body      map[string]any
		}{
			{"office", "/api/v1/documents", map[string]any{"type": "Công văn", "issuer": "UBND tỉnh", "date": "2024-05-06"}},
			{"office", "/api/v1/indicators", map[string]any{"code": "GN-DTC", "name": "Giải ngân vốn đầu tư công",
				"measure": "%", "aggregation": "ratio", "period_type": "quarter"}},
			{"office", "/api/v1/projects", map[string]any{"name": "Cầu Đồng Việt", "investor_unit_id": e.p.Root.ID}},
			{"office", "/api/v1/groups", map[string]any{"name": "Các xã biên giới"}},
			{"admin", "/api/v1/users", map[string]any{"username": "chua.co.quyen", "display_name": "Chưa có quyền", "password": "mat-khau-du-dai"}},
		} {
			res := e.do(c.who, "POST", c.path, c.body)
			if res.Status != http.StatusCreated {
				t.Errorf("POST %s: %d %s", c.path, res.Status, res.Body)
				continue
			}
			var created struct{ ID int64 }
			res.JSON(t, &created)
			if loc := res.Header.Get("Location"); loc != "" {
				if res := e.do(c.who, "GET", loc, nil); res.Status != http.StatusOK {
					t.Errorf("GET %s: %d %s", loc, res.Status, res.Body)
				}
			}
			if res := e.do(c.who, "GET", c.path, nil); res.Status != http.StatusOK {
				t.Errorf("GET %s: %d %s", c.path, res.Status, res.Body)
			}
		}
	})
}

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"dondoc/internal/web/api"
)

// contract is the OpenAPI document the API serves, loaded and validated once for the whole test
// binary, with a router that finds the operation of a request.
var contract struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// loadContract parses the embedded document, which is exactly what GET /api/v1/openapi.yaml
// serves, so that the tests check the contract clients read rather than a copy of it.
func loadContract() (*openapi3.T, routers.Router, error) {
	contract.once.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(api.OpenAPIDocument)
		if err != nil {
			contract.err = fmt.Errorf("parse openapi.yaml: %w", err)
			return
		}
		if err := doc.Validate(loader.Context); err != nil {
			contract.err = fmt.Errorf("openapi.yaml is not a valid OpenAPI document: %w", err)
			return
		}
		router, err := legacy.NewRouter(doc)
		if err != nil {
			contract.err = fmt.Errorf("route openapi.yaml: %w", err)
			return
		}
		contract.doc, contract.router = doc, router
	})
	return contract.doc, contract.router, contract.err
}

// contractOptions validate bodies and statuses but not credentials: the tests send deliberately
// missing and forged ones, and the API answers them with documented 401 problems.
var contractOptions = &openapi3filter.Options{
	IncludeResponseStatus: true,
	MultiError:            true,
	AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
}

// checkContract validates one exchange against the OpenAPI document. Every response must be
// documented for its operation (status, headers, content type and body), and a request the API
// accepted with a 2xx answer must itself match the document, so that the document never promises
// less than the API accepts nor asks for more than the API needs. Requests the API refused are not
// checked against the document, since tests send invalid ones on purpose.
func checkContract(t *testing.T, req *http.Request, reqBody []byte, r *response) {
	t.Helper()
	doc, router, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	exchange := req.Method + " " + req.URL.RequestURI()

	// Route on the path alone: the document's server is "/", whatever host the test server has.
	rq := req.Clone(context.Background())
	rq.URL = &url.URL{Path: req.URL.Path, RawPath: req.URL.RawPath, RawQuery: req.URL.RawQuery}
	rq.Host = ""
	rq.Body = io.NopCloser(bytes.NewReader(reqBody))

	if p, isProblem := problemOf(t, exchange, r); isProblem {
		if p.Status != r.Status {
			t.Errorf("contract: %s: problem status %d differs from the HTTP status %d", exchange, p.Status, r.Status)
		}
	}

	route, params, err := router.FindRoute(rq)
	if err != nil {
		// Tests probe paths and methods the API does not serve on purpose: those must be refused
		// with a problem document, which is the one answer the document cannot list per route.
		if !errors.Is(err, routers.ErrPathNotFound) && !errors.Is(err, routers.ErrMethodNotAllowed) &&
			!isRouteError(err) {
			t.Errorf("contract: %s: %v", exchange, err)
			return
		}
		if r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
			t.Errorf("contract: %s is not in openapi.yaml but answered %d: %.300s", exchange, r.Status, r.Body)
			return
		}
		if err := validateProblem(doc, r); err != nil {
			t.Errorf("contract: %s: undocumented route answered %d without a valid problem document: %v", exchange, r.Status, err)
		}
		return
	}

	in := &openapi3filter.RequestValidationInput{Request: rq, PathParams: params, Route: route, Options: contractOptions}
	if r.Status >= 200 && r.Status < 300 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("contract: %s was accepted with %d but does not match operation %s: %v\nrequest body: %.500s",
				exchange, r.Status, route.Operation.OperationID, err, reqBody)
		}
		in.Request.Body = io.NopCloser(bytes.NewReader(reqBody))
	}

	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.Status, Header: r.Header, Options: contractOptions}
	out.SetBodyBytes(r.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("contract: %s: response %d does not match operation %s: %v\nresponse body: %.500s",
			exchange, r.Status, route.Operation.OperationID, err, r.Body)
		return
	}
	// ValidateResponse does not look at a body the document does not describe: a response
	// documented without content must have none.
	if ref := route.Operation.Responses.Status(r.Status); ref != nil && ref.Value != nil && len(ref.Value.Content) == 0 && len(r.Body) > 0 {
		t.Errorf("contract: %s: response %d is documented without a body but has one: %.300s", exchange, r.Status, r.Body)
	}
}

// isRouteError reports the router's error for a request that matched no server or path.
func isRouteError(err error) bool {
	var re *routers.RouteError
	return errors.As(err, &re)
}

// problemOf decodes the response as a problem document when its content type says it is one.
func problemOf(t *testing.T, exchange string, r *response) (api.Problem, bool) {
	t.Helper()
	var p api.Problem
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/problem+json" {
		return p, false
	}
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Errorf("contract: %s: problem document does not decode: %v: %.300s", exchange, err, r.Body)
		return p, false
	}
	return p, true
}

// validateProblem checks a response against the Problem schema of the document.
func validateProblem(doc *openapi3.T, r *response) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/problem+json" {
		return fmt.Errorf("content type %q", r.Header.Get("Content-Type"))
	}
	schema := doc.Components.Schemas["Problem"]
	if schema == nil || schema.Value == nil {
		return errors.New("openapi.yaml has no Problem schema")
	}
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		return err
	}
	return schema.Value.VisitJSON(v, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse())
}

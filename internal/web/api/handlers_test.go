package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dondoc"
)

// thing is a stand-in for a stored domain object: it has the ID and Version the helpers read.
type thing struct {
	ID      int64  `json:"id"`
	Version int64  `json:"version"`
	Name    string `json:"name"`
}

// thingInput is a stand-in for the body of a request.
type thingInput struct {
	Name string `json:"name"`
}

// call records what a helper handed to the service, so that a test can tell that bad input never
// reached it.
type call struct {
	made        bool
	id, version int64
	in          thingInput
}

func TestHandlerHelpers(t *testing.T) {
	stored := func(c *call) *thing { return &thing{ID: 9, Version: c.version + 1, Name: c.in.Name} }
	cases := []struct {
		name    string
		handler func(c *call) handlerFunc
		id      string
		ifMatch string
		body    string
		// want is the status, ETag, Location and body answered; wantCall what the service got.
		wantStatus   int
		wantETag     string
		wantLocation string
		wantBody     string
		wantCall     *call
	}{
		{
			name: "getByID answers the object with its ETag",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return getByID(w, r, func(_ context.Context, id int64) (*thing, error) {
						*c = call{made: true, id: id}
						return &thing{ID: id, Version: 3}, nil
					})
				}
			},
			id: "7", wantStatus: 200, wantETag: `"v3"`, wantBody: `{"id":7,"version":3,"name":""}`,
			wantCall: &call{made: true, id: 7},
		},
		{
			name: "getByID refuses a malformed id as not found",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return getByID(w, r, func(context.Context, int64) (*thing, error) { c.made = true; return &thing{}, nil })
				}
			},
			id: "x", wantStatus: 404,
		},
		{
			name: "getByID passes the service's error on",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return getByID(w, r, func(_ context.Context, id int64) (*thing, error) {
						*c = call{made: true, id: id}
						return nil, dondoc.Forbidden("Không có quyền.", "Forbidden.")
					})
				}
			},
			id: "7", wantStatus: 403, wantCall: &call{made: true, id: 7},
		},
		{
			name: "create answers 201 with the new object's Location",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return create(w, r, "/api/v1/things/", func(_ context.Context, in thingInput) (*thing, error) {
						*c = call{made: true, in: in}
						return stored(c), nil
					})
				}
			},
			body: `{"name":"a"}`, wantStatus: 201, wantETag: `"v1"`, wantLocation: "/api/v1/things/9",
			wantBody: `{"id":9,"version":1,"name":"a"}`, wantCall: &call{made: true, in: thingInput{Name: "a"}},
		},
		{
			name: "create without a collection sends no Location",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return create(w, r, "", func(_ context.Context, in thingInput) (*thing, error) {
						*c = call{made: true, in: in}
						return stored(c), nil
					})
				}
			},
			body: `{"name":"a"}`, wantStatus: 201, wantETag: `"v1"`, wantCall: &call{made: true, in: thingInput{Name: "a"}},
		},
		{
			name: "create refuses an unknown field before calling the service",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return create(w, r, "/api/v1/things/", func(context.Context, thingInput) (*thing, error) {
						c.made = true
						return &thing{}, nil
					})
				}
			},
			body: `{"nam":"a"}`, wantStatus: 400,
		},
		{
			name: "withBody answers the status it is given",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return withBody(w, r, http.StatusCreated, func(_ context.Context, id int64, in thingInput) (*thing, error) {
						*c = call{made: true, id: id, in: in}
						return stored(c), nil
					})
				}
			},
			id: "5", body: `{"name":"b"}`, wantStatus: 201, wantETag: `"v1"`,
			wantCall: &call{made: true, id: 5, in: thingInput{Name: "b"}},
		},
		{
			name: "update hands on the If-Match version",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return update(w, r, http.StatusOK, func(_ context.Context, id, version int64, in thingInput) (*thing, error) {
						*c = call{made: true, id: id, version: version, in: in}
						return stored(c), nil
					})
				}
			},
			id: "5", ifMatch: `"v4"`, body: `{"name":"c"}`, wantStatus: 200, wantETag: `"v5"`,
			wantCall: &call{made: true, id: 5, version: 4, in: thingInput{Name: "c"}},
		},
		{
			name: "update refuses a write without If-Match",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return update(w, r, http.StatusOK, func(context.Context, int64, int64, thingInput) (*thing, error) {
						c.made = true
						return &thing{}, nil
					})
				}
			},
			id: "5", body: `{"name":"c"}`, wantStatus: 428,
		},
		{
			name: "update reads the id before If-Match",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return update(w, r, http.StatusOK, func(context.Context, int64, int64, thingInput) (*thing, error) {
						c.made = true
						return &thing{}, nil
					})
				}
			},
			id: "0", wantStatus: 404,
		},
		{
			name: "act takes no body",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return act(w, r, func(_ context.Context, id, version int64) (*thing, error) {
						*c = call{made: true, id: id, version: version}
						return stored(c), nil
					})
				}
			},
			id: "5", ifMatch: `W/"v2"`, wantStatus: 200, wantETag: `"v3"`, wantCall: &call{made: true, id: 5, version: 2},
		},
		{
			name: "putSetting reads If-Match before the body",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return putSetting(w, r, func(context.Context, int64, thingInput) (*thing, error) {
						c.made = true
						return &thing{}, nil
					})
				}
			},
			body: `not json`, wantStatus: 428,
		},
		{
			name: "remove answers 204 with no body",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return remove(w, r, func(_ context.Context, id int64) error {
						*c = call{made: true, id: id}
						return nil
					})
				}
			},
			id: "6", wantStatus: 204, wantCall: &call{made: true, id: 6},
		},
		{
			name: "listByID wraps the list in items",
			handler: func(c *call) handlerFunc {
				return func(w http.ResponseWriter, r *http.Request) error {
					return listByID(w, r, func(_ context.Context, id int64) ([]thing, error) {
						*c = call{made: true, id: id}
						return []thing{{ID: 1, Version: 1}}, nil
					})
				}
			},
			id: "5", wantStatus: 200, wantBody: `{"items":[{"id":1,"version":1,"name":""}]}`, wantCall: &call{made: true, id: 5},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got call
			req := httptest.NewRequest(http.MethodPost, "/api/v1/things", strings.NewReader(tc.body))
			req.SetPathValue("id", tc.id)
			if tc.ifMatch != "" {
				req.Header.Set("If-Match", tc.ifMatch)
			}
			rec := httptest.NewRecorder()
			if err := tc.handler(&got)(rec, req); err != nil {
				writeError(rec, req, err)
			}
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.wantStatus, rec.Body)
			}
			if etag := rec.Header().Get("ETag"); etag != tc.wantETag {
				t.Errorf("ETag %q, want %q", etag, tc.wantETag)
			}
			if loc := rec.Header().Get("Location"); loc != tc.wantLocation {
				t.Errorf("Location %q, want %q", loc, tc.wantLocation)
			}
			if (tc.wantBody != "" || tc.wantStatus == http.StatusNoContent) && strings.TrimSpace(rec.Body.String()) != tc.wantBody {
				t.Errorf("body %s, want %s", rec.Body, tc.wantBody)
			}
			if tc.wantStatus >= 400 {
				var p Problem
				if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != tc.wantStatus ||
					rec.Header().Get("Content-Type") != "application/problem+json" {
					t.Errorf("not a problem document: %s (%v)", rec.Body, err)
				}
			}
			want := call{}
			if tc.wantCall != nil {
				want = *tc.wantCall
			}
			if got != want {
				t.Errorf("service got %+v, want %+v", got, want)
			}
		})
	}
}

// TestAnswerVersionedWithoutVersion checks that a type without a Version field is an error the
// handler returns, with nothing written, rather than a panic or an answer without its ETag.
func TestAnswerVersionedWithoutVersion(t *testing.T) {
	rec := httptest.NewRecorder()
	err := answerVersioned(rec, http.StatusOK, struct{ Name string }{"x"}, nil)
	if err == nil || rec.Body.Len() != 0 || rec.Header().Get("ETag") != "" {
		t.Fatalf("err %v, wrote %q with ETag %q", err, rec.Body, rec.Header().Get("ETag"))
	}
	if _, err := int64Field((*thing)(nil), "Version"); err == nil {
		t.Error("a nil object has no version, yet int64Field read one")
	}
	if v, err := int64Field(&thing{Version: 4}, "Version"); err != nil || v != 4 {
		t.Errorf("int64Field = %d, %v; want 4", v, err)
	}
}

package ui_test

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dondoc"
)

// The helpers below check the forms of the pages the same way in every test: a refused form keeps
// what was typed and names the field at fault next to it.

// fieldError checks that a refused form names its field next to it and marks the input.
func fieldError(t *testing.T, what, body, field, message string) {
	t.Helper()
	body = html.UnescapeString(body)
	re := regexp.MustCompile(`<p class="field-error" id="` + regexp.QuoteMeta(field) + `-error">([^<]*)</p>`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Errorf("%s: no message next to %s", what, field)
		return
	}
	if !strings.Contains(m[1], message) {
		t.Errorf("%s: %s says %q, want %q", what, field, m[1], message)
	}
	if !strings.Contains(body, `aria-describedby="`+field+`-error"`) {
		t.Errorf("%s: the input %s does not point to its message", what, field)
	}
}

// withField returns a copy of a good form with one input set to vals (none leaves it out), to
// build the refused variants of the form.
func withField(good url.Values, key string, vals ...string) url.Values {
	f := url.Values{}
	for k, v := range good {
		f[k] = v
	}
	f[key] = vals
	return f
}

// refusal is a form a page must refuse: the input the message goes next to, words of that message,
// and the form sent with the files chosen in it, if any.
type refusal struct {
	name, field, message string
	form                 url.Values
	files                []formFile
}

// postRefusals posts each refused form to path as a subtest, and checks the answer's status (0
// for any client error) and the message next to the field. kept, when not nil, checks on the page
// shown again (unescaped) what the user typed.
func postRefusals(t *testing.T, c *client, path string, status int, cases []refusal, kept func(t *testing.T, tc refusal, body string)) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var res response
			if tc.files != nil {
				res = c.postFiles(path, tc.form, tc.files)
			} else {
				res = c.post(path, tc.form)
			}
			if status == 0 && (res.status < 400 || res.status >= 500) || status != 0 && res.status != status {
				t.Errorf("status = %d, want %d (0: any 4xx): %.300s", res.status, status, res.body)
			}
			fieldError(t, tc.name, res.body, tc.field, tc.message)
			if kept != nil {
				kept(t, tc, html.UnescapeString(res.body))
			}
		})
	}
}

// formFile is a file chosen in a form.
type formFile struct {
	name string
	data []byte
}

// postMultipart submits a form with files chosen in the file input named input, as a browser on
// the same site does.
func (c *client) postMultipart(path string, form url.Values, input string, files []formFile) response {
	c.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile(input, f.name)
		if err != nil {
			c.e.t.Fatal(err)
		}
		_, _ = fw.Write(f.data)
	}
	if err := mw.Close(); err != nil {
		c.e.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// find returns the first match of pattern in body with its groups, failing the test when the page
// has none; what names what the page should have had.
func find(t *testing.T, what, pattern, body string) []string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the page has no %s (%s)", what, pattern)
	}
	return m
}

// reports lists the progress reports of a task as the actor sees them.
func (e *env) reports(a *dondoc.Actor, task int64) []dondoc.ProgressReport {
	e.t.Helper()
	list, err := e.db.ListReports(as(a), task)
	if err != nil {
		e.t.Fatal(err)
	}
	return list
}

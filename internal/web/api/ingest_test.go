package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/ingest"
)

// upload posts a file as multipart/form-data in the field "file".
func (e *env) upload(who, name string, data []byte) *response {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		e.t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		e.t.Fatal(err)
	}
	return e.do(who, http.MethodPost, "/api/v1/ingest", buf.Bytes(), "Content-Type", mw.FormDataContentType())
}

// seedDispatch reads the seed dispatch of the shared corpus, skipping when the corpus is absent
// outside CI.
func seedDispatch(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join("..", "..", "..", "..", "shared", "corpus", "seed", "btv-tinh-uy-2024-05.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the shared corpus is missing: %v", err)
		}
		t.Skip("the shared corpus (../shared) is not present")
	}
	return data
}

func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// confirmation is the office's edit of a draft: the date when none was read, and every task gets a
// lead and the assigner.
func (e *env) confirmation(d ingest.Draft) ingest.Confirmation {
	prop := proposalOf(e.t, &d)
	c := ingest.Confirmation{Document: prop.Document, Tasks: prop.Tasks}
	if c.Document.Date == "" {
		// The seed dispatch as kept has lost its printed date; the clerk types it from the paper.
		c.Document.Date = "2024-05-06"
	}
	for i := range c.Tasks {
		c.Tasks[i].LeadUnitID = e.p.Department.ID
		c.Tasks[i].AssignerUnitID = e.p.Root.ID
		c.Tasks[i].CascadeTo = nil
		c.Tasks[i].Coordinators = nil
	}
	return c
}

func (e *env) documentCount(t *testing.T) int {
	t.Helper()
	var page struct {
		Items []dondoc.Document `json:"items"`
	}
	r := e.do("office", http.MethodGet, "/api/v1/documents?limit=100", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("list documents: %d %s", r.Status, r.Body)
	}
	r.JSON(t, &page)
	return len(page.Items)
}

func TestIngestSeedDispatch(t *testing.T) {
	data := seedDispatch(t)
	runAPI(t, func(t *testing.T, e *env) {
		r := e.upload("office", "btv-tinh-uy-2024-05.txt", data)
		if r.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		var d ingest.Draft
		r.JSON(t, &d)
		prop := proposalOf(t, &d)
		if d.Status != dondoc.DraftPending || d.SHA256 != sum(data) || len(prop.Tasks) != 9 ||
			len(prop.Units) != 9 || prop.Parsed == nil {
			t.Fatalf("draft: status %q sha %q, %d tasks, %d resolutions", d.Status, d.SHA256, len(prop.Tasks), len(prop.Units))
		}
		if g := e.do("office", http.MethodGet, fmt.Sprintf("/api/v1/ingest/%d", d.ID), nil); g.Status != http.StatusOK {
			t.Errorf("get draft: %d %s", g.Status, g.Body)
		}
		if g := e.do("viewer", http.MethodGet, fmt.Sprintf("/api/v1/ingest/%d", d.ID), nil); g.Status != http.StatusForbidden {
			t.Errorf("viewer reads a draft: %d %s", g.Status, g.Body)
		}

		// A bad task refuses the confirmation as a whole: no document, no task, the draft pending.
		before := e.documentCount(t)
		bad := e.confirmation(d)
		bad.Tasks[3].LeadUnitID = 987654
		r = e.do("office", http.MethodPost, fmt.Sprintf("/api/v1/ingest/%d/confirm", d.ID), bad, "If-Match", fmt.Sprintf(`"v%d"`, d.Version))
		if p := r.Problem(t); r.Status != http.StatusBadRequest || p.Field != "tasks[3].lead_unit_id" {
			t.Fatalf("confirm with a bad task: %d %s", r.Status, r.Body)
		}
		if n := e.documentCount(t); n != before {
			t.Fatalf("a failed confirmation registered %d documents", n-before)
		}

		r = e.do("office", http.MethodPost, fmt.Sprintf("/api/v1/ingest/%d/confirm", d.ID), e.confirmation(d),
			"If-Match", fmt.Sprintf(`"v%d"`, d.Version))
		if r.Status != http.StatusCreated {
			t.Fatalf("confirm: %d %s", r.Status, r.Body)
		}
		var doc dondoc.Document
		r.JSON(t, &doc)
		if doc.SourceSHA256 != sum(data) || !strings.Contains(doc.Issuer, "Ban Thường vụ") {
			t.Errorf("document: sha %q issuer %q", doc.SourceSHA256, doc.Issuer)
		}
		var tasks struct {
			Items []dondoc.Task `json:"items"`
		}
		r = e.do("office", http.MethodGet, fmt.Sprintf("/api/v1/tasks?document=%d&limit=100", doc.ID), nil)
		r.JSON(t, &tasks)
		if len(tasks.Items) != 9 {
			t.Errorf("%d tasks registered, want 9", len(tasks.Items))
		}
		for _, task := range tasks.Items {
			if task.DocumentID == nil || *task.DocumentID != doc.ID {
				t.Errorf("task %d is not linked to the document", task.ID)
			}
		}
		stored, err := e.files.Get(doc.SourceSHA256)
		if err != nil || !bytes.Equal(stored, data) {
			t.Errorf("stored original: %d bytes, %v", len(stored), err)
		}

		// The same file again is caught, naming the registered document.
		r = e.upload("office", "copy.txt", data)
		if p := r.Problem(t); r.Status != http.StatusConflict || p.Field != "file" || !strings.Contains(p.Detail, fmt.Sprint(doc.ID)) {
			t.Errorf("duplicate upload: %d %s", r.Status, r.Body)
		}
	})
}

func TestIngestRefusals(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		text := "TỈNH ỦY BẮC GIANG\nSố 15-CV/TU\nBắc Giang, ngày 06 tháng 5 năm 2024\nCÔNG VĂN\nV/v rà soát\n" +
			"1. Giao Sở Tài chính chủ trì rà soát các khoản chi, báo cáo trước ngày 30/6/2024.\n"
		secret := []byte("MẬT\n" + text)
		broken := []byte("PK\x03\x04 not really a zip")
		tests := []struct {
			name, who, file string
			data            []byte
			status          int
		}{
			{"secret document", "office", "mat.txt", secret, http.StatusForbidden},
			{"broken docx", "office", "hong.docx", broken, http.StatusBadRequest},
			{"viewer may not ingest", "viewer", "cv.txt", []byte(text), http.StatusForbidden},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := e.upload(tt.who, tt.file, tt.data)
				p := r.Problem(t)
				if r.Status != tt.status || tt.who == "office" && p.Field != "file" {
					t.Errorf("%d %s", r.Status, r.Body)
				}
				if _, err := e.files.Get(sum(tt.data)); !os.IsNotExist(err) {
					t.Errorf("the refused file was stored: %v", err)
				}
			})
		}
		if r := e.upload("office", "mat.txt", secret); !strings.Contains(r.Problem(t).Detail, "mật") {
			t.Errorf("the refusal of a secret document does not say why: %s", r.Body)
		}
		r := e.do("office", http.MethodPost, "/api/v1/ingest", []byte(text), "Content-Type", "text/plain")
		if r.Status != http.StatusUnsupportedMediaType {
			t.Errorf("plain body: %d %s", r.Status, r.Body)
		}

		// A draft may be discarded, after which the same file may come again.
		r = e.upload("leader", "cv.txt", []byte(text))
		if r.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		var d ingest.Draft
		r.JSON(t, &d)
		if prop := proposalOf(t, &d); len(prop.Tasks) != 1 || prop.Tasks[0].LeadUnitID != e.p.Department.ID {
			t.Errorf("proposed tasks %+v, want one led by Sở Tài chính (%d)", prop.Tasks, e.p.Department.ID)
		}
		if r := e.upload("office", "cv.txt", []byte(text)); r.Status != http.StatusConflict || r.Problem(t).Field != "file" {
			t.Errorf("second upload of a pending file: %d %s", r.Status, r.Body)
		}
		path := fmt.Sprintf("/api/v1/ingest/%d", d.ID)
		if r := e.do("office", http.MethodDelete, path, nil, "If-Match", `"v99"`); r.Status != http.StatusPreconditionFailed {
			t.Errorf("discard an old version: %d %s", r.Status, r.Body)
		}
		if r := e.do("office", http.MethodDelete, path, nil, "If-Match", fmt.Sprintf(`"v%d"`, d.Version)); r.Status != http.StatusOK {
			t.Errorf("discard: %d %s", r.Status, r.Body)
		}
		if r := e.upload("office", "cv.txt", []byte(text)); r.Status != http.StatusCreated {
			t.Errorf("upload after discard: %d %s", r.Status, r.Body)
		}

		// The JSON form of an upload carries the file in base64.
		other := []byte(strings.Replace(text, "15-CV/TU", "16-CV/TU", 1))
		r = e.do("office", http.MethodPost, "/api/v1/ingest", map[string]any{"filename": "cv16.txt", "content": other})
		if r.Status != http.StatusCreated {
			t.Errorf("JSON upload: %d %s", r.Status, r.Body)
		} else if r.JSON(t, &d); d.SHA256 != sum(other) || d.Filename != "cv16.txt" {
			t.Errorf("JSON upload: draft %q of %q", d.SHA256, d.Filename)
		}
		r = e.do("office", http.MethodPost, "/api/v1/ingest", map[string]any{"filename": "rong.txt", "content": []byte{}})
		if r.Status != http.StatusBadRequest || r.Problem(t).Field != "content" {
			t.Errorf("JSON upload without content: %d %s", r.Status, r.Body)
		}
	})
}

// proposalOf reads a draft's proposal as the ingest service wrote it.
func proposalOf(t *testing.T, d *ingest.Draft) ingest.Proposal {
	t.Helper()
	var p ingest.Proposal
	if err := json.Unmarshal(d.Proposal, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

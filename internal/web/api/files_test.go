package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"dondoc"
)

// The contract check reads downloaded attachments as opaque files.
func init() {
	for _, ct := range []string{"application/pdf", "image/png"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

var (
	apiPDF = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	apiPNG = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 40)...)
)

// attachmentMultipart builds a multipart body with one file in the field "file".
func attachmentMultipart(t *testing.T, name string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

func TestFileUploadAndAttachmentDownload(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		e.db.Files = t.TempDir()
		_, path := e.communeTask("")

		body, ct := attachmentMultipart(t, "Báo cáo quý II.pdf", apiPDF)
		res := e.do("officerA", "POST", "/api/v1/files", body, "Content-Type", ct)
		var pdf dondoc.StoredFile
		res.JSON(t, &pdf)
		if res.Status != http.StatusCreated || pdf.ContentType != "application/pdf" || pdf.Size != int64(len(apiPDF)) || pdf.Name != "Báo cáo quý II.pdf" {
			t.Fatalf("multipart upload: %d %s", res.Status, res.Body)
		}
		res = e.do("officerA", "POST", "/api/v1/files?name="+url.QueryEscape("ảnh.png"), apiPNG, "Content-Type", "application/octet-stream")
		var png dondoc.StoredFile
		res.JSON(t, &png)
		if res.Status != http.StatusCreated || png.ContentType != "image/png" {
			t.Fatalf("raw upload: %d %s", res.Status, res.Body)
		}
		res = e.do("officerA", "POST", "/api/v1/files", map[string]any{"name": "ghi chú.txt", "content": []byte("Nội dung")})
		if res.Status != http.StatusCreated {
			t.Fatalf("JSON upload: %d %s", res.Status, res.Body)
		}

		exe := append([]byte("MZ\x90\x00"), make([]byte, 64)...)
		wantStatus(t, "executable", e.do("officerA", "POST", "/api/v1/files?name=setup.exe", exe, "Content-Type", "application/octet-stream"),
			http.StatusBadRequest, "file")
		wantStatus(t, "executable named .pdf", e.do("officerA", "POST", "/api/v1/files?name=a.pdf", exe, "Content-Type", "application/octet-stream"),
			http.StatusBadRequest, "file")
		wantStatus(t, "raw body without a name", e.do("officerA", "POST", "/api/v1/files", apiPDF, "Content-Type", "application/pdf"),
			http.StatusBadRequest, "name")
		wantStatus(t, "anonymous", e.do("", "POST", "/api/v1/files?name=a.pdf", apiPDF, "Content-Type", "application/pdf"),
			http.StatusUnauthorized, "")
		big := append(bytes.Clone(apiPDF), make([]byte, dondoc.MaxAttachmentSize)...)
		wantStatus(t, "over 20 MB", e.do("officerA", "POST", "/api/v1/files?name=a.pdf", big, "Content-Type", "application/pdf"),
			http.StatusRequestEntityTooLarge, "file")

		wantStatus(t, "bad attachment name", e.do("officerA", "POST", path+"/reports", map[string]any{"text": "x", "percent": 5,
			"attachments": []any{map[string]any{"sha256": pdf.SHA256, "name": "a.exe", "content_type": pdf.ContentType, "size": pdf.Size}}}),
			http.StatusBadRequest, "attachments[0].name")
		res = e.do("officerB", "POST", "/api/v1/files?name=x.pdf", append(bytes.Clone(apiPDF), '\n'), "Content-Type", "application/pdf")
		var theirs dondoc.StoredFile
		res.JSON(t, &theirs)
		wantStatus(t, "someone else's upload", e.do("officerA", "POST", path+"/reports", map[string]any{"text": "x", "percent": 5,
			"attachments": []dondoc.AttachmentInput{theirs.Input()}}), http.StatusBadRequest, "attachments[0].sha256")

		res = e.do("officerA", "POST", path+"/reports", map[string]any{"text": "Đã xong bước 1", "percent": 20,
			"attachments": []dondoc.AttachmentInput{pdf.Input(), png.Input()}})
		var rep dondoc.ProgressReport
		res.JSON(t, &rep)
		if res.Status != http.StatusCreated || len(rep.Attachments) != 2 {
			t.Fatalf("submit with files: %d %s", res.Status, res.Body)
		}
		res = e.do("viewer", "GET", path+"/reports", nil)
		var list struct{ Items []dondoc.ProgressReport }
		res.JSON(t, &list)
		if len(list.Items) != 1 || len(list.Items[0].Attachments) != 2 || list.Items[0].Attachments[0].SHA256 != pdf.SHA256 {
			t.Fatalf("list: %s", res.Body)
		}

		dl := fmt.Sprintf("/api/v1/reports/%d/attachments/%d", rep.ID, rep.Attachments[0].ID)
		res = e.do("headA", "GET", dl, nil)
		if res.Status != http.StatusOK || !bytes.Equal(res.Body, apiPDF) {
			t.Fatalf("download: %d %.100s", res.Status, res.Body)
		}
		for h, want := range map[string]string{
			"Content-Type":           "application/pdf",
			"X-Content-Type-Options": "nosniff",
			"Content-Disposition":    `attachment; filename="Bao cao quy II.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD%20II.pdf`,
		} {
			if got := res.Header.Get(h); got != want {
				t.Errorf("download %s = %q, want %q", h, got, want)
			}
		}
		res = e.do("headA", "GET", dl, nil, "If-None-Match", `"`+pdf.SHA256+`"`)
		if res.Status != http.StatusNotModified {
			t.Errorf("conditional download: %d", res.Status)
		}
		wantStatus(t, "other commune downloads", e.do("officerB", "GET", dl, nil), http.StatusNotFound, "")
		wantStatus(t, "attachment under another report", e.do("viewer", "GET", fmt.Sprintf("/api/v1/reports/%d/attachments/%d", rep.ID+1, rep.Attachments[0].ID), nil),
			http.StatusNotFound, "")
	})
}

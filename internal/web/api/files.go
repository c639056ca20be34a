package api

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"dondoc"
)

// fileRoutes registers the upload of files to attach to progress reports, and their download.
func (a *API) fileRoutes(m *http.ServeMux) {
	m.HandleFunc("POST /api/v1/files", a.authed(a.uploadFile))
	m.HandleFunc("GET /api/v1/reports/{id}/attachments/{aid}", a.authed(a.downloadAttachment))
}

// fileService is the file service, refused as unavailable when the deployment has none.
func (a *API) fileService() (dondoc.FileService, error) {
	if a.s.Files == nil {
		return nil, dondoc.Internal(errors.New("api: no file service"))
	}
	return a.s.Files, nil
}

// fileUploadRequest is the JSON form of an upload, for clients that cannot send multipart or raw
// bodies: the name and the bytes in base64, within the 16 MB a JSON body may take.
type fileUploadRequest struct {
	Name    string `json:"name"`
	Content []byte `json:"content"`
}

// uploadFile stores a file for a later report to attach. It takes multipart/form-data with the
// file in the field "file", or the bytes as the raw body with the name in the query (?name=). The
// type is what the bytes prove, never what the client declares. JSON (fileUploadRequest) is taken
// too.
func (a *API) uploadFile(w http.ResponseWriter, r *http.Request) error {
	files, err := a.fileService()
	if err != nil {
		return err
	}
	var name string
	var data []byte
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "multipart/form-data":
		name, data, err = readFilePart(w, r)
	case mt == "application/json":
		var in fileUploadRequest
		in, err = decode[fileUploadRequest](w, r)
		name, data = in.Name, in.Content
	default:
		name = r.URL.Query().Get("name")
		if name == "" {
			return dondoc.Invalid("name", "Thiếu tên tệp (tham số name).", "The file name (parameter name) is missing.")
		}
		data, err = readLimited(w, http.MaxBytesReader(w, r.Body, dondoc.MaxAttachmentSize+1))
	}
	if err != nil {
		return err
	}
	if q := r.URL.Query().Get("name"); q != "" {
		name = q
	}
	f, err := files.StoreFile(r.Context(), name, data)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, f)
}

// readFilePart reads the part named "file" of a multipart body.
func readFilePart(w http.ResponseWriter, r *http.Request) (string, []byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, dondoc.MaxAttachmentSize+uploadOverhead)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, dondoc.Invalid("file", "Không đọc được nội dung tải lên.", "Could not read the upload.")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, dondoc.Invalid("file", "Thiếu tệp (trường \"file\").", "The file (field \"file\") is missing.")
		}
		if err != nil {
			return "", nil, uploadError(err)
		}
		if part.FormName() == "file" {
			data, err := readLimited(w, part)
			return part.FileName(), data, err
		}
	}
}

// readLimited reads at most one byte more than an attachment may hold, and refuses a larger file
// with 413 before it is stored.
func readLimited(w http.ResponseWriter, body io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(body, dondoc.MaxAttachmentSize+1))
	if err != nil {
		return nil, uploadError(err)
	}
	if len(data) > dondoc.MaxAttachmentSize {
		return nil, newHTTPError(http.StatusRequestEntityTooLarge, dondoc.EInvalid, "file",
			"Tệp lớn hơn 20 MB.", "The file is larger than 20 MB.")
	}
	return data, nil
}

// downloadAttachment sends a report's attachment to a user who may read its task, as a download
// of the type detected at upload, never rendered inline.
func (a *API) downloadAttachment(w http.ResponseWriter, r *http.Request) error {
	files, err := a.fileService()
	if err != nil {
		return err
	}
	rid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	att, f, err := files.OpenReportAttachment(r.Context(), rid, aid)
	if err != nil {
		return err
	}
	defer f.Close()
	serveAttachment(w, r, att, f)
	return nil
}

// serveAttachment writes an attachment as a download: its detected type, nosniff, the name in
// Content-Disposition, a sandbox in case a browser opens it anyway, and an ETag of its hash so
// that a second download can be a 304.
func serveAttachment(w http.ResponseWriter, r *http.Request, att *dondoc.Attachment, content io.ReadSeeker) {
	h := w.Header()
	h.Set("Content-Type", att.ContentType)
	h.Set("Content-Disposition", att.ContentDisposition())
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+att.SHA256+`"`)
	http.ServeContent(w, r, "", att.CreatedAt, content)
}

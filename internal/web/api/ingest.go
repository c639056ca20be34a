package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"path/filepath"

	"dondoc"
)

// ingestRoutes registers the upload → draft → confirm flow of reading a directive.
func (a *API) ingestRoutes(m *http.ServeMux) {
	m.HandleFunc("POST /api/v1/ingest", a.authed(a.uploadDraft))
	m.HandleFunc("GET /api/v1/ingest/{id}", a.authed(a.getDraft))
	m.HandleFunc("POST /api/v1/ingest/{id}/confirm", a.authed(a.confirmDraft))
	m.HandleFunc("DELETE /api/v1/ingest/{id}", a.authed(a.discardDraft))
}

// uploadOverhead is the room the multipart envelope takes beyond the file itself.
const uploadOverhead = 1 << 20

// uploadRequest is the JSON form of an upload, for clients that cannot send multipart bodies:
// the file's name and its bytes in base64 (which encoding/json decodes into a []byte).
type uploadRequest struct {
	Filename string `json:"filename"`
	Content  []byte `json:"content"`
}

// uploadDraft takes the file either as multipart/form-data in the field "file" or as JSON
// (uploadRequest), and answers the draft the parser proposes.
func (a *API) uploadDraft(w http.ResponseWriter, r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err == nil && mt == "multipart/form-data" {
		return a.uploadMultipart(w, r)
	}
	in, err := decode[uploadRequest](w, r)
	if err != nil {
		return err
	}
	if len(in.Content) == 0 {
		return dondoc.Invalid("content", "Thiếu nội dung tệp.", "The file content is missing.")
	}
	return a.upload(w, r, in.Filename, in.Content)
}

// uploadMultipart reads the part named "file" of a multipart body.
func (a *API) uploadMultipart(w http.ResponseWriter, r *http.Request) error {
	limit := a.s.Ingest.Limits.MaxInput
	r.Body = http.MaxBytesReader(w, r.Body, limit+uploadOverhead)
	mr, err := r.MultipartReader()
	if err != nil {
		return dondoc.Invalid("file", "Không đọc được nội dung tải lên.", "Could not read the upload.")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return dondoc.Invalid("file", "Thiếu tệp văn bản (trường \"file\").", "The file (field \"file\") is missing.")
		}
		if err != nil {
			return uploadError(err)
		}
		if part.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		if err != nil {
			return uploadError(err)
		}
		if int64(len(data)) > limit {
			return newHTTPError(http.StatusRequestEntityTooLarge, dondoc.EInvalid, "file",
				"Tệp vượt quá giới hạn cho phép.", "The file is larger than allowed.")
		}
		return a.upload(w, r, part.FileName(), data)
	}
}

// upload hands the file to the ingest service; only the base of the name is kept.
func (a *API) upload(w http.ResponseWriter, r *http.Request, name string, data []byte) error {
	d, err := a.s.Ingest.Upload(r.Context(), filepath.Base(name), data)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusCreated, d, d.Version)
}

// uploadError reports a broken or oversized multipart body against the field "file".
func uploadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return newHTTPError(http.StatusRequestEntityTooLarge, dondoc.EInvalid, "file",
			"Tệp vượt quá giới hạn cho phép.", "The file is larger than allowed.")
	}
	return dondoc.Invalid("file", "Không đọc được nội dung tải lên.", "Could not read the upload.")
}

func (a *API) getDraft(w http.ResponseWriter, r *http.Request) error {
	return getByID(w, r, a.s.Ingest.Get)
}

// confirmDraft registers the edited document and tasks of a draft at the version in If-Match.
func (a *API) confirmDraft(w http.ResponseWriter, r *http.Request) error {
	return update(w, r, http.StatusCreated, a.s.Ingest.Confirm)
}

func (a *API) discardDraft(w http.ResponseWriter, r *http.Request) error {
	return act(w, r, a.s.Ingest.Discard)
}

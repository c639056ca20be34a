package ui

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strings"

	"dondoc"
	"dondoc/internal/web/httpstatus"
)

// uploadView is the upload form: the size limit to state, and what went wrong with the last file.
type uploadView struct {
	// MaxSize is the size limit as people read it, "50 MB".
	MaxSize string
	// Error is the message about the file, shown next to the file field.
	Error string
	// Discarded says a draft was just thrown away.
	Discarded bool
}

// uploadExtensions are the kinds of file the upload form takes: plain text, Word, PDF and the
// edXML messages of the interconnected document systems.
var uploadExtensions = []string{".txt", ".md", ".docx", ".pdf", ".xml"}

// uploadOverhead is the room the multipart envelope takes beyond the file itself.
const uploadOverhead = 1 << 20

// ingestAllowed refuses the upload pages to those who may not register documents, and to a
// server started without the ingest flow.
func (u *UI) ingestAllowed(v *viewer) error {
	if u.s.Ingest == nil {
		return dondoc.NotFound("page")
	}
	if !dondoc.CanRegisterDocument(v.Actor) {
		return dondoc.Errorf(dondoc.EForbidden, "", "Chỉ văn phòng hoặc lãnh đạo được đưa văn bản vào hệ thống.",
			"Only the office or leaders may ingest documents.")
	}
	return nil
}

// showUpload shows the upload form.
func (u *UI) showUpload(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := u.ingestAllowed(v); err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data := u.uploadData(v)
	data.Discarded = r.URL.Query().Get("da-huy") == "1"
	u.render(w, r, http.StatusOK, view{Page: "ingest-upload", Title: "Nhập văn bản", Viewer: v, Nav: "documents", Data: data})
}

func (u *UI) uploadData(v *viewer) *uploadView {
	n := u.s.Ingest.Limits.MaxInput
	if n < 1<<20 {
		return &uploadView{MaxSize: v.Lang.number(float64(n)/(1<<10), 0) + " KB"}
	}
	return &uploadView{MaxSize: v.Lang.number(float64(n)/(1<<20), 0) + " MB"}
}

// upload reads the file of the form, has the ingest service read it into a draft, and goes to the
// draft's review. A file refused is shown next to the file field, and nothing is stored.
func (u *UI) upload(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := u.ingestAllowed(v); err != nil {
		u.renderError(w, r, v, err)
		return
	}
	name, data, err := u.readUpload(w, r)
	var draft *dondoc.Draft
	if err == nil {
		draft, err = u.s.Ingest.Upload(r.Context(), name, data)
	}
	if err == nil {
		http.Redirect(w, r, "/van-ban/nhap/"+itoa(draft.ID), http.StatusSeeOther)
		return
	}
	if dondoc.ErrorCode(err) == dondoc.EInternal {
		u.renderError(w, r, v, err)
		return
	}
	status := httpstatus.Of(err)
	var he *uploadTooLarge
	if errors.As(err, &he) {
		status = http.StatusRequestEntityTooLarge
	}
	view := u.uploadData(v)
	view.Error = v.Lang.errorText(err)
	u.render(w, r, status, viewFor("ingest-upload", "Nhập văn bản", v, view))
}

// uploadTooLarge marks a file over the size limit, answered with 413.
type uploadTooLarge struct{ err *dondoc.Error }

func (e *uploadTooLarge) Error() string { return e.err.Error() }
func (e *uploadTooLarge) Unwrap() error { return e.err }

// readUpload reads the part named "file" of a multipart form, refusing a missing, empty,
// oversized file or one of a kind the readers do not take.
func (u *UI) readUpload(w http.ResponseWriter, r *http.Request) (string, []byte, error) {
	limit := u.s.Ingest.Limits.MaxInput
	tooLarge := &uploadTooLarge{dondoc.Invalid("file", "Tệp vượt quá dung lượng cho phép.", "The file is larger than allowed.")}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "multipart/form-data" {
		return "", nil, dondoc.Invalid("file", "Hãy chọn tệp văn bản để tải lên.", "Choose a document file to upload.")
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+uploadOverhead)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, dondoc.Invalid("file", "Không đọc được nội dung tải lên.", "Could not read the upload.")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, dondoc.Invalid("file", "Hãy chọn tệp văn bản để tải lên.", "Choose a document file to upload.")
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, tooLarge
		}
		if err != nil {
			return "", nil, dondoc.Invalid("file", "Không đọc được nội dung tải lên.", "Could not read the upload.")
		}
		if part.FormName() != "file" {
			continue
		}
		name := filepath.Base(part.FileName())
		if part.FileName() == "" {
			return "", nil, dondoc.Invalid("file", "Hãy chọn tệp văn bản để tải lên.", "Choose a document file to upload.")
		}
		ext := strings.ToLower(filepath.Ext(name))
		known := false
		for _, e := range uploadExtensions {
			known = known || e == ext
		}
		if !known {
			return "", nil, dondoc.Invalid("file", "Chỉ nhận tệp .txt, .docx, .pdf hoặc edXML (.xml).",
				"Only .txt, .docx, .pdf or edXML (.xml) files are accepted.")
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		if errors.As(err, &mbe) || int64(len(data)) > limit {
			return "", nil, tooLarge
		}
		if err != nil {
			return "", nil, dondoc.Invalid("file", "Không đọc được nội dung tải lên.", "Could not read the upload.")
		}
		if len(data) == 0 {
			return "", nil, dondoc.Invalid("file", "Tệp rỗng, không có nội dung.", "The file is empty.")
		}
		return name, data, nil
	}
}

// viewFor assembles the view of a page of the documents area.
func viewFor(page, title string, v *viewer, data any) view {
	return view{Page: page, Title: title, Viewer: v, Nav: "documents", Data: data}
}

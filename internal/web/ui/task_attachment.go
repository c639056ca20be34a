package ui

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"dondoc"
)

// attachmentRoutes registers the download of a progress report's attachments from the task page.
func (u *UI) attachmentRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /nhiem-vu/{id}/bao-cao/{rid}/tep/{aid}", u.authed(u.downloadAttachment))
}

// reportFormLimit bounds a report form: ten files of the largest size and room for the text.
const reportFormLimit = dondoc.MaxAttachments*dondoc.MaxAttachmentSize + 1<<20

// reportFormMemory is how much of a report form is held in memory; larger files wait on disk.
const reportFormMemory = 8 << 20

// chosenFile is a file picked in the report form, checked but not yet stored.
type chosenFile struct {
	File *dondoc.StoredFile
	Data []byte
}

// parseReportForm reads the report form, plain or multipart, so that the typed text is at hand in
// r.PostForm even when the files are refused, and returns the files chosen in the field "files".
func parseReportForm(w http.ResponseWriter, r *http.Request) (files []*multipart.FileHeader, err error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return nil, parseForm(r)
	}
	r.Body = http.MaxBytesReader(w, r.Body, reportFormLimit)
	if err := r.ParseMultipartForm(reportFormMemory); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, dondoc.Invalid("", "Các tệp gửi kèm vượt quá tổng dung lượng cho phép (10 tệp, mỗi tệp 20 MB).",
				"The files sent exceed the total allowed (10 files of 20 MB each).")
		}
		return nil, dondoc.Invalid("", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form.")
	}
	for _, fh := range r.MultipartForm.File["files"] {
		// A file input left empty still sends a part without a name; it is no file.
		if fh.Filename != "" || fh.Size > 0 {
			files = append(files, fh)
		}
	}
	return files, nil
}

// checkChosenFiles reads and checks the chosen files (how many, the size, the type their bytes
// prove) without storing any, so that a refused file changes nothing.
func checkChosenFiles(fhs []*multipart.FileHeader) ([]chosenFile, error) {
	if len(fhs) > dondoc.MaxAttachments {
		return nil, dondoc.Invalid("file", "Mỗi báo cáo đính kèm tối đa 10 tệp.", "A report may carry at most 10 files.")
	}
	out := make([]chosenFile, 0, len(fhs))
	for _, fh := range fhs {
		if fh.Size > dondoc.MaxAttachmentSize {
			return nil, dondoc.Invalid("file", fmt.Sprintf("Tệp “%s” lớn hơn 20 MB.", fh.Filename),
				fmt.Sprintf("The file “%s” is larger than 20 MB.", fh.Filename))
		}
		f, err := fh.Open()
		if err != nil {
			return nil, dondoc.Internal(err)
		}
		data, err := io.ReadAll(io.LimitReader(f, dondoc.MaxAttachmentSize+1))
		f.Close()
		if err != nil {
			return nil, dondoc.Internal(err)
		}
		sf, err := dondoc.InspectFile(fh.Filename, data)
		if err != nil {
			return nil, err
		}
		out = append(out, chosenFile{File: sf, Data: data})
	}
	return out, nil
}

// storeChosenFiles stores checked files through the file service, for the report to attach.
func (u *UI) storeChosenFiles(r *http.Request, files []chosenFile) error {
	if len(files) == 0 {
		return nil
	}
	if u.s.Files == nil {
		return dondoc.Internal(errors.New("ui: no file service"))
	}
	for _, f := range files {
		if _, err := u.s.Files.StoreFile(r.Context(), f.File.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// attachmentError places an error about a report's attachments ("attachments[2].name") on the
// form's file field.
func attachmentError(err error) error {
	var de *dondoc.Error
	if !errors.As(err, &de) || !strings.HasPrefix(de.Field, "attachments") {
		return err
	}
	c := *de
	c.Field = "file"
	return &c
}

// downloadAttachment sends a report's attachment to a user who may read the task, through the same
// service and checks as the API: a download of the detected type, never shown inline.
func (u *UI) downloadAttachment(w http.ResponseWriter, r *http.Request, v *viewer) {
	rid, err1 := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	aid, err2 := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err1 != nil || err2 != nil || rid <= 0 || aid <= 0 || u.s.Files == nil {
		u.renderError(w, r, v, dondoc.NotFound("attachment"))
		return
	}
	att, f, err := u.s.Files.OpenReportAttachment(r.Context(), rid, aid)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", att.ContentType)
	h.Set("Content-Disposition", att.ContentDisposition())
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+att.SHA256+`"`)
	http.ServeContent(w, r, "", att.CreatedAt, f)
}

package ui

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/web/httpstatus"
)

// maxImportFile bounds an uploaded file of figures, as the API bounds it.
const maxImportFile = 10 << 20

// importIndicatorFile writes the rows of an uploaded spreadsheet (the template dondoc exports,
// filled in) all or nothing. A file with bad rows is refused whole and every problem is listed by
// row and column on the grid page.
func (u *UI) importIndicatorFile(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, maxImportFile+1<<20)
	perr := r.ParseMultipartForm(1 << 20)
	data, err := u.loadEntry(ctx, r, v, r.FormValue("ky"), r.FormValue("don-vi"))
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	kind, err := dondoc.ParseImportKind(r.FormValue("kind"))
	if err == nil {
		data.Kind = string(kind)
		err = perr
		if perr != nil {
			err = dondoc.Invalid("file", "Không đọc được tệp tải lên (tối đa 10 MB).", "Could not read the upload (10 MB at most).")
		}
	}
	var content []byte
	if err == nil {
		content, err = readUpload(r)
	}
	var rows []dondoc.ImportRow
	if err == nil {
		rows, err = report.ReadImport(content)
	}
	var res *dondoc.ImportResult
	if err == nil {
		res, err = u.s.Indicators.ImportValues(ctx, data.Indicator.ID, kind, rows)
	}
	if err != nil {
		if dondoc.ErrorCode(err) == dondoc.EInternal || dondoc.ErrorCode(err) == dondoc.ENotFound {
			u.renderError(w, r, v, err)
			return
		}
		data.ImportError = v.Lang.errorText(err)
		u.renderEntry(w, r, httpstatus.Of(err), v, data)
		return
	}
	if len(res.Problems) > 0 {
		for _, p := range res.Problems {
			msg := p.Message
			if v.Lang == langEN && p.MessageEN != "" {
				msg = p.MessageEN
			}
			data.ImportProblems = append(data.ImportProblems, importProblem{Row: p.Row, Column: p.Column, Message: msg})
		}
		data.ImportError = v.Lang.tr("Tệp có dòng chưa hợp lệ; không dòng nào được ghi. Hãy sửa các dòng dưới đây rồi gửi lại.")
		u.renderEntry(w, r, http.StatusUnprocessableEntity, v, data)
		return
	}
	http.Redirect(w, r, entryURL(data.Indicator.ID, data.Period, data.TopID)+"&da-nhap="+strconv.Itoa(res.Written), http.StatusSeeOther)
}

// readUpload reads the uploaded file of the form, refusing a missing or empty one.
func readUpload(r *http.Request) ([]byte, error) {
	f, _, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, dondoc.Invalid("file", "Hãy chọn tệp số liệu (.xlsx hoặc .csv).", "Choose a file of figures (.xlsx or .csv).")
	}
	if err != nil {
		return nil, dondoc.Invalid("file", "Không đọc được tệp tải lên.", "Could not read the upload.")
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxImportFile+1))
	if err != nil || len(b) > maxImportFile {
		return nil, dondoc.Invalid("file", "Tệp vượt quá 10 MB.", "The file is larger than 10 MB.")
	}
	if len(b) == 0 {
		return nil, dondoc.Invalid("file", "Tệp rỗng.", "The file is empty.")
	}
	return b, nil
}

package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"dondoc"
	"dondoc/internal/report"
)

func (a *API) indicatorRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/indicators", a.authed(a.listIndicators))
	m.HandleFunc("POST /api/v1/indicators", a.authed(a.createIndicator))
	m.HandleFunc("GET /api/v1/indicators/{id}/targets", a.authed(a.listTargets))
	m.HandleFunc("PUT /api/v1/indicators/{id}/targets", a.authed(a.setTarget))
	m.HandleFunc("GET /api/v1/indicators/{id}/actuals", a.authed(a.listActuals))
	m.HandleFunc("POST /api/v1/indicators/{id}/actuals", a.authed(a.submitActual))
	m.HandleFunc("POST /api/v1/actuals/{id}/review", a.authed(a.reviewActual))
	m.HandleFunc("GET /api/v1/actuals/{id}/history", a.authed(a.actualHistory))
	m.HandleFunc("GET /api/v1/settings/indicator-entry", a.authed(a.getEntrySetting))
	m.HandleFunc("PUT /api/v1/settings/indicator-entry", a.authed(a.putEntrySetting))
	m.HandleFunc("GET /api/v1/indicators/{id}/entry-exceptions", a.authed(a.listEntryExceptions))
	m.HandleFunc("POST /api/v1/indicators/{id}/entry-exceptions", a.authed(a.grantEntryException))
	m.HandleFunc("DELETE /api/v1/entry-exceptions/{id}", a.authed(a.revokeEntryException))
	m.HandleFunc("GET /api/v1/indicators/{id}/template.xlsx", a.authed(a.importTemplate))
	m.HandleFunc("GET /api/v1/indicators/{id}/template.csv", a.authed(a.importTemplate))
	m.HandleFunc("POST /api/v1/indicators/{id}/import", a.authed(a.importValues))
}

func (a *API) listIndicators(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, a.s.Indicators.ListIndicators)
}

func (a *API) createIndicator(w http.ResponseWriter, r *http.Request) error {
	return create(w, r, "", a.s.Indicators.CreateIndicator)
}

// listForUnit answers what list returns for the path's indicator {id} and the unit in the query
// (0 when absent, for every unit the caller may see) as {"items": …}, the shape of the lists of an
// indicator's targets, actuals and entry exceptions.
func listForUnit[T any](w http.ResponseWriter, r *http.Request, list func(context.Context, int64, int64) (T, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := &query{r: r}
	unit := q.int64("unit")
	if q.err != nil {
		return q.err
	}
	items, err := list(r.Context(), id, unit)
	return answerItems(w, http.StatusOK, items, err)
}

func (a *API) listTargets(w http.ResponseWriter, r *http.Request) error {
	return listForUnit(w, r, a.s.Indicators.ListTargets)
}

// setTarget sets a unit's target for a period, replacing an earlier one; the plan is the whole
// resource, so the method is PUT and no If-Match is needed.
func (a *API) setTarget(w http.ResponseWriter, r *http.Request) error {
	return withBody(w, r, http.StatusOK, a.s.Indicators.SetTarget)
}

func (a *API) listActuals(w http.ResponseWriter, r *http.Request) error {
	return listForUnit(w, r, a.s.Indicators.ListActuals)
}

// submitActual answers 201 for a first submission and 200 for one that replaced a value still
// under review or returned, which the version tells apart.
func (a *API) submitActual(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := decode[dondoc.ValueInput](w, r)
	if err != nil {
		return err
	}
	x, err := a.s.Indicators.SubmitActual(r.Context(), id, in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if x.Version == 1 {
		status = http.StatusCreated
	}
	return writeVersioned(w, status, x, x.Version)
}

func (a *API) reviewActual(w http.ResponseWriter, r *http.Request) error {
	return update(w, r, http.StatusOK, a.s.Indicators.ReviewActual)
}

// actualHistory lists every step of an actual value, oldest first, from its audit trail.
func (a *API) actualHistory(w http.ResponseWriter, r *http.Request) error {
	return listByID(w, r, a.s.Indicators.ActualHistory)
}

func (a *API) getEntrySetting(w http.ResponseWriter, r *http.Request) error {
	return getVersioned(w, r, a.s.Indicators.EntrySetting)
}

// entrySettingInput is the body of PUT: the setting, with the version a client read accepted so
// that it can send back what it got, and ignored in favour of If-Match.
type entrySettingInput struct {
	dondoc.EntrySetting
	Version int64 `json:"version"`
}

func (a *API) putEntrySetting(w http.ResponseWriter, r *http.Request) error {
	return putSetting(w, r, func(ctx context.Context, version int64, in entrySettingInput) (*dondoc.EntrySettingValue, error) {
		return a.s.Indicators.SetEntrySetting(ctx, version, in.EntrySetting)
	})
}

func (a *API) listEntryExceptions(w http.ResponseWriter, r *http.Request) error {
	return listForUnit(w, r, a.s.Indicators.ListEntryExceptions)
}

func (a *API) grantEntryException(w http.ResponseWriter, r *http.Request) error {
	return withBody(w, r, http.StatusCreated, a.s.Indicators.GrantEntryException)
}

// revokeEntryException ends an exception; the row stays, revoked, so the answer is the exception.
func (a *API) revokeEntryException(w http.ResponseWriter, r *http.Request) error {
	return act(w, r, a.s.Indicators.RevokeEntryException)
}

// importTemplate answers the bulk-entry template of an indicator as XLSX or CSV, by the path's
// extension, for the kind and period in the query.
func (a *API) importTemplate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := &query{r: r}
	kind, err := dondoc.ParseImportKind(q.str("kind"))
	if err != nil {
		return err
	}
	period := q.str("period")
	if q.err != nil {
		return q.err
	}
	if period == "" {
		return dondoc.Invalid("period", "Cần kỳ của mẫu nhập liệu (ví dụ 2024-05).", "The template's period is required (e.g. 2024-05).")
	}
	t, err := a.s.Indicators.ImportTemplate(r.Context(), id, kind, period)
	if err != nil {
		return err
	}
	name := "mau-nhap-" + string(kind) + "-" + t.Indicator.Code + "-" + period
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasSuffix(r.URL.Path, ".csv") {
		w.Header().Set("Content-Type", report.CSVMediaType)
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + ".csv"}))
		return report.WriteTemplateCSV(w, t)
	}
	w.Header().Set("Content-Type", report.XLSXMediaType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + ".xlsx"}))
	return report.WriteTemplateXLSX(w, t)
}

// maxImport bounds an imported file: a national template of every commune is far smaller.
const maxImport = 10 << 20

// importProblem is the answer to an import with bad rows: a problem document that lists them all.
type importProblem struct {
	Problem
	Problems []dondoc.RowProblem `json:"problems"`
}

// importValues reads an XLSX or CSV file sent as multipart/form-data (field "file"), as a raw body
// (text/csv or the XLSX media type) or as JSON ({filename, content} in base64), and writes its rows
// all or nothing. Bad rows are answered with 422 and every problem.
func (a *API) importValues(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := &query{r: r}
	kind, err := dondoc.ParseImportKind(q.str("kind"))
	if err != nil {
		return err
	}
	if q.err != nil {
		return q.err
	}
	data, err := importBody(w, r)
	if err != nil {
		return err
	}
	rows, err := report.ReadImport(data)
	if err != nil {
		return err
	}
	res, err := a.s.Indicators.ImportValues(r.Context(), id, kind, rows)
	if err != nil {
		return err
	}
	if len(res.Problems) == 0 {
		return writeJSON(w, http.StatusOK, res)
	}
	p := importProblem{Problem: Problem{Type: "about:blank", Status: http.StatusUnprocessableEntity, Code: string(dondoc.EInvalid),
		Field: "file", Title: "Dữ liệu không hợp lệ", Detail: "Có dòng sai; không dòng nào được ghi."}, Problems: res.Problems}
	lang := "vi"
	if english(r) {
		p.Title, p.Detail, lang = "Invalid input", "Some rows are invalid; nothing was written.", "en"
	}
	w.Header().Set("Content-Language", lang)
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusUnprocessableEntity)
	return json.NewEncoder(w).Encode(p)
}

// importBody reads the file of an import request in any of its three forms.
func importBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "multipart/form-data":
		r.Body = http.MaxBytesReader(w, r.Body, maxImport+uploadOverhead)
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, dondoc.Invalid("file", "Không đọc được nội dung tải lên.", "Could not read the upload.")
		}
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil, dondoc.Invalid("file", "Thiếu tệp số liệu (trường \"file\").", "The file (field \"file\") is missing.")
			}
			if err != nil {
				return nil, uploadError(err)
			}
			if part.FormName() == "file" {
				return readImportFile(part)
			}
		}
	case "application/json":
		in, err := decode[uploadRequest](w, r)
		if err != nil {
			return nil, err
		}
		if len(in.Content) == 0 {
			return nil, dondoc.Invalid("content", "Thiếu nội dung tệp.", "The file content is missing.")
		}
		return in.Content, nil
	case "text/csv", report.XLSXMediaType, "application/octet-stream":
		r.Body = http.MaxBytesReader(w, r.Body, maxImport)
		return readImportFile(r.Body)
	}
	return nil, newHTTPError(http.StatusUnsupportedMediaType, dondoc.EInvalid, "Content-Type",
		"Gửi tệp dạng multipart/form-data, text/csv, tệp Excel (.xlsx) hoặc JSON.",
		"Send the file as multipart/form-data, text/csv, XLSX or JSON.")
}

// readImportFile reads a file up to the import limit.
func readImportFile(rd io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, maxImport+1))
	if err != nil {
		return nil, uploadError(err)
	}
	if len(data) > maxImport {
		return nil, newHTTPError(http.StatusRequestEntityTooLarge, dondoc.EInvalid, "file",
			"Tệp vượt quá 10 MB.", "The file is larger than 10 MB.")
	}
	if len(data) == 0 {
		return nil, dondoc.Invalid("file", "Tệp rỗng.", "The file is empty.")
	}
	return data, nil
}

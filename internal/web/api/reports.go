package api

import (
	"bytes"
	"mime"
	"net/http"
	"strings"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/vntext"
)

// reportRoutes registers the reports: each answers JSON, or a spreadsheet when the client asks for
// one with Accept or ?format=xlsx.
func (a *API) reportRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/reports/scorecard", a.authed(a.scorecard))
	m.HandleFunc("GET /api/v1/reports/review", a.authed(a.documentReview))
}

func (a *API) scorecard(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	f := dondoc.ReportFilter{From: q.date("from"), To: q.date("to"), UnitID: q.int64("unit")}
	xlsx, err := wantsXLSX(q)
	if err != nil {
		return err
	}
	s, err := a.s.Reports.Scorecard(r.Context(), f)
	if err != nil {
		return err
	}
	if !xlsx {
		return writeJSON(w, http.StatusOK, s)
	}
	var buf bytes.Buffer
	if err := report.WriteScorecardXLSX(&buf, s); err != nil {
		return err
	}
	return writeXLSX(w, "bang-xep-hang_"+string(s.From)+"_"+string(s.To)+".xlsx", buf.Bytes())
}

func (a *API) documentReview(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	doc := q.int64("document")
	xlsx, err := wantsXLSX(q)
	if err != nil {
		return err
	}
	rep, err := a.s.Reports.Review(r.Context(), doc)
	if err != nil {
		return err
	}
	if !xlsx {
		return writeJSON(w, http.StatusOK, rep)
	}
	var buf bytes.Buffer
	if err := report.WriteReviewXLSX(&buf, rep); err != nil {
		return err
	}
	name := asciiName(rep.NumberSymbol)
	if name == "" {
		name = itoa(rep.DocumentID)
	}
	return writeXLSX(w, "ra-soat_"+name+".xlsx", buf.Bytes())
}

// wantsXLSX reports whether the client asked for a spreadsheet, by ?format=xlsx or by naming the
// spreadsheet type in Accept; it also returns the first bad query parameter, if any.
func wantsXLSX(q *query) (bool, error) {
	format := q.str("format")
	if q.err != nil {
		return false, q.err
	}
	switch format {
	case "xlsx":
		return true, nil
	case "json":
		return false, nil
	case "":
		return strings.Contains(q.r.Header.Get("Accept"), report.XLSXMediaType), nil
	}
	return false, dondoc.Invalid("format", "Định dạng phải là json hoặc xlsx.", "format must be json or xlsx.")
}

// writeXLSX sends a finished workbook as a download. The file name is ASCII so that every browser
// and mail client keeps it as it is.
func writeXLSX(w http.ResponseWriter, filename string, body []byte) error {
	w.Header().Set("Content-Type", report.XLSXMediaType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(body)
	return err
}

// asciiName turns a document number such as "307-NQ/TU" into a file-name part such as
// "307-nq-tu": letters lose their marks and case, and anything but letters, digits and hyphens becomes a
// hyphen.
func asciiName(s string) string {
	var b strings.Builder
	for _, c := range vntext.Fold(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-':
			b.WriteRune(c)
		default:
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/text/unicode/norm"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/vntext"
)

// reportRoutes registers the reports: each answers JSON, or a file when the client asks for one
// with Accept or ?format=xlsx|docx|pdf. The DOCX and PDF are the official report (báo cáo) of the
// same numbers, laid out by the issuing system that the query names.
func (a *API) reportRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/reports/scorecard", a.authed(a.scorecard))
	m.HandleFunc("GET /api/v1/reports/review", a.authed(a.documentReview))
}

func (a *API) scorecard(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	f := dondoc.ReportFilter{From: q.date("from"), To: q.date("to"), UnitID: q.int64("unit")}
	format, err := reportFormat(q)
	if err != nil {
		return err
	}
	frame, err := reportFrame(q, dondoc.SystemState)
	if err != nil {
		return err
	}
	s, err := a.s.Reports.Scorecard(r.Context(), f)
	if err != nil {
		return err
	}
	period := string(s.From) + "_" + string(s.To)
	switch format {
	case formatXLSX:
		return writeFile(w, format, "bang-xep-hang_"+period, "Bảng xếp hạng "+period, func(b *bytes.Buffer) error {
			return report.WriteScorecardXLSX(b, s)
		})
	case formatDOCX, formatPDF:
		return writeDocument(w, format, report.ScorecardDocument(s, frame), "bao-cao-ket-qua_"+period, "Báo cáo kết quả "+period)
	}
	return writeJSON(w, http.StatusOK, s)
}

func (a *API) documentReview(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	doc := q.int64("document")
	format, err := reportFormat(q)
	if err != nil {
		return err
	}
	rep, err := a.s.Reports.Review(r.Context(), doc)
	if err != nil {
		return err
	}
	// A review answers the document it reviews, so it is issued by the same system by default.
	system := dondoc.SystemState
	if ns, err := dondoc.ParseNumberSymbol(rep.NumberSymbol); err == nil {
		system = ns.System
	}
	frame, err := reportFrame(q, system)
	if err != nil {
		return err
	}
	name := asciiName(rep.NumberSymbol)
	label := strings.ReplaceAll(rep.NumberSymbol, "/", "-")
	if name == "" {
		name, label = itoa(rep.DocumentID), itoa(rep.DocumentID)
	}
	switch format {
	case formatXLSX:
		return writeFile(w, format, "ra-soat_"+name, "Rà soát "+label, func(b *bytes.Buffer) error {
			return report.WriteReviewXLSX(b, rep)
		})
	case formatDOCX, formatPDF:
		return writeDocument(w, format, report.ReviewDocument(rep, frame), "bao-cao-ra-soat_"+name, "Báo cáo rà soát "+label)
	}
	return writeJSON(w, http.StatusOK, rep)
}

// The forms a report is answered in.
const (
	formatJSON = "json"
	formatXLSX = "xlsx"
	formatDOCX = "docx"
	formatPDF  = "pdf"
)

// formatMediaTypes maps each file format to its media type, in the order Accept is matched.
var formatMediaTypes = []struct{ format, mediaType string }{
	{formatXLSX, report.XLSXMediaType}, {formatDOCX, report.DOCXMediaType}, {formatPDF, report.PDFMediaType},
}

// reportFormat returns the form the client asked for, by ?format= or by naming a file's media type
// in Accept, JSON otherwise; it also returns the first bad query parameter, if any.
func reportFormat(q *query) (string, error) {
	format := q.str("format")
	if q.err != nil {
		return "", q.err
	}
	switch format {
	case formatJSON, formatXLSX, formatDOCX, formatPDF:
		return format, nil
	case "":
		accept := q.r.Header.Get("Accept")
		for _, f := range formatMediaTypes {
			if strings.Contains(accept, f.mediaType) {
				return f.format, nil
			}
		}
		return formatJSON, nil
	}
	return "", dondoc.Invalid("format", "Định dạng phải là json, xlsx, docx hoặc pdf.", "format must be json, xlsx, docx or pdf.")
}

// reportFrame reads who issues an official report, under which number, where, to whom and who
// signs it; what the query leaves out is left blank for the office to fill in. The issuing system
// is party or state, system by default.
func reportFrame(q *query, system string) (report.Frame, error) {
	f := report.Frame{System: q.str("system"), Superior: q.str("superior"), Issuer: q.str("issuer"), Number: q.str("number"),
		Place: q.str("place"), Date: q.date("date"), Signature: report.Signature{OnBehalf: q.str("on_behalf"),
			Position: q.str("position"), Name: q.str("signer")}}
	if q.err != nil {
		return f, q.err
	}
	switch f.System {
	case "":
		f.System = system
	case dondoc.SystemParty, dondoc.SystemState:
	default:
		return f, dondoc.Invalid("system", "Hệ thống văn bản phải là party (Đảng) hoặc state (Nhà nước).",
			"system must be party or state.")
	}
	for _, p := range []struct{ field, value string }{{"superior", f.Superior}, {"issuer", f.Issuer}, {"number", f.Number},
		{"place", f.Place}, {"on_behalf", f.Signature.OnBehalf}, {"position", f.Signature.Position}, {"signer", f.Signature.Name}} {
		if err := dondoc.OptionalText(p.field, p.value, 200); err != nil {
			return f, err
		}
		if strings.ContainsAny(p.value, "\r\n\t") {
			return f, dondoc.Invalid(p.field, "Phải nằm trên một dòng.", "Must be a single line.")
		}
	}
	for _, r := range q.values["recipient"] {
		if err := dondoc.OptionalText("recipient", r, 300); err != nil {
			return f, err
		}
		if r = strings.TrimSpace(r); r != "" {
			f.Recipients = append(f.Recipients, r)
		}
	}
	if len(f.Recipients) > 30 {
		return f, dondoc.Invalid("recipient", "Tối đa 30 nơi nhận.", "At most 30 recipients.")
	}
	return f, nil
}

// writeDocument writes an official report as DOCX or PDF.
func writeDocument(w http.ResponseWriter, format string, d *report.Document, ascii, name string) error {
	return writeFile(w, format, ascii, name, func(b *bytes.Buffer) error {
		if format == formatPDF {
			return report.WritePDF(b, d)
		}
		return report.WriteDOCX(b, d)
	})
}

// writeFile sends a finished file as a download. The whole file is built before the first byte is
// sent, so that a failure is still a problem document rather than half a file.
func writeFile(w http.ResponseWriter, format, ascii, name string, write func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	mediaType := ""
	for _, f := range formatMediaTypes {
		if f.format == format {
			mediaType = f.mediaType
		}
	}
	w.Header().Set("Content-Type", mediaType)
	w.Header().Set("Content-Disposition", attachment(ascii+"."+format, name+"."+format))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}

// attachment is a Content-Disposition that names a download twice, as RFC 6266 advises: an ASCII
// name for old clients and the Vietnamese name in filename* (RFC 8187), which browsers prefer.
func attachment(ascii, name string) string {
	var b strings.Builder
	b.WriteString(`attachment; filename="` + ascii + `"; filename*=UTF-8''`)
	for _, c := range []byte(norm.NFC.String(name)) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("!#$&+-.^_`|~", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
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

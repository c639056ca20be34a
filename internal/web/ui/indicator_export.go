package ui

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strconv"

	"dondoc"
	"dondoc/internal/report"
)

// downloadIndicator sends an indicator's page as an official report, DOCX or PDF: the chart and
// table of its year-to-date value against the trajectory, and the table by unit, drawn by the
// report package's writers from the same roll-up the page shows.
func (u *UI) downloadIndicator(w http.ResponseWriter, r *http.Request, v *viewer) {
	format, err := downloadFormat(r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data, ro, err := u.loadIndicator(r, v)
	if err == nil && ro == nil {
		err = dondoc.Internal(errors.New("ui: roll-ups are not available"))
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	l := v.Lang
	ind := data.Indicator
	d := &report.Document{Frame: report.Frame{}.Defaults(), Kind: l.tr("BÁO CÁO"),
		Title: l.trf("Tình hình thực hiện chỉ tiêu “%s” năm %s, %s", ind.Name, strconv.Itoa(data.Year), data.UnitName)}
	var labels []string
	var ytd, target []float64
	for _, row := range ro.Rows {
		if row.Depth != 0 {
			continue
		}
		for i, c := range row.Cells {
			labels = append(labels, periodLabel(ro.Periods[i]))
			ytd = append(ytd, valueOr(c.YTD, c.Reports > 0))
			target = append(target, valueOr(c.Target, true))
		}
	}
	d.Body = append(d.Body, report.IndicatorSection(l.tr("1. Thực hiện lũy kế so với kế hoạch"), ind.Name, ind.Measure, labels, ytd, target, 1)...)
	t := &report.Table{TotalRow: true, Columns: []report.TableColumn{{Header: l.tr("Đơn vị"), Weight: 3}, {Header: l.tr("Thực hiện lũy kế"), Weight: 1.4, Numeric: true},
		{Header: l.tr("Kế hoạch đến kỳ"), Weight: 1.4, Numeric: true}, {Header: l.tr("Tỷ lệ đạt"), Weight: 1.1, Numeric: true},
		{Header: l.tr("Trạng thái"), Weight: 1.5}, {Header: l.tr("Kỳ phải báo cáo"), Weight: 1, Numeric: true},
		{Header: l.tr("Đã nhận"), Weight: 1, Numeric: true}, {Header: l.tr("Đúng hạn"), Weight: 1, Numeric: true}}}
	for _, row := range data.Rows {
		t.Rows = append(t.Rows, []string{row.UnitName, row.YTD, row.Target, row.Achievement, row.Light.Label,
			l.number(float64(row.Expected), 0), l.number(float64(row.Received), 0), l.number(float64(row.OnTime), 0)})
	}
	d.Body = append(d.Body, report.Heading(l.tr("2. Theo đơn vị")), report.TableOf(t))
	u.sendDocument(w, r, v, d, format, "chi-tieu-"+itoa(ind.ID)+"-"+strconv.Itoa(data.Year))
}

// downloadFormats are the formats a page's tables download in, with the words of their links.
var downloadFormats = []struct{ format, label string }{
	{"xlsx", "Tải Excel (.xlsx)"}, {"docx", "Tải Word (.docx)"}, {"pdf", "Tải PDF"},
}

// downloadFormat reads the format a download asks for: xlsx, docx or pdf.
func downloadFormat(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("dinh-dang"); f {
	case "xlsx", "docx", "pdf":
		return f, nil
	}
	return "", dondoc.Invalid("dinh-dang", "Định dạng tải về phải là xlsx, docx hoặc pdf.", "The download format must be xlsx, docx or pdf.")
}

// sendDocument writes an official report as a DOCX or PDF download, or its tables as a workbook,
// whole or not at all: the file is built before the first byte goes out, so that a failure is
// still an error page.
func (u *UI) sendDocument(w http.ResponseWriter, r *http.Request, v *viewer, d *report.Document, format, name string) {
	var buf bytes.Buffer
	write, mediaType := report.WriteDOCX, report.DOCXMediaType
	switch format {
	case "pdf":
		write, mediaType = report.WritePDF, report.PDFMediaType
	case "xlsx":
		write, mediaType = report.WriteDocumentXLSX, report.XLSXMediaType
	}
	if err := write(&buf, d); err != nil {
		u.renderError(w, r, v, dondoc.Internal(err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", mediaType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + "." + format}))
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

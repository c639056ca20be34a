package ui

import (
	"net/http"
	"strings"

	"dondoc/internal/report"
)

// downloadProjects sends the key-project list as an official report, DOCX or PDF: the table of
// disbursement against plan and status, then why each project behind plan is behind.
func (u *UI) downloadProjects(w http.ResponseWriter, r *http.Request, v *viewer) {
	format, err := downloadFormat(r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data, err := u.loadProjects(r.Context(), v)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	l := v.Lang
	d := &report.Document{Frame: report.Frame{}.Defaults(), Kind: l.tr("BÁO CÁO"), Title: l.tr("Tình hình thực hiện các dự án trọng điểm")}
	t := &report.Table{Columns: []report.TableColumn{{Header: l.tr("Dự án"), Weight: 3}, {Header: l.tr("Chủ đầu tư"), Weight: 2},
		{Header: l.tr("Tổng mức đầu tư (tỷ đồng)"), Weight: 1.3, Numeric: true}, {Header: l.tr("Giải ngân lũy kế (tỷ đồng)"), Weight: 1.5, Numeric: true},
		{Header: l.tr("Tỷ lệ giải ngân so với kế hoạch"), Weight: 1.3, Numeric: true}, {Header: l.tr("Trạng thái"), Weight: 1.5}}}
	for _, p := range data.Items {
		t.Rows = append(t.Rows, []string{p.Project.Name, p.Investor, p.Total, p.CumActual + " / " + p.CumPlanned, p.Rate, p.Light.Label})
	}
	d.Body = append(d.Body, report.Paragraph(l.trf("Có %s dự án trọng điểm, trong đó %s dự án chậm so với kế hoạch.",
		l.number(float64(len(data.Items)), 0), l.number(float64(data.Behind), 0))), report.TableOf(t))
	for _, p := range data.Items {
		if len(p.Reasons) > 0 {
			d.Body = append(d.Body, report.Heading(p.Project.Name), report.Paragraph(strings.Join(p.Reasons, " ")))
		}
	}
	u.sendDocument(w, r, v, d, format, "du-an-trong-diem")
}

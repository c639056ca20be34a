package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-analyze/charts"
	"github.com/go-pdf/fpdf"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/math/fixed"
)

// PDFMediaType is the media type of the PDF reports.
const PDFMediaType = "application/pdf"

// The report's typeface: Liberation Serif, metric-compatible with the Times New Roman that Nghị
// định 30/2020 asks for, and covering every Vietnamese letter. It is embedded so that the PDF reads
// the same on a machine without it and the server needs no installed fonts.
var (
	//go:embed fonts/LiberationSerif-Regular.ttf
	serifRegular []byte
	//go:embed fonts/LiberationSerif-Bold.ttf
	serifBold []byte
	//go:embed fonts/LiberationSerif-Italic.ttf
	serifItalic []byte
	//go:embed fonts/LiberationSerif-BoldItalic.ttf
	serifBoldItalic []byte
)

// boldFont is the parsed bold face, for measuring the rules under header lines in a DOCX.
var boldFont = sync.OnceValue(func() *truetype.Font {
	f, err := truetype.Parse(serifBold)
	if err != nil {
		panic("report: embedded bold font: " + err.Error())
	}
	return f
})

// textWidthPt measures a line of text set in Times New Roman (by the metrics of its twin,
// Liberation Serif) at size points, in points.
func textWidthPt(s string, size float64, bold bool) int {
	f := boldFont()
	if !bold {
		f = regularFont()
	}
	em := fixed.Int26_6(f.FUnitsPerEm())
	units := 0
	for _, r := range s {
		units += int(f.HMetric(em, f.Index(r)).AdvanceWidth)
	}
	return int(float64(units)*size/float64(f.FUnitsPerEm()) + 0.5)
}

// regularFont is the parsed regular face.
var regularFont = sync.OnceValue(func() *truetype.Font {
	f, err := truetype.Parse(serifRegular)
	if err != nil {
		panic("report: embedded regular font: " + err.Error())
	}
	return f
})

// Page geometry in millimetres, as in the DOCX.
const (
	pdfPageW    = 210.0
	pdfPageH    = 297.0
	pdfTop      = 20.0
	pdfBottom   = 20.0
	pdfLeft     = 30.0
	pdfRight    = 15.0
	pdfTextW    = pdfPageW - pdfLeft - pdfRight
	pdfHeadLeft = pdfTextW * headLeftTw / textWidthTw
	ptToMM      = 25.4 / 72
	fontFamily  = "Serif"
)

// pdfWriter lays a report out on PDF pages line by line: it breaks lines itself, between words,
// so that justified paragraphs, first-line indents and table cells come out as in the DOCX.
type pdfWriter struct {
	f *fpdf.Fpdf
	y float64
}

// WritePDF writes a report as a PDF with its fonts embedded. The file's dates are the report's
// date, so that the same report always gives the same bytes.
func WritePDF(w io.Writer, d *Document) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(fontFamily, "", serifRegular)
	f.AddUTF8FontFromBytes(fontFamily, "B", serifBold)
	f.AddUTF8FontFromBytes(fontFamily, "I", serifItalic)
	f.AddUTF8FontFromBytes(fontFamily, "BI", serifBoldItalic)
	f.SetMargins(pdfLeft, pdfTop, pdfRight)
	f.SetAutoPageBreak(false, pdfBottom)
	stamp := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	if d.Date.Valid() {
		stamp = d.Date.Time().UTC()
	}
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetCatalogSort(true)
	f.SetTitle(d.Kind+" "+d.Title, true)
	f.SetAuthor(d.Issuer, true)
	f.SetProducer("dondoc", true)
	f.SetLang("vi-VN")
	// Nghị định 30/2020 numbers the pages from the second, at the top centre.
	f.SetHeaderFunc(func() {
		if n := f.PageNo(); n > 1 {
			f.SetFont(fontFamily, "", 13)
			s := strconv.Itoa(n)
			f.Text(pdfLeft+(pdfTextW-f.GetStringWidth(s))/2, 12, s)
		}
	})
	p := &pdfWriter{f: f}
	f.AddPage()
	p.y = pdfTop
	if err := p.document(d); err != nil {
		return err
	}
	if err := f.Error(); err != nil {
		return err
	}
	return f.Output(w)
}

// document lays out the whole report.
func (p *pdfWriter) document(d *Document) error {
	p.header(d)
	p.y += 6
	p.lines(pdfLeft, pdfTextW, "B", 14, "C", d.Kind)
	p.lines(pdfLeft, pdfTextW, "B", 14, "C", d.Title)
	rule := 2000.0 / 20 * ptToMM
	if d.Party() {
		rule = 1000.0 / 20 * ptToMM
	}
	p.f.SetLineWidth(0.3)
	p.f.Line(pdfLeft+(pdfTextW-rule)/2, p.y+0.5, pdfLeft+(pdfTextW+rule)/2, p.y+0.5)
	p.y += 5
	images := 0
	for _, b := range d.Body {
		switch b.Kind {
		case HeadingBlock:
			p.need(3 * lineHeight(14))
			p.y += 1.5
			p.paragraph(b.Text, "B")
		case ParagraphBlock:
			p.paragraph(b.Text, "")
		case TableBlock:
			p.table(b.Table)
			p.y += 3
		case ChartBlock:
			// fpdf writes images of equal pixel width in map order, so each chart is drawn
			// one pixel wider than the one before: invisible at 16 cm, and the file is the same
			// every time.
			png, err := renderChart(b.Chart, charts.ChartOutputPNG, pngScale, images)
			if err != nil {
				return err
			}
			images++
			name := fmt.Sprintf("chart%d", images)
			opt := fpdf.ImageOptions{ImageType: "PNG"}
			p.f.RegisterImageOptionsReader(name, opt, bytes.NewReader(png))
			w := 160.0
			h := w * chartHeight / chartWidth
			p.need(h + 2 + lineHeight(13))
			p.f.ImageOptions(name, pdfLeft+(pdfTextW-w)/2, p.y, w, h, false, opt, 0, "")
			p.y += h + 1
			p.lines(pdfLeft, pdfTextW, "I", 13, "C", chartCaption(images, b.Chart))
			p.y += 3
		}
	}
	p.footer(d)
	return nil
}

// header draws the two header columns: the issuer and number on the left, the motto or the Party's
// name and the place and date on the right.
func (p *pdfWriter) header(d *Document) {
	rightX, rightW := pdfLeft+pdfHeadLeft, pdfTextW-pdfHeadLeft
	top := p.y
	if d.Superior != "" {
		p.lines(pdfLeft, pdfHeadLeft, "", 13, "C", d.Superior)
	}
	p.lines(pdfLeft, pdfHeadLeft, "B", 13, "C", d.Issuer)
	if d.Party() {
		p.lines(pdfLeft, pdfHeadLeft, "", 13, "C", "*")
	} else {
		w := 1400.0 / 20 * ptToMM
		p.f.SetLineWidth(0.3)
		p.f.Line(pdfLeft+(pdfHeadLeft-w)/2, p.y+0.5, pdfLeft+(pdfHeadLeft+w)/2, p.y+0.5)
	}
	leftEnd := p.y
	p.y = top
	motto := d.Motto()
	last := motto[len(motto)-1]
	if !d.Party() {
		p.lines(rightX, rightW, "B", 12, "C", motto[0])
	}
	p.lines(rightX, rightW, "B", 13, "C", last)
	p.f.SetFont(fontFamily, "B", 13)
	w := p.f.GetStringWidth(last)
	p.f.SetLineWidth(0.3)
	p.f.Line(rightX+(rightW-w)/2, p.y+0.5, rightX+(rightW+w)/2, p.y+0.5)
	p.y = max(p.y, leftEnd) + 2
	row := p.y
	p.lines(pdfLeft, pdfHeadLeft, "", 13, "C", d.NumberLine())
	p.y = row
	p.lines(rightX, rightW, "I", 14, "C", d.DateLine())
}

// footer draws "Nơi nhận" on the left and the signing block on the right, on a new page when they
// do not fit, since a signing block is never split from its page's text.
func (p *pdfWriter) footer(d *Document) {
	recipients := d.RecipientLines()
	need := max(lineHeight(12)+float64(len(recipients))*lineHeight(11), 4*lineHeight(14)+25)
	p.need(need + 4)
	p.y += 4
	top := p.y
	p.lines(pdfLeft, pdfHeadLeft, "BI", 12, "L", "Nơi nhận:")
	for _, r := range recipients {
		p.lines(pdfLeft, pdfHeadLeft, "", 11, "L", r)
	}
	p.y = top
	rightX, rightW := pdfLeft+pdfHeadLeft, pdfTextW-pdfHeadLeft
	if d.Signature.OnBehalf != "" {
		p.lines(rightX, rightW, "B", 14, "C", d.Signature.OnBehalf)
	}
	p.lines(rightX, rightW, "B", 14, "C", d.Signature.Position)
	p.y += 25
	p.lines(rightX, rightW, "B", 14, "C", d.Signature.Name)
}

// lineHeight is the height of a line of text of size points, in millimetres.
func lineHeight(size float64) float64 { return size * ptToMM * 1.25 }

// need starts a new page when less than h millimetres are left on this one.
func (p *pdfWriter) need(h float64) {
	if p.y+h > pdfPageH-pdfBottom {
		p.f.AddPage()
		p.y = pdfTop
	}
}

// lines draws text wrapped to width w at x, aligned L, C or R, moving down a line at a time.
func (p *pdfWriter) lines(x, w float64, style string, size float64, align, text string) {
	p.f.SetFont(fontFamily, style, size)
	for _, l := range p.wrap(text, w, 0) {
		p.need(lineHeight(size))
		lw := p.f.GetStringWidth(l)
		lx := x
		switch align {
		case "C":
			lx = x + (w-lw)/2
		case "R":
			lx = x + w - lw
		}
		p.f.Text(lx, p.y+size*ptToMM, l)
		p.y += lineHeight(size)
	}
}

// paragraph draws a body paragraph at 14 points: justified, with a first-line indent of 1 cm,
// the last line left as it falls.
func (p *pdfWriter) paragraph(text, style string) {
	const size, indent = 14.0, 10.0
	p.f.SetFont(fontFamily, style, size)
	lines := p.wrap(text, pdfTextW, indent)
	space := p.f.GetStringWidth(" ")
	for i, l := range lines {
		p.need(lineHeight(size))
		x, w := pdfLeft, pdfTextW
		if i == 0 {
			x, w = x+indent, w-indent
		}
		words := strings.Fields(l)
		gap := space
		if i < len(lines)-1 && len(words) > 1 {
			used := 0.0
			for _, wd := range words {
				used += p.f.GetStringWidth(wd)
			}
			gap = (w - used) / float64(len(words)-1)
		}
		for _, wd := range words {
			p.f.Text(x, p.y+size*ptToMM, wd)
			x += p.f.GetStringWidth(wd) + gap
		}
		p.y += lineHeight(size)
	}
	p.y += 2
}

// wrap breaks text into lines no wider than w in the current font, between words; the first line
// is indent narrower. A word wider than a line is broken between letters.
func (p *pdfWriter) wrap(text string, w, indent float64) []string {
	var out []string
	for _, hard := range strings.Split(text, "\n") {
		var line string
		width := w - indent
		for _, word := range strings.Fields(hard) {
			for p.f.GetStringWidth(word) > width {
				cut := len([]rune(word))
				for cut > 1 && p.f.GetStringWidth(string([]rune(word)[:cut])) > width {
					cut--
				}
				if line != "" {
					out, line, width = append(out, line), "", w
					continue
				}
				out, width = append(out, string([]rune(word)[:cut])), w
				word = string([]rune(word)[cut:])
			}
			switch {
			case line == "":
				line = word
			case p.f.GetStringWidth(line+" "+word) <= width:
				line += " " + word
			default:
				out, line, width = append(out, line), word, w
			}
		}
		out = append(out, line)
	}
	return out
}

// table draws a bordered table at 12 points with a shaded header row, repeated at the top of each
// page the table runs onto, and the total row in bold.
func (p *pdfWriter) table(t *Table) {
	const size, pad = 12.0, 1.2
	tw := columnWidths(t, textWidthTw)
	widths := make([]float64, len(tw))
	for i, v := range tw {
		widths[i] = float64(v) / textWidthTw * pdfTextW
	}
	lh := lineHeight(size)
	heads := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		heads[i] = c.Header
	}
	var row func(cells []string, style string, header bool)
	row = func(cells []string, style string, header bool) {
		p.f.SetFont(fontFamily, style, size)
		wrapped := make([][]string, len(cells))
		n := 1
		for i, c := range cells {
			wrapped[i] = p.wrap(c, widths[i]-2*pad, 0)
			n = max(n, len(wrapped[i]))
		}
		h := float64(n)*lh + 2*pad
		if p.y+h > pdfPageH-pdfBottom {
			p.f.AddPage()
			p.y = pdfTop
			if !header {
				row(heads, "B", true)
				p.f.SetFont(fontFamily, style, size)
			}
		}
		x := pdfLeft
		p.f.SetLineWidth(0.2)
		for i := range cells {
			fill := ""
			if header {
				p.f.SetFillColor(242, 242, 242)
				fill = "F"
			}
			p.f.Rect(x, p.y, widths[i], h, "D"+fill)
			y := p.y + pad + (h-2*pad-float64(len(wrapped[i]))*lh)/2
			for _, l := range wrapped[i] {
				lx := x + pad
				if header || t.Columns[i].Numeric {
					lx = x + (widths[i]-p.f.GetStringWidth(l))/2
				}
				p.f.Text(lx, y+size*ptToMM, l)
				y += lh
			}
			x += widths[i]
		}
		p.y += h
	}
	p.need(6 * lh)
	row(heads, "B", true)
	for r, cells := range t.Rows {
		style := ""
		if t.TotalRow && r == len(t.Rows)-1 {
			style = "B"
		}
		row(cells, style, false)
	}
}

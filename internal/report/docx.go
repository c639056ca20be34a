package report

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// DOCXMediaType is the media type of the Word documents this package writes.
const DOCXMediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// Page geometry of Nghị định 30/2020 (Phụ lục I) in twentieths of a point: A4, top and bottom
// margins of 20 mm, left 30 mm, right 15 mm. HD 36-HD/VPTW asks the same of Party documents.
const (
	pageWidthTw  = 11906
	pageHeightTw = 16838
	marginTopTw  = 1134
	marginBotTw  = 1134
	marginLeftTw = 1701
	marginRigtTw = 850
	textWidthTw  = pageWidthTw - marginLeftTw - marginRigtTw
	// headLeftTw is the width of the header's left column (issuer and number); the rest is the
	// motto's.
	headLeftTw = 4000
	// chartWidthEMU is the printed width of a chart, 16 cm, in English Metric Units.
	chartWidthEMU = 16 * 360000
)

// WriteDOCX writes a report as a Word document. The file is a minimal WordprocessingML package
// written directly, so that its layout is exactly the official one and the same report always gives
// the same bytes: the zip entries carry the report's date rather than the clock.
func WriteDOCX(w io.Writer, d *Document) error {
	var images [][]byte
	body, err := docxBody(d, func(png []byte) string {
		images = append(images, png)
		return fmt.Sprintf("rIdImage%d", len(images))
	})
	if err != nil {
		return err
	}
	stamp := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	if d.Date.Valid() {
		stamp = d.Date.Time().UTC()
	}
	z := zip.NewWriter(w)
	add := func(name, content string) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return err
		}
		_, err = io.WriteString(f, content)
		return err
	}
	var rels strings.Builder
	rels.WriteString(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>`)
	for i := range images {
		fmt.Fprintf(&rels, `<Relationship Id="rIdImage%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart%d.png"/>`, i+1, i+1)
	}
	rels.WriteString(`</Relationships>`)
	parts := []struct{ name, content string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", packageRelsXML},
		{"docProps/core.xml", coreXML(d)},
		{"docProps/app.xml", appXML},
		{"word/document.xml", body},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/header1.xml", pageHeaderXML},
		{"word/_rels/document.xml.rels", rels.String()},
	}
	for _, p := range parts {
		if err := add(p.name, p.content); err != nil {
			return err
		}
	}
	for i, img := range images {
		f, err := z.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("word/media/chart%d.png", i+1), Method: zip.Store, Modified: stamp})
		if err != nil {
			return err
		}
		if _, err := f.Write(img); err != nil {
			return err
		}
	}
	return z.Close()
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const contentTypesXML = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Default Extension="png" ContentType="image/png"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRelsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appXML = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>dondoc</Application></Properties>`

// coreXML names the report in the file's properties; it carries no timestamps, so that the same
// report gives the same file.
func coreXML(d *Document) string {
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + esc(d.Kind+" "+d.Title) + `</dc:title>` +
		`<dc:creator>` + esc(d.Issuer) + `</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>`
}

// stylesXML sets Times New Roman 14 pt in Vietnamese as every run's default, per Nghị định 30/2020.
const stylesXML = xmlHeader + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
	`<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
	`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

// pageHeaderXML numbers the pages at the top centre in 13 points; the section's different first
// page leaves the first page unnumbered, as Nghị định 30/2020 asks.
const pageHeaderXML = xmlHeader + `<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>` +
	`<w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>` +
	`<w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t>2</w:t></w:r>` +
	`<w:r><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`

const settingsXML = xmlHeader + `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" ` +
	`w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// runStyle is how a run of text is set.
type runStyle struct {
	bold, italic bool
	size         float64 // points; 0 keeps the default 14
}

// run writes one run of text.
func run(text string, st runStyle) string {
	var b strings.Builder
	b.WriteString("<w:r>")
	if st.bold || st.italic || st.size > 0 {
		b.WriteString("<w:rPr>")
		if st.bold {
			b.WriteString("<w:b/><w:bCs/>")
		}
		if st.italic {
			b.WriteString("<w:i/><w:iCs/>")
		}
		if st.size > 0 {
			fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, int(st.size*2), int(st.size*2))
		}
		b.WriteString("</w:rPr>")
	}
	fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t></w:r>`, esc(text))
	return b.String()
}

// paraStyle is how a paragraph is set.
type paraStyle struct {
	align        string // left, center, right, both
	firstLine    int    // first-line indent, twips
	before       int    // space before, twips
	after        int    // space after, twips
	line         int    // line spacing in 240ths; 0 is single
	keepNext     bool
	keepTogether bool
}

// para writes a paragraph of runs.
func para(st paraStyle, runs ...string) string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>")
	if st.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if st.keepTogether {
		b.WriteString("<w:keepLines/>")
	}
	fmt.Fprintf(&b, `<w:spacing w:before="%d" w:after="%d"`, st.before, st.after)
	if st.line > 0 {
		fmt.Fprintf(&b, ` w:line="%d" w:lineRule="auto"`, st.line)
	}
	b.WriteString("/>")
	if st.firstLine > 0 {
		fmt.Fprintf(&b, `<w:ind w:firstLine="%d"/>`, st.firstLine)
	}
	if st.align != "" {
		fmt.Fprintf(&b, `<w:jc w:val="%s"/>`, st.align)
	}
	b.WriteString("</w:pPr>")
	for _, r := range runs {
		b.WriteString(r)
	}
	b.WriteString("</w:p>")
	return b.String()
}

// rule writes a horizontal line of the given length, in twips, centred in a width: an empty
// paragraph of 1 point whose bottom border is narrowed by indents. Word and LibreOffice both draw
// a paragraph border between the indents, so no drawing object is needed.
func rule(length, width int) string {
	side := max((width-length)/2, 0)
	return fmt.Sprintf(`<w:p><w:pPr><w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`+
		`<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:ind w:left="%d" w:right="%d"/>`+
		`<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>`, side, side)
}

// docxCellKind tells a DOCX table cell's part: the header and signing block start at the top, a body
// table's cells are centred vertically and its header cells shaded too.
type docxCellKind int

const (
	layoutCell docxCellKind = iota
	bodyCell
	headCell
)

// cell writes a table cell of the given width holding paragraphs.
func cell(width int, kind docxCellKind, paras ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, width)
	if kind == headCell {
		b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>`)
	}
	if kind != layoutCell {
		b.WriteString(`<w:vAlign w:val="center"/>`)
	}
	b.WriteString(`</w:tcPr>`)
	if len(paras) == 0 {
		paras = []string{para(paraStyle{})}
	}
	for _, p := range paras {
		b.WriteString(p)
	}
	b.WriteString("</w:tc>")
	return b.String()
}

// layoutTable opens a borderless table of fixed column widths for the header and the signing block.
func layoutTable(widths ...int) string {
	var b strings.Builder
	total := 0
	for _, w := range widths {
		total += w
	}
	fmt.Fprintf(&b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/>`, total)
	b.WriteString(`<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>` +
		`<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/>`)
	b.WriteString(`<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
	return b.String()
}

// docxBody writes word/document.xml; image registers a chart's PNG and returns its relationship id.
func docxBody(d *Document, image func([]byte) string) (string, error) {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
		`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
		`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
		`xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>`)
	b.WriteString(docxHeader(d))
	b.WriteString(para(paraStyle{align: "center", before: 360, keepNext: true}, run(d.Kind, runStyle{bold: true})))
	titleRule := 2000
	if d.Party() {
		titleRule = 1000
	}
	b.WriteString(para(paraStyle{align: "center", after: 60, keepNext: true}, run(d.Title, runStyle{bold: true})))
	b.WriteString(rule(titleRule, textWidthTw))
	b.WriteString(para(paraStyle{after: 120, keepNext: true}))
	chartNo := 0
	for _, blk := range d.Body {
		switch blk.Kind {
		case HeadingBlock:
			b.WriteString(para(paraStyle{align: "both", firstLine: 567, before: 120, after: 120, keepNext: true},
				run(blk.Text, runStyle{bold: true})))
		case ParagraphBlock:
			b.WriteString(para(paraStyle{align: "both", firstLine: 567, after: 120, line: 264}, run(blk.Text, runStyle{})))
		case TableBlock:
			b.WriteString(docxTable(blk.Table))
			b.WriteString(para(paraStyle{after: 120}))
		case ChartBlock:
			png, err := ChartPNG(blk.Chart)
			if err != nil {
				return "", err
			}
			chartNo++
			id := image(png)
			h := chartWidthEMU * chartHeight / chartWidth
			b.WriteString(para(paraStyle{align: "center", keepNext: true}, fmt.Sprintf(`<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">`+
				`<wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="Biểu đồ %d" descr="%s"/>`+
				`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`+
				`<pic:nvPicPr><pic:cNvPr id="%d" name="chart%d.png"/><pic:cNvPicPr/></pic:nvPicPr>`+
				`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
				`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
				`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`,
				chartWidthEMU, h, chartNo, chartNo, esc(blk.Chart.Title), chartNo, chartNo, id, chartWidthEMU, h)))
			b.WriteString(para(paraStyle{align: "center", after: 200}, run(chartCaption(chartNo, blk.Chart), runStyle{italic: true, size: 13})))
		}
	}
	b.WriteString(docxFooter(d))
	fmt.Fprintf(&b, `<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" `+
		`w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr></w:body></w:document>`,
		pageWidthTw, pageHeightTw, marginTopTw, marginRigtTw, marginBotTw, marginLeftTw)
	return b.String(), nil
}

// chartCaption is the caption printed under a report's n-th chart.
func chartCaption(n int, c *Chart) string {
	return fmt.Sprintf("Biểu đồ %d. %s", n, c.Title)
}

// docxHeader writes the two-column header: the issuer and number on the left, the national motto or
// the Party's name with the place and date on the right.
func docxHeader(d *Document) string {
	right := textWidthTw - headLeftTw
	center := paraStyle{align: "center"}
	var left1, right1 []string
	if d.Superior != "" {
		left1 = append(left1, para(center, run(d.Superior, runStyle{size: 13})))
	}
	motto := d.Motto()
	if d.Party() {
		left1 = append(left1, para(center, run(d.Issuer, runStyle{bold: true, size: 13})), para(center, run("*", runStyle{size: 13})))
		right1 = append(right1, para(center, run(motto[0], runStyle{bold: true, size: 13})),
			rule(textWidthPt(motto[0], 13, true)*20, right))
	} else {
		left1 = append(left1, para(center, run(d.Issuer, runStyle{bold: true, size: 13})), rule(1400, headLeftTw))
		right1 = append(right1, para(center, run(motto[0], runStyle{bold: true, size: 12})),
			para(center, run(motto[1], runStyle{bold: true, size: 13})), rule(textWidthPt(motto[1], 13, true)*20, right))
	}
	var b strings.Builder
	b.WriteString(layoutTable(headLeftTw, right))
	b.WriteString("<w:tr>" + cell(headLeftTw, layoutCell, left1...) + cell(right, layoutCell, right1...) + "</w:tr>")
	b.WriteString("<w:tr>" + cell(headLeftTw, layoutCell, para(paraStyle{align: "center", before: 120}, run(d.NumberLine(), runStyle{size: 13}))) +
		cell(right, layoutCell, para(paraStyle{align: "center", before: 120}, run(d.DateLine(), runStyle{italic: true}))) + "</w:tr>")
	b.WriteString("</w:tbl>")
	return b.String()
}

// docxFooter writes "Nơi nhận" on the left and the signing block on the right.
func docxFooter(d *Document) string {
	right := textWidthTw - headLeftTw
	left := []string{para(paraStyle{}, run("Nơi nhận:", runStyle{bold: true, italic: true, size: 12}))}
	for _, r := range d.RecipientLines() {
		left = append(left, para(paraStyle{}, run(r, runStyle{size: 11})))
	}
	center := paraStyle{align: "center", keepNext: true}
	var sig []string
	if d.Signature.OnBehalf != "" {
		sig = append(sig, para(center, run(d.Signature.OnBehalf, runStyle{bold: true})))
	}
	sig = append(sig, para(center, run(d.Signature.Position, runStyle{bold: true})))
	for range 4 {
		sig = append(sig, para(center))
	}
	sig = append(sig, para(paraStyle{align: "center"}, run(d.Signature.Name, runStyle{bold: true})))
	var b strings.Builder
	b.WriteString(para(paraStyle{keepNext: true}))
	b.WriteString(layoutTable(headLeftTw, right))
	b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>` + cell(headLeftTw, layoutCell, left...) + cell(right, layoutCell, sig...) + "</w:tr></w:tbl>")
	b.WriteString(para(paraStyle{}))
	return b.String()
}

// docxTable writes a body table with single borders, a header row repeated on every page, and the
// total row in bold.
func docxTable(t *Table) string {
	widths := columnWidths(t, textWidthTw)
	var b strings.Builder
	fmt.Fprintf(&b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>`, textWidthTw)
	b.WriteString(`<w:tblBorders><w:top w:val="single" w:sz="4" w:color="000000"/><w:left w:val="single" w:sz="4" w:color="000000"/>` +
		`<w:bottom w:val="single" w:sz="4" w:color="000000"/><w:right w:val="single" w:sz="4" w:color="000000"/>` +
		`<w:insideH w:val="single" w:sz="4" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:color="000000"/></w:tblBorders>` +
		`<w:tblLayout w:type="fixed"/>`)
	b.WriteString(`<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
	b.WriteString(`<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
	for i, c := range t.Columns {
		b.WriteString(cell(widths[i], headCell, para(paraStyle{align: "center", before: 40, after: 40}, run(c.Header, runStyle{bold: true, size: 12}))))
	}
	b.WriteString("</w:tr>")
	for r, row := range t.Rows {
		bold := t.TotalRow && r == len(t.Rows)-1
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for i, v := range row {
			align := "left"
			if t.Columns[i].Numeric {
				align = "center"
			}
			b.WriteString(cell(widths[i], bodyCell, para(paraStyle{align: align, before: 40, after: 40}, run(v, runStyle{bold: bold, size: 12}))))
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	return b.String()
}

// columnWidths shares a width among a table's columns by their weights.
func columnWidths(t *Table, width int) []int {
	sum := 0.0
	for _, c := range t.Columns {
		sum += c.Weight
	}
	out := make([]int, len(t.Columns))
	used := 0
	for i, c := range t.Columns {
		out[i] = int(float64(width) * c.Weight / sum)
		used += out[i]
	}
	if len(out) > 0 {
		out[len(out)-1] += width - used
	}
	return out
}

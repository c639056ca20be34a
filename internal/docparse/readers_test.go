package docparse

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"dondoc"
)

// makeZip builds a zip archive from name → content pairs, in order.
func makeZip(t testing.TB, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, files[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

// wp writes a paragraph, numbered when numID is not empty.
func wp(numID string, ilvl int, runs ...string) string {
	ppr := ""
	if numID != "" {
		ppr = fmt.Sprintf(`<w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%s"/></w:numPr></w:pPr>`, ilvl, numID)
	}
	return "<w:p>" + ppr + strings.Join(runs, "") + "</w:p>"
}

func wr(text string) string { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }

func cell(paras ...string) string { return "<w:tc>" + strings.Join(paras, "") + "</w:tc>" }

// testDocx is a small directive: a two-column header table, numbered clauses in three formats, a
// bullet, a tracked deletion, a field code, a tab and a line break, and a table of assignments.
func testDocx(t testing.TB) []byte {
	numbering := `<w:numbering ` + wns + `>
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%1)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
 <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="3">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="3"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
</w:numbering>`
	body := `<w:document ` + wns + `><w:body>` +
		`<w:tbl><w:tr>` + cell(wp("", 0, wr("ỦY BAN NHÂN DÂN")), wp("", 0, wr("TỈNH BẮC GIANG"))) +
		cell(wp("", 0, wr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), wp("", 0, wr("Độc lập - Tự do - Hạnh phúc"))) + `</w:tr>` +
		`<w:tr>` + cell(wp("", 0, wr("Số: 45/KH-UBND"))) + cell(wp("", 0, wr("Bắc Giang, ngày 06 tháng 5 năm 2024"))) + `</w:tr></w:tbl>` +
		wp("", 0, wr("KẾ HOẠCH")) +
		wp("", 0, wr("Triển khai chuyển đổi số")) +
		wp("4", 0, wr("TỔ CHỨC THỰC HIỆN")) +
		wp("1", 0, wr("Sở Tài "), `<w:del><w:r><w:delText>Kế hoạch và </w:delText></w:r></w:del>`, wr("chính")) +
		wp("1", 1, wr("Thẩm định kinh phí"), `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`, wr(".")) +
		wp("1", 1, wr("Báo cáo"), `<w:r><w:tab/></w:r>`, wr("UBND tỉnh"), `<w:r><w:br/></w:r>`, wr("trước ngày 15/7/2024.")) +
		wp("1", 0, wr("Sở Nội vụ")) +
		wp("2", 0, wr("Khen thưởng.")) +
		wp("3", 0, wr("Tuyên truyền.")) +
		`<mc:AlternateContent><mc:Choice Requires="wps">` + wp("", 0, wr("Hộp chữ")) + `</mc:Choice><mc:Fallback>` + wp("", 0, wr("Hộp chữ")) + `</mc:Fallback></mc:AlternateContent>` +
		`<w:tbl><w:tr>` + cell(wp("", 0, wr("STT"))) + cell(wp("", 0, wr("Nhiệm vụ"))) + cell(wp("", 0, wr("Chủ trì"))) + `</w:tr>` +
		`<w:tr>` + cell(wp("", 0, wr("1"))) + cell(wp("", 0, wr("Lập kế hoạch"))) + cell(wp("", 0, wr("Sở A"))) + `</w:tr></w:tbl>` +
		`</w:body></w:document>`
	return makeZip(t, "[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml", body, "word/numbering.xml", numbering,
		"word/header1.xml", `<w:hdr `+wns+`>`+wp("", 0, wr("3"))+`</w:hdr>`)
}

func TestDocxGolden(t *testing.T) {
	src, err := Read(context.Background(), "kh.docx", bytes.NewReader(testDocx(t)), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 45/KH-UBND\nBắc Giang, ngày 06 tháng 5 năm 2024\n" +
		"KẾ HOẠCH\nTriển khai chuyển đổi số\nIV. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\na) Thẩm định kinh phí.\nb) Báo cáo\tUBND tỉnh\ntrước ngày 15/7/2024.\n" +
		"2. Sở Nội vụ\n(1) Khen thưởng.\n- Tuyên truyền.\nHộp chữ\n| STT | Nhiệm vụ | Chủ trì |\n| 1 | Lập kế hoạch | Sở A |\n"
	if src.Text != want {
		t.Errorf("docx text:\n%s\nwant:\n%s", src.Text, want)
	}
	if src.Format != "docx" || len(src.SHA256) != 64 {
		t.Errorf("source = %+v", src)
	}
	d := src.Parse(Options{})
	if d.NumberSymbol == nil || d.NumberSymbol.Text != "45/KH-UBND" || fieldText(d.Issuer) != "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" {
		t.Errorf("draft header = %v %v", d.NumberSymbol, d.Issuer)
	}
	var leads []string
	for _, tk := range d.Tasks {
		leads = append(leads, tk.Clause+"="+strings.Join(texts(tk.Lead), ";"))
	}
	if got := strings.Join(leads, " "); got != "IV.1.a=Sở Tài chính IV.1.b=Sở Tài chính IV.2.(1)=Sở Nội vụ IV.2.(1).-1=Sở Nội vụ T1.1=Sở A" {
		t.Errorf("tasks = %s", got)
	}
}

func TestReaderRejectsBrokenInput(t *testing.T) {
	docx := testDocx(t)
	bomb := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		w.Write(bytes.Repeat([]byte{' '}, 50<<20))
		zw.Close()
		return buf.Bytes()
	}()
	edxml := func(ns string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><edXML:edXMLEnvelope xmlns:edXML="` + ns + `"><edXML:edXMLHeader/></edXML:edXMLEnvelope>`
	}
	for _, c := range []struct {
		name string
		data io.Reader
		want string
	}{
		{"truncated.docx", bytes.NewReader(docx[:len(docx)/2]), "damaged"},
		{"bomb.docx", bytes.NewReader(bomb), "zip bomb"},
		{"fake.pdf", strings.NewReader("this is not a PDF"), "not a PDF"},
		{"msg.xml", strings.NewReader(edxml("http://example.com/other")), "wrong namespace"},
		{"other.xml", strings.NewReader(`<?xml version="1.0"?><html/>`), "not an edXML"},
		{"huge.txt", io.LimitReader(zeros{}, 200<<20), "larger than"},
		{"old.doc", strings.NewReader("\xD0\xCF\x11\xE0 old word"), ".doc"},
		{"empty.txt", strings.NewReader("   \n "), "no text"},
	} {
		_, err := Read(context.Background(), c.name, c.data, DefaultLimits())
		var de *dondoc.Error
		if err == nil || !errors.As(err, &de) || de.Field != "file" || de.Message == "" || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want a file error mentioning %q", c.name, err, c.want)
		}
	}
}

// zeros reads as an endless run of zero bytes without allocating it.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestDecodeText(t *testing.T) {
	for _, c := range []struct {
		name, in, want, enc string
	}{
		{"utf-8 with BOM", "\xEF\xBB\xBFViệt Nam", "Việt Nam", "utf-8"},
		{"utf-8 NFD", "Vie\u0323\u0302t Nam", "Việt Nam", "utf-8"},
		{"windows-1258", "Vi\xEA\xF2t Nam \xD0\xF4\xECc l\xE2\xF2p", "Việt Nam Đốc lập", "windows-1258"},
		{"tcvn3", "Vi\xD6t Nam \xAE\xE9c l\xCBp, th\xB6o lu\xCBn", "Việt Nam độc lập, thảo luận", "tcvn3"},
	} {
		got, enc, err := DecodeText([]byte(c.in))
		if err != nil || got != c.want || enc != c.enc {
			t.Errorf("%s: %q %s %v, want %q %s", c.name, got, enc, err, c.want, c.enc)
		}
	}
}

func TestEdXML(t *testing.T) {
	doc := "ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG\nSố: 73/UBND-TH\nHậu Giang, ngày 12 tháng 1 năm 2018\n\nKính gửi: Sở Tài chính\n\n" +
		"Giao Sở Tài chính báo cáo Ủy ban nhân dân tỉnh trong 3 ngày làm việc kể từ ngày nhận được văn bản./.\n"
	msg := `<?xml version="1.0" encoding="UTF-8"?>
<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLHeader><edXML:MessageHeader>
  <edXML:From><edXML:OrganId>000.00.00.H30</edXML:OrganId><edXML:OrganName>UBND tỉnh Hậu Giang</edXML:OrganName></edXML:From>
  <edXML:To><edXML:OrganId>000.00.01.H30</edXML:OrganId><edXML:OrganName>Sở Tài chính</edXML:OrganName></edXML:To>
  <edXML:Code><edXML:CodeNumber>73</edXML:CodeNumber><edXML:CodeNotation>UBND-TH</edXML:CodeNotation></edXML:Code>
  <edXML:PromulgationInfo><edXML:Place>Hậu Giang</edXML:Place><edXML:PromulgationDate>2018/01/12</edXML:PromulgationDate></edXML:PromulgationInfo>
  <edXML:DocumentType><edXML:Type>18</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
  <edXML:Subject>V/v báo cáo</edXML:Subject>
  <edXML:SignerInfo><edXML:Competence>KT. CHỦ TỊCH</edXML:Competence><edXML:Position>PHÓ CHỦ TỊCH</edXML:Position><edXML:FullName>Trần Văn A</edXML:FullName></edXML:SignerInfo>
  <edXML:OtherInfo><edXML:Priority>1</edXML:Priority></edXML:OtherInfo>
 </edXML:MessageHeader>
 <edXML:TraceHeaderList><edXML:TraceHeader><edXML:OrganId>000.00.00.H30</edXML:OrganId><edXML:Timestamp>2018/01/12 16:30:00</edXML:Timestamp></edXML:TraceHeader></edXML:TraceHeaderList>
 </edXML:edXMLHeader>
 <edXML:edXMLBody><edXML:edXMLManifest/></edXML:edXMLBody>
</edXML:edXMLEnvelope>
<edXML:AttachmentEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:Attachment>
 <edXML:ContentType>text/plain</edXML:ContentType><edXML:AttachmentName>cv73.txt</edXML:AttachmentName>
 <edXML:ContentTransferEncoded>` + base64.StdEncoding.EncodeToString([]byte(doc)) + `</edXML:ContentTransferEncoded>
</edXML:Attachment></edXML:AttachmentEncoded>`
	// The attachment element stands beside the envelope, as integrators send it; wrap both so that
	// the message is one XML document.
	msg = strings.Replace(msg, "<edXML:edXMLEnvelope", "<edXML:edXML xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\"><edXML:edXMLEnvelope", 1) + "</edXML:edXML>"
	src, err := Read(context.Background(), "msg.edxml", strings.NewReader(msg), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	e := src.Envelope
	if e.FromOrganID != "000.00.00.H30" || e.CodeNumber != "73" || e.PromulgationDate != "2018-01-12" || e.ReceivedOn != "2018-01-12" ||
		e.SignerName != "Trần Văn A" || e.Priority != "Khẩn" || len(e.To) != 1 || len(e.Attachments) != 1 {
		t.Errorf("envelope = %+v", e)
	}
	d := src.Parse(Options{})
	if d.NumberSymbol == nil || d.NumberSymbol.Text != "73/UBND-TH" || d.NumberSymbol.Confidence != 1 {
		t.Errorf("number = %+v", d.NumberSymbol)
	}
	if fieldText(d.Urgency) != "Khẩn" || fieldText(d.Signing.Name) != "Trần Văn A" {
		t.Errorf("urgency %v signer %v", d.Urgency, d.Signing.Name)
	}
	if len(d.Tasks) != 1 || d.Tasks[0].DeadlineDate != "2018-01-17" {
		t.Errorf("tasks = %+v", d.Tasks)
	}
}

// minimalPDF builds a one-page PDF that shows lines in Helvetica, with a correct cross-reference
// table, so that the test needs no fixture file.
func minimalPDF(lines ...string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
	for _, l := range lines {
		content.WriteString("(" + l + ") Tj T*\n")
	}
	content.WriteString("ET")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func TestPDFGolden(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (poppler-utils) is not installed; CI must test the PDF reader")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	src, err := Read(context.Background(), "cv.pdf", bytes.NewReader(minimalPDF("So: 12/UBND-VP", "Kinh gui: So Tai chinh", "Giao So Tai chinh bao cao.")), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(src.Text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if strings.Join(lines, "|") != "So: 12/UBND-VP|Kinh gui: So Tai chinh|Giao So Tai chinh bao cao." || src.Format != "pdf" {
		t.Errorf("pdf text = %q", src.Text)
	}
	if _, err := Read(context.Background(), "scan.pdf", bytes.NewReader(minimalPDF()), DefaultLimits()); err == nil || !strings.Contains(err.Error(), "scanned") {
		t.Errorf("empty page: %v, want a scanned-PDF error", err)
	}
}

func TestPDFWithoutPdftotext(t *testing.T) {
	old := pdftotextBin
	pdftotextBin = "dondoc-no-such-pdftotext"
	defer func() { pdftotextBin = old }()
	_, err := Read(context.Background(), "cv.pdf", bytes.NewReader(minimalPDF("x")), DefaultLimits())
	if err == nil || !strings.Contains(err.Error(), "poppler-utils") {
		t.Errorf("error %v, want one naming poppler-utils", err)
	}
}

func TestReadTimeout(t *testing.T) {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	var body strings.Builder
	for i := range 6000 {
		body.WriteString(wp("", 0, wr(fmt.Sprintf("Nội dung %d", i))))
	}
	big := makeZip(t, "word/document.xml", `<w:document `+wns+`><w:body>`+body.String()+`</w:body></w:document>`)
	if _, err := Read(ctx, "a.docx", bytes.NewReader(big), DefaultLimits()); err == nil || !strings.Contains(err.Error(), "longer than allowed") {
		t.Errorf("cancelled read: %v", err)
	}
}

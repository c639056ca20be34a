package report

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/golang/freetype/truetype"
	"golang.org/x/text/unicode/norm"

	"dondoc"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// sampleScorecard is a scorecard of three communes and a district, read on 2026-11-26.
func sampleScorecard() *dondoc.Scorecard {
	post := int64(40)
	fact := func(id, unit int64, name string, status dondoc.Status, due, done dondoc.Date) dondoc.TaskFact {
		return dondoc.TaskFact{ID: id, Title: fmt.Sprintf("Đẩy nhanh giải ngân vốn đầu tư công, dự án số %d", id), LeadUnitID: unit,
			LeadUnitName: name, Status: status, DueOn: due, CompletedOn: done}
	}
	tasks := []dondoc.TaskFact{
		fact(1, 7, "Xã Đồng Việt", dondoc.StatusDone, "2026-10-20", "2026-10-15"),
		fact(2, 7, "Xã Đồng Việt", dondoc.StatusInProgress, "2026-11-01", ""),
		fact(3, 8, "Xã Tân Thanh", dondoc.StatusDone, "2026-10-20", "2026-10-25"),
		fact(4, 8, "Xã Tân Thanh", dondoc.StatusDone, "2026-11-20", "2026-11-02"),
		fact(5, 9, "Huyện Yên Dũng", dondoc.StatusDone, "2026-11-10", "2026-11-09"),
		fact(6, 9, "Huyện Yên Dũng", dondoc.StatusAssigned, "2026-12-30", ""),
		fact(7, 10, "Sở Tài chính", dondoc.StatusInProgress, "", ""),
	}
	tasks[4].AccountablePostID = &post
	holdings := []dondoc.HoldingFact{{PostID: 40, PostTitle: "Bí thư Huyện ủy", IsHead: true, UnitID: 9, UnitName: "Huyện Yên Dũng",
		PersonID: 1, PersonName: "Nguyễn Văn An", From: "2021-07-01"}}
	return scorecardOf(dondoc.ReportFilter{From: "2026-10-01", To: "2026-11-30"}, "2026-11-26", tasks, nil, holdings)
}

// sampleReview is the review of 307-NQ/TU's tasks on 2026-11-26.
func sampleReview() *dondoc.ReviewReport {
	doc := &dondoc.Document{ID: 3, NumberSymbol: "307-NQ/TU", Subject: "Về nhiệm vụ lãnh đạo năm 2026"}
	tasks := []dondoc.TaskFact{
		{ID: 1, LeadUnitID: 7, LeadUnitName: "Xã Đồng Việt", Status: dondoc.StatusDone, DueOn: "2026-10-20", CompletedOn: "2026-10-15"},
		{ID: 2, LeadUnitID: 7, LeadUnitName: "Xã Đồng Việt", Status: dondoc.StatusInProgress, DueOn: "2026-11-01"},
		{ID: 3, LeadUnitID: 8, LeadUnitName: "Xã Tân Thanh", Status: dondoc.StatusDone, DueOn: "2026-10-20", CompletedOn: "2026-10-25"},
		{ID: 4, LeadUnitID: 9, LeadUnitName: "Huyện Yên Dũng", Status: dondoc.StatusSuspended, DueOn: "2026-10-20"},
		{ID: 5, LeadUnitID: 9, LeadUnitName: "Huyện Yên Dũng", Status: dondoc.StatusDone, DueOn: "2026-11-20", CompletedOn: "2026-11-20"},
	}
	return Review(doc, "2026-11-26", tasks)
}

// partyFrame is the frame of a Standing Committee's report, as in the seed dispatch.
var partyFrame = Frame{System: dondoc.SystemParty, Superior: "Đảng bộ tỉnh Bắc Giang", Issuer: "Tỉnh ủy", Number: "125-BC/TU",
	Place: "Bắc Giang", Recipients: []string{"Ban Bí thư Trung ương Đảng (báo cáo)", "Văn phòng Trung ương Đảng (báo cáo)",
		"Lưu Văn phòng Tỉnh ủy"}, Signature: Signature{OnBehalf: "T/M Ban Thường vụ", Position: "Phó Bí thư", Name: "Lê Thị Thu Hồng"}}

// stateFrame is the frame of a provincial People's Committee's report.
var stateFrame = Frame{System: dondoc.SystemState, Superior: "", Issuer: "Ủy ban nhân dân tỉnh Bắc Giang", Number: "45/BC-UBND",
	Place: "Bắc Giang", Recipients: []string{"Thường trực Tỉnh ủy (để b/c)", "Chủ tịch, các PCT UBND tỉnh", "Lưu: VT, TH"},
	Signature: Signature{OnBehalf: "TM. Ủy ban nhân dân", Position: "Chủ tịch", Name: "Nguyễn Văn Gấu"}}

// vietnameseLetters returns the 134 precomposed letters of Vietnamese: the twelve vowels with each
// of the five tones and without, less the six plain Latin vowels, and đ, in both cases.
func vietnameseLetters() []string {
	var out []string
	for _, base := range []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"} {
		for _, tone := range []string{"", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"} {
			if tone == "" && len(base) == 1 {
				continue
			}
			l := norm.NFC.String(base + tone)
			out = append(out, l, strings.ToUpper(l))
		}
	}
	return append(out, "đ", "Đ")
}

func TestVietnameseLetters(t *testing.T) {
	letters := vietnameseLetters()
	if len(letters) != 134 {
		t.Fatalf("%d letters", len(letters))
	}
	for _, l := range letters {
		if len([]rune(l)) != 1 {
			t.Errorf("%q is not one precomposed letter", l)
		}
	}
	for _, face := range []struct {
		name string
		data []byte
	}{{"regular", serifRegular}, {"bold", serifBold}, {"italic", serifItalic}, {"bold italic", serifBoldItalic}} {
		f, err := truetype.Parse(face.data)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range letters {
			if r := []rune(l)[0]; f.Index(r) == 0 {
				t.Errorf("%s face has no glyph for %q", face.name, l)
			}
		}
	}
}

func TestFormatNumbers(t *testing.T) {
	rate := 0.8549
	for _, tc := range []struct{ got, want string }{
		{FormatCount(0), "0"}, {FormatCount(999), "999"}, {FormatCount(1234), "1.234"}, {FormatCount(-1234567), "-1.234.567"},
		{FormatNumber(1234.56, 1), "1.234,6"}, {FormatNumber(-0.04, 1), "0,0"}, {FormatRate(&rate), "85,5%"}, {FormatRate(nil), "-"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestFrameLines(t *testing.T) {
	for _, tc := range []struct {
		f                        Frame
		number, date, recipients string
	}{
		{partyFrame, "Số 125-BC/TU", "Bắc Giang, ngày 05 tháng 02 năm 2026",
			"- Ban Bí thư Trung ương Đảng (báo cáo),|- Văn phòng Trung ương Đảng (báo cáo),|- Lưu Văn phòng Tỉnh ủy."},
		{stateFrame, "Số: 45/BC-UBND", "Bắc Giang, ngày 05 tháng 02 năm 2026",
			"- Thường trực Tỉnh ủy (để b/c);|- Chủ tịch, các PCT UBND tỉnh;|- Lưu: VT, TH."},
		{Frame{}, "Số:       /BC-UBND", "……………, ngày 05 tháng 02 năm 2026", "- Như trên;|- Lưu: VT."},
	} {
		f := tc.f
		f.Date = "2026-02-05"
		f = f.Defaults()
		if got := f.NumberLine(); got != tc.number {
			t.Errorf("number %q, want %q", got, tc.number)
		}
		if got := f.DateLine(); got != tc.date {
			t.Errorf("date %q, want %q", got, tc.date)
		}
		if got := strings.Join(f.RecipientLines(), "|"); got != tc.recipients {
			t.Errorf("recipients %q, want %q", got, tc.recipients)
		}
	}
	f := Frame{Place: "Hà Nội", Date: "2026-11-26"}
	if got := f.DateLine(); got != "Hà Nội, ngày 26 tháng 11 năm 2026" {
		t.Errorf("date %q", got)
	}
}

// sampleDocuments are the reports the golden files hold.
func sampleDocuments() map[string]*Document {
	scorecard := ScorecardDocument(sampleScorecard(), stateFrame)
	review := ReviewDocument(sampleReview(), partyFrame)
	review.Body = append(review.Body[:len(review.Body)-1], append(IndicatorSection("3. Giải ngân vốn đầu tư công", "Giải ngân vốn đầu tư công", "tỷ đồng",
		[]string{"Tháng 9", "Tháng 10", "Tháng 11"}, []float64{1250.5, 1630, 2010.25}, []float64{1400, 1800, 2200}, 1),
		review.Body[len(review.Body)-1])...)
	return map[string]*Document{"scorecard": scorecard, "review": review}
}

func TestDocumentBuilders(t *testing.T) {
	docs := sampleDocuments()
	s := docs["scorecard"]
	if s.Title != "Kết quả thực hiện nhiệm vụ được giao từ ngày 01/10/2026 đến ngày 30/11/2026" {
		t.Errorf("title %q", s.Title)
	}
	// Units: Đồng Việt 1/1 on time, Yên Dũng 1/1, Tân Thanh 1/2; Sở Tài chính has no rate.
	tab := s.Body[2].Table
	var got []string
	for _, r := range tab.Rows {
		got = append(got, strings.Join(r, " "))
	}
	want := []string{"1 Huyện Yên Dũng 2 1 0 0 1 100,0%", "1 Xã Đồng Việt 2 1 0 1 0 100,0%", "3 Xã Tân Thanh 2 1 1 0 0 50,0%",
		" Sở Tài chính 1 0 0 0 1 -", " Tổng cộng 7 3 1 1 2 75,0%"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("units:\n got %q\nwant %q", got, want)
	}
	chart := s.Body[3].Chart
	if chart == nil || fmt.Sprint(chart.Categories, chart.Series[0].Values) != "[Huyện Yên Dũng Xã Đồng Việt Xã Tân Thanh] [100 100 50]" {
		t.Errorf("chart %+v", chart)
	}
	r := docs["review"]
	if r.Title != "Kết quả rà soát, thực hiện các nhiệm vụ theo Nghị quyết số 307-NQ/TU về nhiệm vụ lãnh đạo năm 2026" {
		t.Errorf("title %q", r.Title)
	}
	got = nil
	for _, row := range r.Body[2].Table.Rows {
		got = append(got, strings.Join(row, " "))
	}
	want = []string{"1 Huyện Yên Dũng 2 1 0 0 0 1 100,0%", "2 Xã Đồng Việt 2 1 0 0 1 0 100,0%", "3 Xã Tân Thanh 1 0 1 0 0 0 0,0%",
		" Tổng cộng 5 2 1 0 1 1 66,7%"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("review:\n got %q\nwant %q", got, want)
	}
	if r.Signature.OnBehalf != "T/M BAN THƯỜNG VỤ" || r.NumberLine() != "Số 125-BC/TU" || r.Motto()[0] != "ĐẢNG CỘNG SẢN VIỆT NAM" {
		t.Errorf("party frame: %+v", r.Frame)
	}
}

// golden compares got with testdata/name.golden, or rewrites the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got %q\nwant %q\n(go test -run %s -update rewrites it)", path, i+1, g, w, t.Name())
			}
		}
	}
}

// zipListing checks that every XML part of a zip package is well-formed and writes the package as
// text for a golden file: each entry's name and time, then its XML with one element per line, or the
// size and digest of a binary part. Timestamps inside the
// XML that a library sets from the clock are replaced by a fixed mark.
func zipListing(t *testing.T, data []byte) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	clock := regexp.MustCompile(`(<dcterms:(?:created|modified)[^>]*>)[^<]*`)
	// Some writers store their parts in map order; the listing is in name order.
	files := append([]*zip.File(nil), z.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	var b bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&b, "== %s %s\n", f.Name, f.Modified.UTC().Format(time.DateOnly))
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			for dec := xml.NewDecoder(bytes.NewReader(body)); ; {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Errorf("%s is not well-formed XML: %v", f.Name, err)
					break
				}
			}
			lines := strings.Split(strings.ReplaceAll(clock.ReplaceAllString(string(body), "${1}CLOCK"), "><", ">\n<"), "\n")
			if f.Name == "[Content_Types].xml" || strings.HasSuffix(f.Name, ".rels") {
				// Sets of entries, which some writers put in map order.
				sort.Strings(lines)
			}
			b.WriteString(strings.Join(lines, "\n"))
			b.WriteString("\n")
			continue
		}
		fmt.Fprintf(&b, "%d bytes sha256 %x\n", len(body), sha256.Sum256(body))
	}
	return b.Bytes()
}

func TestDOCXGolden(t *testing.T) {
	for name, d := range sampleDocuments() {
		t.Run(name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := WriteDOCX(&a, d); err != nil {
				t.Fatal(err)
			}
			if err := WriteDOCX(&b, d); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Error("two writes of the same report differ")
			}
			golden(t, name+".docx", zipListing(t, a.Bytes()))
		})
	}
}

func TestXLSXGolden(t *testing.T) {
	var s, r bytes.Buffer
	if err := WriteScorecardXLSX(&s, sampleScorecard()); err != nil {
		t.Fatal(err)
	}
	if err := WriteReviewXLSX(&r, sampleReview()); err != nil {
		t.Fatal(err)
	}
	golden(t, "scorecard.xlsx", zipListing(t, s.Bytes()))
	golden(t, "review.xlsx", zipListing(t, r.Bytes()))
}

// requireTool returns the path of the first of names on PATH. It skips the test when none is
// installed, unless CI=true, where .ci/run installs them and a missing one is a failure.
func requireTool(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("none of %v is installed and CI=true (.ci/run installs it)", names)
	}
	t.Skipf("none of %v is installed", names)
	return ""
}

// pdfText reads a PDF's text back with pdftotext -layout.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := requireTool(t, "pdftotext")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return norm.NFC.String(string(out))
}

// flat joins a text's words with single spaces, so that a check does not depend on where lines
// break.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// mustContain checks that text holds the report's title, number, place and date, signing block and
// the last recipient.
func mustContain(t *testing.T, text string, d *Document) {
	t.Helper()
	text = flat(text)
	for _, want := range []string{d.Kind, d.Title, d.NumberLine(), d.DateLine(), d.Signature.OnBehalf, d.Signature.Position,
		d.Signature.Name, "Nơi nhận:", d.RecipientLines()[len(d.Recipients)-1]} {
		if !strings.Contains(text, flat(want)) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestPDF(t *testing.T) {
	for name, d := range sampleDocuments() {
		t.Run(name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := WritePDF(&a, d); err != nil {
				t.Fatal(err)
			}
			if err := WritePDF(&b, d); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Error("two writes of the same report differ")
			}
			text := pdfText(t, a.Bytes())
			mustContain(t, text, d)
			golden(t, name+".pdf", []byte(text))
		})
	}
}

// TestPDFEveryVietnameseLetter writes every Vietnamese letter in each face and reads them back.
func TestPDFEveryVietnameseLetter(t *testing.T) {
	letters := strings.Join(vietnameseLetters(), " ")
	d := &Document{Frame: Frame{Issuer: letters, Date: "2026-11-26", Place: "Bắc Giang"}.Defaults(), Kind: "BÁO CÁO", Title: letters,
		Body: []Block{Heading(letters), Paragraph(letters)}}
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, l := range vietnameseLetters() {
		// Four faces each print the letter: bold issuer and title, bold heading, regular paragraph.
		if n := strings.Count(text, l); n < 3 {
			t.Errorf("%q read back %d times", l, n)
		}
	}
}

// TestDOCXOpensInLibreOffice converts each report's DOCX to PDF with LibreOffice and reads the
// result back: the file must open, and its title, number and signing block must survive.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	// LibreOffice takes a second or more to start; the other tests run meanwhile.
	t.Parallel()
	office := requireTool(t, "libreoffice", "soffice")
	dir := t.TempDir()
	docs := sampleDocuments()
	var files []string
	for name, d := range docs {
		var buf bytes.Buffer
		if err := WriteDOCX(&buf, d); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A profile of its own lets this run beside another LibreOffice, such as a parallel test.
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", dir}, files...)
	out, err := exec.CommandContext(ctx, office, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	for name, d := range docs {
		pdf, err := os.ReadFile(filepath.Join(dir, name+".pdf"))
		if err != nil {
			t.Fatalf("%s: no PDF: %v\n%s", name, err, out)
		}
		mustContain(t, pdfText(t, pdf), d)
	}
}

package report

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteDocumentXLSX(t *testing.T) {
	d := &Document{Title: "Báo cáo chỉ tiêu", Body: []Block{
		Paragraph("Mở đầu."),
		Heading("1. Giải ngân theo đơn vị: tháng/quý [mẫu]"),
		TableOf(&Table{Columns: []TableColumn{{Header: "Đơn vị", Weight: 30}, {Header: "Số nhà", Weight: 10, Numeric: true},
			{Header: "Tỷ lệ", Weight: 10, Numeric: true}},
			Rows: [][]string{{"Huyện Hiệp Hòa", "1.234", "85,0%"}, {"Huyện Lục Nam", "—", "7,5%"}, {"Tổng cộng", "12.345,5", "—"}}}),
		Heading("1. Giải ngân theo đơn vị: tháng/quý [mẫu]"),
		TableOf(&Table{Columns: []TableColumn{{Header: "Mốc", Weight: 20}}, Rows: [][]string{{"Khởi công"}}}),
	}}
	var buf bytes.Buffer
	if err := WriteDocumentXLSX(&buf, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	want := []string{"1. Giải ngân theo đơn vị  tháng", "1. Giải ngân theo đơn vị  t (2)"}
	if len(sheets) != 2 || sheets[0] != want[0] || sheets[1] != want[1] {
		t.Fatalf("sheets = %q, want %q", sheets, want)
	}
	for _, c := range []struct {
		cell string
		want string
	}{
		{"A1", "Đơn vị"}, {"A2", "Huyện Hiệp Hòa"}, {"B2", "1234"}, {"C2", "0.85"}, {"B3", "—"}, {"C3", "0.075"}, {"B4", "12345.5"},
	} {
		got, err := f.GetCellValue(sheets[0], c.cell, excelize.Options{RawCellValue: true})
		if err != nil || got != c.want {
			t.Errorf("%s = %q (%v), want %q", c.cell, got, err, c.want)
		}
	}
	if typ, _ := f.GetCellType(sheets[0], "B2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("a count is written as text (%v)", typ)
	}
	if got, _ := f.GetCellValue(sheets[1], "A2"); got != "Khởi công" {
		t.Errorf("second table's cell = %q", got)
	}
}

func TestParseFormatted(t *testing.T) {
	for _, tc := range []struct {
		in         string
		v          float64
		rate, fine bool
	}{
		{"1.234", 1234, false, true}, {"1.234.567", 1234567, false, true}, {"12,5", 12.5, false, true},
		{"85,0%", 0.85, true, true}, {"100%", 1, true, true}, {"—", 0, false, false}, {"", 0, false, false},
	} {
		v, rate, ok := parseFormatted(tc.in)
		if ok != tc.fine || rate != tc.rate || (ok && (v-tc.v > 1e-9 || tc.v-v > 1e-9)) {
			t.Errorf("parseFormatted(%q) = %v, %v, %v; want %v, %v, %v", tc.in, v, rate, ok, tc.v, tc.rate, tc.fine)
		}
	}
}

package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dondoc"
)

func TestParseNumber(t *testing.T) {
	good := map[string]float64{
		"1234.5": 1234.5, "1.234,5": 1234.5, "1234,5": 1234.5, "1,234.5": 1234.5, "1.234.567": 1234567,
		"1.234.567,25": 1234567.25, "0.125": 0.125, "0,125": 0.125, "12": 12, "-3,5": -3.5, "+7": 7,
		" 1 234,5 ": 1234.5, "1\u00a0234": 1234, "1234.567": 1234.567, "1,234": 1.234,
	}
	for s, want := range good {
		if got, err := ParseNumber(s); err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	// "1.234" and "12.345" could be thousands or decimals; the rest are not numbers.
	for _, s := range []string{"1.234", "12.345", "-999.000", "abc", "", "1,2,3", "1.23.4", "1.234,5,6", ".5", "1e3x", "12,34.5", "1,234,567"} {
		if v, err := ParseNumber(s); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Errorf("ParseNumber(%q) = %v, %v; want refused", s, v, err)
		}
	}
}

// template is a small template of a ratio indicator with a disaggregation and two units, one of
// which already has a value.
func template() *dondoc.ImportTemplate {
	v := 45.5
	return &dondoc.ImportTemplate{
		Indicator: dondoc.Indicator{Code: "GN", Name: "Giải ngân vốn đầu tư công", Measure: "%", Aggregation: dondoc.AggRatio,
			PeriodType: dondoc.PeriodMonth, Disaggregations: []string{"vốn tỉnh"}},
		Kind: dondoc.ImportActuals, Period: "2024-05",
		Units: []dondoc.TemplateUnit{{ID: 4, Name: "Huyện Yên Dũng", Value: &v}, {ID: 6, Name: "Xã Đồng Việt"}},
	}
}

func TestTemplateXLSXRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplateXLSX(&buf, template()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := f.GetRows(TemplateSheet)
	want := "Mã đơn vị|Tên đơn vị|Kỳ|Giá trị|Mẫu số|Phân tổ: vốn tỉnh|Ghi chú"
	if len(head) != 3 || strings.Join(head[0], "|") != want || head[2][1] != "Xã Đồng Việt" {
		t.Fatalf("template rows = %q", head)
	}
	// The officer fills the denominator of the first unit and the second unit's row, one value as
	// Vietnamese text and one denominator that is not a number.
	for cell, v := range map[string]any{"E2": 100.0, "D3": "1.234,5", "E3": "nhiều", "F3": 12.0, "G3": "Ước tính"} {
		if err := f.SetCellValue(TemplateSheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadImport(out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows = %+v", rows)
	}
	r := rows[0]
	if r.Row != 2 || r.Input.UnitID != 4 || r.Input.Period != "2024-05" || *r.Input.Value != 45.5 || *r.Input.Denominator != 100 || len(r.Problems) != 0 {
		t.Errorf("row 2 = %+v", r)
	}
	r = rows[1]
	if r.Row != 3 || r.Input.UnitID != 6 || *r.Input.Value != 1234.5 || r.Input.Denominator != nil || r.Input.Parts["vốn tỉnh"] != 12 ||
		r.Input.Note != "Ước tính" || len(r.Problems) != 1 || r.Problems[0].Column != "Mẫu số" {
		t.Errorf("row 3 = %+v", r)
	}
}

func TestTemplateCSVRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplateCSV(&buf, template()); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if !strings.HasPrefix(text, "\uFEFFMã đơn vị,Tên đơn vị,Kỳ,Giá trị,Mẫu số,Phân tổ: vốn tỉnh,Ghi chú\n") ||
		!strings.Contains(text, "4,Huyện Yên Dũng,2024-05,\"45,5\",,,\n") {
		t.Fatalf("CSV template:\n%s", text)
	}
	// The second unit's row stays empty and is skipped; the first is read back with its value.
	rows, err := ReadImport(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Input.UnitID != 4 || *rows[0].Input.Value != 45.5 {
		t.Errorf("rows = %+v", rows)
	}
}

func TestReadImportCSV(t *testing.T) {
	// A spreadsheet with a Vietnamese locale writes semicolons; a title row may precede the header,
	// and columns may come in any order.
	csv := "Báo cáo nhà tạm tháng 5;;;\n" +
		"Kỳ;Giá trị;Mã đơn vị;Ghi chú\n" +
		"2024-05;1.234;4;\n" +
		"2024-05;12;x;\n" +
		"2024-05;;7;\n" +
		"2024-05;7,5;8;Đã rà soát\n"
	rows, err := ReadImport([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("rows = %+v", rows)
	}
	if rows[0].Row != 3 || rows[0].Input.Value != nil || len(rows[0].Problems) != 1 || rows[0].Problems[0].Field != "value" {
		t.Errorf("ambiguous value row = %+v", rows[0])
	}
	if rows[1].Row != 4 || rows[1].Input.UnitID != 0 || len(rows[1].Problems) != 1 || rows[1].Problems[0].Column != "Mã đơn vị" {
		t.Errorf("bad unit row = %+v", rows[1])
	}
	if rows[2].Row != 6 || *rows[2].Input.Value != 7.5 || rows[2].Input.Note != "Đã rà soát" || len(rows[2].Problems) != 0 {
		t.Errorf("good row = %+v", rows[2])
	}

	bad := map[string]string{
		"no header":      "a,b,c\n1,2,3\n",
		"no value":       "Mã đơn vị,Kỳ\n4,2024-05\n",
		"not UTF-8":      "M\xe3 \xf0\xf5n v\xec,K\xfd,Gi\xe1 tr\xec\n",
		"broken quote":   "Mã đơn vị,Kỳ,Giá trị\n4,\"2024-05,1\n",
		"broken archive": "PK\x03\x04garbage",
	}
	for name, data := range bad {
		if _, err := ReadImport([]byte(data)); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Errorf("%s: %v, want refused", name, err)
		}
	}
}

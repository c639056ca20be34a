package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dondoc"
)

// readBack opens a written workbook and returns its sheets' raw cell values.
func readBack(t *testing.T, buf *bytes.Buffer) (*excelize.File, map[string][][]string) {
	t.Helper()
	f, err := excelize.OpenReader(buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out[name] = rows
	}
	return f, out
}

// compareRows fails the test where a sheet differs from the expected table.
func compareRows(t *testing.T, sheet string, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d: %q", sheet, len(got), len(want), got)
		return
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Errorf("%s row %d: %q, want %q", sheet, i+1, got[i], want[i])
			continue
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("%s cell %d,%d = %q, want %q", sheet, i+1, j+1, got[i][j], want[i][j])
			}
		}
	}
}

// checkLayout checks the frozen header row and the number format of a cell.
func checkLayout(t *testing.T, f *excelize.File, sheet string, formats map[string]string) {
	t.Helper()
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 {
		t.Errorf("%s: panes = %+v, %v; want the header row frozen", sheet, panes, err)
	}
	for cell, want := range formats {
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != want {
			t.Errorf("%s %s: number format %v, want %q", sheet, cell, st.CustomNumFmt, want)
		}
	}
}

func TestScorecardXLSX(t *testing.T) {
	post := int64(9)
	tasks := []dondoc.TaskFact{
		{ID: 11, Title: "Xóa nhà tạm", AccountablePostID: &post, LeadUnitID: 2, LeadUnitName: "Xã Đồng Việt", Status: dondoc.StatusAssigned, DueOn: "2024-06-01"},
		{ID: 12, LeadUnitID: 2, LeadUnitName: "Xã Đồng Việt", Status: dondoc.StatusDone, DueOn: "2024-06-01", CompletedOn: "2024-05-01"},
		{ID: 13, LeadUnitID: 2, LeadUnitName: "Xã Đồng Việt", Status: dondoc.StatusDone, DueOn: "2024-06-01", CompletedOn: "2024-06-03"},
		{ID: 14, LeadUnitID: 2, LeadUnitName: "Xã Đồng Việt", Status: dondoc.StatusDone, DueOn: "2024-06-01", CompletedOn: "2024-06-01", Extensions: 1},
		{ID: 21, LeadUnitID: 3, LeadUnitName: "Huyện Yên Dũng", Status: dondoc.StatusInProgress},
	}
	for i := 0; i < 1200; i++ {
		tasks = append(tasks, dondoc.TaskFact{ID: int64(100 + i), LeadUnitID: 3, LeadUnitName: "Huyện Yên Dũng", Status: dondoc.StatusDone,
			DueOn: "2024-06-30", CompletedOn: "2024-06-01"})
	}
	s := scorecardOf(dondoc.ReportFilter{From: "2024-05-01", To: "2024-06-30"}, "2024-06-10", tasks,
		[]dondoc.EscalationFact{{ID: 1, FromUnitID: 2, FromUnitName: "Xã Đồng Việt", RaisedOn: "2024-06-03"}},
		[]dondoc.HoldingFact{{PostID: 9, PostTitle: "Chủ tịch UBND xã", IsHead: true, UnitID: 2, UnitName: "Xã Đồng Việt",
			PersonID: 4, PersonName: "Nguyễn Văn An", From: "2021-07-01"}})
	var buf bytes.Buffer
	if err := WriteScorecardXLSX(&buf, s); err != nil {
		t.Fatal(err)
	}
	chart := strings.ReplaceAll(chartXML(t, buf.Bytes()), "&#39;", "'")
	f, sheets := readBack(t, &buf)
	if got := f.GetSheetList(); fmt.Sprint(got) != fmt.Sprint(append(ScorecardSheets, ChartSheet)) {
		t.Fatalf("sheets = %q", got)
	}
	// The chart draws the rates of the two ranked units, not the total.
	for _, ref := range []string{"'Bảng xếp hạng'!$B$2:$B$3", "'Bảng xếp hạng'!$K$2:$K$3", "'Bảng xếp hạng'!$K$1",
		"Tỷ lệ hoàn thành nhiệm vụ đúng hạn", `<varyColors val="0">`} {
		if !strings.Contains(chart, ref) {
			t.Errorf("chart lacks %q:\n%s", ref, chart)
		}
	}
	compareRows(t, ScorecardSheets[0], sheets[ScorecardSheets[0]], [][]string{
		{"Xếp hạng", "Đơn vị", "Được giao", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Hoàn thành (không có hạn)", "Quá hạn",
			"Số ngày quá hạn lớn nhất", "Đang thực hiện", "Tạm dừng", "Tỷ lệ đúng hạn", "Số lần gia hạn", "Kiến nghị chưa trả lời",
			"Số ngày kiến nghị chờ lâu nhất"},
		{"1", "Huyện Yên Dũng", "1201", "1200", "0", "0", "0", "0", "1", "0", "1", "0", "0", "0"},
		{"2", "Xã Đồng Việt", "4", "2", "1", "0", "1", "9", "0", "0", "0.666666666666666", "1", "1", "7"},
		{"", "Tổng cộng", "1205", "1202", "1", "0", "1", "9", "1", "0", "0.999168744804655", "1", "1", "7"},
	})
	compareRows(t, ScorecardSheets[1], sheets[ScorecardSheets[1]], [][]string{
		{"Xếp hạng", "Họ và tên", "Chức vụ", "Đơn vị", "Được giao", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
			"Hoàn thành (không có hạn)", "Quá hạn", "Số ngày quá hạn lớn nhất", "Đang thực hiện", "Tạm dừng", "Tỷ lệ đúng hạn",
			"Số lần gia hạn", "Kiến nghị chưa trả lời", "Số ngày kiến nghị chờ lâu nhất"},
		{"", "Nguyễn Văn An", "Chủ tịch UBND xã", "Xã Đồng Việt", "1", "0", "0", "0", "1", "9", "0", "0", "", "0", "1", "7"},
	})
	compareRows(t, ScorecardSheets[2], sheets[ScorecardSheets[2]], [][]string{
		{"Mã nhiệm vụ", "Nhiệm vụ", "Đơn vị", "Hạn xử lý", "Số ngày quá hạn"},
		{"11", "Xóa nhà tạm", "Xã Đồng Việt", "01/06/2024", "9"},
	})
	checkLayout(t, f, ScorecardSheets[0], map[string]string{"C2": "#,##0", "K3": "0.0%", "N4": "#,##0"})
	checkLayout(t, f, ScorecardSheets[1], map[string]string{"E2": "#,##0", "M2": "0.0%"})
	checkLayout(t, f, ScorecardSheets[2], map[string]string{"E2": "#,##0"})
	// Shown in a spreadsheet, the thousands get a separator and the rate one decimal.
	if v, _ := f.GetCellValue(ScorecardSheets[0], "C2"); v != "1,201" {
		t.Errorf("formatted count = %q", v)
	}
	if v, _ := f.GetCellValue(ScorecardSheets[0], "K3"); v != "66.7%" {
		t.Errorf("formatted rate = %q", v)
	}
}

func TestReviewXLSX(t *testing.T) {
	doc := &dondoc.Document{ID: 5, NumberSymbol: "307-NQ/TU"}
	rep := Review(doc, "2024-06-10", []dondoc.TaskFact{
		{ID: 1, LeadUnitID: 2, LeadUnitName: "Xã Đồng Việt", Status: dondoc.StatusAssigned, DueOn: "2024-06-01"},
		{ID: 2, LeadUnitID: 2, LeadUnitName: "Xã Đồng Việt", Status: dondoc.StatusDone, DueOn: "2024-06-01", CompletedOn: "2024-06-02"},
		{ID: 3, LeadUnitID: 3, LeadUnitName: "Huyện Yên Dũng", Status: dondoc.StatusDraft},
	})
	var buf bytes.Buffer
	if err := WriteReviewXLSX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	f, sheets := readBack(t, &buf)
	compareRows(t, ReviewSheet, sheets[ReviewSheet], [][]string{
		{"Đơn vị", "Tổng số", "Dự thảo", "Đã giao", "Đang thực hiện", "Chờ xác nhận hoàn thành", "Hoàn thành", "Tạm dừng", "Đã hủy",
			"Quá hạn", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Tỷ lệ đúng hạn"},
		{"Huyện Yên Dũng", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
		{"Xã Đồng Việt", "2", "0", "1", "0", "0", "1", "0", "0", "1", "0", "1", "0"},
		{"Tổng cộng", "3", "1", "1", "0", "0", "1", "0", "0", "1", "0", "1", "0"},
	})
	checkLayout(t, f, ReviewSheet, map[string]string{"B2": "#,##0", "L4": "#,##0", "M3": "0.0%"})
	if got := f.GetSheetList(); fmt.Sprint(got) != fmt.Sprint([]string{ReviewSheet, ChartSheet}) {
		t.Errorf("sheets = %q", got)
	}
}

// chartXML returns the first chart part of a workbook.
func chartXML(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := z.Open("xl/charts/chart1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

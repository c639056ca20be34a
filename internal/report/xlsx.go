package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"dondoc"
)

// XLSXMediaType is the media type of the spreadsheets this package writes.
const XLSXMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Number formats of the exported cells. A format code inside an XLSX file is always written with
// "," for thousands and "." for decimals; a spreadsheet program shows it in the reader's locale, so
// that Vietnamese readers see "#.##0" for counts and "0,0%" for rates. Writing "#.##0" into the
// file would instead show every count with three decimals.
const (
	countFormat = "#,##0"
	rateFormat  = "0.0%"
)

// cellKind says how a column's values are formatted.
type cellKind int

const (
	textCell cellKind = iota
	countCell
	rateCell
)

// column is one column of an exported table.
type column struct {
	header string
	width  float64
	kind   cellKind
}

// sheetTable is one sheet: a frozen header row over the rows, with a native chart of one column on a
// chart sheet of its own when chart is set.
type sheetTable struct {
	sheet string
	cols  []column
	rows  [][]any
	chart *tableChart
}

// tableChart is a column chart of one column of a table by another, over the first rows of the
// table; a spreadsheet program draws it from the cells, so it follows any edit to them.
type tableChart struct {
	sheet, title   string
	category, data int // columns, from 1
	rows           int
}

// ChartSheet names the chart sheet of the on-time rate by unit in the scorecard and review workbooks.
const ChartSheet = "Biểu đồ tỷ lệ đúng hạn"

// scorecardColumns are the columns of the scorecard sheet, in the order of scorecardCells.
var scorecardColumns = []column{
	{"Xếp hạng", 10, countCell}, {"Đơn vị", 40, textCell}, {"Được giao", 12, countCell},
	{"Hoàn thành đúng hạn", 14, countCell}, {"Hoàn thành quá hạn", 14, countCell},
	{"Hoàn thành (không có hạn)", 14, countCell}, {"Quá hạn", 10, countCell}, {"Số ngày quá hạn lớn nhất", 14, countCell},
	{"Đang thực hiện", 12, countCell}, {"Tạm dừng", 10, countCell}, {"Tỷ lệ đúng hạn", 12, rateCell},
	{"Số lần gia hạn", 12, countCell}, {"Kiến nghị chưa trả lời", 14, countCell}, {"Số ngày kiến nghị chờ lâu nhất", 16, countCell},
}

func scorecardCells(r *dondoc.ScorecardRow) []any {
	var rank, rate any
	if r.Rank != nil {
		rank = *r.Rank
	}
	if r.OnTimeRate != nil {
		rate = *r.OnTimeRate
	}
	return []any{rank, r.UnitName, r.Assigned, r.DoneOnTime, r.DoneLate, r.DoneNoDeadline, r.Overdue, r.MaxDaysOverdue,
		r.InProgress, r.Suspended, rate, r.Extensions, r.OpenEscalations, r.OldestEscalationDays}
}

// ScorecardSheets names the sheets of a scorecard workbook, in order; the chart sheet follows them
// when a unit has an on-time rate.
var ScorecardSheets = []string{"Bảng xếp hạng", "Người đứng đầu", "Nhiệm vụ quá hạn"}

// WriteScorecardXLSX writes a scorecard as a workbook: the ranked units with a total row on one
// sheet, the ranked heads of unit on a second, and the overdue tasks behind the counts on a third.
func WriteScorecardXLSX(w io.Writer, s *dondoc.Scorecard) error {
	units := sheetTable{sheet: ScorecardSheets[0], cols: scorecardColumns}
	for i := range s.Rows {
		units.rows = append(units.rows, scorecardCells(&s.Rows[i]))
	}
	units.rows = append(units.rows, scorecardCells(&s.Total))
	// Ranked units come first, so the units with a rate are the first rows.
	ranked := 0
	for _, r := range s.Rows {
		if r.OnTimeRate != nil {
			ranked++
		}
	}
	if ranked > 0 {
		units.chart = &tableChart{sheet: ChartSheet, title: "Tỷ lệ hoàn thành nhiệm vụ đúng hạn theo đơn vị chủ trì",
			category: 2, data: 11, rows: ranked}
	}
	heads := sheetTable{sheet: ScorecardSheets[1], cols: append([]column{scorecardColumns[0], {"Họ và tên", 30, textCell},
		{"Chức vụ", 30, textCell}}, scorecardColumns[1:]...)}
	for i := range s.Heads {
		h := &s.Heads[i]
		cells := scorecardCells(&h.Record)
		heads.rows = append(heads.rows, append([]any{cells[0], h.PersonName, h.PostTitle}, cells[1:]...))
	}
	overdue := sheetTable{sheet: ScorecardSheets[2], cols: []column{
		{"Mã nhiệm vụ", 12, countCell}, {"Nhiệm vụ", 60, textCell}, {"Đơn vị", 40, textCell},
		{"Hạn xử lý", 12, textCell}, {"Số ngày quá hạn", 12, countCell},
	}}
	for _, t := range s.OverdueTasks {
		overdue.rows = append(overdue.rows, []any{t.TaskID, t.Title, t.UnitName, t.DueOn.Format(), t.DaysOverdue})
	}
	if shown := len(s.OverdueTasks); shown < s.Total.Overdue {
		overdue.rows = append(overdue.rows, []any{nil, overdueShown(shown, s.Total.Overdue), nil, nil, nil})
	}
	return writeTables(w, units, heads, overdue)
}

// ReviewSheet names the sheet of a review workbook.
const ReviewSheet = "Rà soát"

// WriteReviewXLSX writes a review report as a workbook with one sheet: one row per lead unit and
// a total row, with a column per status.
func WriteReviewXLSX(w io.Writer, rep *dondoc.ReviewReport) error {
	t := sheetTable{sheet: ReviewSheet, cols: []column{{"Đơn vị", 40, textCell}, {"Tổng số", 10, countCell}}}
	for _, st := range dondoc.Statuses {
		t.cols = append(t.cols, column{capitalize(dondoc.StatusLabelVI[st]), 14, countCell})
	}
	t.cols = append(t.cols, column{"Quá hạn", 10, countCell}, column{"Hoàn thành đúng hạn", 14, countCell},
		column{"Hoàn thành quá hạn", 14, countCell}, column{"Tỷ lệ đúng hạn", 12, rateCell})
	cells := func(r *dondoc.ReviewRow) []any {
		out := []any{r.UnitName, r.Total}
		for _, st := range dondoc.Statuses {
			out = append(out, r.ByStatus[st])
		}
		var rate any
		if v := reviewRate(r); v != nil {
			rate = *v
		}
		return append(out, r.Overdue, r.DoneOnTime, r.DoneLate, rate)
	}
	for i := range rep.Rows {
		t.rows = append(t.rows, cells(&rep.Rows[i]))
	}
	if len(rep.Rows) > 0 {
		// Units without a rate stay in the chart as gaps, in the table's order.
		t.chart = &tableChart{sheet: ChartSheet, title: "Tỷ lệ hoàn thành nhiệm vụ đúng hạn theo đơn vị chủ trì",
			category: 1, data: len(t.cols), rows: len(rep.Rows)}
	}
	t.rows = append(t.rows, cells(&rep.Total))
	return writeTables(w, t)
}

// capitalize upper-cases the first letter of a Vietnamese label for a column header.
func capitalize(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}

// writeTables writes each table on its own sheet, streaming the rows so that a large table does
// not hold a second copy of itself in the workbook's memory.
func writeTables(w io.Writer, tables ...sheetTable) error {
	f := excelize.NewFile()
	defer f.Close()
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return err
	}
	count, rate := countFormat, rateFormat
	countStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &count})
	if err != nil {
		return err
	}
	rateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &rate})
	if err != nil {
		return err
	}
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(t.sheet); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(t.sheet)
		if err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		for c, col := range t.cols {
			if err := sw.SetColWidth(c+1, c+1, col.width); err != nil {
				return err
			}
		}
		head := make([]any, len(t.cols))
		for c, col := range t.cols {
			head[c] = excelize.Cell{StyleID: header, Value: col.header}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for r, row := range t.rows {
			cells := make([]any, len(row))
			for c, v := range row {
				switch t.cols[c].kind {
				case countCell:
					cells[c] = excelize.Cell{StyleID: countStyle, Value: v}
				case rateCell:
					cells[c] = excelize.Cell{StyleID: rateStyle, Value: v}
				default:
					cells[c] = v
				}
			}
			cell, err := excelize.CoordinatesToCellName(1, r+2)
			if err != nil {
				return err
			}
			if err := sw.SetRow(cell, cells); err != nil {
				return fmt.Errorf("sheet %s row %d: %w", t.sheet, r+2, err)
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	for _, t := range tables {
		if t.chart != nil {
			if err := addChartSheet(f, t); err != nil {
				return err
			}
		}
	}
	return f.Write(w)
}

// addChartSheet draws a table's chart as a native column chart on a chart sheet of its own; the
// streamed sheets cannot take a drawing once written, and a chart sheet prints on a page of its own.
func addChartSheet(f *excelize.File, t sheetTable) error {
	c := t.chart
	sheet := "'" + strings.ReplaceAll(t.sheet, "'", "''") + "'!"
	ref := func(col, from, to int) (string, error) {
		name, err := excelize.ColumnNumberToName(col)
		if err != nil {
			return "", err
		}
		if from == to {
			return fmt.Sprintf("%s$%s$%d", sheet, name, from), nil
		}
		return fmt.Sprintf("%s$%s$%d:$%s$%d", sheet, name, from, name, to), nil
	}
	categories, err := ref(c.category, 2, c.rows+1)
	if err != nil {
		return err
	}
	values, err := ref(c.data, 2, c.rows+1)
	if err != nil {
		return err
	}
	// The series is named by its header cell: excelize reads a series name as a formula.
	name, err := ref(c.data, 1, 1)
	if err != nil {
		return err
	}
	zero, one, vary := 0.0, 1.0, false
	return f.AddChartSheet(c.sheet, &excelize.Chart{
		Type:         excelize.Col,
		VaryColors:   &vary,
		Series:       []excelize.ChartSeries{{Name: name, Categories: categories, Values: values}},
		Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title}}},
		Legend:       excelize.ChartLegend{Position: "none"},
		YAxis:        excelize.ChartAxis{Minimum: &zero, Maximum: &one, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		PlotArea:     excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: rateFormat}},
		ShowBlanksAs: "gap",
	})
}

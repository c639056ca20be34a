package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"dondoc"
	"dondoc/internal/vntext"
)

// CSVMediaType is the media type of the CSV templates this package writes and reads.
const CSVMediaType = "text/csv; charset=utf-8"

// TemplateSheet names the sheet of an import template that holds the rows; the reader takes it,
// or the first sheet of a workbook that has none by that name.
const TemplateSheet = "Nhập liệu"

// guideSheet names the template's sheet that says what the file is for.
const guideSheet = "Hướng dẫn"

// utf8BOM starts the CSV templates, without which spreadsheet programs read UTF-8 as a legacy code
// page and garble every Vietnamese letter.
const utf8BOM = "\uFEFF"

// templateColumns returns the headers of a template for an indicator: the unit's id and name, the
// period and the value, for actuals the denominator of a ratio and a column per disaggregation,
// then a note.
func templateColumns(ind *dondoc.Indicator, kind dondoc.ImportKind) []string {
	cols := []string{dondoc.ColUnitID, dondoc.ColUnitName, dondoc.ColPeriod, dondoc.ColValue}
	if kind == dondoc.ImportActuals {
		if ind.Aggregation == dondoc.AggRatio {
			cols = append(cols, dondoc.ColDenominator)
		}
		for _, d := range ind.Disaggregations {
			cols = append(cols, dondoc.ColPartPrefix+d)
		}
	}
	return append(cols, dondoc.ColNote)
}

// WriteTemplateXLSX writes an import template as a workbook: a sheet of rows to fill, one per unit
// with its id, name and period filled in and the value already stored when there is one, under a
// frozen header; and a sheet that names the indicator and says how the file is read back.
func WriteTemplateXLSX(w io.Writer, t *dondoc.ImportTemplate) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", TemplateSheet); err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return err
	}
	cols := templateColumns(&t.Indicator, t.Kind)
	sw, err := f.NewStreamWriter(TemplateSheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for c, h := range cols {
		width := 16.0
		if h == dondoc.ColUnitName {
			width = 40
		}
		if err := sw.SetColWidth(c+1, c+1, width); err != nil {
			return err
		}
	}
	head := make([]any, len(cols))
	for c, h := range cols {
		head[c] = excelize.Cell{StyleID: header, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for r, u := range t.Units {
		row := make([]any, len(cols))
		row[0], row[1], row[2] = u.ID, u.Name, t.Period
		if u.Value != nil {
			row[3] = *u.Value
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if _, err := f.NewSheet(guideSheet); err != nil {
		return err
	}
	for i, line := range templateGuide(t) {
		if err := f.SetCellValue(guideSheet, "A"+strconv.Itoa(i+1), line); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(guideSheet, "A", "A", 100); err != nil {
		return err
	}
	return f.Write(w)
}

// templateGuide is the text of the guide sheet.
func templateGuide(t *dondoc.ImportTemplate) []string {
	what := "Số liệu thực hiện"
	if t.Kind == dondoc.ImportTargets {
		what = "Chỉ tiêu kế hoạch"
	}
	return []string{
		"Chỉ tiêu: " + t.Indicator.Code + " – " + t.Indicator.Name + " (" + t.Indicator.Measure + ")",
		"Loại số liệu: " + what + "; kỳ: " + t.Period,
		"Điền cột “" + dondoc.ColValue + "” cho từng đơn vị; dòng để trống giá trị sẽ được bỏ qua.",
		"Không sửa cột “" + dondoc.ColUnitID + "”. Số viết dạng 1.234,5 hoặc 1234.5.",
		"Khi tải lên, mọi dòng được kiểm tra; chỉ cần một dòng sai thì không dòng nào được ghi.",
	}
}

// WriteTemplateCSV writes the same template as CSV in UTF-8 with a byte-order mark, values with a
// decimal comma as Vietnamese spreadsheets write them.
func WriteTemplateCSV(w io.Writer, t *dondoc.ImportTemplate) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cols := templateColumns(&t.Indicator, t.Kind)
	if err := cw.Write(cols); err != nil {
		return err
	}
	for _, u := range t.Units {
		row := make([]string, len(cols))
		row[0], row[1], row[2] = strconv.FormatInt(u.ID, 10), u.Name, t.Period
		if u.Value != nil {
			row[3] = strings.Replace(strconv.FormatFloat(*u.Value, 'f', -1, 64), ".", ",", 1)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadImport reads the rows of an import file, XLSX or CSV (told apart by their content), laid out
// as a template: a header row naming the columns, in any order and below any title rows, then the
// data rows. Rows without a value, denominator, part or note are left unfilled and skipped. A cell
// that cannot be read becomes a problem of its row, so that every bad row is reported together; a
// file without the required columns is refused as a whole on the field "file".
func ReadImport(data []byte) ([]dondoc.ImportRow, error) {
	var grid [][]string
	var machine bool
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		g, err := readXLSX(data)
		if err != nil {
			return nil, err
		}
		grid, machine = g, true
	} else {
		g, err := readCSV(data)
		if err != nil {
			return nil, err
		}
		grid = g
	}
	return gridRows(grid, machine)
}

// badFile is the refusal of a file that cannot be read at all.
func badFile(vi, en string) error { return dondoc.Invalid("file", vi, en) }

// readXLSX returns the cells of the template sheet as text, numbers in their raw form.
func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, badFile("Không đọc được tệp Excel (.xlsx).", "Could not read the XLSX file.")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, badFile("Tệp Excel không có trang tính nào.", "The workbook has no sheet.")
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if s == TemplateSheet {
			sheet = s
		}
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, badFile("Không đọc được trang tính “"+sheet+"”.", "Could not read sheet "+sheet+".")
	}
	return rows, nil
}

// readCSV returns the cells of a CSV file in UTF-8, separated by commas or, as spreadsheets with a
// Vietnamese locale write them, by semicolons.
func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	if !utf8.Valid(data) {
		return nil, badFile("Tệp CSV phải được lưu dạng UTF-8.", "The CSV file must be UTF-8.")
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, badFile("Tệp CSV sai cú pháp ở dòng "+strconv.Itoa(pe.Line)+".", "Malformed CSV at line "+strconv.Itoa(pe.Line)+".")
		}
		return nil, badFile("Không đọc được tệp CSV.", "Could not read the CSV file.")
	}
	return rows, nil
}

// normHeader folds a header for matching: NFC, trimmed, lower case, inner spaces collapsed.
func normHeader(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(vntext.NFC(s)), " "))
}

// gridRows turns the cells of a sheet into import rows.
func gridRows(grid [][]string, machine bool) ([]dondoc.ImportRow, error) {
	headerAt := -1
	for i, row := range grid {
		for _, c := range row {
			if normHeader(c) == normHeader(dondoc.ColUnitID) {
				headerAt = i
			}
		}
		if headerAt >= 0 {
			break
		}
	}
	if headerAt < 0 {
		return nil, badFile("Không thấy dòng tiêu đề có cột “"+dondoc.ColUnitID+"”; hãy dùng mẫu do hệ thống xuất.",
			"No header row with the column "+dondoc.ColUnitID+"; use the template the system exports.")
	}
	col := map[string]int{}
	parts := map[string]int{}
	prefix := normHeader(dondoc.ColPartPrefix)
	for c, h := range grid[headerAt] {
		n := normHeader(h)
		switch {
		case n == "":
		case strings.HasPrefix(n, prefix):
			parts[strings.TrimSpace(vntext.NFC(strings.TrimSpace(h))[len(dondoc.ColPartPrefix):])] = c
		default:
			col[n] = c
		}
	}
	for _, need := range []string{dondoc.ColUnitID, dondoc.ColPeriod, dondoc.ColValue} {
		if _, ok := col[normHeader(need)]; !ok {
			return nil, badFile("Thiếu cột “"+need+"” ở dòng tiêu đề.", "The header row lacks the column "+need+".")
		}
	}
	cell := func(row []string, name string) (string, bool) {
		c, ok := col[normHeader(name)]
		if !ok || c >= len(row) {
			return "", ok
		}
		return strings.TrimSpace(row[c]), true
	}
	var out []dondoc.ImportRow
	for i := headerAt + 1; i < len(grid); i++ {
		row := grid[i]
		r := dondoc.ImportRow{Row: i + 1}
		value, _ := cell(row, dondoc.ColValue)
		den, _ := cell(row, dondoc.ColDenominator)
		note, _ := cell(row, dondoc.ColNote)
		filled := value != "" || den != "" || note != ""
		for name, c := range parts {
			if c < len(row) && strings.TrimSpace(row[c]) != "" {
				filled = true
				if r.Input.Parts == nil {
					r.Input.Parts = map[string]float64{}
				}
				if v, ok := readNumber(row[c], machine, &r, "parts."+name); ok {
					r.Input.Parts[name] = v
				}
			}
		}
		if !filled {
			continue
		}
		unit, _ := cell(row, dondoc.ColUnitID)
		if id, err := strconv.ParseInt(strings.TrimSuffix(unit, ".0"), 10, 64); err == nil && id > 0 {
			r.Input.UnitID = id
		} else {
			r.Problem("unit_id", "Mã đơn vị phải là số nguyên dương, có “"+unit+"”.", "The unit id must be a positive integer, got “"+unit+"”.")
		}
		r.Input.Period, _ = cell(row, dondoc.ColPeriod)
		r.Input.Note = note
		if value != "" {
			if v, ok := readNumber(value, machine, &r, "value"); ok {
				r.Input.Value = &v
			}
		}
		if den != "" {
			if v, ok := readNumber(den, machine, &r, "denominator"); ok {
				r.Input.Denominator = &v
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// readNumber reads a number cell, recording a problem on field when it is not one. Numbers from a
// workbook are in the raw form a spreadsheet stores, tried before the forms people type.
func readNumber(s string, machine bool, r *dondoc.ImportRow, field string) (float64, bool) {
	s = strings.TrimSpace(s)
	if machine {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return v, true
		}
	}
	v, err := ParseNumber(s)
	if err != nil {
		var de *dondoc.Error
		errors.As(err, &de)
		r.Problem(field, de.Message, de.MessageEN)
		return 0, false
	}
	return v, true
}

var (
	plainNumberRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
	commaNumberRE = regexp.MustCompile(`^[0-9]+,[0-9]+$`)
	viGroupedRE   = regexp.MustCompile(`^[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]+)?$`)
	enGroupedRE   = regexp.MustCompile(`^[1-9][0-9]{0,2}(,[0-9]{3})+\.[0-9]+$`)
	ambiguousRE   = regexp.MustCompile(`^[1-9][0-9]{0,2}\.[0-9]{3}$`)
)

// ParseNumber reads a number as people type it in Vietnamese spreadsheets, "1.234,5" (dot for
// thousands, comma for decimals), or plainly, "1234.5"; "1,234.5" with both separators is read by
// the last one. "1.234" alone could mean either one thousand two hundred and thirty-four or one
// point two three four, so it is refused rather than guessed: a wrong guess is a figure off by a
// thousand times in a report.
func ParseNumber(s string) (float64, error) {
	t := strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), "\u00a0", ""), " ", "")
	sign := 1.0
	if rest, ok := strings.CutPrefix(t, "-"); ok {
		t, sign = rest, -1
	} else {
		t = strings.TrimPrefix(t, "+")
	}
	var plain string
	switch {
	case ambiguousRE.MatchString(t):
		return 0, dondoc.Invalid("value", "Số “"+s+"” không rõ nghĩa: hãy viết "+strings.Replace(t, ".", "", 1)+
			" (không có dấu chấm) hoặc "+strings.Replace(t, ".", ",", 1)+" (dấu phẩy thập phân).",
			"The number “"+s+"” is ambiguous: write it without the dot or with a decimal comma.")
	case plainNumberRE.MatchString(t):
		plain = t
	case commaNumberRE.MatchString(t):
		plain = strings.Replace(t, ",", ".", 1)
	case viGroupedRE.MatchString(t):
		plain = strings.Replace(strings.ReplaceAll(t, ".", ""), ",", ".", 1)
	case enGroupedRE.MatchString(t):
		plain = strings.ReplaceAll(t, ",", "")
	default:
		return 0, dondoc.Invalid("value", "“"+s+"” không phải là số (ví dụ 1.234,5 hoặc 1234.5).",
			"“"+s+"” is not a number (e.g. 1.234,5 or 1234.5).")
	}
	v, err := strconv.ParseFloat(plain, 64)
	if err != nil {
		return 0, dondoc.Invalid("value", "“"+s+"” không phải là số.", "“"+s+"” is not a number.")
	}
	return sign * v, nil
}

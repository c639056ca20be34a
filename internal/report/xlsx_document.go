package report

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"dondoc/internal/vntext"
)

// WriteDocumentXLSX writes every table of a report as a sheet of a workbook, named after the
// heading above it, so that any table a page offers as DOCX or PDF also goes to a spreadsheet
// from the one document model. Numeric columns carry numbers, not the text the other writers
// print: a count is written back from "1.234" and a rate from "85,0%", which is how FormatCount
// and FormatRate wrote them; a cell that is not a number (a dash for no data) stays text.
func WriteDocumentXLSX(w io.Writer, d *Document) error {
	var tables []sheetTable
	heading := d.Title
	used := map[string]int{}
	for _, b := range d.Body {
		switch b.Kind {
		case HeadingBlock:
			heading = b.Text
		case TableBlock:
			tables = append(tables, documentSheet(sheetName(heading, used), b.Table))
		}
	}
	if len(tables) == 0 {
		tables = append(tables, sheetTable{sheet: sheetName(d.Title, used), cols: []column{{header: d.Title, width: 60}}})
	}
	return writeTables(w, tables...)
}

// documentSheet turns a body table into a sheet, widths in proportion to the columns' weights.
func documentSheet(name string, t *Table) sheetTable {
	st := sheetTable{sheet: name}
	for _, c := range t.Columns {
		kind := textCell
		if c.Numeric {
			kind = countCell
		}
		st.cols = append(st.cols, column{header: c.Header, width: max(10, c.Weight*1.2), kind: kind})
	}
	for _, row := range t.Rows {
		cells := make([]any, len(row))
		for i, text := range row {
			cells[i] = text
			if i >= len(st.cols) || st.cols[i].kind == textCell {
				continue
			}
			if v, rate, ok := parseFormatted(text); ok {
				if rate {
					st.cols[i].kind = rateCell
				}
				cells[i] = v
			}
		}
		st.rows = append(st.rows, cells)
	}
	return st
}

// parseFormatted reads back a number written the Vietnamese way by FormatCount, FormatNumber or
// FormatRate: dots between thousands, a comma before decimals, and a trailing % for a rate, which
// comes back as a fraction for the rate cell format.
func parseFormatted(s string) (v float64, rate bool, ok bool) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "%") {
		rate, s = true, strings.TrimSpace(strings.TrimSuffix(s, "%"))
	}
	s = strings.ReplaceAll(s, ".", "")
	s = strings.Replace(s, ",", ".", 1)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, false
	}
	if rate {
		f /= 100
	}
	return f, rate, true
}

// sheetName makes a sheet name from a heading: at most 31 characters, none of those a workbook
// forbids, and unique within the workbook.
func sheetName(heading string, used map[string]int) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, vntext.NFC(strings.TrimSpace(heading)))
	if name == "" {
		name = "Bảng"
	}
	name = truncateRunes(name, 31)
	used[name]++
	if n := used[name]; n > 1 {
		suffix := " (" + strconv.Itoa(n) + ")"
		name = truncateRunes(name, 31-utf8.RuneCountInString(suffix)) + suffix
	}
	return name
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"dondoc"
)

// Document is an official report in the layout its issuing system prescribes: Nghị định 30/2020
// for State bodies, Hướng dẫn 36-HD/VPTW for Party bodies. It is the one model the DOCX and PDF
// writers share, so that both files of a report say the same thing in the same order.
type Document struct {
	Frame
	// Kind is the document type printed above the title, "BÁO CÁO" for every report here.
	Kind string
	// Title is the subject line under the type ("Kết quả thực hiện nhiệm vụ …").
	Title string
	// Body is the content between the title and the recipients, in reading order.
	Body []Block
}

// Frame is everything around a report's body: who issues it, under which number, where and when,
// to whom it goes and who signs it. A caller fills what it knows and Defaults fills the rest with
// the blanks an office writes in by hand before signing.
type Frame struct {
	// System is dondoc.SystemParty or dondoc.SystemState; it decides the header, the number's form
	// and the signing forms.
	System string
	// Superior is the body above the issuer, printed over it ("ĐẢNG BỘ TỈNH BẮC GIANG",
	// "UBND TỈNH BẮC GIANG"); it may be empty.
	Superior string
	// Issuer is the issuing body, printed in bold ("TỈNH ỦY", "SỞ TÀI CHÍNH").
	Issuer string
	// Number is the number and symbol without "Số" ("12-BC/TU", "45/BC-UBND"); empty leaves the
	// number blank for the clerk to fill when the report is registered.
	Number string
	// Place is the administrative unit where the issuer sits ("Bắc Giang").
	Place string
	// Date is the issuing date; empty leaves the day and month blank.
	Date dondoc.Date
	// Recipients are the lines of "Nơi nhận", without the leading dash or the closing punctuation.
	Recipients []string
	// Signature is the signing block.
	Signature Signature
}

// Signature is the signing block: the authority line ("T/M BAN THƯỜNG VỤ", "TM. ỦY BAN NHÂN DÂN"),
// the signer's position and name. Each part may be empty except the position.
type Signature struct {
	OnBehalf string
	Position string
	Name     string
}

// BlockKind tells what a body block holds.
type BlockKind int

// The kinds of body block.
const (
	// HeadingBlock is a bold section heading such as "1. Kết quả theo đơn vị".
	HeadingBlock BlockKind = iota
	// ParagraphBlock is a justified paragraph with a first-line indent.
	ParagraphBlock
	// TableBlock is a bordered table.
	TableBlock
	// ChartBlock is a chart drawn as a picture.
	ChartBlock
)

// Block is one element of a report's body.
type Block struct {
	Kind  BlockKind
	Text  string
	Table *Table
	Chart *Chart
}

// Table is a body table whose cells are already written as Vietnamese readers expect ("1.234",
// "85,0%"), so that every writer prints the same text.
type Table struct {
	Columns []TableColumn
	Rows    [][]string
	// TotalRow marks the last row as a total, printed in bold.
	TotalRow bool
}

// TableColumn is one column of a body table. Weight is its share of the text width; numbers are
// centred.
type TableColumn struct {
	Header  string
	Weight  float64
	Numeric bool
}

// Heading returns a heading block.
func Heading(text string) Block { return Block{Kind: HeadingBlock, Text: text} }

// Paragraph returns a paragraph block.
func Paragraph(text string) Block { return Block{Kind: ParagraphBlock, Text: text} }

// TableOf returns a table block.
func TableOf(t *Table) Block { return Block{Kind: TableBlock, Table: t} }

// ChartOf returns a chart block.
func ChartOf(c *Chart) Block { return Block{Kind: ChartBlock, Chart: c} }

// Defaults fills what a caller left empty: State by default, blanks for an unknown issuer, number,
// place and signer, the system's usual signing authority, and the usual "Nơi nhận" ending with the
// archive copy. Text is normalised to NFC, since a PDF places tone marks wrongly in decomposed text.
func (f Frame) Defaults() Frame {
	if f.System != dondoc.SystemParty {
		f.System = dondoc.SystemState
	}
	party := f.System == dondoc.SystemParty
	if f.Issuer == "" {
		f.Issuer = "…………………"
	}
	if f.Place == "" {
		f.Place = "……………"
	}
	if f.Signature.OnBehalf == "" && f.Signature.Position == "" {
		if party {
			f.Signature.OnBehalf, f.Signature.Position = "T/M BAN THƯỜNG VỤ", "BÍ THƯ"
		} else {
			f.Signature.OnBehalf, f.Signature.Position = "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
		}
	}
	if len(f.Recipients) == 0 {
		if party {
			f.Recipients = []string{"Như trên", "Lưu Văn phòng"}
		} else {
			f.Recipients = []string{"Như trên", "Lưu: VT"}
		}
	}
	nfc := norm.NFC.String
	f.Superior, f.Issuer, f.Number, f.Place = nfc(strings.ToUpper(f.Superior)), nfc(strings.ToUpper(f.Issuer)), nfc(f.Number), nfc(f.Place)
	f.Signature = Signature{nfc(strings.ToUpper(f.Signature.OnBehalf)), nfc(strings.ToUpper(f.Signature.Position)), nfc(f.Signature.Name)}
	rec := make([]string, len(f.Recipients))
	for i, r := range f.Recipients {
		rec[i] = nfc(strings.TrimRight(strings.TrimLeft(strings.TrimSpace(r), "- "), ",;."))
	}
	f.Recipients = rec
	return f
}

// Party reports whether the frame is laid out as a Party document.
func (f *Frame) Party() bool { return f.System == dondoc.SystemParty }

// NumberLine is the number as printed: "Số 12-BC/TU" in Party documents, "Số: 45/BC-UBND" in State
// ones, with blanks where the number is not yet given.
func (f *Frame) NumberLine() string {
	n := f.Number
	if f.Party() {
		if n == "" {
			n = "      -BC/TU"
		}
		return "Số " + n
	}
	if n == "" {
		n = "      /BC-UBND"
	}
	return "Số: " + n
}

// DateLine is the place and date line, "Bắc Giang, ngày 05 tháng 02 năm 2026": the day under 10
// and the months January and February are written with a leading zero, so that nobody can add a
// digit in front; the other months are not.
func (f *Frame) DateLine() string {
	if !f.Date.Valid() {
		return f.Place + ", ngày      tháng      năm       "
	}
	t := f.Date.Time()
	month := strconv.Itoa(int(t.Month()))
	if t.Month() <= 2 {
		month = "0" + month
	}
	return fmt.Sprintf("%s, ngày %02d tháng %s năm %d", f.Place, t.Day(), month, t.Year())
}

// RecipientLines are the "Nơi nhận" lines as printed: each after a dash, the last closed by a full
// stop and the others by a semicolon in State documents or a comma in Party ones, as each system's
// models do.
func (f *Frame) RecipientLines() []string {
	sep := ";"
	if f.Party() {
		sep = ","
	}
	out := make([]string, len(f.Recipients))
	for i, r := range f.Recipients {
		end := sep
		if i == len(f.Recipients)-1 {
			end = "."
		}
		out[i] = "- " + r + end
	}
	return out
}

// Motto returns the lines printed at the top right: the national name and motto of the State, or
// the name of the Party.
func (f *Frame) Motto() []string {
	if f.Party() {
		return []string{"ĐẢNG CỘNG SẢN VIỆT NAM"}
	}
	return []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"}
}

// FormatCount writes a count as Vietnamese readers do, with a dot between thousands: 1.234.
func FormatCount(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FormatNumber writes a number with the given decimals, a dot between thousands and a comma
// before the decimals: 1.234,5.
func FormatNumber(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.Atoi(whole)
	out := FormatCount(n)
	if frac != "" {
		out += "," + frac
	}
	if v < 0 && strings.Trim(s, "0.") != "" {
		out = "-" + out
	}
	return out
}

// FormatRate writes a share as a percentage with one decimal, "85,0%", or "-" when there is none.
func FormatRate(r *float64) string {
	if r == nil {
		return "-"
	}
	return FormatNumber(*r*100, 1) + "%"
}

// ScorecardDocument is the report of a scorecard: a summary paragraph, the table of units with
// their on-time rates and a bar chart of them, the heads of unit when any is on record, and the
// overdue tasks.
func ScorecardDocument(s *dondoc.Scorecard, f Frame) *Document {
	if f.Date == "" {
		f.Date = s.AsOf
	}
	d := &Document{Frame: f.Defaults(), Kind: "BÁO CÁO",
		Title: fmt.Sprintf("Kết quả thực hiện nhiệm vụ được giao từ ngày %s đến ngày %s", s.From.Format(), s.To.Format())}
	t := &s.Total
	d.Body = append(d.Body, Paragraph(fmt.Sprintf("Tính đến ngày %s, các đơn vị chủ trì được giao %s nhiệm vụ; "+
		"đã hoàn thành %s nhiệm vụ (đúng hạn %s, quá hạn %s, không có hạn %s); quá hạn chưa hoàn thành %s nhiệm vụ; "+
		"đang thực hiện %s nhiệm vụ; tạm dừng %s nhiệm vụ. Tỷ lệ hoàn thành đúng hạn chung đạt %s.",
		s.AsOf.Format(), FormatCount(t.Assigned), FormatCount(t.DoneOnTime+t.DoneLate+t.DoneNoDeadline),
		FormatCount(t.DoneOnTime), FormatCount(t.DoneLate), FormatCount(t.DoneNoDeadline), FormatCount(t.Overdue),
		FormatCount(t.InProgress), FormatCount(t.Suspended), FormatRate(t.OnTimeRate))))
	units := &Table{TotalRow: true, Columns: scorecardDocColumns(false)}
	for i := range s.Rows {
		units.Rows = append(units.Rows, scorecardDocCells(&s.Rows[i], ""))
	}
	units.Rows = append(units.Rows, scorecardDocCells(&s.Total, ""))
	section := 1
	d.Body = append(d.Body, Heading(fmt.Sprintf("%d. Kết quả theo đơn vị chủ trì", section)), TableOf(units))
	if c := onTimeChart(scorecardRates(s)); c != nil {
		d.Body = append(d.Body, ChartOf(c))
	}
	if len(s.Heads) > 0 {
		section++
		heads := &Table{Columns: scorecardDocColumns(true)}
		for i := range s.Heads {
			h := &s.Heads[i]
			heads.Rows = append(heads.Rows, scorecardDocCells(&h.Record, h.PersonName+" ("+h.PostTitle+")"))
		}
		d.Body = append(d.Body, Heading(fmt.Sprintf("%d. Kết quả theo người đứng đầu", section)), TableOf(heads))
	}
	section++
	d.Body = append(d.Body, Heading(fmt.Sprintf("%d. Nhiệm vụ quá hạn chưa hoàn thành", section)))
	if len(s.OverdueTasks) == 0 {
		d.Body = append(d.Body, Paragraph("Không có nhiệm vụ quá hạn chưa hoàn thành."))
	} else {
		overdue := &Table{Columns: []TableColumn{{"STT", 0.8, true}, {"Nhiệm vụ", 4.1, false}, {"Đơn vị chủ trì", 2.4, false},
			{"Hạn xử lý", 1.6, true}, {"Số ngày quá hạn", 1.2, true}}}
		for i, o := range s.OverdueTasks {
			if i == maxOverdueRows {
				break
			}
			overdue.Rows = append(overdue.Rows, []string{FormatCount(i + 1), o.Title, o.UnitName, o.DueOn.Format(), FormatCount(o.DaysOverdue)})
		}
		d.Body = append(d.Body, TableOf(overdue))
		if shown := len(overdue.Rows); shown < s.Total.Overdue {
			d.Body = append(d.Body, Paragraph(overdueShown(shown, s.Total.Overdue)))
		}
	}
	d.Body = append(d.Body, Paragraph("Trên đây là báo cáo kết quả thực hiện nhiệm vụ được giao./."))
	return d
}

// maxOverdueRows bounds the overdue tasks listed in a report's body; the spreadsheet lists the
// longest overdue as the scorecard carries them (dondoc.ScorecardOverdueLimit).
const maxOverdueRows = 50

// overdueShown says that a list holds only the longest overdue shown of all overdue tasks.
func overdueShown(shown, all int) string {
	return fmt.Sprintf("Danh sách gồm %s trong số %s nhiệm vụ quá hạn, quá hạn lâu nhất trước.", FormatCount(shown), FormatCount(all))
}

// scorecardDocColumns are the columns of a scorecard table in a report, with the head's name in
// place of the unit's when heads is set.
func scorecardDocColumns(heads bool) []TableColumn {
	name := "Đơn vị chủ trì"
	if heads {
		name = "Người đứng đầu"
	}
	return []TableColumn{{"Xếp hạng", 0.8, true}, {name, 3.2, false}, {"Được giao", 1, true}, {"Hoàn thành đúng hạn", 1.2, true},
		{"Hoàn thành quá hạn", 1.2, true}, {"Quá hạn chưa hoàn thành", 1.2, true}, {"Đang thực hiện", 1.1, true},
		{"Tỷ lệ đúng hạn", 1.1, true}}
}

// scorecardDocCells writes one scorecard row as the cells of a report table, with name in place of
// the unit's when it is given.
func scorecardDocCells(r *dondoc.ScorecardRow, name string) []string {
	rank := ""
	if r.Rank != nil {
		rank = FormatCount(*r.Rank)
	}
	if name == "" {
		name = r.UnitName
	}
	return []string{rank, name, FormatCount(r.Assigned), FormatCount(r.DoneOnTime), FormatCount(r.DoneLate), FormatCount(r.Overdue),
		FormatCount(r.InProgress), FormatRate(r.OnTimeRate)}
}

// scorecardRates returns the units that have an on-time rate, in ranking order, with their rates.
func scorecardRates(s *dondoc.Scorecard) ([]string, []float64) {
	var names []string
	var rates []float64
	for _, r := range s.Rows {
		if r.OnTimeRate != nil {
			names = append(names, r.UnitName)
			rates = append(rates, *r.OnTimeRate)
		}
	}
	return names, rates
}

// ReviewDocument is the report of a review (rà soát) of one document's tasks: a summary, the
// table by lead unit and a bar chart of each unit's on-time rate.
func ReviewDocument(rep *dondoc.ReviewReport, f Frame) *Document {
	if f.Date == "" {
		f.Date = rep.AsOf
	}
	source := "văn bản số " + rep.NumberSymbol
	if ns, err := dondoc.ParseNumberSymbol(rep.NumberSymbol); err == nil && ns.Type != "" {
		source = ns.Type + " số " + rep.NumberSymbol
	}
	if rep.NumberSymbol == "" {
		source = "văn bản"
	}
	title := "Kết quả rà soát, thực hiện các nhiệm vụ theo " + source
	if rep.Subject != "" {
		title += " " + lowerFirst(rep.Subject)
	}
	d := &Document{Frame: f.Defaults(), Kind: "BÁO CÁO", Title: title}
	t := &rep.Total
	done := t.ByStatus[dondoc.StatusDone]
	d.Body = append(d.Body, Paragraph(fmt.Sprintf("Thực hiện %s, tính đến ngày %s có %s nhiệm vụ được giao cho các đơn vị chủ trì; "+
		"đã hoàn thành %s nhiệm vụ (đúng hạn %s, quá hạn %s); quá hạn chưa hoàn thành %s nhiệm vụ. Kết quả cụ thể như sau:",
		source, rep.AsOf.Format(), FormatCount(t.Total), FormatCount(done), FormatCount(t.DoneOnTime), FormatCount(t.DoneLate),
		FormatCount(t.Overdue))))
	tab := &Table{TotalRow: true, Columns: []TableColumn{{"STT", 0.8, true}, {"Đơn vị chủ trì", 3.2, false}, {"Tổng số", 0.9, true},
		{"Hoàn thành đúng hạn", 1.2, true}, {"Hoàn thành quá hạn", 1.2, true}, {"Đang thực hiện", 1.1, true},
		{"Quá hạn chưa hoàn thành", 1.2, true}, {"Tạm dừng, hủy, dự thảo", 1.1, true}, {"Tỷ lệ đúng hạn", 1.1, true}}}
	var names []string
	var rates []float64
	cells := func(no string, r *dondoc.ReviewRow) []string {
		open := 0
		for _, st := range dondoc.OpenStatuses {
			open += r.ByStatus[st]
		}
		rest := r.Total - open - r.ByStatus[dondoc.StatusDone]
		return []string{no, r.UnitName, FormatCount(r.Total), FormatCount(r.DoneOnTime), FormatCount(r.DoneLate),
			FormatCount(open - r.Overdue), FormatCount(r.Overdue), FormatCount(rest), FormatRate(reviewRate(r))}
	}
	for i := range rep.Rows {
		r := &rep.Rows[i]
		tab.Rows = append(tab.Rows, cells(FormatCount(i+1), r))
		if rate := reviewRate(r); rate != nil {
			names = append(names, r.UnitName)
			rates = append(rates, *rate)
		}
	}
	tab.Rows = append(tab.Rows, cells("", &rep.Total))
	d.Body = append(d.Body, Heading("1. Kết quả theo đơn vị chủ trì"), TableOf(tab))
	if c := onTimeChart(names, rates); c != nil {
		d.Body = append(d.Body, ChartOf(c))
	}
	d.Body = append(d.Body, Heading("2. Đánh giá chung"))
	if t.Overdue > 0 {
		d.Body = append(d.Body, Paragraph(fmt.Sprintf("Còn %s nhiệm vụ quá hạn chưa hoàn thành; đề nghị các đơn vị chủ trì "+
			"tập trung chỉ đạo, khẩn trương hoàn thành và báo cáo kết quả.", FormatCount(t.Overdue))))
	} else {
		d.Body = append(d.Body, Paragraph("Không có nhiệm vụ quá hạn chưa hoàn thành."))
	}
	d.Body = append(d.Body, Paragraph("Trên đây là báo cáo kết quả rà soát, thực hiện các nhiệm vụ theo "+source+"./."))
	return d
}

// reviewRate is the on-time share of a review row's completed tasks with a deadline, or nil.
func reviewRate(r *dondoc.ReviewRow) *float64 {
	n := r.DoneOnTime + r.DoneLate
	if n == 0 {
		return nil
	}
	v := float64(r.DoneOnTime) / float64(n)
	return &v
}

// lowerFirst lower-cases the first letter of a subject that follows other words in a title.
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}

// IndicatorSection is the section of a report for one indicator over a series of periods: a
// heading, a table of actual value, target and the share of the target reached per period, and a
// line chart of the actual values against the target line. A missing value is NaN. Roll-ups feed
// their series through it so that every indicator reads the same way in every report.
func IndicatorSection(heading, name, unit string, periods []string, actual, target []float64, decimals int) []Block {
	unitNote := ""
	if unit != "" {
		unitNote = " (" + unit + ")"
	}
	t := &Table{Columns: []TableColumn{{"Kỳ", 2, false}, {"Thực hiện" + unitNote, 2, true}, {"Kế hoạch" + unitNote, 2, true},
		{"Tỷ lệ so với kế hoạch", 1.6, true}}}
	for i, p := range periods {
		a, g := at(actual, i), at(target, i)
		share := "-"
		if !math.IsNaN(a) && !math.IsNaN(g) && g != 0 {
			share = FormatNumber(a/g*100, 1) + "%"
		}
		t.Rows = append(t.Rows, []string{p, FormatNumber(a, decimals), FormatNumber(g, decimals), share})
	}
	blocks := []Block{Heading(heading), TableOf(t)}
	if len(periods) > 0 {
		blocks = append(blocks, ChartOf(&Chart{Kind: LineChart, Title: name + " so với kế hoạch", Categories: periods, ValueTitle: unit,
			Series: []ChartSeries{{Name: "Thực hiện", Values: actual}}, Target: &ChartSeries{Name: "Kế hoạch", Values: target},
			Decimals: decimals}))
	}
	return blocks
}

// at returns v[i], or NaN past the end.
func at(v []float64, i int) float64 {
	if i < len(v) {
		return v[i]
	}
	return math.NaN()
}

// maxChartBars bounds the bars of a chart printed across a page; past it the labels cannot be read.
const maxChartBars = 20

// onTimeChart is the bar chart of on-time rates by unit, or nil when no unit has a rate. With more
// units than a page can show, it shows the best ones, and its title says so; the table lists all.
func onTimeChart(names []string, rates []float64) *Chart {
	if len(names) == 0 {
		return nil
	}
	title := "Tỷ lệ hoàn thành nhiệm vụ đúng hạn theo đơn vị chủ trì"
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	if len(order) > maxChartBars {
		sort.SliceStable(order, func(a, b int) bool { return rates[order[a]] > rates[order[b]] })
		order = order[:maxChartBars]
		title += fmt.Sprintf(" (%d đơn vị có tỷ lệ cao nhất)", maxChartBars)
	}
	cats := make([]string, len(order))
	pct := make([]float64, len(order))
	for i, k := range order {
		cats[i], pct[i] = names[k], math.Round(rates[k]*1000)/10
	}
	return &Chart{Kind: BarChart, Title: title, Categories: cats, Series: []ChartSeries{{Name: "Tỷ lệ đúng hạn", Values: pct}},
		Percent: true, Decimals: 1}
}

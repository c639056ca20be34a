package docparse

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"dondoc"
)

// texts returns the texts of items.
func texts(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Text
	}
	return out
}

func fieldText(f *Field) string {
	if f == nil {
		return ""
	}
	return f.Text
}

// checkSpan verifies that a span points at text holding the value's first word, which is what a
// reviewer's highlight needs.
func checkSpan(t *testing.T, d *Draft, what string, sp Span, value string) {
	t.Helper()
	if sp.Start < 0 || sp.End > len(d.Text) || sp.Start > sp.End {
		t.Errorf("%s: span %v outside the text", what, sp)
		return
	}
	w := strings.Fields(value)
	if len(w) > 0 && !strings.Contains(collapse(d.Text[sp.Start:sp.End]), strings.Trim(w[0], "*")) {
		t.Errorf("%s: span %v holds %q, not %q", what, sp, d.Text[sp.Start:sp.End], value)
	}
}

const stateHeader = `ỦY BAN NHÂN DÂN
TỈNH BẮC GIANG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 45/KH-UBND
Bắc Giang, ngày 06 tháng 5 năm 2024

KẾ HOẠCH

TRIỂN KHAI CÔNG TÁC CHUYỂN ĐỔI SỐ NĂM 2024

`

func TestHeaderState(t *testing.T) {
	d := Parse(stateHeader+"Nội dung.\n", Options{})
	for _, c := range []struct{ name, got, want string }{
		{"issuer", fieldText(d.Issuer), "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"},
		{"number", d.NumberSymbol.Text, "45/KH-UBND"},
		{"type", fieldText(d.Type), "Kế hoạch"},
		{"place", fieldText(d.Place), "Bắc Giang"},
		{"date", string(d.Date.Value), "2024-05-06"},
		{"subject", fieldText(d.Subject), "TRIỂN KHAI CÔNG TÁC CHUYỂN ĐỔI SỐ NĂM 2024"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if d.NumberSymbol.Parts == nil || d.NumberSymbol.Parts.TypeAbbr != "KH" || d.NumberSymbol.Parts.Issuer != "UBND" {
		t.Errorf("number parts = %+v", d.NumberSymbol.Parts)
	}
	checkSpan(t, d, "issuer", d.Issuer.Span, "ỦY")
	checkSpan(t, d, "number", d.NumberSymbol.Span, "45/KH-UBND")
	checkSpan(t, d, "place", d.Place.Span, "Bắc")
}

func TestHeaderPartyNumberWithSpaces(t *testing.T) {
	text := "BAN CHẤP HÀNH TRUNG ƯƠNG\nĐOÀN TNCS HỒ CHÍ MINH          ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH\n" +
		"***\nSố: 367 - QĐ/TWĐTN-VP          Hà Nội, ngày 22 tháng 12 năm 2024\n\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế\n"
	d := Parse(text, Options{})
	if d.NumberSymbol == nil || d.NumberSymbol.Text != "367-QĐ/TWĐTN-VP" {
		t.Fatalf("number = %+v", d.NumberSymbol)
	}
	p := d.NumberSymbol.Parts
	if p == nil || p.System != dondoc.SystemParty || p.Number != 367 || p.TypeAbbr != "QĐ" || p.Issuer != "TWĐTN-VP" {
		t.Errorf("parts = %+v", p)
	}
	if got := fieldText(d.Place); got != "Hà Nội" {
		t.Errorf("place = %q", got)
	}
	if d.Date == nil || d.Date.Value != "2024-12-22" {
		t.Errorf("date = %+v", d.Date)
	}
	if got := fieldText(d.Type); got != "Quyết định" {
		t.Errorf("type = %q", got)
	}
	if got := fieldText(d.Subject); got != "Về việc ban hành Quy chế" {
		t.Errorf("subject = %q", got)
	}
}

func TestHeaderPartySuperiorAndMarkers(t *testing.T) {
	text := "     ĐẢNG BỘ TỈNH LÀO CAI                             ĐẢNG CỘNG SẢN VIỆT NAM\n" +
		" ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH\n                         Lào Cai, ngày 07 tháng 9 năm 2026\n" +
		"               *\n         Số 2449 -CV/ĐU\n                 KHẨN\n                 MẬT\n"
	d := Parse(text, Options{})
	if got := fieldText(d.Issuer); got != "ĐẢNG BỘ TỈNH LÀO CAI / ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH" {
		t.Errorf("issuer = %q", got)
	}
	if got := fieldText(d.Superior); got != "ĐẢNG BỘ TỈNH LÀO CAI" {
		t.Errorf("superior = %q", got)
	}
	if d.NumberSymbol == nil || d.NumberSymbol.Text != "2449-CV/ĐU" {
		t.Errorf("number = %+v", d.NumberSymbol)
	}
	if got := fieldText(d.Type); got != "Công văn" {
		t.Errorf("type = %q", got)
	}
	if fieldText(d.Urgency) != "Khẩn" || fieldText(d.Secrecy) != "Mật" {
		t.Errorf("urgency %v secrecy %v", d.Urgency, d.Secrecy)
	}
}

func TestReferencesDateForms(t *testing.T) {
	text := "Căn cứ Nghị quyết số 57-NQ/TW ngày 22-12-2024 của Bộ Chính trị; Công văn số 2120/UBND-KT ngày 20.7.2020 " +
		"của Ủy ban nhân dân tỉnh; Luật Giám định tư pháp số 13/2012/QH13 ngày 20/6/2012 và các công văn số 3491/UB-KH &ĐT " +
		"ngày 18 tháng 12 năm 2002 và số 3612/UB-KH &ĐT ngày 30 tháng 12 năm 2002; Chương trình hành động số 31-\nCTr/TW ngày 28/7/2026."
	d := Parse(text, Options{})
	want := []Reference{
		{NumberSymbol: "57-NQ/TW", Type: "Nghị quyết", Date: "2024-12-22"},
		{NumberSymbol: "2120/UBND-KT", Type: "Công văn", Date: "2020-07-20"},
		{NumberSymbol: "13/2012/QH13", Type: "Luật", Date: "2012-06-20"},
		{NumberSymbol: "3491/UB-KH &ĐT", Type: "Công văn", Date: "2002-12-18"},
		{NumberSymbol: "3612/UB-KH &ĐT", Type: "Công văn", Date: "2002-12-30"},
		{NumberSymbol: "31-CTr/TW", Type: "Chương trình hành động", Date: "2026-07-28"},
	}
	if len(d.References) != len(want) {
		t.Fatalf("got %d references: %+v", len(d.References), d.References)
	}
	for i, w := range want {
		g := d.References[i]
		if g.NumberSymbol != w.NumberSymbol || g.Type != w.Type || g.Date != w.Date {
			t.Errorf("reference %d = %s %s %s, want %s %s %s", i, g.Type, g.NumberSymbol, g.Date, w.Type, w.NumberSymbol, w.Date)
		}
		checkSpan(t, d, "reference", g.Span, strings.Fields(w.NumberSymbol)[0][:2])
	}
}

func TestOwnNumberIsNotAReference(t *testing.T) {
	d := Parse(stateHeader+"(Kèm theo Kế hoạch số 45/KH-UBND ngày 06/5/2024 của Ủy ban nhân dân tỉnh)\n", Options{})
	if len(d.References) != 0 {
		t.Errorf("references = %+v", d.References)
	}
}

func TestInlineNumberedTasks(t *testing.T) {
	text := "Kính gửi: Các huyện ủy, thành ủy\n\nBan Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt một số nội dung sau:\n\n" +
		"1. Tiếp tục rà soát các nhiệm vụ trọng tâm năm 2024.\n\n" +
		"2. Trước mắt cần tập trung thực hiện các nhiệm vụ: (1) Chỉ đạo chuẩn bị tốt đại hội. (2) Tăng cường kiểm tra, giám sát các dự án (trong đó có dự án (3) cũ); báo cáo Ban Thường vụ Tỉnh ủy. (3) Tập trung thu ngân sách.\n\n" +
		"Người đứng đầu cấp ủy, chính quyền cấp huyện chịu trách nhiệm trước Ban Thường vụ Tỉnh ủy về kết quả thực hiện các nội dung trên.\n"
	d := Parse(text, Options{})
	var ids []string
	for _, t := range d.Tasks {
		ids = append(ids, t.Clause)
	}
	if strings.Join(ids, " ") != "1 2.(1) 2.(2) 2.(3)" {
		t.Fatalf("task clauses = %v", ids)
	}
	if got := texts(d.Tasks[0].Lead); len(got) == 0 || !strings.HasPrefix(got[0], "các cấp ủy") {
		t.Errorf("item 1 lead = %v, want the introduction's units", got)
	}
	for _, tk := range d.Tasks[1:] {
		if got := texts(tk.Lead); len(got) != 1 || got[0] != "Người đứng đầu cấp ủy, chính quyền cấp huyện" {
			t.Errorf("%s lead = %v", tk.Clause, got)
		}
		if len(tk.Accountable) != 1 {
			t.Errorf("%s accountable = %v", tk.Clause, tk.Accountable)
		}
	}
	if !strings.Contains(d.Tasks[2].Text, "dự án (3) cũ") || fieldText(d.Tasks[2].ReportTo) != "Ban Thường vụ Tỉnh ủy" {
		t.Errorf("task (2) = %q report_to %v", d.Tasks[2].Text, d.Tasks[2].ReportTo)
	}
}

func TestTwoColumnNoiNhanFromPDF(t *testing.T) {
	text := "Kính gửi: Ủy ban nhân dân tỉnh\n\n      Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tham mưu Ủy ban nhân dân tỉnh trước ngày 15/7/2026.\n" +
		"Nơi nhận:                                    T/M BAN THƯỜNG VỤ\n" +
		"- Như trên (t/h);                                 PHÓ BÍ THƯ\n" +
		"- Thường trực Tỉnh ủy (để b/c);\n" +
		"- Lãnh đạo Văn phòng UBND tỉnh,\n  các phòng chuyên môn;\n" +
		"- Lưu Văn phòng Đảng ủy.\n\n\n\n" +
		"                                                 Nguyễn Hữu Long\n"
	d := Parse(text, Options{})
	var got []string
	for _, x := range d.Distribution {
		got = append(got, x.Text+"|"+x.Note)
	}
	want := "Như trên (t/h)|t/h;Thường trực Tỉnh ủy (để b/c)|để b/c;Lãnh đạo Văn phòng UBND tỉnh, các phòng chuyên môn|;Lưu Văn phòng Đảng ủy|"
	if strings.Join(got, ";") != want {
		t.Errorf("distribution = %q", strings.Join(got, ";"))
	}
	s := d.Signing
	if fieldText(s.Authority) != "T/M BAN THƯỜNG VỤ" || fieldText(s.Title) != "PHÓ BÍ THƯ" || fieldText(s.Name) != "Nguyễn Hữu Long" {
		t.Errorf("signing = %q / %q / %q", fieldText(s.Authority), fieldText(s.Title), fieldText(s.Name))
	}
	if len(d.Tasks) != 1 {
		t.Fatalf("tasks = %+v", d.Tasks)
	}
	tk := d.Tasks[0]
	if strings.Join(texts(tk.Lead), ";") != "Sở Tài chính" || strings.Join(texts(tk.Coordinate), ";") != "Sở Nội vụ" ||
		fieldText(tk.ReportTo) != "Ủy ban nhân dân tỉnh" || fieldText(tk.Deadline) != "trước ngày 15/7/2026" || tk.DeadlineDate != "2026-07-15" {
		t.Errorf("task = %+v", tk)
	}
}

func TestSignatureStateForms(t *testing.T) {
	for _, c := range []struct{ text, authority, title, name string }{
		{"Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nLê Thị Thìn\n",
			"TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Thìn"},
		{"Nơi nhận:\n- Lưu VP.\n\nTL. CHỦ TỊCH ỦY\nBAN NHÂN DÂN TỈNH\nCHÁNH VĂN PHÒNGThái Hữu Phép\n",
			"TL. CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "CHÁNH VĂN PHÒNG", "Thái Hữu Phép"},
		{"Nơi nhận:\n- Lưu: VT.\n\nd:\\2017\\CVUB\\uy quyen\n\nCHỦ TỊCH\n\n\nLữ Văn Hùng\n", "", "CHỦ TỊCH", "Lữ Văn Hùng"},
	} {
		d := Parse("Kính gửi: Sở Tư pháp\n\nNội dung./.\n\n"+c.text, Options{})
		s := d.Signing
		if fieldText(s.Authority) != c.authority || fieldText(s.Title) != c.title || fieldText(s.Name) != c.name {
			t.Errorf("signing = %q / %q / %q, want %q / %q / %q", fieldText(s.Authority), fieldText(s.Title), fieldText(s.Name),
				c.authority, c.title, c.name)
		}
	}
}

func TestRecipientsForms(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Kính gửi: UBND huyện, thị, thành phố.\n\nNội dung.", []string{"UBND huyện, thị, thành phố"}},
		{"Kính gửi:\n\n\n- Giám đốc Sở Tài chính;\n\n- Chủ tịch UBND huyện.\n\nNội dung.", []string{"Giám đốc Sở Tài chính", "Chủ tịch UBND huyện"}},
		{"          Kính gửi: - Ủy ban nhân dân tỉnh,\n                    - Các cơ quan tham mưu, giúp việc\n                    Đảng ủy tỉnh,\n                    - Các chi bộ.\n\n\nNội dung.",
			[]string{"Ủy ban nhân dân tỉnh", "Các cơ quan tham mưu, giúp việc Đảng ủy tỉnh", "Các chi bộ"}},
	} {
		d := Parse(c.text, Options{})
		if got := texts(d.Recipients); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("recipients = %q, want %q", got, c.want)
		}
	}
}

func TestTaskRules(t *testing.T) {
	head := "Kính gửi: Các sở, ban, ngành\n\n"
	for _, c := range []struct {
		name, body string
		tasks      int
		lead       string
		coordinate string
		reportTo   string
	}{
		{"giao chủ trì phối hợp", "Giao Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Sở Tài chính, UBND các huyện triển khai thực hiện, báo cáo UBND tỉnh (qua Sở Nội vụ).",
			1, "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính;UBND các huyện", "UBND tỉnh (qua Sở Nội vụ)"},
		{"đề nghị", "Văn phòng Chính phủ đề nghị các cơ quan có ý kiến bằng văn bản gửi Văn phòng Chính phủ trước ngày 20 tháng 01 năm 2003.",
			1, "các cơ quan", "", "Văn phòng Chính phủ"},
		{"subject of the sentence", "Bộ Kế hoạch và Đầu tư khẩn trương hoàn chỉnh dự thảo, báo cáo Thủ tướng Chính phủ.", 1, "Bộ Kế hoạch và Đầu tư", "", "Thủ tướng Chính phủ"},
		{"execution clause", "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Tư pháp; Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
			1, "Chánh Văn phòng UBND tỉnh;Giám đốc Sở Tư pháp;Thủ trưởng các cơ quan, đơn vị có liên quan", "", ""},
		{"closing call", "Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.", 0, "", "", ""},
		{"notice", "Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.", 0, "", "", ""},
		{"delegation", "Chủ tịch UBND tỉnh ủy quyền đồng chí Phó Chủ tịch thực hiện nhiệm vụ và chịu trách nhiệm trước pháp luật.", 0, "", "", ""},
		{"introduction", "Ủy ban nhân dân tỉnh yêu cầu:", 0, "", "", ""},
		{"difficulties", "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc các cơ quan, đơn vị kịp thời phản ánh về Sở Khoa học và Công nghệ để tổng hợp.",
			1, "các cơ quan, đơn vị", "", "Sở Khoa học và Công nghệ"},
	} {
		d := Parse(head+c.body+"\n", Options{})
		if len(d.Tasks) != c.tasks {
			t.Errorf("%s: %d tasks, want %d: %+v", c.name, len(d.Tasks), c.tasks, d.Tasks)
			continue
		}
		if c.tasks == 0 {
			continue
		}
		tk := d.Tasks[0]
		if got := strings.Join(texts(tk.Lead), ";"); got != c.lead {
			t.Errorf("%s: lead = %q, want %q", c.name, got, c.lead)
		}
		if got := strings.Join(texts(tk.Coordinate), ";"); got != c.coordinate {
			t.Errorf("%s: coordinate = %q, want %q", c.name, got, c.coordinate)
		}
		if got := fieldText(tk.ReportTo); got != c.reportTo {
			t.Errorf("%s: report_to = %q, want %q", c.name, got, c.reportTo)
		}
		for _, l := range tk.Lead {
			checkSpan(t, d, c.name+" lead", l.Span, l.Text)
		}
	}
}

func TestUnitHeadingsAndSlots(t *testing.T) {
	text := "Kính gửi: Các sở\n\nIV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Khoa học và Công\nnghệ\n\na) Chủ trì tham mưu Ủy ban nhân dân tỉnh tổ chức triển khai kế hoạch.\n\n" +
		"b) Định kỳ hằng quý tổng hợp báo cáo kết quả.\n\n2. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh\n\nTuyên truyền, vận động hội viên.\n\n" +
		"3.\nRà soát văn bản\n\n- Nội dung: Rà soát các văn bản quy phạm pháp luật.\n\n- Cơ quan thực hiện: Sở Tư pháp; Sở Tài chính và các sở, ngành có liên quan theo chức năng.\n\n" +
		"- Cơ quan phối hợp: Các sở, ngành; Ủy ban nhân dân các xã, phường.\n\n- Thời gian thực hiện: Quý IV năm 2025.\n"
	d := Parse(text, Options{})
	want := []struct{ clause, lead, deadline string }{
		{"IV.1.a", "Sở Khoa học và Công nghệ", ""},
		{"IV.1.b", "Sở Khoa học và Công nghệ", "Định kỳ hằng quý"},
		{"IV.2.p1", "Hiệp hội Doanh nghiệp tỉnh;Hội Nông dân tỉnh", ""},
		{"IV.3", "Sở Tư pháp;Sở Tài chính;các sở, ngành có liên quan", "Quý IV năm 2025"},
	}
	if len(d.Tasks) != len(want) {
		t.Fatalf("tasks = %+v", d.Tasks)
	}
	for i, w := range want {
		tk := d.Tasks[i]
		if tk.Clause != w.clause || strings.Join(texts(tk.Lead), ";") != w.lead || fieldText(tk.Deadline) != w.deadline {
			t.Errorf("task %d = %s %v %q, want %s %s %q", i, tk.Clause, texts(tk.Lead), fieldText(tk.Deadline), w.clause, w.lead, w.deadline)
		}
	}
	last := d.Tasks[3]
	if last.Text != "Rà soát các văn bản quy phạm pháp luật." || last.PeriodEnd != "2025-12-31" ||
		strings.Join(texts(last.Coordinate), ";") != "Các sở, ngành;Ủy ban nhân dân các xã, phường" {
		t.Errorf("slot task = %+v", last)
	}
	if d.Tasks[1].Recurrence == nil || d.Tasks[1].Recurrence.Frequency != "quarterly" {
		t.Errorf("recurrence = %+v", d.Tasks[1].Recurrence)
	}
}

func TestAssignmentTable(t *testing.T) {
	text := "KẾ HOẠCH\n\nPHỤ LỤC\n\n| STT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n| --- | --- | --- | --- | --- |\n" +
		"| I. NÂNG CAO NHẬN THỨC |  |  |  |  |\n| 1 | Triển khai nền tảng đào tạo. | Sở KH&CN | Các sở, ban, ngành tỉnh; UBND các xã, phường | Quí IV-2025 |\n"
	d := Parse(text, Options{})
	if len(d.Tasks) != 1 {
		t.Fatalf("tasks = %+v", d.Tasks)
	}
	tk := d.Tasks[0]
	if tk.Clause != "T1.1" || strings.Join(texts(tk.Lead), ";") != "Sở KH&CN" || strings.Join(texts(tk.Coordinate), ";") != "Các sở, ban, ngành tỉnh;UBND các xã, phường" ||
		fieldText(tk.Deadline) != "Quí IV-2025" || tk.PeriodEnd != "2025-12-31" || tk.DeadlineDate != "" {
		t.Errorf("table task = %+v", tk)
	}
}

func TestDeadlines(t *testing.T) {
	friday := dondoc.Date("2025-05-09")
	holiday := func(d dondoc.Date) bool { return d == "2025-05-13" }
	for _, c := range []struct {
		phrase                string
		received              dondoc.Date
		date, periodEnd, freq string
		day, month            int
	}{
		{phrase: "trước ngày 15/7", date: "2024-07-15"},
		{phrase: "trước ngày 15/3", date: "2025-03-15"},
		{phrase: "chậm nhất ngày 20.7.2025", date: "2025-07-20"},
		{phrase: "trước ngày 22-12-2025", date: "2025-12-22"},
		{phrase: "trước ngày 20 tháng 5 năm 2025", date: "2025-05-20"},
		{phrase: "trong 5 ngày làm việc kể từ ngày nhận được văn bản", received: friday, date: "2025-05-19"},
		{phrase: "trong 10 ngày", date: "2024-05-16"},
		{phrase: "trong tháng 6/2025", periodEnd: "2025-06-30"},
		{phrase: "trong quý III/2025", periodEnd: "2025-09-30"},
		{phrase: "trong 6 tháng đầu năm 2025", periodEnd: "2025-06-30"},
		{phrase: "trong năm 2025", periodEnd: "2025-12-31"},
		{phrase: "trước ngày 15 hằng tháng", freq: "monthly", day: 15},
		{phrase: "trước ngày 25/12 hàng năm", freq: "yearly", day: 25, month: 12},
		{phrase: "định kỳ hằng quý", freq: "quarterly"},
	} {
		text := stateHeader + "Giao Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh " + c.phrase + ".\n"
		d := Parse(text, Options{ReceivedOn: c.received, Holiday: holiday})
		if len(d.Tasks) != 1 || d.Tasks[0].Deadline == nil {
			t.Errorf("%s: no deadline: %+v", c.phrase, d.Tasks)
			continue
		}
		tk := d.Tasks[0]
		if !strings.EqualFold(fieldText(tk.Deadline), c.phrase) {
			t.Errorf("%s: phrase = %q", c.phrase, fieldText(tk.Deadline))
		}
		if string(tk.DeadlineDate) != c.date || string(tk.PeriodEnd) != c.periodEnd {
			t.Errorf("%s: date %q period end %q, want %q %q", c.phrase, tk.DeadlineDate, tk.PeriodEnd, c.date, c.periodEnd)
		}
		r := tk.Recurrence
		if c.freq == "" && r != nil || c.freq != "" && (r == nil || r.Frequency != c.freq || r.Day != c.day || r.Month != c.month) {
			t.Errorf("%s: recurrence = %+v", c.phrase, r)
		}
	}
}

// TestAdversarialInputIsFast feeds the parser a megabyte of each pattern that has made parsers
// backtrack or rescan, and checks that none of them runs away.
func TestAdversarialInputIsFast(t *testing.T) {
	unit := []string{
		"(1) Giao Sở A, Sở B, Sở C chủ trì, phối hợp với Sở D; báo cáo UBND tỉnh trước ngày 1/1 và 2/2 và 3/3. ",
		"1. a) (1) - + Số: 1/A-B/C-D-E-F/G ",
		"| a | b | c | d | e | f | g | h |\n",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM   ",
		"Kính gửi: - Sở A,\n",
		"Nơi nhận:\n- A;\n",
		"((((((((((",
		"các sở, ban, ngành, ",
		"TM. ỦY BAN\n",
		"\n",
	}
	// A backtracking or rescanning parse of a megabyte runs for minutes or hours; a linear one
	// takes about a second of CPU, most of it allocation and garbage collection, and up to twice
	// that on a machine busy with other tests (the time of the same input varies by several times
	// from run to run with the state of the heap, so halves and wholes cannot be compared either).
	// The budget sits well above the one and far below the other.
	for _, u := range unit {
		for _, sep := range []string{"", "\n"} {
			var b strings.Builder
			for b.Len() < 1<<20 {
				b.WriteString(u)
				b.WriteString(sep)
			}
			runtime.GC()
			start := cpuTime()
			Parse(b.String(), Options{})
			if el := cpuTime() - start; el > 8*time.Second {
				t.Errorf("%q x %d took %v of CPU", u, (1<<20)/len(u), el)
			}
		}
	}
}

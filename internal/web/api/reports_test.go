package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dondoc"
	"dondoc/internal/report"
	"dondoc/internal/sqldb/sqldbtest"
)

// setDay fixes the database's today.
func (e *env) setDay(day string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", dondoc.Location)
	if err != nil {
		e.t.Fatal(err)
	}
	e.db.Now = func() time.Time { return t }
}

// seedReportTasks creates, on 2024-05-02, tasks of document 307-NQ/TU whose scorecard is read on
// 2024-06-10:
//
//	Xã Đồng Việt:   done 06-01, due 06-20 (on time); open, due 06-01 (overdue 9 days)
//	Xã Tân Thanh:   done 06-02, due 06-20 (on time)
//	Huyện Yên Dũng: done 05-25, due 05-20 (late); done 06-05, due 06-30 (on time)
//	Sở Tài chính:   in progress, no deadline, no document
//
// Nguyễn Văn An heads Yên Dũng throughout.
func (e *env) seedReportTasks() *dondoc.Document {
	e.t.Helper()
	e.setDay("2024-05-02")
	sys, p := sqldbtest.System(), e.p
	doc, err := e.db.CreateDocument(sys, dondoc.DocumentInput{Type: "Nghị quyết", NumberSymbol: "307-NQ/TU", Issuer: "Tỉnh ủy",
		IssuerUnitID: &p.Root.ID, Date: "2023-12-06", Subject: "Về nhiệm vụ trọng tâm năm 2024"})
	if err != nil {
		e.t.Fatal(err)
	}
	post, err := e.db.CreatePost(sys, dondoc.Post{UnitID: p.DistrictA.ID, Title: "Bí thư Huyện ủy", IsHead: true})
	if err != nil {
		e.t.Fatal(err)
	}
	person, err := e.db.CreatePerson(sys, dondoc.Person{FullName: "Nguyễn Văn An"})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.db.AssignHolder(sys, post.ID, person.ID, "2021-07-01"); err != nil {
		e.t.Fatal(err)
	}
	mk := func(lead *dondoc.Unit, due, completed dondoc.Date, withDoc bool) {
		e.t.Helper()
		in := dondoc.TaskInput{Title: "Nhiệm vụ của " + lead.Name, LeadUnitID: lead.ID, AssignerUnitID: p.Office.ID, Assign: true}
		if withDoc {
			in.DocumentID = &doc.ID
		}
		if due != "" {
			in.Deadline = dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: due}
		}
		task, err := e.db.CreateTask(sys, in)
		if err != nil {
			e.t.Fatal(err)
		}
		actions := []dondoc.TransitionInput{{Action: dondoc.ActionReport}}
		if completed != "" {
			actions = []dondoc.TransitionInput{{Action: dondoc.ActionRequestCompletion}, {Action: dondoc.ActionConfirm, CompletedOn: completed}}
		}
		if due == "2024-06-01" {
			actions = nil
		}
		for _, a := range actions {
			if task, err = e.db.Transition(sys, task.ID, task.Version, a); err != nil {
				e.t.Fatal(err)
			}
		}
	}
	mk(p.CommuneA, "2024-06-20", "2024-06-01", true)
	mk(p.CommuneA, "2024-06-01", "", true)
	mk(p.CommuneB, "2024-06-20", "2024-06-02", true)
	mk(p.DistrictA, "2024-05-20", "2024-05-25", true)
	mk(p.DistrictA, "2024-06-30", "2024-06-05", true)
	mk(p.Department, "", "", false)
	e.setDay("2024-06-10")
	return doc
}

// rankLine is a scorecard row as "rank unit assigned on-time late overdue rate".
func rankLine(r dondoc.ScorecardRow) string {
	rank, rate := "-", "-"
	if r.Rank != nil {
		rank = fmt.Sprint(*r.Rank)
	}
	if r.OnTimeRate != nil {
		rate = fmt.Sprintf("%.2f", *r.OnTimeRate)
	}
	return fmt.Sprintf("%s %s %d %d %d %d %s", rank, r.UnitName, r.Assigned, r.DoneOnTime, r.DoneLate, r.Overdue, rate)
}

func TestScorecardAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		e.seedReportTasks()
		const path = "/api/v1/reports/scorecard?from=2024-05-01&to=2024-06-30"
		for _, tc := range []struct {
			who  string
			want []string
		}{
			{"leader", []string{"1 Xã Đồng Việt 2 1 0 1 1.00", "1 Xã Tân Thanh 1 1 0 0 1.00", "3 Huyện Yên Dũng 2 1 1 0 0.50",
				"- Sở Tài chính 1 0 0 0 -"}},
			// A commune officer sees its own unit's row only.
			{"officerA", []string{"1 Xã Đồng Việt 2 1 0 1 1.00"}},
			{"headA", []string{"1 Xã Đồng Việt 2 1 0 1 1.00", "2 Huyện Yên Dũng 2 1 1 0 0.50"}},
		} {
			res := e.do(tc.who, "GET", path, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("%s: %d %s", tc.who, res.Status, res.Body)
			}
			var s dondoc.Scorecard
			res.JSON(t, &s)
			var got []string
			for _, r := range s.Rows {
				got = append(got, rankLine(r))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("%s:\n got %q\nwant %q", tc.who, got, tc.want)
			}
			if s.AsOf != "2024-06-10" {
				t.Errorf("%s: as_of %s", tc.who, s.AsOf)
			}
			// Only the district's head is on record, and only those who cover the district see him.
			wantHeads := 0
			if tc.who != "officerA" {
				wantHeads = 1
			}
			if len(s.Heads) != wantHeads || (wantHeads == 1 && (s.Heads[0].PersonName != "Nguyễn Văn An" ||
				rankLine(s.Heads[0].Record) != "1 Huyện Yên Dũng 2 1 1 0 0.50")) {
				t.Errorf("%s: heads %+v", tc.who, s.Heads)
			}
		}
		res := e.do("leader", "GET", path+fmt.Sprintf("&unit=%d", e.p.DistrictA.ID), nil)
		var s dondoc.Scorecard
		res.JSON(t, &s)
		if len(s.Rows) != 2 || s.Total.Assigned != 4 || len(s.OverdueTasks) != 1 || s.OverdueTasks[0].DaysOverdue != 9 {
			t.Errorf("unit filter: %s", res.Body)
		}

		for _, tc := range []struct{ query, field string }{
			{"from=2024-06-30&to=2024-05-01", "to"},
			{"to=2024-05-01", "from"},
			{"from=2024-05-01", "to"},
			{"from=1-5-2024&to=2024-06-30", "from"},
			{"from=2024-05-01&to=2024-06-30&unit=abc", "unit"},
			{"from=2024-05-01&to=2024-06-30&unit=99999", "unit"},
			{"from=2024-05-01&to=2024-06-30&format=odt", "format"},
			{"from=2024-05-01&to=2024-06-30&format=pdf&system=court", "system"},
			{"from=2024-05-01&to=2024-06-30&format=pdf&date=26-11-2026", "date"},
			{"from=2024-05-01&to=2024-06-30&format=docx&signer=a%0Ab", "signer"},
		} {
			res := e.do("leader", "GET", "/api/v1/reports/scorecard?"+tc.query, nil)
			if res.Status != http.StatusBadRequest || res.Problem(t).Field != tc.field {
				t.Errorf("%s: %d %s, want 400 on %s", tc.query, res.Status, res.Body, tc.field)
			}
		}
		if res := e.do("", "GET", path, nil); res.Status != http.StatusUnauthorized {
			t.Errorf("anonymous: %d", res.Status)
		}
	})
}

// checkDownload checks a download's status, media type and both file names: the ASCII one in
// filename and the Vietnamese one in filename*, which a parser prefers.
func checkDownload(t *testing.T, res *response, mediaType, ascii, name string) {
	t.Helper()
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != mediaType {
		t.Fatalf("download: %d %s %.200s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	header := res.Header.Get("Content-Disposition")
	disp, params, err := mime.ParseMediaType(header)
	if err != nil || disp != "attachment" || params["filename"] != name || !strings.Contains(header, `filename="`+ascii+`"`) {
		t.Errorf("Content-Disposition = %q, want attachment %s / %s", header, ascii, name)
	}
}

// readXLSX checks a spreadsheet download's headers and returns the raw cells of a sheet.
func readXLSX(t *testing.T, res *response, filename, name, sheet string) [][]string {
	t.Helper()
	checkDownload(t, res, report.XLSXMediaType, filename, name)
	f, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestScorecardAPIXLSX(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		e.seedReportTasks()
		want := fmt.Sprint([][]string{
			{"Xếp hạng", "Đơn vị", "Được giao", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Hoàn thành (không có hạn)", "Quá hạn",
				"Số ngày quá hạn lớn nhất", "Đang thực hiện", "Tạm dừng", "Tỷ lệ đúng hạn", "Số lần gia hạn", "Kiến nghị chưa trả lời",
				"Số ngày kiến nghị chờ lâu nhất"},
			{"1", "Xã Đồng Việt", "2", "1", "0", "0", "1", "9", "0", "0", "1", "0", "0", "0"},
			{"", "Tổng cộng", "2", "1", "0", "0", "1", "9", "0", "0", "1", "0", "0", "0"},
		})
		const path = "/api/v1/reports/scorecard?from=2024-05-01&to=2024-06-30"
		for _, res := range []*response{
			e.do("officerA", "GET", path, nil, "Accept", report.XLSXMediaType),
			e.do("officerA", "GET", path+"&format=xlsx", nil),
		} {
			rows := readXLSX(t, res, "bang-xep-hang_2024-05-01_2024-06-30.xlsx", "Bảng xếp hạng 2024-05-01_2024-06-30.xlsx",
				report.ScorecardSheets[0])
			if got := fmt.Sprint(rows); got != want {
				t.Errorf("sheet:\n got %s\nwant %s", got, want)
			}
		}
		// A bad parameter is a problem document, not a spreadsheet.
		res := e.do("officerA", "GET", "/api/v1/reports/scorecard?from=2024-07-01&to=2024-06-30", nil, "Accept", report.XLSXMediaType)
		if res.Status != http.StatusBadRequest || res.Problem(t).Field != "to" {
			t.Errorf("bad range as xlsx: %d %s", res.Status, res.Body)
		}
	})
}

func TestReviewAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		doc := e.seedReportTasks()
		path := fmt.Sprintf("/api/v1/reports/review?document=%d", doc.ID)
		res := e.do("office", "GET", path, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("review: %d %s", res.Status, res.Body)
		}
		var rep dondoc.ReviewReport
		res.JSON(t, &rep)
		var got []string
		for _, r := range append(rep.Rows, rep.Total) {
			got = append(got, fmt.Sprintf("%s %d done=%d assigned=%d overdue=%d late=%d", r.UnitName, r.Total,
				r.ByStatus[dondoc.StatusDone], r.ByStatus[dondoc.StatusAssigned], r.Overdue, r.DoneLate))
		}
		want := []string{"Huyện Yên Dũng 2 done=2 assigned=0 overdue=0 late=1", "Xã Đồng Việt 2 done=1 assigned=1 overdue=1 late=0",
			"Xã Tân Thanh 1 done=1 assigned=0 overdue=0 late=0", "Tổng cộng 5 done=4 assigned=1 overdue=1 late=1"}
		if fmt.Sprint(got) != fmt.Sprint(want) || rep.NumberSymbol != "307-NQ/TU" {
			t.Errorf("review:\n got %q\nwant %q", got, want)
		}

		rows := readXLSX(t, e.do("officerB", "GET", path+"&format=xlsx", nil), "ra-soat_307-nq-tu.xlsx", "Rà soát 307-NQ-TU.xlsx",
			report.ReviewSheet)
		if len(rows) != 3 || rows[1][0] != "Xã Tân Thanh" || rows[1][1] != "1" || rows[2][0] != "Tổng cộng" {
			t.Errorf("review sheet for commune B = %q", rows)
		}

		for _, q := range []string{"", "document=0", "document=424242", "document=x"} {
			res := e.do("office", "GET", "/api/v1/reports/review?"+q, nil)
			if res.Status != http.StatusBadRequest || res.Problem(t).Field != "document" {
				t.Errorf("%q: %d %s", q, res.Status, res.Body)
			}
		}
	})
}

// TestReportDocumentsAPI downloads the official reports as DOCX and PDF: the query's frame reaches
// the file, the review of a Party resolution is laid out as a Party report by default, and a bad
// frame parameter is a problem document.
func TestReportDocumentsAPI(t *testing.T) {
	runAPI(t, func(t *testing.T, e *env) {
		doc := e.seedReportTasks()
		review := fmt.Sprintf("/api/v1/reports/review?document=%d", doc.ID)
		const scorecard = "/api/v1/reports/scorecard?from=2024-05-01&to=2024-06-30"
		frame := "&issuer=" + url.QueryEscape("Ủy ban nhân dân tỉnh Bắc Giang") + "&number=" + url.QueryEscape("45/BC-UBND") +
			"&place=" + url.QueryEscape("Bắc Giang") + "&signer=" + url.QueryEscape("Nguyễn Văn Gấu") +
			"&recipient=" + url.QueryEscape("Thường trực Tỉnh ủy (để b/c)") + "&recipient=" + url.QueryEscape("Lưu: VT, TH")
		for _, tc := range []struct {
			path, mediaType, ascii, name string
			want                         []string
		}{
			{scorecard + "&format=docx" + frame, report.DOCXMediaType, "bao-cao-ket-qua_2024-05-01_2024-06-30.docx",
				"Báo cáo kết quả 2024-05-01_2024-06-30.docx",
				[]string{"Số: 45/BC-UBND", "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "Bắc Giang, ngày 10 tháng 6 năm 2024", "TM. ỦY BAN NHÂN DÂN",
					"Nguyễn Văn Gấu", "- Thường trực Tỉnh ủy (để b/c);", "- Lưu: VT, TH.", "Xã Đồng Việt"}},
			{review + "&format=docx", report.DOCXMediaType, "bao-cao-ra-soat_307-nq-tu.docx", "Báo cáo rà soát 307-NQ-TU.docx",
				[]string{"ĐẢNG CỘNG SẢN VIỆT NAM", "T/M BAN THƯỜNG VỤ", "Nghị quyết số 307-NQ/TU", "Huyện Yên Dũng"}},
		} {
			res := e.do("leader", "GET", tc.path, nil)
			checkDownload(t, res, tc.mediaType, tc.ascii, tc.name)
			text := docxText(t, res.Body)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s: document lacks %q", tc.path, w)
				}
			}
		}
		for _, res := range []*response{
			e.do("leader", "GET", scorecard+"&format=pdf", nil),
			e.do("leader", "GET", review, nil, "Accept", report.PDFMediaType),
		} {
			if res.Status != http.StatusOK || res.Header.Get("Content-Type") != report.PDFMediaType || !bytes.HasPrefix(res.Body, []byte("%PDF-")) {
				t.Errorf("pdf: %d %s %.40q", res.Status, res.Header.Get("Content-Type"), res.Body)
			}
		}
		if res := e.do("leader", "GET", review+"&format=pdf&recipient="+strings.Repeat("x", 400), nil); res.Status != http.StatusBadRequest ||
			res.Problem(t).Field != "recipient" {
			t.Errorf("long recipient: %d %s", res.Status, res.Body)
		}
	})
}

// docxText returns the text of a DOCX's body, one paragraph a line.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	dec := xml.NewDecoder(f)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := tok.(type) {
		case xml.CharData:
			b.Write(v)
		case xml.EndElement:
			if v.Name.Local == "p" {
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

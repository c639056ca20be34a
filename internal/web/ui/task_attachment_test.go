package ui_test

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// postFiles submits a report form with files in the input "files", as a browser does.
func (c *client) postFiles(path string, form url.Values, files []formFile) response {
	c.e.t.Helper()
	return c.postMultipart(path, form, "files", files)
}

var (
	uiPDF = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	uiPNG = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 40)...)
	uiEXE = append([]byte("MZ\x90\x00\x03"), make([]byte, 60)...)
)

func TestReportAttachmentForm(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		db.Files = t.TempDir()
		e := newEnv(t, db)
		officer, oa := e.signedIn("canboxa")
		task, path := e.communeTaskPage(oa)
		before := len(e.reports(oa, task.ID))

		res := officer.get(path + "/bao-cao")
		contains(t, "report form", res.body, `enctype="multipart/form-data"`, `type="file" id="files" name="files" multiple`, `accept=".pdf,`)

		form := url.Values{"percent": {"50"}, "text": {"Đã bàn giao 1,2 km mặt bằng."}, "difficulties": {"Còn vướng 2 hộ."}}
		eleven := make([]formFile, 11)
		for i := range eleven {
			eleven[i] = formFile{"trang " + strconv.Itoa(i) + ".pdf", uiPDF}
		}
		postRefusals(t, officer, path+"/bao-cao", 0, []refusal{
			{"an executable", "files", "loại tệp không được phép", form, []formFile{{"bien-ban.pdf", uiPDF}, {"cai-dat.exe", uiEXE}}},
			{"an executable named .pdf", "files", "nội dung không phải tệp PDF", form, []formFile{{"bien-ban.pdf", uiEXE}}},
			{"over 20 MB", "files", "lớn hơn 20 MB", form, []formFile{{"lon.pdf", append(bytes.Clone(uiPDF), make([]byte, dondoc.MaxAttachmentSize)...)}}},
			{"eleven files", "files", "tối đa 10 tệp", form, eleven},
			{"good file, no text", "text", "bắt buộc", withField(form, "text", ""), []formFile{{"bien-ban.pdf", uiPDF}}},
		}, func(t *testing.T, tc refusal, body string) {
			contains(t, tc.name, body, "Còn vướng 2 hộ.", "hãy chọn lại tệp trước khi gửi")
		})
		if n := len(e.reports(oa, task.ID)); n != before {
			t.Errorf("refused reports were stored: %d reports, want %d", n, before)
		}

		res = officer.postFiles(path+"/bao-cao", form, []formFile{{"Biên bản bàn giao.pdf", uiPDF}, {"ảnh hiện trường.png", uiPNG}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("report with files: %d %s", res.status, res.body)
		}
		list := e.reports(oa, task.ID)
		if len(list) != before+1 {
			t.Fatalf("%d reports, want %d", len(list), before+1)
		}
		rep := list[len(list)-1]
		if len(rep.Attachments) != 2 || rep.Attachments[0].Name != "Biên bản bàn giao.pdf" || rep.Attachments[1].ContentType != "image/png" {
			t.Fatalf("attachments = %+v", rep.Attachments)
		}
		// A report without files still goes through the same multipart form.
		if res := officer.postFiles(path+"/bao-cao", form, []formFile{{"", nil}}); res.status != http.StatusSeeOther {
			t.Fatalf("report without files: %d %s", res.status, res.body)
		}

		page := html.UnescapeString(officer.get(path).body)
		link := path + "/bao-cao/" + strconv.FormatInt(rep.ID, 10) + "/tep/" + strconv.FormatInt(rep.Attachments[0].ID, 10)
		contains(t, "task page", page, `href="`+link+`">Biên bản bàn giao.pdf</a>`, "(1 KB)")

		res = officer.get(link)
		if res.status != http.StatusOK || res.body != string(uiPDF) || res.header.Get("Content-Type") != "application/pdf" ||
			res.header.Get("X-Content-Type-Options") != "nosniff" ||
			!regexp.MustCompile(`^attachment; filename="Bien ban ban giao\.pdf"; filename\*=UTF-8''Bi%C3%AAn%20`).MatchString(res.header.Get("Content-Disposition")) {
			t.Fatalf("download: %d %v %q", res.status, res.header, res.body)
		}
		leader, _ := e.signedIn("lanhdao")
		if res := leader.get(link); res.status != http.StatusOK {
			t.Errorf("leader downloads: %d", res.status)
		}
		other, _ := e.signedIn("td.tpbg")
		if res := other.get(link); res.status != http.StatusNotFound {
			t.Errorf("another district's head downloads: %d, want 404", res.status)
		}
		if res := officer.get(path + "/bao-cao/" + strconv.FormatInt(rep.ID, 10) + "/tep/999999"); res.status != http.StatusNotFound {
			t.Errorf("no such attachment: %d, want 404", res.status)
		}
	})
}

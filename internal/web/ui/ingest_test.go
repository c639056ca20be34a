package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dondoc/internal/app/apptest"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// seedPath is the seed dispatch the office ingests.
const seedPath = "../../../../shared/corpus/seed/btv-tinh-uy-2024-05.txt"

// testMaxInput is the upload limit of the ingest tests, small so that a test can exceed it.
const testMaxInput = 64 << 10

// newIngestEnv is newEnv with uploads limited to testMaxInput, so that a test can exceed it.
func newIngestEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	apptest.LoadDemo(t, db)
	s := apptest.Services(db)
	s.Ingest.Limits.MaxInput = testMaxInput
	srv := httptest.NewServer(apptest.HandlerOf(s))
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, srv: srv}
}

// uploadDocument posts a file to the document upload form as a browser does.
func (c *client) uploadDocument(name string, data []byte) response {
	c.e.t.Helper()
	return c.postMultipart("/van-ban/nhap", nil, "file", []formFile{{name, data}})
}

var (
	draftPathRE  = regexp.MustCompile(`^/van-ban/nhap/(\d+)$`)
	versionRE    = regexp.MustCompile(`name="version" value="(\d+)"`)
	taskFieldset = regexp.MustCompile(`<fieldset class="card draft-card draft-task`)
)

// unitID finds a demo unit by its exact name.
func (e *env) unitID(name string) int64 {
	e.t.Helper()
	ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
	page, err := e.db.ListUnits(ctx, dondoc.UnitFilter{Q: name, Limit: dondoc.MaxPageSize})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, u := range page.Items {
		if u.Name == name {
			return u.ID
		}
	}
	e.t.Fatalf("no unit %q", name)
	return 0
}

// reviewForm is the review form filled in as the office would: the date, a new number, every
// task led by lead.
func reviewForm(version string, tasks int, lead int64) url.Values {
	f := url.Values{"version": {version}, "number_symbol": {"1251-CV/TU"}, "date": {"06/05/2024"}, "type": {"Công văn"},
		"issuer": {"Ban Thường vụ Tỉnh ủy"}, "subject": {"V/v tập trung lãnh đạo, chỉ đạo thực hiện một số nhiệm vụ trọng tâm"},
		"assign": {"1"}}
	for i := range tasks {
		k := "task-" + strconv.Itoa(i) + "-"
		f.Set(k+"include", "1")
		f.Set(k+"title", fmt.Sprintf("Nhiệm vụ số %d của công văn", i+1))
		f.Set(k+"lead", strconv.FormatInt(lead, 10))
		f.Set(k+"deadline", "")
	}
	return f
}

func TestIngestFlow(t *testing.T) {
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatalf("the seed dispatch: %v", err)
	}
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newIngestEnv(t, db)
		c, _ := e.signedIn("vanphong")
		before := len(e.allDocuments(dondoc.DocumentFilter{}))

		res := c.get("/van-ban/nhap")
		contains(t, "upload page", res.body, `data-page="ingest-upload"`, `enctype="multipart/form-data"`, `type="file"`, "tối đa 64 KB")

		t.Run("bad uploads", func(t *testing.T) {
			for _, tc := range []struct {
				name, file string
				data       []byte
				status     int
				msg        string
			}{
				{"no file chosen", "", nil, http.StatusBadRequest, "Hãy chọn tệp văn bản để tải lên."},
				{"unknown kind", "virus.exe", []byte("MZ"), http.StatusBadRequest, "Chỉ nhận tệp .txt, .docx, .pdf hoặc edXML (.xml)."},
				{"empty", "rong.txt", []byte{}, http.StatusBadRequest, "Tệp rỗng, không có nội dung."},
				{"too large", "lon.txt", bytes.Repeat([]byte("Nhiệm vụ "), testMaxInput/8), http.StatusRequestEntityTooLarge, "Tệp vượt quá dung lượng cho phép."},
				{"broken Word file", "hong.docx", []byte("PK\x03\x04 không phải tệp Word"), http.StatusBadRequest, ""},
			} {
				t.Run(tc.name, func(t *testing.T) {
					res := c.uploadDocument(tc.file, tc.data)
					if res.status != tc.status {
						t.Errorf("status = %d, want %d", res.status, tc.status)
					}
					contains(t, "refused upload", res.body, `id="file-error"`, `aria-invalid="true"`, tc.msg)
				})
			}
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/van-ban/nhap", strings.NewReader("file=x"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			if res := c.do(req); res.status != http.StatusBadRequest || !strings.Contains(res.body, `id="file-error"`) {
				t.Errorf("a form without a file part = %d", res.status)
			}
		})

		res = c.uploadDocument("btv-tinh-uy-2024-05.txt", seed)
		m := draftPathRE.FindStringSubmatch(res.header.Get("Location"))
		if res.status != http.StatusSeeOther || m == nil {
			t.Fatalf("upload = %d to %q: %.300s", res.status, res.header.Get("Location"), res.body)
		}
		draftURL := m[0]

		res = c.get(draftURL)
		if res.status != http.StatusOK {
			t.Fatalf("review = %d", res.status)
		}
		body := html.UnescapeString(res.body)
		contains(t, "review", body, `data-page="ingest-review"`, `<mark id="src-task-0"`, `href="#src-task-0"`, `<mark id="src-issuer"`,
			`href="#src-issuer"`, `<mark id="src-task-2-deadline"`, "“theo kế hoạch”", `<mark id="src-signer"`, "Lê Thị Thu Hồng",
			"Độ tin cậy thấp, hãy kiểm tra", "Không tìm thấy trong văn bản, hãy nhập", `value="Ban Thường vụ Tỉnh ủy"`,
			"Nhiệm vụ đề xuất (9)", "điểm 2.(2)")
		if n := len(taskFieldset.FindAllString(res.body, -1)); n != 9 {
			t.Errorf("the review proposes %d tasks, want 9", n)
		}
		if strings.Count(res.body, "<mark ") != strings.Count(res.body, "</mark>") {
			t.Error("the marks of the source are not balanced")
		}
		version := versionRE.FindStringSubmatch(res.body)[1]

		t.Run("same file twice", func(t *testing.T) {
			res := c.uploadDocument("ban-sao.txt", seed)
			if res.status != http.StatusConflict {
				t.Errorf("status = %d, want 409", res.status)
			}
			contains(t, "second upload", res.body, `id="file-error"`)
		})

		lead := e.unitID("Huyện Yên Dũng")
		issuer := e.unitID("Ban Thường vụ Tỉnh ủy")
		good := reviewForm(version, 9, lead)
		good.Set("issuer_unit_id", strconv.FormatInt(issuer, 10))

		t.Run("bad edits", func(t *testing.T) {
			for _, tc := range []struct {
				name   string
				edit   func(f url.Values)
				status int
				wants  []string
			}{
				{"everything wrong at once", func(f url.Values) {
					f.Set("date", "")
					f.Set("task-0-lead", "")
					f.Set("task-1-deadline", "31/02/2024")
					f.Set("task-2-title", "")
					f.Set("task-3-title", "Tên đã sửa của nhiệm vụ")
				}, http.StatusBadRequest, []string{
					`id="date-error"`, "Hãy nhập ngày ban hành (dd/mm/yyyy).",
					`id="task-0-lead-error"`, "Hãy chọn đơn vị chủ trì.",
					`id="task-1-deadline-error"`, `value="31/02/2024"`,
					`id="task-2-title-error"`, "Hãy nhập tên nhiệm vụ.",
					"Tên đã sửa của nhiệm vụ", "Còn 4 trường chưa hợp lệ", `<a href="#date">`}},
				{"date in words", func(f url.Values) { f.Set("date", "mùng 6 tháng 5") }, http.StatusBadRequest,
					[]string{`id="date-error"`, "Ngày ban hành phải có dạng dd/mm/yyyy", `value="mùng 6 tháng 5"`}},
				{"deadline before the document", func(f url.Values) { f.Set("task-4-deadline", "01/01/2024") }, http.StatusBadRequest,
					[]string{`id="task-4-deadline-error"`, "Hạn xử lý không được trước ngày ban hành văn bản.", `value="01/01/2024"`}},
				{"unit that is not a number", func(f url.Values) { f.Set("task-5-lead", "huyen") }, http.StatusBadRequest,
					[]string{`id="task-5-lead-error"`, "Đơn vị chủ trì không hợp lệ."}},
				{"unit that does not exist", func(f url.Values) { f.Set("task-6-lead", "999999") }, 0,
					[]string{`id="task-6-lead-error"`}},
				{"no issuing unit", func(f url.Values) { f.Set("issuer_unit_id", "") }, http.StatusBadRequest,
					[]string{`id="issuer_unit_id-error"`, "Hãy chọn đơn vị ban hành"}},
				{"bad number-symbol", func(f url.Values) { f.Set("number_symbol", "???") }, http.StatusBadRequest,
					[]string{`id="number_symbol-error"`, `value="???"`}},
				{"number of a registered document", func(f url.Values) { f.Set("number_symbol", "1250-CV/TU") }, http.StatusConflict,
					[]string{`value="1250-CV/TU"`}},
				{"empty type", func(f url.Values) { f.Set("type", "") }, http.StatusBadRequest, []string{`id="type-error"`}},
				{"stale version", func(f url.Values) { f.Set("version", "999") }, http.StatusPreconditionFailed, []string{`id="draft-error"`}},
				{"no version", func(f url.Values) { f.Del("version") }, http.StatusBadRequest, []string{"Thiếu phiên bản của bản nháp"}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					f := url.Values{}
					for k, v := range good {
						f[k] = append([]string{}, v...)
					}
					tc.edit(f)
					res := c.post(draftURL, f)
					if tc.status != 0 && res.status != tc.status || res.status < 400 {
						t.Errorf("status = %d, want %d", res.status, tc.status)
					}
					contains(t, "refused confirmation", html.UnescapeString(res.body), tc.wants...)
					if !strings.Contains(res.body, `value="Nhiệm vụ số 8 của công văn"`) && !strings.Contains(res.body, `>Nhiệm vụ số 8 của công văn</textarea>`) {
						t.Error("the form lost a typed title")
					}
				})
			}
			if got := len(e.allDocuments(dondoc.DocumentFilter{})); got != before {
				t.Errorf("bad edits registered %d documents", got-before)
			}
		})

		// Leave one task out: it must not be created.
		good.Del("task-8-include")
		res = c.post(draftURL, good)
		loc := res.header.Get("Location")
		if res.status != http.StatusSeeOther || !strings.HasSuffix(loc, "?da-nhap=1") {
			t.Fatalf("confirm = %d to %q: %s", res.status, loc, res.body)
		}
		res = c.get(loc)
		contains(t, "new document", html.UnescapeString(res.body), "1251-CV/TU", "Đã nhập văn bản và tạo 8 nhiệm vụ.",
			"Nhiệm vụ số 1 của công văn", "Nhiệm vụ số 8 của công văn", `id="dieu-2.(3)"`, "Huyện Yên Dũng", "Đã giao")
		if strings.Contains(res.body, "Nhiệm vụ số 9 của công văn") {
			t.Error("the task left out was created")
		}
		if got := len(e.allDocuments(dondoc.DocumentFilter{})); got != before+1 {
			t.Errorf("confirming registered %d documents, want 1", got-before)
		}
		contains(t, "confirmed draft", c.get(draftURL).body, "Bản nháp này đã được xác nhận.")
		if res := c.post(draftURL, good); res.status < 400 {
			t.Errorf("confirming twice = %d", res.status)
		}
	})
}

func TestIngestDiscardAndAccess(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newIngestEnv(t, db)
		c, _ := e.signedIn("vanphong")
		text := []byte("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nThực hiện nhiệm vụ năm 2024\n\n1. Sở Tài chính chủ trì rà soát các khoản thu, hoàn thành trước ngày 30/6/2024.\n")
		res := c.uploadDocument("ke-hoach.txt", text)
		draftURL := res.header.Get("Location")
		if res.status != http.StatusSeeOther || !draftPathRE.MatchString(draftURL) {
			t.Fatalf("upload = %d: %s", res.status, res.body)
		}
		review := c.get(draftURL).body
		version := versionRE.FindStringSubmatch(review)[1]
		contains(t, "review of a plan", html.UnescapeString(review), "“hoàn thành trước ngày 30/6/2024”", "Ngày tính được: 30/06/2024",
			`name="task-0-deadline" value="30/06/2024"`, `value="12/KH-UBND"`)

		if res := c.post(draftURL+"/huy", url.Values{"version": {"999"}}); res.status != http.StatusPreconditionFailed || !strings.Contains(res.body, `id="draft-error"`) {
			t.Errorf("discard at a stale version = %d", res.status)
		}
		if res := c.post(draftURL+"/huy", url.Values{}); res.status != http.StatusBadRequest {
			t.Errorf("discard without a version = %d", res.status)
		}
		res = c.post(draftURL+"/huy", url.Values{"version": {version}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/van-ban/nhap?da-huy=1" {
			t.Fatalf("discard = %d to %q", res.status, res.header.Get("Location"))
		}
		contains(t, "after discard", c.get(res.header.Get("Location")).body, "Đã hủy bản nháp")
		contains(t, "discarded draft", c.get(draftURL).body, "Bản nháp này đã bị hủy.")
		if strings.Contains(c.get(draftURL).body, `id="confirm-form"`) {
			t.Error("a discarded draft still offers to confirm")
		}
		if res := c.uploadDocument("ke-hoach.txt", text); res.status != http.StatusSeeOther {
			t.Errorf("the same file after discarding = %d, want accepted", res.status)
		}

		officer, _ := e.signedIn("canbo")
		for _, path := range []string{"/van-ban/nhap", draftURL} {
			if res := officer.get(path); res.status != http.StatusForbidden {
				t.Errorf("unit officer GET %s = %d, want 403", path, res.status)
			}
		}
		if res := officer.uploadDocument("ke-hoach-2.txt", text); res.status != http.StatusForbidden {
			t.Errorf("unit officer upload = %d, want 403", res.status)
		}
		for _, path := range []string{"/van-ban/nhap/999999", "/van-ban/nhap/abc"} {
			if res := c.get(path); res.status != http.StatusNotFound {
				t.Errorf("%s = %d, want 404", path, res.status)
			}
		}
	})
}

package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dondoc"
)

// TestReportAttachments has the commune officer send a progress report with files: a program is
// refused next to the file field with the typed text kept, then a PDF and a photograph go through
// and the task page links to them.
func TestReportAttachments(t *testing.T) {
	srv, db := server(t)
	b := newBrowser(t, srv.URL)
	ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
	page, err := db.ListTasks(ctx, dondoc.TaskFilter{Q: "bàn giao mặt bằng đường dẫn", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var taskPath string
	for _, tk := range page.Items {
		if strings.HasPrefix(tk.Title, "Hoàn thành bàn giao mặt bằng đường dẫn Cầu Đồng Việt") {
			taskPath = "/nhiem-vu/" + strconv.FormatInt(tk.ID, 10)
		}
	}
	if taskPath == "" {
		t.Fatal("the demo has no task for Xã Đồng Việt")
	}
	dir := t.TempDir()
	file := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pdf := file("Biên bản bàn giao mặt bằng đợt 2 có chữ ký các hộ dân.pdf", []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"))
	png := file("ảnh hiện trường.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 40)...))
	exe := file("cai-dat.exe", append([]byte("MZ\x90\x00"), make([]byte, 60)...))

	b.signIn("canboxa")
	b.open(taskPath+"/bao-cao", "task-report")
	const text = "Đã bàn giao thêm 0,4 ha; ảnh và biên bản gửi kèm."
	b.do("send a report with a program attached",
		chromedp.SendKeys(chromedp.CSS("#text"), text),
		chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{pdf, exe}),
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#files-error")))
	if got := b.text("#files-error"); !strings.Contains(got, "cai-dat.exe") {
		t.Errorf("the refused program says %q", got)
	}
	if got := eval[string](b, `document.querySelector("#text").value`); got != text {
		t.Errorf("the text was not kept: %q", got)
	}
	if got := b.text("#files-again"); !strings.Contains(got, "chọn lại tệp") {
		t.Errorf("the form does not ask to choose the files again: %q", got)
	}
	b.shoot("attachments-report-error")
	b.do("send the report with a PDF and a photograph",
		chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{pdf, png}),
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)))
	b.page("task-view")
	links := eval[float64](b, `document.querySelectorAll(".reports .report:first-child .attachments a[href*='/tep/']").length`)
	if links != 2 {
		t.Errorf("the newest report links %v files, want 2", links)
	}
	b.shoot("attachments-task")
}

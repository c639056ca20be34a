package ui_test

import (
	"cmp"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
	"dondoc/internal/vntext"
)

func TestSignInAndOut(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c := e.client()

		res := c.get("/nhiem-vu?q=cau")
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/dang-nhap?next=%2Fnhiem-vu%3Fq%3Dcau" {
			t.Fatalf("anonymous task list = %d to %q, want a redirect to sign in that comes back", res.status, res.header.Get("Location"))
		}
		if res := c.get("/nhiem-vu", "HX-Request", "true"); res.status != http.StatusUnauthorized || !strings.HasPrefix(res.header.Get("HX-Redirect"), "/dang-nhap") {
			t.Errorf("anonymous htmx request = %d, HX-Redirect %q", res.status, res.header.Get("HX-Redirect"))
		}
		res = c.get("/dang-nhap?next=/nhiem-vu")
		contains(t, "sign-in page", res.body, `data-page="login"`, `<html lang="vi">`, "Tên đăng nhập", "Mật khẩu")

		for _, tc := range []struct {
			name           string
			user, password string
			status         int
			wants          []string
		}{
			{"no username", "", "demo", http.StatusBadRequest, []string{"Hãy nhập tên đăng nhập.", `aria-invalid="true"`}},
			{"no password", "vanphong", "", http.StatusBadRequest, []string{"Hãy nhập mật khẩu.", `value="vanphong"`}},
			{"wrong password", "vanphong", "sai", http.StatusUnauthorized, []string{"Tên đăng nhập hoặc mật khẩu không đúng.", `value="vanphong"`}},
			{"unknown user", "khongco", "demo", http.StatusUnauthorized, []string{"Tên đăng nhập hoặc mật khẩu không đúng.", `value="khongco"`}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := c.post("/dang-nhap", url.Values{"username": {tc.user}, "password": {tc.password}, "next": {"/nhiem-vu"}})
				if res.status != tc.status {
					t.Errorf("status = %d, want %d", res.status, tc.status)
				}
				contains(t, "failed sign-in", res.body, tc.wants...)
				if strings.Contains(res.body, `value="`+tc.password+`"`) && tc.password != "" {
					t.Error("the page echoes the password")
				}
			})
		}
		if res := c.get("/"); res.status != http.StatusSeeOther {
			t.Fatalf("failed sign-ins opened a session: GET / = %d", res.status)
		}

		res = c.post("/dang-nhap", url.Values{"username": {"vanphong"}, "password": {"demo"}, "next": {"https://evil.example/"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/" {
			t.Errorf("sign in with a foreign next = %d to %q, want / ", res.status, res.header.Get("Location"))
		}
		res = c.get("/")
		if res.status != http.StatusOK {
			t.Fatalf("home after sign-in = %d", res.status)
		}
		contains(t, "home", res.body, `data-page="home"`, "Nguyễn Thị Lan Anh", "Đăng xuất", `href="/nhiem-vu"`)
		contains(t, "navigation", res.body, `href="/chi-tieu"`, `href="/bao-cao"`)
		if res := c.get("/dang-nhap"); res.status != http.StatusSeeOther {
			t.Errorf("sign-in page for a signed-in user = %d, want a redirect", res.status)
		}

		res = c.post("/dang-xuat", nil)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/dang-nhap" {
			t.Errorf("sign out = %d to %q", res.status, res.header.Get("Location"))
		}
		if res := c.get("/"); res.status != http.StatusSeeOther {
			t.Errorf("home after sign-out = %d, want a redirect", res.status)
		}
	})
}

func TestExpiredSession(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c := e.client()
		u, _ := url.Parse(e.srv.URL)
		c.http.Jar.SetCookies(u, []*http.Cookie{{Name: "dondoc_session", Value: "het-han-roi", Path: "/"}})
		res := c.get("/")
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/dang-nhap?het-han=1" {
			t.Fatalf("unknown session = %d to %q", res.status, res.header.Get("Location"))
		}
		contains(t, "sign-in after expiry", c.get(res.header.Get("Location")).body, "Phiên làm việc đã hết hạn")
	})
}

var countRE = regexp.MustCompile(`count-(overdue|soon|active|done)"[^>]*><span class="count-n">([0-9.]+)</span>`)

func TestHomeCounts(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		for _, user := range []string{"vanphong", "canbo", "canboxa"} {
			t.Run(user, func(t *testing.T) {
				c, actor := e.signedIn(user)
				want := map[string]int{}
				var late []dondoc.Task
				for _, task := range e.allTasks(actor, dondoc.TaskFilter{}) {
					switch {
					case task.Timing.Overdue:
						want["overdue"]++
						late = append(late, task)
					case task.Timing.DueSoon:
						want["soon"]++
					case task.Status.Open():
						want["active"]++
					case task.Status == dondoc.StatusDone:
						want["done"]++
					}
				}
				res := c.get("/")
				got := map[string]int{}
				for _, m := range countRE.FindAllStringSubmatch(res.body, -1) {
					n, _ := strconv.Atoi(strings.ReplaceAll(m[2], ".", ""))
					got[m[1]] = n
				}
				if len(got) != 4 {
					t.Fatalf("home shows %d counts, want 4:\n%s", len(got), res.body)
				}
				for k, n := range want {
					if got[k] != n {
						t.Errorf("%s count = %d, want %d", k, got[k], n)
					}
				}
				if len(late) == 0 {
					contains(t, "home", res.body, "Không có nhiệm vụ quá hạn.")
					return
				}
				oldest := late[0]
				lead, err := db.GetUnit(dondoc.WithActor(context.Background(), actor), oldest.LeadUnitID)
				if err != nil {
					t.Fatal(err)
				}
				contains(t, "home", html.UnescapeString(res.body), oldest.Title, lead.Name,
					fmt.Sprintf("quá hạn %s ngày", vntext.FormatNumber(float64(oldest.Timing.DaysOverdue), 0)), oldest.DueOn.Format())
			})
		}
	})
}

var rowRE = regexp.MustCompile(`<a href="/nhiem-vu/(\d+)">`)

func taskIDs(body string) []string {
	var ids []string
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func TestTaskList(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c, actor := e.signedIn("vanphong")

		t.Run("accent-insensitive search", func(t *testing.T) {
			want := e.allTasks(actor, dondoc.TaskFilter{Q: "đồng việt"})
			if len(want) == 0 {
				t.Fatal("the demo has no task about Đồng Việt")
			}
			res := c.get("/nhiem-vu?q=dong+viet")
			if res.status != http.StatusOK {
				t.Fatalf("status %d", res.status)
			}
			contains(t, "task list", res.body, `data-page="task-list"`, `value="dong viet"`)
			if got := taskIDs(res.body); len(got) != len(want) {
				t.Errorf("search lists %d tasks, want %d", len(got), len(want))
			}
		})

		t.Run("htmx fragment", func(t *testing.T) {
			res := c.get("/nhiem-vu?overdue=1", "HX-Request", "true", "HX-Target", "task-results")
			if strings.Contains(res.body, "<html") || !strings.HasPrefix(strings.TrimSpace(res.body), `<section id="task-results"`) {
				t.Errorf("htmx results are not a bare fragment: %.200s", res.body)
			}
			want := e.allTasks(actor, dondoc.TaskFilter{Overdue: ptr(true)})
			if got := taskIDs(res.body); len(got) != len(want) {
				t.Errorf("overdue filter lists %d tasks, want %d", len(got), len(want))
			}
			contains(t, "overdue list", res.body, "Quá hạn", "◆")
		})

		t.Run("status filter", func(t *testing.T) {
			res := c.get("/nhiem-vu?status=done")
			want := e.allTasks(actor, dondoc.TaskFilter{Status: []dondoc.Status{dondoc.StatusDone}})
			if got := taskIDs(res.body); len(got) != len(want) {
				t.Errorf("done filter lists %d tasks, want %d", len(got), len(want))
			}
			contains(t, "done list", res.body, `<option value="done" selected>`)
		})

		t.Run("bad filter", func(t *testing.T) {
			res := c.get("/nhiem-vu?status=bogus&q=cau")
			if res.status != http.StatusBadRequest {
				t.Errorf("status = %d, want 422", res.status)
			}
			contains(t, "bad filter", res.body, "Trạng thái không hợp lệ", `value="cau"`)
		})

		t.Run("pagination", func(t *testing.T) {
			all := e.allTasks(actor, dondoc.TaskFilter{})
			if len(all) <= 25 {
				t.Fatalf("the demo has only %d tasks, too few to page", len(all))
			}
			res := c.get("/nhiem-vu")
			first := taskIDs(res.body)
			m := regexp.MustCompile(`hx-get="(/nhiem-vu\?cursor=[^"]+)"`).FindStringSubmatch(res.body)
			if len(first) != 25 || m == nil {
				t.Fatalf("first page lists %d tasks and more link %v", len(first), m)
			}
			seen := map[string]bool{}
			for _, id := range first {
				seen[id] = true
			}
			next := html.UnescapeString(m[1])
			total := len(first)
			for next != "" {
				res := c.get(next, "HX-Request", "true", "HX-Target", "more-row")
				if !strings.HasPrefix(strings.TrimSpace(res.body), "<tr") {
					t.Fatalf("more rows are not table rows: %.200s", res.body)
				}
				for _, id := range taskIDs(res.body) {
					if seen[id] {
						t.Errorf("task %s listed twice", id)
					}
					seen[id] = true
					total++
				}
				next = ""
				if m := regexp.MustCompile(`hx-get="([^"]+)"`).FindStringSubmatch(res.body); m != nil {
					next = html.UnescapeString(m[1])
				}
			}
			if total != len(all) {
				t.Errorf("pages list %d tasks, want %d", total, len(all))
			}
		})
	})
}

func ptr[T any](v T) *T { return &v }

func TestTaskPageAndAction(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		office, actor := e.signedIn("vanphong")
		open := e.allTasks(actor, dondoc.TaskFilter{Status: []dondoc.Status{dondoc.StatusInProgress}, Q: "đồng việt"})
		if len(open) == 0 {
			t.Fatal("no task in progress about Đồng Việt")
		}
		// The task due first: a district's part of item 2.(2), which the commune officer cannot see.
		slices.SortFunc(open, func(a, b dondoc.Task) int {
			return cmp.Or(cmp.Compare(a.DueOn, b.DueOn), cmp.Compare(a.ID, b.ID))
		})
		task := open[0]
		path := "/nhiem-vu/" + strconv.FormatInt(task.ID, 10)

		res := office.get(path)
		if res.status != http.StatusOK {
			t.Fatalf("task page = %d", res.status)
		}
		contains(t, "task page", html.UnescapeString(res.body), `data-page="task-view"`, task.Title, "Đơn vị chủ trì", "Cơ quan giao nhiệm vụ",
			"Thời hạn hiện hành", "Diễn biến", "Tạo nhiệm vụ", "Đề nghị hoàn thành", `name="version" value="`+strconv.FormatInt(task.Version, 10)+`"`)
		if strings.Contains(res.body, `value="confirm"`) {
			t.Error("a task in progress offers confirmation")
		}

		viewer, _ := e.signedIn("xem")
		if res := viewer.get(path); res.status != http.StatusOK || strings.Contains(res.body, "chuyen-trang-thai") {
			t.Errorf("viewer's task page = %d, offers an action: %v", res.status, strings.Contains(res.body, "chuyen-trang-thai"))
		}
		commune, _ := e.signedIn("canboxa")
		for _, p := range []string{"/nhiem-vu/999999", "/nhiem-vu/abc"} {
			if res := commune.get(p); res.status != http.StatusNotFound || !strings.Contains(res.body, "Không tìm thấy") {
				t.Errorf("%s = %d", p, res.status)
			}
		}

		form := func(action string, version int64, note string) url.Values {
			return url.Values{"action": {action}, "version": {strconv.FormatInt(version, 10)}, "note": {note}}
		}
		res = office.post(path+"/chuyen-trang-thai", form("request_completion", task.Version, "Đơn vị đã báo cáo bằng văn bản."))
		if res.status != http.StatusSeeOther {
			t.Fatalf("request completion = %d: %s", res.status, res.body)
		}
		res = office.get(res.header.Get("Location"))
		contains(t, "task page after request", res.body, "Đã gửi đề nghị hoàn thành.", "Hoàn thành chờ duyệt", `value="confirm"`, "Xác nhận hoàn thành", `value="reject"`)

		// The old version is now stale: the page says someone changed it, keeps the note, and
		// changes nothing.
		res = office.post(path+"/chuyen-trang-thai", form("confirm", task.Version, "Ghi chú của tôi"))
		if res.status != http.StatusPreconditionFailed {
			t.Errorf("stale confirm = %d, want 412", res.status)
		}
		contains(t, "stale confirm", res.body, "người khác thay đổi trước bạn", "Đề nghị hoàn thành", "Ghi chú của tôi")
		ctx := dondoc.WithActor(context.Background(), actor)
		now, err := db.GetTask(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if now.Status != dondoc.StatusCompletionRequested {
			t.Fatalf("stale confirm changed the status to %s", now.Status)
		}

		for _, tc := range []struct {
			name   string
			form   url.Values
			status int
			want   string
		}{
			{"unknown action", form("explode", now.Version, ""), http.StatusBadRequest, "Thao tác không hợp lệ."},
			{"no version", url.Values{"action": {"confirm"}}, http.StatusBadRequest, "Thiếu phiên bản"},
			{"not allowed now", form("request_completion", now.Version, "lại"), http.StatusConflict, "Không thể đề nghị hoàn thành"},
		} {
			res := office.post(path+"/chuyen-trang-thai", tc.form)
			if res.status != tc.status {
				t.Errorf("%s: status = %d, want %d", tc.name, res.status, tc.status)
			}
			contains(t, tc.name, res.body, tc.want)
		}
		if res := commune.post(path+"/chuyen-trang-thai", form("confirm", now.Version, "")); res.status != http.StatusNotFound {
			t.Errorf("confirm out of scope = %d, want 404", res.status)
		}

		res = office.post(path+"/chuyen-trang-thai", form("confirm", now.Version, ""))
		if res.status != http.StatusSeeOther {
			t.Fatalf("confirm = %d: %s", res.status, res.body)
		}
		res = office.get(res.header.Get("Location"))
		contains(t, "task page after confirm", res.body, "Đã xác nhận hoàn thành.", "Hoàn thành", "Ngày hoàn thành", "Xác nhận hoàn thành")
		if strings.Contains(res.body, "chuyen-trang-thai") {
			t.Error("a done task still offers an action")
		}
	})
}

func TestStaticFiles(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		c := e.client()
		for _, p := range []string{"/static/app.css", "/static/vendor/htmx/htmx.min.js", "/static/vendor/htmx/LICENSE"} {
			res := c.get(p)
			if res.status != http.StatusOK || res.header.Get("Cache-Control") == "" || len(res.body) == 0 {
				t.Errorf("%s = %d, cache %q, %d bytes", p, res.status, res.header.Get("Cache-Control"), len(res.body))
			}
		}
		for _, p := range []string{"/static/nothing.js", "/static/", "/static/vendor/htmx/"} {
			if res := c.get(p); res.status != http.StatusNotFound {
				t.Errorf("%s = %d, want 404", p, res.status)
			}
		}
	})
}

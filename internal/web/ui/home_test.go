package ui_test

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// waitingRE reads the counts of "Chờ tôi xử lý" by their words.
var waitingRE = regexp.MustCompile(`<span class="waiting-n">([0-9.]+)</span> ([^<]+)</`)

// figureRE reads the leader's large figures by their labels.
var figureRE = regexp.MustCompile(`<span class="figure-n">([^<]+)</span><span class="figure-label">(?:<span class="shape" aria-hidden="true">◆</span> )?([^<]+)</span>`)

func pageCounts(re *regexp.Regexp, body string) map[string]string {
	out := map[string]string{}
	for _, m := range re.FindAllStringSubmatch(html.UnescapeString(body), -1) {
		out[strings.TrimSpace(m[2])] = m[1]
	}
	return out
}

func TestHomeByRole(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		for _, tc := range []struct {
			user         string
			leader, mine bool
		}{
			{"vanphong", true, false},
			{"lanhdao", true, false},
			{"truongdonvi", false, true},
			{"canbo", false, true},
			{"canboxa", false, true},
			{"xem", false, false},
			{"quantri", false, false},
		} {
			t.Run(tc.user, func(t *testing.T) {
				c, actor := e.signedIn(tc.user)
				ctx := as(actor)
				res := c.get("/")
				if res.status != http.StatusOK {
					t.Fatalf("home = %d", res.status)
				}
				body := html.UnescapeString(res.body)
				contains(t, "home", body, `data-page="home"`, "Chờ tôi xử lý", `href="/thong-bao"`, `href="/di-co-so"`)

				waiting, err := db.WaitingForMe(ctx, 5)
				if err != nil {
					t.Fatal(err)
				}
				unread, err := db.UnreadNotifications(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got := pageCounts(waitingRE, res.body)
				for label, n := range map[string]int{
					"báo cáo tiến độ chờ duyệt":       waiting.Reports,
					"đề nghị hoàn thành chờ xác nhận": waiting.Completions,
					"đề xuất gia hạn chờ quyết định":  waiting.Extensions,
					"kiến nghị chờ cho ý kiến":        waiting.Escalations,
					"thông báo chưa đọc":              unread,
				} {
					if got[label] != strconv.Itoa(n) {
						t.Errorf("%s = %q, want %d", label, got[label], n)
					}
				}
				for _, it := range waiting.Items {
					contains(t, "waiting items", body, it.Title)
				}

				figures := pageCounts(figureRE, res.body)
				if !tc.leader {
					if strings.Contains(body, "Toàn tỉnh trong tầm mắt") || len(figures) > 0 {
						t.Error("a unit's home shows the province at a glance")
					}
				} else {
					var overdue, onTime, late int
					for _, task := range e.allTasks(actor, dondoc.TaskFilter{}) {
						switch {
						case task.Timing.Overdue:
							overdue++
						case task.Timing.Outcome == "on_time":
							onTime++
						case task.Timing.Outcome == "late":
							late++
						}
					}
					if figures["Nhiệm vụ quá hạn"] != strconv.Itoa(overdue) {
						t.Errorf("overdue figure = %q, want %d", figures["Nhiệm vụ quá hạn"], overdue)
					}
					if onTime+late > 0 {
						want := strings.Replace(strconv.FormatFloat(float64(onTime)*100/float64(onTime+late), 'f', 1, 64), ".", ",", 1) + "%"
						if figures["Tỷ lệ hoàn thành đúng hạn"] != want {
							t.Errorf("on-time figure = %q, want %s", figures["Tỷ lệ hoàn thành đúng hạn"], want)
						}
					}
					if figures["Kiến nghị chờ cho ý kiến"] != strconv.Itoa(waiting.Escalations) {
						t.Errorf("escalation figure = %q, want %d", figures["Kiến nghị chờ cho ý kiến"], waiting.Escalations)
					}
					contains(t, "leader's home", body, "Đơn vị chậm nhất", "Người đứng đầu chịu trách nhiệm", "Chỉ tiêu so với kế hoạch",
						"Chỉ tiêu chậm so với kế hoạch", "Dự án trọng điểm chậm tiến độ")
					if overdue > 0 {
						// The unit with the most overdue tasks heads "Đơn vị chậm nhất".
						byUnit := map[int64]int{}
						most := int64(0)
						for _, task := range e.allTasks(actor, dondoc.TaskFilter{Overdue: ptr(true)}) {
							byUnit[task.LeadUnitID]++
							if byUnit[task.LeadUnitID] > byUnit[most] {
								most = task.LeadUnitID
							}
						}
						first := regexp.MustCompile(`<a href="/nhiem-vu\?unit=(\d+)&amp;colour=overdue">`).FindStringSubmatch(res.body)
						if first == nil {
							t.Fatal("no unit in Đơn vị chậm nhất")
						}
						if id, _ := strconv.ParseInt(first[1], 10, 64); byUnit[id] != byUnit[most] {
							t.Errorf("the slowest unit has %d overdue tasks, but unit %d has %d", byUnit[id], most, byUnit[most])
						}
					}
				}

				if !tc.mine {
					if strings.Contains(body, "Việc của tôi") {
						t.Error("a leader's home shows Việc của tôi")
					}
					return
				}
				contains(t, "unit home", body, "Việc của tôi")
				open, err := db.ListEscalations(ctx, dondoc.EscalationOpen, "", 100)
				if err != nil {
					t.Fatal(err)
				}
				asked := 0
				for _, esc := range open.Items {
					from, err := db.GetUnit(ctx, esc.FromUnitID)
					if err != nil {
						t.Fatal(err)
					}
					if actor.HasRole(from.Path, dondoc.RoleUnitHead, dondoc.RoleUnitOfficer) {
						asked++
						contains(t, "difficulties waiting", res.body, `href="/kien-nghi/`+strconv.FormatInt(esc.ID, 10)+`"`)
					}
				}
				if asked > 0 != strings.Contains(body, "Khó khăn, vướng mắc chờ trả lời") {
					t.Errorf("%d open escalations raised by the user's units, but the heading shown is %v", asked, !(asked > 0))
				}
				openTasks := e.allTasks(actor, dondoc.TaskFilter{Status: dondoc.OpenStatuses})
				if len(openTasks) == 0 {
					contains(t, "unit home", body, "Đơn vị không có nhiệm vụ nào đang thực hiện.")
					return
				}
				mine := body[strings.Index(body, "Việc của tôi"):]
				mine = mine[:strings.Index(mine, "</section>")]
				if cards := strings.Count(mine, `<li class="card card-`); cards != min(len(openTasks), 12) {
					t.Errorf("Việc của tôi shows %d cards, want %d", cards, min(len(openTasks), 12))
				}
				first := openTasks[0]
				if !strings.Contains(mine, first.Title) {
					t.Errorf("Việc của tôi lacks the nearest task %q", first.Title)
				}
				if actor.HasRole("", dondoc.RoleUnitOfficer, dondoc.RoleUnitHead) && first.Status != dondoc.StatusCompletionRequested {
					contains(t, "unit home", mine, "Báo cáo tiếp theo:", `href="/nhiem-vu/`+strconv.FormatInt(first.ID, 10)+`/bao-cao"`)
				}
			})
		}
	})
}

func TestHomeWaitingReport(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		head, ha := e.signedIn("truongdonvi")
		_, oa := e.signedIn("canbo")
		before := pageCounts(waitingRE, head.get("/").body)["báo cáo tiến độ chờ duyệt"]
		task := e.allTasks(oa, dondoc.TaskFilter{Status: []dondoc.Status{dondoc.StatusInProgress, dondoc.StatusAssigned}})[0]
		pct := 40
		if _, err := db.SubmitReport(as(oa), task.ID, dondoc.ReportInput{Text: "Đã hoàn thành khảo sát", Percent: &pct}); err != nil {
			t.Fatal(err)
		}
		res := head.get("/")
		n, _ := strconv.Atoi(before)
		if got := pageCounts(waitingRE, res.body)["báo cáo tiến độ chờ duyệt"]; got != strconv.Itoa(n+1) {
			t.Errorf("reports waiting for the head = %s, want %d", got, n+1)
		}
		w, err := db.WaitingForMe(as(ha), 5)
		if err != nil {
			t.Fatal(err)
		}
		if w.Reports <= n {
			t.Fatalf("the head waits for %d reports", w.Reports)
		}
		contains(t, "head's home", html.UnescapeString(res.body), "Báo cáo tiến độ chờ duyệt")
		if !strings.Contains(res.body, `href="/nhiem-vu/`+strconv.FormatInt(task.ID, 10)+`"`) {
			t.Error("the waiting report does not link to its task")
		}
	})
}

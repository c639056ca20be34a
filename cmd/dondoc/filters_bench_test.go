package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/vntext"
)

// benchIssuers are the issuers of the generated documents: a province's, its districts' and its
// departments', as clerks type them.
var benchIssuers = []string{"Tỉnh ủy Bắc Giang", "Ban Thường vụ Tỉnh ủy", "UBND tỉnh Bắc Giang", "HĐND tỉnh Bắc Giang",
	"Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Xây dựng", "Sở Giáo dục và Đào tạo", "Văn phòng Tỉnh ủy",
	"Huyện ủy Yên Dũng", "UBND huyện Yên Dũng", "Huyện ủy Lạng Giang", "UBND huyện Lạng Giang", "Ban Tuyên giáo Tỉnh ủy",
	"Ủy ban Kiểm tra Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "Ban Dân vận Tỉnh ủy", "Mặt trận Tổ quốc tỉnh", "Công an tỉnh", "Kho bạc Nhà nước tỉnh"}

// seededDocs remembers the benchmark databases that already hold the generated documents.
var seededDocs = map[*benchEnv]int{}

// seedDocuments adds n documents over five years, of both numbering systems and the issuers
// above, directly in the tables, and hangs the benchmark's tasks on them (ten tasks a document),
// so that "has open tasks" meets a province's ratio of tasks to documents.
func seedDocuments(ctx context.Context, e *benchEnv, n int) error {
	benchMu.Lock()
	defer benchMu.Unlock()
	if seededDocs[e] > 0 {
		return nil
	}
	pg := e.engine == "postgres"
	ph := func(i int) string {
		if pg {
			return "$" + strconv.Itoa(i)
		}
		return "?"
	}
	rng := rand.New(rand.NewPCG(3, 4))
	now := time.Now().UTC()
	types := []struct{ abbr, name string }{{"KH", "Kế hoạch"}, {"NQ", "Nghị quyết"}, {"CT", "Chỉ thị"}, {"TB", "Thông báo"}, {"QĐ", "Quyết định"}}
	var first, last int64
	for done := 0; done < n; {
		tx, err := e.raw.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		m := min(2000, n-done)
		for i := 0; i < m; i++ {
			k := done + i
			ty := types[rng.IntN(len(types))]
			issuer := benchIssuers[rng.IntN(len(benchIssuers))]
			number, system := fmt.Sprintf("%d-%s/TU", k, ty.abbr), dondoc.SystemParty
			switch k % 3 {
			case 1:
				number, system = fmt.Sprintf("%d/%s-UBND", k, ty.abbr), dondoc.SystemState
			case 2:
				number, system = "", ""
			}
			date := now.AddDate(0, 0, -rng.IntN(5*365)).Format(dondoc.DateLayout)
			q := fmt.Sprintf(`INSERT INTO documents (doc_type, number_symbol, number_norm, issuer, doc_date, received_on, subject,
				number_system, issuer_folded, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id`,
				ph(1), ph(2), ph(3), ph(4), ph(5), ph(6), ph(7), ph(8), ph(9), ph(10), ph(11))
			var id int64
			if err := tx.QueryRowContext(ctx, q, ty.name, number, vntext.NormalizeDocNumber(number), issuer, date, date,
				ty.name+" về nhiệm vụ "+strconv.Itoa(k), system, vntext.Fold(issuer), now, now).Scan(&id); err != nil {
				tx.Rollback()
				return err
			}
			if first == 0 {
				first = id
			}
			last = id
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		done += m
	}
	span := last - first + 1
	if _, err := e.raw.ExecContext(ctx, fmt.Sprintf(`UPDATE tasks SET document_id = %s + (id %% %s) WHERE document_id IS NULL`, ph(1), ph(2)), first, span); err != nil {
		return err
	}
	if _, err := e.raw.ExecContext(ctx, "ANALYZE"); err != nil {
		return err
	}
	if !pg {
		// As seedTasks: no STAT4 samples, which dondoc never collects. SQLite connections read the
		// statistics with the schema, so the server's connections, opened before, would plan with
		// the old ones (every task without a document); a schema change makes them read it again.
		if _, err := e.raw.ExecContext(ctx, "DELETE FROM sqlite_stat4; CREATE TABLE bench_touch (x); DROP TABLE bench_touch"); err != nil {
			return err
		}
	}
	seededDocs[e] = n
	return nil
}

// BenchmarkFilteredLists measures the document list with the filters the list page offers
// (system, issuer without diacritics, year, has open tasks) and the task list filtered by colour
// and deadline, each against the plain list of the same kind measured in the same run: it reports
// the median of each and their ratio ("x-plain"), which must stay small as the data grows, since
// every filter is a condition of the one keyset query. Documents number a tenth of the tasks
// (DONDOC_BENCH_TASKS; a province has about 100,000 documents and 1,000,000 tasks):
//
//	DONDOC_BENCH_TASKS=1000000 go test ./cmd/dondoc -run '^$' -bench FilteredLists -benchtime 200x
func BenchmarkFilteredLists(b *testing.B) {
	n := benchSize()
	year := strconv.Itoa(time.Now().Year() - 1)
	soon := time.Now().AddDate(0, 0, 30).Format(dondoc.DateLayout)
	cases := []struct{ name, plain, filtered string }{
		{"documents/system,issuer,year", "/api/v1/documents?limit=25", "/api/v1/documents?system=state&issuer=ubnd+huyen&year=" + year + "&limit=25"},
		{"documents/open-tasks", "/api/v1/documents?limit=25", "/api/v1/documents?open_tasks=true&limit=25"},
		{"documents/all-filters", "/api/v1/documents?limit=25", "/api/v1/documents?system=party&issuer=tinh+uy&year=" + year + "&open_tasks=true&limit=25"},
		{"documents/rare-issuer", "/api/v1/documents?limit=25", "/api/v1/documents?issuer=kho+bac&year=" + year + "&limit=25"},
		{"tasks/colour=due_soon", "/api/v1/tasks?limit=50", "/api/v1/tasks?colour=due_soon&limit=50"},
		{"tasks/colour=active", "/api/v1/tasks?limit=50", "/api/v1/tasks?colour=active&limit=50"},
		{"tasks/colour=overdue,due_from", "/api/v1/tasks?limit=50", "/api/v1/tasks?colour=overdue&due_from=" + time.Now().AddDate(0, -1, 0).Format(dondoc.DateLayout) + "&limit=50"},
		{"tasks/colour=done,due-range", "/api/v1/tasks?limit=50", "/api/v1/tasks?colour=done&due_from=" + year + "-01-01&due_before=" + soon + "&limit=50"},
	}
	for _, engine := range engines() {
		e := setupBench(b, engine, n)
		docs := max(n/10, 100)
		start := time.Now()
		if err := seedDocuments(context.Background(), e, docs); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %d documents ready in %s", engine, docs, time.Since(start).Round(time.Millisecond))
		for _, c := range cases {
			b.Run(fmt.Sprintf("%s/tasks=%d,documents=%d/%s", engine, n, docs, c.name), func(b *testing.B) {
				time1 := func(q string) time.Duration {
					start := time.Now()
					if err := e.send("GET", q, nil, http.StatusOK); err != nil {
						b.Fatal(err)
					}
					return time.Since(start)
				}
				var plain, filtered []time.Duration
				for b.Loop() {
					plain = append(plain, time1(c.plain))
					filtered = append(filtered, time1(c.filtered))
				}
				slices.Sort(plain)
				slices.Sort(filtered)
				p, f := plain[len(plain)/2], filtered[len(filtered)/2]
				b.ReportMetric(float64(p.Microseconds())/1000, "plain-ms")
				b.ReportMetric(float64(f.Microseconds())/1000, "filtered-ms")
				b.ReportMetric(float64(f)/float64(p), "x-plain")
			})
		}
	}
}

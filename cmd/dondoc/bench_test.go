package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/app"
	"dondoc/internal/auth"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
	"dondoc/internal/vntext"
	"dondoc/internal/web"
)

// The benchmarks measure the performance budget of the core issue against baselines measured in
// the same run: a raw single-row committed INSERT for writes, and a bare net/http handler serving a
// fixed 2 KB JSON body for reads. The data size comes from DONDOC_BENCH_TASKS (default 1000; the
// budget is stated at 1,000,000). Run them with
//
//	DONDOC_BENCH_TASKS=1000000 go test ./cmd/dondoc -run '^$' -bench . -benchtime 3s
//
// and on PostgreSQL too when DONDOC_TEST_POSTGRES is set (DONDOC_BENCH_ENGINES=postgres for
// PostgreSQL alone).

type benchEnv struct {
	db      *sqldb.DB
	raw     *sql.DB
	srv     *httptest.Server
	client  *http.Client
	token   string
	office  *dondoc.Unit
	units   []int64
	maxTask int64
	engine  string
	dir     string
	drop    func() error
	idleRSS float64
}

var (
	benchMu   sync.Mutex
	benchEnvs = map[string]*benchEnv{}
)

// TestMain closes the databases the benchmarks share once every benchmark has run.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, e := range benchEnvs {
		e.srv.Close()
		e.raw.Close()
		e.db.Close()
		if e.drop != nil {
			_ = e.drop()
		}
		if e.dir != "" {
			os.RemoveAll(e.dir)
		}
	}
	os.Exit(code)
}

func benchSize() int {
	n, err := strconv.Atoi(os.Getenv("DONDOC_BENCH_TASKS"))
	if err != nil || n <= 0 {
		return 1000
	}
	return n
}

// engines lists the engines to benchmark: SQLite always, PostgreSQL when configured, or those
// named in DONDOC_BENCH_ENGINES (comma-separated), since seeding a million tasks takes minutes.
func engines() []string {
	if v := os.Getenv("DONDOC_BENCH_ENGINES"); v != "" {
		return strings.Split(v, ",")
	}
	if os.Getenv(sqldbtest.PostgresEnv) != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// setupBench opens a database of the engine with n tasks, shared by every benchmark of the run.
func setupBench(b *testing.B, engine string, n int) *benchEnv {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	key := engine + "/" + strconv.Itoa(n)
	if e, ok := benchEnvs[key]; ok {
		return e
	}
	ctx := context.Background()
	e := &benchEnv{engine: engine}
	var err error
	switch engine {
	case "sqlite":
		dir, derr := os.MkdirTemp("", "dondoc-bench-")
		if derr != nil {
			b.Fatal(derr)
		}
		e.dir = dir
		e.db, err = sqldb.Open(ctx, "", dir)
		if err == nil {
			err = e.db.Migrate(ctx)
		}
		if err == nil {
			// The baseline and the seeding use a plain connection with the same durability.
			e.raw, err = sql.Open("sqlite", "file:"+filepath.Join(dir, "dondoc.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=synchronous(full)&_txlock=immediate")
			e.raw.SetMaxOpenConns(1)
		}
	case "postgres":
		dsn, drop, derr := sqldbtest.NewPostgresDatabase(ctx, sqldbtest.PostgresURL(b))
		if derr != nil {
			b.Fatal(derr)
		}
		e.drop = drop
		e.db, err = sqldb.Open(ctx, dsn, "")
		if err == nil {
			e.raw, err = sql.Open("pgx", dsn)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	sys := dondoc.WithActor(ctx, dondoc.SystemActor)
	root, err := e.db.CreateUnit(sys, dondoc.UnitInput{Kind: dondoc.KindProvince, Name: "Tỉnh Bắc Giang"})
	if err != nil {
		b.Fatal(err)
	}
	e.office, err = e.db.CreateUnit(sys, dondoc.UnitInput{ParentID: &root.ID, Kind: dondoc.KindOffice, Name: "Văn phòng Tỉnh ủy"})
	if err != nil {
		b.Fatal(err)
	}
	// Ten districts of twenty communes each: a province-sized tree.
	for d := 0; d < 10; d++ {
		dist, err := e.db.CreateUnit(sys, dondoc.UnitInput{ParentID: &root.ID, Kind: dondoc.KindDistrict, Name: fmt.Sprintf("Huyện %d", d+1)})
		if err != nil {
			b.Fatal(err)
		}
		e.units = append(e.units, dist.ID)
		for c := 0; c < 20; c++ {
			com, err := e.db.CreateUnit(sys, dondoc.UnitInput{ParentID: &dist.ID, Kind: dondoc.KindCommune, Name: fmt.Sprintf("Xã %d-%d", d+1, c+1)})
			if err != nil {
				b.Fatal(err)
			}
			e.units = append(e.units, com.ID)
		}
	}
	start := time.Now()
	if err := seedTasks(ctx, e, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: seeded %d tasks with events, audit rows and search index in %s", engine, n, time.Since(start).Round(time.Millisecond))
	// Memory with the database open and nothing asked of it yet: the idle figure of the budget.
	runtime.GC()
	debug.FreeOSMemory()
	e.idleRSS = rssMiB()
	hash, _ := auth.HashPassword(auth.TestParams, "benchmark")
	u, err := e.db.CreateUserWithHash(sys, dondoc.UserInput{Username: "office", DisplayName: "Văn phòng",
		Grants: []dondoc.Grant{{Role: dondoc.RoleOffice, UnitID: root.ID}}}, hash)
	if err != nil {
		b.Fatal(err)
	}
	actor, err := e.db.ActorForUser(ctx, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	_, e.token, err = e.db.CreateToken(dondoc.WithActor(ctx, actor), "bench", nil)
	if err != nil {
		b.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.srv = httptest.NewServer(web.Handler(app.Services(e.db, nil), logger))
	e.client = &http.Client{Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64}}
	benchEnvs[key] = e
	return e
}

// seedTasks fills the tables directly with n tasks and, for each, the rows a create through the
// API would write (event, audit row, search entry), in large transactions, so that a million rows
// take a minute rather than an hour.
func seedTasks(ctx context.Context, e *benchEnv, n int) error {
	statuses := []string{"assigned", "in_progress", "in_progress", "completion_requested", "done", "done", "suspended"}
	words := strings.Fields("đẩy nhanh tiến độ giải ngân vốn đầu tư công xóa nhà tạm thu ngân sách cầu Đồng Việt đại hội mặt trận sắp xếp đơn vị hành chính tuyên truyền kiểm tra giám sát")
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now().UTC()
	pg := e.engine == "postgres"
	ph := func(i int) string {
		if pg {
			return "$" + strconv.Itoa(i)
		}
		return "?"
	}
	const batch = 2000
	for done := 0; done < n; {
		tx, err := e.raw.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		m := min(batch, n-done)
		for i := 0; i < m; i++ {
			title := fmt.Sprintf("%s %s %s %d", words[rng.IntN(len(words))], words[rng.IntN(len(words))], words[rng.IntN(len(words))], done+i)
			due := now.AddDate(0, 0, rng.IntN(730)-365).Format(dondoc.DateLayout)
			var id int64
			q := fmt.Sprintf(`INSERT INTO tasks (title, lead_unit_id, assigner_unit_id, deadline, due_on, status, progress, created_at, updated_at)
				VALUES (%s, %s, %s, '{"kind":"date"}', %s, %s, %s, %s, %s) RETURNING id`, ph(1), ph(2), ph(3), ph(4), ph(5), ph(6), ph(7), ph(8))
			if err := tx.QueryRowContext(ctx, q, title, e.units[rng.IntN(len(e.units))], e.office.ID, due,
				statuses[rng.IntN(len(statuses))], rng.IntN(101), now, now).Scan(&id); err != nil {
				tx.Rollback()
				return err
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO task_events (task_id, kind, actor, at) VALUES (%s, 'created', 'seed', %s)`, ph(1), ph(2)), id, now); err != nil {
				tx.Rollback()
				return err
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO audit_log (actor, action, object_type, object_id, at) VALUES ('seed', 'task.create', 'task', %s, %s)`, ph(1), ph(2)), id, now); err != nil {
				tx.Rollback()
				return err
			}
			folded := vntext.Fold(title)
			if pg {
				_, err = tx.ExecContext(ctx, `INSERT INTO search_docs (object_type, object_id, folded) VALUES ('task', $1, $2)`, id, folded)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO task_fts (rowid, folded) VALUES (?, ?)`, id, folded)
			}
			if err != nil {
				tx.Rollback()
				return err
			}
			e.maxTask = id
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		done += m
	}
	if pg {
		_, err := e.raw.ExecContext(ctx, "ANALYZE")
		return err
	}
	// SQLite keeps the per-index statistics but not the STAT4 samples: with samples, SQLite
	// re-plans every statement whose bound value meets an indexed column, which defeats the
	// statement cache, and dondoc never collects them.
	_, err := e.raw.ExecContext(ctx, "ANALYZE; DELETE FROM sqlite_stat4")
	return err
}

func (e *benchEnv) request(method, path string, body []byte) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

func (e *benchEnv) send(method, path string, body []byte, want int) error {
	req, err := e.request(method, path, body)
	if err != nil {
		return err
	}
	res, err := e.client.Do(req)
	if err != nil {
		return err
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, out)
	}
	return nil
}

func (e *benchEnv) taskBody(i int) []byte {
	b, _ := json.Marshal(dondoc.TaskInput{Title: "Nhiệm vụ đo hiệu năng " + strconv.Itoa(i), Text: "Báo cáo kết quả về Văn phòng Tỉnh ủy.",
		LeadUnitID: e.units[i%len(e.units)], AssignerUnitID: e.office.ID, Assign: true,
		Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: dondoc.Today(time.Now()).AddDays(30)}})
	return b
}

// BenchmarkWrite compares a task created through the API (task, event, audit row, search entry in
// one committed transaction) with a raw single-row committed insert of the same row.
func BenchmarkWrite(b *testing.B) {
	n := benchSize()
	for _, engine := range engines() {
		e := setupBench(b, engine, n)
		prefix := fmt.Sprintf("%s/tasks=%d/", engine, n)
		b.Run(prefix+"baseline-raw-insert", func(b *testing.B) {
			q := `INSERT INTO tasks (title, lead_unit_id, assigner_unit_id, deadline, due_on, status, created_at, updated_at) VALUES (?, ?, ?, '{}', '2099-01-01', 'assigned', ?, ?)`
			if engine == "postgres" {
				q = `INSERT INTO tasks (title, lead_unit_id, assigner_unit_id, deadline, due_on, status, created_at, updated_at) VALUES ($1, $2, $3, '{}', '2099-01-01', 'assigned', $4, $5)`
			}
			for i := 0; b.Loop(); i++ {
				now := time.Now().UTC()
				tx, err := e.raw.Begin()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := tx.Exec(q, "Nhiệm vụ đo hiệu năng "+strconv.Itoa(i), e.units[i%len(e.units)], e.office.ID, now, now); err != nil {
					b.Fatal(err)
				}
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(prefix+"api-create-task", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if err := e.send("POST", "/api/v1/tasks", e.taskBody(i), http.StatusCreated); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(prefix+"api-create-task-8-writers", func(b *testing.B) {
			var failures atomic.Int64
			var seq atomic.Int64
			var first atomic.Value
			b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := e.send("POST", "/api/v1/tasks", e.taskBody(int(seq.Add(1))), http.StatusCreated); err != nil {
						failures.Add(1)
						first.CompareAndSwap(nil, err.Error())
					}
				}
			})
			if f := failures.Load(); f > 0 {
				b.Fatalf("%d of %d concurrent creates failed; first: %v", f, b.N, first.Load())
			}
		})
	}
}

// BenchmarkRead compares reading one task by id through the API with a bare net/http handler
// serving a fixed 2 KB JSON body over the same kind of connection.
func BenchmarkRead(b *testing.B) {
	n := benchSize()
	body := bytes.Repeat([]byte(`{"k":"Đẩy nhanh tiến độ giải ngân"},`), 2048/38)
	body = append(append([]byte("["), body[:len(body)-1]...), ']')
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer bare.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64}}
	b.Run("baseline-bare-2KB", func(b *testing.B) {
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				res, err := client.Get(bare.URL)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		})
	})
	for _, engine := range engines() {
		e := setupBench(b, engine, n)
		b.Run(fmt.Sprintf("%s/tasks=%d/api-get-task", engine, n), func(b *testing.B) {
			b.SetParallelism(4)
			var seq atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					id := 1 + seq.Add(7919)%e.maxTask
					if err := e.send("GET", "/api/v1/tasks/"+strconv.FormatInt(id, 10), nil, http.StatusOK); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkListPage measures a filtered, sorted page of 50 tasks and reports its 99th percentile.
func BenchmarkListPage(b *testing.B) {
	n := benchSize()
	for _, engine := range engines() {
		e := setupBench(b, engine, n)
		queries := []string{
			"/api/v1/tasks?status=in_progress&limit=50",
			"/api/v1/tasks?overdue=true&limit=50",
			"/api/v1/tasks?unit=" + strconv.FormatInt(e.units[0], 10) + "&status=in_progress,assigned&limit=50",
			"/api/v1/tasks?q=giai+ngan&limit=50",
		}
		for _, q := range queries {
			name := strings.NewReplacer("/api/v1/tasks?", "", "&limit=50", "", "&", ",").Replace(q)
			b.Run(fmt.Sprintf("%s/tasks=%d/%s", engine, n, name), func(b *testing.B) {
				var lat []time.Duration
				for b.Loop() {
					start := time.Now()
					if err := e.send("GET", q, nil, http.StatusOK); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
				}
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			})
		}
		b.Run(fmt.Sprintf("%s/tasks=%d/rss", engine, n), func(b *testing.B) {
			for b.Loop() {
				runtime.GC()
			}
			debug.FreeOSMemory()
			b.ReportMetric(rssMiB(), "rss-MiB")
			b.ReportMetric(e.idleRSS, "idle-rss-MiB")
		})
	}
}

// rssMiB reads the resident set size of this process.
func rssMiB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb / 1024
		}
	}
	return -1
}

package main

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/sqldb"
)

// BenchmarkDailyScan times the daily reminder scan over the benchmark's tasks (DONDOC_BENCH_TASKS,
// whose open ones the scan walks) and over a tenth of them, on each engine, against a baseline
// measured in the same run: one raw query reading the id and deadline of every task the scan
// looks at. For each size it reports the peak heap the operation added above the heap before it,
// which must stay flat as tasks grow tenfold, and the ratio of its time to the baseline's. "plan"
// is the walk alone (what `dondoc remind --dry-run` does); "scan" also records the reminders,
// starting each iteration from none recorded. The budget is under 10 seconds at 1,000,000 tasks:
//
//	DONDOC_BENCH_TASKS=1000000 go test ./cmd/dondoc -run '^$' -bench DailyScan -benchtime 1x
func BenchmarkDailyScan(b *testing.B) {
	n := benchSize()
	sizes := []int{n}
	if n >= 10_000 {
		sizes = []int{n / 10, n}
	}
	for _, engine := range engines() {
		for _, size := range sizes {
			e := setupBench(b, engine, size)
			scanPeople(b, e)
			day := scanBenchDay()
			sys := dondoc.WithActor(context.Background(), dondoc.SystemActor)
			prefix := fmt.Sprintf("%s/tasks=%d/", engine, size)
			var baseline time.Duration
			// The baseline reads the rows the scan of a Wednesday reads: open tasks due by its
			// horizon, the next working day plus the ladder's 3 days before a deadline.
			b.Run(prefix+"baseline-raw-select", func(b *testing.B) {
				q := `SELECT id, due_on FROM tasks WHERE status IN ('assigned','in_progress','completion_requested')
					AND (due_on <= ? OR due_on = ? OR status = 'completion_requested') ORDER BY id`
				if engine == "postgres" {
					q = `SELECT id, due_on FROM tasks WHERE status IN ('assigned','in_progress','completion_requested')
						AND (due_on <= $1 OR due_on = $2 OR status = 'completion_requested') ORDER BY id`
				}
				rows := 0
				peak := measureHeap(b, func() error {
					for b.Loop() {
						rows = 0
						rs, err := e.raw.Query(q, string(day.AddDays(4)), string(dondoc.NoDate))
						if err != nil {
							return err
						}
						for rs.Next() {
							var id int64
							var due string
							if err := rs.Scan(&id, &due); err != nil {
								rs.Close()
								return err
							}
							rows++
						}
						if err := rs.Close(); err != nil {
							return err
						}
					}
					return nil
				})
				baseline = b.Elapsed() / time.Duration(b.N)
				b.ReportMetric(float64(rows), "rows")
				b.ReportMetric(peak, "heap-peak-MiB")
			})
			b.Run(prefix+"plan", func(b *testing.B) {
				planned := 0
				peak := measureHeap(b, func() error {
					for b.Loop() {
						planned = 0
						if err := e.db.PlanReminders(sys, day, func(batch []sqldb.PlannedReminder) error {
							planned += len(batch)
							return nil
						}); err != nil {
							return err
						}
					}
					return nil
				})
				if planned == 0 {
					b.Fatalf("the scan of %s plans no reminder", day)
				}
				b.ReportMetric(float64(planned), "reminders")
				b.ReportMetric(peak, "heap-peak-MiB")
				reportRatio(b, baseline)
			})
			b.Run(prefix+"scan", func(b *testing.B) {
				var res sqldb.ScanResult
				var elapsed time.Duration
				peak := measureHeap(b, func() error {
					for i := 0; i < b.N; i++ {
						b.StopTimer()
						// Each iteration records the day's reminders anew, as the first scan of a
						// day does.
						if _, err := e.raw.Exec(`DELETE FROM reminders`); err != nil {
							return err
						}
						b.StartTimer()
						start := time.Now()
						var err error
						if res, err = e.db.Scan(sys, day); err != nil {
							return err
						}
						elapsed += time.Since(start)
					}
					return nil
				})
				if res.Written == 0 {
					b.Fatalf("the scan of %s wrote no reminder", day)
				}
				b.ReportMetric(float64(res.Written), "reminders")
				b.ReportMetric(peak, "heap-peak-MiB")
				if baseline > 0 {
					b.ReportMetric(float64(elapsed/time.Duration(b.N))/float64(baseline), "x-baseline")
				}
			})
		}
	}
}

// reportRatio reports the time of one operation as a multiple of the baseline's.
func reportRatio(b *testing.B, baseline time.Duration) {
	if baseline > 0 && b.N > 0 {
		b.ReportMetric(float64(b.Elapsed()/time.Duration(b.N))/float64(baseline), "x-baseline")
	}
}

// scanBenchDay is the day the benchmark scans: the Wednesday of this week or the last, a working
// day in the middle of the seeded deadlines, which lie within a year either side of today.
func scanBenchDay() dondoc.Date {
	t := time.Now().In(dondoc.Location)
	for t.Weekday() != time.Wednesday {
		t = t.AddDate(0, 0, -1)
	}
	return dondoc.DateOf(t)
}

var (
	scanPeopleMu   sync.Mutex
	scanPeopleDone = map[*benchEnv]bool{}
)

// scanPeople gives every unit of the benchmark's province a focal officer and a head, and the
// province a leader, so that the ladder finds someone to remind of every task, as in a province
// where every unit has its accounts.
func scanPeople(b *testing.B, e *benchEnv) {
	b.Helper()
	scanPeopleMu.Lock()
	defer scanPeopleMu.Unlock()
	if scanPeopleDone[e] {
		return
	}
	ctx := context.Background()
	sys := dondoc.WithActor(ctx, dondoc.SystemActor)
	user := func(name string, role dondoc.Role, unit int64) error {
		_, err := e.db.CreateUserWithHash(sys, dondoc.UserInput{Username: name, DisplayName: name,
			Grants: []dondoc.Grant{{Role: role, UnitID: unit}}}, "not-a-login")
		return err
	}
	err := e.db.FastLoad(ctx, func() error {
		if err := user("scan.leader", dondoc.RoleLeader, *e.office.ParentID); err != nil {
			return err
		}
		for _, u := range e.units {
			id := strconv.FormatInt(u, 10)
			if err := user("scan.officer."+id, dondoc.RoleUnitOfficer, u); err != nil {
				return err
			}
			if err := user("scan.head."+id, dondoc.RoleUnitHead, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	scanPeopleDone[e] = true
}

// measureHeap runs fn while sampling the heap in use every few milliseconds, fails the benchmark
// if fn fails, and returns the largest heap seen above the heap before fn, in MiB.
func measureHeap(b *testing.B, fn func() error) float64 {
	b.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	peak.Store(base)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	})
	err := fn()
	close(stop)
	wg.Wait()
	if err != nil {
		b.Fatal(err)
	}
	return float64(peak.Load()-base) / (1 << 20)
}

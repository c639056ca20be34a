package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"dondoc"
	"dondoc/internal/jobs"
	"dondoc/internal/notify"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// scanDay is a Friday; the tests' clock stands at 08:00 that day in Viet Nam.
const scanDay dondoc.Date = "2026-11-27"

func fixNow(db *sqldb.DB, day dondoc.Date, hour int) {
	t, _ := time.ParseInLocation("2006-01-02", string(day), dondoc.Location)
	t = t.Add(time.Duration(hour) * time.Hour)
	db.Now = func() time.Time { return t }
}

// recipient is a user whom the day's scan reminds, with the grant that reads their inbox.
type recipient struct {
	name string
	id   int64
	ctx  context.Context
}

// setup creates an officer and a head of a district with two tasks the ladder chases on scanDay:
// one three weeks overdue (officer and head) and one due on the next working day (officer).
func setup(t *testing.T, db *sqldb.DB) []recipient {
	t.Helper()
	fixNow(db, "2026-09-01", 10)
	p := sqldbtest.NewProvince(t, db)
	var out []recipient
	for _, g := range []struct {
		name string
		role dondoc.Role
	}{{"officer", dondoc.RoleUnitOfficer}, {"head", dondoc.RoleUnitHead}} {
		person, err := db.CreatePerson(sqldbtest.System(), dondoc.Person{FullName: "Nguyễn Văn " + g.name, Email: g.name + "@example.vn"})
		if err != nil {
			t.Fatal(err)
		}
		u, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: g.name, DisplayName: g.name, PersonID: &person.ID,
			Grants: []dondoc.Grant{{Role: g.role, UnitID: p.DistrictA.ID}}}, "x")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, recipient{name: g.name, id: u.ID, ctx: sqldbtest.As(u.ID, g.role, p.DistrictA)})
	}
	sqldbtest.Task(t, db, p.Office, p.DistrictA, "Quá hạn ba tuần", "2026-11-06")
	sqldbtest.Task(t, db, p.Office, p.DistrictA, "Sắp đến hạn", "2026-11-30")
	fixNow(db, scanDay, 8)
	return out
}

// start migrates River's tables, starts a job queue on db and stops it when the test ends.
func start(t *testing.T, db *sqldb.DB, id string, mailer *notify.Mailer, crash func(string) error) *jobs.Runner {
	t.Helper()
	ctx := context.Background()
	if err := jobs.Migrate(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	r, err := jobs.New(jobs.ForTest(jobs.Config{DB: db, Mailer: mailer, PollInterval: 20 * time.Millisecond, ID: id,
		Logger: slog.New(slog.DiscardHandler)}, crash))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(t, r) })
	return r
}

func stop(t *testing.T, r *jobs.Runner) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.Stop(ctx); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("stop: %v", err)
	}
}

// waitDone waits until kind has completed at least n jobs and no job is left to work.
func waitDone(t *testing.T, r *jobs.Runner, kind string, n int) []*rivertype.JobRow {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Second)
	for {
		done, err := r.Client().JobList(ctx, river.NewJobListParams().Kinds(kind).States(rivertype.JobStateCompleted).First(100))
		if err != nil {
			t.Fatal(err)
		}
		open, err := r.Client().JobList(ctx, river.NewJobListParams().States(rivertype.JobStateAvailable, rivertype.JobStatePending,
			rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled).First(100))
		if err != nil {
			t.Fatal(err)
		}
		failed, err := r.Client().JobList(ctx, river.NewJobListParams().States(rivertype.JobStateDiscarded, rivertype.JobStateCancelled).First(100))
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range failed.Jobs {
			t.Fatalf("job %d %s %s after %d attempts: %v", j.ID, j.Kind, j.State, j.Attempt, j.Errors)
		}
		if len(done.Jobs) >= n && len(open.Jobs) == 0 {
			return done.Jobs
		}
		if time.Now().After(deadline) {
			all, _ := r.Client().JobList(ctx, river.NewJobListParams().First(100))
			for _, j := range all.Jobs {
				t.Logf("job %d %s %s attempt %d errors %v", j.ID, j.Kind, j.State, j.Attempt, j.Errors)
			}
			t.Fatalf("%d %s jobs completed, %d jobs open; want %d completed and none open", len(done.Jobs), kind, len(open.Jobs), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// requireOneDigest checks that every recipient has exactly one notification, the digest of
// scanDay, and that no reminder is left pending.
func requireOneDigest(t *testing.T, db *sqldb.DB, users []recipient) {
	t.Helper()
	for _, u := range users {
		page, err := db.ListNotifications(u.ctx, false, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		// The tasks' assignment told them too, in the transaction that assigned them.
		digests := slices.DeleteFunc(page.Items, func(n dondoc.Notification) bool { return n.Kind == sqldb.KindTaskAssigned })
		if len(digests) != 1 || digests[0].Kind != sqldb.DigestKind || digests[0].Subject != "Nhắc việc ngày 27/11/2026" {
			t.Errorf("%s has %d digests, want the one digest: %+v", u.name, len(digests), digests)
		}
	}
	pending, err := db.PendingReminders(sqldbtest.System(), 100)
	if err != nil || len(pending) != 0 {
		t.Errorf("pending reminders = %+v, %v; want none", pending, err)
	}
}

// TestRestart runs the scan and the digests, stops the queue, forgets River's record of the work
// (as if its retention had run out) and starts a new queue on the same database: the day's scan
// runs again and must send nothing twice.
func TestRestart(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		users := setup(t, db)
		first := start(t, db, "first", nil, nil)
		digests := waitDone(t, first, jobs.DigestArgs{}.Kind(), len(users))
		if len(digests) != len(users) {
			t.Fatalf("%d digest jobs, want one per user (%d)", len(digests), len(users))
		}
		requireOneDigest(t, db, users)
		stop(t, first)

		ctx := context.Background()
		all, err := first.Client().JobList(ctx, river.NewJobListParams().First(1000))
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range all.Jobs {
			if _, err := first.Client().JobDelete(ctx, j.ID); err != nil {
				t.Fatal(err)
			}
		}
		second := start(t, db, "second", nil, nil)
		waitDone(t, second, jobs.ScanArgs{}.Kind(), 1)
		requireOneDigest(t, db, users)
	})
}

// TestCrashMidSend fails each digest job once at each stage of its delivery, by error and by
// panic: inside the transaction, after the notification is written but before the reminders are
// marked sent for good, and after the commit but before River records the job done. River
// retries, and still each person gets exactly one notification.
func TestCrashMidSend(t *testing.T) {
	for _, c := range []struct {
		name  string
		stage string
		panic bool
	}{
		{"error in transaction", jobs.StageInTx, false},
		{"panic in transaction", jobs.StageInTx, true},
		{"error after commit", jobs.StageAfterSaved, false},
		{"panic after commit", jobs.StageAfterSaved, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
				users := setup(t, db)
				var mu sync.Mutex
				crashes := 0
				crash := func(stage string) error {
					mu.Lock()
					defer mu.Unlock()
					if stage != c.stage || crashes == len(users) {
						return nil
					}
					crashes++
					if c.panic {
						panic("crash mid-send")
					}
					return errors.New("crash mid-send")
				}
				r := start(t, db, "crashing", nil, crash)
				digests := waitDone(t, r, jobs.DigestArgs{}.Kind(), len(users))
				mu.Lock()
				if crashes != len(users) {
					t.Errorf("%d crashes, want one per digest (%d)", crashes, len(users))
				}
				mu.Unlock()
				for _, j := range digests {
					if j.Attempt < 2 {
						t.Errorf("digest job %d completed on attempt %d; want it retried after the crash", j.ID, j.Attempt)
					}
				}
				requireOneDigest(t, db, users)
			})
		})
	}
}

// TestTwoInstances runs two dondoc instances, each with its own pools and job queue, on one
// PostgreSQL database at once: first their storage races to deliver one digest, then both queues
// run the day's work together.
func TestTwoInstances(t *testing.T) {
	ctx := context.Background()
	dsn, drop, err := sqldbtest.NewPostgresDatabase(ctx, sqldbtest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = drop() })
	var dbs []*sqldb.DB
	for range 2 {
		db, err := sqldb.Open(ctx, dsn, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
	}
	// Both instances create River's tables at once, as two servers starting together do.
	var wg sync.WaitGroup
	for _, db := range dbs {
		wg.Go(func() {
			if err := jobs.Migrate(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
				t.Errorf("migrate: %v", err)
			}
		})
	}
	wg.Wait()
	users := setup(t, dbs[0])
	fixNow(dbs[1], scanDay, 8)
	sys := sqldbtest.System()
	if _, err := dbs[0].Scan(sys, scanDay); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	delivered := 0
	for i := range 8 {
		wg.Go(func() {
			_, ok, err := dbs[i%2].DeliverDigest(sys, users[0].id, scanDay, nil)
			if err != nil && !dondoc.IsCode(err, dondoc.EStale) {
				t.Errorf("deliver: %v", err)
			}
			if ok {
				mu.Lock()
				delivered++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if delivered != 1 {
		t.Fatalf("the digest was delivered %d times, want once", delivered)
	}

	a := start(t, dbs[0], "a", nil, nil)
	b := start(t, dbs[1], "b", nil, nil)
	waitDone(t, a, jobs.ScanArgs{}.Kind(), 1)
	waitDone(t, b, jobs.DigestArgs{}.Kind(), 1)
	requireOneDigest(t, dbs[0], users)
}

// TestScanDay checks which day's scan is due: from 07:00 in Viet Nam today's, before it
// yesterday's.
func TestScanDay(t *testing.T) {
	for _, c := range []struct {
		utc  string
		want dondoc.Date
	}{
		{"2026-11-26T23:59:00Z", "2026-11-26"},
		{"2026-11-27T00:00:00Z", "2026-11-27"},
		{"2026-11-26T16:59:00Z", "2026-11-26"},
		{"2026-11-26T17:00:00Z", "2026-11-26"},
	} {
		now, err := time.Parse(time.RFC3339, c.utc)
		if err != nil {
			t.Fatal(err)
		}
		if got := jobs.ScanDay(now); got != c.want {
			t.Errorf("ScanDay(%s) = %s, want %s", c.utc, got, c.want)
		}
	}
}

// smtpSink is an SMTP server inside the test that keeps the messages it receives.
type smtpSink struct {
	mu   sync.Mutex
	msgs []*mail.Message
}

func (s *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }

type sinkSession struct{ s *smtpSink }

func (*sinkSession) Reset()                               {}
func (*sinkSession) Logout() error                        { return nil }
func (*sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (*sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (ss *sinkSession) Data(r io.Reader) error {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	ss.s.msgs = append(ss.s.msgs, m)
	ss.s.mu.Unlock()
	return nil
}

// TestMail sends the e-mail copy of each digest through an SMTP server inside the test, while
// every digest job crashes once after its commit: each person still gets exactly one e-mail.
func TestMail(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		sink := &smtpSink{}
		srv := smtp.NewServer(sink)
		srv.Domain = "localhost"
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() { _ = srv.Serve(ln) }()
		t.Cleanup(func() { _ = srv.Close() })
		users := setup(t, db)
		var mu sync.Mutex
		crashed := map[string]bool{}
		crash := func(stage string) error {
			mu.Lock()
			defer mu.Unlock()
			if stage != jobs.StageAfterSaved || len(crashed) == len(users) {
				return nil
			}
			crashed[stage+strconv.Itoa(len(crashed))] = true
			return errors.New("crash after commit")
		}
		mailer := &notify.Mailer{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, From: "dondoc@example.vn", FromName: "Đôn đốc"}
		r := start(t, db, "mail", mailer, crash)
		waitDone(t, r, jobs.DigestArgs{}.Kind(), len(users))
		waitDone(t, r, jobs.MailArgs{}.Kind(), len(users))
		requireOneDigest(t, db, users)
		sink.mu.Lock()
		defer sink.mu.Unlock()
		var got []string
		dec := new(mime.WordDecoder)
		for _, m := range sink.msgs {
			subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, m.Header.Get("To")+" "+subject)
		}
		slices.Sort(got)
		want := []string{"<head@example.vn> Nhắc việc ngày 27/11/2026", "<officer@example.vn> Nhắc việc ngày 27/11/2026"}
		if !slices.Equal(got, want) {
			t.Errorf("e-mails sent:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertest"
	"github.com/riverqueue/river/rivertype"

	"dondoc"
	"dondoc/internal/sqldb"
)

// The stages at which tests inject a crash into a digest's delivery.
const (
	StageInTx       = stageInTx
	StageAfterSaved = stageAfterSaved
)

// retryNow retries a failed job at once, so that tests need not wait out the backoff.
type retryNow struct{}

func (retryNow) NextRetry(*rivertype.JobRow) time.Time { return time.Now() }

// ForTest makes the queue retry failed jobs at once and calls crash at each stage of a digest's
// delivery, failing the job where crash returns an error or panics.
func ForTest(cfg Config, crash func(stage string) error) Config {
	cfg.retryPolicy, cfg.crash = retryNow{}, crash
	return cfg
}

// Client exposes the River client, for tests that inspect the jobs.
func (r *Runner) Client() *river.Client[*sql.Tx] { return r.client }

// WorkScan works the daily scan of day as River works the periodic job, with the queue's client
// in the context, so that the digests it queues land in River's tables as they would.
func (r *Runner) WorkScan(ctx context.Context, day dondoc.Date) error {
	return r.scan.Work(rivertest.WorkContext(ctx, r.client), &river.Job[ScanArgs]{
		JobRow: &rivertype.JobRow{Kind: ScanArgs{}.Kind(), Attempt: 1}, Args: ScanArgs{Day: day}})
}

// WorkDigests works every digest job waiting in River's tables, oldest first, with the digest
// worker River runs, and deletes each once done, as River's cleaner does with completed jobs. It
// returns the jobs' arguments in the order it worked them.
func (r *Runner) WorkDigests(ctx context.Context) ([]DigestArgs, error) {
	list, err := r.client.JobList(ctx, river.NewJobListParams().Kinds(DigestArgs{}.Kind()).
		States(rivertype.JobStateAvailable).OrderBy(river.JobListOrderByID, river.SortOrderAsc).First(10_000))
	if err != nil {
		return nil, err
	}
	var out []DigestArgs
	for _, row := range list.Jobs {
		var args DigestArgs
		if err := json.Unmarshal(row.EncodedArgs, &args); err != nil {
			return nil, err
		}
		if err := r.digest.Work(rivertest.WorkContext(ctx, r.client), &river.Job[DigestArgs]{JobRow: row, Args: args}); err != nil {
			return nil, err
		}
		if _, err := r.client.JobDelete(ctx, row.ID); err != nil {
			return nil, err
		}
		out = append(out, args)
	}
	return out, nil
}

// NextScan is when the periodic scan job of db's queue runs next after t, and the day it scans
// then, by the follow-up settings in force.
func NextScan(db *sqldb.DB, t time.Time) (time.Time, dondoc.Date) {
	fu := db.FollowUpInForce()
	at := dailyAt{hour: fu.DigestHour, loc: fu.Location()}.Next(t)
	return at, scanDay(at, fu.DigestHour, fu.Location())
}

package jobs

import (
	"database/sql"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
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

// Package jobs runs Sésame's background work on River: mail delivery, the
// nightly expiry and the monthly reminders (periodic.go). Jobs are inserted in
// the same transaction as the change that causes them, so a rolled-back
// change sends nothing and a committed one loses nothing.
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/store"
)

// Config tunes the queue.
type Config struct {
	// Work says whether this process delivers jobs (serve) or only inserts
	// them (operator commands, whose mail the server then delivers).
	Work bool
	// PollInterval is how often workers look for new jobs; short in tests.
	PollInterval time.Duration
	// Workers is how many jobs run at once.
	Workers int
	Log     *slog.Logger
	// MailBackoff is the wait after each failed delivery (the last repeats);
	// nil means DefaultMailBackoff. Tests make it short.
	MailBackoff []time.Duration
	// MailMaxAttempts is how many times a mail queued here is tried; 0
	// means MailMaxAttempts (mailretry.go). Tests make it small.
	MailMaxAttempts int
}

// Queue inserts jobs into store transactions and, when configured to work,
// delivers them.
type Queue struct {
	client   *river.Client[*sql.Tx]
	jobDB    *sql.DB
	owned    bool              // jobDB was opened here and must be closed here
	svc      *service.Service  // runs the periodic work; set by Schedule (periodic.go)
	mailOpts *river.InsertOpts // how mail queued here is retried (MaxAttempts)
}

// New builds the queue on st; mail leaves through sender.
func New(st *store.Store, sender mail.Sender, cfg Config) (*Queue, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	jobDB, err := st.OpenJobDB()
	if err != nil {
		return nil, err
	}
	var driver riverdriver.Driver[*sql.Tx]
	if st.Dialect() == store.Postgres {
		driver = riverdatabasesql.New(jobDB)
	} else {
		driver = riversqlite.New(jobDB)
	}
	// Mail that failed for good stays listed for operators (failed.go).
	rc := &river.Config{Logger: cfg.Log, DiscardedJobRetentionPeriod: FailedMailRetention}
	q := &Queue{jobDB: jobDB, owned: jobDB != st.WriteDB(), mailOpts: &river.InsertOpts{MaxAttempts: cmp.Or(cfg.MailMaxAttempts, MailMaxAttempts)}}
	if cfg.Work {
		workers := river.NewWorkers()
		river.AddWorker(workers, &MailWorker{Sender: sender, Backoff: cfg.MailBackoff})
		addTaskWorkers(workers, q) // periodic.go: expiry and reminders
		if cfg.Workers <= 0 {
			cfg.Workers = 4
		}
		if cfg.PollInterval <= 0 {
			cfg.PollInterval = time.Second
		}
		rc.Workers = workers
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}}
		rc.FetchPollInterval = cfg.PollInterval
		rc.FetchCooldown = min(cfg.PollInterval, 100*time.Millisecond)
	}
	if q.client, err = river.NewClient(driver, rc); err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return q, nil
}

// Start begins working jobs (only for a queue built with Work).
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(ctx) }

// Stop waits for running jobs to finish, then stops, so a graceful shutdown
// never cuts a mail in the middle.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if q.owned {
		q.jobDB.Close()
	}
	return err
}

// EnqueueMail queues m for delivery inside tx.
func (q *Queue) EnqueueMail(ctx context.Context, tx *store.Tx, m mail.Message) error {
	_, err := q.client.InsertTx(ctx, tx.SQLTx(), MailArgs{Message: m}, q.mailOpts)
	return err
}

// MailArgs is a mail waiting for delivery: the fully rendered message, so
// what is sent is what was decided at the time of the change.
type MailArgs struct {
	Message mail.Message `json:"message"`
}

// Kind names the job type in the queue.
func (MailArgs) Kind() string { return "mail" }

// InsertOpts: mail is retried for about a day (mailretry.go) before it is
// kept as failed for an operator to see.
func (MailArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: MailMaxAttempts} }

// MailWorker delivers one mail; an error makes River retry it later.
type MailWorker struct {
	river.WorkerDefaults[MailArgs]
	Sender  mail.Sender
	Backoff []time.Duration // waits between attempts; see NextRetry in mailretry.go
}

// Work sends the mail.
func (w *MailWorker) Work(ctx context.Context, job *river.Job[MailArgs]) error {
	return w.Sender.Send(ctx, job.Args.Message)
}

// Timeout bounds one delivery attempt.
func (w *MailWorker) Timeout(*river.Job[MailArgs]) time.Duration { return 30 * time.Second }

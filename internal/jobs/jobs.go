// Package jobs runs Sésame's background work on River: mail delivery, the
// nightly expiry and the monthly reminders (periodic.go). Jobs are inserted in
// the same transaction as the change that causes them, so a rolled-back
// change sends nothing and a committed one loses nothing.
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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
		river.AddWorker(workers, &MailWorker{Sender: sender, Backoff: cfg.MailBackoff, Store: st})
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
	_, err := q.client.InsertTx(ctx, tx.SQLTx(), MailArgs{Message: &m}, q.mailOpts)
	return err
}

// EnqueueReminders queues, inside tx and with few statements, the notices
// and digests of the monthly reminders, as the data they are rendered from
// at delivery: tens of thousands of them go out on a 20th, and a rendered
// digest of a large employer is hundreds of kilobytes.
func (q *Queue) EnqueueReminders(ctx context.Context, tx *store.Tx, notices []mail.ExpiryNoticeData, digests []mail.DigestRef) error {
	params := make([]river.InsertManyParams, 0, len(notices)+len(digests))
	for i := range notices {
		params = append(params, river.InsertManyParams{Args: MailArgs{Notice: &notices[i]}, InsertOpts: q.mailOpts})
	}
	for i := range digests {
		params = append(params, river.InsertManyParams{Args: MailArgs{Digest: &digests[i]}, InsertOpts: q.mailOpts})
	}
	if len(params) == 0 {
		return nil
	}
	_, err := q.client.InsertManyFastTx(ctx, tx.SQLTx(), params)
	return err
}

// MailArgs is a mail waiting for delivery, in one of three forms (exactly
// one is set). Most mail is rendered when the change happens, so what is
// sent is what was decided then, whatever changes later. The reminders are
// queued as their data and rendered at delivery (see EnqueueReminders):
// that data too is fixed when queued, so the mail still says what was
// true on the 20th.
type MailArgs struct {
	Message *mail.Message          `json:"message,omitempty"`
	Notice  *mail.ExpiryNoticeData `json:"notice,omitempty"`
	Digest  *mail.DigestRef        `json:"digest,omitempty"`
}

// Kind names the job type in the queue.
func (MailArgs) Kind() string { return "mail" }

// InsertOpts: mail is retried for about a day (mailretry.go) before it is
// kept as failed for an operator to see.
func (MailArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: MailMaxAttempts} }

// envelope is whom the mail is for and its subject, without rendering it.
func (a MailArgs) envelope() (to, toName, subject string) {
	switch {
	case a.Message != nil:
		return a.Message.To, a.Message.ToName, a.Message.Subject
	case a.Notice != nil:
		return a.Notice.To.Email, a.Notice.To.DisplayName(), mail.SubjectExpiryNotice
	case a.Digest != nil:
		return a.Digest.To.Email, a.Digest.To.DisplayName(), mail.SubjectReminderDigest
	}
	return "", "", ""
}

// MailWorker delivers one mail; an error makes River retry it later.
type MailWorker struct {
	river.WorkerDefaults[MailArgs]
	Sender  mail.Sender
	Backoff []time.Duration // waits between attempts; see NextRetry in mailretry.go
	// Store holds the digests' lists; only digests need it.
	Store *store.Store
}

// Work renders the mail when it was queued as data, then sends it. A mail
// that cannot be rendered never will be: it is cancelled at once, and
// listed with the failed mail, instead of being retried for a day.
func (w *MailWorker) Work(ctx context.Context, job *river.Job[MailArgs]) error {
	m, err := w.compose(ctx, job.Args)
	if err != nil {
		return river.JobCancel(err)
	}
	return w.Sender.Send(ctx, m)
}

// compose is the message a job's args stand for.
func (w *MailWorker) compose(ctx context.Context, a MailArgs) (mail.Message, error) {
	switch {
	case a.Message != nil:
		return *a.Message, nil
	case a.Notice != nil:
		return mail.ExpiryNotice(*a.Notice)
	case a.Digest != nil:
		content, err := w.Store.Read().ReminderDigestContent(ctx, a.Digest.ListID)
		if err != nil {
			return mail.Message{}, fmt.Errorf("digest list %d: %w", a.Digest.ListID, err)
		}
		d := mail.ReminderDigestData{To: a.Digest.To}
		if err := json.Unmarshal(content, &d.DigestList); err != nil {
			return mail.Message{}, fmt.Errorf("digest list %d: %w", a.Digest.ListID, err)
		}
		return mail.ReminderDigest(d)
	}
	return mail.Message{}, errors.New("mail job with nothing to send")
}

// Timeout bounds one delivery attempt.
func (w *MailWorker) Timeout(*river.Job[MailArgs]) time.Duration { return 30 * time.Second }

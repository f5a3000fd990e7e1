package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

// The time-driven work of F-50 runs as River periodic jobs. River inserts
// them from the one process it elects leader (and once at each leader's
// start, in case the platform was down at the scheduled time); the jobs
// themselves are unique per Paris day, so two leaders in a hand-over, or a
// restart, insert one job a day; and the work itself is idempotent (expiry)
// or remembers what it sent (reminders), so even a second run sends nothing
// twice. The work takes "today" from the service's clock, not from River's.

// ParisSchedule is a River schedule at a wall-clock time in Paris: every
// day, or on one day of every month. Computing it in Paris rather than
// adding 24 hours keeps it at midnight across the daylight-saving changes,
// when a day lasts 23 or 25 hours.
type ParisSchedule struct {
	// Day is the day of the month, 1 to 28 (every month has it); 0 means
	// every day.
	Day int
	// Hour and Minute are the Paris wall-clock time. France changes clocks
	// between 02:00 and 03:00, so a time outside that hour exists exactly
	// once every day.
	Hour, Minute int
}

// ExpirySchedule is the nightly expiry's: 00:00 Paris, every day.
var ExpirySchedule = ParisSchedule{}

// RemindersSchedule is the monthly reminders': the 20th at 08:00 Paris, an
// hour at which people read their mail.
var RemindersSchedule = ParisSchedule{Day: service.ReminderDay, Hour: 8}

// Next returns the first scheduled instant strictly after t.
func (s ParisSchedule) Next(t time.Time) time.Time {
	y, m, d := t.In(sesame.Paris).Date()
	for i := 0; ; i++ {
		var c time.Time
		if s.Day == 0 {
			c = time.Date(y, m, d+i, s.Hour, s.Minute, 0, 0, sesame.Paris)
		} else {
			c = time.Date(y, m+time.Month(i), s.Day, s.Hour, s.Minute, 0, 0, sesame.Paris)
		}
		if c.After(t) {
			return c
		}
	}
}

// ExpiryArgs is one day's run of the nightly expiry.
type ExpiryArgs struct {
	// Day is the Paris date the run is for; one job per day (unique).
	Day sesame.Date `json:"day" river:"unique"`
}

// Kind names the job type in the queue.
func (ExpiryArgs) Kind() string { return "expiry" }

// InsertOpts: one job per Day, retried a few hours at most on failure (the
// next night's run catches up with whatever is left anyway).
func (ExpiryArgs) InsertOpts() river.InsertOpts { return periodicInsertOpts }

func (a ExpiryArgs) day() sesame.Date { return a.Day }

// RemindersArgs is one day's run of the monthly reminders; it does nothing
// before the 20th (see service.SendReminders).
type RemindersArgs struct {
	// Day is the Paris date the run is for; one job per day (unique).
	Day sesame.Date `json:"day" river:"unique"`
}

// Kind names the job type in the queue.
func (RemindersArgs) Kind() string { return "reminders" }

// InsertOpts: one job per Day, as for the expiry.
func (RemindersArgs) InsertOpts() river.InsertOpts { return periodicInsertOpts }

func (a RemindersArgs) day() sesame.Date { return a.Day }

// periodicInsertOpts makes each periodic job unique by its arguments (the
// day) across every state River keeps, completed included, so a restart or
// a second server the same day inserts nothing more. Ten attempts with
// River's backoff span about four hours.
var periodicInsertOpts = river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}

// dayArgs is a periodic job's arguments.
type dayArgs interface {
	river.JobArgs
	day() sesame.Date
}

// runDay is the day a periodic job inserted at now is for. River may call
// the constructor up to 100 ms before the scheduled midnight, so the
// instant is rounded a minute forward: 23:59:59.95 counts as the new day.
func runDay(now time.Time) sesame.Date { return sesame.DateOf(now.Add(time.Minute)) }

// taskWorker runs one kind of periodic work with the service the queue was
// scheduled with.
type taskWorker[T dayArgs] struct {
	river.WorkerDefaults[T]
	q   *Queue
	run func(ctx context.Context, svc *service.Service) error
}

// errNotScheduled: a process that works jobs but was never given the
// service (Schedule) cannot run the periodic work; the job waits for a
// retry, which a scheduled process will take.
var errNotScheduled = errors.New("jobs: this process has no service to run periodic work (Queue.Schedule was not called)")

// Work runs the task, unless the job came early: then it waits for its day,
// so a run is never made with the day before's date.
func (w *taskWorker[T]) Work(ctx context.Context, job *river.Job[T]) error {
	svc := w.q.svc
	if svc == nil {
		return errNotScheduled
	}
	now := svc.Clock().Now()
	if day := job.Args.day(); sesame.DateOf(now).Before(day) {
		return river.JobSnooze(max(day.StartOfDay().Sub(now), time.Second))
	}
	return w.run(ctx, svc)
}

// Timeout: a night of expiries on a large platform takes seconds; an hour
// means something is stuck.
func (w *taskWorker[T]) Timeout(*river.Job[T]) time.Duration { return time.Hour }

// addTaskWorkers registers the periodic work's workers; every working
// process has them, so any of them can take a job the leader inserted.
func addTaskWorkers(workers *river.Workers, q *Queue) {
	river.AddWorker(workers, &taskWorker[ExpiryArgs]{q: q, run: func(ctx context.Context, svc *service.Service) error {
		_, err := svc.ExpireAccounts(ctx)
		return err
	}})
	river.AddWorker(workers, &taskWorker[RemindersArgs]{q: q, run: func(ctx context.Context, svc *service.Service) error {
		_, err := svc.SendReminders(ctx)
		return err
	}})
}

// Schedule makes this process run the time-driven work of F-50 with svc:
// it registers the nightly expiry (ExpirySchedule) and the monthly
// reminders (RemindersSchedule) as periodic jobs, each also inserted when
// this process becomes River's leader, so a run missed while the platform
// was down happens at start-up. Call it once, before Start, on a queue
// built with Work; svc must use this queue as its outbox.
func (q *Queue) Schedule(svc *service.Service) {
	q.svc = svc
	clock := svc.Clock()
	q.client.PeriodicJobs().AddMany([]*river.PeriodicJob{
		river.NewPeriodicJob(ExpirySchedule, func() (river.JobArgs, *river.InsertOpts) {
			return ExpiryArgs{Day: runDay(clock.Now())}, nil
		}, &river.PeriodicJobOpts{ID: "expiry", RunOnStart: true}),
		river.NewPeriodicJob(RemindersSchedule, func() (river.JobArgs, *river.InsertOpts) {
			return RemindersArgs{Day: runDay(clock.Now())}, nil
		}, &river.PeriodicJobOpts{ID: "reminders", RunOnStart: true}),
	})
}

package jobs

import (
	"time"

	"github.com/riverqueue/river"
)

// DefaultMailBackoff is how long mail waits after each failed delivery: a
// server that hiccups is retried within seconds, one that is down for
// maintenance every few minutes, then every hour. With MailMaxAttempts
// that keeps a mail trying for about a day (see TestMailBackoffLastsADay),
// long enough for an SMTP outage over a night or a weekend day to lose
// nothing; after that it is kept as failed for `sesame mail failed`.
var DefaultMailBackoff = []time.Duration{
	10 * time.Second, 30 * time.Second, time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour,
}

// MailMaxAttempts is how many times a mail is tried before it is given up.
const MailMaxAttempts = 31

// NextRetry follows the worker's backoff (the last delay repeats); River's
// own policy (attempt⁴ seconds) would wait days between the last tries.
func (w *MailWorker) NextRetry(job *river.Job[MailArgs]) time.Time {
	backoff := w.Backoff
	if len(backoff) == 0 {
		backoff = DefaultMailBackoff
	}
	// Attempt counts this failed try; River does not count snoozes.
	i := min(max(job.Attempt, 1), len(backoff)) - 1
	return time.Now().Add(backoff[i])
}

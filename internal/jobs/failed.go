package jobs

import (
	"context"
	"encoding/json"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// FailedMail is a mail River gave up on, for operators.
type FailedMail struct {
	ID        int64
	FailedAt  time.Time // when it was given up
	To        string
	ToName    string
	Subject   string
	Attempts  int
	LastError string
}

// FailedMailRetention is how long a mail that failed for good stays listed
// by FailedMail: long enough for an operator back from leave to see it,
// short enough not to keep people's mail (and its links) for ever.
const FailedMailRetention = 30 * 24 * time.Hour

// FailedMail lists up to limit mails that failed for good, newest first:
// those River discarded after their last attempt (or that were cancelled).
// It reads River's tables through River's own API, so it follows River's
// schema whatever its version.
func (q *Queue) FailedMail(ctx context.Context, limit int) ([]FailedMail, error) {
	res, err := q.client.JobList(ctx, river.NewJobListParams().
		Kinds(MailArgs{}.Kind()).
		States(rivertype.JobStateDiscarded, rivertype.JobStateCancelled).
		OrderBy(river.JobListOrderByFinalizedAt, river.SortOrderDesc).
		First(limit))
	if err != nil {
		return nil, err
	}
	out := make([]FailedMail, 0, len(res.Jobs))
	for _, j := range res.Jobs {
		var args MailArgs
		if err := json.Unmarshal(j.EncodedArgs, &args); err != nil {
			return nil, err
		}
		f := FailedMail{ID: j.ID, Attempts: j.Attempt}
		f.To, f.ToName, f.Subject = args.envelope()
		if j.FinalizedAt != nil {
			f.FailedAt = *j.FinalizedAt
		}
		if n := len(j.Errors); n > 0 {
			f.LastError = j.Errors[n-1].Error
		}
		out = append(out, f)
	}
	return out, nil
}

package jobs_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/sesame-platform/sesame/internal/jobs"
	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/mail/mailtest"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// testBackoff retries at once, so tests watch several failed attempts
// without waiting for the real backoff.
var testBackoff = []time.Duration{30 * time.Millisecond}

// enqueue queues one mail per recipient, in one transaction as a change
// would.
func enqueue(t *testing.T, p *process, recipients []string) {
	t.Helper()
	if err := p.store.InTx(ctx, func(tx *store.Tx) error {
		for _, to := range recipients {
			if err := p.queue.EnqueueMail(ctx, tx, mail.Message{To: to, Subject: "Essai " + to, Text: "Bonjour."}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// mailAttempts returns the attempts made so far and the state of each mail
// job, from River's table.
func mailAttempts(t *testing.T, st *store.Store) (attempts []int, states []string) {
	t.Helper()
	rows, err := st.ReadDB().Query(`SELECT attempt, state FROM river_job WHERE kind = 'mail' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		var s string
		if err := rows.Scan(&n, &s); err != nil {
			t.Fatal(err)
		}
		attempts, states = append(attempts, n), append(states, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return attempts, states
}

// TestMailWaitsForTheSMTPServer: five mails are queued while the SMTP
// server refuses everything; each is tried and fails several times and
// none is delivered; once the server is back, each arrives exactly once.
func TestMailWaitsForTheSMTPServer(t *testing.T) {
	srv := mailtest.Start(t)
	p := startProcess(t, storetest.URL(t), srv, sesame.SystemClock{}, testBackoff, false)
	var recipients []string
	for i := range 5 {
		recipients = append(recipients, fmt.Sprintf("agent%d@mairie.example", i))
	}
	srv.SetDown(true)
	enqueue(t, p, recipients)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		attempts, states := mailAttempts(t, p.store)
		least := attempts[0]
		for _, n := range attempts {
			least = min(least, n)
		}
		for _, s := range states {
			if s == "discarded" || s == "completed" {
				t.Fatalf("a mail is %s while the server is down: %v", s, states)
			}
		}
		if least >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the mails were not retried: attempts %v, states %v", attempts, states)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d mails delivered while the server was down", n)
	}
	srv.SetDown(false)
	for _, to := range recipients {
		srv.WaitFor(t, to, 1, 30*time.Second)
	}
	waitJobs(t, p.store, "mail")
	got := map[string]int{}
	for _, m := range srv.Messages() {
		got[m.To[0]]++
	}
	for _, to := range recipients {
		if got[to] != 1 {
			t.Errorf("%s received %d mails, want 1", to, got[to])
		}
	}
	if len(got) != len(recipients) {
		t.Errorf("mail went to %v", got)
	}
	if failed, err := p.queue.FailedMail(ctx, 10); err != nil || len(failed) != 0 {
		t.Errorf("failed mail after delivery: %v %v", failed, err)
	}
}

// TestMailThatFailsForGoodIsListed: a mail the server refuses at every one
// of its attempts (three here) is kept as failed, with its recipient, subject and last
// error, for `sesame mail failed`; an insert-only process (an operator
// command) lists it too.
func TestMailThatFailsForGoodIsListed(t *testing.T) {
	srv := mailtest.Start(t)
	url := storetest.URL(t)
	p := startProcessWith(t, url, srv, sesame.SystemClock{}, jobs.Config{MailBackoff: testBackoff, MailMaxAttempts: 3}, false)
	srv.SetDown(true)
	enqueue(t, p, []string{"perdu@mairie.example"})
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, states := mailAttempts(t, p.store); states[0] == "discarded" {
			break
		}
		if time.Now().After(deadline) {
			attempts, states := mailAttempts(t, p.store)
			t.Fatalf("not given up: attempts %v, states %v", attempts, states)
		}
	}
	st, err := store.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	operator, err := jobs.New(st, nil, jobs.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer operator.Stop(ctx)
	failed, err := operator.FailedMail(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 {
		t.Fatalf("failed mail = %+v, want one", failed)
	}
	f := failed[0]
	if f.To != "perdu@mairie.example" || f.Subject != "Essai perdu@mairie.example" || f.Attempts != 3 ||
		!strings.Contains(f.LastError, "421") || f.FailedAt.IsZero() {
		t.Errorf("failed mail = %+v", f)
	}
}

// TestMailBackoffLastsADay: with the default backoff a mail keeps trying
// for a day and more before it is given up, starting within seconds.
func TestMailBackoffLastsADay(t *testing.T) {
	w := &jobs.MailWorker{}
	var total time.Duration
	for attempt := 1; attempt < jobs.MailMaxAttempts; attempt++ {
		job := newMailJob(attempt)
		wait := time.Until(w.NextRetry(job))
		if attempt == 1 && wait > 11*time.Second {
			t.Errorf("first retry after %s", wait)
		}
		if wait > time.Hour+time.Second {
			t.Errorf("attempt %d waits %s, more than the hour cap", attempt, wait)
		}
		total += wait
	}
	if total < 24*time.Hour || total > 26*time.Hour {
		t.Errorf("a mail is tried for %s, want a day and a little more", total.Round(time.Minute))
	}
}

func newMailJob(attempt int) *river.Job[jobs.MailArgs] {
	return &river.Job[jobs.MailArgs]{JobRow: &rivertype.JobRow{Attempt: attempt}}
}

// TestDigestWithoutItsListIsGivenUpAtOnce: a digest is rendered at
// delivery from its stored list; one whose list is gone can never be sent,
// so it is not retried for a day but given up at the first attempt and
// listed with the failed mail, under its recipient and subject.
func TestDigestWithoutItsListIsGivenUpAtOnce(t *testing.T) {
	srv := mailtest.Start(t)
	p := startProcess(t, storetest.URL(t), srv, sesame.SystemClock{}, testBackoff, false)
	to := mail.Person{Email: "claire.dupont@mairie.example", Civility: "Mme", Surname: "Dupont", FirstName: "Claire"}
	if err := p.store.InTx(ctx, func(tx *store.Tx) error {
		return p.queue.EnqueueReminders(ctx, tx, nil, []mail.DigestRef{{To: to, ListID: 424242}})
	}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		failed, err := p.queue.FailedMail(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(failed) == 1 {
			f := failed[0]
			if f.To != to.Email || f.ToName != "Claire Dupont" || f.Subject != mail.SubjectReminderDigest || f.Attempts != 1 ||
				!strings.Contains(f.LastError, "424242") {
				t.Errorf("failed mail = %+v", f)
			}
			break
		}
		if time.Now().After(deadline) {
			attempts, states := mailAttempts(t, p.store)
			t.Fatalf("not given up: attempts %v, states %v", attempts, states)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d mails sent", n)
	}
}

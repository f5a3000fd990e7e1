package jobs_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/jobs"
	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/mail/mailtest"
	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
	"github.com/sesame-platform/sesame/internal/testenv"
)

var ctx = context.Background()

// process is one Sésame process on a shared database: its own store
// handles, job queue (working jobs) and service.
type process struct {
	store *store.Store
	queue *jobs.Queue
	svc   *service.Service
}

// startProcess starts a process on url whose mail goes to srv, with the
// given retry backoff; schedule also registers the periodic jobs.
func startProcess(t *testing.T, url string, srv *mailtest.Server, clock sesame.Clock, backoff []time.Duration, schedule bool) *process {
	return startProcessWith(t, url, srv, clock, jobs.Config{MailBackoff: backoff}, schedule)
}

// startProcessWith is startProcess with more of the queue's settings.
func startProcessWith(t *testing.T, url string, srv *mailtest.Server, clock sesame.Clock, qc jobs.Config, schedule bool) *process {
	t.Helper()
	st, err := store.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	sender, err := mail.NewSMTPSender(mail.SMTPConfig{Host: srv.Host(), Port: srv.Port(), From: "ne-pas-repondre@sesame.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	qc.Work, qc.PollInterval = true, 20*time.Millisecond
	q, err := jobs.New(st, sender, qc)
	if err != nil {
		t.Fatal(err)
	}
	cfg := service.DefaultConfig()
	cfg.BaseURL = "http://sesame.test"
	p := &process{store: st, queue: q, svc: service.New(st, q, clock, service.NewHasher(testenv.FastHashing, 0), cfg, nil)}
	if schedule {
		q.Schedule(p.svc)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.stop)
	return p
}

// stop stops the process, as a shutdown would; stopping twice is harmless.
func (p *process) stop() {
	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_ = p.queue.Stop(stopCtx)
	_ = p.store.Close()
}

// waitJobs waits until no job of kind is left to run in the database.
func waitJobs(t *testing.T, st *store.Store, kind string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var n int
		if err := st.ReadDB().QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = $1
			AND state NOT IN ('completed', 'discarded', 'cancelled')`, kind).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d %s jobs still pending", n, kind)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestParisScheduleNext(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name     string
		schedule jobs.ParisSchedule
		after    string
		want     string // in UTC, written by hand
	}{
		{"midnight in winter", jobs.ExpirySchedule, "2026-01-15T12:00:00Z", "2026-01-15T23:00:00Z"},
		{"midnight in summer", jobs.ExpirySchedule, "2026-07-01T08:00:00Z", "2026-07-01T22:00:00Z"},
		{"exactly at midnight: the next one", jobs.ExpirySchedule, "2026-07-01T22:00:00Z", "2026-07-02T22:00:00Z"},
		{"just before midnight", jobs.ExpirySchedule, "2026-07-01T21:59:59Z", "2026-07-01T22:00:00Z"},
		{"UTC's date is not Paris's", jobs.ExpirySchedule, "2026-07-01T22:30:00Z", "2026-07-02T22:00:00Z"},
		{"into the spring change (23-hour day)", jobs.ExpirySchedule, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"},
		{"before the spring change", jobs.ExpirySchedule, "2026-03-28T12:00:00Z", "2026-03-28T23:00:00Z"},
		{"into the autumn change (25-hour day)", jobs.ExpirySchedule, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"},
		{"before the autumn change", jobs.ExpirySchedule, "2026-10-24T12:00:00Z", "2026-10-24T22:00:00Z"},
		{"the 20th, 08:00 in winter", jobs.RemindersSchedule, "2026-01-03T00:00:00Z", "2026-01-20T07:00:00Z"},
		{"the 20th, 08:00 in summer", jobs.RemindersSchedule, "2026-06-20T05:59:59Z", "2026-06-20T06:00:00Z"},
		{"just after: next month", jobs.RemindersSchedule, "2026-06-20T06:00:00Z", "2026-07-20T06:00:00Z"},
		{"March 20th before the change, April 20th after", jobs.RemindersSchedule, "2026-03-20T07:00:00Z", "2026-04-20T06:00:00Z"},
		{"October 20th before the change, November 20th after", jobs.RemindersSchedule, "2026-10-20T06:00:00Z", "2026-11-20T07:00:00Z"},
		{"December to January", jobs.RemindersSchedule, "2026-12-21T00:00:00Z", "2027-01-20T07:00:00Z"},
	} {
		if got := c.schedule.Next(utc(c.after)); !got.Equal(utc(c.want)) {
			t.Errorf("%s: next after %s = %s, want %s", c.name, c.after, got.UTC().Format(time.RFC3339), c.want)
		}
	}
	// A year of nights: always a Paris midnight, 23, 24 or 25 hours apart.
	at := utc("2026-01-01T00:00:00Z")
	for range 366 {
		next := jobs.ExpirySchedule.Next(at)
		if p := next.In(sesame.Paris); p.Hour() != 0 || p.Minute() != 0 || p.Second() != 0 {
			t.Fatalf("after %s: %s is not midnight in Paris", at, p)
		}
		if gap := next.Sub(at); at.Year() == 2026 && at.Month() > 1 && gap != 23*time.Hour && gap != 24*time.Hour && gap != 25*time.Hour {
			t.Fatalf("%s to %s: %s", at, next, gap)
		}
		at = next
	}
}

// generated fills a database with establishments and accounts around the
// 20th of March 2026, and returns how many notices and digests April's
// expiries call for, per recipient.
func generated(t *testing.T, st *store.Store) (notices, digests map[string]int) {
	t.Helper()
	today := sesame.NewDate(2026, time.March, 20)
	if _, err := st.Generate(ctx, store.GenerateOptions{Establishments: 12, Accounts: 600, Seed: 20, Today: today}); err != nil {
		t.Fatal(err)
	}
	from, to := sesame.NewDate(2026, time.April, 1), sesame.NewDate(2026, time.April, 30)
	count := func(q string, args ...any) map[string]int {
		rows, err := st.ReadDB().Query(q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var email string
			var n int
			if err := rows.Scan(&email, &n); err != nil {
				t.Fatal(err)
			}
			out[email] = n
		}
		return out
	}
	notices = count(`SELECT p.email, COUNT(*) FROM accounts a JOIN persons p ON p.id = a.person_id
		WHERE a.status = 'active' AND a.expires_on BETWEEN $1 AND $2 GROUP BY p.email`, from, to)
	digests = count(`SELECT p.email, COUNT(*) FROM accounts a JOIN persons p ON p.id = a.person_id
		WHERE a.profile = 'admin' AND a.status = 'active' AND a.expires_on >= $3 AND p.locked_at IS NULL
		AND EXISTS (SELECT 1 FROM accounts x WHERE x.establishment_id = a.establishment_id AND x.status = 'active'
			AND x.expires_on BETWEEN $1 AND $2) GROUP BY p.email`, from, to, today)
	if len(notices) < 5 || len(digests) < 3 {
		t.Fatalf("the generated data call for too few reminders: %v %v", notices, digests)
	}
	return notices, digests
}

// TestTwoProcessesSendEachReminderOnce: two processes on one database
// (two PostgreSQL servers, or two processes on one SQLite file) run the
// monthly reminders and the nightly expiry at the same instant, twice
// each; every holder and administrator gets each mail exactly once, and
// every account expires once.
func TestTwoProcessesSendEachReminderOnce(t *testing.T) {
	url := storetest.URL(t)
	srv := mailtest.Start(t)
	clock := sesame.NewManualClock(time.Date(2026, time.March, 20, 8, 0, 0, 0, sesame.Paris))
	a := startProcess(t, url, srv, clock, nil, false)
	b := startProcess(t, url, srv, clock, nil, false)
	wantNotices, wantDigests := generated(t, a.store)
	var due int
	if err := a.store.ReadDB().QueryRow(`SELECT COUNT(*) FROM accounts WHERE status = 'active' AND expires_on < $1`,
		sesame.NewDate(2026, time.March, 20)).Scan(&due); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	var notices, digests, expired int
	for _, p := range []*process{a, b, a, b} {
		wg.Go(func() {
			r, err := p.svc.SendReminders(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			e, err := p.svc.ExpireAccounts(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			notices, digests, expired = notices+r.Notices, digests+r.Digests, expired+e.Expired
			mu.Unlock()
		})
	}
	wg.Wait()
	waitJobs(t, a.store, "mail")

	sum := func(m map[string]int) (n int) {
		for _, v := range m {
			n += v
		}
		return n
	}
	if notices != sum(wantNotices) || digests != sum(wantDigests) || expired != due {
		t.Errorf("the runs queued %d notices, %d digests and expired %d accounts; want %d, %d and %d",
			notices, digests, expired, sum(wantNotices), sum(wantDigests), due)
	}
	for subject, want := range map[string]map[string]int{mail.SubjectExpiryNotice: wantNotices, mail.SubjectReminderDigest: wantDigests} {
		got := srv.CountBySubject(subject)
		for to, n := range want {
			if got[to] != n {
				t.Errorf("%q: %s received %d, want %d", subject, to, got[to], n)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%q went to %d recipients, want %d", subject, len(got), len(want))
		}
	}
	var events int
	if err := a.store.ReadDB().QueryRow(`SELECT COUNT(*) FROM audit_events WHERE kind = $1`,
		string(sesame.EventAccountExpired)).Scan(&events); err != nil || events != due {
		t.Errorf("%d expiry events (%v), want %d", events, err, due)
	}
}

// TestPeriodicJobsRunThroughRiver: a process given the service schedules
// both periodic jobs; River's leader inserts them at start-up (RunOnStart,
// the hedge for a night the platform was down) and they do the work with
// the service's clock. A restart the next day inserts that day's jobs, one
// per kind, and sends no reminder twice.
func TestPeriodicJobsRunThroughRiver(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for River's leader election")
	}
	url := storetest.URL(t)
	srv := mailtest.Start(t)
	clock := sesame.NewManualClock(time.Date(2026, time.March, 20, 8, 0, 0, 0, sesame.Paris))
	setup := startProcess(t, url, srv, clock, nil, false)
	wantNotices, _ := generated(t, setup.store)
	setup.stop()

	countJobs := func(st *store.Store, kind string) (all, completed int) {
		if err := st.ReadDB().QueryRow(`SELECT COUNT(*), COUNT(CASE WHEN state = 'completed' THEN 1 END)
			FROM river_job WHERE kind = $1`, kind).Scan(&all, &completed); err != nil {
			t.Fatal(err)
		}
		return all, completed
	}
	for day := 1; day <= 2; day++ {
		start := time.Now()
		p := startProcess(t, url, srv, clock, nil, true)
		for _, kind := range []string{"reminders", "expiry"} {
			for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				if all, completed := countJobs(p.store, kind); completed == day {
					if all != day {
						t.Errorf("day %d: %d %s jobs, want one a day", day, all, kind)
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("day %d: the %s job did not run", day, kind)
				}
			}
		}
		t.Logf("day %d: periodic jobs done %s after start-up", day, time.Since(start).Round(time.Millisecond))
		waitJobs(t, p.store, "mail")
		var active int
		if err := p.store.ReadDB().QueryRow(`SELECT COUNT(*) FROM accounts WHERE status = 'active' AND expires_on < $1`,
			sesame.DateOf(clock.Now())).Scan(&active); err != nil || active != 0 {
			t.Errorf("day %d: %d accounts past their date still active (%v)", day, active, err)
		}
		p.stop()
		clock.Advance(24 * time.Hour)
	}
	got := srv.CountBySubject(mail.SubjectExpiryNotice)
	for to, n := range wantNotices {
		if got[to] != n {
			t.Errorf("%s received %d notices, want %d", to, got[to], n)
		}
	}
	if len(got) != len(wantNotices) {
		t.Errorf("notices went to %d recipients, want %d", len(got), len(wantNotices))
	}
}

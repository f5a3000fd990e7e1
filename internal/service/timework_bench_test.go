package service_test

import (
	"os"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/jobs"
	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// timeworkPlatform is a 100,000-account platform (1,000 establishments)
// whose mail is queued but not delivered, and a clock on the 20th of March.
func timeworkPlatform(b *testing.B) (*service.Service, *sesame.ManualClock, *store.Store) {
	b.Helper()
	st := storetest.Open(b)
	clock := sesame.NewManualClock(time.Date(2026, time.March, 20, 8, 0, 0, 0, sesame.Paris))
	if _, err := st.Generate(ctx, store.GenerateOptions{Establishments: 1000, Accounts: 100000, Seed: 50,
		Today: sesame.DateOf(clock.Now())}); err != nil {
		b.Fatal(err)
	}
	q, err := jobs.New(st, nil, jobs.Config{}) // insert only: the cost measured is the run's, not SMTP's
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { q.Stop(ctx) })
	return service.New(st, q, clock, service.NewHasher(testenv.FastHashing, 0), service.DefaultConfig(), nil), clock, st
}

// BenchmarkNightlyExpiry runs one night after another on a 100,000-account
// platform: each run expires that day's accounts, with their history rows.
//
//	go test -run '^$' -bench NightlyExpiry -benchtime 20x ./internal/service/
func BenchmarkNightlyExpiry(b *testing.B) {
	svc, clock, _ := timeworkPlatform(b)
	if _, err := svc.ExpireAccounts(ctx); err != nil { // catch up first
		b.Fatal(err)
	}
	expired := 0
	for b.Loop() {
		clock.Advance(24 * time.Hour)
		r, err := svc.ExpireAccounts(ctx)
		if err != nil {
			b.Fatal(err)
		}
		expired += r.Expired
	}
	b.ReportMetric(float64(expired)/float64(b.N), "accounts/op")
}

// BenchmarkMonthlyReminders runs the reminders of one month after another
// on a 100,000-account platform: each run queues a notice per account
// expiring the next month and a digest per administrator concerned.
//
//	go test -run '^$' -bench MonthlyReminders -benchtime 3x ./internal/service/
func BenchmarkMonthlyReminders(b *testing.B) {
	svc, clock, _ := timeworkPlatform(b)
	mails := 0
	for b.Loop() {
		r, err := svc.SendReminders(ctx)
		if err != nil {
			b.Fatal(err)
		}
		mails += r.Notices + r.Digests
		t := clock.Now().In(sesame.Paris)
		clock.Set(time.Date(t.Year(), t.Month()+1, 20, 8, 0, 0, 0, sesame.Paris))
	}
	b.ReportMetric(float64(mails)/float64(b.N), "mails/op")
}

// BenchmarkExpiryAndReminders is the time-driven work of one 20th on a
// whole platform: the nightly expiry at 00:00, then the monthly reminders,
// on a freshly generated store (100,000 accounts over 5,000 establishments;
// with SESAME_BENCH_FULL=1, 1,000,000 over 50,000, the first one of 50,000
// accounts). Each op gets a new store; only the two runs are timed, and
// each is reported on its own (expiry-s, reminders-s).
//
//	SESAME_BENCH_FULL=1 go test -run '^$' -bench ExpiryAndReminders -benchtime 1x -timeout 30m ./internal/service/
func BenchmarkExpiryAndReminders(b *testing.B) {
	o := store.GenerateOptions{Establishments: 5_000, Accounts: 100_000, BigEstablishment: 5_000, Seed: 20,
		Today: sesame.NewDate(2026, time.March, 19)}
	if os.Getenv("SESAME_BENCH_FULL") == "1" {
		o.Establishments, o.Accounts, o.BigEstablishment = 50_000, 1_000_000, 50_000
	}
	var expirySeconds, reminderSeconds float64
	var expired, mails int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := storetest.Open(b)
		if _, err := st.Generate(ctx, o); err != nil {
			b.Fatal(err)
		}
		q, err := jobs.New(st, nil, jobs.Config{}) // insert only: the runs are measured, not SMTP
		if err != nil {
			b.Fatal(err)
		}
		clock := sesame.NewManualClock(time.Date(2026, time.March, 20, 0, 0, 0, 0, sesame.Paris))
		svc := service.New(st, q, clock, service.NewHasher(testenv.FastHashing, 0), service.DefaultConfig(), nil)
		b.StartTimer()

		start := time.Now()
		e, err := svc.ExpireAccounts(ctx)
		if err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		clock.Set(time.Date(2026, time.March, 20, 8, 0, 0, 0, sesame.Paris))
		r, err := svc.SendReminders(ctx)
		if err != nil {
			b.Fatal(err)
		}
		expirySeconds += mid.Sub(start).Seconds()
		reminderSeconds += time.Since(mid).Seconds()
		expired += e.Expired
		mails += r.Notices + r.Digests

		b.StopTimer()
		q.Stop(ctx)
		st.Close()
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(expirySeconds/n, "expiry-s")
	b.ReportMetric(reminderSeconds/n, "reminders-s")
	b.ReportMetric(float64(expired)/n, "expired/op")
	b.ReportMetric(float64(mails)/n, "mails/op")
}

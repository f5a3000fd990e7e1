package service_test

import (
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

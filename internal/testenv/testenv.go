// Package testenv assembles a real Sésame for tests: a fresh store (SQLite,
// or PostgreSQL with SESAME_TEST_POSTGRES), the River queue delivering to an
// in-process SMTP server, a clock the test moves, and the service.
package testenv

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/jobs"
	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/mail/mailtest"
	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// Env is one test's platform.
type Env struct {
	URL     string // the database URL, for commands run against the same store
	Store   *store.Store
	Queue   *jobs.Queue
	SMTP    *mailtest.Server
	SMTPCfg mail.SMTPConfig
	Clock   *sesame.ManualClock
	Service *service.Service
	Config  service.Config
}

// Start is the instant every test begins at: a weekday morning in Paris.
var Start = time.Date(2026, time.March, 18, 9, 30, 0, 0, sesame.Paris)

// FastHashing is a real argon2id, cheap enough for tests that hash often.
var FastHashing = service.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}

// New builds an Env whose links point at baseURL.
func New(t testing.TB, baseURL string) *Env {
	t.Helper()
	e := &Env{URL: storetest.URL(t), SMTP: mailtest.Start(t), Clock: sesame.NewManualClock(Start)}
	var err error
	if e.Store, err = store.Open(context.Background(), e.URL, nil); err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { e.Store.Close() })
	e.SMTPCfg = mail.SMTPConfig{Host: e.SMTP.Host(), Port: e.SMTP.Port(), From: "ne-pas-repondre@sesame.example", FromName: "Sésame", TLS: "none"}
	sender, err := mail.NewSMTPSender(e.SMTPCfg)
	if err != nil {
		t.Fatal(err)
	}
	e.Queue, err = jobs.New(e.Store, sender, jobs.Config{Work: true, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := e.Queue.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
		defer stop()
		_ = e.Queue.Stop(stopCtx)
		cancel()
	})
	e.Config = service.DefaultConfig()
	e.Config.BaseURL = baseURL
	e.Service = service.New(e.Store, e.Queue, e.Clock, service.NewHasher(FastHashing, 0), e.Config, nil)
	return e
}

// Operator is the actor of operator commands in tests.
var Operator = sesame.OperatorActor("Opérateur de test")

// ValidEstablishment is a complete, valid establishment form.
func ValidEstablishment() service.EstablishmentInput {
	return service.EstablishmentInput{
		Name: "COMMUNE DE SAINT-ÉMILION", SIRET: "21330394500017", Street: "Place Pioceau", Postcode: "33330", City: "Saint-Émilion",
		RepCivility: "Mme", RepSurname: "Gueriot", RepFirstName: "Anne", RepTitle: "Maire",
		RepStreet: "Hôtel de ville, place Pioceau", RepPostcode: "33330", RepCity: "Saint-Émilion",
	}
}

// ValidPerson is a complete, valid first step of account creation.
func ValidPerson(first, surname, email string) service.PersonInput {
	return service.PersonInput{Profile: "user", Civility: "Mme", Surname: surname, FirstName: first,
		Email: email, EmailConfirm: email, Department: "Ressources humaines"}
}

// Establishment creates an establishment with its first administrator and
// returns both; the administrator's activation mail is in flight.
func (e *Env) Establishment(t testing.TB, in service.EstablishmentInput, admin service.PersonInput) (*sesame.Establishment, *service.NewAccount) {
	t.Helper()
	ctx := context.Background()
	est, err := e.Service.CreateEstablishment(ctx, Operator, in)
	if err != nil {
		t.Fatalf("create establishment: %v", err)
	}
	na, err := e.Service.CreateFirstAdministrator(ctx, Operator, est.ID, admin)
	if err != nil {
		t.Fatalf("create first administrator: %v", err)
	}
	return est, na
}

// ActivationLink waits for the activation mail to reach the SMTP server and
// returns its link.
func (e *Env) ActivationLink(t testing.TB, email string) string {
	t.Helper()
	return e.LastLink(t, email, 1)
}

// LastLink waits until n mails reached email and returns the link of the last.
func (e *Env) LastLink(t testing.TB, email string, n int) string {
	t.Helper()
	msgs := e.SMTP.WaitFor(t, email, n, 10*time.Second)
	last := msgs[len(msgs)-1]
	for _, l := range last.Links {
		if len(l) > len(e.Config.BaseURL) && l[:len(e.Config.BaseURL)] == e.Config.BaseURL {
			return l
		}
	}
	t.Fatalf("no platform link in mail %q to %s: %v", last.Subject, email, last.Links)
	return ""
}

// failingOutbox queues the mail for real, then fails, as a database error
// late in a transaction would.
type failingOutbox struct{ queue *jobs.Queue }

func (f failingOutbox) EnqueueMail(ctx context.Context, tx *store.Tx, m mail.Message) error {
	if err := f.queue.EnqueueMail(ctx, tx, m); err != nil {
		return err
	}
	return errors.New("simulated failure after the mail was queued")
}

func (f failingOutbox) EnqueueReminders(ctx context.Context, tx *store.Tx, notices []mail.ExpiryNoticeData, digests []mail.DigestRef) error {
	if err := f.queue.EnqueueReminders(ctx, tx, notices, digests); err != nil {
		return err
	}
	return errors.New("simulated failure after the reminders were queued")
}

// FailingAfterEnqueue returns a service on e's store whose every mail-sending
// change fails after its history row and its mail were written, to prove the
// transaction takes them back.
func FailingAfterEnqueue(t testing.TB, e *Env) *service.Service {
	return service.New(e.Store, failingOutbox{e.Queue}, e.Clock, service.NewHasher(FastHashing, 0), e.Config, nil)
}

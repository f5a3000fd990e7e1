// Package service holds Sésame's use cases. Each one checks who may do it,
// then makes its change, the history row and the mail it causes in a single
// transaction. The web pages, the command line and (later) the API all go
// through here.
package service

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// Outbox queues mail inside a store transaction; the job queue implements it.
type Outbox interface {
	EnqueueMail(ctx context.Context, tx *store.Tx, m mail.Message) error
	// EnqueueReminders queues many reminders at once, rendered at delivery.
	EnqueueReminders(ctx context.Context, tx *store.Tx, notices []mail.ExpiryNoticeData, digests []mail.DigestRef) error
}

// Config holds the platform's tunable rules.
type Config struct {
	BaseURL         string        // public address, for links in e-mails
	ValidityMonths  int           // F-03
	MaxFailedLogins int           // F-06
	SessionIdle     time.Duration // a session unused this long ends
	SessionMax      time.Duration // a session ends this long after login, used or not
}

// DefaultConfig is the configuration the platform runs with unless told otherwise.
func DefaultConfig() Config {
	return Config{
		BaseURL:         "http://localhost:8080",
		ValidityMonths:  sesame.DefaultValidityMonths,
		MaxFailedLogins: sesame.MaxFailedLogins,
		SessionIdle:     time.Hour,
		SessionMax:      12 * time.Hour,
	}
}

// Service is the set of use cases.
type Service struct {
	store  *store.Store
	outbox Outbox
	clock  sesame.Clock
	hasher *Hasher
	cfg    Config
	log    *slog.Logger
}

// New assembles the service.
func New(st *store.Store, outbox Outbox, clock sesame.Clock, hasher *Hasher, cfg Config, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Service{store: st, outbox: outbox, clock: clock, hasher: hasher, cfg: cfg, log: log}
}

// Clock is the service's clock, so pages show the same "today" as the rules.
func (s *Service) Clock() sesame.Clock { return s.clock }

// Config returns the service's configuration.
func (s *Service) Config() Config { return s.cfg }

// now is the current instant; today the current date in Paris.
func (s *Service) now() time.Time     { return s.clock.Now() }
func (s *Service) today() sesame.Date { return sesame.DateOf(s.clock.Now()) }

// record appends a history row for actor in tx.
func (s *Service) record(ctx context.Context, tx *store.Tx, actor sesame.Actor, kind sesame.EventKind, establishmentID, accountID, personID int64, detail map[string]any) error {
	return tx.AddEvent(ctx, s.event(actor, kind, establishmentID, accountID, personID, detail))
}

// event builds a history row for actor, now.
func (s *Service) event(actor sesame.Actor, kind sesame.EventKind, establishmentID, accountID, personID int64, detail map[string]any) *sesame.Event {
	return &sesame.Event{
		At:              s.now(),
		EstablishmentID: sesame.Ref(establishmentID),
		ActorPersonID:   sesame.Ref(actor.PersonID),
		ActorLabel:      actor.Label,
		IP:              actor.IP,
		Kind:            kind,
		AccountID:       sesame.Ref(accountID),
		PersonID:        sesame.Ref(personID),
		Detail:          detail,
	}
}

// link builds an absolute URL to a page of the platform.
func (s *Service) link(path string) string { return s.cfg.BaseURL + path }

// mailPerson is how e-mails address a person.
func mailPerson(p *sesame.Person) mail.Person {
	return addressee(p.Email, p.Civility, p.Surname, p.FirstName)
}

// addressee is how e-mails address whoever holds these details (a person,
// or a row of the reminders' queries).
func addressee(email string, civility sesame.Civility, surname, firstName string) mail.Person {
	return mail.Person{Email: email, Civility: string(civility), Surname: surname, FirstName: firstName}
}

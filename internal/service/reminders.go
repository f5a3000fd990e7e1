package service

import (
	"context"
	"errors"
	"fmt"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// ReminderDay is the day of the month the reminders of F-50 go out.
const ReminderDay = 20

// consoleExpiringPath is the console's account list filtered on the
// accounts that expire within two months, where the digest leads.
const consoleExpiringPath = "/etablissement/comptes?filtre=" + string(store.AccountFilterExpiring)

// ReminderReport says what one run of the monthly reminders did.
type ReminderReport struct {
	Today    sesame.Date
	From, To sesame.Date // the month whose expiries are announced; zero before the 20th
	Notices  int         // notices queued to account holders
	Digests  int         // digests queued to administrators
}

// SendReminders is the monthly run of F-50. From the 20th of a month (Paris
// date of the service clock) to its end, it announces the accounts that
// expire during the next calendar month: a notice to each holder, and one
// digest per active administrator of each establishment concerned, listing
// that establishment's accounts. Each notice goes once per account and
// expiry date, each digest once per administrator's account and month,
// however often and on however many servers the run happens: see
// store.MarkReminderSent. Before the 20th it does nothing, so a run on any
// later day of the month catches up with a 20th the platform missed.
//
// Each establishment is one transaction; one that fails does not stop the
// others, and the error makes the job retry, which sends only what is left.
func (s *Service) SendReminders(ctx context.Context) (*ReminderReport, error) {
	now := s.now()
	r := &ReminderReport{Today: sesame.DateOf(now)}
	if r.Today.Day < ReminderDay {
		return r, nil
	}
	r.From = sesame.NewDate(r.Today.Year, r.Today.Month+1, 1)
	r.To = sesame.NewDate(r.From.Year, r.From.Month+1, 0) // day 0 is the last day of the month before
	ids, err := s.store.Read().EstablishmentsWithExpiringAccounts(ctx, r.From, r.To)
	if err != nil {
		return r, err
	}
	var errs []error
	for _, id := range ids {
		var notices, digests int
		err := s.store.InTx(ctx, func(tx *store.Tx) error {
			var err error
			notices, digests, err = s.remindEstablishment(ctx, tx, id, r)
			return err
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("reminders of establishment %d: %w", id, err))
			continue
		}
		r.Notices += notices
		r.Digests += digests
	}
	s.log.InfoContext(ctx, "monthly reminders", "today", r.Today.String(), "from", r.From.String(), "to", r.To.String(),
		"notices", r.Notices, "digests", r.Digests, "failed_establishments", len(errs))
	return r, errors.Join(errs...)
}

// remindEstablishment queues, in tx, the notices and digests of one
// establishment that have not gone out yet.
func (s *Service) remindEstablishment(ctx context.Context, tx *store.Tx, establishmentID int64, r *ReminderReport) (notices, digests int, err error) {
	est, err := tx.Establishment(ctx, establishmentID)
	if err != nil {
		return 0, 0, err
	}
	accounts, err := tx.ExpiringAccounts(ctx, est.ID, r.From, r.To)
	if err != nil || len(accounts) == 0 {
		return 0, 0, err
	}
	admins, err := tx.ActiveAdministrators(ctx, est.ID, r.Today)
	if err != nil {
		return 0, 0, err
	}
	now := s.now()
	lines := make([]mail.DigestAccount, len(accounts))
	for i, a := range accounts {
		lines[i] = mail.DigestAccount{
			Name:       AccountRef{Civility: a.Civility, Surname: a.Surname, FirstName: a.FirstName}.Name(),
			Identifier: a.Identifier,
			ExpiresOn:  a.ExpiresOn.French(),
		}
		first, err := tx.MarkReminderSent(ctx, store.ReminderNotice, a.AccountID, a.ExpiresOn.String(), now)
		if err != nil {
			return 0, 0, err
		}
		if !first {
			continue
		}
		var others []string
		for _, adm := range admins {
			if adm.PersonID != a.PersonID {
				others = append(others, adm.Formal())
			}
		}
		msg, err := mail.ExpiryNotice(mail.ExpiryNoticeData{
			To:             mail.Person{Email: a.Email, Civility: string(a.Civility), Surname: a.Surname, FirstName: a.FirstName},
			Establishment:  est.Name,
			Identifier:     a.Identifier,
			ExpiresOn:      a.ExpiresOn.French(),
			Administrators: others,
			HolderIsAdmin:  a.Profile == sesame.ProfileAdmin,
			LoginLink:      s.link("/connexion"),
		})
		if err != nil {
			return 0, 0, err
		}
		if err := s.outbox.EnqueueMail(ctx, tx, msg); err != nil {
			return 0, 0, err
		}
		notices++
	}
	month := r.From.String()[:len("2006-01")]
	for _, adm := range admins {
		first, err := tx.MarkReminderSent(ctx, store.ReminderDigest, adm.AccountID, month, now)
		if err != nil {
			return 0, 0, err
		}
		if !first {
			continue
		}
		msg, err := mail.ReminderDigest(mail.ReminderDigestData{
			To:            mail.Person{Email: adm.Email, Civility: string(adm.Civility), Surname: adm.Surname, FirstName: adm.FirstName},
			Establishment: est.Name,
			PeriodStart:   r.From.French(),
			PeriodEnd:     r.To.French(),
			Accounts:      lines,
			ConsoleLink:   s.link(consoleExpiringPath),
		})
		if err != nil {
			return 0, 0, err
		}
		if err := s.outbox.EnqueueMail(ctx, tx, msg); err != nil {
			return 0, 0, err
		}
		digests++
	}
	return notices, digests, nil
}

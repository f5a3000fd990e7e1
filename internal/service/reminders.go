package service

import (
	"context"
	"encoding/json"
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
// store.MarkRemindersSent. Before the 20th it does nothing, so a run on any
// later day of the month catches up with a 20th the platform missed.
//
// Establishments are taken in runs of consecutive IDs holding about
// reminderBatch expiring accounts, one transaction per run (an
// establishment is never split): a whole platform is a few dozen
// transactions rather than one per establishment. A run that fails does
// not stop the others, and the error makes the job retry, which sends only
// what is left.
func (s *Service) SendReminders(ctx context.Context) (*ReminderReport, error) {
	now := s.now()
	r := &ReminderReport{Today: sesame.DateOf(now)}
	if r.Today.Day < ReminderDay {
		return r, nil
	}
	r.From = sesame.NewDate(r.Today.Year, r.Today.Month+1, 1)
	r.To = sesame.NewDate(r.From.Year, r.From.Month+1, 0) // day 0 is the last day of the month before
	counts, err := s.store.Read().ExpiringAccountCounts(ctx, r.From, r.To)
	if err != nil {
		return r, err
	}
	var errs []error
	for _, ids := range establishmentRuns(counts, reminderBatch) {
		var notices, digests int
		err := s.store.InTx(ctx, func(tx *store.Tx) error {
			var err error
			notices, digests, err = s.remindEstablishments(ctx, tx, ids, r)
			return err
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("reminders of establishments %d to %d: %w", ids.First, ids.Last, err))
			continue
		}
		r.Notices += notices
		r.Digests += digests
	}
	s.log.InfoContext(ctx, "monthly reminders", "today", r.Today.String(), "from", r.From.String(), "to", r.To.String(),
		"notices", r.Notices, "digests", r.Digests, "failed_runs", len(errs))
	return r, errors.Join(errs...)
}

// reminderBatch is about how many expiring accounts one transaction of the
// reminders covers: a few thousand mails, queued in a fraction of a second.
const reminderBatch = 5000

// establishmentRuns cuts counts (in ID order) into ranges of consecutive
// establishments whose accounts add up to about limit, never splitting an
// establishment: one larger than limit is a range of its own.
func establishmentRuns(counts []store.ExpiringCount, limit int) []store.IDRange {
	var runs []store.IDRange
	total := 0
	for _, c := range counts {
		if len(runs) == 0 || total+c.Accounts > limit {
			runs = append(runs, store.IDRange{First: c.EstablishmentID})
			total = 0
		}
		runs[len(runs)-1].Last = c.EstablishmentID
		total += c.Accounts
	}
	return runs
}

// namedAdministrators is how many administrators a notice names; the others
// are counted, since a large employer has hundreds.
const namedAdministrators = 3

// remindEstablishments queues, in tx, the notices and digests of the
// establishments of ids that have not gone out yet.
func (s *Service) remindEstablishments(ctx context.Context, tx *store.Tx, ids store.IDRange, r *ReminderReport) (notices, digests int, err error) {
	names, err := tx.EstablishmentNames(ctx, ids)
	if err != nil {
		return 0, 0, err
	}
	accounts, err := tx.ExpiringAccounts(ctx, ids, r.From, r.To)
	if err != nil || len(accounts) == 0 {
		return 0, 0, err
	}
	admins, err := tx.ActiveAdministratorsIn(ctx, ids, r.Today)
	if err != nil {
		return 0, 0, err
	}
	now := s.now()
	month := r.From.String()[:len("2006-01")]
	noticeKeys := make([]store.Reminder, len(accounts))
	for i, a := range accounts {
		noticeKeys[i] = store.Reminder{AccountID: a.AccountID, Period: a.ExpiresOn.String()}
	}
	newNotices, err := tx.MarkRemindersSent(ctx, store.ReminderNotice, noticeKeys, now)
	if err != nil {
		return 0, 0, err
	}
	// Only the administrators of establishments with accounts to list get a
	// digest: the range also holds establishments with none.
	listed := map[int64]bool{}
	for _, a := range accounts {
		listed[a.EstablishmentID] = true
	}
	var digestKeys []store.Reminder
	for _, adm := range admins {
		if listed[adm.EstablishmentID] {
			digestKeys = append(digestKeys, store.Reminder{AccountID: adm.AccountID, Period: month})
		}
	}
	newDigests, err := tx.MarkRemindersSent(ctx, store.ReminderDigest, digestKeys, now)
	if err != nil {
		return 0, 0, err
	}
	adminsOf := map[int64][]store.Contact{}
	for _, adm := range admins {
		adminsOf[adm.EstablishmentID] = append(adminsOf[adm.EstablishmentID], adm)
	}
	var noticeMails []mail.ExpiryNoticeData
	var digestMails []mail.DigestRef
	for start := 0; start < len(accounts); {
		estID := accounts[start].EstablishmentID
		end := start
		for end < len(accounts) && accounts[end].EstablishmentID == estID {
			end++
		}
		est := expiringEstablishment{name: names[estID], accounts: accounts[start:end], admins: adminsOf[estID]}
		for _, a := range est.accounts {
			if newNotices[a.AccountID] {
				noticeMails = append(noticeMails, s.expiryNotice(est, a))
			}
		}
		refs, err := s.digests(ctx, tx, est, newDigests, r, month)
		if err != nil {
			return 0, 0, err
		}
		digestMails = append(digestMails, refs...)
		start = end
	}
	for _, n := range noticeMails {
		if err := n.Check(); err != nil {
			return 0, 0, err
		}
	}
	return len(noticeMails), len(digestMails), s.outbox.EnqueueReminders(ctx, tx, noticeMails, digestMails)
}

// expiringEstablishment is one establishment in a run of the reminders.
type expiringEstablishment struct {
	name     string
	accounts []store.ExpiringAccount // expiring next month, by date then name
	admins   []store.Contact         // active administrators, by name
}

// expiryNotice is the notice to the holder of a.
func (s *Service) expiryNotice(est expiringEstablishment, a store.ExpiringAccount) mail.ExpiryNoticeData {
	named, more := whoCanRenew(est.admins, a)
	return mail.ExpiryNoticeData{
		To:                 addressee(a.Email, a.Civility, a.Surname, a.FirstName),
		Establishment:      est.name,
		Identifier:         a.Identifier,
		ExpiresOn:          a.ExpiresOn.French(),
		Administrators:     named,
		MoreAdministrators: more,
		HolderIsAdmin:      a.Profile == sesame.ProfileAdmin,
		LoginLink:          s.link("/connexion"),
	}
}

// whoCanRenew names up to namedAdministrators of the administrators other
// than a's holder, those of a's department first (the people the holder
// most likely knows), and counts the rest.
func whoCanRenew(admins []store.Contact, a store.ExpiringAccount) (named []string, more int) {
	var sameDept, others []string
	for _, adm := range admins {
		switch {
		case adm.PersonID == a.PersonID:
		case adm.Department != "" && adm.Department == a.Department:
			sameDept = append(sameDept, adm.Formal())
		default:
			others = append(others, adm.Formal())
		}
	}
	all := append(sameDept, others...)
	if len(all) <= namedAdministrators {
		return all, 0
	}
	return all[:namedAdministrators], len(all) - namedAdministrators
}

// digests stores est's list once and returns the digests of those of its
// administrators who have not had this month's yet.
func (s *Service) digests(ctx context.Context, tx *store.Tx, est expiringEstablishment, first map[int64]bool, r *ReminderReport, month string) ([]mail.DigestRef, error) {
	var refs []mail.DigestRef
	for _, adm := range est.admins {
		if first[adm.AccountID] {
			refs = append(refs, mail.DigestRef{To: addressee(adm.Email, adm.Civility, adm.Surname, adm.FirstName)})
		}
	}
	if len(refs) == 0 {
		return nil, nil
	}
	list := mail.DigestList{
		Establishment: est.name,
		PeriodStart:   r.From.French(),
		PeriodEnd:     r.To.French(),
		Accounts:      make([]mail.DigestAccount, len(est.accounts)),
		ConsoleLink:   s.link(consoleExpiringPath),
	}
	for i, a := range est.accounts {
		list.Accounts[i] = mail.DigestAccount{
			Name:       AccountRef{Civility: a.Civility, Surname: a.Surname, FirstName: a.FirstName}.Name(),
			Identifier: a.Identifier,
			ExpiresOn:  a.ExpiresOn.French(),
		}
	}
	if err := list.Check(); err != nil {
		return nil, err
	}
	content, err := json.Marshal(list)
	if err != nil {
		return nil, err
	}
	id, err := tx.AddReminderDigest(ctx, est.accounts[0].EstablishmentID, month, content, s.now())
	if err != nil {
		return nil, err
	}
	for i := range refs {
		refs[i].ListID = id
	}
	return refs, nil
}

package service

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// AccountRef names an account in reports and confirmations.
type AccountRef struct {
	ID         int64
	Civility   sesame.Civility
	Surname    string
	FirstName  string
	Identifier string
}

// Name is "Mme Céline Martin".
func (r AccountRef) Name() string { return r.Civility.Short() + " " + r.FirstName + " " + r.Surname }

// Refusal is an account a bulk action left alone, and why.
type Refusal struct {
	Account AccountRef
	Reason  string
}

// BulkReport says what a bulk action did and what it refused (F-25).
type BulkReport struct {
	Done    []AccountRef
	Refused []Refusal
	Until   sesame.Date // for renewals: the new expiry date
}

// Messages of the console's rules.
const (
	msgLastAdmin    = "Ce compte est celui du dernier administrateur actif de l'établissement : il doit toujours en rester au moins un. Nommez d'abord un autre administrateur."
	msgExpiredOnly  = "Ce compte a expiré : seul le renouvellement est possible."
	msgNoSelection  = "Sélectionnez au moins un compte."
	msgNoDemotion   = "Un administrateur ne peut pas redevenir utilisateur : supprimez ce compte puis créez-en un avec le profil Utilisateur."
	msgReuseConfirm = "Vous modifiez à la fois le nom et l'adresse électronique : il est fortement déconseillé d'utiliser le compte créé pour une autre personne. Pour un nouvel arrivant, supprimez ce compte et créez-en un. Cochez la case pour confirmer malgré tout."
)

// RenewalDate is the expiry date a renewal made today gives (F-03), for the
// confirmation dialog.
func (s *Service) RenewalDate() sesame.Date {
	return sesame.ExpiryFrom(s.today(), s.cfg.ValidityMonths)
}

// RenewAccounts renews the selected accounts of the administrator's
// establishment until today + 18 months, in one transaction (F-25). It
// works in batches, so 10,000 accounts and their history rows take a few
// statements.
func (s *Service) RenewAccounts(ctx context.Context, actor sesame.Actor, ids []int64) (*BulkReport, error) {
	report := &BulkReport{Until: s.RenewalDate()}
	err := s.bulk(ctx, actor, ids, func(tx *store.Tx, est *sesame.Establishment, targets []store.Target) error {
		report.Done, report.Refused = nil, nil
		renewed := make([]int64, len(targets))
		events := make([]*sesame.Event, len(targets))
		for i, t := range targets {
			renewed[i] = t.Account.ID
			events[i] = s.event(actor, sesame.EventAccountRenewed, est.ID, t.Account.ID, t.Person.ID, map[string]any{
				"expires_on": map[string]string{"before": t.Account.ExpiresOn.String(), "after": report.Until.String()}})
			report.Done = append(report.Done, refOf(t))
		}
		if err := tx.RenewAccounts(ctx, est.ID, renewed, report.Until); err != nil {
			return err
		}
		return tx.AddEvents(ctx, events)
	})
	return report, err
}

// DeleteAccounts deletes the selected accounts, refusing any deletion that
// would leave the establishment without an active administrator (F-07),
// and expired accounts (only renewal is possible on them).
func (s *Service) DeleteAccounts(ctx context.Context, actor sesame.Actor, ids []int64) (*BulkReport, error) {
	report := &BulkReport{}
	err := s.bulk(ctx, actor, ids, func(tx *store.Tx, est *sesame.Establishment, targets []store.Target) error {
		report.Done, report.Refused = nil, nil
		// Counting up to one more than the selection is enough to know
		// whether deleting all of it would leave an administrator.
		remaining, err := tx.CountActiveAdministrators(ctx, est.ID, s.today(), len(targets)+1)
		if err != nil {
			return err
		}
		for _, t := range targets {
			ref := refOf(t)
			status := s.effectiveStatus(&t.Account, &t.Person)
			switch {
			case status == sesame.StatusExpired:
				report.Refused = append(report.Refused, Refusal{Account: ref, Reason: msgExpiredOnly})
				continue
			case t.Account.Profile == sesame.ProfileAdmin && status == sesame.StatusActive:
				if remaining <= 1 {
					report.Refused = append(report.Refused, Refusal{Account: ref, Reason: msgLastAdmin})
					continue
				}
				remaining--
			}
			if err := tx.DeleteAccount(ctx, t.Account.ID, s.now()); err != nil {
				return err
			}
			if err := s.record(ctx, tx, actor, sesame.EventAccountDeleted, est.ID, t.Account.ID, t.Person.ID, map[string]any{
				"identifier": ref.Identifier, "name": ref.Name(), "profile": string(t.Account.Profile)}); err != nil {
				return err
			}
			report.Done = append(report.Done, ref)
		}
		return nil
	})
	return report, err
}

// bulk runs an action on the selected accounts in a single transaction,
// after locking the establishment so concurrent administrators see each
// other's changes (F-07 under concurrency). An ID that is not a live
// account of the administrator's establishment refuses the whole request:
// it names something the administrator may not touch.
func (s *Service) bulk(ctx context.Context, actor sesame.Actor, ids []int64,
	act func(*store.Tx, *sesame.Establishment, []store.Target) error) error {
	ids = dedupe(ids)
	if len(ids) == 0 {
		return &sesame.Error{Code: sesame.EInvalid, Message: msgNoSelection, Fields: map[string]string{"ids": msgNoSelection}}
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.LockEstablishment(ctx, actor.EstablishmentID); err != nil {
			return err
		}
		est, err := s.requireAdmin(ctx, tx.Q, actor)
		if err != nil {
			return err
		}
		targets, err := tx.Targets(ctx, est.ID, ids)
		if err != nil {
			return err
		}
		if len(targets) != len(ids) {
			return sesame.Errorf(sesame.ENotFound, "Compte introuvable.")
		}
		return act(tx, est, targets)
	})
}

func refOf(t store.Target) AccountRef {
	return AccountRef{ID: t.Account.ID, Civility: t.Person.Civility, Surname: t.Person.Surname, FirstName: t.Person.FirstName, Identifier: t.Person.Identifier}
}

func (s *Service) accountRef(ctx context.Context, q *store.Q, a *sesame.Account) (AccountRef, error) {
	p, err := q.Person(ctx, a.PersonID)
	if err != nil {
		return AccountRef{}, err
	}
	return AccountRef{ID: a.ID, Civility: p.Civility, Surname: p.Surname, FirstName: p.FirstName, Identifier: p.Identifier}, nil
}

// AccountRefs names the selected accounts of the administrator's
// establishment, for confirmation dialogs.
func (s *Service) AccountRefs(ctx context.Context, actor sesame.Actor, ids []int64) ([]AccountRef, error) {
	q := s.store.Read()
	est, err := s.requireAdmin(ctx, q, actor)
	if err != nil {
		return nil, err
	}
	refs := make([]AccountRef, 0, len(ids))
	for _, id := range dedupe(ids) {
		a, err := q.Account(ctx, est.ID, id)
		if err != nil {
			return nil, err
		}
		ref, err := s.accountRef(ctx, q, a)
		if err != nil {
			return nil, err
		}
		refs = append(refs, ref)
	}
	return refs, nil
}

func dedupe(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

package service

import (
	"context"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// NewAccount is what account creation produced: the holder (with the
// identifier to hand over) and the pending account.
type NewAccount struct {
	Person  *sesame.Person
	Account *sesame.Account
}

// CreateFirstAdministrator gives an establishment its first administrator
// (operators only): a pending account with every service at "Modification",
// whose activation mail leaves with the same transaction.
func (s *Service) CreateFirstAdministrator(ctx context.Context, actor sesame.Actor, establishmentID int64, in PersonInput) (*NewAccount, error) {
	if actor.PersonID != 0 {
		return nil, sesame.Errorf(sesame.EForbidden, "Seule l'assistance technique de la plateforme crée le premier administrateur.")
	}
	in.Profile = string(sesame.ProfileAdmin)
	var out *NewAccount
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		est, err := tx.Establishment(ctx, establishmentID)
		if err != nil {
			return err
		}
		rights, err := fullRights(ctx, tx.Q)
		if err != nil {
			return err
		}
		out, err = s.createAccount(ctx, tx, actor, est, in, rights)
		return err
	})
	return out, err
}

// createAccount creates a new person with a new identifier and their pending
// account in est, records it and queues the activation mail, all in tx.
func (s *Service) createAccount(ctx context.Context, tx *store.Tx, actor sesame.Actor, est *sesame.Establishment, in PersonInput, rights []sesame.Right) (*NewAccount, error) {
	p, a, err := in.validate()
	if err != nil {
		return nil, err
	}
	// Checked again inside the transaction: the wizard's check may be
	// stale when two administrators create the same person at once.
	if here, _, err := s.emailUse(ctx, tx.Q, est.ID, p.Email); err != nil {
		return nil, err
	} else if here != nil {
		msg := emailHereMessage(here)
		return nil, &sesame.Error{Code: sesame.EInvalid, Message: msg, Fields: map[string]string{"email": msg}}
	}
	n, err := tx.NextIdentifierNumber(ctx)
	if err != nil {
		return nil, err
	}
	p.Identifier = sesame.FormatIdentifier(sesame.IdentifierPrefix(p.FirstName, p.Surname), n)
	p.CreatedAt = s.now()
	if err := tx.CreatePerson(ctx, p); err != nil {
		return nil, err
	}
	a.EstablishmentID = est.ID
	a.PersonID = p.ID
	a.Status = sesame.StatusPending
	a.ExpiresOn = sesame.ExpiryFrom(s.today(), s.cfg.ValidityMonths)
	a.CreatedByID = sesame.Ref(actor.AccountID)
	a.CreatedAt = s.now()
	if err := tx.CreateAccount(ctx, a, p); err != nil {
		return nil, err
	}
	if err := tx.SetRights(ctx, a.ID, rights); err != nil {
		return nil, err
	}
	if err := s.record(ctx, tx, actor, sesame.EventAccountCreated, est.ID, a.ID, p.ID, map[string]any{
		"identifier": p.Identifier, "profile": string(a.Profile), "civility": string(p.Civility),
		"surname": p.Surname, "first_name": p.FirstName, "email": p.Email, "expires_on": a.ExpiresOn.String(),
	}); err != nil {
		return nil, err
	}
	if err := s.recordLetter(ctx, tx, actor, a, p, letterCreation); err != nil { // F-70: letters.go
		return nil, err
	}
	if err := s.sendActivation(ctx, tx, p, a, est, false); err != nil {
		return nil, err
	}
	return &NewAccount{Person: p, Account: a}, nil
}

// sendActivation voids any earlier activation link of the person, issues a
// new one valid 15 days and queues the mail (F-05, F-40).
func (s *Service) sendActivation(ctx context.Context, tx *store.Tx, p *sesame.Person, a *sesame.Account, est *sesame.Establishment, resent bool) error {
	now := s.now()
	if err := tx.VoidTokens(ctx, p.ID, sesame.TokenActivation, now); err != nil {
		return err
	}
	secret, hash := newSecret()
	if err := tx.CreateToken(ctx, &store.Token{Hash: hash, Kind: sesame.TokenActivation, PersonID: p.ID,
		AccountID: sesame.Ref(a.ID), CreatedAt: now, ExpiresAt: now.Add(sesame.ActivationLinkValidity)}); err != nil {
		return err
	}
	creator, err := s.creatorName(ctx, tx.Q, a)
	if err != nil {
		return err
	}
	msg, err := mail.Activation(mail.ActivationData{
		To:            mailPerson(p),
		CreatedOn:     sesame.DateOf(a.CreatedAt).French(),
		CreatorName:   creator,
		Profile:       lowerProfile(a.Profile),
		Establishment: est.Name,
		Link:          s.link("/activation/" + secret),
		ValidDays:     int(sesame.ActivationLinkValidity.Hours() / 24),
		Resent:        resent,
	})
	if err != nil {
		return err
	}
	return s.outbox.EnqueueMail(ctx, tx, msg)
}

// creatorName is "Madame Gueriot" for the administrator who created the
// account, or "" when an operator did.
func (s *Service) creatorName(ctx context.Context, q *store.Q, a *sesame.Account) (string, error) {
	if a.CreatedByID == nil {
		return "", nil
	}
	creator, err := q.Account(ctx, a.EstablishmentID, *a.CreatedByID)
	if sesame.ErrorCode(err) == sesame.ENotFound {
		return "", nil // the creator's account is gone; the operator wording applies
	}
	if err != nil {
		return "", err
	}
	p, err := q.Person(ctx, creator.PersonID)
	if err != nil {
		return "", err
	}
	return p.Formal(), nil
}

func lowerProfile(p sesame.Profile) string {
	if p == sesame.ProfileAdmin {
		return "administrateur"
	}
	return "utilisateur"
}

// CreateAccount creates a colleague's account in the administrator's own
// establishment (F-30): a new identifier, the chosen rights, and the
// activation mail, in one transaction.
func (s *Service) CreateAccount(ctx context.Context, actor sesame.Actor, in PersonInput, rights []sesame.Right) (*NewAccount, error) {
	var out *NewAccount
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		est, err := s.requireAdmin(ctx, tx.Q, actor)
		if err != nil {
			return err
		}
		if err := s.checkRights(ctx, tx.Q, rights); err != nil {
			return err
		}
		out, err = s.createAccount(ctx, tx, actor, est, in, rights)
		return err
	})
	return out, err
}

// checkRights refuses unknown services and levels.
func (s *Service) checkRights(ctx context.Context, q *store.Q, rights []sesame.Right) error {
	cat, err := q.Catalogue(ctx)
	if err != nil {
		return err
	}
	known := make(map[int64]bool, len(cat.Services))
	for _, svc := range cat.Services {
		known[svc.ID] = true
	}
	for _, r := range rights {
		if !known[r.ServiceID] || !r.Level.Valid() {
			return &sesame.Error{Code: sesame.EInvalid, Message: "Un des droits demandés n'existe pas.", Fields: map[string]string{"rights": "Un des droits demandés n'existe pas."}}
		}
	}
	return nil
}

// ResendActivation sends a new activation link for a pending account of the
// administrator's establishment; the previous link stops working (F-05).
func (s *Service) ResendActivation(ctx context.Context, actor sesame.Actor, accountID int64) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		est, err := s.requireAdmin(ctx, tx.Q, actor)
		if err != nil {
			return err
		}
		a, err := tx.Account(ctx, est.ID, accountID)
		if err != nil {
			return err
		}
		if a.Status != sesame.StatusPending {
			return sesame.Errorf(sesame.EConflict, "Ce compte est déjà activé : il n'y a pas de courriel de création du mot de passe à renvoyer.")
		}
		p, err := tx.Person(ctx, a.PersonID)
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx, actor, sesame.EventActivationResent, est.ID, a.ID, p.ID, map[string]any{"email": p.Email}); err != nil {
			return err
		}
		return s.sendActivation(ctx, tx, p, a, est, true)
	})
}

package service

import (
	"context"
	"strings"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// msgNoLongerElsewhere is the answer when the offered person lost their
// other accounts between the wizard's steps.
const msgNoLongerElsewhere = "Cette personne n'a plus de compte dans un autre établissement : créez-lui un compte avec un nouvel identifiant."

// ExistingPersonInput is the creation wizard's choice to give an account
// here to someone who already has an identifier elsewhere (F-30).
type ExistingPersonInput struct {
	PersonID int64
	// Email is the address the administrator typed. It must be the
	// person's: knowing it is what entitles the administrator to the
	// offer, so a forged PersonID cannot pull in a stranger.
	Email      string
	Profile    string
	Department string
}

// AddExistingPerson creates, in the administrator's establishment, an
// account for a person who already has an identifier through a live
// account in another establishment, so they keep one identifier (F-30).
// With a password already set the account is active at once and the person
// is told by e-mail; someone still pending everywhere gets a pending
// account and the activation mail instead. Expiry, rights, history, the
// letter for a new administrator and mail are as for a new account, in one
// transaction.
func (s *Service) AddExistingPerson(ctx context.Context, actor sesame.Actor, in ExistingPersonInput, rights []sesame.Right) (*NewAccount, error) {
	a := &sesame.Account{Profile: sesame.Profile(in.Profile), Department: strings.TrimSpace(in.Department)}
	var v sesame.Validation
	if !a.Profile.Valid() {
		v.Check("profile", msgProfile)
	}
	v.Check("department", sesame.CheckFreeText(a.Department, maxTextRunes))
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *NewAccount
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		// Two administrators adding the same person at once must not both
		// pass the "none here" check (PostgreSQL; SQLite writers queue).
		if err := tx.LockEstablishment(ctx, actor.EstablishmentID); err != nil {
			return err
		}
		est, err := s.requireAdmin(ctx, tx.Q, actor)
		if err != nil {
			return err
		}
		if err := s.checkRights(ctx, tx.Q, rights); err != nil {
			return err
		}
		p, err := tx.Person(ctx, in.PersonID)
		if err != nil {
			return err
		}
		if sesame.Fold(p.Email) != sesame.Fold(sesame.NormalizeEmail(in.Email)) {
			return sesame.Errorf(sesame.ENotFound, "Personne introuvable.")
		}
		here, elsewhere, err := s.emailUse(ctx, tx.Q, est.ID, p.Email)
		if err != nil {
			return err
		}
		if here != nil {
			var v sesame.Validation
			v.Check("email", emailHereMessage(here))
			return v.Err()
		}
		if !containsPerson(elsewhere, p.ID) {
			return sesame.Errorf(sesame.EConflict, msgNoLongerElsewhere)
		}
		out, err = s.addExisting(ctx, tx, actor, est, p, a, rights)
		return err
	})
	return out, err
}

func (s *Service) addExisting(ctx context.Context, tx *store.Tx, actor sesame.Actor, est *sesame.Establishment,
	p *sesame.Person, a *sesame.Account, rights []sesame.Right) (*NewAccount, error) {
	pending := p.PasswordHash == "" // never activated anywhere: no password to log in with yet
	a.EstablishmentID, a.PersonID = est.ID, p.ID
	a.Status = sesame.StatusActive
	if pending {
		a.Status = sesame.StatusPending
	}
	a.ExpiresOn = sesame.ExpiryFrom(s.today(), s.cfg.ValidityMonths)
	a.CreatedByID = sesame.Ref(actor.AccountID)
	a.CreatedAt = s.now()
	if err := tx.CreateAccount(ctx, a, p); err != nil {
		return nil, err
	}
	if err := tx.SetRights(ctx, a.ID, rights); err != nil {
		return nil, err
	}
	detail := map[string]any{
		"identifier": p.Identifier, "profile": string(a.Profile), "civility": string(p.Civility),
		"surname": p.Surname, "first_name": p.FirstName, "email": p.Email, "expires_on": a.ExpiresOn.String(),
		"existing_identifier": true,
	}
	if err := s.record(ctx, tx, actor, sesame.EventAccountCreated, est.ID, a.ID, p.ID, detail); err != nil {
		return nil, err
	}
	// A new administrator here calls for the letter to this establishment's
	// legal representative, as any creation with that profile does (F-08).
	if err := s.recordLetter(ctx, tx, actor, a, p, letterCreation); err != nil {
		return nil, err
	}
	if pending {
		return &NewAccount{Person: p, Account: a}, s.sendActivation(ctx, tx, p, a, est, false)
	}
	grantor, err := s.creatorName(ctx, tx.Q, a)
	if err != nil {
		return nil, err
	}
	msg, err := mail.AccessGranted(mail.AccessGrantedData{
		To:            mailPerson(p),
		GrantedOn:     sesame.DateOf(a.CreatedAt).French(),
		GrantorName:   grantor,
		Profile:       lowerProfile(a.Profile),
		Establishment: est.Name,
		Identifier:    p.Identifier,
		LoginLink:     s.link("/connexion"),
	})
	if err != nil {
		return nil, err
	}
	return &NewAccount{Person: p, Account: a}, s.outbox.EnqueueMail(ctx, tx, msg)
}

func containsPerson(list []ExistingPerson, personID int64) bool {
	for _, e := range list {
		if e.PersonID == personID {
			return true
		}
	}
	return false
}

package service

import (
	"context"
	"strings"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// PasswordRules reports each rule of F-04 for a candidate password, for the
// live checklist of the password forms.
func PasswordRules(password string, p *sesame.Person) sesame.PasswordReport {
	return sesame.CheckPassword(password, p.Identifier, p.FirstName, p.Surname)
}

// Activate sets the first password through an activation link: the link is
// spent, the account becomes active, and the history says so (F-05, F-40).
func (s *Service) Activate(ctx context.Context, secret, password, confirm, ip string) (*sesame.Person, error) {
	return s.setPasswordByLink(ctx, sesame.TokenActivation, secret, password, confirm, ip)
}

// ResetPassword sets a new password through a reset link; it also lifts a
// lockout and ends every open session (F-42).
func (s *Service) ResetPassword(ctx context.Context, secret, password, confirm, ip string) (*sesame.Person, error) {
	return s.setPasswordByLink(ctx, sesame.TokenReset, secret, password, confirm, ip)
}

func (s *Service) setPasswordByLink(ctx context.Context, kind sesame.TokenKind, secret, password, confirm, ip string) (*sesame.Person, error) {
	_, p, err := s.checkLink(ctx, s.store.Read(), kind, secret)
	if err != nil {
		return nil, err
	}
	if err := checkNewPassword(p, password, confirm); err != nil {
		return nil, err
	}
	// Hash outside the transaction: 25 ms of argon2 must not hold the
	// database's write lock.
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		tok, p, err := s.checkLink(ctx, tx.Q, kind, secret) // again, inside the lock: the link may have been used meanwhile
		if err != nil {
			return err
		}
		if ok, err := tx.UseToken(ctx, tok.ID, s.now()); err != nil || !ok {
			if err == nil {
				err = sesame.Errorf(sesame.EConflict, "%s", usedLinkMessage(kind))
			}
			return err
		}
		if err := tx.SetPassword(ctx, p.ID, hash, s.now()); err != nil {
			return err
		}
		actor := sesame.Actor{PersonID: p.ID, Label: p.FullName(), IP: ip}
		if kind == sesame.TokenActivation {
			return s.activateAccount(ctx, tx, actor, p, tok)
		}
		if _, err := tx.DeleteSessionsOfPerson(ctx, p.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, sesame.EventPasswordReset, 0, 0, p.ID, map[string]any{"unlocked": p.Locked()})
	})
	return p, err
}

func (s *Service) activateAccount(ctx context.Context, tx *store.Tx, actor sesame.Actor, p *sesame.Person, tok *store.Token) error {
	if tok.AccountID == nil {
		return sesame.Errorf(sesame.EInternal, "activation link without account")
	}
	// "Pending" means "no password yet": once the person has one, every
	// account waiting for it is active, in whichever establishment.
	activated, err := tx.ActivatePendingAccounts(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, a := range activated {
		if err := s.record(ctx, tx, actor, sesame.EventAccountActivated, a.EstablishmentID, a.ID, p.ID, nil); err != nil {
			return err
		}
	}
	return nil
}

// checkNewPassword applies F-04 and the confirmation, with messages for the
// two fields of the form.
func checkNewPassword(p *sesame.Person, password, confirm string) error {
	var v sesame.Validation
	report := PasswordRules(password, p)
	if password == "" {
		v.Check("password", msgRequired)
	} else if !report.OK() {
		v.Check("password", strings.Join(report.Messages(), " "))
	}
	if password != "" && confirm != password {
		v.Check("confirm", msgPasswordMatch)
	}
	return v.Err()
}

package service

import (
	"bytes"
	"context"
	"io"

	"github.com/sesame-platform/sesame/internal/letters"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// The reasons for a letter, as createAccount and promote name them.
const (
	letterCreation  = letters.ReasonCreation
	letterPromotion = letters.ReasonPromotion
)

// operatorAuthor is how a letter names a change an operator made.
const operatorAuthor = "l’assistance technique de la plateforme"

// recordLetter writes, in tx, the letter to the legal representative that
// a new administrator calls for (F-08, F-70): a is the account just created
// or promoted, p its holder, reason letters.ReasonCreation or
// letters.ReasonPromotion. An account that is not an administrator's needs
// no letter, so callers may call it for every creation. The holder is
// copied as they are now, so the letter posted later tells what happened.
func (s *Service) recordLetter(ctx context.Context, tx *store.Tx, actor sesame.Actor, a *sesame.Account, p *sesame.Person, reason string) error {
	if a.Profile != sesame.ProfileAdmin {
		return nil
	}
	author := operatorAuthor
	if actor.PersonID != 0 {
		who, err := tx.Person(ctx, actor.PersonID)
		if err != nil {
			return err
		}
		author = who.Civility.Short() + " " + who.FullName()
	}
	return tx.CreateLetter(ctx, &store.Letter{
		EstablishmentID: a.EstablishmentID, AccountID: a.ID, Reason: reason, AuthorLabel: author,
		ChangedOn: s.today(), AdminCivility: p.Civility, AdminSurname: p.Surname, AdminFirstName: p.FirstName,
		AdminIdentifier: p.Identifier, AdminEmail: p.Email, CreatedAt: s.now(),
	})
}

// requireOperator refuses anyone but a platform operator (the command line).
func requireOperator(actor sesame.Actor) error {
	if actor.PersonID != 0 {
		return sesame.Errorf(sesame.EForbidden, "Cette action est réservée à l'assistance technique de la plateforme.")
	}
	return nil
}

// Letters lists the letters to post (operators), or every letter with all.
func (s *Service) Letters(ctx context.Context, actor sesame.Actor, all bool) ([]*store.Letter, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	return s.store.Read().Letters(ctx, all)
}

// WriteLetterPDF renders one letter as a PDF to w (operators) and returns
// it. It is addressed to the establishment's legal representative as they
// are recorded now, so a representative changed since the appointment gets
// the letter. It is dated today until it is marked sent, and then the day
// it was sent, so printing it again gives the copy that was posted.
func (s *Service) WriteLetterPDF(ctx context.Context, actor sesame.Actor, id int64, w io.Writer) (*store.Letter, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	q := s.store.Read()
	l, err := q.Letter(ctx, id)
	if err != nil {
		return nil, err
	}
	est, err := q.Establishment(ctx, l.EstablishmentID)
	if err != nil {
		return nil, err
	}
	written := s.today()
	if l.SentAt != nil {
		written = sesame.DateOf(*l.SentAt)
	}
	// Rendered whole before writing, so a failure leaves no half file.
	var buf bytes.Buffer
	if err := letters.Render(&buf, letters.Letter{
		Establishment: *est,
		NewAdmin: letters.Administrator{Civility: l.AdminCivility, Surname: l.AdminSurname, FirstName: l.AdminFirstName,
			Identifier: l.AdminIdentifier, Email: l.AdminEmail},
		Reason:    l.Reason,
		Author:    l.AuthorLabel,
		ChangedOn: l.ChangedOn,
		WrittenOn: written,
		Reference: l.Reference,
	}); err != nil {
		return nil, err
	}
	_, err = buf.WriteTo(w)
	return l, err
}

// MarkLetterSent records that a letter was posted (operators), with a
// history row in its establishment; a letter is marked sent only once.
func (s *Service) MarkLetterSent(ctx context.Context, actor sesame.Actor, id int64) (*store.Letter, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	var l *store.Letter
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		marked, err := tx.MarkLetterSent(ctx, id, actor.Label, s.now())
		if err != nil {
			return err
		}
		if l, err = tx.Letter(ctx, id); err != nil {
			return err
		}
		if !marked {
			return sesame.Errorf(sesame.EConflict, "Le courrier %s a déjà été marqué envoyé le %s.", l.Reference, sesame.DateOf(*l.SentAt).French())
		}
		return s.record(ctx, tx, actor, sesame.EventLetterSent, l.EstablishmentID, l.AccountID, 0, map[string]any{
			"reference": l.Reference, "reason": l.Reason, "administrator": l.AdminIdentifier,
		})
	})
	return l, err
}

package service

import (
	"context"
	"strings"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// The help requests of F-42 answer the same whether or not the identifier
// or address exists: they return nil for both, and only the mailbox on file
// learns the difference. Input errors (an empty field) are still reported,
// since they say nothing about who exists.

// RequestUnlock e-mails an unlock link to a locked person.
func (s *Service) RequestUnlock(ctx context.Context, identifier string) error {
	return s.sendLinkByIdentifier(ctx, identifier, sesame.TokenUnlock, func(p *sesame.Person) bool { return p.Locked() })
}

// RequestPasswordReset e-mails a reset link to a person who has a password.
func (s *Service) RequestPasswordReset(ctx context.Context, identifier string) error {
	return s.sendLinkByIdentifier(ctx, identifier, sesame.TokenReset, func(p *sesame.Person) bool { return p.PasswordHash != "" })
}

func (s *Service) sendLinkByIdentifier(ctx context.Context, identifier string, kind sesame.TokenKind, wanted func(*sesame.Person) bool) error {
	if err := requireField("identifier", identifier); err != nil {
		return err
	}
	p, err := s.store.Read().PersonByIdentifier(ctx, identifier)
	if sesame.ErrorCode(err) == sesame.ENotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if !wanted(p) || !s.hasLiveAccount(ctx, p) {
		return nil
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error { return s.sendLink(ctx, tx, p, kind) })
}

func (s *Service) hasLiveAccount(ctx context.Context, p *sesame.Person) bool {
	ms, err := s.store.Read().MembershipsOfPerson(ctx, p.ID)
	return err == nil && len(ms) > 0
}

// sendLink voids earlier links of the kind and queues a new one.
func (s *Service) sendLink(ctx context.Context, tx *store.Tx, p *sesame.Person, kind sesame.TokenKind) error {
	now := s.now()
	if err := tx.VoidTokens(ctx, p.ID, kind, now); err != nil {
		return err
	}
	validity, path, render := sesame.ResetLinkValidity, "/aide/mot-de-passe/", mail.PasswordReset
	if kind == sesame.TokenUnlock {
		validity, path, render = sesame.UnlockLinkValidity, "/aide/deblocage/", mail.Unlock
	}
	secret, hash := newSecret()
	if err := tx.CreateToken(ctx, &store.Token{Hash: hash, Kind: kind, PersonID: p.ID, CreatedAt: now, ExpiresAt: now.Add(validity)}); err != nil {
		return err
	}
	msg, err := render(mail.LinkData{To: mailPerson(p), Link: s.link(path + secret), ValidHours: int(validity.Hours())})
	if err != nil {
		return err
	}
	return s.outbox.EnqueueMail(ctx, tx, msg)
}

// Unlock lifts a lockout through an e-mailed link.
func (s *Service) Unlock(ctx context.Context, secret, ip string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		tok, p, err := s.checkLink(ctx, tx.Q, sesame.TokenUnlock, secret)
		if err != nil {
			return err
		}
		if ok, err := tx.UseToken(ctx, tok.ID, s.now()); err != nil || !ok {
			if err == nil {
				err = sesame.Errorf(sesame.EConflict, "%s", usedLinkMessage(sesame.TokenUnlock))
			}
			return err
		}
		if err := tx.Unlock(ctx, p.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, sesame.Actor{PersonID: p.ID, Label: p.FullName(), IP: ip}, sesame.EventPersonUnlocked, 0, 0, p.ID,
			map[string]any{"by": "lien envoyé par courriel"})
	})
}

// RemindIdentifier e-mails, to an address on file, the identifiers used with
// it and their establishments.
func (s *Service) RemindIdentifier(ctx context.Context, email string) error {
	if err := requireField("email", email); err != nil {
		return err
	}
	if !sesame.ValidEmail(strings.TrimSpace(email)) {
		return &sesame.Error{Code: sesame.EInvalid, Message: msgEmail, Fields: map[string]string{"email": msgEmail}}
	}
	q := s.store.Read()
	persons, err := q.PersonsByEmail(ctx, email)
	if err != nil {
		return err
	}
	var lines []mail.IdentifierLine
	var found []*sesame.Person
	for _, p := range persons {
		ms, err := q.MembershipsOfPerson(ctx, p.ID)
		if err != nil {
			return err
		}
		if len(ms) == 0 {
			continue
		}
		line := mail.IdentifierLine{Identifier: p.Identifier}
		for _, m := range ms {
			line.Establishments = append(line.Establishments, m.EstablishmentName)
		}
		lines = append(lines, line)
		found = append(found, p)
	}
	if len(found) == 0 {
		return nil
	}
	msg, err := mail.IdentifierReminder(mail.IdentifierData{To: mailPerson(found[0]), Identifiers: lines})
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		for _, p := range found {
			if err := s.record(ctx, tx, sesame.Actor{Label: "Aide à la connexion"}, sesame.EventIdentifierReminded, 0, 0, p.ID, nil); err != nil {
				return err
			}
		}
		return s.outbox.EnqueueMail(ctx, tx, msg)
	})
}

func requireField(field, value string) error {
	if strings.TrimSpace(value) == "" {
		return &sesame.Error{Code: sesame.EInvalid, Message: msgRequired, Fields: map[string]string{field: msgRequired}}
	}
	return nil
}

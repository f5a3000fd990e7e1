package service

import (
	"context"
	"strings"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// CGUState is where an establishment stands with the current terms of use
// (F-60), as the pages need it.
type CGUState struct {
	CGU      *store.CGU
	Accepted bool
	// Overdue is set once the deadline has passed without acceptance:
	// users are then held until an administrator accepts.
	Overdue bool
}

// Pending reports whether the establishment still has to accept.
func (c *CGUState) Pending() bool { return c != nil && c.CGU != nil && !c.Accepted }

// CGUState tells where the session's establishment stands; nil when no
// terms were ever published.
func (s *Service) CGUState(ctx context.Context, establishmentID int64) (*CGUState, error) {
	q := s.store.Read()
	c, err := q.CurrentCGU(ctx)
	if err != nil || c == nil {
		return nil, err
	}
	acc, err := q.CGUAcceptanceOf(ctx, establishmentID, c.ID)
	if err != nil {
		return nil, err
	}
	st := &CGUState{CGU: c, Accepted: acc != nil}
	st.Overdue = !st.Accepted && !s.today().Before(c.Deadline)
	return st, nil
}

// CGUInput is what an operator publishes.
type CGUInput struct {
	Title    string
	Body     string
	Deadline string // JJ/MM/AAAA
}

// PublishCGU publishes a new version of the terms of use (operators only);
// every establishment must then accept it before the deadline.
func (s *Service) PublishCGU(ctx context.Context, actor sesame.Actor, in CGUInput) (*store.CGU, error) {
	if actor.PersonID != 0 {
		return nil, sesame.Errorf(sesame.EForbidden, "Seule l'assistance technique de la plateforme publie les conditions générales d'utilisation.")
	}
	var v sesame.Validation
	c := &store.CGU{Title: strings.TrimSpace(in.Title), Body: strings.TrimSpace(in.Body), PublishedAt: s.now(), PublishedBy: actor.Label}
	v.Check("title", requiredText(c.Title, maxTextRunes))
	if c.Body == "" {
		v.Check("body", msgRequired)
	}
	d, err := sesame.ParseFrenchDate(strings.TrimSpace(in.Deadline))
	switch {
	case err != nil:
		v.Check("deadline", err.Error())
	case !s.today().Before(d):
		v.Check("deadline", "La date limite doit être postérieure à aujourd'hui.")
	}
	c.Deadline = d
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.PublishCGU(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, sesame.EventCGUPublished, 0, 0, 0, map[string]any{"title": c.Title, "deadline": d.String()})
	})
	return c, err
}

// AcceptCGU records that the administrator accepted the current terms for
// their establishment (F-60): who, which version, when.
func (s *Service) AcceptCGU(ctx context.Context, actor sesame.Actor, cguID int64, agreed bool) error {
	if !agreed {
		msg := "Cochez la case pour déclarer avoir lu, compris et accepté les conditions générales d'utilisation."
		return &sesame.Error{Code: sesame.EInvalid, Message: msg, Fields: map[string]string{"agree": msg}}
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		est, err := s.requireAdmin(ctx, tx.Q, actor)
		if err != nil {
			return err
		}
		c, err := tx.CurrentCGU(ctx)
		if err != nil {
			return err
		}
		if c == nil || c.ID != cguID {
			return sesame.Errorf(sesame.EConflict, "Une nouvelle version des conditions générales d'utilisation vient d'être publiée : lisez-la avant de l'accepter.")
		}
		inserted, err := tx.AcceptCGU(ctx, &store.CGUAcceptance{EstablishmentID: est.ID, CGUID: c.ID, AccountID: actor.AccountID,
			PersonID: actor.PersonID, AcceptedAt: s.now()})
		if err != nil || !inserted {
			return err // already accepted by another administrator: nothing more to record
		}
		return s.record(ctx, tx, actor, sesame.EventCGUAccepted, est.ID, actor.AccountID, actor.PersonID,
			map[string]any{"version": c.Title, "published_at": sesame.DateOf(c.PublishedAt).String()})
	})
}

package service

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// requireAdmin checks, inside the transaction that will make the change,
// that actor is an active administrator of the establishment they work in,
// and returns that establishment. It reads the database rather than trusting
// the session, so a profile or status change applies at once.
func (s *Service) requireAdmin(ctx context.Context, q *store.Q, actor sesame.Actor) (*sesame.Establishment, error) {
	if actor.PersonID == 0 || actor.EstablishmentID == 0 {
		return nil, sesame.Errorf(sesame.EForbidden, "Cette action est réservée aux administrateurs de l'établissement.")
	}
	a, err := q.AccountOfPerson(ctx, actor.EstablishmentID, actor.PersonID)
	if sesame.ErrorCode(err) == sesame.ENotFound {
		return nil, sesame.Errorf(sesame.EForbidden, "Cette action est réservée aux administrateurs de l'établissement.")
	}
	if err != nil {
		return nil, err
	}
	p, err := q.Person(ctx, actor.PersonID)
	if err != nil {
		return nil, err
	}
	if a.Profile != sesame.ProfileAdmin || !s.effectiveStatus(a, p).CanLogIn() {
		return nil, sesame.Errorf(sesame.EForbidden, "Cette action est réservée aux administrateurs de l'établissement.")
	}
	return q.Establishment(ctx, actor.EstablishmentID)
}

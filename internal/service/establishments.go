package service

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// CreateEstablishment registers an establishment (operators only: an
// establishment never creates itself).
func (s *Service) CreateEstablishment(ctx context.Context, actor sesame.Actor, in EstablishmentInput) (*sesame.Establishment, error) {
	if actor.PersonID != 0 {
		return nil, sesame.Errorf(sesame.EForbidden, "Seule l'assistance technique de la plateforme crée les établissements.")
	}
	e, err := in.validate()
	if err != nil {
		return nil, err
	}
	e.CreatedAt = s.now()
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.EstablishmentBySIRET(ctx, e.SIRET); err == nil {
			return &sesame.Error{Code: sesame.EInvalid, Message: msgSIRETTaken, Fields: map[string]string{"siret": msgSIRETTaken}}
		} else if sesame.ErrorCode(err) != sesame.ENotFound {
			return err
		}
		if err := tx.CreateEstablishment(ctx, e); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, sesame.EventEstablishmentCreated, e.ID, 0, 0, map[string]any{
			"name": e.Name, "siret": e.SIRET,
			"representative": e.Representative.Civility.Short() + " " + e.Representative.FirstName + " " + e.Representative.Surname,
		})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Establishment returns an establishment by ID (operators).
func (s *Service) Establishment(ctx context.Context, id int64) (*sesame.Establishment, error) {
	return s.store.Read().Establishment(ctx, id)
}

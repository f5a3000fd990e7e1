package service

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// UnlockAccount lets an administrator unlock a locked colleague (F-01: "by
// an administrator"), for one who cannot reach their mailbox. The lock is
// the person's, so it lifts in every establishment; the history of this
// one records who did it.
func (s *Service) UnlockAccount(ctx context.Context, actor sesame.Actor, accountID int64) (AccountRef, error) {
	var ref AccountRef
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		est, err := s.requireAdmin(ctx, tx.Q, actor)
		if err != nil {
			return err
		}
		a, err := tx.Account(ctx, est.ID, accountID)
		if err != nil {
			return err
		}
		p, err := tx.Person(ctx, a.PersonID)
		if err != nil {
			return err
		}
		if !p.Locked() {
			return sesame.Errorf(sesame.EConflict, "Ce compte n'est pas bloqué.")
		}
		if err := tx.Unlock(ctx, p.ID); err != nil {
			return err
		}
		ref = AccountRef{ID: a.ID, Civility: p.Civility, Surname: p.Surname, FirstName: p.FirstName, Identifier: p.Identifier}
		return s.record(ctx, tx, actor, sesame.EventPersonUnlocked, est.ID, a.ID, p.ID, map[string]any{"by": "administrateur"})
	})
	return ref, err
}

package service

import (
	"context"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// Session is who is logged in and where they are working.
type Session struct {
	Hash        string
	Person      *sesame.Person
	Memberships []store.Membership // the person's usable accounts
	Current     *store.Membership  // the establishment being worked in; nil until chosen
}

// Actor is the session as the author of a change.
func (s *Session) Actor(ip string) sesame.Actor {
	a := sesame.Actor{PersonID: s.Person.ID, Label: s.Person.FullName(), IP: ip}
	if s.Current != nil {
		a.AccountID = s.Current.Account.ID
		a.EstablishmentID = s.Current.Account.EstablishmentID
		a.Profile = s.Current.Account.Profile
	}
	return a
}

// touchEvery limits how often a session's idle expiry is pushed back, so
// browsing does not write to the database on every request.
const touchEvery = time.Minute

// Authenticate returns the live session for a cookie secret. A session ends
// as soon as its person is locked, or has no usable account left.
func (s *Service) Authenticate(ctx context.Context, secret string) (*Session, error) {
	unauthorized := sesame.Errorf(sesame.EUnauthorized, "Votre session a expiré. Veuillez vous reconnecter.")
	if secret == "" {
		return nil, unauthorized
	}
	now := s.now()
	q := s.store.Read()
	row, err := q.SessionByHash(ctx, hashSecret(secret), now)
	if sesame.ErrorCode(err) == sesame.ENotFound {
		return nil, unauthorized
	}
	if err != nil {
		return nil, err
	}
	p, err := q.Person(ctx, row.PersonID)
	if err != nil {
		return nil, err
	}
	memberships, err := q.MembershipsOfPerson(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	sess := &Session{Hash: row.Hash, Person: p, Memberships: s.usable(memberships, p)}
	if p.Locked() || len(sess.Memberships) == 0 {
		_ = s.store.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, row.Hash) })
		return nil, unauthorized
	}
	if row.EstablishmentID != nil {
		for i := range sess.Memberships {
			if sess.Memberships[i].Account.EstablishmentID == *row.EstablishmentID {
				sess.Current = &sess.Memberships[i]
			}
		}
	}
	if now.Sub(row.SeenAt) >= touchEvery {
		err := s.store.InTx(ctx, func(tx *store.Tx) error {
			return tx.TouchSession(ctx, row.Hash, now, now.Add(s.cfg.SessionIdle))
		})
		if err != nil {
			return nil, err
		}
	}
	return sess, nil
}

// ChooseEstablishment makes the session work in one of the person's
// establishments; one where they have no usable account is not found.
func (s *Service) ChooseEstablishment(ctx context.Context, sess *Session, establishmentID int64) error {
	for _, m := range sess.Memberships {
		if m.Account.EstablishmentID == establishmentID {
			return s.store.InTx(ctx, func(tx *store.Tx) error {
				return tx.SetSessionEstablishment(ctx, sess.Hash, establishmentID)
			})
		}
	}
	return sesame.Errorf(sesame.ENotFound, "Établissement introuvable.")
}

// Logout ends the session.
func (s *Service) Logout(ctx context.Context, sess *Session, ip string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteSession(ctx, sess.Hash); err != nil {
			return err
		}
		var est int64
		if sess.Current != nil {
			est = sess.Current.Account.EstablishmentID
		}
		return s.record(ctx, tx, sess.Actor(ip), sesame.EventLoggedOut, est, 0, sess.Person.ID, nil)
	})
}

package service

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// Console is what the console's list page needs besides the rows.
type Console struct {
	Establishment *sesame.Establishment
	Page          *store.AccountPage
	SingleAdmin   bool // best practice 3: advise appointing a second administrator
	RenewalDate   sesame.Date
}

// ListAccounts returns one page of the administrator's establishment's
// accounts (F-20…F-22). The establishment is always the actor's: another
// establishment cannot be asked for.
func (s *Service) ListAccounts(ctx context.Context, actor sesame.Actor, q store.AccountQuery) (*Console, error) {
	r := s.store.Read()
	est, err := s.requireAdmin(ctx, r, actor)
	if err != nil {
		return nil, err
	}
	q.EstablishmentID, q.Today = est.ID, s.today()
	page, err := r.ListAccounts(ctx, q)
	if err != nil {
		return nil, err
	}
	admins, err := r.CountActiveAdministrators(ctx, est.ID, s.today(), 2)
	if err != nil {
		return nil, err
	}
	return &Console{Establishment: est, Page: page, SingleAdmin: admins == 1, RenewalDate: s.RenewalDate()}, nil
}

// SelectAccounts returns every account ID the query matches ("Tout
// sélectionner": all results of the filter, not just the page, F-23).
func (s *Service) SelectAccounts(ctx context.Context, actor sesame.Actor, q store.AccountQuery) ([]int64, error) {
	r := s.store.Read()
	est, err := s.requireAdmin(ctx, r, actor)
	if err != nil {
		return nil, err
	}
	q.EstablishmentID, q.Today = est.ID, s.today()
	return r.AccountIDs(ctx, q)
}

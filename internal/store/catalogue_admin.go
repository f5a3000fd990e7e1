package store

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// The operators' side of the service catalogue (F-80): the catalogue is
// data, so adding, renaming, moving or retiring a service is a change of
// rows, made in a transaction with its history row.

// DomainByCode returns the domain with that code.
func (q *Q) DomainByCode(ctx context.Context, code string) (*sesame.Domain, error) {
	var d sesame.Domain
	err := q.q.QueryRowContext(ctx, `SELECT id, code, name, position FROM domains WHERE code = $1`, code).
		Scan(&d.ID, &d.Code, &d.Name, &d.Position)
	if err != nil {
		return nil, notFound(err, "Domaine")
	}
	return &d, nil
}

// ServiceByCode returns the service with that code.
func (q *Q) ServiceByCode(ctx context.Context, code string) (*sesame.Service, error) {
	var s sesame.Service
	err := q.q.QueryRowContext(ctx, `SELECT id, domain_id, code, name, url, position FROM services WHERE code = $1`, code).
		Scan(&s.ID, &s.DomainID, &s.Code, &s.Name, &s.URL, &s.Position)
	if err != nil {
		return nil, notFound(err, "Service")
	}
	return &s, nil
}

// AddService inserts s and sets its ID.
func (q *Q) AddService(ctx context.Context, s *sesame.Service) error {
	return q.q.QueryRowContext(ctx, `INSERT INTO services (domain_id, code, name, url, position)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, s.DomainID, s.Code, s.Name, s.URL, s.Position).Scan(&s.ID)
}

// UpdateService stores a service's domain, name, URL and position.
func (q *Q) UpdateService(ctx context.Context, s *sesame.Service) error {
	_, err := q.q.ExecContext(ctx, `UPDATE services SET domain_id = $2, name = $3, url = $4, position = $5 WHERE id = $1`,
		s.ID, s.DomainID, s.Name, s.URL, s.Position)
	return err
}

// DeleteService removes a service that no account holds rights on any more
// (the rights' foreign key refuses otherwise).
func (q *Q) DeleteService(ctx context.Context, id int64) error {
	_, err := q.q.ExecContext(ctx, `DELETE FROM services WHERE id = $1`, id)
	return err
}

// HeldRight is a right some account holds on a service, with whose it is.
type HeldRight struct {
	AccountID       int64
	EstablishmentID int64
	PersonID        int64
	Level           sesame.Level
}

// RightsOnService lists the rights granted on a service, live accounts
// only (a deleted account's rights were withdrawn with it).
func (q *Q) RightsOnService(ctx context.Context, serviceID int64) ([]HeldRight, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT r.account_id, a.establishment_id, a.person_id, r.level
		FROM rights r JOIN accounts a ON a.id = r.account_id WHERE r.service_id = $1 ORDER BY r.account_id`, serviceID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (HeldRight, error) {
		var h HeldRight
		var level string
		err := row.Scan(&h.AccountID, &h.EstablishmentID, &h.PersonID, &level)
		h.Level = sesame.Level(level)
		return h, err
	})
}

// WithdrawServiceRights deletes every right granted on a service.
func (q *Q) WithdrawServiceRights(ctx context.Context, serviceID int64) error {
	_, err := q.q.ExecContext(ctx, `DELETE FROM rights WHERE service_id = $1`, serviceID)
	return err
}

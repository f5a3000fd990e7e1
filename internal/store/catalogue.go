package store

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// Catalogue is the service catalogue, domains and services in display order.
type Catalogue struct {
	Domains  []sesame.Domain
	Services []sesame.Service
}

// ServicesOf returns the services of one domain, in order.
func (c *Catalogue) ServicesOf(domainID int64) []sesame.Service {
	var out []sesame.Service
	for _, s := range c.Services {
		if s.DomainID == domainID {
			out = append(out, s)
		}
	}
	return out
}

// Catalogue reads the whole catalogue (a few dozen rows).
func (q *Q) Catalogue(ctx context.Context) (*Catalogue, error) {
	var c Catalogue
	rows, err := q.q.QueryContext(ctx, `SELECT id, code, name, position FROM domains ORDER BY position, id`)
	if err != nil {
		return nil, err
	}
	if c.Domains, err = collect(rows, func(row scanner) (sesame.Domain, error) {
		var d sesame.Domain
		return d, row.Scan(&d.ID, &d.Code, &d.Name, &d.Position)
	}); err != nil {
		return nil, err
	}
	rows, err = q.q.QueryContext(ctx, `SELECT s.id, s.domain_id, s.code, s.name, s.url, s.position
		FROM services s JOIN domains d ON d.id = s.domain_id ORDER BY d.position, s.position, s.id`)
	if err != nil {
		return nil, err
	}
	c.Services, err = collect(rows, func(row scanner) (sesame.Service, error) {
		var s sesame.Service
		return s, row.Scan(&s.ID, &s.DomainID, &s.Code, &s.Name, &s.URL, &s.Position)
	})
	return &c, err
}

// SetRights replaces an account's rights; "none" levels are not stored.
func (q *Q) SetRights(ctx context.Context, accountID int64, rights []sesame.Right) error {
	if _, err := q.q.ExecContext(ctx, `DELETE FROM rights WHERE account_id = $1`, accountID); err != nil {
		return err
	}
	for _, r := range rights {
		if r.Level == sesame.LevelNone {
			continue
		}
		if _, err := q.q.ExecContext(ctx, `INSERT INTO rights (account_id, service_id, level) VALUES ($1, $2, $3)`,
			accountID, r.ServiceID, string(r.Level)); err != nil {
			return err
		}
	}
	return nil
}

// Rights returns an account's granted rights (levels other than none).
func (q *Q) Rights(ctx context.Context, accountID int64) ([]sesame.Right, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT service_id, level FROM rights WHERE account_id = $1 ORDER BY service_id`, accountID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (sesame.Right, error) {
		var r sesame.Right
		var level string
		err := row.Scan(&r.ServiceID, &level)
		r.Level = sesame.Level(level)
		return r, err
	})
}

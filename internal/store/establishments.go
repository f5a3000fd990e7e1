package store

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
)

const establishmentColumns = `id, name, siret, street, postcode, city,
	rep_civility, rep_surname, rep_first_name, rep_title, rep_street, rep_postcode, rep_city, created_at`

// CreateEstablishment inserts e and sets its ID.
func (q *Q) CreateEstablishment(ctx context.Context, e *sesame.Establishment) error {
	r := e.Representative
	return q.q.QueryRowContext(ctx, `INSERT INTO establishments (name, siret, street, postcode, city,
		rep_civility, rep_surname, rep_first_name, rep_title, rep_street, rep_postcode, rep_city, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		e.Name, e.SIRET, e.Address.Street, e.Address.Postcode, e.Address.City,
		string(r.Civility), r.Surname, r.FirstName, r.Title, r.Address.Street, r.Address.Postcode, r.Address.City,
		e.CreatedAt.UTC()).Scan(&e.ID)
}

// Establishment returns one establishment.
func (q *Q) Establishment(ctx context.Context, id int64) (*sesame.Establishment, error) {
	e, err := scanEstablishment(q.q.QueryRowContext(ctx, `SELECT `+establishmentColumns+` FROM establishments WHERE id = $1`, id))
	return e, notFound(err, "Établissement")
}

// EstablishmentBySIRET returns the establishment with that SIRET.
func (q *Q) EstablishmentBySIRET(ctx context.Context, siret string) (*sesame.Establishment, error) {
	e, err := scanEstablishment(q.q.QueryRowContext(ctx, `SELECT `+establishmentColumns+` FROM establishments WHERE siret = $1`, siret))
	return e, notFound(err, "Établissement")
}

// Establishments lists every establishment by name.
func (q *Q) Establishments(ctx context.Context) ([]*sesame.Establishment, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+establishmentColumns+` FROM establishments ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanEstablishment)
}

func scanEstablishment(row scanner) (*sesame.Establishment, error) {
	var e sesame.Establishment
	r := &e.Representative
	var civ string
	err := row.Scan(&e.ID, &e.Name, &e.SIRET, &e.Address.Street, &e.Address.Postcode, &e.Address.City,
		&civ, &r.Surname, &r.FirstName, &r.Title, &r.Address.Street, &r.Address.Postcode, &r.Address.City, &e.CreatedAt)
	r.Civility = sesame.Civility(civ)
	if err != nil {
		return nil, err
	}
	return &e, nil
}

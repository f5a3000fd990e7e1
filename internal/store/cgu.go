package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// CGU is one published version of the terms of use (F-60).
type CGU struct {
	ID          int64
	Title       string
	Body        string
	Deadline    sesame.Date // establishments must accept before this date
	PublishedAt time.Time
	PublishedBy string
}

// CGUAcceptance is an establishment's acceptance of a version.
type CGUAcceptance struct {
	EstablishmentID int64
	CGUID           int64
	AccountID       int64
	PersonID        int64
	AcceptedAt      time.Time
}

// PublishCGU stores a new version; it becomes the current one.
func (q *Q) PublishCGU(ctx context.Context, c *CGU) error {
	return q.q.QueryRowContext(ctx, `INSERT INTO cgu_versions (title, body, deadline, published_at, published_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, c.Title, c.Body, c.Deadline, c.PublishedAt.UTC(), c.PublishedBy).Scan(&c.ID)
}

// CurrentCGU returns the latest published version, or nil when none was.
func (q *Q) CurrentCGU(ctx context.Context) (*CGU, error) {
	var c CGU
	err := q.q.QueryRowContext(ctx, `SELECT id, title, body, deadline, published_at, published_by FROM cgu_versions
		ORDER BY published_at DESC, id DESC LIMIT 1`).Scan(&c.ID, &c.Title, &c.Body, &c.Deadline, &c.PublishedAt, &c.PublishedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &c, err
}

// CGUAcceptanceOf returns an establishment's acceptance of a version, or nil.
func (q *Q) CGUAcceptanceOf(ctx context.Context, establishmentID, cguID int64) (*CGUAcceptance, error) {
	var a CGUAcceptance
	err := q.q.QueryRowContext(ctx, `SELECT establishment_id, cgu_id, account_id, person_id, accepted_at FROM cgu_acceptances
		WHERE establishment_id = $1 AND cgu_id = $2`, establishmentID, cguID).Scan(&a.EstablishmentID, &a.CGUID, &a.AccountID, &a.PersonID, &a.AcceptedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &a, err
}

// AcceptCGU records an acceptance; it reports false when the establishment
// had already accepted that version (two administrators at once).
func (q *Q) AcceptCGU(ctx context.Context, a *CGUAcceptance) (bool, error) {
	res, err := q.q.ExecContext(ctx, `INSERT INTO cgu_acceptances (establishment_id, cgu_id, account_id, person_id, accepted_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, a.EstablishmentID, a.CGUID, a.AccountID, a.PersonID, a.AcceptedAt.UTC())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

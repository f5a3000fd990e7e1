package store

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// CountActiveAdministrators counts an establishment's active administrators
// (as ActiveAdministrators lists them), stopping at upTo: "is there a
// second one?" needs two rows, not the thousand of a big employer.
func (q *Q) CountActiveAdministrators(ctx context.Context, establishmentID int64, today sesame.Date, upTo int) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM accounts a
		WHERE a.establishment_id = $1 AND a.profile = 'admin' AND a.status = 'active'
		  AND a.expires_on >= $2 AND a.person_locked = 0 LIMIT $3) AS admins`, establishmentID, today, upTo).Scan(&n)
	return n, err
}

// FirstActiveAdministrators is ActiveAdministrators for a page that shows
// only a few: at most limit, by folded name, read along the list's name
// index (which holds every column the filter tests) until enough are found.
func (q *Q) FirstActiveAdministrators(ctx context.Context, establishmentID int64, today sesame.Date, limit int) ([]Contact, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+contactColumns+`
		FROM accounts a JOIN persons p ON p.id = a.person_id
		WHERE a.establishment_id = $1 AND a.profile = 'admin' AND a.status = 'active'
		  AND a.expires_on >= $2 AND a.person_locked = 0
		ORDER BY a.surname_key, a.first_name_key, a.id LIMIT $3`, establishmentID, today, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanContact)
}

package store

import (
	"context"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// Token is an e-mailed link as stored: only the SHA-256 of its secret.
type Token struct {
	ID        int64
	Hash      string
	Kind      sesame.TokenKind
	PersonID  int64
	AccountID *int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
	Payload   string // e.g. the new address of an e-mail change
}

// CreateToken stores a token and sets its ID.
func (q *Q) CreateToken(ctx context.Context, t *Token) error {
	return q.q.QueryRowContext(ctx, `INSERT INTO tokens (hash, kind, person_id, account_id, created_at, expires_at, payload)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		t.Hash, string(t.Kind), t.PersonID, t.AccountID, t.CreatedAt.UTC(), t.ExpiresAt.UTC(), t.Payload).Scan(&t.ID)
}

// VoidTokens spends every unused token of a kind for a person, so that only
// the newest link works (F-05).
func (q *Q) VoidTokens(ctx context.Context, personID int64, kind sesame.TokenKind, at time.Time) error {
	_, err := q.q.ExecContext(ctx, `UPDATE tokens SET used_at = $3 WHERE person_id = $1 AND kind = $2 AND used_at IS NULL`,
		personID, string(kind), at.UTC())
	return err
}

// TokenByHash finds a token by the hash of its secret, used or not.
func (q *Q) TokenByHash(ctx context.Context, hash string) (*Token, error) {
	var t Token
	var kind string
	err := q.q.QueryRowContext(ctx, `SELECT id, hash, kind, person_id, account_id, created_at, expires_at, used_at, payload
		FROM tokens WHERE hash = $1`, hash).Scan(&t.ID, &t.Hash, &kind, &t.PersonID, &t.AccountID, &t.CreatedAt, &t.ExpiresAt, &t.UsedAt, &t.Payload)
	t.Kind = sesame.TokenKind(kind)
	if err != nil {
		return nil, notFound(err, "Lien")
	}
	return &t, nil
}

// UseToken spends a token once: it reports false when someone else already
// spent it, so a link works a single time even when clicked twice at once.
func (q *Q) UseToken(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL`, id, at.UTC())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

package store

import (
	"context"
	"time"
)

// Session is a logged-in browser, stored by the SHA-256 of its cookie so a
// stolen database does not hand out sessions.
type Session struct {
	Hash            string
	PersonID        int64
	EstablishmentID *int64 // the establishment being worked in; nil until chosen
	CreatedAt       time.Time
	SeenAt          time.Time
	IdleExpiresAt   time.Time
	ExpiresAt       time.Time
	IP              string
	UserAgent       string
}

// CreateSession stores s.
func (q *Q) CreateSession(ctx context.Context, s *Session) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO sessions (hash, person_id, establishment_id, created_at, seen_at,
		idle_expires_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		s.Hash, s.PersonID, s.EstablishmentID, s.CreatedAt.UTC(), s.SeenAt.UTC(), s.IdleExpiresAt.UTC(), s.ExpiresAt.UTC(),
		s.IP, s.UserAgent)
	return err
}

// SessionByHash returns a session that has not expired at now.
func (q *Q) SessionByHash(ctx context.Context, hash string, now time.Time) (*Session, error) {
	var s Session
	err := q.q.QueryRowContext(ctx, `SELECT hash, person_id, establishment_id, created_at, seen_at, idle_expires_at,
		expires_at, ip, user_agent FROM sessions WHERE hash = $1 AND idle_expires_at > $2 AND expires_at > $2`,
		hash, now.UTC()).Scan(&s.Hash, &s.PersonID, &s.EstablishmentID, &s.CreatedAt, &s.SeenAt, &s.IdleExpiresAt,
		&s.ExpiresAt, &s.IP, &s.UserAgent)
	if err != nil {
		return nil, notFound(err, "Session")
	}
	return &s, nil
}

// TouchSession pushes back the idle expiry.
func (q *Q) TouchSession(ctx context.Context, hash string, seen, idleExpires time.Time) error {
	_, err := q.q.ExecContext(ctx, `UPDATE sessions SET seen_at = $2, idle_expires_at = $3 WHERE hash = $1`,
		hash, seen.UTC(), idleExpires.UTC())
	return err
}

// DeleteSession ends one session.
func (q *Q) DeleteSession(ctx context.Context, hash string) error {
	_, err := q.q.ExecContext(ctx, `DELETE FROM sessions WHERE hash = $1`, hash)
	return err
}

// DeleteSessionsOfPerson ends every session of a person (lockout, password
// change, deletion) and returns how many ended.
func (q *Q) DeleteSessionsOfPerson(ctx context.Context, personID int64) (int64, error) {
	res, err := q.q.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, personID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// CountSessionsOfPerson counts a person's live sessions.
func (q *Q) CountSessionsOfPerson(ctx context.Context, personID int64, now time.Time) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE person_id = $1 AND idle_expires_at > $2 AND expires_at > $2`,
		personID, now.UTC()).Scan(&n)
	return n, err
}

// SetSessionEstablishment records which establishment a session works in.
func (q *Q) SetSessionEstablishment(ctx context.Context, hash string, establishmentID int64) error {
	_, err := q.q.ExecContext(ctx, `UPDATE sessions SET establishment_id = $2 WHERE hash = $1`, hash, establishmentID)
	return err
}

// SessionsOfPerson lists a person's live sessions, most recently used first.
func (q *Q) SessionsOfPerson(ctx context.Context, personID int64, now time.Time) ([]Session, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT hash, person_id, establishment_id, created_at, seen_at, idle_expires_at,
		expires_at, ip, user_agent FROM sessions WHERE person_id = $1 AND idle_expires_at > $2 AND expires_at > $2
		ORDER BY seen_at DESC, created_at DESC`, personID, now.UTC())
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (Session, error) {
		var s Session
		return s, row.Scan(&s.Hash, &s.PersonID, &s.EstablishmentID, &s.CreatedAt, &s.SeenAt, &s.IdleExpiresAt,
			&s.ExpiresAt, &s.IP, &s.UserAgent)
	})
}

// DeleteOtherSessions ends every session of a person but one (after a
// password change, the person stays logged in where they made it).
func (q *Q) DeleteOtherSessions(ctx context.Context, personID int64, keepHash string) (int64, error) {
	res, err := q.q.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1 AND hash <> $2`, personID, keepHash)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeletePersonSession ends one session of a person; another person's
// session is not found.
func (q *Q) DeletePersonSession(ctx context.Context, personID int64, hash string) (bool, error) {
	res, err := q.q.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1 AND hash = $2`, personID, hash)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

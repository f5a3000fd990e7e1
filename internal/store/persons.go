package store

import (
	"context"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
)

const personColumns = `id, identifier, password_hash, civility, surname, first_name, email, phone,
	failed_logins, locked_at, last_login_at, password_set_at, created_at`

// NextIdentifierNumber draws the next number of the platform-wide identifier
// sequence (F-02). Numbers are never given twice, even after a rollback
// elsewhere, because the row update is part of the caller's transaction.
func (q *Q) NextIdentifierNumber(ctx context.Context) (int64, error) {
	var n int64
	err := q.q.QueryRowContext(ctx, `UPDATE sequences SET value = value + 1 WHERE name = 'identifier' RETURNING value`).Scan(&n)
	return n, err
}

// CreatePerson inserts p and sets its ID.
func (q *Q) CreatePerson(ctx context.Context, p *sesame.Person) error {
	return q.q.QueryRowContext(ctx, `INSERT INTO persons (identifier, password_hash, civility, surname, first_name,
		email, email_key, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		p.Identifier, p.PasswordHash, string(p.Civility), p.Surname, p.FirstName,
		p.Email, sesame.Fold(p.Email), p.Phone, p.CreatedAt.UTC()).Scan(&p.ID)
}

// Person returns one person.
func (q *Q) Person(ctx context.Context, id int64) (*sesame.Person, error) {
	p, err := scanPerson(q.q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM persons WHERE id = $1`, id))
	return p, notFound(err, "Personne")
}

// PersonByIdentifier returns the person with that identifier, compared
// case-insensitively (identifiers are stored upper case).
func (q *Q) PersonByIdentifier(ctx context.Context, identifier string) (*sesame.Person, error) {
	p, err := scanPerson(q.q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM persons WHERE identifier = $1`,
		sesame.NormalizeIdentifier(identifier)))
	return p, notFound(err, "Personne")
}

// PersonsByEmail returns the persons using that e-mail address (compared
// folded), oldest first.
func (q *Q) PersonsByEmail(ctx context.Context, email string) ([]*sesame.Person, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+personColumns+` FROM persons WHERE email_key = $1 ORDER BY id`, sesame.Fold(email))
	if err != nil {
		return nil, err
	}
	return collect(rows, scanPerson)
}

// SetPassword stores a new password hash; it also clears a lockout, since
// whoever proved control of the mailbox may log in again.
func (q *Q) SetPassword(ctx context.Context, personID int64, hash string, at time.Time) error {
	_, err := q.q.ExecContext(ctx, `UPDATE persons SET password_hash = $2, password_set_at = $3,
		failed_logins = 0, locked_at = NULL WHERE id = $1`, personID, hash, at.UTC())
	return err
}

// RecordLoginFailure counts a failed login and locks the person when the
// count reaches max, in one statement so concurrent attempts cannot both
// slip under the threshold. It reports whether the person is now locked and
// whether this failure is the one that locked them.
func (q *Q) RecordLoginFailure(ctx context.Context, personID int64, max int, at time.Time) (locked, justLocked bool, err error) {
	var lockedAt *time.Time
	var failures int
	err = q.q.QueryRowContext(ctx, `UPDATE persons SET failed_logins = failed_logins + 1,
		locked_at = CASE WHEN locked_at IS NULL AND failed_logins + 1 >= $2 THEN $3 ELSE locked_at END
		WHERE id = $1 RETURNING failed_logins, locked_at`, personID, max, at.UTC()).Scan(&failures, &lockedAt)
	if err != nil {
		return false, false, err
	}
	locked = lockedAt != nil
	return locked, locked && failures == max, nil
}

// RecordLoginSuccess resets the failure count and stamps the last login.
func (q *Q) RecordLoginSuccess(ctx context.Context, personID int64, at time.Time) error {
	_, err := q.q.ExecContext(ctx, `UPDATE persons SET failed_logins = 0, last_login_at = $2 WHERE id = $1`, personID, at.UTC())
	return err
}

// Unlock clears a lockout.
func (q *Q) Unlock(ctx context.Context, personID int64) error {
	_, err := q.q.ExecContext(ctx, `UPDATE persons SET failed_logins = 0, locked_at = NULL WHERE id = $1`, personID)
	return err
}

func scanPerson(row scanner) (*sesame.Person, error) {
	var p sesame.Person
	var civ string
	err := row.Scan(&p.ID, &p.Identifier, &p.PasswordHash, &civ, &p.Surname, &p.FirstName, &p.Email, &p.Phone,
		&p.FailedLogins, &p.LockedAt, &p.LastLoginAt, &p.PasswordSetAt, &p.CreatedAt)
	if err != nil {
		return nil, err
	}
	p.Civility = sesame.Civility(civ)
	return &p, nil
}

// SetPhone stores a person's landline.
func (q *Q) SetPhone(ctx context.Context, personID int64, phone string) error {
	_, err := q.q.ExecContext(ctx, `UPDATE persons SET phone = $2 WHERE id = $1`, personID, phone)
	return err
}

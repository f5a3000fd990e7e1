package store

import (
	"context"
	"fmt"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// Letter is a letter to an establishment's legal representative (F-70), as
// stored: why it is written, about whom (as they were at the change), and
// whether it has been posted.
type Letter struct {
	ID              int64
	Reference       string // "SES-2026-000123"
	EstablishmentID int64
	AccountID       int64
	Reason          string // letters.ReasonCreation or letters.ReasonPromotion
	AuthorLabel     string // who made the change: "Mme Anne Gueriot", or the operator wording
	ChangedOn       sesame.Date
	AdminCivility   sesame.Civility
	AdminSurname    string
	AdminFirstName  string
	AdminIdentifier string
	AdminEmail      string
	CreatedAt       time.Time
	SentAt          *time.Time
	SentBy          string // the operator who marked it sent

	EstablishmentName string // read with the letter, for lists
}

const letterColumns = `l.id, l.reference, l.establishment_id, l.account_id, l.reason, l.author_label, l.changed_on,
	l.admin_civility, l.admin_surname, l.admin_first_name, l.admin_identifier, l.admin_email, l.created_at,
	l.sent_at, l.sent_by, e.name`

// CreateLetter stores l, giving it the next reference of the year it is
// created in (Paris time), and sets its ID and Reference. The yearly
// counter is a row of sequences updated in the caller's transaction, so two
// letters never share a reference and a rolled-back change gives its number
// back.
func (q *Q) CreateLetter(ctx context.Context, l *Letter) error {
	year := sesame.DateOf(l.CreatedAt).Year
	var n int64
	if err := q.q.QueryRowContext(ctx, `INSERT INTO sequences (name, value) VALUES ($1, 1)
		ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value`,
		fmt.Sprintf("letter-%d", year)).Scan(&n); err != nil {
		return err
	}
	l.Reference = fmt.Sprintf("SES-%d-%06d", year, n)
	return q.q.QueryRowContext(ctx, `INSERT INTO letters (reference, establishment_id, account_id, reason, author_label,
		changed_on, admin_civility, admin_surname, admin_first_name, admin_identifier, admin_email, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		l.Reference, l.EstablishmentID, l.AccountID, l.Reason, l.AuthorLabel, l.ChangedOn, string(l.AdminCivility),
		l.AdminSurname, l.AdminFirstName, l.AdminIdentifier, l.AdminEmail, l.CreatedAt.UTC()).Scan(&l.ID)
}

// Letter returns one letter (operators see every establishment's).
func (q *Q) Letter(ctx context.Context, id int64) (*Letter, error) {
	l, err := scanLetter(q.q.QueryRowContext(ctx, `SELECT `+letterColumns+` FROM letters l
		JOIN establishments e ON e.id = l.establishment_id WHERE l.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "Courrier")
	}
	return l, nil
}

// Letters lists letters oldest first: only those still to post, or all.
func (q *Q) Letters(ctx context.Context, all bool) ([]*Letter, error) {
	cond := ` WHERE l.sent_at IS NULL`
	if all {
		cond = ``
	}
	rows, err := q.q.QueryContext(ctx, `SELECT `+letterColumns+` FROM letters l
		JOIN establishments e ON e.id = l.establishment_id`+cond+` ORDER BY l.id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanLetter)
}

// LettersOfAccount lists the letters written about one account of one
// establishment, oldest first.
func (q *Q) LettersOfAccount(ctx context.Context, establishmentID, accountID int64) ([]*Letter, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+letterColumns+` FROM letters l
		JOIN establishments e ON e.id = l.establishment_id
		WHERE l.establishment_id = $1 AND l.account_id = $2 ORDER BY l.id`, establishmentID, accountID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanLetter)
}

// MarkLetterSent records that a letter was posted, once: it reports false
// when the letter was already marked.
func (q *Q) MarkLetterSent(ctx context.Context, id int64, by string, at time.Time) (bool, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE letters SET sent_at = $2, sent_by = $3 WHERE id = $1 AND sent_at IS NULL`,
		id, at.UTC(), by)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func scanLetter(row scanner) (*Letter, error) {
	var l Letter
	var civility string
	if err := row.Scan(&l.ID, &l.Reference, &l.EstablishmentID, &l.AccountID, &l.Reason, &l.AuthorLabel, &l.ChangedOn,
		&civility, &l.AdminSurname, &l.AdminFirstName, &l.AdminIdentifier, &l.AdminEmail, &l.CreatedAt,
		&l.SentAt, &l.SentBy, &l.EstablishmentName); err != nil {
		return nil, err
	}
	l.AdminCivility = sesame.Civility(civility)
	return &l, nil
}

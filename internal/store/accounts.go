package store

import (
	"context"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
)

const accountColumns = `a.id, a.establishment_id, a.person_id, a.profile, a.department, a.status, a.expires_on,
	a.created_by, a.created_at, a.deleted_at`

// CreateAccount inserts a for person p (whose fields feed the folded search
// keys) and sets its ID.
func (q *Q) CreateAccount(ctx context.Context, a *sesame.Account, p *sesame.Person) error {
	err := q.q.QueryRowContext(ctx, `INSERT INTO accounts (establishment_id, person_id, profile, department, status,
		expires_on, created_by, created_at, surname_key, first_name_key, identifier_key, email_key, department_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		a.EstablishmentID, p.ID, string(a.Profile), a.Department, string(a.Status), a.ExpiresOn, a.CreatedByID,
		a.CreatedAt.UTC(), sesame.Fold(p.Surname), sesame.Fold(p.FirstName), sesame.Fold(p.Identifier),
		sesame.Fold(p.Email), sesame.Fold(a.Department)).Scan(&a.ID)
	if err != nil {
		return err
	}
	return q.IndexAccountWords(ctx, a.ID)
}

// Account returns one account of one establishment; another
// establishment's account is not found.
func (q *Q) Account(ctx context.Context, establishmentID, id int64) (*sesame.Account, error) {
	a, err := scanAccount(q.q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts a
		WHERE a.establishment_id = $1 AND a.id = $2 AND a.status <> 'deleted'`, establishmentID, id))
	return a, notFound(err, "Compte")
}

// AccountOfPerson returns the person's live account in an establishment.
func (q *Q) AccountOfPerson(ctx context.Context, establishmentID, personID int64) (*sesame.Account, error) {
	a, err := scanAccount(q.q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts a
		WHERE a.establishment_id = $1 AND a.person_id = $2 AND a.status <> 'deleted'`, establishmentID, personID))
	return a, notFound(err, "Compte")
}

// Membership is one of a person's accounts with its establishment's name.
type Membership struct {
	Account           *sesame.Account
	EstablishmentName string
}

// MembershipsOfPerson lists the person's live accounts, by establishment name.
func (q *Q) MembershipsOfPerson(ctx context.Context, personID int64) ([]Membership, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+accountColumns+`, e.name FROM accounts a
		JOIN establishments e ON e.id = a.establishment_id
		WHERE a.person_id = $1 AND a.status <> 'deleted' ORDER BY e.name, a.id`, personID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (Membership, error) {
		var m Membership
		a, err := scanAccount(row, &m.EstablishmentName)
		m.Account = a
		return m, err
	})
}

// Contact is a person as others see them: to greet, to name, to reach.
type Contact struct {
	PersonID        int64
	AccountID       int64
	EstablishmentID int64
	Civility        sesame.Civility
	Surname         string
	FirstName       string
	Email           string
	Phone           string
	Department      string
}

// Formal is "Madame Dupont".
func (c Contact) Formal() string { return c.Civility.Long() + " " + c.Surname }

// ActiveAdministrators lists the administrators of an establishment whose
// account is active on date today (not expired, not locked), by name.
func (q *Q) ActiveAdministrators(ctx context.Context, establishmentID int64, today sesame.Date) ([]Contact, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+contactColumns+`
		FROM accounts a JOIN persons p ON p.id = a.person_id
		WHERE a.establishment_id = $1 AND a.profile = 'admin' AND a.status = 'active'
		  AND a.expires_on >= $2 AND p.locked_at IS NULL
		ORDER BY p.surname, p.first_name, a.id`, establishmentID, today)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanContact)
}

// contactColumns are the columns scanContact reads, from accounts a joined
// with persons p.
const contactColumns = `p.id, a.id, a.establishment_id, p.civility, p.surname, p.first_name, p.email, p.phone, a.department`

func scanContact(row scanner) (Contact, error) {
	var c Contact
	var civ string
	err := row.Scan(&c.PersonID, &c.AccountID, &c.EstablishmentID, &civ, &c.Surname, &c.FirstName, &c.Email, &c.Phone, &c.Department)
	c.Civility = sesame.Civility(civ)
	return c, err
}

// SetAccountStatus stores a status (the demo and the nightly job use it).
func (q *Q) SetAccountStatus(ctx context.Context, accountID int64, status sesame.Status, at time.Time) error {
	var deletedAt *time.Time
	if status == sesame.StatusDeleted {
		utc := at.UTC()
		deletedAt = &utc
	}
	_, err := q.q.ExecContext(ctx, `UPDATE accounts SET status = $2, deleted_at = $3 WHERE id = $1`, accountID, string(status), deletedAt)
	return err
}

func scanAccount(row scanner, extra ...any) (*sesame.Account, error) {
	var a sesame.Account
	var profile, status string
	dest := append([]any{&a.ID, &a.EstablishmentID, &a.PersonID, &profile, &a.Department, &status, &a.ExpiresOn,
		&a.CreatedByID, &a.CreatedAt, &a.DeletedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	a.Profile, a.Status = sesame.Profile(profile), sesame.Status(status)
	return &a, nil
}

// EstablishmentIDOfAccount tells which establishment an account belongs to;
// only for flows that start from a link, where no establishment is chosen yet.
func (q *Q) EstablishmentIDOfAccount(ctx context.Context, accountID int64) (int64, error) {
	var id int64
	err := q.q.QueryRowContext(ctx, `SELECT establishment_id FROM accounts WHERE id = $1`, accountID).Scan(&id)
	return id, notFound(err, "Compte")
}

// LockEstablishment serialises changes that check a rule over a whole
// establishment (at least one active administrator, F-07). On PostgreSQL it
// locks the establishment's row until the transaction ends; on SQLite the
// write transaction already holds the database's single write lock.
func (q *Q) LockEstablishment(ctx context.Context, establishmentID int64) error {
	if q.dialect != Postgres {
		return nil
	}
	var id int64
	err := q.q.QueryRowContext(ctx, `SELECT id FROM establishments WHERE id = $1 FOR UPDATE`, establishmentID).Scan(&id)
	return notFound(err, "Établissement")
}

// RenewAccount sets a new expiry date; an expired account becomes active
// again (a pending one stays pending).
func (q *Q) RenewAccount(ctx context.Context, accountID int64, expiresOn sesame.Date) error {
	_, err := q.q.ExecContext(ctx, `UPDATE accounts SET expires_on = $2,
		status = CASE WHEN status = 'expired' THEN 'active' ELSE status END WHERE id = $1 AND status <> 'deleted'`,
		accountID, expiresOn)
	return err
}

// DeleteAccount marks an account deleted (kept for the history) and
// withdraws its rights.
func (q *Q) DeleteAccount(ctx context.Context, accountID int64, at time.Time) error {
	if _, err := q.q.ExecContext(ctx, `DELETE FROM rights WHERE account_id = $1`, accountID); err != nil {
		return err
	}
	_, err := q.q.ExecContext(ctx, `UPDATE accounts SET status = 'deleted', deleted_at = $2 WHERE id = $1`, accountID, at.UTC())
	return err
}

// UpdateAccount stores an account's profile and department, with its
// department search key.
func (q *Q) UpdateAccount(ctx context.Context, a *sesame.Account) error {
	if _, err := q.q.ExecContext(ctx, `UPDATE accounts SET profile = $2, department = $3, department_key = $4 WHERE id = $1`,
		a.ID, string(a.Profile), a.Department, sesame.Fold(a.Department)); err != nil {
		return err
	}
	return q.IndexAccountWords(ctx, a.ID)
}

// UpdatePerson stores a person's coordinates and refreshes the search keys of
// all their accounts.
func (q *Q) UpdatePerson(ctx context.Context, p *sesame.Person) error {
	if _, err := q.q.ExecContext(ctx, `UPDATE persons SET civility = $2, surname = $3, first_name = $4, email = $5,
		email_key = $6, phone = $7 WHERE id = $1`, p.ID, string(p.Civility), p.Surname, p.FirstName, p.Email,
		sesame.Fold(p.Email), p.Phone); err != nil {
		return err
	}
	if _, err := q.q.ExecContext(ctx, `UPDATE accounts SET surname_key = $2, first_name_key = $3, email_key = $4 WHERE person_id = $1`,
		p.ID, sesame.Fold(p.Surname), sesame.Fold(p.FirstName), sesame.Fold(p.Email)); err != nil {
		return err
	}
	return q.IndexPersonWords(ctx, p.ID)
}

// ExpiriesByMonth counts an establishment's live accounts by month of
// expiry ("2026-05" → 12), for expiry dates in [from, to).
func (q *Q) ExpiriesByMonth(ctx context.Context, establishmentID int64, from, to sesame.Date) (map[string]int, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT substr(expires_on, 1, 7) AS month, COUNT(*) FROM accounts
		WHERE establishment_id = $1 AND status <> 'deleted' AND expires_on >= $2 AND expires_on < $3
		GROUP BY substr(expires_on, 1, 7)`, establishmentID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var month string
		var n int
		if err := rows.Scan(&month, &n); err != nil {
			return nil, err
		}
		out[month] = n
	}
	return out, rows.Err()
}

// ActivatePendingAccounts makes every pending account of a person active,
// once they have set their password, and returns them.
func (q *Q) ActivatePendingAccounts(ctx context.Context, personID int64) ([]sesame.Account, error) {
	rows, err := q.q.QueryContext(ctx, `UPDATE accounts SET status = 'active' WHERE person_id = $1 AND status = 'pending'
		RETURNING id, establishment_id`, personID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (sesame.Account, error) {
		a := sesame.Account{PersonID: personID, Status: sesame.StatusActive}
		return a, row.Scan(&a.ID, &a.EstablishmentID)
	})
}

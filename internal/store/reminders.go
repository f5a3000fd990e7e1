package store

import (
	"context"
	"strings"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// The monthly reminders of F-50 run over the whole platform in a few large
// transactions, each covering a run of consecutive establishments (by ID):
// hence queries over an ID range rather than one establishment.

// ExpiringCount is how many active accounts of an establishment expire in
// a period.
type ExpiringCount struct {
	EstablishmentID int64
	Accounts        int
}

// ExpiringAccountCounts counts, per establishment and in ID order, the
// active accounts that expire between from and to (both included); it
// leaves out establishments with none.
func (q *Q) ExpiringAccountCounts(ctx context.Context, from, to sesame.Date) ([]ExpiringCount, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT establishment_id, count(*) FROM accounts
		WHERE status = 'active' AND expires_on >= $1 AND expires_on <= $2
		GROUP BY establishment_id ORDER BY establishment_id`, from, to)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (ExpiringCount, error) {
		var c ExpiringCount
		return c, row.Scan(&c.EstablishmentID, &c.Accounts)
	})
}

// IDRange is the establishments whose ID lies between First and Last, both
// included.
type IDRange struct{ First, Last int64 }

// EstablishmentNames returns the names of the establishments of r, by ID.
func (q *Q) EstablishmentNames(ctx context.Context, r IDRange) (map[int64]string, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT id, name FROM establishments WHERE id >= $1 AND id <= $2`, r.First, r.Last)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		names[id] = name
	}
	return names, rows.Close()
}

// ExpiringAccount is an active account whose expiry date falls in a period,
// with its holder, as the reminders of F-50 name them.
type ExpiringAccount struct {
	AccountID       int64
	EstablishmentID int64
	PersonID        int64
	Profile         sesame.Profile
	Department      string
	Civility        sesame.Civility
	Surname         string
	FirstName       string
	Identifier      string
	Email           string
	ExpiresOn       sesame.Date
}

// ExpiringAccounts lists the active accounts of the establishments of r
// that expire between from and to (both included), by establishment, then
// date, then name.
func (q *Q) ExpiringAccounts(ctx context.Context, r IDRange, from, to sesame.Date) ([]ExpiringAccount, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT a.id, a.establishment_id, p.id, a.profile, a.department, p.civility,
		p.surname, p.first_name, p.identifier, p.email, a.expires_on FROM accounts a JOIN persons p ON p.id = a.person_id
		WHERE a.establishment_id >= $1 AND a.establishment_id <= $2 AND a.status = 'active'
		  AND a.expires_on >= $3 AND a.expires_on <= $4
		ORDER BY a.establishment_id, a.expires_on, a.surname_key, a.first_name_key, a.id`, r.First, r.Last, from, to)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (ExpiringAccount, error) {
		var a ExpiringAccount
		var profile, civility string
		err := row.Scan(&a.AccountID, &a.EstablishmentID, &a.PersonID, &profile, &a.Department, &civility,
			&a.Surname, &a.FirstName, &a.Identifier, &a.Email, &a.ExpiresOn)
		a.Profile, a.Civility = sesame.Profile(profile), sesame.Civility(civility)
		return a, err
	})
}

// ActiveAdministratorsIn is ActiveAdministrators for every establishment of
// r at once, by establishment then name.
func (q *Q) ActiveAdministratorsIn(ctx context.Context, r IDRange, today sesame.Date) ([]Contact, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+contactColumns+`
		FROM accounts a JOIN persons p ON p.id = a.person_id
		WHERE a.establishment_id >= $1 AND a.establishment_id <= $2 AND a.profile = 'admin' AND a.status = 'active'
		  AND a.expires_on >= $3 AND a.person_locked = 0
		ORDER BY a.establishment_id, a.surname_key, a.first_name_key, a.id`, r.First, r.Last, today)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanContact)
}

// The kinds of reminder kept in reminders_sent.
const (
	ReminderNotice = "notice" // to an account's holder; period is the expiry date
	ReminderDigest = "digest" // to an administrator; period is the month listed, "YYYY-MM"
)

// Reminder is one reminder to record: its kind goes with the batch.
type Reminder struct {
	AccountID int64
	Period    string
}

// remindersPerInsert keeps one INSERT's placeholders (4 per row) well
// under both databases' limits.
const remindersPerInsert = 1000

// MarkRemindersSent records that reminders of a kind go out, and returns
// the accounts of those not recorded before: the caller queues mail only
// for them, in the same transaction, so each reminder leaves exactly once
// even when several servers run the job together (the second insert waits
// for the first's transaction, then skips the rows it finds).
func (q *Q) MarkRemindersSent(ctx context.Context, kind string, reminders []Reminder, at time.Time) (map[int64]bool, error) {
	first := make(map[int64]bool, len(reminders))
	for start := 0; start < len(reminders); start += remindersPerInsert {
		chunk := reminders[start:min(start+remindersPerInsert, len(reminders))]
		args := make([]any, 0, 4*len(chunk))
		values := make([]string, len(chunk))
		for i, r := range chunk {
			args = append(args, kind, r.AccountID, r.Period, at.UTC())
			n := len(args)
			values[i] = "(" + q.mark(n-3) + ", " + q.mark(n-2) + ", " + q.mark(n-1) + ", " + q.mark(n) + ")"
		}
		rows, err := q.q.QueryContext(ctx, `INSERT INTO reminders_sent (kind, account_id, period, sent_at) VALUES `+
			strings.Join(values, ", ")+` ON CONFLICT DO NOTHING RETURNING account_id`, args...)
		if err != nil {
			return nil, err
		}
		ids, err := collect(rows, func(row scanner) (int64, error) {
			var id int64
			return id, row.Scan(&id)
		})
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			first[id] = true
		}
	}
	return first, nil
}

// AddReminderDigest stores the list every digest of one establishment's
// run names (JSON, opaque here) and returns its ID for the digests' mail.
func (q *Q) AddReminderDigest(ctx context.Context, establishmentID int64, period string, content []byte, at time.Time) (int64, error) {
	var id int64
	err := q.q.QueryRowContext(ctx, `INSERT INTO reminder_digests (establishment_id, period, content, created_at)
		VALUES ($1, $2, $3, $4) RETURNING id`, establishmentID, period, string(content), at.UTC()).Scan(&id)
	return id, err
}

// ReminderDigestContent returns the list stored by AddReminderDigest.
func (q *Q) ReminderDigestContent(ctx context.Context, id int64) ([]byte, error) {
	var content string
	err := q.q.QueryRowContext(ctx, `SELECT content FROM reminder_digests WHERE id = $1`, id).Scan(&content)
	return []byte(content), notFound(err, "Liste de comptes")
}

// DeleteReminderDigestsBefore deletes the lists stored before t, which no
// queued mail can need any more; it returns how many.
func (q *Q) DeleteReminderDigestsBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := q.q.ExecContext(ctx, `DELETE FROM reminder_digests WHERE created_at < $1`, t.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

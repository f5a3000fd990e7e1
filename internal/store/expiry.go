package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// The time-driven work of F-50 runs over the whole platform, not inside one
// establishment: these queries are for the nightly and monthly jobs only,
// never for a page.

// ExpiredAccount is an account the nightly run has just marked expired.
type ExpiredAccount struct {
	ID              int64
	EstablishmentID int64
	PersonID        int64
	ExpiresOn       sesame.Date
}

// ExpireAccounts stores the status 'expired' on at most limit active
// accounts whose expiry date is before today, and returns them. Callers
// repeat it, one transaction per batch, until fewer than limit come back, so
// a night with many expiries never holds the write lock for long.
//
// The outer status test matters on PostgreSQL: two servers running the job
// at once both pick the same rows in the subquery, and the second UPDATE,
// after waiting for the first's row locks, re-checks the outer condition on
// the new row version and skips what is already expired, so no account is
// returned (and recorded in its history) twice.
func (q *Q) ExpireAccounts(ctx context.Context, today sesame.Date, limit int) ([]ExpiredAccount, error) {
	rows, err := q.q.QueryContext(ctx, `UPDATE accounts SET status = 'expired'
		WHERE status = 'active' AND expires_on < $1 AND id IN (
			SELECT id FROM accounts WHERE status = 'active' AND expires_on < $1 LIMIT $2)
		RETURNING id, establishment_id, person_id, expires_on`, today, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (ExpiredAccount, error) {
		var a ExpiredAccount
		return a, row.Scan(&a.ID, &a.EstablishmentID, &a.PersonID, &a.ExpiresOn)
	})
}

// EndSessionsWithoutUsableAccount ends the sessions of those of persons who
// have no account left to log in with on today (active and not past its
// expiry date); a person who still works for another establishment keeps
// their session and moves there. It returns how many sessions ended.
func (q *Q) EndSessionsWithoutUsableAccount(ctx context.Context, persons []int64, today sesame.Date) (int64, error) {
	if len(persons) == 0 {
		return 0, nil
	}
	var w where
	marks := make([]string, len(persons))
	for i, id := range persons {
		marks[i] = w.arg(id)
	}
	res, err := q.q.ExecContext(ctx, `DELETE FROM sessions WHERE person_id IN (`+strings.Join(marks, ", ")+`)
		AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = sessions.person_id
			AND a.status = 'active' AND a.expires_on >= `+w.arg(today)+`)`, w.args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// SpendExpiredLinks marks spent every unused link of a kind whose validity
// ended at or before now. The link's used_at is set to its expiry instant,
// not to now: a link spent this way was never used, and used_at at or after
// expires_at is how it stays told apart from one that was.
func (q *Q) SpendExpiredLinks(ctx context.Context, kind sesame.TokenKind, now time.Time) (int64, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE tokens SET used_at = expires_at
		WHERE kind = $1 AND used_at IS NULL AND expires_at <= $2`, string(kind), now.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// eventColumns is how many values one history row takes in AddEvents.
const eventColumns = 9

// eventsPerInsert keeps one INSERT's placeholders (9 per row) well under
// both databases' limits (32,766 for SQLite, 65,535 for PostgreSQL).
const eventsPerInsert = 500

// AddEvents appends many history rows with few statements, for changes
// that touch many accounts at once (the nightly expiry, a withdrawn
// service). Unlike AddEvent it does not set the events' IDs.
func (q *Q) AddEvents(ctx context.Context, events []*sesame.Event) error {
	for start := 0; start < len(events); start += eventsPerInsert {
		chunk := events[start:min(start+eventsPerInsert, len(events))]
		var w where
		values := make([]string, len(chunk))
		for i, e := range chunk {
			detail, err := encodeDetail(e.Detail)
			if err != nil {
				return err
			}
			marks := make([]string, 0, eventColumns)
			for _, v := range []any{e.At.UTC(), e.EstablishmentID, e.ActorPersonID, e.ActorLabel, e.IP, string(e.Kind),
				e.AccountID, e.PersonID, detail} {
				w.args = append(w.args, v)
				marks = append(marks, q.mark(len(w.args))) // positional: see mark
			}
			values[i] = "(" + strings.Join(marks, ", ") + ")"
		}
		if _, err := q.q.ExecContext(ctx, `INSERT INTO audit_events (at, establishment_id, actor_person_id, actor_label, ip,
			kind, account_id, person_id, detail) VALUES `+strings.Join(values, ", "), w.args...); err != nil {
			return err
		}
	}
	return nil
}

// encodeDetail is an event's detail as stored: a JSON object, "{}" when
// there is none.
func encodeDetail(detail map[string]any) (string, error) {
	if len(detail) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(detail)
	return string(b), err
}

package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// bulkChunk bounds the IDs of one statement: far below both databases'
// parameter limits, large enough that 10,000 accounts take ten round trips.
const bulkChunk = 1000

// mark is the placeholder of the n-th argument. SQLite takes "$n" as a
// named parameter and resolves each name with a linear search, which makes
// a statement with thousands of them quadratic; its plain "?" is
// positional and free. Statements built with mark must use it for every
// argument, in order.
func (q *Q) mark(n int) string {
	if q.dialect == SQLite {
		return "?"
	}
	return "$" + strconv.Itoa(n)
}

// inList writes the placeholders of ids, appending them to args.
func (q *Q) inList(args []any, ids []int64) (string, []any) {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		args = append(args, id)
		b.WriteString(q.mark(len(args)))
	}
	return b.String(), args
}

// chunks calls fn with successive slices of at most bulkChunk ids.
func chunks(ids []int64, fn func([]int64) error) error {
	for len(ids) > 0 {
		n := min(len(ids), bulkChunk)
		if err := fn(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// Target is an account a bulk action works on, with what the action needs
// of its person.
type Target struct {
	Account sesame.Account
	Person  sesame.Person // ID, identifier, civility, names, lock state
}

// Targets loads the live accounts among ids that belong to the
// establishment, in the order of ids; others are left out, so the caller
// can tell the request named something it may not touch.
func (q *Q) Targets(ctx context.Context, establishmentID int64, ids []int64) ([]Target, error) {
	byID := make(map[int64]Target, len(ids))
	err := chunks(ids, func(part []int64) error {
		list, args := q.inList([]any{establishmentID}, part)
		rows, err := q.q.QueryContext(ctx, `SELECT `+accountColumns+`, p.identifier, p.civility, p.surname, p.first_name, p.locked_at
			FROM accounts a JOIN persons p ON p.id = a.person_id
			WHERE a.establishment_id = `+q.mark(1)+` AND a.status <> 'deleted' AND a.id IN (`+list+`)`, args...)
		if err != nil {
			return err
		}
		found, err := collect(rows, func(row scanner) (Target, error) {
			var t Target
			var civ string
			a, err := scanAccount(row, &t.Person.Identifier, &civ, &t.Person.Surname, &t.Person.FirstName, &t.Person.LockedAt)
			if err != nil {
				return t, err
			}
			t.Account, t.Person.ID, t.Person.Civility = *a, a.PersonID, sesame.Civility(civ)
			return t, nil
		})
		for _, t := range found {
			byID[t.Account.ID] = t
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]Target, 0, len(byID))
	for _, id := range ids {
		if t, ok := byID[id]; ok {
			out = append(out, t)
			delete(byID, id) // a repeated ID counts once
		}
	}
	return out, nil
}

// RenewAccounts sets one expiry date on many accounts of an establishment
// (F-25): expired ones become active again.
func (q *Q) RenewAccounts(ctx context.Context, establishmentID int64, ids []int64, expiresOn sesame.Date) error {
	return chunks(ids, func(part []int64) error {
		list, args := q.inList([]any{expiresOn, establishmentID}, part)
		_, err := q.q.ExecContext(ctx, `UPDATE accounts SET expires_on = `+q.mark(1)+`,
			status = CASE WHEN status = 'expired' THEN 'active' ELSE status END
			WHERE establishment_id = `+q.mark(2)+` AND status <> 'deleted' AND id IN (`+list+`)`, args...)
		return err
	})
}

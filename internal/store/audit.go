package store

import (
	"context"
	"encoding/json"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// AddEvent appends a history row; call it in the transaction of the change
// it records so the two stand or fall together.
func (q *Q) AddEvent(ctx context.Context, e *sesame.Event) error {
	detail, err := encodeDetail(e.Detail)
	if err != nil {
		return err
	}
	return q.q.QueryRowContext(ctx, `INSERT INTO audit_events (at, establishment_id, actor_person_id, actor_label, ip,
		kind, account_id, person_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		e.At.UTC(), e.EstablishmentID, e.ActorPersonID, e.ActorLabel, e.IP, string(e.Kind), e.AccountID, e.PersonID,
		detail).Scan(&e.ID)
}

// EventFilter narrows the history.
type EventFilter struct {
	EstablishmentID *int64
	PersonID        *int64
	Kind            sesame.EventKind
	Limit           int
}

// Events lists history rows, newest first.
func (q *Q) Events(ctx context.Context, f EventFilter) ([]*sesame.Event, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	var w where
	if f.EstablishmentID != nil {
		w.add("establishment_id = ?", *f.EstablishmentID)
	}
	if f.PersonID != nil {
		w.add("person_id = ?", *f.PersonID)
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	rows, err := q.q.QueryContext(ctx, `SELECT id, at, establishment_id, actor_person_id, actor_label, ip, kind,
		account_id, person_id, detail FROM audit_events`+w.sql()+` ORDER BY at DESC, id DESC LIMIT `+w.arg(f.Limit), w.args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (*sesame.Event, error) {
		var e sesame.Event
		var kind, detail string
		if err := row.Scan(&e.ID, &e.At, &e.EstablishmentID, &e.ActorPersonID, &e.ActorLabel, &e.IP, &kind,
			&e.AccountID, &e.PersonID, &detail); err != nil {
			return nil, err
		}
		e.Kind = sesame.EventKind(kind)
		return &e, json.Unmarshal([]byte(detail), &e.Detail)
	})
}

// CountEvents counts history rows of a kind (tests and metrics).
func (q *Q) CountEvents(ctx context.Context, kind sesame.EventKind) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE kind = $1`, string(kind)).Scan(&n)
	return n, err
}

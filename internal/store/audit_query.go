package store

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// HistoryQuery is what the history page of an establishment asks (F-27).
//
// An establishment's history holds its own events and, besides, the events
// that belong to no establishment but concern a person who has or had an
// account in it: a failed login or a lockout is the person's, not an
// establishment's, yet each of their administrators must see it. Events of
// other establishments never appear, even about the same person.
type HistoryQuery struct {
	EstablishmentID int64 // required: tenancy is explicit
	// From and To bound the period, both days included, in Paris time;
	// the zero Date leaves that end open.
	From, To sesame.Date
	// ActorPersonID keeps the events of one author. With it 0, ActorLabel
	// keeps those of an author who is no person (Système, an operator…).
	ActorPersonID int64
	ActorLabel    string
	// Account holds words that must each prefix a word of the name, first
	// name, identifier, department or e-mail of the account the event
	// concerns, as the console's search does (F-21).
	Account string
	Kind    sesame.EventKind
	Offset  int
	Limit   int // 0 means every event (exports)
}

// HistoryEvent is an event with the person it concerns as they are now
// (names change; the event keeps its own before/after values).
type HistoryEvent struct {
	sesame.Event
	Civility   sesame.Civility
	Surname    string
	FirstName  string
	Identifier string // "" when the event concerns no person
}

// HistoryActor is someone who appears as the author of events of an
// establishment: a person (PersonID set) or a label such as "Système".
type HistoryActor struct {
	PersonID int64
	Label    string // for a person, the label of their latest event
}

// historySQL is a HistoryQuery as the two branches of a UNION ALL: events
// of the establishment, and person-level events (no establishment) of its
// people. Both share the filter and its placeholders.
type historySQL struct {
	where   where
	est     string // placeholder of the establishment
	filters string // " AND …" conditions on e, for both branches
}

func buildHistory(hq HistoryQuery) (*historySQL, error) {
	if hq.EstablishmentID <= 0 {
		return nil, sesame.Errorf(sesame.EInvalid, "Établissement manquant.")
	}
	h := &historySQL{}
	w := &h.where
	h.est = w.arg(hq.EstablishmentID)
	// The conditions apply to both branches; their arguments go to w once,
	// and both branches name the same placeholders.
	var conds []string
	if !hq.From.IsZero() {
		conds = append(conds, "e.at >= "+w.arg(hq.From.StartOfDay().UTC()))
	}
	if !hq.To.IsZero() {
		conds = append(conds, "e.at < "+w.arg(hq.To.AddDays(1).StartOfDay().UTC()))
	}
	if hq.ActorPersonID != 0 {
		conds = append(conds, "e.actor_person_id = "+w.arg(hq.ActorPersonID))
	} else if hq.ActorLabel != "" {
		conds = append(conds, "e.actor_person_id IS NULL AND e.actor_label = "+w.arg(hq.ActorLabel))
	}
	if hq.Kind != "" {
		conds = append(conds, "e.kind = "+w.arg(string(hq.Kind)))
	}
	if words := searchWords(hq.Account); len(words) > 0 {
		// The people whose account here (live or deleted) matches every
		// word; wordCondition's ranges keep it on the search indexes.
		c := "e.person_id IN (SELECT a.person_id FROM accounts a WHERE a.establishment_id = " + h.est
		for _, word := range words {
			c += " AND " + wordCondition(w, h.est, word, false)
		}
		conds = append(conds, c+")")
	}
	for _, c := range conds {
		h.filters += " AND " + c
	}
	return h, nil
}

// historyColumns are read by scanHistoryEvent.
const historyColumns = `e.id AS ev_id, e.at AS ev_at, e.establishment_id, e.actor_person_id, e.actor_label, e.ip, e.kind,
	e.account_id, e.person_id, e.detail, p.civility, p.surname, p.first_name, p.identifier`

// branches is the UNION ALL of the two sources with cols selected. The
// second branch starts from the establishment's people so it reads only
// their events (index audit_events_person_est), never every person-level
// event of the platform.
func (h *historySQL) branches(cols, join string) string {
	return `SELECT ` + cols + ` FROM audit_events e` + join + `
		WHERE e.establishment_id = ` + h.est + h.filters + `
		UNION ALL
		SELECT ` + cols + ` FROM (SELECT DISTINCT person_id FROM accounts WHERE establishment_id = ` + h.est + `) m
		JOIN audit_events e ON e.person_id = m.person_id` + join + `
		WHERE e.establishment_id IS NULL` + h.filters
}

// HistoryEvents calls fn for each event of the establishment's history
// matching hq, newest first, reading them one at a time (an export walks
// them all). fn must not keep the event: it is reused for the next one.
func (q *Q) HistoryEvents(ctx context.Context, hq HistoryQuery, fn func(*HistoryEvent) error) error {
	h, err := buildHistory(hq)
	if err != nil {
		return err
	}
	// ORDER BY on the compound itself lets SQLite merge the two branches
	// (the establishment's own events, by far the most, read in index
	// order) and stop at the page's end; PostgreSQL takes the top N.
	query := h.branches(historyColumns, ` LEFT JOIN persons p ON p.id = e.person_id`) + ` ORDER BY ev_at DESC, ev_id DESC`
	if hq.Limit > 0 {
		query += ` LIMIT ` + h.where.arg(hq.Limit) + ` OFFSET ` + h.where.arg(max(hq.Offset, 0))
	}
	rows, err := q.q.QueryContext(ctx, query, q.customPlan(h.where.args)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var ev HistoryEvent
	for rows.Next() {
		if err := scanHistoryEvent(rows, &ev); err != nil {
			return err
		}
		if err := fn(&ev); err != nil {
			return err
		}
	}
	return rows.Err()
}

func scanHistoryEvent(row scanner, ev *HistoryEvent) error {
	var kind, detail string
	var civility, surname, firstName, identifier *string
	*ev = HistoryEvent{}
	e := &ev.Event
	if err := row.Scan(&e.ID, &e.At, &e.EstablishmentID, &e.ActorPersonID, &e.ActorLabel, &e.IP, &kind,
		&e.AccountID, &e.PersonID, &detail, &civility, &surname, &firstName, &identifier); err != nil {
		return err
	}
	e.Kind = sesame.EventKind(kind)
	if civility != nil {
		ev.Civility, ev.Surname, ev.FirstName, ev.Identifier = sesame.Civility(*civility), *surname, *firstName, *identifier
	}
	return json.Unmarshal([]byte(detail), &e.Detail)
}

// CountHistory counts the events HistoryEvents would list without paging
// ("1-50 sur 312").
func (q *Q) CountHistory(ctx context.Context, hq HistoryQuery) (int, error) {
	h, err := buildHistory(hq)
	if err != nil {
		return 0, err
	}
	var n int
	err = q.q.QueryRowContext(ctx, `SELECT count(*) FROM (`+h.branches("e.id", "")+`) ev`, q.customPlan(h.where.args)...).Scan(&n)
	return n, err
}

// HistoryFacets are the choices of the history's filters: who appears as
// an author, and which kinds of events there are.
type HistoryFacets struct {
	Actors []HistoryActor     // people first, by label, then the other labels
	Kinds  []sesame.EventKind // by French label
}

// HistoryFacets reads the choices of an establishment's history filters
// from the events themselves, so a kind added later is offered as soon as
// it happens. It reads the whole history once, as counting it does.
//
// The authors offered are those who acted on someone else's account or on
// the establishment — administrators, operators, "Système" — not everyone
// who ever logged in: in an establishment of 10,000 people that would be a
// list of 10,000 names, of no use to anyone. A person's own doings (logins,
// activation, password) are found with the account filter, and the author
// filter itself accepts anyone.
func (q *Q) HistoryFacets(ctx context.Context, establishmentID int64) (*HistoryFacets, error) {
	h, err := buildHistory(HistoryQuery{EstablishmentID: establishmentID})
	if err != nil {
		return nil, err
	}
	// Grouped, so a handful of rows come back; a person's label may differ
	// between events (a name changed), and the latest wins. Own doings
	// count for the kinds only: their actor comes back as NULL, "".
	rows, err := q.q.QueryContext(ctx, `SELECT actor_person_id, actor_label, kind, max(at) FROM (`+
		h.branches(`CASE WHEN e.actor_person_id = e.person_id THEN NULL ELSE e.actor_person_id END AS actor_person_id,
			CASE WHEN e.actor_person_id = e.person_id THEN '' ELSE e.actor_label END AS actor_label, e.kind, e.at`, "")+
		`) ev GROUP BY actor_person_id, actor_label, kind`, q.customPlan(h.where.args)...)
	if err != nil {
		return nil, err
	}
	type seen struct {
		HistoryActor
		last string
	}
	actors := map[string]*seen{}
	kinds := map[sesame.EventKind]bool{}
	err = func() error {
		defer rows.Close()
		for rows.Next() {
			var person *int64
			var label, kind string
			var last any // max() loses the column's type on SQLite: text there, a time on PostgreSQL
			if err := rows.Scan(&person, &label, &kind, &last); err != nil {
				return err
			}
			kinds[sesame.EventKind(kind)] = true
			if person == nil && label == "" {
				continue // a person's own doing
			}
			a := HistoryActor{Label: label}
			key := "l:" + label
			if person != nil {
				a.PersonID = *person
				key = "p:" + strconv.FormatInt(*person, 10)
			}
			at := sortableTime(last)
			if s, ok := actors[key]; !ok || at > s.last {
				actors[key] = &seen{HistoryActor: a, last: at}
			}
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, err
	}
	f := &HistoryFacets{}
	for _, s := range actors {
		f.Actors = append(f.Actors, s.HistoryActor)
	}
	slices.SortFunc(f.Actors, func(a, b HistoryActor) int {
		if (a.PersonID == 0) != (b.PersonID == 0) {
			if a.PersonID == 0 {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(sesame.Fold(a.Label), sesame.Fold(b.Label)), cmp.Compare(a.PersonID, b.PersonID))
	})
	for k := range kinds {
		f.Kinds = append(f.Kinds, k)
	}
	slices.SortFunc(f.Kinds, func(a, b sesame.EventKind) int {
		return cmp.Or(cmp.Compare(sesame.Fold(a.Label()), sesame.Fold(b.Label())), cmp.Compare(a, b))
	})
	return f, nil
}

// sortableTime turns what a driver returns for max(at) into text that sorts
// in time order.
func sortableTime(v any) string {
	switch t := v.(type) {
	case time.Time:
		return t.UTC().Format(time.RFC3339Nano)
	case string:
		return t
	case []byte:
		return string(t)
	}
	return ""
}

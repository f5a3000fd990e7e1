package service

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// HistoryPageSize is how many events a page of the history shows.
const HistoryPageSize = 50

// HistoryFilter is the history page's filters (F-27).
type HistoryFilter struct {
	From, To sesame.Date // the period, both days included; zero leaves an end open
	// ActorPersonID keeps one author's events; with it 0, ActorLabel keeps
	// those of an author who is not a person ("Système").
	ActorPersonID int64
	ActorLabel    string
	Account       string // words matched against the concerned account's name, identifier…
	Kind          sesame.EventKind
	Page          int // from 1
}

// query is the filter as the store asks it, for the actor's establishment.
func (f HistoryFilter) query(establishmentID int64) store.HistoryQuery {
	return store.HistoryQuery{EstablishmentID: establishmentID, From: f.From, To: f.To, ActorPersonID: f.ActorPersonID,
		ActorLabel: f.ActorLabel, Account: f.Account, Kind: f.Kind}
}

// HistoryPage is one page of an establishment's history and how many
// events match in all ("1-50 sur 312").
type HistoryPage struct {
	Establishment *sesame.Establishment
	Entries       []HistoryEntry
	Total         int
	Page          int
}

// HistoryEntry is one event as the history shows it: every value ready to
// print, in French.
type HistoryEntry struct {
	ID         int64
	At         time.Time
	Author     string // the actor's label as it was recorded
	IP         string
	Kind       sesame.EventKind
	Account    string // "Mme Céline Martin", or "" when the event concerns no person
	Identifier string
	Changes    []Change
}

// When is the event's date and time in Paris, "18/03/2026 09:30".
func (e HistoryEntry) When() string { return e.At.In(sesame.Paris).Format("02/01/2006 15:04") }

// KindLabel is the event's kind in French.
func (e HistoryEntry) KindLabel() string { return e.Kind.Label() }

// Details is the changes on one line, for the CSV.
func (e HistoryEntry) Details() string {
	parts := make([]string, len(e.Changes))
	for i, c := range e.Changes {
		parts[i] = c.String()
	}
	return strings.Join(parts, " ; ")
}

// Change is one line of "what changed": a value that went from Before to
// After (IsDiff), or a plain fact about the event (Value).
type Change struct {
	Label  string
	IsDiff bool
	Before string
	After  string
	Value  string
}

// String is "Nom : Dupont → Durand" or "Identifiant : JLO000439".
func (c Change) String() string {
	if c.IsDiff {
		return c.Label + " : " + orEmpty(c.Before) + " → " + orEmpty(c.After)
	}
	return c.Label + " : " + c.Value
}

// orEmpty shows a blank value as such, so "→ (vide)" reads as a removal.
func orEmpty(s string) string {
	if s == "" {
		return "(vide)"
	}
	return s
}

// History returns one page of the administrator's establishment's history,
// newest first (F-27): its events and the person-level events (failed
// logins, lockouts…) of the people who have or had an account in it.
func (s *Service) History(ctx context.Context, actor sesame.Actor, f HistoryFilter) (*HistoryPage, error) {
	r := s.store.Read()
	est, err := s.requireAdmin(ctx, r, actor)
	if err != nil {
		return nil, err
	}
	q := f.query(est.ID)
	page := &HistoryPage{Establishment: est, Page: max(f.Page, 1)}
	if page.Total, err = r.CountHistory(ctx, q); err != nil {
		return nil, err
	}
	// Past the last page (the filters narrowed meanwhile): show the last.
	if last := max(1, (page.Total+HistoryPageSize-1)/HistoryPageSize); page.Page > last {
		page.Page = last
	}
	q.Offset, q.Limit = (page.Page-1)*HistoryPageSize, HistoryPageSize
	err = r.HistoryEvents(ctx, q, func(ev *store.HistoryEvent) error {
		page.Entries = append(page.Entries, historyEntry(ev))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// HistoryChoices returns what the history's filters offer: the authors
// who appear in the administrator's establishment's history (people
// first, then "Système" and the like) and the kinds of its events.
func (s *Service) HistoryChoices(ctx context.Context, actor sesame.Actor) (*store.HistoryFacets, error) {
	r := s.store.Read()
	est, err := s.requireAdmin(ctx, r, actor)
	if err != nil {
		return nil, err
	}
	return r.HistoryFacets(ctx, est.ID)
}

// ExportHistory writes, as CSV (the same conventions as the account
// export), every event of the history matching f, ignoring its page, and
// returns how many. Reading the history changes nothing, so unlike the
// account export it records nothing.
func (s *Service) ExportHistory(ctx context.Context, actor sesame.Actor, f HistoryFilter, w io.Writer) (int, error) {
	r := s.store.Read()
	est, err := s.requireAdmin(ctx, r, actor)
	if err != nil {
		return 0, err
	}
	if st, ok := w.(ExportStarter); ok {
		st.StartExport(ExportFile{Name: ExportFileName("historique", est, s.today(), ExportCSV), ContentType: ContentTypeCSV, Count: -1})
	}
	cw := newCSV(w)
	if err := cw.Write([]string{"Date", "Auteur", "Adresse IP", "Opération", "Compte concerné", "Identifiant", "Détail"}); err != nil {
		return 0, err
	}
	n := 0
	cells := make([]string, 7)
	err = r.HistoryEvents(ctx, f.query(est.ID), func(ev *store.HistoryEvent) error {
		n++
		e := historyEntry(ev)
		cells = append(cells[:0], e.When(), e.Author, e.IP, e.KindLabel(), e.Account, e.Identifier, e.Details())
		return writeCSVRow(cw, cells)
	})
	if err != nil {
		return n, err // unflushed: what is still buffered never leaves
	}
	cw.Flush()
	return n, cw.Error()
}

func historyEntry(ev *store.HistoryEvent) HistoryEntry {
	e := HistoryEntry{ID: ev.ID, At: ev.At, Author: ev.ActorLabel, IP: ev.IP, Kind: ev.Kind, Identifier: ev.Identifier,
		Changes: describeDetail(ev.Detail)}
	if ev.Identifier != "" {
		e.Account = ev.Civility.Short() + " " + ev.FirstName + " " + ev.Surname
	}
	return e
}

// detailLabels name the keys of events' details in French, in the order
// they are shown; other keys (rights changes, keyed by the service's name)
// follow in alphabetical order.
var detailLabels = []struct{ Key, Label string }{
	{"name", "Nom"}, {"civility", "Civilité"}, {"surname", "Nom"}, {"first_name", "Prénom"},
	{"identifier", "Identifiant"}, {"email", "Courriel"}, {"phone", "Téléphone"}, {"department", "Service"},
	{"profile", "Profil"}, {"expires_on", "Expiration"}, {"siret", "SIRET"}, {"representative", "Représentant légal"},
	{"letter", "Courrier"}, {"count", "Nombre de comptes"}, {"format", "Format"}, {"selection", "Sélection"},
	{"filter", "Filtre"}, {"search", "Recherche"}, {"failed_logins", "Échecs de connexion"},
	{"sessions_ended", "Sessions fermées"}, {"unlocked", "Compte débloqué"}, {"by", "Par"}, {"demo", "Démonstration"},
}

// describeDetail renders an event's detail readably in French: known keys
// translated and in a fixed order, {"before", "after"} pairs as changes,
// dates as JJ/MM/AAAA, profiles and civilities by their labels.
func describeDetail(detail map[string]any) []Change {
	if len(detail) == 0 {
		return nil
	}
	var out []Change
	known := map[string]bool{}
	for _, kl := range detailLabels {
		known[kl.Key] = true
		if v, ok := detail[kl.Key]; ok {
			out = append(out, describeValue(kl.Key, kl.Label, v))
		}
	}
	var others []string
	for k := range detail {
		if !known[k] {
			others = append(others, k)
		}
	}
	slices.SortFunc(others, func(a, b string) int { return cmp.Compare(sesame.Fold(a), sesame.Fold(b)) })
	for _, k := range others {
		out = append(out, describeValue(k, k, detail[k]))
	}
	return out
}

func describeValue(key, label string, v any) Change {
	if m, ok := v.(map[string]any); ok {
		before, hasBefore := m["before"]
		after, hasAfter := m["after"]
		if hasBefore || hasAfter {
			return Change{Label: label, IsDiff: true, Before: formatValue(key, before), After: formatValue(key, after)}
		}
	}
	return Change{Label: label, Value: formatValue(key, v)}
}

// formatValue prints one detail value the French way.
func formatValue(key string, v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		if v {
			return "oui"
		}
		return "non"
	case float64: // JSON numbers
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
	case string:
		switch key {
		case "expires_on":
			if d, err := sesame.ParseDate(v); err == nil {
				return d.French()
			}
		case "profile":
			if p := sesame.Profile(v); p.Valid() {
				return p.Label()
			}
		case "civility":
			if c := sesame.Civility(v); c.Valid() {
				return c.Short()
			}
		}
		return v
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " : " + formatValue(k, v[k])
		}
		return strings.Join(parts, ", ")
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = formatValue(key, x)
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}

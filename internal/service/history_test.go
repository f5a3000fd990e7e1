package service_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// historyEnv is an establishment whose history spans three days: on
// 18/03/2026 its administrator Anne creates Martin, Durand and a second
// administrator, Bruno; on 20/03 Anne changes Durand's department and
// phone, Bruno renews Martin, and someone fails to log in as Durand five
// times, which locks him ("Système"). Another establishment has its own
// events, and failed logins of its own people.
type historyEnv struct {
	*exportEnv
	bruno         *service.NewAccount
	brunoActor    sesame.Actor
	day1, day3    sesame.Date
	otherPersonID int64
}

func newHistoryEnv(t *testing.T) *historyEnv {
	t.Helper()
	x := newExportEnv(t)
	h := &historyEnv{exportEnv: x, day1: sesame.DateOf(testenv.Start)}
	env := x.env
	in := testenv.ValidPerson("Bruno", "Chef", "bruno.chef@mairie.example")
	in.Profile = "admin"
	var err error
	if h.bruno, err = env.Service.CreateAccount(ctx, x.actor, in, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.Activate(ctx, secretOf(t, env.ActivationLink(t, in.Email)), "Vigne-Rouge-26!", "Vigne-Rouge-26!", "10.1.1.1"); err != nil {
		t.Fatal(err)
	}

	env.Clock.Advance(48 * time.Hour)
	h.day3 = sesame.DateOf(env.Clock.Now())
	_, h.brunoActor = adminActor(t, env, h.bruno.Person.Identifier)
	d, err := env.Service.Account(ctx, x.actor, x.durand.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	up := service.AccountUpdate{Person: service.PersonInput{Profile: "user", Civility: "Mme", Surname: "Durand", FirstName: "Paul",
		Email: d.Person.Email, Phone: "05 57 11 22 33", Department: "Finances"}}
	if _, err := env.Service.UpdateAccount(ctx, x.actor, x.durand.Account.ID, up); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.RenewAccounts(ctx, h.brunoActor, []int64{x.martin.Account.ID}); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := env.Service.Login(ctx, x.durand.Person.Identifier, "Mauvais-Mot-2!", "192.0.2.7", ""); err == nil {
			t.Fatal("a wrong password logged in")
		}
	}
	// B's own people fail to log in too: none of A's business.
	h.otherPersonID = x.otherAccount.Person.ID
	if _, err := env.Service.Login(ctx, x.otherAccount.Person.Identifier, "Mauvais-Mot-2!", "192.0.2.8", ""); err == nil {
		t.Fatal("a wrong password logged in")
	}
	return h
}

// history returns every entry of the filter, all pages.
func (h *historyEnv) history(t *testing.T, actor sesame.Actor, f service.HistoryFilter) ([]service.HistoryEntry, int) {
	t.Helper()
	var all []service.HistoryEntry
	total := -1
	for f.Page = 1; ; f.Page++ {
		p, err := h.env.Service.History(ctx, actor, f)
		if err != nil {
			t.Fatal(err)
		}
		if total < 0 {
			total = p.Total
		}
		all = append(all, p.Entries...)
		if len(p.Entries) < service.HistoryPageSize {
			return all, total
		}
	}
}

func kinds(entries []service.HistoryEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, string(e.Kind))
	}
	return out
}

func TestHistoryHoldsTheEstablishmentsEventsAndItsPeoplesOnly(t *testing.T) {
	h := newHistoryEnv(t)
	entries, total := h.history(t, h.actor, service.HistoryFilter{})
	if total != len(entries) {
		t.Errorf("total %d, listed %d", total, len(entries))
	}
	// Newest first.
	if !slices.IsSortedFunc(entries, func(a, b service.HistoryEntry) int { return b.At.Compare(a.At) }) {
		t.Errorf("not newest first: %v", kinds(entries))
	}
	count := map[sesame.EventKind]int{}
	for _, e := range entries {
		count[e.Kind]++
		if e.Identifier == h.otherAccount.Person.Identifier || strings.Contains(e.Author, "Lenoir") {
			t.Errorf("B's event in A's history: %+v", e)
		}
	}
	want := map[sesame.EventKind]int{
		sesame.EventEstablishmentCreated: 1, sesame.EventAccountCreated: 6, sesame.EventAccountActivated: 2,
		sesame.EventAccountDeleted: 1, sesame.EventAccountUpdated: 1, sesame.EventAccountRenewed: 1,
		sesame.EventLoginSucceeded: 2, sesame.EventLoginFailed: 5, sesame.EventPersonLocked: 1,
	}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%d × %s, want %d (all: %v)", count[k], k, n, count)
		}
	}
	// B sees its own and none of A's.
	other, _ := h.history(t, h.otherActor, service.HistoryFilter{})
	for _, e := range other {
		if e.Identifier != "" && e.Identifier != h.otherAccount.Person.Identifier && !strings.HasPrefix(e.Identifier, "HLE") {
			t.Errorf("A's event in B's history: %+v", e)
		}
	}
	if n := slices.Index(kinds(other), string(sesame.EventLoginFailed)); n < 0 {
		t.Errorf("B's history lacks its person's failed login: %v", kinds(other))
	}
}

func TestHistoryFilters(t *testing.T) {
	h := newHistoryEnv(t)
	all, _ := h.history(t, h.actor, service.HistoryFilter{})
	for _, tc := range []struct {
		name   string
		filter service.HistoryFilter
		keep   func(service.HistoryEntry) bool
	}{
		{"from the third day", service.HistoryFilter{From: h.day3},
			func(e service.HistoryEntry) bool { return !sesame.DateOf(e.At).Before(h.day3) }},
		{"until the first day", service.HistoryFilter{To: h.day1},
			func(e service.HistoryEntry) bool { return sesame.DateOf(e.At) == h.day1 }},
		{"an empty period", service.HistoryFilter{From: h.day1.AddDays(1), To: h.day1.AddDays(1)},
			func(e service.HistoryEntry) bool { return false }},
		{"author Bruno", service.HistoryFilter{ActorPersonID: h.bruno.Person.ID},
			func(e service.HistoryEntry) bool { return e.Author == "Bruno Chef" }},
		{"author Système", service.HistoryFilter{ActorLabel: "Système"},
			func(e service.HistoryEntry) bool { return e.Author == "Système" }},
		{"account Durand", service.HistoryFilter{Account: "durand"},
			func(e service.HistoryEntry) bool { return e.Identifier == h.durand.Person.Identifier }},
		{"account by identifier", service.HistoryFilter{Account: strings.ToLower(h.martin.Person.Identifier)},
			func(e service.HistoryEntry) bool { return e.Identifier == h.martin.Person.Identifier }},
		{"the deleted account", service.HistoryFilter{Account: "zoe ancien"},
			func(e service.HistoryEntry) bool { return e.Identifier == h.deleted.Person.Identifier }},
		{"kind", service.HistoryFilter{Kind: sesame.EventLoginFailed},
			func(e service.HistoryEntry) bool { return e.Kind == sesame.EventLoginFailed }},
		{"everything at once", service.HistoryFilter{From: h.day3, To: h.day3, ActorLabel: "Système", Account: "paul", Kind: sesame.EventPersonLocked},
			func(e service.HistoryEntry) bool { return e.Kind == sesame.EventPersonLocked }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, total := h.history(t, h.actor, tc.filter)
			var want []int64
			for _, e := range all {
				if tc.keep(e) {
					want = append(want, e.ID)
				}
			}
			var ids []int64
			for _, e := range got {
				ids = append(ids, e.ID)
			}
			if !slices.Equal(ids, want) || total != len(want) {
				t.Errorf("got %v (total %d), want %v", kinds(got), total, want)
			}
			if tc.name != "an empty period" && len(want) == 0 {
				t.Errorf("the filter keeps nothing: a weak test")
			}
			if len(want) == len(all) {
				t.Errorf("the filter keeps everything: a weak test")
			}
		})
	}
}

func TestHistoryShowsBeforeAndAfter(t *testing.T) {
	h := newHistoryEnv(t)
	changes := func(kind sesame.EventKind) []string {
		entries, _ := h.history(t, h.actor, service.HistoryFilter{Kind: kind})
		if len(entries) == 0 {
			t.Fatalf("no %s event", kind)
		}
		var out []string
		for _, c := range entries[0].Changes {
			out = append(out, c.String())
		}
		return out
	}
	if got, want := changes(sesame.EventAccountUpdated), []string{"Téléphone : 0557000000 → 0557112233", "Service : " + hyperlink + " → Finances"}; !slices.Equal(got, want) {
		t.Errorf("update = %q, want %q", got, want)
	}
	if got, want := changes(sesame.EventAccountRenewed), []string{"Expiration : 18/09/2027 → 20/09/2027"}; !slices.Equal(got, want) {
		t.Errorf("renewal = %q, want %q", got, want)
	}
	if got := changes(sesame.EventAccountDeleted); !slices.Contains(got, "Profil : Utilisateur") || !slices.Contains(got, "Identifiant : "+h.deleted.Person.Identifier) {
		t.Errorf("deletion = %q", got)
	}
	if got := changes(sesame.EventPersonLocked); !slices.Contains(got, "Échecs de connexion : 5") {
		t.Errorf("lockout = %q", got)
	}
	entries, _ := h.history(t, h.actor, service.HistoryFilter{Kind: sesame.EventAccountRenewed})
	e := entries[0]
	if e.Author != "Bruno Chef" || e.Account != "Mme Céline Martin" || e.Identifier != h.martin.Person.Identifier ||
		e.When() != "20/03/2026 09:30" || e.KindLabel() != "Renouvellement du compte" || e.IP != "127.0.0.1" {
		t.Errorf("entry = %+v (%s)", e, e.When())
	}
}

func TestHistoryPages(t *testing.T) {
	h := newHistoryEnv(t)
	for range 60 {
		if _, err := h.env.Service.Login(ctx, h.martin.Person.Identifier, "Mauvais-Mot-2!", "192.0.2.9", ""); err == nil {
			t.Fatal("a wrong password logged in")
		}
	}
	first, err := h.env.Service.History(ctx, h.actor, service.HistoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Entries) != service.HistoryPageSize || first.Total < 80 || first.Page != 1 {
		t.Fatalf("first page: %d entries of %d, page %d", len(first.Entries), first.Total, first.Page)
	}
	all, total := h.history(t, h.actor, service.HistoryFilter{})
	if len(all) != total || total != first.Total {
		t.Errorf("pages hold %d events, total %d", len(all), total)
	}
	seen := map[int64]bool{}
	for _, e := range all {
		if seen[e.ID] {
			t.Errorf("event %d on two pages", e.ID)
		}
		seen[e.ID] = true
	}
	// Past the end: the last page.
	p, err := h.env.Service.History(ctx, h.actor, service.HistoryFilter{Page: 99})
	if err != nil {
		t.Fatal(err)
	}
	if last := (total + service.HistoryPageSize - 1) / service.HistoryPageSize; p.Page != last || len(p.Entries) != total-(last-1)*service.HistoryPageSize {
		t.Errorf("page 99 gave page %d with %d entries", p.Page, len(p.Entries))
	}
}

func TestHistoryIsForAdministrators(t *testing.T) {
	h := newHistoryEnv(t)
	if _, err := h.env.Service.History(ctx, testenv.Operator, service.HistoryFilter{}); sesame.ErrorCode(err) != sesame.EForbidden {
		t.Errorf("operator: %v", err)
	}
	user := h.actor
	user.PersonID = h.martin.Person.ID // a pending user, working in A
	if _, err := h.env.Service.History(ctx, user, service.HistoryFilter{}); sesame.ErrorCode(err) != sesame.EForbidden {
		t.Errorf("user: %v", err)
	}
	if _, err := h.env.Service.ExportHistory(ctx, user, service.HistoryFilter{}, &bytes.Buffer{}); sesame.ErrorCode(err) != sesame.EForbidden {
		t.Errorf("user export: %v", err)
	}
	if _, err := h.env.Service.HistoryChoices(ctx, user); sesame.ErrorCode(err) != sesame.EForbidden {
		t.Errorf("user choices: %v", err)
	}
}

func TestHistoryChoices(t *testing.T) {
	h := newHistoryEnv(t)
	c, err := h.env.Service.HistoryChoices(ctx, h.actor)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, a := range c.Actors {
		labels = append(labels, a.Label)
	}
	// People first, by name, then the labels of authors who are no person.
	// Durand, author of the failed logins under his own identifier, acted
	// on no one else's account: his doings are found by account.
	if want := []string{"Anne Gueriot", "Bruno Chef", "Opérateur de test", "Système"}; !slices.Equal(labels, want) {
		t.Errorf("authors = %q, want %q", labels, want)
	}
	if len(c.Actors) != 4 || c.Actors[0].PersonID != h.admin.Person.ID || c.Actors[2].PersonID != 0 {
		t.Errorf("authors = %+v", c.Actors)
	}
	if slices.Contains(c.Kinds, sesame.EventAccountsExported) || !slices.Contains(c.Kinds, sesame.EventPersonLocked) ||
		!slices.IsSortedFunc(c.Kinds, func(a, b sesame.EventKind) int {
			return strings.Compare(sesame.Fold(a.Label()), sesame.Fold(b.Label()))
		}) {
		t.Errorf("kinds = %v", c.Kinds)
	}
}

func TestHistoryCSV(t *testing.T) {
	h := newHistoryEnv(t)
	var buf bytes.Buffer
	n, err := h.env.Service.ExportHistory(ctx, h.actor, service.HistoryFilter{Account: "durand"}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	records := testenv.ReadCSV(t, buf.Bytes())
	if want := []string{"Date", "Auteur", "Adresse IP", "Opération", "Compte concerné", "Identifiant", "Détail"}; !slices.Equal(records[0], want) {
		t.Errorf("header = %q", records[0])
	}
	_, total := h.history(t, h.actor, service.HistoryFilter{Account: "durand"})
	if n != total || len(records) != total+1 {
		t.Fatalf("n = %d, %d records, want %d events", n, len(records)-1, total)
	}
	var update []string
	for _, r := range records[1:] {
		if r[3] == "Modification des coordonnées" {
			update = r
		}
	}
	want := []string{"20/03/2026 09:30", "Anne Gueriot", "127.0.0.1", "Modification des coordonnées", "Mme Paul Durand", h.durand.Person.Identifier,
		"Téléphone : 0557000000 → 0557112233 ; Service : " + hyperlink + " → Finances"}
	if !slices.Equal(update, want) {
		t.Errorf("update row =\n%q\nwant\n%q", update, want)
	}
	// Reading the history is not an operation of the history.
	if evs, _ := h.env.Store.Read().Events(ctx, store.EventFilter{}); len(evs) > 0 && strings.HasPrefix(string(evs[0].Kind), "history") {
		t.Errorf("the export was recorded: %+v", evs[0])
	}
}

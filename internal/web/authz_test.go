package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// TestConsoleRoutesAreTheAdministratorsOwn walks every console route as an
// anonymous visitor, a plain user of A, and A's and B's administrators. Only
// A's administrator reaches A's account; B's administrator gets 404 on it
// (never a hint that it exists) and changes nothing.
func TestConsoleRoutesAreTheAdministratorsOwn(t *testing.T) {
	tw := newTwoEmployers(t)
	bg := context.Background()
	anne := actorOf(t, tw.site, identifierOf(t, tw.site, "anne.gueriot@mairie.example"), "Vigne-Rouge-26!")
	x, err := tw.Service.CreateAccount(bg, anne, testenv.ValidPerson("Xavier", "Secret", "xavier.secret@mairie.example"), nil)
	if err != nil {
		t.Fatal(err)
	}
	id := itoa(x.Account.ID)
	secretID := x.Person.Identifier

	login := func(identifier, password string) *http.Client {
		c := browser(t)
		res := do(t, c, "POST", tw.URL+"/connexion", url.Values{"identifier": {identifier}, "password": {password}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("login %s: %d", identifier, res.status)
		}
		return c
	}
	celine := login(tw.identifier, celinePassword)
	do(t, celine, "POST", tw.URL+"/etablissement", url.Values{"establishment": {itoa(tw.estA.ID)}})
	herve := login(identifierOf(t, tw.site, "herve.durand@ch-libourne.example"), "Vigne-Rouge-26!")
	anonymous := browser(t)

	routes := []struct {
		method, path string
		form         url.Values
		perItem      bool // names A's account: B's administrator must get 404
	}{
		{"GET", "/etablissement/comptes", nil, false},
		{"GET", "/etablissement/comptes?q=secret", nil, false},
		{"POST", "/etablissement/comptes/confirmer", url.Values{"action": {"renouveler"}, "ids": {id}}, true},
		{"POST", "/etablissement/comptes/confirmer", url.Values{"action": {"supprimer"}, "ids": {id}}, true},
		{"POST", "/etablissement/comptes/renouveler", url.Values{"ids": {id}}, true},
		{"POST", "/etablissement/comptes/supprimer", url.Values{"ids": {id}}, true},
		{"POST", "/etablissement/comptes/" + id + "/renvoyer", url.Values{}, true},
		{"GET", "/etablissement/comptes/" + id, nil, true},
		{"POST", "/etablissement/comptes/" + id, url.Values{"profile": {"admin"}, "civility": {"M"}, "surname": {"Pirate"},
			"first_name": {"Xavier"}, "email": {"pirate@evil.example"}, "confirm_reuse": {"1"}}, true},
		{"GET", "/etablissement/comptes/" + id + "/identifiant", nil, true},
		{"GET", "/etablissement/comptes/" + id + "/identifiant/imprimer", nil, true},
		{"POST", "/etablissement/comptes/export", url.Values{"format": {"csv"}, "ids": {id}}, false},
		{"POST", "/etablissement/comptes/export", url.Values{"format": {"xlsx"}, "all": {"1"}}, false},
		{"GET", "/etablissement/historique", nil, false},
		{"GET", "/etablissement/historique/export", nil, false},
		{"GET", "/etablissement/comptes/nouveau", nil, false},
	}
	for _, r := range routes {
		name := r.method + " " + r.path
		if res := do(t, anonymous, r.method, tw.URL+r.path, r.form); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/connexion") {
			t.Errorf("%s anonymous: %d %q, want a redirect to the login page", name, res.status, res.location)
		}
		if res := do(t, celine, r.method, tw.URL+r.path, r.form); res.status != http.StatusNotFound {
			t.Errorf("%s as a plain user: %d, want 404", name, res.status)
		}
		res := do(t, herve, r.method, tw.URL+r.path, r.form)
		if r.perItem && res.status != http.StatusNotFound {
			t.Errorf("%s as B's administrator: %d, want 404", name, res.status)
		}
		if strings.Contains(res.raw, secretID) || strings.Contains(res.raw, "Secret") {
			t.Errorf("%s as B's administrator shows A's account", name)
		}
	}

	// Nothing of A's account changed, and B's administrator wrote nothing
	// into A's history.
	d, err := tw.Service.Account(bg, anne, x.Account.ID)
	if err != nil || d.Status != sesame.StatusPending || d.Person.Surname != "Secret" || d.Account.Profile != sesame.ProfileUser ||
		d.Account.ExpiresOn != x.Account.ExpiresOn || d.Person.Email != "xavier.secret@mairie.example" {
		t.Fatalf("A's account changed: %+v %+v %v", d.Account, d.Person, err)
	}
	events, err := tw.Store.Read().Events(bg, store.EventFilter{EstablishmentID: &tw.estA.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.ActorLabel == "Hervé Durand" {
			t.Errorf("B's administrator appears in A's history: %+v", e)
		}
	}
	if n := len(tw.SMTP.Messages()); n > 0 {
		for _, m := range tw.SMTP.Messages() {
			if m.To[0] == "xavier.secret@mairie.example" && m.Subject != "Vous pouvez créer votre mot de passe" {
				t.Errorf("a mail went to A's account holder: %q", m.Subject)
			}
		}
	}
	// A's own administrator reaches everything.
	annec := login(identifierOf(t, tw.site, "anne.gueriot@mairie.example"), "Vigne-Rouge-26!")
	for _, path := range []string{"/etablissement/comptes", "/etablissement/comptes/" + id, "/etablissement/comptes/" + id + "/identifiant", "/etablissement/historique"} {
		if res := do(t, annec, "GET", tw.URL+path, nil); res.status != http.StatusOK {
			t.Errorf("GET %s as A's administrator: %d", path, res.status)
		}
	}
}

func identifierOf(t *testing.T, s *site, email string) string {
	t.Helper()
	ps, err := s.Store.Read().PersonsByEmail(context.Background(), email)
	if err != nil || len(ps) != 1 {
		t.Fatalf("person %s: %v %v", email, ps, err)
	}
	return ps[0].Identifier
}

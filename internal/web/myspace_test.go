package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/testenv"
)

// TestSwitchingIsLimitedToOwnUsableAccounts: a person can work only where
// they have a usable account; nothing else is reachable by switching.
func TestSwitchingIsLimitedToOwnUsableAccounts(t *testing.T) {
	tw := newTwoEmployers(t)
	// A third establishment, where Céline has no account.
	inC := testenv.ValidEstablishment()
	inC.Name, inC.SIRET = "CONSEIL DÉPARTEMENTAL", "21330063500017"
	estC, _ := tw.Establishment(t, inC, testenv.ValidPerson("Jean", "Louty", "jean.louty@gironde.example"))
	c := browser(t)
	res := do(t, c, "POST", tw.URL+"/connexion", url.Values{"identifier": {tw.identifier}, "password": {celinePassword}})
	if res.status != http.StatusSeeOther || res.location != "/etablissement" {
		t.Fatalf("login of a two-employer person: %d %q", res.status, res.location)
	}
	if res := do(t, c, "GET", tw.URL+"/", nil); res.status != http.StatusSeeOther || res.location != "/etablissement" {
		t.Fatalf("the dashboard before choosing: %d %q", res.status, res.location)
	}
	if res := do(t, c, "POST", tw.URL+"/etablissement", url.Values{"establishment": {itoa(estC.ID)}}); res.status != http.StatusNotFound {
		t.Fatalf("switching to an establishment without an account: %d", res.status)
	}
	do(t, c, "POST", tw.URL+"/etablissement", url.Values{"establishment": {itoa(tw.estA.ID)}})
	if res := do(t, c, "GET", tw.URL+"/", nil); !strings.Contains(res.body, "COMMUNE DE SAINT-ÉMILION") {
		t.Fatalf("not working in A after choosing it: %d", res.status)
	}
	// A plain user has no console, in any establishment.
	if res := do(t, c, "GET", tw.URL+"/etablissement/comptes", nil); res.status != http.StatusNotFound {
		t.Fatalf("a user reaches the console: %d", res.status)
	}
	// Her account in A expires: her session moves to B, the only one left,
	// and A can no longer be chosen.
	expire(t, tw.site, tw.accountA)
	if res := do(t, c, "GET", tw.URL+"/", nil); res.status != http.StatusOK || !strings.Contains(res.body, "CENTRE HOSPITALIER DE LIBOURNE") {
		t.Fatalf("not moved to B after A's expiry: %d %q", res.status, res.location)
	}
	if res := do(t, c, "POST", tw.URL+"/etablissement", url.Values{"establishment": {itoa(tw.estA.ID)}}); res.status != http.StatusNotFound {
		t.Fatalf("switching to A after its expiry: %d", res.status)
	}
	if res := do(t, c, "POST", tw.URL+"/etablissement", url.Values{"establishment": {itoa(tw.estB.ID)}}); res.status != http.StatusSeeOther {
		t.Fatalf("switching to B: %d", res.status)
	}
}

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/testenv"
)

// TestAdministratorUnlocksAColleague: a locked colleague shows "Bloqué"
// with a "Débloquer" action; after it, they log in again.
func TestAdministratorUnlocksAColleague(t *testing.T) {
	s, adminID := consoleSite(t)
	user := testenv.ValidPerson("Céline", "Martin", "celine.martin@mairie.example")
	na, err := s.Service.CreateAccount(t.Context(), actorOf(t, s, adminID, "Vigne-Rouge-26!"), user, nil)
	if err != nil {
		t.Fatal(err)
	}
	activate(t, s, user.Email, 1, celinePassword)
	for range 5 {
		do(t, browser(t), "POST", s.URL+"/connexion", url.Values{"identifier": {na.Person.Identifier}, "password": {"Mauvais-Essai-1!"}})
	}
	admin := browser(t)
	do(t, admin, "POST", s.URL+"/connexion", url.Values{"identifier": {adminID}, "password": {"Vigne-Rouge-26!"}})
	list := do(t, admin, "GET", s.URL+"/etablissement/comptes?filtre=locked", nil)
	if !strings.Contains(list.body, "Bloqué") || !strings.Contains(list.body, "Débloquer le compte de Mme Céline Martin") {
		t.Fatalf("the locked colleague is not shown with its action:\n%s", list.body)
	}
	res := do(t, admin, "POST", s.URL+"/etablissement/comptes/"+itoa(na.Account.ID)+"/debloquer", url.Values{})
	if res.status != http.StatusOK || !strings.Contains(res.body, "est débloqué") {
		t.Fatalf("unlock: %d", res.status)
	}
	if res := do(t, browser(t), "POST", s.URL+"/connexion", url.Values{"identifier": {na.Person.Identifier}, "password": {celinePassword}}); res.status != http.StatusSeeOther {
		t.Fatalf("login after the unlock: %d", res.status)
	}
	if res := do(t, admin, "POST", s.URL+"/etablissement/comptes/"+itoa(na.Account.ID)+"/debloquer", url.Values{}); res.status != http.StatusConflict {
		t.Fatalf("unlocking an unlocked account: %d", res.status)
	}
}

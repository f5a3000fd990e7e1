package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// TestAdministratorDashboard: pending activations, accounts expiring within
// two months, and the 12-month expiry chart with its table.
func TestAdministratorDashboard(t *testing.T) {
	s, id := consoleSite(t, colleagues[:3]...)
	bg := context.Background()
	page, err := s.Service.ListAccounts(bg, actorOf(t, s, id, "Vigne-Rouge-26!"), store.AccountQuery{Search: "cel"})
	if err != nil || len(page.Page.Rows) != 3 {
		t.Fatalf("colleagues: %v %v", page, err)
	}
	// Today is 18/03/2026: accounts expire in April, May and August; the
	// first two are active, the third still awaits activation.
	dates := []sesame.Date{sesame.NewDate(2026, time.April, 30), sesame.NewDate(2026, time.May, 2), sesame.NewDate(2026, time.August, 14)}
	err = s.Store.InTx(bg, func(tx *store.Tx) error {
		for i, row := range page.Page.Rows {
			if err := tx.RenewAccount(bg, row.AccountID, dates[i]); err != nil {
				return err
			}
			if i < 2 {
				if err := tx.SetAccountStatus(bg, row.AccountID, sesame.StatusActive, s.Clock.Now()); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c := browser(t)
	do(t, c, "POST", s.URL+"/connexion", url.Values{"identifier": {id}, "password": {"Vigne-Rouge-26!"}})
	res := do(t, c, "GET", s.URL+"/", nil)
	for _, want := range []string{
		"Comptes en attente d'activation : 1",
		"Comptes qui expirent dans les 2 mois : 2",
		`<th scope="row" class="fw-normal">avril 2026</th><td>1</td>`,
		`<th scope="row" class="fw-normal">mai 2026</th><td>1</td>`,
		`<th scope="row" class="fw-normal">août 2026</th><td>1</td>`,
		`<th scope="row" class="fw-normal">février 2027</th><td>0</td>`,
		">août<",
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	// A plain user sees none of it.
	user := testenv.ValidPerson("Paul", "Durand", "paul.durand@mairie.example")
	if _, err := s.Service.CreateAccount(bg, actorOf(t, s, id, "Vigne-Rouge-26!"), user, nil); err != nil {
		t.Fatal(err)
	}
	activate(t, s, user.Email, 1, celinePassword)
	u := browser(t)
	do(t, u, "POST", s.URL+"/connexion", url.Values{"identifier": {identifierOf(t, s, user.Email)}, "password": {celinePassword}})
	if res := do(t, u, "GET", s.URL+"/", nil); strings.Contains(res.body, "Administration de l'établissement") || !strings.Contains(res.body, "Tableau de bord") {
		t.Error("a plain user sees the administration panel")
	}
}

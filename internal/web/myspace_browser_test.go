package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
	"github.com/sesame-platform/sesame/internal/web/browsertest"
)

// twoEmployers is a person, Céline Martin (password Colline-Bleue-7!), with
// an account in the commune (A) and one in the hospital (B), each with its
// own services; each establishment has its own active administrator, and B
// also a pending one (not a contact yet).
type twoEmployers struct {
	*site
	identifier string
	estA, estB *sesame.Establishment
	accountA   int64
}

const celinePassword = "Colline-Bleue-7!"

func newTwoEmployers(t *testing.T) *twoEmployers {
	t.Helper()
	ctx := context.Background()
	s := newSite(t, false)
	tw := &twoEmployers{site: s}
	adminA := testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example")
	var na *service.NewAccount
	tw.estA, na = s.Establishment(t, testenv.ValidEstablishment(), adminA)
	activate(t, s, adminA.Email, 1, "Vigne-Rouge-26!")
	inB := testenv.ValidEstablishment()
	inB.Name, inB.SIRET = "CENTRE HOSPITALIER DE LIBOURNE", "26330036300003"
	adminB := testenv.ValidPerson("Hervé", "Durand", "herve.durand@ch-libourne.example")
	tw.estB, _ = s.Establishment(t, inB, adminB)
	activate(t, s, adminB.Email, 1, "Vigne-Rouge-26!")
	pendingB := testenv.ValidPerson("Paul", "Lenoir", "paul.lenoir@ch-libourne.example")
	if _, err := s.Service.CreateFirstAdministrator(ctx, testenv.Operator, tw.estB.ID, pendingB); err != nil {
		t.Fatal(err)
	}

	actorA := actorOf(t, s, na.Person.Identifier, "Vigne-Rouge-26!")
	cat, err := s.Service.Catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	celine := testenv.ValidPerson("Céline", "Martin", "celine.martin@mairie.example")
	nc, err := s.Service.CreateAccount(ctx, actorA, celine, []sesame.Right{{ServiceID: cat.Services[0].ID, Level: sesame.LevelWrite}})
	if err != nil {
		t.Fatal(err)
	}
	activate(t, s, celine.Email, 1, celinePassword)
	tw.identifier, tw.accountA = nc.Person.Identifier, nc.Account.ID
	// Her account at the hospital, under the same identifier.
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		a := &sesame.Account{EstablishmentID: tw.estB.ID, PersonID: nc.Person.ID, Profile: sesame.ProfileUser, Status: sesame.StatusActive,
			ExpiresOn: sesame.Today(s.Clock).AddMonthsClamped(18), CreatedAt: s.Clock.Now()}
		if err := tx.CreateAccount(ctx, a, nc.Person); err != nil {
			return err
		}
		last := cat.Services[len(cat.Services)-1]
		return tx.SetRights(ctx, a.ID, []sesame.Right{{ServiceID: last.ID, Level: sesame.LevelRead}})
	})
	if err != nil {
		t.Fatal(err)
	}
	return tw
}

func activate(t *testing.T, s *site, email string, n int, password string) {
	t.Helper()
	link := s.LastLink(t, email, n)
	if _, err := s.Service.Activate(context.Background(), link[strings.LastIndex(link, "/")+1:], password, password, ""); err != nil {
		t.Fatal(err)
	}
}

func actorOf(t *testing.T, s *site, identifier, password string) sesame.Actor {
	t.Helper()
	res, err := s.Service.Login(context.Background(), identifier, password, "", "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := s.Service.Authenticate(context.Background(), res.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return sess.Actor("")
}

func TestTwoEmployersOneLoginSwitchAndExpiry(t *testing.T) {
	tw := newTwoEmployers(t)
	ctx := browsertest.New(t)
	loginAs(t, ctx, tw.site, tw.identifier, celinePassword, "Choisir un établissement")
	browsertest.Axe(t, ctx)
	browsertest.Click(t, ctx, `button[value="`+itoa(tw.estA.ID)+`"]`)
	browsertest.WaitText(t, ctx, "h1", "Tableau de bord")
	page := browsertest.PageText(t, ctx)
	if !strings.Contains(page, "COMMUNE DE SAINT-ÉMILION") || !strings.Contains(page, "Affiliation CNRACL") || strings.Contains(page, "Gestion des cotisations individuelles") {
		t.Fatalf("dashboard in the commune:\n%s", page)
	}
	browsertest.Axe(t, ctx)

	// Switch without logging in again.
	browsertest.Click(t, ctx, "#user-menu")
	browsertest.Click(t, ctx, `a[href="/etablissement"]`)
	browsertest.WaitText(t, ctx, "h1", "Choisir un établissement")
	browsertest.Click(t, ctx, `button[value="`+itoa(tw.estB.ID)+`"]`)
	browsertest.WaitText(t, ctx, "#user-menu", "CENTRE HOSPITALIER DE LIBOURNE")
	page = browsertest.PageText(t, ctx)
	if !strings.Contains(page, "Gestion des cotisations individuelles") || strings.Contains(page, "Affiliation CNRACL") {
		t.Fatalf("dashboard at the hospital:\n%s", page)
	}

	// Her commune account expires: the hospital still lets her in, directly.
	expire(t, tw.site, tw.accountA)
	browsertest.Navigate(t, ctx, tw.URL+"/")
	browsertest.WaitText(t, ctx, "#user-menu", "CENTRE HOSPITALIER DE LIBOURNE")
	ctx2 := browsertest.New(t)
	loginAs(t, ctx2, tw.site, tw.identifier, celinePassword, "Tableau de bord")
	browsertest.WaitText(t, ctx2, "#user-menu", "CENTRE HOSPITALIER DE LIBOURNE")
}

func expire(t *testing.T, s *site, accountID int64) {
	t.Helper()
	err := s.Store.InTx(context.Background(), func(tx *store.Tx) error {
		return tx.RenewAccount(context.Background(), accountID, sesame.Today(s.Clock).AddDays(-1))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMyAccountContactsAndEmailChange(t *testing.T) {
	tw := newTwoEmployers(t)
	ctx := browsertest.New(t)
	loginAs(t, ctx, tw.site, tw.identifier, celinePassword, "Choisir un établissement")
	browsertest.Click(t, ctx, `button[value="`+itoa(tw.estA.ID)+`"]`)
	browsertest.WaitText(t, ctx, "h1", "Tableau de bord")
	browsertest.Click(t, ctx, "#user-menu")
	browsertest.Click(t, ctx, `a[href="/mon-compte"]`)
	browsertest.WaitText(t, ctx, "h1", "Mon compte")
	browsertest.Axe(t, ctx)

	// Mes intervenants: exactly the active administrators of each.
	all := browsertest.Text(t, ctx, "main")
	for _, want := range []string{"Anne Gueriot", "anne.gueriot@mairie.example", "Hervé Durand", "herve.durand@ch-libourne.example"} {
		if !strings.Contains(all, want) {
			t.Errorf("Mes intervenants lacks %q", want)
		}
	}
	if strings.Contains(all, "Paul Lenoir") {
		t.Error("a pending administrator is listed as a contact")
	}

	// E-mail change: nothing changes until the new address confirms.
	browsertest.Fill(t, ctx, "#f-email", "celine.martin@nouvelle-adresse.example")
	browsertest.Fill(t, ctx, "#f-email_confirm", "celine.martin@nouvelle-adresse.example")
	browsertest.Click(t, ctx, `form[action="/mon-compte/courriel"] button`)
	browsertest.WaitText(t, ctx, "#confirmation", "Un courriel de confirmation a été envoyé")
	if got := browsertest.Text(t, ctx, "#mon-courriel"); got != "celine.martin@mairie.example" {
		t.Fatalf("the address changed before confirmation: %q", got)
	}
	link := tw.LastLink(t, "celine.martin@nouvelle-adresse.example", 1)
	browsertest.Navigate(t, ctx, link)
	browsertest.WaitText(t, ctx, "h1", "Confirmer votre nouvelle adresse")
	browsertest.Click(t, ctx, "main button[type=submit]")
	browsertest.WaitText(t, ctx, "h1", "Votre adresse électronique est modifiée")
	notices := tw.SMTP.WaitFor(t, "celine.martin@mairie.example", 2, 10*time.Second)
	if !strings.Contains(notices[1].Text, "celine.martin@nouvelle-adresse.example") {
		t.Errorf("the old address was not told:\n%s", notices[1].Text)
	}
	browsertest.Navigate(t, ctx, tw.URL+"/mon-compte")
	browsertest.WaitText(t, ctx, "#mon-courriel", "celine.martin@nouvelle-adresse.example")
}

func TestHelpPageIsAccessible(t *testing.T) {
	s := newSite(t, false)
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, s.URL+"/connexion")
	browsertest.Click(t, ctx, `main a[href="/aide"]`)
	browsertest.WaitText(t, ctx, "h1", "Aide à la connexion")
	browsertest.Axe(t, ctx)
}

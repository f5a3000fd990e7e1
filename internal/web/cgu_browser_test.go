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

func loginAs(t *testing.T, ctx context.Context, s *site, id, password, wantH1 string) {
	t.Helper()
	browsertest.Navigate(t, ctx, s.URL+"/connexion")
	browsertest.Fill(t, ctx, "#f-identifier", id)
	browsertest.Fill(t, ctx, "#f-password", password)
	browsertest.Click(t, ctx, "main button[type=submit]")
	browsertest.WaitText(t, ctx, "h1", wantH1)
}

// TestCGUJourneys is F-60 end to end: the administrator is sent to accept,
// a user sees the banner with the deadline, is held after it, and is
// released once an administrator accepts.
func TestCGUJourneys(t *testing.T) {
	s, adminID := consoleSite(t)
	bg := context.Background()
	actor := actorOf(t, s, adminID, "Vigne-Rouge-26!")
	user := testenv.ValidPerson("Céline", "Martin", "celine.martin@mairie.example")
	nu, err := s.Service.CreateAccount(bg, actor, user, nil)
	if err != nil {
		t.Fatal(err)
	}
	activate(t, s, user.Email, 1, celinePassword)
	deadline := sesame.Today(s.Clock).AddDays(10)
	if _, err := s.Service.PublishCGU(bg, testenv.Operator, service.CGUInput{Title: "Conditions générales d'utilisation — version 2026",
		Body: "Article 1 — Objet.\nLa plateforme Sésame…", Deadline: deadline.French()}); err != nil {
		t.Fatal(err)
	}

	// A user, before the deadline: the banner with the date.
	userCtx := browsertest.New(t)
	loginAs(t, userCtx, s, nu.Person.Identifier, celinePassword, "Tableau de bord")
	browsertest.WaitText(t, userCtx, "#banniere-cgu", "Pour garantir l'accès à la plateforme, un de vos administrateurs doit valider les conditions générales d'utilisation avant le "+deadline.French()+".")

	// After the deadline the user is held, and told why.
	s.Clock.Advance(10 * 24 * time.Hour)
	loginAs(t, userCtx, s, nu.Person.Identifier, celinePassword, "Conditions générales d'utilisation")
	browsertest.WaitText(t, userCtx, "#cgu-attente", "L'accès à la plateforme est suspendu")
	browsertest.Axe(t, userCtx)

	// The administrator is sent to accept at login; unchecked, refused.
	adminCtx := browsertest.New(t)
	loginAs(t, adminCtx, s, adminID, "Vigne-Rouge-26!", "Conditions générales d'utilisation")
	browsertest.Axe(t, adminCtx)
	browsertest.Navigate(t, adminCtx, s.URL+"/etablissement/comptes")
	browsertest.WaitText(t, adminCtx, "h1", "Conditions générales d'utilisation")
	browsertest.Click(t, adminCtx, "main button[type=submit]")
	browsertest.WaitText(t, adminCtx, "#f-agree-error", "Cochez la case")
	browsertest.Click(t, adminCtx, "#f-agree")
	browsertest.Click(t, adminCtx, "main button[type=submit]")
	browsertest.WaitText(t, adminCtx, "h1", "Tableau de bord")

	// The user is released; the history keeps who accepted which version.
	browsertest.Navigate(t, userCtx, s.URL+"/")
	browsertest.WaitText(t, userCtx, "h1", "Tableau de bord")
	if strings.Contains(browsertest.PageText(t, userCtx), "conditions générales d'utilisation avant") {
		t.Error("the banner is still shown after acceptance")
	}
	events, err := s.Store.Read().Events(bg, store.EventFilter{Kind: sesame.EventCGUAccepted})
	if err != nil || len(events) != 1 || events[0].ActorLabel != "Anne Gueriot" || events[0].Detail["version"] != "Conditions générales d'utilisation — version 2026" {
		t.Fatalf("acceptance history: %+v %v", events, err)
	}
}

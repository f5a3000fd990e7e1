package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/testenv"
	"github.com/sesame-platform/sesame/internal/web"
	"github.com/sesame-platform/sesame/internal/web/browsertest"
)

// journeySite is a running Sésame whose operator commands run in-process
// against the same database, as an operator's shell would on the server.
type journeySite struct {
	*testenv.Env
	URL string
}

func newJourneySite(t *testing.T) *journeySite {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	env := testenv.New(t, srv.URL)
	var err error
	if h, err = web.New(web.Config{Service: env.Service, Health: env.Store, Dev: true}); err != nil {
		t.Fatal(err)
	}
	return &journeySite{Env: env, URL: srv.URL}
}

// sesame runs the command line against the site's database.
func (s *journeySite) sesame(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		switch k {
		case "SESAME_DB":
			return s.Env.URL
		case "SESAME_BASE_URL":
			return s.URL
		case "SESAME_OPERATOR":
			return "test"
		}
		return ""
	}
	if err := run(context.Background(), args, getenv, &out, &errOut); err != nil {
		t.Fatalf("sesame %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

var identifierLine = regexp.MustCompile(`Identifiant : ([A-Z]{3}[0-9]{6})`)

func (s *journeySite) createEstablishmentAndAdmin(t *testing.T, first, surname, email string) string {
	t.Helper()
	if _, err := s.Store.Read().EstablishmentBySIRET(context.Background(), "21330394500017"); err != nil {
		s.sesame(t, "establishment", "create", "--name", "COMMUNE DE SAINT-ÉMILION", "--siret", "213 303 945 00017",
			"--street", "Place Pioceau", "--postcode", "33330", "--city", "Saint-Émilion",
			"--rep-civility", "Mme", "--rep-surname", "Dubois", "--rep-first-name", "Claire", "--rep-title", "Maire")
	}
	out := s.sesame(t, "admin", "create", "--establishment", "21330394500017", "--civility", "Mme",
		"--surname", surname, "--first-name", first, "--email", email)
	m := identifierLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no identifier printed:\n%s", out)
	}
	return m[1]
}

func TestJourneyFirstAdministratorActivatesAndLogsIn(t *testing.T) {
	s := newJourneySite(t)
	// The operator's commands run with the real clock; the server's clock
	// starts at the same instant so the link's 15 days are counted alike.
	s.Clock.Set(time.Now())
	identifier := s.createEstablishmentAndAdmin(t, "Anne", "Gueriot", "anne.gueriot@mairie.example")

	mails := s.SMTP.WaitFor(t, "anne.gueriot@mairie.example", 1, 15*time.Second)
	if mails[0].Subject != "Vous pouvez créer votre mot de passe" || !strings.Contains(mails[0].Text, "COMMUNE DE SAINT-ÉMILION") {
		t.Fatalf("activation mail: %q\n%s", mails[0].Subject, mails[0].Text)
	}
	link := s.ActivationLink(t, "anne.gueriot@mairie.example")

	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, link)
	browsertest.WaitText(t, ctx, "h1", "Créer votre mot de passe")
	browsertest.WaitText(t, ctx, "main", identifier)
	browsertest.Axe(t, ctx)

	// The checklist follows the typing, rule by rule.
	browsertest.Fill(t, ctx, "#f-password", "vigne")
	browsertest.WaitText(t, ctx, "#password-rules", "8 caractères")
	browsertest.Fill(t, ctx, "#f-password", "Vigne-Rouge-26!")
	browsertest.WaitText(t, ctx, "#password-rules", "Votre mot de passe respecte toutes les règles de sécurité.")

	// Each weak password is refused by the server, naming the rule it breaks.
	for _, weak := range []struct{ password, rule string }{
		{"Vr-26!", "8 caractères"},
		{"Vigne-Rouge-x!", "1 chiffre"},
		{"vigne-rouge-26!", "1 majuscule"},
		{"VIGNE-ROUGE-26!", "1 minuscule"},
		{"VigneRouge2026", "1 caractère spécial"},
	} {
		browsertest.Fill(t, ctx, "#f-password", weak.password)
		browsertest.Fill(t, ctx, "#f-confirm", weak.password)
		browsertest.Click(t, ctx, "main button[type=submit]")
		browsertest.WaitText(t, ctx, "#f-password-error", weak.rule)
		browsertest.WaitLocation(t, ctx, "/activation/") // the page has finished loading
	}
	browsertest.Fill(t, ctx, "#f-password", "Vigne-Rouge-26!")
	browsertest.Fill(t, ctx, "#f-confirm", "Vigne-Rouge-26!")
	browsertest.Click(t, ctx, "main button[type=submit]")
	browsertest.WaitText(t, ctx, "h1", "Votre mot de passe a bien été créé.")
	browsertest.Click(t, ctx, "main a.btn")

	browsertest.WaitText(t, ctx, "h1", "Accéder à la plateforme")
	browsertest.Axe(t, ctx)
	browsertest.Fill(t, ctx, "#f-identifier", strings.ToLower(identifier))
	browsertest.Fill(t, ctx, "#f-password", "Vigne-Rouge-26!")
	browsertest.Click(t, ctx, "main button[type=submit]")
	browsertest.WaitText(t, ctx, "h1", "Tableau de bord")
	page := browsertest.PageText(t, ctx)
	for _, want := range []string{"Anne Gueriot", "COMMUNE DE SAINT-ÉMILION", "Affiliation CNRACL", "Modification", "Cotisations"} {
		if !strings.Contains(page, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	browsertest.Axe(t, ctx)

	// The link works once.
	browsertest.Navigate(t, ctx, link)
	browsertest.WaitText(t, ctx, "main", "déjà été utilisé")
}

func TestJourneyActivationLinkExpiresAfterFifteenDays(t *testing.T) {
	s := newJourneySite(t)
	s.Clock.Set(time.Now())
	s.createEstablishmentAndAdmin(t, "Anne", "Gueriot", "anne.gueriot@mairie.example")
	first := s.ActivationLink(t, "anne.gueriot@mairie.example")
	if _, err := s.Service.Activate(context.Background(), first[strings.LastIndex(first, "/")+1:], "Vigne-Rouge-26!", "Vigne-Rouge-26!", ""); err != nil {
		t.Fatal(err)
	}
	s.createEstablishmentAndAdmin(t, "Jean", "Louty", "jean.louty@mairie.example")
	link := s.ActivationLink(t, "jean.louty@mairie.example")

	ctx := browsertest.New(t)
	s.Clock.Advance(15*24*time.Hour + time.Minute)
	browsertest.Navigate(t, ctx, link)
	browsertest.WaitText(t, ctx, "main", "Ce lien a expiré")
	browsertest.WaitText(t, ctx, "main", "Madame Gueriot")
	browsertest.Axe(t, ctx)
}

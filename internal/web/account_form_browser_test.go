package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
	"github.com/sesame-platform/sesame/internal/web/browsertest"
)

// afBrowserLogin logs the browser in as identifier (password afPassword).
func afBrowserLogin(t *testing.T, ctx context.Context, s *site, identifier string) {
	t.Helper()
	browsertest.Navigate(t, ctx, s.URL+"/connexion")
	browsertest.Fill(t, ctx, "#f-identifier", identifier)
	browsertest.Fill(t, ctx, "#f-password", afPassword)
	browsertest.Click(t, ctx, "main button[type=submit]")
	browsertest.WaitText(t, ctx, "h1", "Tableau de bord")
}

// afEval evaluates a JavaScript expression in the page.
func afEval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func TestAccountWizardInTheBrowser(t *testing.T) {
	s := newSite(t, false)
	_, na, _ := afAdmin(t, s, testenv.ValidEstablishment(), testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example"))
	ctx := browsertest.New(t)
	afBrowserLogin(t, ctx, s, na.Person.Identifier)
	browsertest.Navigate(t, ctx, s.URL+"/etablissement/comptes")
	browsertest.Click(t, ctx, `main a[href="/etablissement/comptes/nouveau"]`)
	browsertest.WaitText(t, ctx, "main h2", "Renseigner les coordonnées")
	browsertest.Axe(t, ctx)

	// Step 1, with a mistyped confirmation: the message is next to its field
	// and what was typed is still there.
	browsertest.Click(t, ctx, "#f-profile-user")
	browsertest.Click(t, ctx, "#f-civility-M")
	browsertest.Fill(t, ctx, "#f-surname", "Louty")
	browsertest.Fill(t, ctx, "#f-first_name", "Jean")
	browsertest.Fill(t, ctx, "#f-email", "jean.louty@mairie.example")
	browsertest.Fill(t, ctx, "#f-email_confirm", "jean.loutu@mairie.example")
	browsertest.Fill(t, ctx, "#f-department", "DMN")
	browsertest.Click(t, ctx, `button[value="suivant"]`)
	browsertest.WaitText(t, ctx, "#f-email_confirm-error", "Les deux adresses électroniques ne sont pas identiques.")
	if got := afEval[string](t, ctx, `document.activeElement.id`); got != "f-email_confirm" {
		t.Errorf("focus on %q, want the field in error", got)
	}
	if got := afEval[string](t, ctx, `document.querySelector("#f-surname").value + "|" + document.querySelector("#f-civility-M").checked`); got != "Louty|true" {
		t.Errorf("values after the error: %q", got)
	}
	browsertest.Axe(t, ctx)
	browsertest.Fill(t, ctx, "#f-email_confirm", "jean.louty@mairie.example")
	browsertest.Click(t, ctx, `button[value="suivant"]`)

	// Step 2: the rights table, folding a domain, choosing levels.
	browsertest.WaitText(t, ctx, "main h2", "Attribuer les droits de M. Jean Louty")
	browsertest.Axe(t, ctx)
	toggle := `button[data-toggle-rights]`
	browsertest.Click(t, ctx, toggle)
	browsertest.WaitText(t, ctx, toggle, "Afficher détail")
	if got := afEval[string](t, ctx, `document.querySelector("[data-toggle-rights]").getAttribute("aria-expanded") + "|" +
		document.getElementById(document.querySelector("[data-toggle-rights]").getAttribute("aria-controls")).hidden`); got != "false|true" {
		t.Errorf("folded domain: %q", got)
	}
	browsertest.Click(t, ctx, toggle)
	browsertest.WaitText(t, ctx, toggle, "Masquer détail")
	browsertest.Click(t, ctx, `input[name="droit-affiliation-cnracl"][value="write"]`)
	browsertest.Click(t, ctx, `input[name="droit-cotisations-individuelles"][value="read"]`)

	// Précédent keeps everything, both ways.
	browsertest.Click(t, ctx, `button[value="precedent"]`)
	browsertest.WaitText(t, ctx, "main h2", "Renseigner les coordonnées")
	if got := afEval[string](t, ctx, `["#f-surname", "#f-first_name", "#f-email", "#f-email_confirm", "#f-department"].map(s => document.querySelector(s).value).join("|")`); got != "Louty|Jean|jean.louty@mairie.example|jean.louty@mairie.example|DMN" {
		t.Errorf("values back at step 1: %q", got)
	}
	browsertest.Click(t, ctx, `button[value="suivant"]`)
	browsertest.WaitText(t, ctx, "main h2", "Attribuer les droits")
	if !afEval[bool](t, ctx, `document.querySelector('input[name="droit-affiliation-cnracl"][value="write"]').checked`) {
		t.Errorf("the right chosen before going back is lost")
	}

	// Créer → step 3.
	browsertest.Click(t, ctx, `button[value="creer"]`)
	browsertest.WaitLocation(t, ctx, "/identifiant")
	browsertest.WaitText(t, ctx, "main", "Identifiant de : M. Jean Louty")
	page := browsertest.PageText(t, ctx)
	for _, want := range []string{"Etape 3", "En attente d'activation", "J comme Joseph, L comme Louis, O comme Oscar, zéro", "Version sonore", "Imprimer l'identifiant"} {
		if !strings.Contains(page, want) {
			t.Errorf("step 3 lacks %q", want)
		}
	}
	identifier := browsertest.Text(t, ctx, ".identifier-big")
	if !strings.HasPrefix(identifier, "JLO") || len(identifier) != 9 {
		t.Errorf("identifier shown: %q", identifier)
	}
	if got := afEval[string](t, ctx, `getComputedStyle(document.querySelector(".identifier-big")).fontFamily`); !strings.Contains(strings.ToLower(got), "mono") {
		t.Errorf("the identifier is not monospace: %s", got)
	}
	browsertest.Click(t, ctx, "[data-speak]") // speaks, or does nothing without voices; never an error
	time.Sleep(300 * time.Millisecond)        // let the hovered button's colour transition end, or axe judges a half-way colour
	browsertest.Axe(t, ctx)

	// The printable page.
	browsertest.Click(t, ctx, `a[href$="/identifiant/imprimer"]`)
	browsertest.WaitLocation(t, ctx, "/imprimer")
	browsertest.WaitText(t, ctx, ".print-sheet", identifier)
	browsertest.WaitText(t, ctx, ".print-sheet", "COMMUNE DE SAINT-ÉMILION")
	browsertest.Axe(t, ctx)

	// The list shows the pending account; the activation mail went out.
	browsertest.Navigate(t, ctx, s.URL+"/etablissement/comptes")
	browsertest.WaitText(t, ctx, "#resultats", identifier)
	row := afEval[string](t, ctx, `Array.from(document.querySelectorAll("table.accounts tbody tr")).map(r => r.innerText).find(t => t.includes("Louty")) || ""`)
	if !strings.Contains(row, "En attente d'activation") || !strings.Contains(row, "Utilisateur") {
		t.Errorf("the new account's row: %q", row)
	}
	mails := s.SMTP.WaitFor(t, "jean.louty@mairie.example", 1, 10*time.Second)
	if mails[0].Subject != mail.SubjectActivation || !strings.Contains(mails[0].Text, "Madame Gueriot") {
		t.Errorf("activation mail: %q\n%s", mails[0].Subject, mails[0].Text)
	}
}

func TestModifyAccountInTheBrowser(t *testing.T) {
	s := newSite(t, false)
	est, na, _ := afAdmin(t, s, testenv.ValidEstablishment(), testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example"))
	bg := context.Background()
	write, read := afServiceID(t, s, "affiliation-cnracl"), afServiceID(t, s, "cotisations-individuelles")
	celine, err := s.Service.CreateAccount(bg, afActor(est, na), testenv.ValidPerson("Céline", "Martin", "celine.martin@mairie.example"),
		[]sesame.Right{{ServiceID: write, Level: sesame.LevelWrite}, {ServiceID: read, Level: sesame.LevelRead}})
	if err != nil {
		t.Fatal(err)
	}
	afActivate(t, s, "celine.martin@mairie.example", 1)
	dashboard := func() string {
		res, err := s.Service.Login(bg, celine.Person.Identifier, afPassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		sess, err := s.Service.Authenticate(bg, res.Secret)
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Service.Dashboard(bg, sess)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, dom := range d.Domains {
			for _, svc := range dom.Services {
				names = append(names, svc.Name+"="+string(svc.Level))
			}
		}
		return strings.Join(names, ",")
	}
	if got := dashboard(); got != "Affiliation CNRACL=write,Gestion des cotisations individuelles=read" {
		t.Fatalf("dashboard before: %s", got)
	}

	ctx := browsertest.New(t)
	afBrowserLogin(t, ctx, s, na.Person.Identifier)
	browsertest.Navigate(t, ctx, s.URL+"/etablissement/comptes")
	browsertest.Click(t, ctx, `a[href="/etablissement/comptes/`+strconv.FormatInt(celine.Account.ID, 10)+`"]`)
	browsertest.WaitText(t, ctx, "h1", "Modifier le compte de Mme Céline Martin")
	browsertest.WaitText(t, ctx, "main", "Ses droits")
	browsertest.WaitText(t, ctx, "main", "Ses coordonnées")
	browsertest.WaitText(t, ctx, "main", "Le représentant légal sera informé par courrier. Le nouveau profil sera pris en compte à la prochaine connexion.")
	browsertest.Axe(t, ctx)

	// Withdraw one right and promote, in one go.
	browsertest.Click(t, ctx, `input[name="droit-affiliation-cnracl"][value="none"]`)
	browsertest.Click(t, ctx, "#f-profile-admin")
	browsertest.Click(t, ctx, `main form.account-form button[type=submit]`)
	browsertest.WaitText(t, ctx, "#modifications", "Affiliation CNRACL : Modification → Aucun accès")
	browsertest.WaitText(t, ctx, "#modifications", "Profil : Utilisateur → Administrateur")
	browsertest.WaitText(t, ctx, "main", "Profil du compte : Administrateur")
	if afEval[bool](t, ctx, `!!document.querySelector("#f-profile-user")`) {
		t.Errorf("an administrator's page still offers Utilisateur")
	}
	browsertest.Axe(t, ctx)

	if got := dashboard(); got != "Gestion des cotisations individuelles=read" {
		t.Errorf("dashboard after the withdrawal: %s", got)
	}
	events, err := s.Store.Read().Events(bg, store.EventFilter{EstablishmentID: &est.ID, Kind: sesame.EventAccountPromoted})
	if err != nil || len(events) != 1 || *events[0].AccountID != celine.Account.ID {
		t.Errorf("promotion history: %+v %v", events, err)
	}
	if d, err := s.Service.Account(bg, afActor(est, na), celine.Account.ID); err != nil || d.Account.Profile != sesame.ProfileAdmin {
		t.Errorf("profile after promotion: %+v %v", d, err)
	}
}

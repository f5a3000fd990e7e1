package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// afPassword is the password of every person these tests activate.
const afPassword = "Vigne-Rouge-26!"

// afOtherEstablishment is a second, valid establishment.
func afOtherEstablishment() service.EstablishmentInput {
	in := testenv.ValidEstablishment()
	in.Name, in.SIRET, in.City = "CCAS DE LIBOURNE", "21330243000011", "Libourne"
	return in
}

// afActivate sets the password of a new person through their activation
// link, the n-th mail sent to their address.
func afActivate(t *testing.T, s *site, email string, n int) {
	t.Helper()
	link := s.LastLink(t, email, n)
	res := do(t, browser(t), "POST", link, url.Values{"password": {afPassword}, "confirm": {afPassword}})
	if res.status != 200 || !afHas(res, "Votre mot de passe a bien été créé.") {
		t.Fatalf("activation of %s: %d\n%s", email, res.status, res.body)
	}
}

// afLogin returns a browser logged in as identifier.
func afLogin(t *testing.T, s *site, identifier string) *http.Client {
	t.Helper()
	c := browser(t)
	res := do(t, c, "POST", s.URL+"/connexion", url.Values{"identifier": {identifier}, "password": {afPassword}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("login %s: %d\n%s", identifier, res.status, res.body)
	}
	if res.location == "/etablissement" {
		t.Fatalf("login %s: several establishments, choose one first", identifier)
	}
	return c
}

// afAdmin creates an establishment with an active administrator, logged in.
func afAdmin(t *testing.T, s *site, in service.EstablishmentInput, admin service.PersonInput) (*sesame.Establishment, *service.NewAccount, *http.Client) {
	t.Helper()
	est, na := s.Establishment(t, in, admin)
	afActivate(t, s, admin.Email, 1)
	return est, na, afLogin(t, s, na.Person.Identifier)
}

// afActor acts as the administrator na of est, for set-ups through the service.
func afActor(est *sesame.Establishment, na *service.NewAccount) sesame.Actor {
	return sesame.Actor{PersonID: na.Person.ID, AccountID: na.Account.ID, EstablishmentID: est.ID, Label: na.Person.FullName()}
}

// afStep1 is a valid first step of the wizard.
func afStep1(first, surname, email string) url.Values {
	return url.Values{"profile": {"user"}, "civility": {"M"}, "surname": {surname}, "first_name": {first},
		"email": {email}, "email_confirm": {email}, "phone": {"05 56 11 41 23"}, "department": {"DMN"}, "action": {"suivant"}}
}

func afWith(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string{}, vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// afFieldError returns the message shown next to a field, or "".
func afFieldError(res response, field string) string {
	m := regexp.MustCompile(`id="f-` + regexp.QuoteMeta(field) + `-error">([^<]*)<`).FindStringSubmatch(res.raw)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// afHas reports whether the page holds want, in its markup or in its text.
func afHas(res response, want string) bool {
	return strings.Contains(res.body, want) || strings.Contains(afText(res), want)
}

// afText is the page's text as read: tags removed, spaces collapsed.
func afText(res response) string {
	text := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(res.raw, " "))
	return strings.Join(strings.Fields(text), " ")
}

// afHidden returns the hidden fields of a page, for posting the next step
// as the browser would.
func afHidden(raw string) url.Values {
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(raw, -1) {
		v.Add(m[1], html.UnescapeString(m[2]))
	}
	return v
}

func TestAccountWizardRefusesBadInputNextToEachField(t *testing.T) {
	s := newSite(t, false)
	_, _, c := afAdmin(t, s, testenv.ValidEstablishment(), testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example"))
	valid := afStep1("Jean", "Louty", "jean.louty@mairie.example")
	long := strings.Repeat("a", 10<<10)
	script := "<script>alert(1)</script>"
	for _, tc := range []struct {
		name   string
		form   url.Values
		errors map[string]string // field → part of its message
	}{
		{"empty", url.Values{"action": {"suivant"}}, map[string]string{
			"profile": "Choisissez le profil du compte.", "civility": "Choisissez la civilité.",
			"surname": "Ce champ est obligatoire.", "first_name": "Ce champ est obligatoire.", "email": "Ce champ est obligatoire."}},
		{"10 KB name", afWith(valid, "surname", long), map[string]string{"surname": "100 caractères au maximum."}},
		{"10 KB department", afWith(valid, "department", long), map[string]string{"department": "200 caractères au maximum."}},
		{"malformed e-mail", afWith(valid, "email", "jean.louty@", "email_confirm", "jean.louty@"), map[string]string{"email": "adresse électronique valide"}},
		{"mismatched confirmation", afWith(valid, "email_confirm", "jean.loutu@mairie.example"), map[string]string{"email_confirm": "ne sont pas identiques"}},
		{"script in the name", afWith(valid, "first_name", script), map[string]string{"first_name": "Seuls les lettres"}},
		{"script in the department", afWith(valid, "department", script), map[string]string{"department": "ne sont pas acceptés"}},
		{"script as e-mail", afWith(valid, "email", script, "email_confirm", script), map[string]string{"email": "adresse électronique valide"}},
		{"bad phone", afWith(valid, "phone", "12"), map[string]string{"phone": "10 chiffres"}},
		{"forged profile", afWith(valid, "profile", "root"), map[string]string{"profile": "Choisissez le profil"}},
		{"bad input at Créer", afWith(valid, "surname", script, "action", "creer"), map[string]string{"surname": "Seuls les lettres"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := counts(t, s.Env)
			res := do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", tc.form)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.status)
			}
			for field, want := range tc.errors {
				if got := afFieldError(res, field); !strings.Contains(got, want) {
					t.Errorf("next to %s: %q, want %q", field, got, want)
				}
			}
			if !afHas(res, "Le formulaire contient des erreurs.") || !afHas(res, "Etape 1") {
				t.Errorf("not step 1 with the form's message")
			}
			if strings.Contains(res.raw, script) {
				t.Errorf("input echoed unescaped")
			}
			if after := counts(t, s.Env); after != before {
				t.Errorf("refused input changed the store: before %+v, after %+v", before, after)
			}
		})
	}
}

func TestAccountWizardCreatesThroughThreeSteps(t *testing.T) {
	s := newSite(t, false)
	_, _, c := afAdmin(t, s, testenv.ValidEstablishment(), testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example"))
	page := do(t, c, "GET", s.URL+"/etablissement/comptes/nouveau", nil)
	for _, want := range []string{"Créer un compte", "Etape 1", "Renseigner les coordonnées", "Profil du compte", "Administrateur", "Utilisateur",
		"Civilité", "Monsieur", "Madame", "Ex: Dupont", "Confirmation du courriel", "Téléphone fixe (facultatif)",
		"Service d'appartenance et/ou fonction (facultatif)", "Suivant"} {
		if !afHas(page, want) {
			t.Errorf("step 1 lacks %q", want)
		}
	}

	// Step 1 → step 2: the rights table, step 1's values carried hidden.
	step1 := afStep1("Jean", "Louty", "jean.louty@mairie.example")
	res := do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", step1)
	if res.status != 200 || !afHas(res, "Attribuer les droits de M. Jean Louty") {
		t.Fatalf("step 2: %d\n%s", res.status, res.body)
	}
	for _, want := range []string{"Carrière", "Droits à pension", "Cotisations", "Masquer détail", "Aucun accès", "Lecture seule",
		"Modification", `<th scope="row" class="fw-normal">Affiliation CNRACL</th>`, "Affiliation CNRACL : Lecture seule", "Précédent", "Créer"} {
		if !afHas(res, want) {
			t.Errorf("step 2 lacks %q", want)
		}
	}
	carried := afHidden(res.raw)
	if carried.Get("surname") != "Louty" || carried.Get("email_confirm") != "jean.louty@mairie.example" || carried.Get("phone") != "05 56 11 41 23" {
		t.Fatalf("step 1 values not carried: %v", carried)
	}

	// Précédent: back to step 1 with the values and the rights chosen kept.
	back := afWith(carried, "action", "precedent", "droit-affiliation-cnracl", "write")
	res = do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", back)
	if res.status != 200 || !afHas(res, "Renseigner les coordonnées") || !strings.Contains(res.raw, `value="Louty"`) ||
		!strings.Contains(res.raw, `id="f-civility-M" value="M" checked`) {
		t.Fatalf("back to step 1 lost values: %d\n%s", res.status, res.body)
	}
	if afHidden(res.raw).Get("droit-affiliation-cnracl") != "write" {
		t.Errorf("the rights chosen are not kept on the way back")
	}
	res = do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", afWith(afHidden(res.raw), "surname", "Louty", "first_name", "Jean",
		"email", "jean.louty@mairie.example", "email_confirm", "jean.louty@mairie.example", "profile", "user", "civility", "M", "action", "suivant"))
	if !strings.Contains(res.raw, `name="droit-affiliation-cnracl" value="write" checked`) {
		t.Errorf("step 2 again forgot the right chosen before")
	}

	// Créer → step 3.
	before := counts(t, s.Env)
	res = do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", afWith(afHidden(res.raw), "action", "creer",
		"droit-affiliation-cnracl", "write", "droit-cotisations-individuelles", "read"))
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location, "/identifiant?nouveau=1") {
		t.Fatalf("créer: %d %q\n%s", res.status, res.location, res.body)
	}
	if after := counts(t, s.Env); after.persons != before.persons+1 || after.accounts != before.accounts+1 || after.events != before.events+1 {
		t.Errorf("créer made %+v from %+v", after, before)
	}
	res = do(t, c, "GET", s.URL+res.location, nil)
	m := regexp.MustCompile(`JLO\d{6}`).FindString(res.body)
	if res.status != 200 || m == "" {
		t.Fatalf("step 3: %d\n%s", res.status, res.body)
	}
	for _, want := range []string{"Etape 3", "Identifiant de : M. Jean Louty", "En attente d'activation", "Version sonore", "Imprimer l'identifiant",
		"J comme Joseph, L comme Louis, O comme Oscar, zéro, zéro, zéro", `data-speak="J, L, O, zéro, zéro, zéro, zéro, zéro, `} {
		if !afHas(res, want) {
			t.Errorf("step 3 lacks %q", want)
		}
	}
	acc, err := s.Store.Read().PersonByIdentifier(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	mails := s.SMTP.WaitFor(t, "jean.louty@mairie.example", 1, 10*time.Second)
	if mails[0].Subject != mail.SubjectActivation {
		t.Errorf("mail: %q", mails[0].Subject)
	}

	// The printable page, and the rights stored.
	idPath := strings.TrimSuffix(regexp.MustCompile(`/etablissement/comptes/\d+/identifiant`).FindString(res.raw), "")
	res = do(t, c, "GET", s.URL+idPath+"/imprimer", nil)
	for _, want := range []string{"data-autoprint", "COMMUNE DE SAINT-ÉMILION", "Identifiant de : M. Jean Louty", m, "Ce que vous devez faire",
		"Vous pouvez créer votre mot de passe"} {
		if !afHas(res, want) {
			t.Errorf("print page lacks %q", want)
		}
	}
	ms, err := s.Store.Read().MembershipsOfPerson(context.Background(), acc.ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("memberships: %v %v", ms, err)
	}
	rights, _ := s.Store.Read().Rights(context.Background(), ms[0].Account.ID)
	if len(rights) != 2 {
		t.Errorf("rights stored: %+v", rights)
	}
}

func TestAccountWizardOffersTheExistingIdentifier(t *testing.T) {
	s := newSite(t, false)
	estA, naA, c := afAdmin(t, s, testenv.ValidEstablishment(), testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example"))
	estB, naB := s.Establishment(t, afOtherEstablishment(), testenv.ValidPerson("Paul", "Bert", "paul.bert@ccas.example"))
	afActivate(t, s, "paul.bert@ccas.example", 1)
	ctx := context.Background()
	// Céline works for B (active, with a password); Hugo for B too, never activated.
	celine, err := s.Service.CreateAccount(ctx, afActor(estB, naB), testenv.ValidPerson("Céline", "Martin", "celine.martin@ccas.example"), nil)
	if err != nil {
		t.Fatal(err)
	}
	afActivate(t, s, "celine.martin@ccas.example", 1)
	if _, err := s.Service.CreateAccount(ctx, afActor(estB, naB), testenv.ValidPerson("Hugo", "Roux", "hugo.roux@ccas.example"), nil); err != nil {
		t.Fatal(err)
	}
	s.SMTP.WaitFor(t, "hugo.roux@ccas.example", 1, 10*time.Second)

	// Step 1 with Céline's address (typed in another case): the offer.
	step1 := afStep1("Celine", "Martin", "Celine.Martin@CCAS.example")
	step1.Set("civility", "Mme")
	res := do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", step1)
	want := "Mme Céline Martin, identifiant " + celine.Person.Identifier
	if res.status != 200 || !afHas(res, want) || afHas(res, "Attribuer les droits") {
		t.Fatalf("no offer: %d\n%s", res.status, res.body)
	}
	offerFor := afHidden(res.raw).Get("existant_pour")

	// Accept → step 2 names her → Créer: an active account under her identifier.
	accept := afWith(step1, "existant", strconv.FormatInt(celine.Person.ID, 10), "existant_pour", offerFor, "action", "")
	res = do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", accept)
	if res.status != 200 || !afHas(res, "Attribuer les droits de Mme Céline Martin") || !afHas(res, "garde son identifiant") {
		t.Fatalf("step 2 after accepting: %d\n%s", res.status, res.body)
	}
	before := counts(t, s.Env)
	res = do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", afWith(afHidden(res.raw), "action", "creer", "droit-affiliation-cnracl", "read"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("créer: %d\n%s", res.status, res.body)
	}
	if after := counts(t, s.Env); after.persons != before.persons || after.accounts != before.accounts+1 {
		t.Errorf("a second person was created: %+v → %+v", before, after)
	}
	acc, err := s.Store.Read().AccountOfPerson(ctx, estA.ID, celine.Person.ID)
	if err != nil || acc.Status != sesame.StatusActive || acc.ExpiresOn != sesame.ExpiryFrom(sesame.DateOf(testenv.Start), s.Config.ValidityMonths) {
		t.Fatalf("her account here: %+v %v", acc, err)
	}
	res = do(t, c, "GET", s.URL+res.location, nil)
	if !afHas(res, celine.Person.Identifier) || !afHas(res, "Actif") {
		t.Errorf("step 3 for an existing person:\n%s", res.body)
	}
	mails := s.SMTP.WaitFor(t, "celine.martin@ccas.example", 2, 10*time.Second)
	if mails[1].Subject != mail.SubjectAccessGranted || !strings.Contains(mails[1].Text, "COMMUNE DE SAINT-ÉMILION") ||
		!strings.Contains(mails[1].Text, celine.Person.Identifier) {
		t.Errorf("access mail: %q\n%s", mails[1].Subject, mails[1].Text)
	}
	events, _ := s.Store.Read().Events(ctx, store.EventFilter{EstablishmentID: &estA.ID, Kind: sesame.EventAccountCreated})
	if len(events) == 0 || events[0].Detail["existing_identifier"] != true || *events[0].PersonID != celine.Person.ID {
		t.Errorf("history: %+v", events)
	}

	// Now she has an account here: her address is refused.
	res = do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", step1)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(afFieldError(res, "email"), celine.Person.Identifier) {
		t.Errorf("second account here: %d %q", res.status, afFieldError(res, "email"))
	}
	// Forging the offer's answer for her, or for someone whose address was not typed, creates nothing.
	before = counts(t, s.Env)
	for _, forged := range []url.Values{
		afWith(step1, "existant", strconv.FormatInt(celine.Person.ID, 10), "existant_pour", offerFor, "action", "creer"),
		afWith(afStep1("Paul", "Bert", "someone@else.example"), "existant", strconv.FormatInt(naB.Person.ID, 10), "existant_pour", "someone@else.example", "action", "creer"),
	} {
		do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", forged)
	}
	if _, err := s.Store.Read().AccountOfPerson(ctx, estA.ID, naB.Person.ID); sesame.ErrorCode(err) != sesame.ENotFound {
		t.Errorf("a forged answer added B's administrator to A: %v", err)
	}
	if after := counts(t, s.Env); after.accounts != before.accounts+1 || after.persons != before.persons+1 {
		// the second form, with no offer for its address, creates a new person as asked
		t.Errorf("forged answers: %+v → %+v", before, after)
	}

	// Hugo never activated: his account here waits for activation, and he gets the activation mail.
	step1 = afStep1("Hugo", "Roux", "hugo.roux@ccas.example")
	res = do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", step1)
	hugo := regexp.MustCompile(`name="existant" value="(\d+)"`).FindStringSubmatch(res.raw)
	if hugo == nil {
		t.Fatalf("no offer for Hugo:\n%s", res.body)
	}
	res = do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", afWith(step1, "existant", hugo[1], "existant_pour", "hugo.roux@ccas.example", "action", "creer"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("créer Hugo: %d\n%s", res.status, res.body)
	}
	hugoID, _ := strconv.ParseInt(hugo[1], 10, 64)
	if acc, err := s.Store.Read().AccountOfPerson(ctx, estA.ID, hugoID); err != nil || acc.Status != sesame.StatusPending {
		t.Errorf("Hugo's account here: %+v %v", acc, err)
	}
	if m := s.SMTP.WaitFor(t, "hugo.roux@ccas.example", 2, 10*time.Second); m[1].Subject != mail.SubjectActivation {
		t.Errorf("Hugo's mail: %q", m[1].Subject)
	}

	// Declining gives a new identifier.
	step1 = afStep1("Paul", "Bert", "paul.bert@ccas.example")
	res = do(t, c, "POST", s.URL+"/etablissement/comptes/nouveau", afWith(step1, "existant", "non", "existant_pour", "paul.bert@ccas.example", "action", "creer"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("declined: %d\n%s", res.status, res.body)
	}
	if ps, _ := s.Store.Read().PersonsByEmail(ctx, "paul.bert@ccas.example"); len(ps) != 2 {
		t.Errorf("declining the offer should create a second identifier, persons: %d", len(ps))
	}
	_ = naA
}

func TestAccountPagesOfAnotherEstablishmentAreNotFound(t *testing.T) {
	s := newSite(t, false)
	estA, naA, _ := afAdmin(t, s, testenv.ValidEstablishment(), testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example"))
	_, _, b := afAdmin(t, s, afOtherEstablishment(), testenv.ValidPerson("Paul", "Bert", "paul.bert@ccas.example"))
	ctx := context.Background()
	user, err := s.Service.CreateAccount(ctx, afActor(estA, naA), testenv.ValidPerson("Céline", "Martin", "celine.martin@mairie.example"), nil)
	if err != nil {
		t.Fatal(err)
	}
	afActivate(t, s, "celine.martin@mairie.example", 1)
	plain := afLogin(t, s, user.Person.Identifier)

	target := s.URL + "/etablissement/comptes/" + strconv.FormatInt(user.Account.ID, 10)
	anne := s.URL + "/etablissement/comptes/" + strconv.FormatInt(naA.Account.ID, 10)
	change := afWith(afStep1("Céline", "Pirate", "pirate@evil.example"), "confirm_reuse", "1", "droit-affiliation-cnracl", "write")
	before := counts(t, s.Env)
	for _, tc := range []struct {
		who    string
		c      *http.Client
		method string
		url    string
		form   url.Values
		secret string // what the page must not show
	}{
		{"admin of B", b, "GET", target, nil, "Martin"},
		{"admin of B", b, "POST", target, change, "Martin"},
		{"admin of B", b, "GET", target + "/identifiant", nil, user.Person.Identifier},
		{"admin of B", b, "GET", target + "/identifiant/imprimer", nil, user.Person.Identifier},
		{"admin of B", b, "GET", s.URL + "/etablissement/comptes/999999", nil, "Martin"},
		{"plain user", plain, "GET", s.URL + "/etablissement/comptes/nouveau", nil, "Etape 1"},
		{"plain user", plain, "POST", s.URL + "/etablissement/comptes/nouveau", afWith(afStep1("Jean", "Louty", "j@l.example"), "action", "creer"), "Louty"},
		{"plain user", plain, "GET", anne, nil, "Gueriot"},
		{"plain user", plain, "POST", anne, change, "Gueriot"},
		{"plain user", plain, "GET", anne + "/identifiant", nil, naA.Person.Identifier},
	} {
		res := do(t, tc.c, tc.method, tc.url, tc.form)
		if res.status != http.StatusNotFound || afHas(res, tc.secret) {
			t.Errorf("%s %s %s: %d, want 404 without %q", tc.who, tc.method, tc.url, res.status, tc.secret)
		}
	}
	if after := counts(t, s.Env); after != before {
		t.Errorf("refused requests changed the store: %+v → %+v", before, after)
	}
	for _, id := range []int64{user.Account.ID, naA.Account.ID} {
		d, err := s.Service.Account(ctx, afActor(estA, naA), id)
		if err != nil || d.Person.Email == "pirate@evil.example" || d.Level(afServiceID(t, s, "affiliation-cnracl")) == sesame.LevelWrite && id == user.Account.ID {
			t.Errorf("the account changed: %+v %v", d, err)
		}
	}
}

func TestModifyAccountRules(t *testing.T) {
	s := newSite(t, false)
	est, na, c := afAdmin(t, s, testenv.ValidEstablishment(), testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example"))
	ctx := context.Background()
	user, err := s.Service.CreateAccount(ctx, afActor(est, na), testenv.ValidPerson("Céline", "Martin", "celine.martin@mairie.example"), nil)
	if err != nil {
		t.Fatal(err)
	}
	afActivate(t, s, "celine.martin@mairie.example", 1) // pending accounts never show as expired
	adminURL := s.URL + "/etablissement/comptes/" + strconv.FormatInt(na.Account.ID, 10)
	userURL := s.URL + "/etablissement/comptes/" + strconv.FormatInt(user.Account.ID, 10)
	current := func(u string) url.Values {
		res := do(t, c, "GET", u, nil)
		if res.status != 200 {
			t.Fatalf("GET %s: %d", u, res.status)
		}
		v := afHidden(res.raw)
		for _, m := range regexp.MustCompile(`<input class="form-control" id="f-(\w+)" name="\w+" type="\w+" value="([^"]*)"`).FindAllStringSubmatch(res.raw, -1) {
			v.Set(m[1], html.UnescapeString(m[2]))
		}
		for _, m := range regexp.MustCompile(`name="([\w-]+)" (?:id="[^"]*" )?value="(\w+)" checked`).FindAllStringSubmatch(res.raw, -1) {
			v.Set(m[1], m[2])
		}
		return v
	}

	page := do(t, c, "GET", adminURL, nil)
	for _, want := range []string{"Ses droits", "Ses coordonnées", "Appliquer les modifications", "Profil du compte : Administrateur",
		"il ne peut pas être modifié en « Utilisateur »"} {
		if !afHas(page, want) {
			t.Errorf("admin's modify page lacks %q", want)
		}
	}
	if strings.Contains(page.raw, `name="profile" id="f-profile-user"`) {
		t.Errorf("the admin's page offers Utilisateur")
	}

	for _, tc := range []struct {
		name   string
		url    string
		change []string
		status int
		field  string // field with a message, if refused
		msg    string
		has    []string
	}{
		{"demotion refused", adminURL, []string{"profile", "user"}, 422, "profile", "ne peut pas redevenir utilisateur", nil},
		{"reuse needs the confirmation", userURL, []string{"surname", "Durand", "first_name", "Paul", "email", "paul.durand@mairie.example"}, 422,
			"confirm_reuse", "fortement déconseillé", []string{"Je confirme utiliser ce compte pour une autre personne", `value="Durand"`}},
		{"reuse box kept while fixing another field", userURL, []string{"surname", "Durand", "first_name", "Paul", "email", "paul.durand@mairie.example",
			"confirm_reuse", "1", "phone", "12"}, 422, "phone", "10 chiffres", []string{`name="confirm_reuse" value="1" checked`}},
		{"reuse confirmed", userURL, []string{"surname", "Durand", "first_name", "Paul", "email", "paul.durand@mairie.example", "confirm_reuse", "1"}, 200,
			"", "", []string{"Les modifications ont été appliquées", "Nom : Martin → Durand", "Courriel : celine.martin@mairie.example → paul.durand@mairie.example"}},
		{"rights", userURL, []string{"droit-affiliation-cnracl", "write"}, 200, "", "", []string{"Affiliation CNRACL : Aucun accès → Modification"}},
		{"forged level", userURL, []string{"droit-affiliation-cnracl", "tout"}, 422, "", "", []string{"Un des droits demandés n'existe pas."}},
		{"promotion", userURL, []string{"profile", "admin"}, 200, "", "", []string{"Profil : Utilisateur → Administrateur"}},
		{"nothing", userURL, nil, 200, "", "", []string{"Aucune modification"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := do(t, c, "POST", tc.url, afWith(current(tc.url), tc.change...))
			if res.status != tc.status {
				t.Fatalf("status %d, want %d\n%s", res.status, tc.status, res.body)
			}
			if tc.field != "" && !strings.Contains(afFieldError(res, tc.field), tc.msg) {
				t.Errorf("next to %s: %q, want %q", tc.field, afFieldError(res, tc.field), tc.msg)
			}
			for _, want := range tc.has {
				if !afHas(res, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
	d, _ := s.Service.Account(ctx, afActor(est, na), user.Account.ID)
	if d.Account.Profile != sesame.ProfileAdmin || d.Person.Surname != "Durand" || len(d.Rights) != 1 ||
		d.Level(afServiceID(t, s, "affiliation-cnracl")) != sesame.LevelWrite {
		t.Errorf("after the changes: %+v %+v %v", d.Account, d.Person, d.Rights)
	}
	if n, _ := s.Store.Read().CountEvents(ctx, sesame.EventAccountPromoted); n != 1 {
		t.Errorf("promotion events: %d", n)
	}
	if d, _ := s.Service.Account(ctx, afActor(est, na), na.Account.ID); d.Account.Profile != sesame.ProfileAdmin {
		t.Errorf("the administrator was demoted")
	}

	// An expired account offers only renewal, and refuses changes.
	yesterday := sesame.DateOf(s.Clock.Now()).AddDays(-1)
	if err := s.Store.InTx(ctx, func(tx *store.Tx) error { return tx.RenewAccount(ctx, user.Account.ID, yesterday) }); err != nil {
		t.Fatal(err)
	}
	res := do(t, c, "GET", userURL, nil)
	if res.status != 200 || !afHas(res, "Ce compte a expiré le "+yesterday.French()) ||
		!afHas(res, "Renouveler le compte") || afHas(res, "Appliquer les modifications") {
		t.Errorf("expired account's page: %d\n%s", res.status, res.body)
	}
	before := counts(t, s.Env)
	res = do(t, c, "POST", userURL, afWith(afStep1("Paul", "Durand", "paul.durand@mairie.example"), "phone", "0556000000", "profile", "admin"))
	if res.status != http.StatusConflict || !afHas(res, "Renouveler le compte") {
		t.Errorf("changing an expired account: %d\n%s", res.status, res.body)
	}
	if after := counts(t, s.Env); after != before {
		t.Errorf("an expired account changed: %+v → %+v", before, after)
	}
}

// afServiceID is the catalogue ID of a service.
func afServiceID(t *testing.T, s *site, code string) int64 {
	t.Helper()
	cat, err := s.Service.Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, svc := range cat.Services {
		if svc.Code == code {
			return svc.ID
		}
	}
	t.Fatalf("no service %s", code)
	return 0
}

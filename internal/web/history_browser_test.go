package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/sesame-platform/sesame/internal/web/browsertest"
)

// TestHistoryFilterInTheBrowser filters the history by kind: htmx swaps
// the results without reloading the page, the address follows the filter
// so it can be bookmarked, and the page passes axe before and after.
func TestHistoryFilterInTheBrowser(t *testing.T) {
	x := newHistorySite(t)
	ctx := browsertest.New(t)
	browsertest.Navigate(t, ctx, x.URL+"/connexion")
	browsertest.Fill(t, ctx, "#f-identifier", x.adminID)
	browsertest.Fill(t, ctx, "#f-password", "Vigne-Rouge-26!")
	browsertest.Click(t, ctx, "main button[type=submit]")
	browsertest.WaitText(t, ctx, "h1", "Tableau de bord")

	browsertest.Navigate(t, ctx, x.URL+"/etablissement/comptes")
	browsertest.Click(t, ctx, `main a[href="/etablissement/historique"]`)
	browsertest.WaitText(t, ctx, "h1", "Historique")
	browsertest.WaitText(t, ctx, "#historique-resultats tbody", "Échec de connexion")
	browsertest.Axe(t, ctx)

	// A marker on the page: a reload would lose it, an htmx swap keeps it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sesameMarker = true`)); err != nil {
		t.Fatal(err)
	}
	if got := browsertest.Text(t, ctx, "#historique-compte"); !strings.HasPrefix(got, "1-") {
		t.Fatalf("count before filtering: %q", got)
	}
	browsertest.Fill(t, ctx, "#h-type", "Modification des coordonnées")
	browsertest.WaitText(t, ctx, "#historique-compte", "1-1 sur 1 événement(s)")
	browsertest.WaitLocation(t, ctx, "type=account.updated")
	rows := browsertest.Text(t, ctx, "#historique-resultats tbody")
	if !strings.Contains(rows, "Modification des coordonnées") || !strings.Contains(rows, "Finances") ||
		strings.Contains(rows, "Création du compte") || strings.Contains(rows, "Échec de connexion") {
		t.Errorf("filtered rows:\n%s", rows)
	}
	if kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sesameMarker === true`)); err != nil || !kept {
		t.Errorf("the page was reloaded instead of updated (%v)", err)
	}
	browsertest.Axe(t, ctx)
}

package web_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/testenv"
	"github.com/sesame-platform/sesame/internal/web/browsertest"
)

// TestConsoleExportsAndHistoryInTheBrowser downloads both exports as the
// administrator would, re-reads the files, then finds every operation of
// the session in "Voir l'historique".
func TestConsoleExportsAndHistoryInTheBrowser(t *testing.T) {
	s, id := consoleSite(t, colleagues...)
	admin := actorOf(t, s, id, "Vigne-Rouge-26!")
	// A promotion, made through the modify page's use case.
	page, err := s.Service.ListAccounts(t.Context(), admin, storeQuery("krystel"))
	if err != nil || len(page.Page.Rows) != 1 {
		t.Fatalf("Krystel: %v %v", page, err)
	}
	krystel := page.Page.Rows[0]
	in := testenv.ValidPerson("Krystel", "Richard", "krystel.richard@mairie.example")
	in.Profile = "admin"
	if _, err := s.Service.UpdateAccount(t.Context(), admin, krystel.AccountID, service.AccountUpdate{Person: in}); err != nil {
		t.Fatal(err)
	}

	ctx := browsertest.New(t)
	dir := t.TempDir()
	browsertest.AllowDownloads(t, ctx, dir)
	logIn(t, ctx, s, id)
	browsertest.Navigate(t, ctx, s.URL+"/etablissement/comptes")
	browsertest.WaitText(t, ctx, "#resultats", "1-6 sur 6 résultat(s)")
	browsertest.Click(t, ctx, "#tout")
	browsertest.WaitText(t, ctx, "#compteur", "6 compte(s) sélectionné(s)")

	browsertest.Click(t, ctx, `#selection button[value="csv"]`)
	name, b := browsertest.WaitDownload(t, dir, ".csv")
	if !strings.HasPrefix(name, "comptes-21330394500017-") {
		t.Errorf("CSV file name %q", name)
	}
	records := testenv.ReadCSV(t, b)
	if names := testenv.Column(records, "Nom"); len(names) != 6 || !slices.Contains(names, "Richard") {
		t.Fatalf("CSV names: %q", names)
	}

	browsertest.Click(t, ctx, `#selection button[value="xlsx"]`)
	_, b = browsertest.WaitDownload(t, dir, ".xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) != 7 {
		t.Fatalf("XLSX rows: %d %v", len(rows), err)
	}

	// Renew one, delete one, through the dialogs.
	browsertest.Navigate(t, ctx, s.URL+"/etablissement/comptes")
	browsertest.Click(t, ctx, `button[aria-label="Renouveler le compte de Mme Marcel Petit"]`)
	browsertest.WaitText(t, ctx, "#confirm-text", "Vous allez renouveler les droits de Mme Marcel Petit")
	browsertest.Click(t, ctx, ".confirm button[type=submit]")
	browsertest.WaitText(t, ctx, "#rapport", "1 compte(s) renouvelé(s)")
	browsertest.Navigate(t, ctx, s.URL+"/etablissement/comptes")
	browsertest.Click(t, ctx, `button[aria-label="Supprimer le compte de Mme Célestin Roux"]`)
	browsertest.WaitText(t, ctx, "#confirm-text", "Vous allez supprimer le compte de Mme Célestin Roux.")
	browsertest.Click(t, ctx, ".confirm button[type=submit]")
	browsertest.WaitText(t, ctx, "#rapport", "1 compte(s) supprimé(s).")

	browsertest.Navigate(t, ctx, s.URL+"/etablissement/historique")
	browsertest.WaitText(t, ctx, "h1", "Historique")
	history := browsertest.Text(t, ctx, "main")
	for _, want := range []string{"Création du compte", "Passage au profil Administrateur", "Renouvellement du compte",
		"Suppression du compte", "Export de la liste des comptes", "Connexion"} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	browsertest.Axe(t, ctx)
}

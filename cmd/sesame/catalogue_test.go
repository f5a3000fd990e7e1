package main

import (
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// TestCatalogueCommands: list, add, rename, move and remove a service from
// the command line; a service still granted is removed only with
// --withdraw-rights.
func TestCatalogueCommands(t *testing.T) {
	db := storetest.URL(t)
	out := mustCLI(t, db, "catalogue", "list")
	for _, want := range []string{"Carrière (carriere)", "affiliation-cnracl", "Affiliation CNRACL", "Cotisations (cotisations)"} {
		if !strings.Contains(out, want) {
			t.Errorf("catalogue list lacks %q:\n%s", want, out)
		}
	}
	_, _, err := cli(db, "catalogue", "add-service", "--domain", "carriere", "--code", "retraite-progressive", "--name", "Retraite progressive",
		"--url", "services.example/x")
	if err == nil || !strings.Contains(err.Error(), "--url : Saisissez l'adresse complète") {
		t.Fatalf("bad URL: %v", err)
	}
	out = mustCLI(t, db, "catalogue", "add-service", "--domain", "carriere", "--code", "retraite-progressive",
		"--name", "Retraite progressive", "--url", "https://services.sesame.example/retraite-progressive", "--position", "1")
	if !strings.Contains(out, "Service ajouté : Retraite progressive (retraite-progressive), position 1.") {
		t.Errorf("add-service said:\n%s", out)
	}
	mustCLI(t, db, "catalogue", "rename-service", "--code", "retraite-progressive", "--name", "Retraite progressive CNRACL")
	mustCLI(t, db, "catalogue", "move-service", "--code", "retraite-progressive", "--domain", "droits-pension")
	out = mustCLI(t, db, "catalogue", "list")
	if i, j := strings.Index(out, "Droits à pension"), strings.Index(out, "Retraite progressive CNRACL"); i < 0 || j < i ||
		j > strings.Index(out, "Cotisations (") {
		t.Errorf("the moved service is not last of Droits à pension:\n%s", out)
	}

	// The first administrator holds every service.
	mustCLI(t, db, append([]string{"establishment", "create"}, flags(validEstablishmentArgs())...)...)
	mustCLI(t, db, "admin", "create", "--establishment", "21330394500017", "--civility", "M", "--surname", "Louty",
		"--first-name", "Jean", "--email", "jean.louty@mairie.example")
	_, _, err = cli(db, "catalogue", "remove-service", "--code", "affiliation-cnracl")
	if err == nil || !strings.Contains(err.Error(), "encore attribué à 1 compte(s)") || !strings.Contains(err.Error(), "--withdraw-rights") {
		t.Fatalf("removal of a granted service: %v", err)
	}
	out = mustCLI(t, db, "catalogue", "remove-service", "--code", "affiliation-cnracl", "--withdraw-rights")
	if !strings.Contains(out, "1 droit(s) retiré(s)") {
		t.Errorf("remove-service said:\n%s", out)
	}
	if out := mustCLI(t, db, "catalogue", "list"); strings.Contains(out, "affiliation-cnracl") {
		t.Errorf("the removed service is still listed:\n%s", out)
	}
	if _, _, err := cli(db, "catalogue", "rename-service", "--code", "affiliation-cnracl", "--name", "X"); err == nil ||
		!strings.Contains(err.Error(), "Service introuvable") {
		t.Errorf("renaming a removed service: %v", err)
	}
}

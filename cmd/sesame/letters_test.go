package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/letters"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// mustCLI runs the command line and fails the test on error.
func mustCLI(t *testing.T, db string, args ...string) string {
	t.Helper()
	out, errOut, err := cli(db, args...)
	if err != nil {
		t.Fatalf("sesame %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// pdfText reads a PDF back with poppler's pdftotext, whitespace collapsed
// so words wrapped across lines still match (as internal/letters' tests).
func pdfText(t *testing.T, path string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext not found: install Debian's poppler-utils")
		}
		t.Skip("pdftotext not found: install Debian's poppler-utils to run this test")
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(string(out), "\u00a0", " ")), " ")
}

// TestLettersCommands: creating an administrator leaves a letter to post;
// the operator lists it, downloads the PDF (addressed to the legal
// representative, naming the new administrator and the date) and marks it
// sent, once.
func TestLettersCommands(t *testing.T) {
	db := storetest.URL(t)
	mustCLI(t, db, append([]string{"establishment", "create"}, flags(validEstablishmentArgs())...)...)
	if out := mustCLI(t, db, "letters", "list"); !strings.Contains(out, "Aucun courrier à envoyer.") {
		t.Fatalf("letters before any administrator:\n%s", out)
	}
	before := sesame.DateOf(time.Now())
	mustCLI(t, db, "admin", "create", "--establishment", "21330394500017", "--civility", "M", "--surname", "Louty",
		"--first-name", "Jean", "--email", "jean.louty@mairie.example")
	ref := fmt.Sprintf("SES-%d-000001", before.Year)
	out := mustCLI(t, db, "letters", "list")
	for _, want := range []string{ref, "COMMUNE DE SAINT-ÉMILION", "création", "M. Jean Louty", "à envoyer"} {
		if !strings.Contains(out, want) {
			t.Errorf("letters list lacks %q:\n%s", want, out)
		}
	}

	path := filepath.Join(t.TempDir(), "courrier.pdf")
	if out := mustCLI(t, db, "letters", "download", "--id", "1", "--out", path); !strings.Contains(out, ref) {
		t.Errorf("download said:\n%s", out)
	}
	text := pdfText(t, path)
	after := sesame.DateOf(time.Now())
	for _, want := range []string{"Madame Claire Dubois", "Madame la Maire", "Monsieur Jean Louty", ref} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(text, "Le "+letters.FrenchDate(before)+", l’assistance technique") &&
		!strings.Contains(text, "Le "+letters.FrenchDate(after)+", l’assistance technique") {
		t.Errorf("the letter does not date the change %s:\n%s", letters.FrenchDate(before), text)
	}
	if _, _, err := cli(db, "letters", "download", "--id", "1", "--out", path); err == nil || !strings.Contains(err.Error(), "existe déjà") {
		t.Errorf("download over an existing file: %v", err)
	}
	if _, _, err := cli(db, "letters", "download", "--id", "9", "--out", path+"2"); err == nil || !strings.Contains(err.Error(), "introuvable") {
		t.Errorf("download of an unknown letter: %v", err)
	}
	if _, err := os.Stat(path + "2"); err == nil {
		t.Error("a failed download left a file")
	}

	if out := mustCLI(t, db, "letters", "sent", "--id", "1"); !strings.Contains(out, "marqué envoyé") {
		t.Errorf("sent said:\n%s", out)
	}
	if _, _, err := cli(db, "letters", "sent", "--id", "1"); err == nil || !strings.Contains(err.Error(), "déjà été marqué envoyé") {
		t.Errorf("marking sent twice: %v", err)
	}
	if out := mustCLI(t, db, "letters", "list"); !strings.Contains(out, "Aucun courrier à envoyer.") {
		t.Errorf("a sent letter is still to post:\n%s", out)
	}
	if out := mustCLI(t, db, "letters", "list", "--all"); !strings.Contains(out, ref) || strings.Contains(out, "à envoyer") {
		t.Errorf("letters list --all:\n%s", out)
	}
}

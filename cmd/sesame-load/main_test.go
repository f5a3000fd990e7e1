package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
	"github.com/sesame-platform/sesame/internal/web"
)

// TestLoadToolDrivesARealServerWithoutError runs the load tool for two
// seconds against the real web interface on a small generated base, with
// short pauses so every action comes up: it must log everyone in, run the
// mix and find no error.
func TestLoadToolDrivesARealServerWithoutError(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a server for two seconds")
	}
	ctx := context.Background()
	env := testenv.New(t, "http://sesame.test")
	today := sesame.Today(env.Clock)
	estID, err := env.Store.Generate(ctx, store.GenerateOptions{Establishments: 3, Accounts: 300, BigEstablishment: 200, Seed: 3, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	const password = "Vigne-Rouge-26!"
	hash, err := service.NewHasher(testenv.FastHashing, 0).Hash(ctx, password)
	if err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("identifiant;mot_de_passe;profil\n")
	err = env.Store.InTx(ctx, func(tx *store.Tx) error {
		for i, profile := range []sesame.Profile{sesame.ProfileAdmin, sesame.ProfileAdmin, sesame.ProfileUser} {
			n, err := tx.NextIdentifierNumber(ctx)
			if err != nil {
				return err
			}
			p := &sesame.Person{Identifier: sesame.FormatIdentifier("CHA", n), PasswordHash: hash, Civility: sesame.CivilityMrs,
				Surname: "Charge", FirstName: "Anne", Email: fmt.Sprintf("charge%d@example.org", i), CreatedAt: env.Clock.Now()}
			if err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
			a := &sesame.Account{EstablishmentID: estID, PersonID: p.ID, Profile: profile, Status: sesame.StatusActive,
				ExpiresOn: today.AddMonthsClamped(18), CreatedAt: env.Clock.Now()}
			if err := tx.CreateAccount(ctx, a, p); err != nil {
				return err
			}
			fmt.Fprintf(&csv, "%s;%s;%s\n", p.Identifier, password, profile)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "connexions.csv")
	if err := os.WriteFile(path, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(web.Config{Service: env.Service, Health: env.Store, Dev: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	var out, errOut bytes.Buffer
	err = run(ctx, []string{"--url", srv.URL, "--identifiers", path, "--admins", "4", "--users", "2", "--duration", "2s",
		"--think", "20ms", "--type-delay", "5ms", "--seed", "11"}, &out, &errOut)
	if err != nil {
		t.Fatalf("load run: %v\n%s%s", err, out.String(), errOut.String())
	}
	for _, want := range []string{"Connexions initiales : 6 sur 6", "console : recherche (frappe)", "console : renouveler",
		"console : fiche", "mon compte", "tableau de bord", "CONSOLE (toutes)", "Erreurs : 0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// TestLoadToolOnlyTargetsThisMachine refuses a server elsewhere before
// sending anything.
func TestLoadToolOnlyTargetsThisMachine(t *testing.T) {
	for _, u := range []string{"http://192.0.2.10:8080", "http://[2001:db8::1]/", "ftp://127.0.0.1/"} {
		if _, err := parse([]string{"--url", u, "--identifiers", "x.csv"}, &bytes.Buffer{}); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"} {
		if _, err := parse([]string{"--url", u, "--identifiers", "x.csv"}, &bytes.Buffer{}); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
}

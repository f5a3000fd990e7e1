package main

import (
	"context"
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// execSQL runs SQL on db, as time or a mishap would have changed it.
func execSQL(t *testing.T, db, query string, args ...any) {
	t.Helper()
	st, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.WriteDB().Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}

// TestRepairCommand: an establishment whose only administrator expired is
// repaired from that account, or with a new administrator; one that has an
// active administrator is refused; wrong options are named.
func TestRepairCommand(t *testing.T) {
	db := storetest.URL(t)
	mustCLI(t, db, append([]string{"establishment", "create"}, flags(validEstablishmentArgs())...)...)
	mustCLI(t, db, "admin", "create", "--establishment", "21330394500017", "--civility", "M", "--surname", "Louty",
		"--first-name", "Jean", "--email", "jean.louty@mairie.example")
	execSQL(t, db, `UPDATE accounts SET status = 'active', expires_on = '2025-01-31'`)
	execSQL(t, db, `UPDATE persons SET locked_at = created_at`)

	if _, _, err := cli(db, "repair", "--establishment", "21330394500017", "--account-id", "1", "--surname", "Durand"); err == nil ||
		!strings.Contains(err.Error(), "pas les deux") {
		t.Errorf("both ways at once: %v", err)
	}
	out := mustCLI(t, db, "repair", "--establishment", "21330394500017", "--account-id", "1")
	for _, want := range []string{"Établissement réparé : M. Jean Louty", "compte renouvelé jusqu'au", "personne débloquée"} {
		if !strings.Contains(out, want) {
			t.Errorf("repair said, without %q:\n%s", want, out)
		}
	}
	_, _, err := cli(db, "repair", "--establishment", "21330394500017", "--civility", "Mme", "--surname", "Durand",
		"--first-name", "Paule", "--email", "paule.durand@mairie.example")
	if err == nil || !strings.Contains(err.Error(), "a déjà un administrateur actif (Monsieur Louty)") {
		t.Fatalf("repair of a working establishment: %v", err)
	}

	execSQL(t, db, `UPDATE accounts SET status = 'expired', expires_on = '2025-01-31'`)
	_, _, err = cli(db, "repair", "--establishment", "21330394500017", "--civility", "Mme", "--surname", "Durand",
		"--first-name", "Paule", "--email", "paule.durand@")
	if err == nil || !strings.Contains(err.Error(), "--email : ") {
		t.Fatalf("bad e-mail: %v", err)
	}
	out = mustCLI(t, db, "repair", "--establishment", "21330394500017", "--civility", "Mme", "--surname", "Durand",
		"--first-name", "Paule", "--email", "paule.durand@mairie.example")
	if !strings.Contains(out, "Mme Paule Durand (identifiant PDU") || !strings.Contains(out, "paule.durand@mairie.example") {
		t.Errorf("repair with a new administrator said:\n%s", out)
	}
	if out := mustCLI(t, db, "letters", "list"); strings.Count(out, "SES-") != 2 {
		t.Errorf("want the letters of both administrators:\n%s", out)
	}
}

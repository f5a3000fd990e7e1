package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// TestBackupCommand copies a SQLite store, restores the copy (opens it
// where the database was) and reads it; PostgreSQL gets a clear refusal.
func TestBackupCommand(t *testing.T) {
	db := storetest.URL(t)
	out := filepath.Join(t.TempDir(), "copie.db")
	mustCLI(t, db, append([]string{"establishment", "create"}, flags(validEstablishmentArgs())...)...)
	if store.IsPostgresURL(db) {
		if _, _, err := cli(db, "backup", "--out", out); err == nil || !strings.Contains(err.Error(), "pg_dump") {
			t.Fatalf("backup of PostgreSQL: %v", err)
		}
		return
	}
	if said := mustCLI(t, db, "backup", "--out", out); !strings.Contains(said, "Copie cohérente") {
		t.Errorf("backup said:\n%s", said)
	}
	if _, _, err := cli(db, "backup", "--out", out); err == nil || !strings.Contains(err.Error(), "existe déjà") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if _, _, err := cli(db, "backup"); err == nil || !strings.Contains(err.Error(), "--out") {
		t.Errorf("backup without --out: %v", err)
	}
	// Restoring is using the copy as the database.
	if list := mustCLI(t, out, "catalogue", "list"); !strings.Contains(list, "Carrière") {
		t.Errorf("the restored copy has no catalogue:\n%s", list)
	}
	st, err := store.Open(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	est, err := st.Read().EstablishmentBySIRET(context.Background(), "21330394500017")
	if err != nil || est.Name != "COMMUNE DE SAINT-ÉMILION" {
		t.Fatalf("the restored copy: %+v %v", est, err)
	}
}

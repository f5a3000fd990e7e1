package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

func establishment(i int) *sesame.Establishment {
	return &sesame.Establishment{
		Name:    fmt.Sprintf("Commune n° %d — %s", i, strings.Repeat("é", 300)),
		SIRET:   fmt.Sprintf("%014d", i),
		Address: sesame.Address{Street: "1 place de la Mairie", Postcode: "01000", City: "Bourg-en-Bresse"},
		Representative: sesame.LegalRepresentative{
			Civility: sesame.CivilityMrs, Surname: "Lefèvre", FirstName: "Hélène", Title: "Maire",
		},
		CreatedAt: time.Date(2026, 3, 18, 10, 0, 0, 0, time.UTC),
	}
}

func TestBackupWhileWriting(t *testing.T) {
	if os.Getenv(storetest.EnvPostgres) != "" {
		t.Skip("online backup is SQLite-only; PostgreSQL is backed up with pg_dump")
	}
	ctx := context.Background()
	s := storetest.Open(t)

	// Enough data for the copy to take a while.
	const initial = 5000
	if err := s.InTx(ctx, func(tx *store.Tx) error {
		for i := 1; i <= initial; i++ {
			if err := tx.CreateEstablishment(ctx, establishment(i)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// A writer that keeps going while the backup runs.
	var (
		written    atomic.Int64 // rows committed by the writer
		stop       = make(chan struct{})
		wg         sync.WaitGroup
		writeErr   error
		firstWrite = make(chan struct{})
	)
	wg.Go(func() {
		for i := initial + 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.CreateEstablishment(ctx, establishment(i)) }); err != nil {
				writeErr = err
				return
			}
			if written.Add(1) == 1 {
				close(firstWrite)
			}
		}
	})
	<-firstWrite

	path := filepath.Join(t.TempDir(), "sauvegarde.db")
	before := written.Load()
	start := time.Now()
	if err := s.Backup(ctx, path); err != nil {
		close(stop)
		wg.Wait()
		t.Fatalf("Backup: %v", err)
	}
	took := time.Since(start)
	during := written.Load() - before
	close(stop)
	wg.Wait()
	if writeErr != nil {
		t.Fatalf("a write failed during the backup: %v", writeErr)
	}
	t.Logf("backup took %v; %d writes committed meanwhile, %d in all", took, during, written.Load())
	if during == 0 {
		t.Errorf("no write was committed during the %v the backup took: writers were stopped", took)
	}

	// Restore = open the copy.
	b, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer b.Close()
	var check string
	if err := b.ReadDB().QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil {
		t.Fatal(err)
	}
	if check != "ok" {
		t.Errorf("integrity_check of the backup: %s", check)
	}
	got, err := b.Read().Establishments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := int64(initial) + written.Load()
	if n := int64(len(got)); n < initial+before || n > total {
		t.Fatalf("the backup holds %d establishments, want between %d and %d", n, initial+before, total)
	}
	// A snapshot: the rows the writer committed one by one form a prefix.
	seen := map[string]bool{}
	for _, e := range got {
		seen[e.SIRET] = true
	}
	for i := 1; i <= len(got); i++ {
		if !seen[fmt.Sprintf("%014d", i)] {
			t.Fatalf("establishment %d is missing from the backup, though later ones are there", i)
		}
	}
	want := establishment(42)
	e, err := b.Read().EstablishmentBySIRET(ctx, want.SIRET)
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != want.Name || e.Representative.Surname != "Lefèvre" || !e.CreatedAt.Equal(want.CreatedAt) {
		t.Errorf("establishment read back from the backup = %+v, want %+v", e, want)
	}

	// The original store keeps working.
	if _, err := s.Read().EstablishmentBySIRET(ctx, fmt.Sprintf("%014d", initial+1)); err != nil {
		t.Errorf("the original store after the backup: %v", err)
	}

	// No temporary file is left beside the copy.
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, entry := range entries {
		if strings.Contains(entry.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", entry.Name())
		}
	}
}

func TestBackupRefusesToOverwrite(t *testing.T) {
	if os.Getenv(storetest.EnvPostgres) != "" {
		t.Skip("online backup is SQLite-only; PostgreSQL is backed up with pg_dump")
	}
	ctx := context.Background()
	s := storetest.Open(t)
	path := filepath.Join(t.TempDir(), "existant.db")
	for name, content := range map[string][]byte{"non-empty": []byte("précieux"), "empty": nil} {
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		err := s.Backup(ctx, path)
		if err == nil {
			t.Fatalf("%s file: Backup overwrote it", name)
		}
		if code := sesame.ErrorCode(err); code != sesame.EConflict {
			t.Errorf("%s file: error %v has code %q, want %q", name, err, code, sesame.EConflict)
		}
		if !strings.Contains(sesame.ErrorMessage(err), "existe déjà") {
			t.Errorf("%s file: message %q does not say the file exists", name, sesame.ErrorMessage(err))
		}
		if got, _ := os.ReadFile(path); string(got) != string(content) {
			t.Errorf("%s file: content changed to %q", name, got)
		}
	}

	// A missing directory is an error too, not a panic or a stray file.
	if err := s.Backup(ctx, filepath.Join(t.TempDir(), "absent", "copie.db")); err == nil {
		t.Error("Backup into a missing directory succeeded")
	}
}

func TestBackupPostgresRefuses(t *testing.T) {
	if os.Getenv(storetest.EnvPostgres) == "" {
		t.Skip("needs " + storetest.EnvPostgres)
	}
	s := storetest.Open(t)
	path := filepath.Join(t.TempDir(), "copie.db")
	err := s.Backup(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("Backup on PostgreSQL: %v, want an error pointing to pg_dump", err)
	}
	if _, statErr := os.Stat(path); statErr == nil {
		t.Error("Backup on PostgreSQL wrote a file")
	}
}

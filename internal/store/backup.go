package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// Backup writes a consistent copy of a running SQLite store to path (VACUUM
// INTO), without stopping writers; PostgreSQL stores return an error telling
// to use pg_dump.
//
// The copy is a snapshot taken at the start of the backup: VACUUM INTO runs
// as one read transaction on a reader connection, and in WAL mode readers
// never block the writer, so requests keep being served meanwhile. It is
// written to a temporary file next to path, flushed to disk, then linked to
// path, so path never holds a half-written copy and an existing file is
// never overwritten. Restoring is opening the copy: stop Sésame, put the copy
// in place of the database file (removing its -wal and -shm files) and start
// it again.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != SQLite {
		return sesame.Errorf(sesame.EInvalid,
			"La sauvegarde en ligne ne concerne que les bases SQLite : sauvegardez une base PostgreSQL avec pg_dump.")
	}
	if path == "" {
		return sesame.Errorf(sesame.EInvalid, "Indiquez le fichier où écrire la sauvegarde.")
	}
	// An absolute path keeps SQLite from reading "file:…" as a URI.
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return errBackupExists(path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup %s: %w", path, err)
	}

	tmp, err := tempName(abs)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // a leftover after failure, or the second name after the link

	// A connection of its own from the reader pool: the writer stays free.
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, tmp)
	conn.Close()
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}

	// Link fails when path exists, even if it appeared since the check above.
	if err := os.Link(tmp, abs); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return errBackupExists(path)
		}
		// A file system without hard links: rename, having checked again.
		if _, statErr := os.Lstat(abs); statErr == nil {
			return errBackupExists(path)
		}
		if err := os.Rename(tmp, abs); err != nil {
			return fmt.Errorf("backup to %s: %w", path, err)
		}
	}
	// Best effort: the copy itself is on disk already.
	_ = syncFile(filepath.Dir(abs))
	s.log.InfoContext(ctx, "database backed up", "path", abs)
	return nil
}

func errBackupExists(path string) error {
	return sesame.Errorf(sesame.EConflict,
		"Le fichier %s existe déjà : la sauvegarde ne remplace jamais un fichier, choisissez un autre nom.", path)
}

// tempName returns an unused name in the directory of path.
func tempName(path string) (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-"+hex.EncodeToString(b)), nil
}

// syncFile flushes a file, or a directory's entries, to disk.
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

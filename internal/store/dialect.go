package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Dialect is the kind of database behind the store.
type Dialect string

// The two supported databases.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

//go:embed migrations
var migrations embed.FS

// sqliteDSN sets what every connection needs: WAL so readers never wait for
// the writer, foreign keys, a busy timeout for other processes (backup,
// operator commands), and a time format that sorts as text.
func sqliteDSN(path string, writer bool) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	if writer {
		// Take the write lock at BEGIN, so a transaction never fails half-way
		// when it upgrades from reading to writing.
		q.Set("_txlock", "immediate")
	}
	return "file:" + strings.TrimPrefix(path, "file:") + "?" + q.Encode()
}

func (s *Store) openSQLite() error {
	s.dialect = SQLite
	path := strings.TrimPrefix(strings.SplitN(s.url, "?", 2)[0], "sqlite://")
	var err error
	if s.write, err = sql.Open("sqlite", sqliteDSN(path, true)); err != nil {
		return err
	}
	s.write.SetMaxOpenConns(1)
	s.write.SetConnMaxIdleTime(0)
	if s.read, err = sql.Open("sqlite", sqliteDSN(path, false)); err != nil {
		return err
	}
	s.read.SetMaxOpenConns(8)
	// Open the writer first: it creates the file and switches it to WAL.
	return s.write.Ping()
}

func (s *Store) openPostgres() error {
	s.dialect = Postgres
	db, err := sql.Open("pgx", s.url)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s.read, s.write = db, db
	return db.Ping()
}

func schemaLockID(rawURL string) int64 {
	h := fnv.New64a()
	h.Write([]byte("sesame-migrations"))
	if u, err := url.Parse(rawURL); err == nil {
		h.Write([]byte(u.Query().Get("search_path")))
	}
	return int64(h.Sum64() >> 1)
}

// OpenJobDB opens the handle the job queue works with. On SQLite River wants
// its own single connection (its docs advise MaxOpenConns(1)); on PostgreSQL
// it shares the pool.
func (s *Store) OpenJobDB() (*sql.DB, error) {
	if s.dialect == Postgres {
		return s.write, nil
	}
	path := strings.TrimPrefix(strings.SplitN(s.url, "?", 2)[0], "sqlite://")
	db, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// migrate applies Sésame's migrations with goose (which locks on PostgreSQL,
// so several instances may start at once), then River's.
func (s *Store) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(s.dialect))
	if err != nil {
		return err
	}
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if s.dialect == Postgres {
		dialect = goose.DialectPostgres
		// One lock per schema: instances sharing a schema queue, while test
		// schemas side by side in one database do not wait for each other.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(schemaLockID(s.url)), lock.WithLockTimeout(1, 600))
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	provider, err := goose.NewProvider(dialect, s.write, sub, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if err := s.migrateRiver(ctx); err != nil {
		return err
	}
	if s.dialect == SQLite {
		// Refresh the planner's statistics where they are missing or stale
		// (SQLite's advice for long-lived connections); cheap when fresh.
		if _, err := s.write.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
			return fmt.Errorf("optimize: %w", err)
		}
	}
	return nil
}

func (s *Store) migrateRiver(ctx context.Context) error {
	var err error
	if s.dialect == Postgres {
		var m *rivermigrate.Migrator[*sql.Tx]
		if m, err = rivermigrate.New(riverdatabasesql.New(s.write), nil); err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	} else {
		var m *rivermigrate.Migrator[*sql.Tx]
		if m, err = rivermigrate.New(riversqlite.New(s.write), nil); err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	}
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	return nil
}

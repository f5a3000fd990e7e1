// Package store keeps Sésame's data in SQLite (embedded, the default) or
// PostgreSQL (large platforms), through database/sql with one set of
// portable queries; dialect differences live in dialect.go.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// Store is an open database. It is safe for concurrent use.
type Store struct {
	dialect Dialect
	url     string
	read    *sql.DB // readers; on SQLite a pool, on PostgreSQL the same pool as write
	write   *sql.DB // on SQLite exactly one connection, so writers queue instead of failing with SQLITE_BUSY
	log     *slog.Logger
}

// Open connects to url — a postgres:// URL, or else a SQLite file path —
// and brings the schema (Sésame's and River's) up to date.
func Open(ctx context.Context, url string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{url: url, log: log}
	var err error
	if IsPostgresURL(url) {
		err = s.openPostgres()
	} else {
		err = s.openSQLite()
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// IsPostgresURL reports whether url names a PostgreSQL database.
func IsPostgresURL(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Close releases the connections.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Dialect tells which database is behind the store.
func (s *Store) Dialect() Dialect { return s.dialect }

// WriteDB is the handle transactions run on; the job queue inserts its jobs
// inside those transactions.
func (s *Store) WriteDB() *sql.DB { return s.write }

// ReadDB is the handle for reads outside transactions.
func (s *Store) ReadDB() *sql.DB { return s.read }

// Ping checks that the database answers, for /healthz.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// querier is what both *sql.DB and *sql.Tx offer, so every query method
// serves reads outside transactions and work inside them alike.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs the store's queries on a connection pool or a transaction.
type Q struct {
	q       querier
	dialect Dialect
}

// Read returns the queries on the reader pool.
func (s *Store) Read() *Q { return &Q{q: s.read, dialect: s.dialect} }

// Tx is a write transaction: every change, its audit row and the jobs
// (mail) it causes are committed together or not at all.
type Tx struct {
	*Q
	tx *sql.Tx
}

// SQLTx exposes the transaction so the job queue can insert into it.
func (t *Tx) SQLTx() *sql.Tx { return t.tx }

// InTx runs fn in one transaction, committed when fn returns nil and rolled
// back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(&Tx{Q: &Q{q: sqlTx, dialect: s.dialect}, tx: sqlTx}); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// notFound turns sql.ErrNoRows into the domain's not-found error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errNotFound(what)
	}
	return err
}

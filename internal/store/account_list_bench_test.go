package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// benchBaseVersion is part of the cached base's name: bump it when
// Generate changes, so benchmarks never run on data of an older shape.
const benchBaseVersion = 5

// benchToday is the date the benchmark base is generated around and
// queried with, fixed so a cached base stays meaningful.
var benchToday = sesame.NewDate(2025, time.June, 15)

// benchParams says which base to use: by default 100,000 accounts over
// 5,000 establishments, so `go test -bench` stays quick; with
// SESAME_BENCH_FULL=1 the platform-sized base of 1,000,000 accounts over
// 50,000 establishments. Either way the first establishment has 50,000
// accounts.
func benchParams() store.GenerateOptions {
	o := store.GenerateOptions{Establishments: 5_000, Accounts: 100_000, BigEstablishment: 50_000, Seed: 20250615, Today: benchToday}
	if os.Getenv("SESAME_BENCH_FULL") == "1" {
		o.Establishments, o.Accounts = 50_000, 1_000_000
	}
	return o
}

// benchStore opens the benchmark base, generating it the first time. On
// SQLite it is a file under os.TempDir() named after the parameters; on
// PostgreSQL (SESAME_TEST_POSTGRES set) a schema named likewise. Both are
// kept for the next run.
func benchStore(b *testing.B, o store.GenerateOptions) *store.Store {
	b.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("sesame_bench_v%d_%d_%d_%d_%d", benchBaseVersion, o.Accounts, o.Establishments, o.BigEstablishment, o.Seed)
	var dbURL string
	var done func() error
	if base := os.Getenv(storetest.EnvPostgres); base != "" {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			b.Fatal(err)
		}
		defer admin.Close()
		var complete bool
		err = admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'bench_complete')`, name).Scan(&complete)
		if err != nil {
			b.Fatal(err)
		}
		u, err := url.Parse(base)
		if err != nil {
			b.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		dbURL = u.String()
		if !complete {
			if _, err := admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+name+` CASCADE`); err != nil {
				b.Fatal(err)
			}
			if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+name); err != nil {
				b.Fatal(err)
			}
			done = func() error {
				_, err := admin.ExecContext(ctx, `CREATE TABLE `+name+`.bench_complete ()`)
				return err
			}
		}
	} else {
		dbURL = filepath.Join(os.TempDir(), name+".db")
		if _, err := os.Stat(dbURL); err != nil {
			final := dbURL
			dbURL += ".tmp"
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(dbURL + suffix)
			}
			done = func() error { return os.Rename(dbURL, final) }
		}
	}
	if done != nil {
		s, err := store.Open(ctx, dbURL, nil)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		last := time.Now()
		o.Progress = func(n, total int) {
			if time.Since(last) > 10*time.Second {
				last = time.Now()
				fmt.Fprintf(os.Stderr, "generated %d of %d accounts in %s\n", n, total, time.Since(start).Round(time.Second))
			}
		}
		if _, err := s.Generate(ctx, o); err != nil {
			s.Close()
			b.Fatal(err)
		}
		// Printed rather than logged, so it shows without -v.
		fmt.Fprintf(os.Stderr, "generated %d accounts over %d establishments (%s) in %s\n", o.Accounts, o.Establishments,
			s.Dialect(), time.Since(start).Round(100*time.Millisecond))
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if err := done(); err != nil {
			b.Fatal(err)
		}
		if s.Dialect() == store.SQLite {
			dbURL = filepath.Join(os.TempDir(), name+".db")
		}
	}
	s, err := store.Open(ctx, dbURL, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// latency times calls one by one and reports their median and 99th
// percentile, which ns/op (a mean) hides. SESAME_BENCH_CALLS sets how many
// calls (1,000 by default).
func latency(b *testing.B, fn func()) {
	b.Helper()
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("SESAME_BENCH_CALLS")); err == nil && v > 0 {
		n = v
	}
	d := make([]time.Duration, n)
	for i := range d {
		start := time.Now()
		fn()
		d[i] = time.Since(start)
	}
	slices.Sort(d)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(d[n/2]), "p50-ms")
	b.ReportMetric(ms(d[n*99/100]), "p99-ms")
}

func BenchmarkListAccounts(b *testing.B) {
	ctx := context.Background()
	o := benchParams()
	s := benchStore(b, o)
	var big, small int64
	if err := s.ReadDB().QueryRowContext(ctx, `SELECT min(id) FROM establishments`).Scan(&big); err != nil {
		b.Fatal(err)
	}
	// A typical establishment: 20 accounts.
	if err := s.ReadDB().QueryRowContext(ctx, `SELECT establishment_id FROM accounts GROUP BY establishment_id
		HAVING count(*) = 20 ORDER BY establishment_id LIMIT 1`).Scan(&small); err != nil {
		b.Fatal(err)
	}
	q := s.Read()
	cases := []struct {
		name string
		aq   store.AccountQuery
		ids  bool // AccountIDs rather than ListAccounts
	}{
		{name: "big/list-first-page", aq: store.AccountQuery{EstablishmentID: big}},
		{name: "big/search-cel", aq: store.AccountQuery{EstablishmentID: big, Search: "cel"}},
		{name: "big/search-mart_du", aq: store.AccountQuery{EstablishmentID: big, Search: "mart du"}},
		{name: "big/filter-expiring", aq: store.AccountQuery{EstablishmentID: big, Filter: store.AccountFilterExpiring}},
		{name: "big/sort-expires_on-page-100", aq: store.AccountQuery{EstablishmentID: big, Sort: store.AccountSortExpiresOn, Offset: 99 * 25}},
		{name: "small/list", aq: store.AccountQuery{EstablishmentID: small}},
		// Beyond the brief's list: the other shapes the console produces.
		{name: "big/search-e", aq: store.AccountQuery{EstablishmentID: big, Search: "e"}},
		{name: "big/search-hum", aq: store.AccountQuery{EstablishmentID: big, Search: "hum"}},
		{name: "big/search-celine_martin", aq: store.AccountQuery{EstablishmentID: big, Search: "céline martin"}},
		{name: "big/filter-active", aq: store.AccountQuery{EstablishmentID: big, Filter: store.AccountFilterActive}},
		{name: "big/filter-locked", aq: store.AccountQuery{EstablishmentID: big, Filter: store.AccountFilterLocked}},
		{name: "big/filter-expired-search-cel", aq: store.AccountQuery{EstablishmentID: big, Filter: store.AccountFilterExpired, Search: "cel"}},
		{name: "big/sort-name-desc-last-page", aq: store.AccountQuery{EstablishmentID: big, Desc: true, Offset: 46_000, Limit: 100}},
		{name: "big/sort-first_name", aq: store.AccountQuery{EstablishmentID: big, Sort: store.AccountSortFirstName}},
		{name: "big/sort-department", aq: store.AccountQuery{EstablishmentID: big, Sort: store.AccountSortDepartment}},
		{name: "big/sort-status", aq: store.AccountQuery{EstablishmentID: big, Sort: store.AccountSortStatus}},
		{name: "big/sort-status-page-100", aq: store.AccountQuery{EstablishmentID: big, Sort: store.AccountSortStatus, Offset: 99 * 25}},
		{name: "big/sort-status-desc-last-page", aq: store.AccountQuery{EstablishmentID: big, Sort: store.AccountSortStatus, Desc: true, Offset: 46_000, Limit: 100}},
		{name: "big/ids-status", aq: store.AccountQuery{EstablishmentID: big, Sort: store.AccountSortStatus}, ids: true},
		{name: "big/sort-last_login", aq: store.AccountQuery{EstablishmentID: big, Sort: store.AccountSortLastLogin, Desc: true}},
		{name: "big/group-status", aq: store.AccountQuery{EstablishmentID: big, Group: store.AccountGroupStatus}},
		{name: "big/ids-all", aq: store.AccountQuery{EstablishmentID: big}, ids: true},
		{name: "big/ids-search-cel", aq: store.AccountQuery{EstablishmentID: big, Search: "cel"}, ids: true},
	}
	for _, c := range cases {
		c.aq.Today = benchToday
		b.Run(c.name, func(b *testing.B) {
			var n int
			call := func() {
				if c.ids {
					ids, err := q.AccountIDs(ctx, c.aq)
					if err != nil {
						b.Fatal(err)
					}
					n = len(ids)
					return
				}
				page, err := q.ListAccounts(ctx, c.aq)
				if err != nil {
					b.Fatal(err)
				}
				n = page.Total
			}
			for b.Loop() {
				call()
			}
			b.ReportMetric(float64(n), "results")
			latency(b, call)
		})
	}
}

package service_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// exportBenchAccounts is the size of the establishment the export
// benchmarks walk: 100,000 accounts, twice the largest one expected.
const exportBenchAccounts = 100_000

var exportBenchToday = sesame.NewDate(2025, time.June, 15)

// exportBenchStore opens one establishment of exportBenchAccounts
// accounts. On SQLite the base is generated once and kept in
// os.TempDir() for later runs; on PostgreSQL (SESAME_TEST_POSTGRES) it is
// generated in a fresh schema each run.
func exportBenchStore(b *testing.B) (*store.Store, int64) {
	b.Helper()
	url := ""
	if os.Getenv(storetest.EnvPostgres) == "" {
		url = filepath.Join(os.TempDir(), fmt.Sprintf("sesame_export_bench_v1_%d.db", exportBenchAccounts))
	} else {
		url = storetest.URL(b)
	}
	_, statErr := os.Stat(url)
	fresh := store.IsPostgresURL(url) || statErr != nil
	if fresh && !store.IsPostgresURL(url) {
		url += ".tmp"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(url + suffix)
		}
	}
	st, err := store.Open(ctx, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	if fresh {
		start := time.Now()
		if _, err := st.Generate(ctx, store.GenerateOptions{Establishments: 1, Accounts: exportBenchAccounts, Seed: 26, Today: exportBenchToday}); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated %d accounts in %s", exportBenchAccounts, time.Since(start).Round(time.Second))
		if !store.IsPostgresURL(url) {
			st.Close()
			final := url[:len(url)-len(".tmp")]
			if err := os.Rename(url, final); err != nil {
				b.Fatal(err)
			}
			if st, err = store.Open(ctx, final, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Cleanup(func() { st.Close() })
	var est int64
	if err := st.ReadDB().QueryRowContext(ctx, `SELECT min(id) FROM establishments`).Scan(&est); err != nil {
		b.Fatal(err)
	}
	return st, est
}

// BenchmarkExport exports every account of a 100,000-account
// establishment, as the service does for "Tout sélectionner", to a writer
// that discards it. Besides ns/op and B/op (bytes allocated in all, which
// grow with the rows), it reports the rows, the file's size and the
// largest heap growth seen during the export (peak-heap-MB: HeapAlloc,
// garbage not yet collected included, sampled every 1 MiB written), which
// is what must not grow with the rows.
func BenchmarkExport(b *testing.B) {
	st, est := exportBenchStore(b)
	clock := sesame.NewManualClock(exportBenchToday.StartOfDay().Add(10 * time.Hour))
	svc := service.New(st, nil, clock, service.NewHasher(testenv.FastHashing, 0), service.DefaultConfig(), nil)
	actor := generatedAdmin(b, st, est, exportBenchToday)
	for _, format := range []string{service.ExportCSV, service.ExportXLSX} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			var rows int
			var w *sampling
			var peak uint64
			for b.Loop() {
				w = &sampling{every: 1 << 20}
				runtime.GC()
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				base := m.HeapAlloc
				w.sample = func() {
					runtime.ReadMemStats(&m)
					if m.HeapAlloc > base && m.HeapAlloc-base > peak {
						peak = m.HeapAlloc - base
					}
				}
				n, err := svc.ExportAccounts(ctx, actor, service.ExportSelection{All: true}, format, w)
				if err != nil {
					b.Fatal(err)
				}
				rows = n
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(w.total)/(1<<20), "file-MB")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

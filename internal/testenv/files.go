package testenv

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
)

// ReadCSV checks the platform's CSV conventions (a UTF-8 BOM, ';', CRLF line
// ends, as French Excel wants) and returns the records.
func ReadCSV(t testing.TB, b []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(b, []byte("\uFEFF"))
	if !ok {
		t.Fatalf("no UTF-8 BOM: %q", b[:min(len(b), 40)])
	}
	if !bytes.Contains(rest, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(rest, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("lines are not all ended by CRLF")
	}
	r := csv.NewReader(bytes.NewReader(rest))
	r.Comma = ';'
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read CSV: %v\n%s", err, b)
	}
	return records
}

// Column returns one column of CSV records, by its header, without the header.
func Column(records [][]string, name string) []string {
	i := slices.Index(records[0], name)
	var out []string
	for _, r := range records[1:] {
		out = append(out, r[i])
	}
	return out
}

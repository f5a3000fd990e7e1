package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// TestGenerateFillsTheStoreAndPrintsAWorkingLogin runs `sesame generate` on
// a small base: the accounts are there, progress went to stderr as plain
// lines (it is not a terminal), and the printed administrator and the CSV's
// people can log in to their establishment with the printed password.
func TestGenerateFillsTheStoreAndPrintsAWorkingLogin(t *testing.T) {
	ctx := context.Background()
	db := storetest.URL(t)
	csvPath := filepath.Join(t.TempDir(), "connexions.csv")
	var out, errOut bytes.Buffer
	env := &environment{getenv: func(string) string { return "" }, stdout: &out, stderr: &errOut}
	err := env.generate(ctx, []string{"--db", db, "--accounts", "1200", "--establishments", "30", "--big", "400",
		"--seed", "7", "--logins", "3", "--logins-file", csvPath})
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, errOut.String())
	}
	if strings.Contains(errOut.String(), "\r") || !strings.Contains(errOut.String(), "100 %") {
		t.Errorf("progress on a non-terminal should be plain lines up to 100 %%:\n%s", errOut.String())
	}
	for _, want := range []string{"1 200 sur 30 établissements, dont 400 dans le premier", "sesame serve --dev --db", "7 comptes connectables"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	identifier := regexp.MustCompile(`Identifiant +(\S+)`).FindStringSubmatch(out.String())
	password := regexp.MustCompile(`Mot de passe +(\S+)`).FindStringSubmatch(out.String())
	if identifier == nil || password == nil {
		t.Fatalf("no login printed:\n%s", out.String())
	}
	if r := sesame.CheckPassword(password[1], identifier[1], "", ""); !r.OK() {
		t.Errorf("the drawn password %q breaks the rules: %v", password[1], r.Messages())
	}

	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+7 || rows[1][0] != identifier[1] || rows[1][2] != "admin" || rows[7][2] != "user" {
		t.Fatalf("CSV = %v, want a header, the printed admin, 3 more admins and 3 users", rows)
	}

	st, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var accounts, big int
	if err := st.ReadDB().QueryRowContext(ctx, `SELECT count(*) FROM accounts`).Scan(&accounts); err != nil {
		t.Fatal(err)
	}
	if err := st.ReadDB().QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE establishment_id = (SELECT min(id) FROM establishments)`).Scan(&big); err != nil {
		t.Fatal(err)
	}
	if accounts != 1200+7 || big != 400+7 {
		t.Errorf("%d accounts, %d in the first establishment; want 1207 and 407", accounts, big)
	}
	svc := service.New(st, nil, sesame.SystemClock{}, service.NewHasher(service.OWASPParams, 0), service.DefaultConfig(), nil)
	for _, row := range [][]string{rows[1], rows[7]} {
		res, err := svc.Login(ctx, row[0], row[1], "127.0.0.1", "generate_test")
		if err != nil {
			t.Fatalf("login of %s (%s): %v", row[0], row[2], err)
		}
		if res.Choose {
			t.Errorf("%s has more than one establishment to choose from", row[0])
		}
	}
}

func TestGenerateRefusesImpossibleSizes(t *testing.T) {
	db := storetest.URL(t)
	for _, args := range [][]string{
		{"--accounts", "10", "--establishments", "20"},
		{"--accounts", "100", "--establishments", "10", "--big", "95"},
		{"--establishments", "0"},
	} {
		env := &environment{getenv: func(string) string { return "" }, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
		if err := env.generate(context.Background(), append([]string{"--db", db}, args...)); err == nil {
			t.Errorf("generate %v: no error", args)
		}
	}
}

func TestFrenchNumbers(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1 000", 1000000: "1 000 000", -12345: "-12 345"} {
		if got := frInt(n); got != want {
			t.Errorf("frInt(%d) = %q, want %q", n, got, want)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// cli runs the command line in-process against db and returns its output
// and error.
func cli(db string, args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		if k == "SESAME_DB" {
			return db
		}
		return ""
	}
	err := run(context.Background(), args, getenv, &out, &errOut)
	return out.String(), errOut.String(), err
}

func validEstablishmentArgs() map[string]string {
	return map[string]string{"--name": "COMMUNE DE SAINT-ÉMILION", "--siret": "21330394500017", "--street": "Place Pioceau",
		"--postcode": "33330", "--city": "Saint-Émilion", "--rep-civility": "Mme", "--rep-surname": "Dubois",
		"--rep-first-name": "Claire", "--rep-title": "Maire"}
}

func flags(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}

func TestOperatorCommandsRefuseBadInputInFrenchAndChangeNothing(t *testing.T) {
	db := storetest.URL(t)
	huge := strings.Repeat("Dupont", 2000) // 12 KB
	for _, tc := range []struct {
		name, flag, value, want string
	}{
		{"empty name", "--name", "", "--name : Ce champ est obligatoire."},
		{"10 KB name", "--name", huge, "--name : 200 caractères au maximum."},
		{"invalid SIRET", "--siret", "21330394500018", "--siret : Le numéro SIRET doit comporter 14 chiffres"},
		{"letters in SIRET", "--siret", "2133039450001A", "--siret : Le numéro SIRET"},
		{"script tag", "--rep-surname", "<script>alert(1)</script>", "--rep-surname : Seuls les lettres"},
		{"bad postcode", "--postcode", "3333", "--postcode : Le code postal doit comporter 5 chiffres."},
	} {
		args := validEstablishmentArgs()
		args[tc.flag] = tc.value
		_, _, err := cli(db, append([]string{"establishment", "create"}, flags(args)...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "rien n'a été enregistré") {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
	out, _, err := cli(db, append([]string{"establishment", "create"}, flags(validEstablishmentArgs())...)...)
	if err != nil || !strings.Contains(out, "Établissement créé") {
		t.Fatalf("valid establishment: %v %s", err, out)
	}
	for _, tc := range []struct {
		name, flag, value, want string
	}{
		{"malformed e-mail", "--email", "jean.louty@", "--email : Saisissez une adresse électronique valide"},
		{"script in first name", "--first-name", "<script>", "--first-name : Seuls les lettres"},
		{"10 KB surname", "--surname", huge, "--surname : 100 caractères au maximum."},
		{"empty surname", "--surname", "", "--surname : Ce champ est obligatoire."},
		{"bad civility", "--civility", "Dr", "--civility : Choisissez la civilité."},
	} {
		args := map[string]string{"--establishment": "21330394500017", "--civility": "M", "--surname": "Louty",
			"--first-name": "Jean", "--email": "jean.louty@mairie.example"}
		args[tc.flag] = tc.value
		_, _, err := cli(db, append([]string{"admin", "create"}, flags(args)...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
	st, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var persons, establishments int
	_ = st.ReadDB().QueryRow(`SELECT COUNT(*) FROM persons`).Scan(&persons)
	_ = st.ReadDB().QueryRow(`SELECT COUNT(*) FROM establishments`).Scan(&establishments)
	if persons != 0 || establishments != 1 {
		t.Fatalf("refused commands left rows: %d persons, %d establishments", persons, establishments)
	}
}

var openLine = regexp.MustCompile(`Ouvrez +(http://[^/]+)/connexion`)

// syncBuffer lets the test read what the running demo printed so far.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestDemoServesAndShutsDownGracefully runs the README's first command:
// demo data, a printed login that works, the dev mailbox, and a clean stop.
func TestDemoServesAndShutsDownGracefully(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	db := filepath.Join(t.TempDir(), "demo.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	getenv := func(k string) string {
		return map[string]string{"SESAME_DB": db, "SESAME_ADDR": "127.0.0.1:0", "SESAME_LOG_FORMAT": "text"}[k]
	}
	go func() { done <- run(ctx, []string{"demo"}, getenv, &out, io.Discard) }()
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := openLine.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("the demo printed no address:\n%s", out.String())
	}
	id := regexp.MustCompile(`Identifiant +([A-Z]{3}[0-9]{6})`).FindStringSubmatch(out.String())
	pw := regexp.MustCompile(`Mot de passe +(\S+)`).FindStringSubmatch(out.String())
	if id == nil || pw == nil {
		t.Fatalf("no login printed:\n%s", out.String())
	}
	c := browser(t)
	res := post(t, c, base+"/connexion", "identifier="+id[1]+"&password="+pw[1])
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the printed login does not work: %d", res.StatusCode)
	}
	page := get(t, c, base+"/")
	if !strings.Contains(page, "Tableau de bord") {
		t.Fatalf("no dashboard after demo login")
	}
	// Mail goes to the dev mailbox: ask for a password reset.
	post(t, c, base+"/aide/mot-de-passe", "identifier="+id[1])
	var box string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if box = get(t, c, base+"/dev/courriels"); strings.Contains(box, "Réinitialiser votre mot de passe") {
			break
		}
	}
	if !strings.Contains(box, "Réinitialiser votre mot de passe") {
		t.Fatalf("the reset mail is not in the dev mailbox:\n%s", box)
	}
	var accounts int
	st, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = st.ReadDB().QueryRow(`SELECT COUNT(*) FROM accounts`).Scan(&accounts)
	st.Close()
	if accounts < 40 {
		t.Errorf("the demo holds %d accounts, want about 40", accounts)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("demo stopped with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the demo did not stop")
	}
}

func browser(t *testing.T) *http.Client {
	t.Helper()
	jar := newJar()
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func post(t *testing.T, c *http.Client, u, body string) *http.Response {
	t.Helper()
	res, err := c.Post(u, "application/x-www-form-urlencoded", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

func newJar() http.CookieJar {
	jar, _ := cookiejar.New(nil)
	return jar
}

func TestPublishCGUCommand(t *testing.T) {
	db := storetest.URL(t)
	file := filepath.Join(t.TempDir(), "cgu.txt")
	if err := os.WriteFile(file, []byte("Article 1 — Objet.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := cli(db, "cgu", "publish", "--title", "CGU 2026", "--file", file, "--deadline", "31/02/2026")
	if err == nil || !strings.Contains(err.Error(), "--deadline : Date invalide") {
		t.Fatalf("an impossible date: %v", err)
	}
	out, _, err := cli(db, "cgu", "publish", "--title", "CGU 2026", "--file", file, "--deadline", "31/12/2099")
	if err != nil || !strings.Contains(out, "à accepter avant le 31/12/2099") {
		t.Fatalf("publish: %v %s", err, out)
	}
}

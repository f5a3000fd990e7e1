package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/testenv"
	"github.com/sesame-platform/sesame/internal/web"
)

// site is a running Sésame for handler tests.
type site struct {
	*testenv.Env
	URL string
}

func newSite(t *testing.T, dev bool) *site {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	env := testenv.New(t, srv.URL)
	var box *mail.Mailbox
	if dev {
		box = mail.NewMailbox()
	}
	var err error
	h, err = web.New(web.Config{Service: env.Service, Health: env.Store, Dev: dev, Mailbox: box,
		Log: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	return &site{Env: env, URL: srv.URL}
}

// testLog sends the server's warnings and errors to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// browser is an HTTP client with cookies that does not follow redirects.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type response struct {
	status   int
	body     string
	location string
	raw      string // the body as sent, before unescaping
	bytes    []byte // the same, for files (exports)
	header   http.Header
}

func do(t *testing.T, c *http.Client, method, u string, form url.Values) response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: html.UnescapeString(string(b)), raw: string(b), bytes: b, header: res.Header, location: res.Header.Get("Location")}
}

// activeAdmin creates the establishment and activates its administrator.
func (s *site) activeAdmin(t *testing.T) (identifier, email string) {
	t.Helper()
	admin := testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example")
	_, na := s.Establishment(t, testenv.ValidEstablishment(), admin)
	link := s.ActivationLink(t, admin.Email)
	res := do(t, browser(t), "POST", link, url.Values{"password": {"Vigne-Rouge-26!"}, "confirm": {"Vigne-Rouge-26!"}})
	if res.status != 200 || !strings.Contains(res.body, "Votre mot de passe a bien été créé.") {
		t.Fatalf("activation: %d\n%s", res.status, res.body)
	}
	return na.Person.Identifier, admin.Email
}

func TestLoginDoesNotRevealWhetherTheIdentifierExists(t *testing.T) {
	s := newSite(t, false)
	id, _ := s.activeAdmin(t)
	unknown := "ZZZ999999"
	c := browser(t)
	wrong := do(t, c, "POST", s.URL+"/connexion", url.Values{"identifier": {id}, "password": {"Mauvais-Mot-2!"}})
	none := do(t, c, "POST", s.URL+"/connexion", url.Values{"identifier": {unknown}, "password": {"Mauvais-Mot-2!"}})
	if wrong.status != none.status || wrong.status != http.StatusUnauthorized {
		t.Fatalf("statuses differ: wrong password %d, unknown identifier %d", wrong.status, none.status)
	}
	// The form echoes what was typed; apart from that, the pages are identical.
	if strings.ReplaceAll(wrong.body, id, "X") != strings.ReplaceAll(none.body, unknown, "X") {
		t.Fatalf("bodies differ between a wrong password and an unknown identifier")
	}
	if !strings.Contains(wrong.body, "Identifiant ou mot de passe incorrect") {
		t.Fatalf("no refusal message:\n%s", wrong.body)
	}
}

func TestHelpRequestsDoNotRevealWhoExists(t *testing.T) {
	s := newSite(t, false)
	id, email := s.activeAdmin(t)
	for _, tc := range []struct {
		path, field, known, unknown string
	}{
		{"/aide/deblocage", "identifier", id, "ZZZ999999"},
		{"/aide/identifiant", "email", email, "inconnu@nulle-part.example"},
		{"/aide/mot-de-passe", "identifier", id, "ZZZ999999"},
	} {
		c := browser(t)
		known := do(t, c, "POST", s.URL+tc.path, url.Values{tc.field: {tc.known}})
		unknown := do(t, c, "POST", s.URL+tc.path, url.Values{tc.field: {tc.unknown}})
		if known.status != 200 || known.status != unknown.status || known.body != unknown.body {
			t.Errorf("%s: known %d / unknown %d, or the pages differ", tc.path, known.status, unknown.status)
		}
	}
}

func TestLoginThenDashboardThenLogout(t *testing.T) {
	s := newSite(t, false)
	id, _ := s.activeAdmin(t)
	c := browser(t)
	if res := do(t, c, "GET", s.URL+"/", nil); res.status != http.StatusSeeOther || res.location != "/connexion" {
		t.Fatalf("anonymous dashboard: %d %q", res.status, res.location)
	}
	res := do(t, c, "POST", s.URL+"/connexion", url.Values{"identifier": {strings.ToLower(id)}, "password": {"Vigne-Rouge-26!"}})
	if res.status != http.StatusSeeOther || res.location != "/" {
		t.Fatalf("login: %d %q\n%s", res.status, res.location, res.body)
	}
	res = do(t, c, "GET", s.URL+"/", nil)
	for _, want := range []string{"Tableau de bord", "COMMUNE DE SAINT-ÉMILION", "Affiliation CNRACL", "Modification"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if res = do(t, c, "POST", s.URL+"/deconnexion", url.Values{}); res.status != 200 {
		t.Fatalf("logout: %d", res.status)
	}
	if res = do(t, c, "GET", s.URL+"/", nil); res.status != http.StatusSeeOther {
		t.Fatalf("dashboard after logout: %d", res.status)
	}
}

func TestLockedPersonsSessionEnds(t *testing.T) {
	s := newSite(t, false)
	id, _ := s.activeAdmin(t)
	c := browser(t)
	do(t, c, "POST", s.URL+"/connexion", url.Values{"identifier": {id}, "password": {"Vigne-Rouge-26!"}})
	if res := do(t, c, "GET", s.URL+"/", nil); res.status != 200 {
		t.Fatalf("dashboard: %d", res.status)
	}
	attacker := browser(t)
	for range 5 {
		do(t, attacker, "POST", s.URL+"/connexion", url.Values{"identifier": {id}, "password": {"Essai-Pirate-1!"}})
	}
	if res := do(t, c, "GET", s.URL+"/", nil); res.status != http.StatusSeeOther {
		t.Fatalf("the locked person's open session still shows the dashboard: %d", res.status)
	}
	res := do(t, c, "POST", s.URL+"/connexion", url.Values{"identifier": {id}, "password": {"Vigne-Rouge-26!"}})
	if res.status != http.StatusForbidden || !strings.Contains(res.body, "bloqué") || !strings.Contains(res.body, "aide") {
		t.Fatalf("locked login: %d\n%s", res.status, res.body)
	}
}

func TestBadInputGetsFrenchMessagesNextToTheField(t *testing.T) {
	s := newSite(t, false)
	_, _ = s.activeAdmin(t)
	c := browser(t)
	long := strings.Repeat("a", 10<<10)
	for _, tc := range []struct {
		name, path string
		form       url.Values
		field, msg string
	}{
		{"empty login", "/connexion", url.Values{"identifier": {""}, "password": {""}}, "f-identifier-error", "Ce champ est obligatoire."},
		{"empty unlock", "/aide/deblocage", url.Values{"identifier": {" "}}, "f-deblocage-identifier-error", "Ce champ est obligatoire."},
		{"malformed e-mail", "/aide/identifiant", url.Values{"email": {"pas-une-adresse"}}, "f-identifiant-email-error", "adresse électronique valide"},
		{"script tag e-mail", "/aide/identifiant", url.Values{"email": {"<script>alert(1)</script>"}}, "f-identifiant-email-error", "adresse électronique valide"},
		{"10 KB identifier", "/connexion", url.Values{"identifier": {long}, "password": {"x"}}, "", "Identifiant ou mot de passe incorrect"},
	} {
		res := do(t, c, "POST", s.URL+tc.path, tc.form)
		if res.status < 400 || !strings.Contains(res.body, tc.msg) {
			t.Errorf("%s: %d, want the message %q", tc.name, res.status, tc.msg)
		}
		if tc.field != "" && !strings.Contains(res.body, `id="`+tc.field+`">`+tc.msg) && !strings.Contains(res.body, `id="`+tc.field+`">`) {
			t.Errorf("%s: the message is not next to its field (%s)", tc.name, tc.field)
		}
		if strings.Contains(res.raw, "<script>alert(1)</script>") {
			t.Errorf("%s: input echoed unescaped", tc.name)
		}
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	s := newSite(t, false)
	req, _ := http.NewRequest("POST", s.URL+"/connexion", strings.NewReader("identifier=a&password=b"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d, want 403", res.StatusCode)
	}
}

func TestHealthMetricsAndDevMailbox(t *testing.T) {
	s := newSite(t, false)
	c := browser(t)
	if res := do(t, c, "GET", s.URL+"/healthz", nil); res.status != 200 || res.body != "ok\n" {
		t.Errorf("healthz: %d %q", res.status, res.body)
	}
	do(t, c, "GET", s.URL+"/connexion", nil)
	if res := do(t, c, "GET", s.URL+"/metrics", nil); !strings.Contains(res.body, `sesame_http_requests_total{route="GET /connexion",status="200"}`) {
		t.Errorf("metrics lack the login page's requests:\n%s", res.body)
	}
	if res := do(t, c, "GET", s.URL+"/dev/courriels", nil); res.status != http.StatusNotFound {
		t.Errorf("dev mailbox outside dev mode: %d, want 404", res.status)
	}
	s.Store.Close()
	if res := do(t, c, "GET", s.URL+"/healthz", nil); res.status != http.StatusServiceUnavailable {
		t.Errorf("healthz with the database closed: %d, want 503", res.status)
	}
}

func TestActivationLinkPages(t *testing.T) {
	s := newSite(t, false)
	admin := testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example")
	s.Establishment(t, testenv.ValidEstablishment(), admin)
	link := s.ActivationLink(t, admin.Email)
	c := browser(t)
	res := do(t, c, "GET", link, nil)
	if res.status != 200 || !strings.Contains(res.body, "Créer votre mot de passe") || !strings.Contains(res.body, "1 caractère spécial") {
		t.Fatalf("activation page: %d\n%s", res.status, res.body)
	}
	if res := do(t, c, "GET", s.URL+"/activation/pas-un-vrai-lien", nil); res.status != http.StatusNotFound || !strings.Contains(res.body, "Ce lien n'est pas valide") {
		t.Errorf("forged link: %d", res.status)
	}
	res = do(t, c, "POST", link, url.Values{"password": {"court"}, "confirm": {"court"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "8 caractères") {
		t.Errorf("weak password: %d", res.status)
	}
	env := s.Env
	env.Clock.Advance(16 * 24 * 3600 * 1e9)
	res = do(t, c, "GET", link, nil)
	if res.status != http.StatusConflict || !strings.Contains(res.body, "expiré") {
		t.Errorf("expired link: %d\n%s", res.status, res.body)
	}
}

func TestAFailedChangeLeavesNoHistoryAndNoMail(t *testing.T) {
	env := testenv.New(t, "http://sesame.test")
	est, err := env.Service.CreateEstablishment(context.Background(), testenv.Operator, testenv.ValidEstablishment())
	if err != nil {
		t.Fatal(err)
	}
	before := counts(t, env)
	// The e-mail is valid for the form but the whole transaction fails at
	// the end (its establishment does not exist): nothing may remain.
	_, err = env.Service.CreateFirstAdministrator(context.Background(), testenv.Operator, est.ID+1000,
		testenv.ValidPerson("Jean", "Louty", "jean.louty@mairie.example"))
	if sesame.ErrorCode(err) != sesame.ENotFound {
		t.Fatalf("got %v", err)
	}
	failing := testenv.FailingAfterEnqueue(t, env)
	_, err = failing.CreateFirstAdministrator(context.Background(), testenv.Operator, est.ID,
		testenv.ValidPerson("Jean", "Louty", "jean.louty@mairie.example"))
	if err == nil {
		t.Fatal("the failing outbox did not fail the change")
	}
	if after := counts(t, env); after != before {
		t.Fatalf("a failed change left rows: before %+v, after %+v", before, after)
	}
}

type rowCounts struct{ persons, accounts, events, jobs, tokens int }

func counts(t *testing.T, env *testenv.Env) rowCounts {
	t.Helper()
	var c rowCounts
	db := env.Store.ReadDB()
	for q, dst := range map[string]*int{
		"SELECT COUNT(*) FROM persons": &c.persons, "SELECT COUNT(*) FROM accounts": &c.accounts,
		"SELECT COUNT(*) FROM audit_events": &c.events, "SELECT COUNT(*) FROM river_job": &c.jobs, "SELECT COUNT(*) FROM tokens": &c.tokens,
	} {
		if err := db.QueryRow(q).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

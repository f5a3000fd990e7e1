// Command sesame-load drives a running Sésame the way its people do, to
// measure the console under load (issue 6): it logs in N simulated
// administrators and M users over real HTTP (cookie jar, form posts, the
// application's redirects followed), then for a set duration the
// administrators list the console, search as one types (one htmx request
// per keystroke), open an account, renew one (confirm, then renew) and now
// and then log out and in again, while users open their dashboard and Mon
// compte. It reports throughput and latency percentiles per action and
// overall, and every error (any status outside 2xx/3xx, a lost session, a
// transport failure), printing the first few.
//
// Credentials come from the CSV `sesame generate --logins K` writes
// (identifiant;mot_de_passe;profil):
//
//	sesame generate --db bench.db --accounts 1000000 --establishments 50000 --logins 100
//	sesame serve --dev --db bench.db
//	go run ./cmd/sesame-load --url http://127.0.0.1:8080 --identifiers bench-connexions.csv \
//	    --admins 100 --users 100 --duration 60s
//
// It only talks to a server on this machine (a loopback address): a load
// test is for a server you run, never someone else's.
package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "sesame-load:", err)
		}
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	url         *url.URL
	identifiers string
	admins      int
	users       int
	duration    time.Duration
	think       time.Duration
	typeDelay   time.Duration
	minChars    int
	timeout     time.Duration
	maxRequests int64
	seed        uint64
}

func parse(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("sesame-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	var rawURL string
	fs.StringVar(&rawURL, "url", "http://127.0.0.1:8080", "adresse du serveur Sésame (sur cette machine)")
	fs.StringVar(&c.identifiers, "identifiers", "", "CSV identifiant;mot_de_passe;profil écrit par « sesame generate --logins K »")
	fs.IntVar(&c.admins, "admins", 100, "administrateurs simulés (sessions)")
	fs.IntVar(&c.users, "users", 100, "utilisateurs simulés (sessions)")
	fs.DurationVar(&c.duration, "duration", 60*time.Second, "durée du mélange d'actions, après les connexions")
	fs.DurationVar(&c.think, "think", time.Second, "pause moyenne entre deux actions d'une session (loi exponentielle ; 0 : aucune)")
	fs.DurationVar(&c.typeDelay, "type-delay", 250*time.Millisecond, "intervalle entre deux frappes de la recherche (htmx attend 200 ms)")
	fs.IntVar(&c.minChars, "min-chars", 2, "longueur à partir de laquelle la recherche part (2 : dès la deuxième lettre, comme la console)")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "délai maximal d'une requête")
	fs.Int64Var(&c.maxRequests, "max-requests", 2_000_000, "borne du nombre total de requêtes")
	fs.Uint64Var(&c.seed, "seed", 1, "graine du tirage des actions")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	u, err := url.Parse(strings.TrimRight(rawURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--url : adresse http(s) attendue, pas %q", rawURL)
	}
	if err := mustBeLoopback(u.Hostname()); err != nil {
		return nil, err
	}
	c.url = u
	switch {
	case c.identifiers == "":
		return nil, errors.New("--identifiers : le fichier des comptes connectables est obligatoire (sesame generate --logins K l'écrit)")
	case c.admins < 0 || c.users < 0 || c.admins+c.users == 0:
		return nil, errors.New("--admins et --users : au moins une session")
	case c.duration <= 0 || c.duration > time.Hour:
		return nil, errors.New("--duration : entre 1 s et 1 h")
	case c.minChars < 1:
		return nil, errors.New("--min-chars : au moins 1")
	}
	return &c, nil
}

// mustBeLoopback refuses any server not on this machine.
func mustBeLoopback(host string) error {
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil {
		addrs, err := net.LookupIP(host)
		if err != nil || len(addrs) == 0 {
			return fmt.Errorf("--url : hôte %q introuvable", host)
		}
		ip = addrs[0]
	}
	if !ip.IsLoopback() {
		return fmt.Errorf("--url : %s n'est pas une adresse de cette machine ; sesame-load ne charge qu'un serveur local", host)
	}
	return nil
}

// credential is one loggable person of the CSV.
type credential struct {
	identifier, password, profile string
}

func readCredentials(path string) (admins, users []credential, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("%s : %w", path, err)
	}
	for i, row := range rows {
		if len(row) < 3 {
			return nil, nil, fmt.Errorf("%s, ligne %d : trois colonnes attendues", path, i+1)
		}
		if i == 0 && row[0] == "identifiant" {
			continue
		}
		c := credential{identifier: row[0], password: row[1], profile: row[2]}
		switch c.profile {
		case "admin":
			admins = append(admins, c)
		case "user":
			users = append(users, c)
		}
	}
	return admins, users, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	admins, users, err := readCredentials(c.identifiers)
	if err != nil {
		return err
	}
	if (c.admins > 0 && len(admins) == 0) || (c.users > 0 && len(users) == 0) {
		return fmt.Errorf("%s : %d administrateurs et %d utilisateurs, il en faut au moins un de chaque profil demandé", c.identifiers, len(admins), len(users))
	}
	if c.admins > len(admins) || c.users > len(users) {
		fmt.Fprintf(stderr, "Note : %d administrateurs et %d utilisateurs dans %s ; certaines personnes auront plusieurs sessions.\n",
			len(admins), len(users), c.identifiers)
	}

	// One transport for all, as many connections as sessions, like as many
	// browsers.
	n := c.admins + c.users
	transport := &http.Transport{Proxy: nil, MaxIdleConns: 2 * n, MaxIdleConnsPerHost: 2 * n, IdleConnTimeout: 90 * time.Second,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext}
	defer transport.CloseIdleConnections()
	rec := newRecorder(c.maxRequests)
	sessions := make([]*session, n)
	for i := range sessions {
		jar, _ := cookiejar.New(nil)
		s := &session{cfg: c, rec: rec, rng: rand.New(rand.NewPCG(c.seed, uint64(i))),
			client: &http.Client{Jar: jar, Transport: transport, Timeout: c.timeout}}
		if i < c.admins {
			s.cred, s.admin = admins[i%len(admins)], true
		} else {
			s.cred = users[(i-c.admins)%len(users)]
		}
		sessions[i] = s
	}

	fmt.Fprintf(stdout, "sesame-load : %s, %d administrateurs et %d utilisateurs, %s de mélange, pause moyenne %s, frappe %s\n",
		c.url, c.admins, c.users, c.duration, c.think, c.typeDelay)

	// 1. Everyone logs in at once: a login storm, measured on its own.
	stormStart := time.Now()
	var wg sync.WaitGroup
	var loggedIn atomic.Int64
	for _, s := range sessions {
		wg.Go(func() {
			if s.login(ctx, actLoginStorm) {
				loggedIn.Add(1)
			}
		})
	}
	wg.Wait()
	stormTime := time.Since(stormStart)
	fmt.Fprintf(stdout, "Connexions initiales : %d sur %d en %s\n", loggedIn.Load(), n, stormTime.Round(time.Millisecond))
	if loggedIn.Load() == 0 {
		rec.report(stdout, 0)
		return errors.New("aucune session n'a pu se connecter")
	}

	// 2. The mix, for the duration.
	rec.startMix()
	mixCtx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	mixStart := time.Now()
	for _, s := range sessions {
		if !s.loggedIn {
			continue
		}
		wg.Go(func() { s.work(mixCtx) })
	}
	wg.Wait()
	elapsed := time.Since(mixStart)
	rec.report(stdout, elapsed)
	if e := rec.errors.Load(); e > 0 {
		return fmt.Errorf("%d erreur(s)", e)
	}
	return nil
}

// Actions, as the report names them.
const (
	actLoginStorm = "connexion (initiale)"
	actLoginPage  = "page de connexion"
	actLogin      = "connexion"
	actLogout     = "déconnexion"
	actList       = "console : liste"
	actSearch     = "console : recherche (frappe)"
	actOpen       = "console : fiche"
	actConfirm    = "console : confirmer"
	actRenew      = "console : renouveler"
	actDashboard  = "tableau de bord"
	actMyAccount  = "mon compte"
)

// session is one simulated person in their browser.
type session struct {
	cfg      *config
	rec      *recorder
	rng      *rand.Rand
	client   *http.Client
	cred     credential
	admin    bool
	loggedIn bool
	accounts []string // account IDs seen in the last list, to open or renew
}

// searchWords are what administrators type: names and departments of the
// generated base, accents and all (the search folds them).
var searchWords = []string{"céline", "martin", "dupont", "bernard", "petit", "durand", "leroy", "moreau", "simon",
	"laurent", "lefèvre", "michel", "garcia", "david", "bertrand", "roux", "vincent", "fournier", "morel", "girard",
	"andré", "mercier", "lambert", "bonnet", "françois", "nguyen", "hélène", "jérôme", "paie", "ressources", "finances",
	"urbanisme", "sophie", "nicolas", "isabelle", "philippe"}

// work runs the session's mix until ctx ends.
func (s *session) work(ctx context.Context) {
	for ctx.Err() == nil && !s.rec.exhausted() {
		s.pause(ctx, s.thinkTime())
		if ctx.Err() != nil {
			return
		}
		if !s.loggedIn {
			s.login(ctx, actLogin)
			continue
		}
		r := s.rng.IntN(100)
		if s.admin {
			switch {
			case r < 20:
				s.list(ctx)
			case r < 55:
				s.search(ctx)
			case r < 80:
				s.open(ctx)
			case r < 95:
				s.renew(ctx)
			default:
				s.relogin(ctx)
			}
			continue
		}
		switch {
		case r < 50:
			s.get(ctx, actDashboard, "/", nil)
		case r < 95:
			s.get(ctx, actMyAccount, "/mon-compte", nil)
		default:
			s.relogin(ctx)
		}
	}
}

func (s *session) thinkTime() time.Duration {
	if s.cfg.think <= 0 {
		return 0
	}
	// Exponential, capped at five times the mean so no session sleeps
	// through the run.
	return time.Duration(math.Min(s.rng.ExpFloat64(), 5) * float64(s.cfg.think))
}

func (s *session) pause(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// login opens the login page, then posts the form and follows the
// redirect to the dashboard (or the establishment choice).
func (s *session) login(ctx context.Context, action string) bool {
	if _, ok := s.get(ctx, actLoginPage, "/connexion", nil); !ok {
		return false
	}
	form := url.Values{"identifier": {s.cred.identifier}, "password": {s.cred.password}, "next": {""}}
	res, ok := s.do(ctx, action, http.MethodPost, "/connexion", form, nil, true)
	s.loggedIn = ok && res.finalPath != "/connexion"
	if ok && !s.loggedIn {
		s.rec.fail(action, "POST /connexion", res.status, "la connexion de "+s.cred.identifier+" a échoué : "+res.snippet)
	}
	return s.loggedIn
}

func (s *session) relogin(ctx context.Context) {
	if _, ok := s.do(ctx, actLogout, http.MethodPost, "/deconnexion", url.Values{}, nil, true); !ok {
		return
	}
	s.loggedIn = false
	s.pause(ctx, s.thinkTime())
	if ctx.Err() == nil {
		s.login(ctx, actLogin)
	}
}

var listPaths = []string{"/etablissement/comptes", "/etablissement/comptes", "/etablissement/comptes?page=2",
	"/etablissement/comptes?tri=expires_on", "/etablissement/comptes?filtre=expiring", "/etablissement/comptes?page=40&par=50"}

func (s *session) list(ctx context.Context) {
	s.getAccounts(ctx, actList, listPaths[s.rng.IntN(len(listPaths))], nil)
}

// search types a word a letter at a time, as htmx sends it: one request per
// keystroke for the results only.
func (s *session) search(ctx context.Context) {
	word := []rune(searchWords[s.rng.IntN(len(searchWords))])
	keys := min(len(word), 3+s.rng.IntN(3))
	hx := map[string]string{"HX-Request": "true", "HX-Target": "resultats", "HX-Current-URL": s.cfg.url.String() + "/etablissement/comptes"}
	for k := 1; k <= keys && ctx.Err() == nil; k++ {
		if k > 1 {
			s.pause(ctx, s.cfg.typeDelay)
		}
		if k < s.cfg.minChars {
			continue // typed, but too short for the search to start
		}
		if !s.getAccounts(ctx, actSearch, "/etablissement/comptes?q="+url.QueryEscape(string(word[:k])), hx) {
			return
		}
	}
}

// open shows an account's page, from the last list seen.
func (s *session) open(ctx context.Context) {
	id, ok := s.someAccount(ctx)
	if ok {
		s.get(ctx, actOpen, "/etablissement/comptes/"+id, nil)
	}
}

// renew renews one account from the list, through its confirmation dialog.
func (s *session) renew(ctx context.Context) {
	id, ok := s.someAccount(ctx)
	if !ok {
		return
	}
	form := url.Values{"action": {"renouveler"}, "ids": {id}}
	if _, ok := s.do(ctx, actConfirm, http.MethodPost, "/etablissement/comptes/confirmer", form,
		map[string]string{"HX-Request": "true", "HX-Target": "dialog-body"}, false); !ok {
		return
	}
	s.pause(ctx, s.cfg.typeDelay) // reading the dialog, a click
	form = url.Values{"ids": {id}, "q": {""}, "filtre": {""}, "groupe": {""}}
	s.do(ctx, actRenew, http.MethodPost, "/etablissement/comptes/renouveler", form,
		map[string]string{"HX-Request": "true", "HX-Target": "resultats"}, false)
}

func (s *session) someAccount(ctx context.Context) (string, bool) {
	if len(s.accounts) == 0 && !s.getAccounts(ctx, actList, "/etablissement/comptes", nil) {
		return "", false
	}
	if len(s.accounts) == 0 {
		return "", false
	}
	return s.accounts[s.rng.IntN(len(s.accounts))], true
}

var rowID = regexp.MustCompile(`<tr data-id="(\d+)"`)

// getAccounts loads a list and remembers its accounts.
func (s *session) getAccounts(ctx context.Context, action, path string, headers map[string]string) bool {
	res, ok := s.get(ctx, action, path, headers)
	if !ok {
		return false
	}
	if m := rowID.FindAllStringSubmatch(res.body, -1); len(m) > 0 {
		s.accounts = s.accounts[:0]
		for _, g := range m {
			s.accounts = append(s.accounts, g[1])
		}
	}
	return true
}

func (s *session) get(ctx context.Context, action, path string, headers map[string]string) (*result, bool) {
	return s.do(ctx, action, http.MethodGet, path, nil, headers, action == actLoginPage)
}

// result is what a request's checks need.
type result struct {
	status    int
	finalPath string
	body      string
	snippet   string
}

// do sends one request (following redirects, as a browser does), times it,
// and checks it: a status outside 2xx/3xx, a transport error, or, unless
// anonymous, a session sent back to the login page, is an error.
func (s *session) do(ctx context.Context, action, method, path string, form url.Values, headers map[string]string, anonymous bool) (*result, bool) {
	if !s.rec.take() {
		return nil, false
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, s.cfg.url.String()+path, body)
	if err != nil {
		s.rec.fail(action, method+" "+path, 0, err.Error())
		return nil, false
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("User-Agent", "sesame-load")
	req.Header.Set("Accept-Language", "fr-FR,fr")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	start := time.Now()
	resp, err := s.client.Do(req)
	var raw []byte
	if err == nil {
		raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	d := time.Since(start)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false // the run ended mid-request: neither a sample nor an error
		}
		s.rec.fail(action, method+" "+path, 0, err.Error())
		return nil, false
	}
	res := &result{status: resp.StatusCode, finalPath: resp.Request.URL.Path, body: string(raw), snippet: snippet(raw)}
	s.rec.add(action, d)
	switch {
	case resp.StatusCode >= 400:
		s.rec.fail(action, method+" "+path, resp.StatusCode, res.snippet)
		return res, false
	case !anonymous && (res.finalPath == "/connexion" || strings.HasPrefix(resp.Header.Get("HX-Redirect"), "/connexion")):
		s.loggedIn = false
		s.rec.fail(action, method+" "+path, resp.StatusCode, "session perdue : renvoyé à la page de connexion")
		return res, false
	}
	return res, true
}

var tags = regexp.MustCompile(`<[^>]*>|\s+`)

// snippet is the start of a page's text, for error messages.
func snippet(b []byte) string {
	s := tags.ReplaceAllString(string(b), " ")
	if i := strings.Index(s, "Identifiant ou mot de passe"); i >= 0 {
		s = s[i:]
	}
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160]) + "…"
	}
	return s
}

// recorder gathers every sample and error of the run.
type recorder struct {
	mu       sync.Mutex
	samples  map[string][]time.Duration
	mix      bool
	mixed    map[string][]time.Duration // samples during the mix only
	errors   atomic.Int64
	errByAct map[string]int
	shown    []string
	requests atomic.Int64
	limit    int64
}

func newRecorder(limit int64) *recorder {
	return &recorder{samples: map[string][]time.Duration{}, mixed: map[string][]time.Duration{}, errByAct: map[string]int{}, limit: limit}
}

// take counts a request against the run's bound.
func (r *recorder) take() bool { return r.requests.Add(1) <= r.limit }

func (r *recorder) exhausted() bool { return r.requests.Load() >= r.limit }

func (r *recorder) startMix() {
	r.mu.Lock()
	r.mix = true
	r.mu.Unlock()
}

func (r *recorder) add(action string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.samples[action] = append(r.samples[action], d)
	if r.mix {
		r.mixed[action] = append(r.mixed[action], d)
	}
}

func (r *recorder) fail(action, what string, status int, detail string) {
	r.errors.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errByAct[action]++
	if len(r.shown) < 5 {
		st := "—"
		if status > 0 {
			st = strconv.Itoa(status)
		}
		r.shown = append(r.shown, fmt.Sprintf("%s : %s → %s %s", action, what, st, detail))
	}
}

// report prints the table: the initial logins apart, then each action of
// the mix, the console's requests together, and every request of the mix.
func (r *recorder) report(w io.Writer, mixTime time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "action\trequêtes\treq/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\terreurs\t")
	line := func(name string, d []time.Duration, errs int, secs float64) {
		if len(d) == 0 && errs == 0 {
			return
		}
		s := slices.Clone(d)
		slices.Sort(s)
		rate := "—"
		if secs > 0 {
			rate = fmt.Sprintf("%.1f", float64(len(s))/secs)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t\n", name, len(s), rate, pct(s, 50), pct(s, 90), pct(s, 99), pct(s, 100), errs)
	}
	line(actLoginStorm, r.samples[actLoginStorm], r.errByAct[actLoginStorm], 0)
	if mixTime > 0 {
		secs := mixTime.Seconds()
		names := make([]string, 0, len(r.mixed))
		for k := range r.mixed {
			names = append(names, k)
		}
		for k := range r.errByAct {
			if _, ok := r.mixed[k]; !ok && k != actLoginStorm {
				names = append(names, k)
			}
		}
		sort.Strings(names)
		var console, all []time.Duration
		var consoleErrs, allErrs int
		for _, k := range names {
			line(k, r.mixed[k], r.errByAct[k], secs)
			all = append(all, r.mixed[k]...)
			allErrs += r.errByAct[k]
			if strings.HasPrefix(k, "console") {
				console = append(console, r.mixed[k]...)
				consoleErrs += r.errByAct[k]
			}
		}
		line("CONSOLE (toutes)", console, consoleErrs, secs)
		line("TOUT LE MÉLANGE", all, allErrs, secs)
	}
	tw.Flush()
	if mixTime > 0 {
		fmt.Fprintf(w, "Mélange : %s\n", mixTime.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "Erreurs : %d\n", r.errors.Load())
	for _, e := range r.shown {
		fmt.Fprintln(w, "  "+e)
	}
}

// pct is the p-th percentile (nearest rank) in milliseconds.
func pct(sorted []time.Duration, p int) string {
	if len(sorted) == 0 {
		return "—"
	}
	i := int(math.Ceil(float64(p)/100*float64(len(sorted)))) - 1
	i = max(0, min(i, len(sorted)-1))
	return fmt.Sprintf("%.1f", float64(sorted[i].Microseconds())/1000)
}

package main

import (
	"context"
	"crypto/rand"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// generate fills a store with realistic data at platform scale (store.Generate:
// French names, departments, every status, expiry dates around today) for
// benchmarks, the load tool and trying the console on a big base. It then
// adds an administrator with a printed password to the first establishment,
// the biggest, and on request more administrators and users who can log in,
// listed in a CSV file for cmd/sesame-load.
//
//	sesame generate --db bench.db --accounts 1000000 --establishments 50000 --logins 100
//
// Generated people have no password; only the ones added here can log in.
// Nothing is written to the history: this is test data, not the work of an
// operator.
func (e *environment) generate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	var g struct {
		accounts, establishments, big, logins int
		seed                                  int64
		loginsFile, password                  string
	}
	fs.IntVar(&g.accounts, "accounts", 100_000, "nombre de comptes à créer")
	fs.IntVar(&g.establishments, "establishments", 5_000, "nombre d'établissements à créer")
	fs.IntVar(&g.big, "big", -1, "nombre exact de comptes du premier établissement, le plus gros (par défaut 5 % des comptes, 50 000 au plus ; 0 : tiré comme les autres)")
	fs.Int64Var(&g.seed, "seed", 1, "graine : la même graine donne les mêmes données")
	fs.IntVar(&g.logins, "logins", 0, "administrateurs et autant d'utilisateurs à rendre connectables dans le premier établissement, pour sesame-load")
	fs.StringVar(&g.loginsFile, "logins-file", "", "fichier CSV « identifiant;mot de passe;profil » des comptes connectables (par défaut à côté de la base SQLite, ou connexions.csv)")
	fs.StringVar(&g.password, "password", "", "mot de passe des comptes connectables (par défaut tiré au hasard et affiché)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("argument inattendu : %q", fs.Arg(0))
	}
	switch {
	case g.establishments < 1:
		return errors.New("--establishments : au moins 1")
	case g.accounts < g.establishments:
		return fmt.Errorf("--accounts : au moins un compte par établissement, soit %d", g.establishments)
	case g.logins < 0:
		return errors.New("--logins : un nombre positif ou nul")
	}
	if g.big < 0 {
		g.big = min(g.accounts/20, 50_000)
	}
	if g.big > g.accounts-(g.establishments-1) {
		return fmt.Errorf("--big : au plus %d comptes, pour en laisser un à chacun des autres établissements", g.accounts-(g.establishments-1))
	}
	if g.big > 0 && g.big < g.accounts/g.establishments {
		fmt.Fprintf(e.stderr, "Attention : avec --big %d, le premier établissement n'est pas le plus gros.\n", g.big)
	}
	if g.password == "" {
		g.password = randomPassword()
	}
	if g.loginsFile == "" && g.logins > 0 {
		g.loginsFile = "connexions.csv"
		if !store.IsPostgresURL(o.db) {
			g.loginsFile = strings.TrimSuffix(o.db, filepath.Ext(o.db)) + "-connexions.csv"
		}
	}

	st, err := store.Open(ctx, o.db, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	today := sesame.Today(sesame.SystemClock{})
	bar := newProgressBar(e.stderr, "Génération")
	start := time.Now()
	estID, err := st.Generate(ctx, store.GenerateOptions{Establishments: g.establishments, Accounts: g.accounts,
		BigEstablishment: g.big, Seed: g.seed, Today: today, Progress: bar.update})
	bar.finish()
	if err != nil {
		return err
	}
	elapsed := time.Since(start)

	est, err := st.Read().Establishment(ctx, estID)
	if err != nil {
		return err
	}
	hash, err := service.NewHasher(service.OWASPParams, 1).Hash(ctx, g.password)
	if err != nil {
		return err
	}
	validity := o.validity
	if validity <= 0 {
		validity = sesame.DefaultValidityMonths
	}
	people, err := addLoggable(ctx, st, est, g.logins, hash, today.AddMonthsClamped(validity))
	if err != nil {
		return err
	}
	if g.loginsFile != "" {
		if err := writeLogins(g.loginsFile, people, g.password); err != nil {
			return err
		}
	}
	size, err := databaseSize(ctx, st, o.db)
	if err != nil {
		return err
	}

	w := e.stdout
	fmt.Fprintf(w, "\nSésame — base générée (%s, %s)\n\n", st.Dialect(), o.db)
	fmt.Fprintf(w, "  Comptes          %s sur %s établissements", frInt(g.accounts), frInt(g.establishments))
	if g.big > 0 {
		fmt.Fprintf(w, ", dont %s dans le premier", frInt(g.big))
	}
	fmt.Fprintf(w, "\n  Durée            %s (%s comptes/s)\n", frElapsed(elapsed), frInt(int(float64(g.accounts)/elapsed.Seconds())))
	if size > 0 {
		fmt.Fprintf(w, "  Taille           %s\n", frBytes(size))
	}
	fmt.Fprintf(w, "  Graine           %d\n\n", g.seed)
	fmt.Fprintf(w, "Pour essayer la console sur cette base :\n\n  sesame serve --dev --db %s\n\n", shellQuote(o.db))
	fmt.Fprintf(w, "  Ouvrez            http://127.0.0.1:8080/connexion\n")
	fmt.Fprintf(w, "  Identifiant       %s\n", people[0].identifier)
	fmt.Fprintf(w, "  Mot de passe      %s\n", g.password)
	fmt.Fprintf(w, "  Établissement     %s (numéro %d)\n", est.Name, est.ID)
	if g.loginsFile != "" {
		fmt.Fprintf(w, "\n  %d comptes connectables avec ce mot de passe (%d administrateurs, %d utilisateurs)\n  dans %s, pour :\n\n",
			len(people), g.logins+1, g.logins, g.loginsFile)
		fmt.Fprintf(w, "  go run ./cmd/sesame-load --url http://127.0.0.1:8080 --identifiers %s\n", shellQuote(g.loginsFile))
	}
	return nil
}

// loggable is a person added by generate who can log in.
type loggable struct {
	identifier string
	profile    sesame.Profile
}

// loggableNames are the people added to log in: common French names, with
// accents, so they look like the rest of the base.
var loggableNames = []struct{ civ, first, last string }{
	{"Mme", "Élodie", "Marchand"}, {"M", "Julien", "Perrin"}, {"Mme", "Sophie", "Lemaire"}, {"M", "Thierry", "Barbier"},
	{"Mme", "Nathalie", "Colin"}, {"M", "Guillaume", "Arnaud"}, {"Mme", "Aurélie", "Giraud"}, {"M", "Sébastien", "Brunet"},
	{"Mme", "Céline", "Roche"}, {"M", "Frédéric", "Meunier"}, {"Mme", "Virginie", "Gauthier"}, {"M", "Nicolas", "Leclerc"},
	{"Mme", "Émilie", "Fabre"}, {"M", "Jérôme", "Renaud"}, {"Mme", "Karine", "Boyer"}, {"M", "Hervé", "Caron"},
}

// addLoggable adds to the establishment one administrator, then n more
// administrators and n users, all active, with the given password hash.
// They go through the store like any account, search words included.
func addLoggable(ctx context.Context, st *store.Store, est *sesame.Establishment, n int, hash string, expires sesame.Date) ([]loggable, error) {
	var out []loggable
	domain := "sesame-bench.example"
	err := st.InTx(ctx, func(tx *store.Tx) error {
		now := time.Now()
		for i := range 1 + 2*n {
			profile, dept := sesame.ProfileAdmin, "Ressources humaines"
			if i > n {
				profile, dept = sesame.ProfileUser, "Services techniques"
			}
			name := loggableNames[i%len(loggableNames)]
			num, err := tx.NextIdentifierNumber(ctx)
			if err != nil {
				return err
			}
			p := &sesame.Person{Identifier: sesame.FormatIdentifier(sesame.IdentifierPrefix(name.first, name.last), num),
				Civility: sesame.Civility(name.civ), Surname: name.last, FirstName: name.first, CreatedAt: now,
				Email: fmt.Sprintf("%s.%s.%d@%s", sesame.Fold(name.first), sesame.Fold(name.last), num, domain)}
			if err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
			// SetPassword also stamps when it was set, as activation does.
			if err := tx.SetPassword(ctx, p.ID, hash, now); err != nil {
				return err
			}
			a := &sesame.Account{EstablishmentID: est.ID, PersonID: p.ID, Profile: profile, Department: dept,
				Status: sesame.StatusActive, ExpiresOn: expires, CreatedAt: now}
			if err := tx.CreateAccount(ctx, a, p); err != nil {
				return err
			}
			out = append(out, loggable{identifier: p.Identifier, profile: profile})
		}
		return nil
	})
	return out, err
}

// writeLogins writes the CSV cmd/sesame-load reads: identifier;password;profile.
func writeLogins(path string, people []loggable, password string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Comma = ';'
	_ = w.Write([]string{"identifiant", "mot_de_passe", "profil"})
	for _, p := range people {
		_ = w.Write([]string{p.identifier, password, string(p.profile)})
	}
	w.Flush()
	return errors.Join(w.Error(), f.Close())
}

// randomPassword draws a password that follows the platform's rules (F-04):
// upper and lower case, digits and a special character.
func randomPassword() string {
	const letters = "abcdefghjkmnpqrstuvwxyz"
	pick := func(n int64) int64 {
		v, err := rand.Int(rand.Reader, big.NewInt(n))
		if err != nil {
			panic(err) // crypto/rand does not fail on Linux
		}
		return v.Int64()
	}
	var b strings.Builder
	b.WriteString("Charge-")
	for range 8 {
		b.WriteByte(letters[pick(int64(len(letters)))])
	}
	fmt.Fprintf(&b, "-%02d!", pick(100))
	return b.String()
}

// databaseSize is the base's size on disk: the SQLite file with its WAL, or
// the PostgreSQL schema's tables with their indexes.
func databaseSize(ctx context.Context, st *store.Store, db string) (int64, error) {
	if st.Dialect() == store.Postgres {
		var n *int64
		err := st.ReadDB().QueryRowContext(ctx, `SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c
			JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema() AND c.relkind = 'r'`).Scan(&n)
		if err != nil || n == nil {
			return 0, err
		}
		return *n, nil
	}
	path := strings.TrimPrefix(strings.SplitN(db, "?", 2)[0], "sqlite://")
	var total int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(path + suffix); err == nil {
			total += fi.Size()
		}
	}
	return total, nil
}

// progressBar draws store.Generate's progress on stderr: one line redrawn
// with \r on a terminal (percentage, accounts per second, time left), and a
// plain line every 10 % otherwise, so logs stay readable.
type progressBar struct {
	w        io.Writer
	label    string
	terminal bool
	start    time.Time
	drawn    time.Time
	tenth    int // last tenth printed as a plain line
	done     int
	total    int
	width    int // of the last line drawn, to clear it
}

func newProgressBar(w io.Writer, label string) *progressBar {
	terminal := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			terminal = true
		}
	}
	return &progressBar{w: w, label: label, terminal: terminal, start: time.Now()}
}

// update is store.GenerateOptions.Progress.
func (p *progressBar) update(done, total int) {
	p.done, p.total = done, total
	if total <= 0 {
		return
	}
	if p.terminal {
		if time.Since(p.drawn) < 100*time.Millisecond && done < total {
			return
		}
		p.drawn = time.Now()
		line := p.line()
		pad := max(0, p.width-len([]rune(line)))
		p.width = len([]rune(line))
		fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
		return
	}
	if tenth := done * 10 / total; tenth > p.tenth || done == total {
		p.tenth = tenth
		fmt.Fprintln(p.w, p.line())
	}
}

func (p *progressBar) line() string {
	const width = 30
	frac := float64(p.done) / float64(p.total)
	filled := int(frac * width)
	elapsed := time.Since(p.start)
	rate := float64(p.done) / max(elapsed.Seconds(), 1e-3)
	left := "—"
	if rate > 0 && p.done < p.total {
		left = fmtDuration(time.Duration(float64(p.total-p.done) / rate * float64(time.Second)))
	} else if p.done == p.total {
		left = "0 s, mise à jour des statistiques…"
	}
	return fmt.Sprintf("%s [%s%s] %3d %%  %s/%s comptes  %s comptes/s  reste %s", p.label,
		strings.Repeat("█", filled), strings.Repeat("·", width-filled), int(frac*100),
		frInt(p.done), frInt(p.total), frInt(int(rate)), left)
}

// finish ends the redrawn line, so what follows starts on its own.
func (p *progressBar) finish() {
	if p.terminal && p.width > 0 {
		fmt.Fprintln(p.w)
	}
	if p.done == p.total && p.total > 0 {
		fmt.Fprintln(p.w, "Statistiques du planificateur mises à jour.")
	}
}

// fmtDuration writes a duration left as "1 min 05 s" or "42 s".
func fmtDuration(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 60 {
		return fmt.Sprintf("%d min %02d s", s/60, s%60)
	}
	return fmt.Sprintf("%d s", s)
}

// frElapsed writes a run's duration as "1 min 32 s" or "4,2 s".
func frElapsed(d time.Duration) string {
	if d >= time.Minute {
		return fmtDuration(d)
	}
	return strings.Replace(strconv.FormatFloat(d.Seconds(), 'f', 1, 64), ".", ",", 1) + " s"
}

// frInt writes 1234567 as "1 234 567", the French way.
func frInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// frBytes writes a size as "1,2 Go" or "350 Mo".
func frBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return strings.Replace(strconv.FormatFloat(float64(n)/(1<<30), 'f', 2, 64), ".", ",", 1) + " Go"
	case n >= 1<<20:
		return strconv.FormatInt(n>>20, 10) + " Mo"
	}
	return strconv.FormatInt(n>>10, 10) + " Ko"
}

// shellQuote quotes a path for the printed commands when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " '\"$&;|<>()*?`\\!#") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// GenerateOptions says how much data Generate makes.
type GenerateOptions struct {
	Establishments int // at least 1
	Accounts       int // in all, at least one per establishment
	// BigEstablishment, when set, is exactly the number of accounts of the
	// first establishment; the others share the rest.
	BigEstablishment int
	Seed             int64       // the same seed gives the same data
	Today            sesame.Date // expiry dates and logins are placed around it; zero means today in Paris
	// Progress, when set, is called after each batch with the accounts
	// written so far.
	Progress func(done, total int)
}

// Generation parameters. Batches are multi-row INSERTs: 500 accounts of
// 15 columns stay well under SQLite's 32,766 and PostgreSQL's 65,535
// parameters. A transaction holds txBatches batches, so the writer is
// released now and then and the WAL checkpoints as it goes.
const (
	genBatch              = 500
	genEstablishmentBatch = 100
	genTxBatches          = 40
	genReuseRate          = 0.01 // accounts given to a person of another establishment
	genAdminRate          = 0.03 // accounts with the admin profile, besides each establishment's first
)

// Generate fills the store with realistic French data for benchmarks and
// demos: establishments (communes, hospitals, councils… with SIRETs that
// pass the Luhn check and legal representatives), people with French names
// (accents included), departments, e-mails, identifiers drawn from the
// platform's sequence (F-02), every status of F-01 in plausible
// proportions, expiry dates from six months ago to eighteen months ahead,
// and last logins. Accounts per establishment follow a skewed
// distribution; each establishment's first account is an active
// administrator (F-07). Generated people have no password and cannot log
// in. It returns the first establishment's ID.
//
// It writes on the writer connection in large transactions of multi-row
// INSERTs, the search words included, then refreshes the planner's
// statistics. Run it on a quiet store: on SQLite it holds the single
// writer for whole batches of thousands of accounts.
func (s *Store) Generate(ctx context.Context, o GenerateOptions) (firstEstablishmentID int64, err error) {
	switch {
	case o.Establishments < 1:
		return 0, fmt.Errorf("generate: need at least one establishment")
	case o.Accounts < o.Establishments:
		return 0, fmt.Errorf("generate: %d accounts cannot fill %d establishments", o.Accounts, o.Establishments)
	case o.BigEstablishment < 0 || o.BigEstablishment > o.Accounts-(o.Establishments-1):
		return 0, fmt.Errorf("generate: the big establishment cannot have %d of %d accounts", o.BigEstablishment, o.Accounts)
	}
	if o.Today.IsZero() {
		o.Today = sesame.DateOf(time.Now())
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if s.dialect == SQLite {
		// Index pages for a million rows do not fit the default 2 MB cache;
		// without this, inserts become random reads.
		var old int64
		if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&old); err != nil {
			return 0, err
		}
		if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
			return 0, err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = `+strconv.FormatInt(old, 10))
	}
	g := &generator{
		dialect: s.dialect,
		o:       o,
		rng:     rand.New(rand.NewPCG(uint64(o.Seed), 0x5e5a3e)),
		conn:    conn,
		sirets:  map[string]bool{},
		now:     o.Today.StartOfDay().Add(10 * time.Hour).UTC(),
	}
	if err := g.run(ctx); err != nil {
		return 0, fmt.Errorf("generate: %w", err)
	}
	analyze := `ANALYZE`
	if s.dialect == Postgres {
		// VACUUM also sets the visibility map, so counts become index-only scans.
		analyze = `VACUUM ANALYZE establishments, persons, accounts, account_words`
	}
	if _, err := conn.ExecContext(ctx, analyze); err != nil {
		return 0, fmt.Errorf("generate: analyze: %w", err)
	}
	return g.firstEstablishment, nil
}

type genPerson struct {
	id                                 int64
	identifier                         string
	civility                           sesame.Civility
	surname, firstName, email, phone   string
	surnameKey, firstNameKey, emailKey string
	failedLogins                       int
	lockedAt, lastLoginAt              *time.Time
	createdAt                          time.Time
}

type genAccount struct {
	establishmentID int64
	person          *genPerson
	profile         sesame.Profile
	department      string
	status          sesame.Status
	expiresOn       sesame.Date
	createdAt       time.Time
	deletedAt       *time.Time
}

type genEstablishment struct {
	e      sesame.Establishment
	kind   *establishmentKind
	domain string
}

type generator struct {
	dialect Dialect
	o       GenerateOptions
	rng     *rand.Rand
	conn    *sql.Conn
	tx      *sql.Tx
	now     time.Time

	counts             []int // accounts per establishment
	reuse              []int // of which given to people of the previous establishment
	sirets             map[string]bool
	sirenSeq           int
	seqNext            int64 // next identifier number
	txBatches          int
	done               int
	firstEstablishment int64

	establishments []*genEstablishment // inserted, waiting for their accounts
	persons        []*genPerson        // new, not yet inserted
	accounts       []*genAccount       // not yet inserted
	stmts          map[string]*sql.Stmt
}

func (g *generator) run(ctx context.Context) (err error) {
	g.plan()
	rows, err := g.conn.QueryContext(ctx, `SELECT siret FROM establishments`)
	if err != nil {
		return err
	}
	existing, err := collect(rows, func(row scanner) (string, error) {
		var s string
		return s, row.Scan(&s)
	})
	if err != nil {
		return err
	}
	for _, s := range existing {
		g.sirets[s] = true
	}
	g.sirenSeq = g.rng.IntN(1_000_000)

	if err := g.begin(ctx); err != nil {
		return err
	}
	defer func() {
		if g.tx != nil {
			_ = g.tx.Rollback()
		}
	}()
	newPersons := g.o.Accounts
	for _, r := range g.reuse {
		newPersons -= r
	}
	// The identifier numbers are reserved in one step, so people created
	// meanwhile by the application never get one of them.
	var last int64
	if err := g.tx.QueryRowContext(ctx, `UPDATE sequences SET value = value + $1 WHERE name = 'identifier' RETURNING value`,
		newPersons).Scan(&last); err != nil {
		return err
	}
	g.seqNext = last - int64(newPersons) + 1

	var previous []*genPerson
	for i, n := range g.counts {
		if len(g.establishments) == 0 {
			if err := g.insertEstablishments(ctx, i); err != nil {
				return err
			}
		}
		est := g.establishments[0]
		g.establishments = g.establishments[1:]
		if i == 0 {
			g.firstEstablishment = est.e.ID
		}
		current := make([]*genPerson, 0, n)
		picked := map[int]bool{}
		for j := range n {
			var p *genPerson
			if j >= 1 && j <= g.reuse[i] {
				k := g.rng.IntN(len(previous))
				for picked[k] {
					k = g.rng.IntN(len(previous))
				}
				picked[k] = true
				p = previous[k]
			}
			a := g.account(est, j, p)
			current = append(current, a.person)
			if len(g.accounts) == genBatch {
				if err := g.flush(ctx); err != nil {
					return err
				}
			}
		}
		previous = current
	}
	if err := g.flush(ctx); err != nil {
		return err
	}
	err = g.tx.Commit()
	g.tx = nil
	return err
}

// plan draws the number of accounts of each establishment: a Pareto
// distribution (many small employers, a few large ones), each at least 1,
// adding up exactly to Accounts.
func (g *generator) plan() {
	o := g.o
	g.counts = make([]int, o.Establishments)
	start, total := 0, o.Accounts
	if o.BigEstablishment > 0 {
		g.counts[0] = o.BigEstablishment
		start, total = 1, o.Accounts-o.BigEstablishment
	}
	if n := o.Establishments - start; n > 0 {
		weights := make([]float64, n)
		sum := 0.0
		for i := range weights {
			weights[i] = math.Pow(1-g.rng.Float64(), -1/1.3)
			sum += weights[i]
		}
		extra := total - n
		given := 0
		for i, w := range weights {
			c := int(float64(extra) * w / sum)
			g.counts[start+i] = 1 + c
			given += c
		}
		for ; given < extra; given++ {
			g.counts[start+g.rng.IntN(n)]++
		}
	}
	g.reuse = make([]int, o.Establishments)
	for i := 1; i < len(g.counts); i++ {
		r := 0
		for range g.counts[i] - 1 {
			if g.rng.Float64() < genReuseRate {
				r++
			}
		}
		g.reuse[i] = min(r, g.counts[i-1])
	}
}

func (g *generator) begin(ctx context.Context) error {
	tx, err := g.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	g.tx, g.stmts, g.txBatches = tx, map[string]*sql.Stmt{}, 0
	return nil
}

// stmt returns the multi-row INSERT for n rows, prepared once per
// transaction for the usual batch sizes.
func (g *generator) stmt(ctx context.Context, head string, cols, n int, tail string) (*sql.Stmt, error) {
	key := head + "/" + strconv.Itoa(n)
	if st, ok := g.stmts[key]; ok {
		return st, nil
	}
	var b strings.Builder
	b.WriteString(head)
	b.WriteString(" VALUES ")
	p := 0
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			p++
			if g.dialect == SQLite {
				// Anonymous parameters: modernc.org/sqlite looks each
				// numbered one up by name in a list, which makes binding
				// thousands of them quadratic (two thirds of the time).
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(p))
			}
		}
		b.WriteByte(')')
	}
	b.WriteString(tail)
	st, err := g.tx.PrepareContext(ctx, b.String())
	if err != nil {
		return nil, err
	}
	g.stmts[key] = st
	return st, nil
}

const (
	genEstablishmentInsert = `INSERT INTO establishments (name, siret, street, postcode, city, rep_civility, rep_surname,
		rep_first_name, rep_title, rep_street, rep_postcode, rep_city, created_at)`
	genPersonInsert = `INSERT INTO persons (identifier, password_hash, civility, surname, first_name, email, email_key,
		phone, failed_logins, locked_at, last_login_at, created_at)`
	genAccountInsert = `INSERT INTO accounts (establishment_id, person_id, profile, department, status, expires_on,
		created_at, deleted_at, surname_key, first_name_key, identifier_key, email_key, department_key, person_locked,
		person_last_login, status_rank)`
	genWordInsert = `INSERT INTO account_words (establishment_id, word, account_id)`
)

// insertEstablishments makes and inserts the next batch of establishments,
// starting with the i-th.
func (g *generator) insertEstablishments(ctx context.Context, i int) error {
	n := min(genEstablishmentBatch, len(g.counts)-i)
	batch := make([]*genEstablishment, n)
	args := make([]any, 0, n*13)
	bySIRET := map[string]*genEstablishment{}
	for k := range batch {
		e := g.establishment()
		batch[k] = e
		bySIRET[e.e.SIRET] = e
		r := e.e.Representative
		args = append(args, e.e.Name, e.e.SIRET, e.e.Address.Street, e.e.Address.Postcode, e.e.Address.City,
			string(r.Civility), r.Surname, r.FirstName, r.Title, r.Address.Street, r.Address.Postcode, r.Address.City,
			e.e.CreatedAt.UTC())
	}
	st, err := g.stmt(ctx, genEstablishmentInsert, 13, n, ` RETURNING id, siret`)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var siret string
		if err := rows.Scan(&id, &siret); err != nil {
			return err
		}
		bySIRET[siret].e.ID = id
	}
	if err := rows.Err(); err != nil {
		return err
	}
	g.establishments = batch
	return nil
}

// flush inserts the buffered persons, accounts and search words, and
// commits every genTxBatches batches.
func (g *generator) flush(ctx context.Context) error {
	if len(g.accounts) == 0 {
		return nil
	}
	if n := len(g.persons); n > 0 {
		args := make([]any, 0, n*12)
		byIdentifier := make(map[string]*genPerson, n)
		for _, p := range g.persons {
			byIdentifier[p.identifier] = p
			args = append(args, p.identifier, "", string(p.civility), p.surname, p.firstName, p.email, p.emailKey,
				p.phone, p.failedLogins, p.lockedAt, p.lastLoginAt, p.createdAt.UTC())
		}
		st, err := g.stmt(ctx, genPersonInsert, 12, n, ` RETURNING id, identifier`)
		if err != nil {
			return err
		}
		if err := scanIDs(ctx, st, args, func(id int64, key string) { byIdentifier[key].id = id }); err != nil {
			return err
		}
		g.persons = g.persons[:0]
	}

	n := len(g.accounts)
	args := make([]any, 0, n*16)
	// A person may hold two accounts of one batch, in two establishments.
	type key struct{ establishmentID, personID int64 }
	byPerson := make(map[key]*genAccount, n)
	for _, a := range g.accounts {
		p := a.person
		byPerson[key{a.establishmentID, p.id}] = a
		args = append(args, a.establishmentID, p.id, string(a.profile), a.department, string(a.status), a.expiresOn,
			a.createdAt.UTC(), a.deletedAt, p.surnameKey, p.firstNameKey, strings.ToLower(p.identifier), p.emailKey,
			sesame.Fold(a.department), locked(p), p.lastLoginAt, statusRank(a.status, locked(p)))
	}
	st, err := g.stmt(ctx, genAccountInsert, 16, n, ` RETURNING id, establishment_id, person_id`)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	var words []any
	for rows.Next() {
		var id int64
		var k key
		if err := rows.Scan(&id, &k.establishmentID, &k.personID); err != nil {
			rows.Close()
			return err
		}
		a := byPerson[k]
		p := a.person
		for _, w := range laterWords([]string{p.surnameKey, p.firstNameKey, strings.ToLower(p.identifier), p.emailKey,
			sesame.Fold(a.department)}) {
			words = append(words, a.establishmentID, w, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for len(words) > 0 {
		k := min(len(words), 3*2*genBatch)
		st, err := g.stmt(ctx, genWordInsert, 3, k/3, ``)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, words[:k]...); err != nil {
			return err
		}
		words = words[k:]
	}

	g.done += n
	g.accounts = g.accounts[:0]
	if g.txBatches++; g.txBatches >= genTxBatches {
		if err := g.tx.Commit(); err != nil {
			return err
		}
		if err := g.begin(ctx); err != nil {
			return err
		}
	}
	if g.o.Progress != nil {
		g.o.Progress(g.done, g.o.Accounts)
	}
	return nil
}

// locked is the person's lock state as accounts.person_locked stores it.
// The person's copies on the account are written with it, or a trigger
// would set them, at the cost of one more write per account.
func locked(p *genPerson) int {
	if p.lockedAt != nil {
		return 1
	}
	return 0
}

// statusRank is accounts.status_rank as migration 00011's triggers set
// it: written with the row, it spares them a second write per account.
// TestListAccountsGroup holds the two to the same rule.
func statusRank(s sesame.Status, locked int) int {
	switch s {
	case sesame.StatusActive:
		return 1 + locked
	case sesame.StatusPending:
		return 3
	case sesame.StatusExpired:
		return 4
	}
	return 5
}

// scanIDs runs a RETURNING insert and hands each (id, key) pair to set.
// Rows are matched by key rather than by position: neither database
// promises RETURNING's order.
func scanIDs(ctx context.Context, st *sql.Stmt, args []any, set func(id int64, key string)) error {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return err
		}
		set(id, key)
	}
	return rows.Err()
}

// account makes the j-th account of an establishment, for person p or for
// a new person when p is nil, and buffers it.
func (g *generator) account(est *genEstablishment, j int, p *genPerson) *genAccount {
	rng, today := g.rng, g.o.Today
	a := &genAccount{establishmentID: est.e.ID, profile: sesame.ProfileUser, status: sesame.StatusActive}
	if j == 0 || rng.Float64() < genAdminRate {
		a.profile = sesame.ProfileAdmin
	}
	a.department = est.kind.department(rng)
	locked := false
	// Expiry dates and created_at follow the 18-month validity (F-03): an
	// account expiring on E was created or last renewed 18 months before.
	switch r := rng.Float64(); {
	case j == 0 || r < 0.66:
		a.expiresOn = today.AddDays(rng.IntN(549))
	case r < 0.67: // past its date, the nightly job has not run yet
		a.expiresOn = today.AddDays(-1 - rng.IntN(3))
	case r < 0.75:
		a.status = sesame.StatusPending
		a.expiresOn = today.AddDays(-rng.IntN(15)).AddMonthsClamped(sesame.DefaultValidityMonths)
	case r < 0.87:
		a.status = sesame.StatusExpired
		a.expiresOn = today.AddDays(-1 - rng.IntN(183))
	case r < 0.93:
		a.expiresOn = today.AddDays(rng.IntN(549))
		locked = true
	default:
		a.status = sesame.StatusDeleted
		a.expiresOn = today.AddDays(rng.IntN(732) - 183)
	}
	created := a.expiresOn.AddMonthsClamped(-sesame.DefaultValidityMonths)
	if created.After(today) {
		created = today
	}
	a.createdAt = g.at(created)
	if a.status == sesame.StatusDeleted {
		d := g.at(created.AddDays(rng.IntN(max(1, daysBetween(created, today)))))
		a.deletedAt = &d
	}
	if p == nil {
		p = g.person(est, a, locked)
	}
	a.person = p
	g.accounts = append(g.accounts, a)
	return a
}

// person makes a new person for account a and buffers them.
func (g *generator) person(est *genEstablishment, a *genAccount, locked bool) *genPerson {
	rng := g.rng
	first := pick(rng, firstNames)
	p := &genPerson{civility: sesame.CivilityMr, firstName: first.name, surname: skewed(rng, surnames)}
	if first.female {
		p.civility = sesame.CivilityMrs
	}
	p.identifier = sesame.FormatIdentifier(sesame.IdentifierPrefix(p.firstName, p.surname), g.seqNext)
	g.seqNext++
	local := emailPart(p.firstName) + "." + emailPart(p.surname)
	switch r := rng.IntN(10); {
	case r == 0:
		local = emailPart(p.firstName)[:1] + emailPart(p.surname)
	case r == 1:
		local += strconv.Itoa(1 + rng.IntN(9))
	}
	p.email = local + "@" + est.domain
	p.surnameKey, p.firstNameKey, p.emailKey = sesame.Fold(p.surname), sesame.Fold(p.firstName), sesame.Fold(p.email)
	if rng.IntN(100) < 35 {
		p.phone = fmt.Sprintf("0%d %02d %02d %02d %02d", 1+rng.IntN(5), rng.IntN(100), rng.IntN(100), rng.IntN(100), rng.IntN(100))
	}
	p.createdAt = a.createdAt
	if a.status != sesame.StatusPending && rng.IntN(100) < 88 {
		// Last seen some time before the account expired or before today.
		latest := g.o.Today
		if a.expiresOn.Before(latest) {
			latest = a.expiresOn
		}
		end := g.at(latest)
		span := int(end.Sub(a.createdAt).Hours())
		login := end.Add(-time.Duration(rng.IntN(max(1, min(span, 120*24)))) * time.Hour)
		if login.Before(a.createdAt) {
			login = a.createdAt
		}
		p.lastLoginAt = &login
	}
	if locked {
		at := g.now.Add(-time.Duration(rng.IntN(20*24)) * time.Hour)
		p.lockedAt, p.failedLogins = &at, sesame.MaxFailedLogins
	}
	g.persons = append(g.persons, p)
	return p
}

// at is a plausible office time on day d, Paris time, in UTC as stored.
func (g *generator) at(d sesame.Date) time.Time {
	return d.StartOfDay().Add(8*time.Hour + time.Duration(g.rng.IntN(10*3600))*time.Second).UTC()
}

func daysBetween(from, to sesame.Date) int {
	return int(to.StartOfDay().Sub(from.StartOfDay()).Hours()+12) / 24
}

// elide joins a prefix ending in "de " and a place name as French writes
// it before a vowel: "Commune d'Antibes", not "Commune de Antibes".
func elide(prefix, name string) string {
	if strings.HasSuffix(prefix, " de ") && name != "" && strings.ContainsRune("AEIOUYÉÈÊÂÎÔaeiouy", []rune(name)[0]) {
		return strings.TrimSuffix(prefix, "de ") + "d'" + name
	}
	return prefix + name
}

// establishment makes a new establishment with a SIRET not yet in the store.
func (g *generator) establishment() *genEstablishment {
	rng := g.rng
	kind := pick(rng, establishmentKinds)
	place := pick(rng, communes)
	name, domainPart := place.name, emailPart(place.name)
	if kind.departmental {
		d := pick(rng, departements)
		name, domainPart = d.name, emailPart(d.slug)
		place = d.seat
	}
	e := &genEstablishment{kind: kind}
	e.e.Name = strings.ToUpper(elide(kind.prefix, name))
	e.domain = kind.domain + domainPart + ".fr"
	e.e.SIRET = g.siret()
	e.e.Address = sesame.Address{Street: kind.street(rng), Postcode: place.postcode, City: strings.ToUpper(place.name)}
	first := pick(rng, firstNames)
	rep := sesame.LegalRepresentative{Civility: sesame.CivilityMr, Surname: skewed(rng, surnames), FirstName: first.name,
		Title: kind.titleM, Address: e.e.Address}
	if first.female {
		rep.Civility, rep.Title = sesame.CivilityMrs, kind.titleF
	}
	e.e.Representative = rep
	e.e.CreatedAt = g.at(g.o.Today.AddDays(-30 - rng.IntN(2000)))
	return e
}

// siret returns a new valid SIRET of a public body (SIREN starting with 2),
// whose SIREN and SIRET both pass the Luhn check, as INSEE issues them.
func (g *generator) siret() string {
	for {
		g.sirenSeq++
		// Multiplying by a number prime to 10^7 walks every 7-digit value
		// once, in an order that looks random.
		body := fmt.Sprintf("2%07d", (g.sirenSeq*7919)%10_000_000)
		siren := body + luhnKey(body)
		nic := fmt.Sprintf("%04d", 10+g.rng.IntN(90)*10+1)
		siret := siren + nic + luhnKey(siren+nic)
		if !g.sirets[siret] && sesame.ValidSIRET(siret) {
			g.sirets[siret] = true
			return siret
		}
	}
}

// luhnKey is the digit that makes digits+key pass the Luhn check.
func luhnKey(digits string) string {
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		// The key takes the rightmost place, so doubling starts with the
		// digit just before it.
		if (len(digits)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return strconv.Itoa((10 - sum%10) % 10)
}

// emailPart is a name as it appears in an e-mail address: folded, spaces
// and apostrophes turned into hyphens or dropped.
func emailPart(s string) string {
	return emailReplacer.Replace(sesame.Fold(s))
}

var emailReplacer = strings.NewReplacer(" ", "-", "'", "")

// weighted is anything pick can choose among by weight.
type weighted interface{ weight() int }

// pick chooses an element with probability proportional to its weight.
// The lists are short, so a linear walk is fine.
func pick[T weighted](rng *rand.Rand, items []T) T {
	total := 0
	for _, it := range items {
		total += it.weight()
	}
	n := rng.IntN(total)
	for _, it := range items {
		if n -= it.weight(); n < 0 {
			return it
		}
	}
	return items[len(items)-1]
}

type firstName struct {
	name   string
	female bool
	w      int
}

func (f firstName) weight() int { return f.w }

type commune struct {
	name, postcode string
	w              int
}

func (c commune) weight() int { return c.w }

type departement struct {
	name, slug string
	seat       commune
}

func (departement) weight() int { return 1 }

type establishmentKind struct {
	prefix         string // before the place's name
	domain         string // e-mail domain before the place's name
	departmental   bool   // named after a département rather than a commune
	titleM, titleF string // of the legal representative
	streets        []string
	departments    []string
	w              int
}

func (k *establishmentKind) weight() int { return k.w }

func (k *establishmentKind) street(rng *rand.Rand) string {
	return k.streets[rng.IntN(len(k.streets))]
}

// department picks a department, empty for one account in ten (the field
// is optional).
func (k *establishmentKind) department(rng *rand.Rand) string {
	if rng.IntN(10) == 0 {
		return ""
	}
	return skewed(rng, k.departments)
}

// skewed picks an element, the first ones of the list more often: the
// i-th of n with density about 1/sqrt(i/n), as with surnames and
// departments (HR and payroll staff are the portal's main users).
func skewed[T any](rng *rand.Rand, items []T) T {
	u := rng.Float64()
	return items[int(float64(len(items))*u*u)]
}

// weights gives the first elements of a list more weight: rank r gets
// about n/(r+1), a Zipf-like law as names and departments follow.
func weights[T any](items []T, set func(*T, int)) []T {
	for i := range items {
		set(&items[i], 1+len(items)*2/(i+2))
	}
	return items
}

var firstNames = weights([]firstName{
	{name: "Marie", female: true}, {name: "Jean"}, {name: "Nathalie", female: true}, {name: "Philippe"},
	{name: "Isabelle", female: true}, {name: "Michel"}, {name: "Sylvie", female: true}, {name: "Alain"},
	{name: "Catherine", female: true}, {name: "Patrick"}, {name: "Céline", female: true}, {name: "Nicolas"},
	{name: "Valérie", female: true}, {name: "Christophe"}, {name: "Sandrine", female: true}, {name: "Stéphane"},
	{name: "Christine", female: true}, {name: "Frédéric"}, {name: "Véronique", female: true}, {name: "Laurent"},
	{name: "Stéphanie", female: true}, {name: "Éric"}, {name: "Hélène", female: true}, {name: "Jérôme"},
	{name: "Françoise", female: true}, {name: "Sébastien"}, {name: "Aurélie", female: true}, {name: "Thierry"},
	{name: "Émilie", female: true}, {name: "David"}, {name: "Élodie", female: true}, {name: "Julien"},
	{name: "Sophie", female: true}, {name: "Olivier"}, {name: "Martine", female: true}, {name: "François"},
	{name: "Julie", female: true}, {name: "Guillaume"}, {name: "Camille", female: true}, {name: "Mathieu"},
	{name: "Celine", female: true}, {name: "Benoît"}, {name: "Séverine", female: true}, {name: "Cédric"},
	{name: "Anne", female: true}, {name: "Pierre"}, {name: "Cécile", female: true}, {name: "Grégory"},
	{name: "Mélanie", female: true}, {name: "Jean-Pierre"}, {name: "Laëtitia", female: true}, {name: "Jean-Luc"},
	{name: "Agnès", female: true}, {name: "Marc"}, {name: "Béatrice", female: true}, {name: "Bruno"},
	{name: "Anne-Sophie", female: true}, {name: "Didier"}, {name: "Marie-Claire", female: true}, {name: "Gérard"},
	{name: "Gaëlle", female: true}, {name: "Hervé"}, {name: "Anaïs", female: true}, {name: "Joël"},
	{name: "Maëlle", female: true}, {name: "Loïc"}, {name: "Claire", female: true}, {name: "Noël"},
	{name: "Laure", female: true}, {name: "Raphaël"}, {name: "Pauline", female: true}, {name: "Gaël"},
	{name: "Léa", female: true}, {name: "Mickaël"}, {name: "Chloé", female: true}, {name: "Anthony"},
	{name: "Manon", female: true}, {name: "Kévin"}, {name: "Inès", female: true}, {name: "Thomas"},
	{name: "Zoé", female: true}, {name: "Lucas"}, {name: "Clémence", female: true}, {name: "Hugo"},
	{name: "Geneviève", female: true}, {name: "Théo"}, {name: "Joëlle", female: true}, {name: "Maxime"},
	{name: "Danièle", female: true}, {name: "Antoine"}, {name: "Noémie", female: true}, {name: "Rémi"},
	{name: "Mireille", female: true}, {name: "Jérémy"}, {name: "Brigitte", female: true}, {name: "Yannick"},
	{name: "Odile", female: true}, {name: "Marcel"}, {name: "Régine", female: true}, {name: "Mohamed"},
	{name: "Solène", female: true}, {name: "Karim"}, {name: "Bérénice", female: true}, {name: "Mehdi"},
	{name: "Krystel", female: true}, {name: "Léo"}, {name: "Fatima", female: true}, {name: "Gabriel"},
	{name: "Nadia", female: true}, {name: "Arthur"}, {name: "Aïcha", female: true}, {name: "Louis"},
	{name: "Célia", female: true}, {name: "Félix"}, {name: "Célestine", female: true}, {name: "Aurélien"},
	{name: "Eléonore", female: true}, {name: "Valentin"}, {name: "Ghislaine", female: true}, {name: "Quentin"},
	{name: "Josiane", female: true}, {name: "Baptiste"}, {name: "Océane", female: true}, {name: "Clément"},
	{name: "Margaux", female: true}, {name: "Fabrice"}, {name: "Justine", female: true}, {name: "Pascal"},
	{name: "Lucie", female: true}, {name: "Régis"}, {name: "Alice", female: true}, {name: "Sylvain"},
	{name: "Louise", female: true}, {name: "Xavier"}, {name: "Emma", female: true}, {name: "Yves"},
	{name: "Jade", female: true}, {name: "Lionel"}, {name: "Monique", female: true}, {name: "Marcelin"},
}, func(f *firstName, w int) { f.w = w })

var surnames = []string{
	"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
	"Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
	"Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefebvre", "Faure", "André",
	"Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
	"Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
	"Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
	"Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
	"Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
	"Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
	"Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte",
	"Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
	"Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet",
	"Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier",
	"Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet",
	"Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain",
	"Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré",
	"Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez",
	"Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva",
	"Bouchet", "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret",
	"Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte",
	"Dos Santos", "D'Almeida", "De Oliveira", "N'Diaye", "Lefèvre-Dumas", "Martin-Lavigne", "Duhamel", "Louty",
	"Nguyen", "Ferreira", "Œuvray", "Lœillet", "Dumartin", "Marceau", "Celestin", "Du Bellay", "Tran", "Benali",
}

var communes = weights([]commune{
	{name: "Paris", postcode: "75001"}, {name: "Marseille", postcode: "13001"}, {name: "Lyon", postcode: "69001"},
	{name: "Toulouse", postcode: "31000"}, {name: "Nice", postcode: "06000"}, {name: "Nantes", postcode: "44000"},
	{name: "Montpellier", postcode: "34000"}, {name: "Strasbourg", postcode: "67000"}, {name: "Bordeaux", postcode: "33000"},
	{name: "Lille", postcode: "59000"}, {name: "Rennes", postcode: "35000"}, {name: "Reims", postcode: "51100"},
	{name: "Toulon", postcode: "83000"}, {name: "Saint-Étienne", postcode: "42000"}, {name: "Le Havre", postcode: "76600"},
	{name: "Grenoble", postcode: "38000"}, {name: "Dijon", postcode: "21000"}, {name: "Angers", postcode: "49000"},
	{name: "Nîmes", postcode: "30000"}, {name: "Villeurbanne", postcode: "69100"}, {name: "Clermont-Ferrand", postcode: "63000"},
	{name: "Le Mans", postcode: "72000"}, {name: "Aix-en-Provence", postcode: "13100"}, {name: "Brest", postcode: "29200"},
	{name: "Tours", postcode: "37000"}, {name: "Amiens", postcode: "80000"}, {name: "Limoges", postcode: "87000"},
	{name: "Annecy", postcode: "74000"}, {name: "Perpignan", postcode: "66000"}, {name: "Boulogne-Billancourt", postcode: "92100"},
	{name: "Metz", postcode: "57000"}, {name: "Besançon", postcode: "25000"}, {name: "Orléans", postcode: "45000"},
	{name: "Saint-Denis", postcode: "93200"}, {name: "Argenteuil", postcode: "95100"}, {name: "Rouen", postcode: "76000"},
	{name: "Mulhouse", postcode: "68100"}, {name: "Montreuil", postcode: "93100"}, {name: "Caen", postcode: "14000"},
	{name: "Nancy", postcode: "54000"}, {name: "Saint-Paul", postcode: "97460"}, {name: "Roubaix", postcode: "59100"},
	{name: "Tourcoing", postcode: "59200"}, {name: "Nanterre", postcode: "92000"}, {name: "Vitry-sur-Seine", postcode: "94400"},
	{name: "Créteil", postcode: "94000"}, {name: "Avignon", postcode: "84000"}, {name: "Poitiers", postcode: "86000"},
	{name: "Aubervilliers", postcode: "93300"}, {name: "Dunkerque", postcode: "59140"}, {name: "Aulnay-sous-Bois", postcode: "93600"},
	{name: "Colombes", postcode: "92700"}, {name: "Versailles", postcode: "78000"}, {name: "Courbevoie", postcode: "92400"},
	{name: "Béziers", postcode: "34500"}, {name: "Rueil-Malmaison", postcode: "92500"}, {name: "La Rochelle", postcode: "17000"},
	{name: "Pau", postcode: "64000"}, {name: "Cherbourg-en-Cotentin", postcode: "50100"}, {name: "Champigny-sur-Marne", postcode: "94500"},
	{name: "Antibes", postcode: "06600"}, {name: "Saint-Maur-des-Fossés", postcode: "94100"}, {name: "Cannes", postcode: "06400"},
	{name: "Calais", postcode: "62100"}, {name: "Colmar", postcode: "68000"}, {name: "Mérignac", postcode: "33700"},
	{name: "Drancy", postcode: "93700"}, {name: "Ajaccio", postcode: "20000"}, {name: "Bourges", postcode: "18000"},
	{name: "Issy-les-Moulineaux", postcode: "92130"}, {name: "Levallois-Perret", postcode: "92300"}, {name: "La Seyne-sur-Mer", postcode: "83500"},
	{name: "Quimper", postcode: "29000"}, {name: "Noisy-le-Grand", postcode: "93160"}, {name: "Valence", postcode: "26000"},
	{name: "Villeneuve-d'Ascq", postcode: "59650"}, {name: "Neuilly-sur-Seine", postcode: "92200"}, {name: "Antony", postcode: "92160"},
	{name: "Vénissieux", postcode: "69200"}, {name: "Cergy", postcode: "95000"}, {name: "Troyes", postcode: "10000"},
	{name: "Clichy", postcode: "92110"}, {name: "Pessac", postcode: "33600"}, {name: "Ivry-sur-Seine", postcode: "94200"},
	{name: "Chambéry", postcode: "73000"}, {name: "Lorient", postcode: "56100"}, {name: "Niort", postcode: "79000"},
	{name: "Sarcelles", postcode: "95200"}, {name: "Montauban", postcode: "82000"}, {name: "Saint-Quentin", postcode: "02100"},
	{name: "Villejuif", postcode: "94800"}, {name: "Hyères", postcode: "83400"}, {name: "Beauvais", postcode: "60000"},
	{name: "Saint-Nazaire", postcode: "44600"}, {name: "Cholet", postcode: "49300"}, {name: "Vannes", postcode: "56000"},
	{name: "Fréjus", postcode: "83600"}, {name: "Arles", postcode: "13200"}, {name: "Évreux", postcode: "27000"},
	{name: "Laval", postcode: "53000"}, {name: "Belfort", postcode: "90000"}, {name: "Albi", postcode: "81000"},
	{name: "Carcassonne", postcode: "11000"}, {name: "Saint-Malo", postcode: "35400"}, {name: "Blois", postcode: "41000"},
	{name: "Brive-la-Gaillarde", postcode: "19100"}, {name: "Châteauroux", postcode: "36000"}, {name: "Agen", postcode: "47000"},
	{name: "Périgueux", postcode: "24000"}, {name: "Auxerre", postcode: "89000"}, {name: "Mâcon", postcode: "71000"},
	{name: "Épinal", postcode: "88000"}, {name: "Gap", postcode: "05000"}, {name: "Rodez", postcode: "12000"},
	{name: "Saint-Émilion", postcode: "33330"}, {name: "Sète", postcode: "34200"}, {name: "Dax", postcode: "40100"},
	{name: "Bayonne", postcode: "64100"}, {name: "Lons-le-Saunier", postcode: "39000"}, {name: "Aurillac", postcode: "15000"},
	{name: "Guéret", postcode: "23000"}, {name: "Foix", postcode: "09000"}, {name: "Mende", postcode: "48000"},
	{name: "Privas", postcode: "07000"}, {name: "Digne-les-Bains", postcode: "04000"}, {name: "Tulle", postcode: "19000"},
	{name: "Montbéliard", postcode: "25200"}, {name: "Vierzon", postcode: "18100"}, {name: "Millau", postcode: "12100"},
	{name: "L'Haÿ-les-Roses", postcode: "94240"}, {name: "Pont-à-Mousson", postcode: "54700"}, {name: "Bourg-en-Bresse", postcode: "01000"},
	{name: "Saint-Jean-de-Luz", postcode: "64500"}, {name: "Crêches-sur-Saône", postcode: "71680"}, {name: "Plœmeur", postcode: "56270"},
	{name: "Chalon-sur-Saône", postcode: "71100"}, {name: "Haguenau", postcode: "67500"}, {name: "Fontainebleau", postcode: "77300"},
}, func(c *commune, w int) { c.w = w })

var departements = []departement{
	{"Département de la Gironde", "gironde", commune{name: "Bordeaux", postcode: "33000"}},
	{"Département du Nord", "lenord", commune{name: "Lille", postcode: "59000"}},
	{"Département des Bouches-du-Rhône", "departement13", commune{name: "Marseille", postcode: "13001"}},
	{"Département du Rhône", "rhone", commune{name: "Lyon", postcode: "69001"}},
	{"Département de la Haute-Garonne", "haute-garonne", commune{name: "Toulouse", postcode: "31000"}},
	{"Département de l'Hérault", "herault", commune{name: "Montpellier", postcode: "34000"}},
	{"Département d'Ille-et-Vilaine", "ille-et-vilaine", commune{name: "Rennes", postcode: "35000"}},
	{"Département de la Loire-Atlantique", "loire-atlantique", commune{name: "Nantes", postcode: "44000"}},
	{"Département du Finistère", "finistere", commune{name: "Quimper", postcode: "29000"}},
	{"Département de l'Isère", "isere", commune{name: "Grenoble", postcode: "38000"}},
	{"Département de la Côte-d'Or", "cotedor", commune{name: "Dijon", postcode: "21000"}},
	{"Département de Saône-et-Loire", "saoneetloire71", commune{name: "Mâcon", postcode: "71000"}},
	{"Département des Pyrénées-Atlantiques", "le64", commune{name: "Pau", postcode: "64000"}},
	{"Département de l'Ariège", "ariege", commune{name: "Foix", postcode: "09000"}},
	{"Département de la Lozère", "lozere", commune{name: "Mende", postcode: "48000"}},
	{"Département du Puy-de-Dôme", "puy-de-dome", commune{name: "Clermont-Ferrand", postcode: "63000"}},
}

var (
	townHallStreets = []string{"Hôtel de ville, place de la Mairie", "Place de l'Hôtel de Ville", "1 place de la République",
		"2 rue de la Mairie", "Mairie, 10 place du Général-de-Gaulle", "Hôtel de ville, 1 place Jean-Jaurès"}
	hospitalStreets = []string{"1 avenue de l'Hôpital", "Rue du Docteur-Roux", "2 boulevard Pasteur",
		"355 avenue des Écoles", "12 rue Ambroise-Paré", "Quai de l'Hôtel-Dieu"}
	officeStreets = []string{"Hôtel du département, 1 esplanade Charles-de-Gaulle", "Rue de la Préfecture",
		"45 avenue de la Libération", "Parc d'activités, 8 rue des Entrepreneurs", "17 cours Victor-Hugo"}

	townDepartments = []string{"Ressources humaines", "Paie", "Direction générale des services",
		"Secrétariat de mairie", "Finances", "Services techniques", "État civil", "Accueil", "Urbanisme",
		"Comptabilité", "Affaires scolaires", "Police municipale", "Action sociale (CCAS)", "Communication",
		"Culture et patrimoine", "Sports", "Espaces verts", "Marchés publics", "Informatique", "Élections",
		"Restauration scolaire", "Crèche « Les Petits Loups »", "Médiathèque", "Cimetières"}
	hospitalDepartments = []string{"Direction des ressources humaines", "Paie", "Bureau des entrées",
		"Direction des soins", "Direction des affaires financières", "Pharmacie", "Urgences", "Gériatrie",
		"Pédiatrie", "Cardiologie", "Services économiques", "Médecine du travail", "Qualité et gestion des risques",
		"Blanchisserie", "Cuisine centrale", "Système d'information"}
	councilDepartments = []string{"Direction des ressources humaines", "Paie et carrières",
		"Direction générale des services", "Finances", "Action sociale", "Routes et mobilités", "Collèges",
		"Protection de l'enfance", "Autonomie", "Culture", "Informatique", "Affaires juridiques",
		"Service départemental d'incendie et de secours"}
)

var establishmentKinds = []*establishmentKind{
	{prefix: "Commune de ", domain: "mairie-", titleM: "Maire", titleF: "Maire", streets: townHallStreets, departments: townDepartments, w: 55},
	{prefix: "Centre communal d'action sociale de ", domain: "ccas-", titleM: "Vice-président", titleF: "Vice-présidente", streets: townHallStreets, departments: townDepartments, w: 10},
	{prefix: "Centre hospitalier de ", domain: "ch-", titleM: "Directeur", titleF: "Directrice", streets: hospitalStreets, departments: hospitalDepartments, w: 8},
	{prefix: "EHPAD de ", domain: "ehpad-", titleM: "Directeur", titleF: "Directrice", streets: hospitalStreets, departments: hospitalDepartments, w: 7},
	{prefix: "Communauté de communes de ", domain: "cc-", titleM: "Président", titleF: "Présidente", streets: officeStreets, departments: councilDepartments, w: 6},
	{prefix: "Syndicat intercommunal des eaux de ", domain: "sie-", titleM: "Président", titleF: "Présidente", streets: officeStreets, departments: townDepartments, w: 5},
	{prefix: "Centre hospitalier universitaire de ", domain: "chu-", titleM: "Directeur général", titleF: "Directrice générale", streets: hospitalStreets, departments: hospitalDepartments, w: 1},
	{prefix: "", domain: "", departmental: true, titleM: "Président du conseil départemental", titleF: "Présidente du conseil départemental", streets: officeStreets, departments: councilDepartments, w: 1},
}

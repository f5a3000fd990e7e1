package store

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// AccountFilter is the console's "Filtrer" choice (F-22).
type AccountFilter string

// The filters of the console, in the order the page offers them.
const (
	AccountFilterAll      AccountFilter = ""         // Tous
	AccountFilterActive   AccountFilter = "active"   // Actifs: active, not expired, person not locked
	AccountFilterPending  AccountFilter = "pending"  // En attente d'activation
	AccountFilterExpired  AccountFilter = "expired"  // Expirés, including those past their date not yet marked
	AccountFilterLocked   AccountFilter = "locked"   // Bloqués: person locked, account otherwise active
	AccountFilterAdmins   AccountFilter = "admins"   // Administrateurs
	AccountFilterUsers    AccountFilter = "users"    // Utilisateurs
	AccountFilterExpiring AccountFilter = "expiring" // Expirent dans les 2 mois
)

// AccountFilters lists every filter in the order the console offers them.
var AccountFilters = []AccountFilter{AccountFilterAll, AccountFilterActive, AccountFilterPending,
	AccountFilterExpired, AccountFilterLocked, AccountFilterAdmins, AccountFilterUsers, AccountFilterExpiring}

// ExpiringMonths is the horizon of the "Expirent dans les 2 mois" filter.
const ExpiringMonths = 2

// Valid reports whether f is one of the filters.
func (f AccountFilter) Valid() bool { return slices.Contains(AccountFilters, f) }

// Label is the filter as the console names it.
func (f AccountFilter) Label() string {
	switch f {
	case AccountFilterActive:
		return "Actifs"
	case AccountFilterPending:
		return "En attente d'activation"
	case AccountFilterExpired:
		return "Expirés"
	case AccountFilterLocked:
		return "Bloqués"
	case AccountFilterAdmins:
		return "Administrateurs"
	case AccountFilterUsers:
		return "Utilisateurs"
	case AccountFilterExpiring:
		return "Expirent dans les 2 mois"
	}
	return "Tous"
}

// AccountSort is the column the console list is sorted on (F-20).
type AccountSort string

// The sortable columns; ties are broken by name, then by account ID, so
// paging never shows a row twice or skips one.
const (
	AccountSortName       AccountSort = "name" // surname, then first name; the default
	AccountSortFirstName  AccountSort = "first_name"
	AccountSortIdentifier AccountSort = "identifier"
	AccountSortDepartment AccountSort = "department"
	AccountSortProfile    AccountSort = "profile"
	AccountSortStatus     AccountSort = "status" // effective status, in French label order
	AccountSortExpiresOn  AccountSort = "expires_on"
	AccountSortLastLogin  AccountSort = "last_login" // never logged in counts as oldest
)

// AccountSorts lists every sortable column.
var AccountSorts = []AccountSort{AccountSortName, AccountSortFirstName, AccountSortIdentifier,
	AccountSortDepartment, AccountSortProfile, AccountSortStatus, AccountSortExpiresOn, AccountSortLastLogin}

// Valid reports whether s is a sortable column ("" means the default).
func (s AccountSort) Valid() bool { return s == "" || slices.Contains(AccountSorts, s) }

// AccountGroup is the console's "Grouper par" choice (F-22). Grouping
// orders the list by the group first, so a page never interleaves groups.
type AccountGroup string

// The groupings of the console.
const (
	AccountGroupNone        AccountGroup = ""             // Aucun
	AccountGroupProfile     AccountGroup = "profile"      // Profil: administrators first
	AccountGroupStatus      AccountGroup = "status"       // Statut: effective status, label order
	AccountGroupExpiryMonth AccountGroup = "expiry_month" // Date d'expiration (mois)
)

// Valid reports whether g is one of the groupings.
func (g AccountGroup) Valid() bool {
	return g == AccountGroupNone || g == AccountGroupProfile || g == AccountGroupStatus || g == AccountGroupExpiryMonth
}

// Page sizes of the console; 25 is the default (F-20).
const (
	DefaultAccountPageSize = 25
	MaxAccountPageSize     = 100
)

// maxSearchWords bounds the query a pasted paragraph can build; words past
// it are ignored, which can only widen the result.
const maxSearchWords = 8

// AccountQuery is what the administrator console asks of the account list.
type AccountQuery struct {
	EstablishmentID int64 // required: tenancy is explicit
	// Search holds the words typed by the administrator: each word must be
	// the prefix, case- and accent-insensitively, of a word of the surname,
	// first name, identifier, department or e-mail (F-21).
	Search string
	Filter AccountFilter
	Group  AccountGroup
	Sort   AccountSort // "" sorts by name
	Desc   bool
	Offset int
	Limit  int // 10, 25, 50 or 100; 0 means 25, more than 100 means 100
	// Today is the date (Paris) expiry is judged against: an account past
	// its date is expired at once (F-01), whatever its stored status.
	Today sesame.Date
	// backwards reads the list from its end: every key's direction is
	// flipped (ListAccounts, for a page nearer the end than the start).
	backwards bool
}

// AccountRow is one line of the console list.
type AccountRow struct {
	AccountID   int64
	PersonID    int64
	Civility    sesame.Civility
	Surname     string
	FirstName   string
	Identifier  string
	Email       string
	Department  string
	Profile     sesame.Profile
	Status      sesame.Status // effective (sesame.EffectiveStatus), as users see it
	ExpiresOn   sesame.Date
	LastLoginAt *time.Time
}

// AccountPage is one page of the list and the number of accounts matching
// in all ("1-25 sur 312 résultat(s)").
type AccountPage struct {
	Rows  []AccountRow
	Total int
}

// accountListSQL is an AccountQuery turned into SQL pieces. Its WHERE is
// written against "accounts a" (and "persons p" when personJoin is set),
// with numbered placeholders that may appear several times.
type accountListSQL struct {
	where      where
	whereArgs  int  // where.args[:whereArgs] are the WHERE's; the ORDER BY may add more
	personJoin bool // the WHERE needs the person (no filter does today: the lock state is on the account)
	orderBy    string
	orderJoin  bool // the ORDER BY needs the person (none does today)
	searched   bool // the WHERE holds a search
	// rankUnion, when set, selects a page's matches in the list's order
	// faster than the ORDER BY: statusRankUnion, with where and today bound.
	rankUnion func(armLimit string) string
}

// effectiveRank is the effective status as a number in the order of the
// French labels: Actif, Bloqué, En attente d'activation, Expiré. %s is the
// placeholder of today. a.status_rank is the stored status in that order,
// the person's lock state included (migration 00011), so only an active
// account past its date needs correcting: it is expired (F-01).
// a.person_locked (and a.person_last_login) are the person's lock state
// and last login, which triggers copy onto their accounts (migration
// 00008), so no filter or sort needs the person.
const effectiveRank = `CASE WHEN a.status_rank <= 2 AND a.expires_on < %s THEN 4 ELSE a.status_rank END`

func buildAccountList(aq AccountQuery, d Dialect) (*accountListSQL, error) {
	switch {
	case aq.EstablishmentID <= 0:
		return nil, sesame.Errorf(sesame.EInvalid, "Établissement manquant.")
	case aq.Today.IsZero():
		return nil, sesame.Errorf(sesame.EInvalid, "Date du jour manquante.")
	case !aq.Filter.Valid():
		return nil, sesame.Errorf(sesame.EInvalid, "Filtre inconnu : %q.", string(aq.Filter))
	case !aq.Sort.Valid():
		return nil, sesame.Errorf(sesame.EInvalid, "Tri inconnu : %q.", string(aq.Sort))
	case !aq.Group.Valid():
		return nil, sesame.Errorf(sesame.EInvalid, "Regroupement inconnu : %q.", string(aq.Group))
	}
	l := &accountListSQL{}
	w := &l.where
	est := w.arg(aq.EstablishmentID)
	w.add("a.establishment_id = " + est)
	w.add("a.status <> 'deleted'")

	today := ""
	todayArg := func() string {
		if today == "" {
			today = w.arg(aq.Today)
		}
		return today
	}
	switch aq.Filter {
	case AccountFilterActive:
		w.add("a.status = 'active' AND a.expires_on >= " + todayArg() + " AND a.person_locked = 0")
	case AccountFilterPending:
		w.add("a.status = 'pending'")
	case AccountFilterExpired:
		// Spelled as two ranges of (status, expires_on) so the index answers.
		w.add("(a.status = 'expired' OR (a.status = 'active' AND a.expires_on < " + todayArg() + "))")
	case AccountFilterLocked:
		w.add("a.status = 'active' AND a.expires_on >= " + todayArg() + " AND a.person_locked = 1")
	case AccountFilterAdmins:
		w.add("a.profile = 'admin'")
	case AccountFilterUsers:
		w.add("a.profile = 'user'")
	case AccountFilterExpiring:
		// Locked people's accounts expire too, and renewal is what this
		// filter is for, so they are included.
		w.add("a.status = 'active' AND a.expires_on >= "+todayArg()+" AND a.expires_on <= ?",
			aq.Today.AddMonthsClamped(ExpiringMonths))
	}

	if words := searchWords(aq.Search); len(words) > 0 {
		// PostgreSQL is given each word's IDs deduplicated (UNION): it then
		// estimates their number from its statistics, not as the 200 groups
		// it assumes of an aggregate, and joins a search matching a quarter
		// of a big establishment by hashing rather than by 12,000 lookups
		// ("e" at 1,000,000 accounts: 30 → 14 ms).
		w.add(searchCondition(w, est, words, d == Postgres))
		l.searched = true
		if d != Postgres {
			// The matches are then found through their IDs, never by
			// reading the whole establishment and testing each account
			// against them: the unary + keeps SQLite from using the
			// establishment's indexes for "a", which it would do on a
			// database never ANALYZEd (it then guesses an establishment
			// holds ten accounts): 3× slower there.
			w.conds[0] = "+a.establishment_id = " + est
		}
	}

	l.whereArgs = len(w.args)
	dir, natural := direction(aq.Desc != aq.backwards), direction(aq.backwards)
	var keys []string
	switch aq.Group {
	case AccountGroupProfile:
		keys = append(keys, "a.profile"+groupDir(aq.Sort == AccountSortProfile, dir, natural))
	case AccountGroupStatus:
		keys = append(keys, strings.Replace(effectiveRank, "%s", todayArg(), 1)+groupDir(aq.Sort == AccountSortStatus, dir, natural))
	case AccountGroupExpiryMonth:
		keys = append(keys, "substr(a.expires_on, 1, 7)"+groupDir(aq.Sort == AccountSortExpiresOn, dir, natural))
	}
	name := []string{"a.surname_key" + dir, "a.first_name_key" + dir}
	switch aq.Sort {
	case AccountSortFirstName:
		keys = append(keys, "a.first_name_key"+dir, "a.surname_key"+dir)
	case AccountSortIdentifier:
		keys = append(keys, "a.identifier_key"+dir)
	case AccountSortDepartment:
		keys = append(append(keys, "a.department_key"+dir), name...)
	case AccountSortProfile:
		keys = append(append(keys, "a.profile"+dir), name...)
	case AccountSortStatus:
		keys = append(append(keys, strings.Replace(effectiveRank, "%s", todayArg(), 1)+dir), name...)
	case AccountSortExpiresOn:
		keys = append(append(keys, "a.expires_on"+dir), name...)
	case AccountSortLastLogin:
		// Never logged in sorts as the oldest login, on both databases
		// (their default NULL placements differ).
		nulls := " NULLS FIRST"
		if aq.Desc != aq.backwards {
			nulls = " NULLS LAST"
		}
		keys = append(append(keys, "a.person_last_login"+dir+nulls), name...)
	default:
		keys = append(keys, name...)
	}
	l.orderBy = " ORDER BY " + strings.Join(append(keys, "a.id"+dir), ", ")
	if !l.searched && byStatusThenName(aq) {
		rankDir := groupDir(aq.Sort == AccountSortStatus, dir, natural)
		where, today := w.sql(), todayArg()
		l.rankUnion = func(armLimit string) string { return statusRankUnion(where, today, rankDir, dir, armLimit) }
	}
	return l, nil
}

// byStatusThenName reports whether the list is ordered by effective
// status, then by name: sorted by status, or grouped by status and sorted
// by name or status.
func byStatusThenName(aq AccountQuery) bool {
	switch aq.Group {
	case AccountGroupNone:
		return aq.Sort == AccountSortStatus
	case AccountGroupStatus:
		return aq.Sort == AccountSortStatus || aq.Sort == AccountSortName || aq.Sort == ""
	}
	return false
}

// statusRankUnion selects the accounts matching where (written against
// "accounts a") as rows (r, s, f, id) in the order of effective status,
// then name: each stored status_rank read in name order from
// accounts_list_status_rank, and apart, as expired, the active accounts
// past their date that the nightly run has not marked yet. SQLite merges
// these ordered runs as it reads them, so a page reads about offset +
// page size index entries instead of sorting the establishment (50,000
// accounts: first page 14.5 → 3 ms, a page at 46,000 48 → 12 ms).
// PostgreSQL 15 cannot merge runs whose rank is a different constant, so
// it is given armLimit (the placeholder of offset + page size), where each
// run stops, and sorts only those rows (first page 14 → 3 ms).
func statusRankUnion(where, today, rankDir, nameDir, armLimit string) string {
	order := " ORDER BY 1" + rankDir + ", 2" + nameDir + ", 3" + nameDir + ", 4" + nameDir
	arm := func(i int, rank, cond string) string {
		sel := "SELECT " + rank + " AS r, a.surname_key AS s, a.first_name_key AS f, a.id AS id FROM accounts a" +
			where + " AND " + cond
		if armLimit == "" {
			return sel
		}
		return "SELECT * FROM (" + sel + order + " LIMIT " + armLimit + ") r" + strconv.Itoa(i)
	}
	return strings.Join([]string{
		arm(1, "a.status_rank", "a.status_rank = 1 AND a.expires_on >= "+today),
		arm(2, "a.status_rank", "a.status_rank = 2 AND a.expires_on >= "+today),
		arm(3, "a.status_rank", "a.status_rank = 3"),
		arm(4, "a.status_rank", "a.status_rank = 4"),
		arm(5, "4", "a.status = 'active' AND a.expires_on < "+today),
	}, " UNION ALL ") + order
}

// groupDir keeps groups in their natural order (ascending, unless the
// list is read backwards) unless the list is sorted on the grouped column
// itself, whose direction they then follow.
func groupDir(sameColumn bool, dir, natural string) string {
	if sameColumn {
		return dir
	}
	return natural
}

func direction(desc bool) string {
	if desc {
		return " DESC"
	}
	return " ASC"
}

// searchWords folds what the administrator typed into the words to match.
// A word that is a prefix of another typed word is dropped: whatever
// matches the longer one matches it too ("mar martin" is "martin"). In a
// typed e-mail address only the local part counts: domains are not
// indexed (within one establishment they are nearly all the same), so a
// pasted address finds its account by the words before the "@".
func searchWords(s string) []string {
	var words []string
	for _, token := range strings.Fields(sesame.Fold(s)) {
		if at := strings.IndexByte(token, '@'); at >= 0 {
			token = token[:at]
		}
		words = append(words, splitWords(token)...)
	}
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	var out []string
	for _, w := range words {
		if !slices.ContainsFunc(out, func(kept string) bool { return strings.HasPrefix(kept, w) }) {
			out = append(out, w)
		}
	}
	if len(out) > maxSearchWords {
		out = out[:maxSearchWords]
	}
	return out
}

// splitWords splits folded text into words at every character that is
// neither a letter nor a digit: sesame.FoldWords' separators (space,
// hyphen, apostrophe, dot) and also the punctuation of free-text
// departments ("Action sociale (CCAS)", "DRH/Paie") and of e-mail local
// parts ("jean_dupont", "j+rh").
func splitWords(folded string) []string {
	return strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// searchKeys are the folded columns a search word may prefix-match.
var searchKeys = []string{"surname_key", "first_name_key", "identifier_key", "email_key", "department_key"}

// wordSet is a SELECT of the IDs of the establishment's accounts having
// a key, or a later word of a key, that starts with word: a union of index
// ranges (establishment_id, key) >= word and < its upper bound. The bounds
// are parameters, never LIKE: PostgreSQL's generic plans cannot turn
// LIKE $1 into a range, and SQLite's LIKE is not bytewise. The ranges read
// index entries only.
func wordSet(w *where, est, word string, distinct bool) string {
	lo := w.arg(word)
	hi := ""
	if bound := sesame.PrefixUpperBound(word); bound != "" {
		hi = w.arg(bound)
	}
	rng := func(col string) string {
		c := col + " >= " + lo
		if hi != "" {
			c += " AND " + col + " < " + hi
		}
		return c
	}
	union := " UNION ALL "
	if distinct {
		union = " UNION "
	}
	var b strings.Builder
	for _, key := range searchKeys {
		b.WriteString("SELECT id FROM accounts WHERE establishment_id = " + est + " AND " + rng(key) + union)
	}
	b.WriteString("SELECT account_id FROM account_words WHERE establishment_id = " + est + " AND " + rng("word"))
	return b.String()
}

// wordCondition is "a.id is among the accounts of the establishment
// matching word" (see wordSet).
func wordCondition(w *where, est, word string, distinct bool) string {
	return "a.id IN (" + wordSet(w, est, word, distinct) + ")"
}

// searchCondition is "a.id is among the accounts matching every word".
// The words' ID sets are intersected before any account row is read: with
// one IN per word, SQLite read the row of every account matching the first
// word (thousands for "du" or "mart") before testing the second.
func searchCondition(w *where, est string, words []string, distinct bool) string {
	if len(words) == 1 {
		return wordCondition(w, est, words[0], distinct)
	}
	sets := make([]string, len(words))
	for i, word := range words {
		// PostgreSQL before 16 wants every subquery in FROM named.
		sets[i] = "SELECT id FROM (" + wordSet(w, est, word, distinct) + ") w" + strconv.Itoa(i)
	}
	return "a.id IN (" + strings.Join(sets, " INTERSECT ") + ")"
}

// matchColumns are what a search reads of each match (the m of
// ListAccounts): what the filters and the ORDER BY of aq test, and no
// more, so that PostgreSQL can read them all from one of the covering
// list indexes (accounts_list_*) rather than from each row.
func matchColumns(aq AccountQuery, person bool) string {
	cols := "a.id, a.surname_key, a.first_name_key, a.status, a.expires_on, a.person_locked, a.profile"
	if person {
		cols += ", a.person_id"
	}
	switch aq.Sort {
	case AccountSortIdentifier:
		cols += ", a.identifier_key"
	case AccountSortDepartment:
		cols += ", a.department_key"
	case AccountSortLastLogin:
		cols += ", a.person_last_login"
	}
	if aq.Sort == AccountSortStatus || aq.Group == AccountGroupStatus {
		cols += ", a.status_rank"
	}
	return cols
}

// accountRowColumns are read by scanAccountRow.
const accountRowColumns = `a.id, a.person_id, p.civility, p.surname, p.first_name, p.identifier, p.email,
	a.department, a.profile, a.status, a.expires_on, p.locked_at, p.last_login_at`

// ListAccounts returns one page of an establishment's accounts (never the
// deleted ones) matching the search and filter, in the requested order,
// and how many match in all (F-20…F-22).
func (q *Q) ListAccounts(ctx context.Context, aq AccountQuery) (*AccountPage, error) {
	l, err := buildAccountList(aq, q.dialect)
	if err != nil {
		return nil, err
	}
	limit := aq.Limit
	if limit <= 0 {
		limit = DefaultAccountPageSize
	}
	limit = min(limit, MaxAccountPageSize)
	offset := max(aq.Offset, 0)
	if offset < backwardsFrom {
		return q.listPage(ctx, aq, l, limit, offset)
	}
	// A page far down is nearer the end than the start: read it from the
	// end, as the first rows of the reversed order. Every order ends with
	// the account ID, so the reversed order is exactly the list backwards.
	// Counting first costs 2–3 ms; the last page of a 50,000-account
	// establishment sorted by status fell from 40 to 9 ms on PostgreSQL,
	// from 16 to 7 ms on SQLite.
	var total int
	if err := q.q.QueryRowContext(ctx, l.countSQL(aq), q.customPlan(l.where.args[:l.whereArgs])...).Scan(&total); err != nil {
		return nil, err
	}
	rest := total - offset
	if rest <= 0 || rest >= offset {
		return q.listPage(ctx, aq, l, limit, offset)
	}
	back := aq
	back.backwards = true
	bl, err := buildAccountList(back, q.dialect)
	if err != nil {
		return nil, err
	}
	page, err := q.listPage(ctx, back, bl, min(limit, rest), max(rest-limit, 0))
	if err != nil {
		return nil, err
	}
	slices.Reverse(page.Rows)
	return page, nil
}

// backwardsFrom is the offset from which ListAccounts considers reading a
// page from the end of the list: below it, reading forwards costs less
// than counting first. A variable so tests can read every page both ways.
var backwardsFrom = 5000

// from is the FROM clause the list's WHERE is written against.
func (l *accountListSQL) from() string {
	if l.personJoin {
		return ` FROM accounts a JOIN persons p ON p.id = a.person_id`
	}
	return ` FROM accounts a`
}

// countSQL counts what the list matches, with the WHERE's arguments.
func (l *accountListSQL) countSQL(aq AccountQuery) string {
	from := l.from()
	if aq.Filter == AccountFilterAll && !l.searched {
		// Counting person_id rather than rows steers SQLite to the narrow
		// partial index accounts_one_live_per_person (live accounts by
		// establishment and person), the smallest that answers: half the
		// pages of any other for a 50,000-account establishment.
		return `SELECT count(a.person_id)` + from + l.where.sql()
	}
	return `SELECT count(*)` + from + l.where.sql()
}

// listPage reads one page of the list l built from aq, and the total.
func (q *Q) listPage(ctx context.Context, aq AccountQuery, l *accountListSQL, limit, offset int) (*AccountPage, error) {
	from := l.from()
	count := l.countSQL(aq)
	// The page's IDs are chosen first, from the accounts alone (their
	// indexes mostly), and only those rows are then read and joined to
	// their persons: a page at offset 46,000 reads 100 rows, not 46,100.
	orderFrom := from
	if l.orderJoin && !l.personJoin {
		orderFrom += ` JOIN persons p ON p.id = a.person_id`
	}
	cte, ids, total := "", `SELECT a.id`+orderFrom+l.where.sql(), count
	if l.searched {
		// A search's matches are found through their IDs, so each match's
		// row must be read once for what the WHERE and the ORDER BY test:
		// once only, the count and the page sharing it.
		cte = `WITH m AS MATERIALIZED (SELECT ` + matchColumns(aq, l.orderJoin) + from + l.where.sql() + `) `
		ids, total = `SELECT a.id FROM m a`, `SELECT count(*) FROM m`
		if l.orderJoin {
			ids += ` JOIN persons p ON p.id = a.person_id`
		}
	}
	args := slices.Clone(l.where.args)
	if l.rankUnion != nil {
		armLimit := ""
		if q.dialect == Postgres {
			args = append(args, offset+limit)
			armLimit = "$" + strconv.Itoa(len(args))
		}
		ids = l.rankUnion(armLimit)
	} else {
		ids += l.orderBy
	}
	ids += ` LIMIT $` + strconv.Itoa(len(args)+1) + ` OFFSET $` + strconv.Itoa(len(args)+2)
	args = append(args, limit, offset)
	// The total rides along as an uncorrelated scalar subquery, computed
	// once: one round trip, and page and total come from the same snapshot.
	query := cte + `SELECT ` + accountRowColumns + `, (` + total + `) FROM (` + ids + `) pg
		JOIN accounts a ON a.id = pg.id JOIN persons p ON p.id = a.person_id` + l.orderBy
	rows, err := q.q.QueryContext(ctx, query, q.customPlan(args)...)
	if err != nil {
		return nil, err
	}
	page := &AccountPage{}
	page.Rows, err = collect(rows, func(row scanner) (AccountRow, error) {
		return scanAccountRow(row, aq.Today, &page.Total)
	})
	if err != nil {
		return nil, err
	}
	if len(page.Rows) == 0 && offset > 0 {
		// Past the last page: the total still tells the console where to go.
		if err := q.q.QueryRowContext(ctx, count, q.customPlan(l.where.args[:l.whereArgs])...).Scan(&page.Total); err != nil {
			return nil, err
		}
	}
	return page, nil
}

// AccountIDs returns the IDs of every account ListAccounts would list for
// aq, in the same order and without paging: "Tout sélectionner" selects
// all the results of the filter, not just the page (F-23).
func (q *Q) AccountIDs(ctx context.Context, aq AccountQuery) ([]int64, error) {
	l, err := buildAccountList(aq, q.dialect)
	if err != nil {
		return nil, err
	}
	query := `SELECT a.id FROM accounts a`
	if l.personJoin || l.orderJoin {
		query += ` JOIN persons p ON p.id = a.person_id`
	}
	rows, err := q.q.QueryContext(ctx, query+l.where.sql()+l.orderBy, q.customPlan(l.where.args)...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row scanner) (int64, error) {
		var id int64
		err := row.Scan(&id)
		return id, err
	})
}

// customPlan makes PostgreSQL plan a list query for its actual
// parameters every time. pgx otherwise prepares and caches the statement,
// and after five runs PostgreSQL may switch to a generic plan, blind to
// the search words and dates: measured on a 50,000-account establishment,
// "expired" + "cel" went from 3 ms to 350 ms. QueryExecModeExec sends the
// query as an unnamed statement, parsed and planned with its parameters
// in the same round trip.
func (q *Q) customPlan(args []any) []any {
	if q.dialect != Postgres {
		return args
	}
	return append([]any{pgx.QueryExecModeExec}, args...)
}

func scanAccountRow(row scanner, today sesame.Date, extra ...any) (AccountRow, error) {
	var r AccountRow
	var civility, profile, status string
	var lockedAt *time.Time
	dest := append([]any{&r.AccountID, &r.PersonID, &civility, &r.Surname, &r.FirstName, &r.Identifier, &r.Email,
		&r.Department, &profile, &status, &r.ExpiresOn, &lockedAt, &r.LastLoginAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return r, err
	}
	r.Civility, r.Profile = sesame.Civility(civility), sesame.Profile(profile)
	r.Status = sesame.EffectiveStatus(sesame.Status(status), r.ExpiresOn, today, lockedAt != nil)
	return r, nil
}

// IndexAccountWords rebuilds the search words of one account from its
// folded keys: the words that the key columns' own indexes cannot find by
// prefix ("humaines" of the department "Ressources humaines", "claire" of
// "Marie-Claire"; see laterWords). Call it in the same
// transaction as every change of an account's keys: its creation, a
// change of its department, of its person's names, e-mail or identifier
// (then for each of the person's accounts, see IndexPersonWords). Until it
// is called after such a change, a trigger leaves the account with no
// words, so search misses later words but never matches stale ones.
func (q *Q) IndexAccountWords(ctx context.Context, accountID int64) error {
	var est int64
	keys := make([]string, len(searchKeys))
	dest := []any{&est}
	for i := range keys {
		dest = append(dest, &keys[i])
	}
	err := q.q.QueryRowContext(ctx, `SELECT establishment_id, `+strings.Join(searchKeys, ", ")+
		` FROM accounts WHERE id = $1`, accountID).Scan(dest...)
	if err != nil {
		return notFound(err, "Compte")
	}
	if _, err := q.q.ExecContext(ctx, `DELETE FROM account_words WHERE account_id = $1`, accountID); err != nil {
		return err
	}
	words := laterWords(keys)
	if len(words) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO account_words (establishment_id, word, account_id) VALUES `)
	args := []any{est, accountID}
	for i, w := range words {
		if i > 0 {
			b.WriteString(", ")
		}
		args = append(args, w)
		b.WriteString("($1, $" + strconv.Itoa(len(args)) + ", $2)")
	}
	_, err = q.q.ExecContext(ctx, b.String(), args...)
	return err
}

// IndexPersonWords rebuilds the search words of every account of a person,
// after their names, e-mail or identifier changed.
func (q *Q) IndexPersonWords(ctx context.Context, personID int64) error {
	rows, err := q.q.QueryContext(ctx, `SELECT id FROM accounts WHERE person_id = $1 ORDER BY id`, personID)
	if err != nil {
		return err
	}
	ids, err := collect(rows, func(row scanner) (int64, error) {
		var id int64
		return id, row.Scan(&id)
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := q.IndexAccountWords(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// laterWords returns the distinct words of an account's folded keys that
// the key columns' own ranges cannot find: a word is left out when some
// key starts with it, since every prefix of it then matches that key. For
// "ressources humaines" that keeps "humaines"; for the e-mail
// "celine.martin@mairie-lyon.fr" of Céline Martin it keeps nothing, her
// first name and surname keys already starting with both words. Only the
// local part of the e-mail counts, as in searchWords.
func laterWords(keys []string) []string {
	var out []string
	for i, key := range keys {
		if searchKeys[i] == "email_key" {
			if at := strings.IndexByte(key, '@'); at >= 0 {
				key = key[:at]
			}
		}
		for _, w := range splitWords(key) {
			if slices.Contains(out, w) || slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, w) }) {
				continue
			}
			out = append(out, w)
		}
	}
	return out
}

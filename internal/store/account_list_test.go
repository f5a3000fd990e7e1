package store_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// listToday is the "today" of the list tests: a fixed date, so expiry is
// judged the same way whenever the tests run.
var listToday = sesame.NewDate(2025, time.June, 15)

// listFixture builds establishments and accounts through the store's own
// methods, the way the service layer does.
type listFixture struct {
	t     *testing.T
	ctx   context.Context
	s     *store.Store
	siret int
}

func newListFixture(t *testing.T) *listFixture {
	return &listFixture{t: t, ctx: context.Background(), s: storetest.Open(t)}
}

func (f *listFixture) establishment(name string) int64 {
	f.t.Helper()
	f.siret++
	e := &sesame.Establishment{Name: name, SIRET: fmt.Sprintf("%014d", 90000+f.siret),
		Address:        sesame.Address{Street: "1 place de la Mairie", Postcode: "33330", City: "Saint-Émilion"},
		Representative: sesame.LegalRepresentative{Civility: sesame.CivilityMrs, Surname: "Lefèvre", FirstName: "Hélène", Title: "Maire"},
		CreatedAt:      time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)}
	if err := f.s.InTx(f.ctx, func(tx *store.Tx) error { return tx.CreateEstablishment(f.ctx, e) }); err != nil {
		f.t.Fatal(err)
	}
	return e.ID
}

// listAccount describes an account to create; zero fields take defaults
// (user, active, expiring in 100 days).
type listAccount struct {
	civility          sesame.Civility
	first, last       string
	email, department string
	profile           sesame.Profile
	status            sesame.Status
	expiresIn         int  // days after listToday
	locked            bool // the person is locked out
	lastLogin         time.Time
	person            int64 // an existing person, for a second establishment
}

type listCreated struct {
	account, person int64
	identifier      string
}

func (f *listFixture) add(est int64, a listAccount) listCreated {
	f.t.Helper()
	if a.profile == "" {
		a.profile = sesame.ProfileUser
	}
	if a.status == "" {
		a.status = sesame.StatusActive
	}
	if a.expiresIn == 0 {
		a.expiresIn = 100
	}
	if a.civility == "" {
		a.civility = sesame.CivilityMrs
	}
	if a.email == "" {
		a.email = emailOf(a.first, a.last)
	}
	var c listCreated
	err := f.s.InTx(f.ctx, func(tx *store.Tx) error {
		var p *sesame.Person
		if a.person != 0 {
			var err error
			if p, err = tx.Person(f.ctx, a.person); err != nil {
				return err
			}
		} else {
			n, err := tx.NextIdentifierNumber(f.ctx)
			if err != nil {
				return err
			}
			p = &sesame.Person{Identifier: sesame.FormatIdentifier(sesame.IdentifierPrefix(a.first, a.last), n),
				Civility: a.civility, Surname: a.last, FirstName: a.first, Email: a.email,
				CreatedAt: time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)}
			if err := tx.CreatePerson(f.ctx, p); err != nil {
				return err
			}
		}
		acc := &sesame.Account{EstablishmentID: est, Profile: a.profile, Department: a.department,
			Status: a.status, ExpiresOn: listToday.AddDays(a.expiresIn), CreatedAt: time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)}
		if a.status == sesame.StatusDeleted {
			acc.Status = sesame.StatusActive
		}
		if err := tx.CreateAccount(f.ctx, acc, p); err != nil {
			return err
		}
		if err := tx.IndexAccountWords(f.ctx, acc.ID); err != nil {
			return err
		}
		if a.status == sesame.StatusDeleted {
			if err := tx.SetAccountStatus(f.ctx, acc.ID, sesame.StatusDeleted, time.Now()); err != nil {
				return err
			}
		}
		if a.locked {
			if _, _, err := tx.RecordLoginFailure(f.ctx, p.ID, 1, time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)); err != nil {
				return err
			}
		}
		if !a.lastLogin.IsZero() {
			if err := tx.RecordLoginSuccess(f.ctx, p.ID, a.lastLogin); err != nil {
				return err
			}
		}
		c = listCreated{account: acc.ID, person: p.ID, identifier: p.Identifier}
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func emailOf(first, last string) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == ' ' || r == '\'' {
				return -1
			}
			return r
		}, sesame.Fold(s))
	}
	return clean(first) + "." + clean(last) + "@mairie-saint-emilion.fr"
}

func (f *listFixture) list(aq store.AccountQuery) *store.AccountPage {
	f.t.Helper()
	if aq.Today.IsZero() {
		aq.Today = listToday
	}
	page, err := f.s.Read().ListAccounts(f.ctx, aq)
	if err != nil {
		f.t.Fatalf("ListAccounts(%+v): %v", aq, err)
	}
	if aq.Limit == 0 && len(page.Rows) < store.DefaultAccountPageSize && aq.Offset == 0 && page.Total != len(page.Rows) {
		f.t.Errorf("ListAccounts(%+v): Total %d, but %d rows on a single page", aq, page.Total, len(page.Rows))
	}
	return page
}

func (f *listFixture) ids(aq store.AccountQuery) []int64 {
	f.t.Helper()
	if aq.Today.IsZero() {
		aq.Today = listToday
	}
	ids, err := f.s.Read().AccountIDs(f.ctx, aq)
	if err != nil {
		f.t.Fatalf("AccountIDs(%+v): %v", aq, err)
	}
	return ids
}

// names lists the rows as "First Last", sorted, for set comparisons.
func names(rows []store.AccountRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.FirstName + " " + r.Surname
	}
	slices.Sort(out)
	return out
}

func sorted(s ...string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	if s == nil {
		s = []string{}
	}
	return s
}

func TestListAccountsSearch(t *testing.T) {
	f := newListFixture(t)
	est := f.establishment("COMMUNE DE SAINT-ÉMILION")
	other := f.establishment("COMMUNE DE LIBOURNE")
	cd := f.add(est, listAccount{first: "Céline", last: "Dupont", email: "c.dupont@mairie-saint-emilion.fr", department: "Ressources humaines"})
	f.add(est, listAccount{first: "Celine", last: "Martin", department: "Paie"})
	f.add(est, listAccount{civility: sesame.CivilityMr, first: "Marcel", last: "Durand", department: "Services techniques"})
	f.add(est, listAccount{first: "Hélène", last: "Lefèvre", department: "Direction des ressources humaines"})
	f.add(est, listAccount{civility: sesame.CivilityMr, first: "Jean-Pierre", last: "Le Gall", email: "jp.legall@mairie-saint-emilion.fr", department: "Action sociale (CCAS)"})
	f.add(est, listAccount{first: "Marie-Claire", last: "D'Almeida", email: "mc_dalmeida@gmail.com"})
	f.add(est, listAccount{first: "Céline", last: "Supprimée", status: sesame.StatusDeleted, department: "Ressources humaines"})
	f.add(other, listAccount{first: "Céline", last: "Ailleurs", department: "Ressources humaines"})

	all := []string{"Celine Martin", "Céline Dupont", "Hélène Lefèvre", "Jean-Pierre Le Gall", "Marcel Durand", "Marie-Claire D'Almeida"}
	cases := []struct {
		search string
		want   []string
	}{
		{"", all},
		{"   ", all},
		{"cel", []string{"Celine Martin", "Céline Dupont"}},
		{"céli", []string{"Celine Martin", "Céline Dupont"}},
		{"CÉLINE", []string{"Celine Martin", "Céline Dupont"}},
		{"celine", []string{"Celine Martin", "Céline Dupont"}},
		{"marcel", []string{"Marcel Durand"}},
		{"mar", []string{"Celine Martin", "Marcel Durand", "Marie-Claire D'Almeida"}},
		// Two words narrow: both must match, in any field, in any order.
		{"celine martin", []string{"Celine Martin"}},
		{"Martin  Céline", []string{"Celine Martin"}},
		{"cel dup", []string{"Céline Dupont"}},
		{"cel zzz", nil},
		{"mar mart", []string{"Celine Martin"}},
		// Department, first word and later words.
		{"ressources", []string{"Céline Dupont", "Hélène Lefèvre"}},
		{"hum", []string{"Céline Dupont", "Hélène Lefèvre"}},
		{"ress HUM", []string{"Céline Dupont", "Hélène Lefèvre"}},
		{"direction hum", []string{"Hélène Lefèvre"}},
		{"paie", []string{"Celine Martin"}},
		{"ccas", []string{"Jean-Pierre Le Gall"}},
		{"serv tech", []string{"Marcel Durand"}},
		// Surnames and first names of several words.
		{"lefevre", []string{"Hélène Lefèvre"}},
		{"LEFÈVRE", []string{"Hélène Lefèvre"}},
		{"gall", []string{"Jean-Pierre Le Gall"}},
		{"le gall", []string{"Jean-Pierre Le Gall"}},
		{"pierre", []string{"Jean-Pierre Le Gall"}},
		{"claire", []string{"Marie-Claire D'Almeida"}},
		{"almeida", []string{"Marie-Claire D'Almeida"}},
		{"d'alm", []string{"Marie-Claire D'Almeida"}},
		{"d’Almeida", []string{"Marie-Claire D'Almeida"}},
		// E-mail: from its start, later words of its local part, pasted whole.
		{"c.dup", []string{"Céline Dupont"}},
		{"c.dupont@mairie-saint-emilion.fr", []string{"Céline Dupont"}},
		{"jp", []string{"Jean-Pierre Le Gall"}},
		{"legall", []string{"Jean-Pierre Le Gall"}},
		{"mc_dalm", []string{"Marie-Claire D'Almeida"}},
		{"dalmeida", []string{"Marie-Claire D'Almeida"}},
		{"mc_dalmeida@gmail.com", []string{"Marie-Claire D'Almeida"}},
		// Identifier prefix, any case.
		{strings.ToLower(cd.identifier[:5]), []string{"Céline Dupont"}},
		{cd.identifier, []string{"Céline Dupont"}},
		// Nothing, and nothing from another establishment or deleted.
		{"zzz", nil},
		{"ailleurs", nil},
		{"supprim", nil},
	}
	for _, c := range cases {
		page := f.list(store.AccountQuery{EstablishmentID: est, Search: c.search})
		if got, want := names(page.Rows), sorted(c.want...); !slices.Equal(got, want) {
			t.Errorf("search %q: got %q, want %q", c.search, got, want)
		}
		if page.Total != len(c.want) {
			t.Errorf("search %q: Total %d, want %d", c.search, page.Total, len(c.want))
		}
		if ids := f.ids(store.AccountQuery{EstablishmentID: est, Search: c.search}); len(ids) != len(c.want) {
			t.Errorf("search %q: AccountIDs gives %d, want %d", c.search, len(ids), len(c.want))
		}
	}

	// The other establishment sees its own Céline only.
	page := f.list(store.AccountQuery{EstablishmentID: other, Search: "cel"})
	if got := names(page.Rows); !slices.Equal(got, []string{"Céline Ailleurs"}) {
		t.Errorf("other establishment: got %q", got)
	}
}

func TestListAccountsReindexAfterChange(t *testing.T) {
	f := newListFixture(t)
	est := f.establishment("COMMUNE DE SAINT-ÉMILION")
	a := f.add(est, listAccount{first: "Céline", last: "Dupont", department: "Ressources humaines"})
	search := func(s string) []string {
		return names(f.list(store.AccountQuery{EstablishmentID: est, Search: s}).Rows)
	}
	if got := search("hum"); len(got) != 1 {
		t.Fatalf("before the change: %q", got)
	}
	// A change of department written without re-indexing: the stale word
	// must not match any more.
	move := func(dept string) {
		if _, err := f.s.WriteDB().ExecContext(f.ctx, `UPDATE accounts SET department = $1, department_key = $2 WHERE id = $3`,
			dept, sesame.Fold(dept), a.account); err != nil {
			t.Fatal(err)
		}
	}
	move("Paie et carrières")
	if got := search("hum"); len(got) != 0 {
		t.Errorf("stale department word still matches: %q", got)
	}
	if got := search("paie"); len(got) != 1 {
		t.Errorf("the new department's first word is found without re-indexing: got %q", got)
	}
	if err := f.s.InTx(f.ctx, func(tx *store.Tx) error { return tx.IndexAccountWords(f.ctx, a.account) }); err != nil {
		t.Fatal(err)
	}
	if got := search("carri"); len(got) != 1 {
		t.Errorf("after IndexAccountWords: %q", got)
	}
	if err := f.s.InTx(f.ctx, func(tx *store.Tx) error { return tx.IndexPersonWords(f.ctx, a.person) }); err != nil {
		t.Fatal(err)
	}
	if got := search("carri"); len(got) != 1 {
		t.Errorf("after IndexPersonWords: %q", got)
	}
	if err := f.s.InTx(f.ctx, func(tx *store.Tx) error { return tx.IndexAccountWords(f.ctx, 987654) }); sesame.ErrorCode(err) != sesame.ENotFound {
		t.Errorf("IndexAccountWords of a missing account: %v", err)
	}
}

func TestListAccountsFilters(t *testing.T) {
	f := newListFixture(t)
	est := f.establishment("COMMUNE DE SAINT-ÉMILION")
	in2Months := daysUntil(listToday.AddMonthsClamped(store.ExpiringMonths))
	f.add(est, listAccount{first: "Anne", last: "Active"})
	f.add(est, listAccount{first: "Alain", last: "Admin", profile: sesame.ProfileAdmin, expiresIn: 400})
	f.add(est, listAccount{first: "Paul", last: "Passe", expiresIn: -1}) // stored active, past its date
	f.add(est, listAccount{first: "Eric", last: "Expire", status: sesame.StatusExpired, expiresIn: -30})
	f.add(est, listAccount{first: "Pia", last: "Pending", status: sesame.StatusPending, expiresIn: 540})
	f.add(est, listAccount{first: "Luc", last: "Locked", locked: true, expiresIn: 200})
	f.add(est, listAccount{first: "Lea", last: "LockedSoon", locked: true, expiresIn: 10})
	f.add(est, listAccount{first: "Lise", last: "LockedExpired", locked: true, expiresIn: -5})
	f.add(est, listAccount{first: "Lou", last: "LockedPending", locked: true, status: sesame.StatusPending, expiresIn: 530})
	f.add(est, listAccount{first: "Sam", last: "Soon", expiresIn: 30})
	f.add(est, listAccount{first: "Tom", last: "Today"}) // expires today, set below
	f.add(est, listAccount{first: "Ed", last: "Edge", expiresIn: in2Months})
	f.add(est, listAccount{first: "Odile", last: "Outside", expiresIn: in2Months + 1})
	f.add(est, listAccount{first: "Ada", last: "AdminExpired", profile: sesame.ProfileAdmin, status: sesame.StatusExpired, expiresIn: -3})
	f.add(est, listAccount{first: "Dan", last: "Deleted", status: sesame.StatusDeleted})
	f.add(est, listAccount{first: "Dora", last: "DeletedAdmin", status: sesame.StatusDeleted, profile: sesame.ProfileAdmin})
	// Tom expires today: valid for the whole day.
	if _, err := f.s.WriteDB().ExecContext(f.ctx, `UPDATE accounts SET expires_on = $1 WHERE surname_key = 'today'`, listToday); err != nil {
		t.Fatal(err)
	}

	wantStatus := map[string]sesame.Status{
		"Anne Active": sesame.StatusActive, "Alain Admin": sesame.StatusActive, "Paul Passe": sesame.StatusExpired,
		"Eric Expire": sesame.StatusExpired, "Pia Pending": sesame.StatusPending, "Luc Locked": sesame.StatusLocked,
		"Lea LockedSoon": sesame.StatusLocked, "Lise LockedExpired": sesame.StatusExpired,
		"Lou LockedPending": sesame.StatusPending, "Sam Soon": sesame.StatusActive, "Tom Today": sesame.StatusActive,
		"Ed Edge": sesame.StatusActive, "Odile Outside": sesame.StatusActive, "Ada AdminExpired": sesame.StatusExpired,
	}
	var every []string
	for n := range wantStatus {
		every = append(every, n)
	}
	cases := []struct {
		filter store.AccountFilter
		want   []string
	}{
		{store.AccountFilterAll, every},
		{store.AccountFilterActive, []string{"Anne Active", "Alain Admin", "Sam Soon", "Tom Today", "Ed Edge", "Odile Outside"}},
		{store.AccountFilterPending, []string{"Pia Pending", "Lou LockedPending"}},
		{store.AccountFilterExpired, []string{"Paul Passe", "Eric Expire", "Lise LockedExpired", "Ada AdminExpired"}},
		{store.AccountFilterLocked, []string{"Luc Locked", "Lea LockedSoon"}},
		{store.AccountFilterAdmins, []string{"Alain Admin", "Ada AdminExpired"}},
		{store.AccountFilterUsers, slices.DeleteFunc(slices.Clone(every), func(n string) bool { return strings.HasPrefix(n, "A") && strings.Contains(n, "Admin") })},
		{store.AccountFilterExpiring, []string{"Sam Soon", "Tom Today", "Ed Edge", "Lea LockedSoon"}},
	}
	for _, c := range cases {
		aq := store.AccountQuery{EstablishmentID: est, Filter: c.filter, Limit: 100}
		page := f.list(aq)
		if got, want := names(page.Rows), sorted(c.want...); !slices.Equal(got, want) {
			t.Errorf("filter %q: got %q, want %q", c.filter, got, want)
		}
		if page.Total != len(c.want) {
			t.Errorf("filter %q: Total %d, want %d", c.filter, page.Total, len(c.want))
		}
		if ids := f.ids(aq); len(ids) != len(c.want) {
			t.Errorf("filter %q: AccountIDs gives %d, want %d", c.filter, len(ids), len(c.want))
		}
		for _, r := range page.Rows {
			n := r.FirstName + " " + r.Surname
			if r.Status != wantStatus[n] {
				t.Errorf("filter %q: %s has status %q, want %q", c.filter, n, r.Status, wantStatus[n])
			}
		}
	}

	// Filter and search combine.
	page := f.list(store.AccountQuery{EstablishmentID: est, Filter: store.AccountFilterLocked, Search: "lea"})
	if got := names(page.Rows); !slices.Equal(got, []string{"Lea LockedSoon"}) {
		t.Errorf("locked + search: %q", got)
	}
}

func daysUntil(d sesame.Date) int {
	return int(d.StartOfDay().Sub(listToday.StartOfDay()).Hours()+12) / 24
}

// statusRank orders effective statuses as their French labels sort.
var statusRank = map[sesame.Status]int{sesame.StatusActive: 1, sesame.StatusLocked: 2, sesame.StatusPending: 3, sesame.StatusExpired: 4}

func compareRows(sort store.AccountSort) func(a, b store.AccountRow) int {
	name := func(a, b store.AccountRow) int {
		return cmp.Or(strings.Compare(sesame.Fold(a.Surname), sesame.Fold(b.Surname)),
			strings.Compare(sesame.Fold(a.FirstName), sesame.Fold(b.FirstName)))
	}
	var primary func(a, b store.AccountRow) int
	switch sort {
	case store.AccountSortFirstName:
		primary = func(a, b store.AccountRow) int {
			return cmp.Or(strings.Compare(sesame.Fold(a.FirstName), sesame.Fold(b.FirstName)),
				strings.Compare(sesame.Fold(a.Surname), sesame.Fold(b.Surname)))
		}
	case store.AccountSortIdentifier:
		primary = func(a, b store.AccountRow) int { return strings.Compare(a.Identifier, b.Identifier) }
	case store.AccountSortDepartment:
		primary = func(a, b store.AccountRow) int {
			return cmp.Or(strings.Compare(sesame.Fold(a.Department), sesame.Fold(b.Department)), name(a, b))
		}
	case store.AccountSortProfile:
		primary = func(a, b store.AccountRow) int {
			return cmp.Or(strings.Compare(string(a.Profile), string(b.Profile)), name(a, b))
		}
	case store.AccountSortStatus:
		primary = func(a, b store.AccountRow) int {
			return cmp.Or(cmp.Compare(statusRank[a.Status], statusRank[b.Status]), name(a, b))
		}
	case store.AccountSortExpiresOn:
		primary = func(a, b store.AccountRow) int {
			return cmp.Or(strings.Compare(a.ExpiresOn.String(), b.ExpiresOn.String()), name(a, b))
		}
	case store.AccountSortLastLogin:
		primary = func(a, b store.AccountRow) int {
			var c int
			switch {
			case a.LastLoginAt == nil && b.LastLoginAt == nil:
			case a.LastLoginAt == nil:
				c = -1
			case b.LastLoginAt == nil:
				c = 1
			default:
				c = a.LastLoginAt.Compare(*b.LastLoginAt)
			}
			return cmp.Or(c, name(a, b))
		}
	default:
		primary = name
	}
	return func(a, b store.AccountRow) int { return cmp.Or(primary(a, b), cmp.Compare(a.AccountID, b.AccountID)) }
}

func TestListAccountsSortAndPaging(t *testing.T) {
	f := newListFixture(t)
	est := f.establishment("COMMUNE DE SAINT-ÉMILION")
	people := []listAccount{
		{first: "Céline", last: "Dupont", department: "Ressources humaines", expiresIn: 30},
		{first: "Celine", last: "Dupont", department: "Paie", expiresIn: 30},
		{first: "Émilie", last: "Durand", department: "État civil", expiresIn: 300, profile: sesame.ProfileAdmin},
		{first: "Zoé", last: "Abadie", department: "", expiresIn: -10},
		{first: "Éric", last: "Élie", department: "Urbanisme", expiresIn: 300, locked: true},
		{first: "Agnès", last: "Zola", department: "Paie", status: sesame.StatusPending, expiresIn: 540},
		{first: "Marc", last: "Œuvray", department: "Finances", status: sesame.StatusExpired, expiresIn: -40},
		{first: "Hélène", last: "Lefèvre", department: "Ressources humaines", expiresIn: 30, profile: sesame.ProfileAdmin},
		{first: "Hélène", last: "Lefèvre", department: "Paie", expiresIn: 30},
		{first: "Jean", last: "Le Gall", department: "Informatique", expiresIn: 75},
	}
	for i := range 13 {
		people = append(people, listAccount{first: fmt.Sprintf("Agent%02d", i), last: "Martin", department: "Services techniques",
			expiresIn: 50 + i%3})
	}
	for i := range people {
		if i%3 != 0 {
			people[i].lastLogin = time.Date(2025, 6, 1+i%5, 8, i, 0, 0, time.UTC)
		}
		f.add(est, people[i])
	}
	total := len(people)

	for _, sort := range store.AccountSorts {
		for _, desc := range []bool{false, true} {
			aq := store.AccountQuery{EstablishmentID: est, Sort: sort, Desc: desc, Limit: 100}
			page := f.list(aq)
			if len(page.Rows) != total || page.Total != total {
				t.Fatalf("sort %s desc=%v: %d rows, Total %d, want %d", sort, desc, len(page.Rows), page.Total, total)
			}
			want := slices.Clone(page.Rows)
			slices.SortFunc(want, compareRows(sort))
			if desc {
				slices.Reverse(want)
			}
			if !slices.EqualFunc(page.Rows, want, func(a, b store.AccountRow) bool { return a.AccountID == b.AccountID }) {
				t.Errorf("sort %s desc=%v:\n got %v\nwant %v", sort, desc, rowNames(page.Rows), rowNames(want))
			}
			// AccountIDs returns the same order, without paging.
			ids := f.ids(aq)
			for i, r := range page.Rows {
				if i >= len(ids) || ids[i] != r.AccountID {
					t.Errorf("sort %s desc=%v: AccountIDs order differs at %d", sort, desc, i)
					break
				}
			}
			// Pages of 10 concatenate to the whole list, with the same Total.
			var paged []int64
			for offset := 0; offset < total; offset += 10 {
				p := f.list(store.AccountQuery{EstablishmentID: est, Sort: sort, Desc: desc, Limit: 10, Offset: offset})
				if p.Total != total {
					t.Errorf("sort %s: page at %d has Total %d", sort, offset, p.Total)
				}
				if want := min(10, total-offset); len(p.Rows) != want {
					t.Errorf("sort %s: page at %d has %d rows, want %d", sort, offset, len(p.Rows), want)
				}
				for _, r := range p.Rows {
					paged = append(paged, r.AccountID)
				}
			}
			if !slices.Equal(paged, ids) {
				t.Errorf("sort %s desc=%v: pages %v, whole list %v", sort, desc, paged, ids)
			}
		}
	}

	// Pages nearer the end are read from the end, backwards: the same rows
	// in the same order, for every grouping, sort and direction.
	restore := store.SetBackwardsFromForTest(0)
	for _, group := range []store.AccountGroup{store.AccountGroupNone, store.AccountGroupStatus, store.AccountGroupProfile, store.AccountGroupExpiryMonth} {
		for _, sort := range store.AccountSorts {
			for _, desc := range []bool{false, true} {
				aq := store.AccountQuery{EstablishmentID: est, Group: group, Sort: sort, Desc: desc, Limit: 7}
				var paged []int64
				for offset := 0; offset < total; offset += 7 {
					aq.Offset = offset
					p := f.list(aq)
					if p.Total != total {
						t.Errorf("group %s sort %s desc=%v: page at %d has Total %d", group, sort, desc, offset, p.Total)
					}
					for _, r := range p.Rows {
						paged = append(paged, r.AccountID)
					}
				}
				if ids := f.ids(aq); !slices.Equal(paged, ids) {
					t.Errorf("group %s sort %s desc=%v, read backwards from the middle: pages %v, whole list %v", group, sort, desc, paged, ids)
				}
			}
		}
	}
	restore()

	// The default sort is by name, with 25 rows a page.
	page := f.list(store.AccountQuery{EstablishmentID: est})
	if len(page.Rows) != min(total, store.DefaultAccountPageSize) || page.Rows[0].Surname != "Abadie" {
		t.Errorf("default list: %d rows, first %q", len(page.Rows), page.Rows[0].Surname)
	}
	// Past the end: no rows, and the total still.
	page = f.list(store.AccountQuery{EstablishmentID: est, Offset: 1000, Limit: 10})
	if len(page.Rows) != 0 || page.Total != total {
		t.Errorf("past the end: %d rows, Total %d", len(page.Rows), page.Total)
	}
	// Silly page sizes are brought back within 1…100.
	page = f.list(store.AccountQuery{EstablishmentID: est, Limit: 1000})
	if len(page.Rows) != total {
		t.Errorf("Limit 1000: %d rows", len(page.Rows))
	}
	page = f.list(store.AccountQuery{EstablishmentID: est, Limit: 5, Offset: -3})
	if len(page.Rows) != 5 || page.Rows[0].Surname != "Abadie" {
		t.Errorf("negative offset: %d rows", len(page.Rows))
	}
	// Row contents.
	page = f.list(store.AccountQuery{EstablishmentID: est, Search: "zola"})
	if len(page.Rows) != 1 {
		t.Fatalf("zola: %d rows", len(page.Rows))
	}
	r := page.Rows[0]
	if r.Civility != sesame.CivilityMrs || r.FirstName != "Agnès" || r.Department != "Paie" || r.Email != "agnes.zola@mairie-saint-emilion.fr" ||
		r.Profile != sesame.ProfileUser || r.Status != sesame.StatusPending || r.ExpiresOn != listToday.AddDays(540) ||
		!strings.HasPrefix(r.Identifier, "AZO") || r.PersonID == 0 || r.AccountID == 0 {
		t.Errorf("row: %+v", r)
	}
}

// identifierShape is F-02's form: three letters and a six-digit number.
var identifierShape = regexp.MustCompile(`^[A-Z]{3}[0-9]{6,}$`)

func rowNames(rows []store.AccountRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%s %s#%d", r.FirstName, r.Surname, r.AccountID)
	}
	return out
}

func TestListAccountsGroup(t *testing.T) {
	f := newListFixture(t)
	est := f.establishment("COMMUNE DE SAINT-ÉMILION")
	bernard := f.add(est, listAccount{first: "Bob", last: "Bernard", expiresIn: 40})
	zola := f.add(est, listAccount{first: "Ann", last: "Zola", profile: sesame.ProfileAdmin, expiresIn: 10})
	f.add(est, listAccount{first: "Cyd", last: "Arnaud", status: sesame.StatusPending, expiresIn: 500})
	morel := f.add(est, listAccount{first: "Dan", last: "Morel", expiresIn: -4})
	caron := f.add(est, listAccount{first: "Eve", last: "Caron", locked: true, expiresIn: 45})
	surnames := func(aq store.AccountQuery) []string {
		var got []string
		for _, r := range f.list(aq).Rows {
			got = append(got, r.Surname)
		}
		return got
	}

	cases := []struct {
		group store.AccountGroup
		sort  store.AccountSort
		desc  bool
		want  []string
	}{
		{store.AccountGroupProfile, "", false, []string{"Zola", "Arnaud", "Bernard", "Caron", "Morel"}},
		{store.AccountGroupProfile, "", true, []string{"Zola", "Morel", "Caron", "Bernard", "Arnaud"}},
		{store.AccountGroupStatus, "", false, []string{"Bernard", "Zola", "Caron", "Arnaud", "Morel"}},
		{store.AccountGroupStatus, "", true, []string{"Zola", "Bernard", "Caron", "Arnaud", "Morel"}},
		{store.AccountGroupStatus, store.AccountSortStatus, true, []string{"Morel", "Arnaud", "Caron", "Zola", "Bernard"}},
		{store.AccountGroupStatus, store.AccountSortExpiresOn, false, []string{"Zola", "Bernard", "Caron", "Arnaud", "Morel"}},
		{store.AccountGroupExpiryMonth, store.AccountSortName, false, []string{"Morel", "Zola", "Bernard", "Caron", "Arnaud"}},
	}
	for _, c := range cases {
		got := surnames(store.AccountQuery{EstablishmentID: est, Group: c.group, Sort: c.sort, Desc: c.desc})
		if !slices.Equal(got, c.want) {
			t.Errorf("group %s sort %s desc=%v: got %q, want %q", c.group, c.sort, c.desc, got, c.want)
		}
	}

	// Accounts change group as their status, their person's lock and
	// their date change: Caron unlocked, Morel renewed, Bernard expired by
	// the nightly run, Zola's person locked.
	err := f.s.InTx(f.ctx, func(tx *store.Tx) error {
		return errors.Join(tx.Unlock(f.ctx, caron.person),
			tx.RenewAccount(f.ctx, morel.account, listToday.AddDays(300)),
			tx.SetAccountStatus(f.ctx, bernard.account, sesame.StatusExpired, time.Now()),
			func() error { _, _, err := tx.RecordLoginFailure(f.ctx, zola.person, 1, time.Now()); return err }())
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Caron", "Morel", "Zola", "Arnaud", "Bernard"}
	if got := surnames(store.AccountQuery{EstablishmentID: est, Group: store.AccountGroupStatus}); !slices.Equal(got, want) {
		t.Errorf("after the changes, grouped by status: got %q, want %q", got, want)
	}
	// The generator writes status_rank as the triggers keep it.
	rows, err := f.s.ReadDB().QueryContext(f.ctx, `SELECT status, person_locked, status_rank FROM accounts WHERE establishment_id = $1`, est)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var locked, rank int
		if err := rows.Scan(&status, &locked, &rank); err != nil {
			t.Fatal(err)
		}
		if want := store.StatusRankForTest(sesame.Status(status), locked); rank != want {
			t.Errorf("status %s, locked %d: status_rank %d, the generator would write %d", status, locked, rank, want)
		}
	}
}

func TestListAccountsInvalid(t *testing.T) {
	f := newListFixture(t)
	est := f.establishment("COMMUNE DE SAINT-ÉMILION")
	for _, aq := range []store.AccountQuery{
		{Today: listToday},
		{EstablishmentID: est},
		{EstablishmentID: est, Today: listToday, Filter: "deleted"},
		{EstablishmentID: est, Today: listToday, Sort: "password_hash"},
		{EstablishmentID: est, Today: listToday, Group: "siret"},
	} {
		if _, err := f.s.Read().ListAccounts(f.ctx, aq); sesame.ErrorCode(err) != sesame.EInvalid {
			t.Errorf("ListAccounts(%+v): %v, want invalid", aq, err)
		}
		if _, err := f.s.Read().AccountIDs(f.ctx, aq); sesame.ErrorCode(err) != sesame.EInvalid {
			t.Errorf("AccountIDs(%+v): %v, want invalid", aq, err)
		}
	}
	// An establishment without accounts lists nothing.
	page := f.list(store.AccountQuery{EstablishmentID: est})
	if len(page.Rows) != 0 || page.Total != 0 {
		t.Errorf("empty establishment: %+v", page)
	}
}

func TestListAccountsPersonInTwoEstablishments(t *testing.T) {
	f := newListFixture(t)
	a := f.establishment("COMMUNE DE SAINT-ÉMILION")
	b := f.establishment("CENTRE HOSPITALIER DE LIBOURNE")
	c := f.add(a, listAccount{first: "Céline", last: "Dupont", department: "Ressources humaines"})
	f.add(b, listAccount{first: "Céline", last: "Dupont", department: "Bureau des entrées", person: c.person, status: sesame.StatusPending})
	for _, tc := range []struct {
		est    int64
		search string
		want   int
		status sesame.Status
	}{
		{a, "hum", 1, sesame.StatusActive}, {a, "bureau", 0, ""}, {b, "bureau", 1, sesame.StatusPending}, {b, "hum", 0, ""},
	} {
		page := f.list(store.AccountQuery{EstablishmentID: tc.est, Search: tc.search})
		if len(page.Rows) != tc.want || (tc.want == 1 && page.Rows[0].Status != tc.status) {
			t.Errorf("establishment %d, search %q: %+v", tc.est, tc.search, page.Rows)
		}
	}
}

// TestListAccountsMatchesReference checks ListAccounts against a plain Go
// reading of the same rules over generated data: every account of the
// establishment is read, filtered, searched and sorted in Go, and the
// results must agree.
func TestListAccountsMatchesReference(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	const accounts = 3000
	first, err := s.Generate(ctx, store.GenerateOptions{Establishments: 12, Accounts: accounts, BigEstablishment: 1500, Seed: 7, Today: listToday})
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.Read().AccountIDs(ctx, store.AccountQuery{EstablishmentID: first, Today: listToday, Sort: store.AccountSortIdentifier})
	if err != nil {
		t.Fatal(err)
	}
	var rows []store.AccountRow
	for offset := 0; offset < len(all); offset += 100 {
		p, err := s.Read().ListAccounts(ctx, store.AccountQuery{EstablishmentID: first, Today: listToday, Limit: 100, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, p.Rows...)
	}
	var departments []string
	for _, r := range rows {
		if r.Department != "" && !slices.Contains(departments, r.Department) {
			departments = append(departments, r.Department)
		}
	}
	searches := []string{"", "cel", "céli", "mart du", "hum", "ressources humaines", "paie", "marie claire", "le", "d", "jean pierre",
		"zz", "e", "gall", "oeuv", "Œuvray", "lœ", "celine.mar", "sé", "direction des", "(ccas)", "loups", "petits"}
	searches = append(searches, strings.ToLower(rows[0].Identifier[:4]), rows[len(rows)/2].Identifier, rows[7].Email)
	if len(departments) > 2 {
		searches = append(searches, departments[2])
	}
	for _, search := range searches {
		for _, filter := range store.AccountFilters {
			for _, sort := range []store.AccountSort{store.AccountSortName, store.AccountSortExpiresOn, store.AccountSortStatus, store.AccountSortLastLogin} {
				aq := store.AccountQuery{EstablishmentID: first, Today: listToday, Search: search, Filter: filter, Sort: sort, Desc: len(search)%2 == 0, Limit: 50, Offset: 25}
				want := referenceList(rows, aq)
				page, err := s.Read().ListAccounts(ctx, aq)
				if err != nil {
					t.Fatal(err)
				}
				if page.Total != len(want) {
					t.Errorf("%q %q %s: Total %d, reference %d", search, filter, sort, page.Total, len(want))
					continue
				}
				want = want[min(25, len(want)):min(75, len(want))]
				if !slices.EqualFunc(page.Rows, want, func(a, b store.AccountRow) bool { return a.AccountID == b.AccountID }) {
					t.Errorf("%q %q %s: page differs from the reference:\n got %v\nwant %v", search, filter, sort, rowNames(page.Rows), rowNames(want))
				}
			}
		}
	}
}

// referenceList applies AccountQuery's rules to rows in Go.
func referenceList(rows []store.AccountRow, aq store.AccountQuery) []store.AccountRow {
	var words []string
	for _, token := range strings.Fields(sesame.Fold(aq.Search)) {
		token, _, _ = strings.Cut(token, "@")
		words = append(words, splitRef(token)...)
	}
	var out []store.AccountRow
	for _, r := range rows {
		if !referenceFilter(r, aq) {
			continue
		}
		local, _, _ := strings.Cut(sesame.Fold(r.Email), "@")
		fields := []string{sesame.Fold(r.Surname), sesame.Fold(r.FirstName), sesame.Fold(r.Identifier), sesame.Fold(r.Email), sesame.Fold(r.Department)}
		fieldWords := slices.Concat(splitRef(fields[0]), splitRef(fields[1]), splitRef(fields[2]), splitRef(local), splitRef(fields[4]))
		ok := true
		for _, w := range words {
			prefix := func(s string) bool { return strings.HasPrefix(s, w) }
			if !slices.ContainsFunc(fields, prefix) && !slices.ContainsFunc(fieldWords, prefix) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, compareRows(aq.Sort))
	if aq.Desc {
		slices.Reverse(out)
	}
	return out
}

func splitRef(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func referenceFilter(r store.AccountRow, aq store.AccountQuery) bool {
	switch aq.Filter {
	case store.AccountFilterActive:
		return r.Status == sesame.StatusActive
	case store.AccountFilterPending:
		return r.Status == sesame.StatusPending
	case store.AccountFilterExpired:
		return r.Status == sesame.StatusExpired
	case store.AccountFilterLocked:
		return r.Status == sesame.StatusLocked
	case store.AccountFilterAdmins:
		return r.Profile == sesame.ProfileAdmin
	case store.AccountFilterUsers:
		return r.Profile == sesame.ProfileUser
	case store.AccountFilterExpiring:
		return (r.Status == sesame.StatusActive || r.Status == sesame.StatusLocked) &&
			!r.ExpiresOn.After(aq.Today.AddMonthsClamped(store.ExpiringMonths))
	}
	return true
}

func TestGenerate(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	var progress []int
	opts := store.GenerateOptions{Establishments: 40, Accounts: 5000, BigEstablishment: 1200, Seed: 1, Today: listToday,
		Progress: func(done, total int) {
			if total != 5000 {
				t.Errorf("progress total %d", total)
			}
			progress = append(progress, done)
		}}
	first, err := s.Generate(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 5000 || !slices.IsSorted(progress) {
		t.Errorf("progress: %v", progress)
	}
	db := s.ReadDB()
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM establishments`); n != 40 {
		t.Errorf("%d establishments", n)
	}
	if n := count(`SELECT count(*) FROM accounts`); n != 5000 {
		t.Errorf("%d accounts", n)
	}
	if n := count(`SELECT count(*) FROM accounts WHERE establishment_id = $1`, first); n != 1200 {
		t.Errorf("first establishment: %d accounts", n)
	}
	if n := count(`SELECT count(DISTINCT establishment_id) FROM accounts`); n != 40 {
		t.Errorf("accounts in %d establishments", n)
	}
	// Every establishment has an active administrator (F-07).
	if n := count(`SELECT count(DISTINCT establishment_id) FROM accounts a JOIN persons p ON p.id = a.person_id
		WHERE a.profile = 'admin' AND a.status = 'active' AND a.expires_on >= $1 AND p.locked_at IS NULL`, listToday); n != 40 {
		t.Errorf("%d establishments with an active administrator", n)
	}
	// Some people work for two establishments.
	persons := count(`SELECT count(*) FROM persons`)
	if persons >= 5000 || persons < 4800 {
		t.Errorf("%d persons for 5000 accounts", persons)
	}
	// The identifier sequence moved past every identifier given.
	if n := count(`SELECT value FROM sequences WHERE name = 'identifier'`); n != persons {
		t.Errorf("sequence at %d, %d persons", n, persons)
	}
	ests, err := s.Read().Establishments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ests {
		if !sesame.ValidSIRET(e.SIRET) || e.Name == "" || e.Representative.Surname == "" || e.Representative.Title == "" || e.Address.Postcode == "" {
			t.Errorf("establishment %+v", e)
		}
	}
	statuses := map[sesame.Status]int{}
	accents, compound := 0, 0
	for _, e := range ests {
		ids, err := s.Read().AccountIDs(ctx, store.AccountQuery{EstablishmentID: e.ID, Today: listToday})
		if err != nil {
			t.Fatal(err)
		}
		for offset := 0; offset < len(ids); offset += 100 {
			page, err := s.Read().ListAccounts(ctx, store.AccountQuery{EstablishmentID: e.ID, Today: listToday, Limit: 100, Offset: offset})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page.Rows {
				statuses[r.Status]++
				if sesame.Fold(r.FirstName+r.Surname) != strings.ToLower(r.FirstName+r.Surname) {
					accents++
				}
				if strings.ContainsAny(r.Surname+r.FirstName, " -'") {
					compound++
				}
				if !identifierShape.MatchString(r.Identifier) || !strings.HasPrefix(r.Identifier, sesame.IdentifierPrefix(r.FirstName, r.Surname)) {
					t.Errorf("identifier %q for %s %s", r.Identifier, r.FirstName, r.Surname)
				}
				if !strings.Contains(r.Email, "@") || r.ExpiresOn.IsZero() || !r.Profile.Valid() || !r.Civility.Valid() {
					t.Errorf("row %+v", r)
				}
			}
		}
	}
	deleted := count(`SELECT count(*) FROM accounts WHERE status = 'deleted'`)
	t.Logf("statuses %v, deleted %d, accents %d, compound names %d, persons %d", statuses, deleted, accents, compound, persons)
	for _, st := range []sesame.Status{sesame.StatusActive, sesame.StatusPending, sesame.StatusExpired, sesame.StatusLocked} {
		if statuses[st] < 100 {
			t.Errorf("only %d accounts %s", statuses[st], st)
		}
	}
	if deleted < 100 || accents < 500 || compound < 50 {
		t.Errorf("deleted %d, accents %d, compound %d", deleted, accents, compound)
	}

	// A second run adds to the store without clashing with the first.
	if _, err := s.Generate(ctx, store.GenerateOptions{Establishments: 3, Accounts: 30, Seed: 1, Today: listToday}); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if n := count(`SELECT count(*) FROM accounts`); n != 5030 {
		t.Errorf("after the second run: %d accounts", n)
	}
	for _, bad := range []store.GenerateOptions{{Establishments: 0, Accounts: 10}, {Establishments: 5, Accounts: 4},
		{Establishments: 5, Accounts: 10, BigEstablishment: 7}} {
		if _, err := s.Generate(ctx, bad); err == nil {
			t.Errorf("Generate(%+v) succeeded", bad)
		}
	}
}

// TestListAccountsLockFollowsPerson checks that the lock state copied onto
// accounts (for the filters and the status sort) follows the person's:
// locking, unlocking, and an account added for a person already locked.
func TestListAccountsLockFollowsPerson(t *testing.T) {
	f := newListFixture(t)
	a := f.establishment("COMMUNE DE SAINT-ÉMILION")
	b := f.establishment("CENTRE HOSPITALIER DE LIBOURNE")
	c := f.add(a, listAccount{first: "Céline", last: "Dupont"})
	f.add(a, listAccount{first: "Paul", last: "Martin"})
	check := func(when string, est int64, filter store.AccountFilter, want ...string) {
		t.Helper()
		page := f.list(store.AccountQuery{EstablishmentID: est, Filter: filter})
		if got := names(page.Rows); !slices.Equal(got, sorted(want...)) {
			t.Errorf("%s, filter %q: got %q, want %q", when, filter, got, want)
		}
		for _, r := range page.Rows {
			if filter == store.AccountFilterLocked && r.Status != sesame.StatusLocked || filter == store.AccountFilterActive && r.Status != sesame.StatusActive {
				t.Errorf("%s, filter %q: %s %s shows %q", when, filter, r.FirstName, r.Surname, r.Status)
			}
		}
	}
	tx := func(fn func(tx *store.Tx) error) {
		t.Helper()
		if err := f.s.InTx(f.ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	check("at first", a, store.AccountFilterLocked)
	tx(func(tx *store.Tx) error {
		_, _, err := tx.RecordLoginFailure(f.ctx, c.person, 1, time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC))
		return err
	})
	check("locked", a, store.AccountFilterLocked, "Céline Dupont")
	check("locked", a, store.AccountFilterActive, "Paul Martin")
	// More failures while locked change nothing.
	tx(func(tx *store.Tx) error {
		_, _, err := tx.RecordLoginFailure(f.ctx, c.person, 1, time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC))
		return err
	})
	check("locked again", a, store.AccountFilterLocked, "Céline Dupont")
	// An account given to a person who is locked is locked at once.
	f.add(b, listAccount{first: "Céline", last: "Dupont", person: c.person})
	check("new account of a locked person", b, store.AccountFilterLocked, "Céline Dupont")
	check("new account of a locked person", b, store.AccountFilterActive)
	page := f.list(store.AccountQuery{EstablishmentID: a, Sort: store.AccountSortStatus})
	if got := rowNames(page.Rows); len(got) != 2 || page.Rows[1].Status != sesame.StatusLocked {
		t.Errorf("sorted by status: %q", got)
	}
	tx(func(tx *store.Tx) error { return tx.Unlock(f.ctx, c.person) })
	check("unlocked", a, store.AccountFilterLocked)
	check("unlocked", a, store.AccountFilterActive, "Céline Dupont", "Paul Martin")
	check("unlocked", b, store.AccountFilterActive, "Céline Dupont")
	tx(func(tx *store.Tx) error {
		_, _, err := tx.RecordLoginFailure(f.ctx, c.person, 1, time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC))
		return err
	})
	check("locked once more", b, store.AccountFilterLocked, "Céline Dupont")
	tx(func(tx *store.Tx) error {
		return tx.SetPassword(f.ctx, c.person, "hash", time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC))
	})
	check("after a new password", b, store.AccountFilterLocked)

	// The last login, copied the same way for the "Connexion" sort.
	byLogin := func(est int64) []string {
		t.Helper()
		var out []string
		for _, r := range f.list(store.AccountQuery{EstablishmentID: est, Sort: store.AccountSortLastLogin, Desc: true}).Rows {
			out = append(out, r.FirstName)
		}
		return out
	}
	login := func(person int64, day int) {
		tx(func(tx *store.Tx) error {
			return tx.RecordLoginSuccess(f.ctx, person, time.Date(2025, 6, day, 8, 0, 0, 0, time.UTC))
		})
	}
	zoe := f.add(a, listAccount{first: "Zoé", last: "Zola"})
	login(zoe.person, 3)
	login(c.person, 4)
	if got := byLogin(a); !slices.Equal(got, []string{"Céline", "Zoé", "Paul"}) {
		t.Errorf("by last login: %q", got)
	}
	login(zoe.person, 5)
	if got := byLogin(a); !slices.Equal(got, []string{"Zoé", "Céline", "Paul"}) {
		t.Errorf("by last login, after a new login: %q", got)
	}
	// An account given to a person who has logged in before starts with
	// their last login.
	c2 := f.establishment("CCAS DE SAINT-ÉMILION")
	f.add(c2, listAccount{first: "Zoé", last: "Zola", person: zoe.person})
	f.add(c2, listAccount{first: "Anne", last: "Neuve"}) // never logged in, newer: first by ID, last by login
	if got := byLogin(c2); !slices.Equal(got, []string{"Zoé", "Anne"}) {
		t.Errorf("by last login in a new establishment: %q", got)
	}
}

func TestGeneratedNamesElide(t *testing.T) {
	for prefix, want := range map[string]string{"Commune de ": "Commune d'Antibes", "EHPAD de ": "EHPAD d'Antibes"} {
		if got := store.ElideForTest(prefix, "Antibes"); got != want {
			t.Errorf("%q + Antibes = %q, want %q", prefix, got, want)
		}
	}
	if got := store.ElideForTest("Commune de ", "Cannes"); got != "Commune de Cannes" {
		t.Errorf("Cannes: %q", got)
	}
}

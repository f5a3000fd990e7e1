package service_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// colleague creates a user account in the administrator's establishment
// and makes it active with the given expiry date, as if its holder had
// activated it long ago.
func colleague(t *testing.T, env *testenv.Env, admin sesame.Actor, first, surname string, expires sesame.Date) *service.NewAccount {
	t.Helper()
	in := testenv.ValidPerson(first, surname, fmt.Sprintf("%s.%s@mairie.example", sesame.Fold(first), sesame.Fold(surname)))
	na, err := env.Service.CreateAccount(ctx, admin, in, nil)
	if err != nil {
		t.Fatalf("create %s %s: %v", first, surname, err)
	}
	setAccount(t, env, na.Account.ID, sesame.StatusActive, expires)
	return na
}

// setAccount stores a status and an expiry date directly, as time would
// have made them.
func setAccount(t *testing.T, env *testenv.Env, accountID int64, status sesame.Status, expires sesame.Date) {
	t.Helper()
	if _, err := env.Store.WriteDB().Exec(`UPDATE accounts SET status = $1, expires_on = $2 WHERE id = $3`,
		string(status), expires, accountID); err != nil {
		t.Fatal(err)
	}
}

func storedStatus(t *testing.T, env *testenv.Env, accountID int64) sesame.Status {
	t.Helper()
	var s string
	if err := env.Store.ReadDB().QueryRow(`SELECT status FROM accounts WHERE id = $1`, accountID).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return sesame.Status(s)
}

func expiryEvents(t *testing.T, env *testenv.Env, accountID int64) int {
	t.Helper()
	var n int
	if err := env.Store.ReadDB().QueryRow(`SELECT COUNT(*) FROM audit_events WHERE kind = $1 AND account_id = $2`,
		string(sesame.EventAccountExpired), accountID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func mustParseTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestExpiryAtMidnightParis: an account expiring on D is active all of D
// and expired from D+1 00:00 Paris, whatever the day's length. The instants
// are written in UTC by hand, so the test does not trust the code's own
// time-zone arithmetic: 29 March and 25 October 2026 are the days France
// changes clocks.
func TestExpiryAtMidnightParis(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	_, admin := adminActor(t, env, adminAcc.Person.Identifier)
	cases := []struct {
		expires          sesame.Date
		lastActive, from string // the last instant of D and the first of D+1 in Paris, in UTC
	}{
		{sesame.NewDate(2026, time.March, 28), "2026-03-28T22:59:59.999Z", "2026-03-28T23:00:00Z"},   // CET
		{sesame.NewDate(2026, time.March, 29), "2026-03-29T21:59:59.999Z", "2026-03-29T22:00:00Z"},   // a 23-hour day, CEST by its end
		{sesame.NewDate(2026, time.June, 15), "2026-06-15T21:59:59.999Z", "2026-06-15T22:00:00Z"},    // CEST
		{sesame.NewDate(2026, time.October, 24), "2026-10-24T21:59:59.999Z", "2026-10-24T22:00:00Z"}, // CEST
		{sesame.NewDate(2026, time.October, 25), "2026-10-25T22:59:59.999Z", "2026-10-25T23:00:00Z"}, // a 25-hour day, CET by its end
	}
	accounts := make([]*service.NewAccount, len(cases))
	for i, c := range cases {
		accounts[i] = colleague(t, env, admin, "Agent", []string{"Arnaud", "Bernard", "Clément", "Dubois", "Étienne"}[i], c.expires)
	}
	for i, c := range cases {
		env.Clock.Set(mustParseTime(t, c.lastActive))
		r, err := env.Service.ExpireAccounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.Expired != 0 || storedStatus(t, env, accounts[i].Account.ID) != sesame.StatusActive {
			t.Fatalf("%s at %s (the last instant of the day in Paris): expired %d accounts, status %s; want it still active",
				c.expires, c.lastActive, r.Expired, storedStatus(t, env, accounts[i].Account.ID))
		}
		if r.Today != c.expires {
			t.Errorf("at %s the run reckons today = %s, want %s", c.lastActive, r.Today, c.expires)
		}
		env.Clock.Set(mustParseTime(t, c.from))
		for run := 1; run <= 2; run++ { // the second run finds nothing more to do
			r, err = env.Service.ExpireAccounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			if run == 1 {
				want = 1
			}
			if r.Expired != want {
				t.Fatalf("%s at %s, run %d: expired %d accounts, want %d", c.expires, c.from, run, r.Expired, want)
			}
		}
		if s := storedStatus(t, env, accounts[i].Account.ID); s != sesame.StatusExpired {
			t.Fatalf("%s at %s: status %s, want expired", c.expires, c.from, s)
		}
		if n := expiryEvents(t, env, accounts[i].Account.ID); n != 1 {
			t.Errorf("%s: %d expiry events in the history, want 1", c.expires, n)
		}
		for _, later := range accounts[i+1:] {
			if s := storedStatus(t, env, later.Account.ID); s != sesame.StatusActive {
				t.Fatalf("an account expiring later became %s at %s", s, c.from)
			}
		}
	}
	// The history row says who (the system), what, and before/after.
	events, err := env.Store.Read().Events(ctx, store.EventFilter{PersonID: &accounts[0].Person.ID, Kind: sesame.EventAccountExpired})
	if err != nil || len(events) != 1 {
		t.Fatalf("events: %v %v", events, err)
	}
	e := events[0]
	if e.ActorLabel != "Système" || e.ActorPersonID != nil || *e.AccountID != accounts[0].Account.ID || e.Detail["expires_on"] != "2026-03-28" ||
		!e.At.Equal(mustParseTime(t, cases[0].from)) {
		t.Errorf("expiry event = %+v", e)
	}
}

// TestExpiryEndsSessionsOfPeopleLeftWithoutAccount: the nightly run ends
// the sessions of a person whose only usable account expired, and keeps
// those of a person who still works for another establishment.
func TestExpiryEndsSessionsOfPeopleLeftWithoutAccount(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	_, admin := adminActor(t, env, adminAcc.Person.Identifier)
	d := sesame.NewDate(2026, time.April, 2)
	leaving := colleague(t, env, admin, "Paul", "Durand", d)
	staying := colleague(t, env, admin, "Lise", "Martin", d)
	other, err := env.Service.CreateEstablishment(ctx, testenv.Operator, service.EstablishmentInput{
		Name: "CCAS DE LIBOURNE", SIRET: "21330243000011", Street: "1 rue du Port", Postcode: "33500", City: "Libourne",
		RepCivility: "M", RepSurname: "Garnier", RepFirstName: "Louis", RepTitle: "Président",
		RepStreet: "1 rue du Port", RepPostcode: "33500", RepCity: "Libourne"})
	if err != nil {
		t.Fatal(err)
	}
	// Lise also works, until 2027, for the other establishment.
	if err := env.Store.InTx(ctx, func(tx *store.Tx) error {
		return tx.CreateAccount(ctx, &sesame.Account{EstablishmentID: other.ID, PersonID: staying.Person.ID, Profile: sesame.ProfileUser,
			Status: sesame.StatusActive, ExpiresOn: sesame.NewDate(2027, time.January, 5), CreatedAt: env.Clock.Now()}, staying.Person)
	}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(sesame.NewDate(2026, time.April, 2).StartOfDay().Add(23*time.Hour + 30*time.Minute))
	login := func(na *service.NewAccount) {
		t.Helper()
		hash, err := service.NewHasher(testenv.FastHashing, 0).Hash(ctx, "Vigne-Rouge-26!")
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Store.InTx(ctx, func(tx *store.Tx) error {
			return tx.SetPassword(ctx, na.Person.ID, hash, env.Clock.Now())
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Service.Login(ctx, na.Person.Identifier, "Vigne-Rouge-26!", "", ""); err != nil {
			t.Fatalf("login %s: %v", na.Person.Identifier, err)
		}
	}
	login(leaving)
	login(staying)
	env.Clock.Set(sesame.NewDate(2026, time.April, 3).StartOfDay())
	r, err := env.Service.ExpireAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Expired != 2 || r.SessionsEnded != 1 {
		t.Fatalf("report = %+v, want 2 accounts expired and 1 session ended", r)
	}
	for _, c := range []struct {
		who  *service.NewAccount
		want int
	}{{leaving, 0}, {staying, 1}} {
		n, err := env.Store.Read().CountSessionsOfPerson(ctx, c.who.Person.ID, env.Clock.Now())
		if err != nil || n != c.want {
			t.Errorf("%s has %d sessions after the run (%v), want %d", c.who.Person.FullName(), n, err, c.want)
		}
	}
}

// TestExpirySpendsActivationLinksPastTheirFifteenDays: unused links past
// their validity are spent (used_at = their end, telling them apart from a
// used link); a link still valid, or used, is left alone.
func TestExpirySpendsActivationLinksPastTheirFifteenDays(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env) // its link was used
	_, admin := adminActor(t, env, adminAcc.Person.Identifier)
	old, err := env.Service.CreateAccount(ctx, admin, testenv.ValidPerson("Jean", "Louty", "jean.louty@mairie.example"), nil)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(24 * time.Hour)
	recent, err := env.Service.CreateAccount(ctx, admin, testenv.ValidPerson("Léa", "Roux", "lea.roux@mairie.example"), nil)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(sesame.ActivationLinkValidity - 24*time.Hour) // old's link ends now; recent's tomorrow
	r, err := env.Service.ExpireAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.LinksSpent != 1 {
		t.Fatalf("spent %d links, want 1", r.LinksSpent)
	}
	spent := func(accountID int64) (bool, bool) {
		var usedAt, expiresAt *time.Time
		if err := env.Store.ReadDB().QueryRow(`SELECT used_at, expires_at FROM tokens WHERE account_id = $1 AND kind = 'activation'`,
			accountID).Scan(&usedAt, &expiresAt); err != nil {
			t.Fatal(err)
		}
		return usedAt != nil, usedAt != nil && usedAt.Equal(*expiresAt)
	}
	if used, atEnd := spent(old.Account.ID); !used || !atEnd {
		t.Errorf("the expired link: spent %v, at its end %v", used, atEnd)
	}
	if used, _ := spent(recent.Account.ID); used {
		t.Error("a link still valid was spent")
	}
	if r, _ := env.Service.ExpireAccounts(ctx); r.LinksSpent != 0 {
		t.Errorf("second run spent %d links", r.LinksSpent)
	}
}

// TestExpiryInBatches expires thousands of generated accounts, several
// transactions' worth, each with its history row, and leaves the rest.
func TestExpiryInBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 3,000 accounts")
	}
	env := testenv.New(t, base)
	today := sesame.DateOf(env.Clock.Now())
	if _, err := env.Store.Generate(ctx, store.GenerateOptions{Establishments: 5, Accounts: 3000, Seed: 7, Today: today.AddDays(-200)}); err != nil {
		t.Fatal(err)
	}
	count := func(q string, args ...any) int {
		var n int
		if err := env.Store.ReadDB().QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	due := count(`SELECT COUNT(*) FROM accounts WHERE status = 'active' AND expires_on < $1`, today)
	if due <= 500 {
		t.Fatalf("only %d accounts due: the test wants more than one batch", due)
	}
	r, err := env.Service.ExpireAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Expired != due {
		t.Errorf("expired %d, want %d", r.Expired, due)
	}
	if n := count(`SELECT COUNT(*) FROM accounts WHERE status = 'active' AND expires_on < $1`, today); n != 0 {
		t.Errorf("%d due accounts left active", n)
	}
	if n := count(`SELECT COUNT(*) FROM audit_events WHERE kind = $1`, string(sesame.EventAccountExpired)); n != due {
		t.Errorf("%d expiry events, want %d", n, due)
	}
}

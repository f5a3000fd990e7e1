package service_test

import (
	"testing"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// BenchmarkRenew10000 renews 10,000 accounts of one establishment in one
// bulk action, history rows included (issue 6 target: ≤ 1 s).
//
//	go test -run '^$' -bench Renew10000 -benchtime 5x ./internal/service/
func BenchmarkRenew10000(b *testing.B) {
	env := testenv.New(b, base)
	today := sesame.Today(env.Clock)
	estID, err := env.Store.Generate(ctx, store.GenerateOptions{Establishments: 1, Accounts: 10000, BigEstablishment: 10000, Seed: 1, Today: today})
	if err != nil {
		b.Fatal(err)
	}
	ids, err := env.Store.Read().AccountIDs(ctx, store.AccountQuery{EstablishmentID: estID, Today: today})
	if err != nil {
		b.Fatal(err)
	}
	admin := benchAdmin(b, env, estID)
	b.ResetTimer()
	for b.Loop() {
		report, err := env.Service.RenewAccounts(ctx, admin, ids)
		if err != nil {
			b.Fatal(err)
		}
		if len(report.Done) != len(ids) {
			b.Fatalf("renewed %d of %d", len(report.Done), len(ids))
		}
	}
	b.ReportMetric(float64(len(ids)), "accounts/op")
}

// benchAdmin adds an active administrator to a generated establishment.
func benchAdmin(b *testing.B, env *testenv.Env, estID int64) sesame.Actor {
	b.Helper()
	var actor sesame.Actor
	err := env.Store.InTx(ctx, func(tx *store.Tx) error {
		n, err := tx.NextIdentifierNumber(ctx)
		if err != nil {
			return err
		}
		p := &sesame.Person{Identifier: sesame.FormatIdentifier("BEN", n), Civility: sesame.CivilityMrs, Surname: "Bench",
			FirstName: "Anne", Email: "bench@example.org", CreatedAt: env.Clock.Now()}
		if err := tx.CreatePerson(ctx, p); err != nil {
			return err
		}
		a := &sesame.Account{EstablishmentID: estID, PersonID: p.ID, Profile: sesame.ProfileAdmin, Status: sesame.StatusActive,
			ExpiresOn: sesame.Today(env.Clock).AddMonthsClamped(18), CreatedAt: env.Clock.Now()}
		if err := tx.CreateAccount(ctx, a, p); err != nil {
			return err
		}
		actor = sesame.Actor{PersonID: p.ID, AccountID: a.ID, EstablishmentID: estID, Label: "Anne Bench", Profile: sesame.ProfileAdmin}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return actor
}

package service_test

import (
	"sync"
	"testing"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// secondAdmin creates and activates another administrator and returns their actor.
func secondAdmin(t *testing.T, env *testenv.Env, admin sesame.Actor, first, surname, email string) sesame.Actor {
	t.Helper()
	in := testenv.ValidPerson(first, surname, email)
	in.Profile = string(sesame.ProfileAdmin)
	na, err := env.Service.CreateAccount(ctx, admin, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.Activate(ctx, secretOf(t, env.ActivationLink(t, email)), "Vigne-Rouge-26!", "Vigne-Rouge-26!", ""); err != nil {
		t.Fatal(err)
	}
	_, actor := adminActor(t, env, na.Person.Identifier)
	return actor
}

func TestLastAdministratorCannotBeDeleted(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	_, admin := adminActor(t, env, adminAcc.Person.Identifier)
	report, err := env.Service.DeleteAccounts(ctx, admin, []int64{admin.AccountID})
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Done) != 0 || len(report.Refused) != 1 || report.Refused[0].Reason == "" {
		t.Fatalf("self-deletion of the only administrator: %+v", report)
	}
	other := secondAdmin(t, env, admin, "Paul", "Durand", "paul.durand@mairie.example")
	// Deleting both at once: one goes, the last one stays, and the report says why.
	report, err = env.Service.DeleteAccounts(ctx, admin, []int64{other.AccountID, admin.AccountID})
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Done) != 1 || len(report.Refused) != 1 {
		t.Fatalf("bulk deletion of both administrators: %+v", report)
	}
}

// TestTwoLastAdministratorsDeleteEachOtherAtOnce is F-07 under concurrency:
// the last two administrators delete each other at the same instant, 100
// times; never may the establishment end with no active administrator.
func TestTwoLastAdministratorsDeleteEachOtherAtOnce(t *testing.T) {
	env := testenv.New(t, base)
	est, adminAcc := activeAdmin(t, env)
	_, a := adminActor(t, env, adminAcc.Person.Identifier)
	b := secondAdmin(t, env, a, "Paul", "Durand", "paul.durand@mairie.example")
	for i := range 100 {
		var wg sync.WaitGroup
		start := make(chan struct{})
		reports := make([]*service.BulkReport, 2)
		errs := make([]error, 2)
		for j, pair := range [][2]sesame.Actor{{a, b}, {b, a}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				reports[j], errs[j] = env.Service.DeleteAccounts(ctx, pair[0], []int64{pair[1].AccountID})
			}()
		}
		close(start)
		wg.Wait()
		admins, err := env.Store.Read().ActiveAdministrators(ctx, est.ID, sesame.Today(env.Clock))
		if err != nil {
			t.Fatal(err)
		}
		if len(admins) != 1 {
			t.Fatalf("round %d: %d active administrators left (reports %+v %+v, errors %v %v)", i, len(admins), reports[0], reports[1], errs[0], errs[1])
		}
		deleted := 0
		for j := range 2 {
			if errs[j] == nil && len(reports[j].Done) == 1 {
				deleted++
			} else if errs[j] != nil && sesame.ErrorCode(errs[j]) != sesame.EForbidden {
				t.Fatalf("round %d: unexpected error %v", i, errs[j])
			}
		}
		if deleted != 1 {
			t.Fatalf("round %d: %d deletions succeeded, want exactly 1", i, deleted)
		}
		// Bring the deleted one back for the next round.
		gone := a
		if admins[0].AccountID == a.AccountID {
			gone = b
		}
		if err := env.Store.InTx(ctx, func(tx *store.Tx) error {
			return tx.SetAccountStatus(ctx, gone.AccountID, sesame.StatusActive, env.Clock.Now())
		}); err != nil {
			t.Fatal(err)
		}
	}
}

package service_test

import (
	"testing"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// TestSearchFollowsCreationAndChanges: a later word of a field ("humaines")
// finds an account as soon as it is created, and follows its changes.
func TestSearchFollowsCreationAndChanges(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	_, admin := adminActor(t, env, adminAcc.Person.Identifier)
	in := testenv.ValidPerson("Marie-Claire", "Dupont", "mc.dupont@mairie.example")
	na, err := env.Service.CreateAccount(ctx, admin, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	search := func(words string) int {
		t.Helper()
		c, err := env.Service.ListAccounts(ctx, admin, store.AccountQuery{Search: words})
		if err != nil {
			t.Fatal(err)
		}
		return c.Page.Total
	}
	if n := search("claire hum"); n != 1 {
		t.Fatalf("'claire hum' finds %d accounts right after creation, want 1", n)
	}
	in.Department, in.Surname = "Finances", "Lefèvre"
	if _, err := env.Service.UpdateAccount(ctx, admin, na.Account.ID, service.AccountUpdate{Person: in}); err != nil {
		t.Fatal(err)
	}
	if n := search("hum dupont"); n != 0 {
		t.Errorf("the old department and name still match: %d", n)
	}
	if n := search("lefevre fin"); n != 1 {
		t.Errorf("'lefevre fin' finds %d after the change, want 1", n)
	}
}

// TestConsoleIsTheAdministratorsOwnEstablishment: another establishment's
// administrator can neither list, see, change, renew nor delete A's accounts.
func TestConsoleIsTheAdministratorsOwnEstablishment(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	_, adminA := adminActor(t, env, adminAcc.Person.Identifier)
	colleague, err := env.Service.CreateAccount(ctx, adminA, testenv.ValidPerson("Céline", "Martin", "celine.martin@mairie.example"), nil)
	if err != nil {
		t.Fatal(err)
	}
	estB := testenv.ValidEstablishment()
	estB.Name, estB.SIRET = "CENTRE HOSPITALIER DE LIBOURNE", "26330036300003"
	adminB := testenv.ValidPerson("Hervé", "Durand", "herve.durand@ch-libourne.example")
	_, nb := env.Establishment(t, estB, adminB)
	activateAs(t, env, adminB.Email, 1, "Pont-de-Pierre-9!")
	_, b := loginActor(t, env, nb.Person.Identifier, "Pont-de-Pierre-9!")
	id := colleague.Account.ID
	c, err := env.Service.ListAccounts(ctx, b, store.AccountQuery{Search: "martin"})
	if err != nil || c.Page.Total != 0 {
		t.Errorf("B's list finds A's account: %v %v", c, err)
	}
	if _, err := env.Service.Account(ctx, b, id); sesame.ErrorCode(err) != sesame.ENotFound {
		t.Errorf("B sees A's account: %v", err)
	}
	if _, err := env.Service.UpdateAccount(ctx, b, id, service.AccountUpdate{Person: testenv.ValidPerson("X", "Y", "x@y.example")}); sesame.ErrorCode(err) != sesame.ENotFound {
		t.Errorf("B changes A's account: %v", err)
	}
	for name, act := range map[string]func() (*service.BulkReport, error){
		"renew":  func() (*service.BulkReport, error) { return env.Service.RenewAccounts(ctx, b, []int64{id}) },
		"delete": func() (*service.BulkReport, error) { return env.Service.DeleteAccounts(ctx, b, []int64{id}) },
	} {
		if _, err := act(); sesame.ErrorCode(err) != sesame.ENotFound {
			t.Errorf("B can %s A's account: %v", name, err)
		}
	}
	if err := env.Service.ResendActivation(ctx, b, id); sesame.ErrorCode(err) != sesame.ENotFound {
		t.Errorf("B re-sends A's activation: %v", err)
	}
	d, err := env.Service.Account(ctx, adminA, id)
	if err != nil || d.Status != sesame.StatusPending || d.Person.Surname != "Martin" {
		t.Fatalf("A's account changed: %+v %v", d, err)
	}
}

// TestWrongCurrentPasswordCountsTowardsTheLockout: a stolen session cannot
// guess the password through "change my password" more than a login could.
func TestWrongCurrentPasswordCountsTowardsTheLockout(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	sess, _ := adminActor(t, env, adminAcc.Person.Identifier)
	for i := 1; i <= 4; i++ {
		err := env.Service.ChangePassword(ctx, sess, "", "Mauvais-Essai-1!", "Garonne-Bleue-8!", "Garonne-Bleue-8!")
		if sesame.FieldErrors(err)["current"] == "" {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	_ = env.Service.ChangePassword(ctx, sess, "", "Mauvais-Essai-1!", "Garonne-Bleue-8!", "Garonne-Bleue-8!")
	if _, err := env.Service.Login(ctx, adminAcc.Person.Identifier, "Vigne-Rouge-26!", "", ""); sesame.ErrorCode(err) != sesame.EForbidden {
		t.Fatalf("the fifth wrong current password did not lock the person: %v", err)
	}
}

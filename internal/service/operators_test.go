package service_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

func activeAdmins(t *testing.T, env *testenv.Env, estID int64) []store.Contact {
	t.Helper()
	admins, err := env.Store.Read().ActiveAdministrators(ctx, estID, sesame.DateOf(env.Clock.Now()))
	if err != nil {
		t.Fatal(err)
	}
	return admins
}

func countKind(t *testing.T, env *testenv.Env, kind sesame.EventKind) int {
	t.Helper()
	n, err := env.Store.Read().CountEvents(ctx, kind)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRepairByReactivation: an establishment whose only administrator
// expired and got locked out is repaired by an operator from that account
// (renewed, unlocked), or from a user's account (promoted, with the
// letter); every step is in the history under the operator's name; an
// establishment that has an active administrator is not touched.
func TestRepairByReactivation(t *testing.T) {
	env := testenv.New(t, base)
	est, anne := activeAdmin(t, env)
	_, admin := adminActor(t, env, anne.Person.Identifier)
	celine := colleague(t, env, admin, "Céline", "Martin", sesame.NewDate(2027, time.May, 2))

	if _, err := env.Service.RepairByReactivation(ctx, testenv.Operator, est.ID, celine.Account.ID); sesame.ErrorCode(err) != sesame.EConflict ||
		!strings.Contains(sesame.ErrorMessage(err), "Madame Gueriot") {
		t.Fatalf("repair of a working establishment: %v", err)
	}
	// With many administrators, the refusal names three and counts the rest.
	var more []*service.NewAccount
	for _, name := range []string{"Bernard", "Caron", "Durand", "Morel"} {
		na := colleague(t, env, admin, "Paul", name, sesame.NewDate(2027, time.May, 2))
		if _, err := env.Store.WriteDB().Exec(`UPDATE accounts SET profile = 'admin' WHERE id = $1`, na.Account.ID); err != nil {
			t.Fatal(err)
		}
		more = append(more, na)
	}
	_, err := env.Service.RepairByReactivation(ctx, testenv.Operator, est.ID, celine.Account.ID)
	if msg := sesame.ErrorMessage(err); !strings.Contains(msg, "(Madame Bernard, Madame Caron, Madame Durand et 2 autres)") {
		t.Fatalf("repair of an establishment with five administrators: %v", err)
	}
	for _, na := range more {
		if _, err := env.Store.WriteDB().Exec(`UPDATE accounts SET profile = 'user' WHERE id = $1`, na.Account.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.Service.RepairByReactivation(ctx, admin, est.ID, anne.Account.ID); sesame.ErrorCode(err) != sesame.EForbidden {
		t.Fatalf("an administrator ran a repair: %v", err)
	}

	// Anne's account expired last month and she locked herself out.
	setAccount(t, env, anne.Account.ID, sesame.StatusExpired, sesame.NewDate(2026, time.February, 10))
	if _, err := env.Store.WriteDB().Exec(`UPDATE persons SET locked_at = $1 WHERE id = $2`, env.Clock.Now().UTC(), anne.Person.ID); err != nil {
		t.Fatal(err)
	}
	if len(activeAdmins(t, env, est.ID)) != 0 {
		t.Fatal("the establishment still has an active administrator")
	}
	res, err := env.Service.RepairByReactivation(ctx, testenv.Operator, est.ID, anne.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Actions) != 2 || !strings.Contains(res.Actions[0], "renouvelé jusqu'au 18/09/2027") || res.Account.Status != sesame.StatusActive {
		t.Errorf("repair result = %+v", res)
	}
	if admins := activeAdmins(t, env, est.ID); len(admins) != 1 || admins[0].AccountID != anne.Account.ID {
		t.Fatalf("active administrators after the repair: %+v", admins)
	}
	events, err := env.Store.Read().Events(ctx, store.EventFilter{EstablishmentID: &est.ID, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind))
		if e.ActorLabel != testenv.Operator.Label {
			t.Errorf("%s recorded as %q, want the operator", e.Kind, e.ActorLabel)
		}
	}
	if strings.Join(kinds, " ") != "establishment.repaired person.unlocked account.renewed" {
		t.Errorf("history = %v", kinds)
	}

	// Later the only administrator's account is deleted: a user is promoted.
	setAccount(t, env, anne.Account.ID, sesame.StatusDeleted, sesame.NewDate(2027, time.September, 18))
	if _, err := env.Service.RepairByReactivation(ctx, testenv.Operator, est.ID, anne.Account.ID); sesame.ErrorCode(err) != sesame.ENotFound {
		t.Fatalf("reactivating a deleted account: %v", err)
	}
	promotions := countKind(t, env, sesame.EventAccountPromoted)
	res, err = env.Service.RepairByReactivation(ctx, testenv.Operator, est.ID, celine.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Account.Profile != sesame.ProfileAdmin || countKind(t, env, sesame.EventAccountPromoted) != promotions+1 {
		t.Errorf("promotion by repair: %+v", res)
	}
	list, err := env.Service.Letters(ctx, testenv.Operator, false)
	if err != nil || list[len(list)-1].AccountID != celine.Account.ID || list[len(list)-1].AuthorLabel != "l’assistance technique de la plateforme" {
		t.Errorf("no letter for the promotion by repair: %+v %v", list, err)
	}
}

// TestRepairWithNewAdministrator: an operator gives an establishment left
// without administrator a new one, pending, with the activation mail, full
// rights and the letter; another establishment's accounts are out of reach.
func TestRepairWithNewAdministrator(t *testing.T) {
	env := testenv.New(t, base)
	est, anne := activeAdmin(t, env)
	other := testenv.ValidEstablishment()
	other.Name, other.SIRET = "CCAS DE LIBOURNE", "21330243000011"
	_, bob := env.Establishment(t, other, testenv.ValidPerson("Bob", "Garnier", "bob.garnier@ccas.example"))
	setAccount(t, env, anne.Account.ID, sesame.StatusExpired, sesame.NewDate(2026, time.March, 1))

	if _, err := env.Service.RepairByReactivation(ctx, testenv.Operator, est.ID, bob.Account.ID); sesame.ErrorCode(err) != sesame.ENotFound {
		t.Fatalf("reactivating another establishment's account: %v", err)
	}
	in := testenv.ValidPerson("Paul", "Durand", "paul.durand@mairie.example")
	in.Email = "pas-une-adresse"
	if _, err := env.Service.RepairWithNewAdministrator(ctx, testenv.Operator, est.ID, in); sesame.FieldErrors(err)["email"] == "" {
		t.Fatalf("bad e-mail: %v", err)
	}
	in = testenv.ValidPerson("Paul", "Durand", "paul.durand@mairie.example")
	res, err := env.Service.RepairWithNewAdministrator(ctx, testenv.Operator, est.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Account.Profile != sesame.ProfileAdmin || res.Account.Status != sesame.StatusPending || res.Account.EstablishmentID != est.ID {
		t.Errorf("new administrator = %+v", res.Account)
	}
	rights, err := env.Store.Read().Rights(ctx, res.Account.ID)
	if err != nil || len(rights) != 16 {
		t.Errorf("the new administrator has %d rights (%v), want the 16 services", len(rights), err)
	}
	env.ActivationLink(t, "paul.durand@mairie.example")
	if n := countKind(t, env, sesame.EventEstablishmentRepaired); n != 1 {
		t.Errorf("%d repair events", n)
	}
	if list, _ := env.Service.Letters(ctx, testenv.Operator, false); list[len(list)-1].AccountID != res.Account.ID {
		t.Errorf("no letter for the new administrator")
	}
}

// TestCatalogueIsManagedByOperators: add, rename, move and remove services,
// each in the history; a service still granted is removed only with its
// rights withdrawn, each account's history saying so.
func TestCatalogueIsManagedByOperators(t *testing.T) {
	env := testenv.New(t, base)
	_, anne := activeAdmin(t, env)
	_, admin := adminActor(t, env, anne.Person.Identifier)
	op := testenv.Operator

	for name, c := range map[string]struct {
		in    service.ServiceInput
		field string
	}{
		"bad code":       {service.ServiceInput{Domain: "carriere", Code: "Affiliation CNRACL", Name: "X", URL: "https://x.example/"}, "code"},
		"taken code":     {service.ServiceInput{Domain: "carriere", Code: "affiliation-cnracl", Name: "X", URL: "https://x.example/"}, "code"},
		"no name":        {service.ServiceInput{Domain: "carriere", Code: "retraite-progressive", URL: "https://x.example/"}, "name"},
		"relative URL":   {service.ServiceInput{Domain: "carriere", Code: "retraite-progressive", Name: "X", URL: "/x"}, "url"},
		"unknown domain": {service.ServiceInput{Domain: "paie", Code: "retraite-progressive", Name: "X", URL: "https://x.example/"}, "domain"},
	} {
		if _, err := env.Service.AddCatalogueService(ctx, op, c.in); sesame.FieldErrors(err)[c.field] == "" {
			t.Errorf("%s: %v, want a message on %s", name, err, c.field)
		}
	}
	svc, err := env.Service.AddCatalogueService(ctx, op, service.ServiceInput{Domain: "droits-pension", Code: "retraite-progressive",
		Name: "Retraite progressive", URL: "https://services.sesame.example/retraite-progressive", Position: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.AddCatalogueService(ctx, admin, service.ServiceInput{}); sesame.ErrorCode(err) != sesame.EForbidden {
		t.Errorf("an administrator changed the catalogue: %v", err)
	}
	names := func(domain string) []string {
		t.Helper()
		cat, err := env.Service.Catalogue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range cat.Domains {
			if d.Code == domain {
				for _, s := range cat.ServicesOf(d.ID) {
					out = append(out, s.Name)
				}
			}
		}
		return out
	}
	if got := names("droits-pension"); len(got) != 6 || got[1] != "Retraite progressive" {
		t.Fatalf("droits-pension = %v", got)
	}
	if _, err := env.Service.RenameCatalogueService(ctx, op, "retraite-progressive", "Retraite progressive CNRACL"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.MoveCatalogueService(ctx, op, "retraite-progressive", "cotisations", 1); err != nil {
		t.Fatal(err)
	}
	if got := names("cotisations"); len(got) != 3 || got[0] != "Retraite progressive CNRACL" {
		t.Fatalf("cotisations = %v", got)
	}
	if got := names("droits-pension"); len(got) != 5 {
		t.Fatalf("droits-pension after the move = %v", got)
	}

	// Two accounts hold it.
	celine := colleague(t, env, admin, "Céline", "Martin", sesame.NewDate(2027, time.May, 2))
	for _, id := range []int64{anne.Account.ID, celine.Account.ID} {
		if err := env.Store.InTx(ctx, func(tx *store.Tx) error {
			return tx.SetRights(ctx, id, []sesame.Right{{ServiceID: svc.ID, Level: sesame.LevelRead}})
		}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = env.Service.RemoveCatalogueService(ctx, op, "retraite-progressive", false)
	if sesame.ErrorCode(err) != sesame.EConflict || !strings.Contains(sesame.ErrorMessage(err), "2 compte(s)") {
		t.Fatalf("removal of a granted service: %v", err)
	}
	removed, err := env.Service.RemoveCatalogueService(ctx, op, "retraite-progressive", true)
	if err != nil || removed.WithdrawnRights != 2 {
		t.Fatalf("removal with withdrawal: %+v %v", removed, err)
	}
	if got := names("cotisations"); len(got) != 2 {
		t.Errorf("cotisations after the removal = %v", got)
	}
	events, err := env.Store.Read().Events(ctx, store.EventFilter{PersonID: &celine.Person.ID, Kind: sesame.EventRightsChanged})
	if err != nil || len(events) != 1 || events[0].ActorLabel != op.Label {
		t.Fatalf("Céline's history of the withdrawal: %+v %v", events, err)
	}
	for kind, want := range map[sesame.EventKind]int{sesame.EventServiceAdded: 1, sesame.EventServiceChanged: 2, sesame.EventServiceRemoved: 1} {
		if n := countKind(t, env, kind); n != want {
			t.Errorf("%d %s events, want %d", n, kind, want)
		}
	}
}

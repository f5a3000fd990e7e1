package service_test

import (
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// TestAddExistingPersonRefusals covers what the wizard never sends but a
// forged form could: the service must hold on its own.
func TestAddExistingPersonRefusals(t *testing.T) {
	env := testenv.New(t, base)
	estA, naA := activeAdmin(t, env)
	_, actorA := adminActor(t, env, naA.Person.Identifier)
	estBIn := testenv.ValidEstablishment()
	estBIn.Name, estBIn.SIRET = "CCAS DE LIBOURNE", "21330243000011"
	_, naB := env.Establishment(t, estBIn, testenv.ValidPerson("Paul", "Bert", "paul.bert@ccas.example"))

	// A person of A only: nothing to add.
	colleague, err := env.Service.CreateAccount(ctx, actorA, testenv.ValidPerson("Céline", "Martin", "celine.martin@mairie.example"), nil)
	if err != nil {
		t.Fatal(err)
	}
	check, err := env.Service.CheckPerson(ctx, actorA, testenv.ValidPerson("Paul", "Bert", "Paul.Bert@CCAS.example"))
	if err != nil || len(check.Existing) != 1 || check.Existing[0].Identifier != naB.Person.Identifier {
		t.Fatalf("check: %+v %v", check, err)
	}
	if _, err := env.Service.CheckPerson(ctx, actorA, testenv.ValidPerson("Céline", "Martin", "celine.martin@mairie.example")); sesame.FieldErrors(err)["email"] == "" {
		t.Errorf("an e-mail used here passes step 1: %v", err)
	}

	for _, tc := range []struct {
		name string
		in   service.ExistingPersonInput
		code string
	}{
		{"someone else's e-mail", service.ExistingPersonInput{PersonID: naB.Person.ID, Email: "pirate@evil.example", Profile: "user"}, sesame.ENotFound},
		{"unknown person", service.ExistingPersonInput{PersonID: 999999, Email: "paul.bert@ccas.example", Profile: "user"}, sesame.ENotFound},
		{"already here", service.ExistingPersonInput{PersonID: colleague.Person.ID, Email: "celine.martin@mairie.example", Profile: "user"}, sesame.EInvalid},
		{"bad profile", service.ExistingPersonInput{PersonID: naB.Person.ID, Email: "paul.bert@ccas.example", Profile: "chef"}, sesame.EInvalid},
		{"markup in department", service.ExistingPersonInput{PersonID: naB.Person.ID, Email: "paul.bert@ccas.example", Profile: "user", Department: "<b>"}, sesame.EInvalid},
	} {
		if _, err := env.Service.AddExistingPerson(ctx, actorA, tc.in, nil); sesame.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	// A plain user may not add anyone.
	if _, err := env.Service.AddExistingPerson(ctx, sesame.Actor{PersonID: colleague.Person.ID, EstablishmentID: estA.ID, AccountID: colleague.Account.ID},
		service.ExistingPersonInput{PersonID: naB.Person.ID, Email: "paul.bert@ccas.example", Profile: "user"}, nil); sesame.ErrorCode(err) != sesame.EForbidden {
		t.Errorf("plain user: %v", err)
	}

	// Paul never activated in B: he gets a pending administrator account
	// here, and the legal representative a letter.
	na, err := env.Service.AddExistingPerson(ctx, actorA, service.ExistingPersonInput{PersonID: naB.Person.ID, Email: "paul.bert@ccas.example",
		Profile: "admin", Department: "Direction"}, []sesame.Right{{ServiceID: 1, Level: sesame.LevelRead}})
	if err != nil || na.Account.Status != sesame.StatusPending || na.Account.EstablishmentID != estA.ID || na.Person.Identifier != naB.Person.Identifier {
		t.Fatalf("pending person: %+v %v", na, err)
	}
	if msgs := env.SMTP.WaitFor(t, "paul.bert@ccas.example", 2, 10*time.Second); msgs[1].Subject != "Vous pouvez créer votre mot de passe" {
		t.Errorf("pending person's mail: %q", msgs[1].Subject)
	}
	events, err := env.Store.Read().Events(ctx, store.EventFilter{EstablishmentID: &estA.ID, Kind: sesame.EventAccountCreated, Limit: 1})
	if err != nil || len(events) != 1 || events[0].Detail["existing_identifier"] != true {
		t.Errorf("history: %+v %v", events, err)
	}
	if letters, err := env.Store.Read().LettersOfAccount(ctx, estA.ID, na.Account.ID); err != nil || len(letters) != 1 {
		t.Errorf("letter to the legal representative: %+v %v", letters, err)
	}
}

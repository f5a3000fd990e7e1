package service_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/letters"
	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// promote makes a user administrator through the modify page's use case.
func promote(t *testing.T, env *testenv.Env, admin sesame.Actor, na *service.NewAccount) {
	t.Helper()
	p := na.Person
	in := service.PersonInput{Profile: string(sesame.ProfileAdmin), Civility: string(p.Civility), Surname: p.Surname,
		FirstName: p.FirstName, Email: p.Email, Department: na.Account.Department}
	if _, err := env.Service.UpdateAccount(ctx, admin, na.Account.ID, service.AccountUpdate{Person: in}); err != nil {
		t.Fatalf("promote: %v", err)
	}
}

// TestLettersFollowNewAdministrators: the first administrator (by an
// operator), an account created as administrator and a promotion each
// write one letter in their transaction; a user's creation writes none;
// operators list, print and mark them sent, once.
func TestLettersFollowNewAdministrators(t *testing.T) {
	env := testenv.New(t, base)
	_, anne := activeAdmin(t, env)
	_, admin := adminActor(t, env, anne.Person.Identifier)
	celine := colleague(t, env, admin, "Céline", "Martin", sesame.NewDate(2027, time.May, 2))
	env.Clock.Advance(24 * time.Hour)
	promote(t, env, admin, celine)
	in := testenv.ValidPerson("Paul", "Durand", "paul.durand@mairie.example")
	in.Profile = string(sesame.ProfileAdmin)
	paul, err := env.Service.CreateAccount(ctx, admin, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A creation that fails late leaves no letter and gives its number back.
	in = testenv.ValidPerson("Marc", "Petit", "marc.petit@mairie.example")
	in.Profile = string(sesame.ProfileAdmin)
	if _, err := testenv.FailingAfterEnqueue(t, env).CreateAccount(ctx, admin, in, nil); err == nil {
		t.Fatal("the failing creation succeeded")
	}

	if _, err := env.Service.Letters(ctx, admin, false); sesame.ErrorCode(err) != sesame.EForbidden {
		t.Fatalf("an administrator listed the letters: %v", err)
	}
	list, err := env.Service.Letters(ctx, testenv.Operator, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		account        int64
		reason, author string
		changed        sesame.Date
	}{
		{anne.Account.ID, letters.ReasonCreation, "l’assistance technique de la plateforme", sesame.NewDate(2026, time.March, 18)},
		{celine.Account.ID, letters.ReasonPromotion, "Mme Anne Gueriot", sesame.NewDate(2026, time.March, 19)},
		{paul.Account.ID, letters.ReasonCreation, "Mme Anne Gueriot", sesame.NewDate(2026, time.March, 19)},
	}
	if len(list) != len(want) {
		t.Fatalf("%d letters to post, want %d: %+v", len(list), len(want), list)
	}
	for i, w := range want {
		l := list[i]
		if l.AccountID != w.account || l.Reason != w.reason || l.AuthorLabel != w.author || l.ChangedOn != w.changed ||
			l.Reference != "SES-2026-00000"+string(rune('1'+i)) || l.SentAt != nil {
			t.Errorf("letter %d = %+v, want %+v", i, l, w)
		}
	}

	var pdf bytes.Buffer
	l, err := env.Service.WriteLetterPDF(ctx, testenv.Operator, list[1].ID, &pdf)
	if err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) || l.AdminSurname != "Martin" {
		t.Fatalf("PDF: %v, %d bytes, %+v", err, pdf.Len(), l)
	}
	env.Clock.Advance(48 * time.Hour)
	sent, err := env.Service.MarkLetterSent(ctx, testenv.Operator, list[1].ID)
	if err != nil || sent.SentAt == nil || !sent.SentAt.Equal(env.Clock.Now()) {
		t.Fatalf("mark sent: %+v %v", sent, err)
	}
	if _, err := env.Service.MarkLetterSent(ctx, testenv.Operator, list[1].ID); sesame.ErrorCode(err) != sesame.EConflict {
		t.Fatalf("marked sent twice: %v", err)
	}
	if list, _ := env.Service.Letters(ctx, testenv.Operator, false); len(list) != 2 {
		t.Errorf("%d letters left to post, want 2", len(list))
	}
	if list, _ := env.Service.Letters(ctx, testenv.Operator, true); len(list) != 3 {
		t.Errorf("%d letters in all, want 3", len(list))
	}
	events, err := env.Store.Read().Events(ctx, store.EventFilter{Kind: sesame.EventLetterSent})
	if err != nil || len(events) != 1 || *events[0].AccountID != celine.Account.ID || events[0].Detail["reference"] != "SES-2026-000002" {
		t.Fatalf("letter.sent events: %+v %v", events, err)
	}
}

package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/testenv"
)

const base = "http://sesame.test"

var ctx = context.Background()

// secretOf extracts the secret at the end of an e-mailed link.
func secretOf(t *testing.T, link string) string {
	t.Helper()
	i := strings.LastIndex(link, "/")
	if i < 0 || i == len(link)-1 {
		t.Fatalf("no secret in link %q", link)
	}
	return link[i+1:]
}

// activeAdmin sets up an establishment whose first administrator has
// activated their account with password "Vigne-Rouge-26!".
func activeAdmin(t *testing.T, env *testenv.Env) (*sesame.Establishment, *service.NewAccount) {
	t.Helper()
	admin := testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example")
	est, na := env.Establishment(t, testenv.ValidEstablishment(), admin)
	secret := secretOf(t, env.ActivationLink(t, admin.Email))
	if _, err := env.Service.Activate(ctx, secret, "Vigne-Rouge-26!", "Vigne-Rouge-26!", "127.0.0.1"); err != nil {
		t.Fatalf("activate: %v", err)
	}
	return est, na
}

// adminActor logs the administrator in and returns their actor.
func adminActor(t *testing.T, env *testenv.Env, identifier string) (*service.Session, sesame.Actor) {
	t.Helper()
	return loginActor(t, env, identifier, "Vigne-Rouge-26!")
}

// activateAs sets a person's first password through their n-th mail's link.
func activateAs(t *testing.T, env *testenv.Env, email string, n int, password string) {
	t.Helper()
	if _, err := env.Service.Activate(ctx, secretOf(t, env.LastLink(t, email, n)), password, password, ""); err != nil {
		t.Fatal(err)
	}
}

// loginActor logs a person in and returns their session and actor.
func loginActor(t *testing.T, env *testenv.Env, identifier, password string) (*service.Session, sesame.Actor) {
	t.Helper()
	res, err := env.Service.Login(ctx, identifier, password, "127.0.0.1", "test")
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	sess, err := env.Service.Authenticate(ctx, res.Secret)
	if err != nil {
		t.Fatalf("authenticate: %v", err)
	}
	return sess, sess.Actor("127.0.0.1")
}

func TestFirstAdministratorActivatesAndLogsIn(t *testing.T) {
	env := testenv.New(t, base)
	admin := testenv.ValidPerson("Anne", "Gueriot", "anne.gueriot@mairie.example")
	est, na := env.Establishment(t, testenv.ValidEstablishment(), admin)
	if !strings.HasPrefix(na.Person.Identifier, "AGU") || len(na.Person.Identifier) != 9 {
		t.Errorf("identifier = %q, want AGU + 6 digits", na.Person.Identifier)
	}
	if na.Account.Status != sesame.StatusPending || na.Account.Profile != sesame.ProfileAdmin {
		t.Errorf("account = %+v, want a pending administrator", na.Account)
	}
	if want := sesame.NewDate(2027, time.September, 18); na.Account.ExpiresOn != want {
		t.Errorf("expiry = %v, want %v", na.Account.ExpiresOn, want)
	}
	mails := env.SMTP.WaitFor(t, admin.Email, 1, 10*time.Second)
	if got := mails[0].Subject; got != "Vous pouvez créer votre mot de passe" {
		t.Errorf("subject = %q", got)
	}
	for _, want := range []string{"Madame Gueriot", "18/03/2026", est.Name, "administrateur", "15 jours"} {
		if !strings.Contains(mails[0].Text, want) {
			t.Errorf("activation mail lacks %q:\n%s", want, mails[0].Text)
		}
	}
	secret := secretOf(t, env.ActivationLink(t, admin.Email))

	// Before activation the person cannot log in, and is told nothing more
	// than for a wrong password.
	if _, err := env.Service.Login(ctx, na.Person.Identifier, "Vigne-Rouge-26!", "", ""); sesame.ErrorCode(err) != sesame.EUnauthorized {
		t.Fatalf("login before activation: %v", err)
	}
	weak := map[string]string{
		"Sh0rt!":          "8 caractères",
		"vigne-rouge-x!":  "1 chiffre",
		"vigne-rouge-26!": "1 majuscule",
		"VIGNE-ROUGE-26!": "1 minuscule",
		"VigneRouge2026":  "1 caractère spécial",
	}
	for pw, rule := range weak {
		_, err := env.Service.Activate(ctx, secret, pw, pw, "")
		if msg := sesame.FieldErrors(err)["password"]; !strings.Contains(msg, rule) {
			t.Errorf("password %q: message %q does not name the rule %q", pw, msg, rule)
		}
	}
	_, err := env.Service.Activate(ctx, secret, "Vigne-Rouge-26!", "Vigne-Rouge-27!", "")
	if sesame.FieldErrors(err)["confirm"] == "" {
		t.Errorf("mismatched confirmation accepted: %v", err)
	}
	if _, err := env.Service.Activate(ctx, secret, "Vigne-Rouge-26!", "Vigne-Rouge-26!", ""); err != nil {
		t.Fatalf("activate: %v", err)
	}
	// Identifier is case-insensitive at login.
	res, err := env.Service.Login(ctx, strings.ToLower(na.Person.Identifier), "Vigne-Rouge-26!", "", "")
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	sess, err := env.Service.Authenticate(ctx, res.Secret)
	if err != nil {
		t.Fatal(err)
	}
	d, err := env.Service.Dashboard(ctx, sess)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dom := range d.Domains {
		n += len(dom.Services)
	}
	if n != 16 || d.Establishment.ID != est.ID {
		t.Errorf("dashboard shows %d services of %q, want the 16 of %q", n, d.Establishment.Name, est.Name)
	}
}

func TestActivationLinkIsSingleUseAndReplacedByResend(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	_, actor := adminActor(t, env, adminAcc.Person.Identifier)
	colleague := testenv.ValidPerson("Céline", "Martin", "celine.martin@mairie.example")
	na, err := env.Service.CreateAccount(ctx, actor, colleague, nil)
	if err != nil {
		t.Fatal(err)
	}
	first := secretOf(t, env.ActivationLink(t, colleague.Email))
	if err := env.Service.ResendActivation(ctx, actor, na.Account.ID); err != nil {
		t.Fatal(err)
	}
	second := secretOf(t, env.LastLink(t, colleague.Email, 2))
	if _, err := env.Service.Activate(ctx, first, "Colline-2026!", "Colline-2026!", ""); sesame.ErrorCode(err) != sesame.EConflict {
		t.Fatalf("replaced link: got %v, want a refusal", err)
	}
	if _, err := env.Service.Activate(ctx, second, "Colline-2026!", "Colline-2026!", ""); err != nil {
		t.Fatal(err)
	}
	_, err = env.Service.Activate(ctx, second, "Colline-2027!", "Colline-2027!", "")
	if sesame.ErrorCode(err) != sesame.EConflict || !strings.Contains(sesame.ErrorMessage(err), "déjà été utilisé") {
		t.Fatalf("reused link: got %v", err)
	}
}

func TestExpiredActivationLinkNamesTheAdministrator(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	_, actor := adminActor(t, env, adminAcc.Person.Identifier)
	colleague := testenv.ValidPerson("Jean", "Louty", "jean.louty@mairie.example")
	if _, err := env.Service.CreateAccount(ctx, actor, colleague, nil); err != nil {
		t.Fatal(err)
	}
	secret := secretOf(t, env.ActivationLink(t, colleague.Email))
	env.Clock.Advance(15*24*time.Hour - time.Minute)
	if _, err := env.Service.CheckLink(ctx, sesame.TokenActivation, secret); err != nil {
		t.Fatalf("link refused one minute before its end: %v", err)
	}
	env.Clock.Advance(time.Minute)
	_, err := env.Service.Activate(ctx, secret, "Louty-2026!x", "Louty-2026!x", "")
	msg := sesame.ErrorMessage(err)
	if !strings.Contains(msg, "expiré") || !strings.Contains(msg, "Madame Gueriot") {
		t.Fatalf("expired link message = %q, want it to say expired and name Madame Gueriot", msg)
	}
	// The nightly run spends the link; it must still say "expired", not "used".
	if _, err := env.Service.ExpireAccounts(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = env.Service.Activate(ctx, secret, "Louty-2026!x", "Louty-2026!x", "")
	if msg := sesame.ErrorMessage(err); !strings.Contains(msg, "expiré") || !strings.Contains(msg, "Madame Gueriot") {
		t.Fatalf("after the nightly run the link says %q", msg)
	}
}

func TestLockoutAfterFiveFailuresEndsSessionsAndUnlockByLink(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	id := adminAcc.Person.Identifier
	res, err := env.Service.Login(ctx, id, "Vigne-Rouge-26!", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 4; i++ {
		if _, err := env.Service.Login(ctx, id, "wrong", "", ""); sesame.ErrorCode(err) != sesame.EUnauthorized {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	if _, err := env.Service.Authenticate(ctx, res.Secret); err != nil {
		t.Fatalf("session ended before the lockout: %v", err)
	}
	if _, err := env.Service.Login(ctx, id, "wrong", "", ""); sesame.ErrorCode(err) != sesame.EUnauthorized {
		t.Fatalf("fifth failure: %v", err)
	}
	if _, err := env.Service.Authenticate(ctx, res.Secret); sesame.ErrorCode(err) != sesame.EUnauthorized {
		t.Fatalf("a locked person's session still works: %v", err)
	}
	_, err = env.Service.Login(ctx, id, "Vigne-Rouge-26!", "", "")
	if sesame.ErrorCode(err) != sesame.EForbidden || !strings.Contains(sesame.ErrorMessage(err), "bloqué") {
		t.Fatalf("right password on a locked account: %v", err)
	}
	if err := env.Service.RequestUnlock(ctx, strings.ToLower(id)); err != nil {
		t.Fatal(err)
	}
	link := env.LastLink(t, adminAcc.Person.Email, 2)
	if !strings.Contains(link, "/aide/deblocage/") {
		t.Fatalf("unlock link = %q", link)
	}
	if err := env.Service.Unlock(ctx, secretOf(t, link), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.Login(ctx, id, "Vigne-Rouge-26!", "", ""); err != nil {
		t.Fatalf("login after unlock: %v", err)
	}
	if err := env.Service.Unlock(ctx, secretOf(t, link), ""); sesame.ErrorCode(err) != sesame.EConflict {
		t.Fatalf("unlock link used twice: %v", err)
	}
}

func TestPasswordResetClearsLockout(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	id := adminAcc.Person.Identifier
	for i := 0; i < 5; i++ {
		_, _ = env.Service.Login(ctx, id, "wrong", "", "")
	}
	if err := env.Service.RequestPasswordReset(ctx, id); err != nil {
		t.Fatal(err)
	}
	link := env.LastLink(t, adminAcc.Person.Email, 2)
	if _, err := env.Service.ResetPassword(ctx, secretOf(t, link), "Garonne-Bleue-8!", "Garonne-Bleue-8!", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.Login(ctx, id, "Garonne-Bleue-8!", "", ""); err != nil {
		t.Fatalf("login with the new password: %v", err)
	}
	if _, err := env.Service.Login(ctx, id, "Vigne-Rouge-26!", "", ""); sesame.ErrorCode(err) != sesame.EUnauthorized {
		t.Fatalf("old password still works: %v", err)
	}
}

func TestIdentifierReminderListsIdentifiers(t *testing.T) {
	env := testenv.New(t, base)
	est, adminAcc := activeAdmin(t, env)
	if err := env.Service.RemindIdentifier(ctx, "ANNE.GUERIOT@mairie.example"); err != nil {
		t.Fatal(err)
	}
	msgs := env.SMTP.WaitFor(t, adminAcc.Person.Email, 2, 10*time.Second)
	if !strings.Contains(msgs[1].Text, adminAcc.Person.Identifier) || !strings.Contains(msgs[1].Text, est.Name) {
		t.Fatalf("reminder lacks the identifier or the establishment:\n%s", msgs[1].Text)
	}
	// Unknown address: same answer, nothing sent.
	if err := env.Service.RemindIdentifier(ctx, "personne@nulle-part.example"); err != nil {
		t.Fatalf("unknown address answered differently: %v", err)
	}
}

func TestExpiredAccountRefusedWithWhatToDo(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	env.Clock.Set(time.Date(2027, time.September, 19, 0, 0, 1, 0, sesame.Paris))
	_, err := env.Service.Login(ctx, adminAcc.Person.Identifier, "Vigne-Rouge-26!", "", "")
	msg := sesame.ErrorMessage(err)
	if !strings.Contains(msg, "L'état de votre compte ne permet pas votre connexion") || !strings.Contains(msg, "18/09/2027") {
		t.Fatalf("expired account: %q", msg)
	}
}

func TestPlainUserCannotCreateAccounts(t *testing.T) {
	env := testenv.New(t, base)
	_, adminAcc := activeAdmin(t, env)
	_, admin := adminActor(t, env, adminAcc.Person.Identifier)
	user := testenv.ValidPerson("Paul", "Durand", "paul.durand@mairie.example")
	na, err := env.Service.CreateAccount(ctx, admin, user, nil)
	if err != nil {
		t.Fatal(err)
	}
	activateAs(t, env, user.Email, 1, "Pont-de-Pierre-9!")
	_, userActor := loginActor(t, env, na.Person.Identifier, "Pont-de-Pierre-9!")
	_, err = env.Service.CreateAccount(ctx, userActor, testenv.ValidPerson("Eve", "Intruse", "eve@mairie.example"), nil)
	if sesame.ErrorCode(err) != sesame.EForbidden {
		t.Fatalf("a plain user created an account: %v", err)
	}
}

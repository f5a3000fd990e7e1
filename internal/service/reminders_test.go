package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/jobs"
	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/mail/mailtest"
	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/testenv"
)

// waitMailIdle waits until River has no mail left to deliver, so counting
// what the SMTP server received is final.
func waitMailIdle(t *testing.T, env *testenv.Env) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		if err := env.Store.ReadDB().QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'mail'
			AND state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d mails still queued", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func messageTo(t *testing.T, srv *mailtest.Server, to, subject string) mailtest.Received {
	t.Helper()
	for _, m := range srv.Messages() {
		if m.Subject == subject && len(m.To) == 1 && m.To[0] == to {
			return m
		}
	}
	t.Fatalf("no %q to %s", subject, to)
	return mailtest.Received{}
}

func wantText(t *testing.T, m mailtest.Received, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(m.Text, w) {
			t.Errorf("%q to %v lacks %q:\n%s", m.Subject, m.To, w, m.Text)
		}
	}
}

// TestRemindersOnThe20th: on the 20th, the holders of accounts expiring
// next month get a notice naming who can renew it, and each active
// administrator one digest of their establishment's; nothing before the
// 20th, nothing again on a second run, after a restart, or later in the
// month; a renewed account gets no notice.
func TestRemindersOnThe20th(t *testing.T) {
	env := testenv.New(t, base)
	est, anne := activeAdmin(t, env)
	_, admin := adminActor(t, env, anne.Person.Identifier)
	paul := secondAdmin(t, env, admin, "Paul", "Durand", "paul.durand@mairie.example")
	setAccount(t, env, paul.AccountID, sesame.StatusActive, sesame.NewDate(2026, time.April, 15))
	celine := colleague(t, env, admin, "Céline", "Martin", sesame.NewDate(2026, time.April, 10))
	jean := colleague(t, env, admin, "Jean", "Louty", sesame.NewDate(2026, time.April, 30))
	marc := colleague(t, env, admin, "Marc", "Petit", sesame.NewDate(2026, time.May, 1))      // the month after next
	lea := colleague(t, env, admin, "Léa", "Roux", sesame.NewDate(2026, time.March, 31))      // this month
	renewed := colleague(t, env, admin, "Rémi", "Blanc", sesame.NewDate(2026, time.April, 3)) // renewed before the 20th
	// Another establishment, whose only administrator's account expires in April.
	other := testenv.ValidEstablishment()
	other.Name, other.SIRET = "CCAS DE LIBOURNE", "21330243000011"
	otherEst, bob := env.Establishment(t, other, testenv.ValidPerson("Bob", "Garnier", "bob.garnier@ccas.example"))
	setAccount(t, env, bob.Account.ID, sesame.StatusActive, sesame.NewDate(2026, time.April, 22))

	env.Clock.Set(time.Date(2026, time.March, 19, 10, 0, 0, 0, sesame.Paris))
	if _, err := env.Service.RenewAccounts(ctx, admin, []int64{renewed.Account.ID}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(time.Date(2026, time.March, 19, 23, 59, 59, 0, sesame.Paris))
	if r, err := env.Service.SendReminders(ctx); err != nil || r.Notices+r.Digests != 0 {
		t.Fatalf("before the 20th: %+v %v, want nothing", r, err)
	}

	env.Clock.Set(time.Date(2026, time.March, 20, 8, 0, 0, 0, sesame.Paris))
	r, err := env.Service.SendReminders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.From != sesame.NewDate(2026, time.April, 1) || r.To != sesame.NewDate(2026, time.April, 30) || r.Notices != 4 || r.Digests != 3 {
		t.Fatalf("report = %+v, want April: 4 notices (Céline, Jean, Paul, Bob), 3 digests (Anne, Paul, Bob)", r)
	}
	// The same day again, after a restart (a new service and queue on the
	// same database), and later in the month: nothing more.
	restarted := restart(t, env)
	for _, run := range []struct {
		svc *service.Service
		at  time.Time
	}{
		{env.Service, time.Date(2026, time.March, 20, 8, 0, 1, 0, sesame.Paris)},
		{restarted, time.Date(2026, time.March, 20, 9, 0, 0, 0, sesame.Paris)},
		{restarted, time.Date(2026, time.March, 31, 23, 0, 0, 0, sesame.Paris)},
	} {
		env.Clock.Set(run.at)
		if r, err := run.svc.SendReminders(ctx); err != nil || r.Notices+r.Digests != 0 {
			t.Fatalf("run at %s: %+v %v, want nothing more", run.at, r, err)
		}
	}
	waitMailIdle(t, env)

	notices := env.SMTP.CountBySubject(mail.SubjectExpiryNotice)
	wantNotices := map[string]int{celine.Person.Email: 1, jean.Person.Email: 1, "paul.durand@mairie.example": 1, "bob.garnier@ccas.example": 1}
	digests := env.SMTP.CountBySubject(mail.SubjectReminderDigest)
	wantDigests := map[string]int{anne.Person.Email: 1, "paul.durand@mairie.example": 1, "bob.garnier@ccas.example": 1}
	if !sameCounts(notices, wantNotices) || !sameCounts(digests, wantDigests) {
		t.Fatalf("notices %v, want %v; digests %v, want %v", notices, wantNotices, digests, wantDigests)
	}
	for _, absent := range []string{marc.Person.Email, lea.Person.Email, renewed.Person.Email} {
		if notices[absent] != 0 {
			t.Errorf("%s got a notice", absent)
		}
	}

	wantText(t, messageTo(t, env.SMTP, celine.Person.Email, mail.SubjectExpiryNotice),
		"Bonjour Madame Martin,", est.Name, celine.Person.Identifier, "expire le 10/04/2026",
		"Demandez à votre administrateur de le renouveler avant cette date : Madame Durand ou Madame Gueriot.")
	wantText(t, messageTo(t, env.SMTP, "paul.durand@mairie.example", mail.SubjectExpiryNotice),
		"expire le 15/04/2026", "En tant qu'administrateur, vous pouvez le renouveler vous-même", "Vous pouvez aussi le demander à Madame Gueriot.")
	bobNotice := messageTo(t, env.SMTP, "bob.garnier@ccas.example", mail.SubjectExpiryNotice)
	wantText(t, bobNotice, otherEst.Name, "expire le 22/04/2026", "En tant qu'administrateur")
	if strings.Contains(bobNotice.Text, "Vous pouvez aussi") {
		t.Errorf("the only administrator is told to ask someone:\n%s", bobNotice.Text)
	}

	digest := messageTo(t, env.SMTP, anne.Person.Email, mail.SubjectReminderDigest)
	wantText(t, digest, "3 comptes de l'établissement "+est.Name+" expirent entre le 01/04/2026 et le 30/04/2026",
		"Mme Céline Martin ("+celine.Person.Identifier+"), expire le 10/04/2026",
		"Mme Jean Louty ("+jean.Person.Identifier+"), expire le 30/04/2026",
		"Mme Paul Durand", base+"/etablissement/comptes?filtre=expiring")
	for _, absent := range []string{marc.Person.Identifier, lea.Person.Identifier, renewed.Person.Identifier, bob.Person.Identifier} {
		if strings.Contains(digest.Text, absent) {
			t.Errorf("the digest lists %s:\n%s", absent, digest.Text)
		}
	}
	if !strings.Contains(digest.HTML, "<th scope=\"col\"") {
		t.Errorf("the HTML digest has no table header")
	}
	wantText(t, messageTo(t, env.SMTP, "bob.garnier@ccas.example", mail.SubjectReminderDigest), "Un compte de l'établissement CCAS DE LIBOURNE")
}

// restart is a second process on env's database: its own queue (working
// jobs) and service, with the same clock.
func restart(t *testing.T, env *testenv.Env) *service.Service {
	t.Helper()
	sender, err := mail.NewSMTPSender(env.SMTPCfg)
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobs.New(env.Store, sender, jobs.Config{Work: true, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = q.Stop(stopCtx)
	})
	return service.New(env.Store, q, env.Clock, service.NewHasher(testenv.FastHashing, 0), env.Config, nil)
}

func sameCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestRemindersOfALargeEmployer: where there are many administrators, a
// notice names three of them, those of the holder's department first, and
// counts the others; the list the digests share is stored once for the
// establishment, each queued mail staying small, and the nightly run
// deletes it once no mail can need it.
func TestRemindersOfALargeEmployer(t *testing.T) {
	env := testenv.New(t, base)
	est, anne := activeAdmin(t, env)
	_, admin := adminActor(t, env, anne.Person.Identifier)
	for _, name := range [][2]string{{"Paul", "Durand"}, {"Luc", "Bernard"}, {"Sophie", "Lambert"}, {"Nadia", "Girard"}} {
		secondAdmin(t, env, admin, name[0], name[1], sesame.Fold(name[0])+"."+sesame.Fold(name[1])+"@mairie.example")
	}
	celine := colleague(t, env, admin, "Céline", "Martin", sesame.NewDate(2026, time.April, 10))
	if _, err := env.Store.WriteDB().Exec(`UPDATE accounts SET department = 'Voirie'
		WHERE person_id IN (SELECT id FROM persons WHERE email IN ('nadia.girard@mairie.example', $1))`, celine.Person.Email); err != nil {
		t.Fatal(err)
	}
	var before int64 // the last job queued before the reminders (activation mails)
	if err := env.Store.ReadDB().QueryRow(`SELECT max(id) FROM river_job`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(time.Date(2026, time.March, 20, 8, 0, 0, 0, sesame.Paris))
	r, err := env.Service.SendReminders(ctx)
	if err != nil || r.Notices != 1 || r.Digests != 5 {
		t.Fatalf("report = %+v, %v; want 1 notice and 5 digests", r, err)
	}

	var lists int
	if err := env.Store.ReadDB().QueryRow(`SELECT count(*) FROM reminder_digests WHERE establishment_id = $1`, est.ID).Scan(&lists); err != nil {
		t.Fatal(err)
	}
	if lists != 1 {
		t.Errorf("%d digest lists stored, want 1 for the 5 digests", lists)
	}
	rows, err := env.Store.ReadDB().Query(`SELECT args FROM river_job WHERE kind = 'mail' AND id > $1`, before)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var args []byte
		if err := rows.Scan(&args); err != nil {
			t.Fatal(err)
		}
		if len(args) > 1024 {
			t.Errorf("a queued reminder takes %d bytes: %.200s…", len(args), args)
		}
	}
	rows.Close()

	waitMailIdle(t, env)
	wantText(t, messageTo(t, env.SMTP, celine.Person.Email, mail.SubjectExpiryNotice),
		"Demandez à votre administrateur de le renouveler avant cette date : Madame Girard, Madame Bernard, Madame Durand "+
			"ou l'un des 2 autres administrateurs de l'établissement.")
	for _, to := range []string{anne.Person.Email, "nadia.girard@mairie.example", "luc.bernard@mairie.example"} {
		wantText(t, messageTo(t, env.SMTP, to, mail.SubjectReminderDigest),
			"Un compte de l'établissement "+est.Name, "Mme Céline Martin ("+celine.Person.Identifier+"), expire le 10/04/2026")
	}

	env.Clock.Set(time.Date(2026, time.April, 25, 0, 0, 0, 0, sesame.Paris))
	if _, err := env.Service.ExpireAccounts(ctx); err != nil {
		t.Fatal(err)
	}
	if err := env.Store.ReadDB().QueryRow(`SELECT count(*) FROM reminder_digests`).Scan(&lists); err != nil {
		t.Fatal(err)
	}
	if lists != 0 {
		t.Errorf("%d digest lists left 36 days later", lists)
	}
}

// TestRemindersSkipEstablishmentsWithNothingToList: an establishment with
// no account expiring next month, between two that have some (one
// transaction covers all three), gets nothing, and its administrator is
// not recorded as having had the month's digest.
func TestRemindersSkipEstablishmentsWithNothingToList(t *testing.T) {
	env := testenv.New(t, base)
	var admins []int64
	for i, expires := range []sesame.Date{sesame.NewDate(2026, time.April, 10), sesame.NewDate(2026, time.June, 10), sesame.NewDate(2026, time.April, 20)} {
		in := testenv.ValidEstablishment()
		in.Name = fmt.Sprintf("COMMUNE %c", 'A'+i)
		in.SIRET = []string{"21330394500017", "21330243000011", "21330063200014"}[i]
		_, adm := env.Establishment(t, in, testenv.ValidPerson("Anne", "Gueriot", fmt.Sprintf("admin%d@mairie.example", i)))
		setAccount(t, env, adm.Account.ID, sesame.StatusActive, expires)
		admins = append(admins, adm.Account.ID)
	}
	env.Clock.Set(time.Date(2026, time.March, 20, 8, 0, 0, 0, sesame.Paris))
	r, err := env.Service.SendReminders(ctx)
	if err != nil || r.Notices != 2 || r.Digests != 2 {
		t.Fatalf("report = %+v, %v; want 2 notices and 2 digests", r, err)
	}
	var n int
	if err := env.Store.ReadDB().QueryRow(`SELECT count(*) FROM reminders_sent WHERE account_id = $1`, admins[1]).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the administrator of the establishment with nothing to list is recorded %d times", n)
	}
	waitMailIdle(t, env)
	if got := env.SMTP.CountBySubject(mail.SubjectReminderDigest)["admin1@mairie.example"]; got != 0 {
		t.Errorf("%d digests to the establishment with nothing to list", got)
	}
}

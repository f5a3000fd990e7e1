package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/jobs"
	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/mail/mailtest"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// TestMailFailedCommand: a mail refused at each of its attempts shows in
// "sesame mail failed" with its date, recipient, subject and last error.
func TestMailFailedCommand(t *testing.T) {
	ctx := context.Background()
	db := storetest.URL(t)
	if out := mustCLI(t, db, "mail", "failed"); !strings.Contains(out, "Aucun courriel en échec définitif.") {
		t.Fatalf("mail failed on a new database:\n%s", out)
	}
	srv := mailtest.Start(t)
	srv.SetDown(true)
	st, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sender, err := mail.NewSMTPSender(mail.SMTPConfig{Host: srv.Host(), Port: srv.Port(), From: "ne-pas-repondre@sesame.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobs.New(st, sender, jobs.Config{Work: true, PollInterval: 20 * time.Millisecond, MailMaxAttempts: 2,
		MailBackoff: []time.Duration{time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(ctx)
	if err := st.InTx(ctx, func(tx *store.Tx) error {
		return q.EnqueueMail(ctx, tx, mail.Message{To: "perdu@mairie.example", Subject: "Vous pouvez créer votre mot de passe", Text: "…"})
	}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if failed, err := q.FailedMail(ctx, 1); err != nil || len(failed) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the mail was not given up")
		}
	}
	out := mustCLI(t, db, "mail", "failed")
	for _, want := range []string{"Destinataire", "perdu@mairie.example", "Vous pouvez créer votre mot de passe", "421", time.Now().Format("/2006 ")} {
		if !strings.Contains(out, want) {
			t.Errorf("mail failed lacks %q:\n%s", want, out)
		}
	}
}

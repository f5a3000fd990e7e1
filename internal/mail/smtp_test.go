package mail_test

import (
	"context"
	"errors"
	"mime"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/mail/mailtest"
)

const wait = 5 * time.Second

func newSender(t *testing.T, srv *mailtest.Server, mutate ...func(*mail.SMTPConfig)) *mail.SMTPSender {
	t.Helper()
	cfg := mail.SMTPConfig{
		Host:     srv.Host(),
		Port:     srv.Port(),
		From:     "ne-pas-repondre@sesame.example",
		FromName: "Sésame — Plateforme des employeurs publics",
		TLS:      "none",
	}
	for _, f := range mutate {
		f(&cfg)
	}
	s, err := mail.NewSMTPSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSMTPSenderDeliversEveryTemplate sends each e-mail through a real SMTP
// conversation and checks what a mail client would decode.
func TestSMTPSenderDeliversEveryTemplate(t *testing.T) {
	srv := mailtest.Start(t)
	sender := newSender(t, srv)
	helene := mail.Person{Email: "helene.dupre@hopital.example", Civility: "Mme", Surname: "Dupré", FirstName: "Hélène"}

	type tc struct {
		name      string
		render    func() (mail.Message, error)
		link      string
		sentences []string
	}
	cases := []tc{
		{
			name: "activation",
			render: func() (mail.Message, error) {
				return mail.Activation(mail.ActivationData{
					To: helene, CreatedOn: "18/03/2024", CreatorName: "Madame Gueriot", Profile: "utilisateur",
					Establishment: "CENTRE HOSPITALIER D'ÉPERNAY", Link: "https://sesame.example/activation/tok1", ValidDays: 15,
				})
			},
			link: "https://sesame.example/activation/tok1",
			sentences: []string{
				"Bonjour Madame Dupré,",
				"Le 18/03/2024, Madame Gueriot vous a créé un compte en tant qu'utilisateur à la plateforme Sésame pour l'établissement CENTRE HOSPITALIER D'ÉPERNAY.",
				"Attention ! pour des raisons de sécurité, vous avez 15 jours pour le créer.",
				"A bientôt sur la plateforme Sésame.",
			},
		},
		{
			name: "unlock",
			render: func() (mail.Message, error) {
				return mail.Unlock(mail.LinkData{To: helene, Link: "https://sesame.example/deblocage/tok2", ValidHours: 24})
			},
			link:      "https://sesame.example/deblocage/tok2",
			sentences: []string{"Bonjour Madame Dupré,", "Vous avez demandé à débloquer votre compte", "ce lien est valable 24 heures."},
		},
		{
			name: "password reset",
			render: func() (mail.Message, error) {
				return mail.PasswordReset(mail.LinkData{To: helene, Link: "https://sesame.example/reinitialisation/tok3?a=1&b=2", ValidHours: 2})
			},
			link:      "https://sesame.example/reinitialisation/tok3?a=1&b=2",
			sentences: []string{"Vous avez demandé à réinitialiser votre mot de passe", "il sera débloqué dès que vous aurez choisi"},
		},
		{
			name: "identifier reminder",
			render: func() (mail.Message, error) {
				return mail.IdentifierReminder(mail.IdentifierData{
					To:          helene,
					Identifiers: []mail.IdentifierLine{{Identifier: "HDU000007", Establishments: []string{"CENTRE HOSPITALIER D'ÉPERNAY", "EHPAD LES MÛRIERS"}}},
					LoginLink:   "https://sesame.example/connexion",
				})
			},
			link:      "https://sesame.example/connexion",
			sentences: []string{"Voici l'identifiant associé", "HDU000007, utilisé pour les établissements CENTRE HOSPITALIER D'ÉPERNAY et EHPAD LES MÛRIERS"},
		},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := c.render()
			if err != nil {
				t.Fatal(err)
			}
			if err := sender.Send(t.Context(), m); err != nil {
				t.Fatal(err)
			}
			got := srv.WaitFor(t, helene.Email, i+1, wait)
			r := got[i]
			if r.Subject != m.Subject {
				t.Errorf("subject %q, want %q", r.Subject, m.Subject)
			}
			if !slices.Equal(r.To, []string{helene.Email}) {
				t.Errorf("envelope to %v", r.To)
			}
			if r.From != "ne-pas-repondre@sesame.example" {
				t.Errorf("envelope from %q", r.From)
			}
			if r.AuthUser != "" {
				t.Errorf("authenticated as %q although no user name is configured", r.AuthUser)
			}
			for _, s := range c.sentences {
				if !strings.Contains(r.Text, s) {
					t.Errorf("received text lacks %q:\n%s", s, r.Text)
				}
			}
			if !strings.Contains(r.HTML, "Sésame — Plateforme des employeurs publics") || !strings.Contains(r.HTML, "Bonjour Madame Dupré,") {
				t.Errorf("received HTML lost its accents:\n%s", r.HTML)
			}
			if r.Text != strings.ReplaceAll(m.Text, "\r\n", "\n") || r.HTML != m.HTML {
				t.Error("received parts differ from the rendered ones")
			}
			if !slices.Equal(r.Links, []string{c.link}) {
				t.Errorf("links %q, want [%s]", r.Links, c.link)
			}
			checkHeaders(t, r)
		})
	}
}

// checkHeaders checks the headers a mail client and receiving servers rely
// on.
func checkHeaders(t *testing.T, r mailtest.Received) {
	t.Helper()
	if _, err := r.Header.Date(); err != nil {
		t.Errorf("Date header %q: %v", r.Header.Get("Date"), err)
	}
	if id := r.Header.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@sesame.example>") {
		t.Errorf("Message-Id %q", id)
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Errorf("Content-Type %q, want multipart/alternative", r.Header.Get("Content-Type"))
	}
	from, err := r.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Sésame — Plateforme des employeurs publics" || from[0].Address != "ne-pas-repondre@sesame.example" {
		t.Errorf("From %q (%v)", r.Header.Get("From"), err)
	}
	to, err := r.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Hélène Dupré" {
		t.Errorf("To %q (%v)", r.Header.Get("To"), err)
	}
	// The subject must travel encoded: raw 8-bit headers are not portable.
	if s := r.Header.Get("Subject"); strings.ContainsFunc(s, func(c rune) bool { return c > 127 }) {
		t.Errorf("Subject header not RFC 2047 encoded: %q", s)
	}
}

func TestSMTPSenderAuthenticates(t *testing.T) {
	srv := mailtest.Start(t)
	sender := newSender(t, srv, func(c *mail.SMTPConfig) {
		c.Username = "sesame-robot"
		c.Password = "s3cret"
	})
	m := mail.Message{To: "a@commune.example", Subject: "Essai é", Text: "Texte à lire"}
	if err := sender.Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	r := srv.WaitFor(t, "a@commune.example", 1, wait)[0]
	if r.AuthUser != "sesame-robot" {
		t.Errorf("authenticated as %q", r.AuthUser)
	}
	// The MIME writer ends the part with a line break.
	if r.Subject != "Essai é" || strings.TrimRight(r.Text, "\n") != "Texte à lire" || r.HTML != "" {
		t.Errorf("received %q / %q / %q", r.Subject, r.Text, r.HTML)
	}
}

// TestSMTPSenderServerDown checks that a refused message is an error (so the
// outbox retries) and that the sender works again once the server is back.
func TestSMTPSenderServerDown(t *testing.T) {
	srv := mailtest.Start(t)
	sender := newSender(t, srv)
	m := mail.Message{To: "b@commune.example", Subject: "Vous pouvez créer votre mot de passe", Text: "x"}

	srv.SetDown(true)
	err := sender.Send(t.Context(), m)
	if err == nil {
		t.Fatal("Send succeeded while the server refuses mail")
	}
	if !strings.Contains(err.Error(), "421") {
		t.Errorf("error should carry the server's answer: %v", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d message(s) received while down", n)
	}

	srv.SetDown(false)
	if err := sender.Send(t.Context(), m); err != nil {
		t.Fatalf("Send after the server is back: %v", err)
	}
	srv.WaitFor(t, "b@commune.example", 1, wait)
}

// TestSMTPSenderStartTLSIsMandatory checks there is no silent downgrade to
// plain text when STARTTLS was asked for.
func TestSMTPSenderStartTLSIsMandatory(t *testing.T) {
	srv := mailtest.Start(t)
	sender := newSender(t, srv, func(c *mail.SMTPConfig) { c.TLS = "starttls" })
	err := sender.Send(t.Context(), mail.Message{To: "c@commune.example", Subject: "s", Text: "x"})
	if err == nil {
		t.Fatal("Send succeeded in clear although STARTTLS is required")
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d message(s) received in clear", n)
	}
}

// TestSMTPSenderHonoursContext uses a server that accepts the connection
// but never answers: Send must give up when the context ends, not after
// the SMTP timeout.
func TestSMTPSenderHonoursContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(conns)
				return
			}
			conns <- c // held open, silent
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		for c := range conns {
			_ = c.Close()
		}
	})

	addr := ln.Addr().(*net.TCPAddr)
	sender, err := mail.NewSMTPSender(mail.SMTPConfig{Host: "127.0.0.1", Port: addr.Port, From: "x@sesame.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = sender.Send(ctx, mail.Message{To: "d@commune.example", Subject: "s", Text: "x"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send took %v after its context ended", d)
	}

	done, cancelDone := context.WithCancel(t.Context())
	cancelDone()
	if err := sender.Send(done, mail.Message{To: "d@commune.example", Subject: "s", Text: "x"}); !errors.Is(err, context.Canceled) {
		t.Errorf("with a cancelled context, err = %v", err)
	}
}

func TestSMTPSenderRefusesBadMessages(t *testing.T) {
	srv := mailtest.Start(t)
	sender := newSender(t, srv)
	for name, m := range map[string]mail.Message{
		"no recipient":        {Subject: "s", Text: "x"},
		"invalid recipient":   {To: "pas une adresse", Subject: "s", Text: "x"},
		"recipient with name": {To: "Jean <j@x.example>", Subject: "s", Text: "x"},
		"no body":             {To: "e@commune.example", Subject: "s"},
	} {
		if err := sender.Send(t.Context(), m); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d message(s) sent", n)
	}
}

func TestNewSMTPSenderValidates(t *testing.T) {
	ok := mail.SMTPConfig{Host: "smtp.example", From: "x@sesame.example"}
	if _, err := mail.NewSMTPSender(ok); err != nil {
		t.Fatalf("valid config refused: %v", err)
	}
	for name, mutate := range map[string]func(*mail.SMTPConfig){
		"no host":         func(c *mail.SMTPConfig) { c.Host = "" },
		"bad TLS mode":    func(c *mail.SMTPConfig) { c.TLS = "ssl3" },
		"bad port":        func(c *mail.SMTPConfig) { c.Port = 70000 },
		"no from":         func(c *mail.SMTPConfig) { c.From = "" },
		"from with name":  func(c *mail.SMTPConfig) { c.From = "Sésame <x@sesame.example>" },
		"from not e-mail": func(c *mail.SMTPConfig) { c.From = "sesame" },
	} {
		c := ok
		mutate(&c)
		if _, err := mail.NewSMTPSender(c); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

// TestSenderInterface documents that both senders are interchangeable.
func TestSenderInterface(t *testing.T) {
	var _ mail.Sender = (*mail.SMTPSender)(nil)
	var _ mail.Sender = mail.NewMailbox()
}

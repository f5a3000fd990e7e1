package mailtest_test

import (
	"fmt"
	"net/smtp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/mail/mailtest"
)

// TestParse feeds a message encoded differently from what go-mail produces
// (base64, ISO-8859-1, nested multipart, B-encoded subject, an attachment)
// to check the decoder does not merely mirror one library's choices.
func TestParse(t *testing.T) {
	raw := strings.Join([]string{
		"From: =?utf-8?q?S=C3=A9same?= <x@sesame.example>",
		"To: a@commune.example",
		"Subject: =?utf-8?b?VsOpcmlmaWNhdGlvbg==?= =?iso-8859-1?q?_=E0_faire?=",
		"MIME-Version: 1.0",
		`Content-Type: multipart/mixed; boundary="outer"`,
		"",
		"--outer",
		`Content-Type: multipart/alternative; boundary="inner"`,
		"",
		"--inner",
		"Content-Type: text/plain; charset=iso-8859-1",
		"Content-Transfer-Encoding: quoted-printable",
		"",
		"Cr=E9er : https://sesame.example/a?b=1&c=2.",
		"Et (https://sesame.example/z).",
		"--inner",
		"Content-Type: text/html; charset=utf-8",
		"Content-Transfer-Encoding: base64",
		"",
		"PHA+Q3LDqWVyPC9wPg==",
		"--inner--",
		"--outer",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Disposition: attachment; filename=a.txt",
		"",
		"pièce jointe",
		"--outer--",
		"",
	}, "\r\n")
	r, err := mailtest.Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if r.Subject != "Vérification à faire" {
		t.Errorf("subject %q", r.Subject)
	}
	if r.Text != "Créer : https://sesame.example/a?b=1&c=2.\nEt (https://sesame.example/z)." {
		t.Errorf("text %q", r.Text)
	}
	if r.HTML != "<p>Créer</p>" {
		t.Errorf("html %q", r.HTML)
	}
	if want := []string{"https://sesame.example/a?b=1&c=2", "https://sesame.example/z"}; !slices.Equal(r.Links, want) {
		t.Errorf("links %q, want %q", r.Links, want)
	}
}

func TestParseRefusesUnknownEncoding(t *testing.T) {
	raw := "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: uuencode\r\n\r\nbody\r\n"
	if _, err := mailtest.Parse([]byte(raw)); err == nil {
		t.Error("want an error")
	}
}

// TestServerWithStandardClient drives the server with net/smtp, a client
// independent from the one the platform uses.
func TestServerWithStandardClient(t *testing.T) {
	srv := mailtest.Start(t)
	if srv.Addr() != fmt.Sprintf("%s:%d", srv.Host(), srv.Port()) || srv.Host() != "127.0.0.1" {
		t.Fatalf("addr %q host %q port %d", srv.Addr(), srv.Host(), srv.Port())
	}
	msg := "Subject: =?utf-8?q?Bonjour_=C3=A0_vous?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoir https://sesame.example/x\r\n"
	auth := smtp.PlainAuth("", "robot", "secret", srv.Host())
	if err := smtp.SendMail(srv.Addr(), auth, "from@sesame.example", []string{"A@Commune.example", "b@commune.example"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, "a@commune.example", 1, 5*time.Second)
	r := got[0]
	if r.From != "from@sesame.example" || !slices.Equal(r.To, []string{"A@Commune.example", "b@commune.example"}) {
		t.Errorf("envelope %q → %q", r.From, r.To)
	}
	if r.Subject != "Bonjour à vous" || r.AuthUser != "robot" || !slices.Equal(r.Links, []string{"https://sesame.example/x"}) {
		t.Errorf("received %+v", r)
	}
	if string(r.Raw) != msg {
		t.Errorf("raw %q", r.Raw)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages stored, want 1 (one message, two recipients)", n)
	}
}

func TestServerDown(t *testing.T) {
	srv := mailtest.Start(t)
	srv.SetDown(true)
	err := smtp.SendMail(srv.Addr(), nil, "from@sesame.example", []string{"a@commune.example"}, []byte("Subject: x\r\n\r\nx\r\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "421") {
		t.Fatalf("err = %v, want a 421 answer", err)
	}
	srv.SetDown(false)
	if err := smtp.SendMail(srv.Addr(), nil, "from@sesame.example", []string{"a@commune.example"}, []byte("Subject: x\r\n\r\nx\r\n")); err != nil {
		t.Fatal(err)
	}
	srv.WaitFor(t, "a@commune.example", 1, 5*time.Second)
}

// TestStartAndStopQuickly checks the cleanup does not hang when a test ends
// before the server goroutine has started serving.
func TestStartAndStopQuickly(t *testing.T) {
	for range 50 {
		t.Run("", func(t *testing.T) { mailtest.Start(t) })
	}
}

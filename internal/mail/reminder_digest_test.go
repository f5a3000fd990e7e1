package mail_test

import (
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/mail"
)

const consoleLink = "https://sesame.example/etablissement/comptes?filtre=expiring"

func reminderDigestData() mail.ReminderDigestData {
	return mail.ReminderDigestData{To: claire, DigestList: mail.DigestList{
		Establishment: "COMMUNE DE SAINT-ÉMILION",
		PeriodStart:   "01/04/2026",
		PeriodEnd:     "30/04/2026",
		Accounts: []mail.DigestAccount{
			{Name: "Mme Céline Martin", Identifier: "CMA000012", ExpiresOn: "10/04/2026"},
			{Name: "M. Jean <Louty>", Identifier: "JLO000439", ExpiresOn: "30/04/2026"},
		},
		ConsoleLink: consoleLink,
	}}
}

func TestReminderDigest(t *testing.T) {
	m, err := mail.ReminderDigest(reminderDigestData())
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != mail.SubjectReminderDigest || m.To != claire.Email {
		t.Errorf("subject %q to %q", m.Subject, m.To)
	}
	contains(t, m, layoutSentences...)
	contains(t, m,
		"Bonjour Madame Dupont,",
		"2 comptes de l'établissement COMMUNE DE SAINT-ÉMILION expirent entre le 01/04/2026 et le 30/04/2026 :",
		"Mme Céline Martin", "CMA000012", "10/04/2026", "JLO000439", "30/04/2026",
		"Renouvelez avant leur date d'expiration les comptes qui doivent rester ouverts",
	)
	if !strings.Contains(m.Text, "- Mme Céline Martin (CMA000012), expire le 10/04/2026\n") {
		t.Errorf("text line missing:\n%s", m.Text)
	}
	// Names are escaped in the HTML part.
	if strings.Contains(m.HTML, "<Louty>") || !strings.Contains(m.HTML, "&lt;Louty&gt;") {
		t.Errorf("a name is not escaped in HTML")
	}
	hasLink(t, m, consoleLink)

	d := reminderDigestData()
	d.Accounts = d.Accounts[:1]
	m, err = mail.ReminderDigest(d)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, m, "Un compte de l'établissement COMMUNE DE SAINT-ÉMILION expire entre le 01/04/2026 et le 30/04/2026 :")
}

func TestReminderDigestRefusesBadData(t *testing.T) {
	for name, mutate := range map[string]func(*mail.ReminderDigestData){
		"no e-mail":     func(d *mail.ReminderDigestData) { d.To.Email = "" },
		"relative link": func(d *mail.ReminderDigestData) { d.ConsoleLink = "/etablissement/comptes" },
		"no account":    func(d *mail.ReminderDigestData) { d.Accounts = nil },
		"no period":     func(d *mail.ReminderDigestData) { d.PeriodEnd = "" },
	} {
		d := reminderDigestData()
		mutate(&d)
		if _, err := mail.ReminderDigest(d); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

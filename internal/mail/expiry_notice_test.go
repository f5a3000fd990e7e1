package mail_test

import (
	"testing"

	"github.com/sesame-platform/sesame/internal/mail"
)

func expiryNoticeData() mail.ExpiryNoticeData {
	return mail.ExpiryNoticeData{
		To:             claire,
		Establishment:  "COMMUNE DE SAINT-ÉMILION",
		Identifier:     "CDU000042",
		ExpiresOn:      "18/04/2026",
		Administrators: []string{"Madame Gueriot"},
		LoginLink:      "https://sesame.example/connexion",
	}
}

func TestExpiryNotice(t *testing.T) {
	m, err := mail.ExpiryNotice(expiryNoticeData())
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != mail.SubjectExpiryNotice || m.To != claire.Email {
		t.Errorf("subject %q to %q", m.Subject, m.To)
	}
	contains(t, m, layoutSentences...)
	contains(t, m,
		"Bonjour Madame Dupont,",
		"Votre compte de l'établissement COMMUNE DE SAINT-ÉMILION (identifiant CDU000042) expire le 18/04/2026.",
		"Demandez à votre administrateur, Madame Gueriot, de le renouveler avant cette date.",
		"il expirera de lui-même",
	)
	hasLink(t, m, "https://sesame.example/connexion")
}

func TestExpiryNoticeNamesWhoCanRenew(t *testing.T) {
	for name, c := range map[string]struct {
		admins  []string
		isAdmin bool
		want    string
		lacks   string
	}{
		"several administrators": {[]string{"Madame Gueriot", "Monsieur Louty", "Madame Roux"}, false,
			"Demandez à votre administrateur de le renouveler avant cette date : Madame Gueriot, Monsieur Louty ou Madame Roux.", ""},
		"no administrator left": {nil, false,
			"Votre établissement n'a plus d'administrateur actif : demandez à l'assistance technique de la plateforme", "Demandez à votre administrateur"},
		"an administrator among others": {[]string{"Monsieur Louty"}, true,
			"En tant qu'administrateur, vous pouvez le renouveler vous-même avant cette date : menu Mon établissement › Gestion des comptes, action « renouveler » sur votre compte. Vous pouvez aussi le demander à Monsieur Louty.",
			"il expirera de lui-même"},
		"the only administrator": {nil, true, "En tant qu'administrateur, vous pouvez le renouveler vous-même", "Vous pouvez aussi"},
	} {
		d := expiryNoticeData()
		d.Administrators, d.HolderIsAdmin = c.admins, c.isAdmin
		m, err := mail.ExpiryNotice(d)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		contains(t, m, c.want)
		if c.lacks != "" {
			lacks(t, m, c.lacks)
		}
	}
}

// TestExpiryNoticeCountsUnnamedAdministrators: a large employer's notice
// names a few administrators and counts the others.
func TestExpiryNoticeCountsUnnamedAdministrators(t *testing.T) {
	for _, c := range []struct {
		named   []string
		more    int
		isAdmin bool
		want    string
	}{
		{[]string{"Madame Gueriot", "Monsieur Louty", "Madame Roux"}, 1110, false,
			"Demandez à votre administrateur de le renouveler avant cette date : Madame Gueriot, Monsieur Louty, Madame Roux ou l'un des 1110 autres administrateurs de l'établissement."},
		{[]string{"Madame Gueriot"}, 1, true,
			"Vous pouvez aussi le demander à Madame Gueriot ou l'autre administrateur de l'établissement."},
	} {
		d := expiryNoticeData()
		d.Administrators, d.MoreAdministrators, d.HolderIsAdmin = c.named, c.more, c.isAdmin
		m, err := mail.ExpiryNotice(d)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, m, c.want)
	}
}

func TestExpiryNoticeRefusesBadData(t *testing.T) {
	for name, mutate := range map[string]func(*mail.ExpiryNoticeData){
		"no e-mail":        func(d *mail.ExpiryNoticeData) { d.To.Email = "" },
		"relative link":    func(d *mail.ExpiryNoticeData) { d.LoginLink = "/connexion" },
		"no date":          func(d *mail.ExpiryNoticeData) { d.ExpiresOn = " " },
		"no identifier":    func(d *mail.ExpiryNoticeData) { d.Identifier = "" },
		"no establishment": func(d *mail.ExpiryNoticeData) { d.Establishment = "" },
	} {
		d := expiryNoticeData()
		mutate(&d)
		if _, err := mail.ExpiryNotice(d); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

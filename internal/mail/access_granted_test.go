package mail_test

import (
	"testing"

	"github.com/sesame-platform/sesame/internal/mail"
)

func accessGrantedData() mail.AccessGrantedData {
	return mail.AccessGrantedData{
		To:            claire,
		GrantedOn:     "18/03/2026",
		GrantorName:   "Madame Gueriot",
		Profile:       "Utilisateur",
		Establishment: "CCAS DE LIBOURNE",
		Identifier:    "CDU000042",
		LoginLink:     "https://sesame.example/connexion",
	}
}

func TestAccessGranted(t *testing.T) {
	m, err := mail.AccessGranted(accessGrantedData())
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != mail.SubjectAccessGranted || m.To != claire.Email {
		t.Errorf("subject %q to %q", m.Subject, m.To)
	}
	contains(t, m, layoutSentences...)
	contains(t, m,
		"Bonjour Madame Dupont,",
		"Le 18/03/2026, Madame Gueriot vous a donné accès en tant qu'utilisateur à la plateforme Sésame pour l'établissement CCAS DE LIBOURNE.",
		"CDU000042",
		"vous n'avez pas de nouveau mot de passe à créer",
		"Si vous ne travaillez pas pour cet établissement, signalez-le à Madame Gueriot.",
	)
	lacks(t, m, "Créer mon mot de passe")
	hasLink(t, m, "https://sesame.example/connexion")
}

func TestAccessGrantedRefusesBadData(t *testing.T) {
	for name, mutate := range map[string]func(*mail.AccessGrantedData){
		"no e-mail":        func(d *mail.AccessGrantedData) { d.To.Email = "" },
		"relative link":    func(d *mail.AccessGrantedData) { d.LoginLink = "/connexion" },
		"unknown profile":  func(d *mail.AccessGrantedData) { d.Profile = "superviseur" },
		"no identifier":    func(d *mail.AccessGrantedData) { d.Identifier = " " },
		"no establishment": func(d *mail.AccessGrantedData) { d.Establishment = "" },
	} {
		d := accessGrantedData()
		mutate(&d)
		if _, err := mail.AccessGranted(d); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

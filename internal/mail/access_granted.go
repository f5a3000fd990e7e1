package mail

import (
	"errors"
	"fmt"
	"strings"
)

// SubjectAccessGranted is the subject of the e-mail telling a person that an
// administrator gave them an account in one more establishment (F-30).
const SubjectAccessGranted = "Vous avez accès à un nouvel établissement"

// The template set is registered here rather than in templates.go's map
// literal so that this e-mail stays in its own file; package variables are
// initialised before init runs, so the map exists.
func init() {
	templates["access_granted"] = mustParse("access_granted")
}

// AccessGrantedData is what the access-granted e-mail says: a person who
// already has an identifier was given an account in another establishment,
// under that same identifier, with the password they already have.
type AccessGrantedData struct {
	// To is the account holder.
	To Person
	// GrantedOn is the date the account was created, JJ/MM/AAAA.
	GrantedOn string
	// GrantorName names the administrator who created the account, e.g.
	// "Madame Gueriot"; empty when the platform operator did.
	GrantorName string
	// Profile is "utilisateur" or "administrateur" (any case).
	Profile string
	// Establishment is the name of the establishment the person now belongs to.
	Establishment string
	// Identifier is the person's existing identifier, unchanged.
	Identifier string
	// LoginLink is the absolute URL of the login page.
	LoginLink string
}

type accessGrantedView struct {
	layout
	GrantedOn     string
	Grantor       string
	Profile       string
	Establishment string
	Identifier    string
}

// AccessGranted renders "Vous avez accès à un nouvel établissement". It
// names the identifier to use, says the password does not change (so the
// person does not look for an activation link that will never come) and
// explains how to switch between establishments.
func AccessGranted(d AccessGrantedData) (Message, error) {
	if err := checkPerson(d.To); err != nil {
		return Message{}, err
	}
	home, err := checkLink(d.LoginLink)
	if err != nil {
		return Message{}, err
	}
	profile := strings.ToLower(strings.TrimSpace(d.Profile))
	if profile != "utilisateur" && profile != "administrateur" {
		return Message{}, fmt.Errorf("mail: unknown profile %q (want utilisateur or administrateur)", d.Profile)
	}
	if strings.TrimSpace(d.GrantedOn) == "" || strings.TrimSpace(d.Establishment) == "" || strings.TrimSpace(d.Identifier) == "" {
		return Message{}, errors.New("mail: access granted needs the date, the establishment and the identifier")
	}
	grantor := strings.TrimSpace(d.GrantorName)
	if grantor == "" {
		grantor = operatorName
	}
	v := accessGrantedView{
		layout: layout{
			Subject:  SubjectAccessGranted,
			Greeting: d.To.Greeting(),
			Button:   &button{Label: "Se connecter", URL: d.LoginLink},
			Home:     home,
		},
		GrantedOn:     strings.TrimSpace(d.GrantedOn),
		Grantor:       grantor,
		Profile:       profile,
		Establishment: strings.TrimSpace(d.Establishment),
		Identifier:    strings.TrimSpace(d.Identifier),
	}
	return render("access_granted", d.To, SubjectAccessGranted, v)
}

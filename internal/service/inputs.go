package service

import (
	"strings"
	"unicode/utf8"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// French messages shared by every form, so one wording serves everywhere.
const (
	msgRequired      = "Ce champ est obligatoire."
	msgEmail         = "Saisissez une adresse électronique valide, par exemple monmail@employeur.fr."
	msgEmailConfirm  = "Les deux adresses électroniques ne sont pas identiques."
	msgPhone         = "Saisissez un numéro de téléphone fixe à 10 chiffres, par exemple 0556114123."
	msgCivility      = "Choisissez la civilité."
	msgProfile       = "Choisissez le profil du compte."
	msgPostcode      = "Le code postal doit comporter 5 chiffres."
	msgSIRET         = "Le numéro SIRET doit comporter 14 chiffres et sa clé de contrôle doit être juste."
	msgSIRETTaken    = "Un établissement porte déjà ce numéro SIRET."
	msgPasswordMatch = "Les deux mots de passe ne sont pas identiques."
)

// Input length limits: generous for real names and addresses, small enough
// that a pasted 10 KB text is refused with a message, not stored.
const (
	maxNameRunes    = 100
	maxTextRunes    = 200
	maxAddressRunes = 300
)

// EstablishmentInput is what an operator gives to register an establishment.
type EstablishmentInput struct {
	Name, SIRET, Street, Postcode, City             string
	RepCivility, RepSurname, RepFirstName, RepTitle string
	RepStreet, RepPostcode, RepCity                 string
}

// validate checks every field and returns the cleaned establishment.
func (in EstablishmentInput) validate() (*sesame.Establishment, error) {
	var v sesame.Validation
	e := &sesame.Establishment{
		Name:    strings.TrimSpace(in.Name),
		SIRET:   sesame.NormalizeSIRET(in.SIRET),
		Address: sesame.Address{Street: strings.TrimSpace(in.Street), Postcode: strings.TrimSpace(in.Postcode), City: strings.TrimSpace(in.City)},
		Representative: sesame.LegalRepresentative{
			Civility:  sesame.Civility(in.RepCivility),
			Surname:   strings.TrimSpace(in.RepSurname),
			FirstName: strings.TrimSpace(in.RepFirstName),
			Title:     strings.TrimSpace(in.RepTitle),
			Address:   sesame.Address{Street: strings.TrimSpace(in.RepStreet), Postcode: strings.TrimSpace(in.RepPostcode), City: strings.TrimSpace(in.RepCity)},
		},
	}
	v.Check("name", requiredText(e.Name, maxTextRunes))
	if !sesame.ValidSIRET(in.SIRET) {
		v.Check("siret", msgSIRET)
	}
	checkAddress(&v, "", e.Address)
	r := e.Representative
	if !r.Civility.Valid() {
		v.Check("rep_civility", msgCivility)
	}
	v.Check("rep_surname", sesame.CheckPersonName(r.Surname))
	v.Check("rep_first_name", sesame.CheckPersonName(r.FirstName))
	v.Check("rep_title", requiredText(r.Title, maxNameRunes))
	checkAddress(&v, "rep_", r.Address)
	return e, v.Err()
}

func checkAddress(v *sesame.Validation, prefix string, a sesame.Address) {
	v.Check(prefix+"street", requiredText(a.Street, maxAddressRunes))
	if !isPostcode(a.Postcode) {
		v.Check(prefix+"postcode", msgPostcode)
	}
	v.Check(prefix+"city", requiredText(a.City, maxNameRunes))
}

// requiredText is "" for a present, acceptable text, else the message.
func requiredText(s string, max int) string {
	if strings.TrimSpace(s) == "" {
		return msgRequired
	}
	return sesame.CheckFreeText(s, max)
}

func isPostcode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// PersonInput is the first step of account creation: who the holder is.
type PersonInput struct {
	Profile, Civility, Surname, FirstName  string
	Email, EmailConfirm, Phone, Department string
}

// validate checks every field and returns the person and account to create.
func (in PersonInput) validate() (*sesame.Person, *sesame.Account, error) {
	var v sesame.Validation
	p := &sesame.Person{
		Civility:  sesame.Civility(in.Civility),
		Surname:   strings.TrimSpace(in.Surname),
		FirstName: strings.TrimSpace(in.FirstName),
		Email:     sesame.NormalizeEmail(in.Email),
	}
	a := &sesame.Account{Profile: sesame.Profile(in.Profile), Department: strings.TrimSpace(in.Department)}
	if !a.Profile.Valid() {
		v.Check("profile", msgProfile)
	}
	if !p.Civility.Valid() {
		v.Check("civility", msgCivility)
	}
	v.Check("surname", sesame.CheckPersonName(p.Surname))
	v.Check("first_name", sesame.CheckPersonName(p.FirstName))
	switch {
	case strings.TrimSpace(in.Email) == "":
		v.Check("email", msgRequired)
	case !sesame.ValidEmail(strings.TrimSpace(in.Email)):
		v.Check("email", msgEmail)
	case !strings.EqualFold(strings.TrimSpace(in.Email), strings.TrimSpace(in.EmailConfirm)):
		v.Check("email_confirm", msgEmailConfirm)
	}
	phone, ok := sesame.NormalizePhone(in.Phone)
	if !ok || utf8.RuneCountInString(in.Phone) > 30 {
		v.Check("phone", msgPhone)
	}
	p.Phone = phone
	if a.Department != "" {
		v.Check("department", sesame.CheckFreeText(a.Department, maxTextRunes))
	}
	return p, a, v.Err()
}

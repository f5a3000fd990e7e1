package mail

import (
	"errors"
	"strings"
)

// SubjectExpiryNotice is the subject of the notice sent on the 20th to the
// holder of an account that expires the next month (F-50).
const SubjectExpiryNotice = "Votre compte Sésame va expirer"

// Registered here, as access_granted.go explains, so the e-mail keeps its
// own file.
func init() {
	templates["expiry_notice"] = mustParse("expiry_notice")
}

// ExpiryNoticeData is what the expiry notice says.
type ExpiryNoticeData struct {
	// To is the account holder.
	To Person
	// Establishment is the name of the account's establishment.
	Establishment string
	// Identifier is the holder's identifier.
	Identifier string
	// ExpiresOn is the account's expiry date, JJ/MM/AAAA.
	ExpiresOn string
	// Administrators names who can renew the account, e.g. "Madame
	// Gueriot": the establishment's active administrators other than the
	// holder. Empty when there is none. Callers name a few (see
	// MoreAdministrators), not the hundreds of a large employer.
	Administrators []string `json:"administrators,omitempty"`
	// MoreAdministrators counts the other active administrators left
	// unnamed; the notice then points to all of them at once.
	MoreAdministrators int `json:"more_administrators,omitempty"`
	// HolderIsAdmin is set when the holder administers the establishment
	// and can therefore renew the account themselves.
	HolderIsAdmin bool
	// LoginLink is the absolute URL of the login page.
	LoginLink string
}

type expiryNoticeView struct {
	layout
	Establishment string
	Identifier    string
	ExpiresOn     string
	Admins        string // "Madame Gueriot" or "Madame Gueriot ou Monsieur Louty"
	ManyAdmins    bool
	HolderIsAdmin bool
}

// ExpiryNotice renders "Votre compte Sésame va expirer": the date, and whom
// to ask for a renewal, named, because the holder cannot renew their own
// account unless they are an administrator (then the e-mail says how), and
// an establishment left without administrator is told to ask the support.
func ExpiryNotice(d ExpiryNoticeData) (Message, error) {
	if err := d.Check(); err != nil {
		return Message{}, err
	}
	home, _ := checkLink(d.LoginLink)
	var admins []string
	for _, a := range d.Administrators {
		if a = strings.TrimSpace(a); a != "" {
			admins = append(admins, a)
		}
	}
	v := expiryNoticeView{
		layout: layout{
			Subject:  SubjectExpiryNotice,
			Greeting: d.To.Greeting(),
			Button:   &button{Label: "Se connecter", URL: d.LoginLink},
			Home:     home,
		},
		Establishment: strings.TrimSpace(d.Establishment),
		Identifier:    strings.TrimSpace(d.Identifier),
		ExpiresOn:     strings.TrimSpace(d.ExpiresOn),
		Admins:        alternatives(admins, d.MoreAdministrators),
		ManyAdmins:    len(admins)+d.MoreAdministrators > 1,
		HolderIsAdmin: d.HolderIsAdmin,
	}
	return render("expiry_notice", d.To, SubjectExpiryNotice, v)
}

// Check says whether the notice can be rendered, without rendering it: the
// reminders queue the data and render it at delivery, so they check it
// when queuing, where a mistake can still roll the run back.
func (d ExpiryNoticeData) Check() error {
	if err := checkPerson(d.To); err != nil {
		return err
	}
	if _, err := checkLink(d.LoginLink); err != nil {
		return err
	}
	if strings.TrimSpace(d.Establishment) == "" || strings.TrimSpace(d.Identifier) == "" || strings.TrimSpace(d.ExpiresOn) == "" {
		return errors.New("mail: expiry notice needs the establishment, the identifier and the date")
	}
	return nil
}

// alternatives joins names the French way for "one of them": "A", "A ou B",
// "A, B ou C", and with more left unnamed "A, B ou l'un des 5 autres
// administrateurs de l'établissement".
func alternatives(names []string, more int) string {
	if more > 0 {
		others := "l'un des " + plural(more, "autre administrateur", "autres administrateurs") + " de l'établissement"
		if more == 1 {
			others = "l'autre administrateur de l'établissement"
		}
		names = append(names[:len(names):len(names)], others)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " ou " + names[len(names)-1]
}

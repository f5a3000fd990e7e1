package mail

import (
	"errors"
	"strings"
)

// SubjectReminderDigest is the subject of the digest sent on the 20th to
// each active administrator of an establishment whose accounts expire the
// next month (F-50).
const SubjectReminderDigest = "Comptes de votre établissement qui expirent le mois prochain"

// Registered here, as access_granted.go explains, so the e-mail keeps its
// own file.
func init() {
	templates["reminder_digest"] = mustParse("reminder_digest")
}

// ReminderDigestData is what the administrators' digest says.
type ReminderDigestData struct {
	// To is the administrator.
	To Person
	// Establishment is the establishment's name.
	Establishment string
	// PeriodStart and PeriodEnd bound the month listed, JJ/MM/AAAA.
	PeriodStart, PeriodEnd string
	// Accounts are the accounts expiring in the period.
	Accounts []DigestAccount
	// ConsoleLink is the absolute URL of the account list filtered on the
	// accounts that expire soon.
	ConsoleLink string
}

// DigestAccount is one line of the digest.
type DigestAccount struct {
	Name       string // "Mme Céline Martin"
	Identifier string
	ExpiresOn  string // JJ/MM/AAAA
}

type reminderDigestView struct {
	layout
	Establishment string
	PeriodStart   string
	PeriodEnd     string
	Accounts      []DigestAccount
}

// ReminderDigest renders the administrators' monthly list of accounts about
// to expire, with a button to the console already filtered on them, so that
// renewing is one selection and one click away.
func ReminderDigest(d ReminderDigestData) (Message, error) {
	if err := checkPerson(d.To); err != nil {
		return Message{}, err
	}
	home, err := checkLink(d.ConsoleLink)
	if err != nil {
		return Message{}, err
	}
	if strings.TrimSpace(d.Establishment) == "" || strings.TrimSpace(d.PeriodStart) == "" || strings.TrimSpace(d.PeriodEnd) == "" {
		return Message{}, errors.New("mail: reminder digest needs the establishment and the period")
	}
	if len(d.Accounts) == 0 {
		return Message{}, errors.New("mail: reminder digest needs at least one account")
	}
	return render("reminder_digest", d.To, SubjectReminderDigest, reminderDigestView{
		layout: layout{
			Subject:  SubjectReminderDigest,
			Greeting: d.To.Greeting(),
			Button:   &button{Label: "Voir les comptes qui expirent", URL: d.ConsoleLink},
			Home:     home,
		},
		Establishment: strings.TrimSpace(d.Establishment),
		PeriodStart:   strings.TrimSpace(d.PeriodStart),
		PeriodEnd:     strings.TrimSpace(d.PeriodEnd),
		Accounts:      d.Accounts,
	})
}

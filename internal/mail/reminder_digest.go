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

// ReminderDigestData is what the administrators' digest says: the list,
// the same for every administrator of the establishment, and to whom.
type ReminderDigestData struct {
	// To is the administrator.
	To Person
	DigestList
}

// DigestList is what every digest of one establishment's run lists. The
// reminders store it once and queue each administrator's digest as a
// reference to it (DigestRef), rendered at delivery.
type DigestList struct {
	// Establishment is the establishment's name.
	Establishment string `json:"establishment"`
	// PeriodStart and PeriodEnd bound the month listed, JJ/MM/AAAA.
	PeriodStart string `json:"period_start"`
	PeriodEnd   string `json:"period_end"`
	// Accounts are the accounts expiring in the period.
	Accounts []DigestAccount `json:"accounts"`
	// ConsoleLink is the absolute URL of the account list filtered on the
	// accounts that expire soon.
	ConsoleLink string `json:"console_link"`
}

// DigestAccount is one line of the digest.
type DigestAccount struct {
	Name       string `json:"name"` // "Mme Céline Martin"
	Identifier string `json:"identifier"`
	ExpiresOn  string `json:"expires_on"` // JJ/MM/AAAA
}

// DigestRef is an administrator's digest as queued: the recipient and the
// ID of the stored DigestList.
type DigestRef struct {
	To     Person `json:"to"`
	ListID int64  `json:"list_id"`
}

// Check says whether the list can be rendered into digests.
func (l DigestList) Check() error {
	if _, err := checkLink(l.ConsoleLink); err != nil {
		return err
	}
	if strings.TrimSpace(l.Establishment) == "" || strings.TrimSpace(l.PeriodStart) == "" || strings.TrimSpace(l.PeriodEnd) == "" {
		return errors.New("mail: reminder digest needs the establishment and the period")
	}
	if len(l.Accounts) == 0 {
		return errors.New("mail: reminder digest needs at least one account")
	}
	return nil
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
	if err := d.Check(); err != nil {
		return Message{}, err
	}
	home, _ := checkLink(d.ConsoleLink)
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

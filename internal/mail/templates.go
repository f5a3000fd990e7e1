package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strconv"
	"strings"
	texttemplate "text/template"
)

// Subjects of the platform's e-mails. They are exported so that tests and
// the dev mailbox page of other packages can recognise an e-mail without
// copying the French text.
const (
	SubjectActivation         = "Vous pouvez créer votre mot de passe"
	SubjectUnlock             = "Débloquer votre compte"
	SubjectPasswordReset      = "Réinitialiser votre mot de passe"
	SubjectIdentifierReminder = "Votre identifiant Sésame"
)

// operatorName stands in for the creating administrator when an account was
// created by the platform operator (e.g. an establishment's first
// administrator), as the sentence must still name someone.
const operatorName = "l'assistance technique de la plateforme"

//go:embed templates/*.tmpl
var templateFS embed.FS

// pair holds the two renderings of one kind of e-mail. The plain text part
// uses text/template (no escaping wanted there); the HTML part uses
// html/template so every value is escaped in the context it appears in.
type pair struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// templates are parsed once at start-up; a broken template is a programming
// error, caught by the package's tests, hence the panic.
var templates = map[string]pair{
	"activation":          mustParse("activation"),
	"unlock":              mustParse("unlock"),
	"password_reset":      mustParse("password_reset"),
	"identifier_reminder": mustParse("identifier_reminder"),
}

// mustParse parses the shared layout together with one e-mail's "content"
// template; each kind gets its own set because they all define "content".
func mustParse(kind string) pair {
	t := texttemplate.Must(texttemplate.New("layout.txt.tmpl").Option("missingkey=error").
		Funcs(texttemplate.FuncMap{"frenchList": frenchList}).ParseFS(templateFS, "templates/layout.txt.tmpl", "templates/"+kind+".txt.tmpl"))
	h := htmltemplate.Must(htmltemplate.New("layout.html.tmpl").Option("missingkey=error").
		Funcs(htmltemplate.FuncMap{"frenchList": frenchList}).ParseFS(templateFS, "templates/layout.html.tmpl", "templates/"+kind+".html.tmpl"))
	return pair{text: t, html: h}
}

// layout is what the shared layout needs from every e-mail.
type layout struct {
	Subject  string
	Greeting string
	// Button is the e-mail's call to action; nil when there is none.
	Button *button
	// Home is the platform's address, for the footer link; empty when
	// unknown.
	Home string
}

// button is a call to action: a visible button in HTML, "Label : URL" in
// the text part.
type button struct {
	Label string
	URL   string
}

// render executes both templates of kind with v and assembles the Message.
func render(kind string, to Person, subject string, v any) (Message, error) {
	p, ok := templates[kind]
	if !ok {
		return Message{}, fmt.Errorf("mail: unknown template %q", kind)
	}
	var text, html bytes.Buffer
	if err := p.text.Execute(&text, v); err != nil {
		return Message{}, fmt.Errorf("mail: render %s text: %w", kind, err)
	}
	if err := p.html.Execute(&html, v); err != nil {
		return Message{}, fmt.Errorf("mail: render %s html: %w", kind, err)
	}
	return Message{
		To:      strings.TrimSpace(to.Email),
		ToName:  to.DisplayName(),
		Subject: subject,
		Text:    text.String(),
		HTML:    html.String(),
	}, nil
}

// checkPerson refuses to render an e-mail nobody can receive.
func checkPerson(p Person) error {
	if strings.TrimSpace(p.Email) == "" {
		return errors.New("mail: recipient e-mail is required")
	}
	return nil
}

// checkLink refuses anything but an absolute http(s) URL and returns the
// platform's home (scheme and host) for the footer. Without this check,
// html/template would silently replace an unsafe URL with "#ZgotmplZ" and
// the recipient would get a dead button.
func checkLink(link string) (home string, err error) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("mail: link %q is not an absolute http(s) URL", link)
	}
	return u.Scheme + "://" + u.Host + "/", nil
}

// plural writes a French quantity: "1 jour", "15 jours".
func plural(n int, one, many string) string {
	if n < 2 {
		// French uses the singular below 2 ("0 jour", "1 jour").
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}

// ActivationData is what the activation e-mail says (F-05, F-40).
type ActivationData struct {
	// To is the account holder.
	To Person
	// CreatedOn is the account's creation date, JJ/MM/AAAA.
	CreatedOn string
	// CreatorName names the administrator who created the account, e.g.
	// "Madame Gueriot"; empty when the platform operator created it.
	CreatorName string
	// Profile is "utilisateur" or "administrateur" (any case).
	Profile string
	// Establishment is the establishment's name.
	Establishment string
	// Link is the absolute URL of the password creation page.
	Link string
	// ValidDays is how long the link is valid (15 by F-05).
	ValidDays int
	// Resent is set when the "@" action re-sends the e-mail: the text then
	// says the previous links no longer work, so the person does not try an
	// older e-mail and conclude the platform is broken.
	Resent bool
}

type activationView struct {
	layout
	CreatedOn     string
	Creator       string
	Profile       string
	Establishment string
	ValidFor      string
	Resent        bool
}

// Activation renders "Vous pouvez créer votre mot de passe", sent when an
// account is created or its activation link re-sent.
func Activation(d ActivationData) (Message, error) {
	if err := checkPerson(d.To); err != nil {
		return Message{}, err
	}
	home, err := checkLink(d.Link)
	if err != nil {
		return Message{}, err
	}
	profile := strings.ToLower(strings.TrimSpace(d.Profile))
	if profile != "utilisateur" && profile != "administrateur" {
		return Message{}, fmt.Errorf("mail: unknown profile %q (want utilisateur or administrateur)", d.Profile)
	}
	if strings.TrimSpace(d.CreatedOn) == "" || strings.TrimSpace(d.Establishment) == "" {
		return Message{}, errors.New("mail: activation needs the creation date and the establishment")
	}
	if d.ValidDays <= 0 {
		return Message{}, fmt.Errorf("mail: activation validity must be positive, got %d days", d.ValidDays)
	}
	creator := strings.TrimSpace(d.CreatorName)
	if creator == "" {
		creator = operatorName
	}
	v := activationView{
		layout: layout{
			Subject:  SubjectActivation,
			Greeting: d.To.Greeting(),
			Button:   &button{Label: "Créer mon mot de passe", URL: d.Link},
			Home:     home,
		},
		CreatedOn:     strings.TrimSpace(d.CreatedOn),
		Creator:       creator,
		Profile:       profile,
		Establishment: strings.TrimSpace(d.Establishment),
		ValidFor:      plural(d.ValidDays, "jour", "jours"),
		Resent:        d.Resent,
	}
	return render("activation", d.To, SubjectActivation, v)
}

// LinkData is what the unlock and password reset e-mails need (F-42).
type LinkData struct {
	// To is the account holder.
	To Person
	// Link is the absolute URL the person must open.
	Link string
	// ValidHours is how long the link is valid.
	ValidHours int
}

type linkView struct {
	layout
	ValidFor string
}

func linkMail(kind, subject, label string, d LinkData) (Message, error) {
	if err := checkPerson(d.To); err != nil {
		return Message{}, err
	}
	home, err := checkLink(d.Link)
	if err != nil {
		return Message{}, err
	}
	if d.ValidHours <= 0 {
		return Message{}, fmt.Errorf("mail: link validity must be positive, got %d hours", d.ValidHours)
	}
	v := linkView{
		layout: layout{
			Subject:  subject,
			Greeting: d.To.Greeting(),
			Button:   &button{Label: label, URL: d.Link},
			Home:     home,
		},
		ValidFor: plural(d.ValidHours, "heure", "heures"),
	}
	return render(kind, d.To, subject, v)
}

// Unlock renders "Débloquer votre compte", the self-service unlock link of
// "Aide à la connexion".
func Unlock(d LinkData) (Message, error) {
	return linkMail("unlock", SubjectUnlock, "Débloquer mon compte", d)
}

// PasswordReset renders "Réinitialiser votre mot de passe", the forgotten
// password link; choosing a new password also unlocks the account, and the
// e-mail says so, since a locked person often simply forgot the password.
func PasswordReset(d LinkData) (Message, error) {
	return linkMail("password_reset", SubjectPasswordReset, "Réinitialiser mon mot de passe", d)
}

// IdentifierData is what the identifier reminder says (F-42).
type IdentifierData struct {
	// To is the addressee; several identifiers may share one address.
	To Person
	// Identifiers lists every identifier attached to the address.
	Identifiers []IdentifierLine
	// LoginLink is the optional absolute URL of the login page; when set,
	// the e-mail offers a "Se connecter" button.
	LoginLink string
}

// IdentifierLine is one identifier and the establishments it is used in.
type IdentifierLine struct {
	Identifier     string
	Establishments []string
}

type identifierView struct {
	layout
	Lines []identifierLineView
}

type identifierLineView struct {
	Identifier     string
	Establishments []string
}

// IdentifierReminder renders "Votre identifiant Sésame", listing each
// identifier with the establishment(s) it opens, because a person working
// for several employers needs to know which one to use.
func IdentifierReminder(d IdentifierData) (Message, error) {
	if err := checkPerson(d.To); err != nil {
		return Message{}, err
	}
	if len(d.Identifiers) == 0 {
		return Message{}, errors.New("mail: identifier reminder needs at least one identifier")
	}
	v := identifierView{layout: layout{Subject: SubjectIdentifierReminder, Greeting: d.To.Greeting()}}
	if d.LoginLink != "" {
		home, err := checkLink(d.LoginLink)
		if err != nil {
			return Message{}, err
		}
		v.Button = &button{Label: "Se connecter", URL: d.LoginLink}
		v.Home = home
	}
	for _, l := range d.Identifiers {
		id := strings.TrimSpace(l.Identifier)
		if id == "" {
			return Message{}, errors.New("mail: empty identifier in reminder")
		}
		var names []string
		for _, n := range l.Establishments {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		v.Lines = append(v.Lines, identifierLineView{Identifier: id, Establishments: names})
	}
	return render("identifier_reminder", d.To, SubjectIdentifierReminder, v)
}

// frenchList joins names the French way: "A", "A et B", "A, B et C".
func frenchList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " et " + names[len(names)-1]
}

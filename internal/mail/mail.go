// Package mail renders and sends the e-mails of the Sésame platform.
//
// Rendering and sending are deliberately separate steps: a render function
// (Activation, Unlock, PasswordReset, IdentifierReminder) turns business data
// into a self-contained Message, and a Sender delivers it. The durable outbox
// stores the rendered Message, so a queued e-mail does not depend on database
// state or template changes at delivery time, and retries resend exactly the
// same text.
//
// Text is in French, because it is read by the platform's users; the plain
// text part and the HTML part carry the same content, so that a person whose
// mail client refuses HTML still sees every sentence and the raw link.
package mail

import (
	"context"
	"strings"
)

// Message is a rendered e-mail, ready to send; it is what the job queue
// stores, hence the exported fields with JSON tags.
type Message struct {
	// To is the recipient's bare e-mail address.
	To string `json:"to"`
	// ToName is the recipient's display name ("Claire Dupont"); may be empty.
	ToName string `json:"to_name,omitempty"`
	// Subject is the subject line, in clear UTF-8: the sender encodes it.
	Subject string `json:"subject"`
	// Text is the plain text part.
	Text string `json:"text"`
	// HTML is the HTML part; when empty, only the text part is sent.
	HTML string `json:"html,omitempty"`
}

// Sender delivers a rendered Message. Implementations must honour ctx, so
// that a job runner can bound the time spent on an unresponsive server, and
// must return an error when delivery is not certain, so that the outbox
// retries.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Person is the addressee of an e-mail, as the account model knows them.
type Person struct {
	// Email is the address the e-mail is sent to.
	Email string `json:"email"`
	// Civility is "M" or "Mme" ("M." and "Mme." are accepted too, since the
	// UI displays them with a dot).
	Civility string `json:"civility"`
	// Surname is the family name, used in the greeting.
	Surname string `json:"surname"`
	// FirstName is the given name, used in the display name of the To header.
	FirstName string `json:"first_name"`
}

// civilityWord spells the civility out as French letters do: the greeting
// reads "Bonjour Madame Dupont," and never "Bonjour Mme Dupont,".
func civilityWord(c string) string {
	switch strings.ToLower(strings.TrimSuffix(strings.TrimSpace(c), ".")) {
	case "m", "mr", "monsieur":
		return "Monsieur"
	case "mme", "madame":
		return "Madame"
	}
	return ""
}

// Greeting returns the opening line of every e-mail, "Bonjour Madame Dupont,".
// Without a known civility it falls back to the full name, then to a bare
// "Bonjour,", rather than failing: a slightly less formal greeting is better
// than an undelivered activation link.
func (p Person) Greeting() string {
	surname := strings.TrimSpace(p.Surname)
	if w := civilityWord(p.Civility); w != "" && surname != "" {
		return "Bonjour " + w + " " + surname + ","
	}
	if n := p.DisplayName(); n != "" {
		return "Bonjour " + n + ","
	}
	return "Bonjour,"
}

// DisplayName returns "FirstName Surname", used as the display name of the
// To header so that the recipient's client shows who the e-mail is for.
func (p Person) DisplayName() string {
	return strings.TrimSpace(strings.TrimSpace(p.FirstName) + " " + strings.TrimSpace(p.Surname))
}

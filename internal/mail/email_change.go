package mail

// Subjects of the e-mail change messages (F-44).
const (
	SubjectEmailChangeConfirm = "Confirmez votre nouvelle adresse électronique"
	SubjectEmailChanged       = "Votre adresse électronique a été modifiée"
)

// Registered here so the e-mail change stays in its own file (see
// access_granted.go).
func init() {
	templates["email_change_confirm"] = mustParse("email_change_confirm")
	templates["email_changed"] = mustParse("email_changed")
}

// EmailChangeConfirm renders the link sent to the NEW address: the change
// takes effect only once it is opened, which proves the address works and
// belongs to the person.
func EmailChangeConfirm(d LinkData) (Message, error) {
	return linkMail("email_change_confirm", SubjectEmailChangeConfirm, "Confirmer ma nouvelle adresse", d)
}

// EmailChangedData is the notice sent to the OLD address once the change is
// confirmed, so a hijacked account does not go unnoticed.
type EmailChangedData struct {
	To       Person // at the old address
	NewEmail string
	On       string // JJ/MM/AAAA
}

type emailChangedView struct {
	layout
	NewEmail string
	On       string
}

// EmailChanged renders the notice to the old address.
func EmailChanged(d EmailChangedData) (Message, error) {
	if err := checkPerson(d.To); err != nil {
		return Message{}, err
	}
	v := emailChangedView{layout: layout{Subject: SubjectEmailChanged, Greeting: d.To.Greeting()}, NewEmail: d.NewEmail, On: d.On}
	return render("email_changed", d.To, SubjectEmailChanged, v)
}

package sesame

import "time"

// EventKind names what an audit event records (F-27).
type EventKind string

// The kinds of events the history keeps.
const (
	EventEstablishmentCreated EventKind = "establishment.created"
	EventAccountCreated       EventKind = "account.created"
	EventAccountActivated     EventKind = "account.activated"
	EventActivationResent     EventKind = "account.activation_resent"
	EventLoginSucceeded       EventKind = "login.succeeded"
	EventLoginFailed          EventKind = "login.failed"
	EventPersonLocked         EventKind = "person.locked"
	EventPersonUnlocked       EventKind = "person.unlocked"
	EventPasswordReset        EventKind = "person.password_reset"
	EventIdentifierReminded   EventKind = "person.identifier_reminded"
	EventLoggedOut            EventKind = "login.logged_out"
)

// Label is the event kind in French, as the history shows it.
func (k EventKind) Label() string {
	switch k {
	case EventEstablishmentCreated:
		return "Création de l'établissement"
	case EventAccountCreated:
		return "Création du compte"
	case EventAccountActivated:
		return "Activation du compte"
	case EventActivationResent:
		return "Renvoi du courriel de création du mot de passe"
	case EventLoginSucceeded:
		return "Connexion"
	case EventLoginFailed:
		return "Échec de connexion"
	case EventPersonLocked:
		return "Blocage du compte"
	case EventPersonUnlocked:
		return "Déblocage du compte"
	case EventPasswordReset:
		return "Réinitialisation du mot de passe"
	case EventIdentifierReminded:
		return "Envoi de l'identifiant"
	case EventLoggedOut:
		return "Déconnexion"
	case EventAccountRenewed:
		return "Renouvellement du compte"
	case EventAccountDeleted:
		return "Suppression du compte"
	case EventAccountUpdated:
		return "Modification des coordonnées"
	case EventRightsChanged:
		return "Modification des droits"
	case EventAccountPromoted:
		return "Passage au profil Administrateur"
	case EventAccountsExported:
		return "Export de la liste des comptes"
	case EventEmailChanged:
		return "Changement d'adresse électronique"
	case EventPasswordChanged:
		return "Changement de mot de passe"
	case EventDetailsChanged:
		return "Modification de ses coordonnées"
	case EventSessionEnded:
		return "Fin d'une session"
	case EventCGUPublished:
		return "Publication des conditions générales d'utilisation"
	case EventCGUAccepted:
		return "Acceptation des conditions générales d'utilisation"
	case EventAccountExpired:
		return "Expiration du compte"
	case EventLetterSent:
		return "Envoi du courrier au représentant légal"
	case EventEstablishmentRepaired:
		return "Réparation de l'établissement"
	case EventServiceAdded:
		return "Ajout d'un service au catalogue"
	case EventServiceChanged:
		return "Modification d'un service du catalogue"
	case EventServiceRemoved:
		return "Suppression d'un service du catalogue"
	}
	return string(k)
}

// Event is one row of the history: who did what, when, from where, to whom,
// with before/after values in Detail.
type Event struct {
	ID              int64
	At              time.Time
	EstablishmentID *int64
	ActorPersonID   *int64
	ActorLabel      string // the actor's name as it was, or "Opérateur"/"Système"
	IP              string
	Kind            EventKind
	AccountID       *int64
	PersonID        *int64
	Detail          map[string]any
}

// Actor says who is acting, for authorization and for the history.
type Actor struct {
	PersonID        int64  // 0 for operators and the system
	AccountID       int64  // the acting account in EstablishmentID, 0 if none
	EstablishmentID int64  // the establishment being worked in, 0 if none
	Label           string // shown in the history
	IP              string
	Profile         Profile
}

// OperatorActor is a platform operator working from the command line.
func OperatorActor(name string) Actor {
	if name == "" {
		name = "Opérateur"
	}
	return Actor{Label: name}
}

// Ref returns a pointer to v, or nil for zero, for optional IDs.
func Ref(v int64) *int64 {
	if v == 0 {
		return nil
	}
	return &v
}

// Events of the administrator console (F-27).
const (
	EventAccountRenewed   EventKind = "account.renewed"
	EventAccountDeleted   EventKind = "account.deleted"
	EventAccountUpdated   EventKind = "account.updated"
	EventRightsChanged    EventKind = "account.rights_changed"
	EventAccountPromoted  EventKind = "account.promoted"
	EventAccountsExported EventKind = "accounts.exported"
)

// Events of the account holder's own space (F-44).
const (
	EventEmailChanged    EventKind = "person.email_changed"
	EventPasswordChanged EventKind = "person.password_changed"
	EventDetailsChanged  EventKind = "person.details_changed"
	EventSessionEnded    EventKind = "person.session_ended"
)

// Events of the terms of use (F-60).
const (
	EventCGUPublished EventKind = "cgu.published"
	EventCGUAccepted  EventKind = "cgu.accepted"
)

// Events of the platform's own work and of operators (F-50, F-70, F-80).
const (
	EventAccountExpired        EventKind = "account.expired"
	EventLetterSent            EventKind = "letter.sent"
	EventEstablishmentRepaired EventKind = "establishment.repaired"
	EventServiceAdded          EventKind = "catalogue.service_added"
	EventServiceChanged        EventKind = "catalogue.service_changed"
	EventServiceRemoved        EventKind = "catalogue.service_removed"
)

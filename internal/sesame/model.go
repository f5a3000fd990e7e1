package sesame

import "time"

// PlatformName is how the platform names itself to its users.
const PlatformName = "Sésame"

// Status is the state of an account (F-01). Pending, active, expired and
// deleted are stored; locked belongs to the person and expired is also
// derived from the expiry date, so EffectiveStatus gives what users see.
type Status string

// The account statuses of F-01.
const (
	StatusPending Status = "pending"
	StatusActive  Status = "active"
	StatusExpired Status = "expired"
	StatusLocked  Status = "locked"
	StatusDeleted Status = "deleted"
)

// Label is the status as the console shows it.
func (s Status) Label() string {
	switch s {
	case StatusPending:
		return "En attente d'activation"
	case StatusActive:
		return "Actif"
	case StatusExpired:
		return "Expiré"
	case StatusLocked:
		return "Bloqué"
	case StatusDeleted:
		return "Supprimé"
	}
	return string(s)
}

// CanLogIn reports whether an account in this status opens a session.
func (s Status) CanLogIn() bool { return s == StatusActive }

// EffectiveStatus is the status a user sees: an account past its expiry date
// is expired at once, even before the nightly job stores it (F-01), and a
// locked person's active accounts are all locked.
func EffectiveStatus(stored Status, expiresOn, today Date, personLocked bool) Status {
	switch {
	case stored == StatusDeleted || stored == StatusPending:
		return stored
	case stored == StatusExpired || (!expiresOn.IsZero() && expiresOn.Before(today)):
		return StatusExpired
	case personLocked:
		return StatusLocked
	}
	return stored
}

// Profile says whether an account administers its establishment.
type Profile string

// The two profiles of the seed.
const (
	ProfileAdmin Profile = "admin"
	ProfileUser  Profile = "user"
)

// Label is the profile as the console shows it.
func (p Profile) Label() string {
	if p == ProfileAdmin {
		return "Administrateur"
	}
	return "Utilisateur"
}

// Valid reports whether p is one of the two profiles.
func (p Profile) Valid() bool { return p == ProfileAdmin || p == ProfileUser }

// Civility is M. or Mme.
type Civility string

// The two civilities of the seed's forms.
const (
	CivilityMr  Civility = "M"
	CivilityMrs Civility = "Mme"
)

// Valid reports whether c is one of the two civilities.
func (c Civility) Valid() bool { return c == CivilityMr || c == CivilityMrs }

// Short is "M." or "Mme", as in lists.
func (c Civility) Short() string {
	if c == CivilityMrs {
		return "Mme"
	}
	return "M."
}

// Long is "Monsieur" or "Madame", as in letters and e-mails.
func (c Civility) Long() string {
	if c == CivilityMrs {
		return "Madame"
	}
	return "Monsieur"
}

// Level is what an account may do in one service.
type Level string

// The three levels of the rights table.
const (
	LevelNone  Level = "none"
	LevelRead  Level = "read"
	LevelWrite Level = "write"
)

// Label is the level as the rights table shows it.
func (l Level) Label() string {
	switch l {
	case LevelRead:
		return "Lecture seule"
	case LevelWrite:
		return "Modification"
	}
	return "Aucun accès"
}

// Valid reports whether l is one of the three levels.
func (l Level) Valid() bool { return l == LevelNone || l == LevelRead || l == LevelWrite }

// Address is a French postal address.
type Address struct {
	Street   string // one or more lines
	Postcode string
	City     string
}

// LegalRepresentative is who signs for the establishment; letters about new
// administrators are addressed to them (F-70).
type LegalRepresentative struct {
	Civility  Civility
	Surname   string
	FirstName string
	Title     string // e.g. "Maire", "Directeur général"
	Address   Address
}

// Establishment is a public employer: a commune, a hospital, a council.
type Establishment struct {
	ID             int64
	Name           string
	SIRET          string
	Address        Address
	Representative LegalRepresentative
	CreatedAt      time.Time
}

// Person is a login identity; one person may hold accounts in several
// establishments under one identifier.
type Person struct {
	ID            int64
	Identifier    string
	PasswordHash  string // empty until activation
	Civility      Civility
	Surname       string
	FirstName     string
	Email         string
	Phone         string
	FailedLogins  int
	LockedAt      *time.Time
	LastLoginAt   *time.Time
	CreatedAt     time.Time
	PasswordSetAt *time.Time
}

// Locked reports whether the person is locked out.
func (p *Person) Locked() bool { return p.LockedAt != nil }

// FullName is "Prénom Nom".
func (p *Person) FullName() string { return p.FirstName + " " + p.Surname }

// Formal is "Madame Dupont", as in e-mails.
func (p *Person) Formal() string { return p.Civility.Long() + " " + p.Surname }

// Account is a person's membership of one establishment (the seed's compte).
type Account struct {
	ID              int64
	EstablishmentID int64
	PersonID        int64
	Profile         Profile
	Department      string
	Status          Status // as stored; see EffectiveStatus
	ExpiresOn       Date
	CreatedByID     *int64 // the creating account; nil when an operator created it
	CreatedAt       time.Time
	DeletedAt       *time.Time
}

// Domain groups services in the catalogue (Carrière, Droits à pension, Cotisations).
type Domain struct {
	ID       int64
	Code     string
	Name     string
	Position int
}

// Service is one business service of the portal.
type Service struct {
	ID       int64
	DomainID int64
	Code     string
	Name     string
	URL      string
	Position int
}

// Right is a level granted on one service; absent rights mean no access.
type Right struct {
	ServiceID int64
	Level     Level
}

// TokenKind says what an e-mailed link is for.
type TokenKind string

// The kinds of e-mailed links.
const (
	TokenActivation TokenKind = "activation"
	TokenReset      TokenKind = "reset"
	TokenUnlock     TokenKind = "unlock"
	TokenEmail      TokenKind = "email_change" // confirms a new address, from that address (F-44)
)

// Validity of e-mailed links: activation 15 days (F-05); reset and unlock are
// shorter because they are asked for by someone at the keyboard.
const (
	ActivationLinkValidity = 15 * 24 * time.Hour
	ResetLinkValidity      = 2 * time.Hour
	UnlockLinkValidity     = 2 * time.Hour
	EmailLinkValidity      = 24 * time.Hour
)

// MaxFailedLogins is the default lockout threshold (F-06).
const MaxFailedLogins = 5

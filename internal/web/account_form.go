package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// accountFormRoutes registers the creation wizard (F-30) and the modify
// page (F-31). The wizard keeps no draft on the server: each step posts
// every value of the other step back in hidden fields, so an abandoned
// wizard leaves nothing behind and any instance can serve the next step.
func (s *Server) accountFormRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /etablissement/comptes/nouveau", s.admin(s.newAccountPage))
	mux.HandleFunc("POST /etablissement/comptes/nouveau", s.admin(s.newAccountStep))
	mux.HandleFunc("GET /etablissement/comptes/{id}/identifiant", s.admin(s.identifierPage))
	mux.HandleFunc("GET /etablissement/comptes/{id}/identifiant/imprimer", s.admin(s.identifierPrint))
	mux.HandleFunc("GET /etablissement/comptes/{id}", s.admin(s.editAccountPage))
	mux.HandleFunc("POST /etablissement/comptes/{id}", s.admin(s.editAccount))
}

// Form field names. The person's are the service's field names, so its
// per-field messages land next to the right input without a mapping.
var (
	personFields = []string{"profile", "civility", "surname", "first_name", "email", "email_confirm", "phone", "department"}
	// existingFields carry the answer to the existing-person offer, and the
	// e-mail it was given for: a changed e-mail asks the question again.
	existingFields = []string{"existant", "existant_pour"}
	wizardFields   = append(append([]string{}, personFields...), existingFields...)
	editFields     = append(append([]string{}, personFields...), "confirm_reuse")
)

// rightPrefix starts the name of a rights table's radio group; the
// service's code follows, so forms and tests read "droit-affiliation-cnracl".
const rightPrefix = "droit-"

// The wizard's buttons, sent as "action".
const (
	actionNext     = "suivant"
	actionPrevious = "precedent"
	actionCreate   = "creer"
	declineOffer   = "non" // "existant" when the administrator wants a new identifier
)

// personInput reads the coordinates as typed, untruncated: the service must
// judge the real input (a 10 KB name is refused, not cut to fit).
func personInput(r *http.Request) service.PersonInput {
	return service.PersonInput{
		Profile: r.PostFormValue("profile"), Civility: r.PostFormValue("civility"),
		Surname: r.PostFormValue("surname"), FirstName: r.PostFormValue("first_name"),
		Email: r.PostFormValue("email"), EmailConfirm: r.PostFormValue("email_confirm"),
		Phone: r.PostFormValue("phone"), Department: r.PostFormValue("department"),
	}
}

// ---------------------------------------------------------------------------
// Shared parts: the coordinates fields and the rights table, drawn by the
// "coordinates", "choice" and "rightsTable" partials.

// choice is a group of radio buttons in a fieldset.
type choice struct {
	Name, Legend, Value, Error, Hint string
	Options                          []option
}

// option is one radio button of a choice.
type option struct{ Value, Label string }

// ID is the prefix of the group's element ids.
func (c choice) ID() string { return "f-" + c.Name }

// coordinates is what the "coordinates" partial draws: the profile and
// identification fields, the same on the wizard's step 1 and the modify page.
type coordinates struct {
	Form *form
	// Confirm asks for the e-mail twice (creation only: the modify page's
	// e-mail change is covered by the F-09 warning instead).
	Confirm bool
	// AdminFixed shows an administrator's profile as text: demotion is
	// impossible (F-08), so the page does not even offer it.
	AdminFixed bool
	// PromoteNote says, under the profile, what making a user administrator
	// does (modify page); without it, what creating an administrator does.
	PromoteNote bool
}

// Profile is the profile's radio group.
func (c coordinates) Profile() choice {
	ch := choice{Name: "profile", Legend: "Profil du compte", Value: c.Form.Values["profile"], Error: c.Form.Errors["profile"],
		Options: []option{{string(sesame.ProfileAdmin), sesame.ProfileAdmin.Label()}, {string(sesame.ProfileUser), sesame.ProfileUser.Label()}}}
	if c.PromoteNote {
		ch.Hint = "Un utilisateur peut devenir administrateur. Le représentant légal sera informé par courrier. Le nouveau profil sera pris en compte à la prochaine connexion."
	} else {
		ch.Hint = "Si vous choisissez Administrateur, le représentant légal de l'établissement en sera informé par courrier."
	}
	return ch
}

// Civility is the civility's radio group.
func (c coordinates) Civility() choice {
	return choice{Name: "civility", Legend: "Civilité", Value: c.Form.Values["civility"], Error: c.Form.Errors["civility"],
		Options: []option{{string(sesame.CivilityMr), "Monsieur"}, {string(sesame.CivilityMrs), "Madame"}}}
}

// rightsTable is the catalogue as the "rightsTable" partial draws it: one
// table per domain, one row per service, one radio per level.
type rightsTable struct {
	Domains []rightsDomain
	Error   string
}

// rightsDomain is one collapsible table of the rights table.
type rightsDomain struct {
	ID       int64
	Name     string
	Services []rightsRow
}

// rightsRow is one service with the level chosen for it.
type rightsRow struct {
	Code  string
	Name  string
	Level sesame.Level
}

// Field is the name of the row's radio group.
func (r rightsRow) Field() string { return rightPrefix + r.Code }

// Levels are the table's columns, in the seed's order.
func (rightsTable) Levels() []sesame.Level {
	return []sesame.Level{sesame.LevelNone, sesame.LevelRead, sesame.LevelWrite}
}

// newRightsTable lays the catalogue out with each service's level.
func newRightsTable(cat *store.Catalogue, level func(sesame.Service) sesame.Level) rightsTable {
	var t rightsTable
	for _, d := range cat.Domains {
		rd := rightsDomain{ID: d.ID, Name: d.Name}
		for _, svc := range cat.ServicesOf(d.ID) {
			rd.Services = append(rd.Services, rightsRow{Code: svc.Code, Name: svc.Name, Level: level(svc)})
		}
		t.Domains = append(t.Domains, rd)
	}
	return t
}

// postedLevel reads a service's level from the form; an absent answer is
// no access, so a service added to the catalogue meanwhile grants nothing.
// A forged level is passed on for the service to refuse.
func postedLevel(r *http.Request) func(sesame.Service) sesame.Level {
	return func(svc sesame.Service) sesame.Level {
		if v := r.PostFormValue(rightPrefix + svc.Code); v != "" {
			return sesame.Level(v)
		}
		return sesame.LevelNone
	}
}

// postedRights reads the rights table of a form, for every service of the
// catalogue; fields naming no service are ignored.
func postedRights(r *http.Request, cat *store.Catalogue) []sesame.Right {
	level := postedLevel(r)
	rights := make([]sesame.Right, 0, len(cat.Services))
	for _, svc := range cat.Services {
		rights = append(rights, sesame.Right{ServiceID: svc.ID, Level: level(svc)})
	}
	return rights
}

// hidden is a value carried to the other step of the wizard.
type hidden struct{ Name, Value string }

// isPersonError reports whether err is about a field of the coordinates,
// which belong to step 1 (or the "Ses coordonnées" section).
func isPersonError(err error) bool {
	for k := range sesame.FieldErrors(err) {
		for _, f := range personFields {
			if k == f {
				return true
			}
		}
	}
	return false
}

// accountID reads the {id} of the path; anything else is a page that does
// not exist.
func accountID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// ---------------------------------------------------------------------------
// The creation wizard (F-30).

// wizardData is the wizard's page, at step 1 or 2.
type wizardData struct {
	Step   int
	Coords coordinates
	// Offer lists the persons who already use the typed e-mail elsewhere,
	// while the administrator has not answered; OfferFor is that e-mail.
	Offer    []service.ExistingPerson
	OfferFor string
	// Chosen is the person the administrator accepted to add (step 2).
	Chosen *service.ExistingPerson
	Who    string // "Mme Céline Martin", for step 2's heading
	Rights rightsTable
	Hidden []hidden
}

func (s *Server) newAccountPage(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	f := &form{Values: map[string]string{}, Errors: map[string]string{}}
	s.wizardStep1(w, r, http.StatusOK, f, nil)
}

// newAccountStep handles every button of the wizard: "Suivant" (and the
// answers to the existing-person offer) check step 1, "Précédent" returns
// to it with everything kept, "Créer" creates.
func (s *Server) newAccountStep(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	f := newForm(r, wizardFields...)
	if r.PostFormValue("action") == actionPrevious {
		s.wizardStep1(w, r, http.StatusOK, f, nil)
		return
	}
	actor := sess.Actor(clientIP(r))
	check, err := s.svc.CheckPerson(r.Context(), actor, personInput(r))
	if err != nil && sesame.ErrorCode(err) != sesame.EInvalid {
		s.fail(w, r, err)
		return
	}
	chosen, decided := answer(f, check)
	if err != nil || !decided {
		status := http.StatusOK // an offer to answer is not an error
		if err != nil {
			f.fail(err)
			status = statusOf(err)
		}
		var offer []service.ExistingPerson
		if !decided {
			offer = check.Existing
		}
		s.wizardStep1(w, r, status, f, offer)
		return
	}
	if r.PostFormValue("action") != actionCreate {
		s.wizardStep2(w, r, http.StatusOK, f, chosen, "")
		return
	}
	s.createAccount(w, r, sess, f, chosen)
}

// answer resolves the administrator's answer to the existing-person offer
// for the e-mail typed now. decided is false while an offer is due.
func answer(f *form, check *service.PersonCheck) (chosen *service.ExistingPerson, decided bool) {
	if check == nil || len(check.Existing) == 0 {
		return nil, true
	}
	if sesame.Fold(strings.TrimSpace(f.Values["existant_pour"])) != sesame.Fold(strings.TrimSpace(f.Values["email"])) {
		return nil, false // the answer was about another e-mail, or there was none
	}
	if f.Values["existant"] == declineOffer {
		return nil, true
	}
	for i, e := range check.Existing {
		if strconv.FormatInt(e.PersonID, 10) == f.Values["existant"] {
			return &check.Existing[i], true
		}
	}
	return nil, false
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request, sess *service.Session, f *form, chosen *service.ExistingPerson) {
	cat, err := s.svc.Catalogue(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	actor, in, rights := sess.Actor(clientIP(r)), personInput(r), postedRights(r, cat)
	var na *service.NewAccount
	if chosen != nil {
		na, err = s.svc.AddExistingPerson(r.Context(), actor, service.ExistingPersonInput{PersonID: chosen.PersonID,
			Email: in.Email, Profile: in.Profile, Department: in.Department}, rights)
	} else {
		na, err = s.svc.CreateAccount(r.Context(), actor, in, rights)
	}
	switch {
	case err == nil:
		redirect(w, r, "/etablissement/comptes/"+strconv.FormatInt(na.Account.ID, 10)+"/identifiant?nouveau=1")
	case isPersonError(err):
		f.fail(err)
		s.wizardStep1(w, r, statusOf(err), f, nil)
	case sesame.ErrorCode(err) == sesame.EInvalid:
		s.wizardStep2(w, r, statusOf(err), f, chosen, sesame.FieldErrors(err)["rights"])
	default:
		s.fail(w, r, err)
	}
}

// wizardStep1 shows the coordinates, with the rights chosen so far kept in
// hidden fields for the way back to step 2.
func (s *Server) wizardStep1(w http.ResponseWriter, r *http.Request, status int, f *form, offer []service.ExistingPerson) {
	d := wizardData{Step: 1, Coords: coordinates{Form: f, Confirm: true}, Offer: offer}
	if len(offer) > 0 {
		d.OfferFor = f.Values["email"]
	} else if f.Values["existant"] != "" {
		d.Hidden = append(d.Hidden, hidden{"existant", f.Values["existant"]}, hidden{"existant_pour", f.Values["existant_pour"]})
	}
	if r.Method == http.MethodPost {
		cat, err := s.svc.Catalogue(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		level := postedLevel(r)
		for _, svc := range cat.Services {
			if l := level(svc); l != sesame.LevelNone {
				d.Hidden = append(d.Hidden, hidden{rightPrefix + svc.Code, string(l)})
			}
		}
	}
	s.render(w, r, status, "account_new", view{Title: "Créer un compte — Etape 1", Form: f, Data: d})
}

// wizardStep2 shows the rights table, with step 1's values in hidden fields.
func (s *Server) wizardStep2(w http.ResponseWriter, r *http.Request, status int, f *form, chosen *service.ExistingPerson, rightsError string) {
	cat, err := s.svc.Catalogue(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := wizardData{Step: 2, Chosen: chosen, Rights: newRightsTable(cat, postedLevel(r))}
	d.Rights.Error = rightsError
	d.Who = sesame.Civility(f.Values["civility"]).Short() + " " + strings.TrimSpace(f.Values["first_name"]) + " " + strings.TrimSpace(f.Values["surname"])
	if chosen != nil {
		d.Who = chosen.Name()
	}
	for _, name := range wizardFields {
		if f.Values[name] != "" {
			d.Hidden = append(d.Hidden, hidden{name, f.Values[name]})
		}
	}
	s.render(w, r, status, "account_new", view{Title: "Créer un compte — Etape 2", Form: f, Data: d})
}

// ---------------------------------------------------------------------------
// Step 3: the identifier to hand over, aloud and on paper.

// identifierData is the identifier page and its printable version.
type identifierData struct {
	*service.AccountDetail
	Establishment string
	New           bool   // reached from the wizard: show it as step 3
	Today         string // the printed sheet's date
}

// Holder is "M. Jean Louty", as in the seed's "Identifiant de : M. Jean Louty".
func (d identifierData) Holder() string {
	return d.Person.Civility.Short() + " " + d.Person.FirstName + " " + d.Person.Surname
}

// Spelled is the identifier in the French spelling alphabet, for reading
// it over the phone or for anyone without speech synthesis.
func (d identifierData) Spelled() string { return spellIdentifier(d.Person.Identifier) }

// Speech is what "Version sonore" says: one character at a time, letters
// as letters and digits as digits, commas making the pauses.
func (d identifierData) Speech() string { return speakIdentifier(d.Person.Identifier) }

// Pending reports whether the holder still has to create their password.
func (d identifierData) Pending() bool { return d.Status == sesame.StatusPending }

// spellingWords is the traditional French spelling alphabet ("J comme
// Joseph"), the one people know from the telephone.
var spellingWords = map[rune]string{
	'A': "Anatole", 'B': "Berthe", 'C': "Célestin", 'D': "Désiré", 'E': "Eugène", 'F': "François", 'G': "Gaston",
	'H': "Henri", 'I': "Irma", 'J': "Joseph", 'K': "Kléber", 'L': "Louis", 'M': "Marcel", 'N': "Nicolas", 'O': "Oscar",
	'P': "Pierre", 'Q': "Quintal", 'R': "Raoul", 'S': "Suzanne", 'T': "Thérèse", 'U': "Ursule", 'V': "Victor",
	'W': "William", 'X': "Xavier", 'Y': "Yvonne", 'Z': "Zoé",
}

var digitWords = [...]string{"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"}

// spellIdentifier gives "J comme Joseph, L comme Louis, O comme Oscar, zéro, …".
func spellIdentifier(id string) string {
	parts := make([]string, 0, len(id))
	for _, c := range strings.ToUpper(id) {
		switch {
		case spellingWords[c] != "":
			parts = append(parts, string(c)+" comme "+spellingWords[c])
		case c >= '0' && c <= '9':
			parts = append(parts, digitWords[c-'0'])
		default:
			parts = append(parts, string(c))
		}
	}
	return strings.Join(parts, ", ")
}

// speakIdentifier gives "J, L, O, zéro, zéro, zéro, 4, 3, 9". Zero is
// written out because a synthesiser may read a lone "0" as the letter O.
func speakIdentifier(id string) string {
	parts := make([]string, 0, len(id))
	for _, c := range strings.ToUpper(id) {
		if c == '0' {
			parts = append(parts, digitWords[0])
		} else {
			parts = append(parts, string(c))
		}
	}
	return strings.Join(parts, ", ")
}

func (s *Server) identifierData(w http.ResponseWriter, r *http.Request, sess *service.Session) (identifierData, bool) {
	id, ok := accountID(r)
	if !ok {
		s.notFound(w, r)
		return identifierData{}, false
	}
	d, err := s.svc.Account(r.Context(), sess.Actor(clientIP(r)), id)
	if err != nil {
		s.fail(w, r, err) // another establishment's account is not found: 404
		return identifierData{}, false
	}
	return identifierData{AccountDetail: d, Establishment: sess.Current.EstablishmentName, New: r.URL.Query().Get("nouveau") == "1",
		Today: sesame.DateOf(s.svc.Clock().Now()).French()}, true
}

func (s *Server) identifierPage(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	if d, ok := s.identifierData(w, r, sess); ok {
		s.render(w, r, http.StatusOK, "account_identifier", view{Title: "Identifiant de " + d.Holder(), Data: d})
	}
}

func (s *Server) identifierPrint(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	if d, ok := s.identifierData(w, r, sess); ok {
		s.render(w, r, http.StatusOK, "account_print", view{Title: "Imprimer l'identifiant de " + d.Holder(), Data: d})
	}
}

// ---------------------------------------------------------------------------
// The modify page (F-31). After "Appliquer les modifications" the page is
// shown again, freshly read, with a status listing what changed: the
// administrator sees the result where they acted and can go on editing;
// the list is one link away.

// editData is the modify page.
type editData struct {
	Detail *service.AccountDetail
	Coords coordinates
	Rights rightsTable
	// Reuse shows the F-09 confirmation box: the service asked for it, or
	// it was ticked and must stay so while other errors are fixed.
	Reuse      bool
	ReuseError string
	Applied    bool     // the change went through
	Changes    []string // what it changed, for the status message
}

// Holder is "Mme Céline Martin".
func (d editData) Holder() string {
	return d.Detail.Person.Civility.Short() + " " + d.Detail.Person.FirstName + " " + d.Detail.Person.Surname
}

// Expired reports whether only renewal is possible (F-24).
func (d editData) Expired() bool { return d.Detail.Status == sesame.StatusExpired }

// detailForm fills the modify form with the account as stored.
func detailForm(d *service.AccountDetail) *form {
	p := d.Person
	return &form{Errors: map[string]string{}, Values: map[string]string{
		"profile": string(d.Account.Profile), "civility": string(p.Civility), "surname": p.Surname, "first_name": p.FirstName,
		"email": p.Email, "phone": p.Phone, "department": d.Account.Department,
	}}
}

func (s *Server) editAccountPage(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	id, ok := accountID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	d, err := s.svc.Account(r.Context(), sess.Actor(clientIP(r)), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cat, err := s.svc.Catalogue(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderEdit(w, r, http.StatusOK, cat, d, detailForm(d), storedLevel(d), nil)
}

// storedLevel gives the account's level for each service, as stored.
func storedLevel(d *service.AccountDetail) func(sesame.Service) sesame.Level {
	return func(svc sesame.Service) sesame.Level { return d.Level(svc.ID) }
}

func (s *Server) editAccount(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	id, ok := accountID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	actor := sess.Actor(clientIP(r))
	before, err := s.svc.Account(r.Context(), actor, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cat, err := s.svc.Catalogue(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := newForm(r, editFields...)
	if before.Status == sesame.StatusExpired {
		s.renderEdit(w, r, http.StatusConflict, cat, before, f, postedLevel(r), nil)
		return
	}
	after, err := s.svc.UpdateAccount(r.Context(), actor, id, service.AccountUpdate{
		Person: personInput(r), Rights: postedRights(r, cat), ConfirmReuse: r.PostFormValue("confirm_reuse") == "1"})
	switch {
	case err == nil:
		s.renderEdit(w, r, http.StatusOK, cat, after, detailForm(after), storedLevel(after), describeChanges(before, after, cat))
	case sesame.ErrorCode(err) == sesame.EInvalid:
		f.fail(err)
		s.renderEdit(w, r, statusOf(err), cat, before, f, postedLevel(r), nil)
	default:
		s.fail(w, r, err)
	}
}

// renderEdit draws the modify page; changes is non-nil after a success.
func (s *Server) renderEdit(w http.ResponseWriter, r *http.Request, status int, cat *store.Catalogue, d *service.AccountDetail,
	f *form, level func(sesame.Service) sesame.Level, changes []string) {
	e := editData{Detail: d, Rights: newRightsTable(cat, level), Applied: changes != nil, Changes: changes,
		Coords: coordinates{Form: f, AdminFixed: d.Account.Profile == sesame.ProfileAdmin, PromoteNote: true}}
	e.Rights.Error = f.Errors["rights"]
	e.ReuseError = f.Errors["confirm_reuse"]
	e.Reuse = e.ReuseError != "" || (f.Values["confirm_reuse"] == "1" && len(f.Errors) > 0)
	s.render(w, r, status, "account_edit", view{Title: "Modifier le compte de " + e.Holder(), Form: f, Data: e})
}

// describeChanges lists, in French, what an update changed; an empty,
// non-nil list means nothing changed.
func describeChanges(before, after *service.AccountDetail, cat *store.Catalogue) []string {
	out := []string{}
	add := func(label, b, a string) {
		if b != a {
			if b == "" {
				b = "(vide)"
			}
			if a == "" {
				a = "(vide)"
			}
			out = append(out, label+" : "+b+" → "+a)
		}
	}
	bp, ap := before.Person, after.Person
	add("Profil", before.Account.Profile.Label(), after.Account.Profile.Label())
	add("Civilité", bp.Civility.Long(), ap.Civility.Long())
	add("Nom", bp.Surname, ap.Surname)
	add("Prénom", bp.FirstName, ap.FirstName)
	add("Courriel", bp.Email, ap.Email)
	add("Téléphone fixe", bp.Phone, ap.Phone)
	add("Service d'appartenance et/ou fonction", before.Account.Department, after.Account.Department)
	for _, svc := range cat.Services {
		add(svc.Name, before.Level(svc.ID).Label(), after.Level(svc.ID).Label())
	}
	return out
}

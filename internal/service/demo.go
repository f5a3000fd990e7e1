package service

import (
	"context"
	"fmt"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// DemoSIRET identifies the demo establishment, so `sesame demo` recognises a
// store it already filled.
const DemoSIRET = "21330394500017"

// DemoPassword is the demo administrator's password, printed by `sesame demo`.
const DemoPassword = "Bordeaux-Vignes-33!"

// DemoResult says how to log in to the demo.
type DemoResult struct {
	Establishment   *sesame.Establishment
	AdminIdentifier string
	Created         bool // false when the store already held the demo
}

// demoPeople are the demo's colleagues: the seed's names first (Céline and
// Celine for accent-insensitive search), then common French names.
var demoPeople = []struct{ civ, first, last, dept string }{
	{"Mme", "Céline", "Martin", "Ressources Humaines"}, {"Mme", "Celine", "Bernard", "ressources humaines"},
	{"Mme", "Delphine", "Thomas", ""}, {"Mme", "Myriam", "Petit", "Ressources humaines"},
	{"Mme", "Sonia", "Robert", "Ressources Humaines"}, {"Mme", "Krystel", "Richard", "Finances"},
	{"M", "Jean", "Louty", "DMN"}, {"M", "Fernand", "Louty", "DMN"}, {"Mme", "Séverine", "Puythorec", "SGI851 - chantier C1"},
	{"M", "Hervé", "Durand", "DSI"}, {"Mme", "Hélène", "Lefèvre", "Paie"}, {"M", "François", "Moreau", "Paie"},
	{"M", "Jérôme", "Simon", "Services techniques"}, {"Mme", "Émilie", "Laurent", "État civil"}, {"M", "Noël", "Michel", "Urbanisme"},
	{"Mme", "Françoise", "Garcia", "Ressources humaines"}, {"M", "Loïc", "David", "Informatique"}, {"Mme", "Chloé", "Bertrand", "Finances"},
	{"M", "Benoît", "Roux", "Carrières"}, {"Mme", "Maëlle", "Vincent", "Carrières"}, {"M", "Stéphane", "Fournier", "Retraites"},
	{"Mme", "Agnès", "Morel", "Retraites"}, {"M", "Grégoire", "Girard", "Affaires scolaires"}, {"Mme", "Inès", "André", "Affaires scolaires"},
	{"M", "Cédric", "Lefebvre", "Police municipale"}, {"Mme", "Zoé", "Mercier", "Culture"}, {"M", "Raphaël", "Dupont", "Sports"},
	{"Mme", "Léa", "Lambert", "Communication"}, {"M", "Théo", "Bonnet", "Communication"}, {"Mme", "Anaïs", "François", "Ressources humaines"},
	{"M", "Mathéo", "Martinez", "Finances"}, {"Mme", "Clémence", "Legrand", "Juridique"}, {"M", "Étienne", "Garnier", "Juridique"},
	{"Mme", "Béatrice", "Faure", "CCAS"}, {"M", "Rémi", "Rousseau", "CCAS"}, {"Mme", "Ophélie", "Blanc", "Crèche"},
	{"M", "Joël", "Guérin", "Espaces verts"}, {"Mme", "Solène", "Muller", "Accueil"}, {"M", "Aurélien", "Henry", "Accueil"},
	{"Mme", "Gaëlle", "Roussel", "Archives"},
}

// demoStatus spreads the demo over every status of F-01.
func demoStatus(i int) sesame.Status {
	switch {
	case i >= 36:
		return sesame.StatusDeleted
	case i >= 32:
		return sesame.StatusLocked
	case i >= 26:
		return sesame.StatusExpired
	case i >= 20:
		return sesame.StatusPending
	}
	return sesame.StatusActive
}

// SeedDemo fills an empty store with a demo establishment: an administrator
// who can log in with DemoPassword, and about 40 colleagues in every status.
// On a store that already holds it, it only says how to log in.
func (s *Service) SeedDemo(ctx context.Context) (*DemoResult, error) {
	q := s.store.Read()
	if est, err := q.EstablishmentBySIRET(ctx, DemoSIRET); err == nil {
		admins, err := q.ActiveAdministrators(ctx, est.ID, s.today())
		if err != nil || len(admins) == 0 {
			return nil, fmt.Errorf("the demo establishment has no active administrator left")
		}
		p, err := q.Person(ctx, admins[0].PersonID)
		if err != nil {
			return nil, err
		}
		return &DemoResult{Establishment: est, AdminIdentifier: p.Identifier}, nil
	}
	hash, err := s.hasher.Hash(ctx, DemoPassword)
	if err != nil {
		return nil, err
	}
	res := &DemoResult{Created: true}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		est := &sesame.Establishment{Name: "COMMUNE DE SAINT-ÉMILION", SIRET: DemoSIRET, CreatedAt: s.now(),
			Address: sesame.Address{Street: "Place Pioceau", Postcode: "33330", City: "Saint-Émilion"},
			Representative: sesame.LegalRepresentative{Civility: sesame.CivilityMrs, Surname: "Dubois", FirstName: "Claire", Title: "Maire",
				Address: sesame.Address{Street: "Hôtel de ville, place Pioceau", Postcode: "33330", City: "Saint-Émilion"}}}
		if err := tx.CreateEstablishment(ctx, est); err != nil {
			return err
		}
		res.Establishment = est
		cat, err := tx.Catalogue(ctx)
		if err != nil {
			return err
		}
		admin, err := s.demoAccount(ctx, tx, est, cat, "Mme", "Anne", "Gueriot", "Direction générale", sesame.ProfileAdmin, sesame.StatusActive, 0, hash)
		if err != nil {
			return err
		}
		res.AdminIdentifier = admin.Identifier
		for i, d := range demoPeople {
			profile := sesame.ProfileUser
			if i == 2 || i == 3 {
				profile = sesame.ProfileAdmin // the seed's list shows Delphine and Myriam as administrators
			}
			if _, err := s.demoAccount(ctx, tx, est, cat, d.civ, d.first, d.last, d.dept, profile, demoStatus(i), i, hash); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, sesame.OperatorActor("Démonstration"), sesame.EventEstablishmentCreated, est.ID, 0, 0,
			map[string]any{"name": est.Name, "demo": true})
	})
	return res, err
}

// demoAccount creates one demo person and account in the given status, with
// a varied expiry date, last login and rights.
func (s *Service) demoAccount(ctx context.Context, tx *store.Tx, est *sesame.Establishment, cat *store.Catalogue,
	civ, first, last, dept string, profile sesame.Profile, status sesame.Status, i int, hash string) (*sesame.Person, error) {
	n, err := tx.NextIdentifierNumber(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	p := &sesame.Person{Identifier: sesame.FormatIdentifier(sesame.IdentifierPrefix(first, last), n), Civility: sesame.Civility(civ),
		Surname: last, FirstName: first, Email: demoEmail(first, last, i), CreatedAt: now}
	if status != sesame.StatusPending {
		p.PasswordHash = hash
	}
	if err := tx.CreatePerson(ctx, p); err != nil {
		return nil, err
	}
	today := s.today()
	expires := today.AddMonthsClamped(1 + i%17).AddDays(i % 27)
	stored := status
	switch status {
	case sesame.StatusExpired:
		expires, stored = today.AddDays(-3-20*(i%5)), sesame.StatusActive // past its date: expired at once (F-01)
	case sesame.StatusLocked:
		stored = sesame.StatusActive
	}
	a := &sesame.Account{EstablishmentID: est.ID, PersonID: p.ID, Profile: profile, Department: dept, Status: stored,
		ExpiresOn: expires, CreatedAt: now.Add(-time.Duration(i) * 24 * time.Hour)}
	if err := tx.CreateAccount(ctx, a, p); err != nil {
		return nil, err
	}
	var rights []sesame.Right
	for j, svc := range cat.Services {
		if profile == sesame.ProfileAdmin || (i+j)%3 == 0 {
			rights = append(rights, sesame.Right{ServiceID: svc.ID, Level: []sesame.Level{sesame.LevelWrite, sesame.LevelRead}[(i+j)%2]})
		}
	}
	if err := tx.SetRights(ctx, a.ID, rights); err != nil {
		return nil, err
	}
	if status != sesame.StatusPending {
		if err := tx.RecordLoginSuccess(ctx, p.ID, now.Add(-time.Duration(i*37)*time.Hour)); err != nil {
			return nil, err
		}
	}
	switch status {
	case sesame.StatusLocked:
		for range s.cfg.MaxFailedLogins {
			if _, _, err := tx.RecordLoginFailure(ctx, p.ID, s.cfg.MaxFailedLogins, now); err != nil {
				return nil, err
			}
		}
	case sesame.StatusDeleted:
		if err := tx.SetAccountStatus(ctx, a.ID, sesame.StatusDeleted, now); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func demoEmail(first, last string, i int) string {
	local := sesame.Fold(first) + "." + sesame.Fold(last)
	if i%7 == 3 {
		local += fmt.Sprint(i)
	}
	clean := make([]rune, 0, len(local))
	for _, r := range local {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '.' {
			clean = append(clean, r)
		}
	}
	return string(clean) + "@saint-emilion.example"
}

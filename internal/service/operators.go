package service

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// Repair: an establishment left without an active administrator (all
// expired, locked, deleted…) cannot help itself, since only administrators
// manage accounts; an operator gives it one back, either by reactivating
// one of its accounts or by creating a new administrator.

// RepairResult says what a repair did, in French, one action per line.
type RepairResult struct {
	Person  *sesame.Person
	Account *sesame.Account
	Actions []string
}

// repair runs fn in one transaction once it has checked, with the
// establishment locked, that the establishment has no active
// administrator: a repair is for a stuck establishment, and refusing
// otherwise keeps an operator's mistyped number from promoting someone
// elsewhere. The repair is recorded in the establishment's history.
func (s *Service) repair(ctx context.Context, actor sesame.Actor, establishmentID int64, method string,
	fn func(tx *store.Tx, est *sesame.Establishment) (*RepairResult, error)) (*RepairResult, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	var res *RepairResult
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.LockEstablishment(ctx, establishmentID); err != nil {
			return err
		}
		est, err := tx.Establishment(ctx, establishmentID)
		if err != nil {
			return err
		}
		if err := refuseIfAdministered(ctx, tx, est, s.today()); err != nil {
			return err
		}
		if res, err = fn(tx, est); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, sesame.EventEstablishmentRepaired, est.ID, res.Account.ID, res.Person.ID, map[string]any{
			"method": method, "identifier": res.Person.Identifier, "actions": res.Actions,
		})
	})
	return res, err
}

// refuseIfAdministered refuses a repair of an establishment that has an
// active administrator, naming three of them (a hospital may have a
// thousand) and counting the others.
func refuseIfAdministered(ctx context.Context, tx *store.Tx, est *sesame.Establishment, today sesame.Date) error {
	const named = 3
	admins, err := tx.FirstActiveAdministrators(ctx, est.ID, today, named)
	if err != nil || len(admins) == 0 {
		return err
	}
	names := make([]string, len(admins))
	for i, a := range admins {
		names[i] = a.Formal()
	}
	who := strings.Join(names, ", ")
	if len(admins) == named {
		all, err := tx.CountActiveAdministrators(ctx, est.ID, today, math.MaxInt32)
		if err != nil {
			return err
		}
		switch others := all - named; {
		case others == 1:
			who += " et 1 autre"
		case others > 1:
			who += fmt.Sprintf(" et %d autres", others)
		}
	}
	return sesame.Errorf(sesame.EConflict, "L'établissement %s a déjà un administrateur actif (%s) : il n'y a rien à réparer ; c'est à lui de gérer les comptes.",
		est.Name, who)
}

// RepairByReactivation gives an establishment without an active
// administrator one back from one of its own accounts (operators): an
// expired account is renewed, a locked person unlocked, a user promoted
// (with the letter to the legal representative), and a never-activated
// account gets a new activation link. Each step is recorded in the history
// under the operator's name, as if an administrator had done it.
func (s *Service) RepairByReactivation(ctx context.Context, actor sesame.Actor, establishmentID, accountID int64) (*RepairResult, error) {
	return s.repair(ctx, actor, establishmentID, "reactivation", func(tx *store.Tx, est *sesame.Establishment) (*RepairResult, error) {
		d, err := s.accountDetail(ctx, tx.Q, est.ID, accountID)
		if err != nil {
			return nil, err
		}
		a, p := d.Account, d.Person
		res := &RepairResult{Person: p, Account: a}
		today := s.today()
		if a.Status == sesame.StatusExpired || a.ExpiresOn.Before(today) {
			until := sesame.ExpiryFrom(today, s.cfg.ValidityMonths)
			if err := tx.RenewAccount(ctx, a.ID, until); err != nil {
				return nil, err
			}
			if err := s.record(ctx, tx, actor, sesame.EventAccountRenewed, est.ID, a.ID, p.ID, map[string]any{
				"expires_on": map[string]string{"before": a.ExpiresOn.String(), "after": until.String()}}); err != nil {
				return nil, err
			}
			res.Actions = append(res.Actions, "compte renouvelé jusqu'au "+until.French())
		}
		if p.Locked() {
			if err := tx.Unlock(ctx, p.ID); err != nil {
				return nil, err
			}
			if err := s.record(ctx, tx, actor, sesame.EventPersonUnlocked, est.ID, a.ID, p.ID, nil); err != nil {
				return nil, err
			}
			res.Actions = append(res.Actions, "personne débloquée")
		}
		if a.Profile != sesame.ProfileAdmin {
			if err := s.promote(ctx, tx, actor, est, d); err != nil {
				return nil, err
			}
			res.Actions = append(res.Actions, "profil Administrateur attribué (courrier au représentant légal à envoyer)")
		}
		if a.Status == sesame.StatusPending {
			if err := s.record(ctx, tx, actor, sesame.EventActivationResent, est.ID, a.ID, p.ID, map[string]any{"email": p.Email}); err != nil {
				return nil, err
			}
			if err := s.sendActivation(ctx, tx, p, a, est, true); err != nil {
				return nil, err
			}
			res.Actions = append(res.Actions, "nouveau lien de création du mot de passe envoyé à "+p.Email)
		}
		if len(res.Actions) == 0 {
			// Not expired, not locked, administrator, active: then it was
			// counted as an active administrator above.
			return nil, sesame.Errorf(sesame.EConflict, "Ce compte n'a rien à réactiver.")
		}
		if res.Account, err = tx.Account(ctx, est.ID, a.ID); err != nil {
			return nil, err
		}
		return res, nil
	})
}

// RepairWithNewAdministrator gives an establishment without an active
// administrator a new one (operators): a new identifier with every service
// at "Modification", the activation mail and the letter to the legal
// representative, as for a first administrator.
func (s *Service) RepairWithNewAdministrator(ctx context.Context, actor sesame.Actor, establishmentID int64, in PersonInput) (*RepairResult, error) {
	in.Profile = string(sesame.ProfileAdmin)
	return s.repair(ctx, actor, establishmentID, "creation", func(tx *store.Tx, est *sesame.Establishment) (*RepairResult, error) {
		rights, err := fullRights(ctx, tx.Q)
		if err != nil {
			return nil, err
		}
		na, err := s.createAccount(ctx, tx, actor, est, in, rights)
		if err != nil {
			return nil, err
		}
		return &RepairResult{Person: na.Person, Account: na.Account, Actions: []string{
			"administrateur créé, en attente d'activation ; courriel de création du mot de passe envoyé à " + na.Person.Email,
			"courrier au représentant légal à envoyer",
		}}, nil
	})
}

// fullRights is "Modification" on every service of the catalogue, what an
// operator's administrator starts with (docs/RULES.md).
func fullRights(ctx context.Context, q *store.Q) ([]sesame.Right, error) {
	cat, err := q.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	rights := make([]sesame.Right, len(cat.Services))
	for i, svc := range cat.Services {
		rights[i] = sesame.Right{ServiceID: svc.ID, Level: sesame.LevelWrite}
	}
	return rights, nil
}

// The service catalogue (F-80) is data: operators add, rename, move and
// remove services; each change is one transaction with its history row
// (platform-wide, so with no establishment).

// ServiceInput describes a service of the catalogue.
type ServiceInput struct {
	Domain   string // the domain's code, e.g. "carriere"
	Code     string // stable identifier, e.g. "affiliation-cnracl"
	Name     string // as the rights table shows it
	URL      string // where the portal sends people for it
	Position int    // 1 for first in its domain; 0 for last
}

var serviceCode = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

const (
	msgServiceCode  = "Le code ne contient que des lettres minuscules sans accent, des chiffres et des tirets, par exemple affiliation-cnracl (60 caractères au plus)."
	msgServiceTaken = "Un service porte déjà ce code."
	msgServiceURL   = "Saisissez l'adresse complète du service, commençant par https://."
	msgPosition     = "La position est un nombre à partir de 1 (0 pour la dernière place)."
)

// checkServiceURL is "" for an absolute http(s) URL of reasonable length.
func checkServiceURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(raw) > maxAddressRunes {
		return msgServiceURL
	}
	return ""
}

// AddCatalogueService adds a service to a domain of the catalogue
// (operators); it appears in every rights table at once, at "Aucun accès"
// for every account.
func (s *Service) AddCatalogueService(ctx context.Context, actor sesame.Actor, in ServiceInput) (*sesame.Service, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	svc := &sesame.Service{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name), URL: strings.TrimSpace(in.URL)}
	var v sesame.Validation
	if len(svc.Code) > 60 || !serviceCode.MatchString(svc.Code) {
		v.Check("code", msgServiceCode)
	}
	v.Check("name", requiredText(svc.Name, maxTextRunes))
	v.Check("url", checkServiceURL(svc.URL))
	if in.Position < 0 {
		v.Check("position", msgPosition)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ServiceByCode(ctx, svc.Code); err == nil {
			return &sesame.Error{Code: sesame.EInvalid, Message: msgServiceTaken, Fields: map[string]string{"code": msgServiceTaken}}
		} else if sesame.ErrorCode(err) != sesame.ENotFound {
			return err
		}
		d, err := s.domainField(ctx, tx.Q, in.Domain)
		if err != nil {
			return err
		}
		svc.DomainID, svc.Position = d.ID, 1<<30 // placed by placeService
		if err := tx.AddService(ctx, svc); err != nil {
			return err
		}
		if err := s.placeService(ctx, tx, svc, d.ID, in.Position); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, sesame.EventServiceAdded, 0, 0, 0, map[string]any{
			"code": svc.Code, "name": svc.Name, "url": svc.URL, "domain": d.Name})
	})
	if err != nil {
		return nil, err
	}
	return svc, nil
}

// RenameCatalogueService changes a service's name (operators); rights are
// kept, since they point at the service, not at its name.
func (s *Service) RenameCatalogueService(ctx context.Context, actor sesame.Actor, code, name string) (*sesame.Service, error) {
	name = strings.TrimSpace(name)
	var v sesame.Validation
	v.Check("name", requiredText(name, maxTextRunes))
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.changeService(ctx, actor, sesame.EventServiceChanged, code, func(tx *store.Tx, svc *sesame.Service) (map[string]any, error) {
		before := svc.Name
		svc.Name = name
		return map[string]any{"name": map[string]string{"before": before, "after": name}}, tx.UpdateService(ctx, svc)
	})
}

// MoveCatalogueService moves a service to a place in a domain, its own or
// another (operators): position 1 is first, 0 is last.
func (s *Service) MoveCatalogueService(ctx context.Context, actor sesame.Actor, code, domain string, position int) (*sesame.Service, error) {
	if position < 0 {
		return nil, &sesame.Error{Code: sesame.EInvalid, Message: msgPosition, Fields: map[string]string{"position": msgPosition}}
	}
	return s.changeService(ctx, actor, sesame.EventServiceChanged, code, func(tx *store.Tx, svc *sesame.Service) (map[string]any, error) {
		before, err := s.domainName(ctx, tx.Q, svc.DomainID)
		if err != nil {
			return nil, err
		}
		d, err := s.domainField(ctx, tx.Q, domain)
		if err != nil {
			return nil, err
		}
		beforePos := svc.Position
		if err := s.placeService(ctx, tx, svc, d.ID, position); err != nil {
			return nil, err
		}
		return map[string]any{
			"domain":   map[string]string{"before": before, "after": d.Name},
			"position": map[string]string{"before": fmt.Sprint(beforePos), "after": fmt.Sprint(svc.Position)},
		}, nil
	})
}

// RemovedService says what removing a service did.
type RemovedService struct {
	Service         *sesame.Service
	WithdrawnRights int // rights withdrawn with it (with withdraw), one per account
}

// RemoveCatalogueService removes a service from the catalogue (operators).
// A service some accounts still hold rights on is refused, saying how many,
// unless withdraw is set: then those rights are withdrawn first, each
// recorded in its account's history as a change of rights (to "Aucun
// accès"), so no administrator sees rights vanish without a trace.
func (s *Service) RemoveCatalogueService(ctx context.Context, actor sesame.Actor, code string, withdraw bool) (*RemovedService, error) {
	res := &RemovedService{}
	_, err := s.changeService(ctx, actor, sesame.EventServiceRemoved, code, func(tx *store.Tx, svc *sesame.Service) (map[string]any, error) {
		res.Service = svc
		held, err := tx.RightsOnService(ctx, svc.ID)
		if err != nil {
			return nil, err
		}
		if len(held) > 0 && !withdraw {
			return nil, sesame.Errorf(sesame.EConflict, "Le service « %s » est encore attribué à %d compte(s) : ces droits doivent être retirés avant de le supprimer.",
				svc.Name, len(held))
		}
		events := make([]*sesame.Event, len(held))
		for i, h := range held {
			events[i] = &sesame.Event{At: s.now(), EstablishmentID: sesame.Ref(h.EstablishmentID), ActorLabel: actor.Label,
				IP: actor.IP, Kind: sesame.EventRightsChanged, AccountID: sesame.Ref(h.AccountID), PersonID: sesame.Ref(h.PersonID),
				Detail: map[string]any{svc.Name: map[string]string{"before": h.Level.Label(), "after": sesame.LevelNone.Label()},
					"reason": "service retiré du catalogue"}}
		}
		if err := tx.AddEvents(ctx, events); err != nil {
			return nil, err
		}
		if err := tx.WithdrawServiceRights(ctx, svc.ID); err != nil {
			return nil, err
		}
		res.WithdrawnRights = len(held)
		if err := tx.DeleteService(ctx, svc.ID); err != nil {
			return nil, err
		}
		return map[string]any{"name": svc.Name, "withdrawn_rights": len(held)}, nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// changeService runs one change of an existing service in a transaction
// and records it as kind: fn returns the history detail.
func (s *Service) changeService(ctx context.Context, actor sesame.Actor, kind sesame.EventKind, code string,
	fn func(tx *store.Tx, svc *sesame.Service) (map[string]any, error)) (*sesame.Service, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	var svc *sesame.Service
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if svc, err = tx.ServiceByCode(ctx, strings.TrimSpace(code)); err != nil {
			return err
		}
		detail, err := fn(tx, svc)
		if err != nil {
			return err
		}
		detail["code"] = svc.Code
		return s.record(ctx, tx, actor, kind, 0, 0, 0, detail)
	})
	return svc, err
}

// domainField finds a domain by code, as a form field error when unknown.
func (s *Service) domainField(ctx context.Context, q *store.Q, code string) (*sesame.Domain, error) {
	d, err := q.DomainByCode(ctx, strings.TrimSpace(code))
	if sesame.ErrorCode(err) == sesame.ENotFound {
		cat, err := q.Catalogue(ctx)
		if err != nil {
			return nil, err
		}
		codes := make([]string, len(cat.Domains))
		for i, d := range cat.Domains {
			codes[i] = d.Code
		}
		msg := "Domaine inconnu : choisissez parmi " + strings.Join(codes, ", ") + "."
		return nil, &sesame.Error{Code: sesame.EInvalid, Message: msg, Fields: map[string]string{"domain": msg}}
	}
	return d, err
}

func (s *Service) domainName(ctx context.Context, q *store.Q, id int64) (string, error) {
	cat, err := q.Catalogue(ctx)
	if err != nil {
		return "", err
	}
	for _, d := range cat.Domains {
		if d.ID == id {
			return d.Name, nil
		}
	}
	return "", sesame.Errorf(sesame.ENotFound, "Domaine introuvable.")
}

// placeService puts svc at position (1-based; 0 or past the end for last)
// among the services of domainID and stores it, renumbering that domain 1,
// 2, 3… (a domain a service leaves keeps its order, with a gap).
func (s *Service) placeService(ctx context.Context, tx *store.Tx, svc *sesame.Service, domainID int64, position int) error {
	cat, err := tx.Catalogue(ctx)
	if err != nil {
		return err
	}
	var order []sesame.Service
	for _, o := range cat.ServicesOf(domainID) {
		if o.ID != svc.ID {
			order = append(order, o)
		}
	}
	at := len(order)
	if position > 0 && position-1 < at {
		at = position - 1
	}
	svc.DomainID = domainID
	order = append(order[:at], append([]sesame.Service{*svc}, order[at:]...)...)
	for i := range order {
		want := i + 1
		if order[i].ID == svc.ID {
			svc.Position = want
			if err := tx.UpdateService(ctx, svc); err != nil {
				return err
			}
		} else if order[i].Position != want {
			order[i].Position = want
			if err := tx.UpdateService(ctx, &order[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

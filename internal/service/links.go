package service

import (
	"context"
	"strings"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// LinkInfo is what the page behind an e-mailed link shows before acting.
type LinkInfo struct {
	Person            *sesame.Person
	EstablishmentName string
}

// CheckLink tells whether an e-mailed link of this kind can still be used,
// and for whom. Refusals carry a French message saying what to do next.
func (s *Service) CheckLink(ctx context.Context, kind sesame.TokenKind, secret string) (*LinkInfo, error) {
	q := s.store.Read()
	tok, p, err := s.checkLink(ctx, q, kind, secret)
	if err != nil {
		return nil, err
	}
	info := &LinkInfo{Person: p}
	if tok.AccountID != nil {
		if est, err := s.establishmentOfAccount(ctx, q, *tok.AccountID); err == nil {
			info.EstablishmentName = est.Name
		}
	}
	return info, nil
}

// checkLink finds a usable token by its secret.
func (s *Service) checkLink(ctx context.Context, q *store.Q, kind sesame.TokenKind, secret string) (*store.Token, *sesame.Person, error) {
	tok, err := q.TokenByHash(ctx, hashSecret(secret))
	if sesame.ErrorCode(err) == sesame.ENotFound || (err == nil && tok.Kind != kind) {
		return nil, nil, sesame.Errorf(sesame.ENotFound, "Ce lien n'est pas valide. Vérifiez que vous avez utilisé l'adresse complète reçue par courriel.")
	}
	if err != nil {
		return nil, nil, err
	}
	p, err := q.Person(ctx, tok.PersonID)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case tok.UsedAt != nil && tok.UsedAt.Before(tok.ExpiresAt):
		// Used for real. The nightly run spends unused expired links by
		// setting used_at to their expiry: those still say "expired".
		return nil, nil, sesame.Errorf(sesame.EConflict, "%s", usedLinkMessage(kind))
	case !s.now().Before(tok.ExpiresAt):
		msg, err := s.expiredLinkMessage(ctx, q, tok)
		if err != nil {
			return nil, nil, err
		}
		return nil, nil, sesame.Errorf(sesame.EConflict, "%s", msg)
	}
	return tok, p, nil
}

func usedLinkMessage(kind sesame.TokenKind) string {
	if kind == sesame.TokenActivation {
		return "Ce lien a déjà été utilisé ou a été remplacé par un lien plus récent. Si vous avez créé votre mot de passe, connectez-vous ; sinon, utilisez le dernier courriel reçu ou demandez un nouveau lien à votre administrateur."
	}
	if kind == sesame.TokenEmail {
		return "Ce lien a déjà été utilisé ou a été remplacé par une demande plus récente. Refaites la demande depuis Mon compte si besoin."
	}
	return "Ce lien a déjà été utilisé ou a été remplacé par un lien plus récent. Faites une nouvelle demande depuis l'aide à la connexion si besoin."
}

// expiredLinkMessage names who can help: for an activation link, the
// administrator who created the account (F-05).
func (s *Service) expiredLinkMessage(ctx context.Context, q *store.Q, tok *store.Token) (string, error) {
	if tok.Kind == sesame.TokenEmail {
		return "Ce lien a expiré. Refaites la demande de changement d'adresse depuis Mon compte.", nil
	}
	if tok.Kind != sesame.TokenActivation || tok.AccountID == nil {
		return "Ce lien a expiré. Faites une nouvelle demande depuis l'aide à la connexion.", nil
	}
	who, err := s.accountAdministratorName(ctx, q, *tok.AccountID)
	if err != nil {
		return "", err
	}
	days := int(sesame.ActivationLinkValidity.Hours() / 24)
	return "Ce lien a expiré : vous aviez " + itoa(days) + " jours pour créer votre mot de passe. " +
		"Demandez à " + who + " de vous envoyer un nouveau lien.", nil
}

// accountAdministratorName names the person to contact about an account:
// its creator if still an administrator there, else an active administrator
// of the establishment, else the platform's support.
func (s *Service) accountAdministratorName(ctx context.Context, q *store.Q, accountID int64) (string, error) {
	est, err := s.establishmentOfAccount(ctx, q, accountID)
	if err != nil {
		return "", err
	}
	a, err := q.Account(ctx, est.ID, accountID)
	if err != nil {
		return "", err
	}
	if a.CreatedByID != nil {
		if name, ok, err := s.activeAdministratorName(ctx, q, est.ID, *a.CreatedByID); err != nil || ok {
			return "votre administrateur, " + name + ",", err
		}
	}
	admins, err := q.FirstActiveAdministrators(ctx, est.ID, s.today(), 3)
	if err != nil {
		return "", err
	}
	switch len(admins) {
	case 0:
	case 1:
		return "votre administrateur, " + admins[0].Formal() + ",", nil
	default:
		names := make([]string, len(admins))
		for i, adm := range admins {
			names[i] = adm.Formal()
		}
		return "un de vos administrateurs (" + strings.Join(names, ", ") + ")", nil
	}
	return "l'assistance technique de la plateforme", nil
}

func (s *Service) establishmentOfAccount(ctx context.Context, q *store.Q, accountID int64) (*sesame.Establishment, error) {
	id, err := q.EstablishmentIDOfAccount(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return q.Establishment(ctx, id)
}

// activeAdministratorName is "Madame Gueriot" when the account is an active
// administrator of the establishment.
func (s *Service) activeAdministratorName(ctx context.Context, q *store.Q, establishmentID, accountID int64) (string, bool, error) {
	a, err := q.Account(ctx, establishmentID, accountID)
	if sesame.ErrorCode(err) == sesame.ENotFound {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	p, err := q.Person(ctx, a.PersonID)
	if err != nil {
		return "", false, err
	}
	if a.Profile != sesame.ProfileAdmin || s.effectiveStatus(a, p) != sesame.StatusActive {
		return "", false, nil
	}
	return p.Formal(), true, nil
}

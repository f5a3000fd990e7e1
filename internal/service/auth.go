package service

import (
	"context"
	"strings"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// Refusal messages of the login form (F-41). The first is the same for an
// unknown identifier and a wrong password, so the form reveals nothing.
const (
	msgBadCredentials = "Identifiant ou mot de passe incorrect. Si vous venez de recevoir votre identifiant, créez d'abord votre mot de passe avec le lien reçu par courriel."
	msgLocked         = "Votre compte est bloqué après plusieurs tentatives de connexion infructueuses. Pour le débloquer, demandez un lien de déblocage depuis l'aide à la connexion, ou réinitialisez votre mot de passe."
	msgStatePrefix    = "L'état de votre compte ne permet pas votre connexion. "
)

// LoginResult is an opened session: the cookie secret, and whether the
// person must now choose an establishment.
type LoginResult struct {
	Secret string
	Choose bool
}

// Login checks identifier and password (F-41, F-06) and opens a session.
func (s *Service) Login(ctx context.Context, identifier, password, ip, userAgent string) (*LoginResult, error) {
	var v sesame.Validation
	if strings.TrimSpace(identifier) == "" {
		v.Check("identifier", msgRequired)
	}
	if password == "" {
		v.Check("password", msgRequired)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if len(identifier) > 64 || len(password) > 4*sesame.PasswordMaxLength {
		return nil, sesame.Errorf(sesame.EUnauthorized, msgBadCredentials)
	}
	p, err := s.store.Read().PersonByIdentifier(ctx, identifier)
	if err != nil && sesame.ErrorCode(err) != sesame.ENotFound {
		return nil, err
	}
	hash := ""
	if p != nil {
		hash = p.PasswordHash
	}
	// Verify even for an unknown identifier (against a dummy hash), so the
	// answer takes the same time either way.
	ok, err := s.hasher.Verify(ctx, password, hash)
	if err != nil {
		return nil, err
	}
	if p == nil {
		s.log.Info("login refused", "reason", "unknown identifier", "ip", ip)
		return nil, sesame.Errorf(sesame.EUnauthorized, msgBadCredentials)
	}
	actor := sesame.Actor{PersonID: p.ID, Label: p.FullName(), IP: ip}
	if !ok {
		return nil, s.loginFailed(ctx, actor, p)
	}
	if p.Locked() {
		return nil, sesame.Errorf(sesame.EForbidden, msgLocked)
	}
	return s.openSession(ctx, actor, p, ip, userAgent)
}

// loginFailed counts the failure and returns the generic refusal.
func (s *Service) loginFailed(ctx context.Context, actor sesame.Actor, p *sesame.Person) error {
	if err := s.countFailure(ctx, actor, p, nil); err != nil {
		return err
	}
	return sesame.Errorf(sesame.EUnauthorized, msgBadCredentials)
}

// countFailure counts a wrong password against the person, whatever form it
// was typed in, and at the threshold locks them and ends their sessions
// (F-06): guessing through "change my password" is guessing all the same.
func (s *Service) countFailure(ctx context.Context, actor sesame.Actor, p *sesame.Person, detail map[string]any) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		_, justLocked, err := tx.RecordLoginFailure(ctx, p.ID, s.cfg.MaxFailedLogins, s.now())
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx, actor, sesame.EventLoginFailed, 0, 0, p.ID, detail); err != nil {
			return err
		}
		if !justLocked {
			return nil
		}
		ended, err := tx.DeleteSessionsOfPerson(ctx, p.ID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, sesame.Actor{Label: "Système", IP: actor.IP}, sesame.EventPersonLocked, 0, 0, p.ID,
			map[string]any{"failed_logins": s.cfg.MaxFailedLogins, "sessions_ended": ended})
	})
}

// openSession refuses a person without any usable account, saying why and
// what to do, and otherwise stores a new session.
func (s *Service) openSession(ctx context.Context, actor sesame.Actor, p *sesame.Person, ip, userAgent string) (*LoginResult, error) {
	q := s.store.Read()
	memberships, err := q.MembershipsOfPerson(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	usable := s.usable(memberships, p)
	if len(usable) == 0 {
		msg, err := s.unusableMessage(ctx, q, memberships, p)
		if err != nil {
			return nil, err
		}
		return nil, sesame.Errorf(sesame.EForbidden, "%s", msg)
	}
	secret, hash := newSecret()
	now := s.now()
	sess := &store.Session{Hash: hash, PersonID: p.ID, CreatedAt: now, SeenAt: now,
		IdleExpiresAt: now.Add(s.cfg.SessionIdle), ExpiresAt: now.Add(s.cfg.SessionMax), IP: ip, UserAgent: truncate(userAgent, 300)}
	var estID int64
	if len(usable) == 1 {
		estID = usable[0].Account.EstablishmentID
		sess.EstablishmentID = &estID
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		if err := tx.RecordLoginSuccess(ctx, p.ID, now); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, sesame.EventLoginSucceeded, estID, 0, p.ID, nil)
	})
	if err != nil {
		return nil, err
	}
	return &LoginResult{Secret: secret, Choose: len(usable) > 1}, nil
}

// usable keeps the memberships whose account lets the person in today.
func (s *Service) usable(ms []store.Membership, p *sesame.Person) []store.Membership {
	var out []store.Membership
	for _, m := range ms {
		if s.effectiveStatus(m.Account, p).CanLogIn() {
			out = append(out, m)
		}
	}
	return out
}

func (s *Service) effectiveStatus(a *sesame.Account, p *sesame.Person) sesame.Status {
	return sesame.EffectiveStatus(a.Status, a.ExpiresOn, s.today(), p.Locked())
}

// unusableMessage explains why none of the person's accounts lets them in,
// and whom to ask.
func (s *Service) unusableMessage(ctx context.Context, q *store.Q, ms []store.Membership, p *sesame.Person) (string, error) {
	for _, m := range ms {
		switch s.effectiveStatus(m.Account, p) {
		case sesame.StatusExpired:
			who, err := s.accountAdministratorName(ctx, q, m.Account.ID)
			if err != nil {
				return "", err
			}
			return msgStatePrefix + "Votre compte a expiré le " + m.Account.ExpiresOn.French() + " : demandez à " + who + " de le renouveler.", nil
		case sesame.StatusPending:
			return msgStatePrefix + "Votre compte n'est pas encore activé : créez votre mot de passe avec le lien reçu par courriel.", nil
		}
	}
	return msgStatePrefix + "Votre compte a été supprimé. Si vous devez encore accéder à la plateforme, contactez l'administrateur des comptes de votre établissement.", nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

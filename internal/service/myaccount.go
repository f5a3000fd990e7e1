package service

import (
	"context"
	"strings"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// MyAccount is "Mon compte" (F-44): the person's details, their accounts
// with each establishment's administrators (Mes intervenants), and their
// open sessions.
type MyAccount struct {
	Person      *sesame.Person
	Memberships []MyMembership
	Sessions    []MySession
}

// MyMembership is one of the person's accounts, with whom to contact there.
type MyMembership struct {
	EstablishmentID   int64
	EstablishmentName string
	Account           *sesame.Account
	Status            sesame.Status
	Administrators    []store.Contact // the active administrators: "Mes intervenants"
}

// MySession is one open session, as its owner sees it.
type MySession struct {
	store.Session
	Current bool
}

// maxContacts is how many administrators Mes intervenants names per
// establishment: a big employer may have a thousand.
const maxContacts = 10

// MyAccount gathers Mon compte.
func (s *Service) MyAccount(ctx context.Context, sess *Session) (*MyAccount, error) {
	q := s.store.Read()
	p, err := q.Person(ctx, sess.Person.ID)
	if err != nil {
		return nil, err
	}
	ms, err := q.MembershipsOfPerson(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	out := &MyAccount{Person: p}
	for _, m := range ms {
		admins, err := q.FirstActiveAdministrators(ctx, m.Account.EstablishmentID, s.today(), maxContacts)
		if err != nil {
			return nil, err
		}
		out.Memberships = append(out.Memberships, MyMembership{EstablishmentID: m.Account.EstablishmentID,
			EstablishmentName: m.EstablishmentName, Account: m.Account, Status: s.effectiveStatus(m.Account, p), Administrators: admins})
	}
	sessions, err := q.SessionsOfPerson(ctx, p.ID, s.now())
	if err != nil {
		return nil, err
	}
	for _, ss := range sessions {
		out.Sessions = append(out.Sessions, MySession{Session: ss, Current: ss.Hash == sess.Hash})
	}
	return out, nil
}

// MyDetails is what a person may change of their own details: the
// landline, and their department in the establishment they work in. Names
// and profile are the administrator's to change.
type MyDetails struct {
	Phone      string
	Department string
}

// UpdateMyDetails changes the person's landline and current department.
func (s *Service) UpdateMyDetails(ctx context.Context, sess *Session, ip string, in MyDetails) error {
	var v sesame.Validation
	phone, ok := sesame.NormalizePhone(in.Phone)
	if !ok || len(in.Phone) > 30 {
		v.Check("phone", msgPhone)
	}
	dept := strings.TrimSpace(in.Department)
	if dept != "" {
		v.Check("department", sesame.CheckFreeText(dept, maxTextRunes))
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		p, err := tx.Person(ctx, sess.Person.ID)
		if err != nil {
			return err
		}
		changes := map[string][2]string{"phone": {p.Phone, phone}}
		var est, accountID int64
		if sess.Current != nil {
			a, err := tx.AccountOfPerson(ctx, sess.Current.Account.EstablishmentID, p.ID)
			if err != nil {
				return err
			}
			est, accountID = a.EstablishmentID, a.ID
			changes["department"] = [2]string{a.Department, dept}
			a.Department = dept
			if err := tx.UpdateAccount(ctx, a); err != nil {
				return err
			}
		}
		d := diff(changes)
		if len(d) == 0 {
			return nil
		}
		if err := tx.SetPhone(ctx, p.ID, phone); err != nil {
			return err
		}
		return s.record(ctx, tx, sess.Actor(ip), sesame.EventDetailsChanged, est, accountID, p.ID, d)
	})
}

// RequestEmailChange sends a confirmation link to the new address; nothing
// changes until it is opened (F-44).
func (s *Service) RequestEmailChange(ctx context.Context, sess *Session, email, confirm string) error {
	var v sesame.Validation
	email = strings.TrimSpace(email)
	switch {
	case email == "":
		v.Check("email", msgRequired)
	case !sesame.ValidEmail(email):
		v.Check("email", msgEmail)
	case !strings.EqualFold(email, strings.TrimSpace(confirm)):
		v.Check("email_confirm", msgEmailConfirm)
	case strings.EqualFold(email, sess.Person.Email):
		v.Check("email", "C'est déjà votre adresse électronique.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	email = sesame.NormalizeEmail(email)
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		now := s.now()
		if err := tx.VoidTokens(ctx, sess.Person.ID, sesame.TokenEmail, now); err != nil {
			return err
		}
		secret, hash := newSecret()
		if err := tx.CreateToken(ctx, &store.Token{Hash: hash, Kind: sesame.TokenEmail, PersonID: sess.Person.ID,
			CreatedAt: now, ExpiresAt: now.Add(sesame.EmailLinkValidity), Payload: email}); err != nil {
			return err
		}
		to := mailPerson(sess.Person)
		to.Email = email
		msg, err := mail.EmailChangeConfirm(mail.LinkData{To: to, Link: s.link("/mon-compte/courriel/" + secret),
			ValidHours: int(sesame.EmailLinkValidity.Hours())})
		if err != nil {
			return err
		}
		return s.outbox.EnqueueMail(ctx, tx, msg)
	})
}

// ConfirmEmailChange applies an e-mail change from the link sent to the new
// address, and tells the old address (F-44). The link alone suffices: it
// proves control of the new mailbox, on whatever device it is opened.
func (s *Service) ConfirmEmailChange(ctx context.Context, secret, ip string) (string, error) {
	var newEmail string
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		tok, p, err := s.checkLink(ctx, tx.Q, sesame.TokenEmail, secret)
		if err != nil {
			return err
		}
		if ok, err := tx.UseToken(ctx, tok.ID, s.now()); err != nil || !ok {
			if err == nil {
				err = sesame.Errorf(sesame.EConflict, "%s", usedLinkMessage(sesame.TokenEmail))
			}
			return err
		}
		old := *p
		p.Email, newEmail = tok.Payload, tok.Payload
		if err := tx.UpdatePerson(ctx, p); err != nil {
			return err
		}
		if err := s.record(ctx, tx, sesame.Actor{PersonID: p.ID, Label: p.FullName(), IP: ip}, sesame.EventEmailChanged, 0, 0, p.ID,
			diff(map[string][2]string{"email": {old.Email, p.Email}})); err != nil {
			return err
		}
		msg, err := mail.EmailChanged(mail.EmailChangedData{To: mailPerson(&old), NewEmail: p.Email, On: s.today().French()})
		if err != nil {
			return err
		}
		return s.outbox.EnqueueMail(ctx, tx, msg)
	})
	return newEmail, err
}

// ChangePassword replaces the password after checking the current one; the
// person's other sessions end, this one stays (F-44).
func (s *Service) ChangePassword(ctx context.Context, sess *Session, ip, current, password, confirm string) error {
	p, err := s.store.Read().Person(ctx, sess.Person.ID)
	if err != nil {
		return err
	}
	var v sesame.Validation
	if current == "" {
		v.Check("current", msgRequired)
	} else if ok, err := s.hasher.Verify(ctx, current, p.PasswordHash); err != nil {
		return err
	} else if !ok {
		if err := s.countFailure(ctx, sess.Actor(ip), p, map[string]any{"via": "changement de mot de passe"}); err != nil {
			return err
		}
		v.Check("current", "Le mot de passe actuel est incorrect.")
	}
	for k, m := range sesame.FieldErrors(checkNewPassword(p, password, confirm)) {
		v.Check(k, m)
	}
	if password != "" && password == current {
		v.Check("password", "Choisissez un mot de passe différent de l'actuel.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, p.ID, hash, s.now()); err != nil {
			return err
		}
		ended, err := tx.DeleteOtherSessions(ctx, p.ID, sess.Hash)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, sess.Actor(ip), sesame.EventPasswordChanged, 0, 0, p.ID, map[string]any{"sessions_ended": ended})
	})
}

// EndSession ends one of the person's own sessions; another person's
// session is not found.
func (s *Service) EndSession(ctx context.Context, sess *Session, ip, hash string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		ok, err := tx.DeletePersonSession(ctx, sess.Person.ID, hash)
		if err != nil {
			return err
		}
		if !ok {
			return sesame.Errorf(sesame.ENotFound, "Cette session n'existe plus.")
		}
		return s.record(ctx, tx, sess.Actor(ip), sesame.EventSessionEnded, 0, 0, sess.Person.ID, nil)
	})
}

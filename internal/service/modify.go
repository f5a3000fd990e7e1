package service

import (
	"context"
	"strings"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// AccountDetail is one account as the modify page shows it (F-31).
type AccountDetail struct {
	Account *sesame.Account
	Person  *sesame.Person
	Status  sesame.Status
	Rights  map[int64]sesame.Level // by service; absent means no access
}

// Level is the account's level for a service.
func (d *AccountDetail) Level(serviceID int64) sesame.Level {
	if l, ok := d.Rights[serviceID]; ok {
		return l
	}
	return sesame.LevelNone
}

// Account returns one account of the administrator's establishment.
func (s *Service) Account(ctx context.Context, actor sesame.Actor, accountID int64) (*AccountDetail, error) {
	q := s.store.Read()
	est, err := s.requireAdmin(ctx, q, actor)
	if err != nil {
		return nil, err
	}
	return s.accountDetail(ctx, q, est.ID, accountID)
}

func (s *Service) accountDetail(ctx context.Context, q *store.Q, establishmentID, accountID int64) (*AccountDetail, error) {
	a, err := q.Account(ctx, establishmentID, accountID)
	if err != nil {
		return nil, err
	}
	p, err := q.Person(ctx, a.PersonID)
	if err != nil {
		return nil, err
	}
	rights, err := q.Rights(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	d := &AccountDetail{Account: a, Person: p, Status: s.effectiveStatus(a, p), Rights: map[int64]sesame.Level{}}
	for _, r := range rights {
		d.Rights[r.ServiceID] = r.Level
	}
	return d, nil
}

// Catalogue returns the service catalogue, for the rights tables.
func (s *Service) Catalogue(ctx context.Context) (*store.Catalogue, error) {
	return s.store.Read().Catalogue(ctx)
}

// AccountUpdate is the modify page's form: coordinates, profile and rights.
type AccountUpdate struct {
	Person       PersonInput
	Rights       []sesame.Right
	ConfirmReuse bool // F-09: the administrator confirmed changing both name and e-mail
}

// UpdateAccount applies the modify page (F-31): rights (withdrawals apply at
// once), coordinates, and promotion to administrator (F-08), with the reuse
// warning of F-09. An expired account can only be renewed.
func (s *Service) UpdateAccount(ctx context.Context, actor sesame.Actor, accountID int64, up AccountUpdate) (*AccountDetail, error) {
	var out *AccountDetail
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		est, err := s.requireAdmin(ctx, tx.Q, actor)
		if err != nil {
			return err
		}
		d, err := s.accountDetail(ctx, tx.Q, est.ID, accountID)
		if err != nil {
			return err
		}
		if d.Status == sesame.StatusExpired {
			return sesame.Errorf(sesame.EConflict, msgExpiredOnly)
		}
		up.Person.EmailConfirm = confirmOrSame(up.Person)
		p, a, err := up.Person.validate()
		var v sesame.Validation
		for k, m := range sesame.FieldErrors(err) {
			v.Check(k, m)
		}
		if d.Account.Profile == sesame.ProfileAdmin && a.Profile == sesame.ProfileUser {
			v.Check("profile", msgNoDemotion)
		}
		nameChanged := !strings.EqualFold(p.Surname, d.Person.Surname) || !strings.EqualFold(p.FirstName, d.Person.FirstName)
		if nameChanged && !strings.EqualFold(p.Email, d.Person.Email) && !up.ConfirmReuse {
			v.Check("confirm_reuse", msgReuseConfirm)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.checkRights(ctx, tx.Q, up.Rights); err != nil {
			return err
		}
		if err := s.applyCoordinates(ctx, tx, actor, est, d, p, a); err != nil {
			return err
		}
		if err := s.applyRights(ctx, tx, actor, est, d, up.Rights); err != nil {
			return err
		}
		out, err = s.accountDetail(ctx, tx.Q, est.ID, accountID)
		return err
	})
	return out, err
}

// confirmOrSame lets forms without a confirmation field (modify) pass the
// e-mail's confirmation check.
func confirmOrSame(in PersonInput) string {
	if in.EmailConfirm == "" {
		return in.Email
	}
	return in.EmailConfirm
}

func (s *Service) applyCoordinates(ctx context.Context, tx *store.Tx, actor sesame.Actor, est *sesame.Establishment,
	d *AccountDetail, p *sesame.Person, a *sesame.Account) error {
	before, after := d.Person, *d.Person
	after.Civility, after.Surname, after.FirstName, after.Email, after.Phone = p.Civility, p.Surname, p.FirstName, p.Email, p.Phone
	changes := diff(map[string][2]string{
		"civility":   {string(before.Civility), string(after.Civility)},
		"surname":    {before.Surname, after.Surname},
		"first_name": {before.FirstName, after.FirstName},
		"email":      {before.Email, after.Email},
		"phone":      {before.Phone, after.Phone},
		"department": {d.Account.Department, a.Department},
	})
	if len(changes) > 0 {
		if err := tx.UpdatePerson(ctx, &after); err != nil {
			return err
		}
		acc := *d.Account
		acc.Department = a.Department
		if err := tx.UpdateAccount(ctx, &acc); err != nil {
			return err
		}
		if err := s.record(ctx, tx, actor, sesame.EventAccountUpdated, est.ID, d.Account.ID, d.Person.ID, changes); err != nil {
			return err
		}
	}
	if d.Account.Profile == sesame.ProfileUser && a.Profile == sesame.ProfileAdmin {
		return s.promote(ctx, tx, actor, est, d)
	}
	return nil
}

// promote makes a user administrator (F-08). The person's open sessions
// end, so the new profile applies at their next login; the letter to the
// legal representative is recorded with the event.
func (s *Service) promote(ctx context.Context, tx *store.Tx, actor sesame.Actor, est *sesame.Establishment, d *AccountDetail) error {
	acc := *d.Account
	acc.Profile = sesame.ProfileAdmin
	if err := tx.UpdateAccount(ctx, &acc); err != nil {
		return err
	}
	if _, err := tx.DeleteSessionsOfPerson(ctx, d.Person.ID); err != nil {
		return err
	}
	if err := s.recordLetter(ctx, tx, actor, &acc, d.Person, letterPromotion); err != nil { // F-70: letters.go
		return err
	}
	return s.record(ctx, tx, actor, sesame.EventAccountPromoted, est.ID, d.Account.ID, d.Person.ID, map[string]any{
		"profile": map[string]string{"before": string(sesame.ProfileUser), "after": string(sesame.ProfileAdmin)},
		"letter":  "à envoyer au représentant légal"})
}

func (s *Service) applyRights(ctx context.Context, tx *store.Tx, actor sesame.Actor, est *sesame.Establishment, d *AccountDetail, rights []sesame.Right) error {
	changes := map[string]any{}
	after := map[int64]sesame.Level{}
	for _, r := range rights {
		after[r.ServiceID] = r.Level
	}
	cat, err := tx.Catalogue(ctx)
	if err != nil {
		return err
	}
	for _, svc := range cat.Services {
		b, a := d.Level(svc.ID), after[svc.ID]
		if a == "" {
			a = sesame.LevelNone
		}
		if a != b {
			changes[svc.Name] = map[string]string{"before": b.Label(), "after": a.Label()}
		}
	}
	if len(changes) == 0 {
		return nil
	}
	if err := tx.SetRights(ctx, d.Account.ID, rights); err != nil {
		return err
	}
	return s.record(ctx, tx, actor, sesame.EventRightsChanged, est.ID, d.Account.ID, d.Person.ID, changes)
}

// diff keeps the fields whose value changed, as {"before", "after"} pairs.
func diff(fields map[string][2]string) map[string]any {
	out := map[string]any{}
	for k, v := range fields {
		if v[0] != v[1] {
			out[k] = map[string]string{"before": v[0], "after": v[1]}
		}
	}
	return out
}

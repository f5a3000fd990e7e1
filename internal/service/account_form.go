package service

import (
	"context"
	"fmt"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// msgEmailHere refuses a second account for an e-mail already used in the
// establishment: that person needs their account modified or renewed, not
// a duplicate that would give them two identifiers here.
const msgEmailHere = "Cette adresse électronique est déjà celle d'un compte de votre établissement (%s, identifiant %s). Modifiez ou renouvelez ce compte plutôt que d'en créer un autre."

// ExistingPerson is someone who already has an identifier, through an
// account in another establishment, and whom the creation wizard offers to
// give an account here under that identifier (F-30).
type ExistingPerson struct {
	PersonID   int64
	Civility   sesame.Civility
	Surname    string
	FirstName  string
	Identifier string
}

// Name is "Mme Céline Martin".
func (e ExistingPerson) Name() string {
	return e.Civility.Short() + " " + e.FirstName + " " + e.Surname
}

// PersonCheck is what step 1 of the creation wizard learns besides the
// field errors.
type PersonCheck struct {
	// Existing lists, oldest first, the persons using the typed e-mail who
	// have a live account in another establishment and none here. Usually
	// one; several when colleagues share a mailbox.
	Existing []ExistingPerson
}

// CheckPerson checks step 1 of the creation wizard (F-30) without creating
// anything, so that errors appear next to their field before the rights
// step: the same rules as CreateAccount, plus the e-mail's use in the
// administrator's establishment (refused) and elsewhere (reported in
// Existing, even when other fields are wrong, so the offer comes early).
func (s *Service) CheckPerson(ctx context.Context, actor sesame.Actor, in PersonInput) (*PersonCheck, error) {
	q := s.store.Read()
	est, err := s.requireAdmin(ctx, q, actor)
	if err != nil {
		return nil, err
	}
	_, _, verr := in.validate()
	var v sesame.Validation
	for k, m := range sesame.FieldErrors(verr) {
		v.Check(k, m)
	}
	check := &PersonCheck{}
	if _, bad := sesame.FieldErrors(verr)["email"]; !bad {
		here, elsewhere, err := s.emailUse(ctx, q, est.ID, in.Email)
		if err != nil {
			return nil, err
		}
		if here != nil {
			v.Check("email", emailHereMessage(here))
		} else {
			check.Existing = elsewhere
		}
	}
	return check, v.Err()
}

// emailUse looks at the persons using email: here is one with a live
// account in the establishment (nil if none); elsewhere lists those whose
// live accounts are all in other establishments.
func (s *Service) emailUse(ctx context.Context, q *store.Q, establishmentID int64, email string) (here *ExistingPerson, elsewhere []ExistingPerson, err error) {
	persons, err := q.PersonsByEmail(ctx, sesame.NormalizeEmail(email))
	if err != nil {
		return nil, nil, err
	}
	for _, p := range persons {
		ms, err := q.MembershipsOfPerson(ctx, p.ID)
		if err != nil {
			return nil, nil, err
		}
		if len(ms) == 0 {
			continue // every account deleted: nobody to offer
		}
		ep := ExistingPerson{PersonID: p.ID, Civility: p.Civility, Surname: p.Surname, FirstName: p.FirstName, Identifier: p.Identifier}
		for _, m := range ms {
			if m.Account.EstablishmentID == establishmentID {
				return &ep, nil, nil
			}
		}
		elsewhere = append(elsewhere, ep)
	}
	return nil, elsewhere, nil
}

func emailHereMessage(here *ExistingPerson) string {
	return fmt.Sprintf(msgEmailHere, here.Name(), here.Identifier)
}

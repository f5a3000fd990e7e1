package service

import (
	"context"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// systemActor signs what the platform does by itself, in the history.
var systemActor = sesame.Actor{Label: "Système"}

// expiryBatch is how many accounts one transaction of the nightly run
// expires: enough to make a night of 50,000 expiries a hundred short
// transactions, few enough that pages waiting for the SQLite write lock
// never notice.
const expiryBatch = 500

// digestListRetention is how long the list of a month's digests is kept
// (store.AddReminderDigest): far longer than a mail is retried (about a
// day), so no digest is ever left without its list.
const digestListRetention = 35 * 24 * time.Hour

// ExpiryReport says what one run of the nightly expiry did.
type ExpiryReport struct {
	Today         sesame.Date // the Paris date the run reckoned with
	Expired       int         // accounts that became expired
	SessionsEnded int64       // sessions of people left with no usable account
	LinksSpent    int64       // activation links past their validity, now spent
}

// ExpireAccounts is the nightly run of F-50, meant for 00:00 Paris but
// correct at any hour and any number of times: every active account whose
// expiry date is before today (the service clock's Paris date) gets the
// stored status expired, with a history row each; people left without any
// account to log in with lose their sessions; and activation links past
// their 15 days are spent (and the lists of old digests deleted). Running it again finds nothing more to do.
//
// Logging in already treats an account past its date as expired (F-01);
// this run makes the stored status, the console's filters and counts, and
// the history agree with it.
func (s *Service) ExpireAccounts(ctx context.Context) (*ExpiryReport, error) {
	now := s.now()
	r := &ExpiryReport{Today: sesame.DateOf(now)}
	for {
		var expired []store.ExpiredAccount
		var ended int64
		err := s.store.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if expired, err = tx.ExpireAccounts(ctx, r.Today, expiryBatch); err != nil || len(expired) == 0 {
				return err
			}
			events := make([]*sesame.Event, len(expired))
			persons := make([]int64, len(expired))
			for i, a := range expired {
				persons[i] = a.PersonID
				events[i] = &sesame.Event{
					At: now, EstablishmentID: sesame.Ref(a.EstablishmentID), ActorLabel: systemActor.Label,
					Kind: sesame.EventAccountExpired, AccountID: sesame.Ref(a.ID), PersonID: sesame.Ref(a.PersonID),
					Detail: map[string]any{
						"status":     map[string]string{"before": string(sesame.StatusActive), "after": string(sesame.StatusExpired)},
						"expires_on": a.ExpiresOn.String(),
					},
				}
			}
			if err := tx.AddEvents(ctx, events); err != nil {
				return err
			}
			ended, err = tx.EndSessionsWithoutUsableAccount(ctx, persons, r.Today)
			return err
		})
		if err != nil {
			return r, err
		}
		r.Expired += len(expired)
		r.SessionsEnded += ended
		if len(expired) < expiryBatch {
			break
		}
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if r.LinksSpent, err = tx.SpendExpiredLinks(ctx, sesame.TokenActivation, now); err != nil {
			return err
		}
		_, err = tx.DeleteReminderDigestsBefore(ctx, now.Add(-digestListRetention))
		return err
	})
	if err != nil {
		return r, err
	}
	s.log.InfoContext(ctx, "nightly expiry", "today", r.Today.String(), "expired", r.Expired,
		"sessions_ended", r.SessionsEnded, "links_spent", r.LinksSpent)
	return r, nil
}

package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
	"github.com/sesame-platform/sesame/internal/store/storetest"
)

// TestAdministratorCountsAgreeWithTheFullList checks the two cheap forms of
// ActiveAdministrators against it, establishment by establishment, on a
// generated base with every status and locked people: the count stops at
// its bound, the first ones are the list's own people in folded-name order,
// and neither ever returns another establishment's account.
func TestAdministratorCountsAgreeWithTheFullList(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	today := sesame.NewDate(2025, time.June, 15)
	if _, err := s.Generate(ctx, store.GenerateOptions{Establishments: 12, Accounts: 3000, BigEstablishment: 1500, Seed: 9, Today: today}); err != nil {
		t.Fatal(err)
	}
	ests, err := s.Read().Establishments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	q := s.Read()
	var sawMany bool
	for _, est := range ests {
		all, err := q.ActiveAdministrators(ctx, est.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		sawMany = sawMany || len(all) > 10
		for _, upTo := range []int{1, 2, 5} {
			n, err := q.CountActiveAdministrators(ctx, est.ID, today, upTo)
			if err != nil {
				t.Fatal(err)
			}
			if want := min(len(all), upTo); n != want {
				t.Errorf("%s: CountActiveAdministrators(upTo %d) = %d, want %d", est.Name, upTo, n, want)
			}
		}
		everyone, err := q.FirstActiveAdministrators(ctx, est.ID, today, len(all)+5)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := accountIDs(everyone), accountIDs(all); !slices.Equal(got, want) {
			t.Errorf("%s: FirstActiveAdministrators found accounts %v, the full list %v", est.Name, got, want)
		}
		first, err := q.FirstActiveAdministrators(ctx, est.ID, today, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(first) != min(3, len(all)) {
			t.Errorf("%s: %d first administrators, want %d", est.Name, len(first), min(3, len(all)))
		}
		for i, c := range first {
			if c != everyone[i] {
				t.Errorf("%s: the first 3 are not the head of the whole list in name order", est.Name)
			}
			if owner, err := q.EstablishmentIDOfAccount(ctx, c.AccountID); err != nil || owner != est.ID {
				t.Errorf("%s: account %d belongs to establishment %d (%v)", est.Name, c.AccountID, owner, err)
			}
		}
		for i := 1; i < len(everyone); i++ {
			a, b := everyone[i-1], everyone[i]
			if ka, kb := sesame.Fold(a.Surname)+"\x00"+sesame.Fold(a.FirstName), sesame.Fold(b.Surname)+"\x00"+sesame.Fold(b.FirstName); ka > kb {
				t.Errorf("%s: %q before %q", est.Name, a.Surname+" "+a.FirstName, b.Surname+" "+b.FirstName)
			}
		}
	}
	if !sawMany {
		t.Error("no establishment with more than 10 administrators: the bound was never tested")
	}
}

func accountIDs(cs []store.Contact) []int64 {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.AccountID
	}
	slices.Sort(ids)
	return ids
}

package service

import (
	"slices"
	"testing"

	"github.com/sesame-platform/sesame/internal/store"
)

// TestEstablishmentRuns: the reminders' transactions cover consecutive
// establishments adding up to about the limit, and never split one.
func TestEstablishmentRuns(t *testing.T) {
	counts := func(pairs ...int) []store.ExpiringCount {
		var c []store.ExpiringCount
		for i := 0; i < len(pairs); i += 2 {
			c = append(c, store.ExpiringCount{EstablishmentID: int64(pairs[i]), Accounts: pairs[i+1]})
		}
		return c
	}
	for name, c := range map[string]struct {
		counts []store.ExpiringCount
		want   []store.IDRange
	}{
		"nothing expires":         {nil, nil},
		"all fit in one":          {counts(1, 3, 4, 2, 9, 5), []store.IDRange{{First: 1, Last: 9}}},
		"cut where the limit is":  {counts(1, 6, 2, 4, 3, 1, 7, 9), []store.IDRange{{First: 1, Last: 2}, {First: 3, Last: 7}}},
		"a large one on its own":  {counts(1, 2, 5, 40, 6, 1), []store.IDRange{{First: 1, Last: 1}, {First: 5, Last: 5}, {First: 6, Last: 6}}},
		"exactly the limit stays": {counts(1, 5, 2, 5), []store.IDRange{{First: 1, Last: 2}}},
	} {
		if got := establishmentRuns(c.counts, 10); !slices.Equal(got, c.want) {
			t.Errorf("%s: runs %v, want %v", name, got, c.want)
		}
	}
}

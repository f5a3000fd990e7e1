package sesame

import "testing"

func TestExpiryFrom(t *testing.T) {
	tests := []struct {
		name   string
		today  Date
		months int
		want   Date
	}{
		{"seed renewal example", Date{2024, 3, 18}, DefaultValidityMonths, Date{2025, 9, 18}},
		{"end of August clamps to February", Date{2024, 8, 31}, DefaultValidityMonths, Date{2026, 2, 28}},
		{"lands on a leap day", Date{2022, 8, 29}, DefaultValidityMonths, Date{2024, 2, 29}},
		{"31st clamps to leap February", Date{2022, 8, 31}, DefaultValidityMonths, Date{2024, 2, 29}},
		{"from a leap day", Date{2024, 2, 29}, DefaultValidityMonths, Date{2025, 8, 29}},
		{"from a leap day, 12 months", Date{2024, 2, 29}, 12, Date{2025, 2, 28}},
		{"31st to a 30-day month", Date{2024, 10, 31}, DefaultValidityMonths, Date{2026, 4, 30}},
		{"31st to a 31-day month", Date{2024, 12, 31}, DefaultValidityMonths, Date{2026, 6, 30}},
		{"31st to July", Date{2024, 1, 31}, DefaultValidityMonths, Date{2025, 7, 31}},
		{"configured validity", Date{2024, 3, 18}, 6, Date{2024, 9, 18}},
		{"crosses a year end", Date{2024, 11, 15}, 2, Date{2025, 1, 15}},
	}
	for _, tt := range tests {
		if got := ExpiryFrom(tt.today, tt.months); got != tt.want {
			t.Errorf("%s: ExpiryFrom(%s, %d) = %s, want %s", tt.name, tt.today.French(), tt.months, got.French(), tt.want.French())
		}
	}
	if DefaultValidityMonths != 18 {
		t.Errorf("DefaultValidityMonths = %d, want 18 (F-03)", DefaultValidityMonths)
	}
}

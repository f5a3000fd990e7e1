package sesame

import "testing"

func TestValidSIRET(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"Bordeaux city hall", "21330063500017", true},
		{"grouped with spaces", "213 300 635 00017", true},
		{"grouped with no-break spaces", "213\u00a0300\u00a0635\u00a000017", true},
		{"surrounding spaces", "  21330063500017 ", true},
		{"another Luhn-valid SIRET", "44306184100047", true},
		{"another Luhn-valid SIRET", "21750001600019", true},
		{"La Poste head office, Luhn-valid", "35600000000048", true},
		{"La Poste, digit sum multiple of 5, not Luhn", "35600000049837", true},
		{"La Poste, digit sum multiple of 5", "35600000000001", true},
		{"La Poste, neither rule", "35600000000013", false},
		{"La Poste rule does not apply to other SIRENs (sum 20)", "35600000100041", false},
		{"last digit changed", "21330063500018", false},
		{"one digit changed", "21330063600017", false},
		{"two adjacent digits swapped", "21330036500017", false},
		{"13 digits", "2133006350001", false},
		{"15 digits", "213300635000170", false},
		{"SIREN only", "213300635", false},
		{"letter", "2133006350001A", false},
		{"letter O for zero", "2133OO6350OO17", false},
		{"dots", "213.300.635.00017", false},
		{"hyphen", "213300635-00017", false},
		{"empty", "", false},
		{"full-width digits", "２１３３００６３５０００１７", false},
		{"all zeros passes Luhn", "00000000000000", true},
	}
	for _, tt := range tests {
		if got := ValidSIRET(tt.in); got != tt.want {
			t.Errorf("%s: ValidSIRET(%q) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestSIRETLuhnByHand pins the Bordeaux example to a hand computation, so
// a broken Luhn that happens to accept it would still be caught:
// 2 1 3 3 0 0 6 3 5 0 0 0 1 7, doubling positions 1, 3, 5… from the left:
// 4+1+6+3+0+0+(12-9)+3+(10-9)+0+0+0+2+7 = 30, a multiple of 10.
func TestSIRETLuhnByHand(t *testing.T) {
	if !ValidSIRET("21330063500017") {
		t.Fatal("21330063500017 must pass Luhn (sum 30)")
	}
	// Every single-digit change of a valid SIRET must be caught.
	const valid = "21330063500017"
	for i := range len(valid) {
		for d := byte('0'); d <= '9'; d++ {
			if d == valid[i] {
				continue
			}
			s := valid[:i] + string(d) + valid[i+1:]
			if ValidSIRET(s) {
				t.Errorf("ValidSIRET(%q) = true after changing digit %d", s, i)
			}
		}
	}
}

func TestNormalizeSIRET(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"213 300 635 00017", "21330063500017"},
		{" 21330063500017\t", "21330063500017"},
		{"213\u00a0300\u00a0635\u00a000017", "21330063500017"},
		{"213.300.635.00017", "213.300.635.00017"},
		{"2133006350001A", "2133006350001A"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeSIRET(tt.in); got != tt.want {
			t.Errorf("NormalizeSIRET(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

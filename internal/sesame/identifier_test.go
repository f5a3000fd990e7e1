package sesame

import "testing"

func TestIdentifierPrefix(t *testing.T) {
	tests := []struct {
		first, surname, want string
	}{
		{"Jean", "Louty", "JLO"},
		{"jean", "louty", "JLO"},
		{"Émilie", "Écuyer", "EEC"},
		{"Ève", "Ōtsuka", "EOT"},
		{"Œdipe", "Roi", "ORO"},
		{"Jean", "Œuvray", "JOE"},
		{"Jean", "D'Artagnan", "JDA"},
		{"Jean", "D’Artagnan", "JDA"},
		{"Jean", "Le Gall", "JLE"},
		{"Jean", "L-Ouvrier", "JLO"},
		{" Jean-Pierre ", "  Çava", "JCA"},
		{"", "Louty", "XLO"},
		{"Jean", "O", "JOX"},
		{"Jean", "", "JXX"},
		{"", "", "XXX"},
		{"-'", "'- ", "XXX"},
		{"Jean", "O'", "JOX"},
		{"Ελένη", "Louty", "XLO"}, // no Latin letter: padded
		{"Jean", "SSarth", "JSS"},
	}
	for _, tt := range tests {
		if got := IdentifierPrefix(tt.first, tt.surname); got != tt.want {
			t.Errorf("IdentifierPrefix(%q, %q) = %q, want %q", tt.first, tt.surname, got, tt.want)
		}
	}
}

func TestFormatIdentifier(t *testing.T) {
	tests := []struct {
		prefix string
		seq    int64
		want   string
	}{
		{"JLO", 439, "JLO000439"},
		{"JLO", 0, "JLO000000"},
		{"JLO", 1, "JLO000001"},
		{"ABC", 999999, "ABC999999"},
		{"ABC", 1000000, "ABC1000000"},
		{"ABC", 12345678901, "ABC12345678901"},
	}
	for _, tt := range tests {
		got := FormatIdentifier(tt.prefix, tt.seq)
		if got != tt.want {
			t.Errorf("FormatIdentifier(%q, %d) = %q, want %q", tt.prefix, tt.seq, got, tt.want)
		}
	}
}

func TestNormalizeIdentifier(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"jlo000439", "JLO000439"},
		{"  Jlo000439\t", "JLO000439"},
		{"JLO000439", "JLO000439"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeIdentifier(tt.in); got != tt.want {
			t.Errorf("NormalizeIdentifier(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

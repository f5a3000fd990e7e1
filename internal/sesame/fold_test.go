package sesame

import (
	"slices"
	"testing"
	"unicode"
)

func TestFold(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Céline", "celine"},
		{"ŒUVRE", "oeuvre"},
		{"cœur", "coeur"},
		{"Lætitia", "laetitia"},
		{"ÆSCHYLE", "aeschyle"},
		{"Straße", "strasse"},
		{"éèêë ÉÈÊË", "eeee eeee"},
		{"àâä ÀÂÄ", "aaa aaa"},
		{"îï ÎÏ", "ii ii"},
		{"ôö ÔÖ", "oo oo"},
		{"ùûü ÙÛÜ", "uuu uuu"},
		{"ÿ Ÿ", "y y"},
		{"ç Ç", "c c"},
		{"ñ Ñ", "n n"},
		{"áíóú ÁÍÓÚ", "aiou aiou"},
		{"ãõ ÃÕ", "ao ao"},
		{"å Å", "a a"},
		{"Łódź", "lodz"},
		{"Dvořák", "dvorak"},
		{"Øre", "ore"},
		{"D’Artagnan", "d'artagnan"},
		{"l‘été", "l'ete"},
		{"  Jean \t Pierre\n ", "jean pierre"},
		{"Jean\u00a0Louty", "jean louty"},    // no-break space
		{"Jean\u202fLouty", "jean louty"},    // narrow no-break space
		{"Ce\u0301line", "celine"},           // decomposed accent
		{"JLO000439", "jlo000439"},           // identifiers fold too
		{"jean@Mairie.FR", "jean@mairie.fr"}, // e-mails fold too
		{"Ελένη", "ελένη"},                   // outside the table: lower-cased only
		{"Marie-Claire O'Neil", "marie-claire o'neil"},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFoldCoversLatinTables checks the hand-written table against Unicode:
// every letter of Latin-1 Supplement and Latin Extended-A must fold to
// plain ASCII lower-case letters, so no accented name escapes search.
func TestFoldCoversLatinTables(t *testing.T) {
	for r := rune(0xC0); r <= 0x17F; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		got := Fold(string(r))
		if got == "" {
			t.Errorf("Fold(%q U+%04X) is empty", r, r)
		}
		for _, c := range got {
			if c < 'a' || c > 'z' {
				t.Errorf("Fold(%q U+%04X) = %q, want ASCII lower-case letters", r, r, got)
				break
			}
		}
		// Upper and lower forms must meet on the same key.
		if lower := unicode.ToLower(r); lower != r && Fold(string(lower)) != got {
			t.Errorf("Fold(%q) = %q but Fold(%q) = %q", r, got, lower, Fold(string(lower)))
		}
	}
	for _, r := range "×÷" {
		if got := Fold(string(r)); got != string(r) {
			t.Errorf("Fold(%q) = %q, symbols must be kept", r, got)
		}
	}
}

func TestFoldWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Marie-Claire", []string{"marie", "claire"}},
		{"D’Artagnan", []string{"d", "artagnan"}},
		{"St. Exupéry", []string{"st", "exupery"}},
		{"  Le   Gall ", []string{"le", "gall"}},
		{"Ressources humaines - Paie", []string{"ressources", "humaines", "paie"}},
		{"--'.", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := FoldWords(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("FoldWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPrefixUpperBound(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"cel", "cem"},
		{"a", "b"},
		{"az", "a{"},
		{"jlo000439", "jlo00043:"},
		{"a\x7f", "a\u0080"},
		{"ελ", "εμ"},
		{"a\U0010FFFF", "b"},
		{"\U0010FFFF", ""},
		{"a\ud7ff", "a\ue000"},
		{"", ""},
		{"ab\xff", "ac"}, // invalid UTF-8: bytes
		{"a\xff\xff", "b"},
		{"\xff\xff", ""},
		{"a\xfe", "a\xff"},
	}
	for _, tt := range tests {
		if got := PrefixUpperBound(tt.in); got != tt.want {
			t.Errorf("PrefixUpperBound(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPrefixUpperBoundRange checks the property the store relies on: the
// range [prefix, bound) holds exactly the keys starting with prefix.
func TestPrefixUpperBoundRange(t *testing.T) {
	keys := []string{"cek", "cel", "celine", "celz", "cel\U0010FFFF", "cem", "cema", "ce", "d", "cel~"}
	for _, prefix := range []string{"cel", "ce", "c", "celine", "cel\U0010FFFF"} {
		bound := PrefixUpperBound(prefix)
		for _, k := range keys {
			in := k >= prefix && (bound == "" || k < bound)
			want := len(k) >= len(prefix) && k[:len(prefix)] == prefix
			if in != want {
				t.Errorf("prefix %q bound %q: key %q in range = %v, want %v", prefix, bound, k, in, want)
			}
		}
	}
}

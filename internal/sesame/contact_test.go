package sesame

import (
	"strings"
	"testing"
)

func TestValidEmail(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"jean.louty@mairie-bordeaux.fr", true},
		{"Jean.Louty@Mairie-Bordeaux.FR", true},
		{"j+rh@exemple.fr", true},
		{"jean_louty@rh.region.gouv.fr", true},
		{"o'neil@exemple.fr", true},
		{"a@b.co", true},
		{strings.Repeat("a", 64) + "@exemple.fr", true},
		{strings.Repeat("a", 65) + "@exemple.fr", false},                   // local part too long
		{"a@" + strings.Repeat("bbbbbbbbb.", 24) + "bbbbbbbbb.fr", true},   // 254 characters
		{"a@" + strings.Repeat("bbbbbbbbb.", 24) + "bbbbbbbbbb.fr", false}, // 255 characters
		{"a@" + strings.Repeat("b", 63) + ".fr", true},
		{"a@" + strings.Repeat("b", 64) + ".fr", false}, // DNS label limit
		{"", false},
		{"jean", false},
		{"jean@", false},
		{"@exemple.fr", false},
		{"jean@localhost", false},
		{"Jean Louty <jean@exemple.fr>", false},
		{"<jean@exemple.fr>", false},
		{"jean@@exemple.fr", false},
		{"jean@ex@emple.fr", false},
		{"jean louty@exemple.fr", false},
		{" jean@exemple.fr", false},
		{"jean@exemple.fr ", false},
		{"jean\t@exemple.fr", false},
		{"jean@exemple..fr", false},
		{"jean@.exemple.fr", false},
		{"jean@exemple.fr.", false},
		{"jean@-exemple.fr", false},
		{"jean@exemple-.fr", false},
		{"jean..louty@exemple.fr", false},
		{".jean@exemple.fr", false},
		{`"jean louty"@exemple.fr`, false},
		{`"jean"@exemple.fr`, false},
		{"jean@[192.0.2.1]", false},
		{"jean(rh)@exemple.fr", false},
		{"jean@exemple.fr,paul@exemple.fr", false},
		{"jean@exemple.fr\r\nBcc: x@y.fr", false},
	}
	for _, tt := range tests {
		if got := ValidEmail(tt.in); got != tt.want {
			t.Errorf("ValidEmail(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"  Jean.Louty@Mairie-Bordeaux.FR ", "Jean.Louty@mairie-bordeaux.fr"},
		{"jean@exemple.fr", "jean@exemple.fr"},
		{"pas une adresse", "pas une adresse"},
		{"", ""},
	}
	for _, tt := range tests {
		got := NormalizeEmail(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if ValidEmail(strings.TrimSpace(tt.in)) && !ValidEmail(got) {
			t.Errorf("NormalizeEmail(%q) = %q made a valid address invalid", tt.in, got)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"05 56 11 41 23", "0556114123", true},
		{"05.56.11.41.23", "0556114123", true},
		{"05-56-11-41-23", "0556114123", true},
		{"0556114123", "0556114123", true},
		{" 05 56 11 41 23 ", "0556114123", true},
		{"05\u00a056\u00a011\u00a041\u00a023", "0556114123", true},
		{"+33 5 56 11 41 23", "0556114123", true},
		{"+33556114123", "0556114123", true},
		{"+33 (0)5 56 11 41 23", "0556114123", true},
		{"+33 0 5 56 11 41 23", "0556114123", true},
		{"0033 5 56 11 41 23", "0556114123", true},
		{"01 23 45 67 89", "0123456789", true},
		{"09 70 00 00 00", "0970000000", true},
		{"06 12 34 56 78", "0612345678", true},
		{"+262 262 12 34 56", "0262123456", true},
		{"+590 590 12 34 56", "0590123456", true},
		{"", "", true},
		{"   ", "", true},
		{"05 56 11 41 2", "", false},
		{"05 56 11 41 234", "", false},
		{"5 56 11 41 23", "", false},
		{"00 56 11 41 23", "", false},
		{"+33 5 56 11 41 2", "", false},
		{"+33 5 56 11 41 234", "", false},
		{"+44 20 7946 0958", "", false},
		{"+1 202 555 0143", "", false},
		{"05 56 AB 41 23", "", false},
		{"05 56 11 41 23 poste 12", "", false},
		{"+", "", false},
		{"(05) 56 11 41 23", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestCheckPersonName(t *testing.T) {
	const (
		required   = "Ce champ est obligatoire."
		tooLong    = "100 caractères au maximum."
		characters = "Seuls les lettres, espaces, tirets et apostrophes sont acceptés."
		noLetter   = "Saisissez au moins une lettre."
	)
	tests := []struct {
		in, want string
	}{
		{"Louty", ""},
		{"Jean-Pierre", ""},
		{"O'Neil", ""},
		{"D’Artagnan", ""},
		{"St. Exupéry", ""},
		{"Le Gall", ""},
		{"Núñez Œstrup", ""},
		{"Ελένη", ""},
		{"Ce\u0301line", ""},
		{"  Louty  ", ""},
		{strings.Repeat("é", 100), ""},
		{"", required},
		{"   ", required},
		{strings.Repeat("é", 101), tooLong},
		{"Louty2", characters},
		{"Jean_Pierre", characters},
		{"Jean,Pierre", characters},
		{"<script>", characters},
		{"Jean\tPierre", characters},
		{"Jean\u200bPierre", characters},
		{"\u0301e", characters},
		{"Lou\xffty", characters},
		{"Jean (RH)", characters},
		{"---", noLetter},
		{"'.", noLetter},
	}
	for _, tt := range tests {
		if got := CheckPersonName(tt.in); got != tt.want {
			t.Errorf("CheckPersonName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckFreeText(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"", 100, ""},
		{"   ", 100, ""},
		{"Ressources humaines", 100, ""},
		{"3 rue de l’Église, bât. B", 100, ""},
		{"Service n°2 — paie & carrières (RH)", 100, ""},
		{strings.Repeat("é", 50), 50, ""},
		{strings.Repeat("é", 51), 50, "50 caractères au maximum."},
		{strings.Repeat("a", 201), 200, "200 caractères au maximum."},
		{"  " + strings.Repeat("a", 50) + "  ", 50, ""},
		{"RH <b>paie</b>", 100, "Les caractères < et > ne sont pas acceptés."},
		{"a > b", 100, "Les caractères < et > ne sont pas acceptés."},
		{"RH\x00", 100, "Ce texte contient des caractères invisibles ou de contrôle, qui ne sont pas acceptés."},
		{"RH\npaie", 100, "Ce texte contient des caractères invisibles ou de contrôle, qui ne sont pas acceptés."},
		{"RH\tpaie", 100, "Ce texte contient des caractères invisibles ou de contrôle, qui ne sont pas acceptés."},
		{"RH\u202epaie", 100, "Ce texte contient des caractères invisibles ou de contrôle, qui ne sont pas acceptés."},
		{"RH\u200bpaie", 100, "Ce texte contient des caractères invisibles ou de contrôle, qui ne sont pas acceptés."},
		{"RH\u2028paie", 100, "Ce texte contient des caractères invisibles ou de contrôle, qui ne sont pas acceptés."},
		{"RH\x7f", 100, "Ce texte contient des caractères invisibles ou de contrôle, qui ne sont pas acceptés."},
		{"RH\xff", 100, "Ce texte contient des caractères illisibles."},
	}
	for _, tt := range tests {
		if got := CheckFreeText(tt.in, tt.max); got != tt.want {
			t.Errorf("CheckFreeText(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

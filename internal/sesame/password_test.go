package sesame

import (
	"slices"
	"strings"
	"testing"
)

// strongPassword satisfies every rule and is in no list; each case below
// breaks exactly one thing.
const strongPassword = "Brume7#Kalao"

func ruleStates(r PasswordReport) map[string]bool {
	m := map[string]bool{}
	for _, rule := range r.Rules {
		m[rule.Code] = rule.OK
	}
	return m
}

func TestPasswordRulesListedAsInSeed(t *testing.T) {
	r := CheckPassword("", "", "", "")
	want := []PasswordRule{
		{PasswordRuleLength, "8 caractères", false},
		{PasswordRuleDigit, "1 chiffre", false},
		{PasswordRuleUpper, "1 majuscule", false},
		{PasswordRuleLower, "1 minuscule", false},
		{PasswordRuleSpecial, "1 caractère spécial", false},
	}
	if !slices.Equal(r.Rules, want) {
		t.Errorf("rules of an empty password = %+v, want %+v", r.Rules, want)
	}
	if len(r.Problems) != 0 {
		t.Errorf("empty password problems = %q, want none", r.Problems)
	}
	if PasswordAllRulesMessage != "Votre mot de passe respecte toutes les règles de sécurité." {
		t.Errorf("PasswordAllRulesMessage = %q", PasswordAllRulesMessage)
	}
}

func TestPasswordEachRuleAlone(t *testing.T) {
	tests := []struct {
		name     string
		password string
		failing  string // rule code expected to fail, "" for none
	}{
		{"strong", strongPassword, ""},
		{"too short", "Br7#kal", PasswordRuleLength},
		{"exactly 8", "Br7#kala", ""},
		{"length counts characters, not bytes", "Éé1!Ééà", PasswordRuleLength},
		{"8 accented characters are enough", "Éé1!Ééàx", ""},
		{"no digit", "Brume#Kalao", PasswordRuleDigit},
		{"no upper case", "brume7#kalao", PasswordRuleUpper},
		{"accented upper case counts", "ébrume7#kalaÔ", ""},
		{"no lower case", "BRUME7#KALAO", PasswordRuleLower},
		{"no special", "Brume7Kalao", PasswordRuleSpecial},
		{"space is special", "Brume7 Kalao", ""},
		{"punctuation is special", "Brume7.Kalao", ""},
		{"euro sign is special", "Brume7€Kalao", ""},
	}
	for _, tt := range tests {
		r := CheckPassword(tt.password, "JLO000439", "Jean", "Louty")
		for code, ok := range ruleStates(r) {
			if wantOK := code != tt.failing; ok != wantOK {
				t.Errorf("%s: CheckPassword(%q) rule %s OK = %v, want %v", tt.name, tt.password, code, ok, wantOK)
			}
		}
		if len(r.Problems) != 0 {
			t.Errorf("%s: CheckPassword(%q) problems = %q, want none", tt.name, tt.password, r.Problems)
		}
		if got := r.OK(); got != (tt.failing == "") {
			t.Errorf("%s: OK() = %v, want %v", tt.name, got, tt.failing == "")
		}
		if msgs := r.Messages(); len(msgs) != len(r.Problems)+boolInt(tt.failing != "") {
			t.Errorf("%s: Messages() = %q", tt.name, msgs)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestPasswordProblems(t *testing.T) {
	const (
		tooLong    = "Votre mot de passe ne doit pas dépasser 128 caractères."
		identifier = "Votre mot de passe ne doit pas contenir votre identifiant."
		firstName  = "Votre mot de passe ne doit pas contenir votre prénom."
		surname    = "Votre mot de passe ne doit pas contenir votre nom."
		common     = "Ce mot de passe est trop courant : choisissez-en un plus difficile à deviner."
	)
	tests := []struct {
		name            string
		password        string
		id, first, last string
		want            []string
	}{
		{"strong", strongPassword, "JLO000439", "Jean", "Louty", nil},
		{"128 characters is the limit", strings.Repeat("Bk7#", 32), "", "", "", nil},
		{"129 characters is too long", strings.Repeat("Bk7#", 32) + "x", "", "", "", []string{tooLong}},
		{"length counted in characters", strings.Repeat("Éb7#", 32), "", "", "", nil},
		{"identifier inside", "Kx#JLO000439a", "JLO000439", "Jean", "Louty", []string{identifier}},
		{"identifier in lower case", "jlo000439#Kx", "JLO000439", "", "", []string{identifier}},
		{"identifier given in lower case", "JLO000439#Kx", "jlo000439", "", "", []string{identifier}},
		{"no identifier known yet", "JLO000439#Kx", "", "", "", nil},
		{"first name inside", "Kx#ophelie7", "", "Ophélie", "Louty", []string{firstName}},
		{"first name with accents in password", "Kx#OPHÉLIE7", "", "Ophelie", "Louty", []string{firstName}},
		{"surname inside", "Kr#Louty99", "", "Jean", "Louty", []string{surname}},
		{"surname split by a hyphen", "Lou-ty#99Ab", "", "Jean", "Louty", []string{surname}},
		{"surname split by spaces", "L o u t y#9A", "", "Jean", "Louty", []string{surname}},
		{"word of a compound first name", "Kx#Pierre2024", "", "Jean-Pierre", "Louty", []string{firstName}},
		{"whole compound surname", "Kx#delafontaine9", "", "Jean", "De La Fontaine", []string{surname}},
		{"long word of a compound surname", "Kx#Fontaine9", "", "Jean", "De La Fontaine", []string{surname}},
		{"two-letter word of a surname is ignored", "Delta#2024x", "", "Jean", "De La Fontaine", nil},
		{"two-letter surname is ignored", "Lilas#2024Ab", "", "Jean", "Li", nil},
		{"three-letter first name counts", "Kx#Lea2024", "", "Léa", "Li", []string{firstName}},
		{"both names", "Jean#Louty7", "", "Jean", "Louty", []string{firstName, surname}},
		{"common", "Azerty123!", "", "", "", []string{common}},
		{"common, upper case", "AZERTY2024*", "", "", "", []string{common}},
		{"common with leading digits", "2024Soleil*", "", "", "", []string{common}},
		{"common, French", "Motdepasse1!", "", "", "", []string{common}},
		{"common, French with spaces", "Mot de passe 1!", "", "", "", []string{common}},
		{"common, French with accents", "Liberté2024!", "", "", "", []string{common}},
		{"common, city", "Marseille13!", "", "", "", []string{common}},
		{"common, greeting", "Bonjour2024?", "", "", "", []string{common}},
		{"common, symbol swaps", "P@ssw0rd1!", "", "", "", []string{common}},
		{"common, digits", "123456789!", "", "", "", []string{common}},
		{"common, keyboard", "Azertyuiop1!", "", "", "", []string{common}},
		{"common, platform word", "Sesame2024!", "", "", "", []string{common}},
		{"common word inside a longer one is fine", "Azerty-Brume7!", "", "", "", nil},
		{"everything at once", "Jlo000439Jean" + strings.Repeat("x", 120), "JLO000439", "Jean", "Louty", []string{tooLong, identifier, firstName}},
		{"common and a name", "Soleil#2024", "", "Soleil", "Louty", []string{firstName, common}},
	}
	for _, tt := range tests {
		r := CheckPassword(tt.password, tt.id, tt.first, tt.last)
		if !slices.Equal(r.Problems, tt.want) {
			t.Errorf("%s: CheckPassword(%q, %q, %q, %q).Problems = %q, want %q",
				tt.name, tt.password, tt.id, tt.first, tt.last, r.Problems, tt.want)
		}
		if len(tt.want) > 0 && r.OK() {
			t.Errorf("%s: OK() = true with problems", tt.name)
		}
	}
}

func TestPasswordMessages(t *testing.T) {
	tests := []struct {
		password string
		want     []string
	}{
		{strongPassword, nil},
		{"azerty", []string{
			"Votre mot de passe doit comporter au minimum 8 caractères.",
			"Votre mot de passe doit comporter au minimum 1 chiffre.",
			"Votre mot de passe doit comporter au minimum 1 majuscule.",
			"Votre mot de passe doit comporter au minimum 1 caractère spécial.",
			"Ce mot de passe est trop courant : choisissez-en un plus difficile à deviner.",
		}},
		{"BRUME7#KALAO", []string{"Votre mot de passe doit comporter au minimum 1 minuscule."}},
		{"Kr#Louty99", []string{"Votre mot de passe ne doit pas contenir votre nom."}},
	}
	for _, tt := range tests {
		r := CheckPassword(tt.password, "JLO000439", "Jean", "Louty")
		if got := r.Messages(); !slices.Equal(got, tt.want) {
			t.Errorf("CheckPassword(%q).Messages() = %q, want %q", tt.password, got, tt.want)
		}
	}
}

package sesame

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// PasswordAllRulesMessage is shown under the password field once every
// rule holds (F-04), in the seed's exact wording.
const PasswordAllRulesMessage = "Votre mot de passe respecte toutes les règles de sécurité."

// PasswordMaxLength caps a password's length in characters. Hashing cost
// grows with input length, so an unbounded password is a cheap way to load
// the server; 128 characters is far beyond any passphrase people type.
const PasswordMaxLength = 128

// passwordMinLength is F-04's minimum, counted in characters (runes), not
// bytes, so "é" counts once as the person expects.
const passwordMinLength = 8

// Codes of the password rules, stable for templates and scripts that tick
// each rule live as the person types.
const (
	PasswordRuleLength  = "length"
	PasswordRuleDigit   = "digit"
	PasswordRuleUpper   = "upper"
	PasswordRuleLower   = "lower"
	PasswordRuleSpecial = "special"
)

// PasswordRule is one of the F-04 rules the password form lists under
// "Votre mot de passe doit être composé au minimum de :", with whether the
// password being checked satisfies it.
type PasswordRule struct {
	// Code identifies the rule (PasswordRuleLength…) for templates and tests.
	Code string
	// Label is the rule as the form lists it, in the seed's wording.
	Label string
	// OK reports whether the password satisfies the rule.
	OK bool
}

// PasswordReport is the result of CheckPassword: the five listed rules,
// each with its state, and the refusals the list does not show (too long,
// contains the identifier or a name, too common).
type PasswordReport struct {
	// Rules are the five F-04 rules, always all present, in the form's order.
	Rules []PasswordRule
	// Problems are French sentences for the extra refusals, in a fixed order.
	Problems []string
}

// Messages of the extra refusals, worded for the person choosing a password.
const (
	passwordTooLongMessage    = "Votre mot de passe ne doit pas dépasser 128 caractères."
	passwordIdentifierMessage = "Votre mot de passe ne doit pas contenir votre identifiant."
	passwordFirstNameMessage  = "Votre mot de passe ne doit pas contenir votre prénom."
	passwordSurnameMessage    = "Votre mot de passe ne doit pas contenir votre nom."
	passwordCommonMessage     = "Ce mot de passe est trop courant : choisissez-en un plus difficile à deviner."
)

// passwordNameMinLetters: shorter names ("Li", "Ô") would refuse far too
// many passwords by chance while protecting little.
const passwordNameMinLetters = 3

// CheckPassword checks password against F-04: the five listed rules (at
// least 8 characters, 1 digit, 1 upper-case letter, 1 lower-case letter,
// 1 special character, where anything that is neither a letter nor a digit
// is special, a space included), then the refusals: longer than
// PasswordMaxLength, containing the identifier (any case), containing the
// first name or the surname (accents and case ignored, only names of three
// letters or more), or being a very common password, also when decorated
// with trailing or leading digits and symbols ("Azerty123!").
//
// identifier, firstName and surname may be empty when not known yet; the
// matching checks are then skipped.
func CheckPassword(password, identifier, firstName, surname string) PasswordReport {
	var digit, upper, lower, special bool
	for _, r := range password {
		switch {
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case !unicode.IsLetter(r):
			special = true
		}
	}
	length := utf8.RuneCountInString(password)
	report := PasswordReport{Rules: []PasswordRule{
		{Code: PasswordRuleLength, Label: "8 caractères", OK: length >= passwordMinLength},
		{Code: PasswordRuleDigit, Label: "1 chiffre", OK: digit},
		{Code: PasswordRuleUpper, Label: "1 majuscule", OK: upper},
		{Code: PasswordRuleLower, Label: "1 minuscule", OK: lower},
		{Code: PasswordRuleSpecial, Label: "1 caractère spécial", OK: special},
	}}

	if length > PasswordMaxLength {
		report.Problems = append(report.Problems, passwordTooLongMessage)
	}
	if id := strings.ToLower(strings.TrimSpace(identifier)); id != "" &&
		strings.Contains(strings.ToLower(password), id) {
		report.Problems = append(report.Problems, passwordIdentifierMessage)
	}
	// Names are looked for in the password's letters only, so "Lou-ty" and
	// "L o u t y" do not slip through.
	letters := foldedLetters(password)
	if containsNamePart(letters, firstName) {
		report.Problems = append(report.Problems, passwordFirstNameMessage)
	}
	if containsNamePart(letters, surname) {
		report.Problems = append(report.Problems, passwordSurnameMessage)
	}
	if isCommonPassword(password) {
		report.Problems = append(report.Problems, passwordCommonMessage)
	}
	return report
}

// OK reports whether the password is acceptable: every rule holds and
// nothing else refuses it.
func (r PasswordReport) OK() bool {
	for _, rule := range r.Rules {
		if !rule.OK {
			return false
		}
	}
	return len(r.Problems) == 0
}

// Messages returns, in order, a French sentence for each failing rule and
// then each extra refusal: what a form shows next to the field, or what the
// API returns. It is empty when the password is acceptable; the form then
// shows PasswordAllRulesMessage.
func (r PasswordReport) Messages() []string {
	var msgs []string
	for _, rule := range r.Rules {
		if !rule.OK {
			msgs = append(msgs, "Votre mot de passe doit comporter au minimum "+rule.Label+".")
		}
	}
	return append(msgs, r.Problems...)
}

// foldedLetters returns the letters of Fold(s), nothing else.
func foldedLetters(s string) string {
	var b strings.Builder
	for _, r := range Fold(s) {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// containsNamePart reports whether letters (from foldedLetters) contain the
// whole name or one of its words of three letters or more: for
// "Jean-Pierre" both "jeanpierre" and "pierre" are looked for, for
// "De La Fontaine" only "delafontaine" and "fontaine".
func containsNamePart(letters, name string) bool {
	if letters == "" {
		return false
	}
	parts := FoldWords(name)
	parts = append(parts, foldedLetters(name))
	for _, p := range parts {
		p = foldedLetters(p)
		if utf8.RuneCountInString(p) >= passwordNameMinLetters && strings.Contains(letters, p) {
			return true
		}
	}
	return false
}

// isCommonPassword reports whether password is in the common list, once
// folded, after removing leading and trailing digits and symbols (people
// satisfy the rules by decorating a weak word: "Azerty123!", "2024Soleil*"),
// spaces ("mot de passe"), and undoing the usual letter-for-symbol swaps
// ("P@ssw0rd").
func isCommonPassword(password string) bool {
	folded := Fold(password)
	if folded == "" {
		return false
	}
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	isSymbol := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	candidates := []string{
		folded,
		strings.TrimFunc(folded, isSymbol),       // "12345678!" → "12345678"
		strings.TrimRightFunc(folded, notLetter), // "Azerty123!" → "azerty"
		strings.TrimFunc(folded, notLetter),      // "2024Soleil*" → "soleil"
	}
	base := candidates
	for _, c := range base {
		candidates = append(candidates, strings.ReplaceAll(c, " ", ""), unleet(c))
	}
	for _, c := range candidates {
		if _, ok := commonPasswords[c]; ok {
			return true
		}
	}
	return false
}

// unleet undoes the symbol-for-letter swaps people believe make a password
// strong. It only ever produces extra candidates for an exact match, so
// mangling digits that were part of a decoration ("azerty123" →
// "azertyize") costs nothing: the undecorated candidate is checked too.
func unleet(s string) string {
	return leetReplacer.Replace(strings.ReplaceAll(s, " ", ""))
}

var leetReplacer = strings.NewReplacer(
	"@", "a", "4", "a", "8", "b", "(", "c", "3", "e", "€", "e", "6", "g", "9", "g",
	"1", "i", "!", "i", "|", "l", "0", "o", "5", "s", "$", "s", "7", "t", "+", "t", "2", "z",
)

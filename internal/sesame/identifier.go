package sesame

import (
	"fmt"
	"strings"
)

// identifierPadding stands in for a missing letter so every prefix has the
// same shape (three letters).
const identifierPadding = 'X'

// IdentifierPrefix returns the three letters that start an identifier
// (F-02): the first letter of the first name and the first two letters of
// the surname, accents removed and upper-cased; "Jean", "Louty" gives
// "JLO". Only the letters A-Z count, so spaces, hyphens and apostrophes are
// skipped ("D'Artagnan" gives "DA"), and a letter with no Latin form is
// skipped too. A part that lacks letters is padded with X in its own place:
// no first name and surname "Louty" gives "XLO", surname "O" gives "JOX",
// so the first letter always speaks for the first name.
func IdentifierPrefix(firstName, surname string) string {
	return identifierLetters(firstName, 1) + identifierLetters(surname, 2)
}

// identifierLetters returns the first n letters A-Z of the folded name,
// padded with X.
func identifierLetters(name string, n int) string {
	var b strings.Builder
	for _, r := range Fold(name) {
		if b.Len() == n {
			break
		}
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r - 'a' + 'A')
		}
	}
	for b.Len() < n {
		b.WriteRune(identifierPadding)
	}
	return b.String()
}

// FormatIdentifier returns prefix followed by seq zero-padded to six
// digits: "JLO", 439 gives "JLO000439". The sequence is platform-wide and
// never reused; past 999999 it simply grows to seven digits rather than
// wrapping, which would reuse identifiers. seq must not be negative.
func FormatIdentifier(prefix string, seq int64) string {
	return fmt.Sprintf("%s%06d", prefix, seq)
}

// NormalizeIdentifier returns s trimmed and upper-cased. Login is
// case-insensitive (F-02), and identifiers are stored upper-case, so this
// is applied to whatever a person types before any lookup.
func NormalizeIdentifier(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}

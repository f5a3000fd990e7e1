package sesame

import (
	"strings"
	"unicode"
)

// laPosteSIREN is the SIREN of La Poste, whose establishments are too many
// for the five-digit NIC to carry a Luhn key: INSEE numbers them so that
// the sum of the SIRET's fourteen digits is a multiple of 5 instead.
const laPosteSIREN = "356000000"

// NormalizeSIRET returns s without any whitespace, the form stored and
// checked: people copy SIRETs grouped as "213 300 635 00017", sometimes
// with non-breaking spaces. Anything else (letters, dots) is kept, so that
// ValidSIRET refuses it rather than a typo being silently repaired.
func NormalizeSIRET(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// ValidSIRET reports whether s, once normalised, is a well-formed SIRET:
// fourteen digits whose Luhn checksum holds, or, for La Poste (SIREN
// 356000000), whose digits add up to a multiple of 5. A typo in a SIRET
// would attach an establishment to the wrong legal entity, and the key
// catches every single-digit error and most swaps.
func ValidSIRET(s string) bool {
	s = NormalizeSIRET(s)
	if len(s) != 14 {
		return false
	}
	sum, luhn := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		sum += d
		// Luhn doubles every second digit from the right; with fourteen
		// digits those are the ones at even positions from the left.
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		luhn += d
	}
	if luhn%10 == 0 {
		return true
	}
	return strings.HasPrefix(s, laPosteSIREN) && sum%5 == 0
}

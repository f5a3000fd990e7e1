package sesame

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldGroups is the hand-written accent table: each key is what every rune
// of its value folds to. It covers the letters of Latin-1 Supplement and
// Latin Extended-A, upper and lower case, which is every letter French
// names use plus those of the neighbouring languages staff names come
// from. It is written out rather than derived from Unicode decomposition
// so the domain needs nothing beyond the standard library.
var foldGroups = map[string]string{
	"a":  "ÀÁÂÃÄÅàáâãäåĀāĂăĄą",
	"ae": "Ææ",
	"c":  "ÇçĆćĈĉĊċČč",
	"d":  "ÐðĎďĐđ",
	"e":  "ÈÉÊËèéêëĒēĔĕĖėĘęĚě",
	"g":  "ĜĝĞğĠġĢģ",
	"h":  "ĤĥĦħ",
	"i":  "ÌÍÎÏìíîïĨĩĪīĬĭĮįİı",
	"ij": "Ĳĳ",
	"j":  "Ĵĵ",
	"k":  "Ķķĸ",
	"l":  "ĹĺĻļĽľĿŀŁł",
	"n":  "ÑñŃńŅņŇňŉŊŋ",
	"o":  "ÒÓÔÕÖØòóôõöøŌōŎŏŐő",
	"oe": "Œœ",
	"r":  "ŔŕŖŗŘř",
	"s":  "ŚśŜŝŞşŠšſ",
	"ss": "ß",
	"t":  "ŢţŤťŦŧ",
	"th": "Þþ",
	"u":  "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų",
	"w":  "Ŵŵ",
	"y":  "ÝýÿŶŷŸ",
	"z":  "ŹźŻżŽž",
	// Typographic apostrophes, as typed by word processors and phones,
	// must match the plain one: "D’Artagnan" is "d'artagnan".
	"'": "’‘ʼ",
}

// foldTable indexes foldGroups by rune for the first 0x180 code points
// (up to the end of Latin Extended-A); the apostrophes live in foldOther.
var foldTable, foldOther = buildFoldTables()

func buildFoldTables() ([0x180]string, map[rune]string) {
	var table [0x180]string
	other := map[rune]string{}
	for to, from := range foldGroups {
		for _, r := range from {
			if r < 0x180 {
				table[r] = to
			} else {
				other[r] = to
			}
		}
	}
	return table, other
}

// Fold returns the search key of s: lower case, accents removed, ligatures
// expanded (œ→oe, æ→ae, ß→ss), typographic apostrophes made plain,
// whitespace runs collapsed to one space, trimmed. "Céline" gives
// "celine", "ŒUVRE" gives "oeuvre". Search (F-21) stores and queries these
// keys so that "celine" finds "Céline" with a plain index range, which no
// database collation does the same way on SQLite and PostgreSQL.
//
// Combining marks are dropped too, so text typed in decomposed form
// ("e" + U+0301, as macOS may send it) folds like the precomposed letter.
// Letters outside the table are only lower-cased.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pendingSpace = b.Len() > 0
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(unicode.ToLower(r))
		case r < rune(len(foldTable)) && foldTable[r] != "":
			b.WriteString(foldTable[r])
		case foldOther[r] != "":
			b.WriteString(foldOther[r])
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// FoldWords returns the words of Fold(s), split on spaces, hyphens,
// apostrophes and dots. Search matches each typed word as a prefix of a
// word, so "Marie-Claire" is found by "claire" and "D'Artagnan" by
// "artagnan".
func FoldWords(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '\'' || r == '.'
	})
}

// PrefixUpperBound returns the smallest string greater than every string
// that starts with prefix, so a prefix search becomes an index range
// `key >= prefix AND key < bound` on both SQLite and PostgreSQL ("cel"
// gives "cem"). An empty result means "no upper bound": the prefix is
// empty, or no string is greater (it is made only of 0xFF bytes or of
// U+10FFFF runes), and the caller must then omit the `< bound` condition.
//
// For valid UTF-8, the last rune is incremented rather than the last byte,
// so the bound is valid UTF-8 as well: PostgreSQL rejects invalid UTF-8 in
// a text parameter, and UTF-8 byte order equals code point order, so the
// range is the same. For ASCII this is the same as incrementing the last
// byte. Invalid UTF-8 falls back to bytes: trailing 0xFF bytes are dropped
// and the byte before them incremented.
//
// The comparison must be bytewise: BINARY collation on SQLite (its
// default), COLLATE "C" on PostgreSQL.
func PrefixUpperBound(prefix string) string {
	if !utf8.ValidString(prefix) {
		b := []byte(prefix)
		for len(b) > 0 && b[len(b)-1] == 0xFF {
			b = b[:len(b)-1]
		}
		if len(b) == 0 {
			return ""
		}
		b[len(b)-1]++
		return string(b)
	}
	s := prefix
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
		if r == utf8.MaxRune {
			continue
		}
		next := r + 1
		if next >= 0xD800 && next <= 0xDFFF { // surrogates are not valid runes
			next = 0xE000
		}
		return s + string(next)
	}
	return ""
}

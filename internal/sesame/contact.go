package sesame

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// emailMaxLength is the longest address SMTP can carry (RFC 5321 path
// limit minus the angle brackets); longer input is garbage or an attack.
const emailMaxLength = 254

// emailLocalMaxLength is RFC 5321's limit on the part before the @.
const emailLocalMaxLength = 64

// ValidEmail reports whether s is a plain e-mail address we can send the
// activation link to: exactly what net/mail parses it to (no display name,
// no angle brackets, no comments, no quoting), one @, a domain with a dot
// and no empty or over-long (> 63 bytes) label, no whitespace, at most 254 characters. It is stricter
// than RFC 5322 on purpose: every address it accepts is one an
// administrator can read back and an SMTP server will take.
func ValidEmail(s string) bool {
	if s == "" || len(s) > emailMaxLength || strings.Count(s, "@") != 1 {
		return false
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return false
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return false
	}
	local, domain, _ := strings.Cut(s, "@")
	if local == "" || len(local) > emailLocalMaxLength {
		return false
	}
	// Domain literals ("[192.0.2.1]") are legal but never a real staff
	// address.
	if !strings.Contains(domain, ".") || strings.ContainsAny(domain, "[]") {
		return false
	}
	for label := range strings.SplitSeq(domain, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
	}
	return true
}

// NormalizeEmail returns s trimmed with its domain lower-cased. Domains are
// case-insensitive, so "Jean@Mairie-Bordeaux.FR" and
// "Jean@mairie-bordeaux.fr" are the same mailbox; the local part is left
// as typed because, strictly, only the receiving server may fold it.
func NormalizeEmail(s string) string {
	s = strings.TrimSpace(s)
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return s
	}
	return s[:at+1] + strings.ToLower(s[at+1:])
}

// phoneCountryCodes are France's international prefix and those of the
// overseas departments, which have their own prefix but share the
// ten-digit national numbering: for all of them the national form is "0"
// followed by the nine digits after the prefix.
var phoneCountryCodes = []string{"33", "262", "269", "590", "594", "596"}

// NormalizePhone returns the ten-digit national form of a French telephone
// number ("0556114123") and whether s was one. It accepts the ways people
// write them: "05 56 11 41 23", "05.56.11.41.23", "05-56-11-41-23",
// "+33 5 56 11 41 23", "+33 (0)5 56 11 41 23", "0033 5 56 11 41 23", and
// the overseas prefixes +262, +269, +590, +594 and +596. The field is
// optional, so empty input gives ("", true).
//
// The seed calls the field "Téléphone fixe", but any French number is
// accepted: many staff only have a professional mobile, and refusing it
// would not make anyone reachable.
func NormalizePhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '.' || r == '-' || r == '/' {
			return -1
		}
		return r
	}, s)
	international := false
	switch {
	case strings.HasPrefix(s, "+"):
		s, international = s[1:], true
	case strings.HasPrefix(s, "00"):
		s, international = s[2:], true
	}
	if international {
		code := ""
		for _, c := range phoneCountryCodes {
			if strings.HasPrefix(s, c) {
				code = c
				break
			}
		}
		if code == "" {
			return "", false
		}
		s = strings.TrimPrefix(s[len(code):], "(0)")
		// "+33 0 5 56…" is wrong but common; the 0 is the trunk prefix.
		if len(s) == 10 && s[0] == '0' {
			s = s[1:]
		}
		if len(s) != 9 {
			return "", false
		}
		s = "0" + s
	}
	if len(s) != 10 || s[0] != '0' || s[1] < '1' || s[1] > '9' {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	return s, true
}

// Messages for person names and free text, worded for the form.
const (
	requiredMessage       = "Ce champ est obligatoire."
	nameTooLongMessage    = "100 caractères au maximum."
	nameCharactersMessage = "Seuls les lettres, espaces, tirets et apostrophes sont acceptés."
	nameNoLetterMessage   = "Saisissez au moins une lettre."
	textMarkupMessage     = "Les caractères < et > ne sont pas acceptés."
	textControlMessage    = "Ce texte contient des caractères invisibles ou de contrôle, qui ne sont pas acceptés."
	textEncodingMessage   = "Ce texte contient des caractères illisibles."
)

// nameMaxLength bounds surnames and first names in characters: enough for
// any real compound name, small enough for lists, letters and identifiers.
const nameMaxLength = 100

// CheckPersonName checks a surname or first name as typed in a form and
// returns "" if it is acceptable, or the French message to show next to
// the field. The value is checked trimmed; the caller stores it trimmed.
// Allowed: letters of any alphabet, accented or not, spaces, hyphens,
// apostrophes (' and ’) and dots ("St."), with at least one letter. Digits
// and other symbols are refused because names end up in letters to the
// legal representative, e-mails and the identifier.
func CheckPersonName(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return requiredMessage
	}
	if !utf8.ValidString(s) {
		return nameCharactersMessage
	}
	if utf8.RuneCountInString(s) > nameMaxLength {
		return nameTooLongMessage
	}
	hasLetter := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			hasLetter = true
		case r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.':
		case unicode.Is(unicode.Mn, r) && hasLetter:
			// A combining accent typed in decomposed form ("e" + U+0301).
		default:
			return nameCharactersMessage
		}
	}
	if !hasLetter {
		return nameNoLetterMessage
	}
	return ""
}

// CheckFreeText checks an optional free-text field (department, address
// line) and returns "" if it is acceptable or the French message to show.
// Empty is acceptable. Refused: more than maxRunes characters, < and > (the
// text is shown in pages, e-mails, exports and PDF letters, so markup has
// no business there), and control, format or line-separator characters,
// which are invisible and can reorder displayed text (U+202E). A field is
// one line: a multi-line address is checked line by line.
func CheckFreeText(s string, maxRunes int) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !utf8.ValidString(s) {
		return textEncodingMessage
	}
	if utf8.RuneCountInString(s) > maxRunes {
		return fmt.Sprintf("%d caractères au maximum.", maxRunes)
	}
	if strings.ContainsAny(s, "<>") {
		return textMarkupMessage
	}
	for _, r := range s {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
			return textControlMessage
		}
	}
	return ""
}

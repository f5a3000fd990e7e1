// Package letters renders the letter posted to an establishment's legal
// representative when someone becomes an administrator of its accounts
// (F-70, F-08): an A4 portrait PDF laid out as a French administrative
// letter, with the recipient block where a window envelope shows it.
package letters

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// The reasons a letter is sent (F-08).
const (
	// ReasonCreation: an account was created with the Administrateur profile.
	ReasonCreation = "creation"
	// ReasonPromotion: a user's profile went from Utilisateur to Administrateur.
	ReasonPromotion = "promotion"
)

// Administrator is the person who became an administrator.
type Administrator struct {
	Civility   sesame.Civility
	Surname    string
	FirstName  string
	Identifier string
	Email      string
}

// Letter is everything one letter says.
type Letter struct {
	// Establishment gives the recipient: its legal representative (civility,
	// names, title, postal address) and its own name and address, used when
	// the representative has no postal address of their own.
	Establishment sesame.Establishment
	NewAdmin      Administrator
	Reason        string      // ReasonCreation or ReasonPromotion
	Author        string      // who did it: "Mme Anne Gueriot", "l'assistance technique de la plateforme"
	ChangedOn     sesame.Date // when the account was created or promoted
	WrittenOn     sesame.Date // the date of the letter
	Reference     string      // e.g. "SES-2026-000123"
}

// The sender: the platform's support. The address and contacts are
// fictitious (a Paris CEDEX that does not exist, a telephone number in the
// range ARCEP reserves for fiction, a reserved .example domain); set the real
// ones before the first letter is posted.
var (
	senderLines = []string{
		sesame.PlatformName + " — Plateforme des employeurs publics",
		"Assistance technique",
		"14 rue de l’Exemple",
		"CS 70000",
		"75998 PARIS CEDEX 14",
	}
	supportPhone = "01\u00a099\u00a000\u00a012\u00a034"
	supportEmail = "assistance@sesame.example"
	senderCity   = "Paris"
)

// Page geometry in millimetres. The recipient block sits where the window
// of a DL or C5 envelope with a right-hand window shows it.
const (
	marginLeft   = 22.0
	marginRight  = 20.0
	marginTop    = 15.0
	marginBottom = 22.0
	recipientX   = 110.0
	recipientY   = 50.0
	lineHeight   = 5.4
	font         = "Helvetica"
)

// Render writes l as a PDF to w. The same letter always gives the same bytes.
func Render(w io.Writer, l Letter) error {
	if err := l.validate(); err != nil {
		return err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	tr := translator(pdf)
	pageW, pageH := pdf.GetPageSize()
	contentW := pageW - marginLeft - marginRight

	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetLang("fr-FR")
	pdf.SetTitle(subject+" — "+l.Establishment.Name, true)
	pdf.SetSubject("Référence "+l.Reference, true)
	pdf.SetAuthor(sesame.PlatformName+" — Assistance technique", true)
	pdf.SetCreator(sesame.PlatformName, true)
	pdf.SetProducer(sesame.PlatformName, true)
	// Fixed dates and object order make the output reproducible.
	pdf.SetCreationDate(l.WrittenOn.StartOfDay())
	pdf.SetModificationDate(l.WrittenOn.StartOfDay())
	pdf.SetCatalogSort(true)
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(pageH - 14)
		pdf.SetFont(font, "", 7.5)
		pdf.SetTextColor(90, 90, 90)
		footer := sesame.PlatformName + " · Référence " + l.Reference + " · Page " + fmt.Sprint(pdf.PageNo()) + "/{nb}"
		pdf.CellFormat(0, 4, tr(footer), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()

	// Sender, top left.
	const senderW = recipientX - marginLeft - 2
	pdf.SetXY(marginLeft, marginTop)
	for i, line := range senderLines {
		style, size := "", 9.5
		if i == 0 {
			style, size = "B", 10
		}
		pdf.SetFont(font, style, size)
		pdf.SetX(marginLeft)
		pdf.MultiCell(senderW, 4.6, tr(line), "", "L", false)
	}
	pdf.SetFont(font, "", 9.5)
	pdf.SetX(marginLeft)
	pdf.MultiCell(senderW, 4.6, tr("Tél.\u00a0: "+supportPhone), "", "L", false)
	pdf.SetX(marginLeft)
	pdf.MultiCell(senderW, 4.6, tr("Courriel\u00a0: "+supportEmail), "", "L", false)
	senderEnd := pdf.GetY()

	// Recipient, on the right.
	recipientW := pageW - marginRight - recipientX
	pdf.SetXY(recipientX, max(recipientY, senderEnd+6))
	pdf.SetFont(font, "", 11)
	for _, line := range l.recipientLines() {
		pdf.SetX(recipientX)
		pdf.MultiCell(recipientW, 5, tr(line), "", "L", false)
	}

	// Place and date.
	pdf.SetXY(recipientX, max(pdf.GetY()+10, 95))
	pdf.MultiCell(recipientW, lineHeight, tr(senderCity+", le "+FrenchDate(l.WrittenOn)), "", "L", false)

	// Subject and reference.
	pdf.SetXY(marginLeft, pdf.GetY()+8)
	labelled := func(label, text string) {
		pdf.SetX(marginLeft)
		pdf.SetFont(font, "B", 11)
		labelW := pdf.GetStringWidth(tr(label)) + 1
		pdf.CellFormat(labelW, lineHeight, tr(label), "", 0, "L", false, 0, "")
		pdf.SetFont(font, "", 11)
		// MultiCell keeps its continuation lines at its own x.
		pdf.MultiCell(contentW-labelW, lineHeight, tr(text), "", "L", false)
	}
	labelled("Objet\u00a0:", subject)
	labelled("Référence\u00a0:", l.Reference)

	// Salutation, body, formula of politeness.
	pdf.SetY(pdf.GetY() + 8)
	vocative := Salutation(l.Establishment.Representative)
	paragraph := func(text string) {
		pdf.SetX(marginLeft)
		pdf.MultiCell(contentW, lineHeight, tr(text), "", "J", false)
		pdf.Ln(3)
	}
	paragraph(vocative + ",")
	for _, p := range l.body() {
		paragraph(p)
	}
	// The formula of politeness and the signature stay together.
	politeness := "Je vous prie d’agréer, " + vocative + ", l’expression de mes salutations distinguées."
	closing := float64(len(pdf.SplitLines([]byte(tr(politeness)), contentW)))*lineHeight + 3 + 6 + 2*lineHeight
	if pdf.GetY()+closing > pageH-marginBottom {
		pdf.AddPage()
	}
	paragraph(politeness)

	// Signature.
	pdf.SetXY(recipientX, pdf.GetY()+6)
	for i, line := range []string{"Pour la plateforme " + sesame.PlatformName + ",", "Le responsable de l’assistance technique"} {
		style := ""
		if i == 1 {
			style = "B"
		}
		pdf.SetFont(font, style, 11)
		pdf.SetX(recipientX)
		pdf.MultiCell(recipientW, lineHeight, tr(line), "", "L", false)
	}

	if err := pdf.Error(); err != nil {
		return fmt.Errorf("letters: %w", err)
	}
	return pdf.Output(w)
}

const subject = "désignation d’un nouvel administrateur des comptes " + sesame.PlatformName

func (l *Letter) validate() error {
	var missing []string
	if strings.TrimSpace(l.Establishment.Name) == "" {
		missing = append(missing, "establishment name")
	}
	rep := l.Establishment.Representative
	if strings.TrimSpace(rep.Surname) == "" {
		missing = append(missing, "representative surname")
	}
	if strings.TrimSpace(l.NewAdmin.Surname) == "" && strings.TrimSpace(l.NewAdmin.FirstName) == "" {
		missing = append(missing, "new administrator name")
	}
	if strings.TrimSpace(l.NewAdmin.Identifier) == "" {
		missing = append(missing, "new administrator identifier")
	}
	if l.ChangedOn.IsZero() {
		missing = append(missing, "date of the change")
	}
	if l.WrittenOn.IsZero() {
		missing = append(missing, "date of the letter")
	}
	if strings.TrimSpace(l.Reference) == "" {
		missing = append(missing, "reference")
	}
	var err error
	if len(missing) > 0 {
		err = fmt.Errorf("letters: missing %s", strings.Join(missing, ", "))
	}
	if l.Reason != ReasonCreation && l.Reason != ReasonPromotion {
		err = errors.Join(err, fmt.Errorf("letters: unknown reason %q (want %q or %q)", l.Reason, ReasonCreation, ReasonPromotion))
	}
	return err
}

// recipientLines is the postal block: the representative, their title, the
// establishment, then the representative's address (or the establishment's
// when the representative has none), city in capitals as La Poste asks.
func (l *Letter) recipientLines() []string {
	rep := l.Establishment.Representative
	lines := []string{joinNonEmpty(rep.Civility.Long(), rep.FirstName, rep.Surname)}
	if t := strings.TrimSpace(rep.Title); t != "" {
		lines = append(lines, t)
	}
	lines = append(lines, strings.TrimSpace(l.Establishment.Name))
	addr := rep.Address
	if strings.TrimSpace(addr.Street+addr.Postcode+addr.City) == "" {
		addr = l.Establishment.Address
	}
	for line := range strings.SplitSeq(addr.Street, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	if city := joinNonEmpty(addr.Postcode, strings.ToUpper(addr.City)); city != "" {
		lines = append(lines, city)
	}
	return lines
}

// body is the letter's paragraphs between the salutation and the formula
// of politeness.
func (l *Letter) body() []string {
	a := l.NewAdmin
	who := joinNonEmpty(a.Civility.Long(), a.FirstName, a.Surname)
	ids := "identifiant\u00a0: " + a.Identifier
	if e := strings.TrimSpace(a.Email); e != "" {
		ids += "\u00a0; adresse électronique\u00a0: " + e
	}
	author := strings.TrimSpace(l.Author)
	if author == "" {
		author = "un administrateur de votre établissement"
	}
	on := "Le " + FrenchDate(l.ChangedOn) + ", " + author
	name := strings.TrimSpace(l.Establishment.Name)

	var what string
	if l.Reason == ReasonCreation {
		what = on + " a créé sur la plateforme " + sesame.PlatformName + " un compte doté du profil Administrateur pour " +
			who + " (" + ids + "). Ce compte pourra être utilisé dès que son titulaire l’aura activé au moyen du lien " +
			"qui lui a été adressé par courrier électronique."
	} else {
		what = on + " a attribué le profil Administrateur à " + who + " (" + ids + "), qui disposait jusqu’alors " +
			"d’un compte doté du profil Utilisateur. Ce changement prendra effet à sa prochaine connexion à la plateforme."
	}
	return []string{
		"J’ai l’honneur de vous informer qu’un nouvel administrateur des comptes a été désigné pour " +
			"l’établissement «\u00a0" + name + "\u00a0» sur " + sesame.PlatformName +
			", la plateforme des employeurs publics.",
		what,
		"Un administrateur gère les comptes de votre établissement sur la plateforme\u00a0: il crée les comptes " +
			"des agents, leur attribue ou leur retire l’accès aux services en ligne, réexamine régulièrement ces " +
			"comptes et supprime ceux qui ne sont plus utiles. Il accepte les conditions générales d’utilisation " +
			"au nom de l’établissement et peut désigner d’autres administrateurs, chaque désignation faisant " +
			"l’objet d’un courrier comme celui-ci.",
		"Si cette désignation ne correspond pas à votre volonté, je vous invite à contacter sans délai " +
			"l’assistance technique de la plateforme, par téléphone au " + supportPhone + " ou par courriel à " +
			supportEmail + ", en rappelant la référence " + l.Reference + ". Les droits de ce compte pourront " +
			"alors être retirés.",
	}
}

// Salutation is how the letter addresses the representative, without the
// comma: "Madame la Maire", "Monsieur le Président" (for "Président du
// conseil départemental"), "Madame l’Administratrice", or plain "Madame"
// when no title is known. It is also repeated in the formula of politeness.
func Salutation(r sesame.LegalRepresentative) string {
	civ := r.Civility.Long()
	title := shortTitle(r.Title)
	if title == "" {
		return civ
	}
	first, size := utf8.DecodeRuneInString(title)
	title = string(unicode.ToUpper(first)) + title[size:]
	switch {
	case strings.ContainsRune("aeiouyàâäéèêëîïôöùûüœ", unicode.ToLower(first)):
		return civ + " l’" + title
	case r.Civility == sesame.CivilityMrs:
		return civ + " la " + title
	default:
		return civ + " le " + title
	}
}

// shortTitle keeps the function of a title and drops what it is the
// function of: "Directeur général des services" gives "Directeur général",
// "Présidente du conseil départemental" gives "Présidente".
func shortTitle(title string) string {
	words := strings.Fields(title)
	for i, w := range words {
		lw := strings.ToLower(w)
		switch {
		case lw == "de" || lw == "du" || lw == "des" || lw == "d’" || lw == "d'",
			strings.HasPrefix(lw, "d’") || strings.HasPrefix(lw, "d'"),
			lw == "à" || lw == "au" || lw == "aux" || lw == "en" || lw == "pour" || lw == "chargé" || lw == "chargée":
			if i > 0 {
				words = words[:i]
			}
			return strings.TrimRight(strings.Join(words, " "), ",;:")
		}
	}
	return strings.TrimRight(strings.Join(words, " "), ",;:")
}

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// FrenchDate writes d as in a letter: "18 mars 2026", "1er avril 2026".
func FrenchDate(d sesame.Date) string {
	if d.IsZero() || d.Month < time.January || d.Month > time.December {
		return ""
	}
	day := fmt.Sprint(d.Day)
	if d.Day == 1 {
		day = "1er"
	}
	return day + " " + frenchMonths[d.Month-1] + " " + fmt.Sprint(d.Year)
}

func joinNonEmpty(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ")
}

// translator turns UTF-8 into the cp1252 bytes the PDF core fonts expect.
// Spaces French typography uses (narrow no-break, thin) become no-break
// spaces, a few dashes become hyphens, and characters cp1252 lacks become
// "?" rather than fpdf's ".", which could pass for punctuation.
func translator(pdf *fpdf.Fpdf) func(string) string {
	cp1252 := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	return func(s string) string {
		var b strings.Builder
		for _, r := range s {
			switch r {
			case '\r', '\t':
				r = ' '
			case '\u202f', '\u2009', '\u2007', '\u2008', '\u200a':
				r = '\u00a0'
			case '\u2010', '\u2011', '\u2012', '\u2212':
				r = '-'
			case '\u200b', '\ufeff':
				continue
			}
			if r < 0x80 {
				b.WriteRune(r)
				continue
			}
			if c := cp1252(string(r)); c != "." {
				b.WriteString(c)
			} else {
				b.WriteByte('?')
			}
		}
		return b.String()
	}
}

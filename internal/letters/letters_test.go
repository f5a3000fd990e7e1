package letters

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sesame-platform/sesame/internal/sesame"
)

func sampleLetter() Letter {
	var l Letter
	l.Establishment = sesame.Establishment{
		Name:    "Commune de Saint-Rémy-de-Provence",
		SIRET:   "21130100100016",
		Address: sesame.Address{Street: "Place Jules Pélissier", Postcode: "13210", City: "Saint-Rémy-de-Provence"},
		Representative: sesame.LegalRepresentative{
			Civility:  sesame.CivilityMrs,
			Surname:   "Lefèvre",
			FirstName: "Hélène",
			Title:     "Maire",
			Address:   sesame.Address{Street: "Hôtel de ville\nPlace Jules Pélissier", Postcode: "13210", City: "Saint-Rémy-de-Provence"},
		},
	}
	l.NewAdmin = Administrator{Civility: sesame.CivilityMr, Surname: "Bœuf", FirstName: "Jérôme", Identifier: "jboeuf7", Email: "jerome.boeuf@example.fr"}
	l.Reason = ReasonPromotion
	l.Author = "Mme Anne Gueriot"
	l.ChangedOn = sesame.NewDate(2026, time.March, 16)
	l.WrittenOn = sesame.NewDate(2026, time.March, 18)
	l.Reference = "SES-2026-000123"
	return l
}

// pdfText renders l and reads it back with poppler's pdftotext, a real PDF
// text extractor, with whitespace (including no-break spaces) collapsed so
// words wrapped across lines still match.
func pdfText(t *testing.T, l Letter) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext not found: install Debian's poppler-utils (apt-get install -y poppler-utils)")
		}
		t.Skip("pdftotext not found: install Debian's poppler-utils (apt-get install -y poppler-utils) to run this test")
	}
	var buf bytes.Buffer
	if err := Render(&buf, l); err != nil {
		t.Fatalf("Render: %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("output is not a PDF: %q", buf.Bytes()[:min(buf.Len(), 20)])
	}
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Page 1/") {
		t.Errorf("footer missing:\n%s", out)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(string(out), "\u00a0", " ")), " ")
}

func wantAll(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF text lacks %q; it reads:\n%s", w, text)
		}
	}
}

func TestRenderPromotion(t *testing.T) {
	text := pdfText(t, sampleLetter())
	wantAll(t, text,
		// Recipient: the representative, title, establishment, address.
		"Madame Hélène Lefèvre", "Maire", "Commune de Saint-Rémy-de-Provence", "Hôtel de ville", "13210 SAINT-RÉMY-DE-PROVENCE",
		// Sender, place and date, subject, reference.
		"Sésame — Plateforme des employeurs publics", "Assistance technique",
		"Paris, le 18 mars 2026",
		"Objet : désignation d’un nouvel administrateur des comptes Sésame",
		"Référence : SES-2026-000123",
		// Salutation and body: who, by whom, when, how.
		"Madame la Maire,",
		"Monsieur Jérôme Bœuf", "identifiant : jboeuf7", "jerome.boeuf@example.fr",
		"Le 16 mars 2026, Mme Anne Gueriot a attribué le profil Administrateur",
		"profil Utilisateur", "prochaine connexion",
		"« Commune de Saint-Rémy-de-Provence »",
		"contacter sans délai l’assistance technique",
		"Je vous prie d’agréer, Madame la Maire, l’expression de mes salutations distinguées.",
		"Le responsable de l’assistance technique",
		// Accents come back intact.
		"désigné", "à", "réexamine", "générales", "jusqu’alors",
	)
	if strings.Contains(text, "?") {
		t.Errorf("a character was not translated to cp1252:\n%s", text)
	}
}

func TestRenderCreationByOperator(t *testing.T) {
	l := sampleLetter()
	l.Reason = ReasonCreation
	l.Author = "l’assistance technique de la plateforme"
	l.ChangedOn = sesame.NewDate(2026, time.April, 1)
	l.WrittenOn = sesame.NewDate(2026, time.April, 2)
	text := pdfText(t, l)
	wantAll(t, text,
		"Le 1er avril 2026, l’assistance technique de la plateforme a créé",
		"un compte doté du profil Administrateur pour Monsieur Jérôme Bœuf",
		"Paris, le 2 avril 2026",
	)
	if strings.Contains(text, "a attribué") {
		t.Errorf("a creation letter speaks of a promotion:\n%s", text)
	}
}

func TestRenderWrapsLongNames(t *testing.T) {
	l := sampleLetter()
	l.Establishment.Name = "Syndicat intercommunal à vocation multiple pour l’aménagement, l’entretien et la gestion des équipements sportifs et culturels du bassin de la Haute-Durance"
	l.Establishment.Representative = sesame.LegalRepresentative{
		Civility:  sesame.CivilityMr,
		Surname:   "de La Tour d’Auvergne-Lauraguais",
		FirstName: "Jean-Baptiste",
		Title:     "Président du comité syndical",
	}
	l.Establishment.Address = sesame.Address{
		Street:   "Maison des services publics intercommunaux, bâtiment B, deuxième étage\n1200 avenue du Maréchal-de-Lattre-de-Tassigny",
		Postcode: "05100",
		City:     "Briançon",
	}
	text := pdfText(t, l)
	wantAll(t, text,
		"Monsieur Jean-Baptiste de La Tour d’Auvergne-Lauraguais",
		"Président du comité syndical",
		"Syndicat intercommunal à vocation multiple pour l’aménagement, l’entretien et la gestion des équipements sportifs et culturels du bassin de la Haute-Durance",
		"1200 avenue du Maréchal-de-Lattre-de-Tassigny", "05100 BRIANÇON",
		"Monsieur le Président,",
		"Monsieur Jérôme Bœuf", "16 mars 2026",
		// The letter runs onto a second page, but the formula of politeness
		// stays with the signature.
		"Page 2/2",
		"salutations distinguées. Pour la plateforme Sésame, Le responsable de l’assistance technique",
	)
}

func TestRenderIsReproducible(t *testing.T) {
	var a, b bytes.Buffer
	if err := Render(&a, sampleLetter()); err != nil {
		t.Fatal(err)
	}
	if err := Render(&b, sampleLetter()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same letter gave different bytes")
	}
}

func TestRenderRefusesIncompleteLetters(t *testing.T) {
	for name, change := range map[string]func(*Letter){
		"unknown reason":    func(l *Letter) { l.Reason = "demotion" },
		"no reference":      func(l *Letter) { l.Reference = "" },
		"no change date":    func(l *Letter) { l.ChangedOn = sesame.Date{} },
		"no letter date":    func(l *Letter) { l.WrittenOn = sesame.Date{} },
		"no admin":          func(l *Letter) { l.NewAdmin = Administrator{} },
		"no representative": func(l *Letter) { l.Establishment.Representative = sesame.LegalRepresentative{} },
	} {
		l := sampleLetter()
		change(&l)
		var buf bytes.Buffer
		if err := Render(&buf, l); err == nil {
			t.Errorf("%s: Render accepted it", name)
		} else if buf.Len() != 0 {
			t.Errorf("%s: Render wrote %d bytes before failing", name, buf.Len())
		}
	}
}

func TestSalutation(t *testing.T) {
	for _, c := range []struct {
		civ   sesame.Civility
		title string
		want  string
	}{
		{sesame.CivilityMrs, "Maire", "Madame la Maire"},
		{sesame.CivilityMr, "Maire", "Monsieur le Maire"},
		{sesame.CivilityMr, "Directeur général des services", "Monsieur le Directeur général"},
		{sesame.CivilityMrs, "présidente du conseil départemental", "Madame la Présidente"},
		{sesame.CivilityMrs, "Administratrice", "Madame l’Administratrice"},
		{sesame.CivilityMr, "Directeur d’hôpital", "Monsieur le Directeur"},
		{sesame.CivilityMr, "Élu chargé du personnel", "Monsieur l’Élu"},
		{sesame.CivilityMrs, "", "Madame"},
		{sesame.CivilityMr, "  ", "Monsieur"},
	} {
		got := Salutation(sesame.LegalRepresentative{Civility: c.civ, Title: c.title})
		if got != c.want {
			t.Errorf("Salutation(%s, %q) = %q, want %q", c.civ, c.title, got, c.want)
		}
	}
}

func TestFrenchDate(t *testing.T) {
	for d, want := range map[sesame.Date]string{
		sesame.NewDate(2026, time.March, 18):    "18 mars 2026",
		sesame.NewDate(2026, time.February, 1):  "1er février 2026",
		sesame.NewDate(2025, time.August, 15):   "15 août 2025",
		sesame.NewDate(2025, time.December, 31): "31 décembre 2025",
		{}:                                      "",
	} {
		if got := FrenchDate(d); got != want {
			t.Errorf("FrenchDate(%v) = %q, want %q", d, got, want)
		}
	}
}

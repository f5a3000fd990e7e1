package mail_test

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/sesame-platform/sesame/internal/mail"
)

var claire = mail.Person{Email: "claire.dupont@commune.example", Civility: "Mme", Surname: "Dupont", FirstName: "Claire"}

const activationLink = "https://sesame.example/activation/Zm9vYmFy"

func activationData() mail.ActivationData {
	return mail.ActivationData{
		To:            claire,
		CreatedOn:     "18/03/2024",
		CreatorName:   "Madame Gueriot",
		Profile:       "utilisateur",
		Establishment: "COMMUNE DE SAINT-ÉMILION",
		Link:          activationLink,
		ValidDays:     15,
	}
}

// contains checks that every sentence appears in the text part and, once
// entities are decoded, in the HTML part.
func contains(t *testing.T, m mail.Message, sentences ...string) {
	t.Helper()
	h := html.UnescapeString(m.HTML)
	for _, s := range sentences {
		if !strings.Contains(m.Text, s) {
			t.Errorf("text part lacks %q; text:\n%s", s, m.Text)
		}
		if !strings.Contains(h, s) {
			t.Errorf("HTML part lacks %q; html:\n%s", s, m.HTML)
		}
	}
}

// lacks checks that no sentence appears in either part.
func lacks(t *testing.T, m mail.Message, sentences ...string) {
	t.Helper()
	h := html.UnescapeString(m.HTML)
	for _, s := range sentences {
		if strings.Contains(m.Text, s) || strings.Contains(h, s) {
			t.Errorf("message unexpectedly contains %q", s)
		}
	}
}

// hasLink checks the button's target in HTML and the raw URL in the text.
func hasLink(t *testing.T, m mail.Message, link string) {
	t.Helper()
	if !strings.Contains(m.Text, "\n"+link+"\n") {
		t.Errorf("text part lacks the raw link %s on its own line:\n%s", link, m.Text)
	}
	// Compare decoded attribute values: html/template may escape more
	// characters than html.EscapeString ("+" becomes "&#43;"), which
	// browsers decode back.
	for _, h := range hrefRE.FindAllStringSubmatch(m.HTML, -1) {
		if html.UnescapeString(h[1]) == link {
			return
		}
	}
	t.Errorf("HTML part lacks a link to %s:\n%s", link, m.HTML)
}

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

// layoutSentences are in every e-mail.
var layoutSentences = []string{
	"Sésame — Plateforme des employeurs publics",
	"L'assistance technique de la plateforme Sésame",
}

func TestActivation(t *testing.T) {
	m, err := mail.Activation(activationData())
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Vous pouvez créer votre mot de passe" {
		t.Errorf("subject = %q", m.Subject)
	}
	if m.To != claire.Email || m.ToName != "Claire Dupont" {
		t.Errorf("to = %q %q", m.ToName, m.To)
	}
	contains(t, m, layoutSentences...)
	contains(t, m,
		"Bonjour Madame Dupont,",
		"Le 18/03/2024, Madame Gueriot vous a créé un compte en tant qu'utilisateur à la plateforme Sésame pour l'établissement COMMUNE DE SAINT-ÉMILION.",
		"Pour finaliser la procédure, vous devez créer votre mot de passe.",
		"Créer mon mot de passe",
		"pour des raisons de sécurité, vous avez 15 jours pour le créer. Passé ce délai, Madame Gueriot devra procéder à une nouvelle demande.",
		"Vous pourrez accéder ensuite aux services de la plateforme Sésame auxquels vous êtes habilité(e).",
		"A bientôt sur la plateforme Sésame.",
	)
	if !strings.Contains(m.Text, "Attention ! pour des raisons de sécurité") {
		t.Errorf("text part lacks the seed's warning wording:\n%s", m.Text)
	}
	lacks(t, m, "ne fonctionnent plus")
	hasLink(t, m, activationLink)
	// The footer links to the platform, derived from the link.
	if !strings.Contains(m.HTML, `href="https://sesame.example/"`) {
		t.Errorf("HTML footer lacks the platform link")
	}
}

func TestActivationVariants(t *testing.T) {
	t.Run("resent", func(t *testing.T) {
		d := activationData()
		d.Resent = true
		m, err := mail.Activation(d)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, m, "les liens reçus précédemment ne fonctionnent plus")
		hasLink(t, m, activationLink)
	})
	t.Run("created by the operator", func(t *testing.T) {
		d := activationData()
		d.CreatorName = ""
		d.Profile = "Administrateur"
		m, err := mail.Activation(d)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, m,
			"Le 18/03/2024, l'assistance technique de la plateforme vous a créé un compte en tant qu'administrateur à la plateforme Sésame",
			"Passé ce délai, l'assistance technique de la plateforme devra procéder à une nouvelle demande.",
		)
	})
	t.Run("one day, monsieur", func(t *testing.T) {
		d := activationData()
		d.ValidDays = 1
		d.To = mail.Person{Email: "jean.louty@commune.example", Civility: "M.", Surname: "Louty", FirstName: "Jean"}
		m, err := mail.Activation(d)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, m, "Bonjour Monsieur Louty,", "vous avez 1 jour pour le créer")
	})
}

func TestActivationRefusesBadData(t *testing.T) {
	for name, mutate := range map[string]func(*mail.ActivationData){
		"no e-mail":        func(d *mail.ActivationData) { d.To.Email = "" },
		"relative link":    func(d *mail.ActivationData) { d.Link = "/activation/abc" },
		"javascript link":  func(d *mail.ActivationData) { d.Link = "javascript:alert(1)" },
		"unknown profile":  func(d *mail.ActivationData) { d.Profile = "superviseur" },
		"no validity":      func(d *mail.ActivationData) { d.ValidDays = 0 },
		"no establishment": func(d *mail.ActivationData) { d.Establishment = " " },
		"no creation date": func(d *mail.ActivationData) { d.CreatedOn = "" },
	} {
		t.Run(name, func(t *testing.T) {
			d := activationData()
			mutate(&d)
			if _, err := mail.Activation(d); err == nil {
				t.Error("want an error")
			}
		})
	}
}

// TestHTMLEscaping feeds markup in every user-supplied value: the HTML part
// must show it as text, the text part must keep it verbatim.
func TestHTMLEscaping(t *testing.T) {
	const (
		evilSurname = `<script>alert("x")</script>`
		evilCreator = `<img src=x onerror=alert(1)>`
		evilEstab   = `COMMUNE D'EN BAS & <b>CIE</b>`
	)
	d := activationData()
	d.To.Surname = evilSurname
	d.CreatorName = evilCreator
	d.Establishment = evilEstab
	act, err := mail.Activation(d)
	if err != nil {
		t.Fatal(err)
	}
	p := claire
	p.Surname = evilSurname
	rem, err := mail.IdentifierReminder(mail.IdentifierData{
		To:          p,
		Identifiers: []mail.IdentifierLine{{Identifier: "CDU000001<i>", Establishments: []string{evilEstab}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	unl, err := mail.Unlock(mail.LinkData{To: p, Link: "https://sesame.example/deblocage/x", ValidHours: 24})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []mail.Message{act, rem, unl} {
		t.Run(m.Subject, func(t *testing.T) {
			for _, bad := range []string{"<script", "<img", "<b>", "<i>"} {
				if strings.Contains(m.HTML, bad) {
					t.Errorf("HTML part contains unescaped %q", bad)
				}
			}
			if !strings.Contains(m.HTML, "Bonjour Madame &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;,") {
				t.Errorf("HTML part lacks the escaped surname:\n%s", m.HTML)
			}
			if !strings.Contains(m.Text, "Bonjour Madame "+evilSurname+",") {
				t.Errorf("text part should keep the surname verbatim:\n%s", m.Text)
			}
		})
	}
	if !strings.Contains(act.HTML, "COMMUNE D&#39;EN BAS &amp; &lt;b&gt;CIE&lt;/b&gt;") {
		t.Errorf("establishment not escaped:\n%s", act.HTML)
	}
	if !strings.Contains(act.HTML, "&lt;img src=x onerror=alert(1)&gt; vous a créé") {
		t.Errorf("creator not escaped:\n%s", act.HTML)
	}
}

// TestLinkWithQuery checks that a link keeps working once HTML-escaped.
func TestLinkWithQuery(t *testing.T) {
	const link = "https://sesame.example/reinitialisation?jeton=a+b/c&x=1"
	m, err := mail.PasswordReset(mail.LinkData{To: claire, Link: link, ValidHours: 2})
	if err != nil {
		t.Fatal(err)
	}
	hasLink(t, m, link)
}

func TestUnlock(t *testing.T) {
	const link = "https://sesame.example/deblocage/abc"
	m, err := mail.Unlock(mail.LinkData{To: claire, Link: link, ValidHours: 24})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Débloquer votre compte" {
		t.Errorf("subject = %q", m.Subject)
	}
	contains(t, m, layoutSentences...)
	contains(t, m,
		"Bonjour Madame Dupont,",
		"Vous avez demandé à débloquer votre compte de la plateforme Sésame.",
		"Débloquer mon compte",
		"ce lien est valable 24 heures.",
		"Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel",
	)
	hasLink(t, m, link)
}

func TestPasswordReset(t *testing.T) {
	const link = "https://sesame.example/reinitialisation/abc"
	m, err := mail.PasswordReset(mail.LinkData{To: claire, Link: link, ValidHours: 1})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Réinitialiser votre mot de passe" {
		t.Errorf("subject = %q", m.Subject)
	}
	contains(t, m, layoutSentences...)
	contains(t, m,
		"Bonjour Madame Dupont,",
		"Vous avez demandé à réinitialiser votre mot de passe de la plateforme Sésame.",
		"Réinitialiser mon mot de passe",
		"Si votre compte est bloqué, il sera débloqué dès que vous aurez choisi votre nouveau mot de passe.",
		"ce lien est valable 1 heure.",
		"Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel",
	)
	hasLink(t, m, link)
}

func TestLinkMailsRefuseBadData(t *testing.T) {
	for name, d := range map[string]mail.LinkData{
		"no e-mail":   {To: mail.Person{Surname: "Dupont"}, Link: "https://sesame.example/x", ValidHours: 1},
		"no link":     {To: claire, ValidHours: 1},
		"no validity": {To: claire, Link: "https://sesame.example/x"},
	} {
		if _, err := mail.Unlock(d); err == nil {
			t.Errorf("Unlock, %s: want an error", name)
		}
		if _, err := mail.PasswordReset(d); err == nil {
			t.Errorf("PasswordReset, %s: want an error", name)
		}
	}
}

func TestIdentifierReminder(t *testing.T) {
	t.Run("one identifier", func(t *testing.T) {
		m, err := mail.IdentifierReminder(mail.IdentifierData{
			To:          claire,
			Identifiers: []mail.IdentifierLine{{Identifier: "CDU000042", Establishments: []string{"COMMUNE DE SAINT-ÉMILION"}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject != "Votre identifiant Sésame" {
			t.Errorf("subject = %q", m.Subject)
		}
		contains(t, m, layoutSentences...)
		contains(t, m,
			"Bonjour Madame Dupont,",
			"Voici l'identifiant associé à votre adresse électronique :",
			"CDU000042",
			"utilisé pour l'établissement COMMUNE DE SAINT-ÉMILION",
			"Si vous n'êtes pas à l'origine de cette demande, ignorez ce courriel.",
		)
		lacks(t, m, "Se connecter")
		if strings.Contains(m.Text, "http") {
			t.Errorf("no link expected in the text part:\n%s", m.Text)
		}
	})
	t.Run("several identifiers and a login link", func(t *testing.T) {
		const login = "https://sesame.example/connexion"
		m, err := mail.IdentifierReminder(mail.IdentifierData{
			To: claire,
			Identifiers: []mail.IdentifierLine{
				{Identifier: "CDU000042", Establishments: []string{"COMMUNE A", "CCAS B", "SIVOM C"}},
				{Identifier: "CDU000043", Establishments: []string{"HÔPITAL D"}},
				{Identifier: "CDU000044"},
			},
			LoginLink: login,
		})
		if err != nil {
			t.Fatal(err)
		}
		contains(t, m,
			"Voici les identifiants associés à votre adresse électronique :",
			"CDU000042",
			"utilisé pour les établissements COMMUNE A, CCAS B et SIVOM C",
			"CDU000043",
			"utilisé pour l'établissement HÔPITAL D",
			"CDU000044",
			"Se connecter",
		)
		hasLink(t, m, login)
	})
	t.Run("refusals", func(t *testing.T) {
		for name, d := range map[string]mail.IdentifierData{
			"no identifier":    {To: claire},
			"empty identifier": {To: claire, Identifiers: []mail.IdentifierLine{{Identifier: " "}}},
			"bad login link":   {To: claire, Identifiers: []mail.IdentifierLine{{Identifier: "X"}}, LoginLink: "ftp://x"},
			"no e-mail":        {Identifiers: []mail.IdentifierLine{{Identifier: "X"}}},
		} {
			if _, err := mail.IdentifierReminder(d); err == nil {
				t.Errorf("%s: want an error", name)
			}
		}
	})
}

func TestGreeting(t *testing.T) {
	for _, c := range []struct {
		p    mail.Person
		want string
	}{
		{mail.Person{Civility: "Mme", Surname: "Dupont"}, "Bonjour Madame Dupont,"},
		{mail.Person{Civility: "Mme.", Surname: "Dupont"}, "Bonjour Madame Dupont,"},
		{mail.Person{Civility: "M", Surname: "Louty"}, "Bonjour Monsieur Louty,"},
		{mail.Person{Civility: "M.", Surname: "Louty"}, "Bonjour Monsieur Louty,"},
		{mail.Person{Surname: "Louty", FirstName: "Jean"}, "Bonjour Jean Louty,"},
		{mail.Person{}, "Bonjour,"},
	} {
		if got := c.p.Greeting(); got != c.want {
			t.Errorf("%+v: greeting %q, want %q", c.p, got, c.want)
		}
	}
}

// TestMessageJSON checks that a Message survives the outbox's JSON round
// trip unchanged.
func TestMessageJSON(t *testing.T) {
	m, err := mail.Activation(activationData())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"to":`, `"to_name":`, `"subject":`, `"text":`, `"html":`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
	var back mail.Message
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back != m {
		t.Error("message changed through JSON")
	}
}

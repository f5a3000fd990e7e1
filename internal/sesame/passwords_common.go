package sesame

import "strings"

// commonPasswordsText lists passwords that appear at the top of every
// leaked-password ranking, in English and in French, plus words that
// anyone who knows the platform would try first. Entries are written
// folded (lower case, no accents) and without the decorations
// isCommonPassword strips (trailing digits and symbols), so "azerty"
// covers "Azerty123!", "AZERTY2024*"… Words shorter than four letters are
// left out on purpose: after stripping, they would refuse too many
// reasonable passwords by accident. Lines starting with # are comments.
//
// It lives in Go source, not a data file, so the domain package stays
// self-contained and the list ships inside the binary.
const commonPasswordsText = `
# Digit and keyboard sequences.
0000 00000000 1111 11111111 1212 121212 1234 12341234 12344321 123123 123123123
123321 1234567 12345678 123456789 1234567890 0123456789 987654321 9876543210 654321 123654
112233 159753 147258369 147852 147852369 741852963 111222 123qwe 1q2w3e 1q2w3e4r
1q2w3e4r5t 1qaz2wsx qwerty qwertyuiop qwertz asdf asdfgh asdfghjkl zxcvbn zxcvbnm
azerty azertyuiop azer azertyu qsdf qsdfgh qsdfghjklm wxcv wxcvbn wxcvbnm aqwzsx
aqwxsz azqswx azsxdc azerqsdf azertyqsdf abcd abcde abcdef abcdefg abcdefgh
abcd1234 abc123 a1b2c3 a1b2c3d4 aaaa aaaaaa aaaaaaaa

# Universal favourites.
password passwort passw0rd pass motdepass motdepasse mdpasse secret secrets
iloveyou loveyou lovely letmein welcome welcome1 admin administrator
administrateur root toor user utilisateur login changeme changemoi default
monkey dragon master shadow sunshine princess football baseball superman batman
trustno1 whatever freedom starwars pokemon charlie michael jordan hunter
ranger buster soccer hockey killer george harley robert daniel andrew
jessica jennifer ashley michelle nicole summer winter spring autumn flower
cheese cookie computer internet google samsung apple orange banana purple
qazwsx zaq12wsx test test123 testtest guest invite access hello hello123 azertyuiop123

# French words and names people reach for first.
bonjour bonsoir salut coucou bienvenue soleil lune etoile amour jetaime
mamour moncoeur chouchou doudou loulou nounou nounours bisous bisou
calin cherie cheri bebe mabelle monamour chocolat caramel vanille fraise
framboise cerise pomme poire banane citron papillon coccinelle licorne
princesse chaton chat chien cheval lapin tigre lion loup dauphin tortue
poisson oiseau canard poulet cochon vache marmotte nicolas julien thomas
camille celine marie sophie nathalie isabelle stephanie sandrine valerie
christine catherine sylvie patrick philippe pierre michel alain jacques
francois olivier laurent frederic christophe sebastien vincent antoine
alexandre maxime lucas hugo enzo louis gabriel arthur jules emma chloe
manon ines jade louise alice lola clara sarah pauline mathilde marine
elodie aurelie emilie laura julie charlotte lucie anais oceane melanie
famille enfants maison jardin vacances voyage liberte egalite fraternite
france paris marseille lyon toulouse bordeaux nantes lille nice strasbourg
montpellier rennes brest toulon grenoble bretagne normandie provence corse
alsace savoie olympique allezom parisien rugby tennis
pompier gendarme police soldat docteur infirmier infirmiere secretaire
cuisine musique guitare piano danse cinema lecture voiture moto velo
janvier fevrier mars avril juin juillet aout septembre octobre novembre
decembre lundi mardi mercredi jeudi vendredi samedi dimanche printemps
automne hiver noel paques anniversaire bonheur merci etoiles tintin
asterix obelix milou snoopy titeuf garfield mickey minnie zidane mbappe
spiderman

# Words tied to this platform and its users: the first guesses of anyone
# who knows where the password is used.
sesame ouvretoi sesameouvretoi peps plateforme employeur employeurs
mairie commune hopital hoteldeville region departement
prefecture retraite retraites pension cnracl ircantec caissedesdepots
fonctionnaire fonctionpublique agent agents service
services personnel ressourceshumaines compte comptes acces
identifiant connexion nouveau nouveaumotdepasse provisoire
temporaire
`

// commonPasswords holds the entries of commonPasswordsText, folded.
var commonPasswords = parseCommonPasswords(commonPasswordsText)

func parseCommonPasswords(text string) map[string]struct{} {
	set := map[string]struct{}{}
	for line := range strings.Lines(text) {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			if f := Fold(w); len(f) >= 4 {
				set[f] = struct{}{}
			}
		}
	}
	return set
}

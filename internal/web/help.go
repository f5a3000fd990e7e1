package web

import (
	"net/http"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// helpSent is the same confirmation whatever the identifier or address
// (F-42): it never says whether it exists.
const (
	helpSentUnlock     = "Si cet identifiant correspond à un compte bloqué, un courriel contenant un lien de déblocage vient d'être envoyé à l'adresse électronique enregistrée. Le lien est valable 2 heures."
	helpSentIdentifier = "Si cette adresse électronique est enregistrée, un courriel rappelant votre identifiant vient de lui être envoyé."
	helpSentReset      = "Si cet identifiant correspond à un compte, un courriel contenant un lien pour choisir un nouveau mot de passe vient d'être envoyé à l'adresse électronique enregistrée. Le lien est valable 2 heures."
)

// helpData says which of the help forms was submitted, so its messages show
// next to it.
type helpData struct {
	Section string
}

func (s *Server) helpPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "help", view{Title: "Aide à la connexion", Form: &form{}})
}

func (s *Server) requestUnlock(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "identifier")
	s.helpRequest(w, r, f, "deblocage", helpSentUnlock, s.svc.RequestUnlock(r.Context(), f.Values["identifier"]))
}

func (s *Server) remindIdentifier(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "email")
	s.helpRequest(w, r, f, "identifiant", helpSentIdentifier, s.svc.RemindIdentifier(r.Context(), f.Values["email"]))
}

func (s *Server) requestPasswordReset(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "identifier")
	s.helpRequest(w, r, f, "mot-de-passe", helpSentReset, s.svc.RequestPasswordReset(r.Context(), f.Values["identifier"]))
}

func (s *Server) helpRequest(w http.ResponseWriter, r *http.Request, f *form, section, sent string, err error) {
	switch {
	case err == nil:
		s.showMessage(w, r, http.StatusOK, message{Heading: "Demande enregistrée", Text: sent, Kind: "success",
			Link: "/connexion", LinkTxt: "Retour à la connexion"})
	case sesame.ErrorCode(err) == sesame.EInvalid:
		f.fail(err)
		f.Message = ""
		s.render(w, r, http.StatusUnprocessableEntity, "help", view{Title: "Aide à la connexion", Form: f, Data: helpData{Section: section}})
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) unlockPage(w http.ResponseWriter, r *http.Request) {
	info, err := s.svc.CheckLink(r.Context(), sesame.TokenUnlock, r.PathValue("secret"))
	if err != nil {
		s.linkRefused(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "unlock", view{Title: "Débloquer votre compte", Data: info})
}

// unlock acts only on POST: mail scanners open links, and must not unlock.
func (s *Server) unlock(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.Unlock(r.Context(), r.PathValue("secret"), clientIP(r)); err != nil {
		s.linkRefused(w, r, err)
		return
	}
	s.showMessage(w, r, http.StatusOK, message{Heading: "Votre compte est débloqué", Text: "Vous pouvez de nouveau vous connecter avec votre identifiant et votre mot de passe.",
		Kind: "success", Link: "/connexion", LinkTxt: "Se connecter"})
}

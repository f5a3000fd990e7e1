package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

// passwordData is the data of the password-setting pages (activation and
// reset), which share one form.
type passwordData struct {
	Heading string
	Action  string
	Info    *service.LinkInfo
	Rules   sesame.PasswordReport
}

func (s *Server) activationPage(w http.ResponseWriter, r *http.Request) {
	s.passwordPage(w, r, sesame.TokenActivation)
}

func (s *Server) resetPage(w http.ResponseWriter, r *http.Request) {
	s.passwordPage(w, r, sesame.TokenReset)
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request, kind sesame.TokenKind) {
	secret := r.PathValue("secret")
	info, err := s.svc.CheckLink(r.Context(), kind, secret)
	if err != nil {
		s.linkRefused(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "password", view{Title: passwordHeading(kind), Form: &form{},
		Data: passwordData{Heading: passwordHeading(kind), Action: r.URL.Path, Info: info, Rules: sesame.CheckPassword("", "", "", "")}})
}

func passwordHeading(kind sesame.TokenKind) string {
	if kind == sesame.TokenReset {
		return "Choisir un nouveau mot de passe"
	}
	return "Créer votre mot de passe"
}

// linkRefused explains why an e-mailed link cannot be used.
func (s *Server) linkRefused(w http.ResponseWriter, r *http.Request, err error) {
	if statusOf(err) == http.StatusInternalServerError {
		s.fail(w, r, err)
		return
	}
	s.showMessage(w, r, statusOf(err), message{Heading: "Ce lien ne peut pas être utilisé", Text: sesame.ErrorMessage(err),
		Kind: "danger", Link: "/aide", LinkTxt: "Aide à la connexion"})
}

func (s *Server) activate(w http.ResponseWriter, r *http.Request) {
	s.setPassword(w, r, sesame.TokenActivation, s.svc.Activate)
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	s.setPassword(w, r, sesame.TokenReset, s.svc.ResetPassword)
}

type setPasswordFunc func(ctx context.Context, secret, password, confirm, ip string) (*sesame.Person, error)

func (s *Server) setPassword(w http.ResponseWriter, r *http.Request, kind sesame.TokenKind, set setPasswordFunc) {
	secret := r.PathValue("secret")
	f := newForm(r)
	password := r.PostFormValue("password")
	_, err := set(r.Context(), secret, password, r.PostFormValue("confirm"), clientIP(r))
	if err == nil {
		text := "Vous pouvez maintenant accéder à l'ensemble des services de la plateforme " + sesame.PlatformName + " auxquels vous êtes habilité(e)."
		heading := "Votre mot de passe a bien été créé."
		if kind == sesame.TokenReset {
			heading = "Votre mot de passe a bien été modifié."
			text = "Vous pouvez maintenant vous connecter avec votre nouveau mot de passe."
		}
		s.showMessage(w, r, http.StatusOK, message{Heading: heading, Text: text, Kind: "success", Link: "/connexion", LinkTxt: "Se connecter"})
		return
	}
	if sesame.ErrorCode(err) != sesame.EInvalid {
		s.linkRefused(w, r, err)
		return
	}
	info, linkErr := s.svc.CheckLink(r.Context(), kind, secret)
	if linkErr != nil {
		s.linkRefused(w, r, linkErr)
		return
	}
	f.fail(err)
	s.render(w, r, http.StatusUnprocessableEntity, "password", view{Title: passwordHeading(kind), Form: f,
		Data: passwordData{Heading: passwordHeading(kind), Action: r.URL.Path, Info: info, Rules: service.PasswordRules(password, info.Person)}})
}

// passwordRules renders the live checklist for what is typed so far (htmx),
// including the rules that need the person (names, identifier) when the
// form belongs to a link.
func (s *Server) passwordRules(w http.ResponseWriter, r *http.Request) {
	password := r.PostFormValue("password")
	var report sesame.PasswordReport
	action := r.PostFormValue("link")
	kind, secret := sesame.TokenActivation, ""
	switch {
	case strings.HasPrefix(action, "/activation/"):
		secret = strings.TrimPrefix(action, "/activation/")
	case strings.HasPrefix(action, "/aide/mot-de-passe/"):
		kind, secret = sesame.TokenReset, strings.TrimPrefix(action, "/aide/mot-de-passe/")
	}
	if info, err := s.svc.CheckLink(r.Context(), kind, secret); err == nil {
		report = service.PasswordRules(password, info.Person)
	} else if sess := sessionOf(r); sess != nil && secret == "" {
		report = service.PasswordRules(password, sess.Person) // Mon compte
	} else {
		report = sesame.CheckPassword(password, "", "", "")
	}
	s.render(w, r, http.StatusOK, "password_rules", view{Data: passwordData{Rules: report}})
}

package web

import (
	"net/http"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

// myAccountRoutes registers "Mon compte" (F-44).
func (s *Server) myAccountRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /mon-compte", s.auth(s.myAccount))
	mux.HandleFunc("POST /mon-compte/coordonnees", s.auth(s.updateMyDetails))
	mux.HandleFunc("POST /mon-compte/courriel", s.auth(s.requestEmailChange))
	mux.HandleFunc("GET /mon-compte/courriel/{secret}", s.emailChangePage)
	mux.HandleFunc("POST /mon-compte/courriel/{secret}", s.confirmEmailChange)
	mux.HandleFunc("POST /mon-compte/mot-de-passe", s.auth(s.changePassword))
	mux.HandleFunc("POST /mon-compte/sessions/fin", s.auth(s.endSession))
}

// myAccountData is Mon compte's page data; Section names the form that was
// submitted, so its messages show next to it.
type myAccountData struct {
	*service.MyAccount
	Section string
	Done    string // a success message for the submitted section
	Rules   sesame.PasswordReport
}

func (s *Server) myAccount(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	s.showMyAccount(w, r, sess, http.StatusOK, &form{Values: map[string]string{}, Errors: map[string]string{}}, "", "")
}

func (s *Server) showMyAccount(w http.ResponseWriter, r *http.Request, sess *service.Session, status int, f *form, section, done string) {
	m, err := s.svc.MyAccount(r.Context(), sess)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if section != "coordonnees" {
		f.Values["phone"] = m.Person.Phone
		if sess.Current != nil {
			f.Values["department"] = sess.Current.Account.Department
		}
	}
	s.render(w, r, status, "my_account", view{Title: "Mon compte", Form: f,
		Data: myAccountData{MyAccount: m, Section: section, Done: done, Rules: sesame.CheckPassword("", "", "", "")}})
}

// afterMyAccountForm shows the page again: with the messages next to the
// submitted form's fields when refused, or its success message.
func (s *Server) afterMyAccountForm(w http.ResponseWriter, r *http.Request, sess *service.Session, f *form, section, done string, err error) {
	switch {
	case err == nil:
		s.showMyAccount(w, r, sess, http.StatusOK, f, section, done)
	case sesame.ErrorCode(err) == sesame.EInvalid:
		f.fail(err)
		f.Message = ""
		s.showMyAccount(w, r, sess, http.StatusUnprocessableEntity, f, section, "")
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) updateMyDetails(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	f := newForm(r, "phone", "department")
	err := s.svc.UpdateMyDetails(r.Context(), sess, clientIP(r), service.MyDetails{Phone: f.Values["phone"], Department: f.Values["department"]})
	if err == nil {
		// Show what was stored (normalised), not what was typed.
		f = &form{Values: map[string]string{}, Errors: map[string]string{}}
		if sess, err = s.svc.Authenticate(r.Context(), cookieSecret(r)); err != nil {
			s.fail(w, r, err)
			return
		}
		s.showMyAccount(w, r, sess, http.StatusOK, f, "", "Vos coordonnées sont enregistrées.")
		return
	}
	s.afterMyAccountForm(w, r, sess, f, "coordonnees", "", err)
}

func (s *Server) requestEmailChange(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	f := newForm(r, "email", "email_confirm")
	err := s.svc.RequestEmailChange(r.Context(), sess, f.Values["email"], f.Values["email_confirm"])
	s.afterMyAccountForm(w, r, sess, f, "courriel",
		"Un courriel de confirmation a été envoyé à "+f.Values["email"]+". Votre adresse changera quand vous aurez ouvert le lien qu'il contient ; d'ici là, rien ne change.", err)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	f := newForm(r)
	err := s.svc.ChangePassword(r.Context(), sess, clientIP(r), r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("confirm"))
	s.afterMyAccountForm(w, r, sess, f, "mot-de-passe", "Votre mot de passe a été modifié. Vos autres sessions ont été fermées.", err)
}

func (s *Server) endSession(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	if err := s.svc.EndSession(r.Context(), sess, clientIP(r), r.PostFormValue("session")); err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("session") == sess.Hash {
		s.clearSessionCookie(w)
		redirect(w, r, "/connexion")
		return
	}
	s.showMyAccount(w, r, sess, http.StatusOK, &form{Values: map[string]string{}, Errors: map[string]string{}}, "", "La session a été fermée.")
}

func (s *Server) emailChangePage(w http.ResponseWriter, r *http.Request) {
	info, err := s.svc.CheckLink(r.Context(), sesame.TokenEmail, r.PathValue("secret"))
	if err != nil {
		s.linkRefused(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "email_change", view{Title: "Confirmer votre nouvelle adresse", Data: info})
}

// confirmEmailChange acts only on POST: mail scanners open links.
func (s *Server) confirmEmailChange(w http.ResponseWriter, r *http.Request) {
	email, err := s.svc.ConfirmEmailChange(r.Context(), r.PathValue("secret"), clientIP(r))
	if err != nil {
		s.linkRefused(w, r, err)
		return
	}
	s.showMessage(w, r, http.StatusOK, message{Heading: "Votre adresse électronique est modifiée",
		Text: "Les courriels de la plateforme seront désormais envoyés à " + email + ". Votre ancienne adresse en a été informée.",
		Kind: "success", Link: "/", LinkTxt: "Tableau de bord"})
}

// cookieSecret is the session cookie's value.
func cookieSecret(r *http.Request) string {
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

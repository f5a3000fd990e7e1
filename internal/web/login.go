package web

import (
	"net/http"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

type loginData struct {
	Next string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if sessionOf(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", view{Title: "Se connecter", Form: &form{},
		Data: loginData{Next: safeNext(r.URL.Query().Get("suite"))}})
}

// login answers a wrong identifier and a wrong password with the same
// status and page (F-06): only the service's message differs by cause, and
// it says the same for both.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "identifier", "password", "next")
	res, err := s.svc.Login(r.Context(), f.Values["identifier"], r.PostFormValue("password"), clientIP(r), r.UserAgent())
	if err != nil {
		status := statusOf(err)
		if status == http.StatusInternalServerError {
			s.fail(w, r, err)
			return
		}
		f.fail(err)
		if sesame.ErrorCode(err) == sesame.EInvalid {
			f.Message = ""
		}
		s.render(w, r, status, "login", view{Title: "Se connecter", Form: f, Data: loginData{Next: safeNext(f.Values["next"])}})
		return
	}
	s.setSessionCookie(w, res.Secret)
	if res.Choose {
		redirect(w, r, "/etablissement")
		return
	}
	redirect(w, r, safeNext(f.Values["next"]))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	if err := s.svc.Logout(r.Context(), sess, clientIP(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearSessionCookie(w)
	s.showMessage(w, r, http.StatusOK, message{Heading: "Vous êtes déconnecté", Text: "À bientôt sur la plateforme " + sesame.PlatformName + ".",
		Kind: "success", Link: "/connexion", LinkTxt: "Se connecter"})
}

package web

import (
	"net/http"
	"strconv"

	"github.com/sesame-platform/sesame/internal/service"
)

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	d, err := s.svc.Dashboard(r.Context(), sess)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", view{Title: "Tableau de bord", Data: d})
}

func (s *Server) choosePage(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	s.render(w, r, http.StatusOK, "choose", view{Title: "Choisir un établissement"})
}

// choose switches the session to one of the person's establishments; the
// service refuses one where they have no usable account.
func (s *Server) choose(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	id, _ := strconv.ParseInt(r.PostFormValue("establishment"), 10, 64)
	if err := s.svc.ChooseEstablishment(r.Context(), sess, id); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/")
}

package web

import (
	"net/http"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

// admin lets through only administrators working in their establishment.
// Others get a 404, as for any page that does not exist for them; the
// service checks again, against the database, for every action.
func (s *Server) admin(h func(http.ResponseWriter, *http.Request, *service.Session)) http.HandlerFunc {
	return s.auth(s.inEstablishment(func(w http.ResponseWriter, r *http.Request, sess *service.Session) {
		if sess.Current.Account.Profile != sesame.ProfileAdmin {
			s.notFound(w, r)
			return
		}
		h(w, r, sess)
	}))
}

package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

// cguRoutes registers the terms-of-use page (F-60). It needs a chosen
// establishment but is itself outside the CGU gate.
func (s *Server) cguRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /cgu", s.auth(s.inEstablishmentUngated(s.cguPage)))
	mux.HandleFunc("POST /cgu", s.auth(s.inEstablishmentUngated(s.acceptCGU)))
}

type cguKey struct{}

// cguOf is the CGU state the gate found for this request, or nil.
func cguOf(r *http.Request) *service.CGUState {
	st, _ := r.Context().Value(cguKey{}).(*service.CGUState)
	return st
}

// cguGate applies F-60 to pages inside an establishment: while the current
// terms are not accepted, administrators are sent to accept them, and other
// users see a banner until the deadline, then are held at the CGU page.
func (s *Server) cguGate(w http.ResponseWriter, r *http.Request, sess *service.Session) (*http.Request, bool) {
	st, err := s.svc.CGUState(r.Context(), sess.Current.Account.EstablishmentID)
	if err != nil {
		s.fail(w, r, err)
		return r, false
	}
	if st.Pending() && (sess.Current.Account.Profile == sesame.ProfileAdmin || st.Overdue) {
		redirect(w, r, "/cgu")
		return r, false
	}
	return r.WithContext(context.WithValue(r.Context(), cguKey{}, st)), true
}

// cguData is the CGU page's data.
type cguData struct {
	State *service.CGUState
	Admin bool
}

func (s *Server) cguPage(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	s.showCGU(w, r, sess, http.StatusOK, &form{Values: map[string]string{}, Errors: map[string]string{}})
}

func (s *Server) showCGU(w http.ResponseWriter, r *http.Request, sess *service.Session, status int, f *form) {
	st, err := s.svc.CGUState(r.Context(), sess.Current.Account.EstablishmentID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if st == nil {
		s.fail(w, r, sesame.Errorf(sesame.ENotFound, "Aucune condition générale d'utilisation n'est publiée."))
		return
	}
	s.render(w, r, status, "cgu", view{Title: "Conditions générales d'utilisation", Form: f,
		Data: cguData{State: st, Admin: sess.Current.Account.Profile == sesame.ProfileAdmin}})
}

func (s *Server) acceptCGU(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	f := newForm(r, "agree")
	id, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	err := s.svc.AcceptCGU(r.Context(), sess.Actor(clientIP(r)), id, f.Values["agree"] == "1")
	switch {
	case err == nil:
		redirect(w, r, "/")
	case sesame.ErrorCode(err) == sesame.EInvalid:
		f.fail(err)
		f.Message = ""
		s.showCGU(w, r, sess, http.StatusUnprocessableEntity, f)
	default:
		s.fail(w, r, err)
	}
}

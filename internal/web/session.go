package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

const sessionCookie = "sesame_session"

type sessionKey struct{}

// sessionOf returns the request's live session, or nil.
func sessionOf(r *http.Request) *service.Session {
	s, _ := r.Context().Value(sessionKey{}).(*service.Session)
	return s
}

// loadSession attaches the live session, if any, to every request; an
// ended session's cookie is cleared.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" || strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		sess, err := s.svc.Authenticate(r.Context(), c.Value)
		switch sesame.ErrorCode(err) {
		case "":
			r = r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess))
		case sesame.EUnauthorized:
			s.clearSessionCookie(w)
		default:
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// auth lets only logged-in people through; others go to the login page and
// come back afterwards.
func (s *Server) auth(h func(http.ResponseWriter, *http.Request, *service.Session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := sessionOf(r)
		if sess == nil {
			s.redirectToLogin(w, r)
			return
		}
		h(w, r, sess)
	}
}

// inEstablishment sends a person with several establishments to choose one
// before pages that work inside one, then applies the terms-of-use gate
// (F-60).
func (s *Server) inEstablishment(h func(http.ResponseWriter, *http.Request, *service.Session)) func(http.ResponseWriter, *http.Request, *service.Session) {
	return s.inEstablishmentUngated(func(w http.ResponseWriter, r *http.Request, sess *service.Session) {
		r, ok := s.cguGate(w, r, sess)
		if ok {
			h(w, r, sess)
		}
	})
}

// inEstablishmentUngated is inEstablishment without the CGU gate, for the
// CGU page itself.
func (s *Server) inEstablishmentUngated(h func(http.ResponseWriter, *http.Request, *service.Session)) func(http.ResponseWriter, *http.Request, *service.Session) {
	return func(w http.ResponseWriter, r *http.Request, sess *service.Session) {
		if sess.Current == nil && len(sess.Memberships) == 1 {
			// Only one establishment is usable (say the other expired):
			// nothing to choose.
			if err := s.svc.ChooseEstablishment(r.Context(), sess, sess.Memberships[0].Account.EstablishmentID); err != nil {
				s.fail(w, r, err)
				return
			}
			sess.Current = &sess.Memberships[0]
		}
		if sess.Current == nil {
			redirect(w, r, "/etablissement")
			return
		}
		h(w, r, sess)
	}
}

func (s *Server) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	target := "/connexion"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?suite=" + url.QueryEscape(r.URL.RequestURI())
	}
	redirect(w, r, target)
}

func (s *Server) setSessionCookie(w http.ResponseWriter, secret string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true,
		Secure: !s.cfg.Dev, SameSite: http.SameSiteLaxMode, MaxAge: int(s.svc.Config().SessionMax.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: !s.cfg.Dev, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// clientIP is the address the request came from, for the history.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

package web

import (
	"net/http"
	"strconv"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// devMailbox lists the mail kept in memory by `serve --dev` without SMTP, so
// a developer can follow activation links. It is only routed in dev mode.
func (s *Server) devMailbox(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "dev_mailbox", view{Title: "Courriels envoyés (développement)", Data: s.cfg.Mailbox.List()})
}

func (s *Server) devMail(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.PathValue("id"))
	m, ok := s.cfg.Mailbox.Get(id)
	if !ok {
		s.fail(w, r, sesame.Errorf(sesame.ENotFound, "Ce courriel n'existe pas."))
		return
	}
	s.render(w, r, http.StatusOK, "dev_mail", view{Title: m.Message.Subject, Data: m})
}

package web

import (
	"io/fs"
	"net/http"
)

// routes lists every route of the interface in one place. Handlers wrapped
// in s.auth need a session; s.inEstablishment also needs a chosen
// establishment.
func (s *Server) routes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	mux.HandleFunc("GET /healthz", s.health)
	mux.Handle("GET /metrics", s.metrics.handler())

	// Logging in and out (F-41).
	mux.HandleFunc("GET /connexion", s.loginPage)
	mux.HandleFunc("POST /connexion", s.login)
	mux.HandleFunc("POST /deconnexion", s.auth(s.logout))

	// Activation (F-05, F-40).
	mux.HandleFunc("GET /activation/{secret}", s.activationPage)
	mux.HandleFunc("POST /activation/{secret}", s.activate)
	mux.HandleFunc("POST /mot-de-passe/regles", s.passwordRules)

	// Help to log in (F-42).
	mux.HandleFunc("GET /aide", s.helpPage)
	mux.HandleFunc("POST /aide/deblocage", s.requestUnlock)
	mux.HandleFunc("GET /aide/deblocage/{secret}", s.unlockPage)
	mux.HandleFunc("POST /aide/deblocage/{secret}", s.unlock)
	mux.HandleFunc("POST /aide/identifiant", s.remindIdentifier)
	mux.HandleFunc("POST /aide/mot-de-passe", s.requestPasswordReset)
	mux.HandleFunc("GET /aide/mot-de-passe/{secret}", s.resetPage)
	mux.HandleFunc("POST /aide/mot-de-passe/{secret}", s.resetPassword)

	// The person's space.
	mux.HandleFunc("GET /{$}", s.auth(s.inEstablishment(s.dashboard)))
	mux.HandleFunc("GET /etablissement", s.auth(s.choosePage))
	mux.HandleFunc("POST /etablissement", s.auth(s.choose))
	s.myAccountRoutes(mux) // myaccount.go: Mon compte (F-44)
	s.cguRoutes(mux)       // cgu.go: terms of use (F-60)

	// The administrator console, "Mon établissement › Gestion des comptes"
	// (F-20…F-31): every route goes through s.admin.
	s.consoleRoutes(mux)     // console.go: list, selection, bulk and row actions
	s.accountFormRoutes(mux) // account_form.go: the creation wizard and the modify page
	s.exportRoutes(mux)      // export.go: CSV and XLSX
	s.historyRoutes(mux)     // history.go: "Voir l'historique"

	// Development only: mail kept in memory instead of sent.
	if s.cfg.Dev && s.cfg.Mailbox != nil {
		mux.HandleFunc("GET /dev/courriels", s.devMailbox)
		mux.HandleFunc("GET /dev/courriels/{id}", s.devMail)
	}
	mux.HandleFunc("/", s.notFound)
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

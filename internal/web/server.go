// Package web is Sésame's HTML interface: server-rendered pages made lively
// with htmx. Handlers are thin: they read the form, call the service and
// render; every rule lives in the service and the domain.
package web

import (
	"context"
	"embed"
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/service"
)

//go:embed static
var staticFS embed.FS

// Pinger tells whether the database answers, for /healthz.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config is what the web interface needs.
type Config struct {
	Service *service.Service
	Health  Pinger
	// Dev relaxes what only matters on the Internet (Secure cookies) and, with
	// Mailbox set, shows sent mail at /dev/courriels. Never in production.
	Dev     bool
	Mailbox *mail.Mailbox
	Log     *slog.Logger
	// Registry receives the HTTP metrics; nil makes a private one.
	Registry *prometheus.Registry
}

// Server serves the pages.
type Server struct {
	svc     *service.Service
	cfg     Config
	log     *slog.Logger
	pages   *pages
	metrics *httpMetrics
}

// New builds the web interface.
func New(cfg Config) (http.Handler, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	s := &Server{svc: cfg.Service, cfg: cfg, log: cfg.Log, pages: p, metrics: newHTTPMetrics(cfg.Registry)}
	mux := http.NewServeMux()
	s.routes(mux)
	csrf := http.NewCrossOriginProtection()
	h := notePatterns(mux)
	h = s.loadSession(h)
	h = csrf.Handler(h)
	h = securityHeaders(h)
	h = s.observe(h)
	h = s.recoverPanics(h)
	return h, nil
}

// securityHeaders keeps pages from being framed, sniffed or fed foreign
// scripts, and keeps secret links out of Referer headers.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "panic", p, "route", r.Pattern)
				http.Error(w, "Erreur interne", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

package web

import (
	"context"
	"net/http"
	"time"
)

// health answers 200 when the database answers, for load balancers.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.cfg.Health != nil {
		if err := s.cfg.Health.Ping(ctx); err != nil {
			s.log.Error("health check", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unavailable\n"))
			return
		}
	}
	_, _ = w.Write([]byte("ok\n"))
}

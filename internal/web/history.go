package web

import "net/http"

// historyRoutes registers "Voir l'historique" (F-27).
func (s *Server) historyRoutes(mux *http.ServeMux) {}

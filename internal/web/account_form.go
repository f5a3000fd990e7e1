package web

import "net/http"

// accountFormRoutes registers the creation wizard (F-30) and the modify
// page (F-31).
func (s *Server) accountFormRoutes(mux *http.ServeMux) {}

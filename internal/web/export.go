package web

import (
	"mime"
	"net/http"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

// exportRoutes registers the CSV and XLSX exports of the account list (F-26).
func (s *Server) exportRoutes(mux *http.ServeMux) {
	// POST, because an export is written to the history: a GET could be
	// fetched by a link preview or a prefetch and record one nobody made.
	mux.HandleFunc("POST /etablissement/comptes/export", s.admin(s.exportAccounts))
}

// exportWriteTime is how long an export may take to reach the browser; the
// server's usual write timeout is too short for the largest establishments.
const exportWriteTime = 10 * time.Minute

// exportAccounts sends the selection form's accounts (the checked rows, or
// with all=1 every result of its search and filter) as a file download.
func (s *Server) exportAccounts(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, sesame.Errorf(sesame.EInvalid, "Formulaire illisible."))
		return
	}
	sel := service.ExportSelection{All: r.PostForm.Get("all") == "1", Query: readListState(r.PostForm).query()}
	if !sel.All {
		var err error
		if sel.IDs, err = s.selection(r, sess); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	d := &download{w: w}
	n, err := s.svc.ExportAccounts(r.Context(), sess.Actor(clientIP(r)), sel, r.PostForm.Get("format"), d)
	s.finishDownload(w, r, d, n, err)
}

// finishDownload answers a failed download with an error page when nothing
// was sent yet; past that point the headers are gone, so the connection is
// cut instead, and the browser reports a failed download rather than
// keeping a truncated file that looks complete.
func (s *Server) finishDownload(w http.ResponseWriter, r *http.Request, d *download, n int, err error) {
	if err == nil {
		return
	}
	if !d.wrote {
		d.w.Header().Del("Content-Disposition")
		s.fail(w, r, err)
		return
	}
	s.log.Error("download interrupted", "route", r.Pattern, "rows", n, "err", err)
	panic(http.ErrAbortHandler)
}

// download is an HTTP response receiving a file from the service: it sets
// the headers when the service announces the file, and notes whether any
// byte left.
type download struct {
	w     http.ResponseWriter
	wrote bool
}

// StartExport sets the download's headers (service.ExportStarter).
func (d *download) StartExport(f service.ExportFile) {
	h := d.w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	// Personal data: no copy in any cache.
	h.Set("Cache-Control", "no-store")
	_ = http.NewResponseController(d.w).SetWriteDeadline(time.Now().Add(exportWriteTime))
}

func (d *download) Write(p []byte) (int, error) {
	d.wrote = true
	return d.w.Write(p)
}

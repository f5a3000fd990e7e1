package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

//go:embed templates
var templatesFS embed.FS

// pages holds one template set per page: the layout and partials, plus the
// page's own "content".
type pages struct {
	byName map[string]*template.Template
}

var templateFuncs = template.FuncMap{
	"field":      newField,
	"frDate":     func(d sesame.Date) string { return d.French() },
	"platform":   func() string { return sesame.PlatformName },
	"linkify":    linkify,
	"frTime":     func(t time.Time) string { return t.In(sesame.Paris).Format("02/01/2006") },
	"list":       func(v ...int) []int { return v },
	"columns":    func() []column { return accountColumns },
	"bars":       expiryBars,
	"frDateTime": func(t time.Time) string { return t.In(sesame.Paris).Format("02/01/2006 à 15:04") },
	// formIf gives a form to one of several forms of a page: the one that
	// was submitted shows its values and messages, the others start empty.
	"formIf": func(f *form, submitted bool) *form {
		if submitted {
			return f
		}
		return nil
	},
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// linkify escapes text and makes its URLs clickable (the dev mailbox).
func linkify(text string) template.HTML {
	escaped := template.HTMLEscapeString(text)
	return template.HTML(urlPattern.ReplaceAllStringFunc(escaped, func(u string) string {
		return `<a href="` + u + `">` + u + `</a>`
	}))
}

func loadPages() (*pages, error) {
	base, err := template.New("").Funcs(templateFuncs).ParseFS(templatesFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templatesFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templatesFS, f); err != nil {
			return nil, err
		}
		p.byName[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return p, nil
}

// column is a header of the account list; Sort is its sort key, if sortable.
type column struct{ Label, Sort string }

// accountColumns are the list's columns in the seed's order (F-20).
var accountColumns = []column{{"Nom", "name"}, {"Prénom", "first_name"}, {"Identifiant", "identifier"},
	{"Service", "department"}, {"Profil", "profile"}, {"Statut", "status"}, {"Expiration du compte", "expires_on"},
	{"Connexion", "last_login"}}

// view is what every page template receives.
type view struct {
	Title   string
	Session *service.Session
	Form    *form
	Data    any
	Dev     bool
	CGU     *service.CGUState // the terms-of-use banner, when pending
	// Partial is set when only a part of the page is sent, for htmx to
	// swap in: the part may then rely on the page around it.
	Partial bool
}

// render writes a whole page, or, for an htmx request, only its "content"
// (DESIGN: the same URL serves both).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	name := "layout"
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true" {
		name = "content"
	}
	s.renderPart(w, r, status, page, name, v)
}

// renderPart writes one named template of a page: "layout" for the whole
// page, or a part htmx swaps in.
func (s *Server) renderPart(w http.ResponseWriter, r *http.Request, status int, page, name string, v view) {
	t, ok := s.pages.byName[page]
	if !ok {
		s.log.Error("unknown page", "page", page)
		http.Error(w, "Erreur interne", http.StatusInternalServerError)
		return
	}
	if v.Session == nil {
		v.Session = sessionOf(r)
	}
	v.Dev = s.cfg.Dev
	v.Partial = name != "layout"
	if v.CGU == nil {
		v.CGU = cguOf(r)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, v); err != nil {
		s.log.Error("render", "page", page, "err", err)
		http.Error(w, "Erreur interne", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// form carries what the user typed back to the page, with the messages that
// go next to each field.
type form struct {
	Values  map[string]string
	Errors  map[string]string
	Message string // a message for the whole form
}

// maxField bounds what is echoed back into a page: a 10 KB name is refused
// by the rules, and need not be sent back whole.
const maxField = 1000

func newForm(r *http.Request, names ...string) *form {
	f := &form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, n := range names {
		v := r.PostFormValue(n)
		if len(v) > maxField {
			v = v[:maxField]
		}
		f.Values[n] = v
	}
	return f
}

// fail puts an error's messages on the form: per field, and for the whole form.
func (f *form) fail(err error) {
	for k, v := range sesame.FieldErrors(err) {
		f.Errors[k] = v
	}
	f.Message = sesame.ErrorMessage(err)
}

// Field is one labelled input as the "input" partial draws it.
type Field struct {
	Name, Label, Type, Value, Error, Autocomplete, Hint string
	Prefix                                              string // distinguishes same-named fields of several forms on one page
}

// ID is the element id of the input.
func (f Field) ID() string { return "f-" + f.Prefix + f.Name }

// In returns the field with ids prefixed, for pages with several forms.
func (f Field) In(prefix string) Field {
	f.Prefix = prefix + "-"
	return f
}

// newField describes an input of f; extra is "autocomplete" then "hint".
func newField(f *form, name, label, typ string, extra ...string) Field {
	fd := Field{Name: name, Label: label, Type: typ}
	if f != nil {
		fd.Value, fd.Error = f.Values[name], f.Errors[name]
	}
	if typ == "password" {
		fd.Value = "" // never echo a password back
	}
	if len(extra) > 0 {
		fd.Autocomplete = extra[0]
	}
	if len(extra) > 1 {
		fd.Hint = extra[1]
	}
	return fd
}

// message is the data of the generic message page.
type message struct {
	Heading string
	Text    string
	Kind    string // "success", "danger", "info"
	Link    string
	LinkTxt string
}

func (s *Server) showMessage(w http.ResponseWriter, r *http.Request, status int, m message) {
	if m.Kind == "" {
		m.Kind = "info"
	}
	s.render(w, r, status, "message", view{Title: m.Heading, Data: m})
}

// fail shows an error that is not about a form field: a status and a page
// chosen by the error's code.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "route", r.Pattern, "err", err)
	}
	if status == http.StatusUnauthorized {
		s.redirectToLogin(w, r)
		return
	}
	heading := map[int]string{
		http.StatusNotFound:  "Page introuvable",
		http.StatusForbidden: "Accès refusé",
		http.StatusConflict:  "Action impossible",
	}[status]
	if heading == "" {
		heading = "Une erreur est survenue"
	}
	s.showMessage(w, r, status, message{Heading: heading, Text: sesame.ErrorMessage(err), Kind: "danger", Link: "/", LinkTxt: "Retour au tableau de bord"})
}

// statusOf maps the domain's error codes to HTTP statuses, in one place.
func statusOf(err error) int {
	switch sesame.ErrorCode(err) {
	case sesame.EInvalid:
		return http.StatusUnprocessableEntity
	case sesame.ENotFound:
		return http.StatusNotFound
	case sesame.EForbidden:
		return http.StatusForbidden
	case sesame.EConflict:
		return http.StatusConflict
	case sesame.EUnauthorized:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, sesame.Errorf(sesame.ENotFound, "La page demandée n'existe pas."))
}

// redirect sends the browser to url after a POST (303), or tells htmx to.
func redirect(w http.ResponseWriter, r *http.Request, url string) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", url)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}

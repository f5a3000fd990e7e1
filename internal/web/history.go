package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// historyRoutes registers "Voir l'historique" (F-27).
func (s *Server) historyRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /etablissement/historique", s.admin(s.history))
	// A GET: exporting the history reads it and changes nothing, so it is
	// not itself recorded, and the link can carry the filters.
	mux.HandleFunc("GET /etablissement/historique/export", s.admin(s.exportHistory))
}

// historyState is the history's filters as URL parameters, so a filtered
// view can be bookmarked and works without JavaScript.
type historyState struct {
	From, To string // as typed: YYYY-MM-DD from a date input, or JJ/MM/AAAA
	Author   string // a person's ID, or the label of an author who is no person
	Account  string
	Kind     sesame.EventKind
	Page     int
	from, to sesame.Date
	Errors   map[string]string // per field: a date that could not be read
}

func readHistoryState(v url.Values) historyState {
	clip := func(s string, n int) string {
		s = strings.TrimSpace(s)
		if len(s) > n {
			s = strings.ToValidUTF8(s[:n], "") // a cut may split a character
		}
		return s
	}
	st := historyState{From: clip(v.Get("du"), 10), To: clip(v.Get("au"), 10), Author: clip(v.Get("auteur"), 200),
		Account: clip(v.Get("compte"), 200), Kind: sesame.EventKind(clip(v.Get("type"), 64)), Page: 1, Errors: map[string]string{}}
	st.from = st.date("du", st.From)
	st.to = st.date("au", st.To)
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 {
		st.Page = n
	}
	return st
}

// date reads a date field, noting an error for a value it cannot read
// (which then filters nothing).
func (st *historyState) date(field, s string) sesame.Date {
	if s == "" {
		return sesame.Date{}
	}
	if d, err := sesame.ParseDate(s); err == nil {
		return d
	}
	if d, err := sesame.ParseFrenchDate(s); err == nil {
		return d
	}
	st.Errors[field] = "Date invalide : saisissez-la au format JJ/MM/AAAA."
	return sesame.Date{}
}

func (st historyState) filter() service.HistoryFilter {
	f := service.HistoryFilter{From: st.from, To: st.to, Account: st.Account, Kind: st.Kind, Page: st.Page}
	if id, err := strconv.ParseInt(st.Author, 10, 64); err == nil && id > 0 {
		f.ActorPersonID = id
	} else {
		f.ActorLabel = st.Author
	}
	return f
}

// values encodes the state, with overrides, for links (paging, export).
func (st historyState) values(over ...string) url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"du", st.From}, {"au", st.To}, {"auteur", st.Author}, {"compte", st.Account}, {"type", string(st.Kind)}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if st.Page > 1 {
		v.Set("page", strconv.Itoa(st.Page))
	}
	for i := 0; i+1 < len(over); i += 2 {
		if over[i+1] == "" {
			v.Del(over[i])
		} else {
			v.Set(over[i], over[i+1])
		}
	}
	return v
}

// DateValue is a date field's value for its date input, which only takes
// YYYY-MM-DD; what could not be read is sent back as typed.
func (st historyState) DateValue(field string) string {
	raw, d := st.From, st.from
	if field == "au" {
		raw, d = st.To, st.to
	}
	if d.IsZero() {
		return raw
	}
	return d.String()
}

// historyData is the history page's data.
type historyData struct {
	*service.HistoryPage
	State historyState
	// Choices fill the filters' selects, on the whole page only: htmx swaps
	// only the results.
	Choices *store.HistoryFacets
}

const historyPath = "/etablissement/historique"

// First is the position of the page's first event in "1-50 sur 312".
func (d historyData) First() int {
	if d.Total == 0 {
		return 0
	}
	return (d.Page-1)*service.HistoryPageSize + 1
}

// Last is the position of the page's last event ("0-0 sur 0" when none).
func (d historyData) Last() int {
	if len(d.Entries) == 0 {
		return 0
	}
	return d.First() + len(d.Entries) - 1
}

// PrevURL is the previous page's link, or "".
func (d historyData) PrevURL() string {
	if d.Page <= 1 {
		return ""
	}
	return historyPath + "?" + d.State.values("page", strconv.Itoa(d.Page-1)).Encode()
}

// NextURL is the next page's link, or "".
func (d historyData) NextURL() string {
	if d.Last() >= d.Total {
		return ""
	}
	return historyPath + "?" + d.State.values("page", strconv.Itoa(d.Page+1)).Encode()
}

// ExportURL downloads every event the filters keep, on all pages.
func (d historyData) ExportURL() string {
	return historyPath + "/export?" + d.State.values("page", "").Encode()
}

// AuthorValue is an author's value in the "Auteur" select.
func (d historyData) AuthorValue(a store.HistoryActor) string {
	if a.PersonID != 0 {
		return strconv.FormatInt(a.PersonID, 10)
	}
	return a.Label
}

func (s *Server) history(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	st := readHistoryState(r.URL.Query())
	actor := sess.Actor(clientIP(r))
	page, err := s.svc.History(r.Context(), actor, st.filter())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st.Page = page.Page
	d := historyData{HistoryPage: page, State: st}
	v := view{Title: "Historique", Data: d}
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "historique-resultats" {
		s.renderPart(w, r, http.StatusOK, "history", "results", v)
		return
	}
	if d.Choices, err = s.svc.HistoryChoices(r.Context(), actor); err != nil {
		s.fail(w, r, err)
		return
	}
	// A kind chosen by a bookmarked link stays shown even when no event of
	// it is left.
	if st.Kind != "" && !slices.Contains(d.Choices.Kinds, st.Kind) {
		d.Choices.Kinds = append(d.Choices.Kinds, st.Kind)
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "history", v)
}

// exportHistory sends the filtered history, every page of it, as CSV.
func (s *Server) exportHistory(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	d := &download{w: w}
	n, err := s.svc.ExportHistory(r.Context(), sess.Actor(clientIP(r)), readHistoryState(r.URL.Query()).filter(), d)
	s.finishDownload(w, r, d, n, err)
}

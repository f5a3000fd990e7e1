package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// consoleRoutes registers the account list and its actions (F-20…F-25).
func (s *Server) consoleRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /etablissement/comptes", s.admin(s.accounts))
	mux.HandleFunc("POST /etablissement/comptes/confirmer", s.admin(s.confirmBulk))
	mux.HandleFunc("POST /etablissement/comptes/renouveler", s.admin(s.bulkAction(bulkRenew)))
	mux.HandleFunc("POST /etablissement/comptes/supprimer", s.admin(s.bulkAction(bulkDelete)))
	mux.HandleFunc("POST /etablissement/comptes/{id}/renvoyer", s.admin(s.resendActivation))
	mux.HandleFunc("POST /etablissement/comptes/{id}/debloquer", s.admin(s.unlockAccount))
}

// listState is the list's query as the page's controls hold it, in French
// URL parameters so links can be shared.
type listState struct {
	Search  string
	Filter  store.AccountFilter
	Group   store.AccountGroup
	Sort    store.AccountSort
	Desc    bool
	PerPage int
	Page    int
}

func readListState(v url.Values) listState {
	st := listState{
		Search:  strings.TrimSpace(v.Get("q")),
		Filter:  store.AccountFilter(v.Get("filtre")),
		Group:   store.AccountGroup(v.Get("groupe")),
		Sort:    store.AccountSort(v.Get("tri")),
		Desc:    v.Get("ordre") == "desc",
		PerPage: store.DefaultAccountPageSize,
		Page:    1,
	}
	if len(st.Search) > 200 {
		st.Search = st.Search[:200]
	}
	if !st.Filter.Valid() {
		st.Filter = store.AccountFilterAll
	}
	if !st.Group.Valid() {
		st.Group = store.AccountGroupNone
	}
	if !st.Sort.Valid() {
		st.Sort = ""
	}
	if n, err := strconv.Atoi(v.Get("par")); err == nil && (n == 10 || n == 25 || n == 50 || n == 100) {
		st.PerPage = n
	}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 {
		st.Page = n
	}
	return st
}

func (st listState) query() store.AccountQuery {
	return store.AccountQuery{Search: st.Search, Filter: st.Filter, Group: st.Group, Sort: st.Sort, Desc: st.Desc,
		Limit: st.PerPage, Offset: (st.Page - 1) * st.PerPage}
}

// values encodes the state, with overrides, for links (sorting, paging).
func (st listState) values(over ...string) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", st.Search)
	set("filtre", string(st.Filter))
	set("groupe", string(st.Group))
	set("tri", string(st.Sort))
	if st.Desc {
		v.Set("ordre", "desc")
	}
	if st.PerPage != store.DefaultAccountPageSize {
		v.Set("par", strconv.Itoa(st.PerPage))
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

// consoleData is the list page's data.
type consoleData struct {
	*service.Console
	State   listState
	Filters []store.AccountFilter
	Report  *bulkReportView
}

// First and Last are the positions shown in "1-25 sur 312 résultat(s)".
func (d consoleData) First() int {
	if d.Page.Total == 0 {
		return 0
	}
	return (d.State.Page-1)*d.State.PerPage + 1
}

// Last is the position of the page's last row.
func (d consoleData) Last() int { return d.First() + len(d.Page.Rows) - 1 }

// PrevURL is the previous page's link, or "".
func (d consoleData) PrevURL() string {
	if d.State.Page <= 1 {
		return ""
	}
	return "/etablissement/comptes?" + d.State.values("page", strconv.Itoa(d.State.Page-1)).Encode()
}

// NextURL is the next page's link, or "".
func (d consoleData) NextURL() string {
	if d.Last() >= d.Page.Total {
		return ""
	}
	return "/etablissement/comptes?" + d.State.values("page", strconv.Itoa(d.State.Page+1)).Encode()
}

// SortURL is the link a column header sorts with: ascending first, then
// descending when it is already the ascending sort.
func (d consoleData) SortURL(col string) string {
	desc := ""
	if d.SortedBy(col) && !d.State.Desc {
		desc = "desc"
	}
	return "/etablissement/comptes?" + d.State.values("tri", col, "ordre", desc, "page", "").Encode()
}

// SortedBy reports whether the list is sorted on col.
func (d consoleData) SortedBy(col string) bool {
	return string(d.State.Sort) == col || (d.State.Sort == "" && col == string(store.AccountSortName))
}

// AriaSort is the aria-sort value of a column header.
func (d consoleData) AriaSort(col string) string {
	if !d.SortedBy(col) {
		return "none"
	}
	if d.State.Desc {
		return "descending"
	}
	return "ascending"
}

// GroupOf is the group a row falls in, for "Grouper par" headings.
func (d consoleData) GroupOf(row store.AccountRow) string {
	switch d.State.Group {
	case store.AccountGroupProfile:
		return row.Profile.Label()
	case store.AccountGroupStatus:
		return row.Status.Label()
	case store.AccountGroupExpiryMonth:
		return frenchMonth(row.ExpiresOn)
	}
	return ""
}

// Today is the date the list judges expiry against.
func (d consoleData) Expired(row store.AccountRow) bool { return row.Status == sesame.StatusExpired }

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

func frenchMonth(d sesame.Date) string {
	if d.IsZero() {
		return "Sans date"
	}
	m := frenchMonths[d.Month-1]
	return strings.ToUpper(m[:1]) + m[1:] + " " + strconv.Itoa(d.Year)
}

func (s *Server) accounts(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	s.showConsole(w, r, sess, readListState(r.URL.Query()), nil)
}

// showConsole renders the list page, or only its results for htmx (instant
// search, filters, paging).
func (s *Server) showConsole(w http.ResponseWriter, r *http.Request, sess *service.Session, st listState, report *bulkReportView) {
	c, err := s.svc.ListAccounts(r.Context(), sess.Actor(clientIP(r)), st.query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := view{Title: "Gestion des comptes", Data: consoleData{Console: c, State: st, Filters: store.AccountFilters, Report: report}}
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "resultats" {
		s.renderPart(w, r, http.StatusOK, "accounts", "results", v)
		return
	}
	s.render(w, r, http.StatusOK, "accounts", v)
}

package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

// bulkKind is one of the console's actions on a selection (F-23, F-25).
type bulkKind struct {
	Action string // the URL segment and form value: "renouveler" or "supprimer"
	Title  string // "Renouvellement des droits"
	run    func(svc *service.Service, ctx context.Context, actor sesame.Actor, ids []int64) (*service.BulkReport, error)
}

var (
	bulkRenew  = bulkKind{Action: "renouveler", Title: "Renouvellement des droits", run: (*service.Service).RenewAccounts}
	bulkDelete = bulkKind{Action: "supprimer", Title: "Suppression des comptes", run: (*service.Service).DeleteAccounts}
)

func bulkKindOf(action string) (bulkKind, bool) {
	switch action {
	case bulkRenew.Action:
		return bulkRenew, true
	case bulkDelete.Action:
		return bulkDelete, true
	}
	return bulkKind{}, false
}

// selection reads the accounts a form designates: the checked rows, or with
// "Tout sélectionner" every result of the list's current filter and search.
func (s *Server) selection(r *http.Request, sess *service.Session) ([]int64, error) {
	if err := r.ParseForm(); err != nil {
		return nil, sesame.Errorf(sesame.EInvalid, "Formulaire illisible.")
	}
	if r.PostForm.Get("all") == "1" {
		return s.svc.SelectAccounts(r.Context(), sess.Actor(clientIP(r)), readListState(r.PostForm).query())
	}
	var ids []int64
	for _, raw := range r.PostForm["ids"] {
		for _, part := range strings.Split(raw, ",") {
			if id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64); err == nil && id > 0 {
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

// confirmData is the confirmation dialog of a bulk action (F-25).
type confirmData struct {
	Kind     bulkKind
	Accounts []service.AccountRef
	Until    sesame.Date
	IDs      string
	State    listState
}

// Sentence is the seed's wording: "Vous allez renouveler les droits pour :
// 2 utilisateurs — jusqu'au 18/09/2025" or "… les droits de Mme Krystel
// jusqu'au 18/09/2025"; the same for deletion.
func (d confirmData) Sentence() string {
	n := len(d.Accounts)
	if d.Kind.Action == bulkRenew.Action {
		if n == 1 {
			return "Vous allez renouveler les droits de " + d.Accounts[0].Name() + " jusqu'au " + d.Until.French() + "."
		}
		return "Vous allez renouveler les droits pour : " + strconv.Itoa(n) + " utilisateurs — jusqu'au " + d.Until.French() + "."
	}
	if n == 1 {
		return "Vous allez supprimer le compte de " + d.Accounts[0].Name() + "."
	}
	return "Vous allez supprimer les comptes de : " + strconv.Itoa(n) + " utilisateurs."
}

func (s *Server) confirmBulk(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	kind, ok := bulkKindOf(r.PostFormValue("action"))
	if !ok {
		s.fail(w, r, sesame.Errorf(sesame.EInvalid, "Action inconnue."))
		return
	}
	ids, err := s.selection(r, sess)
	if err == nil && len(ids) == 0 {
		err = sesame.Errorf(sesame.EInvalid, "Sélectionnez au moins un compte.")
	}
	var refs []service.AccountRef
	if err == nil {
		refs, err = s.svc.AccountRefs(r.Context(), sess.Actor(clientIP(r)), ids)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	s.render(w, r, http.StatusOK, "confirm", view{Title: kind.Title, Data: confirmData{Kind: kind, Accounts: refs,
		Until: s.svc.RenewalDate(), IDs: strings.Join(parts, ","), State: readListState(r.PostForm)}})
}

// bulkReportView is a bulk action's report above the list.
type bulkReportView struct {
	Kind bulkKind
	*service.BulkReport
}

// Summary says what was done, in one sentence.
func (b bulkReportView) Summary() string {
	n := strconv.Itoa(len(b.Done))
	if b.Kind.Action == "debloquer" && len(b.Done) == 1 {
		return "Le compte de " + b.Done[0].Name() + " est débloqué : la personne peut de nouveau se connecter."
	}
	if b.Kind.Action == "renvoyer" && len(b.Done) == 1 {
		return "Le courriel de création du mot de passe a été renvoyé à " + b.Done[0].Name() + " ; le lien précédent ne fonctionne plus."
	}
	if b.Kind.Action == bulkRenew.Action {
		return n + " compte(s) renouvelé(s) jusqu'au " + b.Until.French() + "."
	}
	return n + " compte(s) supprimé(s)."
}

func (s *Server) bulkAction(kind bulkKind) func(http.ResponseWriter, *http.Request, *service.Session) {
	return func(w http.ResponseWriter, r *http.Request, sess *service.Session) {
		ids, err := s.selection(r, sess)
		var report *service.BulkReport
		if err == nil {
			report, err = kind.run(s.svc, r.Context(), sess.Actor(clientIP(r)), ids)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.showConsole(w, r, sess, readListState(r.PostForm), &bulkReportView{Kind: kind, BulkReport: report})
	}
}

// resendActivation is the "@" of a pending account (F-05).
func (s *Server) resendActivation(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.svc.ResendActivation(r.Context(), sess.Actor(clientIP(r)), id); err != nil {
		s.fail(w, r, err)
		return
	}
	refs, err := s.svc.AccountRefs(r.Context(), sess.Actor(clientIP(r)), []int64{id})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showConsole(w, r, sess, readListState(r.PostForm), &bulkReportView{Kind: bulkKind{Action: "renvoyer"},
		BulkReport: &service.BulkReport{Done: refs}})
}

// unlockAccount is the "débloquer" action of a locked account (F-01).
func (s *Server) unlockAccount(w http.ResponseWriter, r *http.Request, sess *service.Session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	ref, err := s.svc.UnlockAccount(r.Context(), sess.Actor(clientIP(r)), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showConsole(w, r, sess, readListState(r.PostForm), &bulkReportView{Kind: bulkKind{Action: "debloquer"},
		BulkReport: &service.BulkReport{Done: []service.AccountRef{ref}}})
}

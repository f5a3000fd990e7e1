package service

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// Dashboard is the Tableau de bord of one establishment (F-43).
type Dashboard struct {
	Person        *sesame.Person
	Establishment *sesame.Establishment
	Account       *sesame.Account
	Domains       []DashboardDomain
}

// DashboardDomain is one domain with the services the person may use in it.
type DashboardDomain struct {
	Code     string
	Name     string
	Services []DashboardService
}

// DashboardService is a service the person may use, with their level.
type DashboardService struct {
	Name  string
	URL   string
	Level sesame.Level
}

// Dashboard gathers what the person may use in the session's establishment.
func (s *Service) Dashboard(ctx context.Context, sess *Session) (*Dashboard, error) {
	if sess.Current == nil {
		return nil, sesame.Errorf(sesame.EConflict, "Choisissez d'abord un établissement.")
	}
	q := s.store.Read()
	est, err := q.Establishment(ctx, sess.Current.Account.EstablishmentID)
	if err != nil {
		return nil, err
	}
	cat, err := q.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	rights, err := q.Rights(ctx, sess.Current.Account.ID)
	if err != nil {
		return nil, err
	}
	levels := make(map[int64]sesame.Level, len(rights))
	for _, r := range rights {
		levels[r.ServiceID] = r.Level
	}
	d := &Dashboard{Person: sess.Person, Establishment: est, Account: sess.Current.Account}
	for _, dom := range cat.Domains {
		dd := DashboardDomain{Code: dom.Code, Name: dom.Name}
		for _, svc := range cat.ServicesOf(dom.ID) {
			if lvl, ok := levels[svc.ID]; ok && lvl != sesame.LevelNone {
				dd.Services = append(dd.Services, DashboardService{Name: svc.Name, URL: svc.URL, Level: lvl})
			}
		}
		if len(dd.Services) > 0 {
			d.Domains = append(d.Domains, dd)
		}
	}
	return d, nil
}

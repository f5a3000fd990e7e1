package service

import (
	"context"

	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// Dashboard is the Tableau de bord of one establishment (F-43).
type Dashboard struct {
	Person        *sesame.Person
	Establishment *sesame.Establishment
	Account       *sesame.Account
	Domains       []DashboardDomain
	// ExpiresSoon is set when the person's own account expires within two
	// months: the banner asks them to have it renewed in time.
	ExpiresSoon bool
	Admin       *AdminPanel // for administrators only
}

// AdminPanel is what an administrator's dashboard adds (F-43): what needs
// doing in their establishment.
type AdminPanel struct {
	Pending     *store.AccountPage // awaiting activation
	Expiring    *store.AccountPage // expiring within two months
	SingleAdmin bool               // best practice 3
	Months      []MonthCount       // accounts expiring in each of the next 12 months
}

// MonthCount is one bar of the expiry chart.
type MonthCount struct {
	Month sesame.Date // the first day of the month
	Count int
}

// MaxCount is the tallest bar, for scaling the chart.
func (p *AdminPanel) MaxCount() int {
	m := 0
	for _, mc := range p.Months {
		m = max(m, mc.Count)
	}
	return m
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
	a := sess.Current.Account
	d := &Dashboard{Person: sess.Person, Establishment: est, Account: a,
		ExpiresSoon: a.ExpiresOn.Before(s.today().AddMonthsClamped(store.ExpiringMonths))}
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
	if a.Profile == sesame.ProfileAdmin {
		if d.Admin, err = s.adminPanel(ctx, q, est.ID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// dashboardRows is how many accounts each list of the admin panel shows;
// the console has them all.
const dashboardRows = 10

func (s *Service) adminPanel(ctx context.Context, q *store.Q, establishmentID int64) (*AdminPanel, error) {
	today := s.today()
	list := func(f store.AccountFilter) (*store.AccountPage, error) {
		return q.ListAccounts(ctx, store.AccountQuery{EstablishmentID: establishmentID, Filter: f,
			Sort: store.AccountSortExpiresOn, Limit: dashboardRows, Today: today})
	}
	p := &AdminPanel{}
	var err error
	if p.Pending, err = list(store.AccountFilterPending); err != nil {
		return nil, err
	}
	if p.Expiring, err = list(store.AccountFilterExpiring); err != nil {
		return nil, err
	}
	admins, err := q.CountActiveAdministrators(ctx, establishmentID, today, 2)
	if err != nil {
		return nil, err
	}
	p.SingleAdmin = admins == 1
	first := sesame.NewDate(today.Year, today.Month, 1)
	counts, err := q.ExpiriesByMonth(ctx, establishmentID, today, first.AddMonthsClamped(12))
	if err != nil {
		return nil, err
	}
	for i := range 12 {
		m := first.AddMonthsClamped(i)
		p.Months = append(p.Months, MonthCount{Month: m, Count: counts[m.String()[:7]]})
	}
	return p, nil
}

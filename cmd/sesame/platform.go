package main

import (
	"context"
	"log/slog"

	"github.com/sesame-platform/sesame/internal/jobs"
	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// platform is an assembled Sésame: store, job queue and use cases.
type platform struct {
	store   *store.Store
	queue   *jobs.Queue
	svc     *service.Service
	mailbox *mail.Mailbox // set in dev mode without SMTP
	log     *slog.Logger
}

// open assembles the platform. With work, this process delivers queued mail
// (serve); without, it only queues it for a server to deliver (operator
// commands).
func (e *environment) open(ctx context.Context, o *options, work bool) (*platform, error) {
	log := e.logger(o)
	st, err := store.Open(ctx, o.db, log)
	if err != nil {
		return nil, err
	}
	p := &platform{store: st, log: log}
	var sender mail.Sender
	switch {
	case !work:
		sender = nil
	case o.smtp.Host != "":
		if sender, err = mail.NewSMTPSender(o.smtp); err != nil {
			st.Close()
			return nil, err
		}
	default:
		p.mailbox = mail.NewMailbox()
		sender = p.mailbox
	}
	if p.queue, err = jobs.New(st, sender, jobs.Config{Work: work, Log: log}); err != nil {
		st.Close()
		return nil, err
	}
	p.svc = service.New(st, p.queue, sesame.SystemClock{}, service.NewHasher(service.OWASPParams, 0), o.serviceConfig(), log)
	if work {
		p.queue.Schedule(p.svc) // the nightly expiry and the monthly reminders (F-50)
	}
	return p, nil
}

func (p *platform) close(ctx context.Context) {
	_ = p.queue.Stop(ctx)
	_ = p.store.Close()
}

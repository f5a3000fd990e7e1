package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/sesame-platform/sesame/internal/web"
)

func (e *environment) serve(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, true)
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := e.open(ctx, &o, true)
	if err != nil {
		return err
	}
	return e.servePlatform(ctx, &o, p, nil)
}

// servePlatform serves until ctx ends, then shuts down gracefully: no new
// requests, running ones and mail deliveries finish. ready, if not nil,
// receives the listening address.
func (e *environment) servePlatform(ctx context.Context, o *options, p *platform, ready chan<- string) error {
	if o.smtp.Host == "" && !o.dev {
		p.close(context.Background())
		return errors.New("aucun serveur SMTP configuré (--smtp-host) : hors mode développement (--dev), les courriels ne pourraient pas partir")
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	handler, err := web.New(web.Config{Service: p.svc, Health: p.store, Dev: o.dev, Mailbox: p.mailbox, Log: p.log, Registry: reg})
	if err != nil {
		p.close(context.Background())
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		p.close(context.Background())
		return err
	}
	if err := p.queue.Start(ctx); err != nil {
		ln.Close()
		p.close(context.Background())
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	p.log.Info("serving", "addr", ln.Addr().String(), "dev", o.dev, "db", p.store.Dialect())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		p.close(context.Background())
		return err
	case <-ctx.Done():
	}
	p.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	p.close(shutdownCtx)
	if err != nil {
		return fmt.Errorf("arrêt : %w", err)
	}
	return nil
}

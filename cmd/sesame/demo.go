package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/sesame-platform/sesame/internal/service"
)

// demo fills the store with demo data (once) and serves it in dev mode,
// printing how to log in: the README's first command.
func (e *environment) demo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, true)
	fs.Lookup("db").DefValue = "sesame-demo.db"
	if e.getenv("SESAME_DB") == "" {
		o.db = "sesame-demo.db"
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.dev = true
	p, err := e.open(ctx, &o, true)
	if err != nil {
		return err
	}
	res, err := p.svc.SeedDemo(ctx)
	if err != nil {
		p.close(context.Background())
		return err
	}
	ready := make(chan string, 1)
	go func() {
		addr, ok := <-ready
		if !ok {
			return
		}
		state := "créée"
		if !res.Created {
			state = "déjà présente"
		}
		fmt.Fprintf(e.stdout, `
Sésame — démonstration (%s, base %s)

  Ouvrez            http://%s/connexion
  Identifiant       %s
  Mot de passe      %s

  Établissement     %s, avec une quarantaine de comptes dans tous les états.
  Courriels envoyés http://%s/dev/courriels

Arrêt : Ctrl+C.
`, state, o.db, addr, res.AdminIdentifier, service.DemoPassword, res.Establishment.Name, addr)
	}()
	err = e.servePlatform(ctx, &o, p, ready)
	close(ready)
	return err
}

package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/sesame-platform/sesame/internal/service"
)

// publishCGU publishes a new version of the terms of use (F-60) from a text
// file; every establishment must accept it before the deadline.
func (e *environment) publishCGU(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("cgu publish", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	var in service.CGUInput
	var file string
	fs.StringVar(&in.Title, "title", "", "titre de la version, ex. « Conditions générales d'utilisation — version de mars 2026 »")
	fs.StringVar(&file, "file", "", "fichier texte (UTF-8) des conditions générales d'utilisation")
	fs.StringVar(&in.Deadline, "deadline", "", "date limite d'acceptation, JJ/MM/AAAA")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("--file : %w", err)
		}
		in.Body = string(b)
	}
	p, err := e.open(ctx, &o, false)
	if err != nil {
		return err
	}
	defer p.close(context.Background())
	c, err := p.svc.PublishCGU(ctx, e.operatorActor(), in)
	if err != nil {
		return e.explain(err, map[string]string{"title": "--title", "body": "--file", "deadline": "--deadline"})
	}
	fmt.Fprintf(e.stdout, "Conditions générales d'utilisation publiées : %s (à accepter avant le %s).\n", c.Title, c.Deadline.French())
	return nil
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// backup copies a running SQLite store to a new file (store.Backup: VACUUM
// INTO, a consistent snapshot taken without stopping the server). The
// README says how to restore it.
func (e *environment) backup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	out := fs.String("out", "", "fichier de la copie (il ne doit pas exister)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("indiquez le fichier de la copie (--out)")
	}
	p, err := e.open(ctx, &o, false)
	if err != nil {
		return err
	}
	defer p.close(context.Background())
	if err := p.store.Backup(ctx, *out); err != nil {
		if sesame.ErrorCode(err) == sesame.EInternal {
			return err
		}
		return e.explain(err, nil)
	}
	fmt.Fprintf(e.stdout, "Copie cohérente de %s écrite dans %s.\n", o.db, *out)
	return nil
}

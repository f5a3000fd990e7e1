package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/sesame-platform/sesame/internal/sesame"
)

// mailCommands are "sesame mail …".
func (e *environment) mailCommands() map[string]command {
	return map[string]command{"failed": e.failedMail}
}

// failedMail lists the mail that failed for good: refused, or the SMTP
// server unreachable, at every attempt over about a day
// (jobs.MailMaxAttempts); River keeps them jobs.FailedMailRetention.
func (e *environment) failedMail(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("mail failed", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	limit := fs.Int("limit", 100, "nombre maximal de courriels listés, les plus récents d'abord")
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := e.open(ctx, &o, false)
	if err != nil {
		return err
	}
	defer p.close(context.Background())
	failed, err := p.queue.FailedMail(ctx, max(*limit, 1))
	if err != nil {
		return err
	}
	if len(failed) == 0 {
		fmt.Fprintln(e.stdout, "Aucun courriel en échec définitif.")
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "Abandonné le\tDestinataire\tObjet\tEssais\tDernière erreur")
	for _, f := range failed {
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\n", f.FailedAt.In(sesame.Paris).Format("02/01/2006 15:04"), f.To, f.Subject,
			f.Attempts, strings.Join(strings.Fields(f.LastError), " "))
	}
	return w.Flush()
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/sesame-platform/sesame/internal/letters"
	"github.com/sesame-platform/sesame/internal/sesame"
	"github.com/sesame-platform/sesame/internal/store"
)

// letterCommands are "sesame letters …": the letters to the legal
// representatives (F-70) that operators print and post.
func (e *environment) letterCommands() map[string]command {
	return map[string]command{"list": e.listLetters, "download": e.downloadLetter, "sent": e.markLetterSent}
}

func (e *environment) listLetters(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("letters list", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	all := fs.Bool("all", false, "tous les courriers, y compris ceux déjà envoyés")
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := e.open(ctx, &o, false)
	if err != nil {
		return err
	}
	defer p.close(context.Background())
	list, err := p.svc.Letters(ctx, e.operatorActor(), *all)
	if err != nil {
		return e.explain(err, nil)
	}
	if len(list) == 0 {
		if *all {
			fmt.Fprintln(e.stdout, "Aucun courrier.")
		} else {
			fmt.Fprintln(e.stdout, "Aucun courrier à envoyer.")
		}
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "N°\tRéférence\tÉtablissement\tMotif\tNouvel administrateur\tLe\tEnvoyé le")
	for _, l := range list {
		sent := "à envoyer"
		if l.SentAt != nil {
			sent = sesame.DateOf(*l.SentAt).French()
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s %s %s (%s)\t%s\t%s\n", l.ID, l.Reference, l.EstablishmentName, reasonLabel(l),
			l.AdminCivility.Short(), l.AdminFirstName, l.AdminSurname, l.AdminIdentifier, l.ChangedOn.French(), sent)
	}
	return w.Flush()
}

// reasonLabel is a letter's reason as operators read it.
func reasonLabel(l *store.Letter) string {
	if l.Reason == letters.ReasonPromotion {
		return "promotion"
	}
	return "création"
}

func (e *environment) downloadLetter(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("letters download", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	id := fs.Int64("id", 0, "numéro du courrier (voir « letters list »)")
	out := fs.String("out", "", "fichier PDF à écrire, ou - pour la sortie standard")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *id <= 0 || *out == "" {
		return errors.New("indiquez le courrier (--id) et le fichier à écrire (--out)")
	}
	p, err := e.open(ctx, &o, false)
	if err != nil {
		return err
	}
	defer p.close(context.Background())
	var w io.Writer = e.stdout
	var f *os.File
	if *out != "-" {
		// Never overwrite: a letter already printed under that name may be
		// another one.
		if f, err = os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); errors.Is(err, os.ErrExist) {
			return fmt.Errorf("le fichier %s existe déjà : choisissez un autre nom", *out)
		} else if err != nil {
			return err
		}
		w = f
	}
	l, err := p.svc.WriteLetterPDF(ctx, e.operatorActor(), *id, w)
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(*out)
		}
	}
	if err != nil {
		return e.explain(err, nil)
	}
	if f != nil {
		fmt.Fprintf(e.stdout, "Courrier %s écrit dans %s. Une fois posté : sesame letters sent --id %d\n", l.Reference, *out, l.ID)
	}
	return nil
}

func (e *environment) markLetterSent(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("letters sent", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	id := fs.Int64("id", 0, "numéro du courrier posté")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *id <= 0 {
		return errors.New("indiquez le courrier posté (--id)")
	}
	p, err := e.open(ctx, &o, false)
	if err != nil {
		return err
	}
	defer p.close(context.Background())
	l, err := p.svc.MarkLetterSent(ctx, e.operatorActor(), *id)
	if err != nil {
		return e.explain(err, nil)
	}
	fmt.Fprintf(e.stdout, "Courrier %s (%s) marqué envoyé le %s.\n", l.Reference, l.EstablishmentName, sesame.DateOf(*l.SentAt).French())
	return nil
}

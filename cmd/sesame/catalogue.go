package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

// catalogueCommands are "sesame catalogue …": the service catalogue is
// data (F-80), changed by operators, each change in the history.
func (e *environment) catalogueCommands() map[string]command {
	return map[string]command{
		"list":           e.listCatalogue,
		"add-service":    e.addService,
		"rename-service": e.renameService,
		"move-service":   e.moveService,
		"remove-service": e.removeService,
	}
}

// catalogueFlagNames maps the service's field names to the options.
var catalogueFlagNames = map[string]string{"domain": "--domain", "code": "--code", "name": "--name", "url": "--url",
	"position": "--position"}

// catalogueCommand parses a catalogue command's flags (declared by declare),
// opens the platform and runs fn as the operator.
func (e *environment) catalogueCommand(ctx context.Context, name string, args []string, declare func(fs *flag.FlagSet),
	fn func(p *platform) error) error {
	fs := flag.NewFlagSet("catalogue "+name, flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	declare(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := e.open(ctx, &o, false)
	if err != nil {
		return err
	}
	defer p.close(context.Background())
	if err := fn(p); err != nil {
		return e.explain(err, catalogueFlagNames)
	}
	return nil
}

func (e *environment) listCatalogue(ctx context.Context, args []string) error {
	return e.catalogueCommand(ctx, "list", args, func(*flag.FlagSet) {}, func(p *platform) error {
		cat, err := p.svc.Catalogue(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		for _, d := range cat.Domains {
			fmt.Fprintf(w, "%s (%s)\n", d.Name, d.Code)
			for _, s := range cat.ServicesOf(d.ID) {
				fmt.Fprintf(w, "  %d.\t%s\t%s\t%s\n", s.Position, s.Code, s.Name, s.URL)
			}
		}
		return w.Flush()
	})
}

func (e *environment) addService(ctx context.Context, args []string) error {
	var in service.ServiceInput
	return e.catalogueCommand(ctx, "add-service", args, func(fs *flag.FlagSet) {
		fs.StringVar(&in.Domain, "domain", "", "code du domaine (voir « catalogue list »)")
		fs.StringVar(&in.Code, "code", "", "code du service, par exemple retraite-progressive")
		fs.StringVar(&in.Name, "name", "", "nom du service, tel que le tableau des droits l'affiche")
		fs.StringVar(&in.URL, "url", "", "adresse du service (https://…)")
		fs.IntVar(&in.Position, "position", 0, "place dans le domaine, 1 pour la première (par défaut la dernière)")
	}, func(p *platform) error {
		svc, err := p.svc.AddCatalogueService(ctx, e.operatorActor(), in)
		if err == nil {
			fmt.Fprintf(e.stdout, "Service ajouté : %s (%s), position %d. Aucun compte n'y a encore accès.\n", svc.Name, svc.Code, svc.Position)
		}
		return err
	})
}

func (e *environment) renameService(ctx context.Context, args []string) error {
	var code, name string
	return e.catalogueCommand(ctx, "rename-service", args, func(fs *flag.FlagSet) {
		fs.StringVar(&code, "code", "", "code du service")
		fs.StringVar(&name, "name", "", "nouveau nom")
	}, func(p *platform) error {
		svc, err := p.svc.RenameCatalogueService(ctx, e.operatorActor(), code, name)
		if err == nil {
			fmt.Fprintf(e.stdout, "Service renommé : %s (%s). Les droits accordés sont conservés.\n", svc.Name, svc.Code)
		}
		return err
	})
}

func (e *environment) moveService(ctx context.Context, args []string) error {
	var code, domain string
	var position int
	return e.catalogueCommand(ctx, "move-service", args, func(fs *flag.FlagSet) {
		fs.StringVar(&code, "code", "", "code du service")
		fs.StringVar(&domain, "domain", "", "code du domaine d'arrivée (le sien pour le seul changer de place)")
		fs.IntVar(&position, "position", 0, "place dans le domaine, 1 pour la première (par défaut la dernière)")
	}, func(p *platform) error {
		svc, err := p.svc.MoveCatalogueService(ctx, e.operatorActor(), code, domain, position)
		if err == nil {
			fmt.Fprintf(e.stdout, "Service déplacé : %s, position %d du domaine %s.\n", svc.Name, svc.Position, domain)
		}
		return err
	})
}

func (e *environment) removeService(ctx context.Context, args []string) error {
	var code string
	var withdraw bool
	return e.catalogueCommand(ctx, "remove-service", args, func(fs *flag.FlagSet) {
		fs.StringVar(&code, "code", "", "code du service")
		fs.BoolVar(&withdraw, "withdraw-rights", false, "retirer d'abord les droits accordés sur ce service (chaque compte en garde la trace dans son historique)")
	}, func(p *platform) error {
		res, err := p.svc.RemoveCatalogueService(ctx, e.operatorActor(), code, withdraw)
		if sesame.ErrorCode(err) == sesame.EConflict && !withdraw {
			return sesame.Errorf(sesame.EConflict, "%s\nPour retirer ces droits avec le service, relancez avec --withdraw-rights.", sesame.ErrorMessage(err))
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Service supprimé : %s (%s) ; %d droit(s) retiré(s).\n", res.Service.Name, res.Service.Code, res.WithdrawnRights)
		return nil
	})
}

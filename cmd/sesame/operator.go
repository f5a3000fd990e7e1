package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

// operatorActor names who runs an operator command in the history.
func (e *environment) operatorActor() sesame.Actor {
	name := e.getenv("SESAME_OPERATOR")
	if name == "" {
		name = e.getenv("USER")
	}
	if name != "" {
		name = "Opérateur " + name
	}
	return sesame.OperatorActor(name)
}

func (e *environment) createEstablishment(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("establishment create", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	var in service.EstablishmentInput
	fs.StringVar(&in.Name, "name", "", "nom de l'établissement")
	fs.StringVar(&in.SIRET, "siret", "", "numéro SIRET (14 chiffres)")
	fs.StringVar(&in.Street, "street", "", "adresse (numéro et voie)")
	fs.StringVar(&in.Postcode, "postcode", "", "code postal")
	fs.StringVar(&in.City, "city", "", "commune")
	fs.StringVar(&in.RepCivility, "rep-civility", "", "civilité du représentant légal : M ou Mme")
	fs.StringVar(&in.RepSurname, "rep-surname", "", "nom du représentant légal")
	fs.StringVar(&in.RepFirstName, "rep-first-name", "", "prénom du représentant légal")
	fs.StringVar(&in.RepTitle, "rep-title", "", "qualité du représentant légal (ex. Maire)")
	fs.StringVar(&in.RepStreet, "rep-street", "", "adresse du représentant légal (par défaut celle de l'établissement)")
	fs.StringVar(&in.RepPostcode, "rep-postcode", "", "code postal du représentant légal")
	fs.StringVar(&in.RepCity, "rep-city", "", "commune du représentant légal")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if in.RepStreet == "" && in.RepPostcode == "" && in.RepCity == "" {
		in.RepStreet, in.RepPostcode, in.RepCity = in.Street, in.Postcode, in.City
	}
	p, err := e.open(ctx, &o, false)
	if err != nil {
		return err
	}
	defer p.close(context.Background())
	est, err := p.svc.CreateEstablishment(ctx, e.operatorActor(), in)
	if err != nil {
		return e.explain(err, map[string]string{"name": "--name", "siret": "--siret", "street": "--street", "postcode": "--postcode",
			"city": "--city", "rep_civility": "--rep-civility", "rep_surname": "--rep-surname", "rep_first_name": "--rep-first-name",
			"rep_title": "--rep-title", "rep_street": "--rep-street", "rep_postcode": "--rep-postcode", "rep_city": "--rep-city"})
	}
	fmt.Fprintf(e.stdout, "Établissement créé : %s (SIRET %s), numéro %d.\n", est.Name, est.SIRET, est.ID)
	return nil
}

func (e *environment) createAdmin(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	var estRef string
	var in service.PersonInput
	fs.StringVar(&estRef, "establishment", "", "numéro ou SIRET de l'établissement")
	personFlags(fs, &in)
	if err := fs.Parse(args); err != nil {
		return err
	}
	in.EmailConfirm = in.Email
	p, estID, err := e.openAt(ctx, &o, estRef)
	if err != nil {
		return err
	}
	defer p.close(context.Background())
	na, err := p.svc.CreateFirstAdministrator(ctx, e.operatorActor(), estID, in)
	if err != nil {
		return e.explain(err, personFlagNames)
	}
	fmt.Fprintf(e.stdout, "Administrateur créé, en attente d'activation : %s %s %s\nIdentifiant : %s\n"+
		"Le courriel de création du mot de passe partira vers %s dès qu'un serveur Sésame tourne sur cette base.\n",
		na.Person.Civility.Short(), na.Person.FirstName, na.Person.Surname, na.Person.Identifier, na.Person.Email)
	return nil
}

// openAt opens the platform for a command about one establishment, given
// by its number or its SIRET (--establishment).
func (e *environment) openAt(ctx context.Context, o *options, estRef string) (*platform, int64, error) {
	p, err := e.open(ctx, o, false)
	if err != nil {
		return nil, 0, err
	}
	estID, err := p.establishmentID(ctx, estRef)
	if err != nil {
		p.close(context.Background())
		return nil, 0, err
	}
	return p, estID, nil
}

// establishmentID accepts an establishment's number or its SIRET.
func (p *platform) establishmentID(ctx context.Context, ref string) (int64, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return 0, fmt.Errorf("--establishment : indiquez le numéro ou le SIRET de l'établissement")
	}
	if sesame.ValidSIRET(ref) {
		est, err := p.store.Read().EstablishmentBySIRET(ctx, sesame.NormalizeSIRET(ref))
		if err != nil {
			return 0, fmt.Errorf("--establishment : %s", sesame.ErrorMessage(err))
		}
		return est.ID, nil
	}
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("--establishment : %q n'est ni un numéro ni un SIRET valide", ref)
	}
	return id, nil
}

// explain turns a refused command into one line per wrong option, in French.
func (e *environment) explain(err error, flags map[string]string) error {
	fields := sesame.FieldErrors(err)
	if len(fields) == 0 {
		return fmt.Errorf("%s", sesame.ErrorMessage(err))
	}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("commande refusée, rien n'a été enregistré :")
	for _, k := range names {
		flagName := flags[k]
		if flagName == "" {
			flagName = k
		}
		fmt.Fprintf(&b, "\n  %s : %s", flagName, fields[k])
	}
	return fmt.Errorf("%s", b.String())
}

func (e *environment) migrate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := e.open(ctx, &o, false)
	if err != nil {
		return err
	}
	p.close(context.Background())
	fmt.Fprintln(e.stdout, "Schéma à jour.")
	return nil
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/sesame-platform/sesame/internal/service"
)

// repair gives an establishment left without an active administrator one
// back (F-80): from one of its accounts (--account-id), or a new one (the
// options of "admin create"). It refuses an establishment that has an
// active administrator.
func (e *environment) repair(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("repair", flag.ContinueOnError)
	var o options
	e.bind(fs, &o, false)
	var estRef string
	var accountID int64
	var in service.PersonInput
	fs.StringVar(&estRef, "establishment", "", "numéro ou SIRET de l'établissement")
	fs.Int64Var(&accountID, "account-id", 0, "réactiver ce compte de l'établissement (renouvelé, débloqué, administrateur)")
	personFlags(fs, &in)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if accountID != 0 && in != (service.PersonInput{}) {
		return errors.New("choisissez : réactiver un compte (--account-id) ou créer un administrateur (--civility, --surname…), pas les deux")
	}
	in.EmailConfirm = in.Email
	p, estID, err := e.openAt(ctx, &o, estRef)
	if err != nil {
		return err
	}
	defer p.close(context.Background())
	var res *service.RepairResult
	if accountID != 0 {
		res, err = p.svc.RepairByReactivation(ctx, e.operatorActor(), estID, accountID)
	} else {
		res, err = p.svc.RepairWithNewAdministrator(ctx, e.operatorActor(), estID, in)
	}
	if err != nil {
		return e.explain(err, personFlagNames)
	}
	fmt.Fprintf(e.stdout, "Établissement réparé : %s %s %s (identifiant %s) en est administrateur.\n",
		res.Person.Civility.Short(), res.Person.FirstName, res.Person.Surname, res.Person.Identifier)
	for _, a := range res.Actions {
		fmt.Fprintf(e.stdout, "  - %s\n", a)
	}
	return nil
}

// personFlags declares the options that describe a new administrator, as
// "admin create" takes them.
func personFlags(fs *flag.FlagSet, in *service.PersonInput) {
	fs.StringVar(&in.Civility, "civility", "", "civilité : M ou Mme")
	fs.StringVar(&in.Surname, "surname", "", "nom")
	fs.StringVar(&in.FirstName, "first-name", "", "prénom")
	fs.StringVar(&in.Email, "email", "", "adresse électronique")
	fs.StringVar(&in.Phone, "phone", "", "téléphone fixe (facultatif)")
	fs.StringVar(&in.Department, "department", "", "service ou fonction (facultatif)")
}

// personFlagNames maps the service's field names to personFlags' options,
// for refusals.
var personFlagNames = map[string]string{"civility": "--civility", "surname": "--surname", "first_name": "--first-name",
	"email": "--email", "phone": "--phone", "department": "--department"}

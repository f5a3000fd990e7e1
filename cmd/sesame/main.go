// Command sesame runs the Sésame platform and its operator commands.
//
//	sesame demo                     fill a store with demo data and serve it (dev mode)
//	sesame serve                    serve the platform
//	sesame migrate                  bring the database schema up to date
//	sesame establishment create …   register an establishment (operators)
//	sesame admin create …           create an establishment's first administrator (operators)
//	sesame repair …                 give an establishment without administrator one back (operators)
//	sesame letters list|download|sent  letters to the legal representatives (operators)
//	sesame catalogue list|…         manage the service catalogue (operators)
//	sesame mail failed              list mail that failed for good (operators)
//	sesame backup --out FILE        copy a running SQLite store (operators)
//
// Every command takes --db (or SESAME_DB): a SQLite file path (default
// sesame.db) or a postgres:// URL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "sesame:", err)
		}
		os.Exit(1)
	}
}

const usage = `Utilisation : sesame <commande> [options]

Commandes :
  demo                     remplit une base de démonstration et la sert (mode développement)
  serve                    sert la plateforme
  migrate                  met à jour le schéma de la base
  establishment create     enregistre un établissement (opérateurs)
  admin create             crée le premier administrateur d'un établissement (opérateurs)
  repair                   redonne un administrateur à un établissement qui n'en a plus (opérateurs)
  letters list             liste les courriers au représentant légal à envoyer (--all : tous)
  letters download         écrit un courrier en PDF (--id, --out)
  letters sent             marque un courrier comme envoyé (--id)
  catalogue list           affiche le catalogue des services
  catalogue add-service    ajoute un service (rename-service, move-service, remove-service)
  mail failed              liste les courriels en échec définitif
  backup                   copie une base SQLite en fonctionnement (--out)
  cgu publish              publie une version des conditions générales d'utilisation (--title, --file, --deadline)
  generate                 remplit une base de N comptes réalistes pour les mesures (--accounts, --establishments)

Chaque commande accepte --db (ou SESAME_DB) : un fichier SQLite (sesame.db par défaut)
ou une adresse postgres://. « sesame <commande> -h » détaille ses options.
`

// run is the whole program, with its environment passed in so tests can
// drive it in-process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("commande manquante")
	}
	env := &environment{getenv: getenv, stdout: stdout, stderr: stderr}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return env.serve(ctx, rest)
	case "demo":
		return env.demo(ctx, rest)
	case "migrate":
		return env.migrate(ctx, rest)
	case "establishment":
		return env.sub(ctx, cmd, rest, map[string]command{"create": env.createEstablishment})
	case "admin":
		return env.sub(ctx, cmd, rest, map[string]command{"create": env.createAdmin})
	case "cgu":
		return env.sub(ctx, cmd, rest, map[string]command{"publish": env.publishCGU})
	case "generate":
		return env.generate(ctx, rest)
	case "repair":
		return env.repair(ctx, rest)
	case "letters":
		return env.sub(ctx, cmd, rest, env.letterCommands())
	case "catalogue":
		return env.sub(ctx, cmd, rest, env.catalogueCommands())
	case "mail":
		return env.sub(ctx, cmd, rest, env.mailCommands())
	case "backup":
		return env.backup(ctx, rest)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("commande inconnue : %q", cmd)
	}
}

type command func(ctx context.Context, args []string) error

type environment struct {
	getenv         func(string) string
	stdout, stderr io.Writer
}

func (e *environment) sub(ctx context.Context, name string, args []string, cmds map[string]command) error {
	if len(args) == 0 || cmds[args[0]] == nil {
		fmt.Fprint(e.stderr, usage)
		return fmt.Errorf("sous-commande de %s manquante ou inconnue", name)
	}
	return cmds[args[0]](ctx, args[1:])
}

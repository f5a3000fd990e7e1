package main

import (
	"flag"
	"log/slog"
	"strconv"
	"time"

	"github.com/sesame-platform/sesame/internal/mail"
	"github.com/sesame-platform/sesame/internal/service"
	"github.com/sesame-platform/sesame/internal/sesame"
)

// options are the settings shared by the commands; each has a flag and an
// environment variable (the flag wins).
type options struct {
	db        string
	addr      string
	baseURL   string
	dev       bool
	logFormat string
	smtp      mail.SMTPConfig
	validity  int
	maxFailed int
}

// bind declares the shared flags on fs, with defaults from the environment.
func (e *environment) bind(fs *flag.FlagSet, o *options, serving bool) {
	fs.SetOutput(e.stderr)
	fs.StringVar(&o.db, "db", e.env("SESAME_DB", "sesame.db"), "fichier SQLite ou adresse postgres:// (SESAME_DB)")
	fs.StringVar(&o.baseURL, "base-url", e.env("SESAME_BASE_URL", ""), "adresse publique, pour les liens des courriels (SESAME_BASE_URL)")
	fs.IntVar(&o.validity, "validity-months", e.envInt("SESAME_VALIDITY_MONTHS", sesame.DefaultValidityMonths), "durée de validité d'un compte, en mois (SESAME_VALIDITY_MONTHS)")
	fs.IntVar(&o.maxFailed, "max-failed-logins", e.envInt("SESAME_MAX_FAILED_LOGINS", sesame.MaxFailedLogins), "échecs de connexion avant blocage (SESAME_MAX_FAILED_LOGINS)")
	fs.StringVar(&o.logFormat, "log-format", e.env("SESAME_LOG_FORMAT", ""), "json ou text (SESAME_LOG_FORMAT ; json hors mode développement)")
	if !serving {
		return
	}
	fs.StringVar(&o.addr, "addr", e.env("SESAME_ADDR", "127.0.0.1:8080"), "adresse d'écoute (SESAME_ADDR)")
	fs.BoolVar(&o.dev, "dev", e.env("SESAME_DEV", "") == "true", "mode développement : cookies sans Secure, courriels visibles sur /dev/courriels sans SMTP (SESAME_DEV)")
	fs.StringVar(&o.smtp.Host, "smtp-host", e.env("SESAME_SMTP_HOST", ""), "serveur SMTP (SESAME_SMTP_HOST)")
	fs.IntVar(&o.smtp.Port, "smtp-port", e.envInt("SESAME_SMTP_PORT", 587), "port SMTP (SESAME_SMTP_PORT)")
	fs.StringVar(&o.smtp.Username, "smtp-user", e.env("SESAME_SMTP_USER", ""), "utilisateur SMTP (SESAME_SMTP_USER)")
	fs.StringVar(&o.smtp.Password, "smtp-password", e.env("SESAME_SMTP_PASSWORD", ""), "mot de passe SMTP (SESAME_SMTP_PASSWORD)")
	fs.StringVar(&o.smtp.TLS, "smtp-tls", e.env("SESAME_SMTP_TLS", "starttls"), "none, starttls ou tls (SESAME_SMTP_TLS)")
	fs.StringVar(&o.smtp.From, "smtp-from", e.env("SESAME_SMTP_FROM", "ne-pas-repondre@sesame.example"), "expéditeur des courriels (SESAME_SMTP_FROM)")
	o.smtp.FromName = sesame.PlatformName
}

func (e *environment) env(name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

func (e *environment) envInt(name string, def int) int {
	if n, err := strconv.Atoi(e.getenv(name)); err == nil {
		return n
	}
	return def
}

func (o *options) serviceConfig() service.Config {
	cfg := service.DefaultConfig()
	if o.baseURL != "" {
		cfg.BaseURL = o.baseURL
	} else if o.addr != "" {
		cfg.BaseURL = "http://" + o.addr
	}
	cfg.ValidityMonths = o.validity
	cfg.MaxFailedLogins = o.maxFailed
	return cfg
}

func (e *environment) logger(o *options) *slog.Logger {
	if o.logFormat == "json" || (o.logFormat == "" && !o.dev) {
		return slog.New(slog.NewJSONHandler(e.stderr, nil))
	}
	return slog.New(slog.NewTextHandler(e.stderr, nil))
}

// shutdownGrace is how long a stopping server lets requests and mail
// deliveries finish.
const shutdownGrace = 20 * time.Second

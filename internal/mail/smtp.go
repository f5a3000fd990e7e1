package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes accepted by SMTPConfig.TLS.
const (
	// TLSNone talks plain SMTP: for a local relay or a development catcher.
	TLSNone = "none"
	// TLSStartTLS upgrades the connection with STARTTLS and refuses to
	// continue when the server does not offer it, so that a man in the
	// middle cannot silently downgrade the connection.
	TLSStartTLS = "starttls"
	// TLSImplicit opens a TLS connection from the first byte ("SMTPS").
	TLSImplicit = "tls"
)

// smtpTimeout bounds each SMTP command when the caller's context has no
// earlier deadline, so that a server that stops answering cannot hold an
// outbox worker forever.
const smtpTimeout = 30 * time.Second

// SMTPConfig is the configuration of an SMTPSender.
type SMTPConfig struct {
	// Host is the SMTP server's host name or IP address.
	Host string
	// Port is the SMTP server's port; 0 means the usual port of the TLS
	// mode: 25 for "none", 587 for "starttls", 465 for "tls".
	Port int
	// Username and Password authenticate to the server; no authentication
	// is attempted when Username is empty.
	Username, Password string
	// From is the bare sender address, e.g. "ne-pas-repondre@sesame.example".
	From string
	// FromName is the sender's display name, e.g. "Sésame".
	FromName string
	// TLS is "none", "starttls" or "tls"; empty means "starttls", the safe
	// choice for a server on another machine.
	TLS string
}

// SMTPSender sends messages through an SMTP server with
// github.com/wneessen/go-mail. It opens one connection per Send: e-mails are
// rare enough (account events) that pooling would only add failure modes
// such as connections silently dropped by the server.
type SMTPSender struct {
	cfg  SMTPConfig
	from *netmail.Address
	// msgIDDomain is the right-hand side of Message-ID headers: the sender's
	// domain, which is what receiving servers expect to see there.
	msgIDDomain string
}

var _ Sender = (*SMTPSender)(nil)

// NewSMTPSender checks cfg and returns a sender; it does not connect, so
// that the application can start while the SMTP server is down (the outbox
// retries later).
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	cfg.Host = strings.TrimSpace(cfg.Host)
	if cfg.Host == "" {
		return nil, errors.New("mail: SMTP host is required")
	}
	cfg.TLS = strings.ToLower(strings.TrimSpace(cfg.TLS))
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	if cfg.Port == 0 {
		switch cfg.TLS {
		case TLSNone:
			cfg.Port = 25
		case TLSStartTLS:
			cfg.Port = 587
		case TLSImplicit:
			cfg.Port = 465
		}
	}
	switch cfg.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return nil, fmt.Errorf("mail: unknown SMTP TLS mode %q (want %q, %q or %q)", cfg.TLS, TLSNone, TLSStartTLS, TLSImplicit)
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return nil, fmt.Errorf("mail: invalid SMTP port %d", cfg.Port)
	}
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil || from.Name != "" {
		return nil, fmt.Errorf("mail: SMTP from %q must be a bare e-mail address (put the name in FromName)", cfg.From)
	}
	from.Name = cfg.FromName
	domain := from.Address[strings.LastIndex(from.Address, "@")+1:]
	return &SMTPSender{cfg: cfg, from: from, msgIDDomain: domain}, nil
}

// Send delivers m. It returns once the server has accepted the message, or
// with an error; a cancelled ctx aborts the SMTP conversation at once, even
// in the middle of a command.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail: send to %s: %w", m.To, err)
	}
	msg, err := s.compose(m)
	if err != nil {
		return err
	}

	// go-mail only uses ctx to dial; afterwards it relies on its own
	// per-command timeout. To honour cancellation during the conversation
	// we keep hold of the connection and close it when ctx is done, which
	// makes the pending read or write fail immediately.
	var (
		mu       sync.Mutex
		conn     net.Conn
		canceled bool
	)
	dial := func(dctx context.Context, network, addr string) (net.Conn, error) {
		c, err := s.dial(dctx, network, addr)
		if err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		if canceled {
			_ = c.Close()
			return nil, ctx.Err()
		}
		conn = c
		return c, nil
	}
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		canceled = true
		if conn != nil {
			_ = conn.Close()
		}
	})
	defer stop()

	client, err := gomail.NewClient(s.cfg.Host, s.clientOptions(dial)...)
	if err != nil {
		return fmt.Errorf("mail: SMTP client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			// The connection error caused by our own Close says little;
			// the context error says why.
			err = errors.Join(ctxErr, err)
		}
		return fmt.Errorf("mail: send %q to %s via %s:%d: %w", m.Subject, m.To, s.cfg.Host, s.cfg.Port, err)
	}
	return nil
}

// compose builds the MIME message: multipart/alternative with the text part
// first (clients show the last part they understand, so HTML wins where
// supported), UTF-8 quoted-printable, with Date and Message-ID set here
// because some relays reject or penalise messages without them.
func (s *SMTPSender) compose(m Message) (*gomail.Msg, error) {
	to, err := netmail.ParseAddress(m.To)
	if err != nil || to.Name != "" {
		return nil, fmt.Errorf("mail: invalid recipient address %q", m.To)
	}
	to.Name = m.ToName
	if m.Text == "" && m.HTML == "" {
		return nil, fmt.Errorf("mail: message %q to %s has no body", m.Subject, m.To)
	}

	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	// net/mail.Address values rather than "name <addr>" strings: names
	// with quotes or accents are then encoded, never re-parsed.
	msg.FromMailAddress(s.from)
	msg.AddToMailAddress(to)
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(s.messageID())
	switch {
	case m.Text != "" && m.HTML != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	case m.Text != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	default:
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// clientOptions translates the configuration into go-mail options.
func (s *SMTPSender) clientOptions(dial gomail.DialContextFunc) []gomail.Option {
	opts := []gomail.Option{
		gomail.WithPort(s.cfg.Port),
		gomail.WithTimeout(smtpTimeout),
		gomail.WithDialContextFunc(dial),
	}
	switch s.cfg.TLS {
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory), gomail.WithTLSConfig(s.tlsConfig()))
	default:
		// "none" has no TLS; "tls" is already encrypted by our dialer,
		// and STARTTLS inside TLS makes no sense.
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.cfg.Username != "" {
		// Prefer mechanisms that never reveal the password, then the
		// common PLAIN and LOGIN. go-mail refuses PLAIN and LOGIN over an
		// unencrypted connection to anything but localhost, which is the
		// safety we want for TLS "none".
		opts = append(opts,
			gomail.WithUsername(s.cfg.Username),
			gomail.WithPassword(s.cfg.Password),
			gomail.WithOpportunisticSMTPAuth(
				gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1, gomail.SMTPAuthCramMD5,
				gomail.SMTPAuthPlain, gomail.SMTPAuthLogin,
			),
		)
	}
	return opts
}

// dial opens the TCP connection, wrapped in TLS for the implicit TLS mode.
// We dial ourselves (rather than go-mail's WithSSL) so that Send can close
// the connection when its context ends; the *tls.Conn it returns is what
// tells go-mail the connection is encrypted.
func (s *SMTPSender) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{}
	if s.cfg.TLS == TLSImplicit {
		td := &tls.Dialer{NetDialer: d, Config: s.tlsConfig()}
		return td.DialContext(ctx, network, addr)
	}
	return d.DialContext(ctx, network, addr)
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.cfg.Host, MinVersion: tls.VersionTLS12}
}

// messageID returns a unique Message-ID in the sender's domain, so that
// replies and bounces can be related to the e-mail.
func (s *SMTPSender) messageID() string {
	return strings.ToLower(rand.Text()) + "@" + s.msgIDDomain
}

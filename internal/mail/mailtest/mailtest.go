// Package mailtest runs a real SMTP server in-process for tests, so that
// tests exercise the actual SMTP conversation and MIME encoding of the
// platform's e-mails rather than a fake Sender.
//
// The server listens on 127.0.0.1 on a free port, without TLS, accepts any
// sender, recipient and PLAIN credentials, and decodes each message it
// receives (headers, multipart parts, transfer encodings, RFC 2047 subject)
// with the standard library only, so that a bug in the sending library's
// encoding shows up as a test failure rather than being decoded away by the
// same library.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one message as the server received and decoded it.
type Received struct {
	// From is the envelope sender (MAIL FROM).
	From string
	// To holds the envelope recipients (RCPT TO), which is where the
	// message was actually delivered, whatever its To header says.
	To []string
	// Subject is the decoded Subject header.
	Subject string
	// Text is the decoded text/plain part, line endings normalised to "\n".
	Text string
	// HTML is the decoded text/html part, line endings normalised to "\n".
	HTML string
	// Raw is the message exactly as transmitted after DATA.
	Raw []byte
	// Links holds every http(s) URL found in Text, in order of appearance.
	Links []string
	// Header holds the message's top-level headers (still encoded; use
	// mime.WordDecoder for non-ASCII values), e.g. to check Date or
	// Message-Id.
	Header mail.Header
	// AuthUser is the user name the client authenticated as, "" when it did
	// not authenticate.
	AuthUser string
}

// Server is an in-process SMTP server started by Start.
type Server struct {
	addr *net.TCPAddr

	mu   sync.Mutex
	msgs []Received
	down bool
}

// Start starts a server on 127.0.0.1 on a free port and stops it when the
// test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{addr: ln.Addr().(*net.TCPAddr)}

	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	// Tests authenticate over plain TCP; there is no TLS to require.
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 10 << 20
	srv.MaxRecipients = 100
	// Connection errors (a client hanging up, a test cancelling a send)
	// are expected; logging them would only clutter test output.
	srv.ErrorLog = log.New(io.Discard, "", 0)

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		// Close only closes the listeners Serve has registered; if the
		// test ends before the goroutine above got that far, closing the
		// listener ourselves is what makes Serve return.
		_ = ln.Close()
		<-done
	})
	return s
}

// Host returns the host to connect to, "127.0.0.1".
func (s *Server) Host() string { return s.addr.IP.String() }

// Port returns the port the server listens on.
func (s *Server) Port() int { return s.addr.Port }

// Addr returns "host:port".
func (s *Server) Addr() string { return s.addr.String() }

// SetDown simulates an unavailable mail server: while down, every MAIL FROM
// is refused with "421 4.3.2" (a temporary error), so that senders fail
// and the outbox's retries can be tested. The server still accepts
// connections, as a real overloaded server would.
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// Messages returns every message received so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.msgs)
}

// messagesTo returns the messages with to among their envelope recipients.
func (s *Server) messagesTo(to string) []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Received
	for _, m := range s.msgs {
		if slices.ContainsFunc(m.To, func(r string) bool { return sameAddress(r, to) }) {
			out = append(out, m)
		}
	}
	return out
}

// WaitFor waits until at least n messages to the address to have arrived,
// polling every 10ms, and returns all the messages to that address, oldest
// first. On timeout it fails the test, saying what did arrive. Like
// t.Fatal, it must be called from the test's goroutine.
func (s *Server) WaitFor(t testing.TB, to string, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := s.messagesTo(to)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailtest: waited %v for %d message(s) to %s, got %d; all messages received: %s",
				timeout, n, to, len(got), s.summary())
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// summary describes the received messages for failure messages.
func (s *Server) summary() string {
	msgs := s.Messages()
	if len(msgs) == 0 {
		return "none"
	}
	parts := make([]string, len(msgs))
	for i, m := range msgs {
		parts[i] = fmt.Sprintf("%v %q", m.To, m.Subject)
	}
	return strings.Join(parts, ", ")
}

func (s *Server) isDown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.down
}

func (s *Server) store(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
}

// sameAddress compares addresses case-insensitively: the domain part is
// case-insensitive, and in practice so are mailboxes.
func sameAddress(a, b string) bool {
	trim := func(s string) string { return strings.Trim(strings.TrimSpace(s), "<>") }
	return strings.EqualFold(trim(a), trim(b))
}

// backend creates one session per SMTP connection.
type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s}, nil
}

// session holds one connection's envelope.
type session struct {
	s    *Server
	from string
	to   []string
	user string
}

var _ smtp.AuthSession = (*session)(nil)

// errDown is what a real server answers when it cannot take mail now.
var errDown = &smtp.SMTPError{
	Code:         421,
	EnhancedCode: smtp.EnhancedCode{4, 3, 2},
	Message:      "mailtest: service temporarily unavailable",
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

// Auth accepts any PLAIN credentials: tests check that a sender
// authenticates, not the password policy of a mail server.
func (ss *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, _ string) error {
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.isDown() {
		return errDown
	}
	ss.from = from
	ss.to = nil
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	rec, err := Parse(raw)
	if err != nil {
		// A message we cannot decode is a bug in the sender: refuse it
		// permanently so the sending test fails with the reason.
		return &smtp.SMTPError{
			Code:         554,
			EnhancedCode: smtp.EnhancedCode{5, 6, 0},
			Message:      "mailtest: cannot parse message: " + err.Error(),
		}
	}
	rec.From = ss.from
	rec.To = slices.Clone(ss.to)
	rec.AuthUser = ss.user
	ss.s.store(rec)
	return nil
}

func (ss *session) Reset() {
	ss.from = ""
	ss.to = nil
}

func (ss *session) Logout() error { return nil }

// Parse decodes a raw RFC 5322 message into a Received (without the
// envelope fields From, To and AuthUser). It is exported for tests that
// obtain raw messages elsewhere, e.g. from a file.
func Parse(raw []byte) (Received, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Received{}, fmt.Errorf("read message: %w", err)
	}
	dec := mime.WordDecoder{}
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Received{}, fmt.Errorf("decode subject %q: %w", msg.Header.Get("Subject"), err)
	}
	r := Received{Subject: subject, Raw: raw, Header: msg.Header}
	if err := walk(textproto.MIMEHeader(msg.Header), msg.Body, &r); err != nil {
		return Received{}, err
	}
	r.Links = links(r.Text)
	return r, nil
}

// walk descends into multipart bodies and keeps the first text/plain and
// the first text/html part that are not attachments.
func walk(h textproto.MIMEHeader, body io.Reader, r *Received) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii" // the RFC 2045 default
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ct, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		if params["boundary"] == "" {
			return fmt.Errorf("%s without boundary", mediaType)
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextRawPart, not NextPart: NextPart silently decodes
			// quoted-printable, and we want to check the encoding.
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", mediaType, err)
			}
			if err := walk(p.Header, p, r); err != nil {
				return err
			}
		}
	}
	if disp, _, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && disp == "attachment" {
		return nil
	}
	if mediaType != "text/plain" && mediaType != "text/html" {
		return nil
	}
	data, err := decodeTransfer(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return fmt.Errorf("%s part: %w", mediaType, err)
	}
	text, err := decodeCharset(params["charset"], data)
	if err != nil {
		return fmt.Errorf("%s part: %w", mediaType, err)
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	switch {
	case mediaType == "text/plain" && r.Text == "":
		r.Text = text
	case mediaType == "text/html" && r.HTML == "":
		r.HTML = text
	}
	return nil
}

// decodeTransfer undoes the Content-Transfer-Encoding.
func decodeTransfer(cte string, body io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("quoted-printable: %w", err)
		}
		return b, nil
	case "base64":
		// The base64 decoder skips the CR and LF of wrapped lines.
		b, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, body))
		if err != nil {
			return nil, fmt.Errorf("base64: %w", err)
		}
		return b, nil
	case "", "7bit", "8bit", "binary":
		return io.ReadAll(body)
	default:
		return nil, fmt.Errorf("unknown transfer encoding %q", cte)
	}
}

// decodeCharset converts the part to UTF-8. Only the charsets a sender of
// ours could plausibly use are supported; anything else is reported, since
// silently keeping mis-decoded bytes would hide encoding bugs.
func decodeCharset(charset string, b []byte) (string, error) {
	switch strings.ToLower(strings.TrimSpace(charset)) {
	case "", "utf-8", "utf8", "us-ascii":
		if !utf8.Valid(b) {
			return "", fmt.Errorf("body is not valid %s", charsetName(charset))
		}
		return string(b), nil
	case "iso-8859-1", "latin1":
		runes := make([]rune, len(b))
		for i, c := range b {
			runes[i] = rune(c)
		}
		return string(runes), nil
	default:
		return "", fmt.Errorf("unsupported charset %q", charset)
	}
}

func charsetName(c string) string {
	if c == "" {
		return "us-ascii"
	}
	return c
}

// linkRE matches http(s) URLs up to whitespace or a delimiter that cannot
// end a URL in running text.
var linkRE = regexp.MustCompile(`https?://[^\s<>"'()\[\]{}]+`)

// links returns the URLs in text, without trailing punctuation that belongs
// to the sentence ("… ce lien : https://x/y.").
func links(text string) []string {
	var out []string
	for _, l := range linkRE.FindAllString(text, -1) {
		out = append(out, strings.TrimRight(l, ".,;:!?»"))
	}
	return out
}

// CountBySubject counts, per recipient, the messages received with that
// subject: "each mail exactly once" is then a map comparison.
func (s *Server) CountBySubject(subject string) map[string]int {
	out := map[string]int{}
	for _, m := range s.Messages() {
		if m.Subject == subject {
			for _, to := range m.To {
				out[to]++
			}
		}
	}
	return out
}

// Package browsertest drives a headless Chromium from Go tests, with
// chromedp, to check pages the way a user sees them: forms, htmx swaps,
// live regions and accessibility (axe-core).
//
// A test starts one browser with [New] and then calls the helpers, which fail
// the test with the current URL and a trimmed page text when something goes
// wrong:
//
//	ctx := browsertest.New(t) // skips when there is no Chromium, fails under CI=true
//	browsertest.Navigate(t, ctx, srv.URL+"/connexion")
//	browsertest.Fill(t, ctx, "#email", "ada@example.org")
//	browsertest.Click(t, ctx, "button[type=submit]")
//	browsertest.WaitText(t, ctx, "h1", "Tableau de bord")
//	browsertest.Axe(t, ctx)
//
// Click and Submit do not wait for a navigation that they may cause. After
// them, wait for something that only the next state of the page has, with
// [WaitText], [WaitVisible] or [WaitLocation]; all of them retry until the
// element or text appears, also across a page load.
//
// The browser is found at $CHROMIUM_PATH, /usr/bin/chromium, or as chromium,
// chromium-browser, google-chrome or google-chrome-stable in PATH. Each test
// gets its own browser process and a fresh profile directory, and has at most
// [TestTimeout] for all of its browser work.
package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeouts of the harness.
const (
	// TestTimeout bounds all the browser work of one test, from New to the
	// end of the test. When it ends, the browser is killed.
	TestTimeout = 60 * time.Second

	// ActionTimeout bounds one helper call (Fill, Click, WaitVisible, Text, …),
	// so that a wrong selector fails fast with a useful message, and does not
	// eat the whole TestTimeout.
	ActionTimeout = 10 * time.Second

	// NavigateTimeout bounds Navigate, which waits for the load event.
	NavigateTimeout = 20 * time.Second
)

// New starts a headless Chromium for one test and returns a browser context
// (a chromedp context with an open tab). The browser is closed, and its
// profile directory removed, in t.Cleanup.
//
// Without Chromium it calls t.Skip with a clear message, unless CI=true in the
// environment, where it fails, so that a green CI means the browser tests ran.
//
// Console errors and uncaught JavaScript exceptions of the page are forwarded
// to t.Logf.
func New(t *testing.T) context.Context {
	t.Helper()

	path, err := FindChromium()
	if err != nil {
		if inCI() {
			t.Fatalf("browsertest: %v\nCI=true, so browser tests must run: install it (apt-get install chromium) or set CHROMIUM_PATH", err)
		}
		t.Skipf("browsertest: skipping browser test: %v (install chromium, e.g. `apt-get install chromium`, or set CHROMIUM_PATH)", err)
	}

	lg := &logger{t: t}
	output := &tailBuffer{max: 8 << 10}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		// DefaultExecAllocatorOptions already has headless, no-first-run,
		// disable-background-networking, disable-sync, disable-dev-shm-usage…
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // root in containers / CI; the pages are ours
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
		// UI language, navigator.language and Accept-Language: French.
		chromedp.Flag("lang", "fr-FR"),
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.Env("LANGUAGE=fr_FR:fr"),
		chromedp.CombinedOutput(output),
		// No UserDataDir option: the allocator then makes a fresh temporary
		// --user-data-dir for this browser and removes it when it exits.
	)

	root, cancelRoot := context.WithTimeout(context.Background(), TestTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(root, opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithErrorf(lg.prefixed("chromedp error: ")))

	// Start the browser and open the tab now, so that a broken install fails
	// here with its output, and not in the first helper.
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		cancelRoot()
		out := strings.TrimSpace(output.String())
		if out != "" {
			out = "\nbrowser output:\n" + out
		}
		t.Fatalf("browsertest: starting %s: %v%s", path, err, out)
	}

	// Forward console errors and uncaught exceptions. Console subscribes
	// before it returns, so nothing that a later Navigate causes is lost.
	messages := chromedp.Console(ctx)
	consoleDone := make(chan struct{})
	go func() {
		defer close(consoleDone)
		for m, err := range messages {
			if err != nil {
				return // the context ended
			}
			if m.Type != chromedp.ConsoleError && !m.IsException() {
				continue
			}
			if m.Source == "network" && strings.HasSuffix(m.URL, "/favicon.ico") {
				continue // the automatic favicon request of the browser
			}
			where := ""
			if m.URL != "" {
				where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
			}
			lg.logf("browser console %s: %s%s", m.Type, m.Text, where)
		}
	}()

	t.Cleanup(func() {
		cancelCtx() // closes the tab and the browser
		<-consoleDone
		cancelAlloc() // waits for the process to exit and the profile to be removed
		cancelRoot()
		lg.stop()
	})
	return ctx
}

// FindChromium returns the path of the browser that New starts: $CHROMIUM_PATH
// when set, else /usr/bin/chromium, else chromium, chromium-browser,
// google-chrome or google-chrome-stable in PATH.
func FindChromium() (string, error) {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		found, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("CHROMIUM_PATH=%s is not an executable: %w", p, err)
		}
		return found, nil
	}
	candidates := []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
	for _, c := range candidates {
		if found, err := exec.LookPath(c); err == nil {
			return found, nil
		}
	}
	return "", errors.New("no Chromium found (looked for $CHROMIUM_PATH, " + strings.Join(candidates, ", ") + ")")
}

// inCI reports whether CI=true (or 1, …) is in the environment.
func inCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// logger forwards to t.Logf from other goroutines until the test cleanup
// stops it: calling t.Logf after a test has completed panics.
type logger struct {
	mu      sync.Mutex
	t       *testing.T
	stopped bool
}

func (l *logger) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Logf(format, args...)
	}
}

func (l *logger) prefixed(prefix string) func(string, ...any) {
	return func(format string, args ...any) { l.logf(prefix+format, args...) }
}

func (l *logger) stop() {
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
}

// tailBuffer keeps the last max bytes written to it: the browser output, for
// the message when the browser does not start.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if extra := b.buf.Len() - b.max; extra > 0 {
		b.buf.Next(extra)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

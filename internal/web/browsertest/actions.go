package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
)

// pageTextLimit is how much of the page text a failure message shows.
const pageTextLimit = 1500

// Navigate loads url and waits for its load event. An HTTP status of 400 or
// more is logged, not failed, so that a test can check an error page.
func Navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	resp := run(t, ctx, NavigateTimeout, "navigate to "+url, chromedp.NavigateResponse(url))
	if resp != nil && resp.Status >= 400 {
		t.Logf("browsertest: %s answered HTTP %d %s", url, resp.Status, resp.StatusText)
	}
}

// Fill clears the form field that selector matches and types value in it with
// real key events, so that keydown/input/keyup listeners (htmx triggers, live
// validation) fire. A <select> gets the option whose value or label is value;
// date, time, color and range inputs get value directly. Both then receive
// input and change events. A "\n" in value is sent as the Enter key.
func Fill(t *testing.T, ctx context.Context, selector, value string) {
	t.Helper()
	what := fmt.Sprintf("fill %s with %q", selector, value)
	run(t, ctx, ActionTimeout, what, chromedp.WaitVisible(chromedp.CSS(selector)))

	prep := run(t, ctx, ActionTimeout, what, chromedp.Evaluate[fillPrep](jsCall(fillJS, selector, value)))
	if prep.Error != "" {
		fail(t, ctx, "%s: %s", what, prep.Error)
	}
	if prep.Mode == "type" && value != "" {
		run(t, ctx, ActionTimeout, what, chromedp.SendKeys(chromedp.CSS(selector), value))
	}
	if strings.ContainsAny(value, "\r\n") {
		return // Enter may have submitted the form: nothing to check.
	}
	got, err := try(ctx, ActionTimeout, chromedp.Evaluate[string](jsCall(`(sel) => { const el = document.querySelector(sel); return el ? String(el.value) : ''; }`, selector)))
	if err != nil {
		fail(t, ctx, "%s: reading the value back: %v", what, describeErr(ctx, err))
	}
	if prep.Mode == "type" && got != value {
		fail(t, ctx, "%s: the field holds %q after typing (maxlength, a lost focus, or a listener that rewrites the value?)", what, got)
	}
}

type fillPrep struct {
	Mode  string `json:"mode"` // "type" or "set"
	Error string `json:"error"`
}

// fillJS checks the field, and clears it (announcing the change with an input
// event) or, for fields that cannot be typed into, sets the value.
const fillJS = `(sel, value) => {
	const el = document.querySelector(sel);
	if (!el) return {error: 'no element matches the selector'};
	const fire = (type) => el.dispatchEvent(new Event(type, {bubbles: true}));
	const tag = el.tagName.toLowerCase();
	if (el.disabled || el.readOnly) return {error: 'the <' + tag + '> is disabled or read-only'};
	if (tag === 'select') {
		const opts = Array.from(el.options);
		const opt = opts.find(o => o.value === value) || opts.find(o => o.text.trim() === value);
		if (!opt) return {error: 'no <option> has the value or label ' + JSON.stringify(value) +
			'; options: ' + opts.map(o => JSON.stringify(o.value)).join(', ')};
		el.focus();
		el.value = opt.value;
		fire('input'); fire('change');
		return {mode: 'set'};
	}
	if (tag !== 'input' && tag !== 'textarea') return {error: 'the element is a <' + tag + '>, not an input, textarea or select'};
	if (tag === 'input') {
		const type = el.type;
		if (['checkbox', 'radio'].includes(type)) return {error: 'cannot Fill an input of type ' + type + '; use Click'};
		if (['submit', 'button', 'reset', 'image', 'file', 'hidden'].includes(type)) return {error: 'cannot Fill an input of type ' + type};
		if (['date', 'time', 'datetime-local', 'month', 'week', 'color', 'range'].includes(type)) {
			el.focus();
			el.value = value;
			if (el.value !== value) return {error: 'the ' + type + ' input does not accept ' + JSON.stringify(value)};
			fire('input'); fire('change');
			return {mode: 'set'};
		}
	}
	el.focus();
	if (el.value !== '') { el.value = ''; fire('input'); }
	return {mode: 'type'};
}`

// Click clicks, with the mouse, the centre of the first visible element that
// selector matches. It does not wait for a navigation that the click causes.
func Click(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	run(t, ctx, ActionTimeout, "click "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// Submit submits the form that formSelector matches (or the form of the field
// or button that it matches) with requestSubmit, as a click on its submit
// button does: constraint validation runs and submit listeners (htmx) fire.
// It does not wait for a navigation that the submission causes.
func Submit(t *testing.T, ctx context.Context, formSelector string) {
	t.Helper()
	what := "submit " + formSelector
	run(t, ctx, ActionTimeout, what, chromedp.WaitReady(chromedp.CSS(formSelector)))
	msg := run(t, ctx, ActionTimeout, what, chromedp.Evaluate[string](jsCall(`(sel) => {
		const el = document.querySelector(sel);
		if (!el) return 'no element matches the selector';
		const form = el.tagName === 'FORM' ? el : (el.form || el.closest('form'));
		if (!form) return 'the element is not a form and is not in one';
		form.requestSubmit();
		return '';
	}`, formSelector)))
	if msg != "" {
		fail(t, ctx, "%s: %s", what, msg)
	}
}

// WaitVisible waits until an element that selector matches is visible.
func WaitVisible(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	run(t, ctx, ActionTimeout, "wait for "+selector+" to be visible", chromedp.WaitVisible(chromedp.CSS(selector)))
}

// Text returns the innerText of the first element that selector matches,
// waiting for it to exist.
func Text(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	what := "text of " + selector
	run(t, ctx, ActionTimeout, what, chromedp.WaitReady(chromedp.CSS(selector)))
	return run(t, ctx, ActionTimeout, what, chromedp.Evaluate[string](jsCall(textJS, selector)))
}

// textJS returns the innerText of the element, or null when none matches.
const textJS = `(sel) => { const el = document.querySelector(sel); return el ? el.innerText : null; }`

// PageText returns document.body.innerText.
func PageText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return run(t, ctx, ActionTimeout, "read the page text", chromedp.Evaluate[string](pageTextJS))
}

const pageTextJS = `document.body ? document.body.innerText : ''`

// WaitText polls, for up to ActionTimeout (10s), until the innerText of the
// first element that selector matches contains substring. It keeps polling
// while the element is missing and across page loads.
func WaitText(t *testing.T, ctx context.Context, selector, substring string) {
	t.Helper()
	last, found := "", false
	err := poll(ctx, ActionTimeout, func(ctx context.Context) (bool, error) {
		text, err := chromedp.Run(ctx, chromedp.Evaluate[*string](jsCall(textJS, selector)))
		if err != nil {
			return false, nil // e.g. a navigation is in progress: try again
		}
		found = text != nil
		if found {
			last = *text
		}
		return found && strings.Contains(last, substring), nil
	})
	if err != nil {
		state := fmt.Sprintf("no element matched %s", selector)
		if found {
			state = "the element's text is empty"
			if t := strings.TrimSpace(last); t != "" {
				state = fmt.Sprintf("the element's text is %q", trim(t, 300))
			}
		}
		fail(t, ctx, "wait for %s to contain %q: %v; %s", selector, substring, describeErr(ctx, err), state)
	}
}

// WaitLocation polls, for up to ActionTimeout (10s), until the URL of the page
// contains substring; use it after a Click or Submit that navigates.
func WaitLocation(t *testing.T, ctx context.Context, substring string) {
	t.Helper()
	last := ""
	err := poll(ctx, ActionTimeout, func(ctx context.Context) (bool, error) {
		loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === 'complete' ? location.href : ''`))
		if err != nil || loc == "" {
			return false, nil
		}
		last = loc
		return strings.Contains(loc, substring), nil
	})
	if err != nil {
		fail(t, ctx, "wait for the URL to contain %q: %v; last URL %q", substring, describeErr(ctx, err), last)
	}
}

// Location returns the URL of the page.
func Location(t *testing.T, ctx context.Context) string {
	t.Helper()
	return run(t, ctx, ActionTimeout, "read the location", chromedp.Location())
}

// Screenshot writes a PNG of the whole page to path; a debugging aid.
func Screenshot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	png := run(t, ctx, ActionTimeout, "screenshot", chromedp.FullScreenshot(100))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browsertest: writing the screenshot: %v", err)
	}
	t.Logf("browsertest: screenshot of %s written to %s", currentURL(ctx), path)
}

// run runs the action with a timeout and fails the test on error.
func run[T any](t *testing.T, ctx context.Context, timeout time.Duration, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := try(ctx, timeout, a)
	if err != nil {
		fail(t, ctx, "%s: %v", what, describeErr(ctx, err))
	}
	return v
}

// try runs the action with a timeout. The timeout context derives from the
// browser context, which has run already, so it does not bound the browser.
func try[T any](ctx context.Context, timeout time.Duration, a chromedp.Action[T]) (T, error) {
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return chromedp.Run(actx, a)
}

// poll calls check every 100ms until it returns true or an error, or the
// timeout ends.
func poll(ctx context.Context, timeout time.Duration, check func(context.Context) (bool, error)) error {
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		cctx, ccancel := context.WithTimeout(pctx, 2*time.Second)
		ok, err := check(cctx)
		ccancel()
		if ok || err != nil {
			return err
		}
		select {
		case <-pctx.Done():
			return pctx.Err()
		case <-tick.C:
		}
	}
}

// describeErr makes a timeout readable.
func describeErr(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("the test ran out of its %v browser budget (browsertest.TestTimeout): %w", TestTimeout, err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("timed out after %v (element missing, hidden, or the page did not change?)", ActionTimeout)
	}
	return err
}

// fail stops the test with the message, the URL and the start of the page
// text.
func fail(t *testing.T, ctx context.Context, format string, args ...any) {
	t.Helper()
	t.Fatalf("browsertest: %s\n  url: %s\n  page text:\n%s", fmt.Sprintf(format, args...), currentURL(ctx), indent(currentText(ctx)))
}

func currentURL(ctx context.Context) string {
	loc, err := try(ctx, 3*time.Second, chromedp.Evaluate[string](`location.href`))
	if err != nil {
		return fmt.Sprintf("(unavailable: %v)", err)
	}
	return loc
}

func currentText(ctx context.Context) string {
	text, err := try(ctx, 3*time.Second, chromedp.Evaluate[string](pageTextJS))
	if err != nil {
		return fmt.Sprintf("(unavailable: %v)", err)
	}
	return trim(text, pageTextLimit)
}

// trim drops blank lines and surrounding spaces, and cuts s to about n bytes.
func trim(s string, n int) string {
	var lines []string
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	s = strings.Join(lines, "\n")
	if len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	if s == "" {
		return "(empty)"
	}
	return s
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// jsCall returns an expression that calls the JavaScript function fn with the
// arguments, encoded as JSON, so that selectors and values need no escaping.
func jsCall(fn string, args ...any) string {
	enc := make([]string, len(args))
	for i, a := range args {
		b, err := json.Marshal(a)
		if err != nil {
			panic(fmt.Sprintf("browsertest: encoding %#v: %v", a, err))
		}
		enc[i] = string(b)
	}
	return "(" + fn + ")(" + strings.Join(enc, ", ") + ")"
}

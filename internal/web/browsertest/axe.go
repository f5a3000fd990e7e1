package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored by scripts/vendor-assets.sh (version in
// internal/web/static/vendor/VERSIONS). Only the tests embed it.
//
//go:embed axe.min.js
var axeSource string

// AxeTags are the axe-core rule tags that Axe checks: WCAG 2.0 and 2.1, levels
// A and AA, and axe's best practices.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// Violation is one axe-core rule that the page breaks.
type Violation struct {
	ID      string   `json:"id"`      // rule id, e.g. "label"
	Impact  string   `json:"impact"`  // minor, moderate, serious or critical
	Help    string   `json:"help"`    // one-line description of the rule
	HelpURL string   `json:"helpUrl"` // Deque's page on the rule
	Targets []string `json:"targets"` // CSS selectors of the offending elements
}

// String formats the violation with its first three targets.
func (v Violation) String() string {
	targets := v.Targets
	more := ""
	if len(targets) > 3 {
		more = fmt.Sprintf(" and %d more", len(targets)-3)
		targets = targets[:3]
	}
	return fmt.Sprintf("[%s] %s: %s — %s%s (%s)", v.Impact, v.ID, v.Help, strings.Join(targets, ", "), more, v.HelpURL)
}

// Axe runs axe-core on the current page with AxeTags and fails the test with
// one line for each violation.
func Axe(t *testing.T, ctx context.Context) {
	t.Helper()
	violations, err := AxeViolations(ctx)
	if err != nil {
		fail(t, ctx, "axe: %v", describeErr(ctx, err))
	}
	if len(violations) == 0 {
		return
	}
	lines := make([]string, len(violations))
	for i, v := range violations {
		lines[i] = "  - " + v.String()
	}
	t.Fatalf("browsertest: axe found %d accessibility violation(s) on %s:\n%s", len(violations), currentURL(ctx), strings.Join(lines, "\n"))
}

// AxeViolations injects axe-core into the current page, when it is not there
// yet, runs it with AxeTags and returns the violations. It does not fail the
// test, so that a test can check the violations of a page on purpose.
func AxeViolations(ctx context.Context) ([]Violation, error) {
	actx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	loaded, err := chromedp.Run(actx, chromedp.Evaluate[bool](`typeof window.axe === 'object' && typeof window.axe.run === 'function'`))
	if err != nil {
		return nil, fmt.Errorf("checking for axe-core: %w", err)
	}
	if !loaded {
		if err := chromedp.Do(actx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return nil, fmt.Errorf("injecting axe-core: %w", err)
		}
	}
	violations, err := chromedp.Run(actx, chromedp.Evaluate[[]Violation](jsCall(axeRunJS, AxeTags), chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("running axe-core: %w", err)
	}
	return violations, nil
}

// axeRunJS runs axe on the document and keeps what Violation holds. A target
// is a list of selectors (one per iframe level), and a selector is a list when
// it goes through shadow roots.
const axeRunJS = `async (tags) => {
	const results = await axe.run(document, {runOnly: tags, resultTypes: ['violations']});
	const sel = (s) => Array.isArray(s) ? s.join(' >>> ') : String(s);
	return results.violations.map(v => ({
		id: v.id,
		impact: v.impact || '',
		help: v.help,
		helpUrl: v.helpUrl,
		targets: v.nodes.map(n => n.target.map(sel).join(' | ')),
	}));
}`
